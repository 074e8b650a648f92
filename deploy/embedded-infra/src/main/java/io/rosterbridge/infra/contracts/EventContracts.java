package io.rosterbridge.infra.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The one source of truth for event payloads is {@code docs/events/*.schema.json}; producers' and
 * consumers' tests check real payloads against it here, so a drifting payload fails a test.
 */
public final class EventContracts {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventContracts() {
    }

    /** Problems of {@code json} against {@code docs/events/<schemaName>.schema.json}; empty when it conforms. */
    public static List<String> violations(String schemaName, String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            Set<ValidationMessage> messages = schema(schemaName).validate(node);
            return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    /** Throws {@link AssertionError} listing every violation. */
    public static void assertConforms(String schemaName, String json) {
        List<String> problems = violations(schemaName, json);
        if (!problems.isEmpty()) {
            throw new AssertionError(schemaName + " contract violated by " + json + ":\n  " + String.join("\n  ", problems));
        }
    }

    public static Path eventsDirectory() {
        String configured = System.getProperty("rosterbridge.docs.dir");
        if (configured != null && Files.isDirectory(Path.of(configured, "events"))) {
            return Path.of(configured, "events");
        }
        // Walk up from the working directory (a module folder under Maven) to the repository root.
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("events");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/events not found from " + Path.of("").toAbsolutePath());
    }

    private static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            Path file = eventsDirectory().resolve(n + ".schema.json");
            try (InputStream in = Files.newInputStream(file)) {
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read contract " + file, e);
            }
        });
    }
}
