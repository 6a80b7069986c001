// Vigie's live page: one uPlot chart per panel (topic), fed by the server's decimated views, refreshed when
// the server's event stream says a panel grew. The server does the heavy work (decimation, joins); this
// draws, zooms and lists.
"use strict";

const STATE = { 2: "initialising", 1: "normal", "-1": "anomaly", 0: "—" };
const SERIES_COLOUR = "#0000ff";
const BAND = "rgba(0, 0, 0, 0.16)";

const vigie = { charts: {}, layout: null }; // read by the browser test too
window.vigie = vigie;

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function timeText(t) {
  const d = new Date(t * 1000);
  const pad = (n, w = 2) => String(n).padStart(w, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:`
    + `${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

function num(x, digits = 4) {
  return x === null || x === undefined ? "—" : Number(x).toPrecision(digits);
}

function setStatus(text, kind) {
  const s = document.getElementById("status");
  s.textContent = text;
  s.className = "status " + (kind || "");
}

// The chart's series: x, the values, the values behind an earlier time where the clock stepped back (a second line
// over the first pass: each line's points are undefined to the other, which uPlot spans, and a break, null, stops
// only its own), then one point series per detector (its anomalies only).
function chartData(view, c) {
  const behind = view.behind;
  const line = k => {
    const y = view.v.map((v, i) => ((behind ? behind[i] : 0) === k ? v : undefined));
    // uPlot clips a break from the x just before its run of nulls to the x just after, whichever line's points
    // those are: the run must reach this line's own points on both sides, over the other line's.
    for (let i = 0; i < y.length; i++) {
      if (y[i] !== null) continue;
      for (let j = i - 1; j >= 0 && y[j] === undefined; j--) y[j] = null;
      for (let j = i + 1; j < y.length && y[j] === undefined; j++) y[j] = null;
    }
    return y;
  };
  const data = [view.t, line(0), line(1)];
  // An anomaly off a readable axis stands at the edge it passes: a flag is never hidden.
  const r = view.readable && !(c && c.full) ? view.readable : null;
  const onAxis = v => (r && v !== null ? Math.min(Math.max(v, r.low), r.high) : v);
  for (const d of view.detectors) {
    data.push(d.states.map((s, i) => (s === -1 ? onAxis(view.v[i]) : null)));
  }
  return data;
}

function createPanel(p) {
  const section = el("section", { class: "panel", id: "panel-" + p.id });
  const count = el("span", { class: "count" });
  const problems = el("div", { class: "problems" });
  const clock = el("div", { class: "clock" }); // the clock's steps back and the gaps in the readings, said once each
  const reset = el("button", { type: "button", title: "the whole series" }, "⟲ whole series");
  const zoomIn = el("button", { type: "button" }, "+");
  const zoomOut = el("button", { type: "button" }, "−");
  const left = el("button", { type: "button" }, "◀");
  const right = el("button", { type: "button" }, "▶");
  const full = el("button", { type: "button", class: "full-range", title: "the value axis over every value, outliers included" }, "full range");
  const chartBox = el("div", { class: "chart" });
  const tip = el("div", { class: "tip" });
  chartBox.append(tip);
  const legend = el("div", { class: "legend-extra" },
    el("span", {}, el("span", { class: "swatch", style: `background:${SERIES_COLOUR}` }), p.series),
    ...p.detectors.map(d => el("span", {}, el("span", { class: "swatch", style: `background:${d.colour}` }), d.name + " anomalies")),
    el("span", {}, el("span", { class: "swatch", style: `background:${BAND}` }), "initialising (shaded)"));
  const clockBack = el("span", { class: "clock-back", style: "display:none" }, "- - - the readings after the clock went back");
  legend.append(clockBack);
  const tbody = el("tbody");
  const table = el("table", { class: "anomalies" }, el("caption", {}, "Latest anomalies"),
    el("thead", {}, el("tr", {}, el("th", {}, "time"), el("th", {}, "value"), el("th", {}, "detector"), el("th", {}, "score"))), tbody);
  section.append(el("h2", {}, p.topic, count), problems, clock, el("div", { class: "toolbar" }, reset, zoomIn, zoomOut, left, right, full),
    legend, chartBox, table);
  document.getElementById("panels").append(section);

  const c = { panel: p, view: null, range: null, full: false, edges: [], loading: false, again: false, u: null, count, problems, clock, tbody, tip, chartBox, clockBack };
  vigie.charts[p.id] = c;

  const opts = {
    width: Math.max(400, chartBox.clientWidth || window.innerWidth - 80),
    height: 360,
    // The value axis keeps the signal readable when outliers lie far from it (the server says where), unless
    // the user asks for the full range; the outliers beyond are named at the edge they pass.
    scales: { x: { time: true }, y: { range: (u, min, max) => valueRange(c, min, max) } },
    series: [
      {},
      { label: p.topic, stroke: SERIES_COLOUR, width: 1, points: { show: false } },
      // Its points shown too: a span the clock went back over twice has two such runs, which cannot both be a line.
      { label: p.topic + " (the clock went back)", stroke: SERIES_COLOUR, width: 1, dash: [5, 3],
        points: { show: true, size: 3, stroke: SERIES_COLOUR, fill: SERIES_COLOUR } },
      // Each detector's points smaller than the one before: where several flagged a value, each shows as a ring.
      ...p.detectors.map((d, k) => ({ label: d.name, stroke: d.colour, fill: d.colour, width: 0, paths: () => null,
                                      points: { show: true, size: Math.max(5, 13 - 4 * k), stroke: d.colour, fill: d.colour } })),
    ],
    legend: { show: false },
    // A drag selects a span, which this page then shows (at the server's resolution for it): uPlot's own
    // zoom on drag would not tell a user's zoom from a refresh's rescale.
    cursor: { drag: { x: true, y: false, setScale: false } },
    hooks: {
      drawClear: [u => drawInitialisation(c, u)],
      draw: [u => drawEdges(c, u)],
      setCursor: [u => showTip(c, u)],
      setSelect: [u => onSelect(c, u)],
    },
  };
  c.u = new uPlot(opts, [[], [], [], ...p.detectors.map(() => [])], chartBox);
  wirePanAndWheel(c);
  c.u.over.addEventListener("dblclick", () => showRange(c, null));
  reset.onclick = () => showRange(c, null);
  zoomIn.onclick = () => zoomBy(c, 0.5);
  zoomOut.onclick = () => zoomBy(c, 2);
  left.onclick = () => panBy(c, -0.5);
  right.onclick = () => panBy(c, 0.5);
  full.onclick = () => {
    c.full = !c.full;
    full.textContent = c.full ? "readable range" : "full range";
    if (c.view) {
      c.u.setData(chartData(c.view, c), !c.range);
      if (c.range) c.u.setScale("x", { min: c.range[0], max: c.range[1] });
    }
  };
  window.addEventListener("resize", () => c.u.setSize({ width: Math.max(400, chartBox.clientWidth), height: 360 }));
  return c;
}

function valueRange(c, min, max) {
  const r = c.view && c.view.readable;
  if (r && !c.full) return [r.low, r.high];
  if (min === null || max === null) return [min, max]; // nothing drawn yet
  return uPlot.rangeNum(min, max, 0.1, true);
}

// The extremes beyond a readable axis, named at the edge they pass: the outliers are not hidden.
function drawEdges(c, u) {
  c.edges = [];
  const r = c.view && c.view.readable;
  if (!r || c.full) return;
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.fillStyle = "#b00";
  ctx.font = `${Math.round(12 * devicePixelRatio)}px sans-serif`;
  ctx.textAlign = "right";
  if (r.max > r.high) {
    c.edges.push(`max ${num(r.max, 6)}`);
    ctx.textBaseline = "top";
    ctx.fillText(`▲ max ${num(r.max, 6)} (off the axis)`, left + width - 4, top + 2);
  }
  if (r.min < r.low) {
    c.edges.push(`min ${num(r.min, 6)}`);
    ctx.textBaseline = "bottom";
    ctx.fillText(`▼ min ${num(r.min, 6)} (off the axis)`, left + width - 4, top + height - 2);
  }
  ctx.restore();
}

function drawInitialisation(c, u) {
  if (!c.view) return;
  const ctx = u.ctx;
  ctx.save();
  const { left, top, width, height } = u.bbox;
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip(); // a span reaching out of the view stays inside the plot
  ctx.fillStyle = BAND;
  // The detectors' spans as one: the shade says "initialising", not by how many.
  const spans = c.view.detectors.flatMap(d => d.initialising).sort((p, q) => p[0] - q[0]);
  const merged = [];
  for (const [a, b] of spans) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b); else merged.push([a, b]);
  }
  for (const [a, b] of merged) {
    const x0 = u.valToPos(a, "x", true);
    const x1 = Math.max(u.valToPos(b, "x", true), x0 + 1);
    ctx.fillRect(x0, top, x1 - x0, height);
  }
  ctx.restore();
}

function showTip(c, u) {
  const i = u.cursor.idx;
  if (i === null || i === undefined || !c.view || i >= c.view.t.length) {
    c.tip.style.display = "none";
    return;
  }
  const lines = [timeText(c.view.t[i]), `${c.panel.topic}: ${num(c.view.v[i], 6)}`];
  c.panel.detectors.forEach((d, k) => {
    const det = c.view.detectors[k];
    lines.push(`${d.name}: ${STATE[det.states[i]] ?? det.states[i]}, score ${num(det.scores[i])}`);
  });
  c.tip.innerHTML = "";
  for (const l of lines) c.tip.append(el("div", {}, l));
  c.tip.style.display = "block";
  const left = u.cursor.left + u.over.offsetLeft + 12;
  c.tip.style.left = Math.min(left, u.over.offsetLeft + u.over.clientWidth - 220) + "px";
  c.tip.style.top = (u.cursor.top + u.over.offsetTop + 12) + "px";
}

function onSelect(c, u) {
  if (c.panning || u.select.width < 3) return;
  const range = [u.posToVal(u.select.left, "x"), u.posToVal(u.select.left + u.select.width, "x")];
  u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  showRange(c, range);
}

// Shows [from, to] (seconds), or the whole series when null, at the server's resolution for that range.
function showRange(c, range) {
  if (range && !(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
    return; // nothing drawn yet (no scale), or an empty span
  }
  c.range = range;
  refresh(c);
}

// What is shown now: the range asked for last (its answer may still be on its way), else the chart's scale.
function shown(c) {
  return c.range ? { min: c.range[0], max: c.range[1] } : c.u.scales.x;
}

function zoomBy(c, factor) {
  const { min, max } = shown(c);
  const mid = (min + max) / 2;
  const half = (max - min) * factor / 2;
  showRange(c, [mid - half, mid + half]);
}

function panBy(c, share) {
  const { min, max } = shown(c);
  const dx = (max - min) * share;
  showRange(c, [min + dx, max + dx]);
}

function wirePanAndWheel(c) {
  const over = c.u.over;
  over.addEventListener("wheel", e => {
    e.preventDefault();
    const { min, max } = shown(c);
    const at = c.u.posToVal(e.offsetX, "x");
    const f = e.deltaY < 0 ? 0.8 : 1.25;
    showRange(c, [at - (at - min) * f, at + (max - at) * f]);
  }, { passive: false });
  let start = null;
  over.addEventListener("mousedown", e => {
    if (!e.shiftKey) return;
    e.stopImmediatePropagation(); // a pan, not uPlot's selection
    start = { x: e.clientX, min: c.u.scales.x.min, max: c.u.scales.x.max };
    c.panning = true;
  }, true);
  window.addEventListener("mousemove", e => {
    if (!start) return;
    const perPixel = (start.max - start.min) / over.clientWidth;
    const dx = (start.x - e.clientX) * perPixel;
    c.u.setScale("x", { min: start.min + dx, max: start.max + dx });
  });
  window.addEventListener("mouseup", () => {
    if (!start) return;
    start = null;
    c.panning = false;
    showRange(c, [c.u.scales.x.min, c.u.scales.x.max]);
  });
}

async function refresh(c) {
  if (c.loading) {
    c.again = true; // one more when this one is in: never a queue of stale views
    return;
  }
  c.loading = true;
  try {
    const columns = Math.max(100, Math.round(c.u.over.clientWidth || 1600));
    let url = `api/view?panel=${c.panel.id}&columns=${columns}`;
    if (c.range) url += `&from=${c.range[0]}&to=${c.range[1]}`;
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${r.status} ${await r.text()}`);
    const view = await r.json();
    c.view = view;
    c.u.setData(chartData(view, c), !c.range);
    if (c.range) c.u.setScale("x", { min: c.range[0], max: c.range[1] });
    c.count.textContent = `${view.records} values`;
    c.clockBack.style.display = view.behind ? "" : "none";
    c.problems.textContent = view.problems.join(" · ");
    c.clock.textContent = view.clock.join(" · ");
    listAnomalies(c, view);
  } catch (e) {
    c.problems.textContent = "cannot read the view: " + e.message;
  } finally {
    c.loading = false;
    if (c.again) {
      c.again = false;
      refresh(c);
    }
  }
}

function listAnomalies(c, view) {
  c.tbody.innerHTML = "";
  for (const a of view.anomalies) {
    const d = c.panel.detectors[a.detector];
    const row = el("tr", { "data-t": String(a.t) },
      el("td", {}, timeText(a.t)), el("td", {}, num(a.value, 6)),
      el("td", {}, el("span", { class: "swatch", style: `background:${d.colour}` }), d.name), el("td", {}, num(a.score)));
    row.onclick = () => centreOn(c, a.t);
    c.tbody.append(row);
  }
}

// Centres the chart on time t, keeping the zoom if there is one, else showing a tenth of the series.
function centreOn(c, t) {
  let width;
  if (c.range) {
    width = c.range[1] - c.range[0];
  } else {
    const { min, max } = c.u.scales.x;
    width = Math.max((max - min) / 10, 1);
  }
  showRange(c, [t - width / 2, t + width / 2]);
}

async function main() {
  try {
    const r = await fetch("api/layout");
    vigie.layout = await r.json();
  } catch (e) {
    setStatus("cannot reach the server: " + e.message, "lost");
    return;
  }
  for (const p of vigie.layout.panels) refresh(createPanel(p));
  const events = new EventSource("api/events");
  events.onopen = () => {
    setStatus("live", "live");
    Object.values(vigie.charts).forEach(refresh); // what grew while the stream was down
  };
  events.onerror = () => setStatus("connection lost: trying again…", "lost");
  // The server says so when it stops: the page keeps what it shows, and no longer tries a dead address.
  events.addEventListener("ended", () => {
    events.close();
    setStatus("session ended: the server has stopped (this page keeps what it showed)", "ended");
  });
  events.addEventListener("grew", e => {
    const c = vigie.charts[JSON.parse(e.data).panel];
    if (c) refresh(c);
  });
}

main();
