package org.gridweave.firmware.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.gridweave.core.id.SiteId;

/**
 * {@link ProofSource} over the grid controller's REST API: {@code GET
 * {controller}/settlements/{interval}/proofs?site=S} and {@code GET
 * {controller}/settlements/{interval}} with {@code java.net.http}. Errors say whether the
 * controller was unreachable, knows no such settlement (404), refused the request (400) or answered
 * something unusable.
 */
public final class ControllerProofs implements ProofSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI controller;
  private final Duration timeout;
  private final HttpClient http;
  private final Optional<String> authorization;

  /** A console user's credentials. */
  public record Login(String user, String password) {
    public Login {
      if (user == null || user.isBlank() || user.contains(":")) {
        throw new IllegalArgumentException("the user name must be non-empty and without ':'");
      }
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException("the password of " + user + " is empty");
      }
    }

    @Override
    public String toString() {
      return "Login[" + user + "]";
    }
  }

  /**
   * @param controller the controller's base URL, e.g. {@code http://127.0.0.1:8083}
   * @param timeout for connecting and for the whole answer
   */
  public ControllerProofs(URI controller, Duration timeout) {
    this(controller, timeout, Optional.empty());
  }

  /**
   * @param login user name and password for the controller's HTTP Basic login (a prosumer reaches
   *     only their own site's proofs)
   */
  public ControllerProofs(URI controller, Duration timeout, Optional<Login> login) {
    String scheme = controller.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme) || controller.getHost() == null) {
      throw new IllegalArgumentException(
          "the controller URL must be http(s)://host[:port], was " + controller);
    }
    this.controller = controller;
    this.timeout = timeout;
    this.authorization =
        login.map(l ->
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (l.user() + ":" + l.password()).getBytes(StandardCharsets.UTF_8)));
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public SiteProofs proofs(Instant interval, SiteId site) throws VerificationException {
    URI uri =
        URI.create(
            base()
                + "/settlements/"
                + interval
                + "/proofs?site="
                + URLEncoder.encode(site.value(), StandardCharsets.UTF_8));
    byte[] body =
        get(
            uri,
            "the controller has no settlement proofs for site "
                + site.value()
                + " in interval "
                + interval);
    try {
      return ProofsJson.parse(body);
    } catch (ProofsJson.FormatException e) {
      throw new VerificationException(
          "the controller's answer from "
              + uri
              + " is not a valid proofs document: "
              + e.getMessage());
    }
  }

  @Override
  public ServedSettlement settlement(Instant interval) throws VerificationException {
    URI uri = URI.create(base() + "/settlements/" + interval);
    byte[] body = get(uri, "the controller has no settlement of interval " + interval);
    try {
      return ProofsJson.parseSettlement(body);
    } catch (ProofsJson.FormatException e) {
      throw new VerificationException(
          "the controller's answer from "
              + uri
              + " is not a valid settlement record: "
              + e.getMessage());
    }
  }

  private String base() {
    return controller.toString().replaceAll("/+$", "");
  }

  /** The body of a 200 answer; anything else becomes one sentence ({@code notFound} for a 404). */
  private byte[] get(URI uri, String notFound) throws VerificationException {
    String base = base();
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET();
    authorization.ifPresent(a -> builder.header("Authorization", a));
    HttpRequest request = builder.build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new VerificationException(
          "the controller at " + base + " is unreachable (connection refused)", e);
    } catch (HttpTimeoutException e) {
      throw new VerificationException(
          "the controller at " + base + " did not answer within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new VerificationException(
          "the controller at " + base + " is unreachable (" + e + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VerificationException("interrupted while asking the controller", e);
    }
    int status = response.statusCode();
    if (status == 404) {
      throw new VerificationException(notFound + ": " + error(response.body()));
    }
    if (status == 401) {
      throw new VerificationException(
          "the controller wants a login"
              + (authorization.isPresent() ? " and refused this one" : "")
              + ": pass --user and set GRIDWEAVE_PASSWORD");
    }
    if (status == 403) {
      throw new VerificationException(
          "the controller refused this user: " + error(response.body()));
    }
    if (status == 400) {
      throw new VerificationException(
          "the controller refused the request: " + error(response.body()));
    }
    if (status != 200) {
      throw new VerificationException(
          "the controller answered HTTP " + status + " for " + uri + ": " + error(response.body()));
    }
    return response.body();
  }

  /** The API's {@code {"error": ..., "field": ...}}, or the start of whatever else came back. */
  private static String error(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.path("error").isTextual()) {
        String field =
            node.path("field").isTextual() ? " (field " + node.get("field").asText() + ")" : "";
        return node.get("error").asText() + field;
      }
    } catch (IOException notJson) {
      // fall through to the raw text
    }
    String text = new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return "(no body)";
    }
    return text.length() > 200 ? text.substring(0, 197) + "..." : text;
  }
}
