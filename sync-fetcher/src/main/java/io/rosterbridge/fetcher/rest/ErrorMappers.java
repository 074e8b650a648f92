package io.rosterbridge.fetcher.rest;

import java.util.Map;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.rosterbridge.fetcher.service.SupportException;

/** Errors as {"message": ...} with the right status. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response support(SupportException e) {
        int status = e.kind() == SupportException.Kind.NOT_FOUND ? 404 : 409;
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("message", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        return Response.status(e.getResponse().getStatus()).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("message", e.getMessage() == null ? "" : e.getMessage())).build();
    }
}
