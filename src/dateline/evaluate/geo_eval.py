"""``dateline evaluate geo``: geocoding accuracy on the geoparsing corpora (LGL, GWN, GeoVirus).

Readers: :func:`read_corpus` understands the three XML layouts of the Gritta et al. release
(``Corpora/lgl.xml``: ``toponym/{start,end,phrase,gaztag/{lat,lon}}``; ``GWN.xml``:
``toponym/{extractedName,start,end,latitude,longitude}``; ``Corpora/GeoVirus.xml``:
``location/{name,start,end,lat,lon}``). Only toponyms with gold coordinates are scored.

Two settings:

* **resolution** (gold toponyms given): every gold toponym is resolved by the places stage's
  own resolver (:func:`dateline.stages.places.resolve_mentions`: context countries and states
  the article's other gold toponyms name, proximity to their readings, the place named inside
  a longer name), with one difference: a toponym nothing matches gets the place the article
  names nearest to it (``nearest=True``) -- a gold toponym is known to be a place, while the
  stage's own candidates include organisations spaCy mislabels. ``dateline_halves``: the
  accuracy on the first and the second half of the articles (file order; the first half was
  the development half of issue 4, the second was only scored). Measures:
  accuracy@161 km, mean / median error km, AUC of the error curve (Gritta et al. 2018: the
  area under log(1 + error_km) / log(20039) over the toponyms sorted by error, 0 best, 1
  worst; toponyms without a prediction count as 20039 km), and coverage (share of toponyms
  that got any coordinate). The accuracy, mean, median and AUC are over all gold toponyms with
  a miss scored at 20039 km -- so they are not flattered by dropping hard names; ``*_resolved``
  repeats accuracy over the resolved ones only.
* **end to end**: the nlp + places stages run on the article text; a predicted mention matches a
  gold toponym when their offsets overlap. Recall (gold toponyms matched), precision (predicted
  mentions that overlap some gold toponym) and accuracy@161 km over matched pairs;
  ``acc161_of_gold`` (gold toponyms found and placed within 161 km) and, beside it,
  ``baseline_acc161_of_gold``: the same found mentions placed by the most-populous baseline;
  ``end_to_end_halves``: the same over the first and the second half of the articles (issue
  15's rules were developed on the first halves).
* **literal only** (``literal=True``, ``--literal-only``): both settings over the literal
  toponyms only -- GeoWebNews' types Literal, Mixed, Literal_Modifier and Embedded_Literal;
  in LGL and GeoVirus (no types) every toponym but a nationality word. A predicted mention on a
  non-literal gold span ("Washington" meaning the government) counts neither right nor wrong.

Variants kept from before the stage did these itself (they now change little):
``dateline_demonyms`` (an unplaceable demonym -> its country) and ``dateline_suggested``
(that, plus "X County" / "X Parish" -> "X").

Baseline in the same run: "most populous" over the same gazetteer -- a country or named
region name as the gazetteer gives it, else the candidate with the largest population, with
no context at all.
"""

from __future__ import annotations

import math
import re
import statistics
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from ..model import Article, Document
from ..refdata.gazetteer import Gazetteer, Place, fold
from ..stages.places import article_context, resolve_mentions, trim

EARTH_RADIUS_KM = 6371.0088
MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the largest possible error
ACC_KM = 161.0  # 100 miles


@dataclass(frozen=True)
class Toponym:
    """A gold toponym: span in the article text and gold coordinates; ``kind`` is GeoWebNews'
    type ("Literal", "Metonymic", "Demonym", ...), "" where the corpus gives none."""

    start: int
    end: int
    text: str
    lat: float
    lon: float
    kind: str = ""


@dataclass
class GeoArticle:
    id: str
    text: str
    toponyms: list[Toponym]
    #: every gold span, with or without coordinates: (start, end, kind)
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    #: gold spans a prediction may overlap without counting right or wrong (with
    #: :func:`literal_only`: the non-literal toponyms)
    neutral: list[tuple[int, int]] = field(default_factory=list)

    def toponyms_spans(self) -> list[tuple[int, int]]:
        return [(t.start, t.end) for t in self.toponyms]


