"""Name keys: diacritics, articles, possessives and romanisation variants folded for look-ups."""

from __future__ import annotations

import re
import unicodedata

_THE = re.compile(r"^(the|a|an)\s+", re.I)
_POSS = re.compile(r"['\u2019]s?$")
_NON_WORD = re.compile(r"[^\w\s]")


def fold(text: str) -> str:
    """Remove diacritics ("Erdoğan" -> "Erdogan")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def clean_span(text: str) -> str:
    """Strip a leading article, a possessive 's and surrounding punctuation."""
    t = text.replace("\u2019", "'").strip().strip(",;:")
    t = _THE.sub("", t)
    t = _POSS.sub("", t)
    return t.strip(" .,")


def name_key(text: str) -> str:
    """A lookup key for person and organisation names: folded, lower case, hyphens and
    punctuation as spaces ("Choe Son-hui" == "Choe Son Hui", "Kim Jong-un" == "Kim Jong Un"),
    common romanisation variants folded ("Zelenskyy" == "Zelensky")."""
    t = fold(clean_span(text)).lower().replace("'", "")
    t = _NON_WORD.sub(" ", t)
    return " ".join(_translit(w) for w in t.split())


def _translit(word: str) -> str:
    """Fold common variants of romanised Slavic names on both sides of a lookup
    ("Zelenskyy"/"Zelensky", "Sergey"/"Sergei", "Dmitriy"/"Dmitri")."""
    if len(word) > 3:
        if word.endswith("yy"):
            return word[:-1]
        if word.endswith("ey"):
            return word[:-1] + "i"
        if word.endswith("iy"):
            return word[:-1]
    return word
