package io.rosterbridge.fetcher.layeringfixture;

/** Stands for a class of another service. */
public class FetcherClass {
}
