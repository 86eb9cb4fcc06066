"""The content API addresses whose cached copy can show an article, purged with its pages.

Front caches purge exact addresses, so these are the ones partners are documented to poll:
each listing unfiltered and filtered by one of the article's sector, countries and edition.
Other combinations of filters expire with the cache's s-maxage.
"""

from __future__ import annotations

from typing import Any

PAGES = "/api/v2/pages/"
ARTICLES = "/api/v2/pages/?type=news.ArticlePage"


def api_paths(article: Any) -> list[str]:
    paths = [
        PAGES,
        ARTICLES,
        f"{PAGES}{article.pk}/",
        "/api/ninjs/",
        f"/api/ninjs/{article.pk}/",
    ]
    if article.sector:
        paths.append(f"{ARTICLES}&sector={article.sector.slug}")
    editions = set()
    for country in article.tag_countries:
        paths.append(f"{ARTICLES}&country={country.code}")
        editions.add(country.edition.slug)
    paths += [f"{ARTICLES}&edition={slug}" for slug in sorted(editions)]
    paths += [f"{ARTICLES}&kind={article.kind}", f"{ARTICLES}&language={article.language}"]
    if article.hero_image_id:
        paths += ["/api/v2/images/", f"/api/v2/images/{article.hero_image_id}/"]
    return paths
