package io.rosterbridge.requests.listener;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.contracts.loginaudit.LoginAuditEvent;
import io.rosterbridge.requests.messaging.Topics;
import io.rosterbridge.requests.people.LoginAttempts;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Keeps sso-gateway's login.audit as the login attempts read model. A record that does not conform to
 * docs/events/login-audit.schema.json is thrown back with the schema's reason, and the failure strategy puts it on
 * the dead-letter topic; the reason names JSON paths and the key, never the record's values.
 */
@ApplicationScoped
public class LoginAuditListener {

    private static final String CONTRACT = "login-audit";

    @Inject
    ObjectMapper json;

    @Inject
    LoginAttempts attempts;

    @Incoming(Topics.LOGIN_AUDIT_CHANNEL)
    @Blocking
    public void onAudit(Record<String, String> record) {
        JsonNode tree;
        try {
            tree = json.readTree(record.value() == null ? "" : record.value());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Unreadable login.audit message for key " + record.key() + ": not JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw new IllegalArgumentException("Empty login.audit message for key " + record.key());
        }
        List<String> violations = EventContracts.violations(CONTRACT, tree);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("login.audit message for key " + record.key() + " breaks the contract: "
                    + String.join("; ", violations));
        }
        LoginAuditEvent event;
        try {
            event = json.treeToValue(tree, LoginAuditEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("login.audit message for key " + record.key() + " cannot be read: "
                    + (e instanceof JsonProcessingException unreadable ? unreadable.getOriginalMessage() : e.getMessage()));
        }
        attempts.record(event);
    }
}
