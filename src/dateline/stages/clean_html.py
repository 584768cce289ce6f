"""Clean an HTML news page with trafilatura, plus cheap extras (captions, related links).

trafilatura (``bare_extraction`` with metadata) gives the main text, title, date, site name,
description and categories. Two things it drops are taken from the page with lxml because they
are cheap: ``<figcaption>`` captions with their credit, and the headlines of "related" boxes.
Publication date: htmldate on the raw page with ``extensive_search=False`` (the page's
metadata and markup only); when it has none, trafilatura's own date; when that has none too,
htmldate's extensive search (dates in the text), except a bare year
(``YYYY-01-01``), which is a copyright line more often than a publication date. On htmldate's
evaluation pages this is as accurate as htmldate's extensive search and more than its fast mode
(``dateline evaluate metadata``; docs/quality.md).
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


def parse_html(html: str, url: str | None = None, favor_precision: bool = False,
               include_tables: bool = True) -> HtmlParts:
    """Extract the article of one HTML page (empty ``paragraphs`` when there is none).

    ``include_tables`` keeps tables that sit inside the article (results, casualty counts,
    vote tallies): on the article-extraction benchmark dropping them costs recall
    (F1 0.959 -> 0.962 with them, ``dateline evaluate extraction``).
    """
    import trafilatura

    out = HtmlParts(url=url)
    try:
        res = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False,
            include_tables=include_tables,
            favor_precision=favor_precision,
            date_extraction_params={"extensive_search": False, "original_date": True})
    except Exception as exc:  # trafilatura raises assorted errors on broken markup
        out.warnings.append(f"html extraction failed: {type(exc).__name__}: {exc}")
        res = None
    meta = _as_dict(res)
    text = meta.get("text") or meta.get("raw_text") or ""
    out.paragraphs = [" ".join(p.split()) for p in text.split("\n") if p.strip()]
    meta_title = _clean(meta.get("title"))
    tree = _tree(html)
    out.title = best_title(tree, meta_title, _clean(meta.get("sitename")))
    heads = {norm(t) for t in (out.title, meta_title) if t}
    while out.paragraphs and norm(out.paragraphs[0]) in heads:
        out.paragraphs.pop(0)  # the headline repeated as the first block
    out.url = url or meta.get("url")
    date = meta.get("date")
    out.published = _find_date(html, url, date if isinstance(date, str) else None)
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
    _extras(tree, out)
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


def _find_date(html: str, url: str | None, trafilatura_date: str | None) -> str | None:
    """The publication date: htmldate on the raw page (markup only), else trafilatura's, else
    htmldate's extensive search in the text (a bare year ``YYYY-01-01`` is refused)."""
    try:
        from htmldate import find_date
    except ImportError:  # htmldate comes with trafilatura; be safe anyway
        find_date = None

    def htmldate(extensive: bool) -> str | None:
        if find_date is None:
            return None
        try:
            found = find_date(html, url=url, extensive_search=extensive, original_date=True)
        except Exception:  # htmldate raises assorted errors on broken markup
            return None
        return parse_date(found) if isinstance(found, str) else None

    iso = htmldate(False) or (parse_date(trafilatura_date) if trafilatura_date else None)
    if iso:
        return iso
    iso = htmldate(True)
    return iso if iso and not iso.endswith("-01-01") else None


def _tree(html: str) -> Any:
    """The lxml tree of the page, or None when the markup cannot be parsed."""
    try:
        import lxml.html

        return lxml.html.fromstring(html)
    except Exception:  # unparsable markup: trafilatura's text is all we get
        return None


# " | ", " - ", " — ", " :: ", " » " ... between a headline and the site name in <title>
_TITLE_SEP = re.compile(r"\s+(?:[|\u2013\u2014\-:\u00bb\u00b7\u2022]|::)\s+")


_NOT_HEADLINE = {"footer", "nav", "aside", "a"}


def _h1_texts(tree: Any) -> list[str]:
    """Texts of the page's ``<h1>`` elements outside footers, menus and links, each followed by
    the texts of its parts (a kicker or a subtitle inside the ``<h1>``)."""
    out: list[str] = []
    for h in tree.iter("h1"):
        if any(isinstance(a.tag, str) and a.tag in _NOT_HEADLINE for a in h.iterancestors()):
            continue
        parts = [h] + [el for el in h.iterdescendants() if isinstance(el.tag, str)]
        for el in parts:
            t = " ".join(el.text_content().split()).strip(" |")
            if t and t not in out and (el is h or len(t.split()) >= 3):
                out.append(t)
    return out


def _meta_content(tree: Any, *names: str) -> str | None:
    for name in names:
        for m in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]'):
            c = " ".join((m.get("content") or "").split())
            if c:
                return c
    return None


def best_title(tree: Any, meta_title: str | None, sitename: str | None = None) -> str | None:
    """The headline as the page shows it, not the SEO ``<title>`` with the site name.

    In order: an ``<h1>`` that the ``<title>``/``og:title`` contains (the earliest in it, so
    "Headline - Site" picks the headline over a site-name ``<h1>``); else the first ``<h1>`` of
    at least three words (news sites often word the display headline differently from the
    ``<title>``); else the ``<title>`` with a trailing/leading site-name segment removed.
    Measured on trafilatura's English evaluation pages (``dateline evaluate metadata``).
    """
    if tree is None:
        return meta_title
    site = norm(sitename or _meta_content(tree, "og:site_name") or "")
    titles = [t for t in (meta_title, _meta_content(tree, "og:title", "twitter:title")) if t]
    normed = [norm(t) for t in titles]
    h1s = [h for h in _h1_texts(tree) if 0 < len(h.split()) <= 40 and norm(h) != site]
    best: tuple[int, int, str] | None = None
    for h in h1s:
        nh = norm(h)
        pos = min((t.find(nh) for t in normed if nh in t), default=-1)
        if pos >= 0 and (best is None or (pos, -len(h)) < best[:2]):
            best = (pos, -len(h), h)
    if best is not None:
        return best[2]
    for h in h1s:
        if len(h.split()) >= 3:
            return h
    if not meta_title:
        return None
    parts = [p for p in _TITLE_SEP.split(meta_title) if p.strip()]
    if len(parts) > 1:
        keep = [p for p in parts if norm(p) != site] if site else parts
        return max(keep or parts, key=len)
    return meta_title


def _extras(tree: Any, out: HtmlParts) -> None:
    """Add figcaption captions and related-box headlines (best effort, never fails)."""
    if tree is None:
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
