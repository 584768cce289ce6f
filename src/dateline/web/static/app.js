/* dateline web UI: events table, article reader, map, actors, stats.
 *
 * SECURITY: every string from the API (article text, titles, names, URLs) is untrusted.
 * The DOM is built with createElement/textContent only; innerHTML is never used with data,
 * and links from articles get an href only when their scheme is http(s).
 * The view state lives in the URL hash (#/events?type=CONSULT&sort=-date), so views are
 * shareable and the back button works.
 */
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
  "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE",
  "ASSAULT"];
const COLORS = ["#1b9e77", "#2458c6", "#66a61e", "#7fc97f", "#17becf", "#40a4d8", "#8c6bb1",
  "#e6ab02", "#d95f02", "#f28e2b", "#e7298a", "#b15928", "#e41a1c", "#a50f15", "#6a3d9a",
  "#000000"];
const TYPE_COLOR = Object.fromEntries(TYPES.map((t, i) => [t, COLORS[i]]));
const MODALITIES = ["asserted", "historical", "future", "hypothetical", "negated"];
const FILTERS = ["actor", "country", "type", "modality", "since", "until", "min_confidence",
  "q", "bbox", "article"];
const PAGE = 50;

/* ---------- DOM helpers (no innerHTML) ---------- */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = String(v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "href") { const h = safeHref(v); if (h) node.setAttribute("href", h); }
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
function svg(tag, attrs) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}
/* Only same-app hash/relative links and http(s) URLs become hrefs. */
function safeHref(url) {
  if (typeof url !== "string" || !url) return null;
  if (url.startsWith("#/") || url.startsWith("/api/") || url === "/docs") return url;
  try {
    const u = new URL(url, window.location.origin);
    return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null;
  } catch (e) { return null; }
}
function extLink(url, label) {
  const h = safeHref(url);
  if (!h || h.startsWith("#")) return document.createTextNode(label || url || "");
  return el("a", {href: h, target: "_blank", rel: "noopener noreferrer nofollow"}, label || url);
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
function view() { return document.getElementById("view"); }
function names(list) { return (list || []).map(a => a.name || a.text).join("; "); }
function typeTag(t) {
  const s = el("span", {class: "tag", text: t});
  s.style.background = TYPE_COLOR[t] || "#555";
  return s;
}

/* ---------- routing ---------- */
function parseHash() {
  const raw = window.location.hash.replace(/^#\/?/, "");
  const qi = raw.indexOf("?");
  const path = qi >= 0 ? raw.slice(0, qi) : raw;
  const params = new URLSearchParams(qi >= 0 ? raw.slice(qi + 1) : "");
  const parts = path.split("/").map(p => { try { return decodeURIComponent(p); } catch (e) { return p; } });
  return {route: parts[0] || "events", arg: parts.slice(1).join("/"), params};
}
function go(route, params) {
  const qs = params && params.toString();
  window.location.hash = "#/" + route + (qs ? "?" + qs : "");
}
async function api(path, params) {
  const qs = params && params.toString();
  const resp = await fetch("/api/" + path + (qs ? "?" + qs : ""), {headers: {Accept: "application/json"}});
  let data = null;
  try { data = await resp.json(); } catch (e) { /* not JSON */ }
  if (!resp.ok) {
    const msg = data && data.error ? data.error.message : ("HTTP " + resp.status);
    throw new Error(msg);
  }
  return data;
}
function showError(err) {
  clear(view()).append(el("p", {class: "error", text: "Error: " + err.message}));
}
function filterParams(params) {
  const out = new URLSearchParams();
  for (const k of FILTERS) { const v = params.get(k); if (v) out.set(k, v); }
  return out;
}

/* ---------- filter form (shared by events and map) ---------- */
function filterForm(route, params) {
  const input = (name, label, attrs) => el("label", {}, label,
    el("input", Object.assign({name, value: params.get(name) || ""}, attrs || {})));
  const select = (name, label, options) => el("label", {}, label,
    el("select", {name}, el("option", {value: ""}, "any"),
      options.map(o => el("option", {value: o, selected: params.get(name) === o}, o))));
  const form = el("form", {class: "filters"},
    input("actor", "actor", {placeholder: "name contains", size: 14}),
    input("country", "country", {placeholder: "ISO3", size: 5}),
    select("type", "type", TYPES),
    select("modality", "modality", MODALITIES),
    input("since", "since", {placeholder: "YYYY-MM-DD", size: 10}),
    input("until", "until", {placeholder: "YYYY-MM-DD", size: 10}),
    input("min_confidence", "min conf.", {type: "number", step: "0.05", min: "0", max: "1"}),
    input("q", "evidence text", {size: 14}),
    input("bbox", "bbox", {placeholder: "minlon,minlat,maxlon,maxlat", size: 18}),
    input("article", "article", {size: 10}),
    el("button", {type: "submit"}, "Filter"),
    el("button", {type: "button", class: "plain", onclick: () => go(route, new URLSearchParams())}, "Reset"));
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) next.set(k, String(v).trim());
    if (params.get("sort")) next.set("sort", params.get("sort"));
    go(route, next);
  });
  return form;
}

