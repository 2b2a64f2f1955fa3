"""Requests still waiting for the storage server, so a person can be told what is going on.

A server that accepts connections and then says nothing looks, from the outside, exactly
like a slow one: the command line and the window would show a frozen progress line until
the timeout. Stores mark every request (and every wait for more of a body) with
:meth:`WaitWatch.waiting`; the user interfaces poll :meth:`WaitWatch.longest` about twice a
second and say "waiting for the server..." once a request has had no answer for a few
seconds. Marking costs two dictionary operations under a lock: nothing next to a request.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

WORTH_SAYING = 5.0
"""Seconds without an answer after which a user interface says that it is waiting."""


@dataclass(frozen=True)
class Wait:
    seconds: float
    """How long the longest-waiting request has had no answer."""
    what: str
    """What it is doing, in words ("listing 'data/'", "uploading 'a.txt'")."""


class WaitWatch:
    """The requests under way in this process (from any thread) and since when."""

    RETRY_WINDOW = 30.0
    """A request for the same thing that starts within this many seconds after one failed
    is taken for its retry: the time the failed tries waited counts on (the pauses between
    them do not), so short timeouts with retries still add up to a wait worth saying."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._numbers = itertools.count()
        self._active: dict[int, tuple[float, str]] = {}
        self._failed: dict[str, tuple[float, float]] = {}  # what -> (waited, failed at)

    @contextmanager
    def waiting(self, what: str) -> Iterator[None]:
        """Marks a request (or a read of its answer) as waiting on the server."""
        number = next(self._numbers)
        now = time.monotonic()
        with self._lock:
            waited, failed_at = self._failed.pop(what, (0.0, 0.0))
            since = now - waited if now - failed_at <= self.RETRY_WINDOW else now
            self._active[number] = (since, what)
        try:
            yield
        except BaseException:
            ended = time.monotonic()
            with self._lock:
                self._failed[what] = (ended - since, ended)
                if len(self._failed) > 1000:  # forget old failures
                    cutoff = ended - self.RETRY_WINDOW
                    self._failed = {k: v for k, v in self._failed.items() if v[1] > cutoff}
            raise
        finally:
            with self._lock:
                del self._active[number]

    def longest(self) -> Wait | None:
        """The request that has waited longest, or None when nothing is waiting."""
        with self._lock:
            if not self._active:
                return None
            since, what = min(self._active.values())
        return Wait(time.monotonic() - since, what)


server_waits = WaitWatch()
"""The one watch of this process: stores mark their requests here."""
