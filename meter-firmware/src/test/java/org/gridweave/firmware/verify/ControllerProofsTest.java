package org.gridweave.firmware.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gridweave.core.id.SiteId;
import org.gridweave.localinfra.Ports;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.TradeLeaf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The controller's proofs endpoint over real HTTP (a JDK server playing the controller). */
class ControllerProofsTest {
  private static final Instant START = Instant.parse("2026-06-21T10:00:00Z");
  private static final SiteId SITE = SiteId.of("s-0001");
  private static final Account ME = Account.fromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  private static final Account OTHER =
      Account.fromHex("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private volatile int status;
  private volatile String body;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestURI().toString());
          authorizations.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ControllerProofs controller() {
    // a trailing slash on the base URL is fine
    return new ControllerProofs(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
        Duration.ofSeconds(5));
  }

  @Test
  void fetchesTheSitesProofsOfTheInterval() throws Exception {
    SiteProofs served =
        ProofsFixture.honest(
            START.getEpochSecond(),
            "s-0001",
            ME,
            Optional.empty(),
            List.of(new TradeLeaf(START.getEpochSecond(), "t-1", ME, OTHER, 500, 120_000)));
    status = 200;
    body = ProofsFixture.json(served);

    assertThat(controller().proofs(START, SITE)).isEqualTo(served);
    assertThat(requests).containsExactly("/settlements/2026-06-21T10:00:00Z/proofs?site=s-0001");
  }

  @Test
  void fetchesTheIntervalsSettlementRecord() throws Exception {
    status = 200;
    body = ProofsFixture.settlementJson(START.getEpochSecond(), Hash32.ZERO, 41, 42);

    ServedSettlement record = controller().settlement(START);

    assertThat(record.blocks()).containsExactly(41L, 42L);
    assertThat(requests).containsExactly("/settlements/2026-06-21T10:00:00Z");
  }

  @Test
  void aSettlementRecordThatIsUnusableOrMissingIsNamed() {
    status = 200;
    body = "{\"interval\":\"2026-06-21T10:00:00Z\",\"interval_id\":1782036000,\"block\":true}";
    assertThatThrownBy(() -> controller().settlement(START))
        .hasMessageEndingWith(
            "is not a valid settlement record: block must be a non-negative integer, was true");

    status = 404;
    body = "{\"error\":\"no such interval\"}";
    assertThatThrownBy(() -> controller().settlement(START))
        .hasMessage(
            "the controller has no settlement of interval 2026-06-21T10:00:00Z: no such interval");
  }

  @Test
  void a404IsNoSettlementInTheControllersWords() {
    status = 404;
    body = "{\"error\":\"site s-0001 has no settlement account\",\"field\":null}";

    assertThatThrownBy(() -> controller().proofs(START, SITE))
        .isInstanceOf(VerificationException.class)
        .hasMessage(
            "the controller has no settlement proofs for site s-0001 in interval"
                + " 2026-06-21T10:00:00Z: site s-0001 has no settlement account");
  }

  @Test
  void a400NamesTheField() {
    status = 400;
    body = "{\"error\":\"is required\",\"field\":\"site\"}";

    assertThatThrownBy(() -> controller().proofs(START, SITE))
        .hasMessage("the controller refused the request: is required (field site)");
  }

  @Test
  void anyOtherAnswerIsQuoted() {
    status = 502;
    body = "<html>Bad Gateway</html>";

    assertThatThrownBy(() -> controller().proofs(START, SITE))
        .hasMessageStartingWith("the controller answered HTTP 502 for http://127.0.0.1:")
        .hasMessageEndingWith(": <html>Bad Gateway</html>");
  }

  @Test
  void anUnusableDocumentNamesTheField() {
    status = 200;
    body = "{\"interval\":\"2026-06-21T10:00:00Z\"}";

    assertThatThrownBy(() -> controller().proofs(START, SITE))
        .hasMessageEndingWith("is not a valid proofs document: interval_id is missing");
  }

  @Test
  void aControllerThatIsNotThereIsUnreachable() {
    int nobody = Ports.free();
    ControllerProofs gone =
        new ControllerProofs(URI.create("http://127.0.0.1:" + nobody), Duration.ofSeconds(5));

    assertThatThrownBy(() -> gone.proofs(START, SITE))
        .hasMessage(
            "the controller at http://127.0.0.1:"
                + nobody
                + " is unreachable (connection refused)");
  }

  @Test
  void refusesAUrlThatIsNotHttp() {
    assertThatThrownBy(
            () -> new ControllerProofs(URI.create("ftp://controller"), Duration.ofSeconds(5)))
        .hasMessage("the controller URL must be http(s)://host[:port], was ftp://controller");
  }

  @Test
  void logsInWithHttpBasicWhenGivenAUserAndSaysWhenTheControllerWantsALogin() {
    status = 401;
    body = "{\"error\": \"log in first\"}";
    assertThatThrownBy(() -> controller().proofs(START, SITE))
        .isInstanceOf(VerificationException.class)
        .hasMessageContaining("wants a login")
        .hasMessageContaining("--user");
    assertThat(authorizations).containsExactly("null");

    ControllerProofs withLogin =
        new ControllerProofs(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            Duration.ofSeconds(5),
            Optional.of(new ControllerProofs.Login("prosumer-s-0001", "pa:ss word")));
    assertThatThrownBy(() -> withLogin.proofs(START, SITE))
        .hasMessageContaining("refused this one");
    assertThat(authorizations.get(1))
        .isEqualTo(
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString("prosumer-s-0001:pa:ss word".getBytes(StandardCharsets.UTF_8)));
    status = 403;
    body = "{\"error\": \"a prosumer may only reach their own site\"}";
    assertThatThrownBy(() -> withLogin.proofs(START, SITE))
        .hasMessageContaining("refused this user: a prosumer may only reach their own site");
    assertThat(new ControllerProofs.Login("u", "secret").toString()).doesNotContain("secret");
    assertThatThrownBy(() -> new ControllerProofs.Login("a:b", "secret"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
