package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.clever.CleverClient;
import io.rosterbridge.fetcher.client.ListPage;
import io.rosterbridge.fetcher.client.PageReader;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.mapping.CleverMapper;
import io.rosterbridge.fetcher.mapping.RecordCodec;
import io.rosterbridge.fetcher.mapping.RecordCodec.Encoded;
import io.rosterbridge.fetcher.mapping.RosterRecords.RosterRecord;
import io.rosterbridge.fetcher.repository.FingerprintRepository;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository.Link;
import io.rosterbridge.fetcher.service.RosterSnapshot.Unseen;

/**
 * A dry run: what a sync of the district would change now. It reads Clever and the district's stored
 * fingerprints and compares them with the full sync's own {@link ChangeDetector}, but emits nothing, writes
 * no fingerprint, holds nothing and records no run, so it may run beside a real run of the district (it only
 * reads; the snapshot is read in one transaction). One preview per district at a time.
 */
@ApplicationScoped
public class SyncPreview {

    /** How many changes of each kind are listed by name. */
    public static final int LISTED = 100;

    static final String REMOVED = Removals.REMOVED;
    private static final List<String> CHANGES = List.of(ChangeDetector.CREATED, ChangeDetector.UPDATED, REMOVED, ChangeDetector.RESTORED);