#: GeoWebNews types that name a place as a place (Gritta et al. 2019, "literal" toponyms);
#: Metonymic, Demonym, Language, Homonym, Non_Toponym and the Non_Lit_* types do not.
LITERAL_TYPES = frozenset({"Literal", "Mixed", "Literal_Modifier", "Embedded_Literal"})


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def auc_of_errors(errors_km: Iterable[float]) -> float:
    """Gritta et al.'s AUC: trapezoid area under the sorted curve of
    log(1 + err) / log(MAX_ERROR_KM), x spread evenly over [0, 1]; 0 is perfect.

    One toponym: its scaled error. Sorting makes the curve monotone; with n points the x step
    is 1 / (n - 1)."""
    scaled = sorted(math.log(1 + min(max(e, 0.0), MAX_ERROR_KM)) / math.log(MAX_ERROR_KM)
                    for e in errors_km)
    n = len(scaled)
    if n == 0:
        return 0.0
    if n == 1:
        return scaled[0]
    return sum((scaled[i] + scaled[i + 1]) / 2 for i in range(n - 1)) / (n - 1)


def _f(el: Optional[ET.Element]) -> Optional[float]:
    if el is None or el.text is None or not el.text.strip():
        return None
    try:
        return float(el.text)
    except ValueError:
        return None


def _i(el: Optional[ET.Element]) -> Optional[int]:
    v = _f(el)
    return int(v) if v is not None else None


def _align(text: str, s: int, e: int, name: str, window: int = 40) -> tuple[int, int]:
    """Offsets that really hold ``name``: GeoVirus offsets are off by one or more characters,
    so when ``text[s:e]`` is not the gold name the nearest occurrence within ``window``
    characters is taken (unchanged when there is none)."""
    if not name or text[s:e] == name:
        return s, e
    best = None
    for m in re.finditer(re.escape(name), text[max(0, s - window):s + window + len(name)]):
        i = max(0, s - window) + m.start()
        if best is None or abs(i - s) < abs(best - s):
            best = i
    return (best, best + len(name)) if best is not None else (s, e)


def read_corpus(path: str | Path, limit: Optional[int] = None) -> list[GeoArticle]:
    """Articles and their gold toponyms (with coordinates) from one corpus XML file."""
    root = ET.parse(str(path)).getroot()
    out: list[GeoArticle] = []
    for n, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        aid = art.get("docid") or art.get("file") or art.findtext("source") or str(n)
        tops: list[Toponym] = []
        spans: list[tuple[int, int, str]] = []
        for t in list(art.iter("toponym")) + list(art.iter("location")):
            s, e = _i(t.find("start")), _i(t.find("end"))
            kind = (t.findtext("type") or "").strip()
            if s is not None and e is not None and 0 <= s < e <= len(text):
                spans.append((s, e, kind))
            lat = _f(t.find("gaztag/lat")) if t.find("gaztag") is not None else None
            lon = _f(t.find("gaztag/lon")) if t.find("gaztag") is not None else None
            if lat is None:
                lat, lon = _f(t.find("latitude")), _f(t.find("longitude"))
            if lat is None:
                lat, lon = _f(t.find("lat")), _f(t.find("lon"))
            if s is None or e is None or lat is None or lon is None:
                continue
            name = (t.findtext("phrase") or t.findtext("extractedName") or t.findtext("name")
                    or "").strip()
            s, e = _align(text, s, e, name)
            if not 0 <= s < e <= len(text):
                continue
            tops.append(Toponym(s, e, text[s:e], lat, lon, kind))
        out.append(GeoArticle(str(aid), text, sorted(tops, key=lambda t: t.start), spans))
        if limit and len(out) >= limit:
            break
    return out


def is_literal(gaz: Gazetteer, text: str, kind: str) -> bool:
    """A literal toponym: GeoWebNews' :data:`LITERAL_TYPES`; in a corpus without types (LGL,
    GeoVirus), any toponym but a nationality word ("American", "Iraqis")."""
    if kind:
        return kind in LITERAL_TYPES
    name = trim(text, 0, len(text))[0] or text
    return gaz.countries.lookup_demonym(name) is None


def literal_only(arts: list[GeoArticle], gaz: Gazetteer) -> list[GeoArticle]:
    """The articles with their literal gold toponyms only (:func:`is_literal`); the other gold
    spans become ``neutral``: a prediction on one ("Washington" for the government, "Syrian")
    counts neither right nor wrong in the end-to-end precision."""
    out = []
    for art in arts:
        tops = [t for t in art.toponyms if is_literal(gaz, t.text, t.kind)]
        spans = art.spans or [(t.start, t.end, t.kind) for t in art.toponyms]
        lit = [(s, e, k) for s, e, k in spans if is_literal(gaz, art.text[s:e], k)]
        neutral = [(s, e) for s, e, k in spans if not is_literal(gaz, art.text[s:e], k)]
        out.append(replace(art, toponyms=tops, spans=lit, neutral=neutral))
    return out


