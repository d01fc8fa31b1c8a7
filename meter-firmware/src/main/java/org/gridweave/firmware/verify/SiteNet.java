package org.gridweave.firmware.verify;

import java.math.BigDecimal;
import java.util.List;

/**
 * The money the chain moved for the site in one interval: the sum of its participant index's deltas
 * over the interval's {@code IntervalPartSettled} events, read from the chain's logs (not the
 * controller). Either {@link Read} or {@link Unread} (which fails the verification: no money check
 * is no pass).
 */
public sealed interface SiteNet {

  /**
   * The site's net over every part of the interval.
   *
   * @param participantIndex the site account's index in the contract ({@code indexOf})
   * @param netMicros the sum of that index's deltas, in micro-units of the tariff currency
   * @param parts how many parts were read (all of the interval's)
   * @param blocks the blocks whose logs held them, ascending
   */
  record Read(int participantIndex, long netMicros, int parts, List<Long> blocks)
      implements SiteNet {
    public Read {
      blocks = List.copyOf(blocks);
    }

    /** {@code +0.036125}, {@code -1.500000}, {@code 0.000000}: currency units from micros. */
    public String amount() {
      String units = BigDecimal.valueOf(netMicros, 6).toPlainString();
      return netMicros > 0 ? "+" + units : units;
    }
  }

  /**
   * The net could not be read from the chain.
   *
   * @param reason why, in a sentence
   */
  record Unread(String reason) implements SiteNet {}
}