    private static final Logger LOG = Logger.getLogger(SyncPreview.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One changed record as support sees it. */
    public record Item(String entityType, String id, String name) {
    }

    /** Changes of one entity type. */
    public record Counts(long created, long updated, long removed, long restored) {
    }

    /**
     * The preview: counts per entity type (district, school, user), the first {@value #LISTED} changes of
     * each kind (created, updated, removed, restored) with names, and how the run would end: "completed",
     * "held" (removals wait for support; {@code reason} says why) or "failed" (nothing would be removed).
     */
    public record Preview(String districtId, Instant computedAt, long fetchedSchools, long fetchedUsers, Map<String, Counts> counts,
            Map<String, List<Item>> listed, String outcome, String reason) {
    }

    private final CleverClient clever;
    private final PageReader pages;
    private final FingerprintRepository fingerprints;
    private final LinkedDistrictRepository links;
    private final FetcherConfig config;
    private final BackToSchoolWindows windows;
    private final HoldPolicy holdPolicy;
    private final Set<String> previewing = ConcurrentHashMap.newKeySet();

    public SyncPreview(CleverClient clever, PageReader pages, FingerprintRepository fingerprints, LinkedDistrictRepository links,
            FetcherConfig config, BackToSchoolWindows windows) {
        this.clever = clever;
        this.pages = pages;
        this.fingerprints = fingerprints;
        this.links = links;
        this.config = config;
        this.windows = windows;
        this.holdPolicy = new HoldPolicy(config.hold().maxRemovalShare(), config.hold().maxRemovals());
    }

    public Preview preview(String districtId) {
        Link link = links.find(districtId)
                .orElseThrow(() -> new SupportException(SupportException.Kind.NOT_FOUND, "district " + districtId + " is not linked"));
        if (!link.active()) {
            throw new SupportException(SupportException.Kind.CONFLICT, "district " + districtId + " is " + link.status() + ", not active");
        }
        if (!previewing.add(districtId)) {
            throw new SupportException(SupportException.Kind.CONFLICT, "a preview of district " + districtId + " is already running");
        }
        try {
            long start = System.nanoTime();
            Preview preview = compute(districtId, link.licensedSchoolIds());
            LOG.infof("Preview of district %s in %d ms: %s", districtId, (System.nanoTime() - start) / 1_000_000, preview.outcome());
            return preview;
        } finally {
            previewing.remove(districtId);
        }
    }

    private Preview compute(String districtId, Set<String> licensed) {
        RosterSnapshot snapshot = RosterSnapshot.load(fingerprints, districtId);
        Collector collected = new Collector();
        try (ChangeDetector detector = ChangeDetector.preview(districtId, snapshot, collected::add)) {
            detector.page(List.of(RecordCodec.encode(CleverMapper.district(clever.districtData(districtId)))));
            long schools = readAll(districtId, "/schools", s -> CleverMapper.school(s, districtId, licensed), detector);
            boolean contacts = config.includeContacts();
            long users = readAll(districtId, "/users", u -> CleverMapper.user(u, districtId, licensed, contacts), detector);
            return finish(districtId, snapshot, collected, schools, users);
        }
    }

    /** The same guards and hold decisions as the end of a real run (SyncRunner), without acting on them. */
    private Preview finish(String districtId, RosterSnapshot snapshot, Collector collected, long schools, long users) {
        long activeUsersBefore = snapshot.countActive("user");
        long activeSchoolsBefore = snapshot.countActive("school");
        Instant now = Instant.now();
        if (users == 0 && activeUsersBefore > 0) {
            return collected.preview(districtId, now, schools, users, "failed",
                    "Clever returned no licensed users although " + activeUsersBefore + " are active; nobody would be removed");
        }
        if (schools == 0 && activeSchoolsBefore > 0) {
            return collected.preview(districtId, now, schools, users, "failed",
                    "Clever returned no licensed schools although " + activeSchoolsBefore + " are active; nothing would be removed");
        }
        List<Unseen> unseen = new ArrayList<>(snapshot.unseenActive());
        unseen.sort((a, b) -> a.entityId().compareTo(b.entityId()));
        List<String> named = unseen.stream().limit(LISTED).map(Unseen::entityId).toList();
        Map<String, String> records = named.isEmpty() ? Map.of() : fingerprints.recordsOf(districtId, named);
        for (Unseen gone : unseen) {
            collected.add(REMOVED, gone.entityType(), gone.entityId(), () -> records.get(gone.entityId()));
        }
        long userRemovals = unseen.stream().filter(u -> "user".equals(u.entityType())).count();
        Optional<String> hold = holdPolicy.holdReason(userRemovals, activeUsersBefore)
                .or(() -> windows.removalHold(districtId, unseen.size(), now));
        return hold.map(reason -> collected.preview(districtId, now, schools, users, "held", reason))
                .orElseGet(() -> collected.preview(districtId, now, schools, users, "completed", null));
    }

    /** Every page of a list, compared page by page; returns how many records were kept. */
    private <R extends RosterRecord> long readAll(String districtId, String resource, Function<JsonNode, R> mapper, ChangeDetector detector) {
        Function<JsonNode, Encoded> encoder = node -> {
            R record = mapper.apply(node);
            return record == null ? null : RecordCodec.encode(record);
        };
        long kept = 0;
        for (String uri = pages.firstPage(resource); uri != null; ) {
            ListPage<Encoded> page = pages.page(districtId, uri, encoder);
            detector.page(page.items());
            kept += page.items().size();
            uri = page.next();
        }
        return kept;
    }

    /** Counts every change and keeps the first {@value #LISTED} of each kind with the name from its record. */
    private static final class Collector {
        private final Map<String, long[]> counts = new LinkedHashMap<>();
        private final Map<String, List<Item>> listed = new LinkedHashMap<>();

        Collector() {
            for (String type : RosterSnapshot.TYPES) {
                counts.put(type, new long[CHANGES.size()]);
            }
            for (String change : CHANGES) {
                listed.put(change, new ArrayList<>());
            }
        }

        void add(String change, Encoded record) {
            add(change, record.entityType(), record.id(), record::json);
        }

        void add(String change, String entityType, String id, java.util.function.Supplier<String> recordJson) {
            counts.get(entityType)[CHANGES.indexOf(change)]++;
            List<Item> items = listed.get(change);
            if (items.size() < LISTED) {
                items.add(new Item(entityType, id, nameOf(recordJson.get())));
            }
        }

        Preview preview(String districtId, Instant at, long schools, long users, String outcome, String reason) {
            Map<String, Counts> byType = new LinkedHashMap<>();
            counts.forEach((type, c) -> byType.put(type, new Counts(c[0], c[1], c[2], c[3])));
            return new Preview(districtId, at, schools, users, byType, listed, outcome, reason);
        }
    }

    /** "First Middle Last" for a user, the name for a school or district; null when the record has none. */
    static String nameOf(String recordJson) {
        if (recordJson == null) {
            return null;
        }
        try {
            JsonNode name = JSON.readTree(recordJson).path("name");
            if (name.isTextual()) {
                return name.asText();
            }
            List<String> parts = new ArrayList<>();
            for (String part : List.of("first", "middle", "last")) {
                if (name.hasNonNull(part) && !name.get(part).asText().isBlank()) {
                    parts.add(name.get(part).asText());
                }
            }
            return parts.isEmpty() ? null : String.join(" ", parts);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
