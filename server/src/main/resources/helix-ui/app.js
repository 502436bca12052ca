'use strict';
// Helix dashboard: plain JavaScript, no libraries. Every call goes to this server's own APIs with the API key the user
// entered (kept for this tab only); values are put in the page as text, never as HTML.

const state = { key: sessionStorage.getItem('helix-key') || '', overview: null, live: null, ticks: [], seen: 0 };

function headers(extra) {
  const h = Object.assign({}, extra || {});
  if (state.key) h['Authorization'] = 'Bearer ' + state.key;
  return h;
}

class Unauthorized extends Error {}

async function api(path, options) {
  const opts = Object.assign({}, options || {});
  opts.headers = headers(opts.headers);
  const res = await fetch(path, opts);
  if (res.status === 401) {
    needKey(true);
    throw new Unauthorized('the API key is missing or wrong');
  }
  return res;
}

async function json(path, options) {
  const res = await api(path, options);
  const body = await res.json();
  if (!res.ok) throw new Error((body.error && (body.error.message || body.error)) || res.statusText);
  return body;
}

function needKey(show) {
  document.getElementById('key-form').classList.toggle('hidden', !show);
  if (show && state.key) document.getElementById('key-error').textContent = 'that key was refused';
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function row(cells) {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '' : String(c);
    tr.appendChild(td);
  }
  return tr;
}

function bytes(n) {
  if (!n) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return n.toFixed(i ? 1 : 0) + ' ' + units[i];
}

function secs(s) { return s === null || s === undefined ? '' : (s < 1 ? (s * 1000).toFixed(0) + ' ms' : s.toFixed(2) + ' s'); }

// ---- overview ----
async function loadOverview() {
  const o = await json('/helix/overview');
  state.overview = o;
  needKey(false);
  document.getElementById('server-info').textContent = 'Helix ' + o.version + ' · up ' + o.uptime_seconds + ' s · '
      + o.pending_requests + ' pending';
  const models = document.querySelector('#models tbody');
  models.replaceChildren();
  for (const m of o.models) {
    const actions = el('span');
    const load = el('button', m.loaded ? 'Unload' : 'Load');
    load.dataset.action = m.loaded ? 'unload' : 'load';
    load.addEventListener('click', () => loadOrUnload(m.name, !m.loaded, load));
    actions.appendChild(load);
    const details = [m.family, m.parameter_size, m.quantization, m.context_length ? m.context_length + ' ctx' : '']
        .filter(Boolean).join(' · ');
    const tr = row([m.name, bytes(m.size_bytes), details, el('span', m.loaded ? 'loaded' : 'available',
        m.loaded ? 'loaded' : ''), m.expires_at || (m.loaded ? 'in use / never' : ''), m.active_requests, actions]);
    tr.dataset.model = m.name;
    models.appendChild(tr);
  }
  const failures = document.getElementById('failures');
  failures.replaceChildren();
  for (const f of o.failures) failures.appendChild(el('p', f.model + ': ' + f.message + ' (' + f.at + ')', 'error'));
  const providers = document.querySelector('#providers tbody');
  providers.replaceChildren();
  for (const p of o.providers) {
    providers.appendChild(row([p.id, p.kind, p.source, el('span', p.health, p.health === 'UP' ? 'up' : 'down'),
      p.breaker, p.in_flight, p.latency_millis ? p.latency_millis.toFixed(0) + ' ms' : '', p.models.join(', ')]));
  }
  const managed = document.querySelector('#managed tbody');
  managed.replaceChildren();
  for (const m of (await json('/helix/providers')).managed || []) {
    const actions = el('span');
    const running = m.state !== 'STOPPED' && m.state !== 'FAILED';
    for (const action of running ? ['stop', 'restart'] : ['start']) {
      const button = el('button', action[0].toUpperCase() + action.slice(1));
      button.dataset.action = action;
      button.addEventListener('click', () => steer(m.name, action, button));
      actions.appendChild(button);
    }
    const tr = row([m.name, el('span', m.state, m.state === 'RUNNING' ? 'up' : m.state === 'FAILED' ? 'down' : ''),
      m.pid > 0 ? m.pid : '', m.port > 0 ? m.port : '', m.restarts, m.last_error || '', actions]);
    tr.dataset.managed = m.name;
    managed.appendChild(tr);
  }
  const events = await json('/helix/events');
  const list = document.getElementById('events');
  list.replaceChildren();
  for (const e of events.events.slice(0, 30)) list.appendChild(el('li', e.time + '  ' + e.summary));
  fillModelSelect();
}

