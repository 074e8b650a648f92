package io.rosterbridge.gateway.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A browser as far as a login needs one: keeps cookies, follows redirects hop by hop (so tests see each hop) while
 * they stay on the gateway or the identity provider, and stops at the first redirect that leaves them (the app).
 */
public final class Browser {

    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1");
    private static final int MAX_HOPS = 12;
    /** Every authorization code any browser carried (to the gateway's callback or elsewhere): what no log line may hold. */
    private static final Set<String> CODES_SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The requests of one navigation and the response that ended it. */
    public record Journey(List<URI> requested, HttpResponse<String> last) {

        public int status() {
            return last.statusCode();
        }

        /** Where the last response redirects to (outside the gateway and the provider), if it does. */
        public Optional<URI> leftTo() {
            return last.headers().firstValue("Location").map(URI::create);
        }

        public String body() {
            return last.body();
        }

        /** The first requested URL that matches. */
        public Optional<URI> firstRequest(Predicate<URI> matching) {
            return requested.stream().filter(matching).findFirst();
        }
    }

    public HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    public HttpResponse<String> post(URI uri) {
        return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Navigates to {@code start} and follows redirects that stay on local hosts. */
    public Journey open(URI start) {
        return follow(start, get(start), new ArrayList<>(List.of(start)));
    }

    /** Follows what {@code response} (to {@code from}) started. */
    public Journey follow(URI from, HttpResponse<String> response, List<URI> requested) {
        return follow(from, response, requested, uri -> false);
    }

    /** Like {@link #open(URI)}, but stops at the redirect to a URL matching {@code stopBefore}, without requesting it. */
    public Journey openUntil(URI start, Predicate<URI> stopBefore) {
        return follow(start, get(start), new ArrayList<>(List.of(start)), stopBefore);
    }

    /** Like {@link #follow(URI, HttpResponse, List)}, stopping before a URL matching {@code stopBefore}. */
    public Journey follow(URI from, HttpResponse<String> response, List<URI> requested, Predicate<URI> stopBefore) {
        URI current = from;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 != 3 || location.isEmpty()) {
                return new Journey(requested, response);
            }
            URI next = current.resolve(location.get());
            if (!LOCAL_HOSTS.contains(next.getHost()) || stopBefore.test(next)) {
                return new Journey(requested, response);
            }
            requested.add(next);
            response = get(next);
            current = next;
        }
        throw new AssertionError("More than " + MAX_HOPS + " redirects: " + requested);
    }

    public Optional<String> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals(name) && !cookie.hasExpired())
                .map(HttpCookie::getValue)
                .filter(value -> !value.isEmpty())
                .findFirst();
    }

    /** The authorization codes browsers have carried so far in this JVM. */
    public static Set<String> codesSeen() {
        return Set.copyOf(CODES_SEEN);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.timeout(Duration.ofSeconds(20)).build();
            queryParam(built.uri(), "code").filter(code -> !code.isEmpty()).ifPresent(CODES_SEEN::add);
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A query parameter of {@code uri}, decoded. */
    public static Optional<String> queryParam(URI uri, String name) {
        if (uri.getRawQuery() == null) {
            return Optional.empty();
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
