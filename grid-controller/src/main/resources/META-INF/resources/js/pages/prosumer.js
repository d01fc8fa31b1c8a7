// The prosumer's page: own live values, readings and forecast, setpoints with reasons, orders
// (place/cancel), trades, statements, settlements verified in the browser against the chain,
// export of all own data and the erasure request. Everything comes from /me/* (the server picks
// the site from the session; it is never a parameter).

import { api, config, markReady, showNotice, loadInto } from '../api.js';
import { initPage } from '../nav.js';
import { connectLive } from '../live.js';
import { h, state, table, badge } from '../dom.js';
import { confirmAction } from '../dialog.js';
import { verifyProof, unavailableReason, showResult } from '../verify.js';
import { makeChart, baseOption, line, band, tooltipFormatter, nowMark, COLORS } from '../chart.js';
import * as f from '../format.js';

const $ = (id) => document.getElementById(id);
let cfg = { currency: 'EUR', interval_seconds: 900 };
let user = null;
const one = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const kwFmt = (v) => `${one.format(v)} kW`;

// ---------- tabs ----------
const tabs = [...document.querySelectorAll('[role="tab"]')];
function selectTab(tab, focus = false) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
  if (focus) tab.focus();
  // charts drawn while hidden have no size
  for (const id of ['readings-chart', 'forecast-chart']) globalThis.echarts?.getInstanceByDom($(id))?.resize();
}
tabs.forEach((t, i) => {
  t.addEventListener('click', () => selectTab(t));
  t.addEventListener('keydown', (e) => {
    const d = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (d) { e.preventDefault(); selectTab(tabs[(i + d + tabs.length) % tabs.length], true); }
    if (e.key === 'Home') { e.preventDefault(); selectTab(tabs[0], true); }
    if (e.key === 'End') { e.preventDefault(); selectTab(tabs[tabs.length - 1], true); }
  });
});

// ---------- now ----------
const nowEls = {};
function buildNow() {
  const metric = (id, label) => {
    nowEls[id] = h('span', { class: 'metric', id: `now-${id}` }, '—');
    return h('div', {}, h('div', { class: 'metric-label' }, label), nowEls[id]);
  };
  nowEls.ts = h('time', { id: 'now-ts' }, '—');
  nowEls.stale = h('span', {});
  $('now').replaceChildren(h('div', {},
    h('div', { class: 'metrics' }, metric('net', 'Net (import +)'), metric('pv', 'PV'), metric('wind', 'Wind'), metric('soc', 'Battery')),
    h('p', { class: 'muted', style: 'margin-top:0.6rem' }, `Site ${user.site || '—'} · meter ${(user.meters || []).join(', ') || '—'} · reading `, nowEls.ts, ' ', nowEls.stale)));
}

function showNow(s) {
  if (!s) return;
  nowEls.net.textContent = f.kwSigned(s.net_w);
  nowEls.net.className = `metric ${s.net_w > 50 ? 'level-amber' : s.net_w < -50 ? 'level-green' : ''}`;
  nowEls.net.title = s.net_w > 0 ? 'importing from the grid' : 'exporting to the grid';
  nowEls.pv.textContent = f.kw(s.pv_w);
  nowEls.wind.textContent = f.kw(s.wind_w);
  nowEls.soc.textContent = f.isNum(s.soc_pct) ? f.pct(s.soc_pct) : 'none';
  if (s.ts) { nowEls.ts.dateTime = s.ts; nowEls.ts.textContent = f.time(s.ts, { seconds: true }); }
  nowEls.stale.replaceChildren(s.stale ? badge('no recent reading', 'warn') : '');
  $('my-site').dataset.netW = String(s.net_w ?? '');
}

