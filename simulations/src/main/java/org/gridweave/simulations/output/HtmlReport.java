package org.gridweave.simulations.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gridweave.simulations.scenario.Scenario;

/**
 * {@code report.html}: one self-contained file (no network, no other files) with the plots a
 * researcher would put in a paper — power over time, battery state of charge, feeder loading
 * against the limits with overloads shaded, market price and volume, the daily energy balance — and
 * a table of {@code summary.json}'s figures. Apache ECharts ({@code org.mvnpm:echarts}) is read
 * from the classpath and inlined. The same results give the same bytes (no clock, no wall time).
 */
public final class HtmlReport {
  /** Where the {@code org.mvnpm:echarts} jar keeps the minified library. */
  public static final String ECHARTS =
      "/META-INF/resources/_static/echarts/6.0.0/dist/echarts.min.js";

  private HtmlReport() {}

  public static String render(
      Scenario scenario, ReportSeries series, Map<String, ?> summary, List<String> feederIds) {
    StringBuilder html = new StringBuilder(1 << 20);
    String title = "GridWeave simulation: " + scenario.name();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n<p class=\"meta\">Seed <b>")
        .append(scenario.seed())
        .append("</b> · ")
        .append(scenario.start())
        .append(" to ")
        .append(scenario.end())
        .append(" (UTC), ")
        .append(scenario.step().toMinutes())
        .append("-min steps · ")
        .append(scenario.prosumers())
        .append(" prosumers on ")
        .append(scenario.feeders().size())
        .append(" feeder(s) · dispatch ")
        .append(lower(scenario.dispatch()))
        .append(" · market ")
        .append(lower(scenario.market()))
        .append(" · forecasts ")
        .append(lower(scenario.forecasting()))
        .append("</p>\n<p class=\"meta\">Plotted: ")
        .append(escape(series.resolution()))
        .append("; the daily energy balance sums every step per local day (")
        .append(escape(scenario.zone().getId()))
        .append("). Times on the charts are UTC. Drag or scroll on a chart to zoom.</p>\n");
    for (String[] chart : CHARTS) {
      html.append("<h2>")
          .append(chart[1])
          .append("</h2>\n<div class=\"chart\" id=\"")
          .append(chart[0])
          .append("\"></div>\n");
    }
    html.append("<h2>Summary (summary.json)</h2>\n<table id=\"summary\">\n")
        .append("<tr><th>figure</th><th>value</th></tr>\n");
    Map<String, String> flat = new TreeMap<>();
    flatten("", summary, flat);
    flat.forEach((k, v) ->
        html.append("<tr><td>")
            .append(escape(k))
            .append("</td><td>")
            .append(escape(v))
            .append("</td></tr>\n"));
    html.append("</table>\n<script>\n");
    html.append(echarts());
    html.append("\n</script>\n<script>\nconst D = ");
    data(html, scenario, series, feederIds);
    html.append(";\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
    return html.toString();
  }

  private static final String[][] CHARTS = {
    {"power", "Aggregate demand, generation, import and export (kW)"},
    {"soc", "Battery state of charge (% of installed capacity)"},
    {"loading", "Feeder and transformer loading against their limits (%)"},
    {"market", "Local market: clearing price and traded volume"},
    {"daily", "Daily energy balance (kWh): sources up, uses down"},
  };

