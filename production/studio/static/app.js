// The studio page: plain JS, no build step, nothing loaded from the network.
// It talks to the JSON API under /api/ (the same one scripts use).
'use strict';

const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...kids) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids) if (kid !== null && kid !== undefined) node.append(kid);
  return node;
};

const CLIENT = Math.random().toString(36).slice(2, 12) + Date.now().toString(36);
const state = {
  scene: null,        // the scene's description (GET /api/scenes/NAME)
  controls: [],       // [{spec, read(), write(value), field}]
  generation: 0,      // bumped on every change; answers to older ones are dropped
  lastDuration: null, // seconds, from the latest preview: the render's progress bar
  valid: false,
  lesson: loadLesson(),
};

async function api(path, body) {
  const opts = body === undefined ? {} : {
    method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body),
  };
  let res;
  try {
    res = await fetch(path, opts);
  } catch (e) {
    return {ok: false, status: 0, data: {error: 'the studio is not answering (was it stopped?)'}};
  }
  let data = {};
  try { data = await res.json(); } catch (e) { data = {error: `${res.status} ${res.statusText}`}; }
  return {ok: res.ok, status: res.status, data};
}

// --- the catalog ---------------------------------------------------------------------

async function loadCatalog() {
  const r = await api('/api/scenes');
  if (!r.ok) { showFormError(r.data.error); return; }
  const list = $('#scene-list');
  list.textContent = '';
  let family = null;
  for (const s of r.data.scenes) {
    if (s.family !== family) {
      family = s.family;
      list.append(el('div', {class: 'family', text: family}));
    }
    list.append(el('button', {
      type: 'button', class: 'scene-btn', 'data-scene': s.name, title: s.concept,
      'data-search': `${s.name} ${s.title} ${s.concept} ${s.family}`.toLowerCase(),
      onclick: () => { location.hash = s.name; },
    }, el('span', {class: 't', text: s.title}), el('span', {class: 'c', text: s.concept})));
  }
  $('#scene-search').addEventListener('input', (ev) => {
    const q = ev.target.value.trim().toLowerCase();
    for (const b of list.querySelectorAll('.scene-btn')) b.hidden = q && !b.dataset.search.includes(q);
    for (const f of list.querySelectorAll('.family')) {
      let n = f.nextElementSibling, any = false;
      while (n && !n.classList.contains('family')) { any = any || !n.hidden; n = n.nextElementSibling; }
      f.hidden = !any;
    }
  });
  const first = r.data.scenes.find((s) => s.name === 'matrix-transform') || r.data.scenes[0];
  const wanted = decodeURIComponent(location.hash.slice(1));
  await selectScene(r.data.scenes.some((s) => s.name === wanted) ? wanted : first.name);
}

window.addEventListener('hashchange', () => {
  const name = decodeURIComponent(location.hash.slice(1));
  if (name && (!state.scene || state.scene.name !== name)) selectScene(name);
});

async function selectScene(name, values = null) {
  const r = await api(`/api/scenes/${encodeURIComponent(name)}`);
  if (!r.ok) { showFormError(r.data.error); return; }
  state.scene = r.data;
  if (location.hash.slice(1) !== name) history.replaceState(null, '', `#${name}`);
  for (const b of document.querySelectorAll('.scene-btn')) b.setAttribute('aria-current', b.dataset.scene === name);
  $('#scene-title').textContent = r.data.title;
  $('#scene-concept').textContent = r.data.concept;
  document.title = `${r.data.title} · intuition studio`;
  buildForm(r.data.controls, values || {});
  $('#storyboard').replaceChildren(el('p', {class: 'placeholder', text: 'Drawing the storyboard…'}));
  $('#result').hidden = true;
  $('#render-error').hidden = true;
  changed(true);
}

// --- the form --------------------------------------------------------------------------

