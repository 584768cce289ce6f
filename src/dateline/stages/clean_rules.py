"""Line rules of the text-scrape cleaner: what one line of a scraped news page is.

Dates (``parse_date``, ``date_line``), chrome and list-label lexicons (``is_chrome``,
``list_label``, ``related_inline``), captions with credits (``parse_caption``), sign-offs and
trailers, and the page header: which line is the title (``find_title``: scored by header
furniture below it, repetition, a section label above it; taglines and menus never qualify) and
which labels are sections (``is_label``, ``breadcrumb_parts``). All rules are lexicons and
patterns over whole lines, not tuned to one site. :mod:`.clean_text` runs them as a state
machine over a page; the regexes with a leading underscore are shared with it only.
"""

from __future__ import annotations

import re
from datetime import date

from ..model import Caption

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
    rf"|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon3>{_MON})\.?,?\s+(?P<y3>\d{{4}})"
    r"|\b(?P<d4>\d{1,2})(?P<sep>[./])(?P<m4>\d{1,2})(?P=sep)(?P<y4>\d{4})\b",  # "12.06.2025"
    re.I)
_TIME_RE = re.compile(r"\b\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?\b",
                      re.I)
_TZ_RE = re.compile(r"\b(?:GMT|UTC|[ECMP][SD]T|BST|CET|CEST|EET|EEST|IST|JST|KST|AEST|AEDT)"
                    r"(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|(?<!\w)[+-]\d{2}:?\d{2}\b")
