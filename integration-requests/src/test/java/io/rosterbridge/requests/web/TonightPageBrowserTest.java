package io.rosterbridge.requests.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rosterbridge.infra.oidc.StaffIdentityProvider;
import io.rosterbridge.infra.testing.HeadlessChromium;
import io.rosterbridge.infra.testing.RealInfraTestResource;
import io.rosterbridge.infra.testing.StaffOidcTestResource;
import io.rosterbridge.requests.support.FetcherApiTestResource;
import io.rosterbridge.requests.support.Onboarding;
import io.rosterbridge.requests.support.Onboarding.District;
import io.rosterbridge.sandbox.testing.CleverSandboxTestResource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Headless Chromium on the "Tonight" page: the night's counts, the districts in the order that puts what needs
 * attention first (failed, held, running, queued, done), named from their integration requests (a Clever id no request
 * holds shown as it is) with links to their pages, times in US Eastern, the page refreshing itself, the fetcher being
 * down, and staff without the support role refused. The fetcher's GET /api/night is played by
 * {@link FetcherApiTestResource}.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(FetcherApiTestResource.class)
class TonightPageBrowserTest {

    private static final Path ARTIFACTS = Path.of("target", "browser");
    /** A Clever district id that no integration request holds (linked by hand at the fetcher, or its request deleted). */
    private static final String UNKNOWN_DISTRICT = "5f0c0ffee0000000000000aa";

    @TestHTTPResource("/")
    URL base;

    private WebDriver driver;
    private HeadlessChromium browser;

    @BeforeEach
    void startBrowser() {
        browser = HeadlessChromium.start();
        driver = browser.driver();
    }

    @AfterEach
    void stopBrowser() {
        browser.close();
        FetcherApiTestResource.down(false); // the fake is shared by every test of the class, whatever their order
    }

