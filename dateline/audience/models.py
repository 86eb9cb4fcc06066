"""Audience models; each concept lives in its own module and is imported here for Django."""

from .newsletter.models import Delivery, Digest, Subscriber  # noqa: F401