_DATE_PREFIX = re.compile(
    r"^(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|issued|date|dated|pub\s*date)"
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
        elif m.group("d4"):  # day first ("21/06/2025"), unless only month-first is a date
            y, mo, d = int(m.group("y4")), int(m.group("m4")), int(m.group("d4"))
            if mo > 12 and m.group("sep") == "/":
                mo, d = d, mo
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
    rest = re.sub(r"\b(?:updated|published|posted|modified|issued|created|last|first|at|on|ago"
                  r"|local time|time)\b", " ",
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
story continues below advertisement|story continues|advertising|full article|full story
read full article|print this page|continue reading the main story|get short url|short url
""".strip().replace("\n", "|").split("|"))

CHROME_CONTAINS = re.compile(
    r"share your feedback|\bnewsletters?\b|\bsubscri(?:be|ptions?)\b|sign up (?:for|to)\b"
    r"|\bcookies? (?:policy|settings|preferences|notice)|we use cookies|accept (?:all )?cookies"
    r"|all rights reserved|\u00a9"
    r"|copyright \d|terms of (?:use|service)|privacy policy|follow us on|download (?:our|the) app"
    r"|click here|opens new tab|licensing rights|our standards|trust principles|javascript"
    r"|your browser|get the latest|email address|reading list"
    r"|share (?:on|via) (?:facebook|twitter|x|whatsapp|linkedin|email)|report an error"
    r"|send us your|got a (?:news )?tip|support (?:our|independent) journalism"
    r"|listen to (?:this|the) (?:article|story)|this article is more than|min(?:ute)?s? listen"
    r"|scroll to continue|story continues below|^download (?:our|the)\b[^.]{0,40}\bapps?\b"
    r"|(?:found|spotted|see) an? (?:mistake|typo|error) in (?:this|the|our)"
    r" (?:article|story|report)"
    r"|^share (?:on|via)\s*:"
    r"|opens? in (?:a )?new (?:window|tab)|^jump (?:directly )?to (?:the )?"
    r"(?:main )?content",
    re.I)

_CHROME_RX = re.compile(
    r"^(?:share|save|print|email|comments?)\s*\d*$|^(?:list|item)\b.{0,20}\b\d+ (?:items?|of \d+)$"
    r"|^(?:end of list|list end)\b.{0,20}$|^\d+ comments?$|^(?:https?://|www\.)\S+$"
    r"|^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$"
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
keywords|categories|tags / keywords|tags and keywords
""".strip().replace("\n", "|").split("|"))
_TAIL_PREFIX = re.compile(r"^(?:more (?:from|in|on|about)|latest (?:from|in)|more stories from"
                          r"|explore (?:more|further)\b"
                          r"|most read (?:in|from)|more (?:\w+ )?news from)\b", re.I)

#: a tag/topic line ("Tags: A, B", "Tags / Keywords:", "Categories: X"): the article is over
_TAG_LINE = re.compile(r"^(?:tags?|topics?|keywords?|categories|category|filed under)"
                       r"(?:\s*[/&,]\s*(?:tags?|topics?|keywords?|categories))?\s*:", re.I)

_RELATED_INLINE = re.compile(
    r"^(?:related(?:\s+(?:story|article|coverage|content|reading|news))?|read more|read also|read"
    r"|also read|see also|read next|recommended|more)\s*(?::|\u2013|\u2014|-|\|)\s*"
    r"(?P<t>.{12,})$", re.I)
_RELATED_GLUED = re.compile(r"^(?:Related|RELATED)(?P<t>[A-Z\u00C0-\u00DE0-9\"'\u201c].{10,})$")
_SITE_PREFIX = re.compile(
    r"^(?P<site>[A-Z0-9][\w&.'\u2019]*(?:\s+[A-Z0-9&][\w&.'\u2019]*){0,3})\s+[-\u2013\u2014|:]\s+"
    r"(?P<t>.{10,})$")

_SOURCE_RE = re.compile(r"^(?:source|sources|via)\s*[:\uff1a]\s*(?P<s>.{2,80})$", re.I)
#: an agency sign-off: "(AFP, Reuters)", "ab/sms (AFP, dpa)", "- Reuters"
_SIGNOFF_RE = re.compile(r"^(?:[a-z]{2,4}(?:/[a-z]{2,4})*\s*)?"
                         r"\((?!END\)|MORE\))(?P<s>[A-Z][\w.-]*(?:(?:,\s*|\s+and\s+|/)"
                         r"[A-Za-z][\w.-]*){0,4})\)\.?$")
#: a caption credit on a line of its own, after the caption text
_CREDIT_ONLY = re.compile(r"^(?:photo|image|picture|photograph|photo credit|credit|pic)s?\s*:\s*"
                          r"(?P<c>.{2,80})$", re.I)
_TRAILER_RE = re.compile(
    r"^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|compilation|research)\s+by\b"
    r"|contributed(?: reporting)? to this (?:report|story|article)"
    r"|^this (?:story|article) (?:has been|was) (?:corrected|updated|amended)"
    r"|^\(?(?:this story|this article) (?:was|has been) (?:produced|published|written)"
    r"|\b(?:reach|contact|email|e-mail) (?:him|her|them|the (?:author|reporter|writer)) "
    r"(?:at|on|via)\s+(?:\S+@|\+?\(?\d)"
    r"|\bfollow (?:him|her|them) on (?:twitter|x|instagram|bluesky|threads)\b", re.I)
#: a reporter's bio line: "Jane Doe covers city government for the Courier."
_BIO_RE = re.compile(r"^[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){1,2}\s+(?:covers|reports on|writes about)"
                     r"\b[^.]{0,80}\b(?:for|at) (?:the )?[A-Z][^.]{0,40}\.")
#: a wire's end-of-story marker: "(END)", "-30-", "###"
_END_RE = re.compile(r"^(?:\(END\)|-30-|#{3})$")
_COPYRIGHT_RE = re.compile(r"^(?:\u00a9|\(c\)\s|copyright\s*(?:\u00a9|\(c\))?\s*\d{4}\b)", re.I)
_BYLINE_RE = re.compile(r"^(?:by|written by|words by|story by|reported by)\s*[:]?\s+"
                        r"[A-Z\u00C0-\u024F]", re.I)
AGENCIES = frozenset("""
reuters|ap|associated press|the associated press|afp|agence france-presse|anadolu|anadolu agency
aa|xinhua|dpa|efe|ansa|bloomberg|upi|pti|ani|ians|tass|ria novosti|interfax|yonhap|kyodo|bernama
wam|spa|irna|kcna|bbc|bbc news|al jazeera|cnn|agencies|news agencies|wires|staff
lusa|antara|pna|apa|mena|kuna|qna|wafa|sana|petra|unb|bss|nan|kna|gna|belta|ukrinform|jiji|vna
cna|europa press|adnkronos|anp|ntb|tt|ritzau|stt|ctk|pap|mti|hina|tanjug|bta|agerpres
""".strip().replace("\n", "|").split("|"))
_DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z\u00C0-\u00DE'.-]{2,}(?:[ ,]+[\w\u00C0-\u024F'.-]+){0,4})\s*"
    r"(?:\((?P<agency>[A-Za-z][A-Za-z .&-]{1,30})\))?\s*(?:--|[-\u2013\u2014])\s")
_DATELINE_AGENCY_RE = re.compile(
    r"^(?P<place>[A-Z][\w\u00C0-\u024F'.-]+(?:[ ,]+[A-Z][\w\u00C0-\u024F'.-]+){0,3})\s*"
    r"\((?P<agency>[A-Za-z][A-Za-z .&-]{1,30})\)\s*[-\u2013\u2014:]\s")
_BREADCRUMB_RE = re.compile(r"^[\w&' ]{2,30}(?:\s*[>\u203a\u00bb|]\s*[\w&' ]{2,30}){1,4}$")

