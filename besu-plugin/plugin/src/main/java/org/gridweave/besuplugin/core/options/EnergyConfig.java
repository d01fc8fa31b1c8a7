package org.gridweave.besuplugin.core.options;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.gridweave.settlement.Account;

/**
 * The plugin's validated settings.
 *
 * @param contract the {@code EnergySettlement} contract the plugin watches and guards
 * @param operators the accounts taken as operators until the contract's logs say otherwise (at
 *     least one, no duplicates; see {@code Operators})
 * @param mqttUri where the bridge publishes settled intervals; empty: no bridge
 * @param intervalSeconds the contract's interval length in seconds
 * @param clockToleranceSeconds how far this node's clock may lag the block producer's: an interval
 *     counts as ended once it ends at most this many seconds after the node's now (0..3600)
 */
public record EnergyConfig(
    Account contract,
    List<Account> operators,
    Optional<URI> mqttUri,
    long intervalSeconds,
    long clockToleranceSeconds) {

  /** The default of {@code --plugin-energy-clock-tolerance}. */
  public static final long DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;

  /** The most {@code --plugin-energy-clock-tolerance} takes: an hour. */
  public static final long MAX_CLOCK_TOLERANCE_SECONDS = 3_600;

  /** With the default clock tolerance. */
  public EnergyConfig(
      Account contract, List<Account> operators, Optional<URI> mqttUri, long intervalSeconds) {
    this(contract, operators, mqttUri, intervalSeconds, DEFAULT_CLOCK_TOLERANCE_SECONDS);
  }

  public EnergyConfig {
    if (contract == null) {
      throw new IllegalArgumentException("the settlement contract's address is required");
    }
    if (operators == null || operators.isEmpty()) {
      throw new IllegalArgumentException("at least one operator account is required");
    }
    operators = List.copyOf(operators);
    if (operators.stream().distinct().count() != operators.size()) {
      throw new IllegalArgumentException("operator accounts repeat: " + operators);
    }
    if (mqttUri == null) {
      throw new IllegalArgumentException("mqttUri is Optional.empty() when there is no bridge");
    }
    if (intervalSeconds <= 0) {
      throw new IllegalArgumentException(
          "intervalSeconds must be positive, got " + intervalSeconds);
    }
    if (clockToleranceSeconds < 0 || clockToleranceSeconds > MAX_CLOCK_TOLERANCE_SECONDS) {
      throw new IllegalArgumentException(
          "clockToleranceSeconds must be 0.."
              + MAX_CLOCK_TOLERANCE_SECONDS
              + ", got "
              + clockToleranceSeconds);
    }
  }

  /** Whether {@code account} is one of the configured operators (not the effective set). */
  public boolean isOperator(Account account) {
    return operators.contains(account);
  }
}
