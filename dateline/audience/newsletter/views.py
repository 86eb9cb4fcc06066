"""Newsletter pages. Every page here is per reader, so none may be kept by a front cache.

The box on cached pages only GETs the sign-up page; that page, never cached, carries the
CSRF token. The unsubscribe address is exempt from CSRF because mail clients POST to it
with no cookie (RFC 8058); its signed token is what authorises the request.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import ratelimit, tokens
from .forms import PreferencesForm, SignupForm, normalise_email
from .models import SubscriberStatus
from .signup import sign_up

T = "audience/newsletter"


def _link_problem(request: HttpRequest, error: tokens.InvalidToken, purpose: str) -> HttpResponse:
    context = {"expired": error.expired, "purpose": purpose}
    return render(request, f"{T}/link_problem.html", context, status=400)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        email = normalise_email(request.GET.get("email", ""))[:254]
        form = SignupForm(initial={"email": email})
        return render(request, f"{T}/signup.html", {"form": form})
    if not ratelimit.allow_signup(request):
        response = render(request, f"{T}/rate_limited.html", status=429)
        response["Retry-After"] = str(ratelimit.CLIENT_WINDOW_SECONDS)
        return response
    form = SignupForm(request.POST)
    if not form.is_valid():
        return render(request, f"{T}/signup.html", {"form": form}, status=400)
    if not form.is_robot:
        sign_up(form)
    return redirect(reverse("newsletter:check_inbox"), permanent=False)


@never_cache
def check_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, f"{T}/check_inbox.html")


@never_cache
@require_http_methods(["GET", "HEAD"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = tokens.subscriber_to_confirm(token)
    except tokens.InvalidToken as error:
        return _link_problem(request, error, "confirm")
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return _link_problem(request, tokens.InvalidToken(), "confirm")
    if subscriber.status == SubscriberStatus.PENDING:
        subscriber.confirm()
    return render(request, f"{T}/confirmed.html", {"subscriber": subscriber})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = tokens.subscriber_to_manage(token)
    except tokens.InvalidToken as error:
        return _link_problem(request, error, "manage")
    if subscriber.status != SubscriberStatus.CONFIRMED:
        return _link_problem(request, tokens.InvalidToken(), "manage")
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            form.apply_to(subscriber)
            saved = True
    else:
        form = PreferencesForm(initial=PreferencesForm.initial_for(subscriber))
    context = {
        "form": form,
        "subscriber": subscriber,
        "saved": saved,
        "unsubscribe_token": tokens.unsubscribe_token(subscriber),
    }
    status = 400 if request.method == "POST" and not saved else 200
    return render(request, f"{T}/preferences.html", context, status=status)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = tokens.subscriber_to_unsubscribe(token)
    except tokens.InvalidToken as error:
        return _link_problem(request, error, "unsubscribe")
    if request.method == "POST":
        subscriber.unsubscribe()
        return render(request, f"{T}/unsubscribed.html", {"subscriber": subscriber})
    return render(request, f"{T}/unsubscribe.html", {"subscriber": subscriber})
