package org.gridweave.firmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicReference;
import org.gridweave.core.crypto.MeterKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterCliTest {
  @TempDir Path dir;
  private final CliRun cli = new CliRun();
  private final java.io.StringWriter out = cli.out;
  private final java.io.StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  @Test
  void keygenWritesAPrivateKeyOnlyItsOwnerCanRead() throws Exception {
    int code = run("keygen", "--id", "m-0042", "--out", dir.toString());

    assertThat(code).isZero();
    Path key = dir.resolve("m-0042.key");
    assertThat(Files.getPosixFilePermissions(key))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(dir.resolve("m-0042.pub")).trim())
        .isEqualTo(MeterKeyPair.read(key).publicKey().base64());
    assertThat(out.toString()).contains("public key");
  }

  @Test
  void registerPostsTheMeterToTheGatewayAndReportsItsRefusal() throws Exception {
    run("keygen", "--id", "m-0001", "--out", dir.toString());
    AtomicReference<JsonNode> body = new AtomicReference<>();
    HttpServer gateway =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    gateway.createContext(
        "/meters",
        exchange -> {
          body.set(new ObjectMapper().readTree(exchange.getRequestBody()));
          boolean refuse = body.get().get("feeder").asText().equals("f-unknown");
          byte[] answer =
              (refuse
                      ? "{\"error\":\"feeder f-unknown does not exist\",\"field\":\"feeder\"}"
                      : "{}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(refuse ? 422 : 201, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    gateway.start();
    String url = "http://127.0.0.1:" + gateway.getAddress().getPort();
    try {
      int created =
          run(
              "register",
              "--gateway",
              url,
              "--id",
              "m-0001",
              "--site",
              "s-0001",
              "--feeder",
              "f-1",
              "--pub",
              dir.resolve("m-0001.pub").toString(),
              "--ratings",
              "pv_w=4000,import_w=12000");
      int refused =
          run(
              "register",
              "--gateway",
              url,
              "--id",
              "m-0001",
              "--site",
              "s-0001",
              "--feeder",
              "f-unknown",
              "--pub",
              dir.resolve("m-0001.pub").toString());

      assertThat(created).isZero();
      assertThat(refused).isEqualTo(1);
      assertThat(err.toString())
          .contains("feeder f-unknown does not exist")
          .contains("field feeder");
      JsonNode first = body.get();
      assertThat(first.get("id").asText()).isEqualTo("m-0001");
      assertThat(first.get("public_key").asText())
          .isEqualTo(Files.readString(dir.resolve("m-0001.pub")).trim());
      assertThat(first.get("ratings").get("battery_wh").asDouble()).isEqualTo(10000);
    } finally {
      gateway.stop(0);
    }
  }
}
