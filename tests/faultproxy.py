"""A fault-injecting HTTP/1.1 proxy between the engine and moto, for tests only.

Real networks reset connections mid-transfer, stall and throttle; moto never does. This
proxy sits on 127.0.0.1 in front of moto and, per request, either passes it through or
injects one fault:

- ``reset``: an upload (a request with a body) is cut half-way and both sides get a TCP
  RST; any other request is forwarded and its response is cut half-way (RST to the client).
- ``error``: answered with HTTP 503 and an S3 ``SlowDown`` error body, never forwarded
  (the request body is read first, so the keep-alive connection stays usable).
- ``stall``: the request is read and nothing is answered for ``stall_seconds`` (or until
  the proxy stops); then the connection is closed.

:meth:`FaultProxy.set_rate` throttles response bodies (a slow link) independently.

It parses just enough HTTP/1.1 (heads, Content-Length and chunked bodies) to find request
boundaries on keep-alive connections, so faults hit requests, not whole connections.

Which requests fail is decided by a hash of (seed, method, target, how often that request
was seen), never by thread timing: a given request fails on the same attempts every run,
and the number of faults depends only on the requests made. ``max_per_request`` caps how
often one request fails in a row, so a test with retries cannot fail by bad luck.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

LOOPBACK = "127.0.0.1"
PASS, RESET, ERROR, STALL = "pass", "reset", "error", "stall"
CHUNK = 64 * 1024
MAX_HEAD = 64 * 1024
RESET_GRACE = 0.05

RequestFilter = Callable[[str, str], bool]
"""(method, target) -> whether faults may hit this request."""


@dataclass(frozen=True)
class Faults:
    """What share of the eligible requests get which fault (the rest pass through)."""

    reset: float = 0.0
    error: float = 0.0
    stall: float = 0.0
    only: RequestFilter | None = None
    """Faults hit only requests this accepts (None: every request)."""
    max_per_request: int | None = None
    """A request (same method and target) fails at most this often; then it passes."""

    def __post_init__(self) -> None:
        shares = (self.reset, self.error, self.stall)
        if any(s < 0 for s in shares) or sum(shares) > 1.0 + 1e-9:
            raise ValueError(f"Fault shares must be >= 0 and add up to at most 1: {shares}")


class _Stream:
    """A socket with a read buffer: heads, lines and bounded reads without makefile()."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = bytearray()

    def _fill(self) -> bool:
        data = self.sock.recv(CHUNK)
        if data:
            self.buf += data
        return bool(data)

    def read_head(self) -> bytes | None:
        """Everything up to and including the blank line; None on a clean EOF before it."""
        while (end := self.buf.find(b"\r\n\r\n")) < 0:
            if len(self.buf) > MAX_HEAD:
                raise ConnectionError("HTTP head too large")
            if not self._fill():
                if self.buf:
                    raise ConnectionError("connection closed inside an HTTP head")
                return None
        head = bytes(self.buf[: end + 4])
        del self.buf[: end + 4]
        return head

    def read_line(self) -> bytes:
        while (end := self.buf.find(b"\r\n")) < 0:
            if not self._fill():
                raise ConnectionError("connection closed inside a chunked body")
        line = bytes(self.buf[: end + 2])
        del self.buf[: end + 2]
        return line

    def read_some(self, limit: int) -> bytes:
        """Up to ``limit`` bytes (at least one unless EOF)."""
        if not self.buf and not self._fill():
            return b""
        data = bytes(self.buf[:limit])
        del self.buf[:limit]
        return data


def _parse_head(head: bytes) -> tuple[str, dict[str, str]]:
    """The start line and the headers (lower-case names) of a request or response head."""
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    return lines[0], headers


