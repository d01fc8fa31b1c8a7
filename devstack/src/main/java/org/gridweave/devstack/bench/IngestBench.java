package org.gridweave.devstack.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.Sample;
import org.gridweave.core.protocol.TelemetryCodec;
import org.gridweave.core.protocol.TelemetryMessage;
import org.gridweave.devstack.GatewayLauncher;
import org.gridweave.devstack.Stack;
import org.gridweave.firmware.registration.GatewayRegistry;
import org.gridweave.firmware.registration.Registration;
import org.gridweave.firmware.site.SiteRatings;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.database.EmbeddedPostgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gridweave bench ingest}: N meters, each with its own MQTT connection, publish signed
 * messages of up to 10 samples (a sample every P ms) for S seconds into a fresh broker, database
 * and gateway on this machine; then compares what was sent with what PostgreSQL holds. Latency is
 * from the publish call to the row's insert time inside the committing transaction.
 */
@Command(name = "ingest", description = "Ingest throughput and latency; prints one JSON line.")
public final class IngestBench implements Callable<Integer> {
  @Option(names = "--meters", description = "meters, one MQTT connection each")
  int meters = 500;

  @Option(names = "--period-ms", description = "sample period per meter in ms")
  int periodMs = 100;

  @Option(names = "--seconds", description = "how long the meters publish")
  int seconds = 30;

  @Option(
      names = "--warmup-seconds",
      description =
          "published before the measured window; counted for loss and duplicates, not for"
              + " throughput and latency")
  int warmupSeconds = 15;

  @Option(names = "--samples-per-message", description = "1-10")
  int samplesPerMessage = 10;

  @Option(names = "--gateway-jvm", description = "JVM options of the gateway process")
  String gatewayJvm = "-Xmx2g -XX:+UseParallelGC";

  @Override
  public Integer call() throws Exception {
    if (samplesPerMessage < 1 || samplesPerMessage > 10) {
      throw new IllegalArgumentException("--samples-per-message must be 1-10");
    }
    Path dir = Files.createTempDirectory("gridweave-bench-ingest");
    try (Stack stack = new Stack()) {
      Mosquitto broker = stack.adopt(Mosquitto.start(dir.resolve("mqtt"), Ports.free()));
      EmbeddedPostgres db = stack.adopt(EmbeddedPostgres.start(dir.resolve("pg"), Ports.free()));
      int http = Ports.free();
      stack.adopt(
          GatewayLauncher.start(
              "bench-gateway-1",
              http,
              broker,
              db,
              dir.resolve("logs"),
              List.of(gatewayJvm.split("\\s+"))));
      GatewayRegistry registry = new GatewayRegistry(URI.create("http://127.0.0.1:" + http));
      List<MeterKeyPair> keys = new ArrayList<>();
      for (int i = 0; i < meters; i++) {
        MeterKeyPair key = key(i);
        keys.add(key);
        registry.register(
            new Registration(
                meter(i),
                site(i),
                FeederId.of("f-" + (i / 100 + 1)),
                key.publicKey(),
                SiteRatings.consumerOnly(org.gridweave.core.unit.Watts.of(17_000))));
      }
      Result r = drive(broker.uri(), keys, db);
      System.out.println(r.json());
    }
    return 0;
  }

  private static MeterId meter(int i) {
    return MeterId.of(String.format("b-%05d", i));
  }

  private static SiteId site(int i) {
    return SiteId.of(String.format("s-%05d", i));
  }

  private static MeterKeyPair key(int i) {
    byte[] seed = new byte[32];
    seed[0] = (byte) i;
    seed[1] = (byte) (i >> 8);
    seed[2] = 42;
    return MeterKeyPair.fromSeed(seed);
  }

  record Result(
      int meters,
      long messagesSent,
      long samplesSent,
      long samplesPersisted,
      long lost,
      long duplicates,
      double samplesPerSecond,
      double messagesPerSecond,
      double p50,
      double p99) {
    String json() {
      return String.format(
          java.util.Locale.ROOT,
          "{\"bench\":\"ingest\",\"meters\":%d,\"messages_sent\":%d,\"samples_sent\":%d,"
              + "\"samples_persisted\":%d,\"lost\":%d,\"duplicates\":%d,\"samples_per_s\":%.0f,"
              + "\"messages_per_s\":%.0f,\"p50_ms\":%.1f,\"p99_ms\":%.1f,\"cores\":%d}",
          meters,
          messagesSent,
          samplesSent,
          samplesPersisted,
          lost,
          duplicates,
          samplesPerSecond,
          messagesPerSecond,
          p50,
          p99,
          Runtime.getRuntime().availableProcessors());
    }
  }

