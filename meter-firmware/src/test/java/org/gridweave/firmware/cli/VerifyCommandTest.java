package org.gridweave.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.gridweave.settlement.CommitCall;
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
 * server standing in for the controller ({@code /settlements/{interval}/proofs?site=S} and {@code
 * /settlements/{interval}}). A second deployment of the same contract plays the dishonest
 * controller's own copy.
 */
class VerifyCommandTest {
  private static final long INTERVAL_SECONDS = 900;
  private static final Account ME = Account.fromHex(Anvil.DEV_ADDRESSES.get(1));
  private static final Account OTHER = Account.fromHex(Anvil.DEV_ADDRESSES.get(2));
  private static final Account THIRD = Account.fromHex(Anvil.DEV_ADDRESSES.get(3));
  private static final Account IDLE = Account.fromHex(Anvil.DEV_ADDRESSES.get(4));

  /** An interval that ended an hour ago (block timestamps follow the wall clock). */
  private static final long INTERVAL =
      (Instant.now().getEpochSecond() / INTERVAL_SECONDS - 4) * INTERVAL_SECONDS;

  /** The interval before it: never committed. */
  private static final long UNSETTLED = INTERVAL - INTERVAL_SECONDS;

  /** The one before that: committed in several parts (one transaction, one block each). */
  private static final long SPLIT = INTERVAL - 2 * INTERVAL_SECONDS;

  private static final List<TradeLeaf> TRADES =
      List.of(
          new TradeLeaf(INTERVAL, "t-1", ME, OTHER, 500, 120_000),
          new TradeLeaf(INTERVAL, "t-2", OTHER, ME, 250, 95_500),
          new TradeLeaf(INTERVAL, "t-3", THIRD, OTHER, 900, 110_000));

  /** What the dishonest controller committed to its own copy: t-1 at ten times the energy. */
  private static final List<TradeLeaf> FORGED =
      List.of(
          new TradeLeaf(INTERVAL, "t-1", ME, OTHER, 5_000, 120_000),
          new TradeLeaf(INTERVAL, "t-2", OTHER, ME, 250, 95_500),
          new TradeLeaf(INTERVAL, "t-3", THIRD, OTHER, 900, 110_000));

  private static final List<TradeLeaf> SPLIT_TRADES =
      List.of(
          new TradeLeaf(SPLIT, "u-1", ME, OTHER, 400, 100_000),
          new TradeLeaf(SPLIT, "u-2", THIRD, ME, 90, 100_000));

  @TempDir static Path dir;
  private static Anvil anvil;
  private static Account contract;
  private static Account copy;
  private static Hash32 root;
  private static Hash32 forgedRoot;
  private static Hash32 splitRoot;

  /** The block of INTERVAL's one part on the real contract, and on the copy. */
  private static long block;

  private static long copyBlock;

  /** The blocks of SPLIT's parts, in part order. */
  private static long[] splitBlocks;

  private HttpServer controller;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = "";
  private volatile int recordStatus = 200;
  private volatile String record = "";
  private final CliRun cli = new CliRun();

