package io.rosterbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The processes a harness JVM starts end with it, however it ends: killed (SIGKILL, where no shutdown hook runs),
 * terminated (SIGTERM) or dead of an exception. A separate JVM plays the harness: it starts its watchdog the way
 * {@link ReliabilityStack} does, a child process, and a detached one it registers (as the stack registers
 * PostgreSQL), and leaves their cleanup to the watchdog alone.
 */
class ChildProcessCleanupIT {

    private static final Duration GONE_WITHIN = Duration.ofSeconds(ChildReaper.GRACE_SECONDS + 10);

    private final List<ProcessHandle> started = new ArrayList<>();
    private Process harness;

    @Test
    void childrenEndWhenTheHarnessJvmIsKilled() throws Exception {
        List<ProcessHandle> children = startHarness("wait");
        harness.destroyForcibly(); // SIGKILL
        assertGone(children);
    }

    @Test
    void childrenEndWhenTheHarnessJvmIsTerminated() throws Exception {
        List<ProcessHandle> children = startHarness("wait");
        harness.destroy(); // SIGTERM
        assertGone(children);
    }

    @Test
    void childrenEndWhenTheHarnessJvmDiesOfAnException() throws Exception {
        List<ProcessHandle> children = startHarness("throw");
        assertThat(harness.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(harness.exitValue()).isNotZero();
        assertGone(children);
    }

    @AfterEach
    void killLeftovers() {
        if (harness != null) {
            harness.destroyForcibly();
        }
        started.forEach(ProcessHandle::destroyForcibly);
    }

    private List<ProcessHandle> startHarness(String mode) throws IOException {
        Path log = Path.of("target/child-reaper-it/" + mode + ".log").toAbsolutePath();
        harness = new ProcessBuilder(JavaCommand.command(FakeHarness.class, mode, log.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(harness.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("children ")) {
            // the JVM's own output, if any
        }
        assertThat(line).as("the fake harness reports its children").isNotNull();
        List<ProcessHandle> children = Arrays.stream(line.substring("children ".length()).trim().split(" "))
                .map(pid -> ProcessHandle.of(Long.parseLong(pid)).orElseThrow())
                .toList();
        started.addAll(children);
        assertThat(children).hasSize(2).allMatch(ChildReaper::running);
        return children;
    }

    private static void assertGone(List<ProcessHandle> children) {
        await().atMost(GONE_WITHIN).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(children).as("children still running after the harness JVM ended")
                        .noneMatch(ChildReaper::running));
    }

    /** A java command line running {@code main} with this JVM's class path. */
    static final class JavaCommand {
        static List<String> command(Class<?> main, String... args) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(args));
            return command;
        }
    }

    /** The harness JVM of the test: a watchdog, a child, a detached process; then it waits, or throws. */
    public static final class FakeHarness {
        public static void main(String[] args) throws Exception {
            ChildReaper.Watch watch = ChildReaper.watchThisJvm(Path.of(args[1]));
            Process child = new ProcessBuilder("sleep", "600").start();
            Process detaching = new ProcessBuilder("sh", "-c", "sleep 600 >/dev/null 2>&1 & echo $!").start();
            long detached = Long.parseLong(new String(detaching.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
            detaching.waitFor();
            // Named at once, as the stack names every process it starts: no sleep while the watchdog JVM starts up
            // (under load that took longer than any fixed pause, and the kill then left the child running).
            watch.watch(child.pid());
            watch.watch(detached);
            System.out.println("children " + child.pid() + " " + detached);
            System.out.flush();
            if (args[0].equals("throw")) {
                throw new IllegalStateException("the harness failed (as planned)");
            }
            Thread.sleep(Duration.ofMinutes(10).toMillis());
        }
    }
}