# -- resolvers (gold toponyms given) ----------------------------------------------------------

Resolver = Callable[[GeoArticle], list[Optional[Place]]]


def _name(t: Toponym) -> str:
    return trim(t.text, t.start, t.end)[0] or t.text


def dateline_resolver(gaz: Gazetteer) -> Resolver:
    """The places stage's ranking: context = countries the article's gold toponyms name."""

    def run(art: GeoArticle) -> list[Optional[Place]]:
        mentions = [(_name(t), t.start, t.end, "body", 0) for t in art.toponyms]
        return resolve_mentions(gaz, mentions, nearest=True)

    return run


def demonym_table(gaz: Gazetteer) -> dict[str, str]:
    """Folded demonym (and plural) -> iso3, the most populous country winning a shared
    demonym. (``CountryTable.lookup_demonym`` keeps the first country listed: "French" ->
    ATF, "American" -> MNP, "Dutch" -> BES; reported to the lead.)"""
    best: dict[str, tuple[int, str]] = {}
    for dem, iso3 in gaz.countries.demonyms():
        c = gaz.countries.get(iso3)
        pop = (c.population or 0) if c is not None else 0
        for key in {fold(dem), fold(dem) + "s"}:
            if key not in best or pop > best[key][0]:
                best[key] = (pop, iso3)
    return {k: v[1] for k, v in best.items()}


def demonym_resolver(gaz: Gazetteer) -> Resolver:
    """:func:`dateline_resolver`, plus: a toponym the gazetteer cannot place but the country
    table knows as a demonym ("Russian", "Palestinians") is read as that country -- what
    the annotators of LGL and GeoWebNews mean by such a toponym (a suggestion for the stage)."""
    base = dateline_resolver(gaz)
    demonyms = demonym_table(gaz)

    def run(art: GeoArticle) -> list[Optional[Place]]:
        out = base(art)
        for i, (t, place) in enumerate(zip(art.toponyms, out)):
            if place is None:
                iso3 = demonyms.get(fold(_name(t)))
                if iso3 is not None:
                    out[i] = gaz.country_place(iso3)
        return out

    return run


_ADMIN_SUFFIX = re.compile(r"\s+(?:County|Parish|Township|Borough|City|Co\.)$")


def suggested_resolver(gaz: Gazetteer) -> Resolver:
    """:func:`demonym_resolver`, plus: a name the gazetteer cannot place that ends in an
    admin word ("Laurel County", "Rapides Parish", "Quezon City") is resolved without it, in
    the same article context (the gazetteer has no counties; the seat or namesake town is
    usually within 161 km). A suggestion for the stage."""
    base = demonym_resolver(gaz)

    def run(art: GeoArticle) -> list[Optional[Place]]:
        out = base(art)
        if all(p is not None for p in out):
            return out
        mentions = [(_name(t), t.start, t.end, "body", 0) for t in art.toponyms]
        actx = article_context(gaz, mentions)
        for i, (m, place) in enumerate(zip(mentions, out)):
            suffix = _ADMIN_SUFFIX.search(m[0]) if place is None else None
            if suffix is not None and suffix.start() > 0:
                out[i] = gaz.resolve(m[0][:suffix.start()], actx.for_mention(m[0]))
        return out

    return run


def most_populous(gaz: Gazetteer, text: str) -> Optional[Place]:
    """Country / named region by name, else the most populous candidate (no context)."""
    iso3 = gaz.country_of(text)
    if iso3 is not None:
        return gaz.country_place(iso3)
    region = gaz.region(text)
    if region is not None:
        return region
    cands = gaz.candidates(text)
    return max(cands, key=lambda pe: pe[0].population)[0] if cands else None


def population_resolver(gaz: Gazetteer) -> Resolver:
    """The baseline: :func:`most_populous` for every toponym."""
    return lambda art: [most_populous(gaz, _name(t)) for t in art.toponyms]


