package org.gridweave.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gridweave.firmware.verify.ProofsFixture;
import org.gridweave.firmware.verify.SiteProofs;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.SettlementBatch;
import org.gridweave.settlement.TradeLeaf;
import org.gridweave.settlement.chain.SettlementChain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meter verify} against a real Anvil chain running the real contract, with a tiny HTTP
 * server standing in for the controller's proofs endpoint.
 */
class VerifyCommandTest {
  private static final long INTERVAL_SECONDS = 900;
  private static final Account ME = Account.fromHex(Anvil.DEV_ADDRESSES.get(1));
  private static final Account OTHER = Account.fromHex(Anvil.DEV_ADDRESSES.get(2));
  private static final Account THIRD = Account.fromHex(Anvil.DEV_ADDRESSES.get(3));

  /** An interval that ended an hour ago (block timestamps follow the wall clock). */
  private static final long INTERVAL =
      (Instant.now().getEpochSecond() / INTERVAL_SECONDS - 4) * INTERVAL_SECONDS;

  /** The interval before it: never committed. */
  private static final long UNSETTLED = INTERVAL - INTERVAL_SECONDS;

  private static final List<TradeLeaf> TRADES =
      List.of(
          new TradeLeaf(INTERVAL, "t-1", ME, OTHER, 500, 120_000),
          new TradeLeaf(INTERVAL, "t-2", OTHER, ME, 250, 95_500),
          new TradeLeaf(INTERVAL, "t-3", THIRD, OTHER, 900, 110_000));

  @TempDir static Path dir;
  private static Anvil anvil;
  private static Account contract;
  private static Hash32 root;

  private HttpServer controller;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = "";
  private final CliRun cli = new CliRun();

  @BeforeAll
  static void settleAnIntervalOnAnvil() {
    assumeTrue(Anvil.binary().isPresent(), "SKIPPED: NOTICE: " + Anvil.NOT_INSTALLED);
    anvil = Anvil.start(dir.resolve("anvil"), Ports.free());
    MerkleTree tree = MerkleTree.of(TRADES.stream().map(TradeLeaf::hash).toList());
    root = tree.root();
    try (SettlementChain chain =
        SettlementChain.deploy(
            anvil.rpcUrl(), Anvil.CHAIN_ID, Anvil.DEV_PRIVATE_KEYS.get(0), INTERVAL_SECONDS)) {
      contract = chain.contract();
      chain.registerParticipants(
          List.of(ME, OTHER, THIRD),
          List.of(
              Hash32.keccakUtf8("s-0001"),
              Hash32.keccakUtf8("s-0002"),
              Hash32.keccakUtf8("s-0003")));
      SettlementBatch batch =
          new SettlementBatch(
              INTERVAL,
              root,
              Hash32.keccakUtf8("readings"),
              List.of(
                  new Delta(1, 36_125),
                  new Delta(2, 62_900),
                  new Delta(3, -99_000),
                  new Delta(0, -25)));
      batch.parts(SettlementBatch.DEFAULT_MAX_DELTAS_PER_PART).forEach(chain::commit);
    }
  }

  @AfterAll
  static void stopAnvil() {
    if (anvil != null) {
      anvil.close();
    }
  }

