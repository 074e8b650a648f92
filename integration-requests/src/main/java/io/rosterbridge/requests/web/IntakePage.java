package io.rosterbridge.requests.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.annotation.security.PermitAll;
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
import io.rosterbridge.requests.intake.DuplicateRequestException;
import io.rosterbridge.requests.intake.IntakeService;
import io.rosterbridge.requests.intake.IntakeSubmission;
import io.rosterbridge.requests.intake.RateLimitedException;
import io.rosterbridge.requests.intake.SharedRole;
import io.rosterbridge.requests.query.IntegrationQueries;
import io.rosterbridge.requests.query.Views;
import io.rosterbridge.requests.rest.ClientAddress;
import io.rosterbridge.requests.service.FieldError;
import io.rosterbridge.requests.service.InvalidInputException;
import io.rosterbridge.requests.service.NotFoundException;
import io.vertx.core.http.HttpServerRequest;

/** The two anonymous pages: the intake form and the requester's private status page. */
@Path("/")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class IntakePage {

    private static final Pattern CLEVER_ID = Pattern.compile("(?i)^[0-9a-f]{24}$");

    /** The form as typed, to show it again with the errors. */
    public record FormValues(String districtName, String schools, String contactName, String contactEmail,
            List<String> sharedRoles, String notes) {

        public boolean hasRole(String code) {
            return sharedRoles != null && sharedRoles.contains(code);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance form(FormValues values, Map<String, String> errors, String message, SharedRole[] roles);

        static native TemplateInstance status(Views.RequestStatus status, boolean justSubmitted, String statusUrl);

        static native TemplateInstance notFound();
    }

    @Inject
    IntakeService intake;

    @Inject
    IntegrationQueries queries;

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/requests/new")).build();
    }

    @GET
    @Path("requests/new")
    public TemplateInstance form() {
        return Templates.form(new FormValues("", "", "", "", List.of(), ""), Map.of(), null, SharedRole.values());
    }

    @POST
    @Path("requests")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@RestForm String districtName, @RestForm String schools, @RestForm String contactName,
            @RestForm String contactEmail, @RestForm List<String> sharedRoles, @RestForm String notes, HttpServerRequest http) {
        FormValues values = new FormValues(districtName, schools, contactName, contactEmail, sharedRoles, notes);
        IntakeSubmission submission = new IntakeSubmission(districtName, parseSchools(schools), contactName, contactEmail,
                sharedRoles, notes);
        try {
            IntakeService.Submitted submitted = intake.submit(submission, ClientAddress.of(http));
            return Response.seeOther(URI.create("/requests/status/" + submitted.statusToken() + "?submitted=true")).build();
        } catch (InvalidInputException e) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldError error : e.errors()) {
                String field = error.field().startsWith("schools") ? "schools" : error.field();
                errors.merge(field, error.message(), (a, b) -> a + " " + b);
            }
            return page(400, Templates.form(values, errors, "Please correct the highlighted fields.", SharedRole.values()));
        } catch (DuplicateRequestException e) {
            return page(409, Templates.form(values, Map.of(), e.getMessage(), SharedRole.values()));
        } catch (RateLimitedException e) {
            return page(429, Templates.form(values, Map.of(), e.getMessage(), SharedRole.values()));
        }
    }

    @GET
    @Path("requests/status/{token}")
    public Response status(@PathParam("token") String token, @QueryParam("submitted") boolean submitted) {
        try {
            Views.RequestStatus status = queries.status(token);
            return page(200, Templates.status(status, submitted, "/requests/status/" + token));
        } catch (NotFoundException e) {
            return page(404, Templates.notFound());
        }
    }

    /** One school per line: "Name" or "Name | Clever school id". */
    static List<IntakeSubmission.School> parseSchools(String text) {
        List<IntakeSubmission.School> schools = new ArrayList<>();
        if (text == null) {
            return schools;
        }
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int bar = line.lastIndexOf('|');
            if (bar >= 0) {
                schools.add(new IntakeSubmission.School(line.substring(0, bar), line.substring(bar + 1)));
            } else {
                String[] words = line.strip().split("\\s+");
                String last = words[words.length - 1];
                if (words.length > 1 && CLEVER_ID.matcher(last).matches()) {
                    schools.add(new IntakeSubmission.School(line.strip().substring(0, line.strip().length() - last.length()), last));
                } else {
                    schools.add(new IntakeSubmission.School(line, null));
                }
            }
        }
        return schools;
    }

    private static Response page(int status, TemplateInstance page) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(page).build();
    }
}
