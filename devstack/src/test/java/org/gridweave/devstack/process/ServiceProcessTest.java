package org.gridweave.devstack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.StartupFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessTest {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  @TempDir static Path jarDir;
  private static Path jar;

  @TempDir Path dir;
  private ServiceProcess service;

  @BeforeAll
  static void packFakeService() throws IOException {
    jar = FakeServiceJar.build(jarDir);
  }

  @AfterEach
  void killLeftovers() {
    if (service != null) {
      service.kill();
    }
  }

  @Test
  void becomesReadyOnceItsHealthEndpointAnswers200() throws IOException {
    int port = Ports.free();
    Path log = dir.resolve("logs/fake.log");

    service =
        ServiceProcess.start(
            "fake", jar, List.of("-Xmx64m"), Map.of("fake.port", String.valueOf(port)), log);
    service.awaitHttpReady(health(port), READY_TIMEOUT);

    assertThat(service.isAlive()).isTrue();
    assertThat(service.pid()).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(Files.readString(log)).contains("fake service listening on " + port);
  }

  @Test
  void runsOnTheSameJavaAsThisJvm() {
    service = startFake(Ports.free());

    assertThat(ProcessHandle.of(service.pid()).flatMap(p -> p.info().command()))
        .isEqualTo(ProcessHandle.current().info().command());
  }

  @Test
  void stopLetsTheServiceShutDownGracefully() throws IOException {
    int port = Ports.free();
    service = startFake(port);
    service.awaitHttpReady(health(port), READY_TIMEOUT);

    service.stop();

    assertThat(service.isAlive()).isFalse();
    assertThat(Files.readString(service.logFile())).contains("graceful shutdown");
  }

  @Test
  void killEndsTheServiceWithoutItsShutdownHooks() throws IOException {
    int port = Ports.free();
    service = startFake(port);
    service.awaitHttpReady(health(port), READY_TIMEOUT);

    service.kill();

    assertThat(service.isAlive()).isFalse();
    assertThat(Files.readString(service.logFile())).doesNotContain("graceful shutdown");
  }

  @Test
  void awaitHttpReadyReportsAServiceThatExitsWithItsLog() {
    int port = Ports.free();
    service =
        ServiceProcess.start(
            "doomed", jar, List.of(), Map.of("fake.exitCode", "3"), dir.resolve("doomed.log"));

    assertThatThrownBy(() -> service.awaitHttpReady(health(port), READY_TIMEOUT))
        .isInstanceOf(StartupFailedException.class)
        .hasMessageContaining("doomed exited with 3")
        .hasMessageContaining("fake service refuses to start");
  }

  @Test
  void refusesAMissingJar() {
    assertThatThrownBy(() ->
            ServiceProcess.start(
                "ghost", dir.resolve("nope.jar"), List.of(), Map.of(), dir.resolve("g.log")))
        .isInstanceOf(StartupFailedException.class)
        .hasMessageContaining("no jar");
  }

  private ServiceProcess startFake(int port) {
    return ServiceProcess.start(
        "fake",
        jar,
        List.of(),
        Map.of("fake.port", String.valueOf(port)),
        dir.resolve("fake-" + port + ".log"));
  }

  private static URI health(int port) {
    return URI.create("http://127.0.0.1:" + port + "/health");
  }
}
