"""Clean a plain-text scrape of a news page: separate the article from the site chrome.

A text scrape (a browser's "copy all", a crawler's text dump) holds the article's title,
standfirst, captions and paragraphs together with the page's chrome: "2 min read", share
buttons, "Recommended"/"Related..." boxes in the middle of the body, "Explore"/"Most read"
headline lists at the end, newsletter prompts. The rules here are general (lexicons and
patterns over whole lines), not tuned to one site:

* header: the title is chosen first (:func:`.clean_rules.find_title`: the headline-like line
  followed by a byline/date/caption or a standfirst, or repeated; never a tagline or menu such
  as "Site - Back to home"); above it, meta lines (``date 2025-09-02 WORLD``), section labels
  and breadcrumbs ("Home » Politics »") give the section (the nearest short run of labels; a
  long menu gives none) and a site that calls itself a news agency the source; below it, date
  lines in several formats, read-time lines, bylines, author lines, the standfirst (subtitle),
  a repeated title, captions;
* body: paragraphs in order; chrome lines dropped; captions (``... / AP``, ``(Photo: X)``,
  ``REUTERS/Name``, ``Image source, X`` + ``Image caption, Y``) collected apart;
* lists: after a list label ("Recommended", "Related coverage", "Explore", "More on this
  story"...) headline-like lines become related links until a paragraph-like line resumes the
  body (soft labels) or for good (end-of-article labels, ``SOURCE:`` and reporting trailers,
  once the body holds story text; tag lines, copyright footers, "(END)", reporter bios end it
  too);
* menus: :func:`main_text` drops runs of short non-sentence lines (navigation) and keeps the
  segments that carry the story's sentences, so whole-page scrapes lose their menus too.

The line rules themselves live in :mod:`.clean_rules`. The result is a :class:`TextParts`;
:mod:`dateline.stages.clean` turns it into an Article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Caption, Link
from .clean_rules import (AGENCIES, _agency_caption, _BIO_RE, breadcrumb_parts, _BREADCRUMB_RE,
                          _BYLINE_RE, CHROME_CONTAINS, _COPYRIGHT_RE, _CREDIT_ONLY, date_line,
                          _DATELINE_AGENCY_RE, _DATELINE_RE, _END_RE, find_title, _IMG_CAPTION,
                          _IMG_SOURCE, is_chrome, is_furniture, is_label, list_label, norm,
                          parse_caption, parse_date, related_inline, section_name, _SELF_AGENCY,
                          sentence_like, _SIGNOFF_RE, _SOURCE_RE, _TRAILER_RE, words)

# --------------------------------------------------------------------------------------------
# the scrape parser


@dataclass
class TextParts:
    """What a text scrape held, before it becomes an Article."""

    title: str | None = None
    subtitle: str | None = None
    published: str | None = None
    section: str | None = None
    source: str | None = None
    captions: list[Caption] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Parser:
    """A line-by-line state machine: head -> body <-> list -> tail."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.out = TextParts()
        self.state = "head"
        self.pending_credit: str | None = None
        self.update_date: str | None = None
        self.dateline_source: str | None = None
        self.list_blank = False
        self.tail_list = False
        self.prev_blank = True
        self.section_from_meta = False
        self.furniture = False  # byline/caption/date seen between the title and this line
        self.last_para = False  # the previous non-blank line became a body paragraph
        self.promo = False  # inside a newsletter/subscription promo box
        self.label_run: list[str] = []  # short label lines just before the title
        self.related_keys: set[str] = set()
        self.caption_keys: set[str] = set()
        #: no two consecutive non-blank lines: blank lines say nothing about blocks
        self.one_line_blocks = not any(a and b for a, b in zip(lines, lines[1:]))
        self.title_idx = find_title(lines)
        self.agency_credit: str | None = None  # credit of a "caption. - Agency" header photo
        self.label_adjacent = False  # the last section label is just above the title

    # helpers ---------------------------------------------------------------------------------
    def has_text(self, substantial: bool = False) -> bool:
        """Whether the body holds story text yet: a sentence of a dozen words or more, or
        (``substantial``) two sentences and 40 words, enough for an end-of-story marker."""
        sents = [p for p in self.out.paragraphs if sentence_like(p)]
        if substantial:
            return len(sents) >= 2 and sum(words(p) for p in sents) >= 40
        return any(words(p) >= 12 for p in sents)

    def add_related(self, title: str) -> None:
        if words(title) < 3 or title.lstrip().startswith("#"):
            return  # topic tags ("Spain", "Emmanuel Macron", "#Iran #Nuclear talks"), not headlines
        parts = re.split(r"\s*[,;]\s*", title.strip(" ,;."))
        if len(parts) >= 3 and all(1 <= words(p) <= 3 for p in parts):
            return  # a tag list ("Iran, Vienna, Nuclear deal")
        key = norm(title)
        if key and key not in self.related_keys:
            self.related_keys.add(key)
            self.out.related.append(Link(title.strip()))

    def add_caption(self, cap: Caption) -> None:
        key = norm(cap.text)
        if key not in self.caption_keys:
            self.caption_keys.add(key)
            self.out.captions.append(cap)

    def repeats_header(self, line: str) -> bool:
        n = norm(line)
        return bool(n) and n in {norm(self.out.title or ""), norm(self.out.subtitle or "")}

    def header_chrome_ahead(self, i: int, k: int = 3) -> bool:
        """Whether one of the next ``k`` non-blank lines is header furniture."""
        seen = 0
        if self.one_line_blocks:  # every line is its own block: look at the next line only
            k = 1
        for ln in self.lines[i + 1:]:
            if not ln:
                if self.one_line_blocks:
                    continue
                return False  # furniture must follow in the same block
            seen += 1
            if (is_furniture(ln) or is_chrome(ln) or self.repeats_header(ln)
                    or _agency_caption(ln)):
                return True
            if seen >= k:
                break
        return False

    def common(self, line: str) -> bool:
        """Handle lines that mean the same anywhere on the page; True when consumed."""
        m = _IMG_SOURCE.match(line)
        if m:
            self.pending_credit = m.group("c").strip()
            return True
        m = _IMG_CAPTION.match(line)
        if m:
            self.add_caption(Caption(m.group("t").strip(), self.pending_credit))
            self.pending_credit = None
            return True
        m = _CREDIT_ONLY.match(line)
        if m:
            credit = m.group("c").strip(" .")
            paras = self.out.paragraphs
            if self.last_para and paras and words(paras[-1]) <= 40:
                self.add_caption(Caption(paras.pop(), credit))
            elif self.out.captions and not self.out.captions[-1].credit:
                self.out.captions[-1].credit = credit
            self.last_para = False
            return True
        dl = date_line(line)
        if dl:
            iso, rest, is_update = dl
            if is_update:
                self.update_date = self.update_date or iso
            elif self.out.published is None:
                self.out.published = iso
            # a meta line above the title ("date 2025-09-02 WORLD"); below it, what is left of
            # a date line is a place ("Published - June 3, 2025 - NAIROBI"), not a section
            if (rest and not self.section_from_meta and self.state == "head"
                    and self.out.title is None and words(rest) <= 3):
                self.out.section = section_name(rest)
                self.section_from_meta = True
            return True
        cap = parse_caption(line)
        if cap is not None:
            self.add_caption(cap)
            return True
        return is_chrome(line)

    def source_line(self, line: str) -> str | None:
        """``"source"`` for a SOURCE:/sign-off line (it ends the story), ``"agency"`` for an
        agency name on its own line (a byline); the source is recorded either way."""
        m = _SOURCE_RE.match(line) or _SIGNOFF_RE.match(line)
        if m:
            self.out.source = m.group("s").strip()
            return "source"
        bare = norm(line.strip("()[]\u2014\u2013- "))
        if bare in AGENCIES and words(line) <= 4:
            self.out.source = self.out.source or line.strip("()[]\u2014\u2013- .")
            return "agency"
        return None

    def pre_title(self, i: int, line: str) -> None:
        """A line above the title found by :func:`find_title`: dates, section labels and
        breadcrumbs are read; taglines, menus and site names are dropped."""
        if i == self.title_idx:
            self.out.title = line.strip()
            run = self.label_run
            if not self.section_from_meta and run and (len(run) <= 3 or self.label_adjacent):
                self.out.section = section_name(run[-1])
            return
        m = _SELF_AGENCY.match(line)
        if m:
            self.out.source = self.out.source or m.group("s").strip()
        elif self.common(line):
            self.label_adjacent = self.label_adjacent and bool(date_line(line))
            return
        elif self.source_line(line):
            return
        parts = breadcrumb_parts(line)
        if parts:
            parts = [p for p in parts if not is_chrome(p)]
            self.label_run = parts[-1:] if len(parts) <= 3 else []  # longer: a menu
            self.label_adjacent = True
        elif is_label(line) and not list_label(line) and not m:
            self.label_run.append(line)
            self.label_adjacent = True
        else:  # a tagline or menu line: the labels above it were the site's, not the story's
            self.label_run = []
            self.label_adjacent = False

    # states ----------------------------------------------------------------------------------
    def head(self, i: int, line: str) -> None:
        if self.title_idx is not None and self.out.title is None:
            self.pre_title(i, line)
            return
        if self.repeats_header(line):
            return
        cap = _agency_caption(line)
        if cap:
            self.add_caption(cap)
            self.agency_credit = self.agency_credit or cap.credit
            self.furniture = self.out.title is not None
            return
        if self.common(line):
            if self.out.title is not None and not is_chrome(line):
                self.furniture = True  # a caption or date after the title: no subtitle now
            return
        if _BYLINE_RE.match(line) and words(line) <= 15:
            self.furniture = self.out.title is not None
            iso = parse_date(line)
            if iso and self.out.published is None:
                self.out.published = iso
            return
        if list_label(line) or self.source_line(line):
            return
        if self.out.title is None:
            if _BREADCRUMB_RE.match(line):
                self.out.section = section_name(re.split(r"\s*[>\u203a\u00bb|]\s*", line)[-1])
                return
            if words(line) <= 3 and not re.search(r"[.!?]$", line) and (
                    line.isupper() or words(line) <= 2):
                self.label_run.append(line)
                if not self.section_from_meta:
                    # a long run of labels is a navigation menu, not the story's section
                    self.out.section = section_name(line) if len(self.label_run) <= 3 else None
                return
            if words(line) <= 40 and not _DATELINE_RE.match(line):
                self.out.title = line.strip()
                return
        elif words(line) < 5 and not re.search(r"[.!?\"'\u201d]$", line):
            self.furniture = True
            return  # author name, role, label between the title and the text
        elif (self.out.subtitle is None and not self.furniture and words(line) <= 50
              and not _DATELINE_RE.match(line) and self.header_chrome_ahead(i)):
            self.out.subtitle = line.strip()
            return
        self.state = "body"
        self.body(i, line)

    def body(self, i: int, line: str) -> None:
        if _COPYRIGHT_RE.match(line) and self.has_text(substantial=True):
            self.state = "tail"  # "© 2025 AFP", "Copyright 2025 ...": the page footer
            return
        if self.promo and not sentence_like(line):
            return  # the blurb of a newsletter box
        self.promo = False
        if words(line) <= 20 and CHROME_CONTAINS.search(line) and not parse_caption(line):
            self.promo = True
            return
        if self.common(line) or self.repeats_header(line):
            return
        rel = related_inline(line)
        if rel:
            self.add_related(rel)
            return
        label = list_label(line)
        if label:
            if label == "tail" and self.has_text(substantial=True):
                self.state = "tail"
            else:  # what came before a list with no story text yet was menus, not the story
                if not self.has_text():
                    self.out.paragraphs.clear()
                self.state = "list"
            self.list_blank = False
            self.tail_list = True
            return
        if (self.source_line(line) == "source" or _TRAILER_RE.search(line) or _END_RE.match(line)
                or (_BIO_RE.match(line) and words(line) <= 30)):
            if self.has_text(substantial=True):
                self.state = "tail"
            return
        if self.source_line(line):
            return
        if _BYLINE_RE.match(line) and words(line) <= 15 and not sentence_like(line):
            return
        if not self.out.paragraphs:
            m = _DATELINE_RE.match(line)
            m2 = _DATELINE_AGENCY_RE.match(line)
            if m and m.group("agency"):
                self.dateline_source = m.group("agency").strip()
            elif m2 and norm(m2.group("agency")) in AGENCIES:
                self.dateline_source = m2.group("agency").strip()
        paras = self.out.paragraphs
        if (paras and not self.prev_blank and self.last_para and line[:1].islower()
                and not re.search(r"[.!?:\"'\u201d\u2019]$", paras[-1])):
            paras[-1] = paras[-1] + " " + line  # a hard-wrapped paragraph
        else:
            paras.append(line)
        self.last_para = True

    def in_list(self, i: int, line: str) -> None:
        if self.common(line):
            return
        rel = related_inline(line)
        if rel:
            self.add_related(rel)
            return
        label = list_label(line)
        if label:
            if label == "tail" and self.has_text(substantial=True):
                self.state = "tail"
            return
        if sentence_like(line) and (self.list_blank or words(line) >= 15 or re.search(
                r"\.[\"'\u201d\u2019)]*$", line)) and not (
                words(line) < 15 and re.search(r"[?!][\"'\u201d\u2019)]*$", line)):
            self.state = "body"
            self.body(i, line)
            return
        if words(line) <= 25:
            self.add_related(line)
            return
        self.state = "body"
        self.body(i, line)

    def tail(self, i: int, line: str) -> None:
        if self.common(line) or self.source_line(line):
            return
        rel = related_inline(line)
        if rel:
            self.add_related(rel)
            return
        if list_label(line):
            self.tail_list = True
            return
        if self.tail_list and words(line) <= 25 and not _TRAILER_RE.search(line):
            self.add_related(line)

    def run(self) -> TextParts:
        for i, line in enumerate(self.lines):
            if not line:
                self.prev_blank = True
                self.list_blank = True
                continue
            paras = self.out.paragraphs
            before = (len(paras), paras[-1] if paras else None)
            {"head": self.head, "body": self.body, "list": self.in_list,
             "tail": self.tail}[self.state](i, line)
            # a line joined to the last paragraph (hard wrap) still continues it
            if (len(paras), paras[-1] if paras else None) == before:
                self.last_para = False
            self.prev_blank = False
        out = self.out
        out.paragraphs = main_text(out.paragraphs)
        if out.published is None:
            out.published = self.update_date
        if out.source is None:
            out.source = self.dateline_source
        if out.source is None:  # the lead photo signed "- Agency", as the story would be
            out.source = self.agency_credit
        if out.title and not out.paragraphs and out.subtitle:
            out.paragraphs.append(out.subtitle)  # a short item: the standfirst is all the text
            out.subtitle = None
        return out


