/* dateline web UI: the charts (plain SVG, no library), loaded before app.js.
 *
 * - timelineChart: stacked bars of events per day/week/month with a drag-to-select brush.
 * - bucketize: the same buckets computed in the browser from a list of events (actor page).
 * - forceLayout / networkChart: the actor -> recipient network with a small force layout.
 * - basemap helpers: Natural Earth 110m countries in an equirectangular projection.
 *
 * Like app.js, nothing here uses innerHTML: labels are set with textContent. The helpers el()
 * and svg() come from app.js (defined before any chart is drawn).
 */
"use strict";

/* PLOVER quad class -> colour: cooperation blue/green, conflict orange/red. */
const QUAD_COLOR = {1: "#4c8bf5", 2: "#1a8f3c", 3: "#f29d0c", 4: "#d1242f"};
const QUAD_NAME = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
  4: "material conflict"};

/* ---------- timeline ---------- */
const TL_W = 1000, TL_H = 150, TL_PAD = {l: 36, r: 8, t: 8, b: 22};

/* Stacked bars of `buckets` ([{period, start, end, count, by_type}]). `selected` is
 * {since, until} (ISO strings or null) shown as a shaded band; onBrush(since, until) is called
 * when the user drags across bars (or clicks one). */
function timelineChart(buckets, opts) {
  opts = opts || {};
  const wrap = el("div", {class: "timeline"});
  if (!buckets.length) {
    wrap.append(el("p", {class: "muted", text: "No dated events to chart."}));
    return wrap;
  }
  const s = svg("svg", {viewBox: `0 0 ${TL_W} ${TL_H}`, role: "img", "aria-label": "timeline of events",
    class: "tlsvg", preserveAspectRatio: "none"});
  const iw = TL_W - TL_PAD.l - TL_PAD.r, ih = TL_H - TL_PAD.t - TL_PAD.b;
  const max = Math.max(...buckets.map(b => b.count), 1);
  const bw = iw / buckets.length;
  const x = i => TL_PAD.l + i * bw;
  const y = v => TL_PAD.t + ih - v / max * ih;
  const sel = opts.selected || {};
  const inSel = b => (sel.since || sel.until) && (!sel.since || b.end >= sel.since) && (!sel.until || b.start <= sel.until);
  buckets.forEach((b, i) => {
    const g = svg("g", {class: "bar" + (inSel(b) ? " selected" : ""), "data-period": b.period});
    let acc = 0;
    for (const t of TYPES) {
      const n = b.by_type[t] || 0;
      if (!n) continue;
      const r = svg("rect", {x: (x(i) + Math.min(1, bw * 0.1)).toFixed(2), y: y(acc + n).toFixed(2),
        width: Math.max(0.5, bw - Math.min(2, bw * 0.2)).toFixed(2), height: Math.max(0.5, y(acc) - y(acc + n)).toFixed(2),
        fill: TYPE_COLOR[t] || "#555"});
      acc += n;
      g.append(r);
    }
    const title = svg("title", {});
    title.textContent = `${b.period}: ${b.count} events\n` + Object.entries(b.by_type).map(([k, v]) => `${k} ${v}`).join(", ");
    g.append(title);
    s.append(g);
  });
  const axis = (tx, ty, text, anchor) => { const t = svg("text", {x: tx, y: ty, class: "axis", "text-anchor": anchor || "start"}); t.textContent = text; return t; };
  s.append(svg("line", {x1: TL_PAD.l, x2: TL_W - TL_PAD.r, y1: TL_PAD.t + ih, y2: TL_PAD.t + ih, class: "axisline"}));
  s.append(axis(TL_PAD.l - 4, TL_PAD.t + 10, String(max), "end"), axis(TL_PAD.l - 4, TL_PAD.t + ih, "0", "end"));
  const ticks = Math.min(buckets.length, 8);
  for (let k = 0; k < ticks; k++) {
    const i = Math.round(k * (buckets.length - 1) / Math.max(1, ticks - 1));
    s.append(axis(x(i) + bw / 2, TL_H - 6, buckets[i].period, k === 0 ? "start" : k === ticks - 1 ? "end" : "middle"));
  }
  if (sel.since || sel.until) {
    const idx = buckets.map((b, i) => inSel(b) ? i : -1).filter(i => i >= 0);
    if (idx.length) s.append(svg("rect", {class: "brushsel", x: x(idx[0]), y: TL_PAD.t, width: bw * (idx[idx.length - 1] - idx[0] + 1), height: ih}));
  }
  const brush = svg("rect", {class: "brush", x: TL_PAD.l, y: TL_PAD.t, width: 0, height: ih});
  s.append(brush);
  if (opts.onBrush) {
    let startX = null;
    const toX = ev => { const box = s.getBoundingClientRect(); return (ev.clientX - box.left) * TL_W / box.width; };
    const index = px => Math.max(0, Math.min(buckets.length - 1, Math.floor((px - TL_PAD.l) / bw)));
    s.addEventListener("pointerdown", ev => { startX = toX(ev); brush.setAttribute("x", startX); brush.setAttribute("width", 0); if (s.setPointerCapture) s.setPointerCapture(ev.pointerId); ev.preventDefault(); });
    s.addEventListener("pointermove", ev => {
      if (startX === null) return;
      const cur = toX(ev);
      brush.setAttribute("x", Math.min(startX, cur)); brush.setAttribute("width", Math.abs(cur - startX));
    });
    s.addEventListener("pointerup", ev => {
      if (startX === null) return;
      const a = index(Math.min(startX, toX(ev))), b = index(Math.max(startX, toX(ev)));
      startX = null;
      opts.onBrush(buckets[a].start, buckets[b].end);
    });
  }
  wrap.append(s);
  return wrap;
}

