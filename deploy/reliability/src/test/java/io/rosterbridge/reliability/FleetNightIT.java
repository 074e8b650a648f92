package io.rosterbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.rosterbridge.local.LocalStack;
import io.rosterbridge.local.ServiceProcess;
import io.rosterbridge.local.StackPorts;
import io.rosterbridge.reliability.EventTap.Seen;
import io.rosterbridge.reliability.ExpectedRoster.ExpectedUser;
import io.rosterbridge.sandbox.CleverSandbox;
import io.rosterbridge.sandbox.SandboxOptions;
import io.rosterbridge.sandbox.SandboxWorld;

/**
 * The fleet trial (issue 18): a small generated fleet's night on two sync-fetcher and two roster-writer replicas with
 * integration-requests, fired by the fetchers' own scheduler (its cron set by configuration), and in the middle of
 * the night {@code kill -9} of the fetcher replica that is running districts and of a writer replica (the writer is
 * restarted, the fetcher is not: its districts must be taken over through the lapsed leases). Then every district
 * must be as Clever says, its night run completed exactly once with exact counts, the takeover within the documented
 * bound (docs/operations.md, "Replicas"), and its outcome visible in integration-requests.
 *
 * <p>Its own stack, in its own JVM (the failsafe execution {@code fleet-night}): the other trials share a
 * single-replica stack that lives until their JVM ends. Every random choice comes from the printed seed;
 * {@code -Dreliability.seed=N} reruns it, {@code -Dreliability.fleet.districts} and {@code -Dreliability.fleet.max-users}
 * make the fleet bigger.
 */
class FleetNightIT {

    private static final String FETCHER = ReliabilityStack.FETCHER;
    private static final String WRITER = ReliabilityStack.WRITER;
    private static final String REQUESTS = ReliabilityStack.REQUESTS;
    private static final String NIGHTLY = "nightly";
    /** docs/operations.md: a dead replica's districts lapse fetcher.lease.duration after its last renewal. */
    private static final Duration LEASE = Duration.ofSeconds(30);
    /** ... and an idle worker of another replica claims them within fetcher.lease.poll-interval after that: 31 s. */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(31);
    /** Clock reads and a claim's own transaction on a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final int MIN_USERS = 300;
    /** How long one wait for an event lasts before the condition is read again. */
    private static final Duration POLL = Duration.ofSeconds(2);

