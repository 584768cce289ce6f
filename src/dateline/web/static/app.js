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
  return {route: parts[0] || "map", arg: parts.slice(1).join("/"), params};
}
function go(route, params) {
  const qs = params && params.toString();
  const hash = "#/" + route + (qs ? "?" + qs : "");
  if (hash === window.location.hash) { render(); return; }  // same state: no hashchange event
  if (document.body && document.body.setAttribute) document.body.setAttribute("data-view", "loading");
  window.location.hash = hash;
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
    actorPicker("actor", "actor", params.get("actor"), {placeholder: "name or actor id", size: 16}),
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
  if (params.get("rows") === "merged") return viewMergedEvents(params);  // merged.js
  const root = clear(view());
  const tl = el("div", {});
  root.append(el("h2", {text: "Events"}), rowsSwitch("reports", params), filterForm("events", params), tl);
  const status = el("p", {class: "muted", text: "Loading…"});
  root.append(status);
  const tlDone = timelineSection("events", params).then(box => tl.append(box));
  const q = filterParams(params);
  const sort = params.get("sort") || "-date";
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  q.set("sort", sort); q.set("limit", PAGE); q.set("offset", offset);
  let data;
  try { data = await api("events", q); } catch (e) {
    // one message: the timeline asks with the same filters and fails the same way
    status.className = "error"; status.textContent = e.message;
    await tlDone; tl.querySelectorAll(".error").forEach(n => { if (n.textContent === e.message) n.remove(); });
    return;
  }
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
    e.date_implausible
      ? el("td", {class: "implausible", title: "dated more than a day after its article was " +
          "published: probably a misread date (sorted after the plausible dates)"}, e.date, " ⚠")
      : el("td", {text: e.date || ""}),
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
    ["events.csv", "events.jsonl", "events.parquet", "plover.json", "gdelt.csv", "gdelt-mentions.csv"].map(n =>
      el("a", {href: "/api/export/" + n + "?" + exp.toString(), download: "dateline-" + n}, n))));
  await tlDone;
}
function actorLinks(list) {
  return (list || []).map((a, i) => [i ? "; " : "",
    el("a", {href: "#/actor/" + encodeURIComponent(a.id || a.name || a.text),
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

/* ---------- stories: articles grouped by the happening they report ---------- */
async function viewStories(params) {
  const root = clear(view());
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const form = el("form", {class: "filters"},
    el("label", {}, "headline", el("input", {name: "q", value: params.get("q") || "", size: 24})),
    el("label", {}, "at least", el("input", {name: "min_size", type: "number", min: "1", value: params.get("min_size") || "2", size: 3})),
    el("button", {type: "submit"}, "Search"));
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) next.set(k, String(v).trim());
    go("stories", next);
  });
  root.append(el("h2", {text: "Stories"}), form);
  const q = new URLSearchParams();
  for (const k of ["q", "min_size"]) if (params.get(k)) q.set(k, params.get(k));
  q.set("limit", PAGE); q.set("offset", offset);
  let data;
  try { data = await api("stories", q); } catch (e) { root.append(el("p", {class: "error", text: e.message})); return; }
  root.append(el("p", {class: "muted", text: `${data.total} stories of ${q.get("min_size") || 2} articles or more (dateline stories groups them), latest first`}));
  if (!data.items.length) return;
  root.append(el("table", {class: "grid stories"},
    el("thead", {}, el("tr", {}, ["first seen", "last seen", "headline", "articles", "outlets"].map(h => el("th", {text: h})))),
    el("tbody", {}, data.items.map(st => el("tr", {"data-story": st.id},
      el("td", {text: st.first_seen || ""}), el("td", {text: st.last_seen || ""}),
      el("td", {}, el("a", {href: "#/story/" + encodeURIComponent(st.id)}, st.headline || "(no headline)")),
      el("td", {text: st.num_articles}), el("td", {text: (st.outlets || []).join(", ")}))))),
    pager("stories", params, offset, data.total));
}
async function viewStory(id) {
  const root = clear(view());
  let st;
  try { st = await api("stories/" + encodeURIComponent(id)); } catch (e) { return showError(e); }
  root.append(el("p", {}, el("a", {href: "#/stories"}, "← all stories")),
    el("h2", {text: st.headline || "(no headline)"}),
    el("p", {class: "muted", text: `${st.num_articles} articles from ${st.num_outlets} outlets, ${st.first_seen || "?"} – ${st.last_seen || "?"}`}),
    el("table", {class: "grid"}, el("thead", {}, el("tr", {}, ["published", "title", "source", "similarity"].map(h => el("th", {text: h})))),
      el("tbody", {}, (st.articles || []).map(a => el("tr", {},
        el("td", {text: a.published || ""}),
        el("td", {}, el("a", {href: articleHref(a.id)}, a.title || "(no title)"), a.duplicate_of ? el("span", {class: "muted", text: " (copy)"}) : null),
        el("td", {text: a.source || ""}),
        el("td", {text: a.similarity == null ? "" : Number(a.similarity).toFixed(2)}))))));
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
  root.append(el("table", {class: "grid"}, el("thead", {}, el("tr", {}, ["name", "country", "sectors (events)", "wikidata", "events", "as actor", "as recipient", "first", "last"].map(h => el("th", {text: h})))),
    el("tbody", {}, data.items.map(a => el("tr", {"data-id": a.id},
      el("td", {}, el("a", {href: "#/actor/" + encodeURIComponent(a.id || a.name), title: a.id || ""}, a.name)), el("td", {text: a.country || ""}),
      el("td", {text: sectorList(a.sectors)}), el("td", {text: a.wikidata || ""}), el("td", {text: a.events}), el("td", {text: a.as_actor}),
      el("td", {text: a.as_recipient}), el("td", {text: a.first_date || ""}), el("td", {text: a.last_date || ""}))))),
    pager("actors", params, offset, data.total));
}
/* the sectors an actor held, with their events: "GOV 42, OPP 20, – 31" (– : no sector) */
function sectorList(sectors) {
  return (sectors || []).map(x => `${x.sector || "–"} ${x.events}`).join(", ");
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

/* ---------- timeline section (events and map views) ---------- */
/* The timeline of the filtered events (ignoring since/until so the brushed range stays in
 * context); dragging across it sets since/until in the URL, which filters the view. */
async function timelineSection(route, params) {
  const box = el("section", {class: "tlsection"});
  const q = filterParams(params);
  q.delete("since"); q.delete("until");
  const gran = params.get("tl") || "auto";
  q.set("granularity", gran);
  let data;
  try { data = await api("timeline", q); } catch (e) { box.append(el("p", {class: "error", text: e.message})); return box; }
  const setParam = (k, v) => { const next = new URLSearchParams(params); next.delete("offset"); if (v) next.set(k, v); else next.delete(k); return next; };
  const head = el("div", {class: "tlhead"}, el("strong", {text: "Timeline"}), " ",
    el("span", {class: "muted", text: `by ${data.granularity}` + (data.coarse || data.undated ? ` · ${data.coarse} dated too coarsely, ${data.undated} undated` : "")}), " ",
    ["auto", "day", "week", "month"].map(g => el("button", {type: "button", class: "plain small" + (g === gran ? " on" : ""), onclick: () => go(route, setParam("tl", g === "auto" ? null : g))}, g)),
    el("span", {class: "muted", text: " drag across the bars to filter by date "}),
    (params.get("since") || params.get("until")) ? el("button", {type: "button", class: "plain small", onclick: () => { const n = setParam("since", null); n.delete("until"); go(route, n); }},
      `clear dates (${params.get("since") || "…"} – ${params.get("until") || "…"})`) : null);
  box.append(head, timelineChart(data.buckets, {selected: {since: params.get("since"), until: params.get("until")},
    onBrush: (since, until) => { const n = setParam("since", since); n.set("until", until); go(route, n); }}));
  return box;
}

/* ---------- map: grid clusters per zoom level ---------- */
async function viewMap(params) {
  const root = clear(view());
  root.append(el("h2", {text: "Map"}), filterForm("map", params));
  const status = el("p", {class: "muted", text: "Loading…"});
  const tl = el("div", {});
  root.append(status);
  await ensureWorld();
  const z = Math.max(0, Math.min(8, parseInt(params.get("z") || "0", 10) || 0));
  const c = (params.get("c") || "").split(",").map(Number);
  const center = c.length === 2 && c.every(Number.isFinite) ? c : [0, 20];
  const q = filterParams(params); q.set("zoom", z);
  let data;
  try { data = await api("clusters", q); } catch (e) { status.className = "error"; status.textContent = e.message; return; }
  status.textContent = `${data.placed} of ${data.events} events have a place` + (data.clusters.length < data.placed ? ` (${data.clusters.length} clusters)` : "");
  const moveTo = (nz, ncenter) => { const n = new URLSearchParams(params); n.set("z", Math.max(0, Math.min(8, nz))); n.set("c", ncenter.map(v => v.toFixed(3)).join(",")); go("map", n); };
  const wrap = el("div", {class: "mapwrap"});
  const {svg: s, scale} = mapSvg(z, center);
  const popup = el("div", {class: "popup", hidden: true});
  for (const cl of data.clusters) {
    const [x, y] = project(cl.lon, cl.lat);
    const r = (cl.count > 1 ? 5 + 2.5 * Math.log2(cl.count) : 4) / scale;
    const g = svg("g", {class: "cluster", "data-count": cl.count, "data-event": cl.event_id || ""});
    g.append(svg("circle", {cx: x.toFixed(2), cy: y.toFixed(2), r: r.toFixed(3), class: "pt", fill: TYPE_COLOR[cl.type] || "#555", "stroke-width": (0.6 / scale).toFixed(3)}));
    if (cl.count > 1) {
      const t = svg("text", {x: x.toFixed(2), y: (y + 3.5 / scale).toFixed(2), "text-anchor": "middle", class: "ptlabel", "font-size": (9 / scale).toFixed(3)});
      t.textContent = String(cl.count);
      g.append(t);
    }
    const title = svg("title", {});
    title.textContent = `${cl.count} events: ` + Object.entries(cl.by_type).map(([k, v]) => `${k} ${v}`).join(", ");
    g.append(title);
    g.addEventListener("click", async ev => {
      ev.stopPropagation();
      const box = wrap.getBoundingClientRect();
      popup.style.left = Math.max(0, Math.min(ev.clientX - box.left + 8, box.width - 360)) + "px";
      popup.style.top = (ev.clientY - box.top + 8) + "px";
      clear(popup).append(el("p", {class: "muted", text: "Loading…"}));
      popup.hidden = false;
      const eq = filterParams(params); eq.set("bbox", cl.bbox); eq.set("limit", 10); eq.set("sort", "-date");
      let evs;
      try { evs = await api("events", eq); } catch (e) { clear(popup).append(el("p", {class: "error", text: e.message})); return; }
      clear(popup).append(el("div", {class: "muted", text: `${cl.count} event${cl.count > 1 ? "s" : ""} here` + (evs.total > evs.items.length ? ` (latest ${evs.items.length})` : "")}),
        el("ul", {class: "poplist"}, evs.items.map(e => el("li", {"data-event": e.id}, typeTag(e.event), ` ${e.date || ""} ${e.place || ""} `,
          el("div", {text: names(e.actor) + (e.recipient.length ? " → " + names(e.recipient) : "")}),
          el("div", {class: "muted", text: e.evidence || ""}),
          el("a", {href: articleHref(e.article_id, e.id), class: "sentence-link"}, "read the sentence in the article ›")))),
        cl.count > 1 && z < 8 ? el("button", {type: "button", class: "plain small", onclick: () => moveTo(z + 2, [cl.lon, cl.lat])}, "zoom in") : null);
    });
    s.append(g);
  }
  s.addEventListener("click", () => { popup.hidden = true; });
  s.addEventListener("dblclick", ev => {
    const box = s.getBoundingClientRect(), vb = s.viewBox.baseVal;
    const px = vb.x + (ev.clientX - box.left) / box.width * vb.width, py = vb.y + (ev.clientY - box.top) / box.height * vb.height;
    moveTo(z + 1, [px / MAP_W * 360 - 180, 90 - py / MAP_H * 180]);
  });
  wrap.append(s, popup);
  const zoomBar = el("div", {class: "zoombar"},
    el("button", {type: "button", class: "plain small", title: "zoom in", disabled: z >= 8, onclick: () => moveTo(z + 1, center)}, "+"),
    el("button", {type: "button", class: "plain small", title: "zoom out", disabled: z <= 0, onclick: () => moveTo(z - 1, center)}, "−"),
    el("button", {type: "button", class: "plain small", onclick: () => { const n = new URLSearchParams(params); n.delete("z"); n.delete("c"); go("map", n); }}, "world"),
    el("span", {class: "muted", text: ` zoom ${z} · cells of ${data.cell_degrees}° · double-click to zoom`}));
  root.append(tl, zoomBar, wrap, el("div", {class: "legend"}, TYPES.map(t => { const sw = el("span", {class: "sw"}); sw.style.background = TYPE_COLOR[t]; return el("span", {}, sw, t); })),
    el("p", {class: "muted", text: "Basemap: Natural Earth 1:110m admin-0 (public domain)."}));
  tl.append(await timelineSection("map", params));
}

/* ---------- actor network ---------- */
async function viewNetwork(params) {
  const root = clear(view());
  root.append(el("h2", {text: "Actor network"}), filterForm("network", params));
  const status = el("p", {class: "muted", text: "Loading…"});
  root.append(status);
  const top = Math.max(1, parseInt(params.get("actors") || "30", 10) || 30);
  const generic = params.get("generic") === "true";
  const q = filterParams(params); q.set("limit", params.get("limit") || 80); q.set("actors", top);
  if (generic) q.set("generic", "true");
  let data;
  try { data = await api("network", q); } catch (e) { status.className = "error"; status.textContent = e.message; return; }
  const change = (k, v) => () => { const n = new URLSearchParams(params); if (v === null) n.delete(k); else n.set(k, v); go("network", n); };
  status.textContent = `${data.nodes.length} actors (the ${top} with the most events of ${data.total_actors}), ${data.edges.length} of ${data.total_edges} actor → recipient links (edge width: events; colour: dominant PLOVER quad class)` +
    (data.hidden_generic ? `; ${data.hidden_generic} pronouns and generic names hidden` : "") + ". Click an actor for its page.";
  root.append(el("p", {class: "netctl"},
    top < data.total_actors ? el("button", {type: "button", class: "plain small", onclick: change("actors", top + 30)}, "show 30 more actors") : null,
    top > 30 ? el("button", {type: "button", class: "plain small", onclick: change("actors", null)}, "top 30 only") : null,
    el("label", {}, el("input", {type: "checkbox", name: "generic", checked: generic, onchange: change("generic", generic ? null : "true")}),
      " show pronouns and generic names (we, officials, …)")));
  if (!data.edges.length) { root.append(el("p", {class: "muted", text: "No events with both an actor and a recipient."})); return; }
  root.append(el("div", {class: "netwrap"}, networkChart(data, key => go("actor/" + encodeURIComponent(key)))), quadLegend());
}

/* ---------- actor page: events in time, on the map, travels ---------- */
async function viewActor(name) {
  const root = clear(view());
  let data;
  try { data = await api("actors/" + encodeURIComponent(name) + "/events"); } catch (e) { return showError(e); }
  const a = data.actor;
  root.append(el("h2", {text: a.name}), el("p", {class: "muted", text: [a.country, sectorList(a.sectors), a.wikidata, `${data.total} events`, a.id ? "id " + a.id : ""].filter(Boolean).join(" · ")}),
    a.others && a.others.length ? el("p", {class: "muted"}, "Other actors of this name: ", a.others.map((o, i) => [i ? ", " : "", el("a", {href: "#/actor/" + encodeURIComponent(o)}, o)])) : "",
    el("p", {}, el("a", {href: "#/events?" + new URLSearchParams({actor: a.id || a.name}).toString()}, "these events in the table"), " · ",
      el("a", {href: "#/network?" + new URLSearchParams({actor: a.id || a.name}).toString()}, "network around this actor")));
  root.append(el("h3", {text: "Over time"}), timelineChart(bucketize(data.events), {onBrush: (since, until) =>
    go("events", new URLSearchParams({actor: a.id || a.name, since, until}))}));
  // map: every placed event, and the visits joined in date order
  await ensureWorld();
  const placed = data.events.filter(e => e.lat != null && e.lon != null);
  const wrap = el("div", {class: "mapwrap small"});
  const {svg: s} = mapSvg(0, [0, 20]);
  const stops = data.visits.filter(v => v.lat != null && v.lon != null);
  if (stops.length > 1) {
    s.append(svg("polyline", {class: "travel", points: stops.map(v => project(v.lon, v.lat).map(n => n.toFixed(1)).join(",")).join(" ")}));
  }
  for (const e of placed) {
    const [x, y] = project(e.lon, e.lat);
    const c = svg("circle", {cx: x.toFixed(1), cy: y.toFixed(1), r: 4, class: "pt", fill: TYPE_COLOR[e.event] || "#555"});
    const t = svg("title", {}); t.textContent = `${e.date || "?"} ${e.event} ${e.place || ""}`; c.append(t);
    c.addEventListener("click", () => go("article/" + encodeURIComponent(e.article_id), new URLSearchParams({event: e.id})));
    s.append(c);
  }
  stops.forEach((v, i) => {
    const [x, y] = project(v.lon, v.lat);
    const t = svg("text", {x: (x + 5).toFixed(1), y: (y - 5).toFixed(1), class: "stop"}); t.textContent = String(i + 1); s.append(t);
  });
  wrap.append(s);
  root.append(el("h3", {text: `On the map (${placed.length} of ${data.total} events placed)`}), wrap);
  root.append(el("h3", {text: `Travels (${data.visits.length} visits, in date order)`}));
  if (data.visits.length) {
    root.append(el("ol", {class: "visits"}, data.visits.map(v => el("li", {},
      el("strong", {text: v.date ? v.date + (v.date_end && v.date_end !== v.date ? " – " + v.date_end : "") : "date ?"}), ` ${v.place || "place ?"}`,
      v.country ? ` (${v.country})` : "", v.hosts.length ? ` — hosts: ${v.hosts.join(", ")}` : "", " ",
      el("span", {class: "modality", text: v.modality}), " ", el("a", {href: articleHref(data.events.find(e => e.id === v.event_id).article_id, v.event_id)}, "sentence")))));
  } else {
    root.append(el("p", {class: "muted", text: "No visits recorded."}));
  }
  root.append(el("h3", {text: "Events"}), el("ul", {class: "actorevents"}, data.events.map(e => el("li", {},
    `${e.date || "?"} `, typeTag(e.event), ` ${names(e.actor)}${e.recipient.length ? " → " + names(e.recipient) : ""} `,
    e.place ? `@ ${e.place} ` : "", el("a", {href: articleHref(e.article_id, e.id)}, "sentence")))));
}

/* ---------- main ---------- */
let RENDER_GEN = 0;
async function render() {
  const gen = ++RENDER_GEN;
  const {route, arg, params} = parseHash();
  document.querySelectorAll("nav a[data-route]").forEach(a => a.classList.toggle("active", a.dataset.route === route || (route === "actor" && a.dataset.route === "actors") || (route === "story" && a.dataset.route === "stories")));
  document.body && document.body.setAttribute && document.body.setAttribute("data-view", "loading");
  try {
    if (route === "article" && arg) return await viewArticle(arg, params);
    if (route === "actor" && arg) return await viewActor(arg);
    if (route === "articles") return await viewArticles(params);
    if (route === "stories") return await viewStories(params);
    if (route === "story" && arg) return await viewStory(arg);
    if (route === "actors") return await viewActors(params);
    if (route === "map" || !route) return await viewMap(params);
    if (route === "network") return await viewNetwork(params);
    if (route === "stats") return await viewStats();
    return await viewEvents(params);
  } catch (e) { showError(e); } finally {
    // body[data-view] tells tests (and screenshots) that the latest view has finished drawing
    if (gen === RENDER_GEN && document.body && document.body.setAttribute) document.body.setAttribute("data-view", route);
  }
}
window.addEventListener("hashchange", render);
window.addEventListener("DOMContentLoaded", render);
