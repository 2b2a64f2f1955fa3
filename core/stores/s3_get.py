"""Downloads from S3 on a lean HTTP path: libcloud's SigV4 signer, Python's http.client.

Pulling many small files is bound by per-request overhead. Through libcloud, every GET
passes requests' session machinery and urllib3's pool (hooks, adapters, cookie and proxy
merging): measured as most of the client's CPU per file. Here the request is signed by the
same libcloud signer and sent on one plain keep-alive connection per thread. Used only for
S3 without a proxy; everything else keeps the libcloud path.
"""

from __future__ import annotations

import http.client
import os
import ssl
import threading
from collections.abc import Iterator
from typing import Any

import certifi

from ..config import RemoteStorageConfig
from ..errors import BucketFerryError
from .base import ObjectReader

READ_AT_MOST = 1024 * 1024


def _tls_context() -> ssl.SSLContext:
    """The CA bundle requests would use: REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE, else certifi."""
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    return ssl.create_default_context(cafile=bundle or certifi.where())


class _Reader(ObjectReader):
    def __init__(
        self,
        response: http.client.HTTPResponse,
        connection: http.client.HTTPConnection,
        translate: Any,
        vendor: str,
    ) -> None:
        self._response = response
        self._connection = connection
        self._translate = translate
        prefix = f"{vendor}-meta-"
        self.meta_data = {
            key.lower()[len(prefix) :]: value
            for key, value in response.getheaders()
            if key.lower().startswith(prefix)
        }

    def __iter__(self) -> Iterator[bytes]:
        try:
            # read1: whatever has arrived, up to 1 MiB, without waiting for all of it, so
            # a fast link moves big pieces and a slow one still lets cancel act quickly.
            while chunk := self._response.read1(READ_AT_MOST):
                yield chunk
        except BucketFerryError:
            raise
        except Exception as exc:
            raise self._translate(exc) from exc

    def close(self) -> None:
        if not self._response.isclosed():
            # Body not read to the end: the connection carries leftovers, so drop it.
            self._connection.close()
        self._response.close()


class LeanGetter:
    """One http.client connection per thread to the S3 endpoint; signs with ``signer``."""

    def __init__(self, conf: RemoteStorageConfig, host: str, port: int, secure: bool) -> None:
        self.conf = conf
        self.host = host
        self.port = port
        self.secure = secure
        self._local = threading.local()
        self._context = _tls_context() if secure else None
        default_port = 443 if secure else 80
        self.host_header = host if port == default_port else f"{host}:{port}"

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            if self.secure:
                connection = http.client.HTTPSConnection(
                    self.host, self.port, timeout=self.conf.timeout, context=self._context
                )
            else:
                connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.conf.timeout
                )
            self._local.connection = connection
        return connection

    def get(self, path: str, signer: Any, user_agent: str) -> http.client.HTTPResponse:
        """Send a signed GET; the caller checks the status and reads the body."""
        headers = {
            "Host": self.host_header,
            "User-Agent": user_agent,
            "Accept-Encoding": "identity",
        }
        _, headers = signer.get_request_headers({}, headers, method="GET", path=path, data=None)
        connection = self._connection()
        try:
            connection.request("GET", path, headers=headers)
            return connection.getresponse()
        except BaseException:
            connection.close()  # never reuse a connection in an unknown state
            raise

    def reader(
        self, response: http.client.HTTPResponse, translate: Any, vendor: str
    ) -> ObjectReader:
        return _Reader(response, self._connection(), translate, vendor)

    def discard(self, response: http.client.HTTPResponse) -> None:
        """Read and drop an error answer so the connection can serve the next request."""
        try:
            response.read()
        finally:
            response.close()