  /**
   * Signs every meter's whole schedule before the clock starts (on all cores), then publishes it in
   * real time. A meter signs on its own hardware; signing here, inside the timed window, would
   * measure this load generator competing with the gateway for the same two cores instead of the
   * gateway. Sample times follow each meter's schedule exactly (a sample every P ms).
   */
  private Result drive(String brokerUri, List<MeterKeyPair> keys, EmbeddedPostgres db)
      throws Exception {
    int n = keys.size();
    long messagePeriodMs = (long) periodMs * samplesPerMessage;
    int perMeter = (int) Math.max(1, (warmupSeconds + seconds) * 1000L / messagePeriodMs);
    // Plan the first sample a little ahead so the signing time is not counted as sample age.
    schedule(keys.get(0), 0, System.currentTimeMillis(), 500); // warm up the JIT
    long signStarted = System.nanoTime();
    int probe = schedule(keys.get(0), 0, System.currentTimeMillis(), 500).length;
    long perMessageNs = Math.max(1, (System.nanoTime() - signStarted) / probe);
    long startAt =
        System.currentTimeMillis()
            + 2000
            + perMessageNs * n * perMeter / 1_000_000 / Runtime.getRuntime().availableProcessors();
    byte[][][] payloads = new byte[n][][];
    java.util.stream.IntStream.range(0, n)
        .parallel()
        .forEach(m ->
            payloads[m] =
                schedule(keys.get(m), m, startAt + phase(m, n, messagePeriodMs), perMeter));
    System.err.printf(
        "bench: signed %d messages of %d samples for %d meters%n",
        (long) n * perMeter, samplesPerMessage, n);

    // Event-loop MQTT clients: one connection per meter without a thread per connection.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    URI broker = URI.create(brokerUri);
    List<MqttClient> clients = new ArrayList<>();
    List<Future<?>> connecting = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      MqttClient c =
          MqttClient.create(
              vertx,
              new MqttClientOptions()
                  .setClientId(meter(i).value())
                  .setCleanSession(true)
                  .setMaxInflightQueue(100_000)
                  .setAutoKeepAlive(true));
      clients.add(c);
      connecting.add(c.connect(broker.getPort(), broker.getHost()));
    }
    Future.all(connecting).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    long[][] publishedAt = new long[n][perMeter];
    AtomicLong messages = new AtomicLong();
    AtomicLong samples = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    int[] next = new int[n];
    List<Long> timers = new java.util.concurrent.CopyOnWriteArrayList<>();
    long wait = startAt - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
    long firstPublish = System.currentTimeMillis();
    for (int i = 0; i < n; i++) {
      int m = i;
      MqttClient client = clients.get(m);
      String topic = "gridweave/v1/" + site(m) + "/" + meter(m) + "/telemetry";
      // A message is due once its last sample has been taken.
      long firstDue =
          Math.max(
              1,
              startAt
                  + phase(m, n, messagePeriodMs)
                  + (samplesPerMessage - 1L) * periodMs
                  - firstPublish);
      vertx.setTimer(
          firstDue,
          first ->
              timers.add(
                  vertx.setPeriodic(
                      0,
                      messagePeriodMs,
                      tick -> {
                        int k = next[m];
                        if (k >= perMeter) {
                          return;
                        }
                        next[m] = k + 1;
                        publishedAt[m][k] = System.currentTimeMillis();
                        messages.incrementAndGet();
                        samples.addAndGet(samplesPerMessage);
                        client
                            .publish(
                                topic,
                                Buffer.buffer(payloads[m][k]),
                                MqttQoS.AT_LEAST_ONCE,
                                false,
                                false)
                            .onFailure(e -> failures.incrementAndGet());
                      })));
    }
    Thread.sleep(
        firstPublish
            - System.currentTimeMillis()
            + (warmupSeconds + seconds) * 1000L
            + messagePeriodMs);
    timers.forEach(vertx::cancelTimer);
    Thread.sleep(200);
    long sentMessages = messages.get();
    long sentSamples = samples.get();
    try (Connection c =
        DriverManager.getConnection(
            db.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD)) {
      // Wait until everything is stored, or until nothing more arrives for 15 s.
      long persisted = 0;
      long lastProgress = System.currentTimeMillis();
      while (System.currentTimeMillis() - lastProgress < 15_000) {
        long now = single(c, "SELECT count(*) FROM telemetry_message");
        if (now > persisted) {
          persisted = now;
          lastProgress = System.currentTimeMillis();
        }
        if (persisted >= sentMessages) {
          break;
        }
        Thread.sleep(250);
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT reason, count(*) FROM rejection GROUP BY 1 ORDER BY 2 DESC")) {
        while (rs.next()) {
          System.err.printf("rejected by the gateway: %s x %d%n", rs.getString(1), rs.getLong(2));
        }
      }
      long readings = single(c, "SELECT count(*) FROM reading");
      long distinct =
          single(c, "SELECT count(*) FROM (SELECT DISTINCT meter_id, ts FROM reading) d");
      long windowStart = firstPublish + warmupSeconds * 1000L;
      long[] latencies = new long[(int) persisted];
      long lastStored = windowStart;
      int found = 0;
      java.util.TreeMap<Long, List<Long>> byFiveSeconds = new java.util.TreeMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT meter_id, seq, (extract(epoch FROM stored_at) * 1000)::bigint FROM"
                      + " telemetry_message")) {
        while (rs.next()) {
          int m = Integer.parseInt(rs.getString(1).substring(2));
          int k = (int) rs.getLong(2);
          long at = k < perMeter ? publishedAt[m][k] : 0;
          long stored = rs.getLong(3);
          if (at > 0) {
            byFiveSeconds
                .computeIfAbsent((at - firstPublish) / 5000 * 5, x -> new ArrayList<>())
                .add(stored - at);
          }
          if (at >= windowStart && found < latencies.length) {
            latencies[found++] = stored - at;
            lastStored = Math.max(lastStored, stored);
          }
        }
      }
      long[] sorted = Arrays.copyOf(latencies, found);
      Arrays.sort(sorted);
      double elapsed = Math.max(1, lastStored - windowStart) / 1000.0;
      byFiveSeconds.forEach((from, l) -> {
        long[] b = l.stream().mapToLong(Long::longValue).sorted().toArray();
        System.err.printf(
            "bench: published at +%ds: %d messages, p50 %.0f ms, p99 %.0f ms, max %d ms%s%n",
            from,
            b.length,
            percentile(b, 0.5),
            percentile(b, 0.99),
            b[b.length - 1],
            from < warmupSeconds ? " (warm-up)" : "");
      });
      vertx.close();
      if (failures.get() > 0) {
        System.err.println(
            "publishes that failed in the client (counted as sent): " + failures.get());
      }
      return new Result(
          n,
          sentMessages,
          sentSamples,
          readings,
          Math.max(0, sentSamples - distinct),
          readings - distinct,
          (double) found * samplesPerMessage / elapsed,
          found / elapsed,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99));
    }
  }

  /** Meters are spread evenly over a message period instead of all publishing at once. */
  private static long phase(int m, int n, long messagePeriodMs) {
    return m * messagePeriodMs / n;
  }

  /** One meter's messages, signed, with samples every P ms from {@code startAt}. */
  private byte[][] schedule(MeterKeyPair key, int m, long startAt, int count) {
    TelemetryCodec codec = new TelemetryCodec();
    byte[][] out = new byte[count][];
    double counter = 0;
    long at = startAt;
    for (int s = 0; s < count; s++) {
      List<Sample> batch = new ArrayList<>(samplesPerMessage);
      for (int k = 0; k < samplesPerMessage; k++) {
        counter += 0.5;
        batch.add(
            Sample.at(Instant.ofEpochMilli(at))
                .with(Measurement.POWER_IMPORT, 1800)
                .with(Measurement.POWER_EXPORT, 0)
                .with(Measurement.ENERGY_IMPORT, counter)
                .with(Measurement.ENERGY_EXPORT, 0)
                .with(Measurement.BATTERY_SOC, 50)
                .with(Measurement.VOLTAGE, 230)
                .with(Measurement.FREQUENCY, 50)
                .build());
        at += periodMs;
      }
      out[s] =
          codec.encode(
              TelemetryMessage.unsigned(meter(m), site(m), s, "bench/1", batch).signedWith(key));
    }
    return out;
  }

  private static long single(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }
}
