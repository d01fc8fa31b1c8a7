// The operator's controls: feeder limit, PV curtailment, market pause/resume, re-dispatch. Each is
// validated here as the server does, confirmed in a dialog, then sent with its reason; below, the
// current controls and the audit log.

import { api, markReady, showNotice, loadInto } from '../api.js';
import { initPage, canAct } from '../nav.js';
import { h, state, table, badge } from '../dom.js';
import { confirmAction } from '../dialog.js';
import * as f from '../format.js';

const $ = (id) => document.getElementById(id);
const kwText = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const MAX_KW = 1e6;
let user = null;
let grid = { feeders: [], sites: [] };
let controls = { market_paused: false, curtailments: [] };

// ---------- validation ----------
function setError(input, message) {
  const err = $(`${input.id}-err`) || $(input.getAttribute('aria-describedby')?.split(' ').pop());
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  if (err) err.textContent = message || '';
  return !message;
}

function checkReason(input) {
  const v = input.value.trim();
  if (!v) return setError(input, 'A reason is required (it goes to the audit log).');
  if (v.length > 500) return setError(input, 'At most 500 characters.');
  return setError(input, '');
}

function checkNumber(input, { min, max, integer = false, label, minExclusive = false }) {
  const raw = input.value.trim();
  const v = Number(raw);
  if (!raw || !Number.isFinite(v)) return setError(input, `${label} is required, a number.`) && null;
  if (integer && !Number.isInteger(v)) return setError(input, `${label} must be a whole number.`) && null;
  if (minExclusive ? v <= min : v < min) return setError(input, `${label} must be ${minExclusive ? 'more than' : 'at least'} ${min}.`) && null;
  if (v > max) return setError(input, `${label} must be at most ${max}.`) && null;
  setError(input, '');
  return v;
}

function firstInvalid(form) {
  const bad = form.querySelector('[aria-invalid="true"]');
  if (bad) bad.focus();
  return !!bad;
}

async function send(path, body, method = 'POST') {
  const r = await api(path, { method, body });
  showNotice(`Done${r && r.audit_id !== undefined ? ` — audit #${r.audit_id}` : ''}.`);
  await Promise.all([loadControls(), loadAudit()]);
  return r;
}

// ---------- feeder limit ----------
function feederById(id) {
  return grid.feeders.find((x) => x.id === id);
}

function showFeederCurrent() {
  const fd = feederById($('feeder-select').value);
  $('feeder-current').textContent = fd ? `Current limit: ${kwText.format(fd.limit_kw)} kW` : '';
}

$('feeder-select').addEventListener('change', showFeederCurrent);
$('feeder-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const sel = $('feeder-select');
  const fd = feederById(sel.value);
  setError(sel, fd ? '' : 'Choose a feeder.');
  const kw = checkNumber($('feeder-limit-kw'), { min: 0, max: MAX_KW, label: 'The limit', minExclusive: true });
  checkReason($('feeder-reason'));
  if (firstInvalid(e.target)) return;
  const ok = await confirmAction({
    title: 'Change feeder limit',
    message: `Change feeder ${fd.id} limit from ${kwText.format(fd.limit_kw)} kW to ${kwText.format(kw)} kW?`,
    confirmLabel: 'Change limit',
    danger: kw < fd.limit_kw,
  });
  if (!ok) return;
  try {
    await send('/console/controls/feeder-limit', { feeder: fd.id, limit_kw: kw, reason: $('feeder-reason').value.trim() });
    fd.limit_kw = kw;
    showFeederCurrent();
    $('feeder-reason').value = '';
    loadGrid();
  } catch {
    // the toast says why
  }
});

// ---------- curtailment ----------
$('curtail-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const site = $('curtail-site');
  const id = site.value.trim();
  const known = grid.sites.some((s) => s.id === id);
  setError(site, !id ? 'Enter a site.' : grid.sites.length && !known ? `There is no site ${id} in the grid model.` : '');
  const pct = checkNumber($('curtail-pct'), { min: 0, max: 100, label: 'The percentage' });
  const minutes = checkNumber($('curtail-minutes'), { min: 1, max: 1440, integer: true, label: 'The duration' });
  checkReason($('curtail-reason'));
  if (firstInvalid(e.target)) return;
  const ok = await confirmAction({
    title: 'Curtail PV',
    message: `Curtail site ${id}'s PV by ${pct} % for ${minutes} minutes (until about ${f.clock(new Date(Date.now() + minutes * 60e3).toISOString())})?`,
    confirmLabel: 'Curtail',
  });
  if (!ok) return;
  try {
    await send('/console/controls/curtail', { site: id, pv_curtail_pct: pct, minutes, reason: $('curtail-reason').value.trim() });
    $('curtail-reason').value = '';
  } catch {
    // the toast says why
  }
});

