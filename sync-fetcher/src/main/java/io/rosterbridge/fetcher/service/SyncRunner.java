package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.LongConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.EventIds;
import io.rosterbridge.contracts.syncruns.SyncRunEvent.Fetched;
import io.rosterbridge.fetcher.client.CleverApiException;
import io.rosterbridge.fetcher.client.CleverClient;
import io.rosterbridge.fetcher.client.ListPage;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.mapping.CleverMapper;
import io.rosterbridge.fetcher.mapping.RecordCodec;
import io.rosterbridge.fetcher.mapping.RecordCodec.Encoded;
import io.rosterbridge.fetcher.mapping.RosterRecords.RosterRecord;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.repository.FingerprintRepository;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository.Link;
import io.rosterbridge.fetcher.repository.SyncRunRepository;

/**
 * Runs one sync of one district: district, licensed schools, then users, page by page, emitting only
 * what changed. Removals come only from a complete snapshot and are held when they look like a mistake.
 * Callers (the coordinator) guarantee one run per district at a time.
 */
@ApplicationScoped
public class SyncRunner {

    private static final Logger LOG = Logger.getLogger(SyncRunner.class);

    /** How a run ended. */
    public record Outcome(UUID runId, String status, ChangeCounts counts, String reason) {
    }

    private final CleverClient clever;
    private final FingerprintRepository fingerprints;
    private final SyncRunRepository runs;
    private final LinkedDistrictRepository links;
    private final EventSender sender;
    private final FetcherConfig config;
    private final HoldPolicy holdPolicy;

    public SyncRunner(CleverClient clever, FingerprintRepository fingerprints, SyncRunRepository runs, LinkedDistrictRepository links,
            EventSender sender, FetcherConfig config) {
        this.clever = clever;
        this.fingerprints = fingerprints;
        this.runs = runs;
        this.links = links;
        this.sender = sender;
        this.config = config;
        this.holdPolicy = new HoldPolicy(config.hold().maxRemovalShare(), config.hold().maxRemovals());
    }