async function loadOrUnload(model, load, button) {
  button.disabled = true;
  try {
    await json('/api/generate', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(load ? { model: model } : { model: model, keep_alive: 0 }) });
  } catch (e) {
    if (!(e instanceof Unauthorized)) alert(model + ': ' + e.message);
  } finally {
    button.disabled = false;
    refresh();
  }
}

async function steer(name, action, button) {
  button.disabled = true;
  try {
    await json('/helix/providers/' + encodeURIComponent(name) + '/' + action, { method: 'POST' });
  } catch (e) {
    if (!(e instanceof Unauthorized)) alert(name + ': ' + e.message);
  } finally {
    button.disabled = false;
    refresh();
  }
}

// ---- requests ----
async function loadRequests() {
  const r = await json('/helix/requests');
  const body = document.querySelector('#requests tbody');
  body.replaceChildren();
  for (const q of r.requests) {
    body.appendChild(row([q.time, q.request_id, q.api, q.endpoint, q.model, q.backend,
      el('span', q.status, q.status >= 400 ? 'error' : ''), q.tokens_in + ' / ' + q.tokens_out, secs(q.ttft_seconds),
      secs(q.duration_seconds)]));
  }
  const errors = document.querySelector('#errors tbody');
  errors.replaceChildren();
  for (const q of r.errors) errors.appendChild(row([q.time, q.request_id, q.endpoint, q.model, q.status, q.error]));
}

// ---- live chart: server-sent events read through fetch, so the API key can go in a header ----
async function startLive() {
  if (state.live) return;
  const controller = new AbortController();
  state.live = controller;
  const status = document.getElementById('live-status');
  try {
    const res = await api('/helix/live', { signal: controller.signal });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    status.textContent = 'live';
    await readEvents(res, data => onTick(JSON.parse(data)));
    status.textContent = 'ended';
  } catch (e) {
    status.textContent = e instanceof Unauthorized ? 'needs the API key' : 'disconnected: ' + e.message;
  } finally {
    state.live = null;
  }
}

/** Reads a server-sent event stream to its end, handing each event's data (its data lines joined) to onData. */
async function readEvents(res, onData) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n');
      if (data) onData(data);
    }
  }
}

function onTick(t) {
  state.ticks.push(t);
  if (state.ticks.length > 120) state.ticks.shift();
  state.seen += t.requests;
  document.getElementById('live-ticks').textContent = String(state.ticks.length);
  document.getElementById('live-requests').textContent = String(state.seen);
  document.getElementById('live-tps').textContent = t.tokens_per_second.toFixed(1);
  drawChart();
}

function drawChart() {
  const canvas = document.getElementById('chart');
  const g = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height, pad = 30;
  g.clearRect(0, 0, w, h);
  g.strokeStyle = '#e3e6ec';
  for (let i = 0; i <= 4; i++) { const y = pad + (h - 2 * pad) * i / 4; g.beginPath(); g.moveTo(pad, y); g.lineTo(w - pad, y); g.stroke(); }
  const series = [['tokens_per_second', '#2a6fdb'], ['avg_latency_seconds', '#d9822b'], ['avg_ttft_seconds', '#7b3fbf']];
  const n = state.ticks.length;
  for (const [field, color] of series) {
    const values = state.ticks.map(t => t[field] || 0);
    const max = Math.max(1e-9, ...values);
    g.strokeStyle = color;
    g.lineWidth = 2;
    g.beginPath();
    values.forEach((v, i) => {
      const x = pad + (w - 2 * pad) * (n <= 1 ? 1 : i / (n - 1));
      const y = h - pad - (h - 2 * pad) * v / max;
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
    });
    g.stroke();
    g.fillStyle = color;
    g.fillText(field + ' max ' + max.toFixed(2), pad + 5, pad - 10 + 12 * series.findIndex(s => s[0] === field));
  }
}

