package io.rosterbridge.sandbox.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.rosterbridge.sandbox.model.Role;

class SsoSessionsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final SsoSessions sessions = new SsoSessions(now::get);

    @Test
    void anExpiredCodeIsRefusedEvenBeforeItIsSwept() {
        sessions.putCode("early", code(now.get() + SsoSessions.CODE_TTL_MILLIS));
        now.addAndGet(SsoSessions.CODE_TTL_MILLIS + 1); // expired, and the next sweep is not yet due...
        sessions.putCode("late", code(now.get() + SsoSessions.CODE_TTL_MILLIS));

        assertThat(sessions.redeem("early")).isNull();
        assertThat(sessions.redeem("late")).isNotNull();
    }

    @Test
    void aSweepKeepsLiveCodesAndCodesWorkOnce() {
        sessions.putCode("first", code(now.get() + SsoSessions.CODE_TTL_MILLIS));
        now.addAndGet(SsoSessions.PURGE_INTERVAL_MILLIS * 2);
        sessions.putCode("second", code(now.get() + SsoSessions.CODE_TTL_MILLIS)); // sweeps: "first" is still live

        assertThat(sessions.redeem("first")).isNotNull();
        assertThat(sessions.redeem("first")).isNull();
        assertThat(sessions.redeem("second")).isNotNull();
    }

    private static SsoSessions.Code code(long expiresAt) {
        return new SsoSessions.Code("client", "user", "district", Role.STUDENT, null, "nonce", expiresAt);
    }
}
