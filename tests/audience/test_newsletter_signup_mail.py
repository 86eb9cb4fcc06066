"""Sign-up mail goes out from the task worker: the page never waits for the mail server.

A stalled or missing mail server must not hold a web worker, the page must not claim a
message was sent, and a failed try must be visible to editors and tried again.
"""

from __future__ import annotations

import socket
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client, TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dateline.audience.newsletter.models import SignupMail, SignupMailStatus, Subscriber
from tests.mail_catcher import free_port

from .task_support import run_queued_tasks

pytestmark = pytest.mark.django_db

SEND_TASK = "dateline.audience.newsletter.tasks.send_signup_mail"
LISTING = "/admin/snippets/audience/signupmail/"


class StalledMailServer:
    """Accepts connections on loopback and never says a word, like a hung mail server."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                peer, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(peer)

    def close(self) -> None:
        self.listener.close()
        for peer in self.connections:
            peer.close()


@pytest.fixture
def stalled_server():
    server = StalledMailServer()
    yield server
    server.close()


def sign_up(email: str, address: str = "198.51.100.40"):
    """POST the form and run what the request queued once it committed, as a real one does."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return Client(REMOTE_ADDR=address).post(
            "/newsletter/", {"email": email, "frequency": "daily"}
        )


def queued_sends() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=SEND_TASK, status="READY"))


def test_signup_answers_without_touching_a_stalled_mail_server(
    settings, smtp_server, stalled_server, monkeypatch
):
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = stalled_server.port
    response = sign_up("patient@example.org")
    assert response.status_code == 302
    assert stalled_server.connections == [], "the request talked to the mail server"
    queued = SignupMail.objects.get(subscriber__email="patient@example.org")
    assert queued.status == SignupMailStatus.QUEUED and queued.attempts == 0
    assert len(queued_sends()) == 1

    # The task worker sends it once the server answers.
    settings.EMAIL_PORT = working_port
    run_queued_tasks(monkeypatch)
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "patient@example.org"
    assert "/newsletter/confirm/" in message.get_body(("plain",)).get_content()
    queued.refresh_from_db()
    assert queued.status == SignupMailStatus.SENT and queued.attempts == 1


def test_reader_is_told_the_truth_about_the_mail(client):
    page = client.get("/newsletter/check-your-inbox/").content.decode()
    assert "check your inbox shortly" in page
    assert "We have sent" not in page


def editor(permissions: tuple[str, ...] = ()) -> Client:
    user = get_user_model().objects.create_user(f"desk-{len(permissions)}", password="pw")
    group = Group.objects.create(name=f"Newsletter readers {len(permissions)}")
    group.permissions.add(*Permission.objects.filter(codename__in=("access_admin", *permissions)))
    user.groups.add(group)
    browser = Client()
    browser.force_login(user)
    return browser


def test_failed_send_is_recorded_shown_to_editors_and_retried(settings, smtp_server, monkeypatch):
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens: the mail server is down
    assert sign_up("unlucky@example.org").status_code == 302
    run_queued_tasks(monkeypatch)

    queued = SignupMail.objects.get(subscriber__email="unlucky@example.org")
    assert queued.status == SignupMailStatus.RETRYING
    assert queued.attempts == 1
    assert "Connection refused" in queued.error or "ConnectionRefusedError" in queued.error
    assert queued.next_attempt_at > timezone.now()
    [retry] = queued_sends()
    assert retry.run_after > timezone.now(), "the next try waits a while"

    reader = editor(("view_signupmail",))
    listing = reader.get(LISTING, {"status": "retrying"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "unlucky@example.org" in html and "ConnectionRefusedError" in html
    assert reader.get(f"{LISTING}inspect/{queued.pk}/").status_code == 200
    assert reader.get(f"{LISTING}edit/{queued.pk}/").status_code != 200
    assert reader.get(f"{LISTING}add/").status_code != 200
    assert editor().get(LISTING).status_code != 200, "no permission, no listing"

    # Time passes and the server is back: the retry delivers.
    settings.EMAIL_PORT = working_port
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_queued_tasks(monkeypatch)
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "unlucky@example.org"
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.error) == (SignupMailStatus.SENT, 2, "")
    assert "unlucky@example.org" in reader.get(LISTING, {"status": "sent"}).content.decode()


def test_a_refused_address_is_not_tried_again(smtp_server, monkeypatch):
    smtp_server.refuse.add("nobody@example.org")
    sign_up("nobody@example.org")
    run_queued_tasks(monkeypatch)
    queued = SignupMail.objects.get()
    assert queued.status == SignupMailStatus.FAILED
    assert "550" in queued.error
    assert queued_sends() == []


def test_editors_see_subscribers_and_digest_deliveries(smtp_server, monkeypatch):
    sign_up("listed@example.org")
    superuser = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")
    browser = Client()
    browser.force_login(superuser)
    page = browser.get("/admin/snippets/audience/subscriber/", {"status": "pending"})
    assert page.status_code == 200 and "listed@example.org" in page.content.decode()
    assert browser.get("/admin/snippets/audience/subscriber/add/").status_code != 200
    assert (
        browser.get("/admin/snippets/audience/delivery/", {"status": "failed"}).status_code == 200
    )
    assert browser.get("/admin/snippets/audience/delivery/add/").status_code != 200
    subscriber = Subscriber.objects.get(email="listed@example.org")
    assert (
        browser.get(f"/admin/snippets/audience/subscriber/edit/{subscriber.pk}/").status_code == 200
    )
