package io.rosterbridge.infra.testing;

/** The Kafka broker and PostgreSQL server that tests run against, embedded or in containers. */
public interface Infrastructure extends AutoCloseable {

    String kafkaBootstrapServers();

    /** Creates the database if needed and returns its JDBC URL. */
    String database(String name);

    String dbUsername();

    String dbPassword();

    @Override
    void close();
}