    private final List<String> mismatches = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    @Test
    void killMinus9OfAFetcherAndAWriterReplicaMidNightLosesNothing() throws Exception {
        HarnessSettings base = HarnessSettings.fromSystemProperties();
        Path target = Path.of("target").toAbsolutePath();
        // Its own data and report: the other trials' JVM writes target/reliability-report.md.
        HarnessSettings settings = new HarnessSettings(base.users(), base.trials(), base.seed(), base.repository(),
                target.resolve("fleet-night-data"), target.resolve("fleet-night-report.md"));
        int districts = Integer.getInteger("reliability.fleet.districts", 12);
        int maxUsers = Integer.getInteger("reliability.fleet.max-users", 3_000);
        Duration fireMargin = Duration.ofSeconds(Long.getLong("reliability.fleet.fire-margin-seconds", 45L));
        long seed = settings.seed() * 1_000 + 1;
        System.out.printf("[reliability] base seed %d (the fleet night's seed is %d; rerun with -Dreliability.seed=%d)%n",
                settings.seed(), seed, settings.seed());
        System.out.printf("[reliability] trial fleet night, seed %d%n", seed);
        Random random = new Random(seed);
        long begin = System.nanoTime();

        LocalStack.resetData(settings.dataDir());
        ChildReaper.Watch children = ChildReaper.watchThisJvm(settings.dataDir().resolve("logs/child-reaper.log"));
        StackPorts ports = StackPorts.free();
        TrialReport report = new TrialReport(settings);
        // The sandbox first: its port was free a moment ago, and starting the broker and the database makes many
        // connections whose local (ephemeral) ports could take it (seed 1804 lost it so once).
        try (LocalStack stack = new LocalStack(settings.repository(), settings.dataDir(), ports);
                CleverSandbox sandbox = CleverSandbox.start(SandboxOptions.defaults().withPort(ports.sandbox()).withDemoDistrict(false)
                        .withClientId(stack.cleverClientId()).withClientSecret(stack.cleverClientSecret()));
                CommandPublisher commands = new CommandPublisher(stack.startInfrastructure().kafkaBootstrapServers());
                EventTap events = new EventTap(stack.kafkaBootstrapServers())) {
            ReliabilityStack.postmasterPid(settings.dataDir().resolve("postgres")).ifPresent(children::watch);
            SandboxWorld world = sandbox.world();
            // Full syncs only: live updates would apply Clever's changes between runs (as in the other trials).
            world.setEventsEnabled(false);
            Databases db = new Databases(stack);

            // The fleet: sizes drawn from the seed, log-uniform between a few hundred and max-users.
            Map<String, Set<String>> licensed = new LinkedHashMap<>();
            long users = 0;
            for (int i = 0; i < districts; i++) {
                int size = (int) Math.round(MIN_USERS * Math.pow((double) maxUsers / MIN_USERS, random.nextDouble()));
                String name = String.format(Locale.ROOT, "Fleet Night District %02d (%d)", i + 1, seed);
                String id = world.generateDistrict(name, size, seed * 100 + i);
                List<String> schools = world.schoolIds(id);
                // Every school but the last licensed: the licensing cut is part of every comparison.
                Set<String> schoolsLicensed = new TreeSet<>(schools.size() > 1 ? schools.subList(0, schools.size() - 1) : schools);
                licensed.put(id, schoolsLicensed);
                // Linked before any fetcher starts (they read district.links from the beginning), without an initial sync.
                commands.link(id, name, schoolsLicensed);
                users += size;
            }

            // Writers and integration-requests first; how long they took sets the firing (the fetchers' cron is fixed
            // before they start, and they take about as long, plus reading the links).
            long servicesStart = System.nanoTime();
            List<ServiceProcess> writers = stack.startReplicas(WRITER, 2);
            writers.forEach(w -> children.watch(w.pid()));
            stack.startServices(List.of(REQUESTS));
            children.watch(stack.process(REQUESTS).pid());
            Duration othersStartup = Duration.ofNanos(System.nanoTime() - servicesStart);
            Instant fire = Instant.now().plus(othersStartup.multipliedBy(2)).plus(fireMargin).truncatedTo(ChronoUnit.SECONDS);
            ZonedDateTime at = fire.atZone(ZoneOffset.UTC);
            String cron = at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * ?";
            stack.withServiceEnvironment(FETCHER, "FETCHER_INITIAL_SYNC_ON_LINK", "false")
                    .withServiceEnvironment(FETCHER, "FETCHER_NIGHTLY_CRON", cron)
                    .withServiceEnvironment(FETCHER, "FETCHER_NIGHTLY_ZONE", "UTC")
                    .withServiceEnvironment(FETCHER, "FETCHER_MAX_CONCURRENT_RUNS", "2");
            List<ServiceProcess> fetchers = stack.startReplicas(FETCHER, 2);
            fetchers.forEach(f -> children.watch(f.pid()));
            // Every link in sync-fetcher's table before the firing, or the trial cannot be the night it claims.
            int linked = stack.awaitActiveLinks(districts, fire);
            if (linked < districts) {
                throw new AssertionError("only " + linked + " of " + districts + " districts linked before the firing at " + fire
                        + ": raise -Dreliability.fleet.fire-margin-seconds");
            }
            System.out.printf(Locale.ROOT, "[reliability] fleet of %d districts, %,d users; services up in %.1f s; the night fires at %s (cron \"%s\" UTC), in %.0f s%n",
                    districts, users, (System.nanoTime() - servicesStart) / 1e9, fire, cron, Duration.between(Instant.now(), fire).toMillis() / 1e3);

            // The kill: after a seeded number of the night's runs started, a seeded delay later, the fetcher replica
            // that is running districts then (a seeded one of them when both are) and the writer replica roster-writer.
            int afterStarts = 1 + random.nextInt(Math.max(1, districts / 3));
            long delayMillis = random.nextInt(1_500);
            Duration nightTimeout = Duration.between(Instant.now(), fire).plusMinutes(10);
            Kill kill = null;
            for (int starts = afterStarts; kill == null && starts <= districts; starts++) {
                awaitNightlyStarts(events, licensed.keySet(), starts, nightTimeout);
                Thread.sleep(delayMillis);
                kill = killRunningFetcher(stack, db, ports, random);
            }
            if (kill == null) {
                throw new AssertionError("no fetcher replica was running a district after any of the night's starts (seed " + seed + ")");
            }
            ServiceProcess writer = stack.process(WRITER);
            writer.kill();
            String how = String.format(Locale.ROOT, "%d districts, %,d users (%d–%d each), 2 fetchers × 2 workers, 2 writers, integration-requests; "
                    + "kill -9 %s %.1f s after %d of %d night runs had started (it was running %s), and %s; the writer restarted, the fetcher not",
                    districts, users, MIN_USERS, maxUsers, kill.replica(), delayMillis / 1e3, kill.startsSeen(), districts,
                    kill.running().keySet(), WRITER);
            System.out.println("[reliability] " + how);
            long restart = System.nanoTime();
            children.watch(stack.restartService(WRITER).pid());
            notes.add(String.format(Locale.ROOT, "%s back in %.1f s", WRITER, (System.nanoTime() - restart) / 1e9));

            // The night ends when every district's nightly run completed and was applied.
            Map<String, String> completed = awaitNight(events, licensed.keySet(), Duration.ofMinutes(10));
            Map<String, Map<String, ExpectedUser>> expected = new LinkedHashMap<>();
            licensed.forEach((id, schools) -> expected.put(id, ExpectedRoster.of(world, id, schools)));
            long recordsCompared = 0;
            RosterTables roster = new RosterTables(stack.jdbcUrl("roster_writer"));
            for (String id : licensed.keySet()) {
                RosterComparison.Result result = RosterComparison.compare(roster, id, expected.get(id), Set.of());
                recordsCompared += result.recordsCompared();
                result.mismatches().forEach(m -> mismatches.add(id + ": " + m));
                checkRuns(id, completed.get(id), kill, db, events, roster, expected.get(id).size());
            }
            checkTakeover(kill, db);
            checkNoDistrictLeftRunning(db);
            checkIntegrationRequests(licensed.keySet(), completed, db, events);
            ServiceProcess survivor = FETCHER.equals(kill.replica()) ? fetchers.get(1) : fetchers.get(0);
            if (!survivor.isAlive() || !stack.process(WRITER).isAlive()) {
                mismatches.add("the surviving fetcher replica or the restarted writer is gone at the end");
            }

            String outcome = mismatches.isEmpty() ? "as Clever, each night run once" : "MISMATCH: " + mismatches.get(0);
            report.add(new TrialReport.Trial("fleet night: kill -9 fetcher + writer", seed, how, outcome,
                    (System.nanoTime() - begin) / 1e9, recordsCompared, mismatches.size()));
            notes.forEach(report::note);
            if (!mismatches.isEmpty()) {
                System.out.println("[reliability] fleet night mismatches:\n  " + String.join("\n  ", mismatches.subList(0, Math.min(30, mismatches.size()))));
            }
        }
        assertThat(mismatches).as("fleet night (seed " + seed + ")").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ the kill

    /**
     * The fetcher replica killed, when (the database's clock, as the leases use it), and each district it was running
     * with its lease's end as it stood at the kill.
     */
    private record Kill(String replica, String owner, Instant at, Map<String, Instant> running, int startsSeen) {
    }

    /** Kills the (a seeded one of the) fetcher replica(s) holding a running district now; null when none does. */
    private Kill killRunningFetcher(LocalStack stack, Databases db, StackPorts ports, Random random) throws SQLException {
        Map<String, Map<String, Instant>> runningByOwner = db.runningByOwner();
        if (runningByOwner.isEmpty()) {
            return null;
        }
        List<String> owners = new ArrayList<>(new TreeSet<>(runningByOwner.keySet()));
        String owner = owners.get(random.nextInt(owners.size()));
        // A replica's id is host:port; replica 1 listens on the stack's fetcher port, replica 2 on another.
        String replica = owner.endsWith(":" + ports.syncFetcher()) ? FETCHER : FETCHER + "-2";
        Instant at = db.now();
        stack.process(replica).kill();
        // What it held as it died (read after the kill: nothing renews them any more).
        Map<String, Instant> running = db.runningByOwner().getOrDefault(owner, runningByOwner.get(owner));
        return new Kill(replica, owner, at, running, db.nightlyRunsStarted());
    }

    private static void awaitNightlyStarts(EventTap events, Set<String> fleet, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int mark = events.mark(); // before the count: a start arriving in between still ends the wait below
            int started = nightlyStarted(events, fleet).size();
            if (started >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + started + " nightly runs started within " + timeout + " (did the fetchers' scheduler fire?)");
            }
            events.await(mark, EventTap.SYNC_RUNS, j -> "started".equals(j.path("status").asText()), POLL);
        }
    }

    private static Set<String> nightlyStarted(EventTap events, Set<String> fleet) {
        return events.since(0, EventTap.SYNC_RUNS).stream().map(Seen::json)
                .filter(j -> j != null && "started".equals(j.path("status").asText()) && NIGHTLY.equals(j.path("trigger").asText())
                        && fleet.contains(j.path("districtId").asText()))
                .map(j -> j.path("runId").asText()).collect(Collectors.toSet());
    }

    // ------------------------------------------------------------------------------------------------ the night

    /** Waits until every district has a completed nightly run whose roster.applied arrived; returns district → that run. */
    private static Map<String, String> awaitNight(EventTap events, Set<String> fleet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int mark = events.mark();
            Map<String, String> completed = completedNightly(events, fleet);
            Set<String> applied = appliedRuns(events);
            if (completed.size() == fleet.size() && applied.containsAll(completed.values())) {
                return completed;
            }
            if (System.nanoTime() > deadline) {
                Set<String> missing = new TreeSet<>(fleet);
                completed.forEach((d, r) -> {
                    if (applied.contains(r)) {
                        missing.remove(d);
                    }
                });
                throw new AssertionError(missing.size() + " districts without a completed and applied nightly run within " + timeout
                        + ": " + missing);
            }
            // Either topic may bring the last piece (roster.applied can arrive before the fetcher's completed event).
            events.await(mark, EventTap.ROSTER_APPLIED, j -> true, POLL);
        }
    }

    /** District → the run id of its (last) completed nightly run on sync.runs. */
    private static Map<String, String> completedNightly(EventTap events, Set<String> fleet) {
        Map<String, String> completed = new LinkedHashMap<>();
        for (Seen seen : events.since(0, EventTap.SYNC_RUNS)) {
            JsonNode j = seen.json();
            if (j != null && "completed".equals(j.path("status").asText()) && NIGHTLY.equals(j.path("trigger").asText())
                    && fleet.contains(j.path("districtId").asText())) {
                completed.put(j.path("districtId").asText(), j.path("runId").asText());
            }
        }
        return completed;
    }

    private static Set<String> appliedRuns(EventTap events) {
        return events.since(0, EventTap.ROSTER_APPLIED).stream().map(Seen::json).filter(Objects::nonNull)
                .map(j -> j.path("runId").asText()).collect(Collectors.toSet());
    }

    // ------------------------------------------------------------------------------------------------ checks

    /**
     * Exactly one completed nightly run per district: in the fetcher's sync_run (any other ended failed as
     * interrupted, before it) and on sync.runs and roster.applied; its counts as the writer applied them, and the
     * writer's totals over the night exactly the district's users (the night is its first sync: all created).
     */
    private void checkRuns(String districtId, String runId, Kill kill, Databases db, EventTap events, RosterTables roster,
            int expectedUsers) throws SQLException {
        if (db.rosterUsers(districtId) != expectedUsers) {
            mismatches.add(districtId + ": " + db.rosterUsers(districtId) + " roster users, Clever shares " + expectedUsers);
        }
        List<Databases.FetcherRun> runs = db.nightlyRuns(districtId);
        List<Databases.FetcherRun> done = runs.stream().filter(r -> "completed".equals(r.status())).toList();
        if (done.size() != 1 || !done.get(0).runId().equals(runId)) {
            mismatches.add(districtId + ": " + done.size() + " completed nightly runs in sync-fetcher's sync_run (" + runs
                    + "), sync.runs says " + runId);
            return;
        }
        Instant completedStart = done.get(0).startedAt();
        for (Databases.FetcherRun other : runs) {
            if (other == done.get(0)) {
                continue;
            }
            if (!"failed".equals(other.status()) || other.reason() == null || !other.reason().startsWith("interrupted")
                    || !other.startedAt().isBefore(completedStart)) {
                mismatches.add(districtId + ": besides its completed night run " + runId + " a run " + other);
            }
        }
        boolean interrupted = runs.size() > 1;
        if (interrupted && !kill.running().containsKey(districtId)) {
            mismatches.add(districtId + ": interrupted though the killed replica was not running it: " + runs);
        }
        Set<String> completedOnTopic = events.since(0, EventTap.SYNC_RUNS).stream().map(Seen::json)
                .filter(j -> j != null && districtId.equals(j.path("districtId").asText()) && "completed".equals(j.path("status").asText()))
                .map(j -> j.path("runId").asText()).collect(Collectors.toSet());
        List<JsonNode> applied = events.since(0, EventTap.ROSTER_APPLIED).stream().map(Seen::json)
                .filter(j -> j != null && districtId.equals(j.path("districtId").asText())).toList();
        Set<String> appliedRuns = applied.stream().map(j -> j.path("runId").asText()).collect(Collectors.toSet());
        if (!completedOnTopic.equals(Set.of(runId)) || !appliedRuns.equals(Set.of(runId))) {
            mismatches.add(districtId + ": completed runs on sync.runs " + completedOnTopic + ", applied runs on roster.applied "
                    + appliedRuns + "; expected only " + runId);
        }
        JsonNode announced = events.since(0, EventTap.SYNC_RUNS).stream().map(Seen::json)
                .filter(j -> j != null && runId.equals(j.path("runId").asText()) && "completed".equals(j.path("status").asText()))
                .findFirst().orElseThrow().path("counts");
        JsonNode appliedCounts = applied.stream().filter(j -> runId.equals(j.path("runId").asText())).findFirst().orElseThrow().path("counts");
        // As FailureTrialsIT's checkRun: equal, unless the run re-sent what an interrupted run delivered already.
        if (!interrupted && !announced.equals(appliedCounts)) {
            mismatches.add(districtId + ": run " + runId + " announced " + announced + " but the writer applied " + appliedCounts);
        }
        if (interrupted) {
            String excess = RosterComparison.appliedBeyondAnnounced(counts(appliedCounts), counts(announced));
            if (excess != null) {
                mismatches.add(districtId + ": run " + runId + " announced " + announced + " but the writer applied " + appliedCounts + ": " + excess);
            }
        }
        // The night is the district's first sync: summed over its runs the writer created every row once (district, schools,
        // users), archived and restored none.
        long[] totals = roster.appliedTotals(districtId);
        long rows = db.rosterRows(districtId);
        if (totals[0] != rows || totals[2] != 0 || totals[3] != 0) {
            mismatches.add(String.format(Locale.ROOT, "%s: the writer counted %d created, %d removed, %d restored over the night's runs; "
                    + "the roster holds %d rows of it (all new)", districtId, totals[0], totals[2], totals[3], rows));
        }
        if (done.get(0).created() != announced.path("created").asLong()) {
            mismatches.add(districtId + ": sync_run counts created=" + done.get(0).created() + ", sync.runs announced " + announced);
        }
    }

    /**
     * The killed replica's districts: their leases ran out at most fetcher.lease.duration after the kill, and each ran
     * again within the 31 s bound, or, when the surviving replica's workers were all busy then, no later than one run
     * of the night after it (takeovers go before queued districts).
     */
    private void checkTakeover(Kill kill, Databases db) throws SQLException {
        Duration longestRun = db.longestNightlyRun();
        List<String> measured = new ArrayList<>();
        for (Map.Entry<String, Instant> held : kill.running().entrySet()) {
            String districtId = held.getKey();
            Duration leaseLeft = Duration.between(kill.at(), held.getValue());
            if (leaseLeft.compareTo(LEASE.plus(SLACK)) > 0) {
                mismatches.add(districtId + ": its lease ran " + leaseLeft.toMillis() / 1e3 + " s past the kill (documented: at most "
                        + LEASE.toSeconds() + " s)");
            }
            Instant restarted = db.nightlyRuns(districtId).stream().filter(r -> r.startedAt().isAfter(kill.at()))
                    .map(Databases.FetcherRun::startedAt).min(Instant::compareTo).orElse(null);
            if (restarted == null) {
                // Finished by the killed replica in its last moments, between the lease read and the kill.
                measured.add(districtId + " not run again");
                continue;
            }
            Duration takeover = Duration.between(kill.at(), restarted);
            Duration allowed = TAKEOVER_BOUND.plus(SLACK).plus(longestRun);
            measured.add(String.format(Locale.ROOT, "%s again after %.1f s (lease lapsed %.1f s after the kill)", districtId,
                    takeover.toMillis() / 1e3, leaseLeft.toMillis() / 1e3));
            if (takeover.compareTo(allowed) > 0) {
                mismatches.add(String.format(Locale.ROOT, "%s: taken over %.1f s after the kill; bound %d s + the longest run of the night "
                        + "(%.1f s) + %d s", districtId, takeover.toMillis() / 1e3, TAKEOVER_BOUND.toSeconds(), longestRun.toMillis() / 1e3,
                        SLACK.toSeconds()));
            }
        }
        notes.add("takeover of " + kill.replica() + "'s districts: " + String.join("; ", measured) + String.format(Locale.ROOT,
                " (the longest run of the night took %.1f s)", longestRun.toMillis() / 1e3));
    }

    /** integration-requests saw each district's night: its latest run is the completed one, applied, with its counts. */
    /**
     * Every district's work finished in the shared queue, so the night view shows none running. A district whose run
     * had ended before the kill is finished by the taker-over once the killed replica's lease lapses, which can be after
     * the night's last roster.applied: wait for that.
     */
    private void checkNoDistrictLeftRunning(Databases db) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + LEASE.plus(SLACK).plus(SLACK).plus(SLACK).toNanos();
        List<String> running = db.runningWork();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            running = db.runningWork();
        }
        if (!running.isEmpty()) {
            mismatches.add("still running in sync-fetcher's district_work " + LEASE.plus(SLACK).plus(SLACK).plus(SLACK).toSeconds()
                    + " s after the night ended: " + running);
        }
    }

    private void checkIntegrationRequests(Set<String> fleet, Map<String, String> completed, Databases db, EventTap events) throws Exception {
        // IR consumes asynchronously: wait (a bounded while) until every district's latest run is applied there.
        Map<String, Databases.RequestsRun> latest = Map.of();
        for (long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos(); System.nanoTime() < deadline; Thread.sleep(500)) {
            latest = db.latestRequestsRuns(fleet);
            Map<String, Databases.RequestsRun> seen = latest;
            if (fleet.stream().allMatch(d -> seen.containsKey(d) && seen.get(d).runId().equals(completed.get(d))
                    && "completed".equals(seen.get(d).status()) && seen.get(d).appliedAt() != null)) {
                break;
            }
        }
        long stale = 0;
        for (String districtId : fleet) {
            Databases.RequestsRun run = latest.get(districtId);
            String runId = completed.get(districtId);
            if (run == null || !run.runId().equals(runId) || !"completed".equals(run.status()) || run.appliedAt() == null) {
                mismatches.add(districtId + ": integration-requests' latest run is " + run + ", not the completed and applied " + runId);
                continue;
            }
            JsonNode announced = events.since(0, EventTap.SYNC_RUNS).stream().map(Seen::json)
                    .filter(j -> j != null && runId.equals(j.path("runId").asText()) && "completed".equals(j.path("status").asText()))
                    .findFirst().orElseThrow().path("counts");
            if (run.created() != announced.path("created").asLong() || run.removed() != announced.path("removed").asLong()) {
                mismatches.add(districtId + ": integration-requests shows created=" + run.created() + ", removed=" + run.removed()
                        + " for run " + runId + "; sync.runs announced " + announced);
            }
            stale += db.unfinishedRequestsRuns(districtId);
        }
        if (stale > 0) {
            // The taker-over publishes the dead run's failed end on sync.runs (sync-fetcher's InterruptedRuns), ahead of the
            // re-run's events on the district's partition: by now integration-requests must show it ended.
            mismatches.add(stale + " interrupted run(s) still shown as started/in progress in integration-requests");
        }
    }

    private static long[] counts(JsonNode counts) {
        return new long[] {counts.path("created").asLong(), counts.path("updated").asLong(), counts.path("removed").asLong(),
                counts.path("restored").asLong()};
    }

    // ------------------------------------------------------------------------------------------------ databases

    /** Reads sync-fetcher's and integration-requests' tables (the harness's view; no service API needed). */
    private static final class Databases {

        record FetcherRun(String runId, String status, Instant startedAt, Instant finishedAt, String reason, long created) {
        }

        record RequestsRun(String runId, String status, Instant startedAt, Instant appliedAt, long created, long removed) {
        }

        private final LocalStack stack;

        Databases(LocalStack stack) {
            this.stack = stack;
        }

        private Connection fetcher() throws SQLException {
            return DriverManager.getConnection(stack.jdbcUrl("sync_fetcher"), "postgres", "postgres");
        }

        private Connection requests() throws SQLException {
            return DriverManager.getConnection(stack.jdbcUrl("integration_requests"), "postgres", "postgres");
        }

        Instant now() throws SQLException {
            try (Connection c = fetcher(); PreparedStatement s = c.prepareStatement("SELECT clock_timestamp()"); ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }

        /** Owner → the districts it is running a full sync of, with each lease's end. */
        Map<String, Map<String, Instant>> runningByOwner() throws SQLException {
            Map<String, Map<String, Instant>> owners = new LinkedHashMap<>();
            try (Connection c = fetcher(); PreparedStatement s = c.prepareStatement("SELECT owner, district_id, lease_until FROM district_work "
                    + "WHERE running_trigger IS NOT NULL AND owner IS NOT NULL AND lease_until > now() ORDER BY owner, district_id");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    owners.computeIfAbsent(rs.getString(1), o -> new LinkedHashMap<>()).put(rs.getString(2), rs.getTimestamp(3).toInstant());
                }
            }
            return owners;
        }

        int nightlyRunsStarted() throws SQLException {
            try (Connection c = fetcher(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM sync_run WHERE trigger = ?")) {
                s.setString(1, NIGHTLY);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }

        List<FetcherRun> nightlyRuns(String districtId) throws SQLException {
            List<FetcherRun> runs = new ArrayList<>();
            try (Connection c = fetcher(); PreparedStatement s = c.prepareStatement("SELECT run_id, status, started_at, finished_at, "
                    + "status_reason, created FROM sync_run WHERE district_id = ? AND trigger = ? ORDER BY seq")) {
                s.setString(1, districtId);
                s.setString(2, NIGHTLY);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        runs.add(new FetcherRun(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), instant(rs.getTimestamp(4)),
                                rs.getString(5), rs.getLong(6)));
                    }
                }
            }
            return runs;
        }

        /** The districts whose full sync district_work still shows running. */
        List<String> runningWork() throws SQLException {
            List<String> running = new ArrayList<>();
            try (Connection c = fetcher(); PreparedStatement s = c.prepareStatement(
                    "SELECT district_id FROM district_work WHERE running_trigger IS NOT NULL ORDER BY district_id");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    running.add(rs.getString(1));
                }
            }
            return running;
        }

        Duration longestNightlyRun() throws SQLException {
            try (Connection c = fetcher(); PreparedStatement s = c.prepareStatement("SELECT coalesce(max(extract(epoch FROM finished_at - started_at)), 0) "
                    + "FROM sync_run WHERE trigger = ? AND status = 'completed'")) {
                s.setString(1, NIGHTLY);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return Duration.ofMillis((long) (rs.getDouble(1) * 1000));
                }
            }
        }

        /** The district's rows in roster-writer's tables: the district itself, its schools and its users. */
        long rosterRows(String districtId) throws SQLException {
            return count("roster_writer", "SELECT (SELECT count(*) FROM district WHERE id = ?) + (SELECT count(*) FROM school WHERE district_id = ?) "
                    + "+ (SELECT count(*) FROM roster_user WHERE district_id = ?)", districtId, districtId, districtId);
        }

        long rosterUsers(String districtId) throws SQLException {
            return count("roster_writer", "SELECT count(*) FROM roster_user WHERE district_id = ?", districtId);
        }

        private long count(String database, String sql, String... parameters) throws SQLException {
            try (Connection c = DriverManager.getConnection(stack.jdbcUrl(database), "postgres", "postgres");
                    PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    s.setString(i + 1, parameters[i]);
                }
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        /** Each district's latest run as integration-requests records it (by start). */
        Map<String, RequestsRun> latestRequestsRuns(Set<String> fleet) throws SQLException {
            Map<String, RequestsRun> latest = new LinkedHashMap<>();
            try (Connection c = requests(); PreparedStatement s = c.prepareStatement("SELECT DISTINCT ON (district_id) district_id, run_id, "
                    + "status, started_at, applied_at, coalesce(created_count, -1), coalesce(removed_count, -1) FROM sync_run "
                    + "ORDER BY district_id, started_at DESC"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (fleet.contains(rs.getString(1))) {
                        latest.put(rs.getString(1), new RequestsRun(rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                                instant(rs.getTimestamp(5)), rs.getLong(6), rs.getLong(7)));
                    }
                }
            }
            return latest;
        }

        long unfinishedRequestsRuns(String districtId) throws SQLException {
            try (Connection c = requests(); PreparedStatement s = c.prepareStatement(
                    "SELECT count(*) FROM sync_run WHERE district_id = ? AND status IN ('started', 'progress')")) {
                s.setString(1, districtId);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        private static Instant instant(Timestamp timestamp) {
            return timestamp == null ? null : timestamp.toInstant();
        }
    }
}