const isNumberText = (t) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t.trim());
// a number box's text: a number when it reads as one, else the text itself, so the
// server's message is the CLI's for the same typing (--set x0=abc)
const numberish = (t) => (isNumberText(t) ? Number(t) : t.trim());
const show = (v) => (typeof v === 'number' ? String(+v.toPrecision(12)) : (v ?? '') + '');
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function buildForm(specs, values) {
  const form = $('#params');
  form.textContent = '';
  state.controls = [];
  for (const spec of specs) {
    const c = makeControl(spec);
    const field = el('div', {class: 'field', 'data-param': spec.name, 'data-control': spec.control},
      el('div', {class: 'field-head'},
        el('label', {class: 'field-name', for: `p-${spec.name}`, text: spec.name}),
        el('span', {class: 'field-allowed', text: allowedText(spec)})),
      spec.help ? el('div', {class: 'field-help', text: spec.help}) : null,
      c.node,
      el('div', {class: 'error', role: 'status', hidden: true}));
    c.field = field;
    c.spec = spec;
    form.append(field);
    state.controls.push(c);
    c.write(spec.name in values ? values[spec.name] : spec.default);
  }
}

function allowedText(spec) {
  if (spec.allowed) return spec.allowed;
  if (spec.control === 'formula') return `formula in ${spec.variables.join(', ')}`;
  if (spec.control === 'color') return 'manim name or #hex';
  return '';
}

function onInput(node) {
  node.addEventListener('input', () => changed());
  node.addEventListener('change', () => changed());
  return node;
}