// ---------- charts ----------
async function loadReadings() {
  const el = $('readings-chart');
  const doc = await loadInto(el, '/me/readings', 'Readings');
  if (doc === undefined) return;
  showNow(doc.latest);
  const xs = doc.intervals || [];
  if (!xs.length) { state(el, 'empty', 'No readings yet.'); return; }
  const step = cfg.interval_seconds || 900;
  const kw = (a) => (a || []).map((v) => (v == null ? null : (v * 3600) / step / 1000));
  const chart = makeChart(el);
  if (!chart) return;
  const option = baseOption('kW (avg.)');
  option.series = [
    { name: 'Import', type: 'bar', stack: 'flow', data: xs.map((x, i) => [x, kw(doc.import_wh)[i]]), itemStyle: { color: COLORS.import } },
    { name: 'Export', type: 'bar', stack: 'flow', data: xs.map((x, i) => [x, kw(doc.export_wh)[i] == null ? null : -kw(doc.export_wh)[i]]), itemStyle: { color: COLORS.export } },
    line('PV', xs, kw(doc.pv_wh), COLORS.pv),
    line('Wind', xs, kw(doc.wind_wh), COLORS.wind),
  ];
  option.tooltip.formatter = tooltipFormatter(option.series, kwFmt);
  chart.setOption(option, true);
}

async function loadForecast() {
  const el = $('forecast-chart');
  const doc = await loadInto(el, '/me/forecast', 'The forecast');
  if (doc === undefined) return;
  const xs = doc.intervals || [];
  if (!xs.length) { state(el, 'empty', 'No forecast yet.'); return; }
  const step = cfg.interval_seconds || 900;
  const kw = (a) => (a || []).map((v) => (v == null ? null : (v * 3600) / step / 1000));
  const chart = makeChart(el);
  if (!chart) return;
  const option = baseOption('kW (avg.)');
  option.series = [
    ...band('Demand P10–P90', xs, kw(doc.demand?.p10), kw(doc.demand?.p90), COLORS.demand, 'd'),
    line('Demand P50', xs, kw(doc.demand?.p50), COLORS.demand, { markLine: nowMark() }),
    ...band('Generation P10–P90', xs, kw(doc.generation?.p10), kw(doc.generation?.p90), COLORS.generation, 'g'),
    line('Generation P50', xs, kw(doc.generation?.p50), COLORS.generation),
  ];
  option.legend.data = ['Demand P50', 'Demand P10–P90', 'Generation P50', 'Generation P10–P90'];
  option.tooltip.formatter = tooltipFormatter(option.series, kwFmt);
  chart.setOption(option, true);
}

// ---------- setpoints ----------
async function loadSetpoints() {
  const box = $('setpoints');
  const rows = await loadInto(box, '/me/setpoints?limit=50', 'Setpoints', []);
  if (rows === undefined) return;
  if (!rows.length) { state(box, 'empty', 'No setpoints were sent to your site yet.'); return; }
  const what = (s) => [
    s.battery_charge_w > 0 ? `charge battery ${f.kw(s.battery_charge_w)}` : null,
    s.battery_discharge_w > 0 ? `discharge battery ${f.kw(s.battery_discharge_w)}` : null,
    s.pv_curtail_pct > 0 ? `curtail PV ${f.pct(s.pv_curtail_pct)}` : null,
    s.flex_defer_w > 0 ? `defer flexible load ${f.kw(s.flex_defer_w)}` : null,
  ].filter(Boolean).join(', ') || 'run freely';
  const kind = { applied: 'ok', sent: 'info', pending: 'info', refused: 'bad', expired: 'warn' };
  box.replaceChildren(table(['Interval', 'Setpoint', 'Why', 'Status'], rows.map((s) => h('tr', {},
    h('td', { class: 'nowrap' }, f.timeEl(s.interval_start || s.issued_at)),
    h('td', {}, what(s)),
    h('td', {}, s.reason || '—'),
    h('td', {}, badge(s.status || '—', kind[s.status] || 'info'), s.detail ? h('div', { class: 'muted' }, s.detail) : null)))));
}

