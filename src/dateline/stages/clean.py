"""clean stage: turn a RawInput (text scrape, HTML page or JSONL record) into an Article.

Registered implementations (kind ``clean``):

* ``auto`` (default): picks by ``RawInput.format`` -- ``text`` scrapes go through the chrome
  rules of :mod:`.clean_text`, ``html`` through trafilatura (:mod:`.clean_html`), ``record``
  (JSONL) is cleaned minimally (whitespace, paragraphs) with title/url/published from its fields;
* ``text``: every input is treated as a text scrape (HTML is stripped by trafilatura first);
* ``html``: every input is treated as HTML.

Options (from ``PipelineConfig.stage_options("clean")``): ``published`` -- the fallback
publication date for input that states none (``--published``); ``html_favor_precision``
(default False) -- trafilatura's precision mode.

A page with no article text raises ``InputError(origin, "no-text")``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable

from ..errors import InputError
from ..model import Article, Document, Link, RawInput
from ..registry import registry
from .clean_html import parse_html
from .clean_text import parse_date, parse_plain_record, parse_text_scrape, section_name

_ISO_DT = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?"
                     r"(?:Z|[+-]\d{2}:?\d{2})?)?$")


def normalise_published(value: Any) -> str | None:
    """An ISO date (or the ISO datetime as given) from a metadata value, else None."""
    if value is None:
        return None
    s = str(value).strip()
    if _ISO_DT.match(s):
        try:  # "0000-00-00" and other impossible dates are no date at all
            date.fromisoformat(s[:10])
        except ValueError:
            return None
        return s.replace(" ", "T") if len(s) > 10 else s
    return parse_date(s)


def _finish(raw: RawInput, config: dict, *, paragraphs: list[str], title: str | None = None,
            subtitle: str | None = None, published: str | None = None,
            section: str | None = None, source: str | None = None, url: str | None = None,
            language: str | None = None, captions: list | None = None,
            related: list[Link] | None = None) -> Article:
    paragraphs = [" ".join(p.split()) for p in paragraphs if p and p.strip()]
    body = "\n".join(paragraphs)
    if not body.strip():
        raise InputError(raw.origin, "no-text", "no article text found")
    published = published or normalise_published(config.get("published"))
    return Article(
        id=Article.make_id(body, title), origin=raw.origin, body=body,
        url=url or raw.meta.get("url"), title=title, subtitle=subtitle, published=published,
        section=section, source=source, language=language or "en",
        captions=list(captions or []), related=list(related or []))


def clean_text(raw: RawInput, config: dict) -> Article:
    """A plain-text scrape -> Article (chrome removed, related links kept apart)."""
    p = parse_text_scrape(raw.data)
    meta = raw.meta
    return _finish(raw, config, paragraphs=p.paragraphs, title=p.title or meta.get("title"),
                   subtitle=p.subtitle,
                   published=p.published or normalise_published(meta.get("published")),
                   section=p.section, source=p.source, captions=p.captions, related=p.related)


def clean_html(raw: RawInput, config: dict) -> tuple[Article, list[str]]:
    """An HTML page -> Article via trafilatura; also returns extraction warnings."""
    p = parse_html(raw.data, url=raw.meta.get("url"),
                   favor_precision=bool(config.get("html_favor_precision", False)))
    art = _finish(raw, config, paragraphs=p.paragraphs, title=p.title, subtitle=p.subtitle,
                  published=p.published or normalise_published(raw.meta.get("published")),
                  section=p.section, source=p.source, url=p.url, language=p.language,
                  captions=p.captions, related=p.related)
    # trafilatura falls back to whatever text a page has (menus, a cookie banner); a page whose
    # "article" is a handful of words has no article text.
    min_words = int(config.get("html_min_words", 8))
    n_words = len(art.body.split())
    if n_words < min_words:
        raise InputError(raw.origin, "no-text", f"only {n_words} words outside the page chrome")
    return art, p.warnings


def clean_record(raw: RawInput, config: dict) -> Article:
    """A JSONL record -> Article: text split into paragraphs, fields taken from the record."""
    m = raw.meta
    def s(*keys: str) -> str | None:
        for k in keys:
            v = m.get(k)
            if isinstance(v, str) and v.strip():
                return " ".join(v.split())
        return None
    section = s("section", "category")
    related = [Link(str(r.get("title")), r.get("url")) if isinstance(r, dict) else Link(str(r))
               for r in (m.get("related") if isinstance(m.get("related"), list) else []) if r]
    return _finish(raw, config, paragraphs=parse_plain_record(raw.data),
                   title=s("title", "headline"), subtitle=s("subtitle", "description", "summary"),
                   published=normalise_published(
                       m.get("published") or m.get("date") or m.get("date_publish")
                       or m.get("datePublished")),
                   section=section_name(section) if section else None,
                   source=s("source", "sitename", "site", "publisher", "agency"),
                   url=s("url", "link"), language=s("language", "lang"), related=related)


def _run(raw: RawInput, config: dict, mode: str) -> tuple[Article, list[str]]:
    fmt = raw.format if mode == "auto" else mode
    if fmt == "html":
        return clean_html(raw, config)
    if fmt == "record" and mode == "auto":
        return clean_record(raw, config), []
    if fmt == "text" and raw.format == "html":  # forced text mode on HTML: strip markup first
        art, warnings = clean_html(raw, config)
        return art, warnings
    return clean_text(raw, config), []


def _make(mode: str) -> Callable[[dict, Any], Callable[[Document], Document]]:
    def factory(config: dict, resources: Any) -> Callable[[Document], Document]:
        def run(doc: Document) -> Document:
            raw = doc.raw
            if raw is None:
                raise InputError(doc.origin, "no-text", "nothing to clean")
            doc.warnings.extend(raw.meta.get("warnings") or [])
            doc.article, warnings = _run(raw, config, mode)
            doc.warnings.extend(warnings)
            return doc
        return run
    factory.__doc__ = {
        "auto": "Clean by input format: text-scrape rules, trafilatura for HTML, records as is.",
        "text": "Treat every input as a plain-text scrape (chrome rules of clean_text).",
        "html": "Treat every input as HTML (trafilatura + figcaptions + related boxes).",
    }[mode]
    return factory


make_auto = registry.stage("clean", "auto", needs=("raw",), provides=("article",))(_make("auto"))
make_text = registry.stage("clean", "text", needs=("raw",), provides=("article",))(_make("text"))
make_html = registry.stage("clean", "html", needs=("raw",), provides=("article",))(_make("html"))