  @BeforeAll
  static void settleAnIntervalOnAnvil() {
    assumeTrue(Anvil.binary().isPresent(), "SKIPPED: NOTICE: " + Anvil.NOT_INSTALLED);
    anvil = Anvil.start(dir.resolve("anvil"), Ports.free());
    root = MerkleTree.of(TRADES.stream().map(TradeLeaf::hash).toList()).root();
    forgedRoot = MerkleTree.of(FORGED.stream().map(TradeLeaf::hash).toList()).root();
    splitRoot = MerkleTree.of(SPLIT_TRADES.stream().map(TradeLeaf::hash).toList()).root();
    List<Delta> deltas =
        List.of(
            new Delta(1, 36_125), new Delta(2, 62_900), new Delta(3, -99_000), new Delta(0, -25));
    try (SettlementChain chain = deployWithSites()) {
      contract = chain.contract();
      block = commit(chain, new SettlementBatch(INTERVAL, root, READINGS, deltas), 2_000)[0];
      // The site's deltas are in two of the three parts; each part sums to zero on its own.
      List<List<Delta>> parts =
          List.of(
              List.of(new Delta(1, 20_000), new Delta(0, -20_000)),
              List.of(new Delta(1, 11_000), new Delta(2, -40_000), new Delta(0, 29_000)),
              List.of(new Delta(3, 9_000), new Delta(0, -9_000)));
      splitBlocks = new long[parts.size()];
      for (int p = 0; p < parts.size(); p++) {
        splitBlocks[p] =
            chain
                .commit(new CommitCall(SPLIT, splitRoot, READINGS, p, parts.size(), parts.get(p)))
                .blockNumber();
      }
      assertThat(splitBlocks.length).isGreaterThan(1);
    }
    try (SettlementChain fake = deployWithSites()) {
      copy = fake.contract();
      // The copy pays the site nothing while it shows the site a big sale.
      copyBlock =
          commit(
              fake,
              new SettlementBatch(
                  INTERVAL,
                  forgedRoot,
                  READINGS,
                  List.of(new Delta(2, 99_000), new Delta(3, -99_000))),
              2_000)[0];
    }
  }

  private static final Hash32 READINGS = Hash32.keccakUtf8("readings");

  private static SettlementChain deployWithSites() {
    SettlementChain chain =
        SettlementChain.deploy(
            anvil.rpcUrl(), Anvil.CHAIN_ID, Anvil.DEV_PRIVATE_KEYS.get(0), INTERVAL_SECONDS);
    chain.registerParticipants(
        List.of(ME, OTHER, THIRD, IDLE),
        List.of(
            Hash32.keccakUtf8("s-0001"),
            Hash32.keccakUtf8("s-0002"),
            Hash32.keccakUtf8("s-0003"),
            Hash32.keccakUtf8("s-0004")));
    return chain;
  }

  /** Commits the batch's parts; returns the block of each. */
  private static long[] commit(SettlementChain chain, SettlementBatch batch, int maxPerPart) {
    return batch.parts(maxPerPart).stream()
        .mapToLong(part -> chain.commit(part).blockNumber())
        .toArray();
  }

  @AfterAll
  static void stopAnvil() {
    if (anvil != null) {
      anvil.close();
    }
  }

  @BeforeEach
  void startController() throws IOException {
    record = ProofsFixture.settlementJson(INTERVAL, root, block);
    controller = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    controller.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestURI().toString());
          boolean proofs = exchange.getRequestURI().getPath().endsWith("/proofs");
          byte[] bytes = (proofs ? body : record).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(
              proofs ? status : recordStatus, bytes.length == 0 ? -1 : bytes.length);
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

  private static SiteProofs none(SiteProofs s) {
    return new SiteProofs(
        s.interval(),
        s.intervalId(),
        s.site(),
        s.account(),
        s.tradesRoot(),
        s.contract(),
        List.of());
  }

  /** A meter config for s-0001 with the given {@code settlement:} section (YAML lines). */
  private static Path config(String name, String... settlement) throws IOException {
    Path yaml = dir.resolve(name + ".yaml");
    String section =
        settlement.length == 0
            ? ""
            : "settlement:\n"
                + String.join("", List.of(settlement).stream().map(l -> "  " + l + "\n").toList());
    Files.writeString(
        yaml,
        "meter: m-0001\nsite: s-0001\nbroker: tcp://127.0.0.1:1\nkey_file: k\nstate_dir: st\n"
            + "driver: {type: simulated}\n"
            + section);
    return yaml;
  }

  /** The honest config: the real contract and the site's own account. */
  private static Path mine() throws IOException {
    return config("mine", "contract: \"" + contract.hex() + "\"", "account: \"" + ME.hex() + "\"");
  }

  private int verifyWith(Path config, String... more) {
    return verifyAt(INTERVAL, config, more);
  }

