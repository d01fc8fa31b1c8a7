package org.gridweave.simulations.settlement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gridweave.controller.settlement.IntervalBatch;
import org.gridweave.core.id.SiteId;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.StartupFailedException;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.chain.ChainException;
import org.gridweave.settlement.chain.SettlementChain;
import org.gridweave.settlement.chain.TxReceipt;
import org.gridweave.simulations.engine.SettlementSink;
import org.gridweave.simulations.scenario.Scenario;

/**
 * {@code settlement: {mode: dev_chain}}: a local Anvil (started through {@code local-infra}) with
 * the {@code EnergySettlement} contract, every prosumer registered as a participant, and every
 * interval with trades committed as the controller commits it — {@link IntervalBatch} (the
 * controller's settlement core: trade Merkle tree, one net delta per site from its statement, the
 * clearing account taking minus their sum) split into {@link CommitCall} parts — with the block
 * timestamp set to the interval's end on the virtual clock ({@code evm_setNextBlockTimestamp}), so
 * the contract's own "interval has ended" rule holds.
 *
 * <p>At the end every participant's balance on chain is read back and compared with the market
 * money the simulation booked (and the clearing account with minus their sum), and one trade's
 * Merkle proof is verified by the contract.
 */
public final class DevChainSettlement implements SettlementSink, AutoCloseable {
  /** Participants per {@code registerParticipants} transaction (as the settlement bench). */
  static final int REGISTRATION_BATCH = 200;

  private final Scenario s;
  private final Path dir;
  private final Anvil anvil;
  private final SettlementChain chain;
  private final Map<SiteId, IntervalBatch.Participant> participants = new HashMap<>();
  private final Account clearing;
  private long registrationTxs;
  private long registrationGas;
  private long txs;
  private long gas;
  private long intervals;
  private long trades;
  private long parts;
  private long lastTimestamp;
  private long lastIntervalId = -1;
  private IntervalBatch lastBatch;

  /** Why a dev-chain run cannot start or a commit failed; the run stops. */
  public static final class SettlementUnavailable extends RuntimeException {
    public SettlementUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Starts Anvil (genesis a day before the scenario, so the virtual clock can move block time
   * forward from there), deploys the contract with the scenario's step as its interval, registers
   * {@code sites} in order as participants 1…n.
   *
   * @throws SettlementUnavailable when Anvil is not installed or does not start
   */
  public DevChainSettlement(Scenario s, List<SiteId> sites) {
    this.s = s;
    if (Anvil.binary().isEmpty()) {
      throw new SettlementUnavailable(
          "settlement mode dev_chain needs Anvil: " + Anvil.NOT_INSTALLED, null);
    }
    try {
      this.dir = Files.createTempDirectory("gridweave-sim-anvil");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long genesis = s.start().getEpochSecond() - 86_400;
    try {
      this.anvil =
          Anvil.startWithoutState(
              dir, Ports.free(), List.of("--timestamp", Long.toString(genesis)));
    } catch (StartupFailedException e) {
      deleteDir();
      throw new SettlementUnavailable(
          "settlement mode dev_chain: Anvil did not start: " + e.getMessage(), e);
    }
    try {
      this.chain =
          SettlementChain.deploy(
              anvil.rpcUrl(), Anvil.CHAIN_ID, Anvil.DEV_PRIVATE_KEYS.get(0), s.step().toSeconds());
      this.clearing = chain.sender();
      register(sites);
    } catch (RuntimeException e) {
      close();
      throw new SettlementUnavailable(
          "settlement mode dev_chain: deploying or registering failed: " + e.getMessage(), e);
    }
    this.lastTimestamp = genesis;
  }

  /**
   * A site's account: the first 20 bytes of keccak("gridweave-sim:" seed ":" site) — the controller
   * draws random ones; here the same seed must give the same chain.
   */
  static Account account(long seed, SiteId site) {
    byte[] hash = Hash32.keccakUtf8("gridweave-sim:" + seed + ":" + site.value()).bytes();
    return Account.of(Arrays.copyOf(hash, Account.LENGTH));
  }

  private void register(List<SiteId> sites) {
    for (int from = 0; from < sites.size(); from += REGISTRATION_BATCH) {
      int to = Math.min(sites.size(), from + REGISTRATION_BATCH);
      List<Account> accounts = new ArrayList<>(to - from);
      List<Hash32> refs = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        SiteId site = sites.get(i);
        Account a = account(s.seed(), site);
        accounts.add(a);
        refs.add(Hash32.keccakUtf8("gridweave-sim-site:" + site.value()));
        participants.put(site, new IntervalBatch.Participant(site, a, i + 1));
      }
      TxReceipt r = chain.registerParticipants(accounts, refs);
      if (!r.success()) {
        throw new ChainException("registerParticipants failed: " + r);
      }
      registrationTxs++;
      registrationGas += r.gasUsed();
    }
    if (chain.participantCount() != sites.size() + 1) {
      throw new ChainException(
          "the contract holds "
              + chain.participantCount()
              + " participants after registering "
              + sites.size()
              + " (and the clearing account)");
    }
  }

