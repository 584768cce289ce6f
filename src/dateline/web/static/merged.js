/* dateline web UI: the Events view's "Merged events" rows (GET /api/merged-events).
 *
 * Loaded before app.js and called from it; it uses app.js's DOM helpers (el, clear, view,
 * typeTag, actorLinks, articleHref, api, go, TYPES) and actorpick.js's actorPicker, so the same
 * SECURITY rules hold: the DOM is built with createElement/textContent only, never innerHTML.
 * The toggle's state is `rows=merged` in the URL hash (#/events?rows=merged&type=CONSULT).
 * Merged events take only the filters /api/merged-events accepts (type, mode, party); any other
 * filter left in the URL is named as not applied, never silently dropped.
 */
"use strict";

const MERGED_FILTERS = ["type", "mode", "party"];
const MERGED_STEP = 100;      // rows per "show more"
const MERGED_MAX = 1000;      // the API's largest limit
const MERGED_REPORTS = 20;    // reports listed per merged event

/* "Reports | Merged events": which rows the Events view shows. Switching to merged events
 * keeps the reports' filters in the URL (named there as not applied, and back in force when
 * switching back); switching to reports drops what only merged events take (mode, party). */
function rowsSwitch(current, params) {
  const to = rows => () => {
    if (rows === current) return;
    const next = new URLSearchParams(params);
    for (const k of ["offset", "limit", "rows"].concat(rows === "reports" ? ["mode", "party"] : [])) next.delete(k);
    if (rows === "merged") next.set("rows", "merged");
    go("events", next);
  };
  const btn = (rows, label, title) => el("button", {type: "button", class: "plain small" + (rows === current ? " on" : ""),
    "aria-pressed": rows === current ? "true" : "false", "data-rows": rows, title, onclick: to(rows)}, label);
  return el("div", {class: "rowswitch", role: "group", "aria-label": "rows of the table"},
    el("span", {class: "muted", text: "rows: "}),
    btn("reports", "Reports", "one row per report: an article's telling of an event"),
    btn("merged", "Merged events", "one row per real-world happening, with the reports merged into it"));
}

function mergedForm(params) {
  const form = el("form", {class: "filters"},
    el("label", {}, "type", el("select", {name: "type"}, el("option", {value: ""}, "any"),
      TYPES.map(t => el("option", {value: t, selected: params.get("type") === t}, t)))),
    el("label", {}, "mode", el("input", {name: "mode", value: params.get("mode") || "", placeholder: "e.g. visit", size: 10})),
    actorPicker("party", "party", params.get("party"), {placeholder: "name or actor id", size: 16}),
    el("button", {type: "submit"}, "Filter"),
    el("button", {type: "button", class: "plain", onclick: () => go("events", new URLSearchParams({rows: "merged"}))}, "Reset"));
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const next = new URLSearchParams({rows: "merged"});
    for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) next.set(k, String(v).trim());
    go("events", next);
  });
  return form;
}

async function viewMergedEvents(params) {
  const root = clear(view());
  root.append(el("h2", {text: "Events"}), rowsSwitch("merged", params), mergedForm(params));
  const settings = ["rows", "limit", "sort", "tl"];  // view settings, not filters
  const ignored = [...new Set([...params.keys()])].filter(k => !settings.includes(k) && !MERGED_FILTERS.includes(k));
  root.append(el("p", {class: "note muted", text: "One row per merged event (a real-world happening, from dateline merge; " +
    "ingest merges as it goes), oldest first, with how many reports, articles and sources tell it. " +
    "Only type, mode and party filter merged events; the timeline and the other filters apply to reports."}));
  if (ignored.length) {
    root.append(el("p", {class: "note ignored", text: "Not applied to merged events: " +
      ignored.map(k => `${k}=${params.get(k)}`).join(", ") + ". Switch to Reports to use them."}));
  }
  const status = el("p", {class: "muted", text: "Loading…"});
  root.append(status);
  const limit = Math.min(MERGED_MAX, Math.max(1, parseInt(params.get("limit") || "", 10) || MERGED_STEP));
  const q = new URLSearchParams();
  for (const k of MERGED_FILTERS) if (params.get(k)) q.set(k, params.get(k));
  q.set("limit", limit);
  let data;
  try { data = await api("merged-events", q); } catch (e) { status.className = "error"; status.textContent = e.message; return; }
  const n = data.items.length;
  const more = n >= limit && limit < MERGED_MAX;
  status.textContent = `${n} merged events` + (n >= limit ? ` (the oldest ${n}; there may be more)` : "");
  const head = el("tr", {}, ["date", "event", "mode", "modality", "actors", "recipients", "place", "reports",
    "articles", "sources", "conf.", "disagreements"].map(h => el("th", {text: h})));
  const rows = data.items.map(m => el("tr", {"data-merged": m.id},
    el("td", {text: (m.date || "") + (m.date_end && m.date_end !== m.date ? " – " + m.date_end : "")}),
    el("td", {}, typeTag(m.type)),
    el("td", {text: m.mode || ""}),
    el("td", {class: "modality", text: m.modality || ""}),
    el("td", {}, actorLinks(m.actors)),
    el("td", {}, actorLinks(m.recipients)),
    el("td", {text: m.place ? m.place + (m.country ? " (" + m.country + ")" : "") : ""}),
    el("td", {class: "reports"}, reportsCell(m)),
    el("td", {text: m.num_articles ?? ""}),
    el("td", {text: m.num_sources ?? ""}),
    el("td", {text: (m.confidence ?? 0).toFixed(2)}),
    el("td", {class: "muted", text: Object.keys(m.disagreements || {}).join(", "),
      title: Object.keys(m.disagreements || {}).length ? JSON.stringify(m.disagreements) : null})));
  root.append(el("table", {class: "grid merged"}, el("thead", {}, head), el("tbody", {}, rows)));
  if (more) {
    const next = new URLSearchParams(params);
    next.set("limit", Math.min(MERGED_MAX, limit + MERGED_STEP));
    root.append(el("div", {class: "pager"}, el("button", {type: "button", class: "plain", onclick: () => go("events", next)},
      `show ${Math.min(MERGED_MAX, limit + MERGED_STEP) - limit} more`)));
  }
}

/* The number of reports; a click lists them (their article and sentence), fetched one by one. */
function reportsCell(m) {
  const ids = m.event_ids || [];
  const box = el("div", {});
  const list = el("ul", {class: "reportlist", hidden: true});
  const btn = el("button", {type: "button", class: "plain small", title: "list the reports merged into this event",
    onclick: async () => {
      if (!list.hidden) { list.hidden = true; return; }
      list.hidden = false;
      clear(list).append(el("li", {class: "muted", text: "Loading…"}));
      const shown = ids.slice(0, MERGED_REPORTS);
      const items = await Promise.all(shown.map(id => api("events/" + encodeURIComponent(id)).then(
        e => el("li", {}, el("a", {href: articleHref(e.article_id, e.id)},
          (e.article && e.article.title) || (e.article_id || "").slice(0, 8)),
          e.article && e.article.source ? el("span", {class: "muted", text: " · " + e.article.source}) : null),
        err => el("li", {class: "muted", text: id + ": " + err.message}))));
      if (ids.length > shown.length) items.push(el("li", {class: "muted", text: `and ${ids.length - shown.length} more`}));
      clear(list).append(...items);
    }}, String(m.num_mentions ?? ids.length));
  box.append(btn, list);
  return box;
}
