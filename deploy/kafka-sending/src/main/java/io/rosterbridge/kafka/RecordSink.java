package io.rosterbridge.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Where records go. Each send returns a stage that completes once the broker acknowledged the record (the channel or
 * producer is configured with acks=all) and fails when it did not; a send that cannot even start fails the stage too.
 */
@FunctionalInterface
public interface RecordSink {

    CompletionStage<Void> send(KeyedRecord record);

    /** A SmallRye Kafka channel: what a service declares in application.properties (its health checks included). */
    static RecordSink channel(MutinyEmitter<String> emitter) {
        return record -> {
            OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(record.key());
            if (record.headers() != null) {
                metadata.withHeaders(record.headers());
            }
            if (record.topic() != null) {
                metadata.withTopic(record.topic());
            }
            try {
                return emitter.sendMessage(Message.of(record.value()).addMetadata(metadata.build())).subscribeAsCompletionStage();
            } catch (RuntimeException e) { // buffer full or channel down: reported like a nack
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    /**
     * A plain producer, for a sender whose volume makes the channel's per-message overhead count (sync-fetcher sends a
     * whole page of changes at once). Every record must name its topic.
     */
    static RecordSink producer(Producer<String, String> producer) {
        return record -> {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            try {
                producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()),
                        (metadata, error) -> {
                            if (error == null) {
                                acked.complete(null);
                            } else {
                                acked.completeExceptionally(error);
                            }
                        });
            } catch (RuntimeException e) {
                acked.completeExceptionally(e);
            }
            return acked;
        };
    }
}
