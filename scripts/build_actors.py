"""Build the bundled actor tables in src/dateline/data/ from ../shared/data.

Outputs
-------
``actors_people.json``
    Office holders keyed on Wikidata QIDs: ``{"qid", "name", "aliases", "roles": [{"country",
    "sector", "title", "position", "kind", "start", "end"}]}``. ``start``/``end`` are ISO
    prefixes ("2025", "2025-06-04"); ``end`` null means "still in office at the snapshot".
``actors_phoenix.json``
    Compact ``[name, [aliases], [[country, sector, start, end], ...]]`` rows (no QIDs).
``actors_orgs.tsv``
    name, aliases ("|"-separated), country (ISO3 or empty), sector, kind, code: news agencies and
    state media (MED), international organisations (IGO) and government metonyms ("the
    Kremlin" -> RUS GOV).

Sources and licences
--------------------
- leaders/epscrapers_heads_wikidata_2026.csv, epscrapers_heads_wikidata_2024-10-23.csv:
  every-politician-scrapers/world-leaders-2021 (a Wikidata query result; Wikidata is CC0).
- leaders/epscrapers_heads_wikipedia_2024-10-23.csv: the same repository, scraped from
  Wikipedia's "List of current heads of state and government" (CC BY-SA 4.0).
- leaders/epscrapers_foreign_ministers_{wikidata,wikipedia}_2022-12.csv:
  every-politician-scrapers/world (Wikidata CC0 / Wikipedia CC BY-SA 4.0). Stale (Dec 2022).
- leaders/g20_asean_current/countries/*/current.json: open-data-archive/world-leaders-current
  (CC BY-SA 4.0), exact start dates for G20 + ASEAN + EU + AU leaders.
- igos-and-media/igos.tsv, news_agencies.tsv: authored for this project (CC0).
- METONYMS below: seats of government used as actors, and a few armed non-state groups,
  general knowledge (CC0).
- petrarch/Phoenix.Countries.actors.txt, Phoenix.MilNonState.actors.txt: openeventdata/petrarch2
  (MIT). People with date-restricted CAMEO codes (built ~2014-2016: open-ended roles are capped
  at PHOENIX_CAP) go to ``actors_phoenix.json`` (only names the QID tables lack); non-state armed
  groups with a plain country+sector code go to ``actors_orgs.tsv`` (kind "phoenix:nonstate"),
  and state bodies known by one distinctive word ("FBI", "Mossad") with a state sector's code
  (kind "phoenix:state").

Labels from live Wikidata can be vandalised, so a person's display name is the best label
among the sources (g20 > Wikipedia > older Wikidata > newer Wikidata), skipping labels that
look broken (a bare QID, digits, lower-case name parts).

Run: python scripts/build_actors.py [SHARED_DIR]
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from dateline.refdata.actors import ROLE_SECTORS, name_key  # noqa: E402
from dateline.refdata.countries import load_countries  # noqa: E402

SHARED = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared"
LEAD = SHARED / "data" / "leaders"
IGOM = SHARED / "data" / "igos-and-media"
OUT = ROOT / "src" / "dateline" / "data"

# Source priority for display labels (lower is better).
PRIO = {"g20": 0, "wp_heads": 1, "wp_fm": 1, "wd_heads_2024": 2, "wd_fm": 2, "wd_heads_2026": 3}

# Seats of government and similar metonyms used as actors, plus a few armed groups
# (name, aliases, country, sector).
METONYMS = [
    ("Kremlin", "the Kremlin", "RUS", "GOV"),
    ("White House", "the White House", "USA", "GOV"),
    ("Pentagon", "the Pentagon", "USA", "MIL"),
    ("State Department", "US State Department|U.S. State Department", "USA", "GOV"),
    ("Capitol Hill", "", "USA", "LEG"),
    ("Downing Street", "Number 10|No 10|No. 10", "GBR", "GOV"),
    ("Whitehall", "", "GBR", "GOV"),
    ("Elysee", "Élysée|Elysee Palace|Élysée Palace|the Elysee|the Élysée", "FRA", "GOV"),
    ("Quai d'Orsay", "", "FRA", "GOV"),
    ("Zhongnanhai", "", "CHN", "GOV"),
    ("Blue House", "Cheong Wa Dae", "KOR", "GOV"),
    ("Yongsan presidential office", "", "KOR", "GOV"),
    ("Kantei", "", "JPN", "GOV"),
    ("Chancellery", "the Chancellery", "DEU", "GOV"),
    ("Bundestag", "", "DEU", "LEG"),
    ("Knesset", "", "ISR", "LEG"),
    ("Duma", "State Duma", "RUS", "LEG"),
    ("Bankova", "", "UKR", "GOV"),
    ("Verkhovna Rada", "Rada", "UKR", "LEG"),
    ("Majlis", "", "IRN", "LEG"),
    ("Rashtrapati Bhavan", "", "IND", "GOV"),
    ("Malacanang", "Malacañang|Malacanang Palace", "PHL", "GOV"),
    ("Planalto", "Planalto Palace", "BRA", "GOV"),
    ("Casa Rosada", "", "ARG", "GOV"),
    ("Los Pinos", "", "MEX", "GOV"),
    ("Miraflores", "Miraflores Palace", "VEN", "GOV"),
    ("Congress", "US Congress|U.S. Congress", "USA", "LEG"),
    ("Senate", "US Senate|U.S. Senate", "USA", "LEG"),
    ("Workers' Party of Korea", "Workers Party of Korea|WPK", "PRK", "GOV"),
    ("Korean People's Army", "KPA", "PRK", "MIL"),
    ("People's Liberation Army", "PLA", "CHN", "MIL"),
    ("Communist Party of China", "Chinese Communist Party|CCP|CPC", "CHN", "GOV"),
    ("Islamic Revolutionary Guard Corps", "IRGC|Revolutionary Guards", "IRN", "MIL"),
    ("Israel Defense Forces", "IDF", "ISR", "MIL"),
    # armed non-state groups often in the news (general knowledge), before Phoenix's entries
    ("Hamas", "Islamic Resistance Movement", "PSE", "REB"),
    ("Palestinian Islamic Jihad", "Islamic Jihad", "PSE", "REB"),
    ("Houthis", "Houthi|Houthi rebels|Ansar Allah|Ansarallah", "YEM", "REB"),
    ("Rapid Support Forces", "RSF", "SDN", "REB"),
    ("Islamic State", "ISIS|ISIL|Daesh|Islamic State group", "", "REB"),
    ("al-Qaeda", "al-Qaida|Al Qaeda|Al-Qaeda", "", "REB"),
    ("al-Shabaab", "Al-Shabaab|al-Shabab|Al Shabaab", "SOM", "REB"),
    ("Boko Haram", "", "NGA", "REB"),
    ("M23", "M23 rebels|March 23 Movement", "COD", "REB"),
    ("Kurdistan Workers' Party", "PKK", "TUR", "REB"),
    ("Hezbollah", "Hizbollah|Hizbullah", "LBN", "REB"),
]
# Generic names ambiguous out of context: only matched with a country context by the stage.
AMBIGUOUS_METONYMS = {"Congress", "Senate", "Chancellery", "Majlis", "Duma", "Rada"}

PHOENIX = SHARED / "data" / "petrarch"
PHOENIX_CAP = "2016"  # open-ended Phoenix roles are not trusted after the dictionaries' vintage
_PHX_ROLE = re.compile(r"^\[([A-Z]{3,})\s*([<>]?)(\d{6,8})?(?:-(\d{6,8}))?\]")
_PHX_TITLES = {"PRESIDENT", "PRIME", "MINISTER", "MR", "MR.", "MRS", "MRS.", "DR", "DR.", "SENATOR",
               "GENERAL", "GEN.", "KING", "QUEEN", "PRINCE", "SHEIKH", "FOREIGN", "DEFENSE",
               "DEFENCE", "CHANCELLOR", "PREMIER", "VICE", "PRESIDENT-ELECT", "US", "UNITED", "STATES",
               "AMERICAN", "RUSSIAN", "CHINESE", "SECRETARY", "OF", "STATE", "THE", "COLONEL"}

# Known errors in the sources (documented in leaders/SOURCE.txt): (country dir, position) skipped.
G20_SKIP = {("saudi_arabia", "head_of_state")}

_BAD_PART = re.compile(r"^[a-z]")
_PARTICLES = {"bin", "binti", "de", "del", "der", "van", "von", "da", "dos", "das", "du", "al", "el",
              "la", "le", "di", "do", "ibn", "y", "e", "of", "den", "ter", "zu", "af", "bint", "ben"}


def clean_label(label: str) -> str:
    label = re.sub(r"\s*\([^)]*\)\s*$", "", (label or "").strip())  # "João Lourenço (politician)"
    return label.strip()


def label_ok(label: str) -> bool:
    if not label or re.fullmatch(r"Q\d+", label) or re.search(r"\d", label):
        return False
    parts = label.split()
    if len(parts) < 1:
        return False
    return not any(_BAD_PART.match(p) and p.lower() not in _PARTICLES for p in parts)


class People:
    def __init__(self) -> None:
        self.labels: dict[str, list[tuple[int, str]]] = {}
        self.roles: dict[str, list[dict]] = {}

    def add(self, qid: str, label: str, src: str, role: dict | None) -> None:
        if not re.fullmatch(r"Q\d+", qid or ""):
            return
        label = clean_label(label)
        if label_ok(label):
            self.labels.setdefault(qid, []).append((PRIO[src], label))
        else:
            self.labels.setdefault(qid, [])
        if role is not None:
            role = dict(role, src=src)
            self.roles.setdefault(qid, []).append(role)


_INSTITUTION_WORDS = {"administration", "government", "court", "ministry", "council", "party",
                      "committee", "commission", "office", "department", "agency", "bank",
                      "university", "union", "national", "republic", "federal", "assembly",
                      "house", "senate", "congress", "front", "movement", "organization",
                      "organisation", "institute", "service", "services", "board", "force"}


def _phx_date(d: str | None) -> str | None:
    if not d:
        return None
    if len(d) == 8:
        return f"{d[:4]}-{d[4:6]}-{d[6:]}"
    yy = int(d[:2])
    return f"{2000 + yy if yy <= 16 else 1900 + yy}-{d[2:4]}-{d[4:6]}"


def _phx_name(phrase: str, person: bool = True) -> str | None:
    """"PRESIDENT_BARACK_OBAMA" -> "Barack Obama"; None for phrases that are not a name."""
    phrase = re.sub(r"\(.*?\)", " ", phrase.split("#")[0].split("[")[0].strip().lstrip("+"))
    if "+" in phrase:
        return None
    words = [w for w in re.split(r"[_\s]+", phrase) if w]
    while words and words[0] in _PHX_TITLES:
        words = words[1:]
    if not words or (person and any(w.lower() in _INSTITUTION_WORDS or w.lower() in ROLE_SECTORS
                                    for w in words)):
        return None  # the Countries dictionary also lists institutions ("US_SUPREME_COURT")
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in words)


def _phx_blocks(path: Path):
    """(names, default code, restriction lines) records of a PETRARCH actor dictionary."""
    names: list[str] = []
    default: str | None = None
    restr: list[str] = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                if line.strip() == "" and names:
                    yield names, default, restr
                    names, default, restr = [], None, []
                continue
            if line.startswith("\t") or line.startswith(" "):
                restr.append(line.strip())
                continue
            if restr:
                yield names, default, restr
                names, default, restr = [], None, []
            m = re.search(r"\[([A-Z~]+)\]", line.split("#")[0])
            if m and not line.startswith("+"):
                default = m.group(1)
            names.append(line.strip())
    if names:
        yield names, default, restr


def phoenix(countries, known: set[str]) -> tuple[list[dict], list[list[str]]]:
    people = []
    for names, default, restr in _phx_blocks(PHOENIX / "Phoenix.Countries.actors.txt"):
        labels = [n for n in (_phx_name(x) for x in names) if n]
        full = [n for n in labels if len(n.split()) >= 2]
        if not full or any(name_key(n) in known for n in full):
            continue
        roles, home = [], None
        for r in restr:
            m = _PHX_ROLE.match(r)
            if not m:
                continue
            code, op, d1, d2 = m.groups()
            iso, sector = code[:3], code[3:6] or None
            if countries.get(iso) is None:
                continue
            home = home or iso
            if sector in (None, "ELI") or not d1:
                continue
            start, end = (None, _phx_date(d1)) if op == "<" else (_phx_date(d1), _phx_date(d2))
            if end is None:
                end = PHOENIX_CAP
            roles.append([iso, sector, start, end])
        if default and countries.get(default[:3]) is not None:
            home = home or default[:3]
        if not roles and home is None:
            continue
        if not roles:  # only a home country: a role that never covers a date
            roles.append([home, None, "0001", "0001"])
        people.append([full[0], sorted(set(full[1:]) - {full[0]}), roles])
    groups = []
    for names, default, restr in _phx_blocks(PHOENIX / "Phoenix.MilNonState.actors.txt"):
        if not default or restr or countries.get(default[:3]) is None or len(default) != 6:
            continue
        labels = [n for n in dict.fromkeys(_phx_name(x, person=False) for x in names) if n]
        if not labels:
            continue
        groups.append([labels[0], "|".join(labels[1:]), default[:3], default[3:6],
                       "phoenix:nonstate", default])
    return people, groups


#: Sectors of a state's own bodies: the only Phoenix country codes taken for a named body.
_STATE_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}


def phoenix_bodies(countries, common: set[str], surnames: set[str]) -> list[list[str]]:
    """State bodies of Phoenix.Countries.actors.txt known by one distinctive word ("FBI",
    "Mossad", "Basij", "GCHQ") with a plain country+sector code of a state sector, as
    organisation rows (kind "phoenix:state": looked up, never matched in text). Multi-word
    names are left out (the dictionary lists generic ones under the United States: "Supreme
    Court", "Department of Energy"), and so are role and body words (``common``: "Senate"),
    country names and demonyms, and the surnames of the tables' people (``surnames``:
    "Assad" is a person)."""
    rows, seen = [], set()
    for names, default, restr in _phx_blocks(PHOENIX / "Phoenix.Countries.actors.txt"):
        if default is None and len(restr) == 1:
            m = re.match(r"^\[([A-Z]{6,})\]$", restr[0].split("#")[0].strip())
            default, restr = (m.group(1), []) if m else (None, restr)
        if not default or restr or len(default) < 6 or countries.get(default[:3]) is None \
                or default[3:6] not in _STATE_SECTORS:
            continue
        # the most specific state sector of the code: "USAGOVJUD" (the Supreme Court) is JUD
        sector = [c for c in (default[3:6], default[6:9]) if c in _STATE_SECTORS][-1]
        for x in names:
            raw = x.split("#")[0].split("[")[0].strip().lstrip("+").strip("_ ")
            if not raw or "_" in raw or not re.fullmatch(r"[A-Z][A-Z0-9.\-]+", raw):
                continue
            word = raw.lower()
            if len(word) < 3 or word in common or word in surnames or word in seen \
                    or countries.lookup(word) is not None:
                continue
            seen.add(word)
            name = raw if len(raw) <= 5 or any(ch.isdigit() for ch in raw) else raw.capitalize()
            rows.append([name, "", default[:3], sector, "phoenix:state", default])
    return rows


def main() -> None:
    countries = load_countries()
    people = People()
    qid2iso: dict[str, str] = {}
    unresolved: set[str] = set()

    def iso_of(qid: str | None, label: str) -> str | None:
        if qid and qid in qid2iso:
            return qid2iso[qid]
        name = re.sub(r"\s*\(.*\)$", "", label or "").strip()
        inner = re.findall(r"\(([^)]*)\)", label or "")
        c = (countries.lookup_name(name) or countries.lookup_name(label or "")
             or (countries.lookup_name(inner[0]) if inner else None))
        if c is None:
            unresolved.add(label)
            return None
        if qid:
            qid2iso[qid] = c.iso3
        return c.iso3

    # heads of state and government (Wikidata 2024 snapshot, Wikipedia 2024, Wikidata 2026)
    snapshots: dict[str, set[tuple[str, str]]] = {}
    for fname, src in [("epscrapers_heads_wikidata_2024-10-23.csv", "wd_heads_2024"),
                       ("epscrapers_heads_wikipedia_2024-10-23.csv", "wp_heads"),
                       ("epscrapers_heads_wikidata_2026.csv", "wd_heads_2026")]:
        seen = snapshots.setdefault(src, set())
        with open(LEAD / fname, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                r = {k.lower(): v for k, v in r.items()}
                iso = iso_of(r.get("countryid"), r["country"])
                title = r.get("positionlabel") or ""
                pers = r["officeholder"]
                seen.add((pers, r["position"]))
                people.add(pers, r.get("officeholderlabel", ""), src, {
                    "country": iso, "sector": "GOV", "title": title, "position": r["position"],
                    "kind": "head", "start": r.get("start_year") or None,
                    "end": r.get("end_year") or None})

    # foreign ministers (Dec 2022, stale: no end dates known)
    for fname, src in [("epscrapers_foreign_ministers_wikidata_2022-12.csv", "wd_fm"),
                       ("epscrapers_foreign_ministers_wikipedia_2022-12.csv", "wp_fm")]:
        with open(LEAD / fname, encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                iso = iso_of(r.get("country"), r.get("countryLabel", ""))
                people.add(r["person"], r.get("name", ""), src, {
                    "country": iso, "sector": "GOV", "title": r.get("positionLabel") or "Foreign Minister",
                    "position": r.get("position") or f"fm:{iso}", "kind": "foreign_minister",
                    "start": (r.get("start") or "")[:10] or None, "end": None})

    # G20 + ASEAN + EU + AU current leaders with exact start dates
    g20_starts: dict[str, str] = {}
    for path in sorted((LEAD / "g20_asean_current" / "countries").glob("*/current.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cdir = path.parent.name
        code = (data.get("country") or {}).get("iso_code") or ""
        c = countries.by_iso2(code) if len(code) == 2 and code not in ("EU", "AU") else None
        for pos, p in (data.get("positions") or {}).items():
            h = (p or {}).get("current_holder") or {}
            if not h.get("wikidata_id") or (cdir, pos) in G20_SKIP:
                continue
            sector = "GOV" if c is not None else "IGO"
            since = h.get("since") or None
            people.add(h["wikidata_id"], h.get("name_en") or "", "g20", {
                "country": c.iso3 if c else None, "sector": sector, "title": p.get("title_en") or pos,
                "position": f"g20:{cdir}:{pos}", "kind": "head", "start": since, "end": None})
            if since:
                g20_starts[h["wikidata_id"]] = since

    # A holder open in the 2024 snapshot but absent from the 2026 one left office: end their
    # term at the start of the newest holder of the same position.
    newest: dict[str, str] = {}
    for qid, roles in people.roles.items():
        for r in roles:
            if r["src"] == "wd_heads_2026" and r["end"] is None and r["start"]:
                start = g20_starts.get(qid, r["start"]) if g20_starts.get(qid, "").startswith(r["start"]) else r["start"]
                if start > newest.get(r["position"], ""):
                    newest[r["position"]] = start
    out_people = []
    for qid, roles in people.roles.items():
        merged: dict[tuple, dict] = {}
        for r in roles:
            if r["kind"] == "head" and r["src"] != "g20":
                if (r["start"] and qid in g20_starts and g20_starts[qid].startswith(r["start"])
                        and r["end"] is None):
                    r["start"] = g20_starts[qid]
                if (r["end"] is None and r["src"] != "wd_heads_2026"
                        and (qid, r["position"]) not in snapshots["wd_heads_2026"]):
                    succ = newest.get(r["position"])
                    if succ and succ > (r["start"] or ""):
                        r["end"] = succ
            key = (r["country"], r["kind"], (r["start"] or "")[:4])
            old = merged.get(key)
            if old is None or PRIO[r["src"]] < PRIO[old["src"]] or (old["end"] is None and r["end"]):
                if old is not None and len(old.get("start") or "") > len(r.get("start") or ""):
                    r["start"] = old["start"]
                merged[key] = r
        labels = sorted(people.labels.get(qid, []))
        if not labels:
            continue
        # best label: most sources agreeing, then source priority
        counts: dict[str, int] = {}
        for _, lab in labels:
            counts[lab] = counts.get(lab, 0) + 1
        best = min(labels, key=lambda pl: (pl[0] > 1 and counts[pl[1]] < 2, pl[0], -counts[pl[1]]))[1]
        aliases = sorted({lab for _, lab in labels if lab != best})
        rs = sorted(({k: v for k, v in r.items() if k != "src"} for r in merged.values()),
                    key=lambda r: (r["start"] or ""))
        out_people.append({"qid": qid, "name": best, "aliases": aliases, "roles": rs})
    out_people.sort(key=lambda p: p["name"])
    (OUT / "actors_people.json").write_text(
        "[\n" + ",\n".join(json.dumps(p, ensure_ascii=False) for p in out_people) + "\n]\n",
        encoding="utf-8")

    known = {name_key(n) for p in out_people for n in (p["name"], *p["aliases"])}
    phx_people, phx_groups = phoenix(countries, known)
    (OUT / "actors_phoenix.json").write_text(
        "[\n" + ",\n".join(json.dumps(p, ensure_ascii=False) for p in phx_people) + "\n]\n",
        encoding="utf-8")

    # organisations
    rows = []
    with open(IGOM / "news_agencies.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            rows.append([r["name"], r["aliases"], r["country_iso3"], "MED", "media:" + (r["kind"] or ""), ""])
    with open(IGOM / "igos.tsv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            aliases = "|".join(a for a in [r["abbr"], *r["aliases"].split("|")] if a)
            sector = "NGO" if "not an IGO" in r["category"] and "humanitarian" in r["category"] else "IGO"
            rows.append([r["name"], aliases, "", sector, "igo:" + r["category"],
                         r["cameo_code_in_phoenix_dict"]])
    for name, aliases, iso, sector in METONYMS:
        kind = "metonym:ambiguous" if name in AMBIGUOUS_METONYMS else "metonym"
        rows.append([name, aliases, iso, sector, kind, ""])
    rows.extend(phx_groups)
    words = json.loads((OUT / "actor_words.json").read_text(encoding="utf-8"))
    common = ({k.lower() for k in ROLE_SECTORS} | {w.lower() for w in words["bodies"]}
              | {w.lower() for w in words["named_bodies"]}
              | {r[0].lower() for r in rows} | {a.lower() for r in rows for a in r[1].split("|") if a})
    surnames = {n.split()[-1].lower() for p in out_people for n in (p["name"], *p["aliases"]) if n}
    surnames |= {n.split()[-1].lower() for p in phx_people for n in (p[0], *p[1]) if n}
    phx_bodies = phoenix_bodies(countries, common, surnames)
    rows.extend(phx_bodies)
    with open(OUT / "actors_orgs.tsv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["name", "aliases", "country", "sector", "kind", "code"])
        w.writerows(rows)
    print(f"{len(out_people)} people, {len(phx_people)} Phoenix people, {len(rows)} organisations "
          f"({len(phx_groups)} Phoenix groups, {len(phx_bodies)} Phoenix state bodies); "
          f"unresolved country labels: {sorted(unresolved)}")


if __name__ == "__main__":
    main()
