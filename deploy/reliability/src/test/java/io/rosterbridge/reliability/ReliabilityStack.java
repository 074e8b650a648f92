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
import java.util.stream.Stream;

import io.rosterbridge.local.LocalStack;
import io.rosterbridge.local.StackPorts;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.SandboxOptions;
import io.rosterbridge.sandbox.SandboxWorld;

/**
 * The system under test, once per JVM: embedded Kafka and PostgreSQL and the staff OIDC provider (LocalStack),
 * the Clever sandbox IN this JVM (so trials change its world directly), and the packaged services as child
 * JVMs. Closed by a shutdown hook when the test JVM ends, so both test classes share one start.
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
    private boolean requestsStarted;

    private ReliabilityStack(HarnessSettings settings) {
        this.settings = settings;
        deleteRecursively(settings.dataDir());
        StackPorts ports = StackPorts.free();
        long begin = System.nanoTime();
        stack = new LocalStack(settings.repository(), settings.dataDir(), ports).startInfrastructure();
        sandbox = CleverSandbox.start(SandboxOptions.defaults()
                .withPort(ports.sandbox())
                .withDemoDistrict(false)
                .withClientId(stack.cleverClientId())
                .withClientSecret(stack.cleverClientSecret()));
        stack.startServices(List.of(FETCHER, WRITER));
        commands = new CommandPublisher(stack.kafkaBootstrapServers());
        events = new EventTap(stack.kafkaBootstrapServers());
        roster = new RosterTables(stack.jdbcUrl("roster_writer"));
        report = new TrialReport(settings);
        System.out.printf("[reliability] stack up in %.1f s (data in %s)%n", (System.nanoTime() - begin) / 1e9, settings.dataDir());
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
            stack.startServices(List.of(REQUESTS));
            requestsStarted = true;
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
