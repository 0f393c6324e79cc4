"""Errors the FNSP client raises. Messages name the endpoint and never carry the API key."""

from __future__ import annotations


class FnspApiError(RuntimeError):
    """The API answered something the client cannot use."""

    def __init__(self, message: str, *, endpoint: str, status: int | None = None):
        super().__init__(message)
        self.endpoint = endpoint
        self.status = status


class AuthenticationError(FnspApiError):
    """401: the key is missing or wrong. Retrying cannot help."""


class NotFoundError(FnspApiError):
    """404: e.g. a foretak that does not offer a procedure."""


class TransientError(FnspApiError):
    """429, 5xx, timeouts and connection errors: worth retrying within bounds."""

    def __init__(self, message: str, *, endpoint: str, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message, endpoint=endpoint, status=status)
        self.retry_after = retry_after


class RetriesExhaustedError(FnspApiError):
    """A transient error that outlived the retry budget."""
