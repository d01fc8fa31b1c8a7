// Demand and generation against their forecast (P50 with the P10–P90 band), feeder loading
// against limits and prices, for a chosen time range (GET /console/series?from=&to=).

import { api, config, markReady } from '../api.js';
import { initPage } from '../nav.js';
import { state } from '../dom.js';
import * as f from '../format.js';
import { makeChart, baseOption, line, band, tooltipFormatter, nowMark, COLORS, feederColor } from '../chart.js';

const MAX_DAYS = 7;
const form = document.getElementById('range-form');
const fromIn = document.getElementById('range-from');
const toIn = document.getElementById('range-to');
const rangeError = document.getElementById('range-error');
const rangeLabel = document.getElementById('range-label');
const quick = [...form.querySelectorAll('button[data-hours]')];
const els = ['c-demand', 'c-gen', 'c-feeders', 'c-price'].map((id) => document.getElementById(id));
let currency = 'EUR';
let hours = 24;
let refreshTimer = 0;

const one = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const kwFmt = (v) => `${one.format(v)} kW`;
const pctFmt = (v) => `${one.format(v)} %`;

function selectQuick(h) {
  hours = h;
  for (const b of quick) b.setAttribute('aria-pressed', String(Number(b.dataset.hours) === h));
}

async function load(from, to) {
  clearTimeout(refreshTimer);
  rangeLabel.textContent = `${f.time(from.toISOString())} – ${f.time(to.toISOString())}`;
  let doc;
  try {
    doc = await api(`/console/series?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`);
  } catch (e) {
    for (const el of els) state(el, 'error', `No data: ${e.message}`);
    markReady();
    return;
  }
  render(doc);
  markReady();
  if (hours) refreshTimer = setTimeout(() => loadRelative(hours), 60000);
}

function loadRelative(h) {
  const to = new Date();
  const from = new Date(to.getTime() - h * 3600e3);
  fromIn.value = f.toLocalInput(from);
  toIn.value = f.toLocalInput(to);
  return load(from, to);
}

/** Wh per interval → average kW over it. */
function toKw(arr, step) {
  return (arr || []).map((v) => (v == null ? null : (v * 3600) / step / 1000));
}

function render(doc) {
  const xs = doc.intervals || [];
  if (!xs.length) {
    for (const el of els) state(el, 'empty', 'No data in this range.');
    return;
  }
  const step = doc.step_seconds || 900;
  const fc = doc.forecast || {};
  const unit = 'kW (avg.)';

  // demand
  {
    const series = [
      ...band('Forecast P10–P90', xs, toKw(fc.demand?.p10, step), toKw(fc.demand?.p90, step), COLORS.band, 'demand-band'),
      line('Forecast P50', xs, toKw(fc.demand?.p50, step), COLORS.demand, { lineStyle: { width: 2, type: 'dashed', color: COLORS.demand } }),
      line('Demand', xs, toKw(doc.demand_wh, step), '#0f3d5e', { markLine: nowMark() }),
    ];
    draw(els[0], unit, series, kwFmt, ['Demand', 'Forecast P50', 'Forecast P10–P90']);
  }
  // generation
  {
    const series = [
      ...band('Forecast P10–P90', xs, toKw(fc.generation?.p10, step), toKw(fc.generation?.p90, step), COLORS.generation, 'gen-band'),
      line('Forecast P50', xs, toKw(fc.generation?.p50, step), COLORS.generation, { lineStyle: { width: 2, type: 'dashed', color: COLORS.generation } }),
      line('Generation', xs, toKw(doc.generation_wh, step), '#0c5c4d', { markLine: nowMark() }),
      line('PV', xs, toKw(doc.pv_wh, step), COLORS.pv, { lineStyle: { width: 1, color: COLORS.pv } }),
      line('Wind', xs, toKw(doc.wind_wh, step), COLORS.wind, { lineStyle: { width: 1, color: COLORS.wind } }),
    ];
    draw(els[1], unit, series, kwFmt, ['Generation', 'PV', 'Wind', 'Forecast P50', 'Forecast P10–P90']);
  }
  // feeders: % of limit
  {
    const feeders = doc.feeders || [];
    if (!feeders.length) {
      state(els[2], 'empty', 'No feeders.');
    } else {
      const series = feeders.map((fd, i) => line(fd.id, xs,
        (fd.net_wh || []).map((v) => (v == null || !fd.limit_wh ? null : (Math.abs(v) / fd.limit_wh) * 100)), feederColor(i)));
      series[0].markLine = {
        silent: true, symbol: 'none', lineStyle: { color: '#c62828', type: 'solid', width: 1.5 },
        label: { formatter: 'limit 100 %', position: 'insideEndTop', color: '#c62828' }, data: [{ yAxis: 100 }],
      };
      series[0].markArea = { silent: true, itemStyle: { color: 'rgba(224,155,22,0.08)' }, data: [[{ yAxis: 70 }, { yAxis: 100 }]] };
      draw(els[2], '% of limit', series, pctFmt, null, { yMin: 0 });
    }
  }
  // prices
  {
    const p = doc.price || {};
    const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: 3, maximumFractionDigits: 4 });
    const fmt = (v) => `${money.format(v)}/kWh`;
    const series = [
      line('Clearing', xs, p.clearing_per_kwh, COLORS.clearing, { step: 'start', lineStyle: { width: 2, color: COLORS.clearing } }),
      line('Import tariff', xs, p.import_per_kwh, COLORS.import, { step: 'start', lineStyle: { width: 1.5, color: COLORS.import, type: 'dashed' } }),
      line('Export tariff', xs, p.export_per_kwh, COLORS.export, { step: 'start', lineStyle: { width: 1.5, color: COLORS.export, type: 'dashed' } }),
    ];
    draw(els[3], `${currency}/kWh`, series, fmt);
  }
}

function draw(el, unit, series, fmt, legend, opts) {
  const chart = makeChart(el);
  if (!chart) return;
  const option = baseOption(unit, opts);
  option.series = series;
  option.tooltip.formatter = tooltipFormatter(series, fmt);
  if (legend) option.legend.data = legend;
  chart.setOption(option, true);
}

quick.forEach((b) => b.addEventListener('click', () => {
  rangeError.textContent = '';
  selectQuick(Number(b.dataset.hours));
  loadRelative(hours);
}));

form.addEventListener('submit', (e) => {
  e.preventDefault();
  rangeError.textContent = '';
  fromIn.removeAttribute('aria-invalid');
  toIn.removeAttribute('aria-invalid');
  const from = new Date(fromIn.value);
  const to = new Date(toIn.value);
  let msg = '';
  if (!fromIn.value || Number.isNaN(from.getTime())) { msg = 'Enter a start date and time.'; fromIn.setAttribute('aria-invalid', 'true'); }
  else if (!toIn.value || Number.isNaN(to.getTime())) { msg = 'Enter an end date and time.'; toIn.setAttribute('aria-invalid', 'true'); }
  else if (from >= to) { msg = '"From" must be before "To".'; fromIn.setAttribute('aria-invalid', 'true'); }
  else if (to - from > MAX_DAYS * 86400e3) { msg = `The range can be at most ${MAX_DAYS} days.`; fromIn.setAttribute('aria-invalid', 'true'); }
  if (msg) {
    rangeError.textContent = msg;
    return;
  }
  selectQuick(0);
  load(from, to);
});

async function start() {
  await initPage('charts');
  currency = (await config()).currency || 'EUR';
  for (const el of els) state(el, 'loading', 'Loading…');
  await loadRelative(24);
}

start().catch((e) => {
  if (e.message !== 'redirected') for (const el of els) state(el, 'error', e.message);
});