/* ---------- events table ---------- */
const COLUMNS = [["date", "date"], ["event", "event"], ["mode", "mode"], ["modality", "modality"],
  [null, "actor"], [null, "recipient"], ["place", "place"], ["confidence", "conf."],
  [null, "evidence"], ["article", "article"]];

async function viewEvents(params) {
  const root = clear(view());
  root.append(el("h2", {text: "Events"}), filterForm("events", params));
  const status = el("p", {class: "muted", text: "Loading…"});
  root.append(status);
  const q = filterParams(params);
  const sort = params.get("sort") || "-date";
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  q.set("sort", sort); q.set("limit", PAGE); q.set("offset", offset);
  let data;
  try { data = await api("events", q); } catch (e) { status.className = "error"; status.textContent = e.message; return; }
  status.textContent = `${data.total} events` + (data.total ? ` (showing ${offset + 1}–${offset + data.items.length})` : "");
  const head = el("tr", {}, COLUMNS.map(([key, label]) => {
    if (!key) return el("th", {text: label});
    const cls = "sortable" + (sort === key ? " sorted-asc" : sort === "-" + key ? " sorted-desc" : "");
    return el("th", {class: cls, title: "sort by " + label, onclick: () => {
      const next = new URLSearchParams(params);
      next.set("sort", sort === "-" + key ? key : "-" + key);
      next.delete("offset");
      go("events", next);
    }}, label);
  }));
  const rows = data.items.map(e => el("tr", {},
    el("td", {text: e.date || ""}),
    el("td", {}, typeTag(e.event)),
    el("td", {text: e.mode || ""}),
    el("td", {class: "modality", text: e.modality}),
    el("td", {}, actorLinks(e.actor)),
    el("td", {}, actorLinks(e.recipient)),
    el("td", {text: e.place ? e.place + (e.place_country ? " (" + e.place_country + ")" : "") : ""}),
    el("td", {text: (e.confidence ?? 0).toFixed(2)}),
    el("td", {class: "evidence"}, el("a", {href: articleHref(e.article_id, e.id), title: "open in the article"}, e.evidence || "")),
    el("td", {}, el("a", {href: articleHref(e.article_id)}, (e.article_id || "").slice(0, 8)))));
  root.append(el("table", {class: "grid"}, el("thead", {}, head), el("tbody", {}, rows)));
  root.append(pager("events", params, offset, data.total));
  const exp = filterParams(params);
  exp.set("sort", sort);
  root.append(el("p", {class: "exports"}, "Export these events: ",
    ["events.csv", "events.jsonl", "events.parquet", "plover.json", "gdelt.csv"].map(n =>
      el("a", {href: "/api/export/" + n + "?" + exp.toString(), download: "dateline-" + n}, n))));
}
function actorLinks(list) {
  return (list || []).map((a, i) => [i ? "; " : "",
    el("a", {href: "#/actor/" + encodeURIComponent(a.name || a.text),
      title: [a.country, a.sector].filter(Boolean).join(" ")}, a.name || a.text)]);
}
function articleHref(aid, eid) {
  return "#/article/" + encodeURIComponent(aid || "") + (eid ? "?event=" + encodeURIComponent(eid) : "");
}
function pager(route, params, offset, total, size) {
  size = size || PAGE;
  const move = delta => () => {
    const next = new URLSearchParams(params);
    next.set("offset", Math.max(0, offset + delta));
    go(route, next);
  };
  return el("div", {class: "pager"},
    el("button", {class: "plain", disabled: offset <= 0, onclick: move(-size)}, "‹ previous"),
    el("span", {class: "muted", text: `page ${Math.floor(offset / size) + 1} of ${Math.max(1, Math.ceil(total / size))}`}),
    el("button", {class: "plain", disabled: offset + size >= total, onclick: move(size)}, "next ›"));
}

