package org.gridweave.controller.settlement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.core.id.SiteId;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.ReadingLeaf;
import org.gridweave.settlement.SettlementBatch;
import org.gridweave.settlement.TradeLeaf;

/**
 * One delivery interval's settlement (ADR 0013): the Merkle tree of its delivered trades, the
 * Merkle root of the signed readings the delivery check used, and one net delta per participant
 * that traded, with the clearing account (index 0) taking minus their sum so the batch sums to
 * zero.
 *
 * <p>Built from the market's tables only, so building it again from the same rows gives the same
 * roots: the proofs served after settlement are rebuilt, never stored.
 */
public final class IntervalBatch {

  /** A cleared trade as the market stored it; {@code priceMicros} is the seller's per kWh. */
  public record Trade(String id, SiteId seller, SiteId buyer, long wh, long priceMicros) {}

  /** A site's net money for the interval from its statement (positive: it receives). */
  public record Net(SiteId site, long micros) {}

  /** A signed telemetry message whose readings the delivery check used. */
  public record Reading(String meterId, long seq, byte[] signature) {}

  /** A participant on chain: the site's account and its registry index (0 is the clearing one). */
  public record Participant(SiteId site, Account account, int index) {
    public Participant {
      if (index <= 0) {
        throw new IllegalArgumentException(
            "site " + site.value() + ": participant index " + index + " is not a site's (> 0)");
      }
    }
  }

  /** A trade's leaf, its proof and the root it proves against. */
  public record Proof(TradeLeaf leaf, Hash32 leafHash, List<Hash32> proof, Hash32 root) {}

  /** A signed message's leaf, its proof and the readings root it proves against. */
  public record ReadingProof(ReadingLeaf leaf, Hash32 leafHash, List<Hash32> proof, Hash32 root) {}

  private final long intervalId;
  private final SettlementBatch batch;
  private final MerkleTree trades;
  private final Map<String, TradeLeaf> leaves;
  private final MerkleTree readingTree;
  private final List<ReadingLeaf> readingLeaves;

  private IntervalBatch(
      long intervalId,
      SettlementBatch batch,
      MerkleTree trades,
      Map<String, TradeLeaf> leaves,
      MerkleTree readingTree,
      List<ReadingLeaf> readingLeaves) {
    this.intervalId = intervalId;
    this.batch = batch;
    this.trades = trades;
    this.leaves = leaves;
    this.readingTree = readingTree;
    this.readingLeaves = readingLeaves;
  }

  /**
   * @param participants every site that appears in a trade or a statement, registered
   * @throws UnregisteredSiteException when a site in the trades or statements has no participant
   */
  public static IntervalBatch build(
      long intervalId,
      Collection<Trade> trades,
      Collection<Net> nets,
      Collection<Reading> readings,
      Map<SiteId, Participant> participants) {
    return build(intervalId, trades, nets, readings, List.of(), participants);
  }

  /**
   * @param erasedReadings the leaf hashes of committed messages whose content was erased (a
   *     prosumer's erasure request): still in the readings tree, so the other meters' proofs hold
   */
  public static IntervalBatch build(
      long intervalId,
      Collection<Trade> trades,
      Collection<Net> nets,
      Collection<Reading> readings,
      Collection<Hash32> erasedReadings,
      Map<SiteId, Participant> participants) {
    Map<String, TradeLeaf> leaves = new LinkedHashMap<>();
    for (Trade t : trades.stream().sorted(Comparator.comparing(Trade::id)).toList()) {
      leaves.put(
          t.id(),
          new TradeLeaf(
              intervalId,
              t.id(),
              participant(participants, t.seller()).account(),
              participant(participants, t.buyer()).account(),
              t.wh(),
              t.priceMicros()));
    }
    MerkleTree tradeTree = MerkleTree.of(leaves.values().stream().map(TradeLeaf::hash).toList());
    List<ReadingLeaf> readingLeaves =
        readings.stream().map(r -> new ReadingLeaf(r.meterId(), r.seq(), r.signature())).toList();
    List<Hash32> readingHashes =
        new ArrayList<>(readingLeaves.stream().map(ReadingLeaf::hash).toList());
    readingHashes.addAll(erasedReadings);
    MerkleTree readingTree = MerkleTree.of(readingHashes);

    Map<Integer, Long> byIndex = new HashMap<>();
    long sum = 0;
    for (Net n : nets) {
      if (n.micros() == 0) {
        continue;
      }
      byIndex.merge(participant(participants, n.site()).index(), n.micros(), Math::addExact);
      sum = Math.addExact(sum, n.micros());
    }
    List<Delta> deltas = new ArrayList<>();
    if (sum != 0) {
      deltas.add(new Delta(0, -sum));
    }
    byIndex.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .filter(e -> e.getValue() != 0)
        .forEach(e -> deltas.add(new Delta(e.getKey(), e.getValue())));
    return new IntervalBatch(
        intervalId,
        new SettlementBatch(intervalId, tradeTree.root(), readingTree.root(), deltas),
        tradeTree,
        leaves,
        readingTree,
        readingLeaves);
  }

  private static Participant participant(Map<SiteId, Participant> participants, SiteId site) {
    Participant p = participants.get(site);
    if (p == null) {
      throw new UnregisteredSiteException(site);
    }
    return p;
  }

  public long intervalId() {
    return intervalId;
  }

  public SettlementBatch batch() {
    return batch;
  }

  public Hash32 tradesRoot() {
    return batch.tradesRoot();
  }

  public Hash32 readingsRoot() {
    return batch.readingsRoot();
  }

  /** The proof of one of this interval's trades; empty for a trade id not in the interval. */
  public Optional<Proof> proof(String tradeId) {
    TradeLeaf leaf = leaves.get(tradeId);
    if (leaf == null) {
      return Optional.empty();
    }
    Hash32 hash = leaf.hash();
    return Optional.of(new Proof(leaf, hash, trades.proof(hash), trades.root()));
  }

  /** The proofs of one meter's signed messages in the readings root, by sequence number. */
  public List<ReadingProof> readingProofs(String meterId) {
    return readingLeaves.stream()
        .filter(l -> l.meterId().equals(meterId))
        .sorted(Comparator.comparingLong(ReadingLeaf::seq))
        .map(l -> new ReadingProof(l, l.hash(), readingTree.proof(l.hash()), readingTree.root()))
        .toList();
  }

  /** The signed messages the readings root commits to. */
  public List<Reading> readings() {
    return readingLeaves.stream()
        .map(l -> new Reading(l.meterId(), l.seq(), l.signature()))
        .toList();
  }

  /** Trade ids in this batch, sorted. */
  public List<String> tradeIds() {
    return List.copyOf(leaves.keySet());
  }

  /** A trade or statement names a site that has no chain account yet. */
  public static final class UnregisteredSiteException extends RuntimeException {
    private final SiteId site;

    UnregisteredSiteException(SiteId site) {
      super("site " + site.value() + " is not registered as a settlement participant");
      this.site = site;
    }

    public SiteId site() {
      return site;
    }
  }
}
