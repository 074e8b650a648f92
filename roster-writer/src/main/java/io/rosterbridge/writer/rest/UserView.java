package io.rosterbridge.writer.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "User", description = "A roster user with every role it holds and every school it is a member of")
public record UserView(
        @Schema(description = "Clever user id") String id,
        String districtId,
        @Schema(description = "False once Clever removed the user (archived, never deleted)") boolean active,
        Name name,
        @Schema(nullable = true, description = "As Clever sends it: untrusted, often missing") String email,
        List<Role> roles,
        @Schema(description = "Schools the user belongs to through any role") List<String> schoolIds,
        Instant updatedAt) {

    public record Name(@Schema(nullable = true) String first, @Schema(nullable = true) String middle,
            @Schema(nullable = true) String last) {
    }

    @Schema(name = "UserRole")
    public record Role(
            @Schema(description = "student, teacher, staff, district_admin, contact, or another Clever role") String role,
            List<String> schoolIds,
            @Schema(nullable = true) String primarySchoolId,
            @Schema(nullable = true) String sisId,
            Map<String, String> attributes) {
    }
}
