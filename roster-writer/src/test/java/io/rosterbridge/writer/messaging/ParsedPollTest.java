package io.rosterbridge.writer.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.rosterchanges.RosterMessage;
import io.rosterbridge.contracts.rosterchanges.RunCompleted;
import io.rosterbridge.writer.messaging.ParsedPoll.Accepted;
import io.rosterbridge.writer.messaging.ParsedPoll.Parsed;
import io.rosterbridge.writer.messaging.ParsedPoll.Rejected;
import io.rosterbridge.writer.service.Prepared;

/**
 * Background parsing keeps poll order across chunks, splits valid from invalid, lets the reader parse what the
 * background has not reached, and surfaces a parser failure.
 */
class ParsedPollTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static List<ConsumerRecord<String, String>> records(int n) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new ConsumerRecord<>("roster.changes", 0, i, "d", "payload-" + i));
        }
        return records;
    }

    /** Every 7th record is invalid; a valid one becomes a marker whose district is the record's offset. */
    private static Parsed parse(ConsumerRecord<String, String> record) {
        if (record.offset() % 7 == 3) {
            return new Rejected(record, "bad " + record.offset());
        }
        RosterMessage message = new RunCompleted(UUID.randomUUID(), UUID.randomUUID(), Long.toString(record.offset()),
                Instant.EPOCH, ChangeCounts.NONE, true);
        return new Accepted(record, Prepared.of(message));
    }

    @Test
    void messagesComeInPollOrderAcrossChunksWithTheInvalidOnesSetAside() {
        int n = ParsedPoll.CHUNK * 3 + 17;
        ParsedPoll poll = ParsedPoll.start(records(n), ParsedPollTest::parse, executor);

        List<String> streamed = new ArrayList<>();
        poll.messages().forEach(m -> streamed.add(m.message().districtId()));

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i % 7 != 3) {
                expected.add(Integer.toString(i));
            }
        }
        assertThat(streamed).isEqualTo(expected);
        assertThat(poll.accepted()).extracting(a -> a.prepared().message().districtId()).isEqualTo(expected);
        assertThat(poll.rejected()).extracting(r -> r.source().offset())
                .allMatch(offset -> offset % 7 == 3).hasSize(n - expected.size());
        // Iterating again gives the same messages: a retry of the transaction sees the same poll.
        List<String> again = new ArrayList<>();
        poll.messages().forEach(m -> again.add(m.message().districtId()));
        assertThat(again).isEqualTo(expected);
    }

    @Test
    void anEmptyPollHasNoMessages() {
        ParsedPoll poll = ParsedPoll.start(List.of(), ParsedPollTest::parse, executor);

        assertThat(poll.messages()).isEmpty();
        assertThat(poll.accepted()).isEmpty();
        assertThat(poll.rejected()).isEmpty();
    }

    @Test
    void theReaderParsesWhatTheBackgroundHasNotStarted() {
        int n = ParsedPoll.CHUNK * 2 + 1;
        ParsedPoll poll = ParsedPoll.start(records(n), ParsedPollTest::parse, task -> {
            // a background that never gets a thread
        });

        List<Prepared> streamed = new ArrayList<>();
        poll.messages().forEach(streamed::add);

        assertThat(streamed).hasSize(poll.accepted().size());
        assertThat(poll.accepted().size() + poll.rejected().size()).isEqualTo(n);
    }

    @Test
    void aParserFailureSurfacesWhenItsChunkIsReached() {
        ParsedPoll poll = ParsedPoll.start(records(ParsedPoll.CHUNK * 2), record -> {
            if (record.offset() == ParsedPoll.CHUNK + 5) {
                throw new IllegalStateException("parser bug");
            }
            return parse(record);
        }, executor);

        List<Prepared> seen = new ArrayList<>();
        assertThatThrownBy(() -> poll.messages().forEach(seen::add))
                .isInstanceOf(CompletionException.class).hasRootCauseMessage("parser bug");
        assertThat(seen).hasSizeLessThanOrEqualTo(ParsedPoll.CHUNK).isNotEmpty();
        assertThatThrownBy(poll::accepted).isInstanceOf(CompletionException.class);
    }
}
