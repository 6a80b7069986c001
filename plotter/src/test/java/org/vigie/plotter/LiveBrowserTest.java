package org.vigie.plotter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.RecordLogWriter;

/**
 * The live page in a real browser: Debian's Chromium, headless, driven through its chromedriver by Selenium.
 * It opens the page, sees the series, then sees a value appended to the logs and its anomaly appear without
 * a reload, hovers a point, clicks the anomaly, and saves a screenshot (copied to {@code -Dvigie.screenshots=DIR}
 * when given, for the docs). Where no Chromium is installed, it is skipped, and says so.
 */
class LiveBrowserTest {

    // Debian's; elsewhere -Dvigie.chromium and -Dvigie.chromedriver name them.
    static final Path CHROMIUM = Path.of(System.getProperty("vigie.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("vigie.chromedriver", "/usr/bin/chromedriver"));
    static final long T0 = LiveServerTest.T0;

    @TempDir
    Path dir;

    RecordLogWriter ref;
    RecordLogWriter dbscan;
    RecordLogWriter iforest;
    LiveSession session;
    LiveServer server;
    ChromeDriver browser;

    void append(int from, int to, int anomaly) throws IOException {
        append(from, to, anomaly, 75);
    }

    void append(int from, int to, int anomaly, double glitch) throws IOException {
        for (int i = from; i < to; i++) {
            long t = T0 + i * 1_000_000L;
            double v = i == anomaly ? glitch : 50 + 5 * Math.sin(i / 40.0) + Math.sin(i * 1.7);
            ref.append(t, v, State.REFERENCE);
            State d = i < 100 ? State.INITIALISING : i == anomaly || i == 700 ? State.ANOMALY : State.NORMAL;
            State f = i < 120 ? State.INITIALISING : i == anomaly || i == 450 ? State.ANOMALY : State.NORMAL;
            dbscan.append(t, v, d, 0, i, d == State.INITIALISING ? Float.NaN : d == State.ANOMALY ? 0.9996f : 0.42f);
            iforest.append(t, v, f, 0, i, f == State.INITIALISING ? Float.NaN : f == State.ANOMALY ? 0.9993f : 0.37f);
        }
        ref.flush();
        dbscan.flush();
        iforest.flush();
    }

    @BeforeEach
    void serveAndOpen() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), () -> {
            String why = "skipped: the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install chromium chromium-driver";
            System.out.println("LiveBrowserTest " + why);
            return why;
        });
        ref = RecordLogWriter.open(dir.resolve("humidite.ref.vlog"), LogMetadata.reference("humidite"));
        dbscan = RecordLogWriter.open(dir.resolve("humidite.dbscan.vlog"), LogMetadata.detector("humidite", "dbscan", 20, Map.of()));
        iforest = RecordLogWriter.open(dir.resolve("humidite.iforest.vlog"), LogMetadata.detector("humidite", "iforest", 20, Map.of()));
        append(0, 1000, 600);
        session = LiveSession.open(List.of(dir.resolve("humidite.ref.vlog"), dir.resolve("humidite.dbscan.vlog"), dir.resolve("humidite.iforest.vlog")));
        server = LiveServer.start(session, "127.0.0.1", 0, Duration.ofMillis(500), new PrintStream(System.err, true, StandardCharsets.UTF_8));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root and on a closed network: no sandbox, and none of Chromium's own connections (refused here, slowly).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,950",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void close() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
            session.close();
            ref.close();
            dbscan.close();
            iforest.close();
        }
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void until(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).withMessage(() -> what + "; the page: " + js("const c = window.vigie && window.vigie.charts[0];"
                + " return c ? JSON.stringify({records: c.view && c.view.records, range: c.range, x: c.u.scales.x, problems: c.problems.textContent,"
                + " status: document.getElementById('status').textContent}) : 'no chart';")).until(d -> condition.getAsBoolean());
    }

    private long records() {
        Object n = js("const c = window.vigie && window.vigie.charts[0]; return c && c.view ? c.view.records : -1;");
        return ((Number) n).longValue();
    }

    @Test
    void theSeriesAValueAppendedAndItsAnomalyAppearWithoutAReloadAndAClickCentresOnIt() throws Exception {
        browser.get(server.address().toString());
        until("the series drawn", () -> records() == 1000);
        until("the event stream open", () -> browser.findElement(By.id("status")).getText().equals("live"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#panel-0 table.anomalies tbody tr"));
        assertEquals(4, rows.size(), "the anomalies listed: both detectors' at 600, DBSCAN's at 700, IsolationForest's at 450");

        Object page = js("return window.performance.timeOrigin;");
        long appended = System.nanoTime();
        append(1000, 1010, 1009);
        until("the new values on the page, without a reload", () -> records() == 1010);
        long seen = System.nanoTime();
        double newest = (T0 + 1009 * 1_000_000L) / 1e6;
        until("the new anomaly first in the list", () -> browser.findElements(By.cssSelector("#panel-0 table.anomalies tbody tr")).get(0)
                .getDomAttribute("data-t").equals(String.valueOf((long) newest)));
        assertEquals(page, js("return window.performance.timeOrigin;"), "the same page: no reload");
        System.out.printf("LiveBrowserTest: appended values on the page %.0f ms after they reached the log%n", (seen - appended) / 1e6);

        // Hover the chart: the tip names the time, the value, and each detector's state and score.
        WebElement over = browser.findElement(By.cssSelector("#panel-0 .u-over"));
        new Actions(browser).moveToElement(over, 0, 0).perform();
        WebElement tip = browser.findElement(By.cssSelector("#panel-0 .tip"));
        until("the tip shown", tip::isDisplayed);
        String text = tip.getText();
        assertTrue(text.contains("humidite/dbscan: ") && text.contains("humidite/iforest: ") && text.contains("score"), text);
        saveScreenshot("live-view.png");

        // A click on an anomaly centres the chart on it (zoomed in to a tenth of what was shown).
        WebElement third = browser.findElements(By.cssSelector("#panel-0 table.anomalies tbody tr")).get(2);
        double t = Double.parseDouble(third.getDomAttribute("data-t"));
        third.click();
        until("the chart centred on the anomaly", () -> {
            Object mid = js("const u = window.vigie.charts[0].u; return (u.scales.x.min + u.scales.x.max) / 2;");
            Object width = js("const u = window.vigie.charts[0].u; return u.scales.x.max - u.scales.x.min;");
            return Math.abs(((Number) mid).doubleValue() - t) < 1 && ((Number) width).doubleValue() < 1009 / 5.0;
        });
        saveScreenshot("live-view-centred.png");
    }

    /**
     * Issue 30: a glitch ten times past the signal's range does not flatten it. The value axis stays on the signal
     * (as the PNG's does), the glitch is named at the edge it passes, and "full range" shows every value.
     */
    @Test
    void aFarOutlierLeavesTheSignalReadableAndIsNamedAtTheEdge() throws Exception {
        browser.get(server.address().toString());
        until("the series drawn", () -> records() == 1000);
        append(1000, 1010, 1005, 1000);
        until("the glitch on the page", () -> records() == 1010);
        until("the axis on the signal, the glitch named at its edge", () -> {
            Object max = js("return window.vigie.charts[0].u.scales.y.max;");
            Object edges = js("return window.vigie.charts[0].edges.join(' ');");
            return max instanceof Number m && m.doubleValue() < 100 && String.valueOf(edges).contains("max 1000");
        });
        saveScreenshot("live-view-readable.png");
        browser.findElement(By.cssSelector("#panel-0 button.full-range")).click();
        until("the full range on asking", () -> {
            Object max = js("return window.vigie.charts[0].u.scales.y.max;");
            return max instanceof Number m && m.doubleValue() >= 1000;
        });
        assertEquals("", js("return window.vigie.charts[0].edges.join(' ');"), "no edge label over the full range");
    }

    /**
     * Issue 29: the clock steps back 500 s and 100 readings repeat a span already drawn. The page draws them as a
     * second, dashed line over the first pass, in time order, and the first line never runs back to them; DBSCAN's
     * anomaly on a repeated reading stands on the repeat (its log and the reference matched reading for reading).
     */
    @Test
    void aClockThatStepsBackIsASecondLineOverTheFirstPass() throws Exception {
        browser.get(server.address().toString());
        until("the series drawn", () -> records() == 1000);
        for (int k = 0; k < 100; k++) {
            long t = T0 + (500 + k) * 1_000_000L;
            ref.append(t, 80, State.REFERENCE);
            State d = k == 50 ? State.ANOMALY : State.NORMAL; // at second 550, which the first pass had normal
            dbscan.append(t, 80, d, 0, 1000 + k, d == State.ANOMALY ? 0.9996f : 0.42f);
            iforest.append(t, 80, State.NORMAL, 0, 1000 + k, 0.37f);
        }
        ref.flush();
        dbscan.flush();
        iforest.flush();
        until("the repeated span on the page", () -> records() == 1100);
        until("the repeat drawn as the second line", () -> js("const d = window.vigie.charts[0].u.data;"
                + " return d[2].filter(v => v === 80).length === 100 && d[1].every(v => v !== 80) && d[3].filter(v => v === 80).length === 1"
                + " && d[0].every((t, i) => i === 0 || t >= d[0][i - 1]);").equals(Boolean.TRUE));
        until("the step back said above the chart", () -> browser.findElement(By.cssSelector("#panel-0 .clock")).getText()
                .contains("the clock steps back 1 time"));
        saveScreenshot("live-view-clock-back.png");
        // On, then back again over a later span: the second line breaks between its two runs over the whole stretch
        // of the first line's points between them (uPlot clips a break from the x before its nulls to the x after).
        for (int k = 0; k < 120; k++) {
            long t = T0 + (k < 20 ? 1000 + k : 700 + k - 20) * 1_000_000L;
            double v = k < 20 ? 50 : 85;
            ref.append(t, v, State.REFERENCE);
            dbscan.append(t, v, State.NORMAL, 0, 1100 + k, 0.42f);
            iforest.append(t, v, State.NORMAL, 0, 1100 + k, 0.37f);
        }
        ref.flush();
        dbscan.flush();
        iforest.flush();
        until("the second step back on the page", () -> records() == 1220);
        until("no dashed line across from one repeat to the other", () -> js("const d = window.vigie.charts[0].u.data;"
                + " const last = d[2].lastIndexOf(80), first = d[2].indexOf(85);"
                + " return last >= 0 && first > last + 1 && d[2].slice(last + 1, first).every(v => v === null);").equals(Boolean.TRUE));
    }

    private void saveScreenshot(String name) throws IOException {
        Path shot = dir.resolve(name);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
        String docs = System.getProperty("vigie.screenshots");
        if (docs != null) {
            Files.copy(shot, Path.of(docs).resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the page");
    }
}
