package io.rosterbridge.infra.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The opt-in path where a Docker engine exists: the same tests against Testcontainers' Kafka and PostgreSQL. */
final class ContainerInfrastructure implements Infrastructure {

    private final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");
    private final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17");

    ContainerInfrastructure() {
        kafka.start();
        postgres.start();
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String database(String name) {
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), dbUsername(), dbPassword());
                Statement s = c.createStatement()) {
            if (!s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'").next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getFirstMappedPort() + "/" + name;
    }

    @Override
    public String dbUsername() {
        return postgres.getUsername();
    }

    @Override
    public String dbPassword() {
        return postgres.getPassword();
    }

    @Override
    public void close() {
        kafka.stop();
        postgres.stop();
    }
}
