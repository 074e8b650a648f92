package io.rosterbridge.requests.intake;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.requests.config.IntakeConfig;
import io.rosterbridge.requests.service.FieldError;
import io.rosterbridge.requests.service.InvalidInputException;

/** Checks every field of a submission and reports all problems at once, one message per field. */
@ApplicationScoped
public class IntakeValidator {

    static final int MAX_EMAIL_LENGTH = 254;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");
    private static final String CONTROL_CHARACTERS = "%s must not contain control characters.";
    private static final Pattern CLEVER_ID = Pattern.compile("^[0-9a-f]{24}$");

    @Inject
    IntakeConfig config;

    public IntakeValidator() {
    }

    IntakeValidator(IntakeConfig config) {
        this.config = config;
    }

    /** The trimmed, valid submission; throws {@link InvalidInputException} listing every invalid field. */
    public IntakeSubmission validate(IntakeSubmission in) {
        List<FieldError> errors = new ArrayList<>();
        String districtName = required(errors, "districtName", "District name", in.districtName(), config.maxNameLength());
        String contactName = required(errors, "contactName", "Contact name", in.contactName(), config.maxNameLength());
        String contactEmail = required(errors, "contactEmail", "Contact email", in.contactEmail(), MAX_EMAIL_LENGTH);
        if (contactEmail != null && !EMAIL.matcher(contactEmail).matches()) {
            errors.add(new FieldError("contactEmail", "Contact email must be an email address like name@district.org."));
        }
        List<IntakeSubmission.School> schools = schools(errors, in.schools());
        List<String> roles = roles(errors, in.sharedRoles());
        String notes = trimToNull(in.notes());
        if (notes != null && notes.length() > config.maxNotesLength()) {
            errors.add(new FieldError("notes", "Notes must be at most " + config.maxNotesLength() + " characters."));
        } else if (notes != null && hasControlCharacters(notes, true)) {
            errors.add(new FieldError("notes", CONTROL_CHARACTERS.formatted("Notes")));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new IntakeSubmission(districtName, schools, contactName, contactEmail.toLowerCase(Locale.ROOT), roles, notes);
    }

    private List<IntakeSubmission.School> schools(List<FieldError> errors, List<IntakeSubmission.School> given) {
        List<IntakeSubmission.School> schools = new ArrayList<>();
        if (given != null) {
            for (IntakeSubmission.School school : given) {
                if (school == null || (trimToNull(school.name()) == null && trimToNull(school.cleverSchoolId()) == null)) {
                    continue; // an empty row of the form
                }
                schools.add(school);
            }
        }
        if (schools.isEmpty()) {
            errors.add(new FieldError("schools", "Name at least one school."));
            return schools;
        }
        if (schools.size() > config.maxSchools()) {
            errors.add(new FieldError("schools", "Name at most " + config.maxSchools() + " schools."));
            return schools;
        }
        List<IntakeSubmission.School> valid = new ArrayList<>();
        Set<String> seenIds = new LinkedHashSet<>();
        for (int i = 0; i < schools.size(); i++) {
            IntakeSubmission.School school = schools.get(i);
            String name = trimToNull(school.name());
            String id = trimToNull(school.cleverSchoolId());
            String field = "schools[" + i + "]";
            if (name == null) {
                errors.add(new FieldError(field + ".name", "School " + (i + 1) + " needs a name."));
            } else if (name.length() > config.maxNameLength()) {
                errors.add(new FieldError(field + ".name", "School " + (i + 1) + " name must be at most " + config.maxNameLength() + " characters."));
            } else if (hasControlCharacters(name, false)) {
                errors.add(new FieldError(field + ".name", CONTROL_CHARACTERS.formatted("School " + (i + 1) + " name")));
            }
            if (id != null) {
                id = id.toLowerCase(Locale.ROOT);
                if (!CLEVER_ID.matcher(id).matches()) {
                    errors.add(new FieldError(field + ".cleverSchoolId", "School " + (i + 1) + " Clever id must be 24 hexadecimal characters (or left empty)."));
                } else if (!seenIds.add(id)) {
                    errors.add(new FieldError(field + ".cleverSchoolId", "School " + (i + 1) + " Clever id is listed twice."));
                }
            }
            valid.add(new IntakeSubmission.School(name, id));
        }
        return valid;
    }

    private static List<String> roles(List<FieldError> errors, List<String> given) {
        Set<String> roles = new LinkedHashSet<>();
        if (given != null) {
            for (String role : given) {
                String code = trimToNull(role);
                if (code == null) {
                    continue;
                }
                if (SharedRole.fromCode(code).isEmpty()) {
                    errors.add(new FieldError("sharedRoles", "Unknown role \"" + abbreviate(code) + "\"; use students, teachers, staff or district_admins."));
                    return List.of();
                }
                roles.add(code);
            }
        }
        if (roles.isEmpty()) {
            errors.add(new FieldError("sharedRoles", "Choose at least one role you shared (students, teachers, staff, district admins)."));
        }
        return List.copyOf(roles);
    }

    private static String required(List<FieldError> errors, String field, String label, String value, int maxLength) {
        String trimmed = trimToNull(value);
        if (trimmed == null) {
            errors.add(new FieldError(field, label + " is required."));
            return null;
        }
        if (trimmed.length() > maxLength) {
            errors.add(new FieldError(field, label + " must be at most " + maxLength + " characters."));
            return null;
        }
        if (hasControlCharacters(trimmed, false)) {
            errors.add(new FieldError(field, CONTROL_CHARACTERS.formatted(label)));
            return null;
        }
        return trimmed;
    }

    /** NUL and other control characters are never part of a name (PostgreSQL refuses NUL in text outright). */
    private static boolean hasControlCharacters(String value, boolean allowLineBreaks) {
        return value.chars().anyMatch(c -> Character.isISOControl(c)
                && !(allowLineBreaks && (c == '\n' || c == '\r' || c == '\t')));
    }

    private static String trimToNull(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
