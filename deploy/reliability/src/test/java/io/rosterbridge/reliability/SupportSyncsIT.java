package io.rosterbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.local.DemoOnboarding;
import io.rosterbridge.reliability.SyncDriver.Run;
import io.rosterbridge.sandbox.SandboxWorld;
import io.rosterbridge.sandbox.model.Role;
import io.rosterbridge.sandbox.model.School;

/**
 * Issue 15, item 1, on the running system: support presses "Sync now" in integration-requests 50 times for a
 * 1,000-user district, each run carrying a few changes. Fast runs with few changes are where the fetcher's
 * {@code completed} and the writer's {@code roster.applied} reach integration-requests milliseconds apart; every
 * run must still end {@code completed} in its view, with the fetcher's counts and the writer's signal, and
 * nothing left "in progress".
 */
class SupportSyncsIT {

    private static final int SYNCS = 50;
    private static final int USERS = 1_000;
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void fiftySupportSyncsEachEndCompletedWithTheFetchersCounts() throws Exception {
        ReliabilityStack system = ReliabilityStack.shared();
        system.ensureIntegrationRequests();
        SyncDriver syncs = new SyncDriver(system.events, system.commands, Duration.ofMinutes(2));
        long seed = system.settings.seed() * 1_000 + 950;
        Random random = new Random(seed);
        System.out.printf("[reliability] support syncs: seed %d%n", seed);
        long begin = System.nanoTime();

        // The district in Clever, onboarded in integration-requests as the admin and support would.
        SandboxWorld world = system.world();
        String name = "Support Syncs USD " + seed;
        String districtId = world.generateDistrict(name, USERS, seed);
        List<School> schools = world.read(() -> List.copyOf(world.districtData(districtId).schools().values()));
        DemoOnboarding onboarding = new DemoOnboarding(system.stack);
        String requestId = onboarding.submitRequest(name,
                schools.stream().map(s -> Map.of("cleverSchoolId", s.id(), "name", s.name())).toList());
        onboarding.awaitShared(requestId);
        int linkMark = system.events.mark();
        asSupportWould(system, "link", () -> onboarding.link(requestId, "org-support-syncs", schools.stream().map(School::id).toList()));
        Run initial = syncs.follow(linkMark, syncs.awaitStarted(linkMark, districtId)); // linking starts the initial sync
        assertThat(initial.status()).as("initial sync: %s", initial.reason()).isEqualTo("completed");
        onboarding.awaitRostered(requestId);

        String support = "Bearer " + system.stack.staffOidc().accessToken("reliability-support", "integration-requests", List.of("support"));
        List<String> mismatches = new ArrayList<>();
        int stuck = 0;
        for (int i = 1; i <= SYNCS; i++) {
            String changes = fewChanges(world, districtId, random);
            int mark = system.events.mark();
            asSupportWould(system, "sync now", () -> {
                onboarding.syncNow(requestId);
                return null;
            });
            Run run = syncs.follow(mark, syncs.awaitStarted(mark, districtId));
            JsonNode view = awaitRecorded(system, support, requestId, run.runId());
            String problem = compare(run, view);
            if (problem != null) {
                mismatches.add("sync " + i + " (" + changes + "), run " + run.runId() + ": " + problem);
                if (view == null || List.of("started", "progress").contains(view.path("status").asText())) {
                    stuck++;
                }
            }
        }
        JsonNode detail = get(system, support, requestId);
        if (detail.path("runInProgress").asBoolean()) {
            mismatches.add("the console still says a run is in progress after the last run");
        }

        double seconds = (System.nanoTime() - begin) / 1e9;
        system.report.add(new TrialReport.Trial("support syncs (Sync now x" + SYNCS + ")", seed,
                String.format(Locale.ROOT, "%d users; each sync a few changes; integration-requests' view of every run checked", USERS),
                stuck + " stuck, " + mismatches.size() + " not as the fetcher and the writer reported", seconds, SYNCS, mismatches.size()));
        mismatches.forEach(m -> System.out.println("[reliability] support syncs: " + m));
        assertThat(mismatches).as("runs whose integration-requests view differs from what the fetcher and the writer did (%d stuck)", stuck)
                .isEmpty();
    }

    private interface SupportAction {
        Object call() throws IOException, InterruptedException;
    }

    /**
     * A support action, pressed again when it fails (as support would; a failed action changed nothing). Each failure
     * is noted in the report: integration-requests answers 500 when its background Clever check changed the same
     * district at that moment.
     */
    private static void asSupportWould(ReliabilityStack system, String what, SupportAction action)
            throws IOException, InterruptedException {
        for (int attempt = 1;; attempt++) {
            try {
                action.call();
                return;
            } catch (IllegalStateException e) {
                system.report.note("support syncs: " + what + " failed (attempt " + attempt + "): " + e.getMessage());
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(1_000);
            }
        }
    }

