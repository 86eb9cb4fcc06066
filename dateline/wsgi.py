"""WSGI entry point for gunicorn: Django, with the read beacon answered in front of it."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")

from dateline.audience.trending.wsgi import application  # noqa: E402

__all__ = ["application"]
