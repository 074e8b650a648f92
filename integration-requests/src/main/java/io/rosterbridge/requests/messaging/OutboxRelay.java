package io.rosterbridge.requests.messaging;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.rosterbridge.kafka.KafkaSender;
import io.rosterbridge.kafka.KeyedRecord;
import io.rosterbridge.kafka.RecordSink;
import io.rosterbridge.requests.config.OutboxConfig;
import io.rosterbridge.requests.repository.OutboxMessage;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Sends outbox records to Kafka in commit order, each awaited (acks=all) before it is marked sent.
 * Runs right after every commit that wrote records, and on a schedule as a safety net. One batch
 * at a time across every replica: each batch first takes a transaction-scoped PostgreSQL advisory
 * lock, so a second replica waits for the first one's batch to commit and then sends what is left.
 * Row locks alone ({@code SKIP LOCKED}) would send no record twice but would let two replicas send
 * the next records of a key while the earlier ones are still going out (OutboxRelayReplicasTest):
 * district.links is compacted, so the link status sent last is the one that stays. A failed send
 * stops the batch so per-key order is kept, and it is retried later.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** acks=all (application.properties); each record names its topic. */
    @Inject
    @Channel(Topics.OUTBOX_CHANNEL)
    MutinyEmitter<String> records;

    @Inject
    EntityManager entityManager;

    @Inject
    OutboxConfig config;

    @Inject
    ManagedExecutor executor;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Written written) {
        executor.execute(this::flush);
    }

    @Scheduled(every = "{outbox.relay-interval}", delayed = "{outbox.relay-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        flush();
    }

    /** Relays everything unsent; a call while a relay is going makes that relay go round once more. */
    public void flush() {
        again.set(true);
        while (again.get() && running.compareAndSet(false, true)) {
            try {
                again.set(false);
                while (QuarkusTransaction.requiringNew().call(this::relayBatch) == config.batchSize()) {
                    // a full batch: there may be more
                }
            } catch (RuntimeException e) {
                LOG.warnf("Outbox relay stopped, will retry: %s", e.getMessage());
                return;
            } finally {
                running.set(false);
            }
        }
    }

    /** Unsent records still waiting (for health and tests). */
    @Transactional
    public long pending() {
        return OutboxMessage.count("sentAt is null");
    }

    @SuppressWarnings("unchecked")
    int relayBatch() {
        // Held until this batch commits or rolls back; another replica's batch waits here, then reads what is left.
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended('outbox_message relay', 0))").getSingleResult();
        List<OutboxMessage> batch = entityManager.createNativeQuery(
                "SELECT * FROM outbox_message WHERE sent_at IS NULL ORDER BY id LIMIT :limit FOR UPDATE",
                OutboxMessage.class)
                .setParameter("limit", config.batchSize())
                .getResultList();
        for (OutboxMessage message : batch) {
            send(message);
            message.sentAt = Instant.now();
        }
        return batch.size();
    }

    private void send(OutboxMessage message) {
        KafkaSender.sendAndAwait(RecordSink.channel(records), KeyedRecord.of(message.topic, message.recordKey, message.payload),
                config.ackTimeout());
    }
}
