package org.gridweave.settlement.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.ReadingLeaf;
import org.gridweave.settlement.SettlementBatch;
import org.gridweave.settlement.TradeLeaf;
import org.gridweave.settlement.chain.ContractCode;
import org.gridweave.settlement.chain.SettlementChain;
import org.gridweave.settlement.chain.SignedTransaction;
import org.gridweave.settlement.chain.TxReceipt;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gridweave bench settlement}: settles one interval of random trades with the batch design
 * (roots + packed net deltas, ADR 0013) and with the naive design (one transaction per trade) on a
 * fresh Anvil chain, checks both on chain, and prints one JSON line last on stdout. Progress goes
 * to stderr.
 */
@Command(
    name = "bench-settlement",
    mixinStandardHelpOptions = true,
    description =
        "Settles one interval of random trades on a local Anvil chain, batched (EnergySettlement)"
            + " and naive (one tx per trade, NaiveSettlement); prints one JSON line.")
public final class SettlementBench implements Callable<Integer> {

  private static final long INTERVAL_SECONDS = 900;
  private static final int REGISTRATION_BATCH = 200;
  private static final long NAIVE_GAS_LIMIT = 200_000;
  private static final int PROOFS_CHECKED = 100;

  @Option(names = "--trades", defaultValue = "10000", description = "trades in the interval")
  int trades;

  @Option(names = "--participants", defaultValue = "1000", description = "registered participants")
  int participants;

  @Option(names = "--seed", defaultValue = "42", description = "seed of the random trades")
  long seed;

  @Option(
      names = "--max-deltas-per-part",
      defaultValue = "" + SettlementBatch.DEFAULT_MAX_DELTAS_PER_PART,
      description = "entries per commitInterval transaction before the batch is split")
  int maxDeltasPerPart;

  @Option(
      names = "--naive-trades",
      defaultValue = "-1",
      description = "trades the naive design settles (a sample; default: all)")
  int naiveTrades;

  @Option(
      names = "--work-dir",
      description = "Anvil's folder (default: a new folder under the system temp dir, removed)")
  Path workDir;

  private final Clock clock;

