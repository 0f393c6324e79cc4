"""Client-side pacing: a rate limit that listens to the server.

Requests go out at most at the configured rate (a leaky bucket, aiolimiter). A 429 pauses
every worker for the server's `Retry-After` and halves the rate; each run of successes
creeps it back up to the configured rate (AIMD, as TCP does), so a server that allows less
than we were told does not make requests exhaust their retries.
"""

from __future__ import annotations

import asyncio
import time

from aiolimiter import AsyncLimiter

MIN_RATE = 1.0  # requests per second
RECOVER_EVERY = 20  # successes per step back up
RECOVER_STEP = 0.05  # of the configured rate


def leaky_bucket(rate: float) -> AsyncLimiter:
    """A burst of ~20 ms worth of requests: enough to absorb event-loop wake-up lag at high
    rates, too small to trip the server's own limiter."""
    burst = max(1, round(rate / 50))
    return AsyncLimiter(burst, burst / rate)


class Pacer:
    def __init__(self, rate: float | None):
        self.configured = rate
        self.rate = rate
        self.reductions = 0
        self._limiter = leaky_bucket(rate) if rate else None
        self._paused_until = 0.0
        self._successes = 0

    async def wait_for_turn(self) -> None:
        pause = self._paused_until - time.monotonic()
        if pause > 0:
            await asyncio.sleep(pause)
        if self._limiter:
            await self._limiter.acquire()

    def on_rate_limited(self, retry_after: float | None) -> None:
        now = time.monotonic()
        already_paused = now < self._paused_until
        if retry_after:
            self._paused_until = max(self._paused_until, now + retry_after)
        if self.rate and not already_paused:  # one cut per pause, not one per worker
            self._set_rate(max(MIN_RATE, self.rate / 2))
            self.reductions += 1

    def on_success(self) -> None:
        self._successes += 1
        if self.rate and self.rate < self.configured and self._successes % RECOVER_EVERY == 0:
            self._set_rate(min(self.configured, self.rate + self.configured * RECOVER_STEP))

    def _set_rate(self, rate: float) -> None:
        self.rate = rate
        self._limiter = leaky_bucket(rate)
