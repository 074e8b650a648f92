package io.rosterbridge.fetcher.listener;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.districtlinks.DistrictLinkEvent;
import io.rosterbridge.contracts.districtlinks.DistrictLinkRecord;
import io.rosterbridge.fetcher.config.FetcherConfig;
import io.rosterbridge.fetcher.link.LinkStore;
import io.rosterbridge.fetcher.messaging.Topics;
import io.rosterbridge.fetcher.service.SupportService;
import io.rosterbridge.kafka.DeadLetters;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Keeps linked_district equal to the latest value of each key on district.links; a tombstone unlinks.
 * A district linked for the first time (and active) gets its initial sync at once, after the link is committed.
 * <p>
 * A record that breaks the contract is dead-lettered with the reason. A record that fails otherwise (the database)
 * is retried with a growing pause; if it still fails, the exception fails the channel (failure-strategy=fail): health
 * turns DOWN, the offset stays uncommitted and a restart applies the record again. Skipping it would leave this
 * district's link wrong (a disconnected district still synced), so it is never dead-lettered.
 */
@ApplicationScoped
public class DistrictLinkListener {

    private static final Logger LOG = Logger.getLogger(DistrictLinkListener.class);

    @Inject
    ObjectMapper json;

    @Inject
    LinkStore store;

    @Inject
    SupportService support;

    @Inject
    FetcherConfig config;

    @Inject
    DeadLetters deadLetters;

    @Incoming(Topics.DISTRICT_LINKS_CHANNEL)
    @Blocking
    @Retry(maxRetries = 6, delay = 500, jitter = 200)
    @ExponentialBackoff(maxDelay = 30_000)
    public void onLink(ConsumerRecord<String, String> record) {
        DistrictLinkRecord read = DistrictLinkRecord.read(json, record.key(), record.value());
        if (read instanceof DistrictLinkRecord.Refused refused) {
            deadLetters.park(record, refused.reason());
            return;
        }
        if (read instanceof DistrictLinkRecord.Unlink unlink) {
            store.unlink(unlink.districtId());
            return;
        }
        DistrictLinkEvent link = ((DistrictLinkRecord.Link) read).event();
        if (store.apply(link) == LinkStore.Outcome.NEWLY_LINKED && link.isActive() && config.initialSyncOnLink()) {
            LOG.infof("District %s linked: initial sync %s", link.districtId(), support.requestInitialSync(link.districtId()));
        }
    }
}
