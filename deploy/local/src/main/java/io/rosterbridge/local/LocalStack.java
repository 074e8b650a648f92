package io.rosterbridge.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.rosterbridge.infra.kafka.EmbeddedKafka;
import io.rosterbridge.infra.oidc.StaffIdentityProvider;
import io.rosterbridge.infra.postgres.EmbeddedPostgresServer;

/**
 * The whole system on one machine without Docker: Kafka (KRaft), PostgreSQL, the staff OIDC provider,
 * the Clever sandbox with its demo district, and the four services as child JVMs.
 */
public final class LocalStack implements AutoCloseable {

    public static final Set<String> TOPICS = Set.of("roster.changes", "sync.runs", "sync.requests", "district.links",
            "roster.applied", "roster.dead-letter", "integration-requests.dead-letter", "sync-fetcher.dead-letter",
            "sso-gateway.dead-letter", "login.audit", "integration.events");
    public static final Set<String> COMPACTED_TOPICS = Set.of("district.links");
    /**
     * roster.changes has 12 partitions as in deploy/kubernetes/topics.yaml, so writer replicas apply different districts
     * in parallel (every record is keyed by its district, so a district's order holds); the other topics have 3.
     */
    public static final Map<String, Integer> PARTITIONS = Map.of("roster.changes", 12);
    public static final int DEFAULT_PARTITIONS = 3;
    /** sso-gateway's redirect URI path, registered at Clever (the sandbox) as the primary redirect URI. */
    public static final String GATEWAY_CALLBACK_PATH = "/auth/callback";
    public static final List<String> SERVICES = List.of("integration-requests", "sync-fetcher", "roster-writer", "sso-gateway");
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(300);

    private final Path repository;
    private final Path dataDir;
    private final StackPorts ports;
    private final String cleverClientId;
    private final String cleverClientSecret;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private boolean interactiveStaffLogin;
    private final Map<String, Map<String, String>> extraEnvironment = new HashMap<>();
    private EmbeddedKafka kafka;
    private EmbeddedPostgresServer postgres;
    private StaffIdentityProvider staffOidc;

    public LocalStack(Path repository, Path dataDir, StackPorts ports) {
        this.repository = repository.toAbsolutePath();
        this.dataDir = dataDir.toAbsolutePath();
        this.ports = ports;
        // Dev credentials are made up at each start; nothing secret lives in the repository.
        this.cleverClientId = "rosterbridge-" + randomHex(6);
        this.cleverClientSecret = randomHex(24);
    }

    /** A person signs in to the support console on a login page, instead of tokens issued without asking. */
    public LocalStack withInteractiveStaffLogin() {
        interactiveStaffLogin = true;
        return this;
    }

    /** One more environment variable for a service started after this (a test's own setting, e.g. a poll interval). */
    public LocalStack withServiceEnvironment(String module, String name, String value) {
        extraEnvironment.computeIfAbsent(module, m -> new HashMap<>()).put(name, value);
        return this;
    }

    /** Starts the infrastructure only (broker, database, staff identity provider). */
    public LocalStack startInfrastructure() {
        kafka = track(new EmbeddedKafka(dataDir.resolve("kafka"), ports.kafka()).start());
        kafka.createTopics(TOPICS.stream().collect(Collectors.toMap(t -> t, LocalStack::partitions)), COMPACTED_TOPICS);
        postgres = track(EmbeddedPostgresServer.start(dataDir.resolve("postgres"), ports.postgres()));
        SERVICES.forEach(service -> postgres.createDatabase(service.replace('-', '_')));
        staffOidc = track(new StaffIdentityProvider(interactiveStaffLogin).start(ports.staffOidc()));
        return this;
    }

    /** Starts the sandbox and the four services, then waits until each one reports healthy. */
    public LocalStack startServices() {
        startSandbox();
        return startServices(SERVICES);
    }

    /** Starts the Clever sandbox with its demo district and waits for it. */
    public LocalStack startSandbox() {
        ServiceProcess sandbox = new ServiceProcess("clever-sandbox", sandboxCommand(), sandboxEnvironment(),
                sandboxUrl() + "/sandbox", dataDir.resolve("logs"));
        launch(sandbox).awaitHealthy(HEALTH_TIMEOUT);
        return this;
    }