// ---------- orders ----------
function fillIntervals() {
  const step = (cfg.interval_seconds || 900) * 1000;
  const sel = $('order-interval');
  const next = Math.ceil(Date.now() / step) * step + step; // the gate of the next interval may already be closing
  sel.replaceChildren(...Array.from({ length: 12 }, (_, i) => {
    const t = new Date(next + i * step).toISOString().replace('.000Z', 'Z');
    return h('option', { value: t }, `${f.time(t)}–${f.clock(new Date(next + (i + 1) * step).toISOString())}`);
  }));
}

async function loadOrders() {
  const box = $('orders');
  const rows = await loadInto(box, '/me/orders', 'Orders', []);
  if (rows === undefined) return;
  if (!rows.length) { state(box, 'empty', 'No open orders.'); return; }
  box.replaceChildren(table(['Interval', 'Side', { label: 'Energy', class: 'num' }, { label: 'Limit', class: 'num' }, 'Terms', ''], rows.map((o) => {
    const cancel = h('button', { type: 'button', class: 'small', 'aria-label': `Cancel order ${o.id}` }, 'Cancel');
    cancel.addEventListener('click', async () => {
      const ok = await confirmAction({ title: 'Cancel order', message: `Cancel your ${o.side} of ${f.wh(o.energy_wh)} for ${f.time(o.interval)}?`, confirmLabel: 'Cancel order', danger: true });
      if (!ok) return;
      try {
        await api(`/me/orders/${encodeURIComponent(o.id)}`, { method: 'DELETE' });
        showNotice('Order cancelled.');
        loadOrders();
      } catch {
        // the toast says why
      }
    });
    return h('tr', { dataset: { orderId: o.id } },
      h('td', { class: 'nowrap' }, f.timeEl(o.interval)),
      h('td', {}, badge(o.side === 'bid' ? 'buy' : 'sell', o.side === 'bid' ? 'info' : 'ok')),
      h('td', { class: 'num' }, f.wh(o.energy_wh)),
      h('td', { class: 'num' }, f.perKwh(o.limit_price_per_kwh, cfg.currency)),
      h('td', {}, [o.local_only ? 'local only' : null, o.renewable_only ? 'renewable only' : null].filter(Boolean).join(', ') || '—'),
      h('td', {}, cancel));
  })));
}

