package io.rosterbridge.fetcher.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rosterbridge.contracts.districtlinks.DistrictLinkEvent;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.link.LinkStore;
import io.rosterbridge.fetcher.service.SupportService;
import io.rosterbridge.fetcher.service.SyncCoordinator;
import io.rosterbridge.kafka.DeadLetters;

/** A district linked for the first time gets its initial sync; updates, replays and inactive links do not. */
class DistrictLinkListenerTest {

    private static final String DISTRICT = "5f0c1a2b3c4d5e6f7a8b9c0d";

    private final List<String> initialSyncs = new ArrayList<>();
    private final List<String> deadLettered = new ArrayList<>();
    private final DistrictLinkListener listener = new DistrictLinkListener();
    private LinkStore.Outcome nextOutcome;
    private boolean initialSyncOnLink;

    @BeforeEach
    void wire() {
        listener.json = new ObjectMapper().registerModule(new JavaTimeModule());
        listener.store = new LinkStore() {
            @Override
            public LinkStore.Outcome apply(DistrictLinkEvent link) {
                return nextOutcome;
            }
        };
        listener.support = new SupportService(null, null, null, null, null) {
            @Override
            public SyncCoordinator.Submission requestInitialSync(String districtId) {
                initialSyncs.add(districtId);
                return SyncCoordinator.Submission.STARTED;
            }
        };
        listener.config = (FetcherConfig) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { FetcherConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("initialSyncOnLink")) {
                        return initialSyncOnLink;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        listener.deadLetters = new DeadLetters(letter -> {
            deadLettered.add(new String(letter.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8));
            return CompletableFuture.completedFuture(null);
        }, "dead-letter", Duration.ofSeconds(1), new SimpleMeterRegistry(), "fetcher.dead.letters");
        initialSyncOnLink = true;
    }

    @Test
    void firstActiveLinkStartsTheInitialSync() {
        nextOutcome = LinkStore.Outcome.NEWLY_LINKED;
        listener.onLink(record(DISTRICT, link("active")));
        assertThat(initialSyncs).containsExactly(DISTRICT);
    }

    @Test
    void updatesStaleReplaysAndInactiveLinksStartNothing() {
        nextOutcome = LinkStore.Outcome.UPDATED;
        listener.onLink(record(DISTRICT, link("active")));
        nextOutcome = LinkStore.Outcome.STALE;
        listener.onLink(record(DISTRICT, link("active")));
        nextOutcome = LinkStore.Outcome.NEWLY_LINKED;
        listener.onLink(record(DISTRICT, link("paused")));
        listener.onLink(record(DISTRICT, "{not json"));
        assertThat(initialSyncs).isEmpty();
    }

    @Test
    void invalidLinksAreNotStored() {
        nextOutcome = LinkStore.Outcome.NEWLY_LINKED;
        List<String> stored = new ArrayList<>();
        listener.store = new LinkStore() {
            @Override
            public LinkStore.Outcome apply(DistrictLinkEvent link) {
                stored.add(link.status());
                return nextOutcome;
            }
        };
        listener.onLink(record(DISTRICT, link("active").replace("\"schemaVersion\":1", "\"schemaVersion\":2")));
        listener.onLink(record(DISTRICT, link("archived")));
        listener.onLink(record("ffffffffffffffffffffffff", link("active")));
        listener.onLink(record(DISTRICT, link("active").replace("5f0c1a2b3c4d5e6f7a8b9c01", "school-1")));
        assertThat(stored).isEmpty();
        assertThat(initialSyncs).isEmpty();
        assertThat(deadLettered).as("each refused link is dead-lettered with its reason").hasSize(4)
                .anySatisfy(reason -> assertThat(reason).contains("schemaVersion 2"))
                .anySatisfy(reason -> assertThat(reason).contains("unknown status archived"));
    }

    @Test
    void initialSyncCanBeSwitchedOff() {
        initialSyncOnLink = false;
        nextOutcome = LinkStore.Outcome.NEWLY_LINKED;
        listener.onLink(record(DISTRICT, link("active")));
        assertThat(initialSyncs).isEmpty();
    }

    private static ConsumerRecord<String, String> record(String key, String value) {
        return new ConsumerRecord<>("district.links", 0, 0, key, value);
    }

    private static String link(String status) {
        return "{\"schemaVersion\":1,\"districtId\":\"" + DISTRICT + "\",\"organisationId\":\"org-1\",\"districtName\":\"D\","
                + "\"status\":\"" + status + "\",\"licensedSchoolIds\":[\"5f0c1a2b3c4d5e6f7a8b9c01\"],\"updatedAt\":\"" + Instant.now() + "\"}";
    }
}
