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

    /**
     * Reads one list page, handing each item's {@code data} to {@code mapper} as it is parsed; null results are
     * dropped (records the fetcher ignores).
     */
    public <R> ListPage<R> page(String districtId, String uri, Function<JsonNode, R> mapper) {
        return clever.readPage(districtId, uri, body -> readList(body, mapper));
    }

    private <R> ListPage<R> readList(InputStream body, Function<JsonNode, R> mapper) throws IOException {
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
                        JsonNode item = json.readTree(parser);
                        JsonNode data = item == null ? null : item.get("data");
                        if (data == null || !data.hasNonNull("id")) {
                            throw new CleverApiException(200, "list item without data.id");
                        }
                        fetched++;
                        R mapped = mapper.apply(data);
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
}