def error_class(gaz: Gazetteer, t: Toponym, place: Optional[Place], err: float) -> str:
    """A coarse label for a resolution error (for the error table of the report)."""
    name = _name(t)
    if place is None:
        if gaz.countries.lookup_demonym(name) is not None:
            return "demonym (not a place name in the gazetteer)"
        if "," in name or " " in name:
            return "unresolved multiword/qualified name"
        if name[:1].islower():
            return "unresolved lower-case expression"
        return "unresolved name (missing from gazetteer)"
    if place.resolution == "country":
        if err < 2000:
            return "country: centroid differs from gold point"
        return "read as a country, gold elsewhere"
    if place.resolution == "region":
        if err < 1000:
            return "admin region: centroid differs"
        return "read as a US state, gold elsewhere"
    if place.resolution == "continent" or place.country is None:
        return "continent/named region"
    if err < 1000:
        return "near miss (161-1000 km: wrong town nearby / region vs city)"
    return "wrong referent of an ambiguous name"


@dataclass
class GeoScore:
    """Errors of one resolver over one corpus."""

    errors: list[float]
    resolved: list[bool]

    def to_dict(self) -> dict:
        n = len(self.errors)
        res = [e for e, ok in zip(self.errors, self.resolved) if ok]
        out = {
            "toponyms": n,
            "acc161": sum(e <= ACC_KM for e in self.errors) / n if n else 0.0,
            "acc161_resolved": sum(e <= ACC_KM for e in res) / len(res) if res else 0.0,
            "mean_km": statistics.fmean(self.errors) if n else 0.0,
            "median_km": statistics.median(self.errors) if n else 0.0,
            "auc": auc_of_errors(self.errors),
            "coverage": len(res) / n if n else 0.0,
        }
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def score_resolution(arts: list[GeoArticle], resolver: Resolver, gaz: Gazetteer,
                     detail: Optional[list[dict]] = None) -> tuple[GeoScore, Counter]:
    """Resolve every gold toponym; errors at :data:`MAX_ERROR_KM` for unresolved ones."""
    errors: list[float] = []
    resolved: list[bool] = []
    classes: Counter = Counter()
    for art in arts:
        for t, place in zip(art.toponyms, resolver(art)):
            if place is None or place.lat is None or place.lon is None:
                err, ok = MAX_ERROR_KM, False
            else:
                err, ok = haversine_km(t.lat, t.lon, place.lat, place.lon), True
            errors.append(err)
            resolved.append(ok)
            if err > ACC_KM:
                cls = error_class(gaz, t, place, err)
                classes[cls] += 1
                if detail is not None:
                    detail.append({"article": art.id, "toponym": t.text, "gold": [t.lat, t.lon],
                                   "pred": place.name if place else None,
                                   "pred_country": place.country if place else None,
                                   "error_km": round(err, 1), "class": cls})
    return GeoScore(errors, resolved), classes


# -- end to end ---------------------------------------------------------------------------------

def _overlaps(s: int, e: int, spans: Iterable[tuple[int, ...]]) -> bool:
    return any(s < sp[1] and sp[0] < e for sp in spans)


