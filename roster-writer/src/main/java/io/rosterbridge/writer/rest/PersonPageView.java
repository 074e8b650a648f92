package io.rosterbridge.writer.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "PersonPage")
public record PersonPageView(
        @Schema(description = "Matches by last name, first name, id; schools are left empty here, the person answers them") List<PersonView> data,
        @Schema(nullable = true, description = "Pass as `offset` for the next page; null on the last page") Integer nextOffset) {
}