/* Buckets like /api/timeline's from a list of events (day for spans up to 3 months, else month). */
function bucketize(events) {
  const days = events.map(e => e.date || "").filter(d => d.length >= 10).sort();
  let gran = "month";
  if (days.length && (Date.parse(days[days.length - 1]) - Date.parse(days[0])) / 864e5 <= 92) gran = "day";
  const len = gran === "day" ? 10 : 7;
  const map = new Map();
  for (const e of events) {
    if (!e.date || e.date.length < len) continue;
    const k = e.date.slice(0, len);
    if (!map.has(k)) map.set(k, {});
    const bt = map.get(k);
    bt[e.event] = (bt[e.event] || 0) + 1;
  }
  const keys = [...map.keys()].sort();
  if (keys.length > 1) {  // every period between the first and the last: gaps stay visible
    const all = [];
    if (gran === "day") {
      for (let t = Date.parse(keys[0] + "T00:00:00Z"); t <= Date.parse(keys[keys.length - 1] + "T00:00:00Z") && all.length < 1500; t += 864e5) all.push(new Date(t).toISOString().slice(0, 10));
    } else {
      let [yy, mm] = keys[0].split("-").map(Number);
      while (all.length < 1500) { const k = `${String(yy).padStart(4, "0")}-${String(mm).padStart(2, "0")}`; all.push(k); if (k >= keys[keys.length - 1]) break; mm += 1; if (mm > 12) { mm = 1; yy += 1; } }
    }
    if (all.length < 1500) { for (const k of all) if (!map.has(k)) map.set(k, {}); }
  }
  return [...map.keys()].sort().map(k => {
    let end = k;
    if (gran === "month") { const [yy, mm] = k.split("-").map(Number); end = k + "-" + String(new Date(Date.UTC(yy, mm, 0)).getUTCDate()).padStart(2, "0"); }
    const by = map.get(k);
    return {period: k, start: gran === "month" ? k + "-01" : k, end, count: Object.values(by).reduce((a, b) => a + b, 0), by_type: by};
  });
}

/* ---------- network ---------- */
const NET_W = 1000, NET_H = 560;

/* A network node's key: its canonical actor id (an edge's source_id / target_id), else its name. */
function nodeKey(d) { return d.id || d.name; }
function edgeEnds(e) { return [e.source_id || e.source, e.target_id || e.target]; }

