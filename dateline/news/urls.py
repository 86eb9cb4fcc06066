from django.urls import path

from . import fragments, views
from .feeds import CountryFeed, EditionFeed, SectorFeed, SiteFeed, atom

app_name = "news"

urlpatterns = [
    path("edition/<slug:slug>/", views.edition, name="edition"),
    path("sector/<slug:slug>/", views.sector, name="sector"),
    path("country/", views.country_index, name="country_index"),
    path("country/<slug:slug>/", views.country, name="country"),
    path("authors/<slug:slug>/", views.author, name="author"),
    path("corrections/", views.corrections, name="corrections"),
    path("card/<int:page_id>.png", views.share_card, name="card"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("fragments/latest/", fragments.latest, name="latest_fragment"),
    path("fragments/related/<int:page_id>/", fragments.related, name="related_fragment"),
    path("feeds/rss/", SiteFeed(), name="feed_rss"),
    path("feeds/atom/", atom(SiteFeed)(), name="feed_atom"),
    path("feeds/sector/<slug:slug>/rss/", SectorFeed(), name="sector_rss"),
    path("feeds/sector/<slug:slug>/atom/", atom(SectorFeed)(), name="sector_atom"),
    path("feeds/country/<slug:slug>/rss/", CountryFeed(), name="country_rss"),
    path("feeds/country/<slug:slug>/atom/", atom(CountryFeed)(), name="country_atom"),
    path("feeds/edition/<slug:slug>/rss/", EditionFeed(), name="edition_rss"),
    path("feeds/edition/<slug:slug>/atom/", atom(EditionFeed)(), name="edition_atom"),
]
