"""Sources in the admin: create and edit them, see their health, get a push token once."""

from __future__ import annotations

from django import forms
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet

from dateline.wire.health import source_health
from dateline.wire.models import Source, Transport


class SourceForm(WagtailAdminModelForm):
    new_push_token = forms.BooleanField(
        required=False,
        label="Issue a new push token",
        help_text="The old token stops working. The new one is shown once, after saving.",
    )

    def clean(self):
        data = super().clean()
        transport = data.get("transport")
        if transport == Transport.HTTP and not data.get("url"):
            self.add_error("url", "An HTTP source needs the URL to poll.")
        if transport == Transport.FOLDER and not data.get("folder_path"):
            self.add_error("folder_path", "A folder source needs the folder to watch.")
        return data


class TokenOnceMixin:
    """After saving a push source that needs a token, show the token on the page, once."""

    def save_action(self):
        source = self.object
        wants_token = self.form.cleaned_data.get("new_push_token")
        if source.transport == Transport.PUSH and (wants_token or not source.push_token_hash):
            token = source.issue_push_token()
            return TemplateResponse(
                self.request,
                "wire/admin/push_token.html",
                {"page_title": f"Push token for {source}", "source": source, "token": token},
            )
        return super().save_action()


class SourceCreateView(TokenOnceMixin, CreateView):
    pass


class SourceEditView(TokenOnceMixin, EditView):
    pass


class HealthColumn(Column):
    """Last success, last error, items and rejections with reasons, and the QUIET flag."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        health = source_health([instance])[0]
        parts = [format_html("<strong>{}</strong>", health.status)]
        parts.append(
            format_html(
                "last success: {}",
                f"{timesince(health.last_success_at)} ago" if health.last_success_at else "never",
            )
        )
        if health.last_error_at:
            parts.append(
                format_html(
                    "last error {} ago: {}", timesince(health.last_error_at), health.last_error
                )
            )
        parts.append(format_html("items: {}, rejected: {}", health.items, health.rejected))
        if health.reasons:
            parts.append(
                format_html_join(
                    "; ", "{} × {}", ((n, reason) for reason, n in health.reasons.most_common(3))
                )
            )
        context["value"] = format_html_join("", "<div>{}</div>", ((part,) for part in parts))
        return context


class SourceViewSet(ModelViewSet):
    model = Source
    icon = "site"
    menu_label = "Sources"
    add_to_admin_menu = False
    url_prefix = "wire/sources"
    url_namespace = "wire_sources"
    form_fields = [
        "name",
        "slug",
        "agency",
        "transport",
        "format",
        "url",
        "folder_path",
        "poll_interval",
        "expected_interval",
        "policy",
        "publish_any_language",
        "active",
    ]
    list_display = [
        "name",
        "agency",
        "transport",
        "policy",
        HealthColumn("health", label="Health"),
    ]
    list_filter = ["transport", "active"]
    add_view_class = SourceCreateView
    edit_view_class = SourceEditView

    def get_form_class(self, for_update=False):
        return forms.modelform_factory(Source, form=SourceForm, fields=self.form_fields)


source_viewset = SourceViewSet("wire_sources")
