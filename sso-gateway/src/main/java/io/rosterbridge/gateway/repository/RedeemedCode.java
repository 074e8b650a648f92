package io.rosterbridge.gateway.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An authorization code the gateway has redeemed, kept only as a SHA-256 hash, with the session it produced,
 * so a replayed callback (refresh, back button) is recognised instead of being redeemed twice.
 */
@Entity
@Table(name = "redeemed_code")
public class RedeemedCode {

    @Id
    @Column(name = "code_hash")
    public String codeHash;

    @Column(name = "clever_user_id")
    public String cleverUserId;

    @Column(name = "session_id")
    public String sessionId;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;
}
