package io.rosterbridge.requests.health;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.rosterbridge.requests.repository.OutboxMessage;

/** Not ready while outbox records wait too long: links, commands and events are not reaching Kafka. */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    static final Duration MAX_AGE = Duration.ofMinutes(5);

    @Override
    @Transactional
    public HealthCheckResponse call() {
        OutboxMessage oldest = OutboxMessage.find("sentAt is null order by id").firstResult();
        long pending = OutboxMessage.count("sentAt is null");
        boolean stuck = oldest != null && oldest.createdAt.isBefore(Instant.now().minus(MAX_AGE));
        return HealthCheckResponse.named("Outbox relay")
                .status(!stuck)
                .withData("pending", pending)
                .withData("oldestPending", oldest == null ? "none" : oldest.createdAt.toString())
                .build();
    }
}
