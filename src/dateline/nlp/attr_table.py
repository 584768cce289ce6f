"""A table-driven stand-in for spaCy's ``attribute_ruler`` that gives the same annotations faster.

In ``en_core_web_sm`` the attribute ruler (179 rules: the tag map ``TAG -> POS, MORPH`` plus
exceptions keyed on ``LOWER``, ``DEP``, ``IS_SPACE``) runs spaCy's general ``Matcher`` over every
token and builds a ``Span`` per match: about 9% of the model's time on the benchmark pages
(``bench/throughput.py``). Almost every rule looks at one token, so its outcome for a token
depends only on a small key (the tag, the dependency label, is-space, and the word only when it
is one the rules name). This component computes the merged attributes once per distinct key
(a small cache) and applies them with spaCy's own ``set_token_attrs``, in rule order, exactly
as the ruler does; the few rules that span two tokens ("gon na", "let 's", "ai n't") are
matched position by position. Measured CPU time of the component alone on 120 real texts:
0.23 s instead of 0.65 s.

:func:`speed_up_attribute_ruler` swaps the stand-in into a loaded pipeline only when every rule
uses features it understands (token attributes ``TAG``, ``LOWER``, ``ORTH``, ``DEP``,
``IS_SPACE`` with a value, ``IN``, ``NOT_IN`` or ``REGEX``; no operators); otherwise it leaves
the model as it is. ``tests/golden/test_nlp_speed.py`` checks on real pages that the
annotations are identical to the stock ruler's.
"""

from __future__ import annotations

import re
from typing import Any, Callable

_KEYS = ("TAG", "LOWER", "ORTH", "DEP", "IS_SPACE")
_TOKEN_ATTR = {"TAG": "tag_", "LOWER": "lower_", "ORTH": "orth_", "DEP": "dep_",
               "IS_SPACE": "is_space"}

Check = Callable[[Any], bool]


class Unsupported(ValueError):
    """A rule uses a Matcher feature the table does not implement (the stock ruler stays)."""


class _Features:
    """What the rules look at, per token attribute: literal values (compared with ``==``,
    ``IN``, ``NOT_IN``) and regular expressions. A token's outcome under every rule is then a
    function of a small key: for each attribute, its value when it is one of the literals (else
    None) and the result of each regular expression. Keying the cache on that, rather than on
    the word itself, keeps it small and warm on an open vocabulary."""

    def __init__(self) -> None:
        self.literals: dict[str, set] = {a: set() for a in _KEYS}
        self.regexes: dict[str, list[re.Pattern]] = {a: [] for a in _KEYS}

    def value_check(self, attr: str, spec: Any) -> Check:
        name = _TOKEN_ATTR[attr]
        if isinstance(spec, dict):
            if set(spec) == {"IN"}:
                allowed = frozenset(spec["IN"])
                self.literals[attr].update(allowed)
                return lambda tok: getattr(tok, name) in allowed
            if set(spec) == {"NOT_IN"}:
                banned = frozenset(spec["NOT_IN"])
                self.literals[attr].update(banned)
                return lambda tok: getattr(tok, name) not in banned
            if set(spec) == {"REGEX"} and attr != "IS_SPACE":
                rx = re.compile(spec["REGEX"])
                self.regexes[attr].append(rx)
                return lambda tok: bool(rx.search(getattr(tok, name)))
            raise Unsupported(f"{attr}: {spec}")
        if isinstance(spec, (str, bool)):
            self.literals[attr].add(spec)
            return lambda tok: getattr(tok, name) == spec
        raise Unsupported(f"{attr}: {spec!r}")

    def token_check(self, spec: dict) -> Check:
        unknown = set(spec) - set(_KEYS)
        if unknown:
            raise Unsupported(f"token pattern keys {sorted(unknown)}")
        checks = [self.value_check(k, v) for k, v in spec.items()]
        return lambda tok: all(c(tok) for c in checks)

    def key_function(self) -> Callable[[Any], tuple]:
        """A function from a token to its key (see the class docstring)."""
        parts: list[Callable[[Any], Any]] = []
        for attr in _KEYS:
            name = _TOKEN_ATTR[attr]
            lits, rxs = frozenset(self.literals[attr]), tuple(self.regexes[attr])
            if not lits and not rxs:
                continue
            if attr == "IS_SPACE":
                parts.append(lambda tok: tok.is_space)
            elif not rxs:
                parts.append(lambda tok, n=name, l=lits: (v if (v := getattr(tok, n)) in l
                                                          else None))
            else:
                parts.append(lambda tok, n=name, l=lits, r=rxs: (
                    v if (v := getattr(tok, n)) in l else None,
                    tuple(bool(x.search(v)) for x in r)))
        return lambda tok: tuple(p(tok) for p in parts)


