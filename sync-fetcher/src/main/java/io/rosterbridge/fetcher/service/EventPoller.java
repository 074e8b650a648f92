package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.rosterbridge.clever.CleverApiException;
import io.rosterbridge.clever.CleverClient;
import io.rosterbridge.contracts.ChangeCounts;
import io.rosterbridge.contracts.EventIds;
import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.EntityType;
import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.fetcher.client.ListPage;
import io.rosterbridge.fetcher.client.PageReader;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.mapping.CleverMapper;
import io.rosterbridge.fetcher.mapping.RecordCodec;
import io.rosterbridge.fetcher.mapping.RecordCodec.Encoded;
import io.rosterbridge.fetcher.mapping.RosterRecords.RosterRecord;
import io.rosterbridge.fetcher.messaging.EventSender;
import io.rosterbridge.fetcher.messaging.Topics;
import io.rosterbridge.fetcher.repository.EventCursorRepository;
import io.rosterbridge.fetcher.repository.EventCursorRepository.Cursor;
import io.rosterbridge.fetcher.repository.EventCursorRepository.State;
import io.rosterbridge.fetcher.repository.FingerprintRepository;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository.Link;
import io.rosterbridge.fetcher.repository.RunStatus;
import io.rosterbridge.fetcher.repository.SyncRunRepository;
import io.rosterbridge.fetcher.repository.SyncRunRepository.RunResult;
import io.rosterbridge.kafka.KafkaSender;

/**
 * Reads one live district's Clever events after its cursor, oldest first, and turns them into roster.changes with the
 * full sync's own mapping and fingerprints: each record touched by a page is mapped from the event's object as a
 * full sync maps it from the Data API (licensed schools, roles, contacts), then compared with its stored fingerprint,
 * so an event whose change is already applied emits nothing and a full sync afterwards finds nothing to change.
 * The cursor moves only after Kafka acknowledged the page's changes and their fingerprints are stored: a crash
 * replays the page, under the same run and change ids. Callers (the coordinator) keep full syncs of the district out.
 */
@ApplicationScoped
public class EventPoller {

    private static final Logger LOG = Logger.getLogger(EventPoller.class);

    /** What one poll did. */
    public record PollResult(int events, ChangeCounts counts, State state) {
        static PollResult idle(State state) {
            return new PollResult(0, ChangeCounts.NONE, state);
        }
    }

    private record Stored(String entityType, long fingerprint, boolean archived, boolean removing) {
    }

    /** The last event of a page about one record, and the record it leaves (null: gone for us). */
    private record Target(String entityId, String eventId, Encoded record) {
    }

    private final CleverClient clever;
    private final PageReader pages;
    private final FingerprintRepository fingerprints;
    private final EventCursorRepository cursors;
    private final LinkedDistrictRepository links;
    private final SyncRunRepository runs;
    private final EventSender sender;
    private final SyncCoordinator coordinator;
    private final FetcherConfig config;
    private final HoldPolicy holdPolicy;

    public EventPoller(CleverClient clever, PageReader pages, FingerprintRepository fingerprints, EventCursorRepository cursors,
            LinkedDistrictRepository links, SyncRunRepository runs, EventSender sender, SyncCoordinator coordinator,
            FetcherConfig config) {
        this.clever = clever;
        this.pages = pages;
        this.fingerprints = fingerprints;
        this.cursors = cursors;
        this.links = links;
        this.runs = runs;
        this.sender = sender;
        this.coordinator = coordinator;
        this.config = config;
        this.holdPolicy = new HoldPolicy(config.hold().maxRemovalShare(), config.hold().maxRemovals());
    }

    /** Polls the district if it is idle (no full sync running); returns whether a poll was started. */
    public boolean pollWhenIdle(String districtId) {
        return coordinator.submitIfIdle(districtId, () -> poll(districtId));
    }

