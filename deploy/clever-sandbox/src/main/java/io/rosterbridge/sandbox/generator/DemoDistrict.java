package io.rosterbridge.sandbox.generator;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import io.rosterbridge.sandbox.model.Course;
import io.rosterbridge.sandbox.model.District;
import io.rosterbridge.sandbox.model.DistrictData;
import io.rosterbridge.sandbox.model.ObjectIds;
import io.rosterbridge.sandbox.model.School;
import io.rosterbridge.sandbox.model.Section;
import io.rosterbridge.sandbox.model.Term;
import io.rosterbridge.sandbox.model.User;
import io.rosterbridge.sandbox.model.User.AdminRole;
import io.rosterbridge.sandbox.model.User.StaffRole;
import io.rosterbridge.sandbox.model.User.StudentRole;
import io.rosterbridge.sandbox.model.User.TeacherRole;

/**
 * The demo district every sandbox starts with: the same ids and people on every start. Three schools,
 * students, teachers, staff and district admins, with the awkward cases a sync and a login must handle:
 * a teacher at two schools, a teacher who is also staff, a district admin who also teaches, a student
 * enrolled at two schools and a student without e-mail.
 */
public final class DemoDistrict {

    public static final String NAME = "Sandbox Demo District";
    /** 2021-03-10T00:00:00Z, the launch date of Clever's own #DEMO district. */
    static final long CREATED = 1_615_334_400_000L;
    private static final String DOMAIN = "demo.rosterbridge.test";

    private DemoDistrict() {
    }

    public static DistrictData create(int schoolYear) {
        ObjectIds ids = new ObjectIds(CREATED / 1000, 20_210_310L);
        long t = CREATED;
        String districtId = ids.next();

        School lincoln = school(ids, districtId, "Lincoln Elementary School", "101", "Kindergarten", "5", t);
        School roosevelt = school(ids, districtId, "Roosevelt Middle School", "102", "6", "8", t);
        School jefferson = school(ids, districtId, "Jefferson High School", "103", "9", "12", t);
        String[] l = {lincoln.id()};
        String[] r = {roosevelt.id()};
        String[] j = {jefferson.id()};

        long termStart = LocalDate.of(schoolYear - 1, 8, 15).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long termEnd = LocalDate.of(schoolYear, 6, 15).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Term term = new Term(ids.next(), districtId, (schoolYear - 1) + "-" + schoolYear, termStart, termEnd);
        Course reading = new Course(ids.next(), districtId, "Reading", "ELA-K5");
        Course algebra = new Course(ids.next(), districtId, "Algebra I", "MATH-9");
        Course science = new Course(ids.next(), districtId, "Life Science", "SCI-7");

        User admin = user(ids, districtId, 1001, "Dana", "Whitfield", "dana.whitfield@" + DOMAIN, null, null, null,
                new AdminRole("Superintendent"), t);
        User adminTeacher = user(ids, districtId, 1002, "Marcus", "Bell", "marcus.bell@" + DOMAIN, null,
                new TeacherRole(j, "Teacher", t, t), null, new AdminRole("Technology Director"), t);
        User tLincoln = user(ids, districtId, 2001, "Amelia", "Hart", "amelia.hart@" + DOMAIN, null,
                new TeacherRole(l, "Teacher", t, t), null, null, t);
        User tTwoSchools = user(ids, districtId, 2002, "Jonas", "Reyes", "jonas.reyes@" + DOMAIN, null,
                new TeacherRole(new String[] {roosevelt.id(), jefferson.id()}, "Teacher", t, t), null, null, t);
        User tAndStaff = user(ids, districtId, 2003, "Priya", "Natarajan", "priya.natarajan@" + DOMAIN, null,
                new TeacherRole(r, "Teacher", t, t), new StaffRole(r, "Instructional Coach", "Academics"), null, t);
        User counselor = user(ids, districtId, 3001, "Grace", "Okafor", "grace.okafor@" + DOMAIN, null, null,
                new StaffRole(j, "Counselor", "Student Services"), null, t);
        User librarian = user(ids, districtId, 3002, "Tomas", "Lindqvist", "tomas.lindqvist@" + DOMAIN, null, null,
                new StaffRole(new String[] {lincoln.id(), roosevelt.id()}, "Librarian", "Library"), null, t);

        User s1 = student(ids, districtId, 4001, "Ava", "Chen", true, l, "3", "F", "4/12/" + (schoolYear - 9), schoolYear, t);
        User s2 = student(ids, districtId, 4002, "Liam", "Okonkwo", true, l, "3", "M", "9/3/" + (schoolYear - 9), schoolYear, t);
        User s3 = student(ids, districtId, 4003, "Milo", "Park", false, l, "Kindergarten", "M", "1/20/" + (schoolYear - 6), schoolYear, t);
        User s4 = student(ids, districtId, 4004, "Sofia", "Alvarez", true, r, "7", "F", "6/30/" + (schoolYear - 13), schoolYear, t);
        User s5 = student(ids, districtId, 4005, "Noah", "Fischer", true, r, "7", "M", "11/2/" + (schoolYear - 13), schoolYear, t);
        User s6 = student(ids, districtId, 4006, "Zoe", "Martin", true, new String[] {roosevelt.id(), jefferson.id()}, "8", "F",
                "2/14/" + (schoolYear - 14), schoolYear, t);
        User s7 = student(ids, districtId, 4007, "Ethan", "Nguyen", true, j, "9", "M", "7/7/" + (schoolYear - 15), schoolYear, t);
        User s8 = student(ids, districtId, 4008, "Maya", "Johnson", true, j, "10", "F", "3/19/" + (schoolYear - 16), schoolYear, t);
        User s9 = student(ids, districtId, 4009, "Omar", "Haddad", true, j, "12", "M", "12/1/" + (schoolYear - 18), schoolYear, t);

        Section readingSection = section(ids, districtId, lincoln, term, reading, "Reading - Hart", "english/language arts",
                "3", tLincoln, new User[] {s1, s2, s3}, t);
        Section scienceSection = section(ids, districtId, roosevelt, term, science, "Life Science - Natarajan", "science",
                "7", tAndStaff, new User[] {s4, s5, s6}, t);
        Section algebraSection = section(ids, districtId, jefferson, term, algebra, "Algebra I - Reyes", "math", "9",
                tTwoSchools, new User[] {s6, s7, s8, s9}, t);
        Section homeroom = section(ids, districtId, jefferson, term, algebra, "Homeroom - Bell", "homeroom/advisory", "10",
                adminTeacher, new User[] {s7, s8, s9}, t);

        District district = new District(districtId, NAME, "sandbox-demo-district", t, t, "2021-03-10", admin.id(),
                admin.first(), admin.last(), admin.email());
        DistrictData data = new DistrictData(district, schoolYear);
        for (School school : List.of(lincoln, roosevelt, jefferson)) {
            data.schools().put(school.id(), school);
        }
        data.terms().put(term.id(), term);
        for (Course course : List.of(reading, algebra, science)) {
            data.courses().put(course.id(), course);
        }
        for (User user : List.of(admin, adminTeacher, tLincoln, tTwoSchools, tAndStaff, counselor, librarian,
                s1, s2, s3, s4, s5, s6, s7, s8, s9)) {
            data.users().put(user.id(), user);
        }
        for (Section section : List.of(readingSection, scienceSection, algebraSection, homeroom)) {
            data.sections().put(section.id(), section);
        }
        return data;
    }

