package io.rosterbridge.sandbox.generator;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import io.rosterbridge.sandbox.model.Course;
import io.rosterbridge.sandbox.model.District;
import io.rosterbridge.sandbox.model.DistrictData;
import io.rosterbridge.sandbox.model.ObjectIds;
import io.rosterbridge.sandbox.model.School;
import io.rosterbridge.sandbox.model.Section;
import io.rosterbridge.sandbox.model.Term;
import io.rosterbridge.sandbox.model.User;

/**
 * Builds a large synthetic district for benchmarks, deterministically from a seed: one school per ~800
 * users (at most 400), about 90% students, 6% teachers (some at two schools), 3% staff (some also
 * teaching), district admins, 5% of students without e-mail, one term, a course per subject and
 * sections of ~25 students per teacher. Compact: derived fields are computed when rendered.
 */
public final class DistrictGenerator {

    private static final int USERS_PER_SCHOOL = 800;
    private static final int MAX_SCHOOLS = 400;
    private static final int STUDENTS_PER_SECTION = 25;

    private DistrictGenerator() {
    }

    public static DistrictData generate(String name, int userCount, long seed, ObjectIds ids, long created,
            int schoolYear) {
        if (userCount < 1) {
            throw new IllegalArgumentException("a district needs at least one user");
        }
        SplittableRandom random = new SplittableRandom(seed);
        String districtId = ids.next();
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-" + districtId.substring(18);
        String domain = slug + ".example.org";

        int schoolCount = Math.max(1, Math.min(MAX_SCHOOLS, userCount / USERS_PER_SCHOOL));
        List<School> schools = new ArrayList<>(schoolCount);
        for (int i = 0; i < schoolCount; i++) {
            String place = Names.PLACES[i % Names.PLACES.length] + (i >= Names.PLACES.length ? " " + (i / Names.PLACES.length + 1) : "");
            int band = i % 3;
            String kind = band == 0 ? "Elementary" : band == 1 ? "Middle" : "High";
            schools.add(new School(ids.next(), districtId, place + " " + kind + " School", "SCH" + (100 + i),
                    Integer.toString(100 + i), "ST-" + (100 + i), band == 0 ? "Kindergarten" : band == 1 ? "6" : "9",
                    band == 0 ? "5" : band == 1 ? "8" : "12", "555-01" + String.format("%02d", i % 100),
                    "Principal " + Names.LAST[i % Names.LAST.length],
                    "principal" + i + "@" + domain, (100 + i) + " " + place + " Ave", "Springfield", "CA", "9" + (4000 + i % 1000),
                    created, created));
        }
        String[][] singleSchool = new String[schoolCount][];
        for (int i = 0; i < schoolCount; i++) {
            singleSchool[i] = new String[] {schools.get(i).id()};
        }

        long termStart = LocalDate.of(schoolYear - 1, 8, 15).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long termEnd = LocalDate.of(schoolYear, 6, 15).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        Term term = new Term(ids.next(), districtId, (schoolYear - 1) + "-" + schoolYear, termStart, termEnd);
        List<Course> courses = new ArrayList<>();
        for (int i = 0; i < Names.SUBJECTS.length; i++) {
            courses.add(new Course(ids.next(), districtId, capitalize(Names.SUBJECTS[i]), "C" + (100 + i)));
        }

        Map<String, String> dobs = new HashMap<>();
        List<User> users = new ArrayList<>(userCount);
        List<List<String>> studentsBySchool = new ArrayList<>();
        List<List<String>> teachersBySchool = new ArrayList<>();
        for (int i = 0; i < schoolCount; i++) {
            studentsBySchool.add(new ArrayList<>());
            teachersBySchool.add(new ArrayList<>());
        }
        int admins = Math.max(1, userCount / 2000);
        String contactId = null;
        String contactFirst = null;
        String contactLast = null;
        for (int n = 0; n < userCount; n++) {
            String id = ids.next();
            String first = Names.FIRST[random.nextInt(Names.FIRST.length)];
            String last = Names.LAST[random.nextInt(Names.LAST.length)];
            int number = 100000 + n;
            int school = random.nextInt(schoolCount);
            int roll = random.nextInt(1000);
            User user;
            if (n < admins) {
                user = new User(id, districtId, number, first, null, last, User.DERIVED_EMAIL, domain, null, null, null,
                        new User.AdminRole("District Administrator"), created, created);
                if (contactId == null) {
                    contactId = id;
                    contactFirst = first;
                    contactLast = last;
                }
            } else if (roll < 60) {
                String[] teacherSchools = roll < 3 && schoolCount > 1
                        ? new String[] {schools.get(school).id(), schools.get((school + 1) % schoolCount).id()}
                        : singleSchool[school];
                User.StaffRole alsoStaff = roll >= 57 ? new User.StaffRole(singleSchool[school], "Instructional Coach", "Academics") : null;
                user = new User(id, districtId, number, first, null, last, User.DERIVED_EMAIL, domain, null,
                        new User.TeacherRole(teacherSchools, "Teacher", created, created), alsoStaff, null, created, created);
                teachersBySchool.get(school).add(id);
            } else if (roll < 90) {
                user = new User(id, districtId, number, first, null, last, User.DERIVED_EMAIL, domain, null, null,
                        new User.StaffRole(singleSchool[school], roll < 75 ? "Counselor" : "Office Staff",
                                roll < 75 ? "Student Services" : "Administration"), null, created, created);
            } else {
                String grade = gradeFor(schools.get(school), random);
                String dob = dobs.computeIfAbsent(grade + "/" + (random.nextInt(12) + 1) + "/" + (random.nextInt(28) + 1),
                        k -> dobFor(k, schoolYear));
                String email = random.nextInt(20) == 0 ? null : User.DERIVED_EMAIL;
                user = new User(id, districtId, number, first, null, last, email, domain,
                        new User.StudentRole(singleSchool[school], grade, random.nextBoolean() ? "F" : "M", dob,
                                graduationYear(grade, schoolYear), created, created), null, null, null, created, created);
                studentsBySchool.get(school).add(id);
            }
            users.add(user);
        }

        District district = new District(districtId, name, slug, created, created,
                LocalDate.ofEpochDay(created / 86_400_000L).toString(), contactId, contactFirst, contactLast,
                contactId == null ? null : users.get(0).email());
        DistrictData data = new DistrictData(district, schoolYear);
        schools.forEach(s -> data.schools().put(s.id(), s));
        data.terms().put(term.id(), term);
        courses.forEach(c -> data.courses().put(c.id(), c));
        users.forEach(u -> data.users().put(u.id(), u));
        for (int s = 0; s < schoolCount; s++) {
            addSections(data, schools.get(s), term, courses, teachersBySchool.get(s), studentsBySchool.get(s), ids::next, created);
        }
        return data;
    }

