"""Give Feedback: stored, honeypot, rate limit, CSRF, uncached, desk mail, escaped in the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from dateline.audience.feedback.models import Feedback, FeedbackStatus

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def send(client: Client, address: str = "192.0.2.10", **fields):
    data = {
        "name": "Amina",
        "email": "amina@example.org",
        "message": "The district name in paragraph two is wrong.",
        "page": "/news/floods/",
        "website": "",
    }
    data.update(fields)
    return client.post("/feedback/", data, REMOTE_ADDR=address)


@pytest.fixture
def desk_mail(settings):
    settings.TASKS = IMMEDIATE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DATELINE_FEEDBACK_NOTIFY = "desk@dateline.example"
    return mail.outbox


def test_form_links_back_to_the_page_and_is_never_cached(client, db):
    response = client.get("/feedback/", {"page": "/news/floods/"})
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="page" value="/news/floods/"' in html


def test_feedback_is_stored_and_reader_thanked(client, db):
    response = send(client)
    assert response.status_code == 302
    assert response["Location"] == "/feedback/thanks/?page=%2Fnews%2Ffloods%2F"
    item = Feedback.objects.get()
    assert (item.name, item.email, item.page, item.status) == (
        "Amina",
        "amina@example.org",
        "/news/floods/",
        FeedbackStatus.NEW,
    )
    assert item.message == "The district name in paragraph two is wrong."
    thanks = client.get(response["Location"])
    assert "Thank you for your feedback" in thanks.content.decode()
    assert 'href="/news/floods/"' in thanks.content.decode()
    assert "no-store" in thanks["Cache-Control"]


def test_name_and_email_are_optional(client, db):
    assert send(client, name="", email="").status_code == 302
    assert Feedback.objects.get().name == ""


@pytest.mark.parametrize(
    "fields,error",
    [
        ({"message": ""}, "This field is required."),
        ({"message": "hi"}, "at least 5 characters"),
        ({"message": "x" * 5001}, "at most 5000 characters"),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"name": "n" * 101}, "at most 100 characters"),
        ({"message": "null\x00byte message"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_is_refused_clearly(client, db, fields, error):
    response = send(client, **fields)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "page",
    [
        "javascript:alert(1)",
        "//evil.example/",
        "https://evil.example/",
        "/ok\r\nSet-Cookie: x=1",
        "/" + "a" * 600,
    ],
)
def test_only_paths_on_this_site_are_kept_as_the_page(client, db, page):
    assert send(client, page=page).status_code == 302
    assert Feedback.objects.get().page == ""


def test_honeypot_is_thanked_but_not_stored(client, db, desk_mail):
    response = send(client, website="http://cheap-pills.example")
    assert response.status_code == 302 and "/feedback/thanks/" in response["Location"]
    assert not Feedback.objects.exists()
    assert desk_mail == []


def test_rate_limit_per_client(client, db, settings):
    settings.DATELINE_FEEDBACK_LIMIT = 3
    for n in range(3):
        assert send(client, message=f"Message number {n}").status_code == 302
    refused = send(client, message="Message number 4")
    assert refused.status_code == 429
    assert "try again" in refused.content.decode()
    assert Feedback.objects.count() == 3
    assert send(client, message="From another reader", address="192.0.2.99").status_code == 302
    assert Feedback.objects.count() == 4


def test_csrf_is_enforced(db):
    reader = Client(enforce_csrf_checks=True)
    refused = send(reader)
    assert refused.status_code == 403
    assert not Feedback.objects.exists()

    reader.get("/feedback/")
    token = reader.cookies["csrftoken"].value
    accepted = send(reader, csrfmiddlewaretoken=token)
    assert accepted.status_code == 302
    assert Feedback.objects.count() == 1


def test_desk_is_mailed_about_new_feedback(
    client, db, desk_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, message="Line one\nSubject: injected header attempt")
    assert len(desk_mail) == 1
    message = desk_mail[0]
    assert message.to == ["desk@dateline.example"]
    assert message.reply_to == ["amina@example.org"]
    assert message.subject == "Reader feedback: Line one Subject: injected header attempt"
    assert "Page: http://" in message.body and "/news/floods/" in message.body
    assert "/admin/snippets/audience/feedback/edit/" in message.body


def test_desk_mail_over_real_smtp(
    client, db, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE_TASKS
    settings.DATELINE_FEEDBACK_NOTIFY = "desk@dateline.example"
    with django_capture_on_commit_callbacks(execute=True):
        send(client, email="")
    received = smtp_server.wait_for(1)
    assert received[0]["To"] == "desk@dateline.example"
    assert received[0]["Reply-To"] is None
    assert "paragraph two is wrong" in received[0].get_content()


def test_no_mail_when_no_desk_address(
    client, db, desk_mail, settings, django_capture_on_commit_callbacks
):
    settings.DATELINE_FEEDBACK_NOTIFY = ""
    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    assert Feedback.objects.count() == 1
    assert desk_mail == []


def test_hostile_html_is_shown_escaped_in_the_admin(client, db):
    send(client, name=HOSTILE[:100], message=HOSTILE)
    item = Feedback.objects.get()
    editor = get_user_model().objects.create_superuser("desk", "desk@example.org", "pw")
    client.force_login(editor)
    for url in (
        "/admin/snippets/audience/feedback/",
        f"/admin/snippets/audience/feedback/inspect/{item.pk}/",
        f"/admin/snippets/audience/feedback/edit/{item.pk}/",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        assert '<script>alert("x")' not in html and "<img src=x onerror" not in html, url
        assert "&lt;script&gt;alert(" in html, url


def test_desk_sets_the_status_in_the_admin(client, db):
    send(client)
    item = Feedback.objects.get()
    editor = get_user_model().objects.create_superuser("desk", "desk@example.org", "pw")
    client.force_login(editor)
    response = client.post(
        f"/admin/snippets/audience/feedback/edit/{item.pk}/", {"status": "answered"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == FeedbackStatus.ANSWERED
    assert item.message == "The district name in paragraph two is wrong."
    listing = client.get("/admin/snippets/audience/feedback/", {"status": "answered"})
    assert "Amina" in listing.content.decode()
