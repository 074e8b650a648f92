package io.rosterbridge.writer.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "UserPage")
public record PageView(List<UserView> data,
        @Schema(nullable = true, description = "Pass as `after` for the next page; null on the last page") String next) {
}
