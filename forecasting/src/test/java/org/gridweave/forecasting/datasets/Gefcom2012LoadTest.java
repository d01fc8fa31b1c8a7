package org.gridweave.forecasting.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gefcom2012LoadTest {

  private static final String HEADER =
      "zone_id,year,month,day,h1,h2,h3,h4,h5,h6,h7,h8,h9,h10,h11,h12,h13,h14,h15,h16,h17,h18,h19,h20,h21,h22,h23,h24\n";

  /** The 20 zone rows of 2004-01-01, copied unchanged from Load_history_zones01-10/11-20.csv. */
  private static final String FIRST_DAY =
      """
          1,2004,1,1,"16,853","16,450","16,517","16,873","17,064","17,727","18,574","19,355","19,534","18,611","17,666","16,374","15,106","14,455","13,518","13,138","14,130","16,809","18,150","18,235","17,925","16,904","16,162","14,750"
          2,2004,1,1,"126,259","123,313","119,192","117,507","118,343","121,228","126,731","132,289","139,941","141,950","145,109","144,759","141,531","133,288","127,683","126,829","135,163","155,436","157,850","156,840","153,354","146,976","137,713","128,023"
          3,2004,1,1,"136,233","133,055","128,608","126,791","127,692","130,805","136,743","142,741","150,997","153,165","156,573","156,195","152,713","143,818","137,770","136,849","145,842","167,715","170,321","169,230","165,470","158,587","148,592","138,138"
          4,2004,1,1,484,457,450,448,444,490,523,581,612,633,633,599,559,546,526,507,560,619,693,663,637,605,550,522
          5,2004,1,1,"6,829","6,596","6,525","6,654","6,977","7,330","7,795","8,303","9,190","9,516","9,414","8,915","8,318","7,432","6,858","6,635","7,220","8,658","9,179","9,105","8,771","8,222","7,305","6,336"
          6,2004,1,1,"133,088","129,909","125,717","124,162","125,320","128,558","134,526","140,593","149,131","151,466","154,523","153,673","149,849","140,720","134,540","133,465","142,383","164,093","167,029","165,945","162,126","155,197","145,018","134,360"
          7,2004,1,1,"136,233","133,055","128,608","126,791","127,692","130,805","136,743","142,741","150,997","153,165","156,573","156,195","152,713","143,818","137,770","136,849","145,842","167,715","170,321","169,230","165,470","158,587","148,592","138,138"
          8,2004,1,1,"3,124","2,956","2,953","2,914","3,221","3,361","3,506","3,904","4,154","4,210","4,225","4,203","4,080","3,950","3,774","3,753","3,903","4,348","4,608","4,532","4,272","3,904","3,527","3,188"
          9,2004,1,1,"75,243","67,368","64,050","63,861","75,852","79,989","80,073","75,852","69,552","69,888","66,549","65,625","65,604","65,877","65,667","65,625","64,932","66,129","65,121","64,911","64,911","65,352","73,605","76,482"
          10,2004,1,1,"23,339","22,100","21,376","21,335","21,564","22,241","22,937","23,666","24,110","24,116","23,718","22,770","21,866","20,771","20,122","20,073","21,130","24,825","26,427","26,461","26,200","25,378","23,826","22,026"
          11,2004,1,1,"90,700","86,699","84,243","84,285","86,087","90,210","94,570","98,218","102,024","102,475","101,584","98,486","93,564","88,504","84,515","83,058","88,223","105,060","111,298","112,727","111,613","107,922","101,511","93,204"
          12,2004,1,1,"118,378","112,480","108,435","107,224","108,870","112,395","117,834","123,076","129,387","131,720","131,413","128,427","123,367","116,853","111,486","109,604","117,112","140,637","148,916","151,094","150,315","145,074","136,509","124,263"
          13,2004,1,1,"20,673","19,666","19,020","18,841","19,310","19,415","21,000","22,235","23,926","24,764","24,946","23,775","22,426","21,012","20,031","20,024","21,330","24,070","24,656","24,295","23,660","22,390","21,772","19,685"
          14,2004,1,1,"21,791","21,400","20,998","21,214","21,830","21,794","23,176","24,491","25,252","24,319","22,761","21,010","19,273","17,618","16,383","16,331","17,686","21,556","23,323","23,559","23,885","23,266","23,251","21,452"
          15,2004,1,1,"65,970","64,600","63,843","64,023","65,679","63,305","66,922","68,649","69,894","66,644","62,704","58,584","54,468","51,905","50,047","49,309","51,911","60,425","64,940","65,220","65,112","65,000","65,394","61,101"
          16,2004,1,1,"28,752","27,851","27,631","27,986","29,160","29,226","31,411","33,447","34,591","33,637","30,929","27,889","25,447","23,430","22,222","22,057","24,467","29,902","32,045","32,124","32,144","30,821","30,389","27,616"
          17,2004,1,1,"30,645","30,461","30,197","30,264","30,907","31,617","33,220","34,531","34,837","33,418","31,209","29,246","27,804","26,495","25,367","24,799","26,536","30,565","32,641","33,121","33,466","32,479","31,323","29,135"
          18,2004,1,1,"200,946","195,835","194,093","194,708","202,458","206,923","219,789","230,457","240,851","243,584","228,172","209,953","193,983","180,047","167,116","166,131","177,229","213,706","228,006","229,668","227,123","215,834","204,923","187,881"
          19,2004,1,1,"82,298","79,827","77,728","76,433","78,172","77,871","82,895","87,599","90,546","86,826","80,737","75,441","69,754","66,518","63,143","62,320","66,139","79,469","85,927","86,440","85,412","81,430","79,457","72,338"
          20,2004,1,1,"79,830","77,429","75,558","75,709","77,475","77,854","82,571","85,996","91,065","94,689","95,040","92,978","87,860","82,925","78,584","77,527","81,899","93,282","95,277","92,397","90,040","85,177","81,676","75,314"
      """;

  @TempDir Path dir;

  @Test
  void parses_quoted_thousands_separators() {
    assertThat(DataFiles.parseNumber("16,853")).isEqualTo(16853.0);
    assertThat(DataFiles.parseNumber("126,259")).isEqualTo(126259.0);
    assertThat(DataFiles.parseNumber("1,234,567.5")).isEqualTo(1234567.5);
    assertThat(DataFiles.parseNumber("484")).isEqualTo(484.0);
    assertThat(DataFiles.parseNumber("")).isNaN();
    assertThatThrownBy(() -> DataFiles.parseNumber("16,85"))
        .isInstanceOf(NumberFormatException.class);
  }

  @Test
  void maps_column_hN_to_the_hour_starting_at_N_minus_1() {
    LocalDate day = LocalDate.of(2004, 1, 1);
    assertThat(Gefcom2012Load.hourOf(day, 1)).isEqualTo(LocalDateTime.of(2004, 1, 1, 0, 0));
    assertThat(Gefcom2012Load.hourOf(day, 24)).isEqualTo(LocalDateTime.of(2004, 1, 1, 23, 0));
  }

  @Test
  void sums_the_twenty_zones_into_the_system_load() throws IOException {
    SeriesTable.Series s = read(HEADER + FIRST_DAY, temperatures("1,2004,1,1")).single();

    // expected sums added up by hand (python) from the raw rows above
    assertThat(s.start()).isEqualTo(LocalDateTime.of(2004, 1, 1, 0, 0));
    assertThat(s.length()).isEqualTo(24);
    assertThat(s.target(LocalDateTime.of(2004, 1, 1, 0, 0))).isEqualTo(1_397_668.0);
    assertThat(s.target(LocalDateTime.of(2004, 1, 1, 12, 0))).isEqualTo(1_430_285.0);
    assertThat(s.target(LocalDateTime.of(2004, 1, 1, 23, 0))).isEqualTo(1_373_952.0);
  }

  @Test
  void puts_station_temperatures_in_columns_t1_to_t11_by_hour() throws IOException {
    SeriesTable t = read(HEADER + FIRST_DAY, temperatures("1,2004,1,1", "11,2004,1,1"));
    assertThat(t.features())
        .containsExactly("t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11");
    SeriesTable.Series s = t.single();
    // temperatures(...) writes hN = N for station 1 and 100 + N for station 11
    assertThat(s.feature(0, LocalDateTime.of(2004, 1, 1, 0, 0))).isEqualTo(1.0);
    assertThat(s.feature(0, LocalDateTime.of(2004, 1, 1, 23, 0))).isEqualTo(24.0);
    assertThat(s.feature(10, LocalDateTime.of(2004, 1, 1, 5, 0))).isEqualTo(106.0);
    assertThat(s.feature(1, LocalDateTime.of(2004, 1, 1, 5, 0))).isNaN();
  }

  @Test
  void leaves_an_hour_missing_when_any_zone_is_empty() throws IOException {
    String withHole = FIRST_DAY.replaceFirst("(?m)^(\\s*1,2004,1,1,)\"16,853\"", "$1");
    SeriesTable.Series s = read(HEADER + withHole, temperatures("1,2004,1,1")).single();
    assertThat(s.target(LocalDateTime.of(2004, 1, 1, 0, 0))).isNaN();
    assertThat(s.target(LocalDateTime.of(2004, 1, 1, 1, 0))).isFinite();
  }

  @Test
  void names_file_and_line_of_a_malformed_value() throws IOException {
    String bad = FIRST_DAY.replace("\"16,450\"", "\"16;450\"");
    assertThatThrownBy(() -> read(HEADER + bad, temperatures("1,2004,1,1")))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("Load_history_test.csv:2:")
        .hasMessageContaining("16;450");
  }

  private SeriesTable read(String load, String temperature) throws IOException {
    Path l = Files.writeString(dir.resolve("Load_history_test.csv"), load);
    Path t = Files.writeString(dir.resolve("temperature_history.csv"), temperature);
    return Gefcom2012Load.read(List.of(l), t);
  }

  /** One row per prefix {@code station,y,m,d}; station 1 gets hN = N, others 100 + N. */
  private static String temperatures(String... prefixes) {
    StringBuilder sb = new StringBuilder(HEADER.replace("zone_id", "station_id"));
    for (String p : prefixes) {
      int base = p.startsWith("1,") ? 0 : 100;
      sb.append(p);
      for (int h = 1; h <= 24; h++) {
        sb.append(',').append(base + h);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Test
  void reads_the_holiday_list_including_a_day_observed_in_the_year_before(@TempDir Path dir)
      throws IOException {
    Files.writeString(
        dir.resolve("Holiday_List.csv"),
        ",2004,2005\n"
            + "New Year's Day,\"Thursday, January 1\",\"Friday, December 31, 2004\"\n"
            + "Labor Day,\"Monday, September 6\",\n");
    var calendar = Gefcom2012Load.holidays(dir);
    assertThat(calendar.size()).isEqualTo(3);
    assertThat(calendar.isHoliday(LocalDate.of(2004, 1, 1))).isTrue();
    assertThat(calendar.isHoliday(LocalDate.of(2004, 12, 31))).isTrue();
    assertThat(calendar.isHoliday(LocalDate.of(2004, 9, 6))).isTrue();
    assertThat(calendar.isHoliday(LocalDate.of(2005, 1, 1))).isFalse();
  }
}
