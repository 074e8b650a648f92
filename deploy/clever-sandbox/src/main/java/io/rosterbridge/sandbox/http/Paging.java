package io.rosterbridge.sandbox.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.Predicate;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Clever's range paging: records ascending by id; {@code starting_after} / {@code ending_before} are
 * positions by id; {@code limit} defaults to 100, at most 10000 (413 above). Links are relative.
 */
public final class Paging {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;

    private final String path;
    private final MultiMap params;
    private final String startingAfter;
    private final String endingBefore;
    private final int limit;

    private Paging(String path, MultiMap params, String startingAfter, String endingBefore, int limit) {
        this.path = path;
        this.params = params;
        this.startingAfter = startingAfter;
        this.endingBefore = endingBefore;
        this.limit = limit;
    }

    public static Paging of(RoutingContext ctx) {
        MultiMap params = ctx.queryParams();
        String rawLimit = params.get("limit");
        int limit = DEFAULT_LIMIT;
        if (rawLimit != null && !rawLimit.isEmpty()) {
            try {
                limit = Integer.parseInt(rawLimit);
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("limit must be an integer");
            }
            if (limit > MAX_LIMIT) {
                throw new ApiError(413, "limit must be at most " + MAX_LIMIT);
            }
            if (limit < 1) {
                throw ApiError.badRequest("limit must be at least 1");
            }
        }
        return new Paging(ctx.request().path(), params, emptyToNull(params.get("starting_after")),
                emptyToNull(params.get("ending_before")), limit);
    }

    public int limit() {
        return limit;
    }

    public String startingAfter() {
        return startingAfter;
    }

    public String endingBefore() {
        return endingBefore;
    }

    /** Collects one page of the records matching {@code filter}; call under the world's read lock. */
    public <T> Page<T> collect(NavigableMap<String, T> records, Predicate<T> filter) {
        boolean backwards = endingBefore != null && startingAfter == null;
        NavigableMap<String, T> range;
        if (backwards) {
            // "last" (used by clients to fetch the newest event) means the end of the collection
            range = "last".equals(endingBefore) ? records.descendingMap()
                    : records.headMap(endingBefore, false).descendingMap();
        } else {
            range = startingAfter == null ? records : records.tailMap(startingAfter, false);
            if (endingBefore != null) {
                range = range.headMap(endingBefore, false);
            }
        }
        List<T> items = new ArrayList<>(Math.min(limit, 1024));
        List<String> ids = new ArrayList<>(Math.min(limit, 1024));
        boolean more = false;
        for (Map.Entry<String, T> entry : range.entrySet()) {
            if (!filter.test(entry.getValue())) {
                continue;
            }
            if (items.size() == limit) {
                more = true;
                break;
            }
            items.add(entry.getValue());
            ids.add(entry.getKey());
        }
        if (backwards) {
            Collections.reverse(items);
            Collections.reverse(ids);
        }
        return new Page<>(items, ids, more, backwards);
    }

    /** {@code self}, then {@code next}/{@code prev} where Clever gives them. */
    public List<String[]> links(Page<?> page) {
        List<String[]> links = new ArrayList<>(3);
        links.add(new String[] {"self", selfUri()});
        if (page.ids().isEmpty()) {
            return links;
        }
        String first = page.ids().get(0);
        String last = page.ids().get(page.ids().size() - 1);
        if (page.backwards()) {
            if (page.more()) {
                links.add(new String[] {"prev", uri("ending_before", first)});
            }
            links.add(new String[] {"next", uri("starting_after", last)});
        } else {
            if (page.more()) {
                links.add(new String[] {"next", uri("starting_after", last)});
            }
            if (startingAfter != null) {
                links.add(new String[] {"prev", uri("ending_before", first)});
            }
        }
        return links;
    }

    private String selfUri() {
        StringBuilder out = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> param : params) {
            out.append(sep).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            sep = '&';
        }
        return out.toString();
    }

    private String uri(String cursor, String id) {
        StringBuilder out = new StringBuilder(path);
        char sep = '?';
        for (Map.Entry<String, String> param : params) {
            if (param.getKey().equals("starting_after") || param.getKey().equals("ending_before")) {
                continue;
            }
            out.append(sep).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            sep = '&';
        }
        return out.append(sep).append(cursor).append('=').append(id).toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** One page: items ascending, their ids, whether more remain in the paging direction. */
    public record Page<T>(List<T> items, List<String> ids, boolean more, boolean backwards) {
    }
}
