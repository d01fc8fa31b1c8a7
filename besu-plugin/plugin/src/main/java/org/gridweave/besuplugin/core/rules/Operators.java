package org.gridweave.besuplugin.core.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.besuplugin.core.index.SettlementIndex;
import org.gridweave.besuplugin.core.options.EnergyConfig;
import org.gridweave.settlement.Account;

/**
 * Who may call the settlement contract, as far as this node knows: the configured operators ({@code
 * --plugin-energy-operators}), corrected by the contract's {@code OperatorAdded} / {@code
 * OperatorRemoved} logs seen since the start (a removed log undoes its change). An account's latest
 * live change decides its role; an account without one keeps its configured role.
 *
 * <p>The owner alone may call {@code addOperator} / {@code removeOperator}. This node knows the
 * owner only if it saw the deployment (whose logs are {@code OperatorAdded(owner)} and {@code
 * ParticipantRegistered(0, owner)}): then the owner, and only the owner, passes. Otherwise anyone
 * in the configured or effective operators passes (one of them may be the owner; the contract
 * decides), so the owner's account must be in {@code --plugin-energy-operators} for a node started
 * after the deployment to let its calls through even when the owner has removed its own operator
 * role. Thread-safe (reads the index on each call).
 */
public final class Operators {

  private final EnergyConfig config;
  private final SettlementIndex index;

  public Operators(EnergyConfig config, SettlementIndex index) {
    this.config = config;
    this.index = index;
  }

  /** Whether {@code account} is an operator now: its latest logged change, else the config. */
  public boolean isOperator(Account account) {
    return index.operatorRole(account).orElseGet(() -> config.isOperator(account));
  }

  /**
   * The effective operators: the configured ones not removed since, in their configured order, then
   * those added since the start.
   */
  public List<Account> effective() {
    Map<Account, Boolean> logged = index.operatorChanges();
    List<Account> effective = new ArrayList<>();
    for (Account configured : config.operators()) {
      if (logged.getOrDefault(configured, true)) {
        effective.add(configured);
      }
    }
    logged.forEach((account, operator) -> {
      if (operator && !effective.contains(account)) {
        effective.add(account);
      }
    });
    return effective;
  }

  /** The owner, if this node saw the deployment. */
  public Optional<Account> owner() {
    return index.owner();
  }

  /**
   * Whether {@code account} may call {@code addOperator} / {@code removeOperator} as far as this
   * node can tell: the owner if known, else any configured or effective operator.
   */
  public boolean mayChangeOperators(Account account) {
    Optional<Account> owner = owner();
    if (owner.isPresent()) {
      return owner.get().equals(account);
    }
    return config.isOperator(account) || isOperator(account);
  }
}
