// The market: clearing price per interval (chart + table, GET /market/clearings), and for a chosen
// interval its order-book depth (cumulative bid/offer step curves), trades and network cut.

import { api, config, markReady } from '../api.js';
import { initPage } from '../nav.js';
import { h, state, table, badge } from '../dom.js';
import * as f from '../format.js';
import { makeChart, baseOption, COLORS } from '../chart.js';

const $ = (id) => document.getElementById(id);
let currency = 'EUR';
let clearings = [];
let selected = null;

function renderPriceChart() {
  const el = $('price-chart');
  if (!clearings.length) {
    state(el, 'empty', 'No clearings yet.');
    return;
  }
  const chart = makeChart(el);
  if (!chart) return;
  const asc = [...clearings].reverse();
  const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: 4, maximumFractionDigits: 4 });
  const option = baseOption(`${currency}/kWh`);
  option.legend.show = false;
  option.grid.top = 36;
  option.tooltip.valueFormatter = (v) => (v == null ? 'no clearing price' : `${money.format(v)}/kWh`);
  option.series = [{
    name: 'Clearing price', type: 'line', step: 'start', showSymbol: true, symbolSize: 5, connectNulls: false,
    data: asc.map((c) => [c.interval, c.price_per_kwh ?? null]), lineStyle: { color: COLORS.clearing, width: 2 }, itemStyle: { color: COLORS.clearing },
  }];
  chart.setOption(option, true);
  chart.off('click');
  chart.on('click', (p) => select(asc[p.dataIndex].interval));
}

function renderTable() {
  const box = $('clearings');
  if (!clearings.length) {
    state(box, 'empty', 'No clearings yet.');
    return;
  }
  box.replaceChildren(table(['Interval', { label: 'Price', class: 'num' }, { label: 'Traded', class: 'num' }, { label: 'Cut', class: 'num' }],
    clearings.map((c) => {
      const b = h('button', { type: 'button', class: 'link' }, f.time(c.interval));
      b.addEventListener('click', () => select(c.interval));
      return h('tr', { dataset: { interval: c.interval }, 'aria-selected': String(c.interval === selected) },
        h('td', { class: 'nowrap' }, b),
        h('td', { class: 'num' }, c.price_per_kwh == null ? h('span', { class: 'muted' }, 'no price') : f.perKwh(c.price_per_kwh, currency)),
        h('td', { class: 'num' }, f.kwh(c.traded_wh), h('div', { class: 'muted', style: 'font-size:0.8rem' }, `${f.int(c.trades)} trades`)),
        h('td', { class: 'num' }, c.network_cut_wh > 0 ? badge(f.kwh(c.network_cut_wh), 'warn') : '—'));
    }), { caption: 'Clearings, newest first' }));
}

async function select(interval) {
  selected = interval;
  for (const tr of $('clearings').querySelectorAll('tr[data-interval]')) tr.setAttribute('aria-selected', String(tr.dataset.interval === interval));
  const c = clearings.find((x) => x.interval === interval) || {};
  $('iv-title').textContent = `Interval ${f.time(interval)}`;
  $('iv-summary').replaceChildren(h('div', {},
    h('dl', { class: 'kv' },
      h('dt', {}, 'Mechanism'), h('dd', {}, String(c.mechanism || '—').replaceAll('_', ' ')),
      h('dt', {}, 'Clearing price'), h('dd', {}, c.price_per_kwh == null ? 'none (no match)' : f.perKwh(c.price_per_kwh, currency)),
      h('dt', {}, 'Orders / trades'), h('dd', {}, `${f.int(c.orders)} / ${f.int(c.trades)}`),
      h('dt', {}, 'Traded'), h('dd', {}, f.kwh(c.traded_wh)),
      h('dt', {}, 'Marginal bid / offer'), h('dd', { class: 'mono' }, `${c.marginal_bid || '—'} / ${c.marginal_offer || '—'}`),
      h('dt', {}, 'Network cut'), h('dd', {}, c.network_cut_wh > 0 ? badge(f.kwh(c.network_cut_wh), 'warn') : 'none')),
    c.explanation ? h('p', { class: 'explanation', style: 'margin-top:0.6rem' }, c.explanation) : null));
  state($('trades'), 'loading', 'Loading trades…');
  const [orders, trades] = await Promise.all([
    api(`/market/orders?interval=${encodeURIComponent(interval)}`).catch(() => null),
    api(`/market/trades?interval=${encodeURIComponent(interval)}`).catch(() => null),
  ]);
  if (selected !== interval) return;
  renderDepth(orders, c);
  renderTrades(trades);
}

