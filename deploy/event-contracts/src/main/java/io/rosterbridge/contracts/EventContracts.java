package io.rosterbridge.contracts;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.resource.ClasspathSchemaLoader;

/**
 * The JSON Schema check of every message: {@code docs/events/<name>.schema.json}, the one source of truth, packaged
 * into this module's classpath by its pom. Producers' tests check what they send; consumers check what they read
 * (roster-writer, before it binds a roster.changes message to a record). A schema is compiled once and reused.
 * <p>
 * Formats are asserted ({@code uuid}, {@code date-time}): JSON Schema 2020-12 makes them annotations by default,
 * but the contracts mean them, and a consumer binding an id to a {@link java.util.UUID} relies on them.
 */
public final class EventContracts {

    /** The schemas' {@code $id} prefix, read from the schemas packaged in this module. */
    private static final String SCHEMA_BASE = "https://rosterbridge.io/events/";
    private static final String PACKAGED_SCHEMAS = "classpath:io/rosterbridge/contracts/schemas/";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Read through this module's class loader, which holds them whatever the thread's context class loader is. */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(SCHEMA_BASE, PACKAGED_SCHEMAS))
                    .schemaLoaders(loaders -> loaders.values(
                            list -> list.add(0, new ClasspathSchemaLoader(EventContracts.class::getClassLoader)))));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventContracts() {
    }

    /**
     * The compiled schema {@code name} ({@code roster-changes}), or a part of it ({@code roster-changes#/$defs/change}).
     */
    public static JsonSchema schema(String name) {
        return SCHEMAS.computeIfAbsent(name, n -> {
            JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(SCHEMA_BASE + n.replaceFirst("(#|$)", ".schema.json$1")), CONFIG);
            schema.initializeValidators(); // compile now, not on the first message
            return schema;
        });
    }

    /**
     * Every way {@code message} breaks schema {@code schemaName}, in words ({@link Reasons}: the field, the value found,
     * what the contract wants), sorted; empty when it conforms.
     */
    public static List<String> violations(String schemaName, JsonNode message) {
        JsonSchema schema = schema(schemaName);
        // Most messages conform: a yes/no pass stops at the first fault and builds no messages; only a message that
        // fails is walked again to say why.
        if (schema.validate(message, OutputFormat.BOOLEAN)) {
            return List.of();
        }
        return schema.validate(message).stream().map(Reasons::of).sorted().toList();
    }

    /** As {@link #violations(String, JsonNode)}, for a message as text. */
    public static List<String> violations(String schemaName, String json) {
        try {
            return violations(schemaName, MAPPER.readTree(json));
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    /** For tests: throws {@link AssertionError} listing every violation. */
    public static void assertConforms(String schemaName, String json) {
        List<String> problems = violations(schemaName, json);
        if (!problems.isEmpty()) {
            throw new AssertionError(schemaName + " contract violated by " + json + ":\n  " + String.join("\n  ", problems));
        }
    }
}
