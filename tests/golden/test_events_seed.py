"""Golden test: the events stage on the seed article, scored against its gold events.

Runs the real nlp stage (skips without the spaCy model or ../shared). Entity, date and place
mentions come from the real stages when they are registered and working; otherwise from the
simple stand-ins below (spaCy NER + the country table + a small test-only table of the
seed's people and cities), so this test measures the events stage on its own.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.model import DateMention, Document, EntityMention, PlaceMention

from .seed_layout import build_stages, cut_seed_article

SEED = "seed/000_b5755a8c383d1ad7.txt"
GOLD = "gold/000_b5755a8c383d1ad7.gold.json"

# test-only reference data standing in for the entities/places stages
PEOPLE = {"Kim Jong-un": "PRK", "Xi Jinping": "CHN", "Vladimir Putin": "RUS",
          "Donald Trump": "USA", "Lee Jae Myung": "KOR", "Choe Son Hui": "PRK"}
ORGS = {"Kremlin": ("RUS", "GOV"), "Korean Central News Agency": ("PRK", "MED")}
CITIES = {"Beijing": (39.9075, 116.39723, "CHN"), "Hanoi": (21.0245, 105.84117, "VNM"),
          "Pyongyang": (39.03385, 125.75432, "PRK"), "Dandong": (40.12917, 124.39472, "CHN"),
          "Moscow": (55.75, 37.62, "RUS"), "Washington": (38.9, -77.04, "USA")}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def stand_in_mentions(doc: Document, countries) -> None:
    """Entity/place/date mentions from spaCy's NER with test-only tables."""
    pub = date(2025, 9, 2)
    for f, parsed in doc.parsed.items():
        for ent in parsed.ents:
            text = re.sub(r"[\u2019']s$", "", ent.text)
            s, e = ent.start_char, ent.start_char + len(text)
            if ent.label_ in ("PERSON", "ORG"):
                full = next((n for n in PEOPLE if text == n), None)
                toks = [t for t in ent if t.is_alpha]
                if full is None and toks:  # a short reference ("Kim", "Trump")
                    t0 = toks[0]
                    full = next((n for n in PEOPLE if t0.text in (n.split()[0], n.split()[-1])), None)
                    text, s, e = t0.text, t0.idx, t0.idx + len(t0.text)
                if full is not None:
                    doc.entities.append(EntityMention(text, "PERSON", s, e, full, PEOPLE[full],
                                                      "GOV", field=f))
                    continue
            if ent.label_ in ("ORG",) and text.replace("the ", "") in ORGS:
                c, sec = ORGS[text.replace("the ", "")]
                doc.entities.append(EntityMention(text, "ORG", s, e, text, c, sec, field=f))
            elif ent.label_ in ("GPE", "NORP", "LOC"):
                if text in CITIES:
                    lat, lon, c = CITIES[text]
                    doc.entities.append(EntityMention(text, "GPE", s, e, text, c, field=f))
                    doc.places.append(PlaceMention(text, s, e, text, None, lat, lon, c, "city", f))
                    continue
                cty = countries.lookup(text)
                if cty is None:
                    continue
                doc.entities.append(EntityMention(text, ent.label_, s, e, cty.name, cty.iso3,
                                                  field=f))
                if ent.label_ == "GPE":
                    doc.places.append(PlaceMention(text, s, e, cty.name, cty.geonameid, cty.lat,
                                                   cty.lon, cty.iso3, "country", f))
            elif ent.label_ == "DATE":
                low = text.lower()
                for i, wd in enumerate(WEEKDAYS):
                    if wd in low:
                        d = pub + timedelta(days=i - pub.weekday())
                        if i == 6:
                            d -= timedelta(days=7)
                        m = re.search(wd, low)
                        doc.dates.append(DateMention(text[m.start():m.end()], s + m.start(),
                                                     s + m.end(), d.isoformat(), "day", f))
                        break
        for m in re.finditer(r"\b(19|20)\d\d\b", parsed.text):
            doc.dates.append(DateMention(m.group(), m.start(), m.end(), m.group(), "year", f))


def run_seed(shared):
    from dateline.refdata.countries import load_countries

    doc = build_stages("nlp")(Document(article=cut_seed_article(shared)))
    stand_in_mentions(doc, load_countries())
    return build_stages("events")(doc)


def _score(shared, pred):
    import json

    gold = json.loads((shared / GOLD).read_text(encoding="utf-8"))["events"]
    from dateline.evaluate.gold import score_events
    from dataclasses import asdict

    res = score_events([asdict(e) for e in pred], gold)
    return res.to_dict() if hasattr(res, "to_dict") else res


def test_seed_events_core(shared_dir):
    doc = run_seed(shared_dir)
    evs = doc.events
    by = {(e.event, e.mode, e.modality): e for e in evs}
    kim_visit = [e for e in evs if e.event == "CONSULT" and e.mode == "visit"
                 and any(a.name == "Kim Jong-un" for a in e.actor)]
    assert len(kim_visit) == 1, [(e.event, e.mode, [a.name for a in e.actor]) for e in evs]
    kv = kim_visit[0]
    assert [r.country for r in kv.recipient] == ["CHN"]
    assert kv.modality == "asserted" and kv.location.country == "CHN"
    assert {m.field for m in kv.mentions} >= {"title", "body"}
    assert kv.evidence.field == "body"
    multi = by.get(("CONSULT", "multilateral", "future"))
    assert multi is not None
    assert {a.name for a in multi.actor} == {"Kim Jong-un", "Xi Jinping", "Vladimir Putin"}
    assert multi.date == "2025-09-03" and multi.location.name == "Beijing"
    putin = [e for e in evs if e.mode == "visit" and e.actor[0].name == "Vladimir Putin"]
    assert putin and putin[0].date == "2025-08-31"
    hanoi = by.get(("CONSULT", "third-party", "historical"))
    assert hanoi is not None and hanoi.date == "2019" and hanoi.location.country == "VNM"
    agree = [e for e in evs if e.event == "AGREE"]
    assert agree and {a.name for a in agree[0].actor} == {"Donald Trump", "Lee Jae Myung"}
    assert agree[0].recipient[0].country == "PRK"
    hypo = [e for e in evs if e.event == "CONSULT" and e.modality == "hypothetical"]
    assert hypo and any(a.name == "Kim Jong-un" for a in hypo[0].actor)
    for e in evs:
        assert e.evidence.sentence == getattr(doc.article, e.evidence.field)[
            e.evidence.start:e.evidence.end]
        assert 0.0 <= e.confidence <= 1.0 and e.id
        for m in e.mentions:  # one paragraph each, no stray whitespace
            assert "\n" not in m.sentence and m.sentence == m.sentence.strip()
    assert len({e.id for e in evs}) == len(evs)


def test_seed_events_score(shared_dir):
    doc = run_seed(shared_dir)
    s = _score(shared_dir, doc.events)
    print("seed events:", s)
    assert s["f1"] >= 0.9
    assert s["modality_acc"] >= 0.9


def test_seed_events_full_pipeline(pipeline, shared_dir):
    """The whole default pipeline (real clean/entities/dates/places stages) on the seed."""
    from dateline.model import RawInput

    path = shared_dir / SEED
    doc = pipeline(RawInput(str(path), "text", path.read_text(encoding="utf-8")))
    s = _score(shared_dir, doc.events)
    print("seed events (full pipeline):", {k: v for k, v in s.items() if k != "pairs"})
    assert s["fp"] <= 1 and s["tp"] >= 5
    assert s["modality_acc"] >= 0.8
