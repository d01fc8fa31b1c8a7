package org.gridweave.simulations.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.controller.settlement.IntervalBatch;
import org.gridweave.core.id.SiteId;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.simulations.engine.Results;
import org.gridweave.simulations.engine.SettlementSink;
import org.gridweave.simulations.engine.Simulation;
import org.gridweave.simulations.output.SortedJson;
import org.gridweave.simulations.scenario.Scenario;
import org.gridweave.simulations.scenario.ScenarioFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Dev-chain settlement on a real Anvil from local-infra (skipped with a NOTICE without one). */
class DevChainSettlementTest {
  private static final String SUNNY_DAY =
      """
      name: chain-day
      seed: 11
      clock: {start: 2026-06-01T00:00:00Z, end: 2026-06-02T00:00:00Z, step: 15m}
      topology:
        transformer_limit_kw: 60
        feeders:
          - {id: a, limit_kw: 30, prosumers: 5}
          - {id: b, limit_kw: 30, prosumers: 3}
      population:
        pv_share: 0.6
        pv_kwp: {min: 3, max: 8}
        battery_share: 0.3
      market: {mechanism: pay_as_clear}
      dispatch: {strategy: rules}
      settlement: {mode: dev_chain}
      """;

  private static void requireAnvil() {
    if (Anvil.binary().isEmpty()) {
      System.err.println("NOTICE: DevChainSettlementTest SKIPPED: " + Anvil.NOT_INSTALLED);
    }
    Assumptions.assumeTrue(Anvil.binary().isPresent(), Anvil.NOT_INSTALLED);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Results r, String... path) {
    Map<String, Object> m = r.summary();
    for (String k : path) {
      m = (Map<String, Object>) m.get(k);
    }
    return m;
  }

  /** Passes the intervals on and keeps its own sum of each site's nets. */
  private static final class Recording implements SettlementSink {
    final DevChainSettlement chain;
    final Map<SiteId, Long> sums = new java.util.HashMap<>();

    Recording(DevChainSettlement chain) {
      this.chain = chain;
    }

    @Override
    public void interval(
        Instant start, List<IntervalBatch.Trade> trades, List<IntervalBatch.Net> nets) {
      nets.forEach(n -> sums.merge(n.site(), n.micros(), Long::sum));
      chain.interval(start, trades, nets);
    }

    @Override
    public Map<String, Object> finish(List<SiteId> sites, long[] netMicros) {
      return chain.finish(sites, netMicros);
    }
  }

  @Test
  void everyIntervalWithTradesIsCommittedAndTheBalancesOnChainEqualTheMarketPayments() {
    requireAnvil();
    Scenario s = ScenarioFile.parse("chain.yaml", SUNNY_DAY);
    Simulation sim = new Simulation(s, Optional.empty());
    Results r;
    Map<String, Object> tampered;
    try (DevChainSettlement chain = new DevChainSettlement(s, sim.siteIds())) {
      Recording recording = new Recording(chain);
      r = sim.settleTo(recording).run(List.of(), null);
      // the same chain checked against a ledger one micro off for one site: the check notices
      List<SiteId> sites = sim.siteIds();
      long[] wrong = new long[sites.size()];
      for (int i = 0; i < sites.size(); i++) {
        wrong[i] = recording.sums.getOrDefault(sites.get(i), 0L);
      }
      wrong[2] += 1;
      tampered = chain.finish(sites, wrong);
    }

    Map<String, Object> settled = section(r, "settlement");
    Map<String, Object> market = section(r, "market");
    assertThat(settled)
        .containsEntry("mode", "dev_chain")
        .containsEntry("intervals_committed", market.get("intervals_with_trades"))
        .containsEntry("trades_committed", market.get("trades"))
        .containsEntry("participants", 8)
        .containsEntry("registration_txs", 1L);
    assertThat((Long) market.get("intervals_with_trades")).isGreaterThan(10);
    assertThat(settled.get("txs")).isEqualTo(settled.get("parts"));
    assertThat(((Number) settled.get("gas_per_trade")).doubleValue())
        .isBetween(1_000.0, 1_000_000.0);
    assertThat((Map<String, Object>) settled.get("verification"))
        .containsEntry("balances_equal_market_payments", true)
        .containsEntry("balance_mismatches", 0L)
        .containsEntry("balances_checked", 9)
        .containsEntry("trade_proof_verified", true)
        .containsEntry("last_interval_settled", true);
    // the clearing account (index 0) holds minus the sites' sum: fees, penalties, shortfalls
    Map<String, Object> v = (Map<String, Object>) settled.get("verification");
    assertThat((Long) v.get("clearing_account_micros"))
        .isEqualTo(-(Long) v.get("market_net_micros_sum"));
    assertThat((Long) v.get("clearing_account_micros")).isPositive();
    assertThat((Map<String, Object>) tampered.get("verification"))
        .containsEntry("balances_equal_market_payments", false)
        .containsEntry("balance_mismatches", 2L) // the site and the clearing account's sum
        .containsKey("first_mismatch");
    assertThat(SortedJson.write(r.summary())).contains("\"gas_total\": ");
  }

  @Test
  void withoutAnvilTheRunSaysWhatIsMissing() {
    String saved = System.getProperty("gridweave.anvil");
    System.setProperty("gridweave.anvil", "/nonexistent/anvil");
    try {
      Scenario s = ScenarioFile.parse("chain.yaml", SUNNY_DAY);
      assertThatThrownBy(() -> new DevChainSettlement(s, new ArrayList<>()))
          .isInstanceOf(DevChainSettlement.SettlementUnavailable.class)
          .hasMessageStartingWith("settlement mode dev_chain needs Anvil: anvil not found");
    } finally {
      if (saved == null) {
        System.clearProperty("gridweave.anvil");
      } else {
        System.setProperty("gridweave.anvil", saved);
      }
    }
  }
}
