package io.rosterbridge.writer.layeringfixture.repository;

import io.rosterbridge.writer.layeringfixture.rest.View;

/** Bottom layer reaching up into the top one: what the rules forbid. */
public class UpwardRepository {

    public View load() {
        return new View("row");
    }
}
