package io.rosterbridge.sandbox.sso;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.rosterbridge.sandbox.model.Role;

/**
 * Authorization codes (60 s, single use) and the SSO user tokens they are exchanged for (24 h, the
 * lifetime third-party notes report for Clever).
 */
public final class SsoSessions {

    public static final long CODE_TTL_MILLIS = 60_000;
    public static final long TOKEN_TTL_MILLIS = 24 * 3_600_000L;
    /**
     * Expired codes are swept at most this often, not on every new code: a sweep walks every outstanding code, and
     * under a login rush that made issuing codes cost time in proportion to the codes in flight. An expired code is
     * refused by {@link #redeem} whether or not it has been swept.
     */
    static final long PURGE_INTERVAL_MILLIS = 1_000;

    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Session> tokens = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final AtomicLong nextPurge = new AtomicLong(Long.MIN_VALUE);

    public SsoSessions(LongSupplier clock) {
        this.clock = clock;
    }

    public void putCode(String code, Code grant) {
        purge();
        codes.put(code, grant);
    }

    /** Redeems a code: removed on first use whatever the outcome; null when unknown, used or expired. */
    public Code redeem(String code) {
        Code grant = code == null ? null : codes.remove(code);
        if (grant == null || grant.expiresAt() < clock.getAsLong()) {
            return null;
        }
        return grant;
    }

    public void putToken(String token, Session session) {
        tokens.put(token, session);
    }

    /** The live session of an SSO access token, or null. */
    public Session session(String token) {
        Session session = tokens.get(token);
        if (session == null) {
            return null;
        }
        if (session.expiresAt() < clock.getAsLong()) {
            tokens.remove(token);
            return null;
        }
        return session;
    }

    private void purge() {
        long now = clock.getAsLong();
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + PURGE_INTERVAL_MILLIS)) {
            return;
        }
        for (Iterator<Code> it = codes.values().iterator(); it.hasNext();) {
            if (it.next().expiresAt() < now) {
                it.remove();
            }
        }
    }

    /** What a code stands for. {@code redirectUri} is null when the authorize request named none. */
    public record Code(String clientId, String userId, String districtId, Role role, String redirectUri, String nonce,
            long expiresAt) {
    }

    /** An SSO user token's login. */
    public record Session(String userId, String districtId, Role role, long expiresAt) {
    }
}