    /** Reads and applies every event after the district's cursor, page by page. Call only while no sync of it runs. */
    PollResult poll(String districtId) {
        Optional<Cursor> found = cursors.find(districtId);
        if (found.isEmpty() || found.get().state() != State.LIVE) {
            return PollResult.idle(found.map(Cursor::state).orElse(null));
        }
        Optional<Link> link = links.find(districtId).filter(Link::active);
        if (link.isEmpty()) {
            return PollResult.idle(State.LIVE);
        }
        String cursor = found.get().lastEventId();
        int events = 0;
        ChangeCounts counts = ChangeCounts.NONE;
        while (true) {
            ListPage<JsonNode> page;
            try {
                page = pages.page(districtId, pageUri(cursor), n -> n);
            } catch (CleverApiException e) {
                if (e.status() == 404) {
                    return cursorLost(districtId, events, counts);
                }
                throw e;
            }
            if (page.items().isEmpty()) {
                cursors.polled(districtId, Instant.now());
                return new PollResult(events, counts, State.LIVE);
            }
            PageOutcome outcome = apply(districtId, link.get(), cursor, page.items());
            events += page.items().size();
            counts = plus(counts, outcome.counts);
            JsonNode last = page.items().get(page.items().size() - 1);
            cursor = last.get("id").asText();
            cursors.advance(districtId, cursor, created(last), Instant.now());
            if (outcome.holdReason != null) {
                cursors.setState(districtId, State.PAUSED, "live updates paused: " + outcome.holdReason, Instant.now());
                return new PollResult(events, counts, State.PAUSED);
            }
            if (page.items().size() < config.events().pageSize()) {
                return new PollResult(events, counts, State.LIVE);
            }
        }
    }

    private String pageUri(String cursor) {
        StringBuilder uri = new StringBuilder("/v3.0/events?limit=").append(config.events().pageSize())
                .append("&record_type=districts&record_type=schools&record_type=users");
        if (cursor != null) {
            uri.append("&starting_after=").append(cursor);
        }
        return clever.nextPage(uri.toString(), 1); // relative to the API host, as Clever's own links are
    }

    /** Clever no longer knows the cursor (older than its 30 days, or never known): only a full sync can close the gap. */
    private PollResult cursorLost(String districtId, int events, ChangeCounts counts) {
        cursors.setState(districtId, State.RESYNC, "Clever no longer has the event after which live updates stood (older "
                + "than 30 days or unknown): a full sync, then live updates again", Instant.now());
        coordinator.requestSync(new RunRequest(districtId, RunRequest.EVENTS, null, "event cursor unknown at Clever"));
        LOG.warnf("District %s: event cursor unknown at Clever, full sync requested", districtId);
        return new PollResult(events, counts, State.RESYNC);
    }

    private record PageOutcome(ChangeCounts counts, String holdReason) {
    }

    private PageOutcome apply(String districtId, Link link, String startCursor, List<JsonNode> events) {
        Map<String, Target> targets = targets(districtId, link, events);
        Map<String, Stored> stored = new HashMap<>();
        fingerprints.forEachOf(districtId, targets.keySet(),
                (id, type, fingerprint, archived, removing) -> stored.put(id, new Stored(type, fingerprint, archived, removing)));
        // the same page read again after a crash gets the same run id, so its changes keep their ids
        UUID runId = EventIds.replayableRunId("events/" + districtId + "/" + startCursor, created(events.get(0)));

        List<Encoded> createdRecords = new ArrayList<>();
        List<Encoded> changedRecords = new ArrayList<>();
        List<String> present = new ArrayList<>();
        List<String> removals = new ArrayList<>();
        long userRemovals = 0;
        long created = 0;
        long updated = 0;
        long restored = 0;
        KafkaSender.Batch batch = sender.batch();
        Instant now = Instant.now();
        for (Target target : targets.values()) {
            Stored before = stored.get(target.entityId());
            if (target.record() == null) {
                if (before != null && !before.archived()) {
                    removals.add(target.entityId());
                    userRemovals += "user".equals(before.entityType()) ? 1 : 0;
                }
                continue;
            }
            present.add(target.entityId());
            String change;
            if (before == null) {
                change = ChangeDetector.CREATED;
                created++;
                createdRecords.add(target.record());
            } else if (before.archived() || before.removing()) {
                change = ChangeDetector.RESTORED;
                restored++;
                changedRecords.add(target.record());
            } else if (before.fingerprint() != target.record().fingerprint()) {
                change = ChangeDetector.UPDATED;
                updated++;
                changedRecords.add(target.record());
            } else {
                continue; // already applied (a full sync or an earlier poll saw this state)
            }
            Encoded record = target.record();
            // the event id is part of the change's identity: a replay that folds in a later event sends a new change
            batch.send(sender.record(Topics.ROSTER_CHANGES, districtId, RosterChange.ofEncoded(
                    EventIds.changeId(runId, change, record.id() + "@" + target.eventId()), runId, districtId,
                    ChangeType.fromWire(change).orElseThrow(), EntityType.fromWire(record.entityType()).orElseThrow(),
                    record.id(), now, record.json())));
        }
        batch.await();
        fingerprints.saveEmitted(districtId, createdRecords, changedRecords);
        fingerprints.releaseHeld(districtId, present);

        long removed = 0;
        String holdReason = null;
        if (!removals.isEmpty()) {
            Instant windowStart = now.minus(config.events().removalWindow());
            long recent = cursors.removalsSince(districtId, windowStart);
            long activeUsers = fingerprints.countActiveUsers(districtId);
            holdReason = holdPolicy.holdReason(recent + userRemovals, activeUsers + recent).map(r -> "Clever's events within "
                    + config.events().removalWindow() + " " + r).orElse(null);
            if (holdReason != null) {
                hold(runId, districtId, removals, new ChangeCounts(created, updated, 0, restored), holdReason);
            } else {
                removed = new Removals(fingerprints, sender).remove(runId, districtId, removals);
                cursors.recordRemovals(districtId, removals.stream().filter(id -> "user".equals(stored.get(id).entityType())).toList(),
                        now);
            }
        }
        return new PageOutcome(new ChangeCounts(created, updated, removed, restored), holdReason);
    }

