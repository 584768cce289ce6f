"""Helpers the unit tests share (hand-built parses, mentions and documents; stored-document
fixtures): defined here once and imported by the test modules, which import nothing from each
other."""

from __future__ import annotations

from dateline.events.document import code_document
from dateline.model import (Actor, Article, DateMention, Document, EntityMention, Event, Evidence,
                            Location, PlaceMention)


# --- hand-built parses and mentions (the event coder's tests) ---------------------------


def parse(spec: str):
    """A spaCy Doc from 'word/lemma/POS/dep/head ...' (head: token index; ROOT points at itself).

    The tag is derived from POS (VBN when the lemma differs from a word ending in -ed/-en).
    """
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    words, lemmas, pos, deps, heads, tags = [], [], [], [], [], []
    for i, item in enumerate(spec.split()):
        w, lem, p, d, h = item.split("/")
        words.append(w.replace("_", " "))
        lemmas.append(lem)
        pos.append(p)
        deps.append(d)
        heads.append(int(h))
        tags.append("VBN" if p == "VERB" and w.endswith(("ed", "en")) and w != lem else
                    ("MD" if p == "AUX" and lem in ("will", "could", "may", "might", "would") else
                     "XX"))
    spaces = [not (i + 1 < len(words) and words[i + 1] in (".", ",", "'s")) for i in range(len(words))]
    spaces[-1] = False
    return Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos,
               lemmas=lemmas, tags=tags)


def span(doc, i: int, j: int) -> tuple[str, int, int]:
    """Text and character offsets of tokens i..j-1."""
    s, e = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
    return doc.text[s:e], s, e


def ent(doc, i, j, label, name=None, country=None, sector=None, field="body"):
    text, s, e = span(doc, i, j)
    return EntityMention(text, label, s, e, name or text, country, sector, field=field)


def place(doc, i, j, country, resolution="city", lat=None, lon=None, field="body"):
    text, s, e = span(doc, i, j)
    return PlaceMention(text, s, e, text, None, lat, lon, country, resolution, field)


def when(doc, i, j, value, granularity="day", field="body"):
    text, s, e = span(doc, i, j)
    return DateMention(text, s, e, value, granularity, field)


def document(fields: dict, published: str = "2025-09-02") -> Document:
    """A Document whose article texts are the parsed fields' texts."""
    texts = {f: d.text for f, d in fields.items()}
    art = Article("a1", "test", texts.get("body", ""), title=texts.get("title"),
                  subtitle=texts.get("subtitle"), published=published)
    doc = Document(article=art)
    doc.parsed = dict(fields)
    return doc


def _code(doc, lexicon, countries, **kw):
    return code_document(doc, lexicon, countries, None, **kw)


# --- a stored document (the store's, CLI's and web's tests) ------------------------------


def make_doc(body: str = "Kim met Putin in Moscow on Monday.", title: str = "Summit") -> Document:
    art = Article(id=Article.make_id(body, title), origin="t.txt", body=body, title=title,
                  published="2025-09-02")
    kim = Actor("Kim", "Kim Jong-un", "PRK", "GOV", "Q56226")
    putin = Actor("Putin", "Vladimir Putin", "RUS", "GOV")
    ev = Event("CONSULT", [kim, putin], Evidence("body", body, 0, len(body)), mode="third-party",
               date="2025-09-01", date_text="Monday", cameo="040",
               location=Location("Moscow", "Moscow", 524901, 55.75, 37.61, "RUS", "city"),
               confidence=0.8)
    ev2 = Event("ACCUSE", [putin], Evidence("body", body, 0, len(body)), recipient=[kim],
                modality="hypothetical", date="2024", confidence=0.3)
    return Document(
        article=art,
        entities=[EntityMention("Kim", "PERSON", 0, 3, "Kim Jong-un", "PRK", "GOV")],
        places=[PlaceMention("Moscow", 17, 23, "Moscow", 524901, 55.75, 37.61, "RUS", "city")],
        dates=[DateMention("Monday", 27, 33, "2025-09-01", "day")],
        events=[ev, ev2])


# --- Kim's visits: a small corpus of reports for merging ---------------------------------


KIM = Actor("Kim", "Kim Jong-un", "PRK", "GOV", "Q56226")
XI = Actor("Xi", "Xi Jinping", "CHN", "GOV")
PUTIN = Actor("Putin", "Vladimir Putin", "RUS", "GOV")
BEIJING = Location("Beijing", "Beijing", 1816670, 39.9, 116.4, "CHN", "city")
MOSCOW = Location("Moscow", "Moscow", 524901, 55.75, 37.61, "RUS", "city")


def visit(body: str, title: str, published: str, day: str, host: Actor, loc: Location,
          source: str, url: str | None = None, mode: str = "visit") -> Document:
    art = Article(id=Article.make_id(body, title), origin=f"{title}.txt", body=body, title=title,
                  published=published, source=source, url=url)
    ev = Event("CONSULT", [KIM], Evidence("body", body, 0, len(body)), recipient=[host],
               mode=mode, date=day, date_text="on " + day, location=loc, confidence=0.7)
    return Document(article=art, events=[ev])


WIRE = ("North Korean leader Kim Jong-un arrived in Beijing on Tuesday for a visit to China, "
        "his armoured train pulling into the capital in the morning, state media said, and he "
        "was greeted at the station by senior Chinese officials and a military band.")


def corpus() -> list[Document]:
    return [
        visit("Kim Jong-un visited Moscow and met Vladimir Putin in the Kremlin on Monday.",
              "Kim in Moscow", "2019-04-23", "2019-04-22", PUTIN, MOSCOW, "Paper A"),
        visit("Kim Jong-un travelled to Beijing for talks with Xi Jinping on Tuesday.",
              "Kim in Beijing", "2019-06-18", "2019-06-18", XI, BEIJING, "Paper A"),
        visit(WIRE, "Kim arrives in Beijing", "2025-09-02", "2025-09-02", XI, BEIJING, "Wire"),
        visit("BEIJING (Wire) - " + WIRE, "Kim in China", "2025-09-02", "2025-09-02", XI,
              BEIJING, None, url="https://www.paperb.example/kim"),
        visit("Kim Jong Un met Xi Jinping in Beijing on Wednesday, Chinese media said.",
              "Xi meets Kim", "2025-09-03", "2025-09-03", XI, BEIJING, "Paper C"),
    ]


def blank_doc(nlp, text: str, ents, pos_of: dict[str, str]):
    """A blank-pipeline Doc with the given (surface, label) entities (first occurrence after
    the previous one); tokens tagged by ``pos_of`` (lower-cased text), else PROPN when
    capitalised, else NOUN."""
    doc = nlp.make_doc(text)
    spans, at = [], 0
    for surface, label in ents:
        s = text.index(surface, at)
        sp = doc.char_span(s, s + len(surface), label=label)
        assert sp is not None, surface
        spans.append(sp)
        at = s + len(surface)
    doc.ents = spans
    for t in doc:
        t.pos_ = pos_of.get(t.lower_, "PROPN" if t.text[:1].isupper() else "NOUN")
    return doc


def bio_doc(nlp, text: str, ents=()):
    """A blank-pipeline Doc of ``text`` split on spaces; ``ents``: (first token, end token,
    label) as BIO tags."""
    from spacy.tokens import Doc

    toks = text.split(" ")
    labels = ["O"] * len(toks)
    for a, b, lab in ents:
        labels[a] = f"B-{lab}"
        for k in range(a + 1, b):
            labels[k] = f"I-{lab}"
    return Doc(nlp.vocab, words=toks, spaces=[True] * (len(toks) - 1) + [False], ents=labels)
