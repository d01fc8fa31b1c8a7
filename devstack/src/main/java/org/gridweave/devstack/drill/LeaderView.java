package org.gridweave.devstack.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one controller instance says about the leadership ({@code GET /leader}).
 *
 * @param instance the answering instance
 * @param leader whether it may act as the leader now
 * @param holder the lease's holder as it last saw it
 * @param epoch the lease's epoch as it last saw it
 * @param since when the holder acquired the lease
 * @param mode the election mode ({@code database}, {@code kubernetes}, {@code off})
 */
public record LeaderView(
    String instance,
    boolean leader,
    Optional<String> holder,
    long epoch,
    Optional<Instant> since,
    String mode) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Asks the controller on {@code httpPort}; empty if it does not answer (dead, starting). */
  public static Optional<LeaderView> of(int httpPort) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/leader"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      return Optional.of(parse(r.body()));
    } catch (IOException notAnswering) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * @throws IllegalArgumentException naming the field when the answer is not a leader status
   */
  static LeaderView parse(String body) {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("GET /leader did not answer JSON: " + body, e);
    }
    if (n == null || !n.path("instance").isTextual() || !n.path("leader").isBoolean()) {
      throw new IllegalArgumentException(
          "GET /leader: 'instance' (text) and 'leader' (boolean) are required, got " + body);
    }
    return new LeaderView(
        n.get("instance").asText(),
        n.get("leader").asBoolean(),
        text(n, "holder"),
        n.path("epoch").asLong(0),
        text(n, "since").map(Instant::parse),
        n.path("mode").asText(""));
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }
}
