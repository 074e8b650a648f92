package io.rosterbridge.writer.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "School")
public record SchoolView(String id, String districtId, String name, @Schema(nullable = true) String sisId,
        @Schema(nullable = true) String schoolNumber, boolean active) {
}
