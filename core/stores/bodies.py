"""Request and response bodies for the libcloud store: uploads read in pieces (progress,
cancel, and an md5 of what was really sent), downloads read in pieces (errors translated),
each wait for the server marked in :data:`~bucketferry.core.waiting.server_waits`."""

from __future__ import annotations

import contextlib
import hashlib
import io
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import requests
import requests.adapters

from ..errors import (
    IntegrityError,
)
from ..progress import CancelToken
from ..waiting import server_waits
from .base import BytesCallback, ObjectReader

NETWORK_CHUNK = 64 * 1024
"""Bodies are sent and received in 64 KiB pieces: cancel and progress act between pieces,
so even a slow link (200 KB/s) stops within about a second."""


class ServerWait:
    """The current wait on the server for one request, marked in ``server_waits``.

    It can be started again: an upload's wait begins anew with each piece of the body
    handed to the network, so an upload that moves never looks like waiting, while one
    whose server stops reading (or stops answering after the body) does.
    """

    def __init__(self, what: str) -> None:
        self.what = what
        self._mark: contextlib.AbstractContextManager[None] | None = None
        self._since = time.monotonic()
        self._lasted = 0.0

    def start(self) -> None:
        self.stop()
        self._since = time.monotonic()
        self._mark = server_waits.waiting(self.what)
        self._mark.__enter__()

    def stop(self) -> None:
        mark, self._mark = self._mark, None
        if mark is not None:
            self._lasted = time.monotonic() - self._since
            mark.__exit__(None, None, None)

    @property
    def seconds(self) -> float:
        """How long the current wait has lasted (or the last one, once stopped)."""
        return time.monotonic() - self._since if self._mark is not None else self._lasted


class ProgressReader:
    """A file wrapper for request bodies: reports bytes, stops on cancel, marks waits.

    With ``expect_md5`` the bytes are hashed as they are read, and the last piece is
    handed over only if they match: a file that changed while it was read would be
    stored with its new content under the old md5 (the checksum that plans compare), and
    S3-compatible servers that do not check Content-MD5 would keep it. Raising before
    the last piece leaves the body short, so the server stores nothing.
    """

    def __init__(
        self,
        handle: Any,
        size: int,
        on_bytes: BytesCallback,
        cancel: CancelToken,
        wait: ServerWait,
        *,
        expect_md5: str | None = None,
    ):
        self._handle = handle
        self._size = size
        self._on_bytes = on_bytes
        self._cancel = cancel
        self._wait = wait
        self._sent = 0
        self._digest = hashlib.md5() if expect_md5 is not None else None
        self._expect = expect_md5

    def __len__(self) -> int:
        return self._size

    # libcloud treats bodies with __next__ as streams: sent unsigned, never read twice.
    def __iter__(self) -> ProgressReader:
        return self

    def __next__(self) -> bytes:
        chunk = self.read(NETWORK_CHUNK)
        if not chunk:
            raise StopIteration
        return chunk

    def read(self, amount: int = -1) -> bytes:
        self._wait.stop()  # asked for more: the network took the last piece
        if self._sent >= self._size:
            # Everything is sent: the object will exist, so the file must count as synced.
            # Let go of the source: libcloud keeps the last request (and so this reader)
            # alive until the connection's next request, which would pin a part's buffer.
            self._handle = io.BytesIO()
            self._wait.start()  # now for the answer
            return b""
        self._cancel.raise_if_cancelled()
        if amount is None or amount < 0 or amount > NETWORK_CHUNK:
            amount = NETWORK_CHUNK
        chunk: bytes = self._handle.read(min(amount, self._size - self._sent))
        if not chunk:  # the file is shorter than when it was measured
            raise self._changed()
        self._sent += len(chunk)
        if self._digest is not None:
            self._digest.update(chunk)
            if self._sent >= self._size and self._digest.hexdigest() != self._expect:
                raise self._changed()
        self._on_bytes(len(chunk))
        self._wait.start()
        return chunk

    def _changed(self) -> IntegrityError:
        return IntegrityError(
            "The file changed while it was being uploaded; nothing was stored. "
            "Try again when it is no longer being written."
        )


class OrderedDigest:
    """The md5 of a multipart upload's parts in file order, fed by workers in any order.

    A part's bytes wait here (they are in memory anyway while the part is sent) until the
    parts before it are hashed; workers take parts in order and reading a part is far
    quicker than sending one, so only a few ever wait.
    """

    def __init__(self) -> None:
        self._md5 = hashlib.md5()
        self._next = 1
        self._waiting: dict[int, bytes] = {}
        self._lock = threading.Lock()

    def add(self, number: int, data: bytes) -> None:
        with self._lock:
            self._waiting[number] = data
            while self._next in self._waiting:
                self._md5.update(self._waiting.pop(self._next))
                self._next += 1

    def hexdigest(self) -> str:
        with self._lock:
            return self._md5.hexdigest()


class ResponseReader(ObjectReader):
    """A streaming GET. Errors while reading the body (a reset half-way, a stall past the
    timeout) become our errors too, so a broken download is retried like any request;
    each wait for more of the body is marked as waiting on the server."""

    def __init__(
        self,
        response: Any,
        vendor_prefix: str,
        answering: Callable[[], contextlib.AbstractContextManager[Any]],
    ):
        self._response = response
        self._answering = answering
        prefix = f"{vendor_prefix}-meta-"
        self.meta_data = {
            k.lower()[len(prefix) :]: v
            for k, v in response.headers.items()
            if k.lower().startswith(prefix)
        }

    def __iter__(self) -> Iterator[bytes]:
        chunks = self._response.iter_content(NETWORK_CHUNK)
        while True:
            with self._answering():
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        proxy = getattr(self._response, "response", None)  # libcloud's HttpLibResponseProxy
        inner = getattr(proxy, "_response", None)  # the requests.Response it wraps
        if inner is not None:
            with contextlib.suppress(Exception):
                inner.close()


class TimeoutAdapter(requests.adapters.HTTPAdapter):
    """Applies the configured timeouts to every request: libcloud's streaming (raw) path
    sends without one, so a server that stops answering would hang a transfer forever,
    and its other path uses one value for connecting and for waiting."""

    def __init__(self, connect: float, read: float) -> None:
        super().__init__()
        self._timeouts = (connect, read)

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs["timeout"] = self._timeouts
        return super().send(request, *args, **kwargs)
