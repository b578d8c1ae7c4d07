package dev.audioml.sinks.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.audioml.core.FeatureExtractors;
import dev.audioml.core.pipeline.Pipeline;
import dev.audioml.core.pipeline.PipelineStats;
import dev.audioml.core.post.PostProcessor;
import dev.audioml.core.testing.RequiredTool;
import dev.audioml.core.testing.Signals;
import dev.audioml.core.testing.TimerLiveSource;
import dev.audioml.sinks.delivery.WindowMeter;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} + {@code chromium-driver}), fed by a pipeline
 * playing synthesized audio in real time. Skips only when no browser is installed (fails then under CI=true).
 */
class WebDashboardBrowserTest {
    private static final int RATE_HZ = 16_000;
    private static final int BLOCK_SAMPLES = 1_600; // 100 ms blocks, delivered every 100 ms: real time
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(20);
    private static final String CHROMIUM = System.getProperty("audioml.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("audioml.chromedriver", "/usr/bin/chromedriver");
    /**
     * Where the screenshot goes: {@code target/} by default, so a build never modifies tracked files; refresh the
     * README's picture with {@code -Daudioml.screenshot=../docs/img/dashboard.png}.
     */
    private static final Path SCREENSHOT = Path.of(System.getProperty("audioml.screenshot", "target/dashboard.png"));

    private static float[] scene() { // 1 s silence, 1.5 s of 440 Hz, 1.5 s of noise
        float[] audio = new float[4 * RATE_HZ];
        System.arraycopy(Signals.sine(440, RATE_HZ, 3 * RATE_HZ / 2, 0.3), 0, audio, RATE_HZ, 3 * RATE_HZ / 2);
        System.arraycopy(Signals.noise(3 * RATE_HZ / 2, 0.3, 11), 0, audio, 5 * RATE_HZ / 2, 3 * RATE_HZ / 2);
        return audio;
    }

    private static WebDriver chromium(Path profile) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,760", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @Test
    void scoresBarsSpectrogramAndEventsRenderForAudioPlayedInRealTime() throws Exception {
        RequiredTool.assumeInstalled(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "a browser (apt-get install chromium chromium-driver; looked for " + CHROMIUM + " and "
                        + CHROMEDRIVER + ")");
        WindowMeter meter = new WindowMeter(FeatureExtractors.fromSpec(Map.of("feature", "melspectrogram", "sr", RATE_HZ,
                "n_fft", 512, "hop_length", 160, "n_mels", 64, "to_db", Map.of("ref", 1.0))));
        AtomicReference<Pipeline> holder = new AtomicReference<>();
        WebDashboard dashboard = WebDashboard.builder().port(0).meter(meter).title("AudioML live — test scene").keepOpen(true)
                .stats(() -> holder.get() == null ? null : holder.get().stats()).build();
        Path profile = Files.createTempDirectory("audioml-chromium");
        WebDriver driver = null;
        try (Pipeline pipeline = Pipeline.builder()
                .source(new TimerLiveSource(scene(), RATE_HZ, BLOCK_SAMPLES, 100_000_000L, true))
                .window(RATE_HZ / 2, RATE_HZ / 10).blockSamples(BLOCK_SAMPLES).features(meter)
                .classifier(new MelToneNoiseClassifier())
                .postProcess(PostProcessor.builder().events(0.5f, 0.4f).build())
                .sink(dashboard).build()) {
            holder.set(pipeline);
            HttpResponse<String> missing = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(dashboard.url() + "nothing-here")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);

            driver = chromium(profile);
            driver.get(dashboard.url()); // the page is up before the audio starts: it gets the labels on open
            pipeline.start();
            WebDriverWait wait = new WebDriverWait(driver, PAGE_TIMEOUT);
            wait.until(d -> d.findElement(By.id("status")).getText().equals("live"));
            wait.until(d -> d.findElements(By.cssSelector(".bar")).size() == 3);
            // scores arrive: the top label follows the scene and its bar is drawn
            for (String label : List.of("tone", "noise")) {
                wait.until(d -> d.findElement(By.id("top")).getText().equals(label));
                String width = driver.findElement(By.cssSelector(".bar[data-label='" + label + "'] .fill"))
                        .getAttribute("style");
                assertThat(percent(width)).as("%s bar: %s", label, width).isGreaterThan(50);
            }
            // events arrive when they end: silence (0-1 s) and tone (1-2.5 s) are on the timeline
            wait.until(d -> d.findElements(By.cssSelector("#timeline .event[data-label='tone']")).size() >= 1);
            assertThat(driver.findElements(By.cssSelector("#timeline .event[data-label='silence']"))).isNotEmpty();
            long windows = Long.parseLong(driver.findElement(By.id("windows")).getText());
            assertThat(windows).isGreaterThan(20);
            assertThat(driver.findElement(By.id("p99")).getText()).matches("\\d+\\.\\d\\d");
            // the spectrogram has colour (not the black it starts with) in its newest columns
            Object lit = ((JavascriptExecutor) driver).executeScript(
                    "const c = document.getElementById('spectrogram');"
                            + "const d = c.getContext('2d').getImageData(c.width - 30, 0, 30, c.height).data;"
                            + "let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] > 60) n++;"
                            + "return n;");
            assertThat(((Number) lit).longValue()).isGreaterThan(100);
            wait.until(d -> d.findElement(By.id("top")).getText().equals("tone")); // a tone on screen for the picture
            long shown = Long.parseLong(driver.findElement(By.id("windows")).getText());
            // a few more windows of tone drawn (the page's own counter), not a fixed sleep
            wait.until(d -> Long.parseLong(d.findElement(By.id("windows")).getText()) >= shown + 4);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
            Files.write(SCREENSHOT, png);
            PipelineStats stats = pipeline.stats();
            assertThat(stats.windowsProcessed()).isGreaterThanOrEqualTo(windows);
            // the scores heatmap names its rows and has a time axis in seconds of audio
            assertThat(driver.findElements(By.cssSelector("#scoreLabels .row")).stream().map(WebElement::getText))
                    .containsExactly("silence", "tone", "noise");
            // read both axes in one script: they are redrawn with every window
            Object axes = ((JavascriptExecutor) driver).executeScript(
                    "const t = id => [...document.querySelectorAll('#' + id + ' span')].map(s => s.textContent);"
                            + "return [t('scoreAxis'), t('specAxis')];");
            List<?> both = (List<?>) axes;
            List<?> ticks = (List<?>) both.get(0);
            assertThat(ticks).hasSize(5);
            assertThat((String) ticks.get(4)).matches("\\d+\\.\\d s");
            assertThat(both.get(1)).isEqualTo(ticks);

            // the stream ends: with keepOpen the page stays served with its final state, also after a reload
            pipeline.close();
            assertThat(dashboard.isServing()).isTrue();
            wait.until(d -> d.findElement(By.id("status")).getText().startsWith("stream ended after"));
            driver.navigate().refresh();
            wait.until(d -> d.findElement(By.id("status")).getText().startsWith("stream ended after"));
            assertThat(driver.findElements(By.cssSelector("#timeline .event[data-label='tone']"))).isNotEmpty();
            assertThat(driver.findElements(By.cssSelector("#scoreLabels .row"))).hasSize(3);
            assertThat(driver.findElement(By.id("top")).getText()).isIn("tone", "noise", "silence");
            dashboard.stopServing();
            assertThat(dashboard.isServing()).isFalse();
        } finally {
            if (driver != null) {
                driver.quit();
            }
            dashboard.close(); // also closed by the pipeline; idempotent
            dashboard.stopServing();
            deleteTree(profile);
        }
    }

    private static double percent(String style) {
        int at = style.indexOf("width:");
        return Double.parseDouble(style.substring(at + 6, style.indexOf('%', at)).trim());
    }

    private static void deleteTree(Path dir) throws Exception {
        List<Path> all = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.forEach(all::add);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(all.get(i));
        }
    }
}