  private int verifyAt(long interval, Path config, String... more) {
    String[] base = {
      "verify",
      "--interval",
      Instant.ofEpochSecond(interval).toString(),
      "--config",
      config.toString(),
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

  private static String shortHex(String hex) {
    return hex.substring(0, 8) + "…" + hex.substring(hex.length() - 4);
  }

  @Test
  void everyTradeOfTheSiteVerifiesAgainstTheRootOnChainAndItsNetIsReadFromTheChain()
      throws IOException {
    serve(honest(INTERVAL, TRADES));
    Path yaml = mine();

    int exit = verifyWith(yaml);

    assertThat(cli.err.toString()).isEmpty();
    assertThat(exit).as(cli.out.toString()).isZero();
    String at = Instant.ofEpochSecond(INTERVAL).toString();
    assertThat(requests)
        .containsExactly("/settlements/" + at + "/proofs?site=s-0001", "/settlements/" + at);
    assertThat(cli.out.toString())
        .startsWith(
            "interval "
                + at
                + " (id "
                + INTERVAL
                + "), site s-0001, account "
                + ME.hex()
                + " (from settlement.account in "
                + yaml
                + "), contract "
                + contract.hex()
                + " (from settlement.contract in "
                + yaml
                + ")")
        .doesNotContain("WARNING")
        .contains("on-chain trades root " + root.hex())
        .contains(
            "trade t-1: sold 500 Wh at 0.120000/kWh to "
                + shortHex(OTHER.hex())
                + ": leaf ok, proof ok against on-chain root "
                + shortHex(root.hex())
                + ", contract verifyTrade=true")
        .contains("trade t-2: bought 250 Wh at 0.095500/kWh from ")
        .contains(
            "on-chain net of site s-0001 (participant 1) in this interval: +0.036125 (36125"
                + " micro-units, the sum of its deltas in the IntervalPartSettled event of all 1"
                + " part(s), read from the chain in block "
                + block
                + ")")
        .contains(
            "the 2 verified trade(s): sold 500 Wh, bought 250 Wh, beside the on-chain net"
                + " +0.036125 (not compared: fees, penalties and shortfall charges")
        .endsWith(
            "verified: all 2 trade(s) of site s-0001 are committed on chain (leaf, Merkle proof and"
                + " contract agree); its on-chain net is +0.036125"
                + System.lineSeparator());
  }

  @Test
  void withoutAContractAndAccountOfItsOwnVerifyWarnsThatItTakesTheControllersWord() {
    serve(honest(INTERVAL, TRADES));

    int exit = verify(INTERVAL);

    assertThat(exit).as(cli.err.toString()).isZero();
    assertThat(cli.out.toString())
        .contains(
            "account "
                + ME.hex()
                + " (the controller's word, not checked), contract "
                + contract.hex()
                + " (the controller's word, not checked)")
        .contains(
            "WARNING: the contract address is the controller's word: a dishonest controller can"
                + " name its own copy of the contract, whose roots and events it writes. Set"
                + " settlement.contract in the meter's config (or pass --contract) to the address"
                + " the grid operator published.")
        .contains(
            "WARNING: the site's account is the controller's word: a dishonest controller can name"
                + " another account for the site. Set settlement.account in the meter's config (or"
                + " pass --account) to the account given when the site was registered.")
        .endsWith(
            "its on-chain net is +0.036125; not independent: the contract and the site's account"
                + " were the controller's word (see the WARNING)"
                + System.lineSeparator());
  }

  @Test
  void theIntervalMayBeGivenInUnixSecondsAndTheSiteByTheMetersConfig() throws Exception {
    serve(honest(INTERVAL, TRADES));
    Path yaml = config("plain");

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
    assertThat(cli.out.toString()).contains("not independent");
  }

  @Test
  void theConfiguredContractIsReadNotTheCopyTheControllerNames() throws IOException {
    // Given a controller that names its own copy of the contract, where it committed a forged
    // root (t-1 at ten times the energy), and serves proofs that hold against that copy
    serve(ProofsFixture.honest(INTERVAL, "s-0001", ME, Optional.of(copy), FORGED));
    record = ProofsFixture.settlementJson(INTERVAL, forgedRoot, copyBlock);

    int exit = verifyWith(mine());

    assertThat(exit).isEqualTo(1);
    assertThat(cli.out.toString())
        .contains(", contract " + contract.hex() + " (from settlement.contract in ")
        .contains(
            "note: the controller names contract " + copy.hex() + "; reading " + contract.hex())
        .contains("ROOT MISMATCH: the controller serves trades root " + forgedRoot.hex())
        .contains("trade t-1: sold 5000 Wh at 0.120000/kWh")
        .contains("PROOF FAILS against on-chain root " + shortHex(root.hex()))
        .contains(
            "MONEY NOT VERIFIED: the chain has no IntervalPartSettled event of interval "
                + INTERVAL
                + " in block "
                + copyBlock
                + ", where the controller says it settled")
        .contains(
            "FAILED: 2 of 2 trade(s) did not verify; the controller's root does not match the"
                + " chain; the site's on-chain net could not be read from the chain");

    // whereas taking the controller's word, the copy fools verify (hence the WARNING)
    CliRun trusting = new CliRun();
    int fooled =
        trusting.run(
            "verify",
            "--interval",
            Long.toString(INTERVAL),
            "--site",
            "s-0001",
            "--controller",
            controllerUrl(),
            "--rpc",
            anvil.rpcUrl());
    assertThat(fooled).isZero();
    assertThat(trusting.out.toString())
        .contains("trade t-1: sold 5000 Wh")
        .contains("WARNING: the contract address is the controller's word")
        .contains("not independent");
  }

  @Test
  void anOptionWinsOverTheConfig() throws IOException {
    serve(honest(INTERVAL, TRADES));
    Path yaml =
        config("copy", "contract: \"" + copy.hex() + "\"", "account: \"" + THIRD.hex() + "\"");

    int exit = verifyWith(yaml, "--contract", contract.hex(), "--account", ME.hex());

    assertThat(exit).as(cli.out.toString()).isZero();
    assertThat(cli.out.toString())
        .contains(
            "account "
                + ME.hex()
                + " (from --account), contract "
                + contract.hex()
                + " (from --contract)");
  }

  @Test
  void theSitesAccountComesFromTheConfigNotTheController() throws IOException {
    // Given a controller that says the site settles to THIRD, and serves THIRD's trade
    serve(ProofsFixture.honest(INTERVAL, "s-0001", THIRD, Optional.of(contract), TRADES));

    int exit = verifyWith(mine());

    assertThat(exit).isEqualTo(1);
    assertThat(cli.out.toString())
        .contains("site s-0001, account " + ME.hex() + " (from settlement.account in ")
        .contains(
            "ACCOUNT MISMATCH: the controller settles site s-0001 to "
                + THIRD.hex()
                + ", not to "
                + ME.hex())
        .contains("NOT a trade of this site's account " + shortHex(ME.hex()))
        .contains("on-chain net of site s-0001 (participant 1) in this interval: +0.036125")
        .contains(
            "FAILED: 1 of 1 trade(s) did not verify; the controller names another account for the"
                + " site");
  }

  @Test
  void aControllerHidingTheSitesTradesWhileTheChainMovedMoneyFails() throws IOException {
    serve(none(honest(INTERVAL, TRADES)));

    int exit = verifyWith(mine());

    assertThat(exit).isEqualTo(1);
    assertThat(cli.out.toString())
        .contains("on-chain net of site s-0001 (participant 1) in this interval: +0.036125")
        .contains(
            "OMISSION: the chain moved money for this site in this interval but the controller"
                + " showed no trades")
        .endsWith(
            "FAILED: the chain moved money for this site in this interval but the controller"
                + " showed no trades"
                + System.lineSeparator());
  }

  @Test
  void aSiteWithNoTradesAndNoMoneyOnChainVerifies() {
    serve(ProofsFixture.honest(INTERVAL, "s-0004", IDLE, Optional.of(contract), TRADES));

    int exit =
        cli.run(
            "verify",
            "--interval",
            Long.toString(INTERVAL),
            "--site",
            "s-0004",
            "--account",
            IDLE.hex(),
            "--contract",
            contract.hex(),
            "--controller",
            controllerUrl(),
            "--rpc",
            anvil.rpcUrl());

    assertThat(exit).as(cli.out.toString()).isZero();
    assertThat(cli.out.toString())
        .contains("on-chain net of site s-0004 (participant 4) in this interval: 0.000000")
        .contains(
            "verified: site s-0004 has no trades in this interval and the chain moved no money"
                + " for it");
  }

  @Test
  void aSplitIntervalsNetIsSummedOverAllItsPartsAndAHiddenPartFailsClosed() throws IOException {
    serve(ProofsFixture.honest(SPLIT, "s-0001", ME, Optional.of(contract), SPLIT_TRADES));
    record = ProofsFixture.settlementJson(SPLIT, splitRoot, splitBlocks);
    Path yaml = mine();

    int exit = verifyAt(SPLIT, yaml);

    assertThat(exit).as(cli.out.toString()).isZero();
    assertThat(cli.out.toString())
        .contains(
            "on-chain net of site s-0001 (participant 1) in this interval: +0.031000 (31000"
                + " micro-units, the sum of its deltas in the IntervalPartSettled events of all "
                + splitBlocks.length
                + " part(s)")
        .contains("the 2 verified trade(s): sold 400 Wh, bought 90 Wh");

    // A controller naming only the first part's block hides the rest: no sum, no pass
    record = ProofsFixture.settlementJson(SPLIT, splitRoot, splitBlocks[0]);
    CliRun again = new CliRun();
    int hidden =
        again.run(
            "verify",
            "--interval",
            Long.toString(SPLIT),
            "--config",
            yaml.toString(),
            "--controller",
            controllerUrl(),
            "--rpc",
            anvil.rpcUrl());

    assertThat(hidden).isEqualTo(1);
    assertThat(again.out.toString())
        .contains(
            "MONEY NOT VERIFIED: the chain's IntervalPartSettled events of interval "
                + SPLIT
                + " in block "
                + splitBlocks[0]
                + " hold parts 0 of its "
                + splitBlocks.length
                + " (missing: ");
  }

  @Test
  void aBlockWithoutTheIntervalsEventFailsClosed() throws IOException {
    serve(honest(INTERVAL, TRADES));
    record = ProofsFixture.settlementJson(INTERVAL, root, block - 1);

    int exit = verifyWith(mine());

    assertThat(exit).isEqualTo(1);
    assertThat(cli.out.toString())
        .contains(
            "MONEY NOT VERIFIED: the chain has no IntervalPartSettled event of interval "
                + INTERVAL
                + " in block "
                + (block - 1)
                + ", where the controller says it settled, so the site's on-chain net cannot be"
                + " read")
        .endsWith(
            "FAILED: the site's on-chain net could not be read from the chain"
                + System.lineSeparator());
  }

  @Test
  void aControllerWithoutASettlementRecordFailsClosed() throws IOException {
    serve(honest(INTERVAL, TRADES));
    recordStatus = 404;
    record = "{\"error\":\"no such interval\"}";

    int exit = verifyWith(mine());

    assertThat(exit).isEqualTo(1);
    assertThat(cli.out.toString())
        .contains(
            "MONEY NOT VERIFIED: where the interval settled is unknown, the controller's settlement"
                + " record could not be read: the controller has no settlement of interval "
                + Instant.ofEpochSecond(INTERVAL)
                + ": no such interval");
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