/* ---------- article reader ---------- */
async function viewArticle(id, params) {
  const root = clear(view());
  let data;
  try { data = await api("articles/" + encodeURIComponent(id)); } catch (e) { return showError(e); }
  const art = data.article;
  const events = data.events || [];
  const main = el("article", {});
  const side = el("aside", {});
  root.append(el("div", {class: "reader"}, main, side));
  const meta = [art.published && ("published " + art.published), art.source, art.section,
    "id " + art.id].filter(Boolean).join(" · ");
  main.append(el("h1", {}, marked("title", art.title || "(no title)", data.mentions, events)));
  if (art.subtitle) main.append(el("p", {class: "subtitle"}, marked("subtitle", art.subtitle, data.mentions, events)));
  main.append(el("div", {class: "meta"}, meta, art.url ? [" · ", extLink(art.url, "original")] : null));
  main.append(el("div", {class: "legend"},
    [["ent", "entity"], ["place", "place"], ["date", "date"], ["ev", "event sentence"]].map(([c, l]) => {
      const sw = el("span", {class: "sw"});
      sw.style.background = `var(--${c === "ev" ? "ev" : c})`;
      return el("span", {}, sw, l);
    })));
  for (const c of art.captions || []) {
    main.append(el("p", {class: "captions"}, c.text, c.credit ? " — " + c.credit : ""));
  }
  main.append(el("div", {class: "body fieldtext"}, marked("body", art.body || "", data.mentions, events)));
  if ((art.related || []).length) {
    main.append(el("section", {class: "related"}, el("h3", {text: "Related links (site chrome, kept apart)"}),
      el("ul", {}, art.related.map(r => el("li", {}, r.url ? extLink(r.url, r.title) : r.title)))));
  }
  side.append(el("h3", {text: `${events.length} events`}));
  const list = el("ul", {class: "evlist"});
  for (const e of events) {
    const li = el("li", {"data-event": e.id, onclick: () => focusEvent(e.id, true)},
      typeTag(e.event), " ", e.mode ? e.mode + " " : "", el("span", {class: "modality", text: e.modality}),
      el("div", {}, names(e.actor), e.recipient && e.recipient.length ? " → " + names(e.recipient) : ""),
      el("div", {class: "muted"}, [e.date || "date ?", e.place || null, "conf " + (e.confidence ?? 0).toFixed(2)]
        .filter(Boolean).join(" · ")));
    list.append(li);
  }
  side.append(list);
  const ents = (data.mentions || []).filter(m => m.kind === "entity" && m.field === "body");
  if (ents.length) {
    side.append(el("h3", {text: "Entities"}), el("ul", {}, uniqueBy(ents, m => m.text + "|" + m.name).map(m =>
      el("li", {}, m.text, " ", el("span", {class: "muted", text: [m.label, m.name !== m.text ? m.name : null, m.country, m.sector].filter(Boolean).join(" ")})))));
  }
  if (params.get("event")) focusEvent(params.get("event"), true);
}
function uniqueBy(list, key) {
  const seen = new Set();
  return list.filter(x => { const k = key(x); if (seen.has(k)) return false; seen.add(k); return true; });
}
function focusEvent(eid, scroll) {
  document.querySelectorAll("span.ev.active, .evlist li.active").forEach(n => n.classList.remove("active"));
  const spans = Array.from(document.querySelectorAll("span.ev")).filter(n => (n.dataset.ev || "").split(" ").includes(eid));
  spans.forEach(n => n.classList.add("active"));
  document.querySelectorAll(".evlist li").forEach(n => { if (n.dataset.event === eid) n.classList.add("active"); });
  if (scroll && spans.length) spans[0].scrollIntoView({block: "center", behavior: "smooth"});
}

