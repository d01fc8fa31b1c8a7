package org.gridweave.forecasting.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Locating the shared data and reading its CSV files with file-and-line error messages. */
public final class DataFiles {
  private DataFiles() {}

  /** System property naming the shared data folder. */
  public static final String DATA_PROPERTY = "gridweave.data";

  /** System property naming the repository (the folder holding {@code gridweave} + pom.xml). */
  public static final String HOME_PROPERTY = "gridweave.home";

  /**
   * The shared data folder: {@code -Dgridweave.data}, else the first {@code shared/data} at or
   * above {@code -Dgridweave.home} (or the working directory), i.e. {@code ../shared/data} beside
   * the repository. Same rule as devstack's {@code Shared.data()}.
   */
  public static Optional<Path> sharedData() {
    String configured = System.getProperty(DATA_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isDirectory);
    }
    String home = System.getProperty(HOME_PROPERTY);
    Path from =
        (home != null && !home.isBlank() ? Path.of(home) : Path.of(""))
            .toAbsolutePath()
            .normalize();
    for (Path p = from; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data");
      if (Files.isDirectory(candidate.resolve("london-smart-meters-lcl-2013"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A data set folder inside the shared data, or an explanation of why it is not there. */
  public static Path datasetDir(Path data, String name) throws IOException {
    Path dir = data.resolve(name);
    if (!Files.isDirectory(dir)) {
      throw new IOException("no data set folder " + dir);
    }
    return dir;
  }

  /** Opens a text file, gunzipping {@code .gz}. */
  public static BufferedReader open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("missing file " + file);
    }
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  /** Row-by-row reading of a CSV file; the header is record 1, so record number = line number. */
  public static final class Csv implements AutoCloseable, Iterable<CSVRecord> {
    private final Path file;
    private final CSVParser parser;

    private Csv(Path file, CSVParser parser) {
      this.file = file;
      this.parser = parser;
    }

    public static Csv open(Path file, char delimiter) throws IOException {
      CSVFormat format =
          CSVFormat.DEFAULT
              .builder()
              .setDelimiter(delimiter)
              .setTrim(true)
              .setIgnoreEmptyLines(true)
              .get();
      return new Csv(file, CSVParser.parse(DataFiles.open(file), format));
    }

    public Path file() {
      return file;
    }

    @Override
    public Iterator<CSVRecord> iterator() {
      return parser.iterator();
    }

    /** Reads the header row and checks that it starts with {@code expected} (case-insensitive). */
    public CSVRecord header(String... expected) throws MalformedDataException {
      Iterator<CSVRecord> it = parser.iterator();
      if (!it.hasNext()) {
        throw new MalformedDataException(file, 1, "empty file, expected a header row");
      }
      CSVRecord header = it.next();
      for (int i = 0; i < expected.length; i++) {
        if (i >= header.size() || !header.get(i).equalsIgnoreCase(expected[i])) {
          throw new MalformedDataException(
              file,
              header.getRecordNumber(),
              "expected header column " + (i + 1) + " '" + expected[i] + "', found " + header);
        }
      }
      return header;
    }

    public MalformedDataException error(CSVRecord r, String problem) {
      return new MalformedDataException(file, r.getRecordNumber(), problem);
    }

    public void requireSize(CSVRecord r, int size) throws MalformedDataException {
      if (r.size() < size) {
        throw error(r, "expected " + size + " columns, found " + r.size());
      }
    }

    /** A number; empty or {@code NA}/{@code Null} cells are NaN; thousands separators allowed. */
    public double number(CSVRecord r, int column) throws MalformedDataException {
      String raw = r.get(column);
      try {
        return parseNumber(raw);
      } catch (NumberFormatException e) {
        throw error(r, "column " + (column + 1) + ": not a number: '" + raw + "'");
      }
    }

    /** An integer that must be present. */
    public int integer(CSVRecord r, int column) throws MalformedDataException {
      String raw = r.get(column).trim();
      try {
        return Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        throw error(r, "column " + (column + 1) + ": not an integer: '" + raw + "'");
      }
    }

    @Override
    public void close() throws IOException {
      parser.close();
    }
  }

  /**
   * Parses {@code "16,853"} as 16853, {@code " 0.219 "} as 0.219; empty, {@code NA} and {@code
   * Null} are NaN. Commas are accepted only as thousands separators (groups of three digits).
   */
  public static double parseNumber(String raw) {
    String s = raw.strip();
    if (s.isEmpty() || s.equalsIgnoreCase("NA") || s.equalsIgnoreCase("Null")) {
      return Double.NaN;
    }
    if (s.indexOf(',') >= 0) {
      if (!s.matches("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?")) {
        throw new NumberFormatException("bad thousands separators: " + raw);
      }
      s = s.replace(",", "");
    }
    double v = Double.parseDouble(s);
    if (!Double.isFinite(v)) {
      throw new NumberFormatException("not finite: " + raw);
    }
    return v;
  }
}
