"""The language of wire copy that does not declare one, from a detector with a shipped model.

py3langid's bundled model, limited to the languages agencies file in, reads the headline and
lead. A headline alone is short evidence, and a detector left to itself calls "Obama signs
bill" Swedish, so its probabilities are weighed by a prior: most copy a newsroom receives is
in its own language, and another language has to be clearly more likely to win.
"""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

# ISO 639-1 codes of the languages news agencies file in.
NEWS_LANGUAGES = (
    *("en", "de", "fr", "es", "it", "pt", "nl", "ar", "ru", "zh", "ja", "ko", "tr", "pl"),
    *("sv", "da", "no", "fi", "cs", "el", "he", "hi", "id", "ms", "fa", "uk", "ro", "hu"),
    *("sw", "vi", "th", "ur", "bn", "ta"),
)
# The share of copy expected in the newsroom's own language before reading a word of it.
EXPECTED_SHARE = 0.5
UNDETERMINED = "und"


@cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in NEWS_LANGUAGES if code in identifier.nb_classes])
    return identifier


def detect(text: str, expected: str = "en") -> str:
    """The most likely language of `text` (ISO 639-1), with `expected` the newsroom's own;
    "und" when the text has no letters to read."""
    if not any(c.isalpha() for c in text):
        return UNDETERMINED
    ranked = _identifier().rank(text)
    others = (1 - EXPECTED_SHARE) / max(1, len(ranked) - 1)
    return max(
        ranked, key=lambda pair: pair[1] * (EXPECTED_SHARE if pair[0] == expected else others)
    )[0]
