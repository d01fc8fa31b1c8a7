// Alarms (GET /alarms?limit=200[&open=true]) with acknowledgement: a dialog asks for a required
// comment, POST /alarms/{id}/ack, and the row then shows who, when and the comment.

import { api, markReady, showNotice } from '../api.js';
import { initPage, canAct, setAlarmCount } from '../nav.js';
import { h, state, table, badge } from '../dom.js';
import * as f from '../format.js';

const list = document.getElementById('alarms');
const openOnly = document.getElementById('open-only');
const summary = document.getElementById('alarm-summary');
const dialog = document.getElementById('ack-dialog');
const form = document.getElementById('ack-form');
const comment = document.getElementById('ack-comment');
const err = document.getElementById('ack-err');
const what = document.getElementById('ack-what');
const confirmBtn = document.getElementById('ack-confirm');
let user = null;
let alarms = [];
let current = null; // the alarm being acknowledged
let lastFocus = null;

const KIND = {
  feeder_overload: ['Feeder overload', 'bad'],
  meter_offline: ['Meter offline', 'warn'],
  telemetry_rejections: ['Rejected telemetry', 'warn'],
  forecast_stale: ['Stale forecast', 'warn'],
  not_following: ['Not following setpoints', 'warn'],
  settlement_failed: ['Settlement failed', 'bad'],
  dispatch_failed: ['Dispatch failed', 'bad'],
  dispatch_fallback: ['Dispatch fallback', 'warn'],
  limit_cannot_be_kept: ['Limit cannot be kept', 'bad'],
};

function kindBadge(kind) {
  const [label, level] = KIND[kind] || [kind, 'info'];
  return badge(label, level);
}

function detailText(d) {
  if (d == null) return '—';
  return typeof d === 'object' ? JSON.stringify(d) : String(d);
}

function ackCell(a) {
  if (a.acknowledged_at) {
    return h('td', { class: 'ack-info' },
      h('div', {}, badge('acknowledged', 'ok'), ' by ', h('b', {}, a.acknowledged_by || '—')),
      h('div', { class: 'muted' }, f.timeEl(a.acknowledged_at)),
      a.ack_comment ? h('div', { class: 'ack-comment' }, `“${a.ack_comment}”`) : null);
  }
  if (!canAct(user)) return h('td', {}, badge('open', 'bad'));
  const b = h('button', { type: 'button', class: 'ack small', 'aria-label': `Acknowledge alarm ${a.id}: ${a.kind} ${a.subject}` }, 'Acknowledge');
  b.addEventListener('click', () => openAck(a, b));
  return h('td', {}, b);
}

function row(a) {
  return h('tr', { dataset: { alarmId: String(a.id), acknowledged: String(!!a.acknowledged_at) } },
    h('td', {}, kindBadge(a.kind)),
    h('td', {}, h('b', {}, a.subject || '—')),
    h('td', { style: 'max-width:420px' }, detailText(a.detail)),
    h('td', { class: 'nowrap' }, f.timeEl(a.raised_at)),
    ackCell(a));
}

function render() {
  const shown = openOnly.checked ? alarms.filter((a) => !a.acknowledged_at) : alarms;
  const open = alarms.filter((a) => !a.acknowledged_at).length;
  summary.textContent = `${open} open · ${alarms.length} shown`;
  if (!openOnly.checked) setAlarmCount(open);
  if (!shown.length) {
    state(list, 'empty', openOnly.checked ? 'No open alarms. All clear.' : 'No alarms yet.');
    return;
  }
  list.replaceChildren(table(['Kind', 'Subject', 'Detail', 'Raised', 'Acknowledgement'], shown.map(row), { caption: 'Alarms, newest first' }));
}

async function load() {
  try {
    alarms = (await api(`/alarms?limit=200${openOnly.checked ? '&open=true' : ''}`)) || [];
  } catch (e) {
    state(list, 'error', `Alarms cannot be loaded: ${e.message}`);
    return;
  }
  render();
}

function openAck(a, button) {
  current = a;
  lastFocus = button;
  what.textContent = `${(KIND[a.kind] || [a.kind])[0]} · ${a.subject} · raised ${f.time(a.raised_at)}`;
  comment.value = '';
  comment.removeAttribute('aria-invalid');
  err.textContent = '';
  confirmBtn.disabled = false;
  dialog.returnValue = '';
  dialog.showModal();
  comment.focus();
}

document.getElementById('ack-cancel').addEventListener('click', () => dialog.close('cancel'));
dialog.addEventListener('close', () => {
  if (lastFocus && document.contains(lastFocus)) lastFocus.focus();
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = comment.value.trim();
  if (!text || text.length > 500) {
    comment.setAttribute('aria-invalid', 'true');
    err.textContent = text ? 'At most 500 characters.' : 'A comment is required.';
    comment.focus();
    return;
  }
  confirmBtn.disabled = true;
  try {
    const updated = await api(`/alarms/${encodeURIComponent(current.id)}/ack`, { method: 'POST', body: { comment: text } });
    const i = alarms.findIndex((x) => x.id === current.id);
    if (i >= 0) {
      alarms[i] = updated && updated.id !== undefined ? updated : {
        ...alarms[i], acknowledged_at: new Date().toISOString(), acknowledged_by: user.user, ack_comment: text,
      };
    }
    dialog.close('ack');
    lastFocus = null;
    render();
    const tr = list.querySelector(`tr[data-alarm-id="${CSS.escape(String(current.id))}"]`);
    if (tr) { tr.tabIndex = -1; tr.focus(); }
    showNotice(`Alarm ${current.id} acknowledged.`);
  } catch (ex) {
    err.textContent = ex.message;
    confirmBtn.disabled = false;
    if (ex.status === 409) load();
  }
});

openOnly.addEventListener('change', load);
document.getElementById('refresh').addEventListener('click', load);

async function start() {
  ({ user } = await initPage('alarms'));
  state(list, 'loading', 'Loading alarms…');
  await load();
  markReady();
}

start().catch((e) => {
  if (e.message !== 'redirected') state(list, 'error', e.message);
});
