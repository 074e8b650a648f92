package io.rosterbridge.requests.query;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.rosterbridge.requests.client.FetcherApi.LastRun;
import io.rosterbridge.requests.client.FetcherApi.Night;
import io.rosterbridge.requests.client.FetcherApi.NightCounts;
import io.rosterbridge.requests.client.FetcherApi.NightDistrict;
import io.rosterbridge.requests.client.NightlySync;

/**
 * The night's sync of every district for support: sync-fetcher's view of the latest nightly firing, each district
 * named from its integration request (a district the fetcher syncs but no request holds keeps its Clever id), and
 * ordered so that what needs attention comes first.
 */
@ApplicationScoped
public class Tonight {

    /** Attention first: failed, held, then running, queued, done; skipped (a back-to-school window) last. */
    static final List<String> ORDER = List.of("failed", "held", "running", "queued", "completed", "skipped");

    /** The night as the page shows it; counts are null when the fetcher sent none. */
    public record NightView(LocalDate night, Instant firedAt, NightCounts counts, Instant expectedEndAt, List<Row> districts) {
    }

    /** One district's line: requestId and name are null when no integration request holds its Clever id. */
    public record Row(String districtId, UUID requestId, String name, String state, Instant queuedAt, Instant startedAt,
            Instant finishedAt, String runId, Long expectedUsers, LastRun lastRun) {

        public String label() {
            return name != null ? name : districtId == null ? "" : districtId;
        }
    }

    @Inject
    NightlySync nightlySync;

    @Inject
    IntegrationQueries queries;

    /** @throws io.rosterbridge.requests.client.FetcherUnavailableException when the fetcher does not answer */
    public NightView now() {
        Night night = nightlySync.tonight();
        List<Row> rows = named(night.districts() == null ? List.of() : night.districts(), queries.districtNames());
        return new NightView(night.night(), night.firedAt(), night.counts(), night.expectedEndAt(), rows);
    }

    static List<Row> named(List<NightDistrict> districts, Map<String, Views.DistrictName> names) {
        return districts.stream().map(d -> {
            Views.DistrictName known = names.get(d.districtId());
            return new Row(d.districtId(), known == null ? null : known.requestId(), known == null ? null : known.name(), d.state(),
                    d.queuedAt(), d.startedAt(), d.finishedAt(), d.runId(), d.expectedUsers(), d.lastRun());
        }).sorted(Comparator.comparingInt((Row r) -> rank(r.state())).thenComparing(r -> r.label(), String.CASE_INSENSITIVE_ORDER))
                .toList();
    }

    /** A state this page does not know yet sorts with the failures: better looked at than buried. */
    private static int rank(String state) {
        int rank = ORDER.indexOf(state);
        return rank < 0 ? 0 : rank;
    }
}