def _body_framing(headers: dict[str, str]) -> str | int | None:
    """'chunked', a byte count, or None if the head says nothing about a body."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return "chunked"
    if "content-length" in headers:
        return int(headers["content-length"])
    return None


def _wants_close(headers: dict[str, str]) -> bool:
    return "close" in headers.get("connection", "").lower()


def _reset(sock: socket.socket | None) -> None:
    """Close with RST (SO_LINGER 0), as a crashed peer or a middlebox would."""
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


def _slow_down(method: str, close: bool) -> bytes:
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code>'
        b"<Message>Please reduce your request rate.</Message>"
        b"<RequestId>FAULTPROXY</RequestId></Error>"
    )
    head = (
        "HTTP/1.1 503 Slow Down\r\n"
        "Content-Type: application/xml\r\n"
        f"Content-Length: {len(body)}\r\n"
        "x-amz-request-id: FAULTPROXY\r\n"
        f"Connection: {'close' if close else 'keep-alive'}\r\n\r\n"
    ).encode()
    return head if method == "HEAD" else head + body


class FaultProxy:
    """Forwards 127.0.0.1:<port> to moto; switch faults at run time with :meth:`set_faults`.

    Use as a context manager: leaving it closes every connection and joins every thread
    within a few seconds, even while requests are stalled or throttled.
    """

    def __init__(
        self,
        upstream: tuple[str, int],
        *,
        seed: int = 0,
        stall_seconds: float = 30.0,
        faults: Faults | None = None,
    ) -> None:
        host, port = upstream
        if host not in (LOOPBACK, "localhost"):
            raise ValueError(f"FaultProxy only forwards to {LOOPBACK}, not to {host!r}.")
        self._upstream = (LOOPBACK, int(port))
        self._seed = seed
        self.stall_seconds = stall_seconds
        self._lock = threading.Lock()
        self._faults = faults or Faults()
        self._seen: Counter[str] = Counter()
        self._failed: Counter[str] = Counter()
        self._rate: float | None = None
        self.stats: Counter[str] = Counter()
        """How many requests got each action (pass, reset, error, stall) so far."""
        self._stopping = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((LOOPBACK, 0))
        self._listener.listen(128)
        self._listener.settimeout(0.1)
        self.host, self.port = LOOPBACK, self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept_loop, name="faultproxy", daemon=True)
        self._acceptor.start()

    # --- control -----------------------------------------------------------------------

    def set_faults(self, faults: Faults | None = None, **fields: Any) -> None:
        """Switch the faults for requests from now on: a :class:`Faults`, or its fields as
        keywords (none: pass-through).

        Counts of requests seen start again, so the same requests fail on each switch.
        """
        new = faults if faults is not None else Faults(**fields)
        with self._lock:
            self._faults = new
            self._seen.clear()
            self._failed.clear()

    def passthrough(self) -> None:
        self.set_faults(Faults())

    def set_rate(self, bytes_per_second: float | None) -> None:
        """Throttle response bodies to this rate (None: as fast as possible)."""
        with self._lock:
            self._rate = bytes_per_second

    def _decide(self, method: str, target: str) -> str:
        with self._lock:
            faults = self._faults
            action = PASS
            if faults.only is None or faults.only(method, target):
                key = f"{method} {target}"
                seen = self._seen[key]
                self._seen[key] += 1
                cap = faults.max_per_request
                if cap is None or self._failed[key] < cap:
                    digest = hashlib.blake2b(
                        f"{self._seed}|{key}|{seen}".encode(), digest_size=8
                    ).digest()
                    x = int.from_bytes(digest, "big") / 2**64
                    if x < faults.reset:
                        action = RESET
                    elif x < faults.reset + faults.error:
                        action = ERROR
                    elif x < faults.reset + faults.error + faults.stall:
                        action = STALL
                if action != PASS:
                    self._failed[key] += 1
            self.stats[action] += 1
            return action

    # --- lifecycle ---------------------------------------------------------------------

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self, timeout: float = 5.0) -> None:
        """Stop accepting, break every open connection, join all threads (bounded)."""
        self._stopping.set()
        deadline = time.monotonic() + timeout
        self._acceptor.join(max(0.0, deadline - time.monotonic()))
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            sockets = list(self._sockets)
            threads = list(self._threads)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()

    def _track(self, sock: socket.socket) -> socket.socket:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            self._sockets.add(sock)
        return sock

    def _untrack(self, *socks: socket.socket | None) -> None:
        with self._lock:
            for sock in socks:
                self._sockets.discard(sock)  # type: ignore[arg-type]

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            thread = threading.Thread(
                target=self._serve,
                args=(self._track(client),),
                name="faultproxy-conn",
                daemon=True,
            )
            with self._lock:
                self._threads = [t for t in self._threads if t.is_alive()]
                self._threads.append(thread)
            thread.start()

    # --- one client connection ---------------------------------------------------------

    def _serve(self, client_sock: socket.socket) -> None:
        client = _Stream(client_sock)
        upstream: _Stream | None = None
        try:
            while not self._stopping.is_set():
                head = client.read_head()
                if head is None:
                    return
                start, headers = _parse_head(head)
                method, target = [*start.split(" "), "", ""][:2]
                framing = _body_framing(headers) or 0
                action = self._decide(method, target)
                if action == ERROR:
                    self._copy_body(client, None, framing)
                    client_sock.sendall(_slow_down(method, _wants_close(headers)))
                    if _wants_close(headers):
                        return
                    continue
                if action == STALL:
                    self._copy_body(client, None, framing)
                    self._stopping.wait(self.stall_seconds)
                    return
                if upstream is None:
                    upstream_sock = socket.create_connection(self._upstream, timeout=10)
                    upstream_sock.settimeout(None)
                    upstream = _Stream(self._track(upstream_sock))
                upstream.sock.sendall(head)
                if action == RESET and framing:
                    half = framing // 2 if isinstance(framing, int) else 0
                    self._copy_body(client, upstream.sock, framing, limit=half)
                    _reset(upstream.sock)
                    _reset(client_sock)
                    return
                self._copy_body(client, upstream.sock, framing)
                if not self._forward_response(method, upstream, client_sock, action):
                    return
                if _wants_close(headers):
                    return
        except (OSError, ValueError, IndexError):  # broken or malformed: end the connection
            return
        finally:
            self._untrack(client_sock, upstream.sock if upstream else None)
            for sock in (client_sock, upstream.sock if upstream else None):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.close()

    def _forward_response(
        self, method: str, upstream: _Stream, client_sock: socket.socket, action: str
    ) -> bool:
        """Send the upstream's answer on; False if the connection must end afterwards."""
        head = upstream.read_head()
        if head is None:
            raise ConnectionError("upstream closed before answering")
        start, headers = _parse_head(head)
        status = int(start.split(" ")[1])
        framing: str | int | None
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            framing = 0
        else:
            framing = _body_framing(headers)
        if action == RESET:
            if isinstance(framing, int) and framing > 0:
                client_sock.sendall(head)
                self._copy_body(upstream, client_sock, framing, limit=framing // 2)
            else:
                client_sock.sendall(head[: len(head) // 2])
            # Let the client read what was sent: an RST that overtakes the data makes the
            # kernel drop it, and the reset would look like one before the answer.
            self._stopping.wait(RESET_GRACE)
            _reset(client_sock)
            return False
        client_sock.sendall(head)
        if framing is None:  # the body ends when the upstream closes
            self._copy_until_eof(upstream, client_sock)
            return False
        self._copy_body(upstream, client_sock, framing, throttle=True)
        return not _wants_close(headers)

    def _send(self, dst: socket.socket | None, data: bytes, throttle: bool) -> None:
        if dst is None:
            return
        dst.sendall(data)
        rate = self._rate if throttle else None
        if rate and self._stopping.wait(len(data) / rate):
            raise ConnectionError("proxy stopping")

    def _copy_body(
        self,
        src: _Stream,
        dst: socket.socket | None,
        framing: str | int,
        *,
        limit: int | None = None,
        throttle: bool = False,
    ) -> None:
        """Copy one body, framing and all, to ``dst`` (None: read and drop it); stop after
        ``limit`` bytes of it. ``throttle`` applies the rate set by :meth:`set_rate`."""
        if framing == "chunked":
            sent = 0
            while True:
                line = src.read_line()
                if limit is not None and sent + len(line) > limit:
                    return
                self._send(dst, line, throttle)
                sent += len(line)
                size = int(line.split(b";")[0].strip(), 16)
                if size == 0:
                    while (trailer := src.read_line()) != b"\r\n":
                        self._send(dst, trailer, False)
                    self._send(dst, b"\r\n", False)
                    return
                self._copy_body(src, dst, size + 2, throttle=throttle)
                sent += size + 2
        assert isinstance(framing, int)
        remaining = framing if limit is None else min(framing, limit)
        while remaining > 0:
            rate = self._rate if throttle else None
            step = max(1024, min(CHUNK, int(rate / 20))) if rate else CHUNK
            data = src.read_some(min(step, remaining))
            if not data:
                raise ConnectionError("connection closed inside a body")
            self._send(dst, data, throttle)
            remaining -= len(data)

    def _copy_until_eof(self, src: _Stream, dst: socket.socket) -> None:
        while data := src.read_some(CHUNK):
            dst.sendall(data)