/* Text of one field with mentions as <mark>s and event sentences as span.ev (displaCy-like).
 * Overlapping mentions: the longest one starting first wins; same-span mentions share a mark. */
function marked(field, text, mentions, events) {
  const frag = document.createDocumentFragment();
  const n = text.length;
  const groups = new Map();
  for (const m of (mentions || [])) {
    if (m.field !== field || !(m.start >= 0) || !(m.end <= n) || m.end <= m.start) continue;
    const k = m.start + ":" + m.end;
    if (!groups.has(k)) groups.set(k, {start: m.start, end: m.end, items: []});
    groups.get(k).items.push(m);
  }
  const marks = [];
  let lastEnd = -1;
  for (const g of [...groups.values()].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (g.start >= lastEnd) { marks.push(g); lastEnd = g.end; }
  }
  const evs = [];
  for (const e of (events || [])) {
    const spans = [{field: e.evidence_field, start: e.evidence_start, end: e.evidence_end}].concat(e.mentions || []);
    for (const s of spans) {
      if (s.field === field && s.start >= 0 && s.end <= n && s.end > s.start) evs.push({start: s.start, end: s.end, id: e.id});
    }
  }
  const cuts = new Set([0, n]);
  marks.forEach(g => { cuts.add(g.start); cuts.add(g.end); });
  evs.forEach(s => { cuts.add(s.start); cuts.add(s.end); });
  const points = [...cuts].sort((a, b) => a - b);
  let curGroup = null, curMarkText = null;
  let mi = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    while (mi < marks.length && marks[mi].end <= a) mi++;
    const g = (mi < marks.length && marks[mi].start <= a && b <= marks[mi].end) ? marks[mi] : null;
    const ids = [...new Set(evs.filter(s => s.start <= a && b <= s.end).map(s => s.id))];
    const piece = ids.length ? el("span", {class: "ev", "data-ev": ids.join(" ")}, text.slice(a, b))
      : document.createTextNode(text.slice(a, b));
    if (g) {
      if (g !== curGroup) {
        curGroup = g;
        const kinds = [...new Set(g.items.map(m => m.kind))];
        curMarkText = el("span", {});
        const ent = g.items.find(m => m.kind === "entity");
        const label = ent ? ent.label : kinds[0];
        frag.append(el("mark", {class: "m " + kinds.map(k => "m-" + k).join(" "), title: g.items.map(describe).join("\n")},
          curMarkText, el("span", {class: "lbl", text: label})));
      }
      curMarkText.append(piece);
    } else {
      curGroup = null;
      frag.append(piece);
    }
  }
  return frag;
}
function describe(m) {
  if (m.kind === "entity") return `${m.label}: ${m.name || m.text}` + (m.country ? ` (${m.country}${m.sector ? " " + m.sector : ""})` : "");
  if (m.kind === "place") return `place: ${m.name || m.text}` + (m.country ? ` (${m.country})` : "") + (m.lat != null ? ` ${m.lat.toFixed(2)}, ${m.lon.toFixed(2)}` : "");
  return `date: ${m.value || "?"}` + (m.granularity ? ` (${m.granularity})` : "");
}