    /** A few ordinary changes between two syncs: a rename or two, sometimes a new student or a removed user. */
    private static String fewChanges(SandboxWorld world, String districtId, Random random) {
        List<String> users = world.userIds(districtId, (Role) null);
        int renames = 1 + random.nextInt(3);
        for (int i = 0; i < renames; i++) {
            String id = users.get(random.nextInt(users.size()));
            var user = world.user(id);
            if (user != null) {
                world.renameUser(id, user.first(), "Renamed" + Integer.toString(random.nextInt(1_000_000), 36));
            }
        }
        boolean add = random.nextInt(3) == 0;
        if (add) {
            List<String> schools = world.schoolIds(districtId);
            world.addUser(districtId, Role.STUDENT, List.of(schools.get(random.nextInt(schools.size()))), "New",
                    "Student" + Integer.toString(random.nextInt(1_000_000), 36), "new" + random.nextInt(1_000_000) + "@example.org");
        }
        String removed = random.nextInt(4) == 0 ? users.get(random.nextInt(users.size())) : null;
        boolean remove = removed != null && world.user(removed) != null;
        if (remove) {
            world.removeUser(removed);
        }
        return renames + " renamed" + (add ? ", 1 added" : "") + (remove ? ", 1 removed" : "");
    }

    /** The run in integration-requests' view once it shows the fetcher's outcome and the writer's signal; the last view seen otherwise. */
    private static JsonNode awaitRecorded(ReliabilityStack system, String support, String requestId, String runId)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + VIEW_TIMEOUT.toNanos();
        JsonNode run;
        do {
            run = null;
            for (JsonNode r : get(system, support, requestId).path("runs")) {
                if (runId.equals(r.path("runId").asText())) {
                    run = r;
                }
            }
            if (run != null && !List.of("started", "progress").contains(run.path("status").asText()) && !run.path("appliedAt").isNull()) {
                return run;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return run;
    }

    /** What differs between the view of the run and what the fetcher (sync.runs) and the writer (roster.applied) said; null if nothing. */
    private static String compare(Run run, JsonNode view) {
        if (!"completed".equals(run.status())) {
            return "the fetcher's run ended " + run.status() + " (" + run.reason() + ")";
        }
        if (view == null) {
            return "not in integration-requests' view";
        }
        List<String> problems = new ArrayList<>();
        JsonNode terminal = run.terminal();
        if (!"completed".equals(view.path("status").asText())) {
            problems.add("status " + view.path("status").asText());
        }
        for (String[] field : new String[][] { { "created", "created" }, { "updated", "updated" }, { "removed", "removed" },
                { "restored", "restored" } }) {
            if (view.path(field[0]).asLong(-1) != terminal.path("counts").path(field[1]).asLong(-2)) {
                problems.add(field[0] + " " + view.path(field[0]) + " (fetcher: " + terminal.path("counts").path(field[1]) + ")");
            }
        }
        if (view.path("fetchedUsers").asLong(-1) != terminal.path("fetched").path("users").asLong(-2)
                || view.path("fetchedSchools").asLong(-1) != terminal.path("fetched").path("schools").asLong(-2)) {
            problems.add("fetched " + view.path("fetchedSchools") + "/" + view.path("fetchedUsers") + " (fetcher: "
                    + terminal.path("fetched") + ")");
        }
        if (!"support".equals(view.path("trigger").asText())) {
            problems.add("trigger " + view.path("trigger"));
        }
        JsonNode applied = run.applied();
        if (!Objects.equals(instant(view.path("appliedAt")), instant(applied.path("appliedAt")))
                || view.path("activeUsers").asLong(-1) != applied.path("activeUsers").asLong(-2)) {
            problems.add("applied " + view.path("appliedAt") + " with " + view.path("activeUsers") + " active users (writer: "
                    + applied.path("appliedAt") + ", " + applied.path("activeUsers") + ")");
        }
        return problems.isEmpty() ? null : String.join(", ", problems);
    }

    private static Instant instant(JsonNode node) {
        return node.isTextual() ? Instant.parse(node.asText()).truncatedTo(ChronoUnit.MICROS) : null;
    }

    private static JsonNode get(ReliabilityStack system, String support, String requestId) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                        system.stack.serviceUrl(ReliabilityStack.REQUESTS) + "/api/support/integrations/" + requestId))
                .header("Authorization", support).header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET integration %s: %s", requestId, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
