package io.rosterbridge.writer.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.contracts.rosterchanges.EntityRecord;

/** The hand-written roles JSON and the COPY text format: any string survives, nothing is lost or added. */
class CopyTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rolesJsonIsWhatAGenericSerialiserWritesForEveryKindOfValue() throws Exception {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("grade", "5");
        attributes.put("note \"quoted\" \\ back", "tab\there\nnew line\r\u0001\u001f é 日本 \uD83D\uDE00");
        attributes.put("empty", null);
        List<EntityRecord.Role> roles = List.of(
                new EntityRecord.Role("student", List.of("5f0c1a2b3c4d5e6f7a8b9c0d"), "5f0c1a2b3c4d5e6f7a8b9c0d", "sis-1", attributes),
                new EntityRecord.Role("district_admin", List.of(), null, null, Map.of()),
                new EntityRecord.Role("teacher", List.of("aaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbb"), null, "t\\1", Map.of()));

        String written = CopyText.rolesJson(roles);

        JsonNode expected = JSON.readTree(JSON.writeValueAsString(roles));
        assertThat(JSON.readTree(written)).isEqualTo(expected);
        assertThat(written).doesNotContain("\n", "\t", "\r", "\u0001");
    }

    @Test
    void copyFieldsEscapeSeparatorsAndMarkNulls() {
        CopyText text = new CopyText(64).field("a\tb\\c\nd\re").field((String) null).field(true).plain(42)
                .textArray(List.of("x\"y", "z\\w")).endRow();

        assertThat(text.text()).isEqualTo("a\\tb\\\\c\\nd\\re\t\\N\tt\t42\t{\"x\\\\\"y\",\"z\\\\\\\\w\"}\n");
    }
}
