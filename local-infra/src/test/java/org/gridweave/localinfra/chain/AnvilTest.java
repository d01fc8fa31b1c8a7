package org.gridweave.localinfra.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.StartupFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilTest {

  @TempDir Path dir;
  private Anvil anvil;

  @BeforeAll
  static void requireAnvil() {
    assumeTrue(Anvil.binary().isPresent(), "SKIPPED: NOTICE: " + Anvil.NOT_INSTALLED);
  }

  @AfterEach
  void stopAnvil() {
    if (anvil != null) {
      anvil.close();
    }
  }

  @Test
  void answersJsonRpcWithTheFixedChainIdAndTheWellKnownDevAccounts() throws IOException {
    anvil = Anvil.start(dir, Ports.free());

    assertThat(anvil.rpc("eth_chainId", "[]")).contains("\"result\":\"0x539\"");
    String accounts = anvil.rpc("eth_accounts", "[]").toLowerCase();
    for (String address : Anvil.DEV_ADDRESSES) {
      assertThat(accounts).contains(address.toLowerCase());
    }
    String console = Files.readString(anvil.logFile());
    for (String key : Anvil.DEV_PRIVATE_KEYS) {
      assertThat(console).contains(key);
    }
  }

  @Test
  void keepsTheChainAcrossAGracefulRestart() throws IOException {
    anvil = Anvil.start(dir, Ports.free());
    anvil.rpc("evm_mine", "[]");
    anvil.rpc("evm_mine", "[]");
    String before = blockNumber();

    anvil.restart();

    assertThat(blockNumber()).isEqualTo(before).isNotEqualTo("0x0");
  }

  @Test
  void comesBackAfterAKill() throws IOException {
    anvil = Anvil.start(dir, Ports.free());
    anvil.kill();
    assertThat(anvil.isAlive()).isFalse();
    assertThatThrownBy(() -> anvil.rpc("eth_chainId", "[]")).isInstanceOf(IOException.class);

    anvil.restart();

    assertThat(anvil.rpc("eth_chainId", "[]")).contains("0x539");
  }

  @Test
  void refusesATakenPortAndAMissingBinary() {
    anvil = Anvil.start(dir, Ports.free());
    assertThatThrownBy(() -> Anvil.start(dir.resolve("second"), anvil.port()))
        .isInstanceOf(StartupFailedException.class)
        .hasMessageContaining("already taken");
    assertThatThrownBy(() -> Anvil.start(Optional.empty(), dir, Ports.free(), List.of(), true))
        .hasMessage(Anvil.NOT_INSTALLED);
  }

  private String blockNumber() throws IOException {
    String response = anvil.rpc("eth_blockNumber", "[]");
    return response.replaceAll(".*\"result\":\"(0x[0-9a-f]+)\".*", "$1");
  }
}
