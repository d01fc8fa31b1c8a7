package org.gridweave.besuplugin.core.rules;

/**
 * Why a transaction to the settlement contract is kept out of the pool.
 *
 * @param reason the rule it breaks (counted by {@link RejectionCounts})
 * @param message the reason as Besu reports it to the sender
 */
public record Rejection(Reason reason, String message) {

  public Rejection {
    if (reason == null || message == null || message.isBlank()) {
      throw new IllegalArgumentException("a rejection needs a reason and a message");
    }
  }

  /** The rules a settlement transaction can break. */
  public enum Reason {
    /**
     * The sender is no effective operator (configured, corrected by the contract's operator logs);
     * for {@code addOperator}/{@code removeOperator}: nor the owner, which this node does not know.
     */
    NOT_AN_OPERATOR,
    /** {@code addOperator}/{@code removeOperator} from another account than the known owner. */
    NOT_THE_OWNER,
    /** The calldata is shorter than a 4-byte function selector. */
    NO_FUNCTION_SELECTOR,
    /** The selector is no state-changing function of the contract. */
    UNKNOWN_FUNCTION,
    /** The selector is {@code commitInterval} but the arguments do not decode. */
    UNDECODABLE_CALLDATA,
    /** The part's deltas do not sum to zero. */
    DELTAS_NOT_ZERO_SUM,
    /** The interval id is not a multiple of the interval length. */
    INTERVAL_NOT_ALIGNED,
    /** The interval has not ended yet (by this node's clock plus the clock tolerance). */
    INTERVAL_IN_FUTURE,
    /** The interval already has its final settlement. */
    INTERVAL_ALREADY_SETTLED,
    /** This part of the interval was already settled. */
    PART_ALREADY_SETTLED
  }
}