def score_end_to_end(arts: list[GeoArticle], process: Callable[[Document], Document],
                     gaz: Optional[Gazetteer] = None, literal: bool = False) -> dict:
    """Run nlp + places on each article body; match mentions to gold toponyms by overlap.

    Precision: predicted mentions that overlap a gold toponym with coordinates; with
    ``literal`` (articles from :func:`literal_only`), any literal gold span, with or without
    coordinates, and a mention on a ``neutral`` span only is left out. With ``gaz``,
    ``baseline_acc161_of_gold``: the same found mentions placed by :func:`most_populous`."""
    n_gold = n_pred = matched_gold = matched_pred = ok = pairs = base_ok = 0
    for art in arts:
        doc = Document(article=Article(id=art.id, origin=art.id, body=art.text))
        doc = process(doc)
        preds = [p for p in doc.places if p.field == "body"]
        right = art.spans if literal else art.toponyms_spans()
        if literal:
            preds = [p for p in preds if _overlaps(p.start, p.end, right)
                     or not _overlaps(p.start, p.end, art.neutral)]
        n_gold += len(art.toponyms)
        n_pred += len(preds)
        matched_pred += sum(_overlaps(p.start, p.end, right) for p in preds)
        for t in art.toponyms:
            over = [p for p in preds if p.start < t.end and t.start < p.end]
            if not over:
                continue
            matched_gold += 1
            p = over[0]
            if p.lat is not None and p.lon is not None:
                pairs += 1
                ok += haversine_km(t.lat, t.lon, p.lat, p.lon) <= ACC_KM
            if gaz is not None:
                b = most_populous(gaz, trim(p.text, 0, len(p.text))[0] or p.text)
                if b is not None and b.lat is not None and b.lon is not None:
                    base_ok += haversine_km(t.lat, t.lon, b.lat, b.lon) <= ACC_KM
    r = matched_gold / n_gold if n_gold else 0.0
    p = matched_pred / n_pred if n_pred else 0.0
    out = {"gold": n_gold, "pred": n_pred, "recall": r, "precision": p,
           "f1": 2 * p * r / (p + r) if p + r else 0.0,
           "acc161_matched": ok / pairs if pairs else 0.0,
           "acc161_of_gold": ok / n_gold if n_gold else 0.0}
    if gaz is not None:
        out["baseline_acc161_of_gold"] = base_ok / n_gold if n_gold else 0.0
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def evaluate_geo(path: str | Path, gaz: Gazetteer, limit: Optional[int] = None,
                 process: Optional[Callable[[Document], Document]] = None,
                 verbose: bool = False, literal: bool = False) -> dict:
    """The geo report for one corpus file: resolution (dateline, baseline), errors by class,
    and end to end when ``process`` (nlp + places stages) is given; with ``literal``, over the
    literal toponyms only (:func:`literal_only`)."""
    arts = read_corpus(path, limit)
    if literal:
        arts = literal_only(arts, gaz)
    report: dict[str, Any] = {"corpus": Path(path).name, "articles": len(arts),
                              "literal_only": literal,
                              "toponyms": sum(len(a.toponyms) for a in arts)}
    t0 = time.perf_counter()
    detail: list[dict] = []
    sc, classes = score_resolution(arts, dateline_resolver(gaz), gaz, detail if verbose else None)
    report["dateline"] = sc.to_dict()
    # development / held-out halves (articles in file order), to show that a change helps both
    half = len(arts) // 2
    report["dateline_halves"] = [
        score_resolution(part, dateline_resolver(gaz), gaz)[0].to_dict()["acc161"]
        for part in (arts[:half], arts[half:])]
    report["error_classes"] = dict(classes.most_common())
    report["dateline_demonyms"] = score_resolution(arts, demonym_resolver(gaz), gaz)[0].to_dict()
    report["dateline_suggested"] = score_resolution(arts, suggested_resolver(gaz), gaz)[0].to_dict()
    base, base_classes = score_resolution(arts, population_resolver(gaz), gaz)
    report["most_populous"] = base.to_dict()
    report["resolution_seconds"] = round(time.perf_counter() - t0, 2)
    if verbose:
        report["errors"] = detail
    if process is not None:
        t0 = time.perf_counter()
        done: dict[str, Document] = {}  # each article runs once, scored whole and by halves

        def once(doc: Document) -> Document:
            key = doc.article.body if doc.article is not None else ""
            if key not in done:
                done[key] = process(doc)
            return done[key]

        report["end_to_end"] = score_end_to_end(arts, once, gaz, literal)
        report["end_to_end"]["seconds"] = round(time.perf_counter() - t0, 2)
        report["end_to_end_halves"] = [score_end_to_end(part, once, gaz, literal)
                                       for part in (arts[:half], arts[half:])]
    return report


def summary_line(report: dict) -> str:
    """The final ``name=value`` line of the command."""
    d, b = report["dateline"], report["most_populous"]
    parts = [f"corpus={report['corpus']}", f"literal_only={int(report.get('literal_only', False))}",
             f"toponyms={report['toponyms']}",
             f"acc161={d['acc161']}", f"mean_km={d['mean_km']}", f"median_km={d['median_km']}",
             f"auc={d['auc']}", f"coverage={d['coverage']}",
             f"baseline_acc161={b['acc161']}", f"baseline_auc={b['auc']}",
             f"acc161_first_half={report['dateline_halves'][0]}",
             f"acc161_second_half={report['dateline_halves'][1]}",
             f"demonyms_acc161={report['dateline_demonyms']['acc161']}",
             f"suggested_acc161={report['dateline_suggested']['acc161']}"]
    e = report.get("end_to_end")
    if e:
        parts += [f"e2e_recall={e['recall']}", f"e2e_precision={e['precision']}",
                  f"e2e_acc161={e['acc161_matched']}", f"e2e_found_within161={e['acc161_of_gold']}"]
        if "baseline_acc161_of_gold" in e:
            parts.append(f"e2e_baseline_found_within161={e['baseline_acc161_of_gold']}")
        for name, h in zip(("first", "second"), report.get("end_to_end_halves", ())):
            parts += [f"e2e_found_within161_{name}_half={h['acc161_of_gold']}",
                      f"e2e_precision_{name}_half={h['precision']}"]
    return " ".join(parts)

