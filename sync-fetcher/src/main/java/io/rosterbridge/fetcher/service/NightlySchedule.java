package io.rosterbridge.fetcher.service;

import java.time.Instant;
import java.time.ZoneId;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * The nightly cron evaluated in the district's wall-clock zone (the same cron-utils evaluation the
 * Quarkus scheduler uses), so 23:00 America/New_York stays 23:00 local across DST changes.
 */
public final class NightlySchedule {

    private final ExecutionTime execution;
    private final ZoneId zone;

    public NightlySchedule(String quartzCron, String zone) {
        this.execution = ExecutionTime.forCron(new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ)).parse(quartzCron));
        this.zone = ZoneId.of(zone);
    }

    /** The first fire strictly after {@code after}. */
    public Instant nextAfter(Instant after) {
        return execution.nextExecution(after.atZone(zone))
                .orElseThrow(() -> new IllegalStateException("cron never fires again"))
                .toInstant();
    }
}