  private static void data(
      StringBuilder sb, Scenario scenario, ReportSeries s, List<String> feederIds) {
    sb.append("{\"t\":[");
    for (int i = 0; i < s.time.size(); i++) {
      sb.append(i > 0 ? "," : "").append(s.time.get(i));
    }
    sb.append("]");
    for (ReportSeries.Col c : ReportSeries.Col.values()) {
      sb.append(",\"").append(c.name().toLowerCase(java.util.Locale.ROOT)).append("\":");
      numbers(sb, s.rows.stream().mapToDouble(r -> r[c.ordinal()]).toArray(), 3);
    }
    sb.append(",\"feeders\":[");
    for (int f = 0; f < feederIds.size(); f++) {
      int ff = f;
      sb.append(f > 0 ? "," : "").append("{\"id\":");
      jsString(sb, feederIds.get(f));
      sb.append(",\"limit_kw\":");
      Decimals.append(sb, scenario.feeders().get(f).limitKw(), 3);
      sb.append(",\"loading\":");
      numbers(sb, s.feederLoading.stream().mapToDouble(r -> r[ff]).toArray(), 1);
      sb.append('}');
    }
    sb.append("],\"transformer\":");
    numbers(sb, s.transformerLoading.stream().mapToDouble(Double::doubleValue).toArray(), 1);
    sb.append(",\"transformer_limit_kw\":");
    Decimals.append(sb, scenario.transformerLimitKw(), 3);
    sb.append(",\"overloads\":[");
    long width = s.time.size() > 1 ? s.time.get(1) - s.time.get(0) : scenario.step().toMillis();
    int start = -1;
    boolean first = true;
    for (int i = 0; i <= s.time.size(); i++) {
      boolean over = i < s.time.size() && overloaded(s, i);
      if (over && start < 0) {
        start = i;
      } else if (!over && start >= 0) {
        sb.append(first ? "" : ",")
            .append('[')
            .append(s.time.get(start))
            .append(',')
            .append(s.time.get(i - 1) + width)
            .append(']');
        first = false;
        start = -1;
      }
    }
    sb.append("],\"market_kwh\":");
    numbers(sb, s.marketKwh.stream().mapToDouble(Double::doubleValue).toArray(), 3);
    sb.append(",\"market_price\":");
    numbers(sb, s.marketPrice.stream().mapToDouble(Double::doubleValue).toArray(), 4);
    sb.append(",\"market_on\":").append(scenario.market() != Scenario.Mechanism.NONE);
    sb.append(",\"batteries\":").append(s.hasBatteries());
    sb.append(",\"evs\":").append(s.hasEvCharging());
    sb.append(",\"days\":[");
    for (int d = 0; d < s.days.size(); d++) {
      sb.append(d > 0 ? ",\"" : "\"").append(s.days.get(d)).append('"');
    }
    sb.append(']');
    for (ReportSeries.Day c : ReportSeries.Day.values()) {
      sb.append(",\"day_").append(c.name().toLowerCase(java.util.Locale.ROOT)).append("\":");
      numbers(sb, s.daily.stream().mapToDouble(r -> r[c.ordinal()]).toArray(), 2);
    }
    sb.append('}');
  }

  /** Above the limit by more than rounding (a controller holding a feeder at its limit is not). */
  private static final double OVER_PCT = 100 + 1e-6;

  private static boolean overloaded(ReportSeries s, int i) {
    if (s.transformerLoading.get(i) > OVER_PCT) {
      return true;
    }
    for (double l : s.feederLoading.get(i)) {
      if (l > OVER_PCT) {
        return true;
      }
    }
    return false;
  }

