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

Besides words, tags, arcs and the rule coder's reports, a sentence is described by the spaCy
model's own context vectors (:func:`context_features`: the tok2vec layer's output that its
tagger, parser and NER read, averaged over the sentence), which carry what the words around a
verb say about it where no single word does; a party, by the same vector of its head word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from ..events.article import identified  # noqa: F401  (re-exported: the coder's import)
from ..events.article import article_place, main_country
from ..events.candidate import Candidate
from ..events.coder import SentenceCoder
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
#: Parties a sentence implies without naming them: the article country's state, police, courts.
IMPLIED_SECTORS = (("GOV", ""),)
_SKIP_DEPS = frozenset({"compound", "flat", "amod", "nummod", "npadvmod"})
_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
_OBJ = frozenset({"dobj", "obj", "attr", "oprd", "dative"})
def article_country(doc: Document, place_country: str | None) -> str | None:
    """The country an article is about: the main place's country when given, else the
    country its entities and places name most often (None on a tie or when none)."""
    if place_country:
        return place_country
    from collections import Counter

    counts = Counter(m.country for m in [*doc.entities, *doc.places] if m.country)
    top = counts.most_common(2)
    if not top or (len(top) > 1 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


@dataclass
class Party:
    """A party a sentence names, with the token that names it."""

    actor: Actor
    head: Any  # spaCy token
    implied: bool = False
    from_pronoun: bool = False
    context: str = ""  # "" named in the sentence itself; "prev" / "title": named nearby


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


#: How many sentences of a page the page model reads (:func:`page_features`).
PAGE_SENTENCES = 40


class ArticleView:
    """One parsed article, sentence by sentence, with candidates and parties.

    ``parties_upto``: find the parties of the first that many sentences only; the others'
    ``parties`` stay empty until :meth:`find_parties` (the learned coder asks the page model
    first, which reads the first :data:`PAGE_SENTENCES`, and finds the rest only on a page
    it keeps: about half of the pages are not news). None (the default): every sentence's.

    ``rules=False``: the rule coder's reports wait for :meth:`find_rules` (``rules_pending``
    says so); the page model reads only their number, which a page it rejects whatever
    that number may not need (:meth:`~dateline.learn.coder.LearnedCoder.page_p`)."""

    def __init__(self, doc: Document, lexicon: Any, countries: Any,
                 published: str | None = None, parties_upto: int | None = None,
                 rules: bool = True) -> None:
        art = doc.article
        self.doc = doc
        self.published = (art.published if art else None) or published
        self.sentences: list[Sentence] = []
        self.views: dict[str, FieldView] = {}
        self.rule_cands: list[Candidate] = []  # the rule coder's reports, every field
        #: sentences whose parties are still to find, with their field's view
        self._pending: list[tuple[FieldView, Sentence]] = []
        self._lexicon = lexicon
        #: fields whose rule coder's reports are still to find, with their sentences
        self._rules_pending: list[tuple[FieldView, list[Sentence]]] = []
        if art is None:
            self.place = None
            self.main_country = None
            return
        self.place = article_place(doc.places, art.text("body") or "")
        self.main_country = article_country(doc, main_country(self.place, doc.places))
        index = PeopleIndex.build({f: art.text(f) or "" for f in FIELDS}, doc.entities, countries)
        people: list[Actor] = []
        types: dict[str, str | None] = {}  # lemma -> lexicon_type, asked once per article
        for f in FIELDS:
            parsed = doc.parsed.get(f)
            if parsed is None:
                continue
            view = FieldView(f, art.text(f), parsed, [e for e in doc.entities if e.field == f],
                             [p for p in doc.places if p.field == f],
                             [d for d in doc.dates if d.field == f], countries, list(people),
                             people_index=index)
            self.views[f] = view
            field_sents: list[Sentence] = []
            cands = None
            if rules:  # in the order the training views were always built in
                cands = SentenceCoder(lexicon, view, self.published).code()
                self.rule_cands.extend(cands)
            else:
                self._rules_pending.append((view, field_sents))
            people.extend(e.actor() for e in view.entities if e.label == "PERSON")
            for sent in parsed.sents:
                s = Sentence(f, len(self.sentences), sent, sent.start_char, sent.end_char, sent.text)
                field_sents.append(s)
                if cands is not None:
                    s.rules = _starting_in(s, cands)
                if parties_upto is None or s.index < parties_upto:
                    s.parties = self._parties(view, sent)
                else:
                    self._pending.append((view, s))
                for tok in sent:
                    lemma = tok.lemma_.lower()
                    t = types[lemma] if lemma in types else \
                        types.setdefault(lemma, lexicon_type(lexicon, lemma))
                    if t:
                        s.triggers.setdefault(t, []).append(tok)
                self.sentences.append(s)

    @property
    def rules_pending(self) -> bool:
        """Whether the rule coder's reports are still to find (:meth:`find_rules`)."""
        return bool(self._rules_pending)

    def find_rules(self) -> None:
        """The rule coder's reports of every field, in field order, each given to the
        sentence it starts in (nothing when found already)."""
        for view, sents in self._rules_pending:
            cands = SentenceCoder(self._lexicon, view, self.published).code()
            self.rule_cands.extend(cands)
            for s in sents:
                s.rules = _starting_in(s, cands)
        self._rules_pending = []

    def find_parties(self) -> None:
        """The parties of the sentences ``parties_upto`` left out (nothing when none)."""
        for view, s in self._pending:
            s.parties = self._parties(view, s.span)
        self._pending = []

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
                if a.sector and not a.country and self.main_country and \
                        a.sector not in ("IGO", "NGO", "MNC") and (a.name or "")[:1].islower():
                    a = replace(a, country=self.main_country)  # "teachers" in a US story
                if not identified(a):
                    continue
                k = actor_key(a)
                if k in seen:
                    continue
                seen.add(k)
                out.append(Party(a, tok, from_pronoun=tok.pos_ == "PRON"))
        c = view.countries.get(self.main_country) if self.main_country and \
            view.countries is not None else None
        if c is not None:  # the article's state, when the sentence does not name it
            named = {(p.actor.country, p.actor.sector) for p in out}
            for sector, label in IMPLIED_SECTORS:
                if (c.iso3, sector) not in named:
                    name = c.name if sector == "GOV" else f"{c.name} {label}"
                    out.append(Party(Actor(text=name, name=name, country=c.iso3, sector=sector),
                                     None, implied=True))
        return out


def _starting_in(s: "Sentence", cands: list[Candidate]) -> list[Candidate]:
    """The rule coder's reports whose evidence starts in sentence ``s``."""
    return [c for c in cands if s.start <= c.evidence.start < s.end]


def context_features(span: Any, prefix: str = "vec") -> dict[str, float]:
    """The mean of the spaCy model's context vectors (``Doc.tensor``: the tok2vec output its
    tagger, parser and NER read; 96 numbers a token in ``en_core_web_sm``) over ``span``, as
    features ``{prefix}0`` ... The tensor, not ``Span.vector``: a model with static word
    vectors would give those instead. Nothing when the parse has no tensor (a document built by
    hand, a parse that kept none).

    Measured on the 5-fold cross-validation of the 195 train and dev pages (development data,
    session 12): in the sentence model, events F1 0.255 -> 0.264 with the thresholds as they
    were; with the party's head word's vector in the actor and recipient models as well, 0.274
    (``make train``'s own cross-validation: 0.255 -> 0.274, precision 0.297 -> 0.340)."""
    tensor = getattr(span.doc, "tensor", None)
    if tensor is None or not getattr(tensor, "size", 0) or len(tensor) != len(span.doc) \
            or len(span) == 0:
        return {}
    v = tensor[span.start:span.end].mean(axis=0)
    return {f"{prefix}{i}": float(x) for i, x in enumerate(v)}


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
    for lab in sorted(labels):  # in a fixed order: the models sum their weights in this order
        f[f"psec={lab}"] = 1.0
    n = sum(1 for p in s.parties if not p.implied)
    f[f"nparties={min(n, 4)}"] = 1.0
    if '"' in s.text or "\u201c" in s.text:
        f["quote"] = 1.0
    f[f"len={min(len(s.span) // 10, 5)}"] = 1.0
    f[f"pos={min(s.index, 12) if s.field == 'body' else 0}"] = 1.0
    f.update(context_features(s.span))
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


_SPEECH = frozenset("say tell announce state add claim accuse urge call warn vow pledge promise "
                    "insist argue write tweet".split())


def _clause_role(tok: Any) -> dict[str, float]:
    """Where a party's token sits in its clause: subject or object of the sentence's main
    verb, of a speech verb, of a clause under a speech verb; inside a possessor."""
    out: dict[str, float] = {}
    cur, hops = tok, 0
    while cur.dep_ in ("conj", "appos", "compound", "poss", "pobj", "prep") and cur.head is not cur \
            and hops < 4:
        if cur.dep_ == "poss":
            out["in_possessor"] = 1.0
        if cur.dep_ == "pobj":
            out[f"via_prep={cur.head.lower_}"] = 1.0
        cur, hops = cur.head, hops + 1
    verb = cur.head if cur.dep_ != "ROOT" else cur
    role = "subj" if cur.dep_ in _SUBJ else "obj" if cur.dep_ in _OBJ else cur.dep_
    out[f"role={role}"] = 1.0
    if verb.dep_ == "ROOT":
        out[f"root_{role}"] = 1.0
    lemma = verb.lemma_.lower()
    if lemma in _SPEECH:
        out[f"speech_{role}"] = 1.0
    elif verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in _SPEECH:
        out[f"reported_{role}"] = 1.0
    out[f"verb={lemma}|{role}"] = 1.0
    return out


def candidate_parties(s: Sentence, view: "ArticleView") -> list[Party]:
    """The parties a report in ``s`` may name: those of the sentence, then those of the
    previous sentence of the same field and of the title that the sentence does not name."""
    out = list(s.parties)
    keys = {actor_key(p.actor) for p in out}
    ctx: list[tuple[str, Sentence]] = []
    if s.index > 0 and view.sentences[s.index - 1].field == s.field:
        ctx.append(("prev", view.sentences[s.index - 1]))
    title = next((t for t in view.sentences if t.field == "title"), None)
    if title is not None and title is not s:
        ctx.append(("title", title))
    for name, other in ctx:
        for p in other.parties:
            k = actor_key(p.actor)
            if p.implied or k in keys:
                continue
            keys.add(k)
            out.append(Party(p.actor, None, from_pronoun=p.from_pronoun, context=name))
    return out


def party_features(s: Sentence, p: Party, etype: str, view: "ArticleView") -> dict[str, float]:
    a = p.actor
    base: dict[str, float] = {}
    kind = p.context or ("implied" if p.implied else ("pron" if p.from_pronoun else "named"))
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
        base.update(_clause_role(tok))
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
    if tok is not None:  # the parser's context vector of the party's head word
        feats.update(context_features(tok.doc[tok.i:tok.i + 1], prefix="hvec"))
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


def page_features(view: "ArticleView", max_sentences: int = PAGE_SENTENCES) -> dict[str, float]:
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


def recipient_features(party_feats: dict[str, float], p_actor: float, etype: str) -> dict[str, float]:
    """A party's features for the recipient model: its party features plus how likely the
    actor model finds it to be the actor (a party is rarely both)."""
    b = f"pa={min(int(p_actor * 5), 4)}"
    return {**party_feats, b: 1.0, f"{etype}|{b}": 1.0}


def sentence_of(view: "ArticleView", field_name: str, start: int) -> Sentence | None:
    """The sentence of a field that holds a character offset."""
    for s in view.sentences:
        if s.field == field_name and s.start <= start < s.end:
            return s
    return None


def _bucket(p: float | None, n: int = 10) -> str:
    return "none" if p is None else str(min(int(p * n), n - 1))


def event_features(ev: Any, source: str, p_type: float, p_page: float) -> dict[str, float]:
    """What the event model sees of a proposed event: who proposed it (the rule coder or the
    sentence models) and their scores, its type, modality, parties and mentions."""
    d = ev.decided or {}
    t = ev.event
    base: dict[str, float] = {
        f"src={source}": 1.0, f"T={t}": 1.0, f"mod={ev.modality}": 1.0,
        f"ptype={_bucket(p_type)}": 1.0, f"ppage={_bucket(p_page, 5)}": 1.0,
        f"field={ev.evidence.field}": 1.0, f"nment={min(len(ev.mentions), 3)}": 1.0,
        f"pactor={_bucket(d.get('p_actor'), 5)}": 1.0,
        f"prcpt={_bucket(d.get('p_recipient'), 5)}": 1.0,
        f"actx={d.get('actor_context') or 'rule'}": 1.0,
        f"nactors={min(len(ev.actor), 3)}": 1.0,
    }
    if source == "rules":
        base[f"rule={d.get('rule')}"] = 1.0
        base[f"trig={d.get('trigger')}"] = 1.0
    base["has_recipient" if ev.recipient else "no_recipient"] = 1.0
    for a in ev.actor:
        base[f"asec={a.sector or 'none'}"] = 1.0
        base["acountry" if a.country else "anocountry"] = 1.0
        if (a.name or "")[:1].isupper():
            base["aproper"] = 1.0
    for a in ev.recipient:
        base[f"rsec={a.sector or 'none'}"] = 1.0
    if ev.location is not None:
        base["has_location"] = 1.0
    f = {"bias": 1.0, **base}
    for k in list(base):
        if not k.startswith("T="):
            f[f"{t}|{k}"] = 1.0
        f[f"{source}|{k}"] = 1.0
    # the scores themselves, so that the model can set a sharp threshold on each
    for name, v in (("p_type", p_type), ("p_actor", d.get("p_actor")),
                    ("p_recipient", d.get("p_recipient")), ("p_page", p_page)):
        if isinstance(v, (int, float)):
            f[f"{source}|{name}"] = float(v)
            f[f"{source}|{name}^4"] = float(v) ** 4
    return f
