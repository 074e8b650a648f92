package io.rosterbridge.fetcher.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rosterbridge.fetcher.repository.SyncRunRepository.RunRow;
import io.rosterbridge.fetcher.service.NightService.DistrictNight;
import io.rosterbridge.fetcher.service.NightService.Night;

/** GET /api/night: the latest nightly fire and each district's state since (the console's "Tonight" page reads it). */
public record NightView(LocalDate night, Instant firedAt, Map<String, Integer> counts, Instant expectedEndAt, List<District> districts) {

    public record District(String districtId, String state, Instant queuedAt, Instant startedAt, Instant finishedAt, String runId,
            Long expectedUsers, LastRun lastRun) {
    }

    public record LastRun(String runId, String status, Instant finishedAt, long created, long updated, long archived) {
    }

    static NightView of(Night night) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        night.counts().forEach((state, n) -> counts.put(state.code(), n));
        return new NightView(night.night(), night.firedAt(), counts, night.expectedEndAt(), night.districts().stream().map(NightView::district).toList());
    }

    private static District district(DistrictNight d) {
        return new District(d.districtId(), d.state().code(), d.queuedAt(), d.startedAt(), d.finishedAt(), d.runId() == null ? null : d.runId().toString(),
                d.expectedUsers(), lastRun(d.lastRun()));
    }

    private static LastRun lastRun(RunRow r) {
        return r == null ? null : new LastRun(r.runId().toString(), r.status().code(), r.finishedAt(), r.created(), r.updated(), r.removed());
    }
}
