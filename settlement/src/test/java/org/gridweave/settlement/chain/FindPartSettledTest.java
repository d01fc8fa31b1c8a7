package org.gridweave.settlement.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.SettlementBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.ObjectMapperFactory;

/**
 * {@link SettlementChain#findPartSettled} on a real Anvil chain seen through a proxy that refuses,
 * as Besu does with {@code --rpc-max-logs-range}, any {@code eth_getLogs} over more than {@link
 * #MAX_RANGE} blocks.
 */
class FindPartSettledTest {

  private static final long INTERVAL_SECONDS = 900;
  private static final int MAX_RANGE = 10;
  private static final String OPERATOR_KEY = Anvil.DEV_PRIVATE_KEYS.get(0);
  private static final Account ALICE = Account.fromHex(Anvil.DEV_ADDRESSES.get(1));
  private static final Account BOB = Account.fromHex(Anvil.DEV_ADDRESSES.get(2));

  /** An interval that ended an hour ago (block timestamps follow the wall clock). */
  private static final long INTERVAL =
      (Instant.now().getEpochSecond() / INTERVAL_SECONDS - 4) * INTERVAL_SECONDS;

  @TempDir static Path dir;
  private static Anvil anvil;
  private static RangeLimitingProxy proxy;
  private static SettlementChain reader;
  private static TxReceipt part0;
  private static long latest;

  @BeforeAll
  static void settleOnePartEarlyThenMineEmptyBlocks() throws IOException {
    assumeTrue(Anvil.binary().isPresent(), "SKIPPED: NOTICE: " + Anvil.NOT_INSTALLED);
    anvil = Anvil.start(dir, Ports.free());
    Account contract;
    try (SettlementChain operator =
        SettlementChain.deploy(anvil.rpcUrl(), Anvil.CHAIN_ID, OPERATOR_KEY, INTERVAL_SECONDS)) {
      operator.registerParticipants(
          List.of(ALICE, BOB), List.of(Hash32.keccakUtf8("site-a"), Hash32.keccakUtf8("site-b")));
      List<CommitCall> parts =
          new SettlementBatch(
                  INTERVAL,
                  Hash32.keccakUtf8("trades"),
                  Hash32.keccakUtf8("readings"),
                  List.of(new Delta(1, 300_000), new Delta(2, -303_000), new Delta(0, 3_000)))
              .parts(2);
      assertThat(parts).hasSize(2); // part 1 stays unsettled
      part0 = operator.commit(parts.get(0));
      // 3.5 windows of empty blocks after the settlement
      String mined = anvil.rpc("anvil_mine", "[\"0x" + Long.toHexString(35) + "\"]");
      assertThat(mined).doesNotContain("\"error\"");
      latest = operator.blockNumber();
      contract = operator.contract();
      assertThat(latest).isGreaterThanOrEqualTo(part0.blockNumber() + 35);
    }
    proxy = RangeLimitingProxy.start(anvil.rpcUrl(), MAX_RANGE);
    reader = SettlementChain.reader(proxy.url(), contract);
  }

