"""Audience models; each concept lives in its own module and is imported here for Django."""

from .feedback.models import Feedback  # noqa: F401
from .newsletter.models import Delivery, Digest, SignupMail, Subscriber  # noqa: F401
from .trending.models import ReadCount, TrendingList  # noqa: F401
