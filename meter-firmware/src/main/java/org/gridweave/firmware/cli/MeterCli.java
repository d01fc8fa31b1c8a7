package org.gridweave.firmware.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.crypto.MeterPublicKey;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;
import org.gridweave.firmware.Meter;
import org.gridweave.firmware.RecordingProducedLog;
import org.gridweave.firmware.config.ConfigException;
import org.gridweave.firmware.config.MeterConfig;
import org.gridweave.firmware.fleet.Fleet;
import org.gridweave.firmware.fleet.FleetOptions;
import org.gridweave.firmware.mqtt.PahoTransport;
import org.gridweave.firmware.registration.GatewayRegistry;
import org.gridweave.firmware.registration.Registration;
import org.gridweave.firmware.registration.RegistrationException;
import org.gridweave.firmware.site.ProfileFormatException;
import org.gridweave.firmware.site.ReplayProfiles;
import org.gridweave.firmware.site.SiteDriver;
import org.gridweave.firmware.site.SiteRatings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The firmware's command line: run one meter, run a fleet, make keys, register a meter, send an
 * order, verify a settled interval.
 */
@Command(
    name = "meter",
    mixinStandardHelpOptions = true,
    version = "gridweave meter firmware 0.1.0",
    description = "GridWeave reference meter firmware.",
    subcommands = {
      MeterCli.Run.class,
      MeterCli.FleetCommand.class,
      MeterCli.Keygen.class,
      MeterCli.Register.class,
      MeterCli.OrderCommand.class,
      VerifyCommand.class
    })