    private static School school(ObjectIds ids, String districtId, String name, String number, String low, String high,
            long t) {
        return new School(ids.next(), districtId, name, "SCH" + number, number, "CA-" + number, low, high,
                "555-0" + number, "Principal of " + name, "principal" + number + "@" + DOMAIN,
                number + " Main Street", "Springfield", "CA", "94" + number, t, t);
    }

    private static User user(ObjectIds ids, String districtId, int number, String first, String last, String email,
            StudentRole student, TeacherRole teacher, StaffRole staff, AdminRole admin, long t) {
        return new User(ids.next(), districtId, number, first, null, last, email, DOMAIN, student, teacher, staff, admin, t, t);
    }

    private static User student(ObjectIds ids, String districtId, int number, String first, String last, boolean email,
            String[] schools, String grade, String gender, String dob, int schoolYear, long t) {
        StudentRole role = new StudentRole(schools, grade, gender, dob, DistrictGenerator.graduationYear(grade, schoolYear), t, t);
        return user(ids, districtId, number, first, last,
                email ? (first + "." + last + "@" + DOMAIN).toLowerCase(java.util.Locale.ROOT) : null, role, null, null, null, t);
    }

    private static Section section(ObjectIds ids, String districtId, School school, Term term, Course course, String name,
            String subject, String grade, User teacher, User[] students, long t) {
        String[] studentIds = new String[students.length];
        for (int i = 0; i < students.length; i++) {
            studentIds[i] = students[i].id();
        }
        return new Section(ids.next(), districtId, school.id(), name, "SEC-" + Math.floorMod(name.hashCode(), 10000), term.id(),
                course.id(), subject, grade, "1", new String[] {teacher.id()}, studentIds, t, t);
    }
}
