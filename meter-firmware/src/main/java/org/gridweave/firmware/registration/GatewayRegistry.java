package org.gridweave.firmware.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Registers meters with the gateway's REST API: {@code POST {gateway}/meters} with a {@link
 * Registration} as JSON. 201 means created, 200 that an identical registration already existed;
 * anything else becomes a {@link RegistrationException} carrying the gateway's {@code error} and
 * {@code field}. Thread-safe.
 */
public final class GatewayRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI meters;
  private final HttpClient http;

  /** Whether the gateway created the registration or already had it. */
  public enum Outcome {
    CREATED,
    ALREADY_REGISTERED
  }

  public GatewayRegistry(URI gateway) {
    String base = gateway.toString().replaceAll("/+$", "");
    this.meters = URI.create(base + "/meters");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public Outcome register(Registration registration) throws RegistrationException {
    HttpRequest request =
        HttpRequest.newBuilder(meters)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(registration.toJson(JSON)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new RegistrationException(0, "cannot reach " + meters + ": " + e.getMessage(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistrationException(0, "interrupted while registering", null);
    }
    return switch (response.statusCode()) {
      case 201 -> Outcome.CREATED;
      case 200 -> Outcome.ALREADY_REGISTERED;
      default -> throw refusal(response);
    };
  }

  private static RegistrationException refusal(HttpResponse<String> response) {
    String error = "HTTP " + response.statusCode();
    String field = null;
    try {
      JsonNode body = JSON.readTree(response.body());
      if (body != null && body.hasNonNull("error")) {
        error = body.get("error").asText();
      }
      if (body != null && body.hasNonNull("field")) {
        field = body.get("field").asText();
      }
    } catch (IOException e) {
      if (!response.body().isBlank()) {
        error = error + ": " + response.body().strip();
      }
    }
    return new RegistrationException(response.statusCode(), error, field);
  }
}
