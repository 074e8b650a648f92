package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.rosterbridge.fetcher.repository.DistrictWorkRepository;
import io.rosterbridge.fetcher.repository.LinkedDistrictRepository;
import io.rosterbridge.fetcher.repository.ScheduleFireRepository;

/**
 * Syncs every active district nightly (fetcher.nightly.cron in fetcher.nightly.zone). Every replica's
 * scheduler fires; only the replica that claims the fire time in the database queues the runs.
 */
@ApplicationScoped
public class NightlySync {

    public static final String JOB = "nightly-sync";

    private static final Logger LOG = Logger.getLogger(NightlySync.class);

    private final ScheduleFireRepository fires;
    private final LinkedDistrictRepository links;
    private final SyncCoordinator coordinator;
    private final BackToSchoolWindows windows;
    private final DistrictWorkRepository work;

    public NightlySync(ScheduleFireRepository fires, LinkedDistrictRepository links, SyncCoordinator coordinator, BackToSchoolWindows windows,
            DistrictWorkRepository work) {
        this.windows = windows;
        this.work = work;
        this.fires = fires;
        this.links = links;
        this.coordinator = coordinator;
    }

    @Scheduled(identity = JOB, cron = "${fetcher.nightly.cron}", timeZone = "${fetcher.nightly.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule(ScheduledExecution execution) {
        fire(execution.getScheduledFireTime());
    }

    /**
     * Queues a nightly run of every active district not in a skip-night window, unless another replica already took this
     * fire; returns how many. Every replica's workers take them from the shared queue (SyncCoordinator).
     */
    public int fire(Instant scheduledFireTime) {
        Instant slot = scheduledFireTime.truncatedTo(ChronoUnit.MINUTES);
        if (!fires.claim(JOB, slot)) {
            LOG.debugf("Nightly fire %s already taken by another replica", slot);
            return 0;
        }
        int requested = 0;
        int skipped = 0;
        for (String districtId : links.activeDistrictIds()) {
            if (windows.skipsNight(districtId, scheduledFireTime)) {
                skipped++; // inside a skip-night back-to-school window
                work.markSkipped(districtId, slot);
                continue;
            }
            coordinator.requestSync(new RunRequest(districtId, RunRequest.NIGHTLY, null, null));
            requested++;
        }
        LOG.infof("Nightly fire %s: %d districts queued, %d skipped in their back-to-school window", slot, requested, skipped);
        return requested;
    }
}
