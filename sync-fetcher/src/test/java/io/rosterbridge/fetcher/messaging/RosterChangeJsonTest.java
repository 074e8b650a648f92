package io.rosterbridge.fetcher.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.EventContracts;
import io.rosterbridge.contracts.EventIds;
import io.rosterbridge.contracts.rosterchanges.ChangeType;
import io.rosterbridge.contracts.rosterchanges.EntityType;
import io.rosterbridge.contracts.rosterchanges.RosterChange;
import io.rosterbridge.fetcher.mapping.RecordCodec;
import io.rosterbridge.fetcher.mapping.RosterRecords.PersonName;
import io.rosterbridge.fetcher.mapping.RosterRecords.RoleRecord;
import io.rosterbridge.fetcher.mapping.RosterRecords.UserRecord;

/** The hand-written envelope is the text Jackson writes for the shared RosterChange, and it meets the contract. */
class RosterChangeJsonTest {

    private static final String DISTRICT = "5a0c91b95c7cc000010d417c";

    @Test
    void writesWhatJacksonWritesForTheSharedRecord() throws Exception {
        UUID runId = EventIds.newRunId(Instant.parse("2026-12-06T21:00:00Z"));
        String userId = "111111111111111111111111";
        TreeMap<String, String> attributes = new TreeMap<>();
        attributes.put("grade", "5");
        String record = RecordCodec.json(new UserRecord(userId, DISTRICT, new PersonName("Zoë", null, "O\"Neil\n"), null,
                List.of("aaaaaaaaaaaaaaaaaaaaaaaa"), List.of(new RoleRecord("student", "aaaaaaaaaaaaaaaaaaaaaaaa",
                        List.of("aaaaaaaaaaaaaaaaaaaaaaaa"), "S1", attributes))));
        for (ChangeType change : ChangeType.values()) {
            RosterChange event = RosterChange.ofEncoded(EventIds.changeId(runId, change.wire(), userId), runId, DISTRICT, change,
                    EntityType.USER, userId, Instant.parse("2026-12-06T21:00:01.123456Z"), record);

            String written = RosterChangeJson.write(event);

            assertThat(written).isEqualTo(new ObjectMapper().writeValueAsString(event));
            EventContracts.assertConforms("roster-changes", written);
        }
    }
}
