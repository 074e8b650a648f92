package io.rosterbridge.writer.layeringfixture.rest;

import io.rosterbridge.writer.layeringfixture.service.Service;

/** Top layer: uses the service below it. */
public class Resource {

    public String get() {
        return new Service().name();
    }
}
