package io.rosterbridge.requests.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.rosterbridge.requests.intake.IntakeSubmission;

class IntakePageTest {

    @Test
    void parsesOneSchoolPerLineWithOptionalCleverId() {
        List<IntakeSubmission.School> schools = IntakePage.parseSchools(
                "Maple High\n\nBirch Elementary | 5f0c3b2a9d1e4f0012345678\r\nOak Middle 5F0C3B2A9D1E4F0012345679\nSt. Anne, Pre-K");
        assertThat(schools).containsExactly(
                new IntakeSubmission.School("Maple High", null),
                new IntakeSubmission.School("Birch Elementary ", " 5f0c3b2a9d1e4f0012345678"),
                new IntakeSubmission.School("Oak Middle ", "5F0C3B2A9D1E4F0012345679"),
                new IntakeSubmission.School("St. Anne, Pre-K", null));
        assertThat(IntakePage.parseSchools(null)).isEmpty();
    }
}
