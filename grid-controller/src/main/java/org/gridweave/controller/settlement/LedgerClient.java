package org.gridweave.controller.settlement;

import java.time.Duration;
import java.util.Optional;
import org.gridweave.controller.settlement.SettlementLedger.Inclusion;
import org.gridweave.controller.settlement.SettlementLedger.Receipt;
import org.gridweave.controller.settlement.SettlementLedger.SignedTx;
import org.gridweave.controller.settlement.SettlementOutbox.Part;
import org.gridweave.controller.settlement.SettlementOutbox.Status;

/**
 * Moves the outbox's parts onto the chain, exactly once and in order (ADR 0013).
 *
 * <p>Every pass first asks the chain, never its own memory: a part the contract already holds is
 * marked settled from its log, whatever the outbox said. A part signed before is re-sent as the
 * very same transaction (same nonce, same hash), so a crash between submit and receipt cannot
 * produce a second one; only when the operator's nonce has moved past it — that transaction can
 * never be mined any more — and the contract still lacks the part, is it signed again. The contract
 * accepts each part once in any case.
 *
 * <p>A pass stops at the first part that is not settled when it ends (no receipt yet, chain
 * unreachable, refused), so intervals settle in order and none is skipped. Not thread-safe: one
 * caller at a time.
 */
public final class LedgerClient {

  /** What one pass did. */
  public record Pass(int settled, Optional<String> stoppedBecause) {}

  private final SettlementOutbox outbox;
  private final SettlementLedger ledger;
  private final Duration receiptWait;

  public LedgerClient(SettlementOutbox outbox, SettlementLedger ledger, Duration receiptWait) {
    this.outbox = outbox;
    this.ledger = ledger;
    this.receiptWait = receiptWait;
  }

  /**
   * Settles open parts in order until one cannot be settled now.
   *
   * @throws SettlementLedger.ChainUnavailableException when the chain cannot be reached; what was
   *     settled before stays settled, and the next pass resumes
   */
  public Pass settle() {
    int settled = 0;
    for (Part p : outbox.open()) {
      if (reconciled(p)) { // whatever the outbox says, even a part marked refused
        settled++;
        continue;
      }
      if (p.status() == Status.FAILED) {
        return new Pass(settled, Optional.of(where(p) + " was refused: " + p.error().orElse("")));
      }
      SignedTx tx;
      try {
        Optional<SignedTx> signed = signedOrResigned(p);
        if (signed.isEmpty()) { // its own transaction was mined meanwhile
          settled++;
          continue;
        }
        tx = signed.get();
      } catch (SettlementLedger.NotYetException e) {
        return new Pass(settled, Optional.of(where(p) + ": not yet: " + e.getMessage()));
      } catch (SettlementLedger.RefusedException e) {
        if (reconciled(p)) { // refused because it landed meanwhile
          settled++;
          continue;
        }
        outbox.failed(p.intervalId(), p.part(), e.getMessage());
        return new Pass(settled, Optional.of(where(p) + " was refused: " + e.getMessage()));
      }
      ledger.send(tx);
      Optional<Receipt> receipt = ledger.awaitReceipt(tx.hash(), receiptWait);
      if (receipt.isEmpty()) {
        return new Pass(settled, Optional.of(where(p) + ": no receipt yet for " + tx.hash()));
      }
      if (!receipt.get().success()) {
        if (reconciled(p)) { // refused because it was already there (e.g. another client)
          settled++;
          continue;
        }
        String reason = "transaction " + tx.hash() + " reverted: " + receipt.get().revertReason();
        outbox.failed(p.intervalId(), p.part(), reason);
        return new Pass(settled, Optional.of(where(p) + " " + reason));
      }
      outbox.settled(
          p.intervalId(), p.part(), Optional.of(new Inclusion(tx.hash(), receipt.get().block())));
      settled++;
    }
    return new Pass(settled, Optional.empty());
  }

  /** Marks the part settled if the contract already has it. */
  private boolean reconciled(Part p) {
    if (!ledger.isPartSettled(p.intervalId(), p.part())) {
      return false;
    }
    // where: the receipt of the transaction it sent, else the logs from the block it was built at
    outbox.settled(
        p.intervalId(),
        p.part(),
        ledger.inclusion(p.intervalId(), p.part(), p.txHash(), p.builtAtBlock()));
    return true;
  }

  /**
   * The part's transaction: the stored one while it can still be mined, else a new one. Empty when
   * the stored one turns out to be mined after all (its nonce moved because of it).
   */
  private Optional<SignedTx> signedOrResigned(Part p) {
    if (p.status() == Status.SIGNED
        && p.signedTx().isPresent()
        && p.nonce().isPresent()
        && p.txHash().isPresent()) {
      long nonce = p.nonce().getAsLong();
      if (ledger.minedNonce() <= nonce) {
        if (nonce <= ledger.pendingNonce()) { // in the pool, or the next one the chain takes
          return Optional.of(new SignedTx(p.txHash().get(), nonce, p.signedTx().get()));
        }
        // a gap before it (the node lost its pool or blocks): it would wait forever
      } else if (reconciled(p)) {
        // the nonce is used: by this very transaction if it was mined since we asked the contract
        return Optional.empty();
      }
    }
    // never signed, its nonce taken by another transaction, or stuck behind a gap: sign anew (were
    // the old one ever mined as well, the contract refuses the second)
    SignedTx tx = ledger.sign(p.calldata(), ledger.pendingNonce());
    outbox.signed(p.intervalId(), p.part(), tx.nonce(), tx.hash(), tx.raw());
    return Optional.of(tx);
  }

  private static String where(Part p) {
    return "interval " + p.intervalId() + " part " + (p.part() + 1) + "/" + p.parts();
  }
}
