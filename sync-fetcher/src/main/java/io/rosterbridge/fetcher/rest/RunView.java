package io.rosterbridge.fetcher.rest;

import java.time.Instant;

import io.rosterbridge.fetcher.repository.SyncRunRepository.RunRow;

/** A sync run as support sees it. */
public record RunView(String runId, String districtId, String trigger, String status, String requestedBy, String reason,
        Instant startedAt, Instant finishedAt, Fetched fetched, Counts counts, long heldRemovals, String statusReason, String decidedBy) {

    public record Fetched(long schools, long users) {
    }

    public record Counts(long created, long updated, long removed, long restored) {
    }

    static RunView of(RunRow r) {
        return new RunView(r.runId().toString(), r.districtId(), r.trigger(), r.status().code(), r.requestedBy(), r.reason(), r.startedAt(),
                r.finishedAt(), new Fetched(r.fetchedSchools(), r.fetchedUsers()), new Counts(r.created(), r.updated(), r.removed(), r.restored()),
                r.heldRemovals(), r.statusReason(), r.decidedBy());
    }
}
