package io.rosterbridge.requests.client;

import static io.rosterbridge.requests.client.FetcherCalls.call;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.rosterbridge.requests.client.FetcherApi.Preview;
import io.rosterbridge.requests.client.FetcherApi.Window;
import io.rosterbridge.requests.client.FetcherApi.WindowBody;

/**
 * The rollover tools through sync-fetcher's API, with its failures turned into {@link FetcherUnavailableException}
 * (down, 5xx) and {@link FetcherRefusedException} (4xx, with the fetcher's message). Templates read the banners as
 * {@code inject:rollover}: a banner is left out, never an error page, when the fetcher does not answer.
 */
@ApplicationScoped
@Named("rollover")
public class Rollover {

    private static final Logger LOG = Logger.getLogger(Rollover.class);

    @Inject
    @RestClient
    FetcherApi api;

    public Preview preview(String districtId) {
        return call(() -> api.preview(districtId));
    }

    public Window window(String districtId) {
        return call(() -> api.window(districtId));
    }

    public Window setWindow(String districtId, LocalDate startsOn, LocalDate endsOn, String mode, String setBy) {
        return call(() -> api.setWindow(districtId, new WindowBody(true, String.valueOf(startsOn), String.valueOf(endsOn), mode, setBy)));
    }

    public Window optOut(String districtId, String setBy) {
        return call(() -> api.setWindow(districtId, new WindowBody(false, null, null, null, setBy)));
    }

    public Window reset(String districtId) {
        return call(() -> api.resetWindow(districtId));
    }

    /** The district's window for a banner, or null when it has no Clever id yet or the fetcher does not answer. */
    public Window bannerOf(String districtId) {
        if (districtId == null) {
            return null;
        }
        try {
            return window(districtId);
        } catch (FetcherUnavailableException | FetcherRefusedException e) {
            LOG.debugf("No window banner for district %s: %s", districtId, e.getMessage());
            return null;
        }
    }

    /** Clever district id → window, of the linked districts inside their window today; empty when the fetcher does not answer. */
    public Map<String, Window> inside() {
        try {
            return call(api::inside).stream().collect(Collectors.toMap(Window::districtId, w -> w, (a, b) -> a));
        } catch (FetcherUnavailableException | FetcherRefusedException e) {
            LOG.debugf("No back-to-school banner: %s", e.getMessage());
            return Collections.emptyMap(); // unlike Map.of(), answers containsKey(null) for a district without a Clever id
        }
    }
}
