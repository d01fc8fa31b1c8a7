package org.gridweave.besuplugin.core.rules;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.gridweave.besuplugin.core.index.SettlementIndex;
import org.gridweave.besuplugin.core.options.EnergyConfig;
import org.gridweave.besuplugin.core.rules.Rejection.Reason;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.SettlementAbi;
import org.gridweave.settlement.UndecodableCallException;

/**
 * Decides whether a transaction may enter the pool, by the settlement contract's own rules, so that
 * a call bound to revert never takes block space (ADR 0013).
 *
 * <ul>
 *   <li>A transaction not addressed to the contract (including a contract creation) passes.
 *   <li>{@code addOperator} / {@code removeOperator}: the sender must be the owner; when this node
 *       does not know the owner, a configured or effective operator ({@link Operators}).
 *   <li>Anything else to the contract: the sender must be an effective operator ({@link Operators}:
 *       the configured ones corrected by the contract's operator logs) and the function one that
 *       changes state: {@code commitInterval}, {@code registerParticipants}.
 *   <li>A {@code commitInterval} must decode; its deltas sum to zero; its interval id is a multiple
 *       of the interval length and the interval has ended by this node's clock, give or take the
 *       configured clock tolerance (the contract judges by the block's timestamp, which the block
 *       producer's clock sets); neither the interval nor the part is already settled in the {@link
 *       SettlementIndex}.
 * </ul>
 *
 * The contract checks all of this again. Each rejection is counted in {@link #rejections()}.
 * Thread-safe.
 */
public final class SettlementTxRules {

  private static final Set<Integer> OWNER_FUNCTIONS =
      Set.of(SettlementAbi.ADD_OPERATOR, SettlementAbi.REMOVE_OPERATOR);

  private final EnergyConfig config;
  private final SettlementIndex index;
  private final Operators operators;
  private final Clock clock;
  private final RejectionCounts rejections = new RejectionCounts();

  public SettlementTxRules(EnergyConfig config, SettlementIndex index, Clock clock) {
    this.config = config;
    this.index = index;
    this.operators = new Operators(config, index);
    this.clock = clock;
  }

  /**
   * The reason to reject the transaction, or empty to accept it.
   *
   * @param to the recipient; empty for a contract creation
   * @param sender the signer
   * @param payload the calldata
   */
  public Optional<Rejection> check(Optional<Account> to, Account sender, byte[] payload) {
    if (to.isEmpty() || !to.get().equals(config.contract())) {
      return Optional.empty();
    }
    Optional<Rejection> rejection = decide(sender, payload);
    rejection.ifPresent(r -> rejections.count(r.reason()));
    return rejection;
  }

  public RejectionCounts rejections() {
    return rejections;
  }

  /** The operator set the rules judge by. */
  public Operators operators() {
    return operators;
  }

  private Optional<Rejection> decide(Account sender, byte[] payload) {
    Optional<Integer> selector = SettlementAbi.selectorOf(payload);
    if (selector.isPresent() && OWNER_FUNCTIONS.contains(selector.get())) {
      return checkOperatorChange(sender);
    }
    if (!operators.isOperator(sender)) {
      return reject(
          Reason.NOT_AN_OPERATOR,
          "sender " + sender + " is not a settlement operator of contract " + config.contract());
    }
    if (selector.isEmpty()) {
      return reject(
          Reason.NO_FUNCTION_SELECTOR,
          "calldata of "
              + payload.length
              + " bytes has no 4-byte function selector for the settlement contract");
    }
    if (selector.get() == SettlementAbi.REGISTER_PARTICIPANTS) {
      return Optional.empty();
    }
    if (selector.get() != SettlementAbi.COMMIT_INTERVAL) {
      return reject(
          Reason.UNKNOWN_FUNCTION,
          "function selector "
              + SettlementAbi.selectorHex(selector.get())
              + " is no state-changing function of the settlement contract");
    }
    CommitCall call;
    try {
      call = CommitCall.decode(payload);
    } catch (UndecodableCallException e) {
      return reject(Reason.UNDECODABLE_CALLDATA, "undecodable commitInterval call: " + e.reason());
    }
    return checkCommit(call);
  }

  private Optional<Rejection> checkOperatorChange(Account sender) {
    if (operators.mayChangeOperators(sender)) {
      return Optional.empty();
    }
    Optional<Account> owner = operators.owner();
    if (owner.isPresent()) {
      return reject(
          Reason.NOT_THE_OWNER,
          "sender "
              + sender
              + " is not the owner ("
              + owner.get()
              + ") of contract "
              + config.contract()
              + ", who alone adds and removes operators");
    }
    return reject(
        Reason.NOT_AN_OPERATOR,
        "sender "
            + sender
            + " is no settlement operator of contract "
            + config.contract()
            + " and this node does not know its owner (list the owner in"
            + " --plugin-energy-operators)");
  }

  private Optional<Rejection> checkCommit(CommitCall call) {
    long intervalId = call.intervalId();
    long intervalSeconds = config.intervalSeconds();
    if (!call.sumsToZero()) {
      return reject(
          Reason.DELTAS_NOT_ZERO_SUM,
          "deltas of interval "
              + intervalId
              + " part "
              + call.part()
              + " sum to "
              + call.sumMicros()
              + " micros, not zero");
    }
    if (intervalId % intervalSeconds != 0) {
      return reject(
          Reason.INTERVAL_NOT_ALIGNED,
          "interval id " + intervalId + " is not a multiple of " + intervalSeconds + " s");
    }
    long now = clock.instant().getEpochSecond();
    long tolerance = config.clockToleranceSeconds();
    long endsAt = intervalId + intervalSeconds;
    if (endsAt > now + tolerance) {
      return reject(
          Reason.INTERVAL_IN_FUTURE,
          "interval "
              + intervalId
              + " ends at "
              + endsAt
              + ", after now ("
              + now
              + ") + the clock tolerance of "
              + tolerance
              + " s: it cannot be settled yet");
    }
    if (index.isSettled(intervalId)) {
      return reject(
          Reason.INTERVAL_ALREADY_SETTLED, "interval " + intervalId + " is already settled");
    }
    if (index.isPartSettled(intervalId, call.part())) {
      return reject(
          Reason.PART_ALREADY_SETTLED,
          "part "
              + call.part()
              + " of "
              + call.parts()
              + " of interval "
              + intervalId
              + " is already settled");
    }
    return Optional.empty();
  }

  private static Optional<Rejection> reject(Reason reason, String message) {
    return Optional.of(new Rejection(reason, message));
  }
}
