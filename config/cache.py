"""The page cache on Redis, failing soft: the cache is never on a write's critical path.

Everything in the cache can be rebuilt (cached page parts and the data versions that key
them), so when Redis cannot be reached every operation answers as a miss (reads) or does
nothing (writes), the request goes on and pages are built uncached. The outage is logged
once, and once more when Redis answers again; in between, Redis is left alone for
`RETRY_AFTER` seconds after each failure, so requests do not each wait for a timeout.

No stale page afterwards: while Redis was down the data versions could not be moved, so a
part cached before the outage would still match its key after it. A process that dropped a
write therefore moves every version (`config.data_version.everything_changed`) the first
time Redis answers again, before it reads anything from it. While the cache is down, a data
version reads as a fresh random token (nothing stored can match it).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)
SOCKET_TIMEOUT = 0.5
RETRY_AFTER = 2.0


class ResilientRedisCache(RedisCache):
    """Django's RedisCache with short timeouts, answering as an empty cache while Redis is
    unreachable. OPTIONS: `retry_after` (seconds, default 2) besides redis-py's own
    connection options (`socket_timeout`, `socket_connect_timeout`, default 0.5 s)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after = float(options.pop("retry_after", RETRY_AFTER))
        options.setdefault("socket_timeout", SOCKET_TIMEOUT)
        options.setdefault("socket_connect_timeout", SOCKET_TIMEOUT)
        super().__init__(server, {**params, "OPTIONS": options})
        self._lock = threading.Lock()
        self._down_until = 0.0  # monotonic time before which Redis is not tried
        self._down = False
        self._dirty = False  # a write was dropped: versions must move on recovery
        self.failures = 0  # how many operations met an unreachable Redis (for tests, logs)

    @property
    def is_down(self) -> bool:
        return self._down

    # --- the guard ---------------------------------------------------------------------

    def _call(self, operation, *args, fallback=None, writes=False, **kwargs):
        if self._down:
            if time.monotonic() < self._down_until or not self._answers():
                if writes:
                    self._dirty = True
                return fallback
            self._recovered()  # before anything is read from it
        try:
            return operation(*args, **kwargs)
        except FAILURES as exc:
            self._failed(exc, writes=writes)
            return fallback

    def _answers(self) -> bool:
        try:
            self._cache.get_client(write=True).ping()
        except FAILURES as exc:
            self._failed(exc, writes=False)
            return False
        return True

    def _failed(self, exc: Exception, *, writes: bool) -> None:
        with self._lock:
            self.failures += 1
            self._down_until = time.monotonic() + self.retry_after
            if writes:
                self._dirty = True
            if not self._down:
                self._down = True
                self._dirty = True  # writes may have been lost mid-flight
                log.error("The cache (Redis) cannot be reached; pages are built uncached: %s", exc)

    def _recovered(self) -> None:
        with self._lock:
            if not self._down:
                return
            self._down = False
            dirty, self._dirty = self._dirty, False
        log.warning("The cache (Redis) answers again")
        if dirty:
            from config.data_version import everything_changed

            everything_changed()

    # --- the cache API ---------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, key, value, timeout, version, fallback=False, writes=True)

    def get(self, key, default=None, version=None):
        return self._call(super().get, key, default, version, fallback=default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(super().set, key, value, timeout, version, writes=True)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, key, timeout, version, fallback=False, writes=True)

    def delete(self, key, version=None):
        return self._call(super().delete, key, version, fallback=False, writes=True)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, keys, version, fallback={})

    def has_key(self, key, version=None):
        return self._call(super().has_key, key, version, fallback=False)

    def incr(self, key, delta=1, version=None):
        result = self._call(super().incr, key, delta, version, writes=True)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, data, timeout, version, fallback=[], writes=True)

    def delete_many(self, keys, version=None):
        self._call(super().delete_many, keys, version, writes=True)

    def clear(self):
        return self._call(super().clear, fallback=False, writes=True)
