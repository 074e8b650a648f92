package io.rosterbridge.writer.repository;

import java.time.Instant;
import java.util.UUID;

import io.rosterbridge.contracts.ChangeCounts;

/**
 * A completed run of run_progress whose roster.applied signal is owed ({@link RunLedger#lockUnsent}).
 *
 * @param applied what the writer applied for the run, all signals together
 * @param signalled what earlier roster.applied signals of the run reported (a held run signals again when approved)
 */
public record RunProgress(
        UUID runId,
        String districtId,
        ChangeCounts applied,
        ChangeCounts signalled,
        Instant completedAt,
        Boolean fullSnapshot,
        Integer activeUsers,
        UUID appliedEventId) {

    /** What the owed signal reports: the changes applied since the run's previous signal. */
    public ChangeCounts unsignalledCounts() {
        return new ChangeCounts(applied.created() - signalled.created(), applied.updated() - signalled.updated(),
                applied.removed() - signalled.removed(), applied.restored() - signalled.restored());
    }
}
