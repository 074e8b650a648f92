package io.rosterbridge.fetcher.service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.repository.DistrictWorkRepository;
import io.rosterbridge.fetcher.repository.DistrictWorkRepository.WorkRow;
import io.rosterbridge.fetcher.repository.RunStatus;
import io.rosterbridge.fetcher.repository.ScheduleFireRepository;
import io.rosterbridge.fetcher.repository.ScheduleFireRepository.Fire;
import io.rosterbridge.fetcher.repository.SyncRunRepository;
import io.rosterbridge.fetcher.repository.SyncRunRepository.RunRow;

/**
 * Support's view of the night: every district the latest nightly fire queued or skipped (and any run since), its
 * state from the shared queue and the run rows started since the fire, and when the night should end.
 */
@ApplicationScoped
public class NightService {

    /** A district's state tonight. */
    public enum State {
        QUEUED, RUNNING, COMPLETED, FAILED, HELD, SKIPPED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One district tonight; {@code lastRun} is its latest finished run (tonight's once it finished). */
    public record DistrictNight(String districtId, State state, Instant queuedAt, Instant startedAt, Instant finishedAt, UUID runId,
            Long expectedUsers, RunRow lastRun) {
    }

    /** The night of the latest fire; all empty when the schedule never fired. */
    public record Night(LocalDate night, Instant firedAt, Map<State, Integer> counts, Instant expectedEndAt, List<DistrictNight> districts) {
    }

    private final ScheduleFireRepository fires;
    private final DistrictWorkRepository work;
    private final SyncRunRepository runs;
    private final ZoneId zone;

    public NightService(ScheduleFireRepository fires, DistrictWorkRepository work, SyncRunRepository runs, FetcherConfig config) {
        this.fires = fires;
        this.work = work;
        this.runs = runs;
        this.zone = ZoneId.of(config.nightly().zone());
    }

    public Night tonight(Instant now) {
        Optional<Fire> fire = fires.latest(NightlySync.JOB);
        if (fire.isEmpty()) {
            return new Night(null, null, counts(List.of()), null, List.of());
        }
        // A fire is taken at (or just after) its scheduled minute; tests fire for other dates, so whichever is earlier.
        Instant since = fire.get().fireTime().isBefore(fire.get().claimedAt()) ? fire.get().fireTime() : fire.get().claimedAt();
        Map<String, WorkRow> queue = work.touchedSince(since, fire.get().fireTime()).stream().collect(Collectors.toMap(WorkRow::districtId, Function.identity()));
        Map<String, RunRow> tonight = runs.latestSince(since).stream().collect(Collectors.toMap(RunRow::districtId, Function.identity()));
        List<String> ids = new ArrayList<>(queue.keySet());
        tonight.keySet().stream().filter(id -> !queue.containsKey(id)).forEach(ids::add);
        Map<String, RunRow> last = ids.isEmpty() ? Map.of()
                : runs.latestFinished(ids).stream().collect(Collectors.toMap(RunRow::districtId, Function.identity()));
        List<DistrictNight> districts = new ArrayList<>();
        for (String id : ids.stream().sorted().toList()) {
            district(queue.get(id), tonight.get(id), last.get(id), id, fire.get().fireTime()).ifPresent(districts::add);
        }
        return new Night(LocalDate.ofInstant(fire.get().fireTime(), zone), fire.get().fireTime(), counts(districts),
                expectedEnd(districts, tonight.values(), since, now), districts);
    }

    private static Optional<DistrictNight> district(WorkRow queued, RunRow run, RunRow last, String id, Instant fireTime) {
        State state;
        if (queued != null && queued.running()) {
            state = State.RUNNING; // also while a lapsed holder's run waits to be taken over
        } else if (queued != null && queued.queued()) {
            state = State.QUEUED;
        } else if (run != null) {
            state = switch (run.status()) {
                case RUNNING -> State.RUNNING;
                case FAILED -> State.FAILED;
                case HELD -> State.HELD;
                case COMPLETED, APPROVED, DISCARDED -> State.COMPLETED;
            };
        } else if (queued != null && fireTime.equals(queued.skippedAt())) {
            state = State.SKIPPED;
        } else {
            return Optional.empty();
        }
        Instant startedAt = run != null ? run.startedAt() : state == State.RUNNING ? queued.startedAt() : null;
        return Optional.of(new DistrictNight(id, state, queued == null ? null : queued.queuedAt(), startedAt,
                run == null ? null : run.finishedAt(), run == null ? null : run.runId(), queued == null ? null : queued.expectedUsers(), last));
    }

    private static Map<State, Integer> counts(List<DistrictNight> districts) {
        Map<State, Integer> counts = new EnumMap<>(State.class);
        for (State s : State.values()) {
            counts.put(s, 0);
        }
        districts.forEach(d -> counts.merge(d.state(), 1, Integer::sum));
        return counts;
    }

    /**
     * When the queued and running districts should be done. Tonight's throughput (users fetched by the runs finished since
     * the fire, over the time since the fire: all replicas' workers together) applied to the users still expected (each
     * remaining district's expected users; one never synced counts as the average of the others). Before any run finished
     * tonight: the remaining districts' last run durations, summed and divided by the number running now (the observed
     * parallelism). Null when nothing is queued or running, or when no district has ever finished a run.
     */
    static Instant expectedEnd(List<DistrictNight> districts, java.util.Collection<RunRow> tonight, Instant since, Instant now) {
        List<DistrictNight> remaining = districts.stream().filter(d -> d.state() == State.QUEUED || d.state() == State.RUNNING).toList();
        if (remaining.isEmpty()) {
            return null;
        }
        double averageExpected = districts.stream().filter(d -> d.expectedUsers() != null).mapToLong(DistrictNight::expectedUsers)
                .average().orElse(0);
        double remainingUsers = remaining.stream().mapToDouble(d -> d.expectedUsers() == null ? averageExpected : d.expectedUsers()).sum();
        long doneUsers = tonight.stream().filter(r -> r.status() != RunStatus.RUNNING).mapToLong(RunRow::fetchedUsers).sum();
        double elapsedSeconds = Duration.between(since, now).toMillis() / 1000.0;
        if (doneUsers > 0 && elapsedSeconds > 0) {
            double usersPerSecond = doneUsers / elapsedSeconds;
            return now.plusMillis((long) (remainingUsers / usersPerSecond * 1000));
        }
        Map<String, Long> lastMillis = new HashMap<>();
        for (DistrictNight d : remaining) {
            RunRow last = d.lastRun();
            if (last != null && last.finishedAt() != null) {
                lastMillis.put(d.districtId(), Duration.between(last.startedAt(), last.finishedAt()).toMillis());
            }
        }
        if (lastMillis.isEmpty()) {
            return null;
        }
        long running = Math.max(1, remaining.stream().filter(d -> d.state() == State.RUNNING).count());
        long total = lastMillis.values().stream().mapToLong(Long::longValue).sum();
        return now.plusMillis(total / running);
    }
}
