// Number, money and time formats shared by every page (en-GB so screenshots read the same anywhere).

const LOCALE = 'en-GB';
const one = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const zero = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const moneyFormats = new Map();

export const isNum = (v) => typeof v === 'number' && Number.isFinite(v);

/** Watts as kW with one decimal: 1234 → "1.2 kW". */
export function kw(w) {
  return isNum(w) ? `${one.format(w / 1000)} kW` : '—';
}

/** Watts as kW, signed: import positive. */
export function kwSigned(w) {
  if (!isNum(w)) return '—';
  const v = w / 1000;
  return `${v > 0.05 ? '+' : ''}${one.format(v)} kW`;
}

/** Wh as kWh with one decimal. */
export function kwh(wh) {
  return isNum(wh) ? `${one.format(wh / 1000)} kWh` : '—';
}

export function wh(v) {
  return isNum(v) ? `${zero.format(v)} Wh` : '—';
}

export function pct(p) {
  return isNum(p) ? `${one.format(p)} %` : '—';
}

export function int(v) {
  return isNum(v) ? zero.format(v) : '—';
}

function moneyFormat(currency, digits) {
  const key = `${currency}/${digits}`;
  if (!moneyFormats.has(key)) {
    let f;
    try {
      f = new Intl.NumberFormat(LOCALE, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    } catch {
      f = { format: (v) => `${v.toFixed(digits)} ${currency}` };
    }
    moneyFormats.set(key, f);
  }
  return moneyFormats.get(key);
}

/** Millionths of the currency: 1234500 → "€1.23". */
export function money(micros, currency = 'EUR') {
  return isNum(micros) ? moneyFormat(currency, 2).format(micros / 1e6) : '—';
}

/** A price per kWh (in whole currency units): 0.1234 → "€0.1234/kWh". */
export function perKwh(price, currency = 'EUR') {
  return isNum(price) ? `${moneyFormat(currency, 4).format(price)}/kWh` : '—';
}

/** A plain amount of currency (units): 12.5 → "€12.50". */
export function amount(v, currency = 'EUR') {
  return isNum(v) ? moneyFormat(currency, 2).format(v) : '—';
}

const pad = (n) => String(n).padStart(2, '0');

/** An ISO instant as local "2026-11-26 10:15" (seconds when asked). */
export function time(iso, { seconds = false } = {}) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const s = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return seconds ? `${s}:${pad(d.getSeconds())}` : s;
}

/** Short "10:15" (with the day when not today). */
export function clock(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const today = new Date();
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.toDateString() === today.toDateString() ? hm : `${pad(d.getDate())}.${pad(d.getMonth() + 1)}. ${hm}`;
}

/** A <time> element with the ISO instant in `datetime` and a readable text. */
export function timeEl(iso, opts) {
  const t = document.createElement('time');
  if (iso) t.dateTime = iso;
  t.textContent = time(iso, opts);
  if (iso) t.title = iso;
  return t;
}

/** Shortens a hash for tables: 0x1234…abcd. */
export function shortHash(h) {
  if (!h) return '—';
  return h.length > 14 ? `${h.slice(0, 8)}…${h.slice(-6)}` : h;
}

/** The loading level of a feeder or transformer: green < 70 ≤ amber ≤ 100 < red. */
export function level(p) {
  if (!isNum(p)) return 'green';
  if (p > 100) return 'red';
  if (p >= 70) return 'amber';
  return 'green';
}

/** `datetime-local` input value (local time) ↔ ISO instant. */
export function toLocalInput(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
