package org.gridweave.besuplugin.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridweave.besuplugin.core.Fixtures.CONTRACT;
import static org.gridweave.besuplugin.core.Fixtures.INTERVAL_SECONDS;
import static org.gridweave.besuplugin.core.Fixtures.OPERATOR;
import static org.gridweave.besuplugin.core.Fixtures.READINGS_ROOT;
import static org.gridweave.besuplugin.core.Fixtures.STRANGER;
import static org.gridweave.besuplugin.core.Fixtures.T0;
import static org.gridweave.besuplugin.core.Fixtures.TRADES_ROOT;
import static org.gridweave.besuplugin.core.Fixtures.account;
import static org.gridweave.besuplugin.core.Fixtures.at;
import static org.gridweave.besuplugin.core.Fixtures.clockAt;
import static org.gridweave.besuplugin.core.Fixtures.config;
import static org.gridweave.besuplugin.core.Fixtures.operatorAdded;
import static org.gridweave.besuplugin.core.Fixtures.operatorRemoved;
import static org.gridweave.besuplugin.core.Fixtures.part;
import static org.gridweave.besuplugin.core.Fixtures.registered;
import static org.gridweave.besuplugin.core.Fixtures.removed;
import static org.gridweave.besuplugin.core.Fixtures.settled;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.gridweave.besuplugin.core.index.SettlementIndex;
import org.gridweave.besuplugin.core.options.EnergyConfig;
import org.gridweave.besuplugin.core.rules.Rejection.Reason;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.SettlementAbi;
import org.junit.jupiter.api.Test;

class SettlementTxRulesTest {

  private static final Account OWNER = account(0x0B);

  /** Interval T0 ended at T0 + 900; the clock is one second later. */
  private static final long NOW = T0 + INTERVAL_SECONDS + 1;

  private final SettlementIndex index = new SettlementIndex();
  private final SettlementTxRules rules = new SettlementTxRules(config(), index, clockAt(NOW));

  @Test
  void acceptsAnOperatorsCommitOfAnEndedUnsettledInterval() {
    assertThat(check(OPERATOR, commit(T0, 0, 1, balanced()))).isEmpty();
  }

  @Test
  void acceptsAnOperatorsRegistrationAndOperatorChanges() {
    assertThat(check(OPERATOR, call(SettlementAbi.REGISTER_PARTICIPANTS))).isEmpty();
    assertThat(check(OPERATOR, call(SettlementAbi.ADD_OPERATOR))).isEmpty();
    assertThat(check(OPERATOR, call(SettlementAbi.REMOVE_OPERATOR))).isEmpty();
  }

  @Test
  void passesAnythingNotAddressedToTheContract() {
    Account elsewhere = STRANGER;

    assertThat(rules.check(Optional.of(elsewhere), STRANGER, new byte[] {1, 2})).isEmpty();
    assertThat(rules.check(Optional.empty(), STRANGER, new byte[] {1, 2})).isEmpty();
  }

  @Test
  void rejectsACallFromANonOperator() {
    Optional<Rejection> rejection = check(STRANGER, commit(T0, 0, 1, balanced()));

    assertThat(rejection.orElseThrow().reason()).isEqualTo(Reason.NOT_AN_OPERATOR);
    assertThat(rejection.orElseThrow().message())
        .isEqualTo("sender " + STRANGER + " is not a settlement operator of contract " + CONTRACT);
  }

  @Test
  void rejectsCalldataWithoutASelector() {
    assertThat(check(OPERATOR, new byte[] {1, 2, 3}).orElseThrow().reason())
        .isEqualTo(Reason.NO_FUNCTION_SELECTOR);
  }

  @Test
  void rejectsAFunctionThatChangesNoState() {
    Optional<Rejection> rejection = check(OPERATOR, call(SettlementAbi.VERIFY_TRADE));

    assertThat(rejection.orElseThrow().reason()).isEqualTo(Reason.UNKNOWN_FUNCTION);
    assertThat(rejection.orElseThrow().message())
        .contains(SettlementAbi.selectorHex(SettlementAbi.VERIFY_TRADE));
  }

  @Test
  void rejectsUndecodableCalldataWithTheDecodersReason() {
    byte[] truncated = Arrays.copyOf(commit(T0, 0, 1, balanced()), 100);

    Optional<Rejection> rejection = check(OPERATOR, truncated);

    assertThat(rejection.orElseThrow().reason()).isEqualTo(Reason.UNDECODABLE_CALLDATA);
    assertThat(rejection.orElseThrow().message()).startsWith("undecodable commitInterval call: ");
  }

