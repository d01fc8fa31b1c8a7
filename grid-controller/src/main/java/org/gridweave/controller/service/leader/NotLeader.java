package org.gridweave.controller.service.leader;

/**
 * This instance does not lead (or no longer holds the fence): what only the leader does is refused
 * here (409), naming the leader as last seen.
 */
public final class NotLeader extends RuntimeException {
  public NotLeader(String message) {
    super(message);
  }
}
