package io.rosterbridge.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service run as a child JVM, its output in a log file, with a health URL to wait for. */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final String healthUrl;
    private final Path log;
    private Process process;

    public ServiceProcess(String name, List<String> command, Map<String, String> environment, String healthUrl, Path logDir) {
        this.name = name;
        this.command = command;
        this.environment = environment;
        this.healthUrl = healthUrl;
        this.log = logDir.resolve(name + ".log");
    }

    /**
     * A Quarkus fast-jar of {@code module} with the serial collector and the service's heap flags
     * ({@link #heapOptions}); each service's Kubernetes manifest sets the same flags through {@code JAVA_TOOL_OPTIONS}.
     */
    public static List<String> quarkusApp(Path repository, String module) {
        Path jar = repository.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests install)");
        }
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(heapOptions(module));
        command.addAll(List.of("-XX:+UseSerialGC", "-jar", jar.toString()));
        return command;
    }

    /**
     * A heap cap that keeps five JVMs comfortable on a laptop. The heap starts small ({@code -Xms64m}) and grows only
     * as the live data needs, so the serial collector does not touch the whole cap between collections. Except
     * roster-writer's: the polls it holds while applying outlive a small young generation, were promoted and then
     * cost a full collection about every second; a fixed young half of the heap lets them die young
     * (docs/benchmarks/end-to-end.md, issue 16).
     */
    static List<String> heapOptions(String module) {
        return switch (module) {
            case "roster-writer" -> List.of("-Xms192m", "-Xmx192m", "-Xmn96m");
            // Its live data at 1M users is a 29 MB snapshot and a few pages; a heap that may grow to 192 MB took its
            // peak RSS over the 384 MB request after a night of districts (docs/benchmarks/end-to-end.md, issue 16).
            case "sync-fetcher" -> List.of("-Xms64m", "-Xmx160m");
            default -> List.of("-Xms64m", "-Xmx192m");
        };
    }

    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public ServiceProcess start() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** Waits until the health URL answers 200, failing early if the process dies. */
    public void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(healthUrl))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " not healthy at " + healthUrl + " after " + timeout + "; see " + log);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL, as a crash would; for reliability trials. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!waitFor(Duration.ofSeconds(15))) {
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(5));
            }
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
