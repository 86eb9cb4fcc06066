"""The story picker: editors find a story by words of its headline instead of typing its
number, in Wagtail's own chooser (a modal with search and results, and a form widget)."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from dateline.desk.models import Story, StoryState
from dateline.news.reference import country_name
from dateline.news.timefmt import newsroom_time


class StorySearchForm(BaseFilterForm):
    """Words of the headline, in any case and order: the wire's headline or the one an
    editor gave the article in the page editor."""

    q = forms.CharField(
        label="Words in the headline",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Words in the headline"}),
    )

    def filter(self, objects: QuerySet[Story]) -> QuerySet[Story]:
        words = (self.cleaned_data.get("q") or "").split()
        if words:
            self.is_searching = True
            self.search_query = " ".join(words)
            for word in words:
                objects = objects.filter(
                    Q(headline__icontains=word) | Q(article__title__icontains=word)
                )
        return objects


class _StoryListing:
    """Stories that can take part in a merge: not killed and not merged into another, named
    by their headline (or their article's), never by the identity index's URN."""

    filter_form_class = StorySearchForm
    ordering = ("-updated_at", "-pk")

    def get_object_list(self) -> QuerySet[Story]:
        return (
            Story.objects.exclude(state=StoryState.KILLED)
            .filter(merged_into__isnull=True)
            .select_related("article")
        )

    @property
    def title_column(self) -> Column:
        column = super().title_column
        column.accessor = "name"
        return column

    @property
    def columns(self) -> list[Column]:
        return [
            self.title_column,
            Column("number", label="Number", accessor=lambda story: f"#{story.pk}"),
            Column(
                "country",
                label="Country",
                accessor=lambda story: country_name(story.primary_country) or "–",
            ),
            Column("state", label="State", accessor="get_state_display"),
            Column(
                "updated_at",
                label="Last change",
                accessor=lambda story: newsroom_time(story.updated_at),
            ),
        ]


class StoryChooseView(_StoryListing, ChooseView):
    pass


class StoryChooseResultsView(_StoryListing, ChooseResultsView):
    pass


class StoryChosenView(ChosenView):
    def get_display_title(self, instance: Story) -> str:
        return instance.name


class StoryChooser(BaseChooser):
    """The merge form's field: the chosen story by the name editors know it by."""

    def get_display_title(self, instance: Story) -> str:
        return instance.name


class StoryChooserViewSet(ChooserViewSet):
    model = Story
    base_widget_class = StoryChooser
    chosen_view_class = StoryChosenView
    icon = "doc-full-inverse"
    choose_one_text = "Choose a story"
    choose_another_text = "Choose another story"
    choose_view_class = StoryChooseView
    choose_results_view_class = StoryChooseResultsView
    per_page = 20
    register_widget = False


story_chooser = StoryChooserViewSet("desk_story_chooser", url_prefix="desk/story-chooser")
