"""What a sign-up does: the same outward answer for every address, different mail behind it."""

from __future__ import annotations

import logging
import smtplib

from django.db import transaction

from . import mail, ratelimit
from .forms import SignupForm
from .models import Subscriber, SubscriberStatus

logger = logging.getLogger(__name__)


def sign_up(form: SignupForm) -> None:
    """New, pending or former subscribers get a confirmation link; confirmed ones a reminder.

    A confirmed subscriber's preferences are never changed from here: anyone can type an
    address into the box, only the mailbox owner may change what it receives.
    """
    email = form.cleaned_data["email"]
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=email)
        if subscriber.status == SubscriberStatus.CONFIRMED:
            message = mail.already_subscribed_message(subscriber)
        else:
            subscriber.status = SubscriberStatus.PENDING
            subscriber.save(update_fields=["status"])
            form.apply_to(subscriber)
            message = mail.confirmation_message(subscriber)
    if not ratelimit.allow_mail_to(email):
        logger.info("newsletter: sign-up mail limit reached for one address")
        return
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError):
        logger.exception("newsletter: could not send the sign-up mail")
