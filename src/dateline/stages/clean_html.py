"""Clean an HTML news page with trafilatura, plus cheap extras (captions, related links).

trafilatura (``bare_extraction`` with metadata) gives the main text, title, date, site name,
description and categories. Two things it drops are taken from the page with lxml because they
are cheap: ``<figcaption>`` captions with their credit, and the headlines of "related" boxes.
Date extraction uses ``extensive_search=False`` so that a date is only taken from the page's
metadata and markup, not guessed from any number in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlparse

from ..model import Caption, Link
from .clean_text import norm, parse_caption, parse_date, section_name

_CREDIT_CLASS = re.compile(r"credit|copyright|byline|source|author|photographer", re.I)
_RELATED_CLASS = re.compile(r"related|recommend|more-stories|more_stories|read-more|readmore"
                            r"|also-read|most-read|mostread|trending|popular", re.I)


@dataclass
class HtmlParts:
    """What an HTML page held, before it becomes an Article."""

    title: str | None = None
    subtitle: str | None = None
    published: str | None = None
    section: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    captions: list[Caption] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _as_dict(res: Any) -> dict[str, Any]:
    if res is None:
        return {}
    if isinstance(res, dict):
        return res
    if hasattr(res, "as_dict"):
        return res.as_dict()
    return dict(vars(res))


def parse_html(html: str, url: str | None = None, favor_precision: bool = False) -> HtmlParts:
    """Extract the article of one HTML page (empty ``paragraphs`` when there is none)."""
    import trafilatura

    out = HtmlParts(url=url)
    try:
        res = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            favor_precision=favor_precision,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        out.warnings.append(f"html extraction failed: {type(exc).__name__}: {exc}")
        res = None
    meta = _as_dict(res)
    text = meta.get("text") or meta.get("raw_text") or ""
    out.paragraphs = [" ".join(p.split()) for p in text.split("\n") if p.strip()]
    out.title = _clean(meta.get("title"))
    while out.paragraphs and out.title and norm(out.paragraphs[0]) == norm(out.title):
        out.paragraphs.pop(0)  # the headline repeated as the first block
    out.url = url or meta.get("url")
    date = meta.get("date")
    out.published = parse_date(date) if isinstance(date, str) else None
    out.source = _clean(meta.get("sitename")) or (
        urlparse(out.url).hostname if out.url else None)
    cats = meta.get("categories") or []
    if isinstance(cats, str):
        cats = [c for c in re.split(r"[;,]", cats) if c.strip()]
    if cats:
        out.section = section_name(cats[0].strip())
    lang = meta.get("language")
    out.language = lang if isinstance(lang, str) and lang else None
    desc = _clean(meta.get("description"))
    if (desc and norm(desc) != norm(out.title or "")
            and not _is_prefix_of_body(desc, out.paragraphs)):
        out.subtitle = desc
    _extras(html, out)
    return out


def _clean(v: Any) -> str | None:
    if not isinstance(v, str):
        return None
    v = " ".join(v.split())
    return v or None


def _is_prefix_of_body(desc: str, paragraphs: list[str]) -> bool:
    if not paragraphs:
        return False
    d = norm(desc).rstrip(".\u2026 ")
    body = norm(" ".join(paragraphs[:2]))
    return body.startswith(d[: max(30, len(d) - 5)])


def _extras(html: str, out: HtmlParts) -> None:
    """Add figcaption captions and related-box headlines (best effort, never fails)."""
    try:
        import lxml.html

        tree = lxml.html.fromstring(html)
    except Exception:  # unparsable markup: trafilatura's text is all we get
        return
    seen: set[str] = set()
    for fc in tree.iter("figcaption"):
        credit = None
        for el in fc.iter():
            if el is not fc and _CREDIT_CLASS.search(el.get("class") or ""):
                credit = " ".join(el.text_content().split()) or None
                el.drop_tree()
                break
        text = " ".join(fc.text_content().split())
        if not text:
            continue
        cap = parse_caption(text) if credit is None else None
        cap = cap or Caption(text, credit)
        if norm(cap.text) not in seen:
            seen.add(norm(cap.text))
            out.captions.append(cap)
    titles = {norm(link.title) for link in out.related}
    body = {norm(p) for p in out.paragraphs}
    for box in tree.xpath("//*[@class or @id]"):
        if not isinstance(box.tag, str) or box.tag in ("a", "body", "html", "main", "article"):
            continue
        key = f"{box.get('class') or ''} {box.get('id') or ''}"
        if not _RELATED_CLASS.search(key):
            continue
        for a in box.iter("a"):
            t = " ".join(a.text_content().split())
            if len(t.split()) < 4 or norm(t) in titles or norm(t) in body:
                continue
            titles.add(norm(t))
            href = a.get("href")
            out.related.append(Link(t, urljoin(out.url or "", href) if href else None))
            if len(out.related) >= 50:
                return