function makeControl(spec) {
  const id = `p-${spec.name}`;
  switch (spec.control) {
    case 'matrix': {
      const cells = [];
      const grid = el('div', {class: 'matrix', style: null});
      grid.style.gridTemplateColumns = `repeat(${spec.cols}, auto)`;
      for (let r = 0; r < spec.rows; r++) {
        for (let k = 0; k < spec.cols; k++) {
          const cell = onInput(el('input', {type: 'text', inputmode: 'decimal', id: r + k === 0 ? id : null,
            'data-row': r, 'data-col': k, 'aria-label': `${spec.name} row ${r + 1} column ${k + 1}`}));
          cells.push(cell);
          grid.append(cell);
        }
      }
      return {
        node: el('div', {class: 'row'}, grid),
        read: () => Array.from({length: spec.rows}, (_, r) =>
          Array.from({length: spec.cols}, (_, k) => numberish(cells[r * spec.cols + k].value))),
        write: (v) => cells.forEach((cell, i) => {
          const row = Array.isArray(v) ? v[Math.floor(i / spec.cols)] : null;
          cell.value = Array.isArray(row) ? show(row[i % spec.cols]) : '';
        }),
      };
    }
    case 'vector': {
      const boxes = Array.from({length: spec.length}, (_, i) => onInput(el('input', {
        type: 'text', inputmode: 'decimal', id: i === 0 ? id : null, 'data-index': i,
        'aria-label': `${spec.name} entry ${i + 1}`})));
      return {
        node: el('div', {class: 'row'}, el('div', {class: 'vector'}, ...boxes)),
        read: () => boxes.map((b) => numberish(b.value)),
        write: (v) => boxes.forEach((b, i) => { b.value = Array.isArray(v) ? show(v[i]) : ''; }),
      };
    }
    case 'color': {
      const picker = el('input', {type: 'color', 'aria-label': `${spec.name} colour picker`});
      const text = onInput(el('input', {type: 'text', id, class: 'color-name', spellcheck: 'false'}));
      const sync = () => {
        const t = text.value.trim();
        if (/^#[0-9a-fA-F]{6}$/.test(t)) picker.value = t.toLowerCase();
        else if (/^#[0-9a-fA-F]{3}$/.test(t)) picker.value = '#' + [...t.slice(1)].map((c) => c + c).join('').toLowerCase();
      };
      text.addEventListener('input', sync);
      picker.addEventListener('input', () => { text.value = picker.value; changed(); });
      return {
        node: el('div', {class: 'row'}, picker, text),
        read: () => text.value.trim(),
        write: (v) => { text.value = v ?? ''; sync(); },
      };
    }
    case 'flag': {
      const box = onInput(el('input', {type: 'checkbox', id}));
      return {
        node: el('div', {class: 'row'}, el('label', {class: 'check'}, box, ' on')),
        read: () => box.checked,
        write: (v) => { box.checked = !!v; },
      };
    }
    case 'choice': {
      const select = onInput(el('select', {id}, ...spec.choices.map((c) => el('option', {value: c, text: c}))));
      return {node: el('div', {class: 'row'}, select), read: () => select.value, write: (v) => { select.value = v; }};
    }
    case 'number':
    case 'integer': {
      const box = onInput(el('input', {type: 'text', inputmode: 'decimal', id, class: 'num',
        placeholder: spec.optional ? 'empty' : null}));
      const parts = [];
      let slider = null;
      if (spec.slider) {
        const step = spec.step || 1;
        const lo = spec.min + (spec.min_open ? step : 0);
        const hi = spec.max - (spec.max_open ? step : 0);
        slider = el('input', {type: 'range', class: 'slider', min: lo, max: hi, step, 'aria-label': `${spec.name} slider`});
        slider.addEventListener('input', () => { box.value = show(Number(slider.value)); changed(); });
        box.addEventListener('input', () => { if (isNumberText(box.value)) slider.value = box.value; });
        parts.push(slider);
      }
      parts.push(box);
      return {
        node: el('div', {class: 'row'}, ...parts),
        read: () => (box.value.trim() === '' && spec.optional ? '' : numberish(box.value)),
        write: (v) => { box.value = v === null || v === undefined ? '' : show(v); if (slider && isNumberText(box.value)) slider.value = box.value; },
      };
    }
    case 'formula': {
      const box = onInput(el('input', {type: 'text', id, class: 'formula', spellcheck: 'false'}));
      return {node: el('div', {class: 'row'}, box), read: () => box.value, write: (v) => { box.value = v ?? ''; }};
    }
    case 'value': {
      // lists and the like: typed as TOML/JSON, e.g. [2, 3, 1]
      const box = onInput(el('input', {type: 'text', id, class: 'value', spellcheck: 'false'}));
      return {
        node: el('div', {class: 'row'}, box),
        read: () => { const t = box.value.trim(); try { return JSON.parse(t); } catch (e) { return t; } },
        write: (v) => { box.value = typeof v === 'string' ? v : spaced(v); },
      };
    }
    default: { // text, file
      const box = onInput(el('input', {type: 'text', id, maxlength: 2000,
        placeholder: spec.control === 'file' ? 'path to a file on this machine' : null}));
      return {node: el('div', {class: 'row'}, box), read: () => box.value, write: (v) => { box.value = v ?? ''; }};
    }
  }
}

// [0.1, 0.3, 1.02] as a person writes it (JSON, with spaces after commas)
const spaced = (v) => (Array.isArray(v) ? `[${v.map(spaced).join(', ')}]` : JSON.stringify(v));

// the values that differ from the defaults: what the command and the lesson entry carry
function currentValues() {
  const out = {};
  for (const c of state.controls) {
    const v = c.read();
    if (!same(v, c.spec.default) && !(c.spec.default === null && v === '')) out[c.spec.name] = v;
  }
  return out;
}

function clearErrors() {
  for (const c of state.controls) {
    c.field.classList.remove('invalid');
    const e = $('.error', c.field);
    e.hidden = true;
    e.textContent = '';
  }
  $('#form-error').hidden = true;
}

function showParamError(data) {
  clearErrors();
  const c = state.controls.find((x) => x.spec.name === data.param);
  if (c) {
    c.field.classList.add('invalid');
    const e = $('.error', c.field);
    e.textContent = data.error;
    e.hidden = false;
  } else {
    showFormError(data.error);
  }
}

function showFormError(message) {
  const p = $('#form-error');
  p.textContent = message;
  p.hidden = false;
}

$('#reset').addEventListener('click', () => {
  for (const c of state.controls) c.write(c.spec.default);
  changed(true);
});

// --- every change: numbers at once, then the storyboard --------------------------------

let timer = null;
function changed(now = false) {
  clearTimeout(timer);
  timer = setTimeout(update, now ? 0 : 40);
}

async function update() {
  if (!state.scene) return;
  const generation = ++state.generation;
  const scene = state.scene.name;
  const params = currentValues();
  const r = await api('/api/inspect', {scene, params});
  if (generation !== state.generation) return; // a newer change is on its way
  if (!r.ok) {
    state.valid = false;
    showParamError(r.data);
    $('#numbers').dataset.state = 'stale';
    $('#storyboard').dataset.state = 'stale';
    $('#preview-status').textContent = 'fix the value marked in red to update';
    $('#render-btn').disabled = true;
    $('#add-clip').disabled = true;
    return;
  }
  state.valid = true;
  clearErrors();
  $('#render-btn').disabled = false;
  $('#add-clip').disabled = false;
  showNumbers(r.data);
  refreshTexts(scene, params, generation);
  preview(scene, params, generation);
}

function fmtNumber(v) {
  if (Number.isInteger(v)) return String(v);
  const t = +v.toPrecision(6);
  return Math.abs(t) < 1e-9 ? '0' : String(t);
}

function fmtValue(v, depth = 0) {
  if (typeof v === 'number') return fmtNumber(v);
  if (v === null) return '–';
  if (Array.isArray(v)) {
    const inner = v.map((x) => fmtValue(x, depth + 1));
    const flat = `[${inner.join(', ')}]`;
    return flat.length <= 90 || depth > 0 ? flat : `[\n  ${inner.join(',\n  ')}\n]`;
  }
  if (typeof v === 'object') {
    return '{' + Object.entries(v).map(([k, x]) => `${k}: ${fmtValue(x, depth + 1)}`).join(', ') + '}';
  }
  return String(v);
}

function showNumbers(data) {
  const rows = Object.entries(data).filter(([k]) => k !== 'scene' && k !== 'params');
  const table = el('table', {id: 'numbers-table'});
  for (const [k, v] of rows) {
    const text = fmtValue(v);
    table.append(el('tr', {'data-key': k}, el('th', {text: k}),
      el('td', {class: typeof v === 'number' ? 'num-value' : null, text})));
  }
  const box = $('#numbers');
  box.replaceChildren(rows.length ? table : el('p', {class: 'placeholder', text: 'This scene shows no numbers.'}));
  box.dataset.state = 'ready';
  box.dataset.generation = state.generation;
}

async function preview(scene, params, generation) {
  const board = $('#storyboard');
  board.dataset.state = 'busy';
  setWorker('busy', 'preview: drawing');
  $('#preview-status').textContent = 'drawing…';
  const r = await api('/api/preview', {scene, params, client: CLIENT});
  if (generation !== state.generation) return;
  if (r.ok && r.data.status === 'superseded') return;
  if (!r.ok) {
    board.dataset.state = 'error';
    setWorker(r.status === 503 ? 'error' : 'ready', r.status === 503 ? 'preview: restarted' : 'preview: ready');
    if (r.status === 503) setTimeout(() => setWorker('ready', 'preview: ready'), 4000);
    if (r.status === 422) showParamError(r.data);
    $('#preview-status').textContent = r.data.error;
    return;
  }
  setWorker('ready', 'preview: ready');
  state.lastDuration = r.data.duration;
  const frames = r.data.frames.map((f, i) => el('figure', {class: 'frame', 'data-step': i + 1},
    el('img', {src: f.image, alt: f.caption || `step ${i + 1}`, width: r.data.size[0], height: r.data.size[1]}),
    el('figcaption', {}, el('span', {class: 'when', text: `${i + 1} · ${f.start.toFixed(1)}–${f.end.toFixed(1)} s`}),
      f.caption || '')));
  board.replaceChildren(...frames);
  board.dataset.state = 'ready';
  board.dataset.generation = generation;
  const took = r.data.cached ? 'from memory' : `drawn in ${r.data.seconds.toFixed(2)} s`;
  $('#preview-status').textContent =
    `${frames.length} step${frames.length === 1 ? '' : 's'} · ${r.data.duration.toFixed(1)} s clip · ${took}`;
}

function setWorker(stateName, text) {
  const p = $('#worker-state');
  p.dataset.state = stateName;
  p.textContent = text;
}

// --- render ---------------------------------------------------------------------------

function outputOptions() {
  const size = $('#size').value;
  const fps = $('#fps').value.trim();
  return {
    quality: $('#quality').value, format: $('#format').value,
    transparent: $('#transparent').checked, draft: $('#draft').checked,
    resolution: size ? size.split('x').map(Number) : null,
    fps: fps ? Number(fps) : null,
    typesetter: $('#typesetter').value,
  };
}

for (const id of ['#quality', '#format', '#size', '#fps', '#typesetter', '#transparent', '#draft']) {
  $(id).addEventListener('change', () => {
    if (state.valid && state.scene) refreshTexts(state.scene.name, currentValues(), state.generation);
  });
}

async function refreshTexts(scene, params, generation) {
  const r = await api('/api/texts', {scene, params, ...outputOptions()});
  if (generation !== state.generation || !r.ok) return;
  $('#cli-command').textContent = r.data.command;
  $('#lesson-entry').textContent = r.data.lesson_entry;
}

$('#render-btn').addEventListener('click', async () => {
  if (!state.scene || !state.valid) return;
  const btn = $('#render-btn');
  const scene = state.scene.name;
  const params = currentValues();
  $('#render-error').hidden = true;
  btn.disabled = true;
  progress(0, 'asking…');
  const r = await api('/api/render', {scene, params, ...outputOptions()});
  if (!r.ok) {
    btn.disabled = false;
    $('#render-progress').hidden = true;
    if (r.status === 422 && r.data.param) showParamError(r.data);
    renderError(r.data.error);
    return;
  }
  $('#cli-command').textContent = r.data.command;
  $('#lesson-entry').textContent = r.data.lesson_entry;
  follow(r.data, btn);
});

function progress(fraction, text) {
  $('#render-progress').hidden = false;
  $('#render-bar').style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`;
  $('#render-status').textContent = text;
}

function renderError(message) {
  const p = $('#render-error');
  p.textContent = message;
  p.hidden = false;
}

function follow(job, btn) {
  const events = new EventSource(job.events_url);
  const total = state.lastDuration;
  let over = false;
  const end = () => { over = true; events.close(); btn.disabled = !state.valid; };
  events.addEventListener('queued', (e) => {
    const d = JSON.parse(e.data);
    progress(0, d.position > 1 ? `waiting: ${d.position - 1} render(s) ahead` : 'starting…');
  });
  events.addEventListener('started', () => progress(0.02, 'rendering…'));
  events.addEventListener('progress', (e) => {
    const d = JSON.parse(e.data);
    const text = total ? `rendering: ${d.seconds.toFixed(1)} of ${total.toFixed(1)} s` : `rendering: ${d.seconds.toFixed(1)} s`;
    progress(total ? 0.95 * d.seconds / total : 0.5, text);
  });
  events.addEventListener('cached', () => progress(1, 'already rendered: from the cache'));
  events.addEventListener('done', (e) => {
    end();
    const d = JSON.parse(e.data);
    const clip = d.clips[0];
    progress(1, clip.cached ? 'done (from the cache)' : `done in ${clip.seconds.toFixed(1)} s`);
    showClip(clip, d);
  });
  events.addEventListener('failed', (e) => {
    end();
    $('#render-progress').hidden = true;
    renderError(JSON.parse(e.data).error);
  });
  events.onerror = () => {
    if (over) return;
    end();
    renderError('lost the connection to the studio while rendering');
  };
}

const VIDEO_TYPES = {mp4: 'video/mp4', webm: 'video/webm'};

function showClip(clip, data) {
  const player = $('#player');
  player.textContent = '';
  if (VIDEO_TYPES[clip.format]) {
    const video = el('video', {id: 'clip-video', controls: true, preload: 'auto', poster: clip.poster,
      width: clip.width, height: clip.height, crossorigin: null});
    video.append(el('source', {src: clip.url, type: VIDEO_TYPES[clip.format]}));
    if (clip.vtt) video.append(el('track', {kind: 'captions', src: clip.vtt, srclang: clip.lang || 'en', label: clip.lang_label || 'English', default: true}));
    player.append(video);
  } else if (clip.format === 'mov') {
    player.append(el('img', {src: clip.poster, alt: clip.label}),
      el('p', {class: 'muted small-text', text: 'A .mov is for video editors; browsers do not play it. Download it below.'}));
  } else {
    player.append(el('img', {id: 'clip-image', src: clip.url, alt: clip.label}));
  }
  const dl = $('#download');
  dl.href = clip.url;
  dl.setAttribute('download', clip.url.split('/').pop());
  $('#result-meta').textContent =
    `${clip.width}×${clip.height} · ${clip.fps} fps · ${clip.duration.toFixed(1)} s · ${clip.format} · key ${clip.key}`;
  $('#embed-html').textContent = clip.snippets.HTML;
  $('#embed-md').textContent = clip.snippets.Markdown;
  for (const name of ['html', 'markdown']) $(`.snippet[data-name=${name}]`).hidden = false;
  $('#result').hidden = false;
  $('#result').dataset.key = clip.key;
}

// --- copy buttons ------------------------------------------------------------------------

document.addEventListener('click', async (ev) => {
  const b = ev.target.closest('button.copy');
  if (!b) return;
  const code = b.closest('.snippet').querySelector('code');
  try {
    await navigator.clipboard.writeText(code.textContent);
    b.textContent = 'copied';
  } catch (e) {
    const range = document.createRange();
    range.selectNodeContents(code);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    b.textContent = 'selected: press Ctrl+C';
  }
  setTimeout(() => { b.textContent = 'copy'; }, 1600);
});

// --- the lesson builder -------------------------------------------------------------------

function loadLesson() {
  try {
    const saved = JSON.parse(localStorage.getItem('intuition-lesson') || 'null');
    if (saved && Array.isArray(saved.clips)) return saved;
  } catch (e) { /* a fresh lesson */ }
  return {title: '', quality: '', format: '', clips: []};
}

function saveLesson() {
  try { localStorage.setItem('intuition-lesson', JSON.stringify(state.lesson)); } catch (e) { /* private mode */ }
}

function paramsText(params) {
  const parts = Object.entries(params || {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length ? parts.join('  ') : 'defaults';
}

function drawLesson() {
  const list = $('#clips');
  list.textContent = '';
  const clips = state.lesson.clips;
  clips.forEach((clip, i) => {
    const title = el('input', {type: 'text', value: clip.title || '', maxlength: 200,
      placeholder: 'clip title (also the title on screen)', 'aria-label': `clip ${i + 1} title`});
    title.addEventListener('input', () => { clip.title = title.value; saveLesson(); });
    const move = (d) => () => {
      const j = i + d;
      if (j < 0 || j >= clips.length) return;
      [clips[i], clips[j]] = [clips[j], clips[i]];
      saveLesson();
      drawLesson();
    };
    list.append(el('li', {class: `clip${clip.error ? ' broken' : ''}`, 'data-scene': clip.scene},
      el('div', {class: 'what'},
        el('b', {text: clip.scene}),
        el('span', {class: 'params-text', title: paramsText(clip.params), text: paramsText(clip.params)}),
        clip.error ? el('span', {class: 'clip-error', text: clip.error}) : null,
        title),
      el('div', {class: 'tools'},
        el('button', {type: 'button', class: 'small', title: 'Edit in the form', text: 'edit',
          onclick: () => editClip(clip)}),
        el('button', {type: 'button', class: 'small up', title: 'Move up', text: '↑', onclick: move(-1),
          disabled: i === 0}),
        el('button', {type: 'button', class: 'small down', title: 'Move down', text: '↓', onclick: move(1),
          disabled: i === clips.length - 1}),
        el('button', {type: 'button', class: 'small remove', title: 'Remove', text: '✕', onclick: () => {
          clips.splice(i, 1); saveLesson(); drawLesson();
        }}))));
  });
  $('#clips-empty').hidden = clips.length > 0;
  $('#lesson-title').value = state.lesson.title || '';
  $('#lesson-quality').value = state.lesson.quality || '';
  $('#lesson-format').value = state.lesson.format || '';
}

async function editClip(clip) {
  await selectScene(clip.scene, clip.params || {});
}

$('#add-clip').addEventListener('click', () => {
  if (!state.scene || !state.valid) return;
  const o = outputOptions();
  state.lesson.clips.push({scene: state.scene.name, title: '', params: currentValues(),
    quality: o.quality === 'm' ? null : o.quality, format: o.format === 'mp4' ? null : o.format});
  saveLesson();
  drawLesson();
});

for (const [id, key] of [['#lesson-title', 'title'], ['#lesson-quality', 'quality'], ['#lesson-format', 'format']]) {
  $(id).addEventListener('input', () => { state.lesson[key] = $(id).value; saveLesson(); });
}

$('#lesson-clear').addEventListener('click', () => {
  state.lesson = {title: '', quality: '', format: '', clips: []};
  saveLesson();
  drawLesson();
  for (const name of ['lesson', 'lesson-command']) $(`.snippet[data-name=${name}]`).hidden = true;
});

async function lessonToml() {
  const l = state.lesson;
  const body = {
    title: l.title || '', quality: l.quality || null, format: l.format || null,
    clips: l.clips.map((c) => ({scene: c.scene, params: c.params || {}, title: c.title || '',
      quality: c.quality || null, format: c.format || null})),
  };
  return api('/api/lesson', body);
}

$('#lesson-download').addEventListener('click', async () => {
  $('#lesson-error').hidden = true;
  if (!state.lesson.clips.length) {
    $('#lesson-error').textContent = 'add a clip first';
    $('#lesson-error').hidden = false;
    return;
  }
  const r = await lessonToml();
  if (!r.ok) {
    $('#lesson-error').textContent = r.data.error;
    $('#lesson-error').hidden = false;
    return;
  }
  $('#lesson-toml').textContent = r.data.toml;
  $('#lesson-command').textContent = r.data.command;
  for (const name of ['lesson', 'lesson-command']) $(`.snippet[data-name=${name}]`).hidden = false;
  const url = URL.createObjectURL(new Blob([r.data.toml], {type: 'application/toml'}));
  const a = el('a', {href: url, download: 'lesson.toml'});
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
});

$('#lesson-file').addEventListener('change', async (ev) => {
  const file = ev.target.files[0];
  ev.target.value = '';
  if (!file) return;
  $('#lesson-error').hidden = true;
  const text = await file.text();
  const r = await api('/api/lesson/read', {toml: text, name: file.name});
  if (!r.ok) {
    $('#lesson-error').textContent = r.data.error;
    $('#lesson-error').hidden = false;
    $('.lesson-card').scrollIntoView({behavior: 'smooth'});
    return;
  }
  state.lesson = {
    title: r.data.title || '', quality: r.data.quality || '', format: r.data.format || '',
    clips: r.data.clips.map((c) => ({scene: c.scene, title: c.title || '', params: c.params || {},
      quality: c.quality, format: c.format, error: c.error || ''})),
  };
  saveLesson();
  drawLesson();
  const first = state.lesson.clips.find((c) => !c.error);
  if (first) await editClip(first);
});

// --- start ---------------------------------------------------------------------------------

drawLesson();
loadCatalog();
