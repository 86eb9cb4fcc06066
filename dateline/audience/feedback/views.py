"""The "Give Feedback" page. Never cached: it carries the CSRF token and the form's answers."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .forms import HONEYPOT, FeedbackForm, site_path
from .notify import desk_address, notify_desk
from .ratelimit import allow_message


def _thanks(page: str) -> HttpResponse:
    url = reverse("feedback:thanks")
    return redirect(f"{url}?{urlencode({'page': page})}" if page else url)


@never_cache
@require_http_methods(["GET", "POST"])
def give_feedback(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        form = FeedbackForm(initial={"page": site_path(request.GET.get("page"))})
        return render(request, "audience/feedback/form.html", {"form": form})

    form = FeedbackForm(request.POST)
    if not allow_message(request):
        return render(
            request, "audience/feedback/form.html", {"form": form, "limited": True}, status=429
        )
    if request.POST.get(HONEYPOT):
        return _thanks(site_path(request.POST.get("page")))
    if not form.is_valid():
        return render(request, "audience/feedback/form.html", {"form": form}, status=400)
    item = form.save()
    if desk_address():
        transaction.on_commit(lambda: notify_desk.enqueue(item.pk))
    return _thanks(item.page)


@never_cache
@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request, "audience/feedback/thanks.html", {"back": site_path(request.GET.get("page"))}
    )
