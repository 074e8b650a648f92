package io.rosterbridge.sandbox.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.rosterbridge.sandbox.model.Course;
import io.rosterbridge.sandbox.model.District;
import io.rosterbridge.sandbox.model.ObjectIds;
import io.rosterbridge.sandbox.model.Role;
import io.rosterbridge.sandbox.model.School;
import io.rosterbridge.sandbox.model.Section;
import io.rosterbridge.sandbox.model.Sharing;
import io.rosterbridge.sandbox.model.Term;
import io.rosterbridge.sandbox.model.User;

/**
 * Writes records exactly as Clever's Data API v3.0 returns them. Absent optional fields are left out
 * rather than written as null. Where the official spec and Clever's real payloads differ (the teacher
 * role), the real payloads win, as /work/shared/clever/README.md §1.7 notes.
 */
public final class ApiJson {

    public static final JsonFactory FACTORY = new JsonFactory();

    private ApiJson() {
    }

    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    public static byte[] toBytes(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String uri(String collection, String id) {
        return "/v3.0/" + collection + "/" + id;
    }

    public static void district(JsonGenerator g, District d) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", d.id());
        g.writeStringField("name", d.name());
        g.writeStringField("portal_url", "https://clever.com/in/" + d.portalSlug());
        g.writeStringField("sis_type", "sftp");
        g.writeStringField("state", "running");
        g.writeStringField("error", "");
        g.writeStringField("launch_date", d.launchDate());
        g.writeStringField("last_sync", Timestamps.format(d.lastSync()));
        g.writeArrayFieldStart("login_methods");
        g.writeString("Clever Badges");
        g.writeString("Clever Passwords");
        g.writeEndArray();
        if (d.contactUserId() != null) {
            g.writeObjectFieldStart("district_contact");
            g.writeStringField("id", d.contactUserId());
            g.writeStringField("district", d.id());
            if (d.contactEmail() != null) {
                g.writeStringField("email", d.contactEmail());
            }
            g.writeObjectFieldStart("name");
            g.writeStringField("first", d.contactFirst());
            g.writeStringField("last", d.contactLast());
            g.writeEndObject();
            g.writeStringField("title", "Superintendent");
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    public static void school(JsonGenerator g, School s) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeStringField("district", s.districtId());
        g.writeStringField("name", s.name());
        g.writeStringField("created", Timestamps.format(s.created()));
        g.writeStringField("last_modified", Timestamps.format(s.lastModified()));
        g.writeStringField("sis_id", s.sisId());
        g.writeStringField("school_number", s.schoolNumber());
        g.writeStringField("state_id", s.stateId());
        g.writeStringField("low_grade", s.lowGrade());
        g.writeStringField("high_grade", s.highGrade());
        g.writeStringField("phone", s.phone());
        g.writeObjectFieldStart("principal");
        g.writeStringField("name", s.principalName());
        g.writeStringField("email", s.principalEmail());
        g.writeEndObject();
        g.writeObjectFieldStart("location");
        g.writeStringField("address", s.address());
        g.writeStringField("city", s.city());
        g.writeStringField("state", s.state());
        g.writeStringField("zip", s.zip());
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A user with only the roles and schools the district shares. */
    public static void user(JsonGenerator g, User u, Sharing sharing) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", u.id());
        g.writeStringField("district", u.districtId());
        g.writeStringField("created", Timestamps.format(u.created()));
        g.writeStringField("last_modified", Timestamps.format(u.lastModified()));
        String email = u.email();
        if (email != null) {
            g.writeStringField("email", email);
        }
        g.writeObjectFieldStart("name");
        g.writeStringField("first", u.first());
        if (u.middle() != null) {
            g.writeStringField("middle", u.middle());
        }
        g.writeStringField("last", u.last());
        g.writeEndObject();
        g.writeObjectFieldStart("roles");
        if (sharing.roleVisible(u, Role.STUDENT)) {
            student(g, u, sharing.sharedOnly(u.student().schools()));
        }
        if (sharing.roleVisible(u, Role.TEACHER)) {
            teacher(g, u, sharing.sharedOnly(u.teacher().schools()));
        }
        if (sharing.roleVisible(u, Role.STAFF)) {
            staff(g, u, sharing.sharedOnly(u.staff().schools()));
        }
        if (sharing.roleVisible(u, Role.DISTRICT_ADMIN)) {
            g.writeObjectFieldStart("district_admin");
            g.writeStringField("legacy_id", ObjectIds.derived(u.id(), 4));
            g.writeStringField("title", u.districtAdmin().title());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void student(JsonGenerator g, User u, String[] schools) throws IOException {
        User.StudentRole r = u.student();
        String number = Integer.toString(u.number());
        g.writeObjectFieldStart("student");
        g.writeStringField("created", Timestamps.format(r.created()));
        g.writeStringField("last_modified", Timestamps.format(r.lastModified()));
        credentials(g, u);
        g.writeStringField("dob", r.dob());
        g.writeStringField("ell_status", "N");
        g.writeArrayFieldStart("enrollments");
        g.writeEndArray();
        g.writeStringField("gender", r.gender());
        g.writeStringField("grade", r.grade());
        g.writeStringField("graduation_year", r.graduationYear());
        g.writeStringField("hispanic_ethnicity", "");
        g.writeStringField("race", "");
        g.writeStringField("legacy_id", ObjectIds.derived(u.id(), 1));
        if (schools.length > 0) {
            g.writeStringField("school", schools[0]);
        }
        ids(g, "schools", schools);
        g.writeStringField("sis_id", number);
        g.writeStringField("state_id", "ST" + number);
        g.writeStringField("student_number", number);
        g.writeEndObject();
    }

    private static void teacher(JsonGenerator g, User u, String[] schools) throws IOException {
        String number = "T" + u.number();
        g.writeObjectFieldStart("teacher");
        credentials(g, u);
        g.writeStringField("legacy_id", ObjectIds.derived(u.id(), 2));
        if (schools.length > 0) {
            g.writeStringField("school", schools[0]);
        }
        ids(g, "schools", schools);
        g.writeStringField("sis_id", number);
        g.writeStringField("state_id", "S" + number);
        g.writeStringField("teacher_number", number);
        g.writeStringField("title", u.teacher().title());
        g.writeEndObject();
    }

    private static void staff(JsonGenerator g, User u, String[] schools) throws IOException {
        User.StaffRole r = u.staff();
        g.writeObjectFieldStart("staff");
        credentials(g, u);
        g.writeStringField("department", r.department());
        g.writeStringField("legacy_id", ObjectIds.derived(u.id(), 3));
        g.writeArrayFieldStart("roles");
        g.writeString(r.title());
        g.writeEndArray();
        ids(g, "schools", schools);
        g.writeStringField("staff_id", "E" + u.number());
        g.writeStringField("title", r.title());
        g.writeEndObject();
    }

    private static void credentials(JsonGenerator g, User u) throws IOException {
        g.writeObjectFieldStart("credentials");
        g.writeStringField("district_username", username(u));
        g.writeEndObject();
    }

    /** Clever Badges/Passwords username: first initial, last name, number. */
    public static String username(User u) {
        String first = u.first() == null || u.first().isEmpty() ? "x" : u.first().substring(0, 1);
        String last = u.last() == null ? "" : u.last();
        return (first + last).toLowerCase(Locale.ROOT).replace(' ', '-') + u.number();
    }

    public static void section(JsonGenerator g, Section s) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeStringField("district", s.districtId());
        g.writeStringField("school", s.schoolId());
        g.writeStringField("name", s.name());
        g.writeStringField("created", Timestamps.format(s.created()));
        g.writeStringField("last_modified", Timestamps.format(s.lastModified()));
        g.writeStringField("sis_id", s.sisId());
        g.writeStringField("section_number", s.sisId());
        g.writeStringField("period", s.period());
        g.writeStringField("grade", s.grade());
        g.writeStringField("subject", s.subject());
        if (s.courseId() != null) {
            g.writeStringField("course", s.courseId());
        }
        if (s.termId() != null) {
            g.writeStringField("term_id", s.termId());
        }
        if (s.teachers().length > 0) {
            g.writeStringField("teacher", s.teachers()[0]);
        }
        ids(g, "teachers", s.teachers());
        ids(g, "students", s.students());
        g.writeEndObject();
    }

    public static void term(JsonGenerator g, Term t) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", t.id());
        g.writeStringField("district", t.districtId());
        g.writeStringField("name", t.name());
        g.writeStringField("start_date", Timestamps.format(t.startDate()));
        g.writeStringField("end_date", Timestamps.format(t.endDate()));
        g.writeEndObject();
    }

    public static void course(JsonGenerator g, Course c) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("district", c.districtId());
        g.writeStringField("name", c.name());
        g.writeStringField("number", c.number());
        g.writeEndObject();
    }

    private static void ids(JsonGenerator g, String field, String[] ids) throws IOException {
        g.writeArrayFieldStart(field);
        for (String id : ids) {
            g.writeString(id);
        }
        g.writeEndArray();
    }
}