    @Test
    void supportSeesTheNightWhatNeedsAttentionFirstAndItRefreshesItself() {
        District failed = Onboarding.linked("Tonight Failed SD");
        District held = Onboarding.linked("Tonight Held SD");
        District running = Onboarding.linked("Tonight Running SD");
        District done = Onboarding.linked("Tonight Done SD");
        // The fetcher lists them done first: the page reorders.
        FetcherApiTestResource.putNight(night(counts(1, 1, 1, 1, 1, 0), "2026-12-07T04:05:00Z",
                district(done.districtId(), "completed", "2026-12-07T04:00:00Z", "2026-12-07T04:00:10Z", "2026-12-07T04:01:10Z",
                        lastRun("completed", "2026-12-07T04:01:10Z", 12, 30, 2)),
                district(UNKNOWN_DISTRICT, "queued", "2026-12-07T04:00:00Z", null, null, null),
                district(running.districtId(), "running", "2026-12-07T04:00:00Z", "2026-12-07T04:01:00Z", null,
                        lastRun("completed", "2026-08-20T03:02:00Z", 0, 4, 0)),
                district(held.districtId(), "held", "2026-12-07T04:00:00Z", "2026-12-07T04:00:05Z", "2026-12-07T04:00:50Z",
                        lastRun("held", "2026-12-07T04:00:50Z", 0, 1, 0)),
                district(failed.districtId(), "failed", "2026-12-07T04:00:00Z", "2026-12-07T04:00:05Z", "2026-12-07T04:00:20Z",
                        lastRun("failed", "2026-12-07T04:00:20Z", 0, 0, 0))));
        signIn("sam", List.of("support"));

        // From the console's list to the page.
        driver.findElement(By.id("tonight-list-link")).click();
        assertThat(waitFor(By.id("night-date")).getText()).isEqualTo("2026-12-06");
        assertThat(driver.findElement(By.id("fired-at")).getText()).isEqualTo("2026-12-06 23:00 EST");
        assertThat(driver.findElement(By.id("expected-end")).getText()).isEqualTo("2026-12-06 23:05 EST");
        assertThat(driver.findElement(By.cssSelector("meta[http-equiv=refresh]")).getDomAttribute("content")).isEqualTo("15");
        assertThat(Map.of("failed", text("count-failed"), "held", text("count-held"), "running", text("count-running"),
                "queued", text("count-queued"), "completed", text("count-completed"), "skipped", text("count-skipped")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("failed", "1", "held", "1", "running", "1", "queued", "1",
                        "completed", "1", "skipped", "0"));

        List<WebElement> rows = driver.findElements(By.cssSelector("tr.night-district"));
        assertThat(rows.stream().map(r -> r.getDomAttribute("data-district-id")).toList()).as("attention first")
                .containsExactly(failed.districtId(), held.districtId(), running.districtId(), UNKNOWN_DISTRICT, done.districtId());
        assertThat(rows.stream().map(r -> r.findElement(By.className("night-state")).getText()).toList())
                .containsExactly("failed", "held", "running", "queued", "done");
        assertThat(rows.get(0).findElement(By.className("district")).getText()).isEqualTo(failed.name());
        assertThat(rows.get(3).findElement(By.className("district")).getText()).as("an unknown district is shown by its id")
                .contains(UNKNOWN_DISTRICT, "no integration request holds this Clever id");
        assertThat(rows.get(3).findElements(By.tagName("a"))).isEmpty();
        assertThat(rows.get(4).getText()).contains("2026-12-06 23:01 EST", "completed 2026-12-06 23:01 EST · 12 created, 30 updated, 2 archived");
        assertThat(rows.get(2).findElement(By.className("last-run")).getText()).as("a summer date is EDT")
                .isEqualTo("completed 2026-08-19 23:02 EDT · 0 created, 4 updated, 0 archived");
        browser.screenshot("tonight");

        // Each name leads to the district's console page.
        WebElement heldLink = rows.get(1).findElement(By.linkText(held.name()));
        heldLink.click();
        // This page has an h1 too: wait for it to go before reading the district page's.
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(heldLink));
        assertThat(waitFor(By.tagName("h1")).getText()).contains(held.name());
        assertThat(driver.getCurrentUrl()).endsWith("/support/integrations/" + held.requestId());

        // Left open, the page follows the night: the running district finishes, the queued one starts.
        driver.findElement(By.id("tonight-link")).click();
        waitFor(By.id("night-date"));
        FetcherApiTestResource.putNight(night(counts(0, 1, 2, 1, 1, 0), "2026-12-07T04:06:00Z",
                district(UNKNOWN_DISTRICT, "running", "2026-12-07T04:00:00Z", "2026-12-07T04:02:00Z", null, null)));
        new WebDriverWait(driver, Duration.ofSeconds(40))
                .until(ExpectedConditions.textToBe(By.id("expected-end"), "2026-12-06 23:06 EST"));
        assertThat(text("count-completed")).isEqualTo("2");
        assertThat(text("count-queued")).isEqualTo("0");

        // Everything finished: no expected end.
        FetcherApiTestResource.putNight(night(counts(0, 0, 3, 1, 1, 0), null));
        assertThat(new WebDriverWait(driver, Duration.ofSeconds(40)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("expected-end-none"))).getText()).isEqualTo("Nothing queued or running.");
    }

    @Test
    void beforeTheFirstNightAndWhenTheFetcherIsDownThePageSaysSo() {
        FetcherApiTestResource.putNight(new JsonObject().putNull("night").putNull("firedAt").put("counts", counts(0, 0, 0, 0, 0, 0))
                .putNull("expectedEndAt").put("districts", new JsonArray()));
        signIn("sam", List.of("support"));
        driver.findElement(By.id("tonight-link")).click();
        assertThat(waitFor(By.id("night-none")).getText()).isEqualTo("No nightly sync has fired yet.");
        assertThat(driver.findElement(By.id("no-districts")).getText()).isEqualTo("No district in tonight's sync.");

        FetcherApiTestResource.down(true);
        driver.navigate().refresh();
        assertThat(waitFor(By.id("error")).getText()).contains("The sync fetcher is not answering");
        assertThat(driver.findElements(By.id("counts"))).isEmpty();
        assertThat(driver.findElement(By.cssSelector("meta[http-equiv=refresh]")).getDomAttribute("content"))
                .as("it keeps trying").isEqualTo("15");
        browser.screenshot("tonight-fetcher-down");

        // The fetcher back: the page recovers by itself.
        FetcherApiTestResource.down(false);
        assertThat(new WebDriverWait(driver, Duration.ofSeconds(40)).until(ExpectedConditions.presenceOfElementLocated(By.id("night-none")))
                .isDisplayed()).isTrue();
    }

    @Test
    void staffWithoutTheSupportRoleAreRefused() {
        signIn("casey", List.of("csm"));
        driver.get(url("support/tonight"));
        assertThat(waitFor(By.tagName("body")).getText()).contains("does not have the role this page needs");
        assertThat(driver.findElements(By.id("counts"))).isEmpty();
        assertThat(driver.findElements(By.id("error"))).isEmpty();
    }

    private static JsonObject night(JsonObject counts, String expectedEndAt, JsonObject... districts) {
        JsonArray list = new JsonArray();
        for (JsonObject district : districts) {
            list.add(district);
        }
        return new JsonObject().put("night", "2026-12-06").put("firedAt", "2026-12-07T04:00:00Z").put("counts", counts)
                .put("expectedEndAt", expectedEndAt).put("districts", list);
    }

    private static JsonObject counts(int queued, int running, int completed, int failed, int held, int skipped) {
        return new JsonObject().put("queued", queued).put("running", running).put("completed", completed).put("failed", failed)
                .put("held", held).put("skipped", skipped);
    }

    private static JsonObject district(String districtId, String state, String queuedAt, String startedAt, String finishedAt,
            JsonObject lastRun) {
        return new JsonObject().put("districtId", districtId).put("state", state).put("queuedAt", queuedAt).put("startedAt", startedAt)
                .put("finishedAt", finishedAt).put("runId", startedAt == null ? null : "run-" + districtId)
                .put("expectedUsers", 1700).put("lastRun", lastRun);
    }

    private static JsonObject lastRun(String status, String finishedAt, int created, int updated, int archived) {
        return new JsonObject().put("runId", "last-" + finishedAt).put("status", status).put("finishedAt", finishedAt)
                .put("created", created).put("updated", updated).put("archived", archived);
    }

    private void signIn(String user, List<String> groups) {
        StaffOidcTestResource.provider().server().enqueueCallback(new DefaultOAuth2TokenCallback(StaffIdentityProvider.ISSUER_ID,
                user, "JWT", List.of("integration-requests"), Map.of("groups", groups, "preferred_username", user), 3600));
        driver.get(url("support"));
        waitFor(By.tagName("body"));
        if (groups.contains("support")) {
            waitFor(By.id("sign-out")); // signed in: the console's list is shown
        }
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Waits for the element; on a timeout the page is kept under target/browser/ to show what was there instead. */
    private WebElement waitFor(By locator) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(locator));
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                Files.createDirectories(ARTIFACTS);
                Files.writeString(ARTIFACTS.resolve("tonight-timeout.html"), driver.getCurrentUrl() + "\n" + driver.getPageSource());
            } catch (IOException ignored) {
                // the timeout is what matters
            }
            throw e;
        }
    }

    private String url(String path) {
        return base.toString().replaceAll("/$", "") + "/" + path;
    }
}
