"""A small hand-built events database for the query-layer tests: 19 events in four articles,
with dates of every precision (day, month, year, a decade, ranges across months and years,
undated), all sides of a dyad (actor only, recipient only, reciprocal events with two actors),
countries and sectors on either side, places with coordinates (one near the antimeridian),
modes, modalities and confidences. Events are known by labels ("e01" ... "e19").
"""

from __future__ import annotations

from pathlib import Path

from dateline.model import Actor, Article, Document, Event, Evidence, Location
from dateline.store import open_store

PUTIN = Actor("Putin", "Vladimir Putin", "RUS", "GOV")
KIM = Actor("Kim", "Kim Jong-un", "PRK", "GOV")
IDF = Actor("the IDF", "Israel Defense Forces", "ISR", "MIL")
HAMAS = Actor("Hamas", "Hamas", "PSE", "REB")
NETANYAHU = Actor("Netanyahu", "Benjamin Netanyahu", "ISR", "GOV")
ISRAEL = Actor("Israel", "Israel", "ISR", "GOV")
UN = Actor("the UN", "United Nations", None, "IGO")
GAZANS = Actor("civilians in Gaza", "Gazan civilians", "PSE", "CVL")
PROTESTERS = Actor("protesters", "French protesters", "FRA", "CVL")
MACRON = Actor("Macron", "Emmanuel Macron", "FRA", "GOV")
POLICE = Actor("police", "French police", "FRA", "COP")
XI = Actor("Xi", "Xi Jinping", "CHN", "GOV")
TRUMP = Actor("Trump", "Donald Trump", "USA", "GOV")
USA = Actor("Washington", "United States", "USA", "GOV")
RUSSIA = Actor("Russia", "Russia", "RUS", "GOV")
ARMY = Actor("Russian troops", "Russia", "RUS", "MIL")
ZELENSKY = Actor("Zelensky", "Volodymyr Zelensky", "UKR", "GOV")
UKRAINE = Actor("Ukraine", "Ukraine", "UKR", "GOV")
ISRAELIS = Actor("residents", "Israeli civilians", "ISR", "CVL")


def _place(name: str, country: str, lat: float, lon: float) -> Location:
    return Location(name, name, None, lat, lon, country, "city")


VOSTOCHNY = _place("Vostochny", "RUS", 51.88, 128.33)
GAZA = _place("Gaza", "PSE", 31.50, 34.45)
ASHKELON = _place("Ashkelon", "ISR", 31.67, 34.57)
BEERI = _place("Be'eri", "ISR", 31.42, 34.49)
PARIS = _place("Paris", "FRA", 48.85, 2.35)
WASHINGTON = _place("Washington", "USA", 38.90, -77.04)
KYIV = _place("Kyiv", "UKR", 50.45, 30.52)
DOHA = _place("Doha", "QAT", 25.29, 51.53)
BEIJING = _place("Beijing", "CHN", 39.90, 116.40)
ANADYR = _place("Anadyr", "RUS", 64.73, 177.51)

