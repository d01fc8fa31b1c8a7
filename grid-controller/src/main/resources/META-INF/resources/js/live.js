// The live feed (Server-Sent Events, event `snapshot`) and the header's lag indicator
// ("live · 0.4 s" = how old the newest telemetry on screen is).

import { setAlarmCount } from './nav.js';

const one = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/**
 * Opens `url` and calls `onSnapshot(doc)` for every `snapshot` event. Returns the EventSource.
 * EventSource reconnects by itself; the indicator shows "reconnecting…" meanwhile.
 */
export function connectLive(url, onSnapshot = () => {}) {
  const indicator = document.getElementById('live');
  const lagText = document.getElementById('live-lag');
  let lastMessage = 0;
  let lastLag = null;
  const show = (stateName, text) => {
    if (indicator) indicator.dataset.state = stateName;
    if (lagText) lagText.textContent = text;
  };
  const es = new EventSource(url, { withCredentials: true });
  es.addEventListener('open', () => {
    if (!lastMessage) show('connecting', 'connected…');
  });
  es.addEventListener('snapshot', (ev) => {
    let doc;
    try {
      doc = JSON.parse(ev.data);
    } catch {
      return;
    }
    lastMessage = Date.now();
    lastLag = lagOf(doc, lastMessage);
    render();
    if (typeof doc.open_alarms === 'number') setAlarmCount(doc.open_alarms);
    onSnapshot(doc);
  });
  es.addEventListener('error', () => {
    if (es.readyState === EventSource.CLOSED) show('down', 'offline');
    else show('down', 'reconnecting…');
  });
  function render() {
    if (!lastMessage) return;
    const quiet = (Date.now() - lastMessage) / 1000;
    if (lastLag === null) {
      show('live', 'live');
    } else if (quiet > 10) {
      show('slow', `quiet · ${Math.round(quiet)} s`);
    } else {
      show(lastLag > 5 ? 'slow' : 'live', `live · ${one.format(Math.max(0, lastLag))} s`);
    }
  }
  setInterval(render, 1000);
  window.addEventListener('pagehide', () => es.close());
  return es;
}

/** Seconds between the newest reading in the snapshot (or its `at`) and now. */
function lagOf(doc, now) {
  let newest = 0;
  for (const s of doc.sites || []) {
    if (!s.ts || s.stale) continue;
    const t = Date.parse(s.ts);
    if (t > newest) newest = t;
  }
  if (!newest && doc.at) newest = Date.parse(doc.at);
  return newest ? (now - newest) / 1000 : null;
}
