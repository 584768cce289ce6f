"""Clean an HTML news page with trafilatura, plus cheap extras (captions, related links).

trafilatura (``bare_extraction`` with metadata) gives the main text, title, date, site name,
description and categories. Two things it drops are taken from the page with lxml because they
are cheap: ``<figcaption>`` captions with their credit, and the headlines of "related" boxes.
Headline: :func:`best_title` (the ``<h1>`` the ``<title>`` holds, headings that link to
another page skipped, sub-headings that are the whole ``og:title`` or a segment of it).
Publication date: htmldate on the raw page with ``extensive_search=False`` (the page's
metadata and markup only); when it has none, trafilatura's own date; when that has none too,
htmldate's extensive search (dates in the text), except a bare year
(``YYYY-01-01``), which is a copyright line more often than a publication date; then
:func:`shown_date`: a later modification date replaces it when the page prints only that one.
On htmldate's English evaluation pages this is more accurate than htmldate's extensive search
and fast mode (0.944 vs 0.934 / 0.913, ``dateline evaluate metadata``; docs/quality.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator
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
    page = _shared_tree(html)
    try:
        res = trafilatura.bare_extraction(
            html if page is None else page, url=url, with_metadata=True, include_comments=False,
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
    tree = _tree(html) if page is None else page  # trafilatura worked on a copy of it
    out.title = best_title(tree, meta_title, _clean(meta.get("sitename")), url)
    heads = {norm(t) for t in (out.title, meta_title) if t}
    while out.paragraphs and norm(out.paragraphs[0]) in heads:
        out.paragraphs.pop(0)  # the headline repeated as the first block
    out.url = url or meta.get("url")
    meta_date = meta.get("date")
    out.published = _find_date(html, url, meta_date if isinstance(meta_date, str) else None,
                               tree)
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


def _find_date(html: str, url: str | None, trafilatura_date: str | None,
               tree: Any = None) -> str | None:
    """The publication date: htmldate on the raw page (markup only), else trafilatura's, else
    htmldate's extensive search in the text (a bare year ``YYYY-01-01`` is refused); then
    :func:`shown_date` may replace it by the later date the page shows its readers."""
    try:
        from htmldate import find_date
    except ImportError:  # htmldate comes with trafilatura; be safe anyway
        find_date = None

    # htmldate's own parse of the page, made on first use and shared by its calls (it copies
    # a tree it is given before pruning it), instead of one parse per call
    parsed: list[Any] = []

    def htmldate(extensive: bool, original: bool = True) -> str | None:
        if find_date is None:
            return None
        try:
            if not parsed:
                from htmldate.utils import load_html

                parsed.append(None)  # a page htmldate cannot parse is not parsed again
                parsed[0] = load_html(html)
            found = find_date(html if parsed[0] is None else parsed[0], url=url,
                              extensive_search=extensive, original_date=original)
        except Exception:  # htmldate raises assorted errors on broken markup
            return None
        return parse_date(found) if isinstance(found, str) else None

    traf = parse_date(trafilatura_date) if trafilatura_date else None
    iso = htmldate(False) or traf
    if not iso:
        iso = htmldate(True)
        iso = iso if iso and not iso.endswith("-01-01") else None
    if iso and tree is not None:
        text: list[str] = []

        def visible() -> str:
            if not text:
                text.append(visible_text(tree).lower())
            return text[0]

        # the two libraries disagree: the one date the page labels as its publication's
        if traf and traf != iso and _labelled(visible(), traf) and not _labelled(visible(), iso):
            iso = traf
        updated = htmldate(False, original=False)
        if updated and updated > iso:
            return shown_date(visible(), iso, updated)
    return iso


# How pages print a day (strftime; "%-d" is the day without a leading zero). Checked against the
# page's visible text to tell which of two metadata dates the page shows.
_SHOWN_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%B %-d, %Y", "%B %d, %Y", "%b %-d, %Y",
                  "%b. %-d, %Y", "%-d %B %Y", "%d %B %Y", "%-d %b %Y", "%d %b %Y", "%-d. %B %Y",
                  "%d.%m.%Y", "%-d.%-m.%Y", "%m/%d/%Y", "%-m/%-d/%Y", "%d/%m/%Y")


def _printed_at(text: str, iso: str) -> Iterator[int]:
    """Where ``text`` (lower case) prints the day ``iso`` in a common format: each start, not
    inside a longer number ("12/04/2020" in "112/04/20201"); nothing for a bad ``iso``."""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return
    for fmt in _SHOWN_FORMATS:
        shown = day.strftime(fmt).lower()
        i = text.find(shown)
        while i >= 0:
            end = i + len(shown)
            if (i == 0 or not text[i - 1].isdigit()) and (end == len(text)
                                                          or not text[end].isdigit()):
                yield i
            i = text.find(shown, i + 1)


def _shows(text: str, iso: str) -> bool:
    """Whether ``text`` (lower case) prints the day ``iso`` in a common format."""
    return next(_printed_at(text, iso), None) is not None


#: Words a page prints just before its own publication date ("Published 7:07 PM EST Nov 19,
#: 2019"), within :data:`_LABEL_CHARS` characters.
_PUBLISHED_LABELS = ("published", "posted")
_LABEL_CHARS = 30


def _labelled(text: str, iso: str) -> bool:
    """Whether ``text`` (lower case) prints the day ``iso`` shortly after a publication label.

    htmldate's markup search can take a date a photo caption gives ("This March 28, 2017, file
    photo") where trafilatura's metadata has the page's ("Published 7:07 PM EST Nov 19, 2019"):
    when the two disagree, the one the page labels as published, and only that one, wins."""
    return any(any(w in text[max(0, i - _LABEL_CHARS):i] for w in _PUBLISHED_LABELS)
               for i in _printed_at(text, iso))


def shown_date(text: str, original: str, updated: str) -> str:
    """``updated`` when the page's visible ``text`` prints it and does not print ``original``,
    else ``original``.

    The page's metadata may hold a first-publication date that the page never shows (a recipe
    "created" 2004-01-01, an evergreen guide re-dated on each revision, a wiki diff of an old
    page): readers, and the gold annotations of htmldate's evaluation set, take the date the
    page prints ("Updated June 13, 2019"). When the page prints the original date, or neither,
    the original date stays (news pages print when they were first published).
    """
    low = text.lower()
    if _shows(low, updated) and not _shows(low, original):
        return updated
    return original


def visible_text(tree: Any) -> str:
    """The text a reader sees: the page without ``<head>``, scripts, styles and templates."""
    if tree is None:
        return ""
    parts: list[str] = []

    def walk(el: Any) -> None:
        if isinstance(el.tag, str) and el.tag not in _INVISIBLE:
            parts.append(el.text or "")
            for child in el:
                walk(child)
        parts.append(el.tail or "")

    try:
        walk(tree)
    except RecursionError:  # absurdly deep markup: the whole text, scripts included
        return " ".join(tree.text_content().split())
    return " ".join(" ".join(parts).split())


_INVISIBLE = frozenset({"script", "style", "noscript", "template", "head", "title"})


def _shared_tree(html: str) -> Any:
    """trafilatura's own parse of the page, handed to ``bare_extraction`` (which works on a
    copy of a tree it is given) and then read by the title, date and extras code here: one
    parse of the page instead of two (about 1.7 ms less a page; the same output on the 581
    benchmark pages). None -- and a parse of our own (:func:`_tree`) -- when the page holds
    characters XML forbids (lxml keeps them in text it then refuses to edit) or trafilatura
    cannot parse it."""
    if _XML_FORBIDDEN.search(html):
        return None
    from trafilatura.utils import load_html

    try:
        return load_html(html)
    except Exception:  # lxml raises assorted errors on broken markup
        return None


def _tree(html: str) -> Any:
    """The lxml tree of the page, or None when the markup cannot be parsed. Control characters
    XML forbids are dropped first: lxml parses them into text it then refuses to edit."""
    import lxml.html

    html = _XML_FORBIDDEN.sub("", html)
    for markup in (html, _XML_DECL.sub("", html, count=1)):
        try:
            return lxml.html.fromstring(markup)
        except ValueError:  # "Unicode strings with encoding declaration": XHTML pages
            continue
        except Exception:  # unparsable markup: trafilatura's text is all we get
            return None
    return None


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# " | ", " - ", " — ", " :: ", " » " ... between a headline and the site name in <title>
_TITLE_SEP = re.compile(r"\s+(?:[|\u2013\u2014\-:\u00bb\u00b7\u2022]|::)\s+")


_NOT_HEADLINE = {"footer", "nav", "aside", "a"}

# the characters that separate a headline from the site name in a <title> ("A -- B" included)
_SEP_CHARS = "|-:\u2013\u2014\u00bb\u00ab\u00b7\u2022/~"


def _page_keys(tree: Any, url: str | None) -> set[str]:
    """Comparison keys of the page's own address: the given URL, ``<link rel=canonical>`` and
    ``og:url`` (scheme, ``www.``, fragment and trailing slash ignored)."""
    urls = [url] + tree.xpath('//link[@rel="canonical"]/@href') + tree.xpath(
        '//meta[@property="og:url"]/@content')
    return {_url_key(u) for u in urls if u}


def _url_key(u: str) -> str:
    """``host/path?query`` of a URL without scheme, ``www.``, fragment and trailing slash."""
    try:
        p = urlparse(u.strip())
        host = (p.hostname or "").removeprefix("www.")
    except ValueError:  # malformed address ("http://[::1"): compare it as written
        return u.strip()
    return f"{host}{p.path.rstrip('/')}" + (f"?{p.query}" if p.query else "")


def _links_elsewhere(h: Any, base: str | None, own: set[str]) -> bool:
    """Whether the heading's whole text is a link to another page: the blog's name linking to
    its home page ("<h1><a href='/'>Four Years Remaining</a></h1>"), a teaser of another
    article. A headline that links to its own page (a permalink) is still a headline."""
    links = [a for a in h.iter("a") if a.get("href")]
    if not links:
        return False
    text = " ".join(h.text_content().split())
    if " ".join(" ".join(a.text_content() for a in links).split()) != text:
        return False
    for a in links:
        href = a.get("href").strip()
        if not href or href.startswith(("#", "javascript:")):
            return False
        try:
            target = urljoin(base or "", href)
        except ValueError:  # a malformed link: keep the heading
            return False
        if _url_key(target) in own:
            return False
    return True


def _heading_texts(tree: Any, tag: str, base: str | None = None,
                   own: set[str] | None = None) -> list[str]:
    """Texts of the page's ``<tag>`` headings outside footers, menus and links and not
    themselves links to another page, each ``<h1>`` followed by the texts of its parts (a
    kicker or a subtitle inside it)."""
    out: list[str] = []
    own = own if own is not None else _page_keys(tree, base)
    for h in tree.iter(tag):
        if any(isinstance(a.tag, str) and a.tag in _NOT_HEADLINE for a in h.iterancestors()):
            continue
        if _links_elsewhere(h, base, own):
            continue
        parts = [h] + ([el for el in h.iterdescendants() if isinstance(el.tag, str)]
                       if tag == "h1" else [])
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


def _title_element(tree: Any) -> str | None:
    """The text of the page's first ``<title>`` (trafilatura's title may be another one)."""
    for t in tree.iter("title"):
        text = " ".join(t.text_content().split())
        return text or None
    return None


def _segment_at(title: str, head: str) -> int:
    """Where ``head`` stands in ``title`` as a whole separator-delimited segment ("Site »
    Archive » Headline", "A.Word.A.Day --maudlin"), or -1."""
    i = title.find(head)
    while i >= 0:
        before, after = title[:i].rstrip(), title[i + len(head):].lstrip()
        if ((not before or before[-1] in _SEP_CHARS)
                and (not after or after[0] in _SEP_CHARS)):
            return i
        i = title.find(head, i + 1)
    return -1


def best_title(tree: Any, meta_title: str | None, sitename: str | None = None,
               url: str | None = None) -> str | None:
    """The headline as the page shows it, not the SEO ``<title>`` with the site name.

    Headings that are wholly a link to another page (the blog's name linking home) are not
    headlines. In order: an ``<h1>`` that the ``<title>``/``og:title`` contains (the earliest
    in it, so "Headline - Site" picks the headline over a site-name ``<h1>``); else the first
    ``<h1>`` of at least three words (news sites often word the display headline differently
    from the ``<title>``); else an ``<h2>``/``<h3>`` that is the whole ``og:title``/``<title>``
    or a whole segment of it (blogs whose ``<h1>`` is the blog's name, "Blog » Archive » Post");
    else the ``<title>`` with a trailing/leading site-name segment removed. Measured on
    trafilatura's English evaluation pages (``dateline evaluate metadata``, docs/quality.md).
    """
    if tree is None:
        return meta_title
    site = norm(sitename or _meta_content(tree, "og:site_name") or "")
    titles = [t for t in (meta_title, _meta_content(tree, "og:title", "twitter:title"),
                          _title_element(tree)) if t]
    normed = list(dict.fromkeys(norm(t) for t in titles))
    own = _page_keys(tree, url)
    h1s = [h for h in _heading_texts(tree, "h1", url, own)
           if 0 < len(h.split()) <= 40 and norm(h) != site]
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
    sub = _subheading_title(tree, normed, site, url, own)
    if sub is not None:
        return sub
    if not meta_title:
        return None
    parts = [p for p in _TITLE_SEP.split(meta_title) if p.strip()]
    if len(parts) > 1:
        keep = [p for p in parts if norm(p) != site] if site else parts
        return max(keep or parts, key=len)
    return meta_title


def _subheading_title(tree: Any, normed: list[str], site: str, url: str | None,
                      own: set[str]) -> str | None:
    """The ``<h2>``/``<h3>`` that is a whole title (first choice) or the longest whole segment
    of one (not the site name), among the first ten of each level."""
    best: tuple[int, int, str] | None = None
    for rank, tag in enumerate(("h2", "h3")):
        for h in _heading_texts(tree, tag, url, own)[:10]:
            nh = norm(h)
            if not nh or nh == site or len(h.split()) > 40:
                continue
            if nh in normed:
                key = (0, rank, h)
            elif any(_segment_at(t, nh) >= 0 for t in normed):
                key = (1, -len(nh), h)
            else:
                continue
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best else None


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
