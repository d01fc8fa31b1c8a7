package org.gridweave.gateway.ingest;

import org.gridweave.core.protocol.RejectReason;

/** Counters the ingest path reports; the adapter maps them to Prometheus meters. */
public interface IngestMetrics {
  void accepted(int messages, int samples);

  void rejected(RejectReason reason);

  /** Seconds from a sample's timestamp to its commit, for live readings only. */
  void lag(double seconds);

  void batch(int messages, double commitSeconds);

  IngestMetrics NONE =
      new IngestMetrics() {
        @Override
        public void accepted(int messages, int samples) {}

        @Override
        public void rejected(RejectReason reason) {}

        @Override
        public void lag(double seconds) {}

        @Override
        public void batch(int messages, double commitSeconds) {}
      };
}
