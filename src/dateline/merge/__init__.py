"""Cross-article merging: one real-world event reported by many articles becomes one event.

- :mod:`.engine`: scoring and the incremental index (pure Python, no database).
- :mod:`.dedup`: near-duplicate (wire copy) detection with MinHash/LSH.
- :mod:`.service`: ``merge_article(store, article_id)`` after each stored article, ``rebuild``.
- :mod:`.itinerary`: an actor's visits in order with facts derived from the database.
- :mod:`.bcubed`: B-cubed precision/recall of a clustering against gold clusters.
"""

from .engine import THRESHOLD, Cluster, MentionRec, MergeIndex, score
from .service import Merger, merge_article, rebuild

__all__ = ["THRESHOLD", "Cluster", "MentionRec", "MergeIndex", "Merger", "merge_article",
           "rebuild", "score"]
