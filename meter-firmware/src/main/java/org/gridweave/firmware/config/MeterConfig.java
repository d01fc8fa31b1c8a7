package org.gridweave.firmware.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;
import org.gridweave.firmware.MeterSettings;
import org.gridweave.firmware.site.SiteRatings;

/**
 * One meter's configuration, read from YAML (see {@code meter.example.yaml} and the README's config
 * reference). Relative paths are resolved against the YAML file's folder.
 *
 * @param meter meter id
 * @param site site id
 * @param broker MQTT broker URI
 * @param keyFile the meter's private key file (written by {@code keygen})
 * @param stateDir folder for spool, sequence numbers and driver state
 * @param samplePeriod how often the site is read
 * @param messagePeriod how often a message is produced
 * @param fsync whether spool and state writes are forced to disk
 * @param driver the site driver
 * @param settlement the optional {@code settlement:} section ({@link SettlementConfig#NONE} when
 *     absent)
 */
public record MeterConfig(
    MeterId meter,
    SiteId site,
    String broker,
    Path keyFile,
    Path stateDir,
    Duration samplePeriod,
    Duration messagePeriod,
    boolean fsync,
    DriverConfig driver,
    SettlementConfig settlement) {

  private static final Set<String> TOP =
      Set.of(
          "meter",
          "site",
          "broker",
          "key_file",
          "state_dir",
          "sample_period",
          "message_period",
          "fsync",
          "driver",
          "settlement");
  private static final Set<String> DRIVER =
      Set.of("type", "seed", "ratings", "format", "file", "scale", "offset");
  private static final Set<String> SETTLEMENT = Set.of("contract", "account");
  private static final Set<String> RATINGS =
      Set.of(
          "pv_w",
          "wind_w",
          "battery_wh",
          "battery_charge_w",
          "battery_discharge_w",
          "flex_load_w",
          "import_w",
          "export_w");

  public static MeterConfig load(Path file) throws ConfigException {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException(null, "cannot read " + file + ": " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(null, file + " must be a YAML mapping of fields");
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(new ConfigNode(root, "", base));
  }

  static MeterConfig parse(ConfigNode c) throws ConfigException {
    c.allowOnly(TOP);
    MeterId meter = id(c, "meter", MeterId::of);
    SiteId site = id(c, "site", SiteId::of);
    String broker = c.text("broker");
    if (!broker.matches("(tcp|ssl|ws|wss)://[^/]+")) {
      throw new ConfigException("broker", "must look like tcp://host:1883, was '" + broker + "'");
    }
    Path key = c.path("key_file");
    Path state = c.path("state_dir");
    Duration sample = c.duration("sample_period", Duration.ofSeconds(1));
    Duration message = c.duration("message_period", Duration.ofSeconds(5));
    if (message.compareTo(sample) < 0) {
      throw new ConfigException(
          "message_period", "must not be shorter than sample_period (" + sample + ")");
    }
    return new MeterConfig(
        meter,
        site,
        broker,
        key,
        state,
        sample,
        message,
        c.bool("fsync", true),
        driver(c.object("driver")),
        c.has("settlement") ? settlement(c.object("settlement")) : SettlementConfig.NONE);
  }

  private static SettlementConfig settlement(ConfigNode s) throws ConfigException {
    s.allowOnly(SETTLEMENT);
    return new SettlementConfig(s.account("contract"), s.account("account"));
  }

  private static DriverConfig driver(ConfigNode d) throws ConfigException {
    d.allowOnly(DRIVER);
    String type = d.text("type").toLowerCase(Locale.ROOT);
    long seed = d.integer("seed", 1);
    Optional<SiteRatings> ratings =
        d.has("ratings") ? Optional.of(ratings(d.object("ratings"))) : Optional.empty();
    switch (type) {
      case "simulated" -> {
        return new DriverConfig(
            DriverConfig.Kind.SIMULATED, seed, ratings, null, null, 1.0, Optional.empty());
      }
      case "csv" -> {
        String format = d.text("format").toLowerCase(Locale.ROOT);
        DriverConfig.ReplayFormat f =
            switch (format) {
              case "london" -> DriverConfig.ReplayFormat.LONDON;
              case "opsd" -> DriverConfig.ReplayFormat.OPSD;
              default ->
                  throw new ConfigException(
                      d.field("format"), "must be london or opsd, was '" + format + "'");
            };
        Path file = d.path("file");
        if (!Files.isRegularFile(file)) {
          throw new ConfigException(d.field("file"), "no such file: " + file);
        }
        double scale = d.number("scale", 0.001, 1.0);
        Optional<Duration> offset =
            d.has("offset") ? Optional.of(d.duration("offset", null)) : Optional.empty();
        return new DriverConfig(DriverConfig.Kind.CSV, seed, ratings, f, file, scale, offset);
      }
      default ->
          throw new ConfigException(
              d.field("type"), "must be simulated or csv, was '" + type + "'");
    }
  }

  private static SiteRatings ratings(ConfigNode r) throws ConfigException {
    r.allowOnly(RATINGS);
    try {
      return new SiteRatings(
          Watts.of(r.number("pv_w", 0, 0)),
          Watts.of(r.number("wind_w", 0, 0)),
          WattHours.of(r.number("battery_wh", 0, 0)),
          Watts.of(r.number("battery_charge_w", 0, 0)),
          Watts.of(r.number("battery_discharge_w", 0, 0)),
          Watts.of(r.number("flex_load_w", 0, 0)),
          Watts.of(r.number("import_w", 0, Double.NaN)),
          Watts.of(r.number("export_w", 0, 0)));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(r.field("battery_wh"), e.getMessage());
    }
  }

  private interface IdFactory<T> {
    T of(String value);
  }

  private static <T> T id(ConfigNode c, String name, IdFactory<T> factory) throws ConfigException {
    String text = c.text(name);
    try {
      return factory.of(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, e.getMessage());
    }
  }

  public MeterSettings settings() {
    return MeterSettings.defaults(meter, site)
        .withPeriods(samplePeriod, messagePeriod)
        .withFsync(fsync);
  }
}
