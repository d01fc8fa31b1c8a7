package org.gridweave.controller.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridweave.localinfra.BrokerAndDatabase;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/**
 * The real parts the controller talks to (from {@code local-infra}): an embedded PostgreSQL with
 * the gateway's schema (its own migration file, executed as is), and a Mosquitto broker process.
 */
public class ControllerInfrastructure implements QuarkusTestResourceLifecycleManager {
  private static final Path GATEWAY_SCHEMA =
      Path.of("../meter-gateway/src/main/resources/db/migration/V1__telemetry.sql");
  private static final List<String> CHANNELS_ON_THE_BROKER =
      List.of("outgoing.commands", "incoming.acks", "incoming.forecasts", "incoming.orders");

  static volatile int mqttPort;
  static volatile String jdbcUrl;

  /** The dev chain settlement runs on; null where Anvil is not installed (settlement stays off). */
  static volatile Anvil anvil;

  private BrokerAndDatabase infrastructure;

  @Override
  public Map<String, String> start() {
    // Every packet in the broker's log: what the controller sent and heard, for post-mortems.
    infrastructure =
        BrokerAndDatabase.start(Path.of("target"), "controller-it", List.of("log_type all"));
    jdbcUrl = infrastructure.database().jdbcUrl();
    mqttPort = infrastructure.broker().port();
    createGatewaySchema();
    Map<String, String> config = new HashMap<>(infrastructure.database().quarkusDatasource());
    for (String channel : CHANNELS_ON_THE_BROKER) {
      config.put("mp.messaging." + channel + ".port", Integer.toString(mqttPort));
    }
    if (Anvil.binary().isPresent()) {
      anvil = Anvil.start(Path.of("target/controller-it-anvil"), Ports.free());
      try {
        // the chain's clock two hours ahead: every interval the tests trade in has ended there
        anvil.rpc("evm_increaseTime", "[7200]");
        anvil.rpc("evm_mine", "[]");
      } catch (IOException e) {
        throw new IllegalStateException("cannot move the dev chain's clock", e);
      }
      config.put("gridweave.controller.settlement.enabled", "true");
      config.put("gridweave.controller.settlement.rpc-url", anvil.rpcUrl());
      config.put("gridweave.controller.settlement.operator-key", Anvil.DEV_PRIVATE_KEYS.get(0));
      config.put("gridweave.controller.settlement.deploy-if-missing", "true");
    } else {
      System.err.println("NOTICE: " + Anvil.NOT_INSTALLED + " (settlement tests are SKIPPED)");
    }
    return config;
  }

  private static void createGatewaySchema() {
    try (Connection db =
            DriverManager.getConnection(jdbcUrl, EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
        Statement sql = db.createStatement()) {
      sql.execute(Files.readString(GATEWAY_SCHEMA));
    } catch (IOException | SQLException e) {
      throw new IllegalStateException(
          "cannot create the gateway's schema from " + GATEWAY_SCHEMA, e);
    }
  }

  @Override
  public void stop() {
    if (infrastructure != null) {
      infrastructure.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }
}
