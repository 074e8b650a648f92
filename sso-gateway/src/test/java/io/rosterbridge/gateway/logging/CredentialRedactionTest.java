package io.rosterbridge.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** What quarkus-oidc logs when it refuses an id_token keeps its reason and loses the token and the person. */
class CredentialRedactionTest {

    private static final String TOKEN = "eyJraWQiOiJjbGV2ZXIiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI2NWYwIiwiZW1haWwiOiJhdmFAZXhhbXBsZS5vcmcifQ.c2lnbmF0dXJl";

    @Test
    void aBadSignatureKeepsItsReasonWithoutTheToken() {
        String logged = "ID token verification has failed: JWT rejected due to invalid signature. Additional details: [[9] Invalid JWS "
                + "Signature: JsonWebSignature{\"kid\":\"clever\",\"typ\":\"JWT\",\"alg\":\"RS256\"}->" + TOKEN + "]";
        String redacted = CredentialRedaction.redact(logged);
        assertThat(redacted).startsWith("ID token verification has failed: JWT rejected due to invalid signature.")
                .doesNotContain("eyJ").contains("[redacted token]");
    }

    @Test
    void rejectedClaimsKeepTheReasonWithoutThePerson() {
        String logged = "ID token verification has failed: JWT (claims->{\"sub\":\"65f0\",\"email\":\"ava.chen@example.org\","
                + "\"given_name\":\"Ava\",\"family_name\":\"Chen\",\"name\":{\"first\":\"Ava\"},\"exp\":1}) rejected due to invalid "
                + "claims or other invalid content. Additional details: [[1] The JWT is no longer valid]";
        String redacted = CredentialRedaction.redact(logged);
        assertThat(redacted).contains("claims->[redacted]) rejected due to invalid claims").contains("The JWT is no longer valid")
                .doesNotContain("ava.chen").doesNotContain("Ava").doesNotContain("Chen");
    }

    @Test
    void theFilterRewritesTheRecordAndItsException() {
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "ID token verification has failed: %s", ExtLogRecord.FormatStyle.PRINTF,
                CredentialRedactionTest.class.getName());
        record.setParameters(new Object[] { "signature of " + TOKEN });
        record.setThrown(new IllegalStateException("wrapped", new IllegalArgumentException("token " + TOKEN)));

        assertThat(new CredentialRedaction().isLoggable(record)).isTrue();

        assertThat(record.getFormattedMessage()).isEqualTo("ID token verification has failed: signature of [redacted token]");
        assertThat(record.getThrown().getCause().getMessage()).doesNotContain("eyJ").contains(IllegalArgumentException.class.getName());
        assertThat(record.getThrown().getStackTrace()).isNotEmpty();
    }

    @Test
    void ordinaryLinesAreLeftAlone() {
        String logged = "Login of 65f0c1a2b3c4d5e6f7a8b9c0 not decided: roster-writer unavailable";
        assertThat(CredentialRedaction.redact(logged)).isEqualTo(logged);
    }
}
