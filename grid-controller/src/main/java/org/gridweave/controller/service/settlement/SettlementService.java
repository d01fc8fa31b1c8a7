package org.gridweave.controller.service.settlement;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.alarms.AlarmStore;
import org.gridweave.controller.service.grid.GridStore;
import org.gridweave.controller.service.schema.SchemaMigrator;
import org.gridweave.controller.service.web.NotFound;
import org.gridweave.controller.settlement.IntervalBatch;
import org.gridweave.controller.settlement.LedgerClient;
import org.gridweave.controller.settlement.SettlementLedger;
import org.gridweave.controller.settlement.SettlementOutbox;
import org.gridweave.core.id.SiteId;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Hash32;
import org.jboss.logging.Logger;

/**
 * The ledger client's edge (issue #6): every tick it builds the outbox rows of intervals whose
 * delivery check is done (registering their sites on chain first), then lets {@link LedgerClient}
 * settle them in order. A chain outage leaves the rows pending; the next tick reconciles with the
 * chain before it sends anything. Blocking: runs on the scheduler's worker.
 */
@ApplicationScoped
public class SettlementService {
  private static final Logger LOG = Logger.getLogger(SettlementService.class);

  @Inject ControllerConfig config;
  @Inject SettlementStore store;
  @Inject SchemaMigrator schema;
  @Inject GridStore grids;
  @Inject AlarmStore alarms;
  @Inject Clock clock;
  @Inject io.vertx.mutiny.sqlclient.Pool pool;
  @Inject org.gridweave.controller.service.leader.LeaderGate leader;

  private ChainLedger chain;
  private volatile String state = "not started";
  private volatile Instant lastPass;

