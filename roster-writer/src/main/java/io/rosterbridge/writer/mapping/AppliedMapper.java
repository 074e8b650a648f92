package io.rosterbridge.writer.mapping;

import io.rosterbridge.contracts.rosterapplied.RosterAppliedEvent;
import io.rosterbridge.writer.repository.RunProgress;

/** run_progress row → roster.applied message. */
public final class AppliedMapper {

    private AppliedMapper() {
    }

    public static RosterAppliedEvent toEvent(RunProgress run) {
        return new RosterAppliedEvent(RosterAppliedEvent.SCHEMA_VERSION, run.appliedEventId(), run.runId(), run.districtId(),
                run.completedAt(), Boolean.TRUE.equals(run.fullSnapshot()),
                run.unsignalledCounts(),
                run.activeUsers() == null ? 0L : (long) run.activeUsers());
    }
}
