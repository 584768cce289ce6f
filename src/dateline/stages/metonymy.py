"""Whether a capital or a region named in a sentence is its government acting (metonymy).

"Beijing said", "Beijing's demands", "ties with Beijing", "pressure on Tehran" name the state
(SPEC section 5: China, GOV); "flying back to Nairobi", "a London side", "cities like
Beijing", "Miami, Florida", "Delaware Sen. X" and a dateline ("LONDON (AP) --") name a
place. With a dependency parse the name is its government only as the subject of a clause,
a possessor (a capital only), the object of a preposition of ``state_prepositions``
(``data/actor_words.json``: "with", "against", "on", "by", ...), a conjunct of one of these
("Beijing and Moscow said"), or after "of" and a noun that is ("the region of Catalonia
eased", "the state of Washington swore in"); a name in capitals is a dateline. Read by the
entities stage (capitals) and by :mod:`.actor_context` (regions placed by the places stage).

On the 195 non-test pages of ``events-dev/pages.txt`` outside the gold entities (development
data, session 12 audit), the word-before rule alone made 8 of 25 sampled capitals and 2 of 25
sampled regions rightly the government: most were places named without "in" before them;
with this rule, 22 of 25 capitals and 6 of 25 regions (a region's possessive is often a
place's or a namesake's: "Alaska's new routes", "Chicago's craft brewing industry"), so a
region as a possessor is a place (in that sample, right decisions 6 -> 14 of 25).
"""

from __future__ import annotations

from typing import Any

#: Dependency labels of a name that acts: the subject of a clause, a possessor.
_ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})
_NOUNS = frozenset({"NOUN", "PROPN"})


def acts_as_state(span: Any, state_prepositions: frozenset[str],
                  possessor: bool = True) -> bool | None:
    """Whether the spaCy ``span`` (a capital's or region's name) is its government acting
    (see the module docstring); None when the parse has no dependencies (the caller keeps
    its word-before rule). ``possessor``: whether a possessor acts; the places stage says no
    for regions ("Chicago's craft brewing industry", "Alaska's new routes": outside the gold,
    13 of the 18 sampled regions made GOV as possessors were places or namesakes), the
    entities stage yes for capitals ("Beijing's demands", "Manila's position")."""
    if span is None or len(span) == 0 or not span.doc.has_annotation("DEP"):
        return None
    text = span.text.strip()
    if text.isupper() and len(text) > 3:  # "LONDON (AP)", "JAKARTA --": a dateline
        return False
    tok = span.root
    while tok.head is not tok and (tok.dep_ == "conj" or (  # "the state of Washington swore"
            tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in _NOUNS)):
        tok = tok.head if tok.dep_ == "conj" else tok.head.head
    if tok.dep_ in _ACTING_DEPS and (possessor or tok.dep_ != "poss"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in state_prepositions