  private static void numbers(StringBuilder sb, double[] values, int decimals) {
    sb.append('[');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      if (Double.isFinite(values[i])) {
        Decimals.append(sb, values[i], decimals);
      } else {
        sb.append("null");
      }
    }
    sb.append(']');
  }

  private static void flatten(String prefix, Object v, Map<String, String> out) {
    if (v instanceof Map<?, ?> m) {
      m.forEach((k, x) -> flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, x, out));
    } else if (v instanceof Double || v instanceof Float) {
      out.put(prefix, SortedJson.decimal(((Number) v).doubleValue()));
    } else {
      out.put(prefix, String.valueOf(v));
    }
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** HTML text and attribute escaping. */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A JSON string safe inside a script element ({@code <} written as {@code \u003c}). */
  private static void jsString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  public static String echarts() {
    try (InputStream in = HtmlReport.class.getResourceAsStream(ECHARTS)) {
      if (in == null) {
        throw new IllegalStateException(
            "ECharts is not on the classpath ("
                + ECHARTS
                + " from org.mvnpm:echarts:6.0.0): the report cannot be written");
      }
      String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      // A literal "</script" would end the inline script element early.
      return js.replace("</script", "<\\/script");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;
      max-width:1200px;color:#222;padding:0 16px}
      h1{font-size:1.5em;margin-bottom:4px}h2{font-size:1.1em;margin:28px 0 6px}
      .meta{color:#555;margin:2px 0}.chart{width:100%;height:360px}
      table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ddd;padding:3px 10px;
      text-align:left}td:last-child{text-align:right;font-variant-numeric:tabular-nums}
      """;

  private static final String SCRIPT =
      """
      (function () {
        const pair = a => D.t.map((t, i) => [t, a[i]]);
        const line = (name, a, extra) => Object.assign(
          {name, type: 'line', showSymbol: false, sampling: 'lttb', data: pair(a)}, extra || {});
        const base = (yName, extra) => Object.assign({
          animation: false, useUTC: true,
          tooltip: {trigger: 'axis'}, legend: {top: 0},
          grid: {left: 64, right: 64, top: 40, bottom: 64},
          xAxis: {type: 'time'},
          yAxis: {type: 'value', name: yName},
          dataZoom: [{type: 'inside'}, {type: 'slider', height: 18, bottom: 8}]
        }, extra || {});
        const charts = [];
        let finished = 0;
        const make = (id, option) => {
          const c = echarts.init(document.getElementById(id), null, {renderer: 'canvas'});
          c.on('finished', () => {
            if (!c.__counted) { c.__counted = true; finished++; }
            if (finished === charts.length) document.body.dataset.rendered = 'true';
          });
          charts.push(c);
          c.setOption(option);
        };
        make('power', base('kW', {series: [
          line('demand', D.demand), line('PV (after curtailment)', D.pv), line('wind', D.wind),
          line('import', D.import), line('export', D.export)]
          .concat(D.evs ? [line('EV charging', D.ev)] : [])}));
        make('soc', base('%', {
          title: D.batteries ? undefined : {text: 'no batteries in this scenario', left: 'center', top: 'middle'},
          yAxis: {type: 'value', name: '%', min: 0, max: 100},
          series: [line('state of charge', D.soc, {markLine: {symbol: 'none', silent: true,
            lineStyle: {type: 'dashed', color: '#999'},
            data: [{yAxis: 10, name: 'min 10 %'}, {yAxis: 95, name: 'max 95 %'}]}})]}));
        const loading = D.feeders.map(f => line('feeder ' + f.id + ' (' + f.limit_kw + ' kW)', f.loading));
        loading.push(line('transformer (' + D.transformer_limit_kw + ' kW)', D.transformer,
          {lineStyle: {type: 'dashed'}}));
        loading[0].markLine = {symbol: 'none', silent: true, lineStyle: {color: '#c00'},
          label: {formatter: 'limit'}, data: [{yAxis: 100}]};
        loading[0].markArea = {silent: true, itemStyle: {color: 'rgba(220,0,0,0.15)'},
          data: D.overloads.map(o => [{xAxis: o[0]}, {xAxis: o[1]}])};
        make('loading', base('% of limit', {series: loading}));
        make('market', base('kWh', {
          title: D.market_on ? undefined : {text: 'no market in this scenario', left: 'center', top: 'middle'},
          yAxis: [{type: 'value', name: 'kWh traded'}, {type: 'value', name: 'price per kWh', position: 'right'}],
          series: [
            {name: 'volume', type: 'bar', data: pair(D.market_kwh), large: true},
            line('clearing price', D.market_price, {yAxisIndex: 1, connectNulls: false})]}));
        const neg = a => a.map(v => -v);
        const bar = (name, stack, a) => ({name, type: 'bar', stack, data: a});
        make('daily', {
          animation: false, tooltip: {trigger: 'axis'}, legend: {top: 0},
          grid: {left: 64, right: 64, top: 40, bottom: 64},
          xAxis: {type: 'category', data: D.days},
          yAxis: {type: 'value', name: 'kWh'},
          dataZoom: [{type: 'inside'}, {type: 'slider', height: 18, bottom: 8}],
          series: [
            bar('PV', 'sources', D.day_pv), bar('wind', 'sources', D.day_wind),
            bar('import', 'sources', D.day_import), bar('battery discharge', 'sources', D.day_discharge),
            bar('demand', 'uses', neg(D.day_demand)), bar('export', 'uses', neg(D.day_export)),
            bar('battery charge', 'uses', neg(D.day_charge))]
            .concat(D.evs ? [bar('EV charging', 'uses', neg(D.day_ev))] : [])});
        window.addEventListener('resize', () => charts.forEach(c => c.resize()));
      })();
      """;
}
