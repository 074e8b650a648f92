package io.rosterbridge.gateway.listener;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.rosterbridge.contracts.districtlinks.DistrictLinkEvent;
import io.rosterbridge.contracts.districtlinks.DistrictLinkRecord;
import io.rosterbridge.gateway.messaging.Channels;
import io.rosterbridge.gateway.repository.LinkChangeFeed;
import io.rosterbridge.gateway.repository.LinkedDistrict;
import io.rosterbridge.gateway.repository.LinkedDistrictRepository;
import io.rosterbridge.gateway.service.LinkedDistricts;
import io.rosterbridge.kafka.DeadLetters;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Keeps linked_district equal to the latest value of each key on district.links; a tombstone unlinks.
 * <p>
 * A record that breaks the contract is dead-lettered with the reason. A record that fails otherwise (the database)
 * is retried with a growing pause; if it still fails, the exception fails the channel (failure-strategy=fail): health
 * turns DOWN, the offset stays uncommitted and a restart applies the record again. Skipping it would leave the
 * district's logins decided on a wrong link (a paused district still let in), so it is never dead-lettered.
 */
@ApplicationScoped
public class DistrictLinkListener {

    @Inject
    ObjectMapper json;

    @Inject
    LinkedDistrictRepository districts;

    @Inject
    LinkedDistricts cachedLinks;

    @Inject
    LinkChangeFeed changes;

    @Inject
    DeadLetters deadLetters;

    /**
     * Applies the record in its own transaction, which also announces the change to every replica, then drops this
     * replica's cached answer at once, so no login here sees the old link after the record is applied.
     */
    @Incoming(Channels.DISTRICT_LINKS)
    @Blocking
    @Retry(maxRetries = 6, delay = 500, jitter = 200)
    @ExponentialBackoff(maxDelay = 30_000)
    public void onLink(ConsumerRecord<String, String> record) {
        DistrictLinkRecord read = DistrictLinkRecord.read(json, record.key(), record.value());
        if (read instanceof DistrictLinkRecord.Refused refused) {
            deadLetters.park(record, refused.reason());
            return;
        }
        DistrictLinkEvent link = read instanceof DistrictLinkRecord.Link stored ? stored.event() : null; // null: a tombstone
        DistrictLinkEvent latest = link;
        QuarkusTransaction.requiringNew().run(() -> apply(record.key(), latest));
        cachedLinks.forget(record.key());
    }

    private void apply(String districtId, DistrictLinkEvent link) {
        if (link == null) {
            if (districts.deleteById(districtId)) {
                changes.announce(districtId);
            }
            return;
        }
        LinkedDistrict district = districts.findById(link.districtId());
        if (district == null) {
            district = new LinkedDistrict();
            district.districtId = link.districtId();
        } else if (link.isOlderThan(district.updatedAt)) {
            return; // an older link replayed after a newer one
        }
        district.organisationId = link.organisationId();
        district.districtName = link.districtName();
        district.status = link.status();
        district.updatedAt = link.updatedAt();
        districts.persist(district);
        changes.announce(link.districtId());
    }
}