#: label -> (type, mode, modality, actors, recipients, date, date_end, place, confidence,
#: sentence); the sentences of one article are its body, in this order.
EVENTS: dict[str, tuple] = {
    # article A: Russia and Asia
    "e01": ("CONSULT", "visit", "asserted", [KIM], [PUTIN], "2023-09-13", None, VOSTOCHNY, 0.9,
            "Kim visited Putin at the Vostochny cosmodrome."),
    "e09": ("CONSULT", "phone", "asserted", [XI, PUTIN], [], None, None, None, 0.65,
            "Xi and Putin spoke by phone."),
    "e10": ("THREATEN", "violence", "hypothetical", [KIM], [USA], "201", None, None, 0.2,
            "Kim could threaten Washington, as he did in the 2010s."),
    "e14": ("MOBILIZE", "troops", "asserted", [ARMY], [UKRAINE], "2021-12", None, ANADYR, 0.6,
            "Russian troops massed, some flown from Anadyr."),
    "e11": ("REJECT", None, "negated", [ZELENSKY], [PUTIN], "2022-02-24", None, KYIV, 0.75,
            "Zelensky did not reject talks with Putin in Kyiv."),
    # article B: Israel and Gaza
    "e02": ("ASSAULT", "aerial", "asserted", [IDF], [HAMAS], "2023-11-05", None, GAZA, 0.8,
            "The IDF struck Hamas in Gaza."),
    "e03": ("ASSAULT", None, "asserted", [HAMAS], [IDF], "2023-10", None, ASHKELON, 0.7,
            "Hamas fired rockets at the IDF near Ashkelon in October."),
    "e04": ("ACCUSE", None, "asserted", [NETANYAHU], [HAMAS], "2023", None, None, 0.6,
            "Netanyahu accused Hamas."),
    "e06": ("AID", None, "historical", [UN], [GAZANS], "2019", None, None, 0.4,
            "The UN gave aid to civilians in Gaza in 2019."),
    "e13": ("ASSAULT", "firearms", "asserted", [HAMAS], [ISRAELIS], "2023-10-07", None, BEERI,
            0.95, "Hamas gunmen shot residents of Be'eri."),
    "e16": ("AGREE", None, "asserted", [ISRAEL, HAMAS], [], "2023-11-22", "2023-11-28", DOHA,
            0.8, "Israel and Hamas agreed a truce in Doha."),
    # article C: France
    "e05": ("PROTEST", "demo", "asserted", [PROTESTERS], [MACRON], "2019-12-05", "2019-12-20",
            PARIS, 0.5, "Protesters marched against Macron in Paris for two weeks."),
    "e12": ("COOPERATE", None, "asserted", [MACRON, ZELENSKY], [], "2023-11", None, PARIS,
            0.85, "Macron and Zelensky signed a pact in Paris."),
    "e15": ("REQUEST", "change", "asserted", [PROTESTERS], [MACRON], "2023-11-30", None, PARIS,
            0.45, "Protesters in Paris demanded that Macron resign."),
    "e18": ("COERCE", "arrest", "asserted", [POLICE], [PROTESTERS], "2019-12-05", None, PARIS,
            0.7, "Police arrested protesters in Paris."),
    # article D: the United States and China
    "e07": ("REQUEST", "meet", "future", [TRUMP], [XI], "2020-01", None, None, 0.3,
            "Trump will ask Xi to meet."),
    "e08": ("SANCTION", "discontinue", "asserted", [USA], [RUSSIA], "2018-12-31", "2019-01-02",
            WASHINGTON, 0.55, "Washington cut ties with Russia over the holidays."),
    "e17": ("SUPPORT", None, "asserted", [TRUMP], [NETANYAHU], "2024-01-01", None, None, 0.5,
            "Trump backed Netanyahu 100% on New Year's Day."),
    "e19": ("ACCUSE", None, "historical", [XI], [TRUMP], None, None, BEIJING, 0.35,
            "Xi had accused Trump in Beijing."),
}
ARTICLES = {"A": ("e01", "e09", "e10", "e14", "e11"), "B": ("e02", "e03", "e04", "e06", "e13",
                                                           "e16"),
            "C": ("e05", "e12", "e15", "e18"), "D": ("e07", "e08", "e17", "e19")}


def documents() -> tuple[list[Document], dict[str, str], dict[str, str]]:
    """The four documents, and label -> event id, article letter -> article id."""
    docs, labels, arts = [], {}, {}
    for letter, members in ARTICLES.items():
        body = " ".join(EVENTS[m][-1] for m in members)
        title = f"Article {letter}"
        art = Article(id=Article.make_id(body, title), origin=f"{letter}.txt", body=body,
                      title=title, published="2024-01-02")
        events, start = [], 0
        for m in members:
            (typ, mode, modality, actors, recipients, date, date_end, place, conf,
             sentence) = EVENTS[m]
            ev = Event(typ, list(actors), Evidence("body", sentence, start, start + len(sentence)),
                       recipient=list(recipients), mode=mode, modality=modality, date=date,
                       date_end=date_end, location=place, confidence=conf)
            labels[m] = ev.assign_id(art.id)
            events.append(ev)
            start += len(sentence) + 1
        docs.append(Document(article=art, events=events))
        arts[letter] = art.id
    return docs, labels, arts


def build(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Store the documents in a new database at ``path``; label -> id, letter -> article id."""
    docs, labels, arts = documents()
    store = open_store(path)
    try:
        for doc in docs:
            assert store.add_document(doc)
    finally:
        store.close()
    return labels, arts
