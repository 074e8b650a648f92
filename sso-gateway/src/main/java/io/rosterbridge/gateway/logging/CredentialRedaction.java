package io.rosterbridge.gateway.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Takes tokens and their claims out of every log record before a handler writes it (docs/operations.md: logs never
 * hold a token, an e-mail or a name). Our own log lines name people by Clever id only; this is for the libraries:
 * when quarkus-oidc refuses an id_token it logs jose4j's reason, which quotes the whole serialised token (bad
 * signature) or its claims (expired, wrong audience...), with the student's e-mail and names. The line stays, with
 * the token and the claims replaced, so the reason for the refusal is still there.
 * <p>
 * Linked to the console and file handlers in application.properties ({@code quarkus.log.*.filter}).
 */
@LoggingFilter(name = CredentialRedaction.NAME)
public final class CredentialRedaction implements Filter {

    public static final String NAME = "credential-redaction";

    /** A JWT or any part of one: base64url of a JSON object ({@code {"} encodes as {@code eyJ}), dot-separated parts. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]*)*");
    /** jose4j quotes a token's claims as {@code claims->{...}} (nested objects included) up to the closing parenthesis. */
    private static final Pattern CLAIMS = Pattern.compile("claims->\\{.*?\\}\\)", Pattern.DOTALL);
    /** A JWS header or JSON object jose4j prints beside a token, e.g. {@code JsonWebSignature{"alg":...}}. */
    private static final Pattern JOSE_OBJECT = Pattern.compile("(JsonWebSignature|JsonWebEncryption|JwtClaims)\\{.*?\\}(?=->|\\s|$)", Pattern.DOTALL);

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String message = ext.getFormattedMessage();
            String redacted = redact(message);
            if (redacted != null && !redacted.equals(message)) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && leaks(thrown)) {
            record.setThrown(RedactedThrowable.of(thrown));
        }
        return true;
    }

    /** The text with tokens and quoted claims replaced; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = CLAIMS.matcher(text).replaceAll("claims->[redacted])");
        redacted = JOSE_OBJECT.matcher(redacted).replaceAll("$1{[redacted]}");
        return JWT.matcher(redacted).replaceAll("[redacted token]");
    }

    private static boolean leaks(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.equals(redact(message))) {
                return true;
            }
        }
        return false;
    }

    /** A stand-in for a logged exception whose message (or a cause's) quotes a token: same types and stack, redacted text. */
    static final class RedactedThrowable extends RuntimeException {

        private RedactedThrowable(String message, RedactedThrowable cause) {
            super(message, cause, false, true);
        }

        static RedactedThrowable of(Throwable original) {
            RedactedThrowable cause = original.getCause() == null || original.getCause() == original ? null : of(original.getCause());
            RedactedThrowable copy = new RedactedThrowable(original.getClass().getName() + ": " + redact(original.getMessage()), cause);
            copy.setStackTrace(original.getStackTrace());
            return copy;
        }
    }
}
