package io.rosterbridge.requests.client;

import java.util.Map;
import java.util.function.Supplier;

import jakarta.ws.rs.WebApplicationException;

/**
 * One call to sync-fetcher's API with its failures turned into {@link FetcherUnavailableException} (down, 5xx, token
 * refused) and {@link FetcherRefusedException} (another 4xx, with the fetcher's message).
 */
final class FetcherCalls {

    private FetcherCalls() {
    }

    static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? -1 : e.getResponse().getStatus();
            if (status >= 400 && status < 500 && status != 401 && status != 403) {
                throw new FetcherRefusedException(messageOf(e));
            }
            throw new FetcherUnavailableException("sync-fetcher answered " + status, e);
        } catch (RuntimeException e) {
            throw new FetcherUnavailableException("sync-fetcher is unreachable (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String messageOf(WebApplicationException e) {
        try {
            Map<?, ?> body = e.getResponse().readEntity(Map.class);
            Object message = body == null ? null : body.get("message");
            return message == null ? "sync-fetcher refused the request" : message.toString();
        } catch (RuntimeException unreadable) {
            return "sync-fetcher refused the request (" + e.getResponse().getStatus() + ")";
        }
    }
}
