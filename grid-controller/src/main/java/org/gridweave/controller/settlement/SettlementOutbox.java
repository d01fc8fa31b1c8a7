package org.gridweave.controller.settlement;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ledger client's outbox: one row per (interval, part) to commit, written when the interval's
 * batch is built, with the exact calldata. Implementations must make every method durable before
 * returning — the exactly-once argument (ADR 0013) rests on {@link #signed} being stored before the
 * transaction is sent.
 */
public interface SettlementOutbox {

  enum Status {
    /** Built, not yet signed. */
    PENDING,
    /** Signed with a nonce; may or may not have reached the chain. */
    SIGNED,
    SETTLED,
    /** The chain refused it; the client stops here until an operator retries it. */
    FAILED
  }

  /**
   * @param builtAtBlock the chain's block number when the part was built: no transaction of it can
   *     be in an earlier block (0 when unknown)
   */
  record Part(
      long intervalId,
      int part,
      int parts,
      byte[] calldata,
      Status status,
      OptionalLong nonce,
      Optional<String> txHash,
      Optional<byte[]> signedTx,
      Optional<String> error,
      long builtAtBlock) {}

  /** Parts not settled yet, oldest interval first, then by part. */
  List<Part> open();

  void signed(long intervalId, int part, long nonce, String txHash, byte[] signedTx);

  /**
   * @param where the transaction and block that settled it; empty when the chain says it is settled
   *     but the log could not be found (beyond the search window)
   */
  void settled(long intervalId, int part, Optional<SettlementLedger.Inclusion> where);

  void failed(long intervalId, int part, String reason);
}
