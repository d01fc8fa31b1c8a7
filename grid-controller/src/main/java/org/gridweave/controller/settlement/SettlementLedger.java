package org.gridweave.controller.settlement;

import java.time.Duration;
import java.util.Optional;

/**
 * The settlement contract as the ledger client sees it, signed by the operator account. Every
 * method may throw {@link ChainUnavailableException} when the node cannot be reached; nothing else
 * escapes for an unreachable chain.
 */
public interface SettlementLedger {

  /** A transaction signed offline: its hash is known before it is sent. */
  record SignedTx(String hash, long nonce, byte[] raw) {}

  /** Where a settled part was included. */
  record Inclusion(String txHash, long block) {}

  /** A mined transaction's outcome. */
  record Receipt(boolean success, long block, String revertReason) {}

  boolean isPartSettled(long intervalId, int part);

  /**
   * The transaction and block of a settled part: from the receipt of {@code sentTx} if that
   * transaction settled it, else from its {@code IntervalPartSettled} log, searched backwards from
   * the latest block down to {@code fromBlock} in windows a node accepts; empty if not found.
   */
  Optional<Inclusion> inclusion(long intervalId, int part, Optional<String> sentTx, long fromBlock);

  /** The latest block's number. */
  long blockNumber();

  /** The operator's nonce at the latest block: how many of its transactions are mined. */
  long minedNonce();

  /** The operator's next nonce, counting its transactions still in the pool. */
  long pendingNonce();

  /**
   * Signs the commit call offline (no state change).
   *
   * @throws RefusedException when the contract would refuse it as it stands
   * @throws NotYetException when the contract will take it later (by the chain's clock the interval
   *     has not ended yet)
   */
  SignedTx sign(byte[] calldata, long nonce);

  /** Sends a signed transaction; one the node already has is not an error. */
  void send(SignedTx tx);

  /** Waits up to {@code timeout} for a receipt; empty if none arrived. */
  Optional<Receipt> awaitReceipt(String txHash, Duration timeout);

  /** The contract refuses the call (a broken rule it names); sending it would only revert. */
  final class RefusedException extends RuntimeException {
    public RefusedException(String message) {
      super(message);
    }
  }

  /** The contract will take the call later; nothing is wrong with it. */
  final class NotYetException extends RuntimeException {
    public NotYetException(String message) {
      super(message);
    }
  }

  /** The chain cannot be reached (connection refused, timeout, node error). */
  final class ChainUnavailableException extends RuntimeException {
    public ChainUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
