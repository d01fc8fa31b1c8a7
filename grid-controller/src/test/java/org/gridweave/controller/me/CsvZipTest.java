package org.gridweave.controller.me;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvZipTest {

  private static Map<String, String> unzip(byte[] zip) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static List<CSVRecord> csv(String text) throws IOException {
    return CSVFormat.DEFAULT.parse(new StringReader(text)).getRecords();
  }

  @Test
  void writesOneCsvPerTableWithQuotingThatReadsBackExactly() throws IOException {
    String awkward = "charge, because \"price\" is low\nand PV is high";
    CsvZip.Table setpoints =
        new CsvZip.Table(
            "setpoints.csv",
            List.of("id", "interval", "reason", "pv_curtail_pct"),
            10,
            sink -> {
              sink.accept(
                  Arrays.asList(
                      "c1",
                      OffsetDateTime.of(2026, 11, 26, 11, 0, 0, 0, ZoneOffset.ofHours(1)),
                      awkward,
                      null));
              sink.accept(List.of("c2", Instant.parse("2026-11-26T10:15:00Z"), "ok", 12.5));
            });
    CsvZip.Table empty = new CsvZip.Table("trades.csv", List.of("id", "wh"), 10, sink -> {});
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    List<CsvZip.Written> written = CsvZip.write(out, "site S1", List.of(setpoints, empty));

    Map<String, String> files = unzip(out.toByteArray());
    assertThat(files.keySet()).containsExactly("setpoints.csv", "trades.csv", "README.txt");
    List<CSVRecord> rows = csv(files.get("setpoints.csv"));
    assertThat(rows.get(0).values()).containsExactly("id", "interval", "reason", "pv_curtail_pct");
    assertThat(rows.get(1).values()).containsExactly("c1", "2026-11-26T10:00:00Z", awkward, "");
    assertThat(rows.get(2).values()).containsExactly("c2", "2026-11-26T10:15:00Z", "ok", "12.5");
    assertThat(csv(files.get("trades.csv"))).hasSize(1);
    assertThat(written)
        .containsExactly(
            new CsvZip.Written("setpoints.csv", 2, false),
            new CsvZip.Written("trades.csv", 0, false));
    assertThat(files.get("README.txt")).startsWith("site S1").contains("setpoints.csv: 2 rows");
  }

  @Test
  void stopsATableAtItsLimitAndSaysSoInTheReadme() throws IOException {
    int[] produced = {0};
    CsvZip.Table readings =
        new CsvZip.Table(
            "readings.csv",
            List.of("ts", "power_import_w"),
            3,
            sink -> {
              for (int i = 0; i < 1_000_000; i++) {
                produced[0]++;
                if (!sink.accept(List.of(Instant.ofEpochSecond(i), 1e7 + i))) {
                  return;
                }
              }
            });
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    List<CsvZip.Written> written = CsvZip.write(out, "t", List.of(readings));

    assertThat(written).containsExactly(new CsvZip.Written("readings.csv", 3, true));
    assertThat(produced[0]).isEqualTo(4);
    Map<String, String> files = unzip(out.toByteArray());
    assertThat(csv(files.get("readings.csv")).get(1).values())
        .containsExactly("1970-01-01T00:00:00Z", "10000000");
    assertThat(files.get("README.txt")).contains("readings.csv: 3 rows (cut at this limit");
  }

  @Test
  void refusesARowThatDoesNotMatchTheHeader() {
    CsvZip.Table t =
        new CsvZip.Table("orders.csv", List.of("id", "wh"), 5, sink -> sink.accept(List.of("x")));
    assertThatThrownBy(() -> CsvZip.write(new ByteArrayOutputStream(), "t", List.of(t)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("orders.csv: a row has 1 values for 2 columns");
  }
}