  @Test
  void rejectsDeltasNotSummingToZero() {
    Optional<Rejection> rejection =
        check(OPERATOR, commit(T0, 0, 1, List.of(new Delta(1, 5), new Delta(2, -4))));

    assertThat(rejection.orElseThrow().reason()).isEqualTo(Reason.DELTAS_NOT_ZERO_SUM);
    assertThat(rejection.orElseThrow().message())
        .isEqualTo("deltas of interval " + T0 + " part 0 sum to 1 micros, not zero");
  }

  @Test
  void rejectsAnIntervalIdOffTheGrid() {
    assertThat(check(OPERATOR, commit(T0 + 1, 0, 1, balanced())).orElseThrow().reason())
        .isEqualTo(Reason.INTERVAL_NOT_ALIGNED);
  }

  @Test
  void rejectsAnIntervalThatHasNotEnded() {
    long current = T0 + INTERVAL_SECONDS; // ends at NOW + 899

    Optional<Rejection> rejection = check(OPERATOR, commit(current, 0, 1, balanced()));

    assertThat(rejection.orElseThrow().reason()).isEqualTo(Reason.INTERVAL_IN_FUTURE);
    assertThat(rejection.orElseThrow().message())
        .isEqualTo(
            "interval "
                + current
                + " ends at "
                + (current + INTERVAL_SECONDS)
                + ", after now ("
                + NOW
                + ") + the clock tolerance of 30 s: it cannot be settled yet");
  }

  @Test
  void toleratesANodeClockLaggingTheBlockProducersByTheConfiguredSeconds() {
    // The block producer's clock says T0 + 900 (interval T0 has ended); this node's is behind.
    long lagging = T0 + INTERVAL_SECONDS - 30;
    SettlementTxRules withDefault = new SettlementTxRules(config(), index, clockAt(lagging));
    SettlementTxRules tooFarBehind = new SettlementTxRules(config(), index, clockAt(lagging - 1));
    SettlementTxRules strict =
        new SettlementTxRules(configWithTolerance(0), index, clockAt(lagging));

    assertThat(withDefault.check(Optional.of(CONTRACT), OPERATOR, commit(T0, 0, 1, balanced())))
        .isEmpty();
    assertThat(
            tooFarBehind
                .check(Optional.of(CONTRACT), OPERATOR, commit(T0, 0, 1, balanced()))
                .orElseThrow()
                .reason())
        .isEqualTo(Reason.INTERVAL_IN_FUTURE);
    assertThat(
            strict
                .check(Optional.of(CONTRACT), OPERATOR, commit(T0, 0, 1, balanced()))
                .orElseThrow()
                .message())
        .endsWith("+ the clock tolerance of 0 s: it cannot be settled yet");
  }

  @Test
  void anOperatorAddedOnChainMayCommitAndAConfiguredOneRemovedOnChainMayNot() {
    index.apply(operatorAdded(STRANGER, at(3)));
    index.apply(operatorRemoved(OPERATOR, at(4)));

    assertThat(check(STRANGER, commit(T0, 0, 1, balanced()))).isEmpty();
    assertThat(check(OPERATOR, commit(T0, 0, 1, balanced())).orElseThrow().reason())
        .isEqualTo(Reason.NOT_AN_OPERATOR);
    assertThat(rules.operators().effective()).containsExactly(STRANGER);

    // A re-org takes the removal back: the configured operator is one again
    index.apply(removed(operatorRemoved(OPERATOR, at(4))));
    assertThat(check(OPERATOR, commit(T0, 0, 1, balanced()))).isEmpty();
    assertThat(rules.operators().effective()).containsExactly(OPERATOR, STRANGER);
  }

