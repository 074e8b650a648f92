package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.rosterbridge.clever.CleverApiException;
import io.rosterbridge.clever.CleverClient;
import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.syncruns.SyncRunEvent.Fetched;
import io.rosterbridge.contracts.EventIds;
import io.rosterbridge.fetcher.client.ListPage;
import io.rosterbridge.fetcher.client.PageReader;
import io.rosterbridge.fetcher.client.PageReader.ItemReader;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.mapping.CleverMapper;
import io.rosterbridge.fetcher.mapping.RecordCodec;
import io.rosterbridge.fetcher.mapping.RecordCodec.Encoded;
import io.rosterbridge.fetcher.mapping.RosterRecords.RosterRecord;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.repository.FingerprintRepository;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository.Link;
import io.rosterbridge.fetcher.repository.RunStatus;
import io.rosterbridge.fetcher.repository.SyncRunRepository;
import io.rosterbridge.fetcher.repository.SyncRunRepository.RunResult;
import io.rosterbridge.fetcher.service.RosterSnapshot.Unseen;
import io.rosterbridge.fetcher.service.StageTimes.Stage;

/**
 * Runs one sync of one district: load the district's snapshot, page through the district, its licensed
 * schools and its users emitting only what changed, then remove what the complete snapshot no longer
 * has, or hold the removals when they look like a mistake. Callers (the coordinator) guarantee one run
 * per district at a time.
 */
@ApplicationScoped
public class SyncRunner {

    private static final Logger LOG = Logger.getLogger(SyncRunner.class);

    /** How a run ended. */
    public record Outcome(UUID runId, RunStatus status, ChangeCounts counts, String reason) {
    }

    /** One run in progress: its ids, events, timers and what it has fetched so far. */
    private static final class Run {
        final RunRequest request;
        final UUID runId;
        final long startNanos = System.nanoTime();
        final StageTimes times = new StageTimes();
        final RunEvents events;
        long schools;
        long users;

        Run(RunRequest request, UUID runId, EventSender sender) {
            this.request = request;
            this.runId = runId;
            this.events = new RunEvents(sender, runId, request.districtId(), request.trigger());
        }

        String districtId() {
            return request.districtId();
        }

        Fetched fetched() {
            return new Fetched(schools, users);
        }

