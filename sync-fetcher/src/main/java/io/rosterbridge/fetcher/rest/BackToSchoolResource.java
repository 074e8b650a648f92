package io.rosterbridge.fetcher.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;
import io.rosterbridge.fetcher.service.BackToSchoolWindows;
import io.rosterbridge.fetcher.service.BackToSchoolWindows.Mode;
import io.rosterbridge.fetcher.service.BackToSchoolWindows.Window;
import io.rosterbridge.fetcher.service.SyncPreview;
import io.rosterbridge.fetcher.service.SyncPreview.Preview;

/** Support's rollover tools: the dry-run preview of a sync and the back-to-school windows. Staff with "support" only. */
@Path("/api")
@RolesAllowed("support")
@Produces(MediaType.APPLICATION_JSON)
public class BackToSchoolResource {

    /**
     * PUT body: a window of the district's own ({"startsOn":"2026-07-20","endsOn":"2026-08-31","mode":"hold-removals"}) or
     * {"enabled":false}; a support client (SupportClients) names the staff member in setBy.
     */
    public record WindowBody(Boolean enabled, String startsOn, String endsOn, String mode, String setBy) {
    }

    /** A window as support sees it; source is district, default or none; inside says whether today (US Eastern) is in it. */
    public record WindowView(String districtId, String source, LocalDate startsOn, LocalDate endsOn, String mode, LocalDate today,
            boolean inside) {

        static WindowView of(Window w) {
            return new WindowView(w.districtId(), w.source().name().toLowerCase(), w.startsOn(), w.endsOn(), w.mode().wire(), w.date(),
                    w.inside());
        }
    }

    private final SyncPreview previews;
    private final BackToSchoolWindows windows;
    private final SecurityIdentity identity;

    public BackToSchoolResource(SyncPreview previews, BackToSchoolWindows windows, SecurityIdentity identity) {
        this.previews = previews;
        this.windows = windows;
        this.identity = identity;
    }

    /** What a sync would change now; nothing is emitted or stored. Reads the whole district from Clever, so it takes as long as a fetch. */
    @GET
    @Path("/districts/{districtId}/preview")
    public Preview preview(@PathParam("districtId") String districtId) {
        return previews.preview(SupportResource.districtId(districtId));
    }

    @GET
    @Path("/districts/{districtId}/window")
    public WindowView window(@PathParam("districtId") String districtId) {
        return WindowView.of(windows.windowOf(SupportResource.districtId(districtId), Instant.now()));
    }

    @PUT
    @Path("/districts/{districtId}/window")
    @Consumes(MediaType.APPLICATION_JSON)
    public WindowView setWindow(@PathParam("districtId") String districtId, WindowBody body) {
        String id = SupportResource.districtId(districtId);
        if (body == null) {
            throw new BadRequestException("body must be {\"startsOn\":\"YYYY-MM-DD\",\"endsOn\":\"YYYY-MM-DD\",\"mode\":\"hold-removals\"} or {\"enabled\":false}");
        }
        String by = identity.hasRole(SupportClients.SERVICE) && body.setBy() != null && !body.setBy().isBlank()
                ? body.setBy() : identity.getPrincipal().getName();
        if (Boolean.FALSE.equals(body.enabled())) {
            return WindowView.of(windows.optOut(id, by, Instant.now()));
        }
        try {
            Mode mode = Mode.fromWire(body.mode() == null ? Mode.HOLD_REMOVALS.wire() : body.mode());
            return WindowView.of(windows.set(id, date(body.startsOn()), date(body.endsOn()), mode, by, Instant.now()));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /** The district follows the global default again. */
    @DELETE
    @Path("/districts/{districtId}/window")
    public WindowView resetWindow(@PathParam("districtId") String districtId) {
        return WindowView.of(windows.reset(SupportResource.districtId(districtId), Instant.now()));
    }

    /** The linked districts inside their back-to-school window today (the console's banner). */
    @GET
    @Path("/back-to-school/inside")
    public List<WindowView> inside() {
        return windows.inside(Instant.now()).stream().map(WindowView::of).toList();
    }

    private static LocalDate date(String value) {
        if (value == null) {
            throw new IllegalArgumentException("startsOn and endsOn are required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("dates are YYYY-MM-DD, not " + value);
        }
    }
}
