package io.rosterbridge.infra.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the real broker and a real PostgreSQL database.
 * Init arg {@code database} names the service's own database (default {@code app}).
 */
public class RealInfraTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Infrastructure infra = SharedInfrastructure.get();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        config.put("quarkus.datasource.jdbc.url", infra.database(database));
        config.put("quarkus.datasource.username", infra.dbUsername());
        config.put("quarkus.datasource.password", infra.dbPassword());
        return config;
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stopped by SharedInfrastructure's shutdown hook.
    }
}
