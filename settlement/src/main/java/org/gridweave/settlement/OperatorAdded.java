package org.gridweave.settlement;

/**
 * {@code OperatorAdded(address indexed operator)}: {@code operator} became an operator (the
 * deployer's in the constructor, then each {@code addOperator} that changed the set).
 */
public record OperatorAdded(Account operator) implements SettlementEvent {

  public OperatorAdded {
    if (operator == null) {
      throw new IllegalArgumentException("OperatorAdded needs the operator's account");
    }
  }
}
