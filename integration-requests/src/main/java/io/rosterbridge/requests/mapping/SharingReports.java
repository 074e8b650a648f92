package io.rosterbridge.requests.mapping;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.requests.repository.IntegrationRequest;
import io.rosterbridge.requests.sharing.SharingReport;

/** Reads the sharing report stored with a request. */
@ApplicationScoped
public class SharingReports {

    @Inject
    ObjectMapper json;

    /** The last sharing check, or null when Clever has not been checked yet. */
    public SharingReport read(IntegrationRequest request) {
        if (request.sharingReport == null) {
            return null;
        }
        try {
            return json.readValue(request.sharingReport, SharingReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable sharing report of request " + request.id, e);
        }
    }
}
