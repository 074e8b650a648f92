package io.rosterbridge.requests.intake;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.rosterbridge.requests.notification.Notifications;
import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.repository.RequestedSchool;
import io.rosterbridge.requests.service.Lifecycle;
import io.rosterbridge.requests.sharing.SchoolMatcher;

/**
 * Takes an integration request from the public form or API: rate limit, validation, one request
 * per district (a disconnected district that comes back resumes its own), then the request, its
 * audit entry, its submitted event and the notifications in one transaction — nothing is stored
 * when any of it fails.
 */
@ApplicationScoped
public class IntakeService {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The actor of a submission: the district contact (whose email stays off the event topic). */
    public static final String CONTACT = "district-contact";

    /** The stored request: its id and the private status token. */
    public record Submitted(UUID requestId, String statusToken, String state) {
    }

    @Inject
    RateLimiter rateLimiter;

    @Inject
    IntakeValidator validator;

    @Inject
    Lifecycle lifecycle;

    @Inject
    Event<Notifications.RequestSubmitted> notifications;

    @Transactional
    public Submitted submit(IntakeSubmission submission, String clientAddress) {
        rateLimiter.acquire(clientAddress);
        IntakeSubmission valid = validator.validate(submission);
        String nameKey = SchoolMatcher.normalise(valid.districtName());
        IntegrationRequest.findByNameKey(nameKey).ifPresent(existing -> {
            throw new DuplicateRequestException(existing.districtName, existing.state.code());
        });

        IntegrationRequest request = new IntegrationRequest();
        request.id = UUID.randomUUID();
        request.districtName = valid.districtName();
        request.districtNameKey = nameKey;
        request.contactName = valid.contactName();
        request.contactEmail = valid.contactEmail();
        request.sharedRoles = valid.sharedRoles().toArray(String[]::new);
        request.notes = valid.notes();
        request.statusToken = newStatusToken();
        request.submittedFrom = clientAddress;
        request.state = io.rosterbridge.requests.repository.IntegrationState.SUBMITTED;
        request.createdAt = Instant.now();
        request.updatedAt = request.createdAt;
        for (int i = 0; i < valid.schools().size(); i++) {
            RequestedSchool school = new RequestedSchool();
            school.request = request;
            school.position = i;
            school.name = valid.schools().get(i).name();
            school.cleverSchoolId = valid.schools().get(i).cleverSchoolId();
            request.schools.add(school);
        }
        request.persist();
        lifecycle.submitted(request, CONTACT);
        notifications.fire(new Notifications.RequestSubmitted(request.districtName, request.contactName,
                request.contactEmail, request.statusToken, request.schools.size(), String.join(", ", valid.sharedRoles())));
        return new Submitted(request.id, request.statusToken, request.state.code());
    }

    /** 256 random bits, URL-safe: the requester's private status link. */
    private static String newStatusToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
