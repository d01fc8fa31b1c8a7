// The grid as a picture: the substation transformer, its bus bar, one column per feeder with its
// loading bar and one small square per site, coloured by net flow. The DOM is built once from
// GET /console/overview; live snapshots only change attributes, text and classes.

import { api, markReady } from '../api.js';
import { initPage } from '../nav.js';
import { connectLive } from '../live.js';
import { h, state } from '../dom.js';
import * as f from '../format.js';

const root = document.getElementById('overview');
const updatedAt = document.getElementById('updated-at');

const sites = new Map(); // site id → {data, el}
const feeders = new Map(); // feeder id → {el, pct, net, bar, fill, grid}
let topEls = null;
let built = false;
let tooltip = null;
let tooltipSite = null;

const TX_ICON = '<svg viewBox="0 0 48 48" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.5"><circle cx="24" cy="17" r="10"/><circle cx="24" cy="31" r="10"/><path d="M24 2v5M24 41v5"/></svg>';

function cmpId(a, b) {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Builds the whole picture from a full snapshot. */
function build(doc) {
  sites.clear();
  feeders.clear();
  const tx = h('section', { class: 'card transformer', 'data-testid': 'transformer', 'aria-labelledby': 'tx-title' });
  const icon = h('span', {});
  icon.innerHTML = TX_ICON;
  const txImport = h('span', { class: 'metric', id: 'tx-import' });
  const txExport = h('span', { class: 'metric', id: 'tx-export' });
  const txPct = h('span', { class: 'feeder-pct', id: 'tx-pct', 'data-testid': 'transformer-pct' });
  const txFill = h('span');
  const txBar = h('div', { class: 'bar', role: 'presentation' }, txFill);
  const txLimit = h('span', { class: 'muted', id: 'tx-limit' });
  tx.append(icon.firstChild, h('div', { class: 'tx-body' },
    h('h2', { id: 'tx-title' }, 'Substation transformer'),
    h('div', { class: 'flows' },
      h('div', {}, h('div', { class: 'metric-label' }, 'Import'), txImport),
      h('div', {}, h('div', { class: 'metric-label' }, 'Export'), txExport)),
    h('div', { class: 'feeder-head' }, txLimit, txPct),
    txBar));

  const pv = h('span', { class: 'metric', id: 'gen-pv' });
  const wind = h('span', { class: 'metric', id: 'gen-wind' });
  const gen = h('section', { class: 'card', 'data-testid': 'generation', 'aria-labelledby': 'gen-title' },
    h('h2', { id: 'gen-title' }, 'Generation'),
    h('div', { class: 'metrics' },
      h('div', {}, h('div', { class: 'metric-label' }, 'PV'), pv),
      h('div', {}, h('div', { class: 'metric-label' }, 'Wind'), wind)));

  const soc = h('span', { class: 'metric', id: 'bat-soc' });
  const charge = h('span', { id: 'bat-charge' });
  const discharge = h('span', { id: 'bat-discharge' });
  const batSites = h('span', { class: 'muted', id: 'bat-sites' });
  const bat = h('section', { class: 'card', 'data-testid': 'battery', 'aria-labelledby': 'bat-title' },
    h('h2', { id: 'bat-title' }, 'Batteries ', batSites),
    h('div', { class: 'metrics' },
      h('div', {}, h('div', { class: 'metric-label' }, 'Avg. state of charge'), soc),
      h('dl', { class: 'kv' }, h('dt', {}, 'Charging'), h('dd', {}, charge), h('dt', {}, 'Discharging'), h('dd', {}, discharge))));

  const alarms = h('a', { href: '/console/alarms.html', class: 'metric', id: 'ov-alarms' });
  const status = h('section', { class: 'card', 'aria-labelledby': 'st-title' },
    h('h2', { id: 'st-title' }, 'Status'),
    h('div', { class: 'metrics' },
      h('div', {}, h('div', { class: 'metric-label' }, 'Open alarms'), alarms),
      h('div', {}, h('div', { class: 'metric-label' }, 'Market'), h('div', { id: 'ov-market' }))));

  topEls = { txImport, txExport, txPct, txFill, txBar, txLimit, pv, wind, soc, charge, discharge, batSites, alarms };

  const grid = h('div', { class: 'feeders', id: 'feeders' });
  const byFeeder = new Map();
  for (const s of doc.sites || []) {
    if (!byFeeder.has(s.feeder)) byFeeder.set(s.feeder, []);
    byFeeder.get(s.feeder).push(s);
  }
  const feederList = [...(doc.feeders || [])].sort((a, b) => cmpId(a.id, b.id));
  for (const fd of feederList) grid.append(buildFeeder(fd, byFeeder.get(fd.id) || []));
  // sites on a feeder the snapshot did not list still get a column
  for (const [id, list] of byFeeder) {
    if (!feeders.has(id)) grid.append(buildFeeder({ id, net_w: null, limit_w: null, pct: null }, list));
  }

  const legend = h('div', { class: 'legend', 'aria-hidden': 'true' },
    h('span', {}, h('span', { class: 'site i3' }), 'importing'),
    h('span', {}, h('span', { class: 'site' }), 'about zero'),
    h('span', {}, h('span', { class: 'site e3' }), 'exporting'),
    h('span', {}, h('span', { class: 'site stale' }), 'no recent reading'),
    h('span', {}, 'Feeder bars: ', h('b', { class: 'level-green' }, '< 70 %'), ' · ', h('b', { class: 'level-amber' }, '70–100 %'), ' · ', h('b', { class: 'level-red' }, '> 100 %'), ' of limit'));

  const feederSection = h('section', { 'aria-labelledby': 'feeders-title', class: 'stack' },
    h('div', { class: 'page-head' }, h('h2', { id: 'feeders-title' }, `Feeders (${feeders.size}) and sites (${sites.size})`), legend),
    h('div', { class: 'busbar', 'aria-hidden': 'true' }),
    grid);
  if (!feeders.size) feederSection.append(h('div', { class: 'state' }, 'No feeders in the grid model yet.'));

  root.replaceChildren(h('div', { class: 'ov-top' }, tx, gen, bat, status), feederSection);
  wireSiteInteraction(grid);
  built = true;
  update(doc);
}

function buildFeeder(fd, list) {
  const id = fd.id;
  const pct = h('span', { class: 'feeder-pct', 'data-testid': `feeder-${id}-pct` });
  const net = h('div', { class: 'feeder-net', 'data-testid': `feeder-${id}-net` });
  const fill = h('span');
  const bar = h('div', { class: 'bar', role: 'meter', 'aria-label': `Feeder ${id} loading`, 'aria-valuemin': '0', 'aria-valuemax': '100' }, fill);
  const grid = h('div', { class: 'sites', role: 'group', 'aria-label': `Sites on feeder ${id} (arrow keys move)` });
  const el = h('section', { class: 'card feeder', 'data-testid': `feeder-${id}`, 'data-feeder': id },
    h('div', { class: 'feeder-head' }, h('h3', { class: 'feeder-name', style: 'margin:0' }, id), pct),
    net, bar, grid);
  const entry = { el, pct, net, bar, fill, grid, count: 0 };
  feeders.set(id, entry);
  const frag = document.createDocumentFragment();
  list.sort((a, b) => cmpId(a.site, b.site));
  for (const s of list) frag.append(addSite(s, entry));
  grid.append(frag);
  updateFeeder(fd);
  return el;
}

function addSite(s, entry) {
  const el = document.createElement('span');
  el.className = 'site';
  el.dataset.site = s.site;
  el.tabIndex = entry.count === 0 ? 0 : -1;
  entry.count += 1;
  sites.set(s.site, { data: s, el });
  paintSite(s, el);
  return el;
}

function paintSite(s, el) {
  const w = f.isNum(s.net_w) ? s.net_w : 0;
  el.dataset.netW = String(w);
  const a = Math.abs(w);
  let cls = 'site';
  if (s.stale) cls += ' stale';
  else if (a >= 50) cls += `${w > 0 ? ' i' : ' e'}${a >= 5000 ? 3 : a >= 1000 ? 2 : 1}`;
  if (el.className !== cls) el.className = cls;
}

function updateFeeder(fd) {
  const entry = feeders.get(fd.id);
  if (!entry) return;
  const p = fd.pct;
  const lvl = f.level(p);
  entry.pct.textContent = f.pct(p);
  entry.pct.className = `feeder-pct level-${lvl}`;
  entry.bar.dataset.level = lvl;
  entry.fill.style.width = `${Math.min(100, f.isNum(p) ? p : 0)}%`;
  entry.bar.setAttribute('aria-valuenow', f.isNum(p) ? p.toFixed(1) : '0');
  const dir = !f.isNum(fd.net_w) ? '' : fd.net_w > 0 ? ' import' : fd.net_w < 0 ? ' export' : '';
  entry.net.textContent = `${f.kw(f.isNum(fd.net_w) ? Math.abs(fd.net_w) : null)}${dir} / ${f.kw(fd.limit_w)}`;
  entry.net.title = 'Net flow / feeder limit';
  entry.net.dataset.netW = String(fd.net_w ?? '');
  entry.el.dataset.level = lvl;
}

/** Applies a snapshot (full or partial) to the built picture. */
function update(doc) {
  if (doc.at) {
    updatedAt.dateTime = doc.at;
    updatedAt.textContent = f.time(doc.at, { seconds: true });
  }
  const t = doc.transformer;
  if (t && topEls) {
    topEls.txImport.textContent = f.kw(t.import_w);
    topEls.txExport.textContent = f.kw(t.export_w);
    const lvl = f.level(t.pct);
    topEls.txPct.textContent = f.pct(t.pct);
    topEls.txPct.className = `feeder-pct level-${lvl}`;
    topEls.txBar.dataset.level = lvl;
    topEls.txFill.style.width = `${Math.min(100, f.isNum(t.pct) ? t.pct : 0)}%`;
    topEls.txLimit.textContent = `of ${f.kw(t.limit_w)} limit`;
  }
  if (doc.generation && topEls) {
    topEls.pv.textContent = f.kw(doc.generation.pv_w);
    topEls.wind.textContent = f.kw(doc.generation.wind_w);
  }
  if (doc.battery && topEls) {
    const b = doc.battery;
    topEls.soc.textContent = f.pct(b.soc_pct);
    topEls.charge.textContent = f.kw(b.charge_w);
    topEls.discharge.textContent = f.kw(b.discharge_w);
    topEls.batSites.textContent = `(${f.int(b.sites)} sites)`;
  }
  if (typeof doc.open_alarms === 'number' && topEls) {
    topEls.alarms.textContent = String(doc.open_alarms);
    topEls.alarms.className = `metric ${doc.open_alarms > 0 ? 'level-red' : 'level-green'}`;
  }
  if (typeof doc.market_paused === 'boolean') {
    const txt = doc.market_paused ? 'paused' : 'open';
    const kind = doc.market_paused ? 'warn' : 'ok';
    for (const el of [document.getElementById('ov-market')]) {
      if (!el) continue;
      el.replaceChildren(h('span', { class: `badge ${kind}` }, `Market ${txt}`));
    }
  }
  for (const fd of doc.feeders || []) updateFeeder(fd);
  let needsRebuild = false;
  for (const s of doc.sites || []) {
    const known = sites.get(s.site);
    if (known) {
      known.data = { ...known.data, ...s };
      paintSite(known.data, known.el);
    } else if (feeders.has(s.feeder)) {
      const entry = feeders.get(s.feeder);
      entry.grid.append(addSite(s, entry));
    } else {
      needsRebuild = true;
    }
    if (tooltipSite === s.site) showTooltip(sites.get(s.site).el);
  }
  return needsRebuild;
}

// ---------- tooltip and keyboard ----------
function tooltipText(s) {
  const dir = !f.isNum(s.net_w) || Math.abs(s.net_w) < 50 ? '' : s.net_w > 0 ? ' (import)' : ' (export)';
  const parts = [`${s.site}`, `net ${f.kwSigned(s.net_w)}${dir}`];
  if (f.isNum(s.pv_w) && s.pv_w) parts.push(`PV ${f.kw(s.pv_w)}`);
  if (f.isNum(s.wind_w) && s.wind_w) parts.push(`wind ${f.kw(s.wind_w)}`);
  if (f.isNum(s.soc_pct)) parts.push(`SoC ${f.pct(s.soc_pct)}`);
  if (s.stale) parts.push('no recent reading');
  return parts;
}

function showTooltip(el) {
  const entry = sites.get(el.dataset.site);
  if (!entry) return;
  if (!tooltip) {
    tooltip = h('div', { class: 'tooltip', role: 'tooltip', id: 'site-tooltip' });
    document.body.append(tooltip);
  }
  const [name, ...rest] = tooltipText(entry.data);
  tooltip.replaceChildren(h('b', {}, name), ` · meter ${entry.data.meter || '—'}`, h('br'), rest.join(' · '));
  tooltip.hidden = false;
  tooltipSite = el.dataset.site;
  el.setAttribute('aria-label', tooltipText(entry.data).join(', '));
  const r = el.getBoundingClientRect();
  const tw = tooltip.offsetWidth;
  const left = Math.max(8, Math.min(window.innerWidth - tw - 8, r.left + r.width / 2 - tw / 2));
  const top = r.top - tooltip.offsetHeight - 8;
  tooltip.style.left = `${left}px`;
  tooltip.style.top = `${top < 8 ? r.bottom + 8 : top}px`;
}

function hideTooltip() {
  if (tooltip) tooltip.hidden = true;
  tooltipSite = null;
}

function wireSiteInteraction(grid) {
  grid.addEventListener('mouseover', (e) => {
    if (e.target.dataset?.site) showTooltip(e.target);
  });
  grid.addEventListener('mouseout', (e) => {
    if (e.target.dataset?.site && document.activeElement !== e.target) hideTooltip();
  });
  grid.addEventListener('focusin', (e) => {
    if (e.target.dataset?.site) showTooltip(e.target);
  });
  grid.addEventListener('focusout', hideTooltip);
  grid.addEventListener('keydown', (e) => {
    const el = e.target;
    if (!el.dataset?.site) return;
    const box = el.parentElement;
    const items = box.children;
    const i = Array.prototype.indexOf.call(items, el);
    const perRow = Math.max(1, Math.round(box.clientWidth / (el.offsetWidth + 3)));
    const moves = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: perRow, ArrowUp: -perRow, Home: -i, End: items.length - 1 - i };
    if (!(e.key in moves)) {
      if (e.key === 'Escape') hideTooltip();
      return;
    }
    e.preventDefault();
    const next = items[Math.max(0, Math.min(items.length - 1, i + moves[e.key]))];
    el.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
  window.addEventListener('scroll', hideTooltip, { passive: true });
}

// ---------- start ----------
async function start() {
  await initPage('overview', 'console', { live: false });
  state(root, 'loading', 'Loading the grid…');
  let pending = [];
  let first = true;
  connectLive('/console/live', (doc) => {
    if (!built) {
      if (doc.full) {
        build(doc);
        markReady();
      } else {
        pending.push(doc);
      }
      return;
    }
    if (first && pending.length) {
      pending.forEach(update);
      pending = [];
    }
    first = false;
    if (update(doc) && doc.full) build(doc);
    else if (doc.full && doc.feeders && doc.feeders.some((fd) => !feeders.has(fd.id))) build(doc);
  });
  try {
    const doc = await api('/console/overview');
    if (!built) {
      build(doc);
      pending.forEach(update);
      pending = [];
    }
    markReady();
  } catch (e) {
    if (!built) state(root, 'error', `The grid cannot be shown: ${e.message}`);
    markReady();
  }
}

start().catch((e) => {
  if (e.message !== 'redirected') state(root, 'error', e.message);
});