class AttributeTable:
    """Callable spaCy component: the rules of one ``AttributeRuler``, applied by table."""

    def __init__(self, ruler: Any) -> None:
        from spacy.tokens._retokenize import set_token_attrs

        self._set = set_token_attrs
        self.attrs: list[dict] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        self.single: list[tuple[int, list[Check]]] = []  # (rule, one check per pattern)
        self.multi: list[tuple[int, list[Check]]] = []  # (rule, checks of a 2+ token pattern)
        features = _Features()
        for i in range(len(self.attrs)):
            _, patterns = ruler.matcher.get(ruler.vocab.strings[str(i)])
            singles = []
            for pat in patterns:
                if not pat:
                    raise Unsupported("empty pattern")
                checks = [features.token_check(t) for t in pat]
                if len(checks) == 1:
                    singles.append(checks[0])
                else:
                    self.multi.append((i, checks))
            if singles and self.indices[i] not in (0, -1):
                raise Unsupported(f"rule {i}: index {self.indices[i]} on a one-token pattern")
            if singles:
                self.single.append((i, singles))
        self._key = features.key_function()
        self._cache: dict[tuple, tuple[list[int], frozenset[tuple[int, int]], dict]] = {}
        from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG

        # The fast path reads each token's (ORTH, TAG, DEP) with Doc.to_array (LOWER and
        # IS_SPACE follow from ORTH) and writes the attributes back with Doc.from_array, so that
        # no Token object is made; it serves rules that set only these attributes.
        self._read = [ORTH, TAG, DEP]
        written = sorted({a for attrs in self.attrs for a in attrs})
        self._write = written if set(written) <= {POS, TAG, DEP, LEMMA, MORPH} else None
        self._by_ids: dict[tuple, tuple[tuple, dict]] = {}

    def _info(self, tok: Any) -> tuple[list[int], frozenset[tuple[int, int]], dict]:
        """For this token's key: the one-token rules it matches (a rule once per matching
        pattern, in rule order), the (multi-token pattern, position) checks it passes, and the
        attributes those rules leave (later rules override earlier ones, attribute by
        attribute, so one merged dict sets the same values as the rules one after another)."""
        key = self._key(tok)
        hit = self._cache.get(key)
        if hit is None:
            rules = [rule for rule, checks in self.single for c in checks if c(tok)]
            flags = frozenset((p, k) for p, (_, checks) in enumerate(self.multi)
                              for k, c in enumerate(checks) if c(tok))
            merged: dict = {}
            for rule in rules:
                merged.update(self.attrs[rule])
            hit = (rules, flags, merged)
            if len(self._cache) < 200_000:
                self._cache[key] = hit
        return hit

    def _by_array(self, doc: Any) -> list[tuple]:
        """Each token's info (see :meth:`_info`) from its (ORTH, TAG, DEP) hashes."""
        cache = self._by_ids
        infos = []
        for i, ids in enumerate(doc.to_array(self._read).tolist()):
            key = tuple(ids)
            hit = cache.get(key)
            if hit is None:
                info = self._info(doc[i])
                values = info[2]  # what the fast path writes: (column, value) pairs
                hit = (info, [(j, values[a]) for j, a in enumerate(self._write) if a in values])
                if len(cache) < 200_000:
                    cache[key] = hit
            infos.append(hit)
        return infos

    def _multi_matches(self, infos: list) -> dict[int, list[int]]:
        """Token index -> the rules of the multi-token patterns matched over it."""
        extra: dict[int, list[int]] = {}
        n = len(infos)
        if not self.multi:
            return extra
        # only tokens passing some check can start a match (few: most pass none)
        flagged = [i for i, info in enumerate(infos) if info[1]]
        for p, (rule, checks) in enumerate(self.multi):
            width = len(checks)
            for start in flagged:
                if start > n - width:
                    break
                if all((p, k) in infos[start + k][1] for k in range(width)):
                    target = range(start, start + width)[self.indices[rule]]
                    extra.setdefault(target, []).append(rule)
        return extra

    def __call__(self, doc: Any) -> Any:
        if self._write is None or not len(doc):
            return self._by_token(doc)
        pairs = self._by_array(doc)
        infos = [info for info, _ in pairs]
        extra = self._multi_matches(infos)
        cols = doc.to_array(self._write)
        for i, (_, values) in enumerate(pairs):
            for j, value in values:
                cols[i, j] = value
        doc.from_array(self._write, cols)
        for i, more in extra.items():  # rare: replay every rule in order on these tokens
            tok = doc[i]
            for rule in sorted(infos[i][0] + more):
                self._set(tok, self.attrs[rule])
        return doc

    def _by_token(self, doc: Any) -> Any:
        """The general path: a Token per token, attributes set with spaCy's set_token_attrs."""
        toks = list(doc)
        infos = [self._info(tok) for tok in toks]
        extra = self._multi_matches(infos)
        for tok, (rules, _, merged) in zip(toks, infos):
            more = extra.get(tok.i)
            if not more:
                if merged:
                    self._set(tok, merged)
                continue
            for rule in sorted(rules + more):  # by rule number, as the ruler applies them
                self._set(tok, self.attrs[rule])
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


def speed_up_attribute_ruler(nlp: Any, name: str = "attribute_ruler") -> bool:
    """Replace the pipeline's attribute ruler by an :class:`AttributeTable` when every rule is
    supported; True when replaced. The model object is changed in place."""
    if name not in nlp.pipe_names:
        return False
    try:
        table = AttributeTable(nlp.get_pipe(name))
    except Unsupported:
        return False
    idx = nlp.component_names.index(name)  # disabled components (senter) count here
    # a plain callable component: keep its place in the pipeline, under the same name
    nlp._components[idx] = (name, table)  # spaCy keeps (name, component) pairs here
    nlp._link_components()
    return True
