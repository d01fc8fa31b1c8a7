package org.gridweave.controller.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.Sample;
import org.gridweave.core.protocol.TelemetryCodec;
import org.gridweave.core.protocol.TelemetryMessage;
import org.gridweave.core.time.Interval;
import org.gridweave.firmware.ProducedLog;
import org.gridweave.firmware.fleet.Fleet;
import org.gridweave.firmware.fleet.FleetOptions;
import org.gridweave.firmware.site.SiteRatings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The controller service on a real broker and a real PostgreSQL, with a real meter: the reference
 * firmware (simulated site) receives the setpoint, its battery follows, the ack is recorded, and
 * its own telemetry shows the battery charging.
 */
@QuarkusTest
@QuarkusTestResource(value = ControllerInfrastructure.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControllerServiceTest {
  @jakarta.inject.Inject org.gridweave.controller.service.access.ConsoleUsers users;
  @jakarta.inject.Inject org.gridweave.controller.service.market.TradeCommitments commitments;

  private static Fleet fleet;
  private static SiteRatings ratings;
  private static long fleetSeed;
  private static MqttClient observer;
  private static Instant tradedInterval;

  @AfterAll
  static void stopMeter() throws Exception {
    if (fleet != null) {
      fleet.close();
    }
    if (observer != null && observer.isConnected()) {
      observer.disconnect();
    }
  }

  /** The first seeded fleet whose meter 1 has PV and a battery: its ratings go into the grid. */
  private static Fleet meterWithBattery() throws Exception {
    Path state = Files.createTempDirectory(Path.of("target"), "meter");
    for (long seed = 1; seed < 200; seed++) {
      FleetOptions o =
          new FleetOptions(
              1,
              FleetOptions.DriverKind.SIMULATED,
              java.util.Optional.empty(),
              state,
              Duration.ofMillis(200),
              Duration.ofSeconds(1),
              seed,
              1,
              100,
              false,
              java.util.Optional.empty());
      Fleet f =
          Fleet.create(
              o,
              "tcp://127.0.0.1:" + ControllerInfrastructure.mqttPort,
              Clock.systemUTC(),
              ProducedLog.NONE);
      SiteRatings r = f.members().get(0).registration().ratings();
      if (r.hasBattery() && r.hasPv()) {
        ratings = r;
        fleetSeed = seed;
        return f;
      }
      f.close();
    }
    throw new IllegalStateException("no seed gives a meter with PV and a battery");
  }

  private static String grid(SiteRatings r, String socMin) {
    return String.format(
        Locale.ROOT,
        """
        {"zone": "UTC", "transformer_limit_kw": 100,
         "feeders": [{"id": "f-1", "limit_kw": 50}],
         "sites": [{"id": "s-0001", "feeder": "f-1", "meter": "m-0001", "import_limit_kw": 17,
                    "export_limit_kw": 1, "pv_kwp": %.1f,
                    "battery": {"capacity_kwh": %.1f, "max_charge_kw": %.1f, "max_discharge_kw": %.1f,
                                "round_trip_efficiency": 0.9, "soc_min_pct": %s, "soc_max_pct": 95}}]}
        """,
        r.pvPeak().kilowatts(),
        r.batteryCapacity().value() / 1000,
        r.batteryMaxCharge().kilowatts(),
        r.batteryMaxDischarge().kilowatts(),
        socMin);
  }

  @Test
  @Order(0)
  void inTheDefaultDatabaseModeTheOnlyControllerLeadsAndSaysSoWithoutALogin() {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> given().get("/leader").then().extract().jsonPath().getBoolean("leader"));

    JsonPath leader = given().get("/leader").then().statusCode(200).extract().jsonPath();
    assertThat(leader.getString("mode")).isEqualTo("database");
    assertThat(leader.getString("holder")).isEqualTo(leader.getString("instance"));
    assertThat(leader.getLong("epoch")).isPositive();
    assertThat(Instant.parse(leader.getString("since"))).isBefore(Instant.now());
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'leader' }.data.leader", equalTo(true));
  }

  @Test
  @TestSecurity(user = "test-operator", roles = "operator")
  @Order(1)
  void aBadGridIsRefusedNamingTheFieldAndChangesNothing() throws Exception {
    fleet = meterWithBattery();
    putJson("/grid", grid(ratings, "10"))
        .statusCode(200)
        .body("revision", equalTo(1))
        .body("sites", equalTo(1));

    putJson("/grid", grid(ratings, "97"))
        .statusCode(400)
        .body("field", equalTo("sites[0].battery.soc_min_pct"))
        .body("error", startsWith("the lower SoC bound 97 % is above the upper bound 95 %"));
    putJson(
            "/sites/s-0002",
            "{\"feeder\": \"f-9\", \"meter\": \"m-0002\", \"import_limit_kw\": 10, \"export_limit_kw\": 5}")
        .statusCode(400)
        .body("field", equalTo("feeder"))
        .body("error", equalTo("unknown feeder f-9 (site s-0002)"));
    putJson(
            "/sites/s-0002",
            "{\"feeder\": \"f-1\", \"meter\": \"m-0002\", \"import_limit_kw\": 10, \"export_limit_kw\": 5,"
                + " \"battery\": {\"capacity_kwh\": -5, \"max_charge_kw\": 2, \"max_discharge_kw\": 2,"
                + " \"round_trip_efficiency\": 0.9, \"soc_min_pct\": 10, \"soc_max_pct\": 90}}")
        .statusCode(400)
        .body("field", equalTo("battery.capacity_kwh"));
    putJson("/grid", "{\"zone\": ").statusCode(400).body("field", equalTo("$"));

    // stored as a JSON object (not a string holding JSON), so a restarted controller reads it back
    try (var c =
            java.sql.DriverManager.getConnection(
                ControllerInfrastructure.jdbcUrl, "postgres", "postgres");
        var q = c.createStatement();
        var r =
            q.executeQuery(
                "SELECT jsonb_typeof(document), document->'sites'->0->>'id' FROM controller.grid_model")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("object");
      assertThat(r.getString(2)).isEqualTo("s-0001");
    }
    JsonPath stored = given().get("/grid").then().statusCode(200).extract().jsonPath();
    assertThat(stored.getList("sites")).hasSize(1);
    assertThat(stored.getDouble("sites[0].battery.soc_min_pct")).isEqualTo(10.0);
  }

  @Test
  @TestSecurity(user = "test-operator", roles = "operator")
  @Order(2)
  void aTariffWithExportAboveImportIsRefused() {
    putJson(
            "/tariff",
            "{\"zone\": \"UTC\", \"bands\": [{\"from\": \"00:00\", \"import_per_kwh\": 0.1, \"export_per_kwh\": 0.2}]}")
        .statusCode(400)
        .body("field", equalTo("bands[0].export_per_kwh"));
    given()
        .contentType("text/csv")
        .body("time,import_per_kwh,export_per_kwh\nyesterday,0.3,0.1\n")
        .put("/tariff")
        .then()
        .statusCode(400)
        .body("field", equalTo("line 2.time"));
    given().get("/tariff").then().statusCode(200).body("kind", equalTo("default"));
  }

  @Test
  @TestSecurity(user = "test-operator", roles = "operator")
  @Order(3)
  void theMeterReceivesItsSetpointFollowsItAndAcknowledges() throws Exception {
    // Forecasts on the forecasting service's channel: 4 kW of PV against 0.3 kW of demand for the
    // next hour, no PV after it. The connection exports 1 kW; stored energy is worth more than
    // exporting (and the battery has room for the whole hour): charge all the surplus now.
    Instant now = Instant.now();
    Interval current = Interval.containing(now, Duration.ofMinutes(15));
    observer =
        new MqttClient(
            "tcp://127.0.0.1:" + ControllerInfrastructure.mqttPort,
            "observer",
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    observer.connect(options);
    publishForecast("demand.meter.m-0001", current.start(), 4, 300 * 0.25, 300 * 0.25, now);
    publishForecast("pv.meter.m-0001", current.start(), 4, 4000 * 0.25, 0, now);
    List<TelemetryMessage> telemetry = new CopyOnWriteArrayList<>();
    TelemetryCodec codec = new TelemetryCodec();
    observer.subscribe(
        "gridweave/v1/s-0001/m-0001/telemetry",
        1,
        (topic, m) -> telemetry.add(codec.decode(m.getPayload())));
    fleet.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> !telemetry.isEmpty());

    // the forecasts arrive asynchronously: until they do, the cycle falls back (and says so)
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            given().post("/dispatch/run").then().statusCode(200).body("mode", equalTo("OPTIMAL")));

    // 3.7 kW of surplus; the battery takes all of it up to its rating
    double chargeW = Math.min(ratings.batteryMaxCharge().value(), 3700);
    JsonPath decision =
        given().get("/dispatch/" + current.start()).then().statusCode(200).extract().jsonPath();
    assertThat(decision.getDouble("sites[0].charge_kw")).isEqualTo(chargeW / 1000);
    assertThat(decision.getString("sites[0].sentence"))
        .startsWith(String.format(Locale.ROOT, "battery charging at %.1f kW: ", chargeW / 1000));
    try (var c =
            java.sql.DriverManager.getConnection(
                ControllerInfrastructure.jdbcUrl, "postgres", "postgres");
        var q = c.createStatement();
        var r =
            q.executeQuery(
                "SELECT jsonb_typeof(sites), jsonb_typeof(bindings) FROM controller.decision LIMIT 1")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("array");
      assertThat(r.getString(2)).isEqualTo("array");
    }
    given()
        .get("/dispatch/" + current.start() + "/explanations")
        .then()
        .statusCode(200)
        .body("sites.s-0001", startsWith("battery charging at"));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            given()
                .get("/sites/s-0001/setpoints")
                .then()
                .statusCode(200)
                .body("[0].status", equalTo("applied"))
                .body("[0].battery_charge_w", equalTo((float) chargeW)));

    // the meter's own telemetry: its battery charges at the setpoint
    Instant applied = Instant.now();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> span(samplesAfter(telemetry, applied.plusSeconds(1))) >= 5);
    List<Sample> after = samplesAfter(telemetry, applied.plusSeconds(1));
    Sample first = after.get(0);
    Sample last = after.get(after.size() - 1);
    double hours = Duration.between(first.time(), last.time()).toMillis() / 3_600_000.0;
    double charged =
        last.energy(Measurement.ENERGY_BATTERY_CHARGE).orElseThrow().value()
            - first.energy(Measurement.ENERGY_BATTERY_CHARGE).orElseThrow().value();
    assertThat(charged / hours)
        .isCloseTo(chargeW, org.assertj.core.api.Assertions.within(0.1 * chargeW));
    assertThat(last.batterySoc().orElseThrow().value())
        .isGreaterThan(first.batterySoc().orElseThrow().value());
  }

  @Test
  @TestSecurity(user = "test-operator", roles = "operator")
  @Order(4)
  void badAddressesAndBadForecastsAreRefusedWithoutHarm() throws Exception {
    given()
        .get("/dispatch/2026-11-25T10:07:00Z")
        .then()
        .statusCode(400)
        .body("field", equalTo("interval"));
    given().get("/dispatch/yesterday").then().statusCode(400).body("field", equalTo("interval"));
    given().get("/dispatch/2000-01-01T00:00:00Z").then().statusCode(404);
    given().get("/alarms?limit=0").then().statusCode(400).body("field", equalTo("limit"));
    // garbage on the forecast channel is dropped; the controller keeps deciding
    observer.publish(
        "gridweave/v1/forecasts/demand.meter.m-0001",
        new MqttMessage("{not json".getBytes(StandardCharsets.UTF_8)));
    given().post("/dispatch/run").then().statusCode(200).body("mode", equalTo("OPTIMAL"));
  }

  @Test
  @TestSecurity(user = "test-operator", roles = "operator")
  @Order(5)
  void aBatteryThatDidNotFollowLastIntervalsSetpointRaisesAnAlarm() throws Exception {
    Instant now = Instant.now();
    Interval current = Interval.containing(now, Duration.ofMinutes(15));
    if (Duration.between(now, current.end()).toSeconds() < 30) {
      Thread.sleep(Duration.between(now, current.end()).toMillis() + 1000); // not across a boundary
      current = current.next();
    }
    Instant previous = current.start().minus(Duration.ofMinutes(15));
    // last interval: told to charge at 3 kW from its first seconds, the meter's counters say it
    // discharged 0.5 kWh instead
    try (var c =
        java.sql.DriverManager.getConnection(
            ControllerInfrastructure.jdbcUrl, "postgres", "postgres")) {
      try (var p =
          c.prepareStatement(
              "INSERT INTO controller.command (id, site_id, meter_id, interval_start, issued_at, expires_at,"
                  + " battery_charge_w, battery_discharge_w, reason, status, answered_at)"
                  + " VALUES ('test-prev', 's-0001', 'm-0001', ?, ?, ?, 3000, 0, 'test', 'applied', ?)")) {
        p.setObject(1, utc(previous));
        p.setObject(2, utc(previous.plusSeconds(5)));
        p.setObject(3, utc(current.start().plusSeconds(300)));
        p.setObject(4, utc(previous.plusSeconds(6)));
        p.executeUpdate();
      }
      // and another meter refused its setpoint
      try (var p =
          c.prepareStatement(
              "INSERT INTO controller.command (id, site_id, meter_id, interval_start, issued_at, expires_at,"
                  + " battery_charge_w, reason, status, detail, answered_at) VALUES ('test-refused', 's-0009',"
                  + " 'm-0009', ?, ?, ?, 9000, 'test', 'rejected', 'beyond the site''s ratings', ?)")) {
        p.setObject(1, utc(previous));
        p.setObject(2, utc(previous.plusSeconds(5)));
        p.setObject(3, utc(current.start().plusSeconds(300)));
        p.setObject(4, utc(previous.plusSeconds(6)));
        p.executeUpdate();
      }
      try (var p =
          c.prepareStatement(
              "INSERT INTO interval_counters (meter_id, interval_seconds, interval_start, samples, first_ts, last_ts,"
                  + " min_import_wh, max_import_wh, min_export_wh, max_export_wh, min_battery_charge_wh,"
                  + " max_battery_charge_wh, min_battery_discharge_wh, max_battery_discharge_wh)"
                  + " VALUES ('m-0001', 900, ?, 90, ?, ?, 0, 100, 0, 0, 10, 10, 20, 520)")) {
        p.setObject(1, utc(previous));
        p.setObject(2, utc(previous));
        p.setObject(3, utc(previous.plusSeconds(890)));
        p.executeUpdate();
      }
    }

    given().post("/dispatch/run").then().statusCode(200);

    JsonPath alarms = given().get("/alarms").then().statusCode(200).extract().jsonPath();
    assertThat(alarms.getList("findAll { it.kind == 'not_following' }.subject"))
        .containsExactly("m-0001");
    assertThat(alarms.getString("find { it.kind == 'setpoint_rejected' }.detail"))
        .isEqualTo("command test-refused refused: beyond the site's ratings");
    assertThat(alarms.getString("find { it.kind == 'not_following' }.detail"))
        .startsWith("battery net energy -0.50 kWh over the interval, setpoints asked for 0.7");
  }

  @Test
  @TestSecurity(user = "test-operator", roles = "operator")
  @Order(6)
  void ordersOverRestAndSignedOverMqttClearIntoTradesAndStatements() throws Exception {
    // A buyer without assets joins the grid. First, another writer changed the grid since this
    // controller read it: the partial edit is refused, not applied over the other change; read
    // again (the controller does), it goes through. Both meters are registered with the gateway.
    try (var c =
            java.sql.DriverManager.getConnection(
                ControllerInfrastructure.jdbcUrl, "postgres", "postgres");
        var q = c.createStatement()) {
      q.executeUpdate("UPDATE controller.grid_model SET revision = revision + 1");
    }
    putJson(
            "/sites/s-0002",
            "{\"feeder\": \"f-1\", \"meter\": \"m-0002\", \"import_limit_kw\": 10, \"export_limit_kw\": 5}")
        .statusCode(409);
    putJson(
            "/sites/s-0002",
            "{\"feeder\": \"f-1\", \"meter\": \"m-0002\", \"import_limit_kw\": 10, \"export_limit_kw\": 5}")
        .statusCode(200);
    org.gridweave.core.crypto.MeterKeyPair key =
        Fleet.keyFor(fleetSeed, org.gridweave.core.id.MeterId.of("m-0001"));
    try (var c =
            java.sql.DriverManager.getConnection(
                ControllerInfrastructure.jdbcUrl, "postgres", "postgres");
        var p =
            c.prepareStatement(
                "INSERT INTO meter (meter_id, site_id, feeder_id, public_key, registered_at)"
                    + " VALUES (?, ?, 'f-1', ?, now())")) {
      p.setString(1, "m-0001");
      p.setString(2, "s-0001");
      p.setString(3, key.publicKey().base64());
      p.executeUpdate();
      p.setString(1, "m-0002");
      p.setString(2, "s-0002");
      p.setString(
          3, org.gridweave.core.crypto.MeterKeyPair.fromSeed(new byte[32]).publicKey().base64());
      p.executeUpdate();
    }
    // two intervals ahead: its gate (5 min before it) is at least 10 minutes away
    Instant interval =
        Interval.containing(Instant.now(), Duration.ofMinutes(15))
            .start()
            .plus(Duration.ofMinutes(30));
    tradedInterval = interval;
    String offer =
        "{\"id\": \"o-pv\", \"meter\": \"m-0001\", \"side\": \"offer\", \"interval\": \""
            + interval
            + "\", \"energy_wh\": 2000, \"limit_price_per_kwh\": 0.10}";
    postJson("/market/orders", offer).statusCode(201).body("site", equalTo("s-0001"));
    postJson("/market/orders", offer).statusCode(422).body("reason", equalTo("DUPLICATE_ORDER_ID"));
    postJson("/market/orders", offer.replace("o-pv", "o-0").replace("2000", "0"))
        .statusCode(422)
        .body("reason", equalTo("NON_POSITIVE_ENERGY"));
    postJson("/market/orders", offer.replace("o-pv", "o-5").replace("0.10", "5.0"))
        .statusCode(422)
        .body("reason", equalTo("PRICE_OUT_OF_BOUNDS"));
    postJson("/market/orders", offer.replace("o-pv", "o-x").replace("m-0001", "m-9999"))
        .statusCode(422)
        .body("reason", equalTo("UNKNOWN_METER"));
    postJson(
            "/market/orders",
            offer.replace("o-pv", "o-c").replace("\"side\"", "\"colour\": 1, \"side\""))
        .statusCode(400)
        .body("field", equalTo("colour"));
    postJson(
            "/market/orders",
            "{\"id\": \"b-home\", \"meter\": \"m-0002\", \"side\": \"bid\","
                + " \"interval\": \""
                + interval
                + "\", \"energy_wh\": 3000, \"limit_price_per_kwh\": 0.30,"
                + " \"renewable_only\": true}")
        .statusCode(201);

    // over MQTT: a forged order (another key) is refused, the meter's own signed order is placed
    var site = org.gridweave.core.id.SiteId.of("s-0001");
    var meter = org.gridweave.core.id.MeterId.of("m-0001");
    org.gridweave.core.protocol.OrderMessage forged =
        org.gridweave.core.protocol.OrderMessage.place(
                "mq-forged", meter, site, false, interval, 400, 50_000, false, false, Instant.now())
            .signedWith(org.gridweave.core.crypto.MeterKeyPair.fromSeed(new byte[32]));
    org.gridweave.core.protocol.OrderMessage real =
        org.gridweave.core.protocol.OrderMessage.place(
                "mq-1", meter, site, false, interval, 500, 120_000, false, false, Instant.now())
            .signedWith(key);
    observer.publish("gridweave/v1/s-0001/m-0001/order", forged.encode(), 1, false);
    observer.publish("gridweave/v1/s-0001/m-0001/order", real.encode(), 1, false);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            given()
                .get("/market/orders?interval=" + interval)
                .then()
                .statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem("mq-1")));
    given()
        .get("/market/orders?interval=" + interval)
        .then()
        .body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("mq-forged")));

    // the operator closes the gate early: the bid meets 2,000 Wh at 0.10 and 500 Wh at 0.12; the
    // uniform price is halfway between the marginal bid (0.30) and offer (0.12): 0.21
    given()
        .post("/market/intervals/" + interval + "/close")
        .then()
        .statusCode(200)
        .body("trades", equalTo(2));
    postJson("/market/orders", offer.replace("o-pv", "o-late"))
        .statusCode(422)
        .body("reason", equalTo("AFTER_GATE_CLOSURE"));
    JsonPath clearing =
        given().get("/market/clearings/" + interval).then().statusCode(200).extract().jsonPath();
    assertThat(clearing.getDouble("price_per_kwh")).isEqualTo(0.21);
    assertThat(clearing.getLong("traded_wh")).isEqualTo(2500);
    assertThat(clearing.getString("marginal_offer")).isEqualTo("mq-1");
    assertThat(clearing.getString("explanation")).contains("pay-as-clear at 0.2100/kWh");
    JsonPath trades =
        given()
            .get("/market/trades?interval=" + interval)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(trades.getList("wh", Long.class)).containsExactlyInAnyOrder(2000L, 500L);
    assertThat(trades.getList("id", String.class))
        .contains(org.gridweave.controller.market.Trade.id(interval, "b-home", "o-pv"));

    // the trades are commitments the next dispatch plans around: 2.5 kWh out of s-0001 and into
    // s-0002 in the step that delivers them (two steps after a plan starting now)
    Instant planStart = interval.minus(Duration.ofMinutes(30));
    var traded = commitments.between(planStart, Duration.ofMinutes(15), 96);
    var seller = traded.bySite().get(org.gridweave.core.id.SiteId.of("s-0001"));
    var buyer = traded.bySite().get(org.gridweave.core.id.SiteId.of("s-0002"));
    assertThat(seller.sold(2)).isEqualTo(2.5);
    assertThat(seller.bought(2)).isZero();
    assertThat(buyer.bought(2)).isEqualTo(2.5);
    assertThat(seller.sold(1) + seller.sold(3) + buyer.bought(1) + buyer.bought(3)).isZero();
    assertThat(traded.penaltyPerKwh()).isEqualTo(0.05);
    assertThat(
            commitments
                .between(interval.plus(Duration.ofMinutes(15)), Duration.ofMinutes(15), 96)
                .bySite())
        .isEmpty();

    // delivery: the seller exported only 1,500 Wh in the interval, the buyer imported 3,000
    try (var c =
            java.sql.DriverManager.getConnection(
                ControllerInfrastructure.jdbcUrl, "postgres", "postgres");
        var p =
            c.prepareStatement(
                "INSERT INTO interval_counters (meter_id, interval_seconds, interval_start, samples,"
                    + " first_ts, last_ts, min_import_wh, max_import_wh, min_export_wh, max_export_wh) VALUES (?, 900, ?, 90, ?, ?, 0, ?, 0, ?)")) {
      var at = utc(interval);
      p.setString(1, "m-0001");
      p.setObject(2, at);
      p.setObject(3, at);
      p.setObject(4, at.plusSeconds(890));
      p.setDouble(5, 0);
      p.setDouble(6, 1500);
      p.executeUpdate();
      p.setString(1, "m-0002");
      p.setDouble(5, 3000);
      p.setDouble(6, 0);
      p.executeUpdate();
    }
    // the signed messages those counters came from (what settlement's readings root commits to)
    try (var c =
            java.sql.DriverManager.getConnection(
                ControllerInfrastructure.jdbcUrl, "postgres", "postgres");
        var p =
            c.prepareStatement(
                "INSERT INTO telemetry_message (meter_id, seq, site_id, backfill, first_ts, last_ts,"
                    + " samples, firmware, signature, received_at) VALUES (?, ?, ?, false, ?, ?, 90,"
                    + " 'test', ?, now())")) {
      var at = utc(interval);
      for (int seq = 0; seq < 3; seq++) {
        for (String m : List.of("m-0001", "m-0002")) {
          p.setString(1, m);
          p.setLong(2, 9000 + seq);
          p.setString(3, m.equals("m-0001") ? "s-0001" : "s-0002");
          p.setObject(4, at.plusSeconds(300L * seq));
          p.setObject(5, at.plusSeconds(300L * seq + 295));
          p.setBytes(6, (m + "-signature-" + seq).getBytes(StandardCharsets.UTF_8));
          p.addBatch();
        }
      }
      p.executeBatch();
    }
    given().post("/market/intervals/" + interval + "/check").then().statusCode(200);
    JsonPath st =
        given()
            .get("/market/statements?interval=" + interval)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(st.getList("site_id", String.class)).containsExactly("s-0001", "s-0002");
    assertThat(st.getLong("[0].delivered_wh")).isEqualTo(1500);
    assertThat(st.getLong("[0].shortfall_wh")).isEqualTo(1000);
    assertThat(st.getLong("[0].received_micros")).isEqualTo(525_000); // 2.5 kWh × 0.21
    assertThat(st.getLong("[1].taken_wh")).isEqualTo(2500);
    assertThat(st.getLong("[1].paid_micros")).isEqualTo(525_000);
    // each trade's metered share: s-0001 delivered 1,500 of its 2,500 Wh sold, 60 % of each trade
    JsonPath shares =
        given()
            .get("/market/trades?interval=" + interval)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(shares.getLong("find { it.wh == 2000 }.delivered_wh")).isEqualTo(1200);
    assertThat(shares.getLong("find { it.wh == 500 }.delivered_wh")).isEqualTo(300);
    assertThat(shares.getLong("find { it.wh == 2000 }.taken_wh")).isEqualTo(2000);
  }

  @Test
  @TestSecurity(user = "test-operator", roles = "operator")
  @Order(7)
  void eachSiteCanShapeItsBiddingAgent() {
    given()
        .get("/market/agents/s-0001")
        .then()
        .statusCode(200)
        .body("source", equalTo("default"))
        .body("share", equalTo(1.0f));
    putJson(
            "/market/agents/s-0001",
            "{\"share\": 0.5, \"min_sell_price_per_kwh\": 0.2, \"local_only\": true}")
        .statusCode(200)
        .body("source", equalTo("site"));
    // bad settings are refused naming the field, and change nothing
    putJson("/market/agents/s-0001", "{\"share\": 1.5}")
        .statusCode(400)
        .body("field", equalTo("share"));
    putJson("/market/agents/s-0001", "{\"enabled\": \"yes\"}")
        .statusCode(400)
        .body("field", equalTo("enabled"));
    putJson("/market/agents/s-0001", "{\"share\": 0.5} trailing")
        .statusCode(400)
        .body("field", equalTo("$"));
    putJson("/market/agents/s-0001", "{\"min_sell_price_per_kwh\": 2.5}")
        .statusCode(400)
        .body("field", equalTo("min_sell_price_per_kwh"));
    putJson("/market/agents/s-0001", "{\"max_buy_price_per_kwh\": 0.1234567}")
        .statusCode(400)
        .body("field", equalTo("max_buy_price_per_kwh"));
    putJson("/market/agents/s-0001", "{\"strategy\": \"greedy\"}")
        .statusCode(400)
        .body("field", equalTo("strategy"));
    putJson("/market/agents/s-9999", "{}").statusCode(404);
    JsonPath all = given().get("/market/agents").then().statusCode(200).extract().jsonPath();
    assertThat(all.getList("site", String.class)).contains("s-0001", "s-0002");
    assertThat(all.getDouble("find { it.site == 's-0001' }.share")).isEqualTo(0.5);
    assertThat(all.getDouble("find { it.site == 's-0001' }.min_sell_price_per_kwh")).isEqualTo(0.2);
    assertThat(all.getBoolean("find { it.site == 's-0001' }.local_only")).isTrue();
    assertThat(all.getString("find { it.site == 's-0002' }.source")).isEqualTo("default");
    given()
        .delete("/market/agents/s-0001")
        .then()
        .statusCode(200)
        .body("source", equalTo("default"))
        .body("share", equalTo(1.0f));
  }

  private static java.time.OffsetDateTime utc(Instant t) {
    return java.time.OffsetDateTime.ofInstant(t, java.time.ZoneOffset.UTC);
  }

  private static io.restassured.response.ValidatableResponse postJson(String path, String body) {
    return given().contentType(ContentType.JSON).body(body).post(path).then();
  }

  private static io.restassured.response.ValidatableResponse putJson(String path, String body) {
    return given().contentType(ContentType.JSON).body(body).put(path).then();
  }

  private static double span(List<Sample> samples) {
    return samples.size() < 2
        ? 0
        : Duration.between(samples.get(0).time(), samples.get(samples.size() - 1).time()).toMillis()
            / 1000.0;
  }

  private static List<Sample> samplesAfter(List<TelemetryMessage> messages, Instant t) {
    return messages.stream()
        .flatMap(m -> m.samples().stream())
        .filter(s -> s.time().isAfter(t))
        .sorted(java.util.Comparator.comparing(Sample::time))
        .toList();
  }

  /** A forecast document as the forecasting service publishes it (100 steps, P10/P50/P90). */
  private static void publishForecast(
      String target,
      Instant from,
      int firstSteps,
      double firstWh,
      double laterWh,
      Instant trainedAt)
      throws Exception {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      double wh = i < firstSteps ? firstWh : laterWh;
      Instant s = from.plus(Duration.ofMinutes(15L * i));
      if (i > 0) rows.append(',');
      rows.append(
          String.format(
              Locale.ROOT,
              "{\"start\":\"%s\",\"end\":\"%s\",\"point\":%.1f,\"values\":[%.1f,%.1f,%.1f]}",
              s,
              s.plus(Duration.ofMinutes(15)),
              wh,
              wh * 0.8,
              wh,
              wh * 1.2));
    }
    String json =
        String.format(
            Locale.ROOT,
            "{\"target\":\"%s\",\"step\":\"PT15M\",\"unit\":\"Wh\",\"model_id\":1,\"trainer\":\"test\","
                + "\"trained_at\":\"%s\",\"origin\":\"%s\",\"covers_from\":\"%s\",\"covers_to\":\"%s\","
                + "\"quantiles\":[0.1,0.5,0.9],\"rows\":[%s]}",
            target,
            trainedAt,
            from,
            from,
            from.plus(Duration.ofMinutes(1500)),
            rows);
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    m.setRetained(true);
    observer.publish("gridweave/v1/forecasts/" + target, m);
  }

  @Test
  @TestSecurity(user = "test-operator", roles = "operator")
  @Order(8)
  void deliveredTradesAreSettledOnChainOnceAndEveryProofVerifies() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        ControllerInfrastructure.anvil != null, "SKIPPED: NOTICE: Anvil is not installed");
    assertThat(tradedInterval).as("the market test ran first").isNotNull();
    String interval = tradedInterval.toString();

    // the scheduler may get there first; either way the interval ends up settled once
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> {
          given().post("/settlements/run").then().statusCode(200);
          given()
              .get("/settlements/" + interval)
              .then()
              .statusCode(200)
              .body("status", equalTo("settled"));
        });
    JsonPath settled = given().get("/settlements/" + interval).then().extract().jsonPath();
    assertThat(settled.getInt("trades")).isEqualTo(2);
    assertThat(settled.getString("tx_hash")).startsWith("0x").hasSize(66);
    assertThat(settled.getLong("block")).isPositive();
    assertThat(settled.getLong("interval_id")).isEqualTo(tradedInterval.getEpochSecond());
    // by Unix seconds, the same interval
    given()
        .get("/settlements/" + tradedInterval.getEpochSecond())
        .then()
        .body("tx_hash", equalTo(settled.getString("tx_hash")));

    var contract = org.gridweave.settlement.Account.fromHex(settled.getString("contract"));
    try (var chain =
        org.gridweave.settlement.chain.SettlementChain.connect(
            ControllerInfrastructure.anvil.rpcUrl(),
            org.gridweave.localinfra.chain.Anvil.CHAIN_ID,
            org.gridweave.localinfra.chain.Anvil.DEV_PRIVATE_KEYS.get(1),
            contract)) {
      var onChain = chain.interval(tradedInterval.getEpochSecond());
      assertThat(onChain.settled()).isTrue();
      assertThat(onChain.tradesRoot().hex()).isEqualTo(settled.getString("trades_root"));

      // a prosumer's check: the served proof of each trade verifies against the chain's root
      String tradeId = org.gridweave.controller.market.Trade.id(tradedInterval, "b-home", "o-pv");
      JsonPath proof =
          given()
              .get("/settlements/" + interval + "/proof/" + tradeId)
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      var leaf =
          new org.gridweave.settlement.TradeLeaf(
              proof.getLong("interval_id"),
              proof.getString("trade_id"),
              org.gridweave.settlement.Account.fromHex(proof.getString("seller")),
              org.gridweave.settlement.Account.fromHex(proof.getString("buyer")),
              proof.getLong("wh"),
              proof.getLong("price_micros"));
      List<org.gridweave.settlement.Hash32> path =
          proof.getList("proof", String.class).stream()
              .map(org.gridweave.settlement.Hash32::fromHex)
              .toList();
      assertThat(leaf.wh()).isEqualTo(2000);
      assertThat(leaf.priceMicros()) // the seller's price per kWh, as the market stored it
          .isEqualTo(
              given()
                  .get("/market/trades?interval=" + interval)
                  .then()
                  .extract()
                  .jsonPath()
                  .getLong("find { it.id == '" + tradeId + "' }.seller_price_micros"));
      assertThat(leaf.hash().hex()).isEqualTo(proof.getString("leaf"));
      assertThat(chain.verifyTrade(leaf, path)).isTrue();
      var inflated =
          new org.gridweave.settlement.TradeLeaf(
              leaf.intervalId(),
              leaf.tradeId(),
              leaf.seller(),
              leaf.buyer(),
              leaf.wh() + 1,
              leaf.priceMicros());
      assertThat(chain.verifyTrade(inflated, path)).isFalse();

      // verifiable metering: each of the seller's signed messages proves against the readings
      // root the chain holds
      JsonPath readings =
          given()
              .get("/settlements/" + interval + "/readings?meter=m-0001")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(readings.getString("readings_root")).isEqualTo(onChain.readingsRoot().hex());
      assertThat(readings.getList("proofs.seq", Long.class)).containsExactly(9000L, 9001L, 9002L);
      for (int i = 0; i < 3; i++) {
        var own =
            new org.gridweave.settlement.ReadingLeaf(
                "m-0001", 9000 + i, ("m-0001-signature-" + i).getBytes(StandardCharsets.UTF_8));
        assertThat(
                org.gridweave.settlement.MerkleTree.verify(
                    own.hash(),
                    readings.getList("proofs[" + i + "].proof", String.class).stream()
                        .map(org.gridweave.settlement.Hash32::fromHex)
                        .toList(),
                    onChain.readingsRoot()))
            .isTrue();
      }
      var forged =
          new org.gridweave.settlement.ReadingLeaf(
              "m-0001", 9000, "forged".getBytes(StandardCharsets.UTF_8));
      assertThat(
              org.gridweave.settlement.MerkleTree.verify(
                  forged.hash(),
                  readings.getList("proofs[0].proof", String.class).stream()
                      .map(org.gridweave.settlement.Hash32::fromHex)
                      .toList(),
                  onChain.readingsRoot()))
          .isFalse();

      // the buyer's view: both its trades, each proving against the same root
      JsonPath mine =
          given()
              .get("/settlements/" + interval + "/proofs?site=s-0002")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(mine.getList("proofs")).hasSize(2);
      assertThat(mine.getList("proofs.root", String.class))
          .containsOnly(settled.getString("trades_root"));

      // each site's balance on chain is its statement's net, once
      JsonPath st =
          given().get("/market/statements?interval=" + interval).then().extract().jsonPath();
      for (String site : List.of("s-0001", "s-0002")) {
        long net = st.getLong("find { it.site_id == '" + site + "' }.net_micros");
        var account =
            org.gridweave.settlement.Account.fromHex(
                given()
                    .get("/settlements/participants")
                    .then()
                    .extract()
                    .jsonPath()
                    .getString("find { it.site == '" + site + "' }.account"));
        assertThat(chain.balanceOf(account)).as(site).isEqualTo(net);
      }
    }

    // the prosumer's own tool: the reference firmware's `meter verify` against this controller
    // and the chain, reading the root from the contract, not from the controller
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = org.gridweave.firmware.cli.MeterCli.commandLine();
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(out, true));
    int exit =
        cli.execute(
            "verify",
            "--interval",
            interval,
            "--site",
            "s-0002",
            "--controller",
            "http://127.0.0.1:" + io.restassured.RestAssured.port,
            "--rpc",
            ControllerInfrastructure.anvil.rpcUrl(),
            // what the prosumer was given: the published contract and its site's account
            "--contract",
            contract.hex(),
            "--account",
            given()
                .get("/settlements/participants")
                .then()
                .extract()
                .jsonPath()
                .getString("find { it.site == 's-0002' }.account"));
    System.out.println("meter verify printed:\n" + out);
    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains(settled.getString("trades_root"))
        .doesNotContain("WARNING")
        .doesNotContain("not independent");

    // a second controller on the same database must not settle at the same time
    try (var other =
        java.sql.DriverManager.getConnection(
            ControllerInfrastructure.jdbcUrl, "postgres", "postgres")) {
      try (var q = other.createStatement()) {
        q.execute(
            "SELECT pg_advisory_lock("
                + org.gridweave.controller.service.settlement.SettlementService.ADVISORY_LOCK
                + ")");
      }
      given().post("/settlements/run").then().statusCode(409);
      try (var q = other.createStatement()) {
        // released now (a closed connection's locks go only when its backend has exited)
        q.execute(
            "SELECT pg_advisory_unlock("
                + org.gridweave.controller.service.settlement.SettlementService.ADVISORY_LOCK
                + ")");
      }
    }

    // a second pass changes nothing; bad requests are refused naming the field
    given().post("/settlements/run").then().statusCode(200).body("settled_parts", equalTo(0));
    given().get("/settlements/yesterday").then().statusCode(400).body("field", equalTo("interval"));
    given().get("/settlements/" + interval + "/proof/no-such-trade").then().statusCode(404);
    given().get("/settlements/" + interval + "/proofs").then().statusCode(400);
    putJson("/settlements/participants/s-0001", "{\"account\": \"0x" + "12".repeat(20) + "\"}")
        .statusCode(409);
    putJson("/settlements/participants/s-0002", "{\"account\": \"0x1234\"}")
        .statusCode(400)
        .body("field", equalTo("account"));
    putJson("/settlements/participants/s-0002", "{\"account\": \"0x" + "00".repeat(20) + "\"}")
        .statusCode(400)
        .body("field", equalTo("account"));
    putJson(
            "/settlements/participants/s-0002",
            "{\"account\": \"" + org.gridweave.localinfra.chain.Anvil.DEV_ADDRESSES.get(0) + "\"}")
        .statusCode(400)
        .body("field", equalTo("account"));
    String sellers =
        given()
            .get("/settlements/participants")
            .then()
            .extract()
            .jsonPath()
            .getString("find { it.site == 's-0001' }.account");
    putJson("/settlements/participants/s-0003", "{\"account\": \"" + sellers + "\"}")
        .statusCode(404); // no such site
    // the statements of a settled interval are final: re-running its delivery check is refused
    given().post("/market/intervals/" + interval + "/check").then().statusCode(409);
    putJson("/settlements/participants/s-9999", "{\"account\": \"0x" + "12".repeat(20) + "\"}")
        .statusCode(404);
  }

  // ---- the console (issue #7): real logins, roles, CSRF, audit, alarms, the live grid ----------

  /** Logs in through the form and returns the session cookie. */
  private static String login(String user, String password) {
    return given()
        .formParam("j_username", user)
        .formParam("j_password", password)
        .post("/j_security_check")
        .then()
        .statusCode(200)
        .extract()
        .cookie("gw-session");
  }

  private static String csrf(String session) {
    return given()
        .cookie("gw-session", session)
        .get("/auth/me")
        .then()
        .statusCode(200)
        .extract()
        .path("csrf");
  }

  private static io.restassured.specification.RequestSpecification as(String session) {
    return given().cookie("gw-session", session);
  }

  /** A JSON write as the browser sends it: the session cookie and the user's CSRF token. */
  private static io.restassured.specification.RequestSpecification writeAs(
      String session, String csrfToken) {
    return as(session).header("X-CSRF-Token", csrfToken).contentType(ContentType.JSON);
  }

  @Test
  @Order(9)
  void everyCallNeedsALoginAndEachRoleReachesOnlyWhatItMay() {
    await().atMost(Duration.ofSeconds(30)).until(() -> users.seeded());
    // nobody logged in: data is refused, the login page is not
    given().get("/grid").then().statusCode(401);
    given().get("/console/overview").then().statusCode(401);
    given().get("/alarms").then().statusCode(401);
    given().get("/index.html").then().statusCode(200);
    given().get("/console/overview.html").then().statusCode(200); // the page; its data is not
    given().get("/console/config").then().statusCode(401);
    // a wrong password, an unknown user: refused alike
    given()
        .formParam("j_username", "op")
        .formParam("j_password", "not-the-password")
        .post("/j_security_check")
        .then()
        .statusCode(401);
    given()
        .formParam("j_username", "nobody")
        .formParam("j_password", "op-password-1")
        .post("/j_security_check")
        .then()
        .statusCode(401);

    String op = login("op", "op-password-1");
    String view = login("view", "view-password-1");
    String pro = login("pro1", "pro1-password");
    as(op).get("/auth/me").then().statusCode(200).body("role", equalTo("operator"));
    as(pro)
        .get("/auth/me")
        .then()
        .body("role", equalTo("prosumer"))
        .body("site", equalTo("s-0001"));
    as(pro).get("/auth/me").then().body("meters", org.hamcrest.Matchers.contains("m-0001"));
    as(pro).get("/console/config").then().statusCode(200).body("currency", equalTo("EUR"));

    // the viewer reads operator pages but changes nothing
    as(view).get("/grid").then().statusCode(200);
    as(view).get("/alarms").then().statusCode(200);
    writeAs(view, csrf(view))
        .body("{\"paused\": true, \"reason\": \"viewer tries\"}")
        .post("/console/controls/market")
        .then()
        .statusCode(403);

    // a prosumer reaches no operator data and no other site's
    for (String path :
        List.of(
            "/grid",
            "/alarms",
            "/console/overview",
            "/console/audit",
            "/market/trades?interval=" + tradedInterval,
            "/market/statements?interval=" + tradedInterval,
            "/settlements/participants",
            "/sites/s-0002/setpoints",
            "/dispatch/latest")) {
      as(pro).get(path).then().statusCode(403);
    }
    if (ControllerInfrastructure.anvil != null) {
      as(pro).get("/settlements/" + tradedInterval + "/proofs?site=s-0001").then().statusCode(200);
      as(pro).get("/settlements/" + tradedInterval + "/proofs?site=s-0002").then().statusCode(403);
      as(pro)
          .get("/settlements/" + tradedInterval + "/readings?meter=m-0002")
          .then()
          .statusCode(403);
      // an API client with HTTP Basic: the same rule
      given()
          .auth()
          .preemptive()
          .basic("pro2", "pro2-password")
          .get("/settlements/" + tradedInterval + "/proofs?site=s-0001")
          .then()
          .statusCode(403);
    }
    given().auth().preemptive().basic("op", "wrong-password-x").get("/grid").then().statusCode(401);
    given().auth().preemptive().basic("op", "op-password-1").get("/grid").then().statusCode(200);
  }

  @Test
  @Order(10)
  void controlsNeedTheCsrfTokenTakeEffectAndAreAudited() {
    String op = login("op", "op-password-1");
    String token = csrf(op);
    String body = "{\"feeder\": \"f-1\", \"limit_kw\": 42.5, \"reason\": \"cable fault on f-1\"}";
    // without the token (what another site's page could make the browser send): refused
    as(op)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/console/controls/feeder-limit")
        .then()
        .statusCode(403)
        .body("error", startsWith("missing or wrong CSRF token"));
    writeAs(op, csrf(login("view", "view-password-1")))
        .body(body)
        .post("/console/controls/feeder-limit")
        .then()
        .statusCode(403);
    given().get("/grid").then().statusCode(401);
    as(op).get("/grid").then().body("feeders.find { it.id == 'f-1' }.limit_kw", equalTo(50.0f));

    // bad input names the field and changes nothing
    writeAs(op, token)
        .body("{\"feeder\": \"f-1\", \"limit_kw\": -3, \"reason\": \"x\"}")
        .post("/console/controls/feeder-limit")
        .then()
        .statusCode(400)
        .body("field", equalTo("limit_kw"));
    writeAs(op, token)
        .body("{\"feeder\": \"f-1\", \"limit_kw\": 40}")
        .post("/console/controls/feeder-limit")
        .then()
        .statusCode(400)
        .body("field", equalTo("reason"));
    writeAs(op, token)
        .body("{\"feeder\": \"f-9\", \"limit_kw\": 40, \"reason\": \"x\"}")
        .post("/console/controls/feeder-limit")
        .then()
        .statusCode(404);

    // with it: the grid changes, and the audit says who, what and why
    int auditId =
        writeAs(op, token)
            .body(body)
            .post("/console/controls/feeder-limit")
            .then()
            .statusCode(200)
            .extract()
            .path("audit_id");
    as(op).get("/grid").then().body("feeders.find { it.id == 'f-1' }.limit_kw", equalTo(42.5f));
    JsonPath audit =
        as(op).get("/console/audit?limit=5").then().statusCode(200).extract().jsonPath();
    assertThat(audit.getInt("[0].id")).isEqualTo(auditId);
    assertThat(audit.getString("[0].user")).isEqualTo("op");
    assertThat(audit.getString("[0].action")).isEqualTo("feeder_limit_changed");
    assertThat(audit.getString("[0].subject")).isEqualTo("f-1");
    assertThat(audit.getString("[0].reason")).isEqualTo("cable fault on f-1");
    assertThat(audit.getDouble("[0].detail.from_kw")).isEqualTo(50.0);
    assertThat(audit.getDouble("[0].detail.to_kw")).isEqualTo(42.5);

    // pausing the market refuses new orders with a reason code, and resuming lets them in again
    writeAs(op, token)
        .body("{\"paused\": true, \"reason\": \"price spike investigation\"}")
        .post("/console/controls/market")
        .then()
        .statusCode(200);
    Instant next =
        Instant.now().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    String order =
        "{\"id\": \"paused-1\", \"meter\": \"m-0001\", \"side\": \"offer\", \"interval\": \""
            + next
            + "\", \"energy_wh\": 500, \"limit_price_per_kwh\": 0.1}";
    given()
        .auth()
        .preemptive()
        .basic("op", "op-password-1")
        .contentType(ContentType.JSON)
        .body(order)
        .post("/market/orders")
        .then()
        .statusCode(422)
        .body("reason", equalTo("MARKET_PAUSED"));
    as(op).get("/console/controls").then().body("market_paused", equalTo(true));
    writeAs(op, token)
        .body("{\"paused\": false, \"reason\": \"resolved\"}")
        .post("/console/controls/market")
        .then()
        .statusCode(200);
    as(op).get("/console/controls").then().body("market_paused", equalTo(false));
    assertThat(
            as(op)
                .get("/console/audit?limit=2")
                .then()
                .extract()
                .jsonPath()
                .getList("action", String.class))
        .containsExactly("market_resumed", "market_paused");

    // curtailing a site's PV: every plan keeps it, and the setpoint says who and why
    writeAs(op, token)
        .body(
            "{\"site\": \"s-0001\", \"pv_curtail_pct\": 80, \"minutes\": 30, \"reason\": \"voltage\"}")
        .post("/console/controls/curtail")
        .then()
        .statusCode(200);
    as(op).get("/console/controls").then().body("curtailments[0].site", equalTo("s-0001"));
    writeAs(op, token)
        .body("{\"site\": \"s-0001\", \"pv_curtail_pct\": 180, \"minutes\": 30, \"reason\": \"x\"}")
        .post("/console/controls/curtail")
        .then()
        .statusCode(400)
        .body("field", equalTo("pv_curtail_pct"));
    writeAs(op, token)
        .body("{\"reason\": \"voltage back to normal\"}")
        .delete("/console/controls/curtail/s-0001")
        .then()
        .statusCode(200);
    as(op).get("/console/controls").then().body("curtailments", org.hamcrest.Matchers.empty());
  }

  @Test
  @Order(11)
  void theLiveGridShowsNewTelemetryAndAnOverloadedFeederRaisesAnAlarmThatCanBeAcknowledged()
      throws Exception {
    String op = login("op", "op-password-1");
    // the gateway stores a reading: 60 kW imported on f-1 (limit 42.5 kW since the test before)
    Instant ts = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    try (var c =
        java.sql.DriverManager.getConnection(
            ControllerInfrastructure.jdbcUrl, "postgres", "postgres")) {
      try (var p =
          c.prepareStatement(
              "INSERT INTO telemetry_message (meter_id, seq, site_id, backfill, first_ts, last_ts,"
                  + " samples, firmware, signature, received_at) VALUES ('m-0001', 777777, 's-0001',"
                  + " false, ?, ?, 1, 'test', ?, now())")) {
        p.setObject(1, utc(ts));
        p.setObject(2, utc(ts));
        p.setBytes(3, new byte[64]);
        p.executeUpdate();
      }
      try (var p =
          c.prepareStatement(
              "INSERT INTO reading (meter_id, ts, seq, backfill, power_import_w, power_export_w,"
                  + " energy_import_wh, energy_export_wh) VALUES ('m-0001', ?, 777777, false, 60000, 0,"
                  + " 1000000, 0)")) {
        p.setObject(1, utc(ts));
        p.executeUpdate();
      }
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            as(op)
                .get("/console/overview")
                .then()
                .statusCode(200)
                .body("sites.find { it.site == 's-0001' }.net_w", equalTo(60000.0f))
                .body("feeders.find { it.id == 'f-1' }.pct", equalTo(141.2f))
                .body("transformer.import_w", equalTo(60000.0f)));
    // the charts' series: the market test's interval, from the counters it stored (m-0001
    // exported 1,500 Wh, m-0002 imported 3,000 Wh, both on f-1, no generation): demand 1,500 Wh
    JsonPath series =
        as(op)
            .get(
                "/console/series?from="
                    + tradedInterval.minus(Duration.ofMinutes(30))
                    + "&to="
                    + tradedInterval.plus(Duration.ofMinutes(30)))
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    int at = series.getList("intervals", String.class).indexOf(tradedInterval.toString());
    assertThat(at).isEqualTo(2);
    assertThat(series.getList("intervals")).hasSize(4);
    assertThat(series.getDouble("demand_wh[" + at + "]")).isEqualTo(1500.0);
    assertThat(series.getDouble("generation_wh[" + at + "]")).isEqualTo(0.0);
    assertThat(series.getDouble("feeders.find { it.id == 'f-1' }.net_wh[" + at + "]"))
        .isEqualTo(1500.0);
    assertThat(series.getList("demand_wh").get(0)).isNull(); // nothing measured then
    as(op)
        .get("/console/series?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z")
        .then()
        .statusCode(400)
        .body("field", equalTo("from"));
    as(op).get("/console/series?to=tomorrow").then().statusCode(400).body("field", equalTo("to"));
    // the same over Server-Sent Events, as the browser's EventSource gets it: named "snapshot"
    var http = java.net.http.HttpClient.newHttpClient();
    var stream =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        io.restassured.RestAssured.baseURI
                            + ":"
                            + io.restassured.RestAssured.port
                            + "/console/live"))
                .header("Cookie", "gw-session=" + op)
                .header("Accept", "text/event-stream")
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    List<String> firstEvent;
    try (var lines = stream.body()) {
      firstEvent = lines.takeWhile(line -> !line.isEmpty()).limit(20).toList();
    }
    assertThat(firstEvent).contains("event:snapshot");
    assertThat(firstEvent.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow())
        .contains("\"full\":true")
        .contains("\"site\":\"s-0001\"");
    var refused =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(
                        io.restassured.RestAssured.baseURI
                            + ":"
                            + io.restassured.RestAssured.port
                            + "/console/live"))
                .header("Cookie", "gw-session=" + login("pro1", "pro1-password"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.discarding());
    assertThat(refused.statusCode()).isEqualTo(403);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            as(op)
                .get("/alarms?open=true")
                .then()
                .extract()
                .jsonPath()
                .getList("kind", String.class)
                .contains("feeder_overload"));
    JsonPath open = as(op).get("/alarms?open=true").then().extract().jsonPath();
    int id = open.getInt("find { it.kind == 'feeder_overload' }.id");
    assertThat(open.getString("find { it.kind == 'feeder_overload' }.detail")).contains("f-1");
    String token = csrf(op);
    writeAs(op, token)
        .body("{\"comment\": \"\"}")
        .post("/alarms/" + id + "/ack")
        .then()
        .statusCode(400)
        .body("field", equalTo("comment"));
    String viewer = login("view", "view-password-1");
    writeAs(viewer, csrf(viewer))
        .body("{\"comment\": \"seen\"}")
        .post("/alarms/" + id + "/ack")
        .then()
        .statusCode(403);
    writeAs(op, token)
        .body("{\"comment\": \"load shifted to f-2, crew informed\"}")
        .post("/alarms/" + id + "/ack")
        .then()
        .statusCode(200)
        .body("acknowledged_by", equalTo("op"))
        .body("ack_comment", equalTo("load shifted to f-2, crew informed"));
    writeAs(op, token)
        .body("{\"comment\": \"again\"}")
        .post("/alarms/" + id + "/ack")
        .then()
        .statusCode(409);
    assertThat(
            as(op)
                .get("/alarms?open=true")
                .then()
                .extract()
                .jsonPath()
                .getList("id", Integer.class))
        .doesNotContain(id);
    assertThat(as(op).get("/console/audit?limit=1").then().extract().<String>path("[0].action"))
        .isEqualTo("alarm_acknowledged");
  }

  @Test
  @Order(12)
  void aProsumerSeesOnlyTheirOwnSiteUnderMe() throws Exception {
    String pro1 = login("pro1", "pro1-password");
    String pro2 = login("pro2", "pro2-password");
    String op = login("op", "op-password-1");
    as(op).get("/me").then().statusCode(403);
    as(pro1).get("/me").then().statusCode(200).body("site", equalTo("s-0001"));
    // both traded with each other in the market test: each sees the trade from its own side only
    JsonPath t1 = as(pro1).get("/me/trades").then().statusCode(200).extract().jsonPath();
    JsonPath t2 = as(pro2).get("/me/trades").then().statusCode(200).extract().jsonPath();
    assertThat(t1.getList("side", String.class)).isNotEmpty().containsOnly("sold");
    assertThat(t2.getList("side", String.class)).isNotEmpty().containsOnly("bought");
    assertThat(t1.prettify()).doesNotContain("s-0002");
    assertThat(t2.prettify()).doesNotContain("s-0001");
    String statements = as(pro1).get("/me/statements").then().statusCode(200).extract().asString();
    assertThat(statements).contains("sold_wh").doesNotContain("s-0002");
    // another site's order cannot be cancelled, nor told apart from one that does not exist
    as(pro1)
        .header("X-CSRF-Token", csrf(pro1))
        .delete("/me/orders/no-such-order")
        .then()
        .statusCode(404);
    // bad input names the field
    as(pro1)
        .get("/me/readings?from=yesterday")
        .then()
        .statusCode(400)
        .body("field", equalTo("from"));
    as(pro1).get("/me/setpoints?limit=0").then().statusCode(400).body("field", equalTo("limit"));
    writeAs(pro1, csrf(pro1))
        .body("{\"confirm\": \"no\"}")
        .post("/me/erasure")
        .then()
        .statusCode(400);
    as(pro1)
        .contentType(ContentType.JSON)
        .body("{\"confirm\": \"ERASE\"}")
        .post("/me/erasure")
        .then()
        .statusCode(403); // no CSRF token
    // the export: a ZIP of the site's own data
    byte[] zip = as(pro1).get("/me/export").then().statusCode(200).extract().asByteArray();
    java.util.List<String> names = new java.util.ArrayList<>();
    String trades = null;
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
        if (e.getName().equals("trades.csv")) {
          trades = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    assertThat(names).contains("readings.csv", "trades.csv", "statements.csv", "setpoints.csv");
    assertThat(trades).isNotNull().doesNotContain("s-0002");
    assertThat(trades.lines().count()).isGreaterThan(1);
  }

  @Test
  @Order(13)
  void anErasureDeletesTheSitesPersonalDataEndsItsLoginAndKeepsEveryoneElsesProofs() {
    String op = login("op", "op-password-1");
    String pro2 = login("pro2", "pro2-password");
    JsonPath before = as(pro1Login()).get("/me/trades").then().extract().jsonPath();
    JsonPath erased =
        writeAs(pro2, csrf(pro2))
            .body("{\"confirm\": \"ERASE\"}")
            .post("/me/erasure")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(erased.getLong("erased.telemetry_message")).isPositive();
    // the login is gone at once, also for the session already open
    as(pro2).get("/me").then().statusCode(401);
    given()
        .formParam("j_username", "pro2")
        .formParam("j_password", "pro2-password")
        .post("/j_security_check")
        .then()
        .statusCode(401);
    // the counterparty keeps its trades and statements; no site id of the erased site is left
    JsonPath after = as(pro1Login()).get("/me/trades").then().extract().jsonPath();
    assertThat(after.getList("id")).isEqualTo(before.getList("id"));
    String trades =
        as(op).get("/market/trades?interval=" + tradedInterval).then().extract().asString();
    assertThat(trades).doesNotContain("s-0002").contains("erased-");
    assertThat(as(op).get("/console/audit?limit=1").then().extract().<String>path("[0].action"))
        .isEqualTo("erasure");
    if (ControllerInfrastructure.anvil != null) {
      // the other meter's messages still prove against the readings root the chain holds
      JsonPath r =
          as(op)
              .get("/settlements/" + tradedInterval + "/readings?meter=m-0001")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      assertThat(r.getList("proofs")).isNotEmpty();
      as(op)
          .get("/settlements/" + tradedInterval + "/readings?meter=m-0002")
          .then()
          .statusCode(200)
          .body("proofs", org.hamcrest.Matchers.empty());
    }
  }

  private static String pro1Login() {
    return login("pro1", "pro1-password");
  }

  @Test
  @Order(14)
  void operatorsAddAndDisableUsersAndEveryUserChangesTheirOwnPassword() {
    String op = login("op", "op-password-1");
    String token = csrf(op);
    writeAs(op, token)
        .body(
            "{\"name\": \"night-shift\", \"role\": \"viewer\", \"password\": \"first-pass-1\","
                + " \"reason\": \"new control-room staff\"}")
        .post("/console/users")
        .then()
        .statusCode(200)
        .body("role", equalTo("viewer"));
    // bad ones name the field; the same name twice is a conflict
    writeAs(op, token)
        .body(
            "{\"name\": \"x1\", \"role\": \"prosumer\", \"password\": \"long-enough\", \"reason\": \"r\"}")
        .post("/console/users")
        .then()
        .statusCode(400)
        .body("field", equalTo("site"));
    writeAs(op, token)
        .body(
            "{\"name\": \"x2\", \"role\": \"viewer\", \"password\": \"short\", \"reason\": \"r\"}")
        .post("/console/users")
        .then()
        .statusCode(400)
        .body("field", equalTo("password"));
    writeAs(op, token)
        .body(
            "{\"name\": \"night-shift\", \"role\": \"viewer\", \"password\": \"other-pass-1\", \"reason\": \"r\"}")
        .post("/console/users")
        .then()
        .statusCode(409);
    String list = as(op).get("/console/users").then().statusCode(200).extract().asString();
    assertThat(list).contains("night-shift").doesNotContain("first-pass-1").doesNotContain("$2a$");
    String viewer = login("view", "view-password-1");
    as(viewer).get("/console/users").then().statusCode(403);

    // the new user changes the password; the old one no longer works
    String night = login("night-shift", "first-pass-1");
    writeAs(night, csrf(night))
        .body("{\"current\": \"wrong\", \"new\": \"second-pass-2\"}")
        .post("/auth/password")
        .then()
        .statusCode(400)
        .body("field", equalTo("current"));
    writeAs(night, csrf(night))
        .body("{\"current\": \"first-pass-1\", \"new\": \"second-pass-2\"}")
        .post("/auth/password")
        .then()
        .statusCode(200);
    given()
        .formParam("j_username", "night-shift")
        .formParam("j_password", "first-pass-1")
        .post("/j_security_check")
        .then()
        .statusCode(401);
    String again = login("night-shift", "second-pass-2");

    // disabled: the open session ends at its next request, and the audit says who did it and why
    writeAs(op, token)
        .body("{\"reason\": \"left the company\"}")
        .post("/console/users/night-shift/disable")
        .then()
        .statusCode(200);
    as(again).get("/auth/me").then().statusCode(401);
    JsonPath audit = as(op).get("/console/audit?limit=3").then().extract().jsonPath();
    assertThat(audit.getList("action", String.class))
        .containsExactly("user_disabled", "password_changed", "user_created");
    assertThat(audit.getString("[0].reason")).isEqualTo("left the company");
    writeAs(op, token)
        .body("{\"reason\": \"x\"}")
        .post("/console/users/op/disable")
        .then()
        .statusCode(400);
  }
}