  @Override
  public void interval(
      Instant start, List<IntervalBatch.Trade> trades, List<IntervalBatch.Net> nets) {
    if (trades.isEmpty()) {
      return;
    }
    long id = start.getEpochSecond();
    IntervalBatch batch = IntervalBatch.build(id, trades, nets, List.of(), participants);
    List<CommitCall> calls = batch.batch().parts(s.maxDeltasPerPart());
    long end = id + s.step().toSeconds();
    try {
      for (CommitCall call : calls) {
        // block time = the virtual clock: the interval has just ended
        lastTimestamp = Math.max(end, lastTimestamp + 1);
        anvil.rpc("evm_setNextBlockTimestamp", "[" + lastTimestamp + "]");
        TxReceipt r = chain.commit(call);
        if (!r.success()) {
          throw new ChainException("commitInterval(" + id + ", part " + call.part() + "): " + r);
        }
        txs++;
        gas += r.gasUsed();
      }
    } catch (IOException | ChainException e) {
      throw new SettlementUnavailable(
          "settlement mode dev_chain: committing interval " + start + " failed: " + e.getMessage(),
          e);
    }
    intervals++;
    this.trades += trades.size();
    parts += calls.size();
    lastIntervalId = id;
    lastBatch = batch;
  }

  @Override
  public Map<String, Object> finish(List<SiteId> sites, long[] netMicros) {
    long mismatches = 0;
    long sum = 0;
    String firstMismatch = null;
    for (int i = 0; i < sites.size(); i++) {
      long onChain = chain.balanceOf(participants.get(sites.get(i)).account());
      sum += netMicros[i];
      if (onChain != netMicros[i]) {
        mismatches++;
        if (firstMismatch == null) {
          firstMismatch =
              sites.get(i).value() + ": chain " + onChain + ", simulation " + netMicros[i];
        }
      }
    }
    long clearingOnChain = chain.balanceOf(clearing);
    boolean clearingOk = clearingOnChain == -sum;
    boolean lastSettled = lastIntervalId < 0 || chain.interval(lastIntervalId).settled();
    boolean proofOk = true;
    if (lastBatch != null) {
      String tradeId = lastBatch.tradeIds().getFirst();
      IntervalBatch.Proof p = lastBatch.proof(tradeId).orElseThrow();
      proofOk = chain.verifyTrade(p.leaf(), p.proof());
    }
    Map<String, Object> m = new TreeMap<>();
    m.put("mode", "dev_chain");
    m.put("txs", txs);
    m.put("gas_total", gas);
    m.put("gas_per_trade", trades > 0 ? gas / (double) trades : 0.0);
    m.put("intervals_committed", intervals);
    m.put("trades_committed", trades);
    m.put("parts", parts);
    m.put("participants", sites.size());
    m.put("registration_txs", registrationTxs);
    m.put("registration_gas", registrationGas);
    m.put("block_time", "the interval's end on the virtual clock");
    Map<String, Object> check = new TreeMap<>();
    check.put("balances_checked", sites.size() + 1);
    check.put("balance_mismatches", mismatches + (clearingOk ? 0 : 1));
    if (firstMismatch != null) {
      check.put("first_mismatch", firstMismatch);
    }
    check.put("clearing_account_micros", clearingOnChain);
    check.put("market_net_micros_sum", sum);
    check.put("last_interval_settled", lastSettled);
    check.put("trade_proof_verified", proofOk);
    boolean ok = mismatches == 0 && clearingOk && lastSettled && proofOk;
    check.put("balances_equal_market_payments", ok);
    m.put("verification", check);
    return m;
  }

  @Override
  public void close() {
    try {
      if (chain != null) {
        chain.close();
      }
    } finally {
      if (anvil != null) {
        anvil.close();
      }
      deleteDir();
    }
  }

  private void deleteDir() {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
