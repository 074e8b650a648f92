package io.rosterbridge.writer.service;

/** How a failure is told in a log line: its root cause's message, which names what actually went wrong. */
final class Failures {

    private Failures() {
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
