// The console's one way to talk to the grid-controller: same-origin session cookie, the CSRF token
// on every write, a visible error for every failed call, and back to the login page on 401.

import { state } from './dom.js';

const WRITE = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);
let mePromise = null;
let configPromise = null;

/** An API call that failed: `status` is the HTTP status, `message` the server's `error` text. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/**
 * Calls the API. `body` (an object) is sent as JSON. Options: `quiet` (no toast), `noRedirect`
 * (401 is thrown, not redirected), `raw` (the Response instead of parsed JSON).
 */
export async function api(path, { method = 'GET', body, quiet = false, noRedirect = false, raw = false, retried = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (WRITE.has(method)) headers['X-CSRF-Token'] = (await me()).csrf;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    const err = new ApiError(0, `The grid-controller cannot be reached (${e.message}).`);
    if (!quiet) showError(err.message);
    throw err;
  }
  if (res.status === 401 && !noRedirect) {
    goToLogin();
    throw new ApiError(401, 'not logged in');
  }
  if (!res.ok) {
    const parsed = await readBody(res);
    const text = errorText(res, parsed);
    if (res.status === 403 && WRITE.has(method) && !retried && /csrf/i.test(text)) {
      // the session was renewed elsewhere: fetch a fresh token once and try again
      mePromise = null;
      return api(path, { method, body, quiet, noRedirect, raw, retried: true });
    }
    const err = new ApiError(res.status, text, parsed);
    if (!quiet) showError(text);
    throw err;
  }
  if (raw) return res;
  return readBody(res);
}

async function readBody(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorText(res, parsed) {
  if (parsed && typeof parsed === 'object') {
    const msg = parsed.error || parsed.message || parsed.reason;
    const field = parsed.field ? `${parsed.field}: ` : '';
    if (msg) return field && !String(msg).startsWith(parsed.field) ? field + msg : String(msg);
  }
  if (typeof parsed === 'string' && parsed.length < 300 && !parsed.trimStart().startsWith('<')) {
    return `${res.status} ${parsed}`;
  }
  if (res.status === 403) return 'You are not allowed to do this (403).';
  if (res.status === 404) return 'Not found (404).';
  return `The request failed: ${res.status} ${res.statusText}`;
}

/** The logged-in user (`{user, role, site, meters, csrf}`), fetched once per page. */
export function me() {
  if (!mePromise) {
    mePromise = api('/auth/me').catch((e) => {
      mePromise = null;
      throw e;
    });
  }
  return mePromise;
}

/** `GET /console/config`: chain RPC, contract, interval length, currency. */
export function config() {
  if (!configPromise) {
    configPromise = api('/console/config', { quiet: true }).catch(() => ({
      chain_rpc_url: null, contract: null, chain_id: null, interval_seconds: 900, currency: 'EUR',
    }));
  }
  return configPromise;
}

export function goToLogin() {
  if (location.pathname !== '/' && location.pathname !== '/index.html') location.assign('/');
}

export async function logout() {
  try {
    await api('/auth/logout', { method: 'POST', quiet: true, noRedirect: true });
  } catch {
    // the session is gone either way
  }
  mePromise = null;
  location.assign('/');
}

// ---------- toasts ----------
let errorTimer = 0;
let noticeTimer = 0;

function region(id, role) {
  let el = document.getElementById(id);
  if (!el) {
    let box = document.querySelector('.toasts');
    if (!box) {
      box = document.createElement('div');
      box.className = 'toasts';
      document.body.append(box);
    }
    el = document.createElement('div');
    el.id = id;
    el.setAttribute('role', role);
    box.append(el);
  }
  return el;
}

function fill(el, message) {
  el.textContent = '';
  const span = document.createElement('span');
  span.className = 'toast-text';
  span.textContent = message;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'toast-close';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', () => { el.textContent = ''; });
  el.append(span, close);
}

/** Shows an error in `#toast` (role=alert) until dismissed or 12 s pass. */
export function showError(message) {
  const el = region('toast', 'alert');
  fill(el, message);
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => { el.textContent = ''; }, 12000);
}

/** Shows a confirmation in `#notice` (role=status) for 6 s. */
export function showNotice(message) {
  const el = region('notice', 'status');
  fill(el, message);
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { el.textContent = ''; }, 6000);
}

/** Marks the page ready for people and for the browser tests. */
export function markReady() {
  if (document.body.dataset.ready === 'true') return;
  document.body.dataset.ready = 'true';
  try {
    performance.mark('gw-ready');
  } catch {
    // marks are best effort
  }
}

/**
 * GETs `path` for the element `el`; on failure shows "`what` cannot be loaded: …" in `el` and
 * returns undefined. An empty answer gives `fallback`.
 */
export async function loadInto(el, path, what, fallback = null) {
  try {
    return (await api(path)) || fallback;
  } catch (e) {
    state(el, 'error', `${what} cannot be loaded: ${e.message}`);
    return undefined;
  }
}
