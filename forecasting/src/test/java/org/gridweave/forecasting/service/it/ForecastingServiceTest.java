package org.gridweave.forecasting.service.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service against a real PostgreSQL holding the gateway's tables and a real Mosquitto: weather
 * uploads, on-demand training, served quantiles, models with baseline scores, the MQTT forecast
 * channel, and the refusals.
 */
@QuarkusTest
@QuarkusTestResource(value = ForecastingInfrastructure.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForecastingServiceTest {
  private static final String FEEDER = "demand.feeder.f-1";
  private static final Map<String, String> received = new ConcurrentHashMap<>();
  private static MqttClient subscriber;

  @BeforeAll
  static void subscribe() throws Exception {
    subscriber =
        new MqttClient(
            "tcp://127.0.0.1:" + ForecastingInfrastructure.mqttPort,
            "forecast-test-subscriber",
            new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    subscriber.connect(options);
    subscriber.subscribe(
        "gridweave/v1/forecasts/#",
        1,
        (topic, message) -> received.put(topic, new String(message.getPayload())));
  }

  @AfterAll
  static void unsubscribe() throws Exception {
    if (subscriber != null) {
      subscriber.disconnect();
      subscriber.close();
    }
  }

  @Test
  @Order(1)
  void becomesReadyOnceTheSchemaIsMigrated() {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
  }

  @Test
  @Order(2)
  void storesHourlyTemperatureForecasts() {
    StringBuilder csv = new StringBuilder("time,temperature_c\n");
    Instant first = ForecastingInfrastructure.END.minus(Duration.ofDays(22));
    for (Instant t = first;
        t.isBefore(ForecastingInfrastructure.END.plus(Duration.ofDays(3)));
        t = t.plus(Duration.ofHours(1))) {
      double hour = (t.getEpochSecond() % 86_400) / 3600.0;
      csv.append(t)
          .append(',')
          .append(8 + 5 * Math.sin((hour - 9) / 24 * 2 * Math.PI))
          .append('\n');
    }

    given()
        .contentType("text/csv")
        .body(csv.toString())
        .post("/weather")
        .then()
        .statusCode(200)
        .body("area", equalTo("all"))
        .body("points", equalTo(25 * 24));
  }

  @Test
  @Order(3)
  void refusesBadWeatherJsonNamingTheField() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"area\":\"f-1\",\"points\":[{\"time\":\"2026-03-01T00:00:00Z\",\"irradiance_w_m2\":-3}]}")
        .post("/weather")
        .then()
        .statusCode(400)
        .body("field", equalTo("points[0].irradiance_w_m2"))
        .body("error", containsString("outside 0..1500"));
  }

  @Test
  @Order(3)
  void refusesBadWeatherCsvNamingTheLine() {
    given()
        .contentType("text/csv")
        .body("time,temperature_c\n2026-03-01T00:00:00Z,4\nyesterday,5\n")
        .post("/weather")
        .then()
        .statusCode(400)
        .body("error", containsString("line 3, column 'time'"));
  }

  @Test
  @Order(4)
  void trainsOnDemandThenServesOrderedQuantilesAndPublishesThem() {
    given()
        .post("/models/" + FEEDER + "/train")
        .then()
        .statusCode(202)
        .body("target", equalTo(FEEDER))
        .body("state", org.hamcrest.Matchers.oneOf("queued", "running"));

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() ->
            given()
                .get("/models/" + FEEDER)
                .then()
                .statusCode(200)
                .body("training.state", equalTo("done")));

    JsonPath forecast =
        given().get("/forecasts/" + FEEDER).then().statusCode(200).extract().jsonPath();
    assertThat(forecast.getList("quantiles", Double.class)).containsExactly(0.1, 0.5, 0.9);
    List<List<Float>> values = forecast.getList("rows.values");
    assertThat(values).hasSize(2 * 96);
    for (List<Float> row : values) {
      assertThat(row).isSorted();
      assertThat(row.get(0)).isLessThan(row.get(2));
    }
    assertThat(forecast.getString("rows[0].start"))
        .isEqualTo(ForecastingInfrastructure.END.toString());

    JsonPath window =
        given()
            .queryParam("quantiles", "0.05,0.5,0.95")
            .queryParam("from", ForecastingInfrastructure.END.plus(Duration.ofHours(6)).toString())
            .queryParam("horizon", "PT6H")
            .get("/forecasts/" + FEEDER)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(window.getList("rows")).hasSize(24);
    assertThat(window.getList("rows[0].values")).hasSize(3);

    given()
        .get("/models")
        .then()
        .statusCode(200)
        .body("target", hasItem(FEEDER))
        .body(
            "find { it.target == '" + FEEDER + "' }.baseline_mae.seasonal_naive_week",
            org.hamcrest.Matchers.notNullValue())
        .body(
            "find { it.target == '" + FEEDER + "' }.baseline_mae.persistence_day",
            org.hamcrest.Matchers.notNullValue())
        .body("find { it.target == '" + FEEDER + "' }.covariates", hasItem("temperature"))
        .body("find { it.target == '" + FEEDER + "' }.history_steps", equalTo(21 * 96));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> received.containsKey("gridweave/v1/forecasts/" + FEEDER));
    JsonPath published = JsonPath.from(received.get("gridweave/v1/forecasts/" + FEEDER));
    assertThat(published.getString("target")).isEqualTo(FEEDER);
    assertThat(published.getList("rows")).hasSize(2 * 96);
  }

  @Test
  @Order(5)
  void refusesATargetWithTooLittleHistoryWithAConflict() {
    given()
        .post("/models/demand.meter.m-short/train")
        .then()
        .statusCode(409)
        .body("error", containsString("3.0 days of history"));
  }

  @Test
  @Order(5)
  void answersNotFoundForAnUnregisteredMeterOrAnUntrainedTarget() {
    given().post("/models/pv.meter.m-nobody/train").then().statusCode(404);
    given().get("/forecasts/wind.meter.m-0001").then().statusCode(404);
  }

  @Test
  @Order(5)
  void refusesAMalformedTargetOrStep() {
    given()
        .get("/forecasts/heat.feeder.f-1")
        .then()
        .statusCode(400)
        .body("field", equalTo("target"));
    given()
        .queryParam("step", "PT7M")
        .get("/forecasts/" + FEEDER)
        .then()
        .statusCode(400)
        .body("field", equalTo("step"));
  }
}
