package io.rosterbridge.infra.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import io.rosterbridge.infra.kafka.EmbeddedKafka;
import io.rosterbridge.infra.postgres.EmbeddedPostgresServer;

/** Kafka KRaft and PostgreSQL in this JVM, on free ports, with their data under {@code target/}. */
final class EmbeddedInfrastructure implements Infrastructure {

    private final Path root;
    private final EmbeddedKafka kafka;
    private final EmbeddedPostgresServer postgres;

    EmbeddedInfrastructure() {
        root = Path.of("target", "embedded-infra", UUID.randomUUID().toString()).toAbsolutePath();
        kafka = new EmbeddedKafka(root.resolve("kafka"), 0).start();
        postgres = EmbeddedPostgresServer.start(root.resolve("pg"), 0);
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String database(String name) {
        postgres.createDatabase(name);
        return postgres.jdbcUrl(name);
    }

    @Override
    public String dbUsername() {
        return postgres.username();
    }

    @Override
    public String dbPassword() {
        return postgres.password();
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
            deleteQuietly(root);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // target/ is cleaned by the next build anyway
        }
    }
}