/* ---------- articles list ---------- */
async function viewArticles(params) {
  const root = clear(view());
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const form = el("form", {class: "filters"}, el("label", {}, "text", el("input", {name: "q", value: params.get("q") || "", size: 30})),
    el("button", {type: "submit"}, "Search"));
  form.addEventListener("submit", ev => { ev.preventDefault(); const v = new FormData(form).get("q"); go("articles", new URLSearchParams(v ? {q: v} : {})); });
  root.append(el("h2", {text: "Articles"}), form);
  const q = new URLSearchParams();
  if (params.get("q")) q.set("q", params.get("q"));
  q.set("limit", PAGE); q.set("offset", offset);
  let data;
  try { data = await api("articles", q); } catch (e) { return showError(e); }
  root.append(el("p", {class: "muted", text: `${data.total} articles`}),
    el("table", {class: "grid"}, el("thead", {}, el("tr", {}, ["published", "title", "source", "events"].map(h => el("th", {text: h})))),
      el("tbody", {}, data.items.map(a => el("tr", {}, el("td", {text: a.published || ""}),
        el("td", {}, el("a", {href: articleHref(a.id)}, a.title || "(no title)")), el("td", {text: a.source || ""}),
        el("td", {text: a.events}))))), pager("articles", params, offset, data.total));
}

/* ---------- actors ---------- */
async function viewActors(params) {
  const root = clear(view());
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const q = new URLSearchParams({limit: PAGE, offset});
  if (params.get("q")) q.set("q", params.get("q"));
  const form = el("form", {class: "filters"}, el("label", {}, "name", el("input", {name: "q", value: params.get("q") || ""})),
    el("button", {type: "submit"}, "Search"));
  form.addEventListener("submit", ev => { ev.preventDefault(); const v = new FormData(form).get("q"); go("actors", new URLSearchParams(v ? {q: v} : {})); });
  root.append(el("h2", {text: "Actors"}), form);
  let data;
  try { data = await api("actors", q); } catch (e) { return showError(e); }
  root.append(el("table", {class: "grid"}, el("thead", {}, el("tr", {}, ["name", "country", "sector", "events", "as actor", "as recipient", "first", "last"].map(h => el("th", {text: h})))),
    el("tbody", {}, data.items.map(a => el("tr", {},
      el("td", {}, el("a", {href: "#/actor/" + encodeURIComponent(a.name)}, a.name)), el("td", {text: a.country || ""}),
      el("td", {text: a.sector || ""}), el("td", {text: a.events}), el("td", {text: a.as_actor}),
      el("td", {text: a.as_recipient}), el("td", {text: a.first_date || ""}), el("td", {text: a.last_date || ""}))))),
    pager("actors", params, offset, data.total));
}
async function viewActor(name) {
  const root = clear(view());
  let data;
  try { data = await api("actors/" + encodeURIComponent(name) + "/events"); } catch (e) { return showError(e); }
  const a = data.actor;
  root.append(el("h2", {text: a.name}), el("p", {class: "muted", text: [a.country, a.sector, a.wikidata, `${data.total} events`].filter(Boolean).join(" · ")}));
  root.append(el("h3", {text: "Over time"}), el("table", {class: "grid"}, el("tbody", {}, data.timeline.map(t => el("tr", {},
    el("td", {text: t.period}), el("td", {text: t.count}), el("td", {}, Object.entries(t.by_type).map(([k, v]) => [typeTag(k), ` ${v} `])))))));
  if (data.visits.length) {
    root.append(el("h3", {text: "Visits"}), el("ol", {}, data.visits.map(v => el("li", {},
      `${v.date || "date ?"} — ${v.place || "place ?"}`, v.hosts.length ? ` (hosts: ${v.hosts.join(", ")})` : "", " ",
      el("span", {class: "modality", text: v.modality})))));
  }
  root.append(el("h3", {text: "Events"}), el("ul", {}, data.events.map(e => el("li", {},
    `${e.date || "?"} `, typeTag(e.event), ` ${names(e.actor)}${e.recipient.length ? " → " + names(e.recipient) : ""} `,
    el("a", {href: articleHref(e.article_id, e.id)}, "sentence")))));
}

/* ---------- stats ---------- */
async function viewStats() {
  const root = clear(view());
  let s;
  try { s = await api("stats"); } catch (e) { return showError(e); }
  const card = (title, obj) => el("div", {class: "card"}, el("h3", {text: title}),
    el("table", {}, el("tbody", {}, Object.entries(obj || {}).map(([k, v]) => el("tr", {}, el("td", {text: k}), el("td", {text: v}))))));
  root.append(el("h2", {text: "Database"}), el("div", {class: "cards"},
    card("counts", s.counts), card("events by type", s.events_by_type), card("modality", s.events_by_modality),
    card("events by month", s.events_by_month), card("countries", s.events_by_country),
    card("event dates", s.event_dates), card("rejected inputs", s.rejects_by_reason)));
}

