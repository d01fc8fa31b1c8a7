package org.gridweave.firmware.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.TradeLeaf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProofsJsonTest {
  private static final Account ME = Account.fromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  private static final Account OTHER =
      Account.fromHex("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc");
  private static final Account CONTRACT =
      Account.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3");

  private final SiteProofs served =
      ProofsFixture.honest(
          1_782_036_000L,
          "s-0001",
          ME,
          Optional.of(CONTRACT),
          List.of(
              new TradeLeaf(1_782_036_000L, "t-1", ME, OTHER, 500, 120_000),
              new TradeLeaf(1_782_036_000L, "t-2", OTHER, ME, 250, 95_500)));

  private static SiteProofs parse(String json) throws ProofsJson.FormatException {
    return ProofsJson.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheControllersDocument() throws Exception {
    assertThat(parse(ProofsFixture.json(served))).isEqualTo(served);
  }

  @Test
  void aNullContractIsNone() throws Exception {
    String json = ProofsFixture.json(served).replace("\"" + CONTRACT.hex() + "\"", "null");

    assertThat(parse(json).contract()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not JSON          | <html>           | <html>            | not JSON
          interval_id text  | "interval_id":1782036000, | "interval_id":"1782036000", | interval_id must be a non-negative integer, was "1782036000"
          interval mismatch | "interval":"2026-06-21T10:00:00Z" | "interval":"2026-06-21T10:15:00Z" | name different intervals
          wh negative       | "wh":500         | "wh":-500         | proofs[0].wh must be a non-negative integer
          wh text           | "wh":250         | "wh":"250"        | proofs[1].wh must be a non-negative integer
          short leaf        | "leaf":"0x       | "leaf":"0x12","x":"0x | proofs[0].leaf: a Hash32 has 64 hex digits
          seller bad        | "seller":"0x3C   | "seller":"0xZZ    | proofs[1].seller: not a hex account address
          proof not array   | "proof":[        | "proof":7,"y":[   | proofs[0].proof must be an array of hashes, was 7
          proofs missing    | "proofs":        | "proofz":         | proofs must be an array, it is missing
          """)
  void namesTheBrokenField(String name, String from, String to, String reason) {
    String json = ProofsFixture.json(served).replaceFirst(java.util.regex.Pattern.quote(from), to);
    if (name.equals("not JSON")) {
      json = "<html>";
    }
    String broken = json;

    assertThatThrownBy(() -> parse(broken))
        .isInstanceOf(ProofsJson.FormatException.class)
        .hasMessageContaining(reason);
  }

  private static ServedSettlement settlement(String json) throws ProofsJson.FormatException {
    return ProofsJson.parseSettlement(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheBlocksOfTheControllersSettlementRecord() throws Exception {
    String json = ProofsFixture.settlementJson(1_782_036_000L, served.tradesRoot(), 12, 9, 12);

    ServedSettlement s = settlement(json);

    assertThat(s.intervalId()).isEqualTo(1_782_036_000L);
    assertThat(s.status()).contains("settled");
    assertThat(s.blocks()).containsExactly(9L, 12L);
  }

  @Test
  void anIntervalWithNothingToSettleNamesNoBlock() throws Exception {
    ServedSettlement s =
        settlement(
            "{\"interval\":\"2026-06-21T10:00:00Z\",\"interval_id\":1782036000,"
                + "\"status\":\"nothing to settle\"}");

    assertThat(s.blocks()).isEmpty();
    assertThat(s.status()).contains("nothing to settle");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          block text        | "block":12,      | "block":"12",     | block must be a non-negative integer, was "12"
          part block bad    | "block":9,       | "block":-9,       | parts[0].block must be a non-negative integer, was -9
          parts not array   | "parts":[        | "parts":7,"z":[   | parts must be an array, was 7
          interval mismatch | "interval":"2026-06-21T10:00:00Z" | "interval":"2026-06-21T10:15:00Z" | name different intervals
          """)
  void namesTheBrokenFieldOfASettlementRecord(String name, String from, String to, String reason) {
    String json =
        ProofsFixture.settlementJson(1_782_036_000L, served.tradesRoot(), 9, 12)
            .replaceFirst(java.util.regex.Pattern.quote(from), to);

    assertThatThrownBy(() -> settlement(json))
        .isInstanceOf(ProofsJson.FormatException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void moreBlocksThanAnIntervalHasPartsAreRefused() {
    long[] blocks = new long[65];
    java.util.Arrays.setAll(blocks, i -> 100 + i);
    String json = ProofsFixture.settlementJson(1_782_036_000L, served.tradesRoot(), blocks);

    assertThatThrownBy(() -> settlement(json))
        .hasMessage("parts has 65 entries; an interval has at most 64 parts");
  }
}
