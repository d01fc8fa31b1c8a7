package org.gridweave.devstack.drill;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One gateway instance's own counters, read from its Prometheus page ({@code /q/metrics}). */
public final class GatewayMetrics {
  private GatewayMetrics() {}

  /**
   * Messages this instance stored since it started ({@code gridweave_gateway_accepted_messages}).
   */
  public static long acceptedMessages(int httpPort) throws IOException, InterruptedException {
    return counter(httpPort, "gridweave_gateway_accepted_messages_total");
  }

  /** Asks up to three times: a gateway busy starting or storing may answer slowly. */
  static long counter(int httpPort, String name) throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try (HttpClient http =
          HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
        String page =
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        return parse(page, name);
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  /** The value of an unlabelled sample {@code name} in a Prometheus text page. */
  static long parse(String page, String name) {
    for (String line : page.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        String value = line.substring(line.lastIndexOf(' ') + 1).trim();
        return (long) Double.parseDouble(value);
      }
    }
    throw new IllegalStateException("no " + name + " on the gateway's metrics page");
  }
}
