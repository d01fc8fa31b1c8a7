// ECharts helpers (the library is served from the org.mvnpm:echarts jar as the global `echarts`):
// one init with resizing, time axes, and the P10–P90 band drawn as two stacked series.

import { state } from './dom.js';

export const COLORS = {
  demand: '#0b6bcb', generation: '#14967f', pv: '#e0a100', wind: '#6f5bd3', band: '#0b6bcb',
  clearing: '#0f3d5e', import: '#d9822b', export: '#14967f', bid: '#0b6bcb', offer: '#d9822b',
};
const FEEDER_PALETTE = ['#0b6bcb', '#d9822b', '#14967f', '#6f5bd3', '#c62828', '#e0a100', '#2f8f9d', '#8a5a44', '#5c6b7a', '#b04aa8'];

export const feederColor = (i) => FEEDER_PALETTE[i % FEEDER_PALETTE.length];

/** Initialises a chart in `el`, or shows why it cannot; returns the chart or null. */
export function makeChart(el) {
  if (!globalThis.echarts) {
    state(el, 'error', 'The charting library did not load (/_static/echarts/6.0.0/dist/echarts.min.js).');
    return null;
  }
  const existing = globalThis.echarts.getInstanceByDom(el);
  if (existing) return existing;
  el.replaceChildren();
  const chart = globalThis.echarts.init(el, null, { renderer: 'canvas' });
  new ResizeObserver(() => chart.resize()).observe(el);
  return chart;
}

/** A base option: grid, axis-tooltip, legend, time x axis, value y axis named `unit`. */
export function baseOption(unit, { yMin } = {}) {
  return {
    animation: false,
    textStyle: { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' },
    grid: { left: 56, right: 18, top: 62, bottom: 56 },
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: unit, nameTextStyle: { align: 'left' }, min: yMin, splitLine: { lineStyle: { color: '#e6ebf1' } } },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
  };
}

const pair = (xs, ys) => xs.map((x, i) => [x, ys?.[i] ?? null]);

/** A plain line series over `xs`. */
export function line(name, xs, ys, color, extra = {}) {
  // a value between two gaps (e.g. the only interval measured so far) is a point, not a line:
  // draw symbols unless the series is long enough for them to clutter it
  const known = (ys ?? []).filter((v) => v !== null && v !== undefined).length;
  return { name, type: 'line', showSymbol: known <= 200, symbolSize: 4, connectNulls: false, data: pair(xs, ys), lineStyle: { width: 2, color }, itemStyle: { color }, ...extra };
}

/**
 * The P10–P90 band: an invisible P10 line, then (P90 − P10) stacked on it with a filled area.
 * The tooltip shows the real P10/P90 values.
 */
export function band(name, xs, p10, p90, color, stack) {
  const lower = (p10 || []).map((v) => (v == null ? null : v));
  const width = (p90 || []).map((v, i) => (v == null || lower[i] == null ? null : v - lower[i]));
  return [
    { name: `${name} (P10)`, type: 'line', stack, showSymbol: false, data: pair(xs, lower), lineStyle: { opacity: 0 }, itemStyle: { color }, tooltip: { show: false }, silent: true },
    { name, type: 'line', stack, showSymbol: false, data: pair(xs, width), lineStyle: { opacity: 0 }, itemStyle: { color }, areaStyle: { color, opacity: 0.18 }, silent: true, bandOf: { p10: lower, p90 } },
  ];
}

/** A tooltip formatter that prints each series' value with `fmt`, bands as "P10–P90". */
export function tooltipFormatter(series, fmt) {
  return (params) => {
    if (!params.length) return '';
    const i = params[0].dataIndex;
    const head = new Date(params[0].value[0]).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    const rows = [];
    for (const p of params) {
      const s = series[p.seriesIndex];
      if (!s || s.tooltip?.show === false) continue;
      let v;
      if (s.bandOf) {
        const lo = s.bandOf.p10[i];
        const hi = s.bandOf.p90[i];
        if (lo == null || hi == null) continue;
        v = `${fmt(lo)} – ${fmt(hi)}`;
      } else {
        if (p.value[1] == null) continue;
        v = fmt(p.value[1]);
      }
      rows.push(`${p.marker}${escapeHtml(p.seriesName)}: <b>${v}</b>`);
    }
    return `${head}<br>${rows.join('<br>')}`;
  };
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));
}

/** A vertical "now" marker for a series. */
export function nowMark() {
  return { silent: true, symbol: 'none', label: { formatter: 'now', position: 'insideEndTop' }, lineStyle: { color: '#5b6675', type: 'dashed' }, data: [{ xAxis: Date.now() }] };
}
