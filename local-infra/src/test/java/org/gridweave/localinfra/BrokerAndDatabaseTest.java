package org.gridweave.localinfra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.gridweave.localinfra.broker.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerAndDatabaseTest {

  @TempDir Path parent;

  @Test
  void startsBothInAFreshFolderAndStopsBothOnClose() {
    assumeTrue(Mosquitto.binary().isPresent(), "SKIPPED: " + Mosquitto.NOT_INSTALLED);
    BrokerAndDatabase infrastructure;
    try (BrokerAndDatabase started =
        BrokerAndDatabase.start(parent, "it", List.of("message_size_limit 262144"))) {
      infrastructure = started;
      assertThat(started.dir().getParent()).isEqualTo(parent.toAbsolutePath());
      assertThat(started.dir().getFileName().toString()).startsWith("it");
      assertThat(started.database().dataDir()).isEqualTo(started.dir().resolve("pg"));
      assertThat(started.broker().dir()).isEqualTo(started.dir().resolve("mqtt"));
      assertThat(started.broker().dir().resolve("mosquitto.conf"))
          .content()
          .contains("message_size_limit 262144");
      assertThat(Ports.accepting(started.database().port())).isTrue();
      assertThat(Ports.accepting(started.broker().port())).isTrue();
    }

    assertThat(infrastructure.broker().isAlive()).isFalse();
    assertThat(infrastructure.database().isRunning()).isFalse();
    assertThat(Ports.accepting(infrastructure.broker().port())).isFalse();
    assertThat(Ports.accepting(infrastructure.database().port())).isFalse();
  }
}