  @AfterAll
  static void stop() {
    if (reader != null) {
      reader.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  @BeforeEach
  void forgetQueries() {
    proxy.ranges.clear();
  }

  @Test
  void theProxyRefusesOneQueryFromBlockZeroAsBesuWould() {
    assertThatThrownBy(() -> reader.events(0, latest))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("exceeds maximum RPC range limit");
  }

  @Test
  void findsAPartSettledSeveralWindowsBackInWindowsWithinTheLimit() {
    var found = reader.findPartSettled(INTERVAL, 0, 0, latest, MAX_RANGE);

    assertThat(found).isPresent();
    assertThat(found.get().blockNumber()).isEqualTo(part0.blockNumber());
    assertThat(found.get().txHash()).isEqualTo(part0.txHash());
    assertThat(found.get().blockHash()).isEqualTo(part0.blockHash());
    assertThat(found.get().event())
        .isInstanceOfSatisfying(
            IntervalPartSettled.class,
            settled -> {
              assertThat(settled.intervalId()).isEqualTo(INTERVAL);
              assertThat(settled.part()).isEqualTo(0);
              assertThat(settled.parts()).isEqualTo(2);
            });
    assertThat(proxy.ranges).hasSizeGreaterThan(2);
    assertThat(proxy.ranges.get(0)[1]).isEqualTo(latest);
    assertThat(proxy.ranges).allSatisfy(r -> assertThat(r[1] - r[0] + 1).isBetween(1L, 10L));
    // It stopped at the window holding the part: nothing older was asked for.
    assertThat(proxy.ranges.getLast()[0]).isLessThanOrEqualTo(part0.blockNumber());
    assertThat(proxy.ranges.getLast()[0]).isGreaterThan(part0.blockNumber() - MAX_RANGE);
  }

  @Test
  void aPartNotSettledIsNotFoundAfterEveryBlockDownToFromBlockWasSearchedOnce() {
    assertThat(reader.findPartSettled(INTERVAL, 1, 0, latest, MAX_RANGE)).isEmpty();
    assertCoveredOnceBackwards(0, latest, MAX_RANGE);

    proxy.ranges.clear();
    assertThat(reader.findPartSettled(INTERVAL + INTERVAL_SECONDS, 0, 3, latest, 7)).isEmpty();
    assertCoveredOnceBackwards(3, latest, 7);
  }

  /** The recorded queries are adjacent windows from {@code to} down to {@code from}. */
  private static void assertCoveredOnceBackwards(long from, long to, int max) {
    long expectedTo = to;
    for (long[] range : proxy.ranges) {
      assertThat(range[1]).isEqualTo(expectedTo);
      assertThat(range[1] - range[0] + 1).isBetween(1L, (long) max);
      expectedTo = range[0] - 1;
    }
    assertThat(expectedTo).isEqualTo(from - 1);
  }

  @Test
  void stopsAtFromBlock() {
    assertThat(reader.findPartSettled(INTERVAL, 0, part0.blockNumber() + 1, latest, MAX_RANGE))
        .isEmpty();
    assertThat(proxy.ranges).allSatisfy(r -> assertThat(r[0]).isGreaterThan(part0.blockNumber()));

    assertThat(reader.findPartSettled(INTERVAL, 0, part0.blockNumber(), latest, 1)).isPresent();
    assertThat(reader.findPartSettled(INTERVAL, 0, part0.blockNumber(), part0.blockNumber(), 5))
        .isPresent();
  }

  @Test
  void refusesARangeOrWindowThatMakesNoSense() {
    assertThatThrownBy(() -> reader.findPartSettled(INTERVAL, 0, 10, 9, MAX_RANGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("toBlock 9 is before fromBlock 10");
    assertThatThrownBy(() -> reader.findPartSettled(INTERVAL, 0, -1, 9, MAX_RANGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fromBlock -1 is negative");
    assertThatThrownBy(() -> reader.findPartSettled(INTERVAL, 0, 0, 9, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBlocksPerQuery must be at least 1");
    assertThatThrownBy(() -> reader.findPartSettled(INTERVAL, -1, 0, 9, MAX_RANGE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("part -1 is negative");
    assertThat(proxy.ranges).isEmpty();
  }

  /**
   * Forwards JSON-RPC to Anvil, answering an {@code eth_getLogs} over more than {@code maxRange}
   * blocks with Besu's error ({@code -32005}) and recording every range asked for.
   */
  private static final class RangeLimitingProxy implements AutoCloseable {
    private static final ObjectMapper JSON = ObjectMapperFactory.getObjectMapper();

    final List<long[]> ranges = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI upstream;
    private final int maxRange;

    private RangeLimitingProxy(HttpServer server, URI upstream, int maxRange) {
      this.server = server;
      this.upstream = upstream;
      this.maxRange = maxRange;
    }

    static RangeLimitingProxy start(String upstream, int maxRange) throws IOException {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      RangeLimitingProxy proxy = new RangeLimitingProxy(server, URI.create(upstream), maxRange);
      server.createContext("/", proxy::handle);
      server.start();
      return proxy;
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
      byte[] body = exchange.getRequestBody().readAllBytes();
      JsonNode request = JSON.readTree(body);
      String answer;
      if ("eth_getLogs".equals(request.path("method").asText())) {
        JsonNode filter = request.path("params").path(0);
        long from = block(filter.path("fromBlock"));
        long to = block(filter.path("toBlock"));
        ranges.add(new long[] {from, to});
        if (to - from + 1 > maxRange) {
          answer =
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + request.path("id")
                  + ",\"error\":{\"code\":-32005,\"message\":\"Requested range exceeds maximum"
                  + " RPC range limit\"}}";
          reply(exchange, answer.getBytes(StandardCharsets.UTF_8));
          return;
        }
      }
      reply(exchange, forward(body));
    }

    private long block(JsonNode tag) throws IOException {
      String text = tag.isMissingNode() ? "latest" : tag.asText();
      if (text.startsWith("0x")) {
        return Long.parseLong(text.substring(2), 16);
      }
      if (text.equals("earliest")) {
        return 0;
      }
      JsonNode number =
          JSON.readTree(
              forward(
                  "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]}"
                      .getBytes(StandardCharsets.UTF_8)));
      return Long.parseLong(number.path("result").asText().substring(2), 16);
    }

    private byte[] forward(byte[] body) throws IOException {
      HttpRequest request =
          HttpRequest.newBuilder(upstream)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      try {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray()).body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    private static void reply(HttpExchange exchange, byte[] answer) throws IOException {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      client.close();
    }
  }
}
