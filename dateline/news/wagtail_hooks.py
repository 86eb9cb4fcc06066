"""Admin registration: taxonomies and authors are snippets, editable by the desk."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Author, Country, Edition, Sector, Tombstone


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["name", "slug"]


class EditionViewSet(SnippetViewSet):
    model = Edition
    icon = "site"
    list_display = ["name", "slug"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    list_display = ["name", "code", "edition"]
    list_filter = ["edition"]
    search_fields = ["name", "code"]


class TombstoneViewSet(SnippetViewSet):
    model = Tombstone
    icon = "bin"
    list_display = ["path", "headline", "reason", "killed_at"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Taxonomies"
    menu_icon = "tag"
    menu_order = 300
    items = (SectorViewSet, EditionViewSet, CountryViewSet, TombstoneViewSet)


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["name", "role"]


register_snippet(TaxonomyGroup)
register_snippet(AuthorViewSet)
