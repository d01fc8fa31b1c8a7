package org.gridweave.besuplugin.core.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridweave.settlement.Account;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class EnergyOptionsTest {

  private static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  private static final String OPERATOR_1 = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
  private static final String OPERATOR_2 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

  @Test
  void readsAllOptionsAsBesuWouldParseThem() {
    EnergyConfig config =
        parse(
                "--plugin-energy-contract-address=" + CONTRACT,
                "--plugin-energy-operators=" + OPERATOR_1 + ", " + OPERATOR_2,
                "--plugin-energy-mqtt-uri=tcp://127.0.0.1:1883",
                "--plugin-energy-interval-seconds=300",
                "--plugin-energy-clock-tolerance=5")
            .validate();

    assertThat(config.contract()).isEqualTo(Account.fromHex(CONTRACT));
    assertThat(config.operators())
        .containsExactly(Account.fromHex(OPERATOR_1), Account.fromHex(OPERATOR_2));
    assertThat(config.mqttUri()).contains(URI.create("tcp://127.0.0.1:1883"));
    assertThat(config.intervalSeconds()).isEqualTo(300);
    assertThat(config.clockToleranceSeconds()).isEqualTo(5);
  }

  @Test
  void everyOptionIsInThePluginsNamespaceAsBesuRequires() {
    List<String> names =
        CommandSpec.forAnnotatedObject(new EnergyOptions()).options().stream()
            .flatMap(option -> List.of(option.names()).stream())
            .toList();

    assertThat(names)
        .containsExactlyInAnyOrder(
            "--plugin-energy-contract-address",
            "--plugin-energy-operators",
            "--plugin-energy-mqtt-uri",
            "--plugin-energy-interval-seconds",
            "--plugin-energy-clock-tolerance")
        .allMatch(name -> name.startsWith("--plugin-energy-"));
  }

  @Test
  void intervalsDefaultTo900SecondsTheClockTolerance30AndTheBridgeIsOptional() {
    EnergyConfig config =
        parse("--plugin-energy-contract-address", CONTRACT, "--plugin-energy-operators", OPERATOR_1)
            .validate();

    assertThat(config.intervalSeconds()).isEqualTo(900);
    assertThat(config.clockToleranceSeconds()).isEqualTo(30);
    assertThat(config.mqttUri()).isEqualTo(Optional.empty());
  }

  @Test
  void namesTheMissingOrMalformedOption() {
    assertRefused(
        List.of("--plugin-energy-operators=" + OPERATOR_1),
        "--plugin-energy-contract-address is required");
    assertRefused(
        List.of("--plugin-energy-contract-address=" + CONTRACT),
        "--plugin-energy-operators is required");
    assertRefused(
        List.of("--plugin-energy-contract-address=0x12", "--plugin-energy-operators=" + OPERATOR_1),
        "--plugin-energy-contract-address: an account address has 40 hex digits, got 2: 0x12");
    assertRefused(
        List.of(
            "--plugin-energy-contract-address=" + CONTRACT,
            "--plugin-energy-operators=" + OPERATOR_1 + ",,"),
        "--plugin-energy-operators: an empty entry in '"
            + OPERATOR_1
            + ",,' (comma-separated addresses)");
    assertRefused(
        List.of(
            "--plugin-energy-contract-address=" + CONTRACT,
            "--plugin-energy-operators=" + OPERATOR_1 + "," + OPERATOR_1.toUpperCase()),
        "--plugin-energy-operators: " + Account.fromHex(OPERATOR_1) + " is listed twice");
    assertRefused(
        List.of(
            "--plugin-energy-contract-address=" + CONTRACT,
            "--plugin-energy-operators=" + OPERATOR_1,
            "--plugin-energy-mqtt-uri=http://broker:1883"),
        "--plugin-energy-mqtt-uri: 'http://broker:1883' is no broker URI;"
            + " expected tcp://host:port (or ssl://)");
    assertRefused(
        List.of(
            "--plugin-energy-contract-address=" + CONTRACT,
            "--plugin-energy-operators=" + OPERATOR_1,
            "--plugin-energy-interval-seconds=0"),
        "--plugin-energy-interval-seconds must be 1..86400 (the contract's interval length), got 0");
    assertRefused(
        List.of(
            "--plugin-energy-contract-address=" + CONTRACT,
            "--plugin-energy-operators=" + OPERATOR_1,
            "--plugin-energy-clock-tolerance=-1"),
        "--plugin-energy-clock-tolerance must be 0..3600 seconds (how far this node's clock may"
            + " lag the block producer's), got -1");
    assertRefused(
        List.of(
            "--plugin-energy-contract-address=" + CONTRACT,
            "--plugin-energy-operators=" + OPERATOR_1,
            "--plugin-energy-clock-tolerance=3601"),
        "--plugin-energy-clock-tolerance must be 0..3600 seconds (how far this node's clock may"
            + " lag the block producer's), got 3601");
  }

  @Test
  void refusesAMistypedChecksum() {
    String mistyped = "0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266".replace("F39F", "F39f");

    assertRefused(
        List.of(
            "--plugin-energy-contract-address=" + mistyped,
            "--plugin-energy-operators=" + OPERATOR_1),
        "--plugin-energy-contract-address: account address "
            + mistyped
            + " fails its EIP-55 checksum (expected 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266)");
  }

  private static void assertRefused(List<String> args, String message) {
    EnergyOptions options = parse(args.toArray(String[]::new));
    assertThatThrownBy(options::validate)
        .isInstanceOf(InvalidOptionsException.class)
        .hasMessage(message);
  }

  /** As Besu does: the options object becomes a mixin of its command. */
  private static EnergyOptions parse(String... args) {
    EnergyOptions options = new EnergyOptions();
    CommandSpec besu = CommandSpec.create();
    besu.addMixin("energy", CommandSpec.forAnnotatedObject(options));
    new CommandLine(besu).parseArgs(new ArrayList<>(List.of(args)).toArray(String[]::new));
    return options;
  }
}
