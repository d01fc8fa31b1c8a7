package org.gridweave.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackTest {

  @TempDir Path dir;

  @Test
  void homeIsTheRepositoryNamedByTheGridweaveHomeProperty() {
    assumeTrue(
        System.getProperty(Stack.HOME_PROPERTY) != null,
        "SKIPPED: run through Maven, which sets -Dgridweave.home");

    assertThat(Stack.home().resolve("devstack/pom.xml")).isRegularFile();
  }

  @Test
  void findsHomeByWalkingUpToTheLauncherAndPom() throws IOException {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Files.writeString(repo.resolve("gridweave"), "#!/bin/sh\n");
    Files.writeString(repo.resolve("pom.xml"), "<project/>");
    Path deep = Files.createDirectories(repo.resolve("meter-gateway/src/main"));

    assertThat(Stack.findHome(deep)).contains(repo.toAbsolutePath().normalize());
  }

  @Test
  void findsNoHomeWithoutTheLauncher() throws IOException {
    Path notRepo = Files.createDirectories(dir.resolve("elsewhere/deep"));
    Files.writeString(dir.resolve("elsewhere/pom.xml"), "<project/>");

    assertThat(Stack.findHome(notRepo)).isEmpty();
  }

  @Test
  void closingTheStackStopsEveryAdoptedComponent() {
    assumeTrue(Mosquitto.binary().isPresent(), "SKIPPED: mosquitto is not installed");
    Stack stack = new Stack();
    Mosquitto broker = stack.adopt(Mosquitto.start(dir.resolve("broker"), Ports.free()));

    stack.close();

    assertThat(broker.isAlive()).isFalse();
    assertThat(Ports.accepting(broker.port())).isFalse();
  }

  @Test
  void refusesComponentsItDoesNotHave() {
    try (Stack stack = new Stack()) {
      assertThatThrownBy(stack::broker).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(stack::database).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> stack.service("gateway"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
