package io.rosterbridge.writer.layeringfixture.rest;

/** A payload of the top layer. */
public record View(String name) {
}
