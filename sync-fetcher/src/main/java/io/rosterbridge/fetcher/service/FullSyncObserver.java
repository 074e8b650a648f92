package io.rosterbridge.fetcher.service;

import java.util.UUID;
import java.util.function.Supplier;

import io.rosterbridge.fetcher.repository.RunStatus;

/** Wraps every full sync the coordinator runs (the event feed takes its cursor before and decides after). */
public interface FullSyncObserver {

    /** Runs nothing around the sync (tests of the coordinator alone). */
    FullSyncObserver NONE = (districtId, sync) -> sync.get();

    SyncRunner.Outcome around(String districtId, Supplier<SyncRunner.Outcome> sync);

    /** A replica took the district over after its run had ended; the holder may have died before its step after the sync. */
    default void afterTakeover(String districtId, UUID runId, RunStatus status) {
    }
}
