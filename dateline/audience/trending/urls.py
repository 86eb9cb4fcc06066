from django.urls import path

from . import fragment, views

app_name = "trending"

urlpatterns = [
    path("beacon/", views.beacon, name="beacon"),
    path("fragments/trending/", fragment.trending, name="fragment"),
    path("fragments/trending/<slug:edition>/", fragment.trending, name="edition_fragment"),
]
