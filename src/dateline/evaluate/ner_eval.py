"""``dateline evaluate ner``: entity spans of the entities stage vs spaCy alone on re3d.

re3d (Dstl; ``<source>/documents.json`` and ``<source>/entities.json``, one mongoexport JSON
object a line; ``begin``/``end`` index the document's ``text``) annotates Person,
Organisation, Location, Nationality and ten more types; the same span may carry two types
("Syria" as Location and as Organisation). Each type is scored on its own.

Systems, run on the document text as the article body:

* ``dateline``: the nlp + entities stages (spaCy NER, actor-table matcher, trimming of
  titles and articles); ``EntityMention.label`` mapped as below;
* ``spacy``: ``doc.ents`` of the same parse, unchanged.

Label map: PERSON -> Person; ORG -> Organisation; GPE, LOC, FAC -> Location; NORP ->
Nationality. Other re3d types have no counterpart: their gold counts are reported, not scored.

``*_named``: the same with gold spans that name nothing left out (pronouns, "the city"; see
:func:`is_named`), since re3d marks those too and no NER tagger is meant to find them.

Measures per type: exact-span P/R/F1 (``begin``/``end`` equal) and overlap P/R/F1 (a system
span overlapping a gold span of the same type, one-to-one); ``micro`` sums Person,
Organisation and Location.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..model import Article, Document

LABEL_MAP: dict[str, str] = {"PERSON": "Person", "ORG": "Organisation", "GPE": "Location",
                             "LOC": "Location", "FAC": "Location", "NORP": "Nationality"}
COMPARED: tuple[str, ...] = ("Person", "Organisation", "Location")
SCORED: tuple[str, ...] = COMPARED + ("Nationality",)

Span = tuple[int, int, str]  # begin, end, re3d type


@dataclass
class NerDoc:
    id: str
    source: str
    text: str
    gold: list[Span]


def _jsonl(path: Path) -> Iterable[dict]:
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def read_re3d(directory: str | Path, limit: Optional[int] = None) -> list[NerDoc]:
    """Documents with their gold spans from every ``*/documents.json`` under a folder (or one
    source folder); duplicate (begin, end, type) triples are kept once."""
    root = Path(directory)
    folders = [root] if (root / "documents.json").exists() else sorted(
        p.parent for p in root.glob("*/documents.json"))
    out: list[NerDoc] = []
    for folder in folders:
        docs = {d["_id"]: NerDoc(d["_id"], folder.name, d.get("text") or "", [])
                for d in _jsonl(folder / "documents.json")}
        seen: set[tuple[str, int, int, str]] = set()
        for e in _jsonl(folder / "entities.json"):
            key = (e["documentId"], int(e["begin"]), int(e["end"]), e["type"])
            if e["documentId"] in docs and key not in seen:
                seen.add(key)
                docs[e["documentId"]].gold.append(key[1:])
        out += sorted(docs.values(), key=lambda d: d.id)
    return out[:limit] if limit else out


@dataclass
class TypeCounts:
    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0

    def to_dict(self) -> dict:
        def prf(tp: int) -> tuple[float, float, float]:
            p = tp / self.pred if self.pred else 0.0
            r = tp / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        p, r, f = prf(self.exact)
        op, orr, of = prf(self.overlap)
        return {"gold": self.gold, "pred": self.pred, "p": round(p, 4), "r": round(r, 4),
                "f1": round(f, 4), "overlap_p": round(op, 4), "overlap_r": round(orr, 4),
                "overlap_f1": round(of, 4)}


def _overlap_matches(gold: list[Span], pred: list[Span]) -> int:
    """One-to-one overlap matches between spans of one type (greedy, exact pairs first)."""
    used: set[int] = set()
    n = 0
    gold_sorted = sorted(gold, key=lambda g: (g not in pred, g[0]))
    for g in gold_sorted:
        for j, p in enumerate(pred):
            if j not in used and p[0] < g[1] and g[0] < p[1]:
                used.add(j)
                n += 1
                break
    return n


@dataclass
class NerScore:
    """Per-type counts for one system; ``errors`` hold per-document misses with -v."""

    types: dict[str, TypeCounts] = field(default_factory=lambda: defaultdict(TypeCounts))
    seconds: float = 0.0
    errors: list[dict] = field(default_factory=list)

    def add(self, doc: NerDoc, pred: list[Span], keep_errors: bool = False) -> None:
        for t in SCORED:
            g = [s for s in doc.gold if s[2] == t]
            p = sorted({s for s in pred if s[2] == t})
            c = self.types[t]
            c.gold += len(g)
            c.pred += len(p)
            gs = set(g)
            c.exact += sum(1 for s in p if s in gs)
            c.overlap += _overlap_matches(g, p)
            if keep_errors:
                ps = set(p)
                for s in g:
                    if s not in ps:
                        self.errors.append({"doc": doc.id, "type": t, "kind": "missed",
                                            "text": doc.text[s[0]:s[1]]})
                for s in p:
                    if s not in gs:
                        self.errors.append({"doc": doc.id, "type": t, "kind": "spurious",
                                            "text": doc.text[s[0]:s[1]]})

    def to_dict(self) -> dict:
        out = {t: self.types[t].to_dict() for t in SCORED}
        micro = TypeCounts()
        for t in COMPARED:
            c = self.types[t]
            micro.gold += c.gold
            micro.pred += c.pred
            micro.exact += c.exact
            micro.overlap += c.overlap
        out["micro"] = micro.to_dict()
        out["seconds"] = round(self.seconds, 2)
        return out


PRONOUNS = frozenset("i me my we us our he him his she her they them their it its you your "
                     "this that these those here there who".split())


def is_named(text: str) -> bool:
    """True when a gold span names something: it has a capitalised word that is not a pronoun
    ("The UK", "Coalition"; not "we", "He", "the city"). re3d also marks pronouns and common
    noun phrases, which no NER tagger is meant to find; the ``named`` scores leave them out."""
    return any(w[:1].isupper() and w.lower().strip(".,'\u2019") not in PRONOUNS
               for w in text.split())


def mapped(label: str) -> Optional[str]:
    """The re3d type of a spaCy / dateline label (None when it has none)."""
    return LABEL_MAP.get(label)


def evaluate_ner(docs: list[NerDoc], process: Callable[[Document], Document],
                 keep_errors: bool = False) -> dict:
    """Run ``process`` (nlp + entities stages) on each document and score both systems.

    spaCy alone is read from ``doc.parsed["body"].ents`` of the same run, so the two systems
    see the same parse; the nlp time is charged to both (``seconds`` is the total)."""
    systems = {"dateline": NerScore(), "spacy": NerScore(),
               "dateline_named": NerScore(), "spacy_named": NerScore()}
    t0 = time.perf_counter()
    for nd in docs:
        named = NerDoc(nd.id, nd.source, nd.text,
                       [g for g in nd.gold if is_named(nd.text[g[0]:g[1]])])
        doc = process(Document(article=Article(id=nd.id, origin=nd.id, body=nd.text)))
        dl = [(e.start, e.end, mapped(e.label)) for e in doc.entities
              if e.field == "body" and mapped(e.label)]
        parsed = doc.parsed.get("body")
        sp = [(e.start_char, e.end_char, mapped(e.label_)) for e in
              (parsed.ents if parsed is not None else ()) if mapped(e.label_)]
        systems["dateline"].add(nd, dl, keep_errors)  # type: ignore[arg-type]
        systems["spacy"].add(nd, sp, keep_errors)  # type: ignore[arg-type]
        systems["dateline_named"].add(named, dl)  # type: ignore[arg-type]
        systems["spacy_named"].add(named, sp)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - t0
    gold_types = Counter(s[2] for d in docs for s in d.gold)
    report: dict = {"docs": len(docs), "gold_types": dict(gold_types.most_common()),
                    "not_scored": sorted(set(gold_types) - set(SCORED))}
    for name, sc in systems.items():
        sc.seconds = elapsed
        report[name] = sc.to_dict()
        if keep_errors:
            report[name + "_errors"] = sc.errors
    return report


def summary_line(report: dict) -> str:
    """The final ``name=value`` line of the command."""
    parts = [f"docs={report['docs']}"]
    for name in ("dateline", "spacy"):
        r = report[name]
        for t in COMPARED + ("micro",):
            parts.append(f"{name}_{t.lower()}_f1={r[t]['f1']}")
    for name in ("dateline_named", "spacy_named"):
        parts.append(f"{name}_micro_f1={report[name]['micro']['f1']}")
    return " ".join(parts)
