"""A local endpoint that answers like Google Cloud Storage's XML API, for libcloud's real
GoogleStorageDriver: moto's S3 implementation behind a small WSGI layer that puts GCS's
XML namespace into responses (the only difference the driver's parser depends on).

What this covers: the driver's real request path (URL building, GOOG1 HMAC Authorization
header, x-goog-meta headers, listing pagination and parsing, streaming GET/PUT) over HTTP.
What it does not: GCS's own signature verification and service-account OAuth2.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from moto.moto_server.werkzeug_app import create_backend_app
from werkzeug.serving import make_server

from bucketferry.core import RemoteStorageConfig

HMAC_KEY = "GOOG1EXAMPLEHMACKEY0"

S3_NS = b'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'
GCS_NS = b'xmlns="http://doc.s3.amazonaws.com/2006-03-01"'


class _GcsNamespace:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.requests: list[tuple[str, str, str]] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.requests.append(
            (
                environ["REQUEST_METHOD"],
                environ.get("PATH_INFO", ""),
                environ.get("HTTP_AUTHORIZATION", ""),
            )
        )
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        body_iter = self.app(environ, capture)
        headers = captured["headers"]
        content_type = dict((k.lower(), v) for k, v in headers).get("content-type", "")
        if environ["REQUEST_METHOD"] == "GET" and "xml" in content_type:
            body = b"".join(body_iter).replace(S3_NS, GCS_NS)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
            start_response(captured["status"], headers)
            return [body]
        start_response(captured["status"], headers)
        return body_iter


@contextmanager
def gcs_endpoint() -> Iterator[tuple[str, int, _GcsNamespace]]:
    # Straight to moto's S3 app: moto's dispatcher guesses the service from a SigV4
    # Authorization header, and a GOOG1 HMAC one whose signature holds four '/' reads as
    # one naming some other service (a request failed with HTTP 500 about once a run).
    app = _GcsNamespace(create_backend_app("s3"))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.server_port, app
    finally:
        server.shutdown()
        thread.join(timeout=5)


def gcs_config(host: str, port: int, base_path: str = "") -> RemoteStorageConfig:
    """A Google Cloud Storage connection (HMAC key) to the endpoint's bucket."""
    return RemoteStorageConfig(
        "google_storage",
        HMAC_KEY,
        "gcs-bucket",
        "hmac-secret",
        host=host,
        port=port,
        secure=False,
        base_path=base_path,
    )