$('order-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const whIn = $('order-wh');
  const priceIn = $('order-price');
  const wh = Number(whIn.value);
  const price = Number(priceIn.value);
  const whErr = !whIn.value || !Number.isInteger(wh) || wh <= 0 ? 'A whole number of Wh, more than 0.' : '';
  const priceErr = priceIn.value === '' || !Number.isFinite(price) || price < 0 ? 'A price of 0 or more per kWh.' : '';
  $('order-wh-err').textContent = whErr;
  $('order-price-err').textContent = priceErr;
  whIn.toggleAttribute('aria-invalid', !!whErr);
  priceIn.toggleAttribute('aria-invalid', !!priceErr);
  if (whErr) { whIn.focus(); return; }
  if (priceErr) { priceIn.focus(); return; }
  const body = {
    id: `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    side: $('order-side').value,
    interval: $('order-interval').value,
    energy_wh: wh,
    limit_price_per_kwh: price,
    local_only: $('order-local').checked,
    renewable_only: $('order-renewable').checked,
  };
  $('order-submit').disabled = true;
  try {
    await api('/me/orders', { method: 'POST', body });
    showNotice(`Order placed: ${body.side === 'bid' ? 'buy' : 'sell'} ${f.wh(wh)} at ${f.perKwh(price, cfg.currency)}.`);
    loadOrders();
  } catch {
    // the toast says why (e.g. MARKET_PAUSED, gate closed)
  } finally {
    $('order-submit').disabled = false;
  }
});

// ---------- trades and statements ----------
async function loadTrades() {
  const box = $('trades');
  const rows = await loadInto(box, '/me/trades?limit=100', 'Trades', []);
  if (rows === undefined) return;
  if (!rows.length) { state(box, 'empty', 'No trades yet.'); return; }
  const cur = cfg.currency;
  box.replaceChildren(table(['Interval', 'Side', { label: 'Energy', class: 'num' }, { label: 'Price', class: 'num' }, { label: 'Amount', class: 'num' }, { label: 'Metered', class: 'num' }], rows.map((t) => {
    const sold = t.side === 'sold';
    const amountMicros = sold ? (t.received_micros ?? t.seller_gets_micros) : (t.paid_micros ?? t.buyer_pays_micros);
    const price = f.isNum(t.price_per_kwh) ? t.price_per_kwh : f.isNum(t.seller_price_micros) ? t.seller_price_micros / 1e6 : null;
    const metered = t.metered_wh ?? (sold ? t.delivered_wh : t.taken_wh);
    return h('tr', { dataset: { tradeId: t.id } },
      h('td', { class: 'nowrap' }, f.timeEl(t.interval || t.interval_start)),
      h('td', {}, badge(t.side || '—', sold ? 'ok' : 'info')),
      h('td', { class: 'num' }, f.wh(t.wh)),
      h('td', { class: 'num' }, f.perKwh(price, cur)),
      h('td', { class: 'num' }, f.isNum(amountMicros) ? `${sold ? '+' : '−'}${f.money(amountMicros, cur)}` : '—'),
      h('td', { class: 'num' }, metered == null ? h('span', { class: 'muted' }, 'not checked yet') : f.wh(metered)));
  })));
}

async function loadStatements() {
  const box = $('statements');
  const rows = await loadInto(box, '/me/statements?limit=100', 'Statements', []);
  if (rows === undefined) return;
  if (!rows.length) { state(box, 'empty', 'No statements yet.'); return; }
  const m = (v) => f.money(v, cfg.currency);
  box.replaceChildren(table(['Interval', { label: 'Bought / sold', class: 'num' }, { label: 'Taken / delivered', class: 'num' }, { label: 'Paid', class: 'num' }, { label: 'Received', class: 'num' }, { label: 'Fees + penalty', class: 'num' }, { label: 'Net', class: 'num' }],
    rows.map((s) => h('tr', {},
      h('td', { class: 'nowrap' }, f.timeEl(s.interval || s.interval_start), s.metered === false ? h('div', {}, badge('not metered', 'warn')) : null),
      h('td', { class: 'num' }, `${f.wh(s.bought_wh)} / ${f.wh(s.sold_wh)}`),
      h('td', { class: 'num' }, `${f.wh(s.taken_wh)} / ${f.wh(s.delivered_wh)}`),
      h('td', { class: 'num' }, m(s.paid_micros)),
      h('td', { class: 'num' }, m(s.received_micros)),
      h('td', { class: 'num' }, m((s.fees_micros || 0) + (s.penalty_micros || 0))),
      h('td', { class: 'num' }, h('b', {}, m(s.net_micros)))))));
}

// ---------- settlements ----------
async function verifyInterval(interval, button, result) {
  button.disabled = true;
  result.removeAttribute('data-verified');
  result.textContent = 'Checking…';
  let doc;
  try {
    doc = await api(`/me/settlements/${encodeURIComponent(interval)}/proofs`, { quiet: true });
  } catch (e) {
    showResult(result, { ok: false, message: `✗ Proofs could not be fetched: ${e.message}`, checks: [] });
    button.disabled = false;
    return;
  }
  const proofs = doc?.proofs || [];
  if (!proofs.length) {
    showResult(result, { ok: false, message: '✗ No proofs of your trades in this interval', checks: [] });
    button.disabled = false;
    return;
  }
  const results = [];
  for (const p of proofs) results.push(await verifyProof(p, cfg, doc.trades_root || null));
  const bad = results.find((r) => !r.ok);
  if (bad) {
    showResult(result, { ...bad, message: `${bad.message} (${results.filter((r) => r.ok).length}/${results.length} trades verified)` });
  } else {
    const block = Math.max(...results.map((r) => r.block || 0));
    showResult(result, { ok: true, message: `✓ ${results.length} trade${results.length > 1 ? 's' : ''} verified on chain (block ${block})`, checks: results.flatMap((r) => r.checks) });
  }
  button.disabled = false;
}

async function loadSettlements() {
  const box = $('settlements');
  const doc = await loadInto(box, '/me/settlements?limit=50', 'Settlements');
  if (doc === undefined) return;
  const rows = Array.isArray(doc) ? doc : doc?.settlements || doc?.parts || [];
  if (!rows.length) { state(box, 'empty', 'None of your trades has been settled yet.'); return; }
  const why = unavailableReason(cfg);
  const kind = { settled: 'ok', pending: 'warn', failed: 'bad' };
  box.replaceChildren(h('div', {},
    why ? h('p', { class: 'state' }, `Verification on chain is unavailable: ${why}`) : null,
    table(['Interval', 'Status', 'Tx hash', { label: 'Block', class: 'num' }, 'Proof'], rows.map((s) => {
      const btn = h('button', { type: 'button', class: 'verify small', 'aria-label': `Verify my trades of ${f.time(s.interval)}` }, 'Verify');
      const result = h('output', { class: 'verify-result', 'aria-live': 'polite' });
      if (why) { btn.disabled = true; btn.title = why; }
      else btn.addEventListener('click', () => verifyInterval(s.interval, btn, result));
      return h('tr', { dataset: { interval: s.interval } },
        h('td', { class: 'nowrap' }, f.timeEl(s.interval)),
        h('td', {}, badge(s.status || '—', kind[s.status] || 'info')),
        h('td', { class: 'mono', title: s.tx_hash || '' }, f.shortHash(s.tx_hash)),
        h('td', { class: 'num' }, s.block ?? '—'),
        h('td', {}, btn, result));
    }))));
}

// ---------- erasure ----------
const confirmText = $('erasure-confirm-text');
confirmText.addEventListener('input', () => { $('erasure-submit').disabled = confirmText.value !== 'ERASE'; });
$('erasure-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (confirmText.value !== 'ERASE') { confirmText.focus(); return; }
  const ok = await confirmAction({
    title: 'Erase my off-chain data?',
    message: 'Your readings, setpoints, orders and statements are deleted for good. On-chain roots and balances stay, but cannot be linked to you without this data.',
    confirmLabel: 'Erase',
    danger: true,
  });
  if (!ok) return;
  $('erasure-submit').disabled = true;
  try {
    const r = await api('/me/erasure', { method: 'POST', body: { confirm: 'ERASE' } });
    $('erasure-result').textContent = `Erased.${r && typeof r === 'object' ? ` ${Object.entries(r).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ')}` : ''}`;
    showNotice('Your off-chain data was erased.');
  } catch (ex) {
    $('erasure-result').textContent = `Not erased: ${ex.message}`;
    $('erasure-submit').disabled = confirmText.value !== 'ERASE';
  }
});

// ---------- start ----------
async function start() {
  ({ user } = await initPage('prosumer', 'me', { live: false }));
  cfg = await config();
  $('my-meta').textContent = `Site ${user.site || '—'}`;
  $('my-site').dataset.site = user.site || '';
  buildNow();
  fillIntervals();
  connectLive('/me/live', (doc) => {
    const mine = (doc.sites || []).find((s) => s.site === user.site) || (doc.sites || [])[0];
    showNow(mine);
  });
  for (const id of ['setpoints', 'orders', 'trades', 'statements', 'settlements']) state($(id), 'loading', 'Loading…');
  await Promise.all([loadReadings(), loadForecast()]);
  markReady();
  loadSetpoints();
  loadOrders();
  loadTrades();
  loadStatements();
  loadSettlements();
}

start().catch((e) => {
  if (e.message !== 'redirected') state($('now'), 'error', e.message);
});
