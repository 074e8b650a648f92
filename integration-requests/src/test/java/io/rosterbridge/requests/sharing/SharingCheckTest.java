package io.rosterbridge.requests.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.rosterbridge.clever.CleverSchool;

class SharingCheckTest {

    private static final String HIGH = "aaaaaaaaaaaaaaaaaaaaaaa1";
    private static final String ELEM = "aaaaaaaaaaaaaaaaaaaaaaa2";
    private static final String OTHER = "aaaaaaaaaaaaaaaaaaaaaaa3";

    @Test
    void matchesRequestedSchoolsByIdOrNameAndCountsPerRole() {
        SharingReport report = SharingCheck.build("Maple Unified",
                List.of(new SharingCheck.RequestedSchool("Maple High", null), new SharingCheck.RequestedSchool("Elementary", ELEM)),
                Set.of("students", "teachers"),
                List.of(new CleverSchool(HIGH, "Maple High School"), new CleverSchool(ELEM, "Birch Elementary"), new CleverSchool(OTHER, "Oak Middle")),
                new SharingCheck.RoleCounts(Map.of(HIGH, 10, ELEM, 5), Map.of(HIGH, 2, ELEM, 1), Map.of(HIGH, 1), 15, 3, 1, 1),
                Instant.now());

        assertThat(report.schools()).extracting(SharingReport.SchoolShare::requestedAs)
                .containsExactly("Maple High", "Elementary", null);
        assertThat(report.schools().get(0).students()).isEqualTo(10);
        assertThat(report.requestedSchoolsNotShared()).isEmpty();
        assertThat(report.problems()).isEmpty();
        assertThat(report.complete()).isTrue();
    }

    @Test
    void flagsWhatTheChecklistAsksForAndIsMissing() {
        SharingReport report = SharingCheck.build("Maple Unified",
                List.of(new SharingCheck.RequestedSchool("Maple High", null), new SharingCheck.RequestedSchool("Cedar Academy", null)),
                Set.of("students", "teachers", "staff"),
                List.of(new CleverSchool(HIGH, "Maple High")),
                new SharingCheck.RoleCounts(Map.of(), Map.of(), Map.of(), 0, 0, 0, 0),
                Instant.now());

        assertThat(report.problems()).containsExactly(
                "Requested school \"Cedar Academy\" is not shared.",
                "School \"Maple High\" has no teachers shared.",
                "No students are shared.",
                "No staff are shared.",
                "No district admins are shared.");
        assertThat(report.recordsVisible()).isTrue();
    }

    @Test
    void nothingSharedIsNotVisible() {
        SharingReport report = SharingCheck.build("X", List.of(new SharingCheck.RequestedSchool("A", null)), Set.of("teachers"),
                List.of(), new SharingCheck.RoleCounts(Map.of(), Map.of(), Map.of(), 0, 0, 0, 0), Instant.now());
        assertThat(report.recordsVisible()).isFalse();
        assertThat(report.problems()).contains("No schools are shared.");
    }

    @Test
    void schoolNamesMatchLoosely() {
        assertThat(SchoolMatcher.matches("St. Mary's", null, "St Mary's School", "x")).isTrue();
        assertThat(SchoolMatcher.matches("Élan Academy", null, "elan academy", "x")).isTrue();
        assertThat(SchoolMatcher.matches("High", null, "Highland Elementary", "x")).isFalse();
        assertThat(SchoolMatcher.matches("Maple High", HIGH, "Maple High", OTHER)).isFalse();
    }
}
