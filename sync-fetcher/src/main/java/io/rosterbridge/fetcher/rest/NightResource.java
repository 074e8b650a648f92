package io.rosterbridge.fetcher.rest;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.rosterbridge.fetcher.service.NightService;

/** The night for support (staff tokens with "support" in groups, or the support clients), as SupportResource. */
@Path("/api/night")
@RolesAllowed("support")
@Produces(MediaType.APPLICATION_JSON)
public class NightResource {

    private final NightService nights;

    public NightResource(NightService nights) {
        this.nights = nights;
    }

    @GET
    public NightView tonight() {
        return NightView.of(nights.tonight(Instant.now()));
    }
}