/* ---------- map (Natural Earth 110m, equirectangular, plain SVG) ---------- */
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
      d += ring(r).map((p, i) => { const [x, y] = project(p[0], p[1]); return (i ? "L" : "M") + x.toFixed(1) + " " + y.toFixed(1); }).join("") + "Z";
    }
    paths.push({d, name: (g.properties || {}).name || ""});
  }
  return paths;
}
async function viewMap(params) {
  const root = clear(view());
  root.append(el("h2", {text: "Map"}), filterForm("map", params));
  const status = el("p", {class: "muted", text: "Loading…"});
  root.append(status);
  try {
    if (!WORLD) { const r = await fetch("/static/countries-110m.json"); WORLD = decodeTopo(await r.json()); }
  } catch (e) { status.textContent = "basemap unavailable"; }
  const q = filterParams(params); q.set("limit", 1000); q.set("sort", "-date");
  let data;
  try { data = await api("events", q); } catch (e) { status.className = "error"; status.textContent = e.message; return; }
  const pts = data.items.filter(e => e.lat != null && e.lon != null);
  status.textContent = `${pts.length} of ${data.total} events have a place` + (data.total > data.items.length ? " (first 1000 shown)" : "");
  const wrap = el("div", {class: "mapwrap"});
  const s = svg("svg", {viewBox: `0 0 ${MAP_W} ${MAP_H}`, role: "img", "aria-label": "map of events"});
  for (const c of WORLD || []) { const p = svg("path", {d: c.d, class: "country"}); const t = svg("title", {}); t.textContent = c.name; p.append(t); s.append(p); }
  const popup = el("div", {class: "popup", hidden: true});
  for (const e of pts) {
    const [x, y] = project(e.lon, e.lat);
    const c = svg("circle", {cx: x.toFixed(1), cy: y.toFixed(1), r: 4, class: "pt", fill: TYPE_COLOR[e.event] || "#555"});
    c.addEventListener("click", ev => {
      clear(popup).append(el("div", {}, typeTag(e.event), ` ${e.date || ""} ${e.place || ""}`),
        el("div", {text: names(e.actor) + (e.recipient.length ? " → " + names(e.recipient) : "")}),
        el("div", {class: "muted", text: e.evidence || ""}), el("a", {href: articleHref(e.article_id, e.id)}, "open article"));
      const box = wrap.getBoundingClientRect();
      popup.style.left = Math.min(ev.clientX - box.left + 8, box.width - 340) + "px";
      popup.style.top = (ev.clientY - box.top + 8) + "px";
      popup.hidden = false;
      ev.stopPropagation();
    });
    s.append(c);
  }
  s.addEventListener("click", () => { popup.hidden = true; });
  wrap.append(s, popup);
  root.append(wrap, el("div", {class: "legend"}, TYPES.map(t => { const sw = el("span", {class: "sw"}); sw.style.background = TYPE_COLOR[t]; return el("span", {}, sw, t); })),
    el("p", {class: "muted", text: "Basemap: Natural Earth 1:110m admin-0 (public domain)."}));
}

/* ---------- main ---------- */
async function render() {
  const {route, arg, params} = parseHash();
  document.querySelectorAll("nav a[data-route]").forEach(a => a.classList.toggle("active", a.dataset.route === route || (route === "actor" && a.dataset.route === "actors")));
  try {
    if (route === "article" && arg) return await viewArticle(arg, params);
    if (route === "actor" && arg) return await viewActor(arg);
    if (route === "articles") return await viewArticles(params);
    if (route === "actors") return await viewActors(params);
    if (route === "map") return await viewMap(params);
    if (route === "stats") return await viewStats();
    return await viewEvents(params);
  } catch (e) { showError(e); }
}
window.addEventListener("hashchange", render);
window.addEventListener("DOMContentLoaded", render);
