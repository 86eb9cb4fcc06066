"""Background tasks of the newsletter, queued by the scheduler (digests) and by sign-ups (mail)."""

from __future__ import annotations

from django_tasks import task

from . import sending, signup


@task()
def send_due_digests(workers: int = 1) -> list[dict]:
    """Send whichever daily and weekly digests are due; a rerun sends nobody a second copy.

    `workers` > 1 sends over that many SMTP connections at once (for large lists).
    """
    return sending.send_due_digests(workers=workers)


@task()
def send_signup_mail(mail_id: int) -> str:
    """Send one sign-up mail (a confirmation link or a reminder); a failed try is retried later.

    Returns the mail's status after this try.
    """
    return signup.deliver(mail_id)
