package org.gridweave.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtcTimestampsTest {

  @Test
  void agrees_with_the_general_iso_parser_on_random_instants() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      long millis = random.nextLong(-62_000_000_000_000L, 253_000_000_000_000L);
      Instant instant = Instant.ofEpochMilli(millis);
      String withMillis = instant.toString().length() == 24 ? instant.toString() : null;
      String seconds = Instant.ofEpochSecond(instant.getEpochSecond()).toString();
      for (String text : new String[] {withMillis, seconds}) {
        if (text == null || text.length() > 24 || text.startsWith("-")) {
          continue;
        }
        assertThat(UtcTimestamps.parseFast(text))
            .as(text)
            .isEqualTo(OffsetDateTime.parse(text).toInstant());
      }
    }
  }

  @Test
  void leaves_every_other_form_to_the_general_parser() {
    for (String text :
        List.of(
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T23:59:60Z",
            "2026-01-01T12:00:00+01:00",
            "2026-01-01T12:00:00.1Z",
            "2026-01-01T12:00:00.123456Z",
            "2026-01-01 12:00:00Z",
            "2026-01-0aT12:00:00Z",
            "2026-01-01T12:00:00.12xZ",
            "+2026-01-01T12:00:00Z")) {
      assertThat(UtcTimestamps.parseFast(text)).as(text).isNull();
    }
  }

  @Test
  void what_it_parses_the_general_parser_parses_to_the_same_instant() {
    for (String text : List.of("2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z")) {
      Instant general;
      try {
        general = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        general = null;
      }
      assertThat(UtcTimestamps.parseFast(text)).isEqualTo(general);
    }
  }
}
