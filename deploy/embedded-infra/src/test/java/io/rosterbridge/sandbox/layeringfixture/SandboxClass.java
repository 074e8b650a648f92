package io.rosterbridge.sandbox.layeringfixture;

/** Stands for a class of the Clever sandbox. */
public class SandboxClass {
}
