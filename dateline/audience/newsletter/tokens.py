"""Signed links in newsletter mail: who a link is for, and whether it may still be used.

Confirmation links expire (an old sign-up should not be confirmable weeks later); unsubscribe
links never do, because a reader must be able to leave from any digest they ever received.
Each token carries the address as well as the id, so a link cannot outlive a deleted row
and be applied to whoever gets the id next.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

from .models import Subscriber

CONFIRM_MAX_AGE = timedelta(days=3)
MANAGE_MAX_AGE = timedelta(days=30)
MAX_TOKEN_LENGTH = 400

_CONFIRM_SALT = "dateline.newsletter.confirm"
_MANAGE_SALT = "dateline.newsletter.manage"
_UNSUBSCRIBE_SALT = "dateline.newsletter.unsubscribe"


class InvalidToken(Exception):
    """The link was altered, has expired, or names a subscriber who no longer exists."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _claims(subscriber: Subscriber) -> dict:
    return {"s": subscriber.pk, "e": subscriber.email}


def confirm_token(subscriber: Subscriber) -> str:
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign_object(_claims(subscriber))


def manage_token(subscriber: Subscriber) -> str:
    return signing.TimestampSigner(salt=_MANAGE_SALT).sign_object(_claims(subscriber))


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign_object(_claims(subscriber))


def _subscriber(claims: object) -> Subscriber:
    if not isinstance(claims, dict):
        raise InvalidToken
    subscriber = Subscriber.objects.filter(pk=claims.get("s"), email=claims.get("e")).first()
    if subscriber is None:
        raise InvalidToken
    return subscriber


def _read(signer: signing.Signer, token: str, **kwargs) -> Subscriber:
    if len(token) > MAX_TOKEN_LENGTH:
        raise InvalidToken
    try:
        return _subscriber(signer.unsign_object(token, **kwargs))
    except signing.SignatureExpired as exc:
        raise InvalidToken(expired=True) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidToken from exc


def subscriber_to_confirm(token: str) -> Subscriber:
    signer = signing.TimestampSigner(salt=_CONFIRM_SALT)
    return _read(signer, token, max_age=CONFIRM_MAX_AGE)


def subscriber_to_manage(token: str) -> Subscriber:
    signer = signing.TimestampSigner(salt=_MANAGE_SALT)
    return _read(signer, token, max_age=MANAGE_MAX_AGE)


def subscriber_to_unsubscribe(token: str) -> Subscriber:
    return _read(signing.Signer(salt=_UNSUBSCRIBE_SALT), token)
