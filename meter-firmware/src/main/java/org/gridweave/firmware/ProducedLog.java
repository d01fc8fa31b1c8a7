package org.gridweave.firmware;

/**
 * Hears about every telemetry message a meter produces, after it is safely in the spool and before
 * it is published. Fault-injection tests compare this record with what the back end stored. Called
 * on the meter's scheduler thread; implementations must be thread-safe when shared by a fleet.
 */
@FunctionalInterface
public interface ProducedLog {
  ProducedLog NONE = message -> {};

  void produced(ProducedMessage message);
}
