package org.gridweave.firmware.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;
import org.gridweave.firmware.Meter;
import org.gridweave.firmware.MeterSettings;
import org.gridweave.firmware.ProducedLog;
import org.gridweave.firmware.Transport;
import org.gridweave.firmware.mqtt.PahoTransport;
import org.gridweave.firmware.registration.Registration;
import org.gridweave.firmware.site.CsvReplaySite;
import org.gridweave.firmware.site.ProfileFormatException;
import org.gridweave.firmware.site.ReplayProfile;
import org.gridweave.firmware.site.ReplayProfiles;
import org.gridweave.firmware.site.SimulatedSite;
import org.gridweave.firmware.site.SiteDriver;
import org.gridweave.firmware.site.SiteRatings;

/**
 * Many meters in one JVM, each with its own state directory and its own transport (connection), on
 * one shared scheduler: for demos, load and fault-injection tests. Meters are {@code m-0001},
 * {@code m-0002}, ..., sites {@code s-0001}, ..., feeders {@code f-1}, ...; keys, ratings, noise
 * and replay offsets all follow from the seed, so the same options give the same fleet.
 *
 * <p>Lifecycle: {@link #create} opens every meter (restoring state from an earlier run), {@link
 * #start} connects and schedules them, {@link #close} stops them. Pass a {@link ProducedLog} (e.g.
 * {@link org.gridweave.firmware.RecordingProducedLog}) to learn every message the fleet produced.
 */
public final class Fleet implements AutoCloseable {
  private final List<Member> members;
  private final ScheduledExecutorService scheduler;
  private boolean started;

  /**
   * One meter of the fleet.
   *
   * @param meter the meter
   * @param transport its connection
   * @param registration what the gateway needs to know about it
   */
  public record Member(Meter meter, Transport transport, Registration registration) {}

  private Fleet(List<Member> members, ScheduledExecutorService scheduler) {
    this.members = List.copyOf(members);
    this.scheduler = scheduler;
  }

  /** A fleet whose meters connect to {@code brokerUri} with Paho. */
  public static Fleet create(
      FleetOptions options, String brokerUri, Clock clock, ProducedLog producedLog)
      throws ProfileFormatException {
    PahoTransport.Options transportOptions = PahoTransport.Options.defaults(brokerUri);
    return create(
        options,
        (meter, site) ->
            new PahoTransport(transportOptions, meter, site, MeterSettings.FIRMWARE_VERSION, clock),
        clock,
        producedLog);
  }

  /** A fleet with Paho connections whose sites come from {@code sites}. */
  public static Fleet create(
      FleetOptions options,
      String brokerUri,
      Clock clock,
      ProducedLog producedLog,
      SiteSource sites)
      throws ProfileFormatException {
    PahoTransport.Options transportOptions = PahoTransport.Options.defaults(brokerUri);
    return create(
        options,
        (meter, site) ->
            new PahoTransport(transportOptions, meter, site, MeterSettings.FIRMWARE_VERSION, clock),
        clock,
        producedLog,
        sites);
  }

  public static Fleet create(
      FleetOptions options, TransportFactory transports, Clock clock, ProducedLog producedLog)
      throws ProfileFormatException {
    return create(options, transports, clock, producedLog, null);
  }

