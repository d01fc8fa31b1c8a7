package org.gridweave.forecasting.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a TRAIN or TEST file of the evaluation contract with Commons CSV and checks it: header
 * present, named columns exist, times are ISO-8601 (with or without offset), numbers are numbers.
 * Every refusal names the file, the line and the column.
 */
public final class CsvInput {
  private CsvInput() {}

  /** The rows grouped by series (in first-appearance order), each group in file order. */
  public static Map<String, List<Row>> read(
      Path file,
      String timeColumn,
      String targetColumn,
      String seriesColumn,
      List<String> features) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .get();
    Map<String, List<Row>> out = new LinkedHashMap<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(reader, format)) {
      List<String> header = parser.getHeaderNames();
      if (header.isEmpty()) {
        throw InputException.at(name, 1, null, "the file is empty; a header row is needed");
      }
      require(name, header, timeColumn, "--time");
      require(name, header, targetColumn, "--target");
      if (seriesColumn != null) {
        require(name, header, seriesColumn, "--series");
      }
      for (String f : features) {
        require(name, header, f, "--features");
      }
      for (CSVRecord record : parser) {
        long line = parser.getCurrentLineNumber();
        if (!record.isConsistent()) {
          throw InputException.at(
              name, line, null, "has " + record.size() + " cells, the header has " + header.size());
        }
        String series = seriesColumn == null ? "" : record.get(seriesColumn);
        if (seriesColumn != null && series.isEmpty()) {
          throw InputException.at(name, line, seriesColumn, "the series id is empty");
        }
        String timeText = record.get(timeColumn);
        Instant instant;
        LocalDateTime clock;
        try {
          OffsetDateTime odt = OffsetDateTime.parse(timeText);
          instant = odt.toInstant();
          clock = odt.toLocalDateTime();
        } catch (DateTimeParseException withoutOffset) {
          try {
            clock = LocalDateTime.parse(timeText);
            instant = clock.toInstant(ZoneOffset.UTC);
          } catch (DateTimeParseException e) {
            throw InputException.at(
                name,
                line,
                timeColumn,
                "'"
                    + timeText
                    + "' is not an ISO-8601 time (e.g. 2008-06-30T23:00 or"
                    + " 2008-06-30T23:00+02:00)");
          }
        }
        double target = number(name, line, targetColumn, record.get(targetColumn));
        double[] values = new double[features.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = number(name, line, features.get(i), record.get(features.get(i)));
        }
        out.computeIfAbsent(series, s -> new ArrayList<>())
            .add(new Row(line, series, timeText, instant, clock, target, values));
      }
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file (" + file + ")");
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new InputException(name + ": cannot be read as CSV: " + e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InputException(name + ": not a valid CSV file: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw InputException.at(name, 0, null, "has a header but no rows");
    }
    return out;
  }

  private static void require(String file, List<String> header, String column, String option) {
    if (!header.contains(column)) {
      throw InputException.at(
          file,
          1,
          column,
          "unknown column (named by " + option + "); the header has: " + String.join(", ", header));
    }
  }

  /** NaN for an empty cell; a refusal for anything that is not a finite number. */
  private static double number(String file, long line, String column, String text) {
    if (text.isEmpty() || text.equalsIgnoreCase("NA") || text.equalsIgnoreCase("NaN")) {
      return Double.NaN;
    }
    try {
      double d = Double.parseDouble(text);
      if (Double.isInfinite(d)) {
        throw InputException.at(file, line, column, "'" + text + "' is not a finite number");
      }
      return d;
    } catch (NumberFormatException e) {
      throw InputException.at(file, line, column, "'" + text + "' is not a number");
    }
  }
}
