package org.gridweave.besuplugin.core.options;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.gridweave.settlement.Account;

/**
 * The plugin's validated settings.
 *
 * @param contract the {@code EnergySettlement} contract the plugin watches and guards
 * @param operators the accounts allowed to call it (at least one, no duplicates)
 * @param mqttUri where the bridge publishes settled intervals; empty: no bridge
 * @param intervalSeconds the contract's interval length in seconds
 */
public record EnergyConfig(
    Account contract, List<Account> operators, Optional<URI> mqttUri, long intervalSeconds) {

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
  }

  public boolean isOperator(Account account) {
    return operators.contains(account);
  }
}
