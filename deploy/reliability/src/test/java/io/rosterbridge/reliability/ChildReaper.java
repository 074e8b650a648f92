package io.rosterbridge.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure the processes the harness starts (the services, PostgreSQL) end when the harness JVM ends, however it
 * ends. A shutdown hook covers a normal exit, an exception and SIGTERM; nothing in the JVM runs after SIGKILL (or a
 * crash), and Java cannot ask Linux to signal a child when its parent dies (prctl PR_SET_PDEATHSIG). So the harness
 * starts this small watchdog JVM, connected to it by a pipe on the watchdog's stdin:
 * <ul>
 * <li>the harness names every process it starts on the pipe ({@link Watch#watch}: the services, and PostgreSQL's
 * postmaster, which pg_ctl detaches). What is written stays in the pipe until the watchdog reads it, even if the harness
 * dies first, so a process is covered from the moment it is named, however slowly the watchdog JVM starts;</li>
 * <li>as a second net, while the harness lives the watchdog notes every descendant of it every
 * {@value #SNAPSHOT_MILLIS} ms (processes the harness did not name, such as a service's own children);</li>
 * <li>the pipe closes only when the harness process is gone (the kernel closes it whatever the cause); the watchdog
 * then stops every process it noted that still runs (SIGTERM, SIGKILL after {@value #GRACE_SECONDS} s) and exits.</li>
 * </ul>
 * A process is stopped only if its start time is still the one noted, so a reused pid is never hit.
 */
final class ChildReaper {

    static final long SNAPSHOT_MILLIS = 250;
    static final long GRACE_SECONDS = 5;

    private static Watch current;

    private ChildReaper() {
    }

    /** The harness side: the pipe to the watchdog. */
    static final class Watch {

        private final Process watchdog;
        private final OutputStream pipe;

        private Watch(Process watchdog) {
            this.watchdog = watchdog;
            this.pipe = watchdog.getOutputStream();
        }

        /** Names a process to stop when this JVM is gone (a child, or one that is not a descendant of this JVM). */
        synchronized void watch(long pid) {
            try {
                pipe.write((pid + "\n").getBytes(StandardCharsets.US_ASCII));
                pipe.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("The child-process watchdog is gone", e);
            }
        }

        long pid() {
            return watchdog.pid();
        }
    }

    /** Starts the watchdog for this JVM once (later calls return the same); its output goes to {@code log}. */
    static synchronized Watch watchThisJvm(Path log) {
        if (current != null && current.watchdog.isAlive()) {
            return current;
        }
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Path classes = Path.of(ChildReaper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Process watchdog = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", classes.toString(), ChildReaper.class.getName(), Long.toString(ProcessHandle.current().pid())))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            current = new Watch(watchdog);
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the child-process watchdog", e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The watchdog: {@code args[0]} is the harness's pid; stdin carries pids to watch beside its descendants. */
    public static void main(String[] args) throws Exception {
        long harnessPid = Long.parseLong(args[0]);
        long self = ProcessHandle.current().pid();
        Map<Long, Optional<Instant>> noted = new ConcurrentHashMap<>();
        Thread snapshots = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                ProcessHandle.of(harnessPid).ifPresent(harness -> harness.descendants()
                        .filter(p -> p.pid() != self)
                        .forEach(p -> noted.putIfAbsent(p.pid(), p.info().startInstant())));
                try {
                    Thread.sleep(SNAPSHOT_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "snapshots");
        snapshots.setDaemon(true);
        snapshots.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null;) {
                long pid = Long.parseLong(line.trim());
                ProcessHandle.of(pid).ifPresent(p -> noted.put(pid, p.info().startInstant()));
            }
        } catch (IOException | NumberFormatException e) {
            System.out.println("[child-reaper] pipe: " + e);
        }
        snapshots.interrupt();
        reap(noted);
    }

    /**
     * Alive and not a zombie: an orphan that ended stays a zombie until PID 1 reaps it, and a PID 1 that never reaps
     * (some containers) would keep it "alive" for {@link ProcessHandle#isAlive()} forever.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return process.isAlive(); // no /proc (not Linux), or the process just ended
        }
    }

    private static void reap(Map<Long, Optional<Instant>> noted) throws InterruptedException {
        List<ProcessHandle> running = noted.entrySet().stream()
                .map(e -> ProcessHandle.of(e.getKey()).filter(p -> running(p) && p.info().startInstant().equals(e.getValue())))
                .flatMap(Optional::stream)
                .toList();
        if (running.isEmpty()) {
            return;
        }
        System.out.println("[child-reaper] " + Instant.now() + " harness gone; stopping " + running.stream().map(ProcessHandle::pid).toList());
        running.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(GRACE_SECONDS).toNanos();
        while (System.nanoTime() < deadline && running.stream().anyMatch(ChildReaper::running)) {
            Thread.sleep(100);
        }
        running.stream().filter(ChildReaper::running).forEach(p -> {
            System.out.println("[child-reaper] SIGKILL " + p.pid());
            p.destroyForcibly();
        });
    }
}
