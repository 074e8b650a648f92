package io.rosterbridge.writer.layeringfixture.leaky;

import io.rosterbridge.sandbox.layeringfixture.SandboxClass;

/** Uses the Clever sandbox, which is test support. */
public class UsesSandbox {

    public String name() {
        return new SandboxClass().toString();
    }
}
