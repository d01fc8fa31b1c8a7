package org.gridweave.gateway.peers;

import java.time.Duration;
import java.util.List;

/**
 * Who else ingests on the same broker and database: every gateway instance writes a heartbeat;
 * instances whose heartbeat is older than a limit are claimed, one claimant at a time, by a live
 * one that takes over their MQTT sessions ({@link Drain}). Times are the database's, so the
 * instances' clocks need not agree.
 */
public interface PeerDirectory {

  /** This instance is alive (and owns its sessions again: any claim on it ends). */
  void heartbeat(String self);

  /**
   * Claims, or keeps claiming for another {@code claimFor}, the instances other than {@code self}
   * whose heartbeat is older than {@code staleAfter} and which nobody else holds a live claim on.
   *
   * @return every instance {@code self} now holds a claim on
   */
  List<String> claimStale(String self, Duration staleAfter, Duration claimFor);

  /** The peer's sessions are deleted: forget it (unless it came back meanwhile). */
  void retired(String self, String peer);

  /** {@code self} no longer works on the peer (it came back, or the broker went away). */
  void release(String self, String peer);
}
