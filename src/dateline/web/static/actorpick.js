/* dateline web UI: the actor picker of the filter forms (the Events and Map filters' `actor`,
 * the merged events' `party`), suggestions from GET /api/actors.
 *
 * Loaded before app.js and called from it; it uses app.js's DOM helpers (el, clear, api), so the
 * same SECURITY rules hold: the DOM is built with createElement/textContent only, never
 * innerHTML; actor names from the API are text.
 * Typing two characters or more lists the canonical actors with a name containing them (or that
 * id), most events first: name, country, actor id and events (docs/actors.md). Choosing one
 * (click, or arrow keys and Enter) puts its id in the field, so the filter matches every name of
 * that actor ("Haley" and "Nikki Haley" of nikki-haley@USA): the API takes an actor id in
 * actor, recipient and party. Text typed and not chosen still filters by "name contains".
 * The chosen actor's name and country are shown beside the field (also for an id in the URL).
 */
"use strict";

const PICK_MIN = 2;       // characters typed before suggesting
const PICK_LIMIT = 8;     // suggestions listed
const PICK_DELAY = 150;   // ms without typing before asking the API
let pickCount = 0;        // makes the listbox ids unique in the page

function actorPicker(name, label, value, attrs) {
  const listId = `pick-${name}-${++pickCount}`;
  const input = el("input", Object.assign({name, value: value || "", autocomplete: "off",
    role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
    "aria-controls": listId}, attrs || {}));
  const list = el("ul", {id: listId, class: "suggest", role: "listbox", hidden: true});
  const chosen = el("span", {class: "picked muted", "aria-live": "polite"});
  let items = [], active = -1, timer = null, asked = 0;

  const close = () => {
    list.hidden = true; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-activedescendant", "");
  };
  const mark = i => {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute("aria-selected", k === i ? "true" : "false"));
    input.setAttribute("aria-activedescendant", i >= 0 ? `${listId}-${i}` : "");
  };
  const show = a => {
    chosen.textContent = a ? `= ${a.name || a.id}${a.country ? " (" + a.country + ")" : ""}` : "";
    chosen.title = a ? `actor id ${a.id}: every name of this actor` : "";
  };
  const choose = a => { input.value = a.id; show(a); close(); };

  async function suggest() {
    const text = input.value.trim();
    if (text.length < PICK_MIN) { close(); return; }
    const seq = ++asked;
    let data;
    try { data = await api("actors", new URLSearchParams({q: text, limit: PICK_LIMIT})); } catch (e) { close(); return; }
    if (seq !== asked || input.value.trim() !== text) return;  // typing went on: a later answer counts
    items = data.items || [];
    clear(list).append(...items.map((a, i) => el("li", {id: `${listId}-${i}`, role: "option",
      "aria-selected": "false", "data-id": a.id, title: a.id,
      onmousedown: ev => { ev.preventDefault(); choose(a); }},  // before the input's blur
      el("span", {class: "pname", text: a.name || a.id}),
      el("span", {class: "muted", text: ` ${a.country || "–"} · ${a.id} · ${a.events} event${a.events === 1 ? "" : "s"}`}))));
    if (!items.length) list.append(el("li", {class: "muted", text: "no stored actor of that name"}));
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    mark(-1);
  }

  input.addEventListener("input", () => {
    show(null);
    clearTimeout(timer);
    timer = setTimeout(suggest, PICK_DELAY);
  });
  input.addEventListener("keydown", ev => {
    if (ev.key === "Escape") { close(); return; }
    if (list.hidden || !items.length) return;
    if (ev.key === "ArrowDown") { ev.preventDefault(); mark((active + 1) % items.length); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); mark((active - 1 + items.length) % items.length); }
    else if (ev.key === "Enter" && active >= 0) { ev.preventDefault(); choose(items[active]); }
  });
  input.addEventListener("blur", close);
  if (value) {  // a value from the URL: name the actor when it is an actor id
    api("actors", new URLSearchParams({q: value, limit: PICK_LIMIT})).then(data => {
      const a = (data.items || []).find(x => x.id === value);
      if (a && input.value === value) show(a);
    }, () => {});
  }
  return el("label", {class: "picker"}, label, el("span", {class: "pickwrap"}, input, list), chosen);
}
