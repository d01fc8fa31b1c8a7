package org.gridweave.devstack.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.gridweave.core.id.MeterId;
import org.gridweave.firmware.fleet.Fleet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The web console in a real headless Chromium against the running stack as processes (Mosquitto,
 * PostgreSQL, meter-gateway, grid-controller, a fleet of 12 simulated meters publishing every
 * second on two feeders, and Anvil with the settlement contract where installed): each role logs
 * in, the overview is live, a control takes effect and is audited, a prosumer cannot reach anyone
 * else's data, and alarms can be acknowledged. Screenshots of every main page go to {@code
 * target/console-screenshots}.
 *
 * <p>The stack starts once for the class; tests that change it (a feeder limit, a stopped meter)
 * change parts the others do not look at.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleInBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Path SHOTS = Path.of("target/console-screenshots");

  /** The meter stopped to raise {@code meter_offline}; no other test looks at its site. */
  private static final MeterId SILENCED = Fleet.meterId(12);

  private static ConsoleStack stack;
  private static Browser browser;
  private static ConsoleUsers users;

  @BeforeAll
  static void startStack() throws Exception {
    assumeTrue(
        Browser.installed(),
        "NOTICE: " + Browser.NOT_INSTALLED + ": console browser tests SKIPPED");
    Optional<String> missing = ConsoleStack.missingPart();
    assumeTrue(
        missing.isEmpty(), "NOTICE: " + missing.orElse("") + ": console browser tests SKIPPED");
    users = ConsoleUsers.generate(List.of("s-0001", "s-0002"), new Random(7));
    Files.createDirectories(Path.of("target"));
    Path dir = Files.createTempDirectory(Path.of("target"), "console-e2e");
    stack =
        ConsoleStack.start(
            dir,
            new ConsoleStack.Options(
                12,
                6,
                Duration.ofSeconds(1),
                true,
                Map.of(
                    ConsoleUsers.OFFLINE_AFTER_SETTING,
                    "PT5S",
                    "gridweave.controller.console.watch-every",
                    "PT1S")),
            users);
    if (stack.chainRpcUrl().isEmpty()) {
      System.out.println("NOTICE: anvil is not installed: the console runs without a chain");
    }
    browser = Browser.launch();
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stopStack() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  @Test
  @Order(1)
  void eachRoleLogsInAndLandsOnItsOwnPage() throws Exception {
    for (String role : List.of("operator", "viewer", "prosumer")) {
      try (BrowserContext context = browser.newContext()) {
        Page page = newPage(context);
        ConsoleProbe.login(page, stack.url(), users.withRole(role));

        assertThat(page.url())
            .as(role + " lands on its page")
            .startsWith(stack.url() + (role.equals("prosumer") ? "/me/" : "/console/"));
        JsonNode me = getJson(context.request(), "/auth/me");
        assertThat(me.path("role").asText()).isEqualTo(role);
        assertThat(me.path("user").asText()).isEqualTo(users.withRole(role).name());
      }
    }
  }

  @Test
  @Order(2)
  void aWrongPasswordShowsTheLoginError() throws Exception {
    try (BrowserContext context = browser.newContext()) {
      Page page = newPage(context);

      ConsoleProbe.submitLogin(page, stack.url(), "operator", "not-the-password");

      page.waitForFunction(
          "sel => document.querySelector(sel).textContent.trim() !== ''", ConsoleProbe.LOGIN_ERROR);
      assertThat(page.isVisible(ConsoleProbe.LOGIN_ERROR)).isTrue();
      assertThat(page.textContent(ConsoleProbe.LOGIN_ERROR)).containsIgnoringCase("password");
      assertThat(page.url()).isIn(stack.url() + "/", stack.url() + "/index.html");
      assertThat(context.request().get(stack.url() + "/auth/me").status()).isEqualTo(401);
    }
  }

  @Test
  @Order(3)
  void theOverviewShowsLiveDataThatChangesWithoutAReload() throws Exception {
    try (BrowserContext context = browser.newContext()) {
      Page page = newPage(context);
      ConsoleProbe.login(page, stack.url(), users.withRole("operator"));
      page.navigate(stack.url() + "/console/overview.html");
      ConsoleProbe.awaitReady(page);
      page.locator(".site[data-site][data-net-w]").first().waitFor();
      String sitesBefore = siteNets(page);
      String updated = page.textContent("#updated-at");
      page.evaluate("() => { window.__sameDocument = true; }");

      await("the snapshot time #updated-at changes")
          .atMost(PATIENCE)
          .until(() -> !page.textContent("#updated-at").equals(updated));
      await("a site's data-net-w changes")
          .atMost(PATIENCE)
          .until(() -> !siteNets(page).equals(sitesBefore));

      assertThat(page.evaluate("() => window.__sameDocument === true"))
          .as("the page was not reloaded")
          .isEqualTo(true);
      assertThat(page.locator(".site[data-site][data-net-w]").count())
          .as("every site of the grid is drawn")
          .isEqualTo(12);
    }
  }

  @Test
  @Order(3)
  void theTelemetryToScreenLagIsMeasuredInThePage() throws Exception {
    try (BrowserContext context = browser.newContext()) {
      Page page = newPage(context);
      ConsoleProbe.login(page, stack.url(), users.withRole("operator"));
      page.navigate(stack.url() + "/console/overview.html");
      ConsoleProbe.awaitReady(page);

      List<ConsoleProbe.Snapshot> snapshots =
          ConsoleProbe.listen(page, "/console/live", Duration.ofSeconds(10));

      List<Double> lags = snapshots.stream().map(ConsoleProbe.Snapshot::lagMs).toList();
      System.out.printf(
          "NOTICE: telemetry-to-screen lag over %d snapshots: p50 %.0f ms, max %.0f ms"
              + " (Date.now() - newest reading ts); the page's own #live-lag says '%s'%n",
          snapshots.size(),
          ConsoleProbe.quantile(lags, 0.5),
          lags.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
          page.textContent("#live-lag").strip());
      assertThat(snapshots).as("snapshots arrive in the page").isNotEmpty();
      assertThat(snapshots)
          .as("live events are named 'snapshot' (docs/console-api.md), which the pages listen to")
          .allMatch(ConsoleProbe.Snapshot::named);
    }
  }

  @Test
  @Order(4)
  void anOperatorChangesAFeederLimitThroughTheControlsAndItIsAudited() throws Exception {
    try (BrowserContext context = browser.newContext()) {
      Page page = newPage(context);
      ConsoleProbe.login(page, stack.url(), users.withRole("operator"));
      page.navigate(stack.url() + "/console/controls.html");
      ConsoleProbe.awaitReady(page);
      String reason = "browser test: feeder f-2 limit for maintenance";

      // When the operator sets f-2 to 7.5 kW and confirms
      page.selectOption("#feeder-select", "f-2");
      page.fill("#feeder-limit-kw", "7.5");
      page.fill("#feeder-reason", reason);
      page.click("#feeder-apply");
      confirmDialog(page);

      // Then the grid model has the new limit
      await().atMost(PATIENCE).until(() -> feederLimitKw(context.request(), "f-2") == 7.5);
      // and the audit says who did what and why, in the API and on the page
      JsonNode audit = getJson(context.request(), "/console/audit?limit=5");
      JsonNode entry = audit.get(0);
      assertThat(entry.path("user").asText()).isEqualTo("operator");
      assertThat(entry.path("reason").asText()).isEqualTo(reason);
      assertThat(entry.path("action").asText()).contains("feeder");
      page.reload();
      ConsoleProbe.awaitReady(page);
      Locator row = page.locator("#audit tr", new Page.LocatorOptions().setHasText(reason));
      row.first().waitFor();
      assertThat(row.first().textContent()).contains("operator").contains(reason);

      // And a new viewer added on the same page can log in
      page.fill("#user-name", "browser-viewer");
      page.selectOption("#user-role", "viewer");
      page.fill("#user-password", "browser-pass-1");
      page.fill("#user-reason", "browser test: a new viewer");
      page.click("#user-add");
      confirmDialog(page);
      page.locator("tr[data-user='browser-viewer']").waitFor();
      try (BrowserContext other = browser.newContext()) {
        Page second = newPage(other);
        ConsoleProbe.login(
            second,
            stack.url(),
            new ConsoleUsers.User(
                "browser-viewer", "viewer", java.util.Optional.empty(), "browser-pass-1"));
        assertThat(getJson(other.request(), "/auth/me").path("role").asText()).isEqualTo("viewer");
      }
    }
  }

  @Test
  @Order(5)
  void aViewerSeesNoEnabledControlAndIsRefusedWhenPostingOne() throws Exception {
    try (BrowserContext context = browser.newContext()) {
      Page page = newPage(context);
      ConsoleProbe.login(page, stack.url(), users.withRole("viewer"));
      page.navigate(stack.url() + "/console/controls.html");
      ConsoleProbe.awaitReady(page);

      assertThat(page.isVisible("#viewer-note")).as("the page says the viewer cannot act").isTrue();
      assertThat(
              page.locator("main :is(button, input, select, textarea):enabled:not([type=checkbox])")
                  .count())
          .as("enabled controls for a viewer")
          .isZero();

      String csrf = getJson(context.request(), "/auth/me").path("csrf").asText();
      APIResponse post =
          context
              .request()
              .post(
                  stack.url() + "/console/controls/feeder-limit",
                  RequestOptions.create()
                      .setHeader("X-CSRF-Token", csrf)
                      .setData(Map.of("feeder", "f-1", "limit_kw", 1, "reason", "viewer tries")));
      assertThat(post.status()).as("a viewer's control POST").isEqualTo(403);
      assertThat(feederLimitKw(context.request(), "f-1")).isNotEqualTo(1.0);
    }
  }

  @Test
  @Order(6)
  void aProsumerCannotReachAnotherProsumersData() throws Exception {
    try (BrowserContext context = browser.newContext()) {
      Page page = newPage(context);
      ConsoleProbe.login(page, stack.url(), users.named(ConsoleUsers.prosumerName("s-0001")));
      APIRequestContext api = context.request();

      // the operator's lists are closed to a prosumer
      for (String path :
          List.of(
              "/market/trades",
              "/settlements/participants",
              "/console/overview",
              "/alarms",
              "/grid",
              "/sites/s-0002/setpoints",
              "/market/orders?interval=2026-01-01T00:00:00Z")) {
        assertThat(api.get(stack.url() + path).status()).as("GET " + path).isEqualTo(403);
      }
      // its own pages show its own site only, whatever it asks for
      assertThat(getJson(api, "/auth/me").path("site").asText()).isEqualTo("s-0001");
      JsonNode readings = getJson(api, "/me/readings?site=s-0002");
      assertThat(readings.path("latest").path("site").asText()).isEqualTo("s-0001");
      @SuppressWarnings("unchecked")
      List<String> liveSites =
          (List<String>)
              page.evaluate(
                  """
                  () => new Promise((resolve) => {
                    const es = new EventSource('/me/live');
                    const done = (sites) => { es.close(); resolve(sites); };
                    es.addEventListener('snapshot', (e) =>
                      done(JSON.parse(e.data).sites.map((s) => s.site)));
                    setTimeout(() => done(['no snapshot event from /me/live within 20 s']), 20000);
                  })
                  """);
      assertThat(liveSites).containsOnly("s-0001");
      assertThat(page.content()).doesNotContain("s-0002");
      // and a write without the CSRF token is refused
      APIResponse order =
          api.post(
              stack.url() + "/me/orders",
              RequestOptions.create()
                  .setData(Map.of("side", "sell", "energy_wh", 100, "limit_price_micros", 1)));
      assertThat(order.status()).as("POST /me/orders without X-CSRF-Token").isEqualTo(403);
    }
  }

  @Test
  @Order(7)
  void anOfflineMeterRaisesAnAlarmThatIsAcknowledgedWithAComment() throws Exception {
    try (BrowserContext context = browser.newContext()) {
      Page page = newPage(context);
      ConsoleProbe.login(page, stack.url(), users.withRole("operator"));
      APIRequestContext api = context.request();

      // Given a meter that stops publishing
      Fleet.Member silenced = stack.fleet().member(SILENCED);
      silenced.meter().close();
      silenced.transport().close();

      // Then a meter_offline alarm for it is raised
      long[] alarm = {-1};
      await()
          .atMost(PATIENCE)
          .until(() -> {
            for (JsonNode a : getJson(api, "/alarms?open=true&limit=100")) {
              if (a.path("kind").asText().equals("meter_offline")
                  && a.path("subject").asText().contains(SILENCED.value().substring(2))) {
                alarm[0] = a.path("id").asLong();
                return true;
              }
            }
            return false;
          });

      // When the operator acknowledges it in the browser with a comment
      page.navigate(stack.url() + "/console/alarms.html");
      ConsoleProbe.awaitReady(page);
      Locator row = page.locator("tr[data-alarm-id='" + alarm[0] + "']");
      row.waitFor();
      row.locator("button.ack").click();
      String comment = "browser test: meter unplugged on purpose";
      page.fill("#ack-dialog #ack-comment", comment);
      confirmDialog(page);

      // Then the row shows it acknowledged, and so does the API
      page.waitForSelector("tr[data-alarm-id='" + alarm[0] + "'][data-acknowledged=true]");
      assertThat(row.textContent()).contains("acknowledged").contains("operator").contains(comment);
      JsonNode acked = null;
      for (JsonNode a : getJson(api, "/alarms?limit=100")) {
        if (a.path("id").asLong() == alarm[0]) {
          acked = a;
        }
      }
      assertThat(acked).isNotNull();
      assertThat(acked.path("acknowledged_by").asText()).isEqualTo("operator");
      assertThat(acked.path("ack_comment").asText()).isEqualTo(comment);
    }
  }

  @Test
  @Order(8)
  void screenshotsOfEveryMainPage() throws Exception {
    List<String> saved = new ArrayList<>();
    try (BrowserContext context = browser.newContext()) {
      Page page = newPage(context);
      page.navigate(stack.url() + "/");
      page.waitForSelector(ConsoleProbe.USER_FIELD);
      saved.add(shoot(page, "login"));
      ConsoleProbe.login(page, stack.url(), users.withRole("operator"));
      for (String name :
          List.of("overview", "charts", "dispatch", "market", "settlement", "alarms", "controls")) {
        page.navigate(stack.url() + "/console/" + name + ".html");
        ConsoleProbe.awaitReady(page);
        saved.add(shoot(page, name));
      }
    }
    try (BrowserContext context = browser.newContext(400, 800)) {
      Page page = newPage(context);
      ConsoleProbe.login(page, stack.url(), users.withRole("operator"));
      page.navigate(stack.url() + "/console/overview.html");
      ConsoleProbe.awaitReady(page);
      saved.add(shoot(page, "overview-narrow"));
    }
    try (BrowserContext context = browser.newContext()) {
      Page page = newPage(context);
      ConsoleProbe.login(page, stack.url(), users.named(ConsoleUsers.prosumerName("s-0001")));
      saved.add(shoot(page, "prosumer"));
    }
    for (String file : saved) {
      assertThat(SHOTS.resolve(file)).isNotEmptyFile();
    }
  }

  /** Every site's data-net-w on the overview, as one string. */
  private static String siteNets(Page page) {
    return (String)
        page.evaluate(
            "() => [...document.querySelectorAll('.site[data-site]')]"
                + ".map(e => e.dataset.site + '=' + e.dataset.netW).join(' ')");
  }

  /** A new page whose script errors and console errors go to the test's output. */
  private static Page newPage(BrowserContext context) {
    Page page = context.newPage();
    page.onPageError(e -> System.out.println("browser: page error on " + page.url() + ": " + e));
    page.onConsoleMessage(m -> {
      // the login page asks /auth/me first: its 401 is how it learns nobody is signed in
      if (m.type().equals("error") && !m.text().contains("401")) {
        System.out.println("browser: console error on " + page.url() + ": " + m.text());
      }
    });
    return page;
  }

  private static String shoot(Page page, String name) {
    page.waitForLoadState();
    String file = name + ".png";
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(file)).setFullPage(true));
    return file;
  }

  /** Confirms the page's open confirmation dialog. */
  private static void confirmDialog(Page page) {
    page.locator("dialog[open] button[type=submit]").click();
  }

  private static double feederLimitKw(APIRequestContext api, String feeder) throws Exception {
    for (JsonNode f : getJson(api, "/grid").path("feeders")) {
      if (f.path("id").asText().equals(feeder)) {
        return f.path("limit_kw").asDouble();
      }
    }
    throw new AssertionError("no feeder " + feeder + " in GET /grid");
  }

  private static JsonNode getJson(APIRequestContext api, String path) throws Exception {
    APIResponse r = api.get(stack.url() + path);
    if (r.status() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.status() + ": " + r.text());
    }
    return JSON.readTree(r.text());
  }
}
