package io.rosterbridge.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Where each part of the stack listens. The fixed set is the documented local layout; tests take free ports. */
public record StackPorts(int kafka, int postgres, int staffOidc, int sandbox,
        int integrationRequests, int syncFetcher, int rosterWriter, int ssoGateway) {

    public static StackPorts fixed() {
        return new StackPorts(9092, 5432, 8091, 8090, 8081, 8082, 8083, 8084);
    }

    public static StackPorts free() {
        return new StackPorts(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
