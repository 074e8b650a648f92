package io.rosterbridge.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The gateway's own settings; Clever itself is configured through quarkus.oidc.* (see application.properties). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Session session();

    Apps apps();

    Replay replay();

    LinkChanges linkChanges();

    /** The platform session the gateway issues after a successful Clever login. */
    interface Session {

        @WithDefault("rb_session")
        String cookieName();

        /** Short on purpose: a school day, not a school year. */
        @WithDefault("8H")
        Duration lifetime();

        /** {@code false} only for plain-http local runs and tests. */
        @WithDefault("true")
        boolean secureCookie();

        @WithDefault("https://rosterbridge.io/sso-gateway")
        String issuer();

        @WithDefault("rosterbridge-apps")
        String audience();

        /** PKCS#8 PEM of an EC P-256 private key (env GATEWAY_SESSION_SIGNING_KEY). Generated at start when absent. */
        Optional<String> signingKey();

        /** X.509 PEM of the matching public key; required together with {@link #signingKey()}. */
        Optional<String> verificationKey();
    }

    /** Where people land after a successful login, by role. */
    interface Apps {

        String studentUrl();

        String staffUrl();

        /** Where logout sends people when they give no (valid) return path. */
        @WithDefault("/signed-out")
        String signedOutPath();
    }

    /** How long the gateway remembers redeemed codes, to recognise a replayed callback. */
    interface Replay {

        @WithDefault("15M")
        Duration retention();
    }

    /** How each replica hears link changes committed by any replica (PostgreSQL LISTEN on one held connection). */
    interface LinkChanges {

        /** How long one wait for notifications lasts; also bounds how long shutdown waits for the listener. */
        @WithDefault("1S")
        Duration poll();

        /** Pause before listening again after the connection was lost. */
        @WithDefault("2S")
        Duration retry();
    }
}
