"""A token bucket per client address: enough for a person asking, not for a flood.

Each worker keeps its own buckets (a client spread over two workers gets up to twice the rate,
which is still a limit). A refused request is a 429 with ``Retry-After``.
"""
from __future__ import annotations

import threading
import time

MAX_CLIENTS = 10_000   # buckets kept; the oldest are dropped beyond this


class RateLimiter:
    def __init__(self, per_minute: float, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}   # client → (tokens, last refill)
        self._lock = threading.Lock()

    def wait_needed(self, client: str) -> float:
        """0 when ``client`` may go ahead now (and a token is taken); else the seconds to wait."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.pop(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._buckets[client] = (tokens - 1 if wait == 0 else tokens, now)
            if len(self._buckets) > MAX_CLIENTS:
                del self._buckets[next(iter(self._buckets))]
        return wait
