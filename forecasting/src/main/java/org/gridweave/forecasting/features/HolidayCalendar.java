package org.gridweave.forecasting.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gridweave.forecasting.data.InputException;

/** Public holidays: none, or the dates listed one per line (ISO {@code yyyy-MM-dd}) in a file. */
public final class HolidayCalendar {
  public static final HolidayCalendar NONE = new HolidayCalendar(Set.of());

  private final Set<LocalDate> dates;

  public HolidayCalendar(Set<LocalDate> dates) {
    this.dates = Set.copyOf(dates);
  }

  public static HolidayCalendar read(Path file) {
    Set<LocalDate> dates = new HashSet<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new InputException(file + ": cannot read the holiday calendar: " + e.getMessage());
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        dates.add(LocalDate.parse(line));
      } catch (DateTimeParseException e) {
        throw InputException.at(
            file.toString(), i + 1, null, "'" + line + "' is not a date like 2008-07-04");
      }
    }
    return new HolidayCalendar(dates);
  }

  public boolean isHoliday(LocalDate date) {
    return dates.contains(date);
  }

  public int size() {
    return dates.size();
  }
}
