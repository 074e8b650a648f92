package io.rosterbridge.contracts.districtlinks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one district.links record asks of a consumer: store a link, unlink (a tombstone), or nothing, because the
 * record breaks the contract and goes to the consumer's dead-letter topic with {@link Refused#reason}.
 */
public sealed interface DistrictLinkRecord {

    record Link(DistrictLinkEvent event) implements DistrictLinkRecord {
    }

    record Unlink(String districtId) implements DistrictLinkRecord {
    }

    record Refused(String reason) implements DistrictLinkRecord {
    }

    /** Reads a record's key (the district id) and value (the link as JSON, or null for a tombstone). */
    static DistrictLinkRecord read(ObjectMapper json, String key, String value) {
        if (key == null) {
            return new Refused("district.links record without a key (the district id)");
        }
        if (value == null) {
            return new Unlink(key);
        }
        DistrictLinkEvent link;
        try {
            link = json.readValue(value, DistrictLinkEvent.class);
        } catch (JsonProcessingException e) {
            return new Refused("unreadable district link: " + e.getOriginalMessage());
        }
        String problem = link == null ? "the value is JSON null" : link.problem(key);
        return problem == null ? new Link(link) : new Refused("invalid district link: " + problem);
    }
}