async function endCurtailment(c) {
  const answer = await confirmAction({
    title: 'End curtailment',
    message: `End the ${c.pv_curtail_pct} % PV curtailment of site ${c.site} now?`,
    confirmLabel: 'End now',
    askReason: true,
  });
  if (!answer) return;
  try {
    await send(`/console/controls/curtail/${encodeURIComponent(c.site)}`, { reason: answer.reason }, 'DELETE');
  } catch {
    // the toast says why
  }
}

// ---------- market ----------
function showMarket() {
  if (!$('market-now')) return; // viewers have no forms
  const paused = !!controls.market_paused;
  $('market-now').textContent = paused ? 'paused' : 'open';
  $('market-now').className = paused ? 'level-amber' : 'level-green';
  $('market-toggle').textContent = paused ? 'Resume market…' : 'Pause market…';
  $('market-toggle').className = paused ? 'primary' : 'danger';
  $('market-toggle').dataset.paused = String(paused);
}

$('market-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  checkReason($('market-reason'));
  if (firstInvalid(e.target)) return;
  const pause = !controls.market_paused;
  const ok = await confirmAction({
    title: pause ? 'Pause the market' : 'Resume the market',
    message: pause
      ? 'Pause the market? New orders are refused, agents stop quoting and gates do not clear until it is resumed.'
      : 'Resume the market? Orders are accepted again and the next gate clears as usual.',
    confirmLabel: pause ? 'Pause market' : 'Resume market',
    danger: pause,
  });
  if (!ok) return;
  try {
    await send('/console/controls/market', { paused: pause, reason: $('market-reason').value.trim() });
    $('market-reason').value = '';
  } catch {
    // the toast says why
  }
});

// ---------- re-dispatch ----------
$('redispatch-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  checkReason($('redispatch-reason'));
  if (firstInvalid(e.target)) return;
  const ok = await confirmAction({ title: 'Re-dispatch now', message: 'Plan the current interval again now and send new setpoints?', confirmLabel: 'Re-dispatch' });
  if (!ok) return;
  try {
    await send('/console/controls/redispatch', { reason: $('redispatch-reason').value.trim() });
    $('redispatch-reason').value = '';
  } catch {
    // the toast says why
  }
});

// ---------- lists ----------
async function loadGrid() {
  try {
    const g = await api('/grid');
    grid = { feeders: g.feeders || [], sites: g.sites || [] };
  } catch {
    grid = { feeders: [], sites: [] };
  }
  const sel = $('feeder-select');
  const keep = sel.value;
  sel.replaceChildren(h('option', { value: '' }, grid.feeders.length ? 'Choose a feeder…' : 'No feeders in the grid model'),
    ...[...grid.feeders].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
      .map((fd) => h('option', { value: fd.id }, `${fd.id} (${kwText.format(fd.limit_kw)} kW)`)));
  if (keep && feederById(keep)) sel.value = keep;
  showFeederCurrent();
  $('site-list').replaceChildren(...grid.sites.map((s) => h('option', { value: s.id }, `${s.id} · ${s.feeder}`)));
}

// ---------- users ----------
async function loadUsers() {
  const box = $('users');
  const rows = await loadInto(box, '/console/users', 'Users', []);
  if (rows === undefined) return;
  box.replaceChildren(table(['User', 'Role', 'Site', 'Since', 'State', ''], rows.map((u) => {
    const self = u.name === user.user;
    const off = u.disabled || self ? null : h('button', { type: 'button', class: 'small', 'aria-label': `Disable ${u.name}` }, 'Disable…');
    if (off) off.addEventListener('click', () => disableUser(u));
    return h('tr', { dataset: { user: u.name } }, h('td', {}, u.name, self ? h('span', { class: 'muted' }, ' (you)') : null), h('td', {}, u.role),
      h('td', {}, u.site || '—'), h('td', { class: 'nowrap' }, f.timeEl(u.created_at)),
      h('td', {}, u.disabled ? badge('disabled', 'warn') : badge('active', 'ok')), h('td', {}, off));
  }), { caption: 'Console users' }));
}