    /** Starts the named services side by side and waits until each one reports healthy. */
    public LocalStack startServices(List<String> names) {
        List<ServiceProcess> launched = names.stream().map(name -> launch(service(name))).toList();
        CompletableFuture.allOf(launched.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitHealthy(HEALTH_TIMEOUT)))
                .toArray(CompletableFuture[]::new)).join();
        return this;
    }

    /**
     * Starts {@code count} replicas of one service side by side and waits until each reports healthy: the first is the
     * service itself (its name and port), the others are named {@code <module>-2}… and listen on free ports. All share
     * the service's database, consumer groups and environment.
     */
    public List<ServiceProcess> startReplicas(String module, int count) {
        List<ServiceProcess> launched = new ArrayList<>();
        for (int replica = 1; replica <= count; replica++) {
            String name = replica == 1 ? module : module + "-" + replica;
            int port = replica == 1 ? servicePort(module) : StackPorts.freePort();
            launched.add(launch(service(module, name, port)));
        }
        CompletableFuture.allOf(launched.stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitHealthy(HEALTH_TIMEOUT)))
                .toArray(CompletableFuture[]::new)).join();
        return launched;
    }

    /** How many partitions the stack gives {@code topic}. */
    public static int partitions(String topic) {
        return PARTITIONS.getOrDefault(topic, DEFAULT_PARTITIONS);
    }

    /** Stops the broker and starts it again on the same data and ports, as an operator's restart would. */
    public void restartKafka() {
        EmbeddedKafka stopped = kafka;
        stopped.close();
        started.remove(stopped);
        kafka = track(new EmbeddedKafka(dataDir.resolve("kafka"), stopped.port(), stopped.controllerPort()).start());
    }

    /** Starts a stopped or killed service again with the same configuration and waits for it. */
    public ServiceProcess restartService(String name) {
        ServiceProcess old = services.get(name);
        if (old != null) {
            old.close();
            started.remove(old);
        }
        ServiceProcess fresh = launch(service(name));
        fresh.awaitHealthy(HEALTH_TIMEOUT);
        return fresh;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    /**
     * Waits until sync-fetcher holds {@code expected} active district links (a fleet's links, published before its
     * nightly firing) or {@code deadline} passes; returns how many it held at the end.
     */
    public int awaitActiveLinks(int expected, Instant deadline) throws SQLException, InterruptedException {
        int linked = 0;
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = DriverManager.getConnection(jdbcUrl("sync_fetcher"), "postgres", "postgres");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM linked_district WHERE status = 'active'")) {
                rs.next();
                linked = rs.getInt(1);
            }
            if (linked >= expected) {
                return linked;
            }
            Thread.sleep(500); // polling a table: nothing to await on
        }
        return linked;
    }

    public StaffIdentityProvider staffOidc() {
        return staffOidc;
    }

    public String sandboxUrl() {
        return "http://localhost:" + ports.sandbox();
    }

    public String serviceUrl(String name) {
        return "http://localhost:" + switch (name) {
            case "integration-requests" -> ports.integrationRequests();
            case "sync-fetcher" -> ports.syncFetcher();
            case "roster-writer" -> ports.rosterWriter();
            case "sso-gateway" -> ports.ssoGateway();
            default -> throw new IllegalArgumentException(name);
        };
    }

    public ServiceProcess process(String name) {
        return services.get(name);
    }

    /** Where a student lands after logging in on this stack (the platform's student app in production). */
    public String studentAppUrl() {
        return serviceUrl("sso-gateway") + "/app?app=student";
    }

    public StackPorts ports() {
        return ports;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String cleverClientId() {
        return cleverClientId;
    }

    public String cleverClientSecret() {
        return cleverClientSecret;
    }

    /** What a person needs to find their way around, printed once everything is healthy. */
    public String urls() {
        return String.join(System.lineSeparator(),
                "Rosterbridge is running (data in " + dataDir + ")",
                "  Intake form            " + serviceUrl("integration-requests") + "/",
                "  Support console        " + serviceUrl("integration-requests") + "/support",
                "  Log in with Clever     " + serviceUrl("sso-gateway") + "/login   (pick Ava Chen, a demo student)",
                "  Clever Portal launch   " + sandboxUrl() + "/oauth/instant-login?client_id=" + cleverClientId(),
                "  Clever sandbox admin   " + sandboxUrl() + "/sandbox",
                "  Staff OIDC provider    " + staffOidc.issuerUrl(),
                "  Kafka                  " + kafka.bootstrapServers(),
                "  PostgreSQL             " + postgres.jdbcUrl("<service database>"),
                "Logs: " + dataDir.resolve("logs") + "    Stop: Ctrl-C");
    }

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::close);
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("While stopping: " + e);
            }
        }
    }

    private ServiceProcess launch(ServiceProcess process) {
        services.put(process.name(), process);
        started.add(process);
        return process.start();
    }

    private ServiceProcess service(String module) {
        return service(module, module, servicePort(module));
    }

    private int servicePort(String module) {
        return Integer.parseInt(serviceUrl(module).substring(serviceUrl(module).lastIndexOf(':') + 1));
    }

    private ServiceProcess service(String module, String processName, int port) {
        String database = module.replace('-', '_');
        Map<String, String> env = new HashMap<>(serviceSpecificEnvironment(module));
        env.put("STAFF_OIDC_URL", staffOidc.issuerUrl());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        // glibc gives each thread that mallocs an arena of its own; two keep a JVM's native memory ~20 MB smaller
        // (sync-fetcher's peak RSS at 1M users, docs/benchmarks/end-to-end.md). The manifests set the same.
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("DB_URL", postgres.jdbcUrl(database));
        env.put("DB_USER", postgres.username());
        env.put("DB_PASSWORD", postgres.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("CLEVER_API_BASE_URL", sandboxUrl());
        env.put("CLEVER_OAUTH_BASE_URL", sandboxUrl());
        env.put("CLEVER_CLIENT_ID", cleverClientId);
        env.put("CLEVER_CLIENT_SECRET", cleverClientSecret);
        env.putAll(extraEnvironment.getOrDefault(module, Map.of()));
        return new ServiceProcess(processName, ServiceProcess.quarkusApp(repository, module), env,
                "http://localhost:" + port + "/q/health/ready", dataDir.resolve("logs"));
    }

    /** What differs per service beyond the common settings: its staff-provider client and its peers. */
    private Map<String, String> serviceSpecificEnvironment(String module) {
        return switch (module) {
            case "integration-requests" -> Map.of(
                    "STAFF_OIDC_CLIENT_SECRET", randomHex(16),
                    "FETCHER_API_URL", serviceUrl("sync-fetcher"),
                    "PUBLIC_BASE_URL", serviceUrl("integration-requests"),
                    // The console's person pages read the roster.
                    "ROSTER_API_URL", serviceUrl("roster-writer"),
                    // No SMTP server locally: mails are written to the service log instead.
                    "QUARKUS_MAILER_MOCK", "true");
            case "sso-gateway" -> Map.of(
                    "ROSTER_API_URL", serviceUrl("roster-writer"),
                    "ROSTER_CLIENT_SECRET", randomHex(16),
                    // Plain http on localhost: cookies marked Secure would never come back.
                    "GATEWAY_SESSION_SECURE_COOKIE", "false",
                    "QUARKUS_OIDC_AUTHENTICATION_COOKIE_FORCE_SECURE", "false",
                    // The platform's apps are not part of this stack: land on the gateway's landing page (who is signed in, log out).
                    "GATEWAY_STUDENT_APP_URL", studentAppUrl(),
                    "GATEWAY_STAFF_APP_URL", serviceUrl("sso-gateway") + "/app?app=staff");
            // No default back-to-school window: tests and trials must not behave differently in summer; support sets
            // a district's window in the console.
            case "sync-fetcher" -> Map.of("FETCHER_BACK_TO_SCHOOL_DEFAULT_ENABLED", "false");
            default -> Map.of();
        };
    }

    private List<String> sandboxCommand() {
        Path jar = repository.resolve("deploy/clever-sandbox/target/clever-sandbox.jar");
        return List.of(ServiceProcess.javaExecutable(), "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString());
    }

    private Map<String, String> sandboxEnvironment() {
        return Map.of(
                "SANDBOX_PORT", String.valueOf(ports.sandbox()),
                "CLEVER_CLIENT_ID", cleverClientId,
                "CLEVER_CLIENT_SECRET", cleverClientSecret,
                "SANDBOX_REDIRECT_URIS", serviceUrl("sso-gateway") + GATEWAY_CALLBACK_PATH);
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Path repository = Path.of(".");
        Path dataDir = Path.of(".local-data");
        boolean reset = false;
        boolean infraOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reset" -> reset = true;
                case "--infra-only" -> infraOnly = true;
                case "--data" -> dataDir = Path.of(args[++i]);
                case "--repository" -> repository = Path.of(args[++i]);
                default -> {
                    System.err.println("Usage: LocalStack [--data DIR] [--reset] [--infra-only] [--repository DIR]");
                    System.exit(2);
                }
            }
        }
        if (reset) {
            resetData(dataDir);
        }
        long begin = System.nanoTime();
        LocalStack stack = new LocalStack(repository, dataDir, StackPorts.fixed()).withInteractiveStaffLogin();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Rosterbridge…");
            stack.close();
        }, "local-stack-shutdown"));
        stack.startInfrastructure();
        if (!infraOnly) {
            stack.startServices();
            try {
                String district = new DemoOnboarding(stack).onboardDemoDistrict();
                System.out.println("Demo district \"" + district + "\" is onboarded and rostered.");
            } catch (IOException | RuntimeException e) {
                System.err.println("The demo district could not be onboarded (the stack is up; onboard it by hand): " + e.getMessage());
            }
        }
        System.out.println(stack.urls());
        System.out.printf("All healthy in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        Thread.currentThread().join();
    }

    /** Deletes a stack's data directory (broker log, database cluster, service logs), so the next start is empty. */
    public static void resetData(Path dir) {
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
