package io.rosterbridge.writer.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.rosterbridge.writer.service.LookAheadIterator;
import io.rosterbridge.writer.service.Prepared;

/**
 * A poll whose records are parsed in the background, one chunk after the other in poll order, so that the database
 * transaction can take the first valid messages while the later records are still being parsed: validation (pure
 * CPU in this process) overlaps with the database's work on the same cores. A chunk the background has not started
 * yet when the transaction needs it is parsed by the transaction's thread itself, so neither thread waits for the
 * other when the machine is busy.
 */
final class ParsedPoll {

    static final int CHUNK = 250;

    /** What validation made of one record. */
    sealed interface Parsed permits Accepted, Rejected {
    }

    /** A valid message, prepared for its write, and the record it came from. */
    record Accepted(ConsumerRecord<String, String> source, Prepared prepared) implements Parsed {
    }

    /** A record to dead-letter and why. */
    record Rejected(ConsumerRecord<String, String> source, String reason) implements Parsed {
    }

    private final List<ConsumerRecord<String, String>> records;
    private final Function<ConsumerRecord<String, String>, Parsed> parser;
    private final List<CompletableFuture<List<Parsed>>> chunks = new ArrayList<>();
    private final AtomicIntegerArray claimed;

    private ParsedPoll(List<ConsumerRecord<String, String>> records, Function<ConsumerRecord<String, String>, Parsed> parser) {
        this.records = records;
        this.parser = parser;
        for (int from = 0; from < records.size(); from += CHUNK) {
            chunks.add(new CompletableFuture<>());
        }
        this.claimed = new AtomicIntegerArray(chunks.size());
    }

    /** Starts parsing {@code records} on {@code executor}; a parser failure (a bug, not a bad record) fails its chunk. */
    static ParsedPoll start(List<ConsumerRecord<String, String>> records,
            Function<ConsumerRecord<String, String>, Parsed> parser, Executor executor) {
        ParsedPoll poll = new ParsedPoll(records, parser);
        if (!poll.chunks.isEmpty()) {
            executor.execute(() -> {
                for (int chunk = 0; chunk < poll.chunks.size(); chunk++) {
                    poll.parseUnlessClaimed(chunk);
                }
            });
        }
        return poll;
    }

    private void parseUnlessClaimed(int chunk) {
        if (!claimed.compareAndSet(chunk, 0, 1)) {
            return;
        }
        try {
            List<ConsumerRecord<String, String>> part = records.subList(chunk * CHUNK, Math.min((chunk + 1) * CHUNK, records.size()));
            List<Parsed> parsed = new ArrayList<>(part.size());
            for (ConsumerRecord<String, String> record : part) {
                parsed.add(parser.apply(record));
            }
            chunks.get(chunk).complete(parsed);
        } catch (Throwable e) {
            chunks.get(chunk).completeExceptionally(e);
        }
    }

    /** A chunk's outcome: parsed here if the background has not started it, else awaited. */
    private List<Parsed> chunk(int chunk) {
        parseUnlessClaimed(chunk);
        return chunks.get(chunk).join();
    }

    /** The valid messages in poll order; iterating waits for each chunk as it gets to it. */
    Iterable<Prepared> messages() {
        return () -> new LookAheadIterator<>() {
            private int chunk;
            private Iterator<Parsed> current = Collections.emptyIterator();

            @Override
            protected Prepared findNext() {
                while (true) {
                    if (current.hasNext()) {
                        if (current.next() instanceof Accepted accepted) {
                            return accepted.prepared();
                        }
                    } else if (chunk < chunks.size()) {
                        current = chunk(chunk++).iterator();
                    } else {
                        return null;
                    }
                }
            }
        };
    }

    /** The valid records in poll order; waits until the whole poll is parsed. */
    List<Accepted> accepted() {
        return all(Accepted.class);
    }

    /** The records that failed validation, in poll order; waits until the whole poll is parsed. */
    List<Rejected> rejected() {
        return all(Rejected.class);
    }

    private <T extends Parsed> List<T> all(Class<T> outcome) {
        List<T> all = new ArrayList<>();
        for (int chunk = 0; chunk < chunks.size(); chunk++) {
            for (Parsed parsed : chunk(chunk)) {
                if (outcome.isInstance(parsed)) {
                    all.add(outcome.cast(parsed));
                }
            }
        }
        return all;
    }
}
