"""Counting failures (wrong push tokens, wrong passwords) per client or account in the cache.

A fixed window per key: the first failure opens it, and once `limit` failures fall inside
it the key is refused until the window closes. Keys are an HMAC of the client's address or
the username under the secret key, so the cache never holds an address in clear.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


@dataclass(frozen=True)
class FailureThrottle:
    """Failures of one kind (`name`), at most `limit` per key in `window` seconds; both
    can be overridden by the settings named `<setting>_LIMIT` and `<setting>_WINDOW_SECONDS`."""

    name: str
    setting: str
    limit: int
    window: int

    @property
    def max_failures(self) -> int:
        return int(getattr(settings, f"{self.setting}_LIMIT", self.limit))

    @property
    def window_seconds(self) -> int:
        return int(getattr(settings, f"{self.setting}_WINDOW_SECONDS", self.window))

    def _key(self, who: str) -> str:
        digest = salted_hmac(f"dateline.throttle.{self.name}", who).hexdigest()
        return f"throttle:{self.name}:{digest}"

    def blocked(self, *who: str) -> bool:
        """Whether any of these keys has used up its failures."""
        counts = cache.get_many([self._key(w) for w in who])
        return any(count >= self.max_failures for count in counts.values())

    def failed(self, *who: str) -> None:
        """Count one failure against each key."""
        for key in (self._key(w) for w in who):
            if cache.add(key, 1, timeout=self.window_seconds):
                continue
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=self.window_seconds)

    def forget(self, *who: str) -> None:
        cache.delete_many([self._key(w) for w in who])
