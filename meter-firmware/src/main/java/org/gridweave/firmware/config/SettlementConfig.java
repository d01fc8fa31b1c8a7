package org.gridweave.firmware.config;

import java.util.Optional;
import org.gridweave.settlement.Account;

/**
 * The meter config's optional {@code settlement:} section: what {@code meter verify} trusts instead
 * of the controller's word.
 *
 * @param contract the settlement contract's address, as the grid operator published it
 * @param account the site's chain account, given to the prosumer when the site was registered
 */
public record SettlementConfig(Optional<Account> contract, Optional<Account> account) {

  /** No {@code settlement:} section: {@code meter verify} has to take the controller's word. */
  public static final SettlementConfig NONE =
      new SettlementConfig(Optional.empty(), Optional.empty());
}
