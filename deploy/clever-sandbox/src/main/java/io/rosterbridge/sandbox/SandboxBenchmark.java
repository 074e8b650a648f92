package io.rosterbridge.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Measures what the sync depends on: generating an N-user district and paging through all its users at
 * limit 10000 over HTTP (a full read of every byte, following {@code next} links like a client does).
 * Reports medians of several runs and the heap the district occupies.
 *
 * <pre>java -cp deploy/clever-sandbox/target/clever-sandbox.jar io.rosterbridge.sandbox.SandboxBenchmark [users] [runs]</pre>
 */
public final class SandboxBenchmark {

    private static final String NEXT_MARKER = "{\"rel\":\"next\",\"uri\":\"";
    private static final byte[] ITEM_MARKER = "\"uri\":\"/v3.0/users/".getBytes(StandardCharsets.US_ASCII);

    private SandboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf(Locale.ROOT, "users=%d runs=%d (plus one warm-up) java=%s cpus=%d maxHeap=%d MiB%n", users, runs,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        List<Long> generation = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            SandboxWorld world = new SandboxWorld(Clock.systemUTC(), Duration.ofDays(30));
            long started = System.nanoTime();
            world.generateDistrict("Benchmark", users, 1);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (run > 0) {
                generation.add(millis);
            }
        }
        System.out.printf(Locale.ROOT, "generate %d users: median %d ms (runs %s)%n", users, median(generation), generation);

        long heapBefore = usedHeap();
        try (CleverSandbox sandbox = CleverSandbox.start(SandboxOptions.defaults().withDemoDistrict(false))) {
            String district = sandbox.world().generateDistrict("Benchmark", users, 1);
            long heapAfter = usedHeap();
            System.out.printf(Locale.ROOT, "heap held by the district: %d MiB%n", (heapAfter - heapBefore) >> 20);
            String token = sandbox.world().districtToken(district);
            HttpClient client = HttpClient.newHttpClient();
            List<Long> paging = new ArrayList<>();
            long[] last = new long[3];
            for (int run = 0; run <= runs; run++) {
                long started = System.nanoTime();
                long[] result = pageAll(client, sandbox.baseUrl(), token);
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (result[0] != users) {
                    throw new IllegalStateException("paged " + result[0] + " users, expected " + users);
                }
                if (run > 0) {
                    paging.add(millis);
                }
                last = result;
            }
            System.out.printf(Locale.ROOT, "page %d users at limit=10000: median %d ms (runs %s), %d pages, %d MiB per pass%n",
                    users, median(paging), paging, last[1], last[2] >> 20);
        }
    }

    /** Follows next links from /v3.0/users?limit=10000; returns {records, pages, bytes}. */
    private static long[] pageAll(HttpClient client, String baseUrl, String token) throws IOException, InterruptedException {
        String uri = "/v3.0/users?limit=10000";
        long records = 0;
        long pages = 0;
        long bytes = 0;
        while (uri != null) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + uri))
                    .header("Authorization", "Bearer " + token).build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode());
            }
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readAllBytes();
            }
            pages++;
            bytes += body.length;
            records += count(body);
            uri = nextLink(body);
        }
        return new long[] {records, pages, bytes};
    }

    private static long count(byte[] body) {
        long found = 0;
        outer:
        for (int i = 0; i <= body.length - ITEM_MARKER.length; i++) {
            for (int j = 0; j < ITEM_MARKER.length; j++) {
                if (body[i + j] != ITEM_MARKER[j]) {
                    continue outer;
                }
            }
            found++;
            i += ITEM_MARKER.length - 1;
        }
        return found;
    }

    private static String nextLink(byte[] body) {
        int from = Math.max(0, body.length - 600);
        String tail = new String(body, from, body.length - from, StandardCharsets.UTF_8);
        int at = tail.indexOf(NEXT_MARKER);
        if (at < 0) {
            return null;
        }
        int start = at + NEXT_MARKER.length();
        return tail.substring(start, tail.indexOf('"', start));
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
