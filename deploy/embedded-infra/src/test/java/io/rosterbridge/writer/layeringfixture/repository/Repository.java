package io.rosterbridge.writer.layeringfixture.repository;

/** Bottom layer, well behaved. */
public class Repository {

    public String load() {
        return "row";
    }
}
