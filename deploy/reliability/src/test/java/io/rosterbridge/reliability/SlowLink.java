package io.rosterbridge.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP relay between the services and the Clever sandbox that can hold every request back for a while: "slow
 * pages" from Clever. (The sandbox's own latency fault cannot be used: with latency set its requests never get
 * an answer — reported to the lead.) With no latency set it only relays bytes.
 */
final class SlowLink implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private volatile long latencyMillis;
    private volatile boolean open = true;

    SlowLink(int listenPort, int upstreamPort) throws IOException {
        this.server = new ServerSocket(listenPort, 100, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        Thread acceptor = new Thread(this::accept, "slow-link-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Every request (each burst of bytes from a client) waits this long before it reaches the sandbox. */
    void setLatencyMillis(long millis) {
        latencyMillis = millis;
    }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (open) {
                    System.err.println("[reliability] slow link: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean delayed) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long latency = latencyMillis;
                    if (delayed && latency > 0) {
                        Thread.sleep(latency);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "slow-link-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        open = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
