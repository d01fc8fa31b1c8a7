// Settlement per interval (GET /settlements?limit=50): status, tx hash, block, parts; one selected
// shows its roots and trades, each with a Verify button that checks the trade's Merkle proof in
// the browser and against the contract on chain (js/verify.js).

import { api, config, markReady } from '../api.js';
import { initPage } from '../nav.js';
import { h, state, table, badge } from '../dom.js';
import { wireVerify, unavailableReason } from '../verify.js';
import * as f from '../format.js';

const list = document.getElementById('intervals');
const detail = document.getElementById('detail');
const title = document.getElementById('detail-title');
const chainStatus = document.getElementById('chain-status');
let cfg = null;
let intervals = [];
let selected = null;

const STATUS_KIND = { settled: 'ok', pending: 'warn', sending: 'warn', sent: 'info', failed: 'bad', refused: 'bad' };
export const statusBadge = (s) => badge(s || '—', STATUS_KIND[s] || 'info');

/** One row per interval from the parts list. */
function group(parts) {
  const by = new Map();
  for (const p of parts) {
    if (!by.has(p.interval)) by.set(p.interval, []);
    by.get(p.interval).push(p);
  }
  return [...by.entries()].map(([interval, ps]) => {
    ps.sort((a, b) => a.part - b.part);
    const total = Math.max(...ps.map((p) => p.parts || 1));
    const done = ps.filter((p) => p.status === 'settled').length;
    const status = done === total ? 'settled' : ps.some((p) => p.status === 'failed') ? 'failed' : 'pending';
    const withTx = [...ps].reverse().find((p) => p.tx_hash) || {};
    return { interval, parts: ps, total, done, status, tx_hash: withTx.tx_hash || null, block: withTx.block ?? null, error: ps.find((p) => p.error)?.error || null };
  }).sort((a, b) => b.interval.localeCompare(a.interval));
}

function renderList() {
  if (!intervals.length) {
    state(list, 'empty', 'Nothing settled yet.');
    return;
  }
  const rows = intervals.map((iv) => {
    const open = h('button', { type: 'button', class: 'link', 'aria-label': `Show interval ${f.time(iv.interval)}` }, f.time(iv.interval));
    open.addEventListener('click', () => select(iv.interval));
    const tr = h('tr', { dataset: { interval: iv.interval }, 'aria-selected': String(iv.interval === selected) },
      h('td', { class: 'nowrap' }, open),
      h('td', {}, statusBadge(iv.status), iv.error ? h('div', { class: 'muted', style: 'font-size:0.8rem' }, iv.error) : null),
      h('td', { class: 'mono', title: iv.tx_hash || '' }, f.shortHash(iv.tx_hash)),
      h('td', { class: 'num' }, iv.block ?? '—'),
      h('td', { class: 'num' }, `${iv.done}/${iv.total}`));
    tr.addEventListener('click', (e) => { if (e.target.tagName !== 'BUTTON') select(iv.interval); });
    return tr;
  });
  list.replaceChildren(table(['Interval', 'Status', 'Tx hash', { label: 'Block', class: 'num' }, { label: 'Parts', class: 'num' }], rows, { caption: 'Settled intervals, newest first' }));
}

