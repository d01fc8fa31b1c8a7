package org.gridweave.simulations.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens {@code report.html} in Debian's headless Chromium (Playwright for Java, never a browser
 * download), waits until every chart has rendered, fails on any page error or network request, and
 * saves a screenshot to {@code target/report.png}.
 */
class ReportInBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void theReportRendersEveryChartWithoutErrorsOrNetwork(@TempDir Path tmp) throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "NOTICE: "
            + CHROMIUM
            + " not found (apt-get install chromium): report browser test SKIPPED");
    RunDirectory.run(
        HtmlReportTest.small(3),
        tmp,
        new RunDirectory.Options(false, false),
        Optional.empty(),
        new PrintStream(new ByteArrayOutputStream()));

    render(tmp.resolve("report.html"), 5, Path.of("target", "report.png"));
  }

  @Test
  void theSweepComparisonRendersToo(@TempDir Path tmp) throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "NOTICE: "
            + CHROMIUM
            + " not found (apt-get install chromium): comparison browser test SKIPPED");
    Path yaml = tmp.resolve("small.yaml");
    Files.writeString(
        yaml,
        """
        name: small
        seed: 3
        clock: {start: 2026-06-01T00:00:00Z, end: 2026-06-02T00:00:00Z, step: 15m}
        topology:
          transformer_limit_kw: 30
          feeders: [{id: a, limit_kw: 15, prosumers: 3}]
        population: {pv_share: 0.8, pv_kwp: {min: 3, max: 8}, battery_kwh: {min: 4, max: 10}}
        """);
    var plan =
        org.gridweave.simulations.sweep.SweepPlan.of(
            yaml, List.of("battery_share=0,0.5,1", "market=pay_as_clear,pay_as_bid"), null);
    org.gridweave.simulations.sweep.Sweep.run(
        plan,
        tmp.resolve("sweep"),
        2,
        Optional.empty(),
        new PrintStream(new ByteArrayOutputStream()));

    render(tmp.resolve("sweep/comparison.html"), 4, Path.of("target", "comparison.png"));
  }

  /** Opens the page, waits for its charts, saves a full-page screenshot; no errors, no requests. */
  private static void render(Path html, int charts, Path png) throws Exception {
    List<String> errors = new ArrayList<>();
    List<String> requests = new ArrayList<>();
    try (Playwright pw =
        Playwright.create(
            new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
      Browser chromium =
          pw.chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(CHROMIUM)
                      .setHeadless(true)
                      .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
      BrowserContext ctx =
          chromium.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
      Page page = ctx.newPage();
      page.onPageError(errors::add);
      page.onConsoleMessage(m -> {
        if (m.type().equals("error")) {
          errors.add(m.text());
        }
      });
      page.onRequest(r -> {
        if (!r.url().startsWith("file:")) {
          requests.add(r.url());
        }
      });

      page.navigate(html.toUri().toString());
      page.waitForFunction("document.body.dataset.rendered === 'true'");

      assertThat(page.locator("div.chart canvas").count()).isGreaterThanOrEqualTo(charts);
      assertThat(page.locator("table tr").count()).isGreaterThan(3);
      Files.createDirectories(png.getParent());
      page.screenshot(new Page.ScreenshotOptions().setPath(png).setFullPage(true));
      assertThat(png).isNotEmptyFile();
      chromium.close();
    }
    assertThat(errors).as("page errors").isEmpty();
    assertThat(requests).as("network requests").isEmpty();
  }
}