    public Outcome run(RunRequest request) {
        String districtId = request.districtId();
        Instant startedAt = Instant.now();
        UUID runId = EventIds.newRunId(startedAt);
        long startNanos = System.nanoTime();
        long seq = runs.start(runId, districtId, request.trigger(), request.requestedBy(), request.reason(), startedAt);
        RunEvents events = new RunEvents(sender, runId, districtId, request.trigger());
        ChangeDetector detector = new ChangeDetector(fingerprints, sender, districtId, runId, seq);
        long[] fetched = new long[2]; // schools, users
        try {
            events.status("started", request.requestedBy(), null, null, null, request.reason());
            Link link = links.find(districtId).orElseThrow(() -> new RunFailure("district is not linked"));
            if (!link.active()) {
                throw new RunFailure("district link is " + link.status() + ", not active");
            }
            Set<String> licensed = link.licensedSchoolIds();
            long activeUsersBefore = fingerprints.countActive(districtId, "user");
            long activeSchoolsBefore = fingerprints.countActive(districtId, "school");

            detector.page(List.of(RecordCodec.encode(CleverMapper.district(clever.district(districtId)))));
            fetched[0] = fetchAll(districtId, "/schools", s -> CleverMapper.school(s, districtId, licensed), detector, null);
            boolean contacts = config.includeContacts();
            fetched[1] = fetchAll(districtId, "/users", u -> CleverMapper.user(u, districtId, licensed, contacts), detector,
                    users -> events.status("progress", request.requestedBy(), new Fetched(fetched[0], users), null, null, null));

            detector.drain(); // every page acknowledged and recorded before removals are computed
            // Removals only from a complete snapshot, and never from one that is suspiciously empty.
            if (fetched[1] == 0 && activeUsersBefore > 0) {
                throw new RunFailure("Clever returned no licensed users although " + activeUsersBefore + " are active; nobody removed");
            }
            if (fetched[0] == 0 && activeSchoolsBefore > 0) {
                throw new RunFailure("Clever returned no licensed schools although " + activeSchoolsBefore + " are active; nothing removed");
            }
            long userRemovals = fingerprints.countUnseen(districtId, "user", seq);
            Optional<String> hold = holdPolicy.holdReason(userRemovals, activeUsersBefore);
            Fetched total = new Fetched(fetched[0], fetched[1]);
            if (hold.isPresent()) {
                long heldRemovals = userRemovals + fingerprints.countUnseen(districtId, "school", seq)
                        + fingerprints.countUnseen(districtId, "district", seq);
                ChangeCounts emitted = detector.counts();
                events.rosterCompleted(emitted);
                runs.finish(runId, "held", Instant.now(), total.schools(), total.users(), emitted.created(), emitted.updated(), 0,
                        emitted.restored(), heldRemovals, hold.get());
                ChangeCounts wouldBe = new ChangeCounts(emitted.created(), emitted.updated(), heldRemovals, emitted.restored());
                events.status("held", request.requestedBy(), total, wouldBe, millisSince(startNanos), hold.get());
                LOG.warnf("Run %s of district %s held: %s", runId, districtId, hold.get());
                return new Outcome(runId, "held", wouldBe, hold.get());
            }
            detector.removeUnseen(seq);
            ChangeCounts counts = detector.counts();
            events.rosterCompleted(counts);
            runs.finish(runId, "completed", Instant.now(), total.schools(), total.users(), counts.created(), counts.updated(),
                    counts.removed(), counts.restored(), 0, null);
            events.status("completed", request.requestedBy(), total, counts, millisSince(startNanos), null);
            LOG.infof("Run %s of district %s completed in %d ms (%s): %s", runId, districtId, millisSince(startNanos), detector.timings(),
                    counts);
            return new Outcome(runId, "completed", counts, null);
        } catch (RuntimeException e) {
            String reason = e instanceof RunFailure || e instanceof CleverApiException
                    ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warnf("Run %s of district %s failed: %s", runId, districtId, reason);
            ChangeCounts counts = detector.counts();
            runs.finish(runId, "failed", Instant.now(), fetched[0], fetched[1], counts.created(), counts.updated(), 0,
                    counts.restored(), 0, reason);
            try {
                events.status("failed", request.requestedBy(), new Fetched(fetched[0], fetched[1]), counts, millisSince(startNanos), reason);
            } catch (RuntimeException sendFailure) {
                LOG.errorf("Could not publish failure of run %s: %s", runId, sendFailure.getMessage());
            }
            return new Outcome(runId, "failed", counts, reason);
        } finally {
            detector.close();
        }
    }

    /**
     * Pages through a list, following links.next; returns how many records were kept. The next page is
     * fetched, parsed, mapped and fingerprinted on a helper thread while the current page is compared,
     * sent and recorded, so at most two pages are in memory.
     */
    private <R extends RosterRecord> long fetchAll(String districtId, String resource, Function<JsonNode, R> mapper,
            ChangeDetector detector, LongConsumer afterPage) {
        Function<JsonNode, Encoded> encoder = node -> {
            R record = mapper.apply(node);
            return record == null ? null : RecordCodec.encode(record);
        };
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "clever-prefetch");
            t.setDaemon(true);
            return t;
        });
        try {
            long kept = 0;
            String first = clever.firstPage(resource);
            Future<ListPage<Encoded>> next = prefetch.submit(() -> clever.page(districtId, first, encoder));
            while (next != null) {
                ListPage<Encoded> page = await(next);
                String nextUri = page.next();
                next = nextUri == null ? null : prefetch.submit(() -> clever.page(districtId, nextUri, encoder));
                detector.page(page.items());
                kept += page.items().size();
                if (afterPage != null) {
                    afterPage.accept(kept);
                }
            }
            return kept;
        } finally {
            prefetch.shutdownNow();
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunFailure("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
