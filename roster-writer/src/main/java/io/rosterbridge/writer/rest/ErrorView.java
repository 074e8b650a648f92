package io.rosterbridge.writer.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Error")
public record ErrorView(String message) {
}
