package org.gridweave.controller.market;

/** An order the market refuses, with its reason code and a sentence. */
public final class OrderRejected extends RuntimeException {
  private final OrderReason reason;

  public OrderRejected(OrderReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public OrderReason reason() {
    return reason;
  }
}
