"""How an article's language decides the way search reads it.

On PostgreSQL, the text search configuration it is indexed with; on SQLite, whether it also
goes into the English-stemmed table (see the search migration 0002).

Each article is indexed with its own language's stemming (German words as German, Arabic as
Arabic), never English stemming of another language; a language PostgreSQL has no stemmer
for is indexed as it is written ('simple'). English keeps the database's default
configuration. A query is read in every configuration the site's live articles use, so a
word finds its stories whichever language they are in.
"""

from __future__ import annotations

from django.core.cache import cache

CONFIGS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
ENGLISH = "en"
SIMPLE = "simple"
CACHE_KEY = "search:languages:v1"
CACHE_SECONDS = 600


def base_code(language: str) -> str:
    """The ISO 639-1 code of a language tag ("en-GB" is "en"); no language reads as English,
    the site's own."""
    return (language or ENGLISH).split("-")[0].lower()


def is_english(language: str) -> bool:
    return base_code(language) == ENGLISH


def config_for(language: str, default: str | None) -> str | None:
    """The configuration an article in `language` is indexed with (`default` for English)."""
    code = base_code(language)
    if code == ENGLISH:
        return default
    return CONFIGS.get(code, SIMPLE)


def live_languages() -> list[str]:
    """The languages of live articles, remembered for a few minutes."""
    found = cache.get(CACHE_KEY)
    if found is None:
        from dateline.news.models import ArticlePage

        found = sorted(set(ArticlePage.objects.live().values_list("language", flat=True)))
        cache.set(CACHE_KEY, found, CACHE_SECONDS)
    return found


def note_indexed(indexed: set[str]) -> None:
    """Forget the remembered languages when an article in another one is indexed, so its
    words are searched in its language from the moment it is published, not minutes later."""
    known = cache.get(CACHE_KEY)
    if known is not None and not indexed <= set(known):
        cache.delete(CACHE_KEY)


def query_configs(default: str) -> list[str]:
    """Every configuration a query is read in: the default first, then the other languages'."""
    configs = [default]
    for language in live_languages():
        config = config_for(language, default)
        if config and config not in configs:
            configs.append(config)
    return configs
