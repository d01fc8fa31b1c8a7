package org.gridweave.gateway.ingest;

/** Whether readings arrived live or late from a meter's spool; stored apart. */
public enum Stream {
  LIVE,
  BACKFILL
}