    /** The final state of every record the page touches, in the order of each record's last event. */
    private Map<String, Target> targets(String districtId, Link link, List<JsonNode> events) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (JsonNode event : events) {
            String type = event.path("type").asText();
            JsonNode object = event.path("data").path("object");
            if (!object.hasNonNull("id")) {
                continue;
            }
            String id = object.get("id").asText();
            boolean deleted = type.endsWith(".deleted");
            RosterRecord record;
            if (type.startsWith("users.")) {
                record = deleted ? null : CleverMapper.user(object, districtId, link.licensedSchoolIds(), config.includeContacts());
            } else if (type.startsWith("schools.")) {
                record = deleted ? null : CleverMapper.school(object, districtId, link.licensedSchoolIds());
            } else if (type.startsWith("districts.") && !deleted && districtId.equals(id)) {
                record = CleverMapper.district(object);
            } else {
                continue; // a district is never removed by an event, and other record types are not rostered
            }
            targets.remove(id); // re-inserted last: changes go out in the order of each record's last event
            targets.put(id, new Target(id, event.get("id").asText(), record == null ? null : RecordCodec.encode(record)));
        }
        return targets;
    }

    /** Holds the page's removals for review as a held run (trigger events), exactly as a full sync's would be. */
    private void hold(UUID runId, String districtId, List<String> removals, ChangeCounts emitted, String reason) {
        Instant now = Instant.now();
        if (runs.find(runId).isEmpty()) {
            runs.start(runId, districtId, RunRequest.EVENTS, null, "live updates", now);
        }
        fingerprints.holdRemovals(runId, districtId, removals);
        runs.finish(runId, new RunResult(RunStatus.HELD, now, 0, 0, emitted.created(), emitted.updated(), 0, emitted.restored(),
                removals.size(), reason));
        RunEvents events = new RunEvents(sender, runId, districtId, RunRequest.EVENTS);
        events.status(RunStatus.HELD, null, null, new ChangeCounts(emitted.created(), emitted.updated(), removals.size(),
                emitted.restored()), null, reason);
        LOG.warnf("District %s: live updates paused, %d removals held: %s", districtId, removals.size(), reason);
    }

    private static Instant created(JsonNode event) {
        JsonNode created = event.get("created");
        try {
            return created == null ? Instant.now() : Instant.parse(created.asText());
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    private static ChangeCounts plus(ChangeCounts a, ChangeCounts b) {
        return new ChangeCounts(a.created() + b.created(), a.updated() + b.updated(), a.removed() + b.removed(),
                a.restored() + b.restored());
    }
}