public final class MeterCli implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with error handling that prints one sentence instead of a stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new MeterCli());
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("error: " + e.getMessage());
      return 1;
    });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A meter's YAML configuration, or a one-line error naming the file. */
  static MeterConfig load(Path config) throws CliException {
    try {
      return MeterConfig.load(config);
    } catch (ConfigException e) {
      throw new CliException(config + ": " + e.getMessage());
    }
  }

  /** Failure the user can fix; printed as one line. */
  static final class CliException extends Exception {
    CliException(String message) {
      super(message);
    }
  }

  @Command(name = "run", description = "Run one meter from a YAML configuration.")
  static final class Run implements java.util.concurrent.Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "meter YAML file")
    Path config;

    @Option(
        names = "--duration-s",
        description = "stop after this many seconds (default: run until killed)")
    Long durationSeconds;

    @Override
    public Integer call() throws Exception {
      MeterConfig c = load(config);
      MeterKeyPair key = MeterKeyPair.read(c.keyFile());
      SiteDriver driver = c.driver().createDriver(new ReplayProfiles());
      Clock clock = Clock.systemUTC();
      PahoTransport transport =
          new PahoTransport(
              PahoTransport.Options.defaults(c.broker()),
              c.meter(),
              c.site(),
              c.settings().firmware(),
              clock);
      Meter meter = new Meter(c.settings(), key, driver, transport, c.stateDir(), clock, null);
      ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "meter %s (site %s) -> %s, state in %s, public key %s%n",
          c.meter(), c.site(), c.broker(), c.stateDir(), key.publicKey().base64());
      out.flush();
      CountDownLatch stop = new CountDownLatch(1);
      Thread hook =
          new Thread(() -> {
            meter.close();
            transport.close();
            scheduler.shutdownNow();
            stop.countDown();
          });
      Runtime.getRuntime().addShutdownHook(hook);
      transport.start();
      meter.start(scheduler);
      if (durationSeconds != null) {
        stop.await(durationSeconds, TimeUnit.SECONDS);
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
        out.printf("stopped; next sequence %d, %d pending%n", meter.nextSequence(), 0);
      } else {
        stop.await();
      }
      return 0;
    }
  }

  @Command(
      name = "fleet",
      description = "Run many meters in this JVM, each with its own connection.")
  static final class FleetCommand implements java.util.concurrent.Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--count",
        defaultValue = "10",
        description = "number of meters (${DEFAULT-VALUE})")
    int count;

    @Option(
        names = "--broker",
        defaultValue = "tcp://127.0.0.1:1883",
        description = "MQTT broker URI")
    String broker;

    @Option(
        names = "--driver",
        defaultValue = "simulated",
        description = "simulated, london or opsd (${DEFAULT-VALUE})")
    String driver;

    @Option(names = "--data", description = "data folder for the london and opsd drivers")
    Path data;

    @Option(names = "--state", defaultValue = "fleet-state", description = "state root folder")
    Path state;

    @Option(names = "--sample-ms", defaultValue = "1000")
    long sampleMs;

    @Option(names = "--message-ms", defaultValue = "5000")
    long messageMs;

    @Option(names = "--seed", defaultValue = "42", description = "seed for keys, ratings and noise")
    long seed;

    @Option(names = "--sites-per-feeder", defaultValue = "100")
    int sitesPerFeeder;

    @Option(names = "--keys", description = "also write every meter's key pair into this folder")
    Path keys;

    @Option(names = "--no-fsync", description = "do not force spool writes to disk (load tests)")
    boolean noFsync;

    @Option(
        names = "--register",
        description = "gateway URL: register every meter's public key before starting")
    URI register;

    @Option(names = "--duration-s", description = "stop after this many seconds")
    Long durationSeconds;

    @Override
    public Integer call() throws Exception {
      FleetOptions.DriverKind kind;
      try {
        kind = FleetOptions.DriverKind.valueOf(driver.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CliException("--driver must be simulated, london or opsd, was '" + driver + "'");
      }
      if (kind != FleetOptions.DriverKind.SIMULATED && data == null) {
        throw new CliException("--driver " + driver + " needs --data DIR");
      }
      FleetOptions options;
      try {
        options =
            new FleetOptions(
                count,
                kind,
                java.util.Optional.ofNullable(data),
                state,
                Duration.ofMillis(sampleMs),
                Duration.ofMillis(messageMs),
                seed,
                1,
                sitesPerFeeder,
                !noFsync,
                java.util.Optional.ofNullable(keys));
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      RecordingProducedLog produced = new RecordingProducedLog();
      Fleet fleet;
      try {
        fleet = Fleet.create(options, broker, Clock.systemUTC(), produced);
      } catch (ProfileFormatException e) {
        throw new CliException(e.getMessage());
      }
      if (register != null) {
        GatewayRegistry registry = new GatewayRegistry(register);
        for (Fleet.Member m : fleet.members()) {
          try {
            registry.register(m.registration());
          } catch (RegistrationException e) {
            fleet.close();
            throw new CliException("registering " + m.meter().id() + " failed: " + describe(e));
          }
        }
        out.printf("registered %d meters at %s%n", count, register);
      }
      CountDownLatch stop = new CountDownLatch(1);
      Thread hook =
          new Thread(() -> {
            fleet.close();
            stop.countDown();
          });
      Runtime.getRuntime().addShutdownHook(hook);
      fleet.start();
      out.printf("fleet of %d %s meters -> %s, state in %s%n", count, driver, broker, state);
      out.flush();
      if (durationSeconds != null) {
        stop.await(durationSeconds, TimeUnit.SECONDS);
        Runtime.getRuntime().removeShutdownHook(hook);
        hook.run();
        out.printf(
            "stopped: %d messages produced, %d still spooled%n",
            produced.totalMessages(), fleet.pendingCount());
      } else {
        stop.await();
      }
      return 0;
    }
  }

  @Command(
      name = "order",
      description = "Send one signed market order (or cancel one) for a meter, on its order topic.")
  static final class OrderCommand implements java.util.concurrent.Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "the meter's YAML file")
    Path config;

    @Option(names = "--id", required = true, description = "order id (unique in the market)")
    String id;

    @Option(names = "--side", description = "bid or offer")
    String side;

    @Option(names = "--interval", description = "delivery interval start (ISO-8601 instant)")
    String interval;

    @Option(names = "--wh", description = "energy in Wh")
    Long wh;

    @Option(names = "--price", description = "limit price per kWh")
    java.math.BigDecimal price;

    @Option(names = "--local-only", description = "trade only within the meter's feeder")
    boolean localOnly;

    @Option(names = "--renewable-only", description = "(bids) buy only from PV or wind sites")
    boolean renewableOnly;

    @Option(names = "--cancel", description = "withdraw the order --id instead")
    boolean cancel;

    @Option(names = "--timeout-s", defaultValue = "10", description = "(${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
      MeterConfig c = load(config);
      if (timeoutSeconds < 1) {
        throw new CliException("--timeout-s must be at least 1, was " + timeoutSeconds);
      }
      java.time.Instant now = java.time.Instant.now();
      org.gridweave.core.protocol.OrderMessage order;
      try {
        if (cancel
            && (side != null
                || interval != null
                || wh != null
                || price != null
                || localOnly
                || renewableOnly)) {
          throw new CliException("--cancel takes only --id: the order's other fields are its own");
        }
        if (cancel) {
          order = org.gridweave.core.protocol.OrderMessage.cancel(id, c.meter(), c.site(), now);
        } else {
          if (side == null || interval == null || wh == null || price == null) {
            throw new CliException("an order needs --side, --interval, --wh and --price");
          }
          if (!side.equals("bid") && !side.equals("offer")) {
            throw new CliException("--side must be bid or offer, was " + side);
          }
          java.time.Instant at;
          try {
            at = java.time.Instant.parse(interval);
          } catch (java.time.format.DateTimeParseException e) {
            throw new CliException("--interval '" + interval + "' is not an ISO-8601 instant");
          }
          if (price.abs().compareTo(java.math.BigDecimal.valueOf(100)) > 0) {
            throw new CliException("--price must be within ±100 per kWh, was " + price);
          }
          long micros;
          try {
            micros = price.movePointRight(6).longValueExact();
          } catch (ArithmeticException e) {
            throw new CliException("--price has more than 6 decimals: " + price);
          }
          order =
              org.gridweave.core.protocol.OrderMessage.place(
                  id,
                  c.meter(),
                  c.site(),
                  side.equals("bid"),
                  at,
                  wh,
                  micros,
                  localOnly,
                  renewableOnly,
                  now);
        }
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
      byte[] payload = order.signedWith(MeterKeyPair.read(c.keyFile())).encode();
      String topic =
          org.gridweave.core.protocol.Topic.of(
                  c.site(), c.meter(), org.gridweave.core.protocol.Topic.Kind.ORDER)
              .name();
      // its own short-lived connection: the running meter keeps its session
      try (var client =
          new org.eclipse.paho.client.mqttv3.MqttClient(
              c.broker(),
              c.meter().value() + "-order-" + Long.toHexString(new SecureRandom().nextLong()),
              new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence())) {
        var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setConnectionTimeout(timeoutSeconds);
        client.setTimeToWait(timeoutSeconds * 1000L);
        try {
          client.connect(options);
          client.publish(topic, payload, 1, false);
          client.disconnect();
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
          throw new CliException(
              "could not send the order to " + c.broker() + ": " + e.getMessage());
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "%s %s sent on %s (the controller lists open orders at GET /market/orders?interval=...)%n",
          cancel ? "cancellation of" : "order", id, topic);
      out.flush();
      return 0;
    }
  }

  @Command(name = "keygen", description = "Make a meter key pair: <id>.key (0600) and <id>.pub.")
  static final class Keygen implements java.util.concurrent.Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--id", required = true, description = "meter id")
    String id;

    @Option(names = "--out", required = true, description = "folder to write the key files to")
    Path out;

    @Override
    public Integer call() throws Exception {
      MeterId meter;
      try {
        meter = MeterId.of(id);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
      MeterKeyPair key = MeterKeyPair.generate(new SecureRandom());
      key.write(out, meter.value());
      spec.commandLine()
          .getOut()
          .printf(
              "wrote %s and %s%npublic key %s%n",
              out.resolve(meter.value() + ".key"),
              out.resolve(meter.value() + ".pub"),
              key.publicKey().base64());
      return 0;
    }
  }

  @Command(name = "register", description = "Register a meter's public key with the gateway.")
  static final class Register implements java.util.concurrent.Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--gateway", required = true, description = "gateway base URL")
    URI gateway;

    @Option(names = "--id", required = true)
    String id;

    @Option(names = "--site", required = true)
    String site;

    @Option(names = "--feeder", required = true)
    String feeder;

    @Option(names = "--pub", required = true, description = "the meter's .pub file")
    Path pub;

    @Option(
        names = "--ratings",
        split = ",",
        description =
            "ratings as key=value, e.g. pv_w=5000,battery_wh=10000 (keys: pv_w, wind_w,"
                + " battery_wh, battery_charge_w, battery_discharge_w, flex_load_w, import_w,"
                + " export_w); default: a typical house")
    Map<String, Double> ratings;

    @Override
    public Integer call() throws Exception {
      Registration registration;
      try {
        String key = Files.readString(pub, StandardCharsets.US_ASCII).trim();
        registration =
            new Registration(
                MeterId.of(id),
                SiteId.of(site),
                FeederId.of(feeder),
                MeterPublicKey.parse(key),
                ratings == null ? SiteRatings.typicalHouse() : ratings(ratings));
      } catch (IOException e) {
        throw new CliException("cannot read " + pub + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage());
      }
      try {
        GatewayRegistry.Outcome outcome = new GatewayRegistry(gateway).register(registration);
        spec.commandLine()
            .getOut()
            .printf(
                "%s %s at %s%n",
                id,
                outcome == GatewayRegistry.Outcome.CREATED
                    ? "registered"
                    : "was already registered",
                gateway);
        return 0;
      } catch (RegistrationException e) {
        throw new CliException("registration refused: " + describe(e));
      }
    }

    private static SiteRatings ratings(Map<String, Double> r) {
      for (String k : r.keySet()) {
        if (!java.util.Set.of(
                "pv_w",
                "wind_w",
                "battery_wh",
                "battery_charge_w",
                "battery_discharge_w",
                "flex_load_w",
                "import_w",
                "export_w")
            .contains(k)) {
          throw new IllegalArgumentException("--ratings: unknown key '" + k + "'");
        }
      }
      return new SiteRatings(
          Watts.of(r.getOrDefault("pv_w", 0.0)),
          Watts.of(r.getOrDefault("wind_w", 0.0)),
          WattHours.of(r.getOrDefault("battery_wh", 0.0)),
          Watts.of(r.getOrDefault("battery_charge_w", 0.0)),
          Watts.of(r.getOrDefault("battery_discharge_w", 0.0)),
          Watts.of(r.getOrDefault("flex_load_w", 0.0)),
          Watts.of(r.getOrDefault("import_w", 17_000.0)),
          Watts.of(r.getOrDefault("export_w", 0.0)));
    }
  }

  private static String describe(RegistrationException e) {
    return e.getMessage()
        + (e.field() == null ? "" : " (field " + e.field() + ")")
        + (e.status() == 0 ? "" : " [HTTP " + e.status() + "]");
  }
}