        long millis() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }
    }

    private final CleverClient clever;
    private final PageReader pages;
    private final FingerprintRepository fingerprints;
    private final SyncRunRepository runs;
    private final LinkedDistrictRepository links;
    private final EventSender sender;
    private final FetcherConfig config;
    private final HoldPolicy holdPolicy;
    private final BackToSchoolWindows windows;

    public SyncRunner(CleverClient clever, PageReader pages, FingerprintRepository fingerprints, SyncRunRepository runs,
            LinkedDistrictRepository links, EventSender sender, FetcherConfig config, BackToSchoolWindows windows) {
        this.clever = clever;
        this.pages = pages;
        this.fingerprints = fingerprints;
        this.runs = runs;
        this.links = links;
        this.sender = sender;
        this.config = config;
        this.holdPolicy = new HoldPolicy(config.hold().maxRemovalShare(), config.hold().maxRemovals());
        this.windows = windows;
    }

    /** Runs the sync; {@code started} is told the run's id once its row is stored, before anything is fetched. */
    public Outcome run(RunRequest request, Consumer<UUID> started) {
        Instant startedAt = Instant.now();
        Run run = new Run(request, EventIds.newRunId(startedAt), sender);
        runs.start(run.runId, request.districtId(), request.trigger(), request.requestedBy(), request.reason(), startedAt);
        ChangeDetector detector = null;
        RosterSnapshot snapshot = null;
        try {
            started.accept(run.runId);
            run.events.started(request.requestedBy(), request.reason());
            Link link = activeLink(request.districtId());
            snapshot = loadSnapshot(run);
            detector = new ChangeDetector(fingerprints, sender, run.districtId(), run.runId, snapshot, run.times);
            fetchAndCompare(run, link.licensedSchoolIds(), detector);
            detector.drain(); // every page acknowledged and stored before removals are computed
            releaseHeldRecordsSeenAgain(run.districtId(), snapshot);
            return finishCompleteSnapshot(run, snapshot, detector.counts());
        } catch (RuntimeException e) {
            releaseAfterFailure(run, snapshot);
            return fail(run, detector == null ? ChangeCounts.NONE : detector.counts(), e);
        } finally {
            if (detector != null) {
                detector.close();
            }
        }
    }

    private Link activeLink(String districtId) {
        Link link = links.find(districtId).orElseThrow(() -> new RunFailure("district is not linked"));
        if (!link.active()) {
            throw new RunFailure("district link is " + link.status() + ", not active");
        }
        return link;
    }

    private RosterSnapshot loadSnapshot(Run run) {
        long start = System.nanoTime();
        RosterSnapshot snapshot = RosterSnapshot.load(fingerprints, run.districtId());
        run.times.lap(Stage.SNAPSHOT_LOAD, start);
        return snapshot;
    }

    /** The district, then its licensed schools, then its users, each compared and its changes sent. */
    private void fetchAndCompare(Run run, Set<String> licensed, ChangeDetector detector) {
        String districtId = run.districtId();
        detector.page(List.of(RecordCodec.encode(CleverMapper.district(clever.districtData(districtId)))));
        run.schools = fetchAll(run, "/schools", s -> CleverMapper.school(s, districtId, licensed), detector, null);
        boolean contacts = config.includeContacts();
        fetchAll(run, "/users", u -> CleverMapper.user(u, districtId, licensed, contacts), detector, users -> {
            run.users = users;
            run.events.progress(run.request.requestedBy(), run.fetched());
        });
    }

    /** A held record Clever sent again is no longer a removal for any held run to approve. */
    private void releaseHeldRecordsSeenAgain(String districtId, RosterSnapshot snapshot) {
        List<String> seenAgain = new ArrayList<>();
        for (String id : fingerprints.heldIn(districtId)) {
            int index = snapshot.indexOf(id);
            if (index >= 0 && snapshot.seen(index)) {
                seenAgain.add(id);
            }
        }
        fingerprints.releaseHeld(districtId, seenAgain);
    }

    /** What a failed run saw is still in Clever: release it from held removals too, if the database lets us. */
    private void releaseAfterFailure(Run run, RosterSnapshot snapshot) {
        if (snapshot == null) {
            return;
        }
        try {
            releaseHeldRecordsSeenAgain(run.districtId(), snapshot);
        } catch (RuntimeException e) {
            LOG.warnf("Run %s of district %s could not release held records it saw: %s", run.runId, run.districtId(), e.getMessage());
        }
    }

    /** Removals only from a complete snapshot, never from a suspiciously empty one, and held when they look like a mistake. */
    private Outcome finishCompleteSnapshot(Run run, RosterSnapshot snapshot, ChangeCounts emitted) {
        long activeUsersBefore = snapshot.countActive("user");
        if (run.users == 0 && activeUsersBefore > 0) {
            throw new RunFailure("Clever returned no licensed users although " + activeUsersBefore + " are active; nobody removed");
        }
        long activeSchoolsBefore = snapshot.countActive("school");
        if (run.schools == 0 && activeSchoolsBefore > 0) {
            throw new RunFailure("Clever returned no licensed schools although " + activeSchoolsBefore + " are active; nothing removed");
        }
        List<Unseen> unseen = snapshot.unseenActive();
        List<String> unseenIds = unseen.stream().map(Unseen::entityId).sorted().toList();
        long userRemovals = unseen.stream().filter(u -> "user".equals(u.entityType())).count();
        Optional<String> hold = holdPolicy.holdReason(userRemovals, activeUsersBefore)
                .or(() -> windows.removalHold(run.districtId(), unseenIds.size(), Instant.now()));
        if (hold.isPresent()) {
            return hold(run, emitted, unseenIds, hold.get());
        }
        long start = System.nanoTime();
        long removed = new Removals(fingerprints, sender).remove(run.runId, run.districtId(), unseenIds);
        run.times.lap(Stage.REMOVALS, start);
        ChangeCounts counts = new ChangeCounts(emitted.created(), emitted.updated(), removed, emitted.restored());
        // the row first: a fetcher that dies after it leaves an ended run, whose marker and status a taker-over sends again
        runs.finish(run.runId, result(run, RunStatus.COMPLETED, counts, 0, null));
        run.events.rosterCompleted(RunStatus.COMPLETED, counts);
        run.events.status(RunStatus.COMPLETED, run.request.requestedBy(), run.fetched(), counts, run.millis(), null);
        LOG.infof("Run %s of district %s completed in %d ms: %s; stages: %s", run.runId, run.districtId(), run.millis(), counts, run.times);
        return new Outcome(run.runId, RunStatus.COMPLETED, counts, null);
    }

    /** The run's other changes went out; its removals wait for support, and the marker says none were made. */
    private Outcome hold(Run run, ChangeCounts emitted, List<String> unseenIds, String reason) {
        fingerprints.holdRemovals(run.runId, run.districtId(), unseenIds);
        runs.finish(run.runId, result(run, RunStatus.HELD, emitted, unseenIds.size(), reason));
        run.events.rosterCompleted(RunStatus.HELD, emitted);
        ChangeCounts wouldBe = new ChangeCounts(emitted.created(), emitted.updated(), unseenIds.size(), emitted.restored());
        run.events.status(RunStatus.HELD, run.request.requestedBy(), run.fetched(), wouldBe, run.millis(), reason);
        LOG.warnf("Run %s of district %s held: %s; stages: %s", run.runId, run.districtId(), reason, run.times);
        return new Outcome(run.runId, RunStatus.HELD, wouldBe, reason);
    }

    private Outcome fail(Run run, ChangeCounts emitted, RuntimeException e) {
        String reason = e instanceof RunFailure || e instanceof CleverApiException
                ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        LOG.warnf("Run %s of district %s failed: %s", run.runId, run.districtId(), reason);
        runs.finish(run.runId, result(run, RunStatus.FAILED, emitted, 0, reason));
        try {
            run.events.status(RunStatus.FAILED, run.request.requestedBy(), run.fetched(), emitted, run.millis(), reason);
        } catch (RuntimeException sendFailure) {
            LOG.errorf("Could not publish failure of run %s: %s", run.runId, sendFailure.getMessage());
        }
        return new Outcome(run.runId, RunStatus.FAILED, emitted, reason);
    }

    private static RunResult result(Run run, RunStatus status, ChangeCounts counts, long heldRemovals, String reason) {
        return new RunResult(status, Instant.now(), run.schools, run.users, counts.created(), counts.updated(), counts.removed(),
                counts.restored(), heldRemovals, reason);
    }

    /**
     * Pages through a list, following links.next; returns how many records were kept. The next page is
     * fetched, parsed, mapped and fingerprinted on a helper thread while the current page is compared and
     * sent, so at most two pages are in memory.
     */
    private <R extends RosterRecord> long fetchAll(Run run, String resource, ItemReader<R> mapper, ChangeDetector detector,
            LongConsumer afterPage) {
        String districtId = run.districtId();
        ItemReader<Encoded> encoder = data -> {
            R record = mapper.read(data);
            return record == null ? null : RecordCodec.encode(record);
        };
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "clever-prefetch");
            t.setDaemon(true);
            return t;
        });
        try {
            long kept = 0;
            Future<ListPage<Encoded>> next = prefetch.submit(() -> timedPage(run, districtId, pages.firstPage(resource), encoder));
            while (next != null) {
                long waitStart = System.nanoTime();
                ListPage<Encoded> page = await(next);
                run.times.lap(Stage.PAGE_WAIT, waitStart);
                String nextUri = page.next();
                next = nextUri == null ? null : prefetch.submit(() -> timedPage(run, districtId, nextUri, encoder));
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

    /** One page, its time split between Clever (request and bytes) and turning items into encoded records. */
    private ListPage<Encoded> timedPage(Run run, String districtId, String uri, ItemReader<Encoded> encoder) {
        long start = System.nanoTime();
        ListPage<Encoded> page = pages.stream(districtId, uri, encoder);
        run.times.add(Stage.CLEVER_PAGING, System.nanoTime() - start - page.itemNanos());
        run.times.add(Stage.PARSE, page.itemNanos());
        return page;
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
}
