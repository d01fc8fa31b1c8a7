package org.gridweave.settlement;

/**
 * {@code OperatorRemoved(address indexed operator)}: {@code operator} is no longer an operator (a
 * {@code removeOperator} that changed the set).
 */
public record OperatorRemoved(Account operator) implements SettlementEvent {

  public OperatorRemoved {
    if (operator == null) {
      throw new IllegalArgumentException("OperatorRemoved needs the operator's account");
    }
  }
}