  @Scheduled(
      every = "{gridweave.controller.cycle.tick}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    if (!config.settlement().enabled() || !schema.migrated() || !leader.acting()) {
      return;
    }
    try {
      runOnce();
    } catch (SettlementLedger.ChainUnavailableException e) {
      state = "chain unreachable: " + e.getMessage();
      LOG.warnf("settlement: %s (will retry)", state);
    } catch (RuntimeException e) {
      state = "error: " + e.getMessage();
      LOG.errorf(e, "settlement pass failed");
      try { // one alarm per stuck interval (alarms are unique per kind, subject and interval)
        alarms.raise(
            "settlement_failed",
            "settlement",
            clock.instant(),
            firstOpen(),
            "settlement pass failed: " + e.getMessage());
      } catch (RuntimeException alarmFailed) {
        LOG.warnf("settlement: could not raise the alarm: %s", alarmFailed.getMessage());
      }
    }
  }

  /** One pass: build what is due, settle what is open. */
  public synchronized LedgerClient.Pass runOnce() {
    leader.requireActing("settle");
    // one settling controller per database, even if two were started by mistake: the lock lives
    // as long as this connection (a crashed controller's goes with its connection)
    var lock = pool.getConnection().await().atMost(Duration.ofSeconds(10));
    try {
      boolean mine =
          lock.query("SELECT pg_try_advisory_lock(" + ADVISORY_LOCK + ")")
              .execute()
              .await()
              .atMost(Duration.ofSeconds(10))
              .iterator()
              .next()
              .getBoolean(0);
      if (!mine) {
        throw new Busy("another controller is settling on this database");
      }
      try {
        // a former leader still in its pass holds the lock; once it is ours, the fence must be too
        leader.fence(lock, "settle").await().atMost(Duration.ofSeconds(10));
        return pass();
      } finally {
        lock.query("SELECT pg_advisory_unlock(" + ADVISORY_LOCK + ")")
            .execute()
            .await()
            .atMost(Duration.ofSeconds(10));
      }
    } finally {
      lock.close().await().atMost(Duration.ofSeconds(10));
    }
  }

  /** The advisory lock key of settlement passes ("GWSETTLE" as a number). */
  public static final long ADVISORY_LOCK = 0x4757_5345_5454_4C45L;

  /** Another controller holds the settlement lock (409). */
  public static final class Busy extends RuntimeException {
    Busy(String message) {
      super(message);
    }
  }

  private LedgerClient.Pass pass() {
    ChainLedger c = chain();
    for (Instant interval : store.intervalsToBuild(config.settlement().intervalsPerTick())) {
      try {
        build(c, interval);
      } catch (SettlementLedger.ChainUnavailableException e) {
        throw e;
      } catch (RuntimeException e) {
        // later intervals wait for this one (in order, none skipped); what is built still settles
        LOG.errorf(e, "settlement: interval %s cannot be built", interval);
        alarms.raise(
            "settlement_failed",
            "settlement",
            clock.instant(),
            interval,
            "interval " + interval + " cannot be built: " + e.getMessage());
        break;
      }
    }
    LedgerClient.Pass pass = new LedgerClient(store, c, config.settlement().receiptWait()).settle();
    lastPass = clock.instant();
    state = pass.stoppedBecause().map(r -> "waiting: " + r).orElse("up to date");
    pass.stoppedBecause()
        .filter(r -> r.contains("refused") || r.contains("reverted"))
        .ifPresent(
            r -> alarms.raise("settlement_failed", "settlement", clock.instant(), firstOpen(), r));
    return pass;
  }

  private Instant firstOpen() {
    return store.open().stream()
        .findFirst()
        .map(p -> Instant.ofEpochSecond(p.intervalId()))
        .orElse(clock.instant());
  }

  private void build(ChainLedger c, Instant interval) {
    List<IntervalBatch.Trade> trades = store.trades(interval);
    List<IntervalBatch.Net> nets = store.nets(interval);
    Set<SiteId> sites = sitesOf(trades, nets);
    Map<SiteId, IntervalBatch.Participant> participants = register(c, sites);
    IntervalBatch batch =
        IntervalBatch.build(
            interval.getEpochSecond(),
            trades,
            nets,
            store.readings(interval, config.interval(), List.copyOf(sites)),
            participants);
    List<CommitCall> parts = batch.batch().parts(config.settlement().maxDeltasPerPart());
    store.build(interval, batch, parts, trades.size(), c.blockNumber());
    LOG.infof(
        "settlement: interval %s built (%d trades, %d part(s), root %s)",
        interval, trades.size(), parts.size(), batch.tradesRoot().hex());
  }

  /** Every site in the interval's trades or statements, in first-seen order. */
  private static Set<SiteId> sitesOf(
      List<IntervalBatch.Trade> trades, List<IntervalBatch.Net> nets) {
    Set<SiteId> sites = new LinkedHashSet<>();
    for (IntervalBatch.Trade t : trades) {
      sites.add(t.seller());
      sites.add(t.buyer());
    }
    nets.forEach(n -> sites.add(n.site()));
    return sites;
  }

  /** Registers the sites that are not on chain yet; every site's participant. */
  private Map<SiteId, IntervalBatch.Participant> register(ChainLedger c, Set<SiteId> sites) {
    Map<SiteId, SettlementStore.StoredParticipant> known = store.participants();
    Map<SiteId, IntervalBatch.Participant> out = new HashMap<>();
    List<SiteId> missing = new ArrayList<>();
    for (SiteId s : sites) {
      SettlementStore.StoredParticipant p = known.get(s);
      if (p != null && p.index().isPresent()) {
        out.put(s, new IntervalBatch.Participant(s, p.account(), (int) p.index().getAsLong()));
        continue;
      }
      Account account;
      if (p != null) {
        account = p.account();
      } else {
        account = newAccount();
        store.putAccount(s, account); // stored before registering: a crash cannot lose it
      }
      var index = c.indexOf(account); // registered before a crash, not yet recorded here
      if (index.isPresent() && index.getAsInt() == 0) {
        throw new IllegalStateException(
            "site " + s.value() + "'s account " + account.hex() + " is the clearing account");
      }
      if (index.isPresent()) {
        store.registered(s, account, index.getAsInt());
        out.put(s, new IntervalBatch.Participant(s, account, index.getAsInt()));
      } else {
        missing.add(s);
      }
    }
    known = store.participants();
    if (!missing.isEmpty()) {
      Map<SiteId, Account> accounts = new LinkedHashMap<>();
      for (SiteId s : missing) {
        accounts.put(s, known.get(s).account());
      }
      byte[] key = store.siteRefKey();
      c.register(
          List.copyOf(accounts.values()),
          accounts.keySet().stream().map(s -> siteRef(key, s)).toList());
      for (var e : accounts.entrySet()) {
        int index =
            c.indexOf(e.getValue())
                .orElseThrow(() ->
                    new IllegalStateException(
                        "site " + e.getKey().value() + " is not registered after registering"));
        store.registered(e.getKey(), e.getValue(), index);
        out.put(e.getKey(), new IntervalBatch.Participant(e.getKey(), e.getValue(), index));
      }
    }
    return out;
  }

  /**
   * A new account for a site that did not set its own ({@code PUT
   * /settlements/participants/{site}}): random, so nobody can link it to the site id without the
   * controller's records. It needs no key — the operator signs every settlement; the account only
   * names the site on chain.
   */
  static Account newAccount() {
    byte[] bytes = new byte[Account.LENGTH];
    RANDOM.nextBytes(bytes);
    return Account.of(bytes);
  }

  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /**
   * The site's reference on chain: keccak(key ‖ site id) with this deployment's secret key, so a
   * chain observer cannot test guesses of site ids against the registry.
   */
  static Hash32 siteRef(byte[] key, SiteId site) {
    byte[] id = site.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] data = java.util.Arrays.copyOf(key, key.length + id.length);
    System.arraycopy(id, 0, data, key.length, id.length);
    return Hash32.keccak(data);
  }

  /** The interval's batch rebuilt from the stored rows; its root must match the outbox's. */
  public IntervalBatch batch(Instant interval) {
    IntervalBatch cached = proofs.get(interval);
    if (cached != null) {
      return cached;
    }
    IntervalBatch built = rebuild(interval);
    if (store.parts(interval).stream()
        .allMatch(p -> p.status() == SettlementOutbox.Status.SETTLED)) {
      if (proofs.size() >= 256) {
        proofs.clear();
      }
      proofs.put(interval, built); // settled: its trades and nets can no longer change
    }
    return built;
  }

  private final Map<Instant, IntervalBatch> proofs = new java.util.concurrent.ConcurrentHashMap<>();

  private IntervalBatch rebuild(Instant interval) {
    List<SettlementStore.StoredPart> parts = store.parts(interval);
    if (parts.isEmpty()) {
      throw new NotFound("interval " + interval + " has no settlement");
    }
    List<IntervalBatch.Trade> trades = store.trades(interval);
    List<IntervalBatch.Net> nets = store.nets(interval);
    Set<SiteId> sites = sitesOf(trades, nets);
    Map<SiteId, SettlementStore.StoredParticipant> known = store.participants();
    Map<SiteId, IntervalBatch.Participant> participants = new HashMap<>();
    for (SiteId s : sites) {
      SettlementStore.StoredParticipant p = known.get(s);
      if (p != null && p.index().isPresent()) {
        participants.put(
            s, new IntervalBatch.Participant(s, p.account(), (int) p.index().getAsLong()));
      }
    }
    // proofs need the trade tree only: the readings are left out (their root is not compared)
    IntervalBatch batch =
        IntervalBatch.build(interval.getEpochSecond(), trades, nets, List.of(), participants);
    if (!batch.tradesRoot().hex().equals(parts.get(0).tradesRoot())) {
      throw new IllegalStateException(
          "interval "
              + interval
              + ": the stored trades no longer hash to the settled root "
              + parts.get(0).tradesRoot());
    }
    return batch;
  }

  /** Whether the account is the operator's (the settlement key's): never a site's account. */
  public boolean isOperator(Account account) {
    return config
        .settlement()
        .operatorKey()
        .map(ChainLedger::accountOf)
        .filter(account::equals)
        .isPresent();
  }

  /** The interval's readings tree, rebuilt from what it committed to; its root must match. */
  public IntervalBatch readings(Instant interval) {
    List<SettlementStore.StoredPart> parts = store.parts(interval);
    if (parts.isEmpty()) {
      throw new NotFound("interval " + interval + " has no settlement");
    }
    IntervalBatch batch =
        IntervalBatch.build(
            interval.getEpochSecond(),
            List.of(),
            List.of(),
            store.committedReadings(interval),
            store.erasedReadingLeaves(interval),
            Map.of());
    if (!batch.readingsRoot().hex().equals(parts.get(0).readingsRoot())) {
      throw new IllegalStateException(
          "interval "
              + interval
              + ": the stored readings no longer hash to the committed root "
              + parts.get(0).readingsRoot());
    }
    return batch;
  }

  public boolean enabled() {
    return config.settlement().enabled();
  }

  public boolean hasTrades(Instant interval) {
    return !store.trades(interval).isEmpty();
  }

  public Optional<Account> accountOf(SiteId site) {
    return Optional.ofNullable(store.participants().get(site))
        .map(SettlementStore.StoredParticipant::account);
  }

  public boolean isSite(SiteId site) {
    return grids
        .current()
        .await()
        .atMost(Duration.ofSeconds(10))
        .map(g -> g.grid().sites().stream().anyMatch(s -> s.id().equals(site)))
        .orElse(false);
  }

  public Optional<String> contractAddress() {
    ChainLedger c = chain;
    return c == null ? Optional.empty() : Optional.of(c.contract().hex());
  }

  /** For the REST overview: whether settlement runs, the contract, the last pass's outcome. */
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("enabled", config.settlement().enabled());
    out.put("rpc_url", config.settlement().rpcUrl());
    out.put("contract", contractAddress().orElse(null));
    out.put("state", state);
    out.put("last_pass", lastPass == null ? null : lastPass.toString());
    return out;
  }

  private ChainLedger chain() {
    if (chain != null) {
      return chain;
    }
    ControllerConfig.Settlement s = config.settlement();
    String key =
        s.operatorKey()
            .orElseThrow(() ->
                new IllegalStateException(
                    "gridweave.controller.settlement.operator-key is not set"));
    ChainLedger connected = ChainLedger.connect(s.rpcUrl(), key);
    long chainId = connected.chainId();
    Optional<String> address = s.contractAddress().or(() -> store.contractAddress(chainId));
    if (address.isPresent()) {
      connected.use(Account.fromHex(address.get()));
      try {
        if (!connected.isOperator(connected.operator())) {
          throw new IllegalStateException(
              "the operator key's account "
                  + connected.operator().hex()
                  + " is not an operator of the settlement contract at "
                  + address.get());
        }
      } catch (org.gridweave.settlement.chain.ChainException e) {
        if (e instanceof org.gridweave.settlement.chain.ChainUnavailableException) {
          throw new SettlementLedger.ChainUnavailableException(e.getMessage(), e);
        }
        throw new IllegalStateException(
            "no usable settlement contract at "
                + address.get()
                + " on chain "
                + chainId
                + ": "
                + e.getMessage(),
            e);
      }
      store.rememberContract(address.get(), chainId);
    } else if (s.deployIfMissing()) {
      Account deployed = connected.deploy(config.interval().toSeconds());
      store.rememberContract(deployed.hex(), chainId);
      LOG.infof("settlement: deployed EnergySettlement at %s on chain %d", deployed.hex(), chainId);
    } else {
      connected.close();
      throw new IllegalStateException(
          "no settlement contract: set gridweave.controller.settlement.contract-address (or"
              + " deploy-if-missing=true on a dev chain)");
    }
    chain = connected;
    return chain;
  }

  void stop(@Observes ShutdownEvent event) {
    ChainLedger c = chain;
    if (c != null) {
      c.close();
    }
  }
}
