package org.gridweave.firmware.verify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gridweave.core.id.SiteId;

/** The controller in memory: one proofs answer and one settlement record, whatever is asked. */
final class FakeController implements ProofSource {
  private final SiteProofs proofs;
  private final ServedSettlement settlement;

  FakeController(SiteProofs proofs, ServedSettlement settlement) {
    this.proofs = proofs;
    this.settlement = settlement;
  }

  /** A settled interval whose parts the controller says landed in {@code blocks}. */
  static ServedSettlement settledIn(long intervalId, Long... blocks) {
    return new ServedSettlement(
        Instant.ofEpochSecond(intervalId), intervalId, Optional.of("settled"), List.of(blocks));
  }

  @Override
  public SiteProofs proofs(Instant interval, SiteId site) {
    return proofs;
  }

  @Override
  public ServedSettlement settlement(Instant interval) {
    return settlement;
  }
}