/** Cumulative energy by price: bids from the highest price down, offers from the lowest up. */
function curve(orders, side) {
  const list = orders.filter((o) => o.side === side && f.isNum(o.limit_price_per_kwh))
    .sort((a, b) => (side === 'bid' ? b.limit_price_per_kwh - a.limit_price_per_kwh : a.limit_price_per_kwh - b.limit_price_per_kwh));
  const points = [];
  let cum = 0;
  for (const o of list) {
    points.push([cum / 1000, o.limit_price_per_kwh]);
    cum += o.energy_wh || 0;
    points.push([cum / 1000, o.limit_price_per_kwh]);
  }
  return points;
}

function renderDepth(orders, c) {
  const el = $('depth-chart');
  if (orders === null) {
    state(el, 'error', 'The order book cannot be loaded.');
    return;
  }
  if (!orders.length) {
    state(el, 'empty', 'No open orders for this interval (orders close when its gate clears).');
    return;
  }
  const chart = makeChart(el);
  if (!chart) return;
  const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: 4, maximumFractionDigits: 4 });
  const option = baseOption(`${currency}/kWh`);
  delete option.dataZoom;
  option.grid.bottom = 40;
  option.xAxis = { type: 'value', name: 'cumulative kWh', nameLocation: 'middle', nameGap: 26, min: 0 };
  option.tooltip = { trigger: 'axis', confine: true, axisPointer: { type: 'cross' }, valueFormatter: (v) => (typeof v === 'number' ? `${money.format(v)}/kWh` : v) };
  option.series = [
    { name: 'Bids (demand)', type: 'line', data: curve(orders, 'bid'), showSymbol: false, lineStyle: { color: COLORS.bid, width: 2 }, itemStyle: { color: COLORS.bid }, areaStyle: { color: COLORS.bid, opacity: 0.08 } },
    { name: 'Offers (supply)', type: 'line', data: curve(orders, 'offer'), showSymbol: false, lineStyle: { color: COLORS.offer, width: 2 }, itemStyle: { color: COLORS.offer }, areaStyle: { color: COLORS.offer, opacity: 0.08 } },
  ];
  if (f.isNum(c.price_per_kwh)) {
    option.series[0].markLine = { silent: true, symbol: 'none', lineStyle: { color: COLORS.clearing, type: 'dashed' }, label: { formatter: `clearing ${money.format(c.price_per_kwh)}` }, data: [{ yAxis: c.price_per_kwh }] };
  }
  chart.setOption(option, true);
}

function renderTrades(trades) {
  const box = $('trades');
  if (trades === null) {
    state(box, 'error', 'Trades cannot be loaded.');
    return;
  }
  if (!trades.length) {
    state(box, 'empty', 'No trades in this interval.');
    return;
  }
  box.replaceChildren(table(['Trade', 'Seller → buyer', { label: 'Energy', class: 'num' }, { label: 'Seller price', class: 'num' }, { label: 'Fee', class: 'num' }, { label: 'Buyer pays', class: 'num' }, { label: 'Delivered / taken', class: 'num' }],
    trades.map((t) => h('tr', { dataset: { tradeId: t.id } },
      h('td', { class: 'mono' }, t.id),
      h('td', {}, `${t.seller_site} → ${t.buyer_site}`),
      h('td', { class: 'num' }, f.wh(t.wh)),
      h('td', { class: 'num' }, f.isNum(t.seller_price_micros) ? f.perKwh(t.seller_price_micros / 1e6, currency) : '—'),
      h('td', { class: 'num' }, f.money(t.fee_micros, currency)),
      h('td', { class: 'num' }, f.money(t.buyer_pays_micros, currency)),
      h('td', { class: 'num' }, t.delivered_wh == null ? h('span', { class: 'muted' }, 'not checked yet') : `${f.wh(t.delivered_wh)} / ${f.wh(t.taken_wh)}`))),
    { caption: 'Trades of the interval' }));
}

async function start() {
  await initPage('market');
  currency = (await config()).currency || 'EUR';
  state($('clearings'), 'loading', 'Loading clearings…');
  state($('iv-summary'), 'empty', 'Select an interval.');
  state($('depth-chart'), 'empty', 'Select an interval.');
  state($('trades'), 'empty', 'Select an interval.');
  try {
    clearings = (await api('/market/clearings?limit=96')) || [];
  } catch (e) {
    state($('clearings'), 'error', `Clearings cannot be loaded: ${e.message}`);
    state($('price-chart'), 'error', e.message);
    markReady();
    return;
  }
  renderTable();
  renderPriceChart();
  markReady();
  const first = clearings.find((c) => c.trades > 0) || clearings[0];
  if (first) select(first.interval);
}

start().catch((e) => {
  if (e.message !== 'redirected') state($('clearings'), 'error', e.message);
});
