package io.rosterbridge.fetcher.service;

import java.util.function.Supplier;

/** Wraps every full sync the coordinator runs (the event feed takes its cursor before and decides after). */
public interface FullSyncObserver {

    /** Runs nothing around the sync (tests of the coordinator alone). */
    FullSyncObserver NONE = (districtId, sync) -> sync.get();

    SyncRunner.Outcome around(String districtId, Supplier<SyncRunner.Outcome> sync);
}