  @Test
  void theOwnerLearntFromTheDeploymentMayAlwaysChangeOperatorsAndNobodyElse() {
    // Deployed by OWNER, who is not configured, then OWNER drops its own operator role
    index.apply(operatorAdded(OWNER, at(1)));
    index.apply(registered(0, OWNER, at(1)));
    index.apply(operatorRemoved(OWNER, at(2)));

    assertThat(check(OWNER, call(SettlementAbi.ADD_OPERATOR))).isEmpty();
    assertThat(check(OWNER, call(SettlementAbi.REMOVE_OPERATOR))).isEmpty();
    assertThat(check(OWNER, commit(T0, 0, 1, balanced())).orElseThrow().reason())
        .isEqualTo(Reason.NOT_AN_OPERATOR);
    Rejection byOperator = check(OPERATOR, call(SettlementAbi.ADD_OPERATOR)).orElseThrow();
    assertThat(byOperator.reason()).isEqualTo(Reason.NOT_THE_OWNER);
    assertThat(byOperator.message())
        .isEqualTo(
            "sender "
                + OPERATOR
                + " is not the owner ("
                + OWNER
                + ") of contract "
                + CONTRACT
                + ", who alone adds and removes operators");
  }

  @Test
  void withoutKnowingTheOwnerConfiguredAndEffectiveOperatorsMayChangeOperators() {
    index.apply(operatorRemoved(OPERATOR, at(2))); // configured: still let through
    index.apply(operatorAdded(OWNER, at(3)));

    assertThat(check(OPERATOR, call(SettlementAbi.REMOVE_OPERATOR))).isEmpty();
    assertThat(check(OWNER, call(SettlementAbi.ADD_OPERATOR))).isEmpty();
    Rejection byStranger = check(STRANGER, call(SettlementAbi.ADD_OPERATOR)).orElseThrow();
    assertThat(byStranger.reason()).isEqualTo(Reason.NOT_AN_OPERATOR);
    assertThat(byStranger.message())
        .isEqualTo(
            "sender "
                + STRANGER
                + " is no settlement operator of contract "
                + CONTRACT
                + " and this node does not know its owner (list the owner in"
                + " --plugin-energy-operators)");
  }

  @Test
  void acceptsAnIntervalEndingExactlyNow() {
    SettlementTxRules atTheEnd =
        new SettlementTxRules(config(), index, clockAt(T0 + INTERVAL_SECONDS));

    assertThat(atTheEnd.check(Optional.of(CONTRACT), OPERATOR, commit(T0, 0, 1, balanced())))
        .isEmpty();
  }

  @Test
  void rejectsAnIntervalAlreadySettled() {
    index.apply(settled(T0, at(10)));

    assertThat(check(OPERATOR, commit(T0, 0, 1, balanced())).orElseThrow().reason())
        .isEqualTo(Reason.INTERVAL_ALREADY_SETTLED);
  }

  @Test
  void rejectsAPartAlreadySettledButAcceptsTheNextPart() {
    index.apply(part(T0, 0, 2, balanced(), at(10)));

    assertThat(check(OPERATOR, commit(T0, 0, 2, balanced())).orElseThrow().message())
        .isEqualTo("part 0 of 2 of interval " + T0 + " is already settled");
    assertThat(check(OPERATOR, commit(T0, 1, 2, balanced()))).isEmpty();
  }

  @Test
  void countsRejectionsByReason() {
    check(STRANGER, commit(T0, 0, 1, balanced()));
    check(STRANGER, commit(T0, 0, 1, balanced()));
    check(OPERATOR, new byte[0]);
    check(OPERATOR, commit(T0, 0, 1, balanced()));

    assertThat(rules.rejections().of(Reason.NOT_AN_OPERATOR)).isEqualTo(2);
    assertThat(rules.rejections().of(Reason.NO_FUNCTION_SELECTOR)).isEqualTo(1);
    assertThat(rules.rejections().all().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(3);
  }

  private static EnergyConfig configWithTolerance(long clockToleranceSeconds) {
    return new EnergyConfig(
        CONTRACT, List.of(OPERATOR), Optional.empty(), INTERVAL_SECONDS, clockToleranceSeconds);
  }

  private Optional<Rejection> check(Account sender, byte[] payload) {
    return rules.check(Optional.of(CONTRACT), sender, payload);
  }

  private static List<Delta> balanced() {
    return List.of(new Delta(1, 1_500), new Delta(2, -1_000), new Delta(0, -500));
  }

  private static byte[] commit(long intervalId, int part, int parts, List<Delta> deltas) {
    return new CommitCall(intervalId, TRADES_ROOT, READINGS_ROOT, part, parts, deltas).encode();
  }

  /** A selector followed by one zero word: the rules read no further. */
  private static byte[] call(int selector) {
    return ByteBuffer.allocate(36).putInt(selector).array();
  }
}
