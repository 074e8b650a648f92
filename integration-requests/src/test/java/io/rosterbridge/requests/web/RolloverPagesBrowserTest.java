package io.rosterbridge.requests.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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

/**
 * Headless Chromium: support sets a district's back-to-school window (the banner appears on the window page, the
 * district page and the console's list), previews what a sync would change (counts and names), and sees a clear
 * message when the fetcher is down; the district page's live-updates line (on or off and why, last event, lag). The
 * fetcher's API is played by {@link FetcherApiTestResource}. Screenshots are
 * kept under target/browser/.
 */
@QuarkusTest
@WithTestResource(value = RealInfraTestResource.class, initArgs = @ResourceArg(name = "database", value = "integration_requests"))
@WithTestResource(StaffOidcTestResource.class)
@WithTestResource(CleverSandboxTestResource.class)
@WithTestResource(FetcherApiTestResource.class)
class RolloverPagesBrowserTest {

    private static final Path ARTIFACTS = Path.of("target", "browser");

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
    void supportSetsAWindowSeesTheBannersAndPreviewsTheSync() throws Exception {
        District district = Onboarding.linked("Rollover Browser SD");
        FetcherApiTestResource.putPreview(district.districtId(), FetcherApiTestResource.preview(district.districtId(), "held",
                "inside the back-to-school window: every removal is held for review (2)",
                Map.of("created", List.of("Pat Newcomer"), "updated", List.of("Ada Renamed"), "removed", List.of("Rory Leaving", "Sasha Leaving"))));
        signIn();

        // The district page offers the rollover tools; no banner before a window is set.
        driver.get(url("support/integrations/" + district.requestId()));
        waitFor(By.id("window-link"));
        assertThat(driver.findElements(By.id("window-banner"))).isEmpty();
        driver.findElement(By.id("window-link")).click();

        // A window around today (US Eastern): saved, and the banner shows at once.
        LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
        setDate("startsOn", today.minusDays(3));
        setDate("endsOn", today.plusDays(30));
        driver.findElement(By.id("save-window")).click();
        assertThat(waitFor(By.id("notice")).getText()).isEqualTo("Window saved.");
        assertThat(driver.findElement(By.id("window-banner")).getText()).contains("Back-to-school window", today.minusDays(3).toString(),
                today.plusDays(30).toString(), "every run holds its removals for review");
        assertThat(driver.findElement(By.id("window-summary")).getText()).contains("This district's own window", "inside");
        assertThat(FetcherApiTestResource.window(district.districtId()).getString("setBy")).as("the staff member is named to the fetcher")
                .isEqualTo("sam");

        // The console's list marks the district and says how many are inside their window.
        driver.get(url("support"));
        assertThat(waitFor(By.id("window-banner")).getText()).contains("district(s) inside their back-to-school window");
        WebElement row = driver.findElement(By.linkText(district.name())).findElement(By.xpath("./ancestor::tr"));
        assertThat(row.getText()).contains("back-to-school window");

        // The district page shows the banner; the preview shows counts and names without sending anything.
        driver.get(url("support/integrations/" + district.requestId()));
        assertThat(waitFor(By.id("window-banner")).getText()).contains("Back-to-school window");
        driver.findElement(By.id("preview-link")).click();
        assertThat(waitFor(By.id("outcome")).getText()).contains("hold its removals for review", "back-to-school window");
        assertThat(driver.findElement(By.id("window-banner")).isDisplayed()).isTrue();
        WebElement users = driver.findElement(By.id("counts-user"));
        assertThat(users.findElement(By.className("created")).getText()).isEqualTo("1");
        assertThat(users.findElement(By.className("updated")).getText()).isEqualTo("1");
        assertThat(users.findElement(By.className("removed")).getText()).isEqualTo("2");
        assertThat(users.findElement(By.className("restored")).getText()).isEqualTo("0");
        assertThat(driver.findElement(By.id("listed-created")).getText()).contains("Pat Newcomer");
        assertThat(driver.findElement(By.id("listed-removed")).getText()).contains("Rory Leaving", "Sasha Leaving");
        assertThat(driver.findElement(By.id("listed-restored-none")).getText()).isEqualTo("None.");
        browser.screenshot("rollover-preview");

        // Back to the default (none in this fake): the banners go.
        driver.get(url("support/integrations/" + district.requestId() + "/window"));
        WebElement noWindow = waitFor(By.id("no-window"));
        noWindow.click();
        // The form posts and the window page comes back: its old summary would be found (and go stale) first.
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(noWindow));
        assertThat(waitFor(By.id("window-summary")).getText()).contains("No window");
        assertThat(driver.findElements(By.id("window-banner"))).isEmpty();
    }

    @Test
    void theDistrictPageShowsLiveUpdatesOnOrOffWithTheLastEventAndTheLag() throws Exception {
        District live = Onboarding.linked("Live Updates On SD");
        Instant changedAtClever = Instant.parse("2026-12-06T14:00:00Z");
        FetcherApiTestResource.putLiveUpdates(live.districtId(),
                FetcherApiTestResource.liveUpdates(live.districtId(), "live", null, changedAtClever, changedAtClever.plusSeconds(4)));
        District nightlyOnly = Onboarding.linked("Live Updates Off SD");
        FetcherApiTestResource.putLiveUpdates(nightlyOnly.districtId(), FetcherApiTestResource.liveUpdates(nightlyOnly.districtId(), "off",
                "Clever sent no events although the full sync found 12 changes: events are not enabled for the app or this district; "
                        + "nightly full sync only", changedAtClever, changedAtClever.plusSeconds(9)));
        signIn();

        driver.get(url("support/integrations/" + live.requestId()));
        assertThat(waitFor(By.id("live-updates-state")).getText()).isEqualTo("on");
        assertThat(driver.findElements(By.id("live-updates-reason"))).isEmpty();
        assertThat(driver.findElement(By.id("live-updates-last-event")).getText()).isEqualTo(
                "2026-12-06 14:00:04 UTC (changed at Clever 2026-12-06 14:00:00 UTC)");
        assertThat(driver.findElement(By.id("live-updates-lag")).getText()).isEqualTo("4 s");
        assertThat(driver.findElement(By.id("live-updates-polled")).getText()).isEqualTo("2026-12-06 14:01:04 UTC");
        assertThat(driver.findElements(By.id("live-updates-hint"))).as("nothing for support to do").isEmpty();

        // Events not enabled at Clever: off, the fetcher's reason, and what it means for support.
        driver.get(url("support/integrations/" + nightlyOnly.requestId()));
        assertThat(waitFor(By.id("live-updates-state")).getText()).isEqualTo("off");
        assertThat(driver.findElement(By.id("live-updates-reason")).getText()).contains("events are not enabled", "nightly full sync only");
        assertThat(driver.findElement(By.id("live-updates-hint")).getText()).startsWith("Nightly full sync only.");
        assertThat(driver.findElement(By.id("live-updates-lag")).getText()).isEqualTo("9 s");
        browser.screenshot("live-updates-off");

        // Removals held by events: off (paused) with the fetcher's reason, and the way back.
        FetcherApiTestResource.putLiveUpdates(live.districtId(), FetcherApiTestResource.liveUpdates(live.districtId(), "paused",
                "live updates paused: 40 removals in the last hour", changedAtClever, changedAtClever.plusSeconds(4)));
        driver.get(url("support/integrations/" + live.requestId()));
        assertThat(waitFor(By.id("live-updates-state")).getText()).isEqualTo("off");
        assertThat(driver.findElement(By.id("live-updates-reason")).getText()).contains("live updates paused: 40 removals");
        assertThat(driver.findElement(By.id("live-updates-hint")).getText()).contains("Decide the held run", "Sync now");
    }

    @Test
    void whenTheFetcherIsDownThePagesSaySoAndTheConsoleStillWorks() throws Exception {
        District district = Onboarding.linked("Rollover Down SD");
        signIn();

        // Before its first completed full sync the fetcher has no cursor for the district: off, and why.
        driver.get(url("support/integrations/" + district.requestId()));
        assertThat(waitFor(By.id("live-updates-state")).getText()).isEqualTo("off");
        assertThat(driver.findElement(By.id("live-updates-reason")).getText()).contains("after the first completed full sync");
        assertThat(driver.findElement(By.id("live-updates-last-event")).getText()).isEqualTo("none yet");
        FetcherApiTestResource.down(true);

        driver.get(url("support/integrations/" + district.requestId() + "/preview"));
        assertThat(waitFor(By.id("error")).getText()).contains("The sync fetcher is not answering");
        assertThat(driver.findElements(By.id("outcome"))).isEmpty();
        driver.get(url("support/integrations/" + district.requestId() + "/window"));
        assertThat(waitFor(By.id("error")).getText()).contains("The sync fetcher is not answering");

        driver.get(url("support"));
        waitFor(By.linkText(district.name()));
        driver.get(url("support/integrations/" + district.requestId()));
        assertThat(waitFor(By.id("preview-link")).isDisplayed()).isTrue();
        assertThat(driver.findElement(By.id("live-updates")).getText()).contains("Live updates:", "The sync fetcher is not answering");
        assertThat(driver.findElements(By.id("live-updates-state"))).isEmpty();
        assertThat(driver.findElement(By.id("state")).getText()).as("the rest of the page is unchanged").isEqualTo("linked");
        browser.screenshot("rollover-fetcher-down");
    }

    private void signIn() {
        StaffOidcTestResource.provider().server().enqueueCallback(new DefaultOAuth2TokenCallback(StaffIdentityProvider.ISSUER_ID,
                "sam", "JWT", List.of("integration-requests"), Map.of("groups", List.of("support"), "preferred_username", "sam"), 3600));
        driver.get(url("support"));
        waitFor(By.id("sign-out")); // signed in: the console's list is shown
    }

    /** Date inputs take typed dates in the browser's locale; the value is set the way a picker sets it. */
    private void setDate(String id, LocalDate date) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", waitFor(By.id(id)), date.toString());
    }

    /** Waits for the element; on a timeout the page is kept under target/browser/ to show what was there instead. */
    private WebElement waitFor(By locator) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(locator));
        } catch (org.openqa.selenium.TimeoutException e) {
            try {
                Files.createDirectories(ARTIFACTS);
                Files.writeString(ARTIFACTS.resolve("rollover-timeout.html"), driver.getCurrentUrl() + "\n" + driver.getPageSource());
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