# captions ------------------------------------------------------------------------------------
_CAP_PAREN = re.compile(
    r"^(?P<t>.*?)\s*[(\[](?:photo|image|picture|photograph|file photo|file(?=\s*:)|photo credit"
    r"|credit|pic)"
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
#: "... in the capital on June 20, 2025. \u00a9 Name, AGENCY" / "... on Monday. | POOL / VIA AGENCY"
_CAP_COPY = re.compile(r"^(?P<t>.{15,}?)\s*\u00a9\s*(?P<c>[^\u00a9]{2,60})$")
_CAP_PIPE = re.compile(r"^(?P<t>.{20,}?[.!?)\"\u201d])\s+\|\s+(?P<c>[^|]{2,60})$")
_IMG_SOURCE = re.compile(r"^(?:image|photo|picture) (?:source|credit)\s*[,:]\s*(?P<c>.+)$", re.I)
_IMG_CAPTION = re.compile(r"^(?:image|photo|picture) caption\s*[,:]\s*(?P<t>.+)$", re.I)


def parse_caption(line: str) -> Caption | None:
    """A Caption when ``line`` is an image caption with a credit, else None."""
    m = _CAP_COPY.match(line) or _CAP_PIPE.match(line)
    if m and _ok_caption(m.group("t"), m.group("c")) and (
            "\u00a9" in line or m.group("c").isupper() or "/" in m.group("c")):
        return Caption(m.group("t").strip(), m.group("c").strip(" ."))
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
    if (n in TAIL_LABELS or (words(line) <= 6 and _TAIL_PREFIX.match(n))
            or _TAG_LINE.match(line.strip())):
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
# the page header: which line is the title, which labels name the section

#: words of site navigation and taglines ("Back to home", "News Agency", "for professionals")
_NAV_WORDS = re.compile(
    r"\b(?:back to home|home ?page|^home\b|menu|back to|news agency|press agency|portal"
    r"|editions?|professionals|analytics|perspective|human stories|since (?:18|19|20)\d\d"
    r"|e-?paper|latest news|all sections)\b", re.I)
#: separators of breadcrumbs and menus ("Home » Politics »", "News / Asia", "News|Politics")
_NAV_SEP = re.compile(r"\s*(?:[|>\u203a\u00bb]|\s/\s)\s*")
#: a site that calls itself an agency: "Examplepress, Regional News Agency" -> Examplepress
_SELF_AGENCY = re.compile(r"^(?P<s>[A-Z][\w.&'\u2019 -]{1,30}?)\s*"
                          r"(?:[,:|\u2013\u2014-]\s*.{0,40})?\b(?:news|press) agency\b", re.I)
#: an author line: "Jane Doe in Nairobi", "Jane Doe, Nairobi" (names only, no verb)
_AUTHOR_IN = re.compile(r"^(?:[A-Z][\w'\u2019.-]+\s+){1,3}[A-Z][\w'\u2019.-]+"
                        r"(?:\s+in\s+|\s*,\s*)[A-Z][\w'\u2019.-]+(?:\s+[A-Z][\w'\u2019.-]+)?$")
#: a reporter's role under a byline: "Staff writer", "Jane Doe - Science Contributor"
_ROLE = r"(?i:contributor|correspondent|reporter|writer|editor|columnist)s?$"
_ROLE_LINE = re.compile(
    r"^(?:[A-Z][\w'\u2019.-]+\s+){1,2}[A-Z][\w'\u2019.-]+\s*[-\u2013\u2014|]\s*"
    r"(?:[A-Z][\w'\u2019.-]*\s+){0,3}" + _ROLE + r"|^(?:[A-Z][\w'\u2019.-]*\s+){0,3}" + _ROLE)
#: an image caption credited to an agency after a dash: "Ministers pose in the capital. - Agency"
_CAP_DASH_AGENCY = re.compile(r"^(?P<t>.{15,}?[.!?])\s+[-\u2013\u2014]\s+"
                              r"(?P<c>[A-Z][\w.&' ]{1,30})$")
_CONNECTORS = frozenset("and of the & in for on at de".split())


def breadcrumb_parts(line: str) -> list[str] | None:
    """The parts of a breadcrumb or menu line ("Home » Politics »" -> ["Home", "Politics"]),
    or None when ``line`` has no separator or a part is longer than a label."""
    if not _NAV_SEP.search(line):
        return None
    parts = [p for p in (p.strip() for p in _NAV_SEP.split(line.strip())) if p]
    if not parts or any(words(p) > 4 or re.search(r"[.!?,:;]$", p) for p in parts):
        return None
    return parts


def is_label(line: str) -> bool:
    """A section/site label: a short title-case or upper-case phrase ("Peace and Security",
    "WORLD NEWS", "Latin America"), no sentence punctuation."""
    ws = line.split()
    if not ws or len(ws) > 4 or len(line) > 40 or re.search(r"[.!?,:;\"]$|[,:;!?]", line):
        return False
    if not ws[0][:1].isupper() and not ws[0][:1].isdigit():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _CONNECTORS for w in ws)


