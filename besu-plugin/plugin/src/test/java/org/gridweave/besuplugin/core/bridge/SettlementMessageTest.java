package org.gridweave.besuplugin.core.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.gridweave.besuplugin.core.index.LogPosition;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalSettled;
import org.junit.jupiter.api.Test;

class SettlementMessageTest {

  /**
   * The protocol's golden announcement (docs/protocol/examples/settlement.json, copied to the test
   * class path by the POM) is exactly what the bridge publishes for its values; the firmware's test
   * parses the same file.
   */
  @Test
  void writesTheProtocolsGoldenAnnouncement() throws IOException {
    IntervalSettled settled =
        new IntervalSettled(
            1_795_683_600L,
            Hash32.fromHex("0x648dbefe0bda7555dd277c1b9e696c9f1d17ffe73bcfea080cd3c969d74fdf74"),
            Hash32.fromHex("0xfff89e132e02878dcce9ff7c2dd101c08554cf0a879d55c0a75990f1d20b605d"),
            1);
    LogPosition position =
        new LogPosition(
            57,
            Hash32.fromHex("0x394c5badf2590d12ef78bb3d7a95378e810dfef19269600ee54d500d1c4deba6"),
            Hash32.fromHex("0x64dbb59094c5ca8f678d5481e4e9e8c3896a0b759e2bcc080dd2233e25cfb302"),
            1);

    byte[] published = SettlementMessage.json(settled, position);

    assertThat(new String(published, StandardCharsets.UTF_8))
        .isEqualTo(new String(golden(), StandardCharsets.UTF_8));
    assertThat(SettlementMessage.topic(settled.intervalId()))
        .isEqualTo("gridweave/v1/settlement/1795683600");
  }

  private static byte[] golden() throws IOException {
    try (InputStream in =
        SettlementMessageTest.class
            .getClassLoader()
            .getResourceAsStream("protocol/examples/settlement.json")) {
      assertThat(in).as("protocol/examples/settlement.json on the test class path").isNotNull();
      return in.readAllBytes();
    }
  }
}
