package org.gridweave.firmware.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.gridweave.firmware.site.CsvReplaySite;
import org.gridweave.firmware.site.ProfileFormatException;
import org.gridweave.firmware.site.ReplayProfile;
import org.gridweave.firmware.site.ReplayProfiles;
import org.gridweave.firmware.site.SimulatedSite;
import org.gridweave.firmware.site.SiteDriver;
import org.gridweave.firmware.site.SiteRatings;

/**
 * Which site driver a meter runs.
 *
 * @param kind simulated site or CSV replay
 * @param seed seeds the driver's noise and the replay offset
 * @param ratings the site's ratings; for a replay, empty means derived from the profile
 * @param format the replay file format
 * @param file the replay file
 * @param scale factor applied to replayed powers
 * @param offset replay time offset; empty means derived from the seed
 */
public record DriverConfig(
    Kind kind,
    long seed,
    Optional<SiteRatings> ratings,
    ReplayFormat format,
    Path file,
    double scale,
    Optional<Duration> offset) {

  /** The available drivers. */
  public enum Kind {
    SIMULATED,
    CSV
  }

  /** The replay file formats. */
  public enum ReplayFormat {
    LONDON,
    OPSD
  }

  public static DriverConfig simulated(SiteRatings ratings, long seed) {
    return new DriverConfig(
        Kind.SIMULATED, seed, Optional.of(ratings), null, null, 1.0, Optional.empty());
  }

  public static DriverConfig replay(ReplayFormat format, Path file, double scale, long seed) {
    return new DriverConfig(
        Kind.CSV, seed, Optional.empty(), format, file, scale, Optional.empty());
  }

  /** Builds the driver; replay profiles are read through (and cached in) {@code profiles}. */
  public SiteDriver createDriver(ReplayProfiles profiles) throws ProfileFormatException {
    if (kind == Kind.SIMULATED) {
      return new SimulatedSite(ratings.orElseGet(SiteRatings::typicalHouse), seed);
    }
    ReplayProfile profile =
        format == ReplayFormat.LONDON ? profiles.london(file) : profiles.opsd(file);
    return new CsvReplaySite(
        profile,
        scale,
        offset.orElseGet(() -> CsvReplaySite.offsetFor(seed)),
        ratings.orElseGet(() -> CsvReplaySite.ratingsFor(profile, scale)),
        seed);
  }
}
