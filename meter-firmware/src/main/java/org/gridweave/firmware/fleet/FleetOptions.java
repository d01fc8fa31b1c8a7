package org.gridweave.firmware.fleet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a {@link Fleet} is made up.
 *
 * @param count number of meters
 * @param driver which driver every meter runs
 * @param dataDir for replay drivers: the dataset folder, or the shared data folder holding it
 * @param stateRoot each meter keeps its state in {@code stateRoot/<meter id>}
 * @param samplePeriod how often each meter reads its site
 * @param messagePeriod how often each meter produces a message
 * @param seed seeds keys, ratings, noise and replay offsets: the same seed gives the same fleet
 * @param metersPerSite meters sharing one site id (normally 1)
 * @param sitesPerFeeder sites per feeder id
 * @param fsync whether spools and state files are forced to disk
 * @param keysDir when present, each meter's key pair is written there ({@code <id>.key/.pub})
 */
public record FleetOptions(
    int count,
    DriverKind driver,
    Optional<Path> dataDir,
    Path stateRoot,
    Duration samplePeriod,
    Duration messagePeriod,
    long seed,
    int metersPerSite,
    int sitesPerFeeder,
    boolean fsync,
    Optional<Path> keysDir) {

  /** The drivers a fleet can run. */
  public enum DriverKind {
    SIMULATED,
    LONDON,
    OPSD
  }

  public FleetOptions {
    if (count < 1 || count > 9999) {
      throw new IllegalArgumentException("fleet size must be 1-9999 meters, was " + count);
    }
    if (driver != DriverKind.SIMULATED && dataDir.isEmpty()) {
      throw new IllegalArgumentException(
          "the " + driver.name().toLowerCase() + " driver needs a data folder");
    }
    if (metersPerSite < 1 || sitesPerFeeder < 1) {
      throw new IllegalArgumentException("meters per site and sites per feeder must be >= 1");
    }
  }

  /** Simulated meters, 1 s samples, 5 s messages, one meter per site, 100 sites per feeder. */
  public static FleetOptions simulated(int count, Path stateRoot) {
    return new FleetOptions(
        count,
        DriverKind.SIMULATED,
        Optional.empty(),
        stateRoot,
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        42,
        1,
        100,
        true,
        Optional.empty());
  }

  public FleetOptions withPeriods(Duration sample, Duration message) {
    return new FleetOptions(
        count,
        driver,
        dataDir,
        stateRoot,
        sample,
        message,
        seed,
        metersPerSite,
        sitesPerFeeder,
        fsync,
        keysDir);
  }

  public FleetOptions withDriver(DriverKind kind, Path data) {
    return new FleetOptions(
        count,
        kind,
        Optional.ofNullable(data),
        stateRoot,
        samplePeriod,
        messagePeriod,
        seed,
        metersPerSite,
        sitesPerFeeder,
        fsync,
        keysDir);
  }

  public FleetOptions withFsync(boolean on) {
    return new FleetOptions(
        count,
        driver,
        dataDir,
        stateRoot,
        samplePeriod,
        messagePeriod,
        seed,
        metersPerSite,
        sitesPerFeeder,
        on,
        keysDir);
  }

  public FleetOptions withKeysDir(Path dir) {
    return new FleetOptions(
        count,
        driver,
        dataDir,
        stateRoot,
        samplePeriod,
        messagePeriod,
        seed,
        metersPerSite,
        sitesPerFeeder,
        fsync,
        Optional.ofNullable(dir));
  }

  public FleetOptions withSeed(long newSeed) {
    return new FleetOptions(
        count,
        driver,
        dataDir,
        stateRoot,
        samplePeriod,
        messagePeriod,
        newSeed,
        metersPerSite,
        sitesPerFeeder,
        fsync,
        keysDir);
  }
}
