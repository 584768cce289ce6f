"""Clean a plain-text scrape of a news page: separate the article from the site chrome.

A text scrape (a browser's "copy all", a crawler's text dump) holds the article's title,
standfirst, captions and paragraphs together with the page's chrome: "2 min read", share
buttons, "Recommended"/"Related..." boxes in the middle of the body, "Explore"/"Most read"
headline lists at the end, newsletter prompts. The rules here are general (lexicons and
patterns over whole lines), not tuned to one site:

* header: meta lines (``date 2025-09-02 WORLD``), standalone date lines, read-time lines,
  bylines, section labels, the title, the standfirst (subtitle), a repeated title, captions;
* body: paragraphs in order; chrome lines dropped; captions (``... / AP``, ``(Photo: X)``,
  ``REUTERS/Name``, ``Image source, X`` + ``Image caption, Y``) collected apart;
* lists: after a list label ("Recommended", "Related coverage", "Explore", "More on this
  story"...) headline-like lines become related links until a paragraph-like line resumes the
  body (soft labels) or for good (end-of-article labels, ``SOURCE:`` and reporting trailers,
  once the body holds story text);
* menus: :func:`main_text` drops runs of short non-sentence lines (navigation) and keeps the
  segments that carry the story's sentences, so whole-page scrapes lose their menus too.

The result is a :class:`TextParts`; :mod:`dateline.stages.clean` turns it into an Article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..model import Caption, Link

# --------------------------------------------------------------------------------------------
# dates

MONTHS = {m: i for i, ms in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], 1) for m in ms}
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" \
       r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?"
DATE_RE = re.compile(
    r"(?P<iso>(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2}))(?:[T ]\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    rf"|(?P<mon2>{_MON})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon3>{_MON})\.?,?\s+(?P<y3>\d{{4}})",
    re.I)
_TIME_RE = re.compile(r"\b\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?\b",
                      re.I)
_TZ_RE = re.compile(r"\b(?:GMT|UTC|[ECMP][SD]T|BST|CET|CEST|EET|EEST|IST|JST|KST|AEST|AEDT)"
                    r"(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|(?<!\w)[+-]\d{2}:?\d{2}\b")
_DATE_PREFIX = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|date|dated|pub\s*date)"
    r"(?:\s+(?:on|at))?\s*[:\-]?\s*|on\s+)", re.I)
_RELATIVE_RE = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|updated|posted)\s*:?\s*)?(?:\d+|an?|one|a few)\s+"
    r"(?:second|sec|minute|min|hour|hr|day|week|month)s?\s+ago\.?$", re.I)


def parse_date(text: str) -> str | None:
    """The first full calendar date in ``text`` as ISO ``YYYY-MM-DD``, or None."""
    for m in DATE_RE.finditer(text):
        if m.group("iso"):
            y, mo, d = int(m.group("y1")), int(m.group("m1")), int(m.group("d1"))
        elif m.group("mon2"):
            y, mo, d = int(m.group("y2")), MONTHS[m.group("mon2").lower()], int(m.group("d2"))
        else:
            y, mo, d = int(m.group("y3")), MONTHS[m.group("mon3").lower()], int(m.group("d3"))
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            continue
    return None


def date_line(line: str) -> tuple[str, str, bool] | None:
    """``(iso_date, leftover, is_update)`` when ``line`` is a date line, else None.

    A date line is a date with optional prefix ("Published", "Updated on"), weekday, time and
    time zone; ``leftover`` is what else the line holds (a section name in a meta line like
    ``date 2025-09-02 WORLD``).
    """
    if len(line) > 90 or not DATE_RE.search(line):
        return None
    iso = parse_date(line)
    if iso is None:
        return None
    is_update = bool(re.match(r"^\s*(?:last\s+)?(?:updated|modified)\b", line, re.I))
    rest = _DATE_PREFIX.sub("", line.strip())
    rest = DATE_RE.sub(" ", rest)
    rest = _TIME_RE.sub(" ", rest)
    rest = _TZ_RE.sub(" ", rest)
    rest = re.sub(rf"\b{_WEEKDAY}(?!\w)", " ", rest, flags=re.I)
    rest = re.sub(r"\b(?:updated|published|posted|modified|at|on|ago|local time|time)\b", " ",
                  rest, flags=re.I)
    rest = re.sub(r"\b\d+\s+(?:second|min|minute|hour|hr|day|week)s?\b", " ", rest, flags=re.I)
    rest = re.sub(r"[|,;:()\[\]•·/–—-]+", " ", rest)
    rest = " ".join(rest.split())
    if len(rest.split()) > 3:
        return None
    return iso, rest, is_update


# --------------------------------------------------------------------------------------------
# line lexicons

def norm(text: str) -> str:
    """Comparison form: lower case, curly quotes straightened, single spaces, no end punctuation."""
    t = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    t = t.replace("\u201d", '"').replace("\u00a0", " ")
    t = " ".join(t.split()).lower()
    return t.strip(" .,;:!?-\u2013\u2014|\u2022\u00b7")


CHROME_EXACT = frozenset("""
share|save|share this article|share this|share article|share this story|share story|copy link
link copied|print|email|e-mail|facebook|twitter|x|whatsapp|linkedin|telegram|reddit|pinterest
flipboard|bluesky|threads|instagram|youtube|advertisement|advertisment|advert|ad|ads|sponsored
skip advertisement|skip ad|skip to content|skip to main content|listen to this article|listen
follow|follow us|subscribe|sign up|sign in|log in|login|register|menu|search|home|back to top
comments|comment|view comments|show comments|loading|close|next|previous|toggle caption
hide caption|enlarge this image|expand|show more|more|top|accept|accept all|reject all
cookie settings|manage cookies|purchase licensing rights|opens new tab|bookmark|gift article
gift this article|font size|audio|video|watch|play|image|photo|getty images|contact us
contact|feedback|share your feedback|about us|newsletter|newsletters|continue reading
click here to share on social media|save articles to read later and create your own reading list
our standards: the thomson reuters trust principles|the thomson reuters trust principles
report an error|report a correction|corrections|view gallery|view image|view images|photos
copy|link|reuse this content|your feedback|scroll to continue|continue reading below
story continues below advertisement
""".strip().replace("\n", "|").split("|"))

CHROME_CONTAINS = re.compile(
    r"share your feedback|\bnewsletters?\b|\bsubscri(?:be|ptions?)\b|sign up (?:for|to)\b"
    r"|\bcookies? (?:policy|settings|preferences|notice)|we use cookies|accept (?:all )?cookies"
    r"|all rights reserved|\u00a9"
    r"|copyright \d|terms of (?:use|service)|privacy policy|follow us on|download (?:our|the) app"
    r"|click here|opens new tab|licensing rights|our standards|trust principles|javascript"
    r"|your browser|sneak a peek|get the latest|email address|reading list"
    r"|share (?:on|via) (?:facebook|twitter|x|whatsapp|linkedin|email)|report an error"
    r"|send us your|got a (?:news )?tip|support (?:our|independent) journalism"
    r"|listen to (?:this|the) (?:article|story)|this article is more than|min(?:ute)?s? listen"
    r"|scroll to continue|story continues below",
    re.I)

_CHROME_RX = re.compile(
    r"^(?:share|save|print|email|comments?)\s*\d*$|^(?:list|item)\b.{0,20}\b\d+ (?:items?|of \d+)$"
    r"|^(?:end of list|list end)\b.{0,20}$|^\d+ comments?$|^(?:https?://|www\.)\S+$"
    r"|^skip (?:to|next|this|ad)\b.{0,40}$|^after (?:newsletter )?promotion$")

READ_TIME_RE = re.compile(
    r"^(?:(?:estimated\s+)?reading time\s*:?\s*)?(?:about\s+)?\d+(?:\s*-\s*\d+)?\s*"
    r"(?:min|mins|minute|minutes)\.?\s*(?:read|reading)?$|^(?:read(?:ing)? time)\s*:?\s*\d+.*$",
    re.I)

#: List labels after which headline-like lines are related links, the body may go on after.
SOFT_LABELS = frozenset("""
recommended|related|related coverage|related stories|related articles|related content
related news|related reading|related links|related video|related videos|read more|read also
also read|see also|read next|keep reading|recommended stories|recommended for you
recommended reading
""".strip().replace("\n", "|").split("|"))
#: List labels that end the article: whatever follows is page chrome or related links.
TAIL_LABELS = frozenset("""
explore|explore more|most read|most popular|most viewed|most shared|trending|trending now
trending stories|top stories|latest|latest news|latest stories|latest articles|you may also like
you might also like|you may be interested in|editor's picks|editors' picks|editors picks
don't miss|dont miss|more on this story|more stories|more news|popular|popular now|further reading
related topics|suggested topics|topics|tags|in other news|what to read next
more to explore|around the world|elsewhere|from our partners|more top stories|in case you missed it
""".strip().replace("\n", "|").split("|"))
_TAIL_PREFIX = re.compile(r"^(?:more (?:from|in|on|about)|latest (?:from|in)|more stories from"
                          r"|explore (?:more|further)\b"
                          r"|most read (?:in|from)|more (?:\w+ )?news from)\b", re.I)

_RELATED_INLINE = re.compile(
    r"^(?:related(?:\s+(?:story|article|coverage|content|reading|news))?|read more|read also"
    r"|also read|see also|read next|recommended|more)\s*(?::|\u2013|\u2014|-|\|)\s*"
    r"(?P<t>.{12,})$", re.I)
_RELATED_GLUED = re.compile(r"^(?:Related|RELATED)(?P<t>[A-Z\u00C0-\u00DE0-9\"'\u201c].{10,})$")
_SITE_PREFIX = re.compile(
    r"^(?P<site>[A-Z0-9][\w&.'\u2019]*(?:\s+[A-Z0-9&][\w&.'\u2019]*){0,3})\s+[-\u2013\u2014|:]\s+"
    r"(?P<t>.{10,})$")

_SOURCE_RE = re.compile(r"^(?:source|sources|via)\s*[:\uff1a]\s*(?P<s>.{2,80})$", re.I)
#: an agency sign-off: "(AFP, Reuters)", "ab/sms (AFP, dpa)", "- Reuters"
_SIGNOFF_RE = re.compile(r"^(?:[a-z]{2,4}(?:/[a-z]{2,4})*\s*)?"
                         r"\((?P<s>[A-Z][\w.-]*(?:(?:,\s*|\s+and\s+|/)"
                         r"[A-Za-z][\w.-]*){0,4})\)\.?$")
#: a caption credit on a line of its own, after the caption text
_CREDIT_ONLY = re.compile(r"^(?:photo|image|picture|photograph|photo credit|credit|pic)s?\s*:\s*"
                          r"(?P<c>.{2,80})$", re.I)
_TRAILER_RE = re.compile(
    r"^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|compilation|research)\s+by\b"
    r"|contributed(?: reporting)? to this (?:report|story|article)"
    r"|^this (?:story|article) (?:has been|was) (?:corrected|updated|amended)"
    r"|^\(?(?:this story|this article) (?:was|has been) (?:produced|published|written)", re.I)
_BYLINE_RE = re.compile(r"^(?:by|written by|words by|story by|reported by)\s*[:]?\s+"
                        r"[A-Z\u00C0-\u024F]", re.I)
AGENCIES = frozenset("""
reuters|ap|associated press|the associated press|afp|agence france-presse|anadolu|anadolu agency
aa|xinhua|dpa|efe|ansa|bloomberg|upi|pti|ani|ians|tass|ria novosti|interfax|yonhap|kyodo|bernama
wam|spa|irna|kcna|bbc|bbc news|al jazeera|cnn|agencies|news agencies|wires|staff
""".strip().replace("\n", "|").split("|"))
_DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z\u00C0-\u00DE'.-]{2,}(?:[ ,]+[\w\u00C0-\u024F'.-]+){0,4})\s*"
    r"(?:\((?P<agency>[A-Za-z][A-Za-z .&-]{1,30})\))?\s*[-\u2013\u2014]\s")
_BREADCRUMB_RE = re.compile(r"^[\w&' ]{2,30}(?:\s*[>\u203a\u00bb|]\s*[\w&' ]{2,30}){1,4}$")

# captions ------------------------------------------------------------------------------------
_CAP_PAREN = re.compile(
    r"^(?P<t>.*?)\s*[(\[](?:photo|image|picture|photograph|file photo|photo credit|credit|pic)"
    r"(?:\s+by)?\s*[:\uff1a]?\s*(?P<c>[^()\[\]]{2,80})[)\]]\s*\.?$", re.I)
_CAP_PAREN_AGENCY = re.compile(
    r"^(?P<t>.*?)\s*[(\[](?P<c>[A-Z]{2,}(?:\s+Photo)?/[^()\[\]]{2,60})[)\]]\s*\.?$")
_CAP_PAREN_SLASH = re.compile(
    r"^(?P<t>.{20,}?)\s*\((?P<c>[A-Z][^()]{0,60}?(?:/| via )[^()]{1,60}?)\)\s*\.?$")
_CAP_TRAIL = re.compile(
    r"^(?P<t>.*?)\s*(?:[-\u2013\u2014|]\s*)?\b(?:photo|image|picture|photograph|file photo"
    r"|photo credit|credit|pic|photos)(?:\s*:\s*|\s+by\s+)(?P<c>[^:]{2,80}?)\s*\.?$", re.I)
_CAP_AGENCY = re.compile(
    r"^(?P<t>.*?)\s+(?P<c>(?:[A-Z]{2,}(?:-[A-Z]{2,})?(?:\s+Photo)?|Getty Images)"
    r"/[A-Z\u00C0-\u024F][^/]{0,40}?(?:/[^/]{1,40}?){0,2}?)\s*(?:Purchase Licensing Rights.*)?$")
_CAP_CREDIT_DOTS = re.compile(
    r"^(?P<t>.{10,}?)\s*(?:credit|photo)\s*(?:\.{2,}|\u2026)\s*(?P<c>.{2,80})$", re.I)
_CAP_GETTY = re.compile(
    r"^(?P<t>.{15,}?)\s+(?P<c>(?:[A-Z][\w.' -]{1,40}\s+(?:via|for)\s+)?Getty Images)\.?$")
_IMG_SOURCE = re.compile(r"^(?:image|photo|picture) (?:source|credit)\s*[,:]\s*(?P<c>.+)$", re.I)
_IMG_CAPTION = re.compile(r"^(?:image|photo|picture) caption\s*[,:]\s*(?P<t>.+)$", re.I)


def parse_caption(line: str) -> Caption | None:
    """A Caption when ``line`` is an image caption with a credit, else None."""
    for rx in (_CAP_CREDIT_DOTS, _CAP_PAREN, _CAP_PAREN_AGENCY, _CAP_PAREN_SLASH, _CAP_AGENCY,
               _CAP_GETTY, _CAP_TRAIL):
        m = rx.match(line)
        if m and _ok_caption(m.group("t"), m.group("c")):
            return Caption(m.group("t").strip(" -\u2013\u2014|"), m.group("c").strip(" .)"))
    if " / " in line:
        text, credit = line.rsplit(" / ", 1)
        if _ok_caption(text, credit) and not credit.rstrip().endswith((".", "?", "!")):
            return Caption(text.strip(), credit.strip())
    return None


def _ok_caption(text: str, credit: str) -> bool:
    n = len(text.split())
    return 3 <= n <= 80 and 1 <= len(credit.split()) <= 8


# --------------------------------------------------------------------------------------------
# line predicates


def words(line: str) -> int:
    return len(line.split())


def sentence_like(line: str) -> bool:
    """A body paragraph rather than a headline: ends like a sentence (>= 6 words) or is long."""
    n = words(line)
    ends = bool(re.search(r"[.!?\u2026][\"'\u201d\u2019)\]]*$", line))
    return (ends and n >= 6) or n >= 30


def is_chrome(line: str) -> bool:
    """Page furniture: share buttons, ads, prompts, read time, relative dates."""
    n = norm(line)
    if not n or n in CHROME_EXACT or READ_TIME_RE.match(n) or _RELATIVE_RE.match(n):
        return True
    if not re.search(r"[a-z0-9]", n):  # only symbols ("***", "|")
        return True
    if _CHROME_RX.match(n):
        return True
    return words(line) <= 20 and bool(CHROME_CONTAINS.search(line))


def list_label(line: str) -> str | None:
    """``"soft"`` or ``"tail"`` when ``line`` is the label of a headline list, else None."""
    n = norm(line)
    if n in SOFT_LABELS:
        return "soft"
    if n in TAIL_LABELS or (words(line) <= 6 and _TAIL_PREFIX.match(n)):
        return "tail"
    return None


def related_inline(line: str) -> str | None:
    """The headline of a one-line related link ("Related: X", "RelatedSite - X", "Read more: X")."""
    m = _RELATED_INLINE.match(line.strip()) or _RELATED_GLUED.match(line.strip())
    if not m:
        return None
    title = m.group("t").strip()
    sm = _SITE_PREFIX.match(title)
    if sm and words(sm.group("site")) <= 4:
        title = sm.group("t").strip()
    return title or None


def section_name(text: str) -> str:
    """Title-case a section label ("WORLD" -> "World", "MIDDLE EAST" -> "Middle East")."""
    out = []
    for i, w in enumerate(text.split()):
        if w.isupper() and len(w) <= 2 and w.isalpha():
            out.append(w)  # US, UK, EU
        elif i and w.lower() in ("and", "of", "the", "in", "&"):
            out.append(w.lower())
        else:
            out.append(w[:1].upper() + w[1:].lower())
    return " ".join(out)


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

    # helpers ---------------------------------------------------------------------------------
    def has_text(self, substantial: bool = False) -> bool:
        """Whether the body holds story text yet: a sentence of a dozen words or more, or
        (``substantial``) two sentences and 40 words, enough for an end-of-story marker."""
        sents = [p for p in self.out.paragraphs if sentence_like(p)]
        if substantial:
            return len(sents) >= 2 and sum(words(p) for p in sents) >= 40
        return any(words(p) >= 12 for p in sents)

    def add_related(self, title: str) -> None:
        if words(title) < 3:
            return  # topic tags ("Spain", "Emmanuel Macron"), not headlines
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
            if (date_line(ln) or is_chrome(ln) or parse_caption(ln) or _BYLINE_RE.match(ln)
                    or self.repeats_header(ln) or _IMG_SOURCE.match(ln)):
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
            if rest and not self.section_from_meta and self.state == "head" and words(rest) <= 3:
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

    # states ----------------------------------------------------------------------------------
    def head(self, i: int, line: str) -> None:
        if self.repeats_header(line):
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
        if self.source_line(line) == "source" or _TRAILER_RE.search(line):
            if self.has_text(substantial=True):
                self.state = "tail"
            return
        if self.source_line(line):
            return
        if _BYLINE_RE.match(line) and words(line) <= 15 and not sentence_like(line):
            return
        if not self.out.paragraphs:
            m = _DATELINE_RE.match(line)
            if m and m.group("agency"):
                self.dateline_source = m.group("agency").strip()
        paras = self.out.paragraphs
        if (paras and not self.prev_blank and line[:1].islower()
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
                r"\.[\"'\u201d\u2019)]*$", line)):
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
            npar = len(self.out.paragraphs)
            {"head": self.head, "body": self.body, "list": self.in_list,
             "tail": self.tail}[self.state](i, line)
            if len(self.out.paragraphs) == npar:
                self.last_para = False
            self.prev_blank = False
        out = self.out
        out.paragraphs = main_text(out.paragraphs)
        if out.published is None:
            out.published = self.update_date
        if out.source is None:
            out.source = self.dateline_source
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