async function disableUser(u) {
  const ok = await confirmAction({
    title: 'Disable user',
    message: `Disable ${u.name} (${u.role})? They can no longer log in, and an open session ends at once.`,
    confirmLabel: 'Disable',
    askReason: true,
    danger: true,
  });
  if (!ok) return;
  await send(`/console/users/${encodeURIComponent(u.name)}/disable`, { reason: ok.reason });
  await loadUsers();
}

$('user-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const name = $('user-name');
  const role = $('user-role').value;
  const site = $('user-site');
  const pw = $('user-password');
  setError(name, /^[A-Za-z0-9._@-]{1,64}$/.test(name.value.trim()) ? '' : "1–64 letters, digits, '.', '_', '@' or '-'.");
  setError(site, role === 'prosumer' && !site.value.trim() ? 'A prosumer needs a site.' : role !== 'prosumer' && site.value.trim() ? 'Only prosumers have a site.' : '');
  setError(pw, pw.value.length < 8 || pw.value.length > 72 ? 'The password needs 8 to 72 characters.' : '');
  checkReason($('user-reason'));
  if (firstInvalid(e.target)) return;
  const ok = await confirmAction({
    title: 'Add user',
    message: `Add ${name.value.trim()} as ${role}${role === 'prosumer' ? ` of site ${site.value.trim()}` : ''}?`,
    confirmLabel: 'Add user',
  });
  if (!ok) return;
  await send('/console/users', { name: name.value.trim(), role, site: role === 'prosumer' ? site.value.trim() : undefined, password: pw.value, reason: $('user-reason').value.trim() });
  e.target.reset();
  await loadUsers();
});

async function loadControls() {
  const box = $('current');
  try {
    controls = (await api('/console/controls')) || controls;
  } catch (e) {
    state(box, 'error', `Current controls cannot be loaded: ${e.message}`);
    return;
  }
  showMarket();
  const cs = controls.curtailments || [];
  box.replaceChildren(
    h('p', {}, 'Market: ', controls.market_paused ? badge('paused', 'warn') : badge('open', 'ok')),
    h('h3', {}, `PV curtailments (${cs.length})`),
    cs.length
      ? table(['Site', { label: 'PV cut', class: 'num' }, 'Until', 'By', 'Reason', ''], cs.map((c) => {
        const end = canAct(user) ? h('button', { type: 'button', class: 'small', 'aria-label': `End curtailment of ${c.site}` }, 'End now') : null;
        if (end) end.addEventListener('click', () => endCurtailment(c));
        return h('tr', { dataset: { site: c.site } }, h('td', {}, c.site), h('td', { class: 'num' }, f.pct(c.pv_curtail_pct)),
          h('td', { class: 'nowrap' }, f.timeEl(c.until)), h('td', {}, c.by || '—'), h('td', {}, c.reason || ''), h('td', {}, end));
      }))
      : h('p', { class: 'muted' }, 'No site is curtailed by an operator.'));
}

function detailText(d) {
  if (!d || typeof d !== 'object') return d == null ? '' : String(d);
  return Object.entries(d).filter(([k]) => k !== 'reason').map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
}

async function loadAudit() {
  const box = $('audit');
  const rows = await loadInto(box, '/console/audit?limit=100', 'The audit log', []);
  if (rows === undefined) return;
  if (!rows.length) {
    state(box, 'empty', 'No control actions yet.');
    return;
  }
  box.replaceChildren(table(['When', 'User', 'Action', 'Subject', 'Reason', 'Detail'], rows.map((a) => h('tr', { dataset: { auditId: String(a.id) } },
    h('td', { class: 'nowrap' }, f.timeEl(a.at, { seconds: true })),
    h('td', {}, a.user, a.role ? h('div', { class: 'muted' }, a.role) : null),
    h('td', {}, a.action),
    h('td', {}, a.subject ?? ''),
    h('td', {}, a.reason ?? ''),
    h('td', { class: 'muted', style: 'font-size:0.85rem' }, detailText(a.detail)))), { caption: 'Audit log, newest first' }));
}

async function start() {
  ({ user } = await initPage('controls'));
  if (!canAct(user)) {
    $('control-forms').remove();
    $('users-card').remove();
    $('viewer-note').hidden = false;
  }
  state($('current'), 'loading', 'Loading…');
  state($('audit'), 'loading', 'Loading…');
  await Promise.all([canAct(user) ? loadGrid() : null, canAct(user) ? loadUsers() : null, loadControls(), loadAudit()]);
  markReady();
}

start().catch((e) => {
  if (e.message !== 'redirected') state($('audit'), 'error', e.message);
});
