package io.rosterbridge.requests.rest;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.rosterbridge.requests.intake.IntakeService;
import io.rosterbridge.requests.intake.IntakeSubmission;
import io.rosterbridge.requests.query.IntegrationQueries;
import io.rosterbridge.requests.query.Views;
import io.rosterbridge.requests.service.FieldError;
import io.rosterbridge.requests.service.InvalidInputException;
import io.vertx.core.http.HttpServerRequest;

/** The public JSON API: submit an integration request, read its status by the private link's token. */
@Path("/api/requests")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class IntakeResource {

    /** The answer to a new request: where to follow it. */
    public record Created(String requestId, String state, String statusUrl) {
    }

    @Inject
    IntakeService intake;

    @Inject
    IntegrationQueries queries;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @CustomDeserialization(StrictJson.class)
    public Response submit(IntakeSubmission submission, HttpServerRequest http) {
        if (submission == null) {
            throw new InvalidInputException(List.of(new FieldError("body", "A JSON integration request is required.")));
        }
        IntakeService.Submitted submitted = intake.submit(submission, ClientAddress.of(http));
        String statusPath = "/requests/status/" + submitted.statusToken();
        return Response.created(URI.create(statusPath))
                .entity(new Created(submitted.requestId().toString(), submitted.state(), statusPath))
                .build();
    }

    @GET
    @Path("/status/{token}")
    public Views.RequestStatus status(@PathParam("token") String token) {
        return queries.status(token);
    }
}
