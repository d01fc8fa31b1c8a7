package org.gridweave.gateway.ingest;

/** Tells a meter why its message was refused (the MQTT {@code rejected} topic). Best effort. */
public interface RejectionNotices {
  void publish(RejectedMessage rejection);
}
