package org.gridweave.controller.tariff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TariffTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void timeOfUseBandsFollowLocalTimeAndWrapPastMidnight() {
    TimeOfUseTariff t =
        new TimeOfUseTariff(
            BERLIN,
            List.of(
                new TimeOfUseTariff.Band(LocalTime.of(7, 0), 0.30, 0.08),
                new TimeOfUseTariff.Band(LocalTime.of(22, 0), 0.18, 0.06)));

    // 05:00 UTC = 07:00 in Berlin in summer: the day band starts
    assertThat(t.importPerKwh(Instant.parse("2026-06-21T05:00:00Z"))).isEqualTo(0.30);
    assertThat(t.importPerKwh(Instant.parse("2026-06-21T04:45:00Z"))).isEqualTo(0.18);
    // 02:00 local: still the night band from 22:00 the day before
    assertThat(t.exportPerKwh(Instant.parse("2026-06-21T00:00:00Z"))).isEqualTo(0.06);
  }

  @Test
  void refusesAnExportPriceAboveTheImportPrice() {
    assertThatThrownBy(() ->
            new TimeOfUseTariff(
                BERLIN, List.of(new TimeOfUseTariff.Band(LocalTime.MIDNIGHT, 0.1, 0.2))))
        .isInstanceOfSatisfying(
            TariffException.class, e -> assertThat(e.field()).isEqualTo("bands[0].export_per_kwh"))
        .hasMessageContaining("could import and export at once");
  }

  @Test
  void readsIntervalPricesFromCsv() throws Exception {
    IntervalPriceTariff t =
        IntervalPriceTariff.readCsv(
            new StringReader(
                """
                time,import_per_kwh,export_per_kwh
                2026-06-21T12:00:00Z,0.25,0.08
                2026-06-21T12:15:00+00:00,-0.05,-0.10
                """),
            Duration.ofMinutes(15));

    assertThat(t.importPerKwh(Instant.parse("2026-06-21T12:10:00Z"))).isEqualTo(0.25);
    assertThat(t.exportPerKwh(Instant.parse("2026-06-21T12:15:00Z"))).isEqualTo(-0.10);
    assertThat(
            t.covers(Instant.parse("2026-06-21T12:00:00Z"), Instant.parse("2026-06-21T12:30:00Z")))
        .isTrue();
    assertThatThrownBy(() -> t.importPerKwh(Instant.parse("2026-06-21T12:30:00Z")))
        .isInstanceOf(TariffException.class)
        .hasMessageContaining("no price for");
  }

  @Test
  void csvErrorsNameTheLineAndColumn() {
    assertThatThrownBy(() ->
            IntervalPriceTariff.readCsv(
                new StringReader(
                    """
                    time,import_per_kwh,export_per_kwh
                    2026-06-21T12:00:00Z,0.25,0.08
                    2026-06-21T12:15:00Z,abc,0.08
                    """),
                Duration.ofMinutes(15)))
        .isInstanceOfSatisfying(
            TariffException.class, e -> assertThat(e.field()).isEqualTo("line 3.import_per_kwh"));
    assertThatThrownBy(() ->
            IntervalPriceTariff.readCsv(
                new StringReader(
                    """
                    time,import_per_kwh,export_per_kwh
                    2026-06-21T12:15:00Z,0.25,0.08
                    2026-06-21T12:00:00Z,0.25,0.08
                    """),
                Duration.ofMinutes(15)))
        .isInstanceOfSatisfying(
            TariffException.class, e -> assertThat(e.field()).isEqualTo("line 3.time"));
    assertThatThrownBy(() ->
            IntervalPriceTariff.readCsv(
                new StringReader("when,import_per_kwh\n"), Duration.ofMinutes(15)))
        .isInstanceOfSatisfying(
            TariffException.class, e -> assertThat(e.getMessage()).contains("no column 'time'"));
  }
}