def is_nav(line: str) -> bool:
    """Site navigation or a tagline: menu separators or site vocabulary."""
    return bool(_NAV_WORDS.search(line) or breadcrumb_parts(line))


def _agency_caption(line: str) -> Caption | None:
    """A caption whose credit is a news agency after a dash ("... in the capital. - Reuters")."""
    m = _CAP_DASH_AGENCY.match(line)
    if m and norm(m.group("c")) in AGENCIES and words(m.group("t")) >= 4:
        return Caption(m.group("t").strip(), m.group("c").strip())
    return None


def is_furniture(line: str) -> bool:
    """Header furniture that follows a title: a byline, date, read time, caption, author line."""
    return _strict_furniture(line) or bool(_AUTHOR_IN.match(line) or _ROLE_LINE.match(line))


def _strict_furniture(line: str) -> bool:
    """Furniture that cannot be a title-case headline ("Troops Advance in Donetsk" looks like
    an author line "Jane Doe in Nairobi"; it is furniture only below a title)."""
    n = norm(line)
    return bool(date_line(line) or _BYLINE_RE.match(line) or parse_caption(line)
                or _IMG_SOURCE.match(line) or _IMG_CAPTION.match(line) or _CREDIT_ONLY.match(line)
                or READ_TIME_RE.match(n) or _RELATIVE_RE.match(n)
                or _CAP_DASH_AGENCY.match(line)
                or n in ("published", "updated", "posted", "published on", "last updated"))


def _headline_like(line: str) -> bool:
    """Could be a title: 3-40 words, not chrome, furniture, a label, a list label, a menu or
    breadcrumb, a source/sign-off or a dateline."""
    n = words(line)
    return (3 <= n <= 40 and not is_chrome(line) and not _strict_furniture(line)
            and not list_label(line) and not is_label(line) and not breadcrumb_parts(line)
            and not _SOURCE_RE.match(line) and not _SIGNOFF_RE.match(line)
            and not _DATELINE_RE.match(line) and not related_inline(line))


def find_title(lines: list[str], limit: int = 400) -> int | None:
    """The index of the title line among the header lines (those before the first story
    paragraph), or None when no line looks like one.

    Each headline-like line is scored: followed by header furniture (a byline, a date, a
    caption, or a standfirst and then furniture) or repeated further down the page counts most,
    a section label just above it counts, a line right after another headline (a standfirst)
    counts against it, and longer lines win ties; a line ending in a full stop is a sentence
    (standfirst or story), not a title. Menus and breadcrumbs are never candidates; taglines
    and site names with site words ("Site - Back to home", "Site, Regional News Agency") lose.
    """
    idx = [i for i, ln in enumerate(lines) if ln][:limit]
    stop = next((k for k, i in enumerate(idx) if sentence_like(lines[i]) and words(lines[i]) >= 15
                 and not parse_caption(lines[i]) and not is_furniture(lines[i])
                 and not CHROME_CONTAINS.search(lines[i])), len(idx))
    if stop == 0:
        return None
    keys = [norm(lines[i]) for i in idx]
    later = {norm(ln) for ln in lines[idx[stop - 1] + 1:] if ln} if stop < len(idx) else set()
    best: tuple[float, int] | None = None
    for k in range(stop):
        line = lines[idx[k]]
        if not _headline_like(line) or not re.match(r"[\W_]*[A-Z0-9\u00C0-\u00DE]", line) or (
                words(line) >= 6 and re.search(r"\.[\"'\u201d\u2019)]*$", line)):
            continue  # a sentence is a standfirst or the story's first line, not its title
        nxt = [lines[i] for i in idx[k + 1:k + 3]]
        followed = bool(nxt) and (is_furniture(nxt[0]) or (
            len(nxt) > 1 and (sentence_like(nxt[0]) or _headline_like(nxt[0]))
            and (is_furniture(nxt[1]) or norm(nxt[1]) == keys[k])))
        repeated = words(line) >= 5 and (keys[k] in later or keys[k] in keys[k + 1:stop])
        prev = lines[idx[k - 1]] if k else ""
        score = 4.0 * followed + 4.0 * repeated + min(words(line), 20) / 10
        if prev and (is_label(prev) or breadcrumb_parts(prev) or date_line(prev)):
            score += 2
        if prev and _headline_like(prev) and words(prev) <= words(line):
            score -= 3  # a standfirst under its headline
        if _NAV_WORDS.search(line) or _SELF_AGENCY.match(line):
            score -= 6  # a site's tagline or navigation
        if words(line) > 25:
            score -= 2  # more like the story's first paragraph than a headline
        if best is None or score > best[0]:
            best = (score, idx[k])
    return best[1] if best else None