// ---- playground ----
function fillModelSelect() {
  const select = document.getElementById('pg-model');
  const current = select.value;
  const names = state.overview ? state.overview.models.map(m => m.name) : [];
  if (select.options.length === names.length && names.every((n, i) => select.options[i].value === n)) return;
  select.replaceChildren();
  for (const n of names) { const o = el('option', n); o.value = n; select.appendChild(o); }
  if (names.includes(current)) select.value = current;
  showModelInfo();
}

function showModelInfo() {
  const name = document.getElementById('pg-model').value;
  const m = state.overview && state.overview.models.find(x => x.name === name);
  document.getElementById('pg-model-info').textContent = m ? [m.family, m.parameter_size, m.quantization,
    m.context_length ? 'context ' + m.context_length : '', m.capabilities.join(', '), m.loaded ? 'loaded' : 'not loaded']
      .filter(Boolean).join(' · ') : '';
}

async function sendChat(ev) {
  ev.preventDefault();
  const out = document.getElementById('pg-output');
  const stats = document.getElementById('pg-stats');
  const chunks = document.getElementById('pg-chunks');
  const stateEl = document.getElementById('pg-state');
  const messages = [];
  const system = document.getElementById('pg-system').value.trim();
  if (system) messages.push({ role: 'system', content: system });
  messages.push({ role: 'user', content: document.getElementById('pg-prompt').value });
  const body = { model: document.getElementById('pg-model').value, messages: messages, stream: true,
    stream_options: { include_usage: true },
    temperature: Number(document.getElementById('pg-temperature').value),
    top_p: Number(document.getElementById('pg-top-p').value),
    max_tokens: Number(document.getElementById('pg-max-tokens').value) };
  const seed = document.getElementById('pg-seed').value;
  if (seed !== '') body.seed = Number(seed);
  out.textContent = '';
  chunks.textContent = '0';
  stats.textContent = '';
  stateEl.textContent = 'streaming';
  const controller = new AbortController();
  const stop = document.getElementById('pg-stop');
  stop.disabled = false;
  stop.onclick = () => controller.abort();
  const started = performance.now();
  let first = null, count = 0;
  try {
    const res = await api('/v1/chat/completions', { method: 'POST', signal: controller.signal,
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) {
      const err = await res.json();
      throw new Error(err.error ? err.error.message : res.statusText);
    }
    await readEvents(res, data => {
      if (data === '[DONE]') return;
      const chunk = JSON.parse(data);
      if (chunk.error) throw new Error(chunk.error.message);
      const delta = chunk.choices && chunk.choices[0] && chunk.choices[0].delta;
      const text = delta && (delta.content || delta.reasoning_content);
      if (text) {
        if (first === null) first = performance.now();
        out.textContent += text;
        chunks.textContent = String(++count);
      }
      if (chunk.usage) {
        const gen = (performance.now() - (first || started)) / 1000;
        stats.textContent = 'time to first token ' + ((first || started) - started).toFixed(0) + ' ms · '
            + chunk.usage.completion_tokens + ' tokens · '
            + (gen > 0 ? (chunk.usage.completion_tokens / gen).toFixed(1) : '–') + ' tokens/s';
      }
    });
    stateEl.textContent = 'done';
  } catch (e) {
    stateEl.textContent = e.name === 'AbortError' ? 'stopped' : 'failed: ' + e.message;
  } finally {
    stop.disabled = true;
  }
}

// ---- tabs and refresh ----
function currentTab() { return (location.hash || '#overview').slice(1); }

function showTab() {
  const tab = currentTab();
  for (const s of document.querySelectorAll('.tab')) s.classList.toggle('active', s.id === 'tab-' + tab);
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.tab === tab);
  refresh();
  if (tab === 'live') startLive();
}

async function refresh() {
  try {
    await loadOverview();
    if (currentTab() === 'requests') await loadRequests();
  } catch (e) {
    if (!(e instanceof Unauthorized)) document.getElementById('server-info').textContent = 'error: ' + e.message;
  }
}

document.getElementById('key-login').addEventListener('submit', ev => {
  ev.preventDefault();
  state.key = document.getElementById('api-key').value.trim();
  sessionStorage.setItem('helix-key', state.key);
  document.getElementById('key-error').textContent = '';
  showTab();
});
document.getElementById('pg-form').addEventListener('submit', sendChat);
document.getElementById('pg-model').addEventListener('change', showModelInfo);
window.addEventListener('hashchange', showTab);
setInterval(refresh, 2000);
showTab();
