// The header of every signed-in page: brand, navigation (collapsing on narrow screens), the live
// indicator, "name (role)" and the logout button. Also sends each role to the pages it may use.

import { me, logout, config } from './api.js';
import { h } from './dom.js';
import { connectLive } from './live.js';

const CONSOLE = [
  ['overview', 'Overview'],
  ['charts', 'Charts'],
  ['dispatch', 'Dispatch'],
  ['market', 'Market'],
  ['settlement', 'Settlement'],
  ['alarms', 'Alarms'],
  ['controls', 'Controls'],
];

const LOGO = '<svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M4 6h16M4 12h16M4 18h16M8 3v18M16 3v18"/><circle cx="8" cy="12" r="2.2" fill="#ffb000" stroke="none"/><circle cx="16" cy="6" r="2.2" fill="#3ddc84" stroke="none"/></svg>';

/**
 * Builds the header for a console page (`area` 'console') or the prosumer page ('me'), checks the
 * role and returns `{user, config}`. Redirects when the role belongs elsewhere.
 */
export async function initPage(page, area = 'console', { live = true } = {}) {
  const user = await me();
  if (area === 'console' && user.role === 'prosumer') {
    location.replace('/me/index.html');
    throw new Error('redirected');
  }
  if (area === 'me' && user.role !== 'prosumer') {
    location.replace('/console/overview.html');
    throw new Error('redirected');
  }
  document.body.dataset.role = user.role;
  buildHeader(page, area, user);
  if (live) connectLive(area === 'me' ? '/me/live' : '/console/live');
  const cfg = await config();
  return { user, config: cfg };
}

function buildHeader(page, area, user) {
  const top = document.getElementById('top') || document.body.insertBefore(h('header', { id: 'top' }), document.body.firstChild);
  top.className = 'top';
  const brand = h('a', { class: 'brand', href: area === 'me' ? '/me/index.html' : '/console/overview.html' });
  brand.innerHTML = LOGO;
  brand.append(h('span', {}, area === 'me' ? 'GridWeave · My energy' : 'GridWeave'));
  const toggle = h('button', { type: 'button', class: 'nav-toggle', 'aria-expanded': 'false', 'aria-controls': 'nav' }, '☰ Menu');
  const nav = h('nav', { id: 'nav', class: 'nav', 'aria-label': 'Main' });
  if (area === 'console') {
    for (const [id, label] of CONSOLE) {
      const a = h('a', { href: `/console/${id}.html`, dataset: { nav: id } }, label);
      if (id === page) a.setAttribute('aria-current', 'page');
      if (id === 'alarms') a.append(h('span', { class: 'badge', id: 'alarm-count', hidden: true }));
      nav.append(a);
    }
  }
  toggle.addEventListener('click', () => {
    const open = top.dataset.open !== 'true';
    top.dataset.open = String(open);
    toggle.setAttribute('aria-expanded', String(open));
  });
  const right = h('div', { class: 'top-right' },
    area === 'console' ? h('span', { class: 'live', id: 'live', 'data-state': 'connecting', title: 'Age of the newest telemetry on screen' },
      h('span', { id: 'live-lag' }, 'connecting…')) : h('span', { class: 'live', id: 'live', 'data-state': 'connecting' }, h('span', { id: 'live-lag' }, 'connecting…')),
    h('span', { id: 'user' }, `${user.user} (${user.role})`),
    h('button', { type: 'button', id: 'logout', class: 'btn small', onclick: logout }, 'Log out'));
  top.replaceChildren(brand, toggle, nav, right);
  if (!document.querySelector('.skip')) {
    document.body.insertBefore(h('a', { href: '#main', class: 'visually-hidden skip' }, 'Skip to content'), document.body.firstChild);
  }
}

/** Updates the open-alarms badge in the navigation. */
export function setAlarmCount(n) {
  const b = document.getElementById('alarm-count');
  if (!b) return;
  b.hidden = !(n > 0);
  b.textContent = n > 0 ? String(n) : '';
  b.setAttribute('aria-label', `${n} open alarms`);
}

/** True when the user may act (operators); viewers see the same pages read-only. */
export const canAct = (user) => user.role === 'operator';
