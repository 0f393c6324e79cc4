"""Retry policy for transient API trouble: exponential backoff with jitter, honouring
`Retry-After`, bounded in attempts and in total time (tenacity does the bookkeeping)."""

from __future__ import annotations

from dataclasses import dataclass

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)
from tenacity.wait import wait_base

from fnsp_pipeline.api.errors import TransientError
from fnsp_pipeline.settings import DEFAULTS


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = DEFAULTS.max_attempts
    max_total_seconds: float = DEFAULTS.max_retry_seconds
    initial_backoff: float = 0.5
    max_backoff: float = 30.0


class _WaitRetryAfterOrBackoff(wait_base):
    """The server's `Retry-After` when it sent one, else exponential backoff with jitter."""

    def __init__(self, policy: RetryPolicy):
        self._policy = policy
        self._backoff = wait_exponential_jitter(
            multiplier=policy.initial_backoff, max=policy.max_backoff, jitter=policy.initial_backoff
        )

    def __call__(self, retry_state: RetryCallState) -> float:
        error = retry_state.outcome.exception() if retry_state.outcome else None
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            return min(float(retry_after), self._policy.max_backoff)
        return self._backoff(retry_state)


def retrying(policy: RetryPolicy, on_retry) -> AsyncRetrying:
    """An AsyncRetrying for one request; `on_retry(state)` is called before each sleep."""
    return AsyncRetrying(
        retry=retry_if_exception_type(TransientError),
        wait=_WaitRetryAfterOrBackoff(policy),
        stop=stop_after_attempt(policy.max_attempts) | stop_after_delay(policy.max_total_seconds),
        before_sleep=on_retry,
        reraise=True,
    )
