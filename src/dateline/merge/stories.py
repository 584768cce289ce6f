"""Story clusters: groups of stored articles that report the same news story.

Computed on demand from the ``articles`` table (no schema change). Each article becomes a
TF-IDF vector of its title plus its first paragraphs (lower-cased word tokens, English stop
words dropped, sublinear tf ``1 + log(tf)``, smoothed idf over the given articles, L2
normalised). Articles join a story by single-link agglomeration: two articles are linked when
their cosine similarity reaches ``threshold`` *and* they were published within
``window_days`` of each other (an article without a date may link to anything). Near-duplicate
wire copies (``duplicate_of``, written by :mod:`dateline.merge.dedup`) always join their
original's story. numpy only: vectors are dense float32 over the terms shared by two or more
articles, and similarities are computed a block of rows at a time, each block only against
the articles dated within the window of it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

import numpy as np

if TYPE_CHECKING:
    from ..store import Store

DEFAULT_THRESHOLD = 0.2
DEFAULT_WINDOW_DAYS = 7
DEFAULT_PARAGRAPHS = 3
#: Default linking cosine of each method (embeddings: see docs/merge.md, "Stories").
METHOD_THRESHOLDS = {"tfidf": DEFAULT_THRESHOLD, "embeddings": 0.55}

#: Texts -> (n, dim) float32 unit rows (an embedding model).
Embed = Callable[[Sequence[str]], np.ndarray]

# A compact English stop list (function words and news boilerplate verbs of attribution);
# kept here rather than borrowed from spaCy so that clustering never loads a model.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it its
itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves said says say told
according reported reports report news media monday tuesday wednesday thursday friday saturday
sunday today yesterday week weeks day days year years new one two three first last may
""".split()) | frozenset("""
de la el los las del al en que por para con una uno un es se su sus lo como más pero sin sobre
entre fue ha han este esta son ya también le les hay muy donde desde
der das den dem des und ist sind ein eine einen einem einer nicht mit von zu im auf für
sich dass es wie auch bei nach aus wird werden wurde hat haben noch nur oder aber vor über
le les du et est une dans pour pas sur au aux qui ce ces il elle ont été avec plus par
do da dos das em no na nos nas um uma com não os ao mais foi são pelo pela
il di che non per gli della delle dei nel nella alla sono anche
""".split())  # and the commonest function words of es, de, fr, pt, it (mixed-language stores)

_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+", re.UNICODE)


