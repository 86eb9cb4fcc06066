"""What a sign-up does: the same outward answer for every address, different mail behind it.

The request never talks to the mail server: it records a `SignupMail` and queues a task, so a
slow or absent server can neither hold a web worker nor let the page claim a message was
sent. The task sends it; a passing failure (connection refused, 4xx) is tried again later, a
refusal (5xx) is final, and every try's outcome is on the row for editors to see.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import mail, ratelimit
from .forms import SignupForm
from .models import (
    SignupMail,
    SignupMailKind,
    SignupMailStatus,
    Subscriber,
    SubscriberStatus,
)

logger = logging.getLogger(__name__)

# Waits before the second, third... try; after the last one the mail is given up.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
UNSENT = (SignupMailStatus.QUEUED, SignupMailStatus.SENDING, SignupMailStatus.RETRYING)


def sign_up(form: SignupForm) -> None:
    """New, pending or former subscribers get a confirmation link; confirmed ones a reminder.

    A confirmed subscriber's preferences are never changed from here: anyone can type an
    address into the box, only the mailbox owner may change what it receives.
    """
    email = form.cleaned_data["email"]
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=email)
        if subscriber.status == SubscriberStatus.CONFIRMED:
            kind = SignupMailKind.REMINDER
        else:
            kind = SignupMailKind.CONFIRM
            subscriber.status = SubscriberStatus.PENDING
            subscriber.save(update_fields=["status"])
            form.apply_to(subscriber)
        if not ratelimit.allow_mail_to(email):
            logger.info("newsletter: sign-up mail limit reached for one address")
            return
        queued = SignupMail.objects.create(subscriber=subscriber, kind=kind)
        transaction.on_commit(partial(_queue, queued.pk), robust=True)


def _queue(mail_id: int) -> None:
    from .tasks import send_signup_mail

    send_signup_mail.enqueue(mail_id)


def _retry_later(mail_id: int, delay: timedelta) -> bool:
    """Queue the next try after `delay`; False when the task backend cannot wait."""
    from .tasks import send_signup_mail

    if not send_signup_mail.get_backend().supports_defer:
        return False
    send_signup_mail.using(run_after=timezone.now() + delay).enqueue(mail_id)
    return True


def _message(queued: SignupMail):
    if queued.kind == SignupMailKind.REMINDER:
        return mail.already_subscribed_message(queued.subscriber)
    return mail.confirmation_message(queued.subscriber)


def deliver(mail_id: int) -> str:
    """One try at sending a sign-up mail; returns its status afterwards."""
    claimed = SignupMail.objects.filter(pk=mail_id, status__in=UNSENT).update(
        status=SignupMailStatus.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=timezone.now(),
        next_attempt_at=None,
    )
    queued = SignupMail.objects.select_related("subscriber").filter(pk=mail_id).first()
    if not claimed or queued is None:
        return queued.status if queued else "gone"
    try:
        _message(queued).send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        return _failed(queued, exc, final=True)
    except smtplib.SMTPResponseException as exc:
        return _failed(queued, exc, final=exc.smtp_code >= 500)
    except (smtplib.SMTPException, OSError) as exc:
        return _failed(queued, exc, final=False)
    SignupMail.objects.filter(pk=mail_id).update(
        status=SignupMailStatus.SENT, sent_at=timezone.now(), error=""
    )
    return SignupMailStatus.SENT


def _failed(queued: SignupMail, error: Exception, final: bool) -> str:
    """Record the failure; schedule the next try unless it was final or the last one."""
    logger.warning(
        "newsletter: sign-up mail %s not sent (try %s): %s", queued.pk, queued.attempts, error
    )
    status, next_at = SignupMailStatus.FAILED, None
    if not final and queued.attempts <= len(RETRY_DELAYS):
        delay = RETRY_DELAYS[queued.attempts - 1]
        if _retry_later(queued.pk, delay):
            status, next_at = SignupMailStatus.RETRYING, timezone.now() + delay
    SignupMail.objects.filter(pk=queued.pk).update(
        status=status,
        next_attempt_at=next_at,
        error=f"{type(error).__name__}: {error}"[:300],
    )
    return status
