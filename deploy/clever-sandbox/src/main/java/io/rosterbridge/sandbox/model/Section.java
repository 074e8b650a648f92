package io.rosterbridge.sandbox.model;

import java.util.Arrays;

/** A class section. {@code teachers[0]} is the primary teacher. Student and teacher arrays are never mutated. */
public record Section(
        String id,
        String districtId,
        String schoolId,
        String name,
        String sisId,
        String termId,
        String courseId,
        String subject,
        String grade,
        String period,
        String[] teachers,
        String[] students,
        long created,
        long lastModified) {

    public boolean hasStudent(String userId) {
        for (String student : students) {
            if (student.equals(userId)) {
                return true;
            }
        }
        return false;
    }

    public boolean hasTeacher(String userId) {
        for (String teacher : teachers) {
            if (teacher.equals(userId)) {
                return true;
            }
        }
        return false;
    }

    public Section withoutMember(String userId, long now) {
        return new Section(id, districtId, schoolId, name, sisId, termId, courseId, subject, grade, period,
                remove(teachers, userId), remove(students, userId), created, now);
    }

    public Section withStudent(String userId, long now) {
        String[] more = Arrays.copyOf(students, students.length + 1);
        more[students.length] = userId;
        return new Section(id, districtId, schoolId, name, sisId, termId, courseId, subject, grade, period,
                teachers, more, created, now);
    }

    private static String[] remove(String[] ids, String userId) {
        return Arrays.stream(ids).filter(id -> !id.equals(userId)).toArray(String[]::new);
    }
}