@dataclass
class Story:
    """One news story: the articles reporting it and a representative headline."""

    id: str
    headline: str
    article_ids: list[str]
    first_published: str | None = None
    last_published: str | None = None
    sources: list[str] = field(default_factory=list)
    headline_id: str | None = None  # the article whose title is the headline

    @property
    def size(self) -> int:
        """Number of articles in the story (wire copies included)."""
        return len(self.article_ids)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``size`` included)."""
        return {"id": self.id, "headline": self.headline, "size": self.size,
                "first_published": self.first_published, "last_published": self.last_published,
                "sources": list(self.sources), "article_ids": list(self.article_ids)}


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` without stop words, single letters or bare numbers."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        tok = tok.replace("’", "'")
        if tok.endswith("'s"):
            tok = tok[:-2]
        if len(tok) < 2 or tok.isdigit() or tok in STOP_WORDS:
            continue
        out.append(tok)
    return out


def story_text(article: Mapping[str, Any], paragraphs: int = DEFAULT_PARAGRAPHS) -> str:
    """Title plus the first ``paragraphs`` non-empty paragraphs (lines) of the body.

    The lede carries the story's who/what/where; later paragraphs drift into background that
    different stories share, so they are left out."""
    body = article.get("body") or article.get("text") or ""
    paras = [p.strip() for p in body.split("\n") if p.strip()][:paragraphs]
    return "\n".join([article.get("title") or "", *paras])


def _day(value: Any) -> date | None:
    """The calendar day of a ``published`` value (ISO string, date or datetime), or None."""
    if value is None:
        return None
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[union-attr]
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def tfidf_matrix(texts: list[str]) -> np.ndarray:
    """Rows: L2-normalised sublinear-tf, smoothed-idf vectors of ``texts`` (idf over them).

    Norms are taken over every term, then the columns of terms found in a single text are
    dropped (float32): they add nothing to any cosine between two texts, and dropping them
    keeps the dense matrix small (most of a news vocabulary occurs once)."""
    docs = [Counter(tokens(t)) for t in texts]
    df = Counter(w for d in docs for w in d)
    n = len(docs)
    shared = {w: k for k, w in enumerate(sorted(w for w, c in df.items() if c > 1))}
    mat = np.zeros((n, max(len(shared), 1)), dtype=np.float32)
    for i, d in enumerate(docs):
        norm = 0.0
        for w, c in d.items():
            weight = (1.0 + math.log(c)) * (math.log((1.0 + n) / (1.0 + df[w])) + 1.0)
            norm += weight * weight
            if w in shared:
                mat[i, shared[w]] = weight
        if norm > 0:
            mat[i] /= math.sqrt(norm)
    return mat


def is_english(text: str, min_share: float = 0.12) -> bool:
    """True when ``text`` reads as English (the nlp stage's function-word test; a text of
    under 20 words counts as English): the embedding model only knows English."""
    from ..stages.nlp import english_share

    return len(text.split()) < 20 or english_share(text) >= min_share


def doc_freq(docs: Iterable[Mapping[str, int]]) -> Counter[str]:
    """In how many of ``docs`` (token counts) each term occurs."""
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    return df


def tfidf_rows(docs: Iterable[Mapping[str, int]], df: Mapping[str, int],
               n: int) -> list[dict[str, float]]:
    """Sparse L2-normalised vectors of ``docs`` with the weights of :func:`tfidf_matrix`
    (``df`` and ``n`` from the set the idf is taken over): what incremental story updates
    use, computed from cached token counts without building the dense matrix."""
    out = []
    for d in docs:
        vec = {w: (1.0 + math.log(c)) * (math.log((1.0 + n) / (1.0 + df.get(w, 0))) + 1.0)
               for w, c in d.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        out.append({w: v / norm for w, v in vec.items()} if norm > 0 else {})
    return out


def sparse_dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


class StoryIndex:
    """TF-IDF vectors and pairwise similarities of a set of articles.

    ``articles`` are dicts with ``id`` and optionally ``title``, ``body`` (or ``text``),
    ``published``, ``source``, ``url`` and ``duplicate_of``. ``embed`` (texts -> unit row
    vectors, e.g. :class:`dateline.merge.embeddings.Embedder`) replaces TF-IDF with
    embeddings; everything else (windows, single link, headline) is the same."""

    def __init__(self, articles: Iterable[Mapping[str, Any]],
                 paragraphs: int = DEFAULT_PARAGRAPHS, embed: Embed | None = None) -> None:
        self.articles = [dict(a) for a in articles]
        self.ids = [str(a["id"]) for a in self.articles]
        self.pos = {aid: i for i, aid in enumerate(self.ids)}
        self.days = [_day(a.get("published")) for a in self.articles]
        texts = [story_text(a, paragraphs) for a in self.articles]
        # with embeddings: the model's vectors for English articles; a pair with an article in
        # another language is judged by TF-IDF (``alt``) at the TF-IDF threshold instead
        self.alt: np.ndarray | None = None
        self.native = np.ones(len(texts), dtype=bool)
        self.alt_threshold = DEFAULT_THRESHOLD
        if embed is None:
            self.vectors = tfidf_matrix(texts)
        else:
            self.native = np.array([is_english(t) for t in texts], dtype=bool)
            self.alt = tfidf_matrix(texts)
            keep = np.flatnonzero(self.native)
            got = np.asarray(embed([texts[i] for i in keep]) if len(keep) else
                             np.zeros((0, 1)), dtype=np.float32).reshape(len(keep), -1)
            self.vectors = np.zeros((len(texts), max(got.shape[1], 1)), dtype=np.float32)
            self.vectors[keep] = got

    def pairs(self, threshold: float, window_days: int | None = None,
              block: int = 512) -> Iterable[tuple[int, int]]:
        """Index pairs (i < j) whose cosine reaches ``threshold``.

        Computed a block of rows at a time (the n x n matrix is never held). With
        ``window_days``, rows are taken in date order and each block is compared only with the
        articles dated within the window of it (and the undated ones), so a year of news costs
        about a week's comparisons per block; the exact window test is left to the caller."""
        n = len(self.ids)
        dated = [i for i in range(n) if self.days[i] is not None]
        undated = np.array([i for i in range(n) if self.days[i] is None], dtype=np.int64)
        if window_days is None or not dated:
            order, ords = np.arange(n), None
        else:
            dated.sort(key=lambda i: self.days[i])  # type: ignore[arg-type,return-value]
            order = np.array(dated + undated.tolist(), dtype=np.int64)
            ords = np.array([self.days[i].toordinal() for i in dated])  # type: ignore[union-attr]
        # blocks never straddle the dated/undated boundary: an undated row needs every column
        cut = n if ords is None else len(ords)
        starts = [*range(0, cut, block), *range(cut, n, block)]
        for start in starts:
            rows = order[start:min(start + block, cut if start < cut else n)]
            if ords is None or start >= cut:
                cols = np.arange(n)
            else:
                lo = ords[start] - window_days
                hi = ords[start + len(rows) - 1] + window_days
                a, b = np.searchsorted(ords, lo, "left"), np.searchsorted(ords, hi, "right")
                cols = np.concatenate([order[a:b], undated])
            _, linked = self._block(rows, cols, threshold)
            ii, jj = np.nonzero(linked)
            for i, j in zip(rows[ii].tolist(), cols[jj].tolist()):
                if i < j:
                    yield i, j

    def _block(self, rows: np.ndarray, cols: np.ndarray, threshold: float
               ) -> tuple[np.ndarray, np.ndarray]:
        """Similarities of ``rows`` x ``cols`` and where they reach the threshold: the
        embeddings' cosine against ``threshold`` for two English articles, else the TF-IDF
        cosine against the TF-IDF threshold (``alt``; TF-IDF alone: one matrix, one test)."""
        sims = self.vectors[rows] @ self.vectors[cols].T
        if self.alt is None:
            return sims, sims >= threshold
        alt = self.alt[rows] @ self.alt[cols].T
        native = self.native[rows][:, None] & self.native[cols][None, :]
        return (np.where(native, sims, alt),
                np.where(native, sims >= threshold, alt >= self.alt_threshold))

    def within(self, i: int, j: int, window_days: int) -> bool:
        """True when articles i and j were published within ``window_days`` (or one is undated)."""
        a, b = self.days[i], self.days[j]
        return a is None or b is None or abs((a - b).days) <= window_days

    def clusters(self, threshold: float = DEFAULT_THRESHOLD,
                 window_days: int = DEFAULT_WINDOW_DAYS) -> list[Story]:
        """Single-link stories, largest first (ties: earliest first, then id)."""
        n = len(self.ids)
        parent = list(range(n))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def union(x: int, y: int) -> None:
            rx, ry = find(x), find(y)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)

        for i in range(n):
            dup = self.articles[i].get("duplicate_of")
            if dup and dup in self.pos:
                union(i, self.pos[dup])
        for i, j in self.pairs(threshold, window_days):
            if self.within(i, j, window_days):
                union(i, j)
        groups: dict[int, list[int]] = {}
        for i in range(n):
            groups.setdefault(find(i), []).append(i)
        stories = [self._story(members) for members in groups.values()]
        stories.sort(key=lambda s: (-s.size, s.first_published or "9999", s.id))
        return stories

    def _story(self, members: list[int]) -> Story:
        """Build the Story of the given article positions."""
        members = sorted(members, key=lambda i: (str(self.days[i] or "9999"), self.ids[i]))
        ids = [self.ids[i] for i in members]
        vecs = self.vectors if self.native[members].all() or self.alt is None else self.alt
        centroid = vecs[members].mean(axis=0)
        scores = vecs[members] @ centroid
        best = members[int(np.argmax(scores))]  # first maximum: the earliest on ties
        days = sorted(str(self.days[i]) for i in members if self.days[i] is not None)
        sources = sorted({str(self.articles[i].get("source")) for i in members
                          if self.articles[i].get("source")})
        digest = hashlib.sha1("\n".join(sorted(ids)).encode()).hexdigest()[:12]
        return Story(id=f"s_{digest}", headline=self.articles[best].get("title") or ids[0],
                     article_ids=ids, first_published=days[0] if days else None,
                     last_published=days[-1] if days else None, sources=sources,
                     headline_id=self.ids[best])

    def links(self, story: Story, window_days: int = DEFAULT_WINDOW_DAYS
              ) -> dict[str, float | None]:
        """Each member's best cosine to another member of ``story`` published within the
        window (what tied it to the story); None for a story's only article."""
        pos = [self.pos[a] for a in story.article_ids]
        if len(pos) < 2:
            return {a: None for a in story.article_ids}
        sims, _ = self._block(np.array(pos), np.array(pos), 1.0)
        out: dict[str, float | None] = {}
        for r, i in enumerate(pos):
            best = [float(sims[r, c]) for c, j in enumerate(pos)
                    if j != i and self.within(i, j, window_days)]
            out[self.ids[i]] = round(max(best), 4) if best else None
        return out

    def related(self, article_id: str, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` most similar other articles as (id, cosine), most similar first."""
        if article_id not in self.pos:
            raise KeyError(article_id)
        i = self.pos[article_id]
        row = self._block(np.array([i]), np.arange(len(self.ids)), 1.0)[0][0]
        order = np.argsort(-row, kind="stable")
        out = [(self.ids[j], round(float(row[j]), 4)) for j in order.tolist() if j != i]
        return out[:k]


def cluster_stories(articles: list[Mapping[str, Any]], threshold: float = DEFAULT_THRESHOLD,
                    window_days: int = DEFAULT_WINDOW_DAYS, embed: Embed | None = None
                    ) -> list[Story]:
    """Cluster ``articles`` into stories (see the module docstring), largest first."""
    return StoryIndex(articles, embed=embed).clusters(threshold, window_days)


def related(articles: list[Mapping[str, Any]], article_id: str,
            k: int = 5, embed: Embed | None = None) -> list[tuple[str, float]]:
    """The ``k`` articles most similar to ``article_id`` among ``articles``, with cosines."""
    return StoryIndex(articles, embed=embed).related(article_id, k)


def store_articles(store: Store) -> list[dict[str, Any]]:
    """Every stored article as a dict (id, title, body, published, source, url, duplicate_of).

    The source falls back to the URL's host, as the merge engine counts outlets."""
    rows = store.all_articles()
    for r in rows:
        if not r.get("source") and r.get("url"):
            m = re.match(r"[a-z]+://(?:www\.)?([^/:]+)", str(r["url"]))
            r["source"] = m.group(1) if m else None
    return rows
