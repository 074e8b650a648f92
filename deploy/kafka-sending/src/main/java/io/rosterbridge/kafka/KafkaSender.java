package io.rosterbridge.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The one way to send keyed records and wait for the broker: one record ({@link #sendAndAwait}) or a batch sent
 * together and awaited together ({@link #batch}). A send returns only once the broker acknowledged it, so a caller
 * marks something done (an outbox row sent, an offset committed, fingerprints advanced) only when it is on Kafka.
 */
public final class KafkaSender {

    private KafkaSender() {
    }

    /** Sends one record and waits for its acknowledgement; throws {@link IllegalStateException} if none came in time. */
    public static void sendAndAwait(RecordSink sink, KeyedRecord record, Duration timeout) {
        Batch batch = batch(sink, timeout);
        batch.send(record);
        batch.await();
    }

    /** Sends {@code payload} as JSON, keyed, on the channel's topic, and waits for the acknowledgement. */
    public static void sendAndAwait(MutinyEmitter<String> channel, ObjectMapper json, String key, Object payload, Duration timeout) {
        sendAndAwait(RecordSink.channel(channel), KeyedRecord.json(json, null, key, payload), timeout);
    }

    /** A group of sends that go out at once and are awaited together. */
    public static Batch batch(RecordSink sink, Duration timeout) {
        return new Batch(sink, timeout);
    }

    /** Sends fired without waiting, then {@link #await()}ed all at once. Not thread-safe: one batch per sending thread. */
    public static final class Batch {

        private final RecordSink sink;
        private final Duration timeout;
        private final List<CompletableFuture<Void>> pending = new ArrayList<>();
        private final TreeSet<String> topics = new TreeSet<>();

        private Batch(RecordSink sink, Duration timeout) {
            this.sink = sink;
            this.timeout = timeout;
        }

        public void send(KeyedRecord record) {
            pending.add(sink.send(record).toCompletableFuture());
            if (record.topic() != null) {
                topics.add(record.topic());
            }
        }

        /** Waits until the broker acknowledged every send of the batch; throws if any failed or the timeout passed. */
        public void await() {
            try {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Kafka", e);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new IllegalStateException("Kafka did not acknowledge " + pending.size() + " record(s)"
                        + (topics.isEmpty() ? "" : " for " + String.join(", ", topics)) + ": " + cause, cause);
            } finally {
                pending.clear();
                topics.clear();
            }
        }
    }
}
