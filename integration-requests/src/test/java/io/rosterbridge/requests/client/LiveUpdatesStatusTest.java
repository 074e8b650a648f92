package io.rosterbridge.requests.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.requests.client.FetcherApi.LiveUpdatesStatus;

/** The fetcher's live-updates answer (sync-fetcher's LiveUpdatesView) read as the console reads it. */
class LiveUpdatesStatusTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @Test
    void readsTheFetchersAnswerWithItsStateAsAnEnum() throws Exception {
        LiveUpdatesStatus status = json.readValue("""
                {"districtId":"d1","live":false,"state":"not-started","reason":"live updates start after the first completed full sync",
                 "lastEventId":null,"lastEventAt":null,"lastAppliedAt":null,"lastPolledAt":null,"lagSeconds":null,"someNewField":1}
                """, LiveUpdatesStatus.class);
        assertThat(status.state()).isEqualTo(LiveUpdatesState.NOT_STARTED);
        assertThat(status.live()).isFalse();
        assertThat(status.lagSeconds()).isNull();

        LiveUpdatesStatus live = json.readValue("""
                {"districtId":"d1","live":true,"state":"live","lastEventId":"e9","lastEventAt":"2026-12-06T14:00:00Z",
                 "lastAppliedAt":"2026-12-06T14:00:04Z","lagSeconds":4}
                """, LiveUpdatesStatus.class);
        assertThat(live.state()).isEqualTo(LiveUpdatesState.LIVE);
        assertThat(live.lastAppliedAt()).isEqualTo(Instant.parse("2026-12-06T14:00:04Z"));
        assertThat(live.lagSeconds()).isEqualTo(4L);
    }

    @Test
    void everyFetcherStateHasItsWireNameAndAnUnknownOneIsOther() {
        for (String code : new String[] {"live", "off", "paused", "resync", "not-started"}) {
            assertThat(LiveUpdatesState.fromCode(code).code()).isEqualTo(code);
        }
        assertThat(LiveUpdatesState.fromCode("draining")).isEqualTo(LiveUpdatesState.OTHER);
        assertThat(LiveUpdatesState.fromCode(null)).isEqualTo(LiveUpdatesState.OTHER);
    }
}