  @BeforeEach
  void startController() throws IOException {
    controller = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    controller.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestURI().toString());
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    controller.start();
  }

  @AfterEach
  void stopController() {
    controller.stop(0);
  }

  private String controllerUrl() {
    return "http://127.0.0.1:" + controller.getAddress().getPort();
  }

  private void serve(SiteProofs proofs) {
    status = 200;
    body = ProofsFixture.json(proofs);
  }

  private static SiteProofs honest(long interval, List<TradeLeaf> trades) {
    return ProofsFixture.honest(interval, "s-0001", ME, Optional.of(contract), trades);
  }

  private int verify(long interval, String... more) {
    String[] base = {
      "verify",
      "--interval",
      Instant.ofEpochSecond(interval).toString(),
      "--site",
      "s-0001",
      "--controller",
      controllerUrl(),
      "--rpc",
      anvil.rpcUrl()
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return cli.run(args);
  }

  @Test
  void everyTradeOfTheSiteVerifiesAgainstTheRootOnChain() {
    serve(honest(INTERVAL, TRADES));

    int exit = verify(INTERVAL);

    assertThat(cli.err.toString()).isEmpty();
    assertThat(exit).isZero();
    assertThat(requests)
        .containsExactly("/settlements/" + Instant.ofEpochSecond(INTERVAL) + "/proofs?site=s-0001");
    String short_ = root.hex().substring(0, 8) + "…" + root.hex().substring(62);
    assertThat(cli.out.toString())
        .contains("on-chain trades root " + root.hex())
        .contains(
            "trade t-1: sold 500 Wh at 0.120000/kWh to "
                + OTHER.hex().substring(0, 8)
                + "…"
                + OTHER.hex().substring(38)
                + ": leaf ok, proof ok against on-chain root "
                + short_
                + ", contract verifyTrade=true")
        .contains("trade t-2: bought 250 Wh at 0.095500/kWh from ")
        .contains("verified: all 2 trade(s) of site s-0001");
  }

  @Test
  void theIntervalMayBeGivenInUnixSecondsAndTheSiteByTheMetersConfig() throws Exception {
    serve(honest(INTERVAL, TRADES));
    Path yaml = dir.resolve("meter.yaml");
    java.nio.file.Files.writeString(
        yaml,
        "meter: m-0001\nsite: s-0001\nbroker: tcp://127.0.0.1:1\nkey_file: k\nstate_dir: st\n"
            + "driver: {type: simulated}\n");

    int exit =
        cli.run(
            "verify",
            "--interval",
            Long.toString(INTERVAL),
            "--config",
            yaml.toString(),
            "--controller",
            controllerUrl(),
            "--rpc",
            anvil.rpcUrl());

    assertThat(exit).as(cli.err.toString()).isZero();
  }

  @Test
  void aTamperedAmountIsReportedAsALeafMismatch() {
    serve(
        ProofsFixture.changing(
            honest(INTERVAL, TRADES), "t-2", p -> ProofsFixture.withWh(p, 2_500)));

    int exit = verify(INTERVAL);

    assertThat(exit).isEqualTo(1);
    assertThat(cli.out.toString())
        .contains("trade t-2: bought 2500 Wh at 0.095500/kWh")
        .contains("LEAF MISMATCH (the fields hash to ")
        .contains("contract verifyTrade=false")
        .contains("FAILED: 1 of 2 trade(s) did not verify");
  }

  @Test
  void proofsForARootThatIsNotOnChainAreReported() {
    List<TradeLeaf> forged =
        List.of(TRADES.get(0), TRADES.get(1), new TradeLeaf(INTERVAL, "t-9", THIRD, ME, 1, 1));
    serve(honest(INTERVAL, forged));

    int exit = verify(INTERVAL);

    assertThat(exit).isEqualTo(1);
    assertThat(cli.out.toString())
        .contains("ROOT MISMATCH: the controller serves trades root")
        .contains("PROOF FAILS against on-chain root")
        .contains("is not on chain)")
        .contains("FAILED: 3 of 3 trade(s) did not verify");
  }

  @Test
  void anIntervalNotSettledOnChainFails() {
    serve(honest(UNSETTLED, List.of(new TradeLeaf(UNSETTLED, "t-0", ME, OTHER, 100, 100_000))));

    int exit = verify(UNSETTLED);

    assertThat(exit).isEqualTo(1);
    assertThat(cli.out.toString())
        .contains(
            "NOT SETTLED on chain: no part of the interval has landed; nothing can be verified yet");
  }

  @Test
  void aControllerThatIsDownIsNamed() throws IOException {
    int down = Ports.free();

    int exit =
        cli.run(
            "verify",
            "--interval",
            Long.toString(INTERVAL),
            "--site",
            "s-0001",
            "--controller",
            "http://127.0.0.1:" + down,
            "--rpc",
            anvil.rpcUrl());

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err.toString())
        .isEqualTo(
            "error: the controller at http://127.0.0.1:"
                + down
                + " is unreachable (connection refused)"
                + System.lineSeparator());
  }

  @Test
  void anUnknownIntervalIsTheControllersWord() {
    status = 404;
    body = "{\"error\":\"interval " + Instant.ofEpochSecond(UNSETTLED) + " has no settlement\"}";

    int exit = verify(UNSETTLED);

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err.toString())
        .contains(
            "error: the controller has no settlement proofs for site s-0001 in interval "
                + Instant.ofEpochSecond(UNSETTLED)
                + ": interval "
                + Instant.ofEpochSecond(UNSETTLED)
                + " has no settlement");
  }

  @Test
  void badJsonFromTheControllerIsNamed() {
    body = ProofsFixture.json(honest(INTERVAL, TRADES)).replace("\"wh\":500", "\"wh\":\"500\"");

    int exit = verify(INTERVAL);

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err.toString())
        .contains("is not a valid proofs document: proofs[0].wh must be a non-negative integer");
  }

  @Test
  void aChainThatIsDownIsNamed() {
    serve(honest(INTERVAL, TRADES));
    String rpc = "http://127.0.0.1:" + Ports.free();

    int exit =
        cli.run(
            "verify",
            "--interval",
            Long.toString(INTERVAL),
            "--site",
            "s-0001",
            "--controller",
            controllerUrl(),
            "--rpc",
            rpc);

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err.toString()).startsWith("error: the chain at " + rpc + " is unreachable");
  }

  @Test
  void anAddressWithoutTheContractIsNamed() {
    serve(honest(INTERVAL, TRADES));

    int exit = verify(INTERVAL, "--contract", THIRD.hex());

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err.toString())
        .isEqualTo(
            "error: no contract at "
                + THIRD.hex()
                + " on "
                + anvil.rpcUrl()
                + " (eth_getCode is empty): a wrong address, another chain, or a chain reset"
                + " since the contract was deployed"
                + System.lineSeparator());
  }

  @Test
  void aContractThatIsNotTheSettlementContractIsNamed() throws IOException {
    // Given code at an address that answers every call with no data (a lone STOP)
    Account impostor =
        Account.of(
            new byte[] {0x1e, 0x57, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18});
    assertThat(anvil.rpc("anvil_setCode", "[\"" + impostor.hex() + "\",\"0x00\"]"))
        .contains("\"result\"");
    serve(honest(INTERVAL, TRADES));

    int exit = verify(INTERVAL, "--contract", impostor.hex());

    assertThat(exit).isEqualTo(1);
    assertThat(cli.err.toString())
        .isEqualTo(
            "error: the contract at "
                + impostor.hex()
                + " on "
                + anvil.rpcUrl()
                + " answered interval with no data: it is not an EnergySettlement contract"
                + System.lineSeparator());
  }
}