    /** Sections of ~25 students, teachers taking turns; a school without teachers gets none. */
    public static void addSections(DistrictData data, School school, Term term, List<Course> courses, List<String> teachers,
            List<String> students, Supplier<String> ids, long created) {
        if (teachers.isEmpty() || students.isEmpty()) {
            return;
        }
        int count = Math.max(1, (students.size() + STUDENTS_PER_SECTION - 1) / STUDENTS_PER_SECTION);
        for (int k = 0; k < count; k++) {
            int from = k * students.size() / count;
            int to = (k + 1) * students.size() / count;
            Course course = courses.get(k % courses.size());
            String teacher = teachers.get(k % teachers.size());
            String subject = Names.SUBJECTS[k % Names.SUBJECTS.length];
            Section section = new Section(ids.get(), data.id(), school.id(),
                    course.name() + " - " + (k + 1), school.sisId() + "-" + (k + 1), term.id(), course.id(), subject,
                    "Other", Integer.toString(k % 8 + 1), new String[] {teacher},
                    students.subList(from, to).toArray(String[]::new), created, created);
            data.sections().put(section.id(), section);
        }
    }

    private static String gradeFor(School school, SplittableRandom random) {
        int low = gradeIndex(school.lowGrade());
        int high = gradeIndex(school.highGrade());
        return Names.GRADES[low + random.nextInt(high - low + 1)];
    }

    static int gradeIndex(String grade) {
        return "Kindergarten".equals(grade) ? 0 : Integer.parseInt(grade);
    }

    /** {@code key} is grade/month/day; a child in grade g turns 6+g during the school year. */
    private static String dobFor(String key, int schoolYear) {
        String[] parts = key.split("/");
        int year = schoolYear - 6 - gradeIndex(parts[0]);
        return Integer.parseInt(parts[1]) + "/" + Integer.parseInt(parts[2]) + "/" + year;
    }

    public static String graduationYear(String grade, int schoolYear) {
        return Integer.toString(schoolYear + 12 - gradeIndex(grade));
    }

    private static String capitalize(String subject) {
        return Character.toUpperCase(subject.charAt(0)) + subject.substring(1);
    }
}
