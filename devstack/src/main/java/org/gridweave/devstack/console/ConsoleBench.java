package org.gridweave.devstack.console;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gridweave bench console}: the console stack ({@link ConsoleStack}) with N simulated
 * meters, an operator logged in in headless Chromium; measures the overview's load time (navigation
 * start to its {@code gw-ready} mark) on a first load and on reloads, and the telemetry-to-screen
 * lag: for each live snapshot received in the page, the browser's clock minus the newest reading's
 * sample time. Prints one JSON line.
 */
@Command(
    name = "console",
    description = "Web console load time and live lag in Chromium; prints one JSON line.")
public final class ConsoleBench implements Callable<Integer> {
  @Option(names = "--meters", description = "simulated meters (default ${DEFAULT-VALUE})")
  int meters = 1000;

  @Option(names = "--reloads", description = "overview reloads measured (default ${DEFAULT-VALUE})")
  int reloads = 5;

  @Option(
      names = "--lag-seconds",
      description = "how long the live lag is measured (default ${DEFAULT-VALUE})")
  int lagSeconds = 30;

  @Option(
      names = "--message-seconds",
      description =
          "each meter publishes this often; it samples every second (default ${DEFAULT-VALUE})")
  int messageSeconds = 1;

  @Option(
      names = "--warmup-seconds",
      description = "the fleet publishes this long before measuring (default ${DEFAULT-VALUE})")
  int warmupSeconds = 20;

  @Override
  public Integer call() throws Exception {
    if (!Browser.installed()) {
      System.err.println("bench console: " + Browser.NOT_INSTALLED);
      return 2;
    }
    var missing = ConsoleStack.missingPart();
    if (missing.isPresent()) {
      System.err.println("bench console: " + missing.get());
      return 2;
    }
    Path dir = Files.createTempDirectory("gridweave-bench-console");
    ConsoleUsers users = ConsoleUsers.generate(List.of("s-0001"), new Random(1));
    System.err.printf("bench console: starting the stack with %d meters in %s%n", meters, dir);
    try (ConsoleStack stack =
            ConsoleStack.start(
                dir,
                new ConsoleStack.Options(
                    meters, 100, Duration.ofSeconds(messageSeconds), false, Map.of()),
                users);
        Browser browser = Browser.launch()) {
      System.err.printf(
          "bench console: stack up at %s; fleet warming up %d s%n", stack.url(), warmupSeconds);
      Thread.sleep(warmupSeconds * 1000L);
      try (BrowserContext context = browser.newContext()) {
        Page page = context.newPage();
        ConsoleProbe.login(page, stack.url(), users.withRole("operator"));
        page.navigate(stack.url() + "/console/overview.html");
        double first = ConsoleProbe.readyMillis(page);
        List<Double> loads = new ArrayList<>();
        for (int i = 0; i < reloads; i++) {
          page.reload();
          loads.add(ConsoleProbe.readyMillis(page));
        }
        int sitesShown = page.locator(".site[data-site][data-net-w]").count();
        System.err.printf(
            "bench console: overview first load %.0f ms, reloads %s ms; %d sites on the page%n",
            first, loads, sitesShown);
        List<ConsoleProbe.Snapshot> snapshots =
            ConsoleProbe.listen(page, "/console/live", Duration.ofSeconds(lagSeconds));
        List<Double> lags = snapshots.stream().map(ConsoleProbe.Snapshot::lagMs).toList();
        List<Double> atLags = snapshots.stream().map(ConsoleProbe.Snapshot::atLagMs).toList();
        List<Double> siteAges =
            snapshots.stream()
                .filter(s -> !s.full())
                .map(ConsoleProbe.Snapshot::medianAgeMs)
                .toList();
        String pageLag = page.locator("#live-lag").count() > 0 ? page.textContent("#live-lag") : "";
        System.out.println(
            String.format(
                Locale.ROOT,
                "{\"bench\":\"console\",\"meters\":%d,\"load_ms_first\":%.0f,"
                    + "\"load_ms_median\":%.0f,\"load_ms_max\":%.0f,\"reloads\":%d,"
                    + "\"lag_ms_p50\":%.0f,\"lag_ms_p95\":%.0f,\"lag_ms_max\":%.0f,"
                    + "\"changed_site_age_ms_p50\":%.0f,\"changed_site_age_ms_p95\":%.0f,"
                    + "\"snapshot_to_browser_ms_p50\":%.0f,\"snapshots\":%d,"
                    + "\"snapshots_named_snapshot\":%d,\"lag_seconds\":%d,"
                    + "\"message_seconds\":%d,\"sites_on_overview\":%d,\"page_live_lag\":\"%s\","
                    + "\"chromium\":\"%s\",\"cores\":%d}",
                meters,
                first,
                ConsoleProbe.quantile(loads, 0.5),
                loads.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                loads.size(),
                ConsoleProbe.quantile(lags, 0.5),
                ConsoleProbe.quantile(lags, 0.95),
                lags.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                ConsoleProbe.quantile(siteAges, 0.5),
                ConsoleProbe.quantile(siteAges, 0.95),
                ConsoleProbe.quantile(atLags, 0.5),
                snapshots.size(),
                snapshots.stream().filter(ConsoleProbe.Snapshot::named).count(),
                lagSeconds,
                messageSeconds,
                sitesShown,
                pageLag.strip().replace("\"", "'"),
                browser.version(),
                Runtime.getRuntime().availableProcessors()));
      }
    }
    return 0;
  }
}
