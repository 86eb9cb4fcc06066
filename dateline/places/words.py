"""Common English words, so a town called "Reading" or "Bath" is not read into every text.

The list is the word tokens of the shipped embedding model's tokenizer (WordLlama's, read
from the installed package, never downloaded): the words English news uses most. The desk's
sentence embeddings load the same tokenizer from here.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from tokenizers import Tokenizer

MODEL_PACKAGE = "wordllama"
TOKENIZER_FILE = Path("tokenizers") / "l2_supercat_tokenizer_config.json"


class ModelMissing(RuntimeError):
    """The embedding model's files are not where the pinned package ships them."""


def model_dir() -> Path:
    """Where the installed model package keeps its files."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(f"the {MODEL_PACKAGE} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def load_tokenizer() -> Tokenizer:
    """The model's tokenizer, read from the package's own file."""
    try:
        return Tokenizer.from_file(str(model_dir() / TOKENIZER_FILE))
    except (OSError, ValueError) as exc:
        raise ModelMissing(f"the {MODEL_PACKAGE} tokenizer cannot be read: {exc}") from exc


@cache
def common_words() -> frozenset[str]:
    """Common English words in lower case ("▁" starts a word among the tokens)."""
    return frozenset(
        token[1:]
        for token in load_tokenizer().get_vocab()
        if token.startswith("▁") and token[1:].islower()
    )
