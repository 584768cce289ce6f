"""What the learned coder's models see.

:class:`ArticleView` holds one parsed article: its sentences (title, subtitle, body), the
rule coder's candidate reports per sentence (hand rules propose and give features; they decide
nothing here), and for each sentence the parties a noun phrase in it can name (resolved by
:class:`~dateline.events.parties.FieldView`: entity mentions, countries, role and group nouns,
pronouns resolved to a named party). Unresolved pronouns and bare nouns are never candidates.

Feature functions return ``{name: value}`` dicts for :mod:`.linear` models:

* :func:`sentence_features` — does a sentence report an event of type T (one model per type);
* :func:`party_features` — is this party the actor / the recipient of an event of type T here;
* :func:`modality_features` and :func:`mode_features` — an event's modality and mode;
* :func:`page_features` — does the page report any event at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..events.article import article_place, main_country
from ..events.coder import Candidate, SentenceCoder
from ..events.coref import PeopleIndex
from ..events.parties import FieldView, actor_key
from ..model import FIELDS, Actor, Document

#: Words whose presence bears on modality (kept even when they are stop words).
MODAL_WORDS = frozenset("will would could may might should must can shall plan plans planned "
                        "intend expect expected threaten propose consider could possible "
                        "if unless whether not never no deny denied denies refuse without "
                        "was were had has have been ago last earlier previously former "
                        "since after before later next tomorrow upcoming schedule "
                        "set to going allegedly reportedly".split())
_PARTY_POS = frozenset({"PROPN", "NOUN", "PRON"})
_SKIP_DEPS = frozenset({"compound", "flat", "amod", "nummod", "npadvmod"})
_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
_OBJ = frozenset({"dobj", "obj", "attr", "oprd", "dative"})
#: Identified: named, or with a country or a sector; pronouns and bare nouns are not.
_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "we", "us", "our", "he", "him", "his",
                       "she", "her", "i", "me", "you", "this", "that", "these", "those", "who",
                       "which", "people", "officials", "authorities", "some", "others"})


def identified(a: Actor) -> bool:
    """SPEC section 5: a party carries a name, a country or a sector, and is no pronoun."""
    name = (a.name or a.text or "").strip().lower()
    if not name or name in _PRONOUNS:
        return False
    return bool(a.country or a.sector or (a.name and a.name[:1].isupper()))


@dataclass
class Party:
    """A party a sentence names, with the token that names it."""

    actor: Actor
    head: Any  # spaCy token
    implied: bool = False
    from_pronoun: bool = False


@dataclass
class Sentence:
    field: str
    index: int  # position in the article (title first)
    span: Any  # spaCy Span
    start: int
    end: int
    text: str
    rules: list[Candidate] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    triggers: dict[str, list[Any]] = field(default_factory=dict)  # type -> trigger tokens


def lexicon_type(lex: Any, lemma: str) -> str | None:
    """The PLOVER type a lexicon word codes by itself (curated verbs and nouns), or None."""
    spec = lex.verb(lemma) or lex.noun(lemma)
    if spec is None:
        return None
    if spec.event:
        return spec.event
    row = lex.plover(spec.cameo)
    return row[0] if row else None


class ArticleView:
    """One parsed article, sentence by sentence, with candidates and parties."""

    def __init__(self, doc: Document, lexicon: Any, countries: Any,
                 published: str | None = None) -> None:
        art = doc.article
        self.doc = doc
        self.published = (art.published if art else None) or published
        self.sentences: list[Sentence] = []
        self.views: dict[str, FieldView] = {}
        if art is None:
            self.place = None
            self.main_country = None
            return
        self.place = article_place(doc.places, art.text("body") or "")
        self.main_country = main_country(self.place, doc.places)
        index = PeopleIndex.build({f: art.text(f) or "" for f in FIELDS}, doc.entities, countries)
        people: list[Actor] = []
        for f in FIELDS:
            parsed = doc.parsed.get(f)
            if parsed is None:
                continue
            view = FieldView(f, art.text(f), parsed, [e for e in doc.entities if e.field == f],
                             [p for p in doc.places if p.field == f],
                             [d for d in doc.dates if d.field == f], countries, list(people),
                             people_index=index)
            self.views[f] = view
            cands = SentenceCoder(lexicon, view, self.published).code()
            people.extend(e.actor() for e in view.entities if e.label == "PERSON")
            for sent in parsed.sents:
                s = Sentence(f, len(self.sentences), sent, sent.start_char, sent.end_char, sent.text)
                s.rules = [c for c in cands if s.start <= c.evidence.start < s.end]
                s.parties = self._parties(view, sent)
                for tok in sent:
                    t = lexicon_type(lexicon, tok.lemma_.lower())
                    if t:
                        s.triggers.setdefault(t, []).append(tok)
                self.sentences.append(s)

    def _parties(self, view: FieldView, sent: Any) -> list[Party]:
        out: list[Party] = []
        seen: set[str] = set()
        for tok in sent:
            if tok.pos_ not in _PARTY_POS or tok.dep_ in _SKIP_DEPS:
                continue
            try:
                found = view.parties(tok)
            except (IndexError, ValueError, AttributeError):
                continue
            for a in found:
                if not identified(a):
                    continue
                k = actor_key(a)
                if k in seen:
                    continue
                seen.add(k)
                out.append(Party(a, tok, from_pronoun=tok.pos_ == "PRON"))
        if self.main_country and self.main_country not in {p.actor.country for p in out
                                                           if p.actor.sector == "GOV"}:
            c = view.countries.get(self.main_country) if view.countries is not None else None
            if c is not None:
                out.append(Party(Actor(text=c.name, name=c.name, country=c.iso3, sector="GOV"),
                                 None, implied=True))
        return out


def _lemma(tok: Any) -> str:
    return tok.lemma_.lower()


def sentence_features(s: Sentence) -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0, f"field={s.field}": 1.0}
    for tok in s.span:
        if tok.is_alpha and (not tok.is_stop or tok.lower_ in MODAL_WORDS):
            f[f"w={_lemma(tok)}"] = 1.0
        if tok.dep_ == "ROOT":
            f[f"root={_lemma(tok)}"] = 1.0
    for t, toks in s.triggers.items():
        f[f"lex={t}"] = 1.0
        for tok in toks:
            f[f"lexw={_lemma(tok)}:{t}"] = 1.0
            f[f"lexdep={t}:{tok.dep_}"] = 1.0
    for c in s.rules:
        f[f"rule={c.event}"] = 1.0
        f[f"rulek={c.event}:{c.kind}"] = 1.0
        if c.actors:
            f[f"rulea={c.event}"] = 1.0
    labels = {p.actor.sector or "none" for p in s.parties if not p.implied}
    for lab in labels:
        f[f"psec={lab}"] = 1.0
    n = sum(1 for p in s.parties if not p.implied)
    f[f"nparties={min(n, 4)}"] = 1.0
    if '"' in s.text or "\u201c" in s.text:
        f["quote"] = 1.0
    f[f"len={min(len(s.span) // 10, 5)}"] = 1.0
    f[f"pos={min(s.index, 12) if s.field == 'body' else 0}"] = 1.0
    return f


def _path_to(tok: Any, target: Any, limit: int = 4) -> str | None:
    """Dependency labels from ``tok`` up to ``target`` ("nsubj", "pobj<prep:against"), or None."""
    labels = []
    cur = tok
    for _ in range(limit):
        if cur.head is cur:
            return None
        if cur.dep_ == "pobj":
            labels.append(f"pobj:{cur.head.lower_}")
            cur = cur.head
        else:
            labels.append(cur.dep_)
        cur = cur.head
        if cur is target:
            return "<".join(labels)
    return None


def party_features(s: Sentence, p: Party, etype: str, view: "ArticleView") -> dict[str, float]:
    a = p.actor
    base: dict[str, float] = {}
    kind = "implied" if p.implied else ("pron" if p.from_pronoun else "named")
    base[f"kind={kind}"] = 1.0
    base[f"sector={a.sector or 'none'}"] = 1.0
    base["has_country" if a.country else "no_country"] = 1.0
    if a.country and a.sector == "GOV" and (a.name or "").lower() == (a.text or "").lower():
        base["country_actor"] = 1.0
    if a.country and a.country == view.main_country:
        base["main_country"] = 1.0
    tok = p.head
    if tok is not None:
        base[f"dep={tok.dep_}"] = 1.0
        if tok.dep_ == "pobj":
            base[f"prep={tok.head.lower_}"] = 1.0
            base[f"prep_gov={tok.head.head.lemma_.lower()}"] = 1.0
        base[f"gov={tok.head.lemma_.lower()}"] = 1.0
        if tok.dep_ in _SUBJ:
            base["subject"] = 1.0
        if tok.dep_ in _OBJ:
            base["object"] = 1.0
        trig = s.triggers.get(etype) or []
        best = None
        for t in trig:
            path = _path_to(tok, t)
            if path is not None and (best is None or len(path) < len(best)):
                best = path
        if best is not None:
            base[f"tpath={best}"] = 1.0
            base["on_trigger"] = 1.0
        if trig:
            d = min(abs(tok.i - t.i) for t in trig)
            base[f"tdist={min(d // 3, 5)}"] = 1.0
            base["before_trigger" if tok.i < min(t.i for t in trig) else "after_trigger"] = 1.0
        else:
            base["no_trigger"] = 1.0
        order = sum(1 for q in s.parties if q.head is not None and q.head.i < tok.i)
        base[f"order={min(order, 3)}"] = 1.0
    k = actor_key(a)
    for c in s.rules:
        if c.event != etype:
            continue
        if k in {actor_key(x) for x in c.actors}:
            base["rule_actor"] = 1.0
        if k in {actor_key(x) for x in c.recipients}:
            base["rule_recipient"] = 1.0
    feats = dict(base)
    feats["bias"] = 1.0
    for name in base:
        feats[f"{etype}|{name}"] = 1.0
    return feats


def _days(value: str | None, published: str | None) -> int | None:
    if not value or not published:
        return None
    try:
        d = dt.date.fromisoformat(value[:10]) if len(value) >= 10 else \
            dt.date.fromisoformat(value[:7] + "-15") if len(value) >= 7 else \
            dt.date.fromisoformat(value[:4] + "-07-01")
        return (d - dt.date.fromisoformat(published[:10])).days
    except ValueError:
        return None


def sentence_date(s: Sentence, view: "ArticleView") -> Any:
    """The first date mention of a sentence not introduced by "since"/"until", or None."""
    v = view.views.get(s.field)
    if v is None:
        return None
    for d in sorted(v.dates_in(s.start, s.end), key=lambda d: d.start):
        before = v.text[max(0, d.start - 7):d.start].lower()
        if "since" in before or "until" in before or not d.value:
            continue
        return d
    return None


def modality_features(s: Sentence, etype: str, view: "ArticleView") -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0, f"T={etype}": 1.0, f"field={s.field}": 1.0}
    for tok in s.span:
        low = tok.lower_
        if low in MODAL_WORDS:
            f[f"m={low}"] = 1.0
        if tok.dep_ == "neg":
            f["neg"] = 1.0
        if tok.tag_ in ("VBD", "VBN", "VBZ", "VBP", "VBG", "MD"):
            f[f"tag={tok.tag_}"] = 1.0
    for t in s.triggers.get(etype, []):
        f[f"ttag={t.tag_}"] = 1.0
        for c in t.children:
            if c.dep_ in ("aux", "auxpass", "neg"):
                f[f"taux={c.lower_}"] = 1.0
        if t.head is not t:
            f[f"thead={t.head.lemma_.lower()}"] = 1.0
    for c in s.rules:
        if c.event == etype:
            f[f"rule_mod={c.modality}"] = 1.0
    d = sentence_date(s, view)
    days = _days(d.value if d else None, view.published)
    if days is None:
        f["date=none"] = 1.0
    elif days < -60:
        f["date=past_far"] = 1.0
    elif days < -7:
        f["date=past_month"] = 1.0
    elif days <= 0:
        f["date=recent"] = 1.0
    else:
        f["date=future"] = 1.0
    return f


def mode_features(s: Sentence, etype: str) -> dict[str, float]:
    f: dict[str, float] = {f"T={etype}": 1.0}
    for tok in s.span:
        if tok.is_alpha and not tok.is_stop:
            f[f"{etype}|w={_lemma(tok)}"] = 1.0
    for c in s.rules:
        if c.event == etype and c.mode:
            f[f"{etype}|rule_mode={c.mode}"] = 1.0
    return f


def page_features(view: "ArticleView", max_sentences: int = 40) -> dict[str, float]:
    f: dict[str, float] = {"bias": 1.0}
    for s in view.sentences[:max_sentences]:
        for tok in s.span:
            if tok.is_alpha and not tok.is_stop:
                f[f"w={_lemma(tok)}"] = 1.0
        for t in s.triggers:
            f[f"lex={t}"] = f.get(f"lex={t}", 0.0) + 0.1
        for p in s.parties:
            if not p.implied and p.actor.sector:
                f[f"sec={p.actor.sector}"] = 1.0
    f["n_rules"] = min(sum(len(s.rules) for s in view.sentences), 20) / 20
    return f
