// The timeline of dispatch decisions (GET /dispatch?limit=50): mode, reason, cost, bindings; one
// selected shows its per-site sentences. Operators can re-dispatch the current interval now.

import { api, config, markReady, showNotice } from '../api.js';
import { initPage, canAct } from '../nav.js';
import { h, state, table, badge } from '../dom.js';
import { confirmAction } from '../dialog.js';
import * as f from '../format.js';

const timeline = document.getElementById('timeline');
const detail = document.getElementById('detail');
const title = document.getElementById('detail-title');
const redispatch = document.getElementById('redispatch');
let decisions = [];
let selected = null;
let currency = 'EUR';

const MODE_KIND = { LP: 'ok', OPTIMAL: 'ok', RULE_BASED: 'warn', FALLBACK: 'warn', FAILED: 'bad' };
const modeBadge = (mode) => badge(mode || '—', MODE_KIND[String(mode).toUpperCase()] || 'info');

function cost(v) {
  return f.isNum(v) ? f.amount(v, currency) : '—';
}

function renderTimeline() {
  if (!decisions.length) {
    state(timeline, 'empty', 'No decisions yet.');
    return;
  }
  const list = h('ol', { class: 'timeline', 'aria-label': 'Decisions, newest first' });
  for (const d of decisions) {
    const b = h('button', { type: 'button', dataset: { interval: d.interval }, 'aria-current': d.interval === selected ? 'true' : 'false' },
      h('div', { class: 't-head' },
        h('strong', {}, f.timeEl(d.interval)),
        h('span', {}, modeBadge(d.mode), ' ', (d.bindings || []).length ? badge(`${d.bindings.length} binding`, 'info') : null)),
      h('div', { class: 't-reason' }, d.reason || ''),
      h('div', { class: 'muted', style: 'font-size:0.82rem' }, `cost ${cost(d.cost_over_horizon)} · ${f.int(d.solve_ms)} ms`));
    b.addEventListener('click', () => select(d.interval));
    list.append(h('li', {}, b));
  }
  timeline.replaceChildren(list);
}

function select(interval) {
  selected = interval;
  for (const b of timeline.querySelectorAll('button[data-interval]')) b.setAttribute('aria-current', String(b.dataset.interval === interval));
  const d = decisions.find((x) => x.interval === interval);
  if (!d) {
    state(detail, 'empty', 'Select a decision on the left.');
    return;
  }
  title.textContent = `Decision for ${f.time(d.interval)}–${f.clock(d.interval_end)}`;
  const bindings = d.bindings || [];
  const sites = d.sites || [];
  detail.replaceChildren(
    h('dl', { class: 'kv' },
      h('dt', {}, 'Mode'), h('dd', {}, modeBadge(d.mode)),
      h('dt', {}, 'Reason'), h('dd', {}, d.reason || '—'),
      h('dt', {}, 'Decided at'), h('dd', {}, f.timeEl(d.decided_at, { seconds: true })),
      h('dt', {}, 'Cost over horizon'), h('dd', {}, cost(d.cost_over_horizon)),
      h('dt', {}, 'Limit excess'), h('dd', {}, f.isNum(d.limit_excess_kw) ? `${d.limit_excess_kw.toFixed(1)} kW` : '—'),
      h('dt', {}, 'Solve time'), h('dd', {}, `${f.int(d.solve_ms)} ms`),
      h('dt', {}, 'Revision'), h('dd', {}, f.int(d.revision))),
    h('h3', {}, `Binding constraints (${bindings.length})`),
    bindings.length
      ? table(['Constraint', 'Subject', { label: 'From step', class: 'num' }, { label: 'Steps', class: 'num' }, { label: 'Shadow price', class: 'num' }, { label: 'Limit', class: 'num' }],
        bindings.map((b) => h('tr', {},
          h('td', {}, String(b.constraint || '').replaceAll('_', ' ')), h('td', {}, b.subject),
          h('td', { class: 'num' }, f.int(b.step)), h('td', { class: 'num' }, f.int(b.steps)),
          h('td', { class: 'num' }, f.perKwh(b.shadow_price_per_kwh ?? b.shadowPricePerKwh, currency)),
          h('td', { class: 'num' }, f.isNum(b.limit_kw ?? b.limitKw) ? `${(b.limit_kw ?? b.limitKw).toFixed(1)} kW` : '—'))))
      : h('p', { class: 'muted' }, 'No constraint was binding.'),
    h('h3', {}, `What each site does and why (${sites.length})`),
    sites.length
      ? h('ul', { class: 'sentences' }, sites.map((s) => h('li', { dataset: { site: s.site } }, h('b', {}, s.site), ' ', s.sentence || '—')))
      : h('p', { class: 'muted' }, 'No site setpoints in this decision.'));
}

async function load() {
  try {
    decisions = (await api('/dispatch?limit=50')) || [];
  } catch (e) {
    state(timeline, 'error', `Decisions cannot be loaded: ${e.message}`);
    state(detail, 'empty', '—');
    return;
  }
  renderTimeline();
  if (!decisions.some((d) => d.interval === selected)) selected = decisions[0]?.interval ?? null;
  if (selected) select(selected);
  else state(detail, 'empty', 'No decisions yet.');
}

async function start() {
  const { user } = await initPage('dispatch');
  currency = (await config()).currency || 'EUR';
  if (!canAct(user)) redispatch.remove();
  else {
    redispatch.addEventListener('click', async () => {
      const answer = await confirmAction({
        title: 'Re-dispatch now?',
        message: 'The current interval is planned again from the latest readings and forecasts; the new decision replaces the current one and new setpoints are sent.',
        confirmLabel: 'Re-dispatch now',
        askReason: true,
      });
      if (!answer) return;
      redispatch.disabled = true;
      try {
        const r = await api('/console/controls/redispatch', { method: 'POST', body: { reason: answer.reason } });
        showNotice(`Re-dispatched${r?.mode ? ` (${r.mode})` : ''}; audit #${r?.audit_id ?? '—'}.`);
        selected = null;
        await load();
      } catch {
        // the toast shows why
      } finally {
        redispatch.disabled = false;
      }
    });
  }
  state(timeline, 'loading', 'Loading decisions…');
  await load();
  markReady();
}

start().catch((e) => {
  if (e.message !== 'redirected') state(timeline, 'error', e.message);
});
