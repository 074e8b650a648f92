package io.rosterbridge.requests.rest;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.hibernate.exception.ConstraintViolationException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.rosterbridge.clever.CleverApiException;
import io.rosterbridge.requests.intake.DuplicateRequestException;
import io.rosterbridge.requests.intake.RateLimitedException;
import io.rosterbridge.requests.service.ConcurrentChangeException;
import io.rosterbridge.requests.service.FieldError;
import io.rosterbridge.requests.service.IllegalTransitionException;
import io.rosterbridge.requests.service.InvalidInputException;
import io.rosterbridge.requests.service.NotFoundException;

/** Domain failures of the JSON API as clear 4xx/5xx answers with a message. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return json(400, new ErrorResponse("Invalid request: " + e.errors().size() + " field(s) need attention.", e.errors()));
    }

    /** JSON of the wrong shape (a number where text or a list belongs) or a field the request does not have. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        FieldError error = JsonFieldErrors.of(e);
        return json(400, new ErrorResponse("Invalid request: " + error.message(), List.of(error)));
    }

    /**
     * The JSON reader wraps a body that is not JSON at all in a 400; say what is wrong with it. Other answers of
     * the framework (404, 405, 415...) get their explanation from {@link ErrorBodies}.
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getResponse().getStatus() == 400 && e.getCause() instanceof JsonProcessingException cause) {
            return unreadable(cause);
        }
        return e.getResponse();
    }

    private static Response unreadable(JsonProcessingException e) {
        return json(400, ErrorResponse.of("The body is not valid JSON for this request: " + e.getOriginalMessage()));
    }

    @ServerExceptionMapper
    public Response duplicate(DuplicateRequestException e) {
        return json(409, ErrorResponse.of(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e) {
        return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", e.retryAfterSeconds())
                .entity(ErrorResponse.of(e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(404, ErrorResponse.of(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response illegalTransition(IllegalTransitionException e) {
        return json(409, ErrorResponse.of(e.getMessage()));
    }

    /** A support action lost its race with a concurrent change of the district on every attempt; nothing of it was applied. */
    @ServerExceptionMapper
    public Response concurrentChange(ConcurrentChangeException e) {
        return json(409, ErrorResponse.of(ConcurrentChangeException.RELOAD_AND_RETRY));
    }

    /** A unique index caught what a concurrent request slipped past the service's own check. */
    @ServerExceptionMapper
    public Response conflict(ConstraintViolationException e) {
        if (e.getConstraintName() == null || !e.getConstraintName().startsWith("integration_request_")) {
            throw e;
        }
        return json(409, ErrorResponse.of("The change conflicts with another one made at the same time; reload and try again."));
    }

    @ServerExceptionMapper
    public Response clever(CleverApiException e) {
        return json(502, ErrorResponse.of("Clever could not be checked: " + e.getMessage()));
    }

    private static Response json(int status, ErrorResponse body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
