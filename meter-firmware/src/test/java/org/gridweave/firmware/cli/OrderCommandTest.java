package org.gridweave.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.protocol.OrderMessage;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meter order}: a prosumer's signed order on the meter's order topic of a real broker. */
class OrderCommandTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();
  private final java.io.StringWriter out = cli.out;
  private final java.io.StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  private Path config(String broker) throws Exception {
    run("keygen", "--id", "m-0007", "--out", dir.toString());
    Path yaml = dir.resolve("meter.yaml");
    Files.writeString(
        yaml,
        "meter: m-0007\nsite: s-0007\nbroker: "
            + broker
            + "\nkey_file: "
            + dir.resolve("m-0007.key")
            + "\nstate_dir: "
            + dir.resolve("state")
            + "\ndriver: {type: simulated}\n");
    return yaml;
  }

  @Test
  void anOrderAndItsCancellationReachTheBrokerSignedByTheMeter() throws Exception {
    assumeTrue(Mosquitto.binary().isPresent(), "SKIPPED: " + Mosquitto.NOT_INSTALLED);
    try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), Ports.free());
        MqttClient controller =
            new MqttClient(broker.uri(), "controller", new MemoryPersistence())) {
      List<byte[]> received = new CopyOnWriteArrayList<>();
      controller.connect();
      controller.subscribe("gridweave/v1/+/+/order", 1, (t, m) -> received.add(m.getPayload()));
      Path yaml = config(broker.uri());

      int placed =
          run(
              "order",
              "--config",
              yaml.toString(),
              "--id",
              "o-7",
              "--side",
              "offer",
              "--interval",
              "2026-06-21T12:00:00Z",
              "--wh",
              "750",
              "--price",
              "0.125",
              "--local-only");
      int cancelled = run("order", "--config", yaml.toString(), "--id", "o-7", "--cancel");

      assertThat(placed).isZero();
      assertThat(cancelled).isZero();
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
      var key = MeterKeyPair.read(dir.resolve("m-0007.key")).publicKey();
      OrderMessage order = OrderMessage.decode(received.get(0));
      assertThat(order.isSignedBy(key)).isTrue();
      assertThat(order.bid()).isFalse();
      assertThat(order.energyWh()).isEqualTo(750);
      assertThat(order.limitPriceMicros()).isEqualTo(125_000);
      assertThat(order.localOnly()).isTrue();
      assertThat(order.interval()).isEqualTo(Instant.parse("2026-06-21T12:00:00Z"));
      OrderMessage cancel = OrderMessage.decode(received.get(1));
      assertThat(cancel.cancel()).isTrue();
      assertThat(cancel.isSignedBy(key)).isTrue();
      controller.disconnect();
    }
  }

  /** {@code meter order} for bid o-1 of 1 Wh at 0.1 for noon, with one argument changed. */
  private int bid(Path yaml, String option, String value) {
    java.util.Map<String, String> args = new java.util.LinkedHashMap<>();
    args.put("--side", "bid");
    args.put("--interval", "2026-06-21T12:00:00Z");
    args.put("--wh", "1");
    args.put("--price", "0.1");
    args.put("--timeout-s", "2");
    args.put(option, value);
    List<String> line =
        new java.util.ArrayList<>(List.of("order", "--config", yaml.toString(), "--id", "o-1"));
    args.forEach((k, v) -> {
      line.add(k);
      line.add(v);
    });
    return run(line.toArray(String[]::new));
  }

  @Test
  void badOrdersAndAnUnreachableBrokerAreReportedInOneLine() throws Exception {
    Path yaml = config("tcp://127.0.0.1:1");

    assertThat(bid(yaml, "--side", "sell")).isEqualTo(1);
    assertThat(err.toString()).contains("--side must be bid or offer, was sell");
    assertThat(bid(yaml, "--interval", "noon")).isEqualTo(1);
    assertThat(err.toString()).contains("--interval 'noon' is not an ISO-8601 instant");
    assertThat(bid(yaml, "--wh", "0")).isEqualTo(1);
    assertThat(err.toString()).contains("energy_wh must be 1..1000000000, was 0");
    assertThat(bid(yaml, "--price", "0.1234567")).isEqualTo(1);
    assertThat(err.toString()).contains("--price has more than 6 decimals");
    assertThat(bid(yaml, "--price", "1e30")).isEqualTo(1);
    assertThat(err.toString()).contains("--price must be within ±100 per kWh");
    assertThat(bid(yaml, "--timeout-s", "0")).isEqualTo(1);
    assertThat(err.toString()).contains("--timeout-s must be at least 1");
    assertThat(run("order", "--config", yaml.toString(), "--id", "o-1", "--cancel", "--wh", "5"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("--cancel takes only --id");
    assertThat(bid(yaml, "--wh", "5")).isEqualTo(1);
    assertThat(err.toString()).contains("could not send the order to tcp://127.0.0.1:1");
  }
}
