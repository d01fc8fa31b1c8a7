package org.gridweave.gateway.peers;

import java.time.Duration;
import java.time.Instant;

/**
 * Taking over a dead peer's MQTT session, one step at a time (plain Java, no clock of its own).
 *
 * <p>With a shared subscription the broker deals each message to one member of the group; a member
 * whose persistent session outlives its process keeps being dealt its share, which waits in the
 * session (Mosquitto queues it) until that instance comes back — or forever, when it never does (a
 * Kubernetes pod replaced under a new name). A survivor therefore connects as the dead peer,
 * receives what waits there and stores it like any message (ack after commit, de-duplicated on
 * meter and sequence), then leaves the group on the peer's behalf and deletes the session, so the
 * broker deals everything to the members that are alive:
 *
 * <ol>
 *   <li>{@link Action#UNSUBSCRIBE} at once, {@link Phase#LEAVING}: the session leaves the share
 *       groups, so the broker deals it nothing new (while it is a member, a loaded group never lets
 *       it go quiet); what already waits in it is still delivered;
 *   <li>when nothing has arrived for {@code quiet} and every received message is committed: {@link
 *       Action#RETIRE}, {@link Phase#DONE}: disconnect and delete the session (connect with a clean
 *       session).
 * </ol>
 *
 * If the peer comes back meanwhile, the broker hands the session to it and closes ours: {@link
 * #takenOver()} ends the drain with nothing to do.
 */
public final class Drain {

  public enum Phase {
    JOINED,
    LEAVING,
    DONE,
    TAKEN_OVER
  }

  public enum Action {
    NONE,
    UNSUBSCRIBE,
    RETIRE
  }

  private final Duration quiet;
  private Phase phase = Phase.JOINED;
  private Instant lastActivity;
  private int uncommitted;
  private long received;

  public Drain(Instant connectedAt, Duration quiet) {
    if (quiet.isNegative() || quiet.isZero()) {
      throw new IllegalArgumentException("the quiet period must be positive, was " + quiet);
    }
    this.quiet = quiet;
    this.lastActivity = connectedAt;
  }

  /** A message of the peer's session arrived. */
  public synchronized void received(Instant at) {
    received++;
    uncommitted++;
    lastActivity = later(lastActivity, at);
  }

  /** A received message was committed (and acknowledged) or refused. */
  public synchronized void committed(Instant at) {
    if (uncommitted == 0) {
      throw new IllegalStateException("more messages committed than received");
    }
    uncommitted--;
    lastActivity = later(lastActivity, at);
  }

  /** What to do now; moves to the next phase when it answers other than {@link Action#NONE}. */
  public synchronized Action next(Instant now) {
    switch (phase) {
      case JOINED -> {
        phase = Phase.LEAVING;
        lastActivity = later(lastActivity, now);
        return Action.UNSUBSCRIBE;
      }
      case LEAVING -> {
        boolean settled =
            uncommitted == 0 && Duration.between(lastActivity, now).compareTo(quiet) >= 0;
        if (!settled) {
          return Action.NONE;
        }
        phase = Phase.DONE;
        return Action.RETIRE;
      }
      default -> {
        return Action.NONE;
      }
    }
  }

  /** The broker gave the session to someone else (the peer is back): stop, retire nothing. */
  public synchronized void takenOver() {
    if (phase != Phase.DONE) {
      phase = Phase.TAKEN_OVER;
    }
  }

  public synchronized Phase phase() {
    return phase;
  }

  public synchronized long receivedMessages() {
    return received;
  }

  public synchronized int uncommitted() {
    return uncommitted;
  }

  private static Instant later(Instant a, Instant b) {
    return b.isAfter(a) ? b : a;
  }
}