def main_text(paragraphs: list[str], menu_run: int = 3, keep: float = 0.25) -> list[str]:
    """The story's paragraphs without menus: runs of ``menu_run`` or more short non-sentence
    lines split the body into segments; segments with at least ``keep`` times the story words
    of the richest one are kept, each without leading or trailing short lines."""
    flags = [sentence_like(p) or words(p) >= 15 for p in paragraphs]
    segments: list[list[int]] = [[]]
    run: list[int] = []
    for i, ok in enumerate(flags):
        if ok:
            if len(run) >= menu_run and segments[-1]:
                segments.append([])
            elif run:
                segments[-1].extend(run)
            run = []
            segments[-1].append(i)
        else:
            run.append(i)
    if len(run) < menu_run:
        segments[-1].extend(run)

    def score(seg: list[int]) -> int:
        return sum(words(paragraphs[i]) for i in seg if flags[i])

    best = max((score(s) for s in segments), default=0)
    if best == 0:
        return paragraphs
    out: list[str] = []
    for seg in segments:
        if score(seg) < keep * best:
            continue
        while seg and not flags[seg[0]]:
            seg = seg[1:]
        while seg and not flags[seg[-1]]:
            seg = seg[:-1]
        out.extend(paragraphs[i] for i in seg)
    return out


def clean_lines(text: str) -> list[str]:
    """Lines stripped of surrounding and repeated blanks, non-breaking and zero-width spaces."""
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return [" ".join(ln.split()) for ln in text.split("\n")]


def parse_text_scrape(text: str) -> TextParts:
    """Split a plain-text news page into title, subtitle, captions, body and related links."""
    return _Parser(clean_lines(text)).run()


def parse_plain_record(text: str) -> list[str]:
    """Paragraphs of a record's text: blank-line blocks (their lines joined) or single lines."""
    lines = clean_lines(text)
    if any(not ln for ln in lines):
        blocks = "\n".join(lines).split("\n\n")
        return [" ".join(b.split()) for b in blocks if b.strip()]
    return [ln for ln in lines if ln]
