package org.gridweave.firmware.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gridweave.core.id.MeterId;
import org.gridweave.settlement.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @Test
  void withoutASettlementSectionVerifyHasNothingOfItsOwn() throws IOException, ConfigException {
    MeterConfig c = MeterConfig.load(yaml(VALID_HEAD + "driver: {type: simulated}\n"));

    assertThat(c.settlement()).isEqualTo(SettlementConfig.NONE);
  }

  @Test
  void readsTheSettlementContractAndAccount() throws IOException, ConfigException {
    Path f =
        yaml(
            VALID_HEAD
                + "driver: {type: simulated}\n"
                + "settlement:\n"
                + "  contract: \"0x5FbDB2315678afecb367f032d93F642f64180aa3\"\n"
                + "  account: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'\n");

    SettlementConfig s = MeterConfig.load(f).settlement();

    assertThat(s.contract())
        .contains(Account.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3"));
    assertThat(s.account()).contains(Account.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
  }

  @Test
  void eitherSettlementFieldMayBeLeftOut() throws IOException, ConfigException {
    Path f =
        yaml(
            VALID_HEAD
                + "driver: {type: simulated}\n"
                + "settlement: {account: \"0x70997970c51812dc3a010c7d01b50e0d17dc79c8\"}\n");

    SettlementConfig s = MeterConfig.load(f).settlement();

    assertThat(s.contract()).isEmpty();
    assertThat(s.account()).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          unquoted       | contract: 0x5FbDB2315678afecb367f032d93F642f64180aa3   | 'settlement.contract': must be an account address in quotes ("0x...")
          too short      | account: "0x1234"                                      | 'settlement.account': must be an account address ("0x" and 40 hex digits): an account address has 40 hex digits, got 4
          bad checksum   | account: "0x70997970c51812DC3a010c7d01b50e0d17dc79c8"  | fails its EIP-55 checksum
          not hex        | contract: "0xZZbDB2315678afecb367f032d93F642f64180aa3" | 'settlement.contract': must be an account address ("0x" and 40 hex digits): not a hex account address
          a list         | contract: [1, 2]                                       | 'settlement.contract': must be an account address ("0x" and 40 hex digits), was [1,2]
          unknown field  | operator: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" | 'settlement.operator': unknown field
          """)
  void namesTheBrokenSettlementField(String name, String field, String reason) throws IOException {
    Path f = yaml(VALID_HEAD + "driver: {type: simulated}\nsettlement:\n  " + field + "\n");

    assertThatThrownBy(() -> MeterConfig.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void aSettlementSectionMustBeAMapping() throws IOException {
    Path f = yaml(VALID_HEAD + "driver: {type: simulated}\nsettlement: 0x5FbDB\n");

    assertThatThrownBy(() -> MeterConfig.load(f))
        .isInstanceOf(ConfigException.class)
        .hasMessage("'settlement': must be a mapping of fields");
  }
}
