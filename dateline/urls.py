from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from dateline.news import routing
from dateline.security.logins import ThrottledAdminLoginForm

admin.site.login_form = ThrottledAdminLoginForm

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("wire/", include("dateline.wire.urls")),
    path("api/", include("dateline.api.urls")),
    path("newsletter/", include("dateline.audience.newsletter.urls")),
    path("", include("dateline.audience.trending.urls")),
    path("feedback/", include("dateline.audience.feedback.urls")),
    path("", include("dateline.search.urls")),
    path("", include("dateline.news.urls")),
]

if settings.DATELINE_SERVE_MEDIA:
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

# Pages: articles and the site found the quick way, then Wagtail's own view (and its URLs).
urlpatterns += [re_path(serve_pattern, routing.serve), path("", include(wagtail_urls))]

handler404 = "dateline.news.errors.not_found"
handler500 = "dateline.news.errors.server_error"
