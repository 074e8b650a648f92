package io.rosterbridge.fetcher.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rosterbridge.clever.CleverApiException;
import io.rosterbridge.clever.CleverClient;
import io.rosterbridge.fetcher.mapping.CleverMapper;

/**
 * Reads the fetcher's list pages through the shared {@link CleverClient}, streaming each body item by item: a
 * 10,000-user page is never held as one JSON tree. Paging follows {@code links} next only, resolved by the client.
 */
@ApplicationScoped
public class PageReader {

    private final CleverClient clever;
    private final ObjectMapper json = new ObjectMapper();

    public PageReader(CleverClient clever) {
        this.clever = clever;
    }

    /** First page URI of a top-level list such as {@code /schools} or {@code /users}. */
    public String firstPage(String resource) {
        return clever.firstPage(resource);
    }

    /** Reads one Clever object from a parser at its {@code START_OBJECT}, through its end. */
    @FunctionalInterface
    public interface ItemReader<R> {
        R read(JsonParser data) throws IOException;
    }

    /**
     * Reads one list page, handing each item's {@code data} object to {@code reader} token by token as it is parsed
     * (no tree per item); null results are dropped (records the fetcher ignores).
     */
    public <R> ListPage<R> stream(String districtId, String uri, ItemReader<R> reader) {
        return clever.readPage(districtId, uri, body -> readList(body, reader));
    }

    /** As {@link #stream}, each item's {@code data} handed over as a tree (for callers that want one). */
    public <R> ListPage<R> page(String districtId, String uri, Function<JsonNode, R> mapper) {
        return stream(districtId, uri, data -> mapper.apply(json.readTree(data)));
    }

    private <R> ListPage<R> readList(InputStream body, ItemReader<R> reader) throws IOException {
        long startNanos = System.nanoTime();
        long itemNanos = 0;
        List<R> items = new ArrayList<>();
        int fetched = 0;
        String next = null;
        boolean sawData = false;
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new CleverApiException(200, "list response is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("data".equals(field) && value == JsonToken.START_ARRAY) {
                    sawData = true;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        long itemStart = System.nanoTime();
                        R mapped = item(parser, reader);
                        fetched++;
                        if (mapped != null) {
                            items.add(mapped);
                        }
                        itemNanos += System.nanoTime() - itemStart;
                    }
                } else if ("links".equals(field) && value == JsonToken.START_ARRAY) {
                    for (JsonNode link : (JsonNode) json.readTree(parser)) {
                        if ("next".equals(link.path("rel").asText()) && link.hasNonNull("uri")) {
                            next = link.get("uri").asText();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (!sawData) {
                throw new CleverApiException(200, "list response without data");
            }
        }
        return new ListPage<>(items, fetched, clever.nextPage(next, fetched), itemNanos, System.nanoTime() - startNanos);
    }

    /** One list item, {@code {"data": {...}, "uri": ...}}: its data read by {@code reader}, the rest skipped. */
    private static <R> R item(JsonParser parser, ItemReader<R> reader) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw new CleverApiException(200, "list item without data.id");
        }
        boolean read = false;
        R mapped = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (parser.nextToken() == JsonToken.START_OBJECT && "data".equals(field)) {
                try {
                    mapped = reader.read(parser);
                } catch (CleverMapper.MissingIdException e) {
                    throw new CleverApiException(200, "list item without data.id");
                }
                read = true;
            } else {
                parser.skipChildren();
            }
        }
        if (!read) {
            throw new CleverApiException(200, "list item without data.id");
        }
        return mapped;
    }
}
