package org.gridweave.firmware.verify;

import org.gridweave.settlement.Account;

/**
 * An address {@code meter verify} relies on (the settlement contract, the site's chain account) and
 * where it came from: given by the prosumer ({@code --contract}, the meter config's {@code
 * settlement:} section) or, failing that, the controller's word — which a dishonest controller
 * could bend (its own copy of the contract, another participant's account).
 *
 * @param address the address
 * @param source where it came from, e.g. {@code --contract} or {@code settlement.account in
 *     meter.yaml}; {@code the controller} for the controller's word
 * @param controllersWord the address is only the controller's word
 */
public record Anchor(Account address, String source, boolean controllersWord) {

  public Anchor {
    if (address == null || source == null || source.isBlank()) {
      throw new IllegalArgumentException("an anchor needs an address and its source");
    }
  }

  /** An address the prosumer gave, and where (an option, a config field). */
  public static Anchor given(Account address, String source) {
    return new Anchor(address, source, false);
  }

  /** An address only the controller named. */
  public static Anchor controllers(Account address) {
    return new Anchor(address, "the controller", true);
  }

  /** {@code 0xAbC…} with where it came from, for the report's header. */
  public String describe() {
    return address.hex()
        + (controllersWord ? " (the controller's word, not checked)" : " (from " + source + ")");
  }
}
