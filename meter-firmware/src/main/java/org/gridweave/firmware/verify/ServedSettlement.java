package org.gridweave.firmware.verify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The controller's record of one interval's settlement ({@code GET /settlements/{interval}}): only
 * where its parts landed is used, and only as a hint where to look. {@code meter verify} reads the
 * {@code IntervalPartSettled} events from the chain in those blocks; a block that holds none of
 * them is simply not where the interval settled.
 *
 * @param interval the interval's start
 * @param intervalId the same in Unix seconds
 * @param status the controller's status ({@code settled}, {@code pending}, {@code nothing to
 *     settle}, ...), quoted when no block is named
 * @param blocks the distinct block numbers the controller names (its {@code block} and each part's
 *     {@code block}), ascending; empty when it names none
 */
public record ServedSettlement(
    Instant interval, long intervalId, Optional<String> status, List<Long> blocks) {

  /** More blocks than an interval can have parts (64) is no honest answer. */
  public static final int MAX_BLOCKS = 64;

  public ServedSettlement {
    blocks = List.copyOf(blocks);
  }
}
