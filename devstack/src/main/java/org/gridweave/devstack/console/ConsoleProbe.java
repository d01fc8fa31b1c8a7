package org.gridweave.devstack.console;

import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the console's browser tests and benchmark do in a page: log in through the login form, wait
 * until a page says it is ready ({@code body[data-ready=true]}, performance mark {@code gw-ready}),
 * and listen to a live stream inside the page to see how old the newest reading is when a snapshot
 * arrives.
 */
public final class ConsoleProbe {
  /** The login form's fields and its error line (see the console's {@code index.html}). */
  public static final String USER_FIELD = "input[name=j_username]";

  public static final String PASSWORD_FIELD = "input[name=j_password]";
  public static final String SUBMIT = "form button[type=submit]";
  public static final String LOGIN_ERROR = "#login-error";

  /** Set on {@code <body>} once a page has painted its data. */
  public static final String READY = "body[data-ready=true]";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Listens to {@code path} (an SSE stream of {@code snapshot} events) inside the page for {@code
   * ms} milliseconds (events named {@code snapshot}, and unnamed ones, which count as snapshots but
   * say so in {@code named}); per snapshot that has sites: Date.now() minus the newest reading's
   * {@code ts} ({@code lag}), Date.now() minus the median {@code ts} of its sites ({@code
   * median_age}: a partial snapshot carries the sites that changed), and Date.now() minus the
   * snapshot's {@code at} ({@code at_lag}).
   */
  private static final String LISTEN =
      """
      async ([path, ms]) => {
        const out = [];
        const es = new EventSource(path);
        const onEvent = (e) => {
          const now = Date.now();
          const s = JSON.parse(e.data);
          const ts = (s.sites || []).map((x) => Date.parse(x.ts)).filter(Number.isFinite);
          if (ts.length === 0) return;
          ts.sort((a, b) => a - b);
          out.push({ lag: now - ts[ts.length - 1], at_lag: now - Date.parse(s.at),
                     median_age: now - ts[Math.floor((ts.length - 1) / 2)],
                     full: !!s.full, sites: s.sites.length, named: e.type === 'snapshot' });
        };
        es.addEventListener('snapshot', onEvent);
        es.onmessage = onEvent;
        await new Promise((resolve) => setTimeout(resolve, ms));
        es.close();
        return out;
      }
      """;

  private ConsoleProbe() {}

  /** One snapshot as received in the page. */
  public record Snapshot(
      double lagMs, double atLagMs, double medianAgeMs, boolean full, int sites, boolean named) {}

  /** Opens the login page at {@code baseUrl}, logs in, and waits for the next page to be ready. */
  public static void login(Page page, String baseUrl, ConsoleUsers.User user) {
    submitLogin(page, baseUrl, user.name(), user.password());
    page.waitForURL(
        url -> !url.equals(baseUrl + "/") && !url.startsWith(baseUrl + "/index.html"),
        new Page.WaitForURLOptions().setTimeout(READY_TIMEOUT.toMillis()));
    awaitReady(page);
  }

  /** Fills and submits the login form; does not wait for the outcome. */
  public static void submitLogin(Page page, String baseUrl, String name, String password) {
    page.navigate(baseUrl + "/");
    page.fill(USER_FIELD, name);
    page.fill(PASSWORD_FIELD, password);
    page.click(SUBMIT);
  }

  /** Waits until the page marks itself ready. */
  public static void awaitReady(Page page) {
    page.waitForSelector(
        READY, new Page.WaitForSelectorOptions().setTimeout(READY_TIMEOUT.toMillis()));
  }

  /**
   * Milliseconds from the navigation's start to the page's {@code gw-ready} mark; waits for the
   * mark first.
   */
  public static double readyMillis(Page page) {
    awaitReady(page);
    Object ms =
        page.evaluate(
            "() => { const m = performance.getEntriesByName('gw-ready', 'mark');"
                + " return m.length ? m[0].startTime : null; }");
    if (ms == null) {
      throw new IllegalStateException(
          page.url() + " is ready but set no performance mark 'gw-ready'");
    }
    return ((Number) ms).doubleValue();
  }

  /** Listens to the live stream at {@code path} inside the page for {@code duration}. */
  public static List<Snapshot> listen(Page page, String path, Duration duration) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> raw =
        (List<Map<String, Object>>) page.evaluate(LISTEN, List.of(path, (int) duration.toMillis()));
    return raw.stream()
        .map(m ->
            new Snapshot(
                ((Number) m.get("lag")).doubleValue(),
                ((Number) m.get("at_lag")).doubleValue(),
                ((Number) m.get("median_age")).doubleValue(),
                Boolean.TRUE.equals(m.get("full")),
                ((Number) m.get("sites")).intValue(),
                Boolean.TRUE.equals(m.get("named"))))
        .toList();
  }

  /** The {@code q} quantile (0-1) of the values, nearest rank; NaN if there are none. */
  public static double quantile(List<Double> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(
        Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)));
  }
}
