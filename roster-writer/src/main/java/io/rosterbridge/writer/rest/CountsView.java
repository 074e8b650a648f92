package io.rosterbridge.writer.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "RosterCounts", description = "Users of a district per school and role; a user counts once per school of each role")
public record CountsView(String districtId, long totalActive, List<SchoolRoleCount> bySchoolAndRole) {

    public record SchoolRoleCount(@Schema(nullable = true, description = "Null for roles without schools (district admins)") String schoolId,
            String role, long active, long archived) {
    }
}
