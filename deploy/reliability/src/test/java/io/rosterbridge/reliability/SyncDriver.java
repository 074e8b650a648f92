package io.rosterbridge.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.rosterbridge.reliability.EventTap.Seen;

/**
 * Drives syncs of one district through Kafka only, as support's tooling does: a {@code sync} command on
 * sync.requests, then the run's lifecycle on sync.runs and the writer's roster.applied signal.
 */
final class SyncDriver {

    static final Set<String> TERMINAL = Set.of("completed", "held", "failed");

    /** How a run ended: its terminal sync.runs event, and (completed or held) its roster.applied signal. */
    record Run(String runId, String status, JsonNode terminal, JsonNode applied, double fetchSeconds, double applySeconds) {

        String reason() {
            return terminal == null ? "no terminal event" : terminal.path("reason").asText("");
        }
    }

    private final EventTap events;
    private final CommandPublisher commands;
    private final Duration timeout;

    SyncDriver(EventTap events, CommandPublisher commands, Duration timeout) {
        this.events = events;
        this.commands = commands;
        this.timeout = timeout;
    }

    /** Sends a sync command; returns the tap mark to look for the run from. */
    int request(String districtId, String reason) {
        int mark = events.mark();
        commands.requestSync(districtId, reason);
        return mark;
    }

    /** The id of the first run of the district that started after {@code mark}. */
    String awaitStarted(int mark, String districtId) {
        return events.await(mark, EventTap.SYNC_RUNS, j -> districtId.equals(j.path("districtId").asText())
                        && "started".equals(j.path("status").asText()), timeout)
                .orElseThrow(() -> new AssertionError("no run of " + districtId + " started within " + timeout))
                .json().path("runId").asText();
    }

    Optional<JsonNode> terminal(int mark, String runId) {
        return events.find(mark, EventTap.SYNC_RUNS, j -> runId.equals(j.path("runId").asText())
                && TERMINAL.contains(j.path("status").asText())).map(Seen::json);
    }

    /** The last progress event of the run so far (fetched users), or null. */
    JsonNode lastProgress(int mark, String runId) {
        List<Seen> progress = events.since(mark, EventTap.SYNC_RUNS).stream()
                .filter(s -> s.json() != null && runId.equals(s.json().path("runId").asText())
                        && "progress".equals(s.json().path("status").asText()))
                .toList();
        return progress.isEmpty() ? null : progress.get(progress.size() - 1).json();
    }

    Optional<JsonNode> awaitStatus(int mark, String runId, Set<String> statuses, Duration wait) {
        return events.await(mark, EventTap.SYNC_RUNS, j -> runId.equals(j.path("runId").asText())
                && statuses.contains(j.path("status").asText()), wait).map(Seen::json);
    }

    Optional<JsonNode> awaitApplied(int mark, String runId, Duration wait) {
        return events.await(mark, EventTap.ROSTER_APPLIED, j -> runId.equals(j.path("runId").asText()), wait).map(Seen::json);
    }

    /** Follows a run that started after {@code mark} to its end, and to its roster.applied when it reached the writer. */
    Run follow(int mark, String runId) {
        long begin = System.nanoTime();
        JsonNode terminal = awaitStatus(mark, runId, TERMINAL, timeout)
                .orElseThrow(() -> new AssertionError("run " + runId + " did not end within " + timeout));
        double fetchSeconds = (System.nanoTime() - begin) / 1e9;
        String status = terminal.path("status").asText();
        JsonNode applied = null;
        if (!"failed".equals(status)) {
            applied = awaitApplied(mark, runId, timeout)
                    .orElseThrow(() -> new AssertionError("no roster.applied for " + status + " run " + runId + " within " + timeout));
        }
        return new Run(runId, status, terminal, applied, fetchSeconds, (System.nanoTime() - begin) / 1e9);
    }

    /** One sync from command to roster.applied. */
    Run sync(String districtId, String reason) {
        long begin = System.nanoTime();
        int mark = request(districtId, reason);
        String runId = awaitStarted(mark, districtId);
        Run run = follow(mark, runId);
        double total = (System.nanoTime() - begin) / 1e9;
        return new Run(run.runId(), run.status(), run.terminal(), run.applied(), total - (run.applySeconds() - run.fetchSeconds()), total);
    }

    /**
     * "Let the system finish": syncs until a run completes or is held (a run failed by a fault still lingering
     * is retried, at most {@code attempts} times).
     */
    Run finish(String districtId, int attempts) {
        Run run = null;
        for (int i = 0; i < attempts; i++) {
            run = sync(districtId, "reliability: let the system finish");
            if (!"failed".equals(run.status())) {
                return run;
            }
        }
        return run;
    }
}
