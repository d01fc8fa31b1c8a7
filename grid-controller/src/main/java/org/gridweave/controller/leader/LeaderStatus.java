package org.gridweave.controller.leader;

import java.time.Instant;
import java.util.Optional;

/**
 * What one instance knows about the leadership.
 *
 * @param instance this instance's id
 * @param leader whether this instance may act as the leader right now
 * @param holder the lease's holder as last seen (empty before the first answer from the store)
 * @param epoch the lease's epoch as last seen (0 before the first answer)
 * @param since when the holder acquired the lease (the store's clock)
 * @param problem why the last attempt failed, if it did
 */
public record LeaderStatus(
    String instance,
    boolean leader,
    Optional<String> holder,
    long epoch,
    Optional<Instant> since,
    Optional<String> problem) {}