async function select(interval) {
  selected = interval;
  for (const tr of list.querySelectorAll('tr[data-interval]')) tr.setAttribute('aria-selected', String(tr.dataset.interval === interval));
  title.textContent = `Interval ${f.time(interval)}`;
  state(detail, 'loading', 'Loading…');
  let doc;
  let trades;
  try {
    [doc, trades] = await Promise.all([
      api(`/settlements/${encodeURIComponent(interval)}`),
      api(`/market/trades?interval=${encodeURIComponent(interval)}`).catch(() => []),
    ]);
  } catch (e) {
    state(detail, 'error', `The interval cannot be loaded: ${e.message}`);
    return;
  }
  if (selected !== interval) return;
  const why = unavailableReason(cfg);
  const parts = doc.parts || [];
  detail.replaceChildren(h('div', {},
    h('dl', { class: 'kv' },
      h('dt', {}, 'Status'), h('dd', {}, statusBadge(doc.status)),
      h('dt', {}, 'Interval id'), h('dd', { class: 'mono' }, doc.interval_id ?? '—'),
      h('dt', {}, 'Trades'), h('dd', {}, f.int(doc.trades)),
      h('dt', {}, 'Trades root'), h('dd', { class: 'mono' }, doc.trades_root || '—'),
      h('dt', {}, 'Readings root'), h('dd', { class: 'mono' }, doc.readings_root || '—'),
      h('dt', {}, 'Tx hash'), h('dd', { class: 'mono' }, doc.tx_hash || '—'),
      h('dt', {}, 'Block'), h('dd', {}, doc.block ?? '—'),
      h('dt', {}, 'Contract'), h('dd', { class: 'mono' }, doc.contract || cfg?.contract || '—')),
    parts.length > 1 || parts.some((p) => p.error)
      ? [h('h3', {}, 'Parts'), table(['Part', 'Status', 'Tx hash', { label: 'Block', class: 'num' }, 'Error'], parts.map((p) => h('tr', {},
        h('td', {}, `${p.part + 1}/${p.parts}`), h('td', {}, statusBadge(p.status)), h('td', { class: 'mono', title: p.tx_hash || '' }, f.shortHash(p.tx_hash)),
        h('td', { class: 'num' }, p.block ?? '—'), h('td', {}, p.error || ''))))]
      : null,
    h('h3', {}, `Trades (${trades.length})`),
    why ? h('p', { class: 'muted' }, `Verification on chain is unavailable: ${why}`) : h('p', { class: 'muted' }, 'Verify recomputes each trade\'s leaf and Merkle proof here in your browser, then asks the settlement contract on chain.'),
    trades.length ? tradesTable(interval, trades, doc) : h('div', { class: 'state' }, doc.status === 'nothing to settle' ? 'No trades in this interval.' : 'No trades found for this interval.')));
}

function tradesTable(interval, trades, doc) {
  const rows = trades.map((t) => {
    const btn = h('button', { type: 'button', class: 'verify small', 'aria-label': `Verify trade ${t.id}` }, 'Verify');
    const result = h('output', { class: 'verify-result', 'aria-live': 'polite' });
    if (doc.status !== 'settled' && !unavailableReason(cfg)) {
      result.textContent = 'not settled yet';
      result.classList.add('muted');
    }
    wireVerify(btn, result, () => api(`/settlements/${encodeURIComponent(interval)}/proof/${encodeURIComponent(t.id)}`, { quiet: true }), cfg, doc.trades_root || null);
    return h('tr', { dataset: { tradeId: t.id } },
      h('td', { class: 'mono' }, t.id),
      h('td', {}, `${t.seller_site ?? '—'} → ${t.buyer_site ?? '—'}`),
      h('td', { class: 'num' }, f.wh(t.wh)),
      h('td', { class: 'num' }, f.isNum(t.seller_price_micros) ? f.perKwh(t.seller_price_micros / 1e6, cfg.currency) : '—'),
      h('td', {}, btn, result));
  });
  return table(['Trade', 'Seller → buyer', { label: 'Energy', class: 'num' }, { label: 'Price', class: 'num' }, 'Proof'], rows, { caption: 'Trades of the interval' });
}

async function start() {
  await initPage('settlement');
  cfg = await config();
  state(list, 'loading', 'Loading settlements…');
  state(detail, 'empty', 'Select an interval.');
  let doc;
  try {
    doc = await api('/settlements?limit=50');
  } catch (e) {
    state(list, 'error', `Settlements cannot be loaded: ${e.message}`);
    markReady();
    return;
  }
  const bits = [];
  if (doc && 'enabled' in doc) bits.push(doc.enabled ? `settlement ${doc.state || 'on'}` : 'settlement is off');
  if (doc?.contract || cfg.contract) bits.push(`contract ${f.shortHash(doc?.contract || cfg.contract)}`);
  if (doc?.last_pass) bits.push(`last pass ${f.time(doc.last_pass, { seconds: true })}`);
  chainStatus.textContent = bits.join(' · ');
  intervals = group(doc?.parts || (Array.isArray(doc) ? doc : []));
  renderList();
  markReady();
  if (intervals.length) select(intervals.find((iv) => iv.status === 'settled')?.interval || intervals[0].interval);
}

start().catch((e) => {
  if (e.message !== 'redirected') state(list, 'error', e.message);
});
