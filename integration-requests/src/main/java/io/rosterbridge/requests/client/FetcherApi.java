package io.rosterbridge.requests.client;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.oidc.client.filter.OidcClientFilter;

/**
 * sync-fetcher's support API for the console (sync-fetcher/README.md): the dry-run preview, the back-to-school windows,
 * a district's live updates and the night's sync of every district. The bearer token comes from the staff provider by client credentials (client "fetcher");
 * the fetcher treats this service's token as support (fetcher.support-clients).
 */
@RegisterRestClient(configKey = "fetcher-api")
@OidcClientFilter("fetcher")
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public interface FetcherApi {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(String entityType, String id, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Counts(long created, long updated, long removed, long restored) {
    }

    /** What a sync would change now: counts per entity type, the first 100 of each change kind, how the run would end. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Preview(String districtId, Instant computedAt, long fetchedSchools, long fetchedUsers, Map<String, Counts> counts,
            Map<String, List<Item>> listed, String outcome, String reason) {
    }

    /** A district's window; source district, default or none; inside: today (US Eastern) is in it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Window(String districtId, String source, LocalDate startsOn, LocalDate endsOn, String mode, LocalDate today, boolean inside) {
    }

    /** A window of the district's own, or enabled=false to opt out of the default; setBy names the staff member. */
    record WindowBody(Boolean enabled, String startsOn, String endsOn, String mode, String setBy) {
    }

    /**
     * A district's live updates: on or off (state, and the fetcher's reason), the last Clever event applied (its time at
     * Clever and when its change was sent to the roster) and the lag between the two.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LiveUpdatesStatus(String districtId, boolean live, LiveUpdatesState state, String reason, String lastEventId,
            Instant lastEventAt, Instant lastAppliedAt, Instant lastPolledAt, Long lagSeconds) {
    }

    /** How many districts of the night are in each state. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NightCounts(long queued, long running, long completed, long failed, long held, long skipped) {
    }

    /** The district's last finished run, with what it changed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LastRun(String runId, String status, Instant finishedAt, long created, long updated, long archived) {
    }

    /** One district of the night: its state (queued, running, completed, failed, held, skipped) and its last run. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NightDistrict(String districtId, String state, Instant queuedAt, Instant startedAt, Instant finishedAt, String runId,
            Long expectedUsers, LastRun lastRun) {
    }

    /**
     * The latest nightly firing (night: its local date, US Eastern; null before the first) and every district's place in it;
     * expectedEndAt is null when nothing is queued or running.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Night(LocalDate night, Instant firedAt, NightCounts counts, Instant expectedEndAt, List<NightDistrict> districts) {
    }

    @GET
    @Path("/night")
    Night night();

    @GET
    @Path("/districts/{districtId}/preview")
    Preview preview(@PathParam("districtId") String districtId);

    @GET
    @Path("/districts/{districtId}/window")
    Window window(@PathParam("districtId") String districtId);

    @PUT
    @Path("/districts/{districtId}/window")
    @Consumes(MediaType.APPLICATION_JSON)
    Window setWindow(@PathParam("districtId") String districtId, WindowBody body);

    @DELETE
    @Path("/districts/{districtId}/window")
    Window resetWindow(@PathParam("districtId") String districtId);

    @GET
    @Path("/districts/{districtId}/live-updates")
    LiveUpdatesStatus liveUpdates(@PathParam("districtId") String districtId);

    @GET
    @Path("/back-to-school/inside")
    List<Window> inside();
}
