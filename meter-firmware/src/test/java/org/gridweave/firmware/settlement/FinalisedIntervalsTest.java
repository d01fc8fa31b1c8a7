package org.gridweave.firmware.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.gridweave.firmware.settlement.FinalisedIntervals.Outcome;
import org.gridweave.settlement.Hash32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FinalisedIntervalsTest {
  private static final String ROOT = "0x" + "ab".repeat(32);
  private static final String READINGS = "0x" + "cd".repeat(32);
  private static final String TX = "0x" + "ef".repeat(32);

  /** An announcement shaped as the Besu plugin's bridge publishes it (all eight fields). */
  static String announcement(long intervalId, long block) {
    return "{\"interval_id\":"
        + intervalId
        + ",\"trades_root\":\""
        + ROOT
        + "\",\"readings_root\":\""
        + READINGS
        + "\",\"parts\":1,\"block_number\":"
        + block
        + ",\"block_hash\":\"0x"
        + "12".repeat(32)
        + "\",\"tx_hash\":\""
        + TX
        + "\",\"log_index\":0}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private final FinalisedIntervals intervals = new FinalisedIntervals("meter m-1", 3);

  @Test
  void keepsAnAnnouncedIntervalWithItsRootsAndBlockIgnoringUnknownFields() {
    String withAFieldOfALaterVersion =
        announcement(1782036000L, 42)
            .replace("}", ",\"contract\":\"0x5FbDB2315678afecb367f032d93F642f64180aa3\"}");

    Outcome outcome =
        intervals.accept("gridweave/v1/settlement/1782036000", utf8(withAFieldOfALaterVersion));

    FinalisedInterval expected =
        new FinalisedInterval(
            1782036000L, Hash32.fromHex(ROOT), Hash32.fromHex(READINGS), 42, Hash32.fromHex(TX));
    assertThat(outcome).isEqualTo(new Outcome.Recorded(expected, false));
    assertThat(intervals.get(1782036000L)).contains(expected);
    assertThat(expected.start()).hasToString("2026-06-21T10:00:00Z");
    assertThat(expected.topic()).isEqualTo("gridweave/v1/settlement/1782036000");
  }

  /**
   * The protocol's golden announcement (docs/protocol/examples/settlement.json, copied to the test
   * class path by the POM), which the Besu plugin's test checks is exactly what its bridge writes.
   */
  @Test
  void readsTheProtocolsGoldenAnnouncement() throws IOException {
    Outcome outcome =
        intervals.accept("gridweave/v1/settlement/1795683600", golden("settlement.json"));

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Recorded(
                new FinalisedInterval(
                    1_795_683_600L,
                    Hash32.fromHex(
                        "0x648dbefe0bda7555dd277c1b9e696c9f1d17ffe73bcfea080cd3c969d74fdf74"),
                    Hash32.fromHex(
                        "0xfff89e132e02878dcce9ff7c2dd101c08554cf0a879d55c0a75990f1d20b605d"),
                    57,
                    Hash32.fromHex(
                        "0x64dbb59094c5ca8f678d5481e4e9e8c3896a0b759e2bcc080dd2233e25cfb302")),
                false));
  }

  @Test
  void dropsTheCamelCaseSpellingTheBridgeOnceWrote() {
    String camelCase =
        "{\"intervalId\":900,\"tradesRoot\":\""
            + ROOT
            + "\",\"readingsRoot\":\""
            + READINGS
            + "\",\"parts\":1,\"blockNumber\":10,\"transactionHash\":\""
            + TX
            + "\",\"logIndex\":0}";

    assertThat(intervals.accept("gridweave/v1/settlement/900", utf8(camelCase)))
        .isEqualTo(new Outcome.Dropped("gridweave/v1/settlement/900: interval_id is missing"));
  }

  private static byte[] golden(String file) throws IOException {
    try (InputStream in =
        FinalisedIntervalsTest.class
            .getClassLoader()
            .getResourceAsStream("protocol/examples/" + file)) {
      assertThat(in).as("protocol/examples/" + file + " on the test class path").isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void anEmptyPayloadRetractsTheTopicsInterval() {
    intervals.accept("gridweave/v1/settlement/900", utf8(announcement(900, 1)));
    intervals.accept("gridweave/v1/settlement/1800", utf8(announcement(1800, 2)));

    assertThat(intervals.accept("gridweave/v1/settlement/900", new byte[0]))
        .isEqualTo(new Outcome.Retracted(900, true));
    assertThat(intervals.accept("gridweave/v1/settlement/2700", new byte[0]))
        .isEqualTo(new Outcome.Retracted(2700, false));
    assertThat(intervals.latest()).extracting(FinalisedInterval::intervalId).containsExactly(1800L);
  }

  @Test
  void keepsOnlyTheNewestIntervalsUpToItsCapacity() {
    for (long id : new long[] {900, 2700, 1800, 3600}) {
      intervals.accept("gridweave/v1/settlement/" + id, utf8(announcement(id, id / 900)));
    }

    assertThat(intervals.latest())
        .extracting(FinalisedInterval::intervalId)
        .containsExactly(3600L, 2700L, 1800L);
    assertThat(intervals.accept("gridweave/v1/settlement/0", utf8(announcement(0, 9))))
        .isEqualTo(new Outcome.TooOld(0));
    assertThat(intervals.newest()).map(FinalisedInterval::intervalId).contains(3600L);
  }

  @Test
  void aRepeatedAnnouncementReplacesTheOneKept() {
    intervals.accept("gridweave/v1/settlement/900", utf8(announcement(900, 1)));

    Outcome again = intervals.accept("gridweave/v1/settlement/900", utf8(announcement(900, 5)));

    assertThat(again).isInstanceOf(Outcome.Recorded.class);
    assertThat(((Outcome.Recorded) again).replaced()).isTrue();
    assertThat(intervals.get(900).orElseThrow().blockNumber()).isEqualTo(5);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not JSON                  | gridweave/v1/settlement/900 | {not json         | not JSON
          a JSON array              | gridweave/v1/settlement/900 | [1,2]             | not a JSON object
          interval_id missing       | gridweave/v1/settlement/900 | {}                | interval_id is missing
          interval_id as text       | gridweave/v1/settlement/900 | {"interval_id":"900"} | interval_id must be a non-negative integer
          interval_id negative      | gridweave/v1/settlement/900 | {"interval_id":-900}  | interval_id must be a non-negative integer
          interval_id fractional    | gridweave/v1/settlement/900 | {"interval_id":900.5} | interval_id must be a non-negative integer
          interval_id of another    | gridweave/v1/settlement/900 | {"interval_id":1800}  | differs from the topic's 900
          topic without an id       | gridweave/v1/settlement/abc | {"interval_id":900}   | the last level must be the interval id
          """)
  void dropsWhatItCannotRead(String name, String topic, String payload, String reason) {
    Outcome outcome = intervals.accept(topic, utf8(payload));

    assertThat(outcome).isInstanceOf(Outcome.Dropped.class);
    assertThat(((Outcome.Dropped) outcome).reason()).contains(reason);
    assertThat(intervals.latest()).isEmpty();
    assertThat(intervals.dropped()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "trades_root, 17, 'trades_root must be a 0x-prefixed 32-byte hex string, was 17'",
    "trades_root, '\"0x12\"', 'trades_root: a Hash32 has 64 hex digits, got 2: 0x12'",
    "readings_root, null, readings_root is missing",
    "tx_hash, '\"0xzz\"', 'tx_hash: a Hash32 has 64 hex digits, got 2: 0xzz'",
    "block_number, '\"42\"', 'block_number must be a non-negative integer, was \"42\"'",
    "block_number, 1.5, 'block_number must be a non-negative integer, was 1.5'",
  })
  void namesTheFieldThatIsWrong(String field, String json, String reason) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode payload = (ObjectNode) mapper.readTree(announcement(900, 1));
    payload.set(field, mapper.readTree(json));

    Outcome outcome =
        intervals.accept("gridweave/v1/settlement/900", mapper.writeValueAsBytes(payload));

    assertThat(outcome).isInstanceOf(Outcome.Dropped.class);
    assertThat(((Outcome.Dropped) outcome).reason())
        .isEqualTo("gridweave/v1/settlement/900: " + reason);
  }
}
