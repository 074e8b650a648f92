package io.rosterbridge.requests.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.rosterbridge.clever.CleverApiException;
import io.rosterbridge.requests.client.FetcherApi.LiveUpdatesStatus;
import io.rosterbridge.requests.client.FetcherRefusedException;
import io.rosterbridge.requests.client.FetcherUnavailableException;
import io.rosterbridge.requests.client.LiveUpdates;
import io.rosterbridge.requests.linking.LinkingService;
import io.rosterbridge.requests.query.IntegrationQueries;
import io.rosterbridge.requests.query.Views;
import io.rosterbridge.requests.repository.IntegrationState;
import io.rosterbridge.requests.rest.Staff;
import io.rosterbridge.requests.service.ConcurrentChangeException;
import io.rosterbridge.requests.service.FieldError;
import io.rosterbridge.requests.service.IllegalTransitionException;
import io.rosterbridge.requests.service.InvalidInputException;
import io.rosterbridge.requests.sharing.ConnectionMonitor;
import io.rosterbridge.requests.sync.SyncService;

/**
 * The support console (staff session through the company's OIDC provider, role support): districts
 * by state, and per district its sharing check, link, live updates (from sync-fetcher), runs with live
 * progress, held removals and "Sync now". Actions are form posts answered with a redirect (or the page
 * again with the error).
 */
@Path("/support")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Staff.SUPPORT)
public class SupportConsole {

    /** One state's districts on the console's front page. */
    public record StateGroup(String state, List<Views.IntegrationSummary> districts) {
    }

    /** The district page's live-updates line: the fetcher's answer, or why there is none. */
    public record LiveUpdatesLine(LiveUpdatesStatus status, String unavailable) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<StateGroup> groups, int total, String user);

        static native TemplateInstance district(Views.IntegrationDetail district, LiveUpdatesLine live, String error, String notice,
                String user);
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    IntegrationQueries queries;

    @Inject
    ConnectionMonitor monitor;

    @Inject
    LinkingService linking;

    @Inject
    SyncService sync;

    @Inject
    LiveUpdates liveUpdates;

    @GET
    public TemplateInstance index() {
        List<Views.IntegrationSummary> all = queries.list(null);
        Map<IntegrationState, List<Views.IntegrationSummary>> byState = all.stream()
                .collect(Collectors.groupingBy(s -> IntegrationState.fromCode(s.state()), TreeMap::new, Collectors.toList()));
        List<StateGroup> groups = byState.entrySet().stream().map(e -> new StateGroup(e.getKey().code(), e.getValue())).toList();
        return Templates.index(groups, all.size(), identity.getPrincipal().getName());
    }

    @GET
    @Path("integrations/{id}")
    public TemplateInstance district(@PathParam("id") UUID id, @QueryParam("notice") String notice) {
        return districtPage(id, null, knownNotice(notice));
    }

    @POST
    @Path("integrations/{id}/check")
    public Response check(@PathParam("id") UUID id) {
        return act(id, "checked", () -> monitor.checkOne(id, actor()));
    }

    @POST
    @Path("integrations/{id}/link")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response link(@PathParam("id") UUID id, @RestForm String organisationId, @RestForm List<String> licensedSchoolIds) {
        return act(id, "linked", () -> linking.link(id, organisationId, licensedSchoolIds, actor()));
    }

    @POST
    @Path("integrations/{id}/sync")
    public Response syncNow(@PathParam("id") UUID id) {
        return act(id, "sync-requested", () -> sync.requestSync(id, actor()));
    }

    @POST
    @Path("integrations/{id}/runs/{runId}/approve")
    public Response approve(@PathParam("id") UUID id, @PathParam("runId") UUID runId) {
        return act(id, "approve-requested", () -> sync.decideHeld(id, runId, true, actor()));
    }

    @POST
    @Path("integrations/{id}/runs/{runId}/discard")
    public Response discard(@PathParam("id") UUID id, @PathParam("runId") UUID runId) {
        return act(id, "discard-requested", () -> sync.decideHeld(id, runId, false, actor()));
    }

    @POST
    @Path("integrations/{id}/pause")
    public Response pause(@PathParam("id") UUID id) {
        return act(id, "paused", () -> linking.pause(id, actor()));
    }

    @POST
    @Path("integrations/{id}/resume")
    public Response resume(@PathParam("id") UUID id) {
        return act(id, "resumed", () -> linking.resume(id, actor()));
    }

    private Response act(UUID id, String notice, Runnable action) {
        return act(id, notice, () -> {
            action.run();
            return null;
        });
    }

    private Response act(UUID id, String notice, Supplier<?> action) {
        String error;
        int status;
        try {
            action.get();
            return Response.seeOther(URI.create("/support/integrations/" + id + "?notice=" + notice)).build();
        } catch (InvalidInputException e) {
            status = 400;
            error = e.errors().stream().map(FieldError::message).collect(Collectors.joining(" "));
        } catch (IllegalTransitionException e) {
            status = 409;
            error = e.getMessage();
        } catch (ConcurrentChangeException e) {
            status = 409;
            error = ConcurrentChangeException.RELOAD_AND_RETRY;
        } catch (CleverApiException e) {
            status = 502;
            error = "Clever could not be checked: " + e.getMessage();
        }
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(districtPage(id, error, null)).build();
    }

    private TemplateInstance districtPage(UUID id, String error, String notice) {
        Views.IntegrationDetail district = queries.detail(id);
        return Templates.district(district, liveUpdatesOf(district), error, notice, identity.getPrincipal().getName());
    }

    /** Null before the district is linked (the fetcher does not sync it); a fetcher that does not answer is said, not an error page. */
    private LiveUpdatesLine liveUpdatesOf(Views.IntegrationDetail district) {
        if (district.link() == null || district.districtId() == null) {
            return null;
        }
        try {
            return new LiveUpdatesLine(liveUpdates.of(district.districtId()), null);
        } catch (FetcherUnavailableException e) {
            return new LiveUpdatesLine(null, RolloverPages.FETCHER_DOWN);
        } catch (FetcherRefusedException e) {
            return new LiveUpdatesLine(null, e.getMessage());
        }
    }

    private String actor() {
        return Staff.actor(identity);
    }

    /** Only our own notices are shown, never text from the query string. */
    private static String knownNotice(String notice) {
        if (notice == null) {
            return null;
        }
        return switch (notice) {
            case "checked" -> "Checked with Clever.";
            case "linked" -> "Link saved and published.";
            case "sync-requested" -> "Sync requested; the run appears below when the fetcher starts it.";
            case "approve-requested" -> "Approval sent to the fetcher.";
            case "discard-requested" -> "Discard sent to the fetcher.";
            case "paused" -> "District paused.";
            case "resumed" -> "District resumed.";
            default -> null;
        };
    }
}