  /**
   * As {@link #create(FleetOptions, TransportFactory, Clock, ProducedLog)}; {@code sites} may be
   * null.
   */
  public static Fleet create(
      FleetOptions options,
      TransportFactory transports,
      Clock clock,
      ProducedLog producedLog,
      SiteSource sites)
      throws ProfileFormatException {
    ReplayProfiles profiles = new ReplayProfiles();
    List<Path> londonFiles =
        sites == null && options.driver() == FleetOptions.DriverKind.LONDON
            ? londonFiles(options.dataDir().orElseThrow())
            : List.of();
    List<Member> members = new ArrayList<>();
    for (int i = 1; i <= options.count(); i++) {
      MeterId meter = meterId(i);
      int siteIndex = (i - 1) / options.metersPerSite() + 1;
      SiteId site = SiteId.of(String.format("s-%04d", siteIndex));
      int number = i;
      FeederId feeder =
          (sites == null ? java.util.Optional.<FeederId>empty() : sites.feeder(number))
              .orElseGet(
                  () -> FeederId.of("f-" + ((siteIndex - 1) / options.sitesPerFeeder() + 1)));
      long meterSeed = options.seed() * 1_000_003L + i;
      MeterKeyPair key = keyFor(options.seed(), meter);
      options
          .keysDir()
          .ifPresent(dir -> {
            try {
              key.write(dir, meter.value());
            } catch (IOException e) {
              throw new UncheckedIOException("cannot write key of " + meter, e);
            }
          });
      SiteDriver driver =
          sites != null
              ? sites.driver(i, meterSeed)
              : driver(options, profiles, londonFiles, i, meterSeed);
      MeterSettings settings =
          MeterSettings.defaults(meter, site)
              .withPeriods(options.samplePeriod(), options.messagePeriod())
              .withFsync(options.fsync());
      Transport transport = transports.create(meter, site);
      Meter m =
          new Meter(
              settings,
              key,
              driver,
              transport,
              options.stateRoot().resolve(meter.value()),
              clock,
              producedLog);
      members.add(
          new Member(
              m,
              transport,
              new Registration(meter, site, feeder, key.publicKey(), driver.ratings())));
    }
    int threads = Math.max(2, Math.min(8, options.count() / 10));
    AtomicInteger n = new AtomicInteger();
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            threads,
            r -> {
              Thread t = new Thread(r, "fleet-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    return new Fleet(members, scheduler);
  }

  public static MeterId meterId(int index) {
    return MeterId.of(String.format("m-%04d", index));
  }

  /** The key pair a fleet with {@code seed} gives {@code meter}: SHA-256 of seed and id. */
  public static MeterKeyPair keyFor(long seed, MeterId meter) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest =
          sha.digest(
              ("gridweave-fleet-key|" + seed + "|" + meter.value())
                  .getBytes(StandardCharsets.UTF_8));
      return MeterKeyPair.fromSeed(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static List<Path> londonFiles(Path data) {
    try {
      List<Path> files = ReplayProfiles.londonFiles(data);
      if (files.isEmpty() && Files.isDirectory(data.resolve("london-smart-meters-lcl-2013"))) {
        files = ReplayProfiles.londonFiles(data.resolve("london-smart-meters-lcl-2013"));
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no London MAC*.csv files in " + data);
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + data, e);
    }
  }

  private static Path opsdFile(Path data) {
    Path name = Path.of("household_data_60min_singleindex.csv");
    for (Path candidate :
        List.of(
            data, data.resolve(name), data.resolve("household-opsd-residential4").resolve(name))) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("no OPSD file " + name + " in or below " + data);
  }

  private static SiteDriver driver(
      FleetOptions options, ReplayProfiles profiles, List<Path> londonFiles, int index, long seed)
      throws ProfileFormatException {
    Random r = new Random(seed);
    return switch (options.driver()) {
      case SIMULATED -> new SimulatedSite(simulatedRatings(r), seed);
      case LONDON -> {
        ReplayProfile p = profiles.london(londonFiles.get((index - 1) % londonFiles.size()));
        yield new CsvReplaySite(
            p, 1.0, CsvReplaySite.offsetFor(seed), CsvReplaySite.ratingsFor(p, 1.0), seed);
      }
      case OPSD -> {
        ReplayProfile p = profiles.opsd(opsdFile(options.dataDir().orElseThrow()));
        double scale = 0.6 + r.nextDouble() * 0.8;
        yield new CsvReplaySite(
            p, scale, CsvReplaySite.offsetFor(seed), CsvReplaySite.ratingsFor(p, scale), seed);
      }
    };
  }

  /** A spread of houses: most with PV, half with a battery, a few with a small wind turbine. */
  private static SiteRatings simulatedRatings(Random r) {
    double pv = r.nextDouble() < 0.8 ? 3000 + 500 * r.nextInt(11) : 0;
    double wind = r.nextDouble() < 0.05 ? 2000 : 0;
    double battery = r.nextDouble() < 0.5 ? 5000 + 500 * r.nextInt(18) : 0;
    double batteryPower = battery == 0 ? 0 : Math.round(battery / 3 / 100) * 100;
    return new SiteRatings(
        Watts.of(pv),
        Watts.of(wind),
        WattHours.of(battery),
        Watts.of(batteryPower),
        Watts.of(batteryPower),
        Watts.of(1000 + 500 * r.nextInt(5)),
        Watts.of(17_000),
        Watts.of(10_000));
  }

  /** Connects every meter and schedules it; meters produce into their spools while offline. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    for (Member m : members) {
      m.transport().start();
      m.meter().start(scheduler);
    }
  }

  public List<Member> members() {
    return members;
  }

  public List<Meter> meters() {
    return members.stream().map(Member::meter).toList();
  }

  public Member member(MeterId id) {
    return members.stream()
        .filter(m -> m.meter().id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no meter " + id + " in this fleet"));
  }

  /** Messages still awaiting a broker acknowledgement, over all meters. */
  public int pendingCount() {
    return members.stream().mapToInt(m -> m.meter().pendingCount()).sum();
  }

  /** Stops every meter (their last samples go to the spool), then closes their connections. */
  @Override
  public void close() {
    for (Member m : members) {
      m.meter().close();
    }
    for (Member m : members) {
      m.transport().close();
    }
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