/* Fruchterman-Reingold layout, deterministic (nodes start on a circle). Returns {key: [x, y]}. */
function forceLayout(nodes, edges, iterations) {
  const n = nodes.length, pos = {}, disp = {};
  const k = Math.min(140, Math.sqrt(NET_W * NET_H / Math.max(1, n)) * 0.5);
  nodes.forEach((d, i) => {
    const a = 2 * Math.PI * i / Math.max(1, n);
    pos[nodeKey(d)] = [NET_W / 2 + Math.cos(a) * NET_W * 0.35, NET_H / 2 + Math.sin(a) * NET_H * 0.35];
  });
  let temp = NET_W / 10;
  for (let it = 0; it < (iterations || 300); it++) {
    for (const d of nodes) disp[nodeKey(d)] = [0, 0];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) {
      const a = nodeKey(nodes[i]), b = nodeKey(nodes[j]);
      let dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1];
      let dist = Math.hypot(dx, dy) || 0.01;
      if (dist > 3 * k) continue;  // short-range repulsion: components stay near each other
      const f = k * k / dist;
      dx /= dist; dy /= dist;
      disp[a][0] += dx * f; disp[a][1] += dy * f; disp[b][0] -= dx * f; disp[b][1] -= dy * f;
    }
    for (const e of edges) {
      const [a, b] = edgeEnds(e);
      if (!pos[a] || !pos[b]) continue;
      let dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1];
      const dist = Math.hypot(dx, dy) || 0.01;
      const f = dist * dist / k;
      dx /= dist; dy /= dist;
      disp[a][0] -= dx * f; disp[a][1] -= dy * f; disp[b][0] += dx * f; disp[b][1] += dy * f;
    }
    for (const d of nodes) {
      const p = pos[nodeKey(d)], v = disp[nodeKey(d)];
      v[0] += (NET_W / 2 - p[0]) * 0.1; v[1] += (NET_H / 2 - p[1]) * 0.1;  // gravity keeps components together
      const len = Math.hypot(v[0], v[1]) || 0.01;
      p[0] += v[0] / len * Math.min(len, temp);
      p[1] += v[1] / len * Math.min(len, temp);
    }
    temp = Math.max(0.5, temp * 0.97);
  }
  // fit the drawing into the box (labels need room on the right)
  const xs = nodes.map(d => pos[nodeKey(d)][0]), ys = nodes.map(d => pos[nodeKey(d)][1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min(2, (NET_W - 220) / Math.max(1, x1 - x0), (NET_H - 60) / Math.max(1, y1 - y0));
  for (const d of nodes) {
    const p = pos[nodeKey(d)];
    p[0] = NET_W / 2 - 70 + (p[0] - (x0 + x1) / 2) * scale;
    p[1] = NET_H / 2 + (p[1] - (y0 + y1) / 2) * scale;
  }
  return pos;
}

/* The network as SVG: edges coloured by dominant quad class, width by events; nodes clickable. */
function networkChart(data, onNode) {
  const s = svg("svg", {viewBox: `0 0 ${NET_W} ${NET_H}`, role: "img", "aria-label": "actor network", class: "netsvg"});
  const defs = svg("defs", {});
  for (const [q, c] of Object.entries(QUAD_COLOR)) {
    const m = svg("marker", {id: "arrow" + q, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse"});
    m.append(svg("path", {d: "M0 0L10 5L0 10z", fill: c}));
    defs.append(m);
  }
  s.append(defs);
  const pos = forceLayout(data.nodes, data.edges);
  const radius = {};
  for (const d of data.nodes) radius[nodeKey(d)] = 5 + 3 * Math.sqrt(d.events);
  for (const e of data.edges) {
    const [ka, kb] = edgeEnds(e);
    const a = pos[ka], b = pos[kb];
    if (!a || !b) continue;
    const dx = b[0] - a[0], dy = b[1] - a[1], dist = Math.hypot(dx, dy) || 1;
    const rb = radius[kb] + 2;
    const line = svg("line", {x1: a[0].toFixed(1), y1: a[1].toFixed(1), x2: (b[0] - dx / dist * rb).toFixed(1), y2: (b[1] - dy / dist * rb).toFixed(1),
      class: "edge", stroke: QUAD_COLOR[e.quad] || "#999", "stroke-width": (1 + 1.5 * Math.log2(1 + e.events)).toFixed(2),
      "marker-end": e.quad ? `url(#arrow${e.quad})` : "", "data-source": e.source, "data-target": e.target, "data-source-id": ka, "data-target-id": kb});
    const t = svg("title", {});
    t.textContent = `${e.source} → ${e.target}: ${e.events} events (` + Object.entries(e.by_type).map(([k, v]) => `${k} ${v}`).join(", ") + ")";
    line.append(t);
    s.append(line);
  }
  for (const d of data.nodes) {
    const key = nodeKey(d), p = pos[key];
    const g = svg("g", {class: "node", "data-name": d.name, "data-id": key, transform: `translate(${p[0].toFixed(1)},${p[1].toFixed(1)})`, tabindex: 0});
    g.append(svg("circle", {r: radius[key].toFixed(1)}));
    const label = svg("text", {x: radius[key] + 3, y: 4});
    label.textContent = d.name;
    const t = svg("title", {});
    t.textContent = `${d.name}${d.country ? " (" + d.country + ")" : ""}: ${d.events} events — open the actor page`;
    g.append(label, t);
    g.addEventListener("click", () => onNode(key));
    g.addEventListener("keydown", ev => { if (ev.key === "Enter") onNode(key); });
    s.append(g);
  }
  return s;
}
function quadLegend() {
  return el("div", {class: "legend"}, Object.entries(QUAD_NAME).map(([q, name]) => {
    const sw = el("span", {class: "sw"});
    sw.style.background = QUAD_COLOR[q];
    return el("span", {}, sw, name);
  }));
}

/* ---------- basemap (Natural Earth 110m, equirectangular) ---------- */
let WORLD = null;
const MAP_W = 1000, MAP_H = 500;
function project(lon, lat) { return [(lon + 180) / 360 * MAP_W, (90 - lat) / 180 * MAP_H]; }
function decodeTopo(topo) {
  const [sx, sy] = topo.transform ? topo.transform.scale : [1, 1];
  const [tx, ty] = topo.transform ? topo.transform.translate : [0, 0];
  const arcs = topo.arcs.map(arc => { let x = 0, y = 0; return arc.map(p => { x += p[0]; y += p[1]; return [x * sx + tx, y * sy + ty]; }); });
  const ring = idxs => { const pts = []; idxs.forEach((i, k) => { const a = i >= 0 ? arcs[i] : arcs[~i].slice().reverse(); pts.push(...(k ? a.slice(1) : a)); }); return pts; };
  const paths = [];
  for (const g of topo.objects.countries.geometries) {
    const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    let d = "";
    for (const poly of polys) for (const r of poly) {
      let px = null;
      d += ring(r).map((p, i) => {
        const [x, y] = project(p[0], p[1]);
        const jump = px !== null && Math.abs(x - px) > MAP_W / 2;  // crossing the antimeridian
        px = x;
        return (i && !jump ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1);
      }).join("") + "Z";
    }
    paths.push({d, name: (g.properties || {}).name || ""});
  }
  return paths;
}
async function ensureWorld() {
  if (WORLD) return WORLD;
  try { const r = await fetch("/static/countries-110m.json"); WORLD = decodeTopo(await r.json()); } catch (e) { WORLD = []; }
  return WORLD;
}
/* An SVG with the basemap, showing the window of zoom `z` centred on [lon, lat]. */
function mapSvg(z, center) {
  const scale = Math.pow(2, z || 0);
  const w = MAP_W / scale, h = MAP_H / scale;
  const [cx, cy] = project(center ? center[0] : 0, center ? center[1] : 0);
  const x0 = Math.min(MAP_W - w, Math.max(0, cx - w / 2)), y0 = Math.min(MAP_H - h, Math.max(0, cy - h / 2));
  const s = svg("svg", {viewBox: `${x0.toFixed(2)} ${y0.toFixed(2)} ${w.toFixed(2)} ${h.toFixed(2)}`, role: "img", "aria-label": "map of events"});
  for (const c of WORLD || []) {
    const p = svg("path", {d: c.d, class: "country", "stroke-width": (0.4 / scale).toFixed(3)});
    const t = svg("title", {}); t.textContent = c.name; p.append(t); s.append(p);
  }
  return {svg: s, scale};
}
