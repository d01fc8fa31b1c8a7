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
 *   <li>To the contract, the sender must be an operator and the function one that changes state:
 *       {@code commitInterval}, {@code registerParticipants}, {@code addOperator}, {@code
 *       removeOperator}.
 *   <li>A {@code commitInterval} must decode; its deltas sum to zero; its interval id is a multiple
 *       of the interval length and the interval has ended by this node's clock; neither the
 *       interval nor the part is already settled in the {@link SettlementIndex}.
 * </ul>
 *
 * The contract checks all of this again (the owner-only rule of {@code addOperator} and {@code
 * removeOperator} only there). Each rejection is counted in {@link #rejections()}. Thread-safe.
 */
public final class SettlementTxRules {

  private static final Set<Integer> OPERATOR_FUNCTIONS =
      Set.of(
          SettlementAbi.REGISTER_PARTICIPANTS,
          SettlementAbi.ADD_OPERATOR,
          SettlementAbi.REMOVE_OPERATOR);

  private final EnergyConfig config;
  private final SettlementIndex index;
  private final Clock clock;
  private final RejectionCounts rejections = new RejectionCounts();

  public SettlementTxRules(EnergyConfig config, SettlementIndex index, Clock clock) {
    this.config = config;
    this.index = index;
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

  private Optional<Rejection> decide(Account sender, byte[] payload) {
    if (!config.isOperator(sender)) {
      return reject(
          Reason.NOT_AN_OPERATOR,
          "sender " + sender + " is not a settlement operator of contract " + config.contract());
    }
    Optional<Integer> selector = SettlementAbi.selectorOf(payload);
    if (selector.isEmpty()) {
      return reject(
          Reason.NO_FUNCTION_SELECTOR,
          "calldata of "
              + payload.length
              + " bytes has no 4-byte function selector for the settlement contract");
    }
    if (OPERATOR_FUNCTIONS.contains(selector.get())) {
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
    if (intervalId > now - intervalSeconds) {
      return reject(
          Reason.INTERVAL_IN_FUTURE,
          "interval "
              + intervalId
              + " ends at "
              + (intervalId + intervalSeconds)
              + ", after now ("
              + now
              + "): it cannot be settled yet");
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
