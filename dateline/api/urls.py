"""The content API: Wagtail's API v2, the ninjs syndication feed and their OpenAPI description."""

from django.urls import path

from . import ninjs
from .openapi import openapi
from .views import api_router

urlpatterns = [
    path("v2/", api_router.urls),
    path("ninjs/", ninjs.feed, name="api-ninjs-feed"),
    path("ninjs/<int:pk>/", ninjs.detail, name="api-ninjs-item"),
    path("openapi.json", openapi, name="api-openapi"),
]
