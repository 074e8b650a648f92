package io.rosterbridge.requests.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.rosterbridge.requests.client.FetcherApi.NightDistrict;
import io.rosterbridge.requests.query.Tonight.Row;

class TonightTest {

    private static final UUID ALPHA = UUID.randomUUID();
    private static final UUID BRAVO = UUID.randomUUID();
    private static final UUID CHARLIE = UUID.randomUUID();

    @Test
    void attentionFirstThenByNameAndAnUnknownDistrictKeepsItsId() {
        Map<String, Views.DistrictName> names = Map.of("d-alpha", new Views.DistrictName(ALPHA, "alpha USD"),
                "d-bravo", new Views.DistrictName(BRAVO, "Bravo USD"), "d-charlie", new Views.DistrictName(CHARLIE, "Charlie USD"));
        List<Row> rows = Tonight.named(List.of(district("d-charlie", "completed"), district("d-bravo", "skipped"),
                district("d-unknown", "held"), district("d-alpha", "running"), district("d-bravo2", "queued"),
                district("d-charlie2", "failed"), district("d-bravo3", "running")), names);

        assertThat(rows).extracting(Row::districtId)
                .containsExactly("d-charlie2", "d-unknown", "d-alpha", "d-bravo3", "d-bravo2", "d-charlie", "d-bravo");
        assertThat(rows.get(1).requestId()).isNull();
        assertThat(rows.get(1).label()).as("shown by its Clever id").isEqualTo("d-unknown");
        assertThat(rows.get(2).requestId()).isEqualTo(ALPHA);
        assertThat(rows.get(2).label()).isEqualTo("alpha USD");
    }

    @Test
    void aStateThisPageDoesNotKnowIsShownWithTheFailures() {
        List<Row> rows = Tonight.named(List.of(district("d-1", "completed"), district("d-2", "cancelled"), district("d-3", "held")),
                Map.of());
        assertThat(rows).extracting(Row::state).containsExactly("cancelled", "held", "completed");
    }

    private static NightDistrict district(String id, String state) {
        return new NightDistrict(id, state, null, null, null, null, null, null);
    }
}
