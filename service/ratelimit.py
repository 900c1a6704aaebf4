"""Limits on asking, per client: enough for a person asking, not for a flood.

The counting is the ``limits`` library's (the engine under Flask-Limiter), with a moving window
per minute and a shorter one that bounds bursts. The counts live in each worker's memory, or in
Redis when ``REDIS_URL`` is set, so that every worker and every instance counts a client once. A
refused request is a 429 with ``Retry-After``. When Redis cannot be reached, questions are let
through (and the fault logged): a limit must never be why a person gets no answer.
"""
from __future__ import annotations

import logging
import time

from limits import RateLimitItem, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger("qa.ratelimit")
NAMESPACE = "asks"


class RateLimiter:
    def __init__(self, per_minute: float, burst: int, storage_uri: str = "memory://") -> None:
        self.items: list[RateLimitItem] = []
        if per_minute > 0:
            # ``burst`` questions at once at most, then the minute's rate: a burst of 30 at 120 a
            # minute is 30 per 15 seconds.
            self.items = [RateLimitItemPerMinute(max(1, round(per_minute))),
                          RateLimitItemPerSecond(max(1, burst), max(1, round(max(1, burst) * 60 / per_minute)))]
        # (a Redis that does not answer costs a question half a second, not a hung worker)
        options = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5} if storage_uri.startswith("redis") else {}
        self.strategy = MovingWindowRateLimiter(storage_from_string(storage_uri, **options))
        self.failing = False

    def wait_needed(self, client: str) -> float:
        """0 when ``client`` may go ahead now (and the question is counted); else the seconds to wait."""
        try:
            refused = [item for item in self.items if not self.strategy.test(item, NAMESPACE, client)]
            if not refused:
                for item in self.items:
                    self.strategy.hit(item, NAMESPACE, client)
                self.failing = False
                return 0.0
            reset = max(self.strategy.get_window_stats(item, NAMESPACE, client).reset_time for item in refused)
        except Exception as error:   # the storage's own errors (redis.ConnectionError, timeouts)
            if not self.failing:
                log.error("rate limit storage unavailable, questions are not limited: %s", error)
            self.failing = True
            return 0.0
        return max(1.0, reset - time.time())
