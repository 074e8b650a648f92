package io.rosterbridge.fetcher.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.contracts.districtlinks.DistrictLinkEvent;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;

/** Links reach linked_district one way (the repository's upsert): new, newer, older and removed links. */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "sync_fetcher"))
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(StaffOidcTestResource.class)
class LinkStoreTest {

    private static final String DISTRICT = "7c0ffee00000000000000a11";

    @Inject
    LinkStore store;

    @Inject
    LinkedDistrictRepository links;

    private static DistrictLinkEvent link(String status, List<String> schools, Instant updatedAt) {
        return new DistrictLinkEvent(DistrictLinkEvent.SCHEMA_VERSION, DISTRICT, "org-7c", "Coffee USD", status, schools,
                updatedAt);
    }

    @Test
    void aNewLinkIsStoredANewerOneReplacesItAnOlderOneChangesNothingAndATombstoneUnlinks() {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String school = "5a0000000000000000000001";

        assertThat(store.apply(link("active", List.of(), t0))).isEqualTo(LinkStore.Outcome.NEWLY_LINKED);
        assertThat(store.apply(link("paused", List.of(school), t0.plusSeconds(1)))).isEqualTo(LinkStore.Outcome.UPDATED);
        assertThat(store.apply(link("active", List.of(), t0))).isEqualTo(LinkStore.Outcome.STALE);
        assertThat(links.find(DISTRICT)).hasValueSatisfying(stored -> {
            assertThat(stored.status()).isEqualTo("paused");
            assertThat(stored.licensedSchoolIds()).isEqualTo(Set.of(school));
        });
        // The same link again (a redelivery) is no older than the stored one.
        assertThat(store.apply(link("paused", List.of(school), t0.plusSeconds(1)))).isEqualTo(LinkStore.Outcome.UPDATED);

        store.unlink(DISTRICT);

        assertThat(links.find(DISTRICT)).isEmpty();
        assertThat(store.apply(link("active", List.of(), t0))).isEqualTo(LinkStore.Outcome.NEWLY_LINKED);
        store.unlink(DISTRICT);
    }
}
