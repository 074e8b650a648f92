package io.rosterbridge.contracts.districtlinks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** How sync-fetcher and sso-gateway read a district.links record: a link, an unlink or a refusal with its reason. */
class DistrictLinkRecordTest {

    private static final String DISTRICT = "5f0c9a2b3c4d5e6f7a8b9c0d";
    private static final String SCHOOL = "5f0c9a2b3c4d5e6f7a8b9c0e";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aValidLinkIsStored() throws Exception {
        DistrictLinkEvent link = new DistrictLinkEvent(1, DISTRICT, "org-1", "Hill USD", DistrictLinkEvent.ACTIVE,
                List.of(SCHOOL), Instant.parse("2026-12-06T19:00:00Z"));

        DistrictLinkRecord read = DistrictLinkRecord.read(json, DISTRICT, json.writeValueAsString(link));

        assertThat(read).isEqualTo(new DistrictLinkRecord.Link(link));
    }

    @Test
    void aTombstoneUnlinksTheKeysDistrict() {
        assertThat(DistrictLinkRecord.read(json, DISTRICT, null)).isEqualTo(new DistrictLinkRecord.Unlink(DISTRICT));
    }

    @Test
    void aRecordWithoutKeyIsRefused() {
        assertThat(DistrictLinkRecord.read(json, null, null))
                .isEqualTo(new DistrictLinkRecord.Refused("district.links record without a key (the district id)"));
    }

    @Test
    void unreadableNullAndInvalidLinksAreRefusedWithTheirReason() throws Exception {
        assertThat(reason(DistrictLinkRecord.read(json, DISTRICT, "{not json"))).startsWith("unreadable district link: ");
        assertThat(reason(DistrictLinkRecord.read(json, DISTRICT, "null"))).isEqualTo("invalid district link: the value is JSON null");
        DistrictLinkEvent otherKey = new DistrictLinkEvent(1, SCHOOL, "org-1", "Hill USD", DistrictLinkEvent.ACTIVE,
                List.of(SCHOOL), Instant.parse("2026-12-06T19:00:00Z"));
        assertThat(reason(DistrictLinkRecord.read(json, DISTRICT, json.writeValueAsString(otherKey))))
                .isEqualTo("invalid district link: districtId missing, not a Clever id, or not the record key");
    }

    private static String reason(DistrictLinkRecord read) {
        assertThat(read).isInstanceOf(DistrictLinkRecord.Refused.class);
        return ((DistrictLinkRecord.Refused) read).reason();
    }
}
