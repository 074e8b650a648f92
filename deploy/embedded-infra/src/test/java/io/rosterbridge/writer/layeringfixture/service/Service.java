package io.rosterbridge.writer.layeringfixture.service;

import io.rosterbridge.writer.layeringfixture.repository.Repository;

/** Middle layer: uses the repository below it. */
public class Service {

    public String name() {
        return new Repository().load();
    }
}
