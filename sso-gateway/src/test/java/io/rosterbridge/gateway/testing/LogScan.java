package io.rosterbridge.gateway.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * docs/operations.md: logs never hold a token, an authorization code, a secret, an e-mail or a name. This extension
 * reads what the gateway's log file handler wrote while a test class ran ({@code %test.quarkus.log.file.*}: the same
 * handlers and filters as the console in production) and fails the class if an entry (message and stack trace) holds
 * a JWT ({@code eyJ...}), an authorization code a browser carried, an e-mail address, or a value the test registered
 * with {@link #forbid} (the test users' names, the client secret), or claims that describe a person
 * ({@code "email": ...}, {@code "given_name": ...}).
 * <p>
 * Entries of the test's own infrastructure in this JVM (the Clever sandbox and mock-oauth2-server, which stand in for
 * Clever) are not the gateway's log and are left out.
 */
public final class LogScan implements BeforeAllCallback, AfterAllCallback {

    static final Path LOG = Path.of("target/sso-gateway-test.log");
    private static final Pattern ENTRY_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} +\\S+ +\\[([^\\]]*)\\]");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    /** A person's claims quoted from a token or a user record. */
    private static final Pattern PERSON_CLAIM = Pattern.compile("\"(email|given_name|family_name|name|first|last)\"\\s*:\\s*[\"{]");
    private static final List<String> NOT_THE_GATEWAY = List.of("io.rosterbridge.sandbox", "no.nav.security", "mock-oauth2-server");
    private static final Set<String> FORBIDDEN = ConcurrentHashMap.newKeySet();

    private long start;

    /** Values that must appear in no log entry of the running test class. */
    public static void forbid(Collection<String> values) {
        FORBIDDEN.addAll(values);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        FORBIDDEN.clear();
        start = Files.exists(LOG) ? Files.size(LOG) : 0;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        List<String> entries = entriesSince(start);
        if (entries.isEmpty()) {
            throw new AssertionError("Nothing logged to " + LOG + " while " + context.getDisplayName() + " ran: is the file handler on?");
        }
        Set<String> codes = Browser.codesSeen();
        List<String> hits = new ArrayList<>();
        for (String entry : entries) {
            List<String> found = new ArrayList<>();
            if (JWT.matcher(entry).find()) {
                found.add("a JWT");
            }
            if (EMAIL.matcher(entry).find()) {
                found.add("an e-mail address");
            }
            if (PERSON_CLAIM.matcher(entry).find()) {
                found.add("a person's claims");
            }
            codes.stream().filter(entry::contains).findAny().ifPresent(code -> found.add("an authorization code"));
            FORBIDDEN.stream().filter(value -> containsWord(entry, value)).findAny().ifPresent(value -> found.add("\"" + value + "\""));
            if (!found.isEmpty()) {
                hits.add(found + " in: " + entry);
            }
        }
        if (!hits.isEmpty()) {
            throw new AssertionError(hits.size() + " log entries of " + context.getDisplayName()
                    + " hold what logs must never hold:\n" + String.join("\n", hits));
        }
    }

    /** The gateway's log entries (a line and its stack trace) written after {@code offset}. */
    private static List<String> entriesSince(long offset) throws IOException {
        String text;
        try (RandomAccessFile file = new RandomAccessFile(LOG.toFile(), "r")) {
            long from = offset <= file.length() ? offset : 0; // a new file since (the application restarted)
            byte[] bytes = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(bytes);
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        List<String> entries = new ArrayList<>();
        StringBuilder entry = null;
        boolean gateway = false;
        for (String line : text.split("\n")) {
            Matcher start = ENTRY_START.matcher(line);
            if (start.find()) {
                if (entry != null && gateway) {
                    entries.add(entry.toString());
                }
                String category = start.group(1);
                gateway = NOT_THE_GATEWAY.stream().noneMatch(category::startsWith);
                entry = new StringBuilder(line);
            } else if (entry != null) {
                entry.append('\n').append(line);
            }
        }
        if (entry != null && gateway) {
            entries.add(entry.toString());
        }
        return entries;
    }

    private static boolean containsWord(String text, String value) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(value) + "(?![\\p{L}\\p{N}])").matcher(text).find();
    }
}
