package io.rosterbridge.infra.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The browser tests' browser: Debian's headless Chromium and its driver (CHROMIUM_BINARY and CHROMEDRIVER override the
 * paths), a throw-away profile under target/, and screenshots kept under target/browser/ for people to look at.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path SCREENSHOTS = Path.of("target", "browser");

    private final Path profile;
    private final WebDriver driver;

    private HeadlessChromium(Path profile, WebDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    public static HeadlessChromium start() {
        try {
            Path profile = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "chromium-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(executable("CHROMIUM_BINARY", "/usr/bin/chromium"));
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1280,2200", "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(executable("CHROMEDRIVER", "/usr/bin/chromedriver")))
                    .usingAnyFreePort()
                    .build();
            WebDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(profile, driver);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Saves what the page shows now as target/browser/{@code name}.png and returns the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            return Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var paths = Files.walk(profile)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String executable(String env, String fallback) {
        String configured = System.getenv(env);
        return configured == null || configured.isBlank() ? fallback : configured;
    }
}
