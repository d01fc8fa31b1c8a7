package org.gridweave.firmware.verify;

import java.time.Instant;
import org.gridweave.core.id.SiteId;

/**
 * What a prosumer asks the grid controller (or a fake): its site's proofs, and where an interval's
 * settlement landed on chain. Nothing it answers is trusted; the chain checks it.
 */
public interface ProofSource {

  /**
   * The proofs of {@code site}'s trades in the interval starting at {@code interval}.
   *
   * @throws VerificationException if the source is unreachable, knows no such settlement, or
   *     answers something that is not a valid proofs document (the message says which)
   */
  SiteProofs proofs(Instant interval, SiteId site) throws VerificationException;

  /**
   * The controller's record of the interval's settlement: the blocks it says the parts landed in.
   *
   * @throws VerificationException if the source is unreachable, knows no such interval, or answers
   *     something unusable (the message says which)
   */
  ServedSettlement settlement(Instant interval) throws VerificationException;
}
