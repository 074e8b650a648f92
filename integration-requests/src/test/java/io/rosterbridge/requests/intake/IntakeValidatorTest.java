package io.rosterbridge.requests.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rosterbridge.requests.config.IntakeConfig;
import io.rosterbridge.requests.service.FieldError;
import io.rosterbridge.requests.service.InvalidInputException;

class IntakeValidatorTest {

    private final IntakeValidator validator = new IntakeValidator(new IntakeConfig() {
        public int maxBodyBytes() {
            return 16384;
        }

        public int maxNameLength() {
            return 20;
        }

        public int maxNotesLength() {
            return 30;
        }

        public int maxSchools() {
            return 3;
        }

        public RateLimit rateLimit() {
            return new RateLimit() {
                public int maxRequests() {
                    return 1;
                }

                public Duration window() {
                    return Duration.ofMinutes(1);
                }
            };
        }
    });

    private static IntakeSubmission valid() {
        return new IntakeSubmission(" Maple Unified ", List.of(new IntakeSubmission.School("Maple High", null)),
                "Ada Admin", "Ada@Maple.org", List.of("students", "teachers"), null);
    }

    @Test
    void trimsAndNormalisesAValidSubmission() {
        IntakeSubmission result = validator.validate(valid());
        assertThat(result.districtName()).isEqualTo("Maple Unified");
        assertThat(result.contactEmail()).isEqualTo("ada@maple.org");
        assertThat(result.sharedRoles()).containsExactly("students", "teachers");
    }

    @Test
    void reportsEveryMissingFieldAtOnce() {
        List<FieldError> errors = errors(new IntakeSubmission(null, List.of(), " ", null, null, null));
        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("districtName", "contactName", "contactEmail", "schools", "sharedRoles");
        assertThat(errors).filteredOn(e -> e.field().equals("schools")).extracting(FieldError::message)
                .containsExactly("Name at least one school.");
    }

    @Test
    void rejectsTooLongNamesAndNotes() {
        String longName = "x".repeat(21);
        List<FieldError> errors = errors(new IntakeSubmission(longName, List.of(new IntakeSubmission.School(longName, null)),
                longName, "a@b.org", List.of("staff"), "n".repeat(31)));
        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("districtName", "contactName", "schools[0].name", "notes");
        assertThat(errors.get(0).message()).contains("at most 20 characters");
    }

    @Test
    void rejectsMalformedEmails() {
        for (String email : List.of("ada", "ada@", "@maple.org", "ada@maple", "ada maple@x.org", "a@@b.org")) {
            IntakeSubmission s = valid();
            List<FieldError> errors = errors(new IntakeSubmission(s.districtName(), s.schools(), s.contactName(), email, s.sharedRoles(), null));
            assertThat(errors).as(email).extracting(FieldError::field).containsExactly("contactEmail");
        }
    }

    @Test
    void checksSchoolIdsAndCount() {
        IntakeSubmission s = valid();
        List<FieldError> badId = errors(new IntakeSubmission(s.districtName(),
                List.of(new IntakeSubmission.School("A", "not-an-id"), new IntakeSubmission.School(null, "5f0c3b2a9d1e4f0012345678")),
                s.contactName(), s.contactEmail(), s.sharedRoles(), null));
        assertThat(badId).extracting(FieldError::field).containsExactly("schools[0].cleverSchoolId", "schools[1].name");

        List<IntakeSubmission.School> four = Arrays.asList(new IntakeSubmission.School("A", null), new IntakeSubmission.School("B", null),
                new IntakeSubmission.School("C", null), new IntakeSubmission.School("D", null));
        assertThat(errors(new IntakeSubmission(s.districtName(), four, s.contactName(), s.contactEmail(), s.sharedRoles(), null)))
                .extracting(FieldError::message).containsExactly("Name at most 3 schools.");
    }

    @Test
    void rejectsControlCharactersButKeepsLineBreaksInNotes() {
        IntakeSubmission s = valid();
        List<FieldError> errors = errors(new IntakeSubmission("Maple\u0000Unified", List.of(new IntakeSubmission.School("Elm\u0007", null)),
                "Ada\u001b[31m", s.contactEmail(), s.sharedRoles(), "line\u0000"));
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("districtName", "contactName", "schools[0].name", "notes");
        assertThat(errors).extracting(FieldError::message).allSatisfy(m -> assertThat(m).contains("control characters"));

        IntakeSubmission multiLine = validator.validate(new IntakeSubmission(s.districtName(), s.schools(), s.contactName(),
                s.contactEmail(), s.sharedRoles(), "two\nlines"));
        assertThat(multiLine.notes()).isEqualTo("two\nlines");
    }

    @Test
    void rejectsUnknownRoles() {
        IntakeSubmission s = valid();
        assertThat(errors(new IntakeSubmission(s.districtName(), s.schools(), s.contactName(), s.contactEmail(), List.of("parents"), null)))
                .extracting(FieldError::field).containsExactly("sharedRoles");
    }

    private List<FieldError> errors(IntakeSubmission submission) {
        return ((InvalidInputException) catchThrowable(() -> validator.validate(submission))).errors();
    }
}
