package org.gridweave.gateway.registry;

import java.time.Instant;
import java.util.Optional;
import org.gridweave.core.crypto.MeterPublicKey;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/** A registered meter: where it is, the key it signs with, and whether it was revoked. */
public record MeterRegistration(
    MeterId meter,
    SiteId site,
    FeederId feeder,
    MeterPublicKey publicKey,
    SiteRatings ratings,
    Instant registeredAt,
    Optional<Instant> revokedAt) {

  public boolean isRevoked() {
    return revokedAt.isPresent();
  }

  /** True when registering {@code other} again changes nothing. */
  public boolean sameAs(MeterRegistration other) {
    return meter.equals(other.meter)
        && site.equals(other.site)
        && feeder.equals(other.feeder)
        && publicKey.equals(other.publicKey)
        && ratings.equals(other.ratings)
        && revokedAt.isEmpty()
        && other.revokedAt.isEmpty();
  }
}
