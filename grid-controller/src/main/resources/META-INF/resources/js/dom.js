// A tiny element builder and the page's shared empty/loading/error states.

/** h('td', {class: 'num'}, '12') — attributes; `dataset`, `on*` listeners; children (strings, nodes, arrays). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** Replaces the contents of `el` with an explicit state: 'loading', 'empty' or 'error'. */
export function state(el, kind, text) {
  const box = h('div', { class: `state ${kind}`, role: kind === 'error' ? 'alert' : null }, text);
  el.replaceChildren(box);
  return box;
}

/** A table (thead from `cols`, rows from `rows` of arrays of cells / nodes). */
export function table(cols, rows, { caption } = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, cols.map((c) => (typeof c === 'string' ? h('th', { scope: 'col' }, c) : h('th', { scope: 'col', class: c.class }, c.label))))),
      h('tbody', {}, rows)));
}

export function badge(text, kind = '') {
  return h('span', { class: `badge ${kind}` }, text);
}
