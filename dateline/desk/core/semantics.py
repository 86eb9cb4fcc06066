"""Sentence meaning as vectors, from a static embedding model shipped inside a PyPI package.

Two agencies tell one event in their own words; their leads still land close together in an
embedding space, where counting shared words would miss them. WordLlama's static model
(token vectors averaged over the text, 256 dimensions, 16 MB) was chosen by measuring on
real labelled stories (`bench/desk_stories.py`): it gives most of what a transformer gives
for story grouping at a fraction of the cost, and needs no torch.

The model's files are read straight from the installed package with downloads impossible:
importing the package itself is avoided, as it reconfigures the root logger.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from safetensors import safe_open
from tokenizers import Tokenizer

from dateline.places.words import MODEL_PACKAGE, ModelMissing, load_tokenizer, model_dir

WEIGHTS_FILE = Path("weights") / "l2_supercat_256.safetensors"
DIMENSIONS = 256
# Tokens read per text: a headline and a long lead, and a cap on the cost of one item.
MAX_TOKENS = 256


@cache
def _model() -> tuple[Tokenizer, np.ndarray]:
    tokenizer = load_tokenizer()
    try:
        with safe_open(str(model_dir() / WEIGHTS_FILE), framework="np") as weights:
            vectors = np.ascontiguousarray(weights.get_tensor("embedding.weight"), np.float32)
    except (OSError, ValueError) as exc:
        raise ModelMissing(f"the {MODEL_PACKAGE} model files cannot be read: {exc}") from exc
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer, vectors


def embed(texts: list[str]) -> np.ndarray:
    """One unit vector per text (float32, shape (len(texts), DIMENSIONS)); an empty text, or
    one with no known token, gets the zero vector, which is similar to nothing."""
    tokenizer, _ = _model()
    encodings = tokenizer.encode_batch(texts, add_special_tokens=False)
    return np.stack([_mean(e.ids) for e in encodings]) if texts else np.zeros((0, DIMENSIONS))


def embed_one(text: str) -> np.ndarray:
    """The unit vector of one text (see `embed`), tokenized word by word through a cache:
    news repeats its vocabulary, and the model's tokens never span two words."""
    ids: list[int] = []
    for word in text.split():
        ids.extend(_word_ids(word))
        if len(ids) >= MAX_TOKENS:
            break
    return _mean(ids[:MAX_TOKENS])


@lru_cache(maxsize=1 << 17)
def _word_ids(word: str) -> tuple[int, ...]:
    return tuple(_model()[0].encode(word, add_special_tokens=False).ids)


def _mean(ids: list[int]) -> np.ndarray:
    vectors = _model()[1]
    if not ids:
        return np.zeros(DIMENSIONS, np.float32)
    mean = vectors[np.minimum(ids, len(vectors) - 1)].mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else np.zeros(DIMENSIONS, np.float32)
