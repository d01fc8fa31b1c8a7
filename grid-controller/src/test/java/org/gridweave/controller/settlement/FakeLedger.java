package org.gridweave.controller.settlement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A chain for the ledger client's state machine: the contract's once-per-part rule and the
 * account's nonce, with switches for an outage, a crash right after a send, and a node that holds
 * transactions in its pool without mining them. Calldata here is "intervalId:part".
 */
final class FakeLedger implements SettlementLedger {
  boolean unavailable;
  boolean crashAfterSend;
  boolean holdMining;

  /** The node mines its pool just as the client asks for the nonce (a race seen on Anvil). */
  boolean minesWhenAskedForTheNonce;

  /** Whether the chain's clock is still inside the intervals. */
  boolean intervalsNotEnded;

  /** Parts the contract refuses (as if their deltas did not sum to zero). */
  final Set<String> refused = new HashSet<>();

  private final Set<String> settledParts = new HashSet<>();
  private final Map<String, Inclusion> inclusions = new HashMap<>();
  private final Map<String, SignedTx> pool = new LinkedHashMap<>();
  private final Map<String, Receipt> receipts = new HashMap<>();
  final List<String> sentHashes = new ArrayList<>();
  final List<String> signedHashes = new ArrayList<>();
  final List<String> minedSettlements = new ArrayList<>();
  private long minedNonce;
  private long block = 100;

  static byte[] calldata(long intervalId, int part) {
    return (intervalId + ":" + part).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Another transaction of the operator (a registration, say) takes the next nonce. */
  void mineOtherTransaction() {
    minedNonce++;
    pool.clear(); // the node dropped whatever waited on the nonce it took
    block++;
  }

  /** Mines what the pool holds, in nonce order. */
  void mine() {
    List<SignedTx> txs = new ArrayList<>(pool.values());
    txs.sort(java.util.Comparator.comparingLong(SignedTx::nonce));
    pool.clear();
    for (SignedTx tx : txs) {
      if (tx.nonce() != minedNonce) {
        continue; // a gap or a stale nonce: never mined
      }
      minedNonce++;
      block++;
      String part = new String(tx.raw(), java.nio.charset.StandardCharsets.UTF_8).split("@")[0];
      if (refused.contains(part)) {
        receipts.put(tx.hash(), new Receipt(false, block, "DeltasDoNotSumToZero"));
      } else if (settledParts.add(part)) {
        inclusions.put(part, new Inclusion(tx.hash(), block));
        minedSettlements.add(tx.hash());
        receipts.put(tx.hash(), new Receipt(true, block, ""));
      } else {
        receipts.put(tx.hash(), new Receipt(false, block, "PartAlreadySettled"));
      }
    }
  }

  private void up() {
    if (unavailable) {
      throw new ChainUnavailableException("connection refused", null);
    }
  }

  @Override
  public boolean isPartSettled(long intervalId, int part) {
    up();
    return settledParts.contains(intervalId + ":" + part);
  }

  @Override
  public Optional<Inclusion> inclusion(
      long intervalId, int part, Optional<String> sentTx, long fromBlock) {
    up();
    return Optional.ofNullable(inclusions.get(intervalId + ":" + part));
  }

  @Override
  public long blockNumber() {
    up();
    return block;
  }

  @Override
  public long minedNonce() {
    up();
    if (minesWhenAskedForTheNonce) {
      mine();
    }
    return minedNonce;
  }

  @Override
  public long pendingNonce() {
    up();
    return minedNonce + pool.size();
  }

  @Override
  public SignedTx sign(byte[] calldata, long nonce) {
    if (intervalsNotEnded) {
      throw new NotYetException("IntervalNotEnded");
    }
    String body = new String(calldata, java.nio.charset.StandardCharsets.UTF_8) + "@" + nonce;
    String hash = "0x" + Integer.toHexString(body.hashCode());
    signedHashes.add(hash);
    return new SignedTx(hash, nonce, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void send(SignedTx tx) {
    up();
    sentHashes.add(tx.hash());
    if (!receipts.containsKey(tx.hash())) {
      pool.put(tx.hash(), tx);
    }
    if (!holdMining) {
      mine();
    }
    if (crashAfterSend) {
      throw new IllegalStateException("crashed after sending " + tx.hash());
    }
  }

  @Override
  public Optional<Receipt> awaitReceipt(String txHash, Duration timeout) {
    up();
    return Optional.ofNullable(receipts.get(txHash));
  }
}
