"""Retrying transient storage failures with exponential backoff."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from .errors import CancelledError, TransientStorageError
from .progress import CancelToken

log = logging.getLogger(__name__)

BACKOFF_START = 0.2
BACKOFF_MAX = 5.0

T = TypeVar("T")


def with_retries(
    action: Callable[[], T],
    retries: int,
    cancel: CancelToken | None = None,
    on_retry: Callable[[], None] | None = None,
) -> T:
    """Run ``action``; on a transient error wait (0.2 s, 0.4 s, ... at most 5 s) and retry.

    The wait ends early on cancel (raising ``CancelledError``); after ``retries`` retries
    the last transient error is raised.
    """
    cancel = cancel or CancelToken()
    attempt = 0
    while True:
        cancel.raise_if_cancelled()
        try:
            return action()
        except TransientStorageError as exc:
            if attempt >= retries:
                raise
            delay = min(BACKOFF_MAX, BACKOFF_START * 2**attempt)
            attempt += 1
            log.info("Retrying in %.1f s (attempt %d of %d): %s", delay, attempt, retries, exc)
            if on_retry is not None:
                on_retry()
            if cancel.wait(delay):
                raise CancelledError() from exc
