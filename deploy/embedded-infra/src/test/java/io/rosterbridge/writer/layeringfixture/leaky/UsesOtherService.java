package io.rosterbridge.writer.layeringfixture.leaky;

import io.rosterbridge.fetcher.layeringfixture.FetcherClass;

/** Uses another service's code. */
public class UsesOtherService {

    public String name() {
        return new FetcherClass().toString();
    }
}
