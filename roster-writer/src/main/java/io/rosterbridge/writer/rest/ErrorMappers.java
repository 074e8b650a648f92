package io.rosterbridge.writer.rest;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.rosterbridge.writer.service.RosterQueries.BadQuery;
import io.rosterbridge.writer.service.RosterQueries.NotFound;

/** Errors as {@code {"message": …}} bodies. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response badQuery(BadQuery e) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new ErrorView(e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return Response.status(Response.Status.NOT_FOUND).entity(new ErrorView(e.getMessage())).build();
    }
}