  SettlementBench(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
    }
    System.exit(new CommandLine(new SettlementBench(Clock.systemUTC())).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    if (trades < 1 || participants < 2 || maxDeltasPerPart < 2) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "need --trades >= 1, --participants >= 2 and --max-deltas-per-part >= 2");
    }
    int naiveCount = naiveTrades < 0 ? trades : Math.min(naiveTrades, trades);
    if (Anvil.binary().isEmpty()) {
      System.err.println("bench settlement: " + Anvil.NOT_INSTALLED);
      return 2;
    }
    boolean temporary = workDir == null;
    Path dir = temporary ? Files.createTempDirectory("gridweave-bench-settlement") : workDir;
    try (Anvil anvil = Anvil.startWithoutState(dir, Ports.free(), List.of())) {
      Map<String, Object> result = run(anvil, naiveCount);
      System.out.println(json(result));
      return (Boolean) result.get("checked") ? 0 : 1;
    } finally {
      if (temporary) {
        deleteRecursively(dir);
      }
    }
  }

  private Map<String, Object> run(Anvil anvil, int naiveCount) throws IOException {
    String operatorKey = Anvil.DEV_PRIVATE_KEYS.get(0);
    long intervalId = (clock.instant().getEpochSecond() / INTERVAL_SECONDS - 1) * INTERVAL_SECONDS;
    BenchInterval interval = BenchInterval.generate(intervalId, participants, trades, seed);

    progress("deploying EnergySettlement and registering %d participants", participants);
    try (SettlementChain chain =
        SettlementChain.deploy(anvil.rpcUrl(), Anvil.CHAIN_ID, operatorKey, INTERVAL_SECONDS)) {
      long registrationGas = register(chain, interval);

      // The batch design: build leaves, roots and deltas, commit, wait for the receipts.
      progress("settling %d trades as one batch", trades);
      long start = System.nanoTime();
      List<TradeLeaf> leaves = new ArrayList<>(trades);
      for (BenchInterval.Trade trade : interval.trades()) {
        leaves.add(
            new TradeLeaf(
                intervalId,
                trade.id(),
                interval.account(trade.seller()),
                interval.account(trade.buyer()),
                trade.wh(),
                trade.priceMicros()));
      }
      MerkleTree tradeTree = MerkleTree.of(leaves.stream().map(TradeLeaf::hash).toList());
      Hash32 readingsRoot = readingsRoot(intervalId);
      SettlementBatch batch =
          new SettlementBatch(intervalId, tradeTree.root(), readingsRoot, interval.deltas());
      List<CommitCall> calls = batch.parts(maxDeltasPerPart);
      long gasTotal = 0;
      for (CommitCall call : calls) {
        TxReceipt receipt = chain.commit(call);
        if (!receipt.success()) {
          throw new IllegalStateException(
              "commitInterval part " + call.part() + " failed: " + receipt);
        }
        gasTotal += receipt.gasUsed();
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      progress(
          "checking the interval, %d balances and %d proofs on chain",
          participants, PROOFS_CHECKED);
      boolean batchChecked = checkBatch(chain, batch, interval, leaves, tradeTree);

      // The naive design: one transaction per trade, ≤ 32 unconfirmed, mined per group.
      progress("settling %d trades naively, one transaction each", naiveCount);
      long naiveStart = System.nanoTime();
      NaiveResult naive = runNaive(anvil, chain, interval, naiveCount);
      double naiveSeconds = (System.nanoTime() - naiveStart) / 1e9;

      Map<String, Object> result = new LinkedHashMap<>();
      result.put("bench", "settlement");
      result.put("trades", trades);
      result.put("participants", participants);
      result.put("txs", calls.size());
      result.put("gas_total", gasTotal);
      result.put("gas_per_trade", Math.round((double) gasTotal / trades));
      result.put("naive_gas_per_trade", Math.round((double) naive.gasTotal / naiveCount));
      result.put("seconds", round(seconds));
      result.put("cores", Runtime.getRuntime().availableProcessors());
      result.put("parts", calls.size());
      result.put("deltas", batch.netByParticipant().size());
      result.put("registration_gas", registrationGas);
      result.put("naive_trades_measured", naiveCount);
      result.put("naive_gas_total", naive.gasTotal);
      result.put("naive_txs", naiveCount);
      result.put("naive_seconds", round(naiveSeconds));
      result.put("seed", seed);
      result.put("goal_gas_per_trade", 1000);
      result.put("checked", batchChecked && naive.checked);
      return result;
    }
  }

  private long register(SettlementChain chain, BenchInterval interval) {
    long gas = 0;
    for (int from = 0; from < participants; from += REGISTRATION_BATCH) {
      int to = Math.min(participants, from + REGISTRATION_BATCH);
      List<Account> accounts = interval.accounts().subList(from, to);
      List<Hash32> siteRefs = new ArrayList<>(accounts.size());
      for (int i = from; i < to; i++) {
        siteRefs.add(Hash32.keccakUtf8("bench-site-" + (i + 1)));
      }
      TxReceipt receipt = chain.registerParticipants(accounts, siteRefs);
      if (!receipt.success()) {
        throw new IllegalStateException("registerParticipants failed: " + receipt);
      }
      gas += receipt.gasUsed();
    }
    return gas;
  }

  /** One signed telemetry message per participant (synthetic signatures, seeded). */
  private Hash32 readingsRoot(long intervalId) {
    Random random = new Random(seed ^ intervalId);
    List<Hash32> readings = new ArrayList<>(participants);
    for (int i = 1; i <= participants; i++) {
      byte[] signature = new byte[64];
      random.nextBytes(signature);
      readings.add(new ReadingLeaf("bench-meter-" + i, intervalId / 60, signature).hash());
    }
    return MerkleTree.of(readings).root();
  }

  private boolean checkBatch(
      SettlementChain chain,
      SettlementBatch batch,
      BenchInterval interval,
      List<TradeLeaf> leaves,
      MerkleTree tradeTree) {
    boolean ok = chain.interval(batch.intervalId()).settled();
    Map<Integer, Long> expected = batch.netByParticipant();
    for (int index = 1; index <= participants; index++) {
      long balance = chain.balanceOf(interval.account(index));
      if (balance != expected.getOrDefault(index, 0L)) {
        progress("participant %d: balance %d, expected %d", index, balance, expected.get(index));
        ok = false;
      }
    }
    if (chain.participant(0).balanceMicros() != expected.getOrDefault(0, 0L)) {
      progress(
          "clearing account: balance %d, expected %d",
          chain.participant(0).balanceMicros(), expected.get(0));
      ok = false;
    }
    Random random = new Random(seed);
    for (int i = 0; i < Math.min(PROOFS_CHECKED, leaves.size()); i++) {
      TradeLeaf leaf = leaves.get(random.nextInt(leaves.size()));
      if (!chain.verifyTrade(leaf, tradeTree.proof(leaf.hash()))) {
        progress("trade %s does not verify", leaf.tradeId());
        ok = false;
      }
    }
    TradeLeaf first = leaves.get(0);
    TradeLeaf forged =
        new TradeLeaf(
            first.intervalId(),
            first.tradeId(),
            first.seller(),
            first.buyer(),
            first.wh() + 1,
            first.priceMicros());
    if (chain.verifyTrade(forged, tradeTree.proof(first.hash()))) {
      progress("a forged trade verified");
      ok = false;
    }
    return ok;
  }

  private record NaiveResult(long gasTotal, boolean checked) {}

  private NaiveResult runNaive(
      Anvil anvil, SettlementChain chain, BenchInterval interval, int count) throws IOException {
    BigInteger gasPrice = chain.gasPrice().shiftLeft(1);
    byte[] code = ContractCode.naiveSettlement();
    long deployGas = chain.estimateGas(null, code, "deploy NaiveSettlement");
    TxReceipt deployed =
        chain.awaitReceipt(
            chain.sendRaw(
                chain.sign(null, code, chain.pendingNonce(), gasPrice, deployGas + deployGas / 4)));
    Account naive = deployed.contractAddress();

    anvil.rpc("evm_setAutomine", "[false]");
    long nonce = chain.pendingNonce();
    long gasTotal = 0;
    boolean ok = true;
    Map<Integer, Long> expected = new LinkedHashMap<>();
    try {
      for (int from = 0; from < count; from += Anvil.MAX_UNCONFIRMED_TRANSACTIONS) {
        int to = Math.min(count, from + Anvil.MAX_UNCONFIRMED_TRANSACTIONS);
        List<SignedTransaction> sent = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
          BenchInterval.Trade trade = interval.trades().get(i);
          SignedTransaction signed =
              chain.sign(naive, settleTrade(interval, trade), nonce++, gasPrice, NAIVE_GAS_LIMIT);
          chain.sendRaw(signed);
          sent.add(signed);
          expected.merge(trade.seller(), trade.amountMicros(), Long::sum);
          expected.merge(trade.buyer(), -trade.amountMicros(), Long::sum);
        }
        String mined = anvil.rpc("evm_mine", "[]");
        if (!mined.contains("\"result\"")) {
          throw new IllegalStateException("evm_mine failed: " + mined);
        }
        for (SignedTransaction signed : sent) {
          TxReceipt receipt =
              chain
                  .receipt(signed.hash())
                  .orElseThrow(() -> new IllegalStateException(signed + " was not mined"));
          ok &= receipt.success();
          gasTotal += receipt.gasUsed();
        }
      }
    } finally {
      anvil.rpc("evm_setAutomine", "[true]");
    }
    try (SettlementChain view =
        SettlementChain.connect(
            anvil.rpcUrl(), Anvil.CHAIN_ID, Anvil.DEV_PRIVATE_KEYS.get(0), naive)) {
      // NaiveSettlement's public mapping getter has EnergySettlement's balanceOf(address)
      // signature.
      for (Map.Entry<Integer, Long> entry : expected.entrySet()) {
        long balance = view.balanceOf(interval.account(entry.getKey()));
        if (balance != entry.getValue()) {
          progress(
              "naive: participant %d balance %d, expected %d",
              entry.getKey(), balance, entry.getValue());
          ok = false;
        }
      }
    }
    return new NaiveResult(gasTotal, ok);
  }

  private static byte[] settleTrade(BenchInterval interval, BenchInterval.Trade trade) {
    Function function =
        new Function(
            "settleTrade",
            List.of(
                new Uint64(interval.intervalId()),
                new Bytes32(Hash32.keccakUtf8(trade.id()).bytes()),
                new Address(interval.account(trade.seller()).hex()),
                new Address(interval.account(trade.buyer()).hex()),
                new Uint64(trade.wh()),
                new Uint64(trade.priceMicros())),
            List.of());
    return HexFormat.of().parseHex(FunctionEncoder.encode(function).substring(2));
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }

  static String json(Map<String, Object> fields) {
    StringBuilder out = new StringBuilder("{");
    fields.forEach((key, value) -> {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append('"').append(key).append("\":");
      out.append(value instanceof String text ? "\"" + text + "\"" : String.valueOf(value));
    });
    return out.append('}').toString();
  }

  private static void progress(String format, Object... args) {
    System.err.println("bench settlement: " + String.format(format, args));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
