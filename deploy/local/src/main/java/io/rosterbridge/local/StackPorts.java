package io.rosterbridge.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Where each part of the stack listens. The fixed set is the documented local layout; tests take free ports. */
public record StackPorts(int kafka, int postgres, int staffOidc, int sandbox,
        int integrationRequests, int syncFetcher, int rosterWriter, int ssoGateway) {

    /** Ports already handed out by this JVM: a port is free until its service binds it, seconds or a minute later. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int LOWEST = 10_000;

    public static StackPorts fixed() {
        return new StackPorts(9092, 5432, 8091, 8090, 8081, 8082, 8083, 8084);
    }

    public static StackPorts free() {
        return new StackPorts(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
    }

    /**
     * A port that is free now, below the kernel's ephemeral range: a port from that range (what binding port 0 gives)
     * can be taken, before its service binds it, as the local port of an outgoing connection (the broker's, the
     * database's), and the service then fails to listen (seen in the fleet night trial).
     */
    static int freePort() {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + below);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of Linux's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range), 32768 where unknown. */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > LOWEST + 1_000 ? start : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
