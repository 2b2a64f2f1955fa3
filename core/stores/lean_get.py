"""Downloads on a lean HTTP path: libcloud's signing, Python's http.client.

Pulling many small files is bound by per-request overhead. Through libcloud, every GET
passes requests' session machinery and urllib3's pool (hooks, adapters, cookie and proxy
merging): measured as most of the client's CPU per file. Here the request is signed as
libcloud signs it (the store says how: SigV4 for S3, the shared key for Azure) and sent on
one plain keep-alive connection per thread. Used without a proxy only; everything else
keeps the libcloud path.

Connecting waits at most ``connect_timeout`` (never more than ``timeout``); every later
wait on the socket (the answer, each piece of the body) at most ``timeout``. The store
marks each of those waits as waiting on the server, through the ``answering`` context it
hands the reader.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import ssl
import threading
from collections.abc import Callable, Iterator
from typing import Any

import certifi

from ..config import RemoteStorageConfig
from .base import ObjectReader
from .links import host_header

READ_AT_MOST = 1024 * 1024

Answering = Callable[[], contextlib.AbstractContextManager[Any]]
"""Makes the context one wait on the server runs in: marked as waiting, errors translated."""


Signing = Callable[[str, dict[str, str]], tuple[str, dict[str, str]]]
"""(path, headers) -> the path to send and the headers with the signature."""


class ConnectTimedOut(TimeoutError):
    """Opening the connection took longer than the connect timeout (not: no answer)."""


def connect_timeout(conf: RemoteStorageConfig) -> float:
    """How long opening a connection may take: never longer than any other wait, so a
    short ``timeout`` (``--timeout 5``) bounds everything."""
    return min(conf.connect_timeout, conf.timeout)


def _tls_context() -> ssl.SSLContext:
    """The CA bundle requests would use: REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE, else certifi."""
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    return ssl.create_default_context(cafile=bundle or certifi.where())


class _Reader(ObjectReader):
    def __init__(
        self,
        response: http.client.HTTPResponse,
        connection: http.client.HTTPConnection,
        answering: Answering,
        vendor: str,
    ) -> None:
        self._response = response
        self._connection = connection
        self._answering = answering
        prefix = f"{vendor}-meta-"
        self.meta_data = {
            key.lower()[len(prefix) :]: value
            for key, value in response.getheaders()
            if key.lower().startswith(prefix)
        }

    def __iter__(self) -> Iterator[bytes]:
        while True:
            # read1: whatever has arrived, up to 1 MiB, without waiting for all of it, so
            # a fast link moves big pieces and a slow one still lets cancel act quickly.
            with self._answering():
                chunk = self._response.read1(READ_AT_MOST)
            if not chunk:
                return
            yield chunk

    def close(self) -> None:
        if not self._response.isclosed():
            # Body not read to the end: the connection carries leftovers, so drop it.
            self._connection.close()
        self._response.close()


class LeanGetter:
    """One http.client connection per thread to the endpoint."""

    def __init__(self, conf: RemoteStorageConfig, host: str, port: int, secure: bool) -> None:
        self.conf = conf
        self.host = host
        self.port = port
        self.secure = secure
        self._local = threading.local()
        self._context = _tls_context() if secure else None
        self.host_header = host_header(host, port, secure)

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            timeout = connect_timeout(self.conf)
            if self.secure:
                connection = http.client.HTTPSConnection(
                    self.host, self.port, timeout=timeout, context=self._context
                )
            else:
                connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
            self._local.connection = connection
        return connection

    def _connected(self) -> http.client.HTTPConnection:
        """This thread's connection, open: connected here (not by http.client on its own)
        so that connecting gets the connect timeout and every later wait the read one."""
        connection = self._connection()
        if connection.sock is None:
            try:
                connection.connect()
            except TimeoutError as exc:
                connection.close()
                raise ConnectTimedOut(f"connecting to {self.host_header} timed out") from exc
            if connection.sock is not None:
                connection.sock.settimeout(self.conf.timeout)
        return connection

    def get(self, path: str, sign: Signing, user_agent: str) -> http.client.HTTPResponse:
        """Send a GET of ``path``, signed by ``sign``; the caller checks the status and
        reads the body."""
        headers = {
            "Host": self.host_header,
            "User-Agent": user_agent,
            "Accept-Encoding": "identity",
        }
        path, headers = sign(path, headers)
        connection = self._connected()
        try:
            connection.request("GET", path, headers=headers)
            return connection.getresponse()
        except BaseException:
            connection.close()  # never reuse a connection in an unknown state
            raise

    def reader(
        self, response: http.client.HTTPResponse, answering: Answering, vendor: str
    ) -> ObjectReader:
        return _Reader(response, self._connection(), answering, vendor)

    def discard(self, response: http.client.HTTPResponse) -> None:
        """Read and drop an error answer so the connection can serve the next request."""
        try:
            response.read()
        finally:
            response.close()
