package io.rosterbridge.requests.link;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** Walking-skeleton endpoint: support links a district. Replaced by the linking workflow (issue 6). */
@Path("/api/districts/{districtId}/link")
public class LinkResource {

    public record LinkRequest(String organisationId, String districtName, String status, List<String> licensedSchoolIds) {
    }

    @Inject
    LinkPublisher publisher;

    @PUT
    public Response link(@PathParam("districtId") String districtId, LinkRequest request) {
        if (!districtId.matches("[0-9a-f]{24}")) {
            return Response.status(400).entity(java.util.Map.of("message", "districtId must be a Clever id (24 hex characters)")).build();
        }
        publisher.publish(new DistrictLinkEvent(DistrictLinkEvent.SCHEMA_VERSION, districtId, request.organisationId(),
                request.districtName(), request.status(), request.licensedSchoolIds(), Instant.now()));
        return Response.accepted().build();
    }
}
