package io.rosterbridge.writer.layeringfixture.stray;

/** A class in a package no layer names. */
public class Stray {
}
