package io.rosterbridge.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.rosterbridge.local.LocalStack;
import io.rosterbridge.local.StackPorts;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.SandboxOptions;
import io.rosterbridge.sandbox.SandboxWorld;

/**
 * The system under test, once per JVM: embedded Kafka and PostgreSQL and the staff OIDC provider (LocalStack),
 * the Clever sandbox IN this JVM (so trials change its world directly), and the packaged services as child
 * JVMs. Closed by a shutdown hook when the test JVM ends, so both test classes share one start; if the JVM is
 * killed instead, {@link ChildReaper}'s watchdog stops the child processes.
 */
final class ReliabilityStack {

    static final String FETCHER = "sync-fetcher";
    static final String WRITER = "roster-writer";
    static final String REQUESTS = "integration-requests";

    private static ReliabilityStack shared;

    final HarnessSettings settings;
    final LocalStack stack;
    final CleverSandbox sandbox;
    final CommandPublisher commands;
    final EventTap events;
    final RosterTables roster;
    final TrialReport report;
    private final ChildReaper.Watch children;
    private boolean requestsStarted;

    private ReliabilityStack(HarnessSettings settings) {
        this.settings = settings;
        deleteRecursively(settings.dataDir());
        System.out.printf("[reliability] base seed %d (trial seeds are %d * 1000 + n; rerun with -Dreliability.seed=%d)%n",
                settings.seed(), settings.seed(), settings.seed());
        // Before anything starts: whatever this JVM leaves running when it ends, even by SIGKILL, is stopped.
        children = ChildReaper.watchThisJvm(settings.dataDir().resolve("logs/child-reaper.log"));
        StackPorts ports = StackPorts.free();
        long begin = System.nanoTime();
        stack = new LocalStack(settings.repository(), settings.dataDir(), ports);
        CleverSandbox startedSandbox = null;
        try {
            stack.startInfrastructure();
            postmasterPid(settings.dataDir().resolve("postgres")).ifPresent(children::watch);
            startedSandbox = CleverSandbox.start(SandboxOptions.defaults()
                    .withPort(ports.sandbox())
                    .withDemoDistrict(false)
                    .withClientId(stack.cleverClientId())
                    .withClientSecret(stack.cleverClientSecret()));
            startServices(FETCHER, WRITER);
        } catch (RuntimeException e) {
            // A half-started stack is stopped here: no shutdown hook knows about it yet.
            if (startedSandbox != null) {
                startedSandbox.close();
            }
            stack.close();
            throw e;
        }
        sandbox = startedSandbox;
        // These trials check full syncs (a run's counts against what the writer applied): live updates from the
        // Events API would apply Clever's changes between runs, so the sandbox records no events here.
        sandbox.world().setEventsEnabled(false);
        commands = new CommandPublisher(stack.kafkaBootstrapServers());
        events = new EventTap(stack.kafkaBootstrapServers());
        roster = new RosterTables(stack.jdbcUrl("roster_writer"));
        report = new TrialReport(settings);
        System.out.printf("[reliability] stack up in %.1f s (data in %s)%n", (System.nanoTime() - begin) / 1e9, settings.dataDir());
    }

    /** PostgreSQL's server process: pg_ctl detaches it, so it is no descendant of this JVM. */
    static Optional<Long> postmasterPid(Path clusterDir) {
        try {
            List<String> lines = Files.readAllLines(clusterDir.resolve("postmaster.pid"));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            System.out.println("[reliability] PostgreSQL's pid not found (" + e + "); it is stopped by the shutdown hook only");
            return Optional.empty();
        }
    }

    static synchronized ReliabilityStack shared() {
        if (shared == null) {
            HarnessSettings settings = HarnessSettings.fromSystemProperties();
            ReliabilityStack started = new ReliabilityStack(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "reliability-stack-stop"));
            shared = started;
        }
        return shared;
    }

    SandboxWorld world() {
        return sandbox.world();
    }

    /** integration-requests is only needed by the bad-input suite; started on first use. */
    synchronized void ensureIntegrationRequests() {
        if (!requestsStarted) {
            startServices(REQUESTS);
            requestsStarted = true;
        }
    }

    /** Restarts a service (after a kill) and names the new process to the watchdog. */
    void restartService(String service) {
        children.watch(stack.restartService(service).pid());
    }

    /** Starts services and names each process to the watchdog at once, not only at its next snapshot. */
    private void startServices(String... services) {
        stack.startServices(List.of(services));
        for (String service : services) {
            children.watch(stack.process(service).pid());
        }
    }

    /** True when the service's readiness check answers 200. */
    boolean ready(String service) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(stack.serviceUrl(service) + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void close() {
        try {
            events.close();
            commands.close();
        } finally {
            sandbox.close();
            stack.close();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
