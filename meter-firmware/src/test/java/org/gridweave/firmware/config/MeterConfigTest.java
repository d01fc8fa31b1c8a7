package org.gridweave.firmware.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gridweave.core.id.MeterId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterConfigTest {
  @TempDir Path dir;

  @Test
  void readsTheExampleConfiguration() throws Exception {
    Path example = dir.resolve("meter.yaml");
    Files.copy(Path.of("meter.example.yaml"), example);

    MeterConfig c = MeterConfig.load(example);

    assertThat(c.meter()).isEqualTo(MeterId.of("m-0001"));
    assertThat(c.messagePeriod()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.stateDir()).isEqualTo(dir.resolve("state/m-0001"));
    assertThat(c.driver().kind()).isEqualTo(DriverConfig.Kind.SIMULATED);
    assertThat(c.driver().ratings().orElseThrow().batteryMaxCharge().value()).isEqualTo(3000);
  }

  private Path yaml(String text) throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, text);
    return f;
  }

  private static final String VALID_HEAD =
      """
      meter: m-1
      site: s-1
      broker: tcp://localhost:1883
      key_file: k.key
      state_dir: st
      """;

  @Test
  void namesTheFieldOfAnInvalidDuration() throws IOException {
    Path f = yaml(VALID_HEAD + "sample_period: soon\ndriver: {type: simulated}\n");

    assertThatThrownBy(() -> MeterConfig.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'sample_period'")
        .hasMessageContaining("soon");
  }

  @Test
  void namesTheNestedFieldOfAnInvalidRating() throws IOException {
    Path f = yaml(VALID_HEAD + "driver:\n  type: simulated\n  ratings: {pv_w: -5, import_w: 1}\n");

    assertThatThrownBy(() -> MeterConfig.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'driver.ratings.pv_w'");
  }

  @Test
  void rejectsAnUnknownField() throws IOException {
    Path f = yaml(VALID_HEAD + "colour: blue\ndriver: {type: simulated}\n");

    assertThatThrownBy(() -> MeterConfig.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'colour'")
        .hasMessageContaining("unknown field");
  }

  @Test
  void rejectsAnInvalidMeterId() throws IOException {
    Path f = yaml(VALID_HEAD.replace("m-1", "m/1") + "driver: {type: simulated}\n");

    assertThatThrownBy(() -> MeterConfig.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'meter'");
  }
}
