package org.gridweave.firmware.verify;

import java.time.Instant;
import org.gridweave.core.id.SiteId;

/** Where a prosumer gets the proofs of its site's trades: the grid controller (or a fake). */
public interface ProofSource {

  /**
   * The proofs of {@code site}'s trades in the interval starting at {@code interval}.
   *
   * @throws VerificationException if the source is unreachable, knows no such settlement, or
   *     answers something that is not a valid proofs document (the message says which)
   */
  SiteProofs proofs(Instant interval, SiteId site) throws VerificationException;
}
