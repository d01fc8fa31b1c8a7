package org.gridweave.controller.me;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a prosumer's data export: a ZIP with one CSV file per table (RFC 4180 quoting, UTF-8, a
 * header row) and a README.txt that lists the files, their row counts and any that were cut at
 * their row limit. Rows are written as the source produces them, so a table need not fit in memory.
 * Values: instants as ISO-8601 UTC, numbers without exponent, {@code null} as empty.
 */
public final class CsvZip {
  private CsvZip() {}

  /** Receives one row's values in the header's order; {@code false}: stop, the table is full. */
  @FunctionalInterface
  public interface RowSink {
    boolean accept(List<?> values);
  }

  /** A table's rows, produced into a sink until it is full or the rows end. */
  @FunctionalInterface
  public interface Rows {
    void writeTo(RowSink sink);
  }

  /** One CSV file of the export. */
  public record Table(String file, List<String> header, long maxRows, Rows rows) {
    public Table {
      if (!file.matches("[a-z_]+\\.csv")) {
        throw new IllegalArgumentException("file " + file + " is not a plain .csv name");
      }
      header = List.copyOf(header);
      if (maxRows < 1) {
        throw new IllegalArgumentException("maxRows must be positive");
      }
    }
  }

  /** What was written per file. */
  public record Written(String file, long rows, boolean truncated) {}

  /**
   * @param title the README's first line
   * @return the files as written (also in the README)
   * @throws IllegalArgumentException when a row has not one value per header column
   */
  public static List<Written> write(OutputStream out, String title, List<Table> tables) {
    List<Written> written = new ArrayList<>();
    try {
      ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
      for (Table t : tables) {
        zip.putNextEntry(new ZipEntry(t.file()));
        written.add(table(zip, t));
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("README.txt"));
      zip.write(readme(title, written).getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.finish();
      zip.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return written;
  }

  private static Written table(ZipOutputStream zip, Table t) throws IOException {
    var writer = new OutputStreamWriter(new Unclosed(zip), StandardCharsets.UTF_8);
    CSVPrinter csv =
        new CSVPrinter(
            writer, CSVFormat.DEFAULT.builder().setHeader(t.header().toArray(String[]::new)).get());
    long[] rows = {0};
    boolean[] truncated = {false};
    t.rows()
        .writeTo(values -> {
          if (rows[0] >= t.maxRows()) {
            truncated[0] = true;
            return false;
          }
          if (values.size() != t.header().size()) {
            throw new IllegalArgumentException(
                t.file()
                    + ": a row has "
                    + values.size()
                    + " values for "
                    + t.header().size()
                    + " columns");
          }
          try {
            List<String> cells = new ArrayList<>(values.size());
            for (Object v : values) {
              cells.add(cell(v));
            }
            csv.printRecord(cells);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          rows[0]++;
          return true;
        });
    csv.flush();
    return new Written(t.file(), rows[0], truncated[0]);
  }

  static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Instant i) {
      return i.toString();
    }
    if (v instanceof OffsetDateTime d) {
      return d.toInstant().toString();
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : "";
    }
    if (v instanceof Float f) {
      return cell(f.doubleValue());
    }
    return v.toString();
  }

  static String readme(String title, List<Written> written) {
    StringBuilder s = new StringBuilder(title).append("\n\n");
    s.append("Files (CSV, UTF-8, header row; times ISO-8601 UTC; energy Wh, power W, money in")
        .append(" millionths of the currency):\n");
    for (Written w : written) {
      s.append("- ").append(w.file()).append(": ").append(w.rows()).append(" rows");
      if (w.truncated()) {
        s.append(" (cut at this limit: the oldest rows are included; ask the operator for the")
            .append(" rest)");
      }
      s.append('\n');
    }
    return s.toString();
  }

  /** The ZIP stays open when a table's writer is done with it. */
  private static final class Unclosed extends FilterOutputStream {
    Unclosed(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
