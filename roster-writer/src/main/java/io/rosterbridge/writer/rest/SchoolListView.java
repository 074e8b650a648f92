package io.rosterbridge.writer.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "SchoolList")
public record SchoolListView(List<SchoolView> data) {
}
