"""Why a connection could not be made, or broke, in one plain sentence per cause with what
to do about it: TLS switched on for a server that speaks plain HTTP, a certificate this
computer does not trust, a host name that does not exist, a port where nothing listens.

The exception's own text (urllib3's "HTTPSConnectionPool(host=…): Max retries exceeded…")
never becomes the message: it goes to the log, where whoever helps can read it.
"""

from __future__ import annotations

import errno
import http.client
import logging
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
import urllib3.exceptions

from ..config import RemoteStorageConfig
from ..errors import BucketFerryError, ConnectionFailedError, TransientStorageError

log = logging.getLogger(__name__)

TLS_TITLE = "Secure connection failed"
CERTIFICATE_TITLE = "Certificate not trusted"
UNTICK_TLS = "untick Use TLS in the connection settings (--no-tls on the command line)"
TICK_TLS = "tick Use TLS in the connection settings"

# What OpenSSL says when the answer to its greeting is not TLS at all (a plain HTTP server
# answering "HTTP/1.1 400 …"); the name changed between OpenSSL versions.
_NOT_TLS_REASONS = {
    "WRONG_VERSION_NUMBER",
    "RECORD_LAYER_FAILURE",
    "PACKET_LENGTH_TOO_LONG",
    "UNKNOWN_PROTOCOL",
    "HTTP_REQUEST",
}
_HOST_MISMATCH = (62, 64)  # X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH
_EXPIRED, _NOT_YET_VALID = 10, 9
_NO_SUCH_NAME = {
    getattr(socket, name) for name in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, name)
}
_UNREACHABLE = (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN)


@dataclass(frozen=True)
class Endpoint:
    """The host and port a failed request went to, for the sentence."""

    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def endpoint_of(wrapped: list[BaseException], conf: RemoteStorageConfig, url: str) -> Endpoint:
    """Where the request went: urllib3 keeps the pool (or connection) it used; else the
    configured host and port; else ``url``, the provider's own endpoint."""
    for error in wrapped:
        for holder in (getattr(error, "pool", None), getattr(error, "conn", None)):
            host, port = getattr(holder, "host", None), getattr(holder, "port", None)
            if isinstance(host, str) and host and isinstance(port, int):
                return Endpoint(host.strip("[]"), port)
    default = 443 if conf.secure else 80
    if conf.host:
        return Endpoint(conf.host, conf.port or default)
    parts = urlsplit(url)
    return Endpoint(parts.hostname or url, parts.port or conf.port or default)


def connection_problem(
    exc: BaseException,
    wrapped: list[BaseException],
    conf: RemoteStorageConfig,
    what: str,
    url: str,
) -> BucketFerryError | None:
    """Our error for a connection that failed or broke, or None if ``exc`` is something
    else (an HTTP answer, a timeout, a bug). ``wrapped``: ``exc`` and every error it wraps;
    ``url``: the endpoint requests go to (for a provider without a configured host)."""
    at = endpoint_of(wrapped, conf, url)
    error = _tls_problem(exc, wrapped, at) or _connect_problem(wrapped, at, conf)
    if error is None:
        error = _broken_connection(exc, wrapped, at, conf, what)
    if error is not None:
        # The technical detail for whoever helps; the message itself stays plain.
        log.info("Connection to %s while %s failed: %s", at, what, _first_line(exc))
    return error


def _tls_problem(
    exc: BaseException, wrapped: list[BaseException], at: Endpoint
) -> BucketFerryError | None:
    """A certificate refused, or a TLS greeting answered by something that is not TLS;
    else any TLS failure said as one (urllib3 and requests wrap a failed handshake in
    their SSLError). A TLS error inside a broken answer is left to the caller: the
    connection broke, and another try may work."""
    for error in wrapped:
        if isinstance(error, ssl.SSLCertVerificationError):
            return ConnectionFailedError(_certificate_words(error, at), title=CERTIFICATE_TITLE)
    reasons = [
        (error, str(getattr(error, "reason", None) or ""))
        for error in wrapped
        if isinstance(error, ssl.SSLError)
    ]
    for error, reason in reasons:
        if reason in _NOT_TLS_REASONS or "wrong version number" in str(error):
            return ConnectionFailedError(
                f"The server at {at} does not speak TLS (secure connections) on port "
                f"{at.port} — {UNTICK_TLS}.",
                title=TLS_TITLE,
            )
    tls_wrappers = requests.exceptions.SSLError | urllib3.exceptions.SSLError | ssl.SSLError
    if isinstance(exc, tls_wrappers) or any(
        isinstance(e, urllib3.exceptions.SSLError) for e in wrapped
    ):
        return _tls_failed(at, reasons[0][1] if reasons else "")
    return None


def _tls_failed(at: Endpoint, reason: str) -> ConnectionFailedError:
    """Any other failed TLS greeting; OpenSSL's reason goes to the log, not the message."""
    hung_up = reason == "UNEXPECTED_EOF_WHILE_READING"
    said = " (the server hung up during the greeting)" if hung_up else ""
    return ConnectionFailedError(
        f"The secure (TLS) connection to {at} failed{said} — check the port and Use TLS in "
        "the connection settings.",
        title=TLS_TITLE,
    )


def _certificate_words(error: ssl.SSLCertVerificationError, at: Endpoint) -> str:
    code = getattr(error, "verify_code", None)
    if code in _HOST_MISMATCH:
        return (
            f"The certificate of the server at {at} is made out for another name than "
            f"'{at.host}' — connect by the name on its certificate, or ask the server's "
            f"administrator for a certificate that includes '{at.host}'."
        )
    if code in (_EXPIRED, _NOT_YET_VALID):
        when = "has expired" if code == _EXPIRED else "is not valid yet"
        return (
            f"The certificate of the server at {at} {when} — ask the server's administrator "
            "to renew it, and check that this computer's date and time are right."
        )
    return (
        f"The server at {at} shows a certificate this computer does not trust (self-signed, "
        "or from an unknown authority) — ask the server's administrator for a certificate "
        "from a recognised authority, or, for a server of your own, name its certificate "
        "file in the REQUESTS_CA_BUNDLE environment variable."
    )


def _connect_problem(
    wrapped: list[BaseException], at: Endpoint, conf: RemoteStorageConfig
) -> BucketFerryError | None:
    for error in wrapped:
        if isinstance(error, socket.gaierror):
            if error.errno in _NO_SUCH_NAME:
                where = "the host name" if conf.host else "the region and your network"
                return ConnectionFailedError(
                    f"No computer named '{at.host}' was found — check {where}."
                )
            return ConnectionFailedError(
                f"The name '{at.host}' could not be looked up — check your network "
                "connection, then try again."
            )
    # A connection reset or aborted while it was being opened (a server shutting down, a
    # proxy with nothing behind it) is, to whoever reads it, the same as a refusal.
    connecting = any(isinstance(e, urllib3.exceptions.NewConnectionError) for e in wrapped)
    refused = (ConnectionRefusedError, ConnectionResetError, ConnectionAbortedError)
    for error in wrapped:
        if isinstance(error, ConnectionRefusedError) or (connecting and isinstance(error, refused)):
            return ConnectionFailedError(
                f"Could not connect: nothing answers on port {at.port} at {at.host} — check "
                "the port, and that the server is running."
            )
        if isinstance(error, OSError) and error.errno in _UNREACHABLE:
            return ConnectionFailedError(
                f"Could not connect: {at.host} cannot be reached from this computer — check "
                "your network connection and the host name."
            )
    if connecting:
        return ConnectionFailedError(
            f"Could not connect to {at} — check the host, port and TLS in the connection "
            "settings, and that the server is running."
        )
    return None


def _broken_connection(
    exc: BaseException,
    wrapped: list[BaseException],
    at: Endpoint,
    conf: RemoteStorageConfig,
    what: str,
) -> BucketFerryError | None:
    """A connection that was open and broke: worth another try. A plain-HTTP greeting to a
    TLS port is answered by a reset or by silence, so the first contact mentions TLS."""
    broken = (
        requests.exceptions.ConnectionError
        | requests.exceptions.ChunkedEncodingError
        | http.client.HTTPException
        | ConnectionError
    )
    if not isinstance(exc, broken):
        return None
    # RemoteDisconnected is a ConnectionResetError and a BadStatusLine: asked first.
    silent = any(isinstance(e, http.client.RemoteDisconnected) for e in wrapped)
    closed = silent or any(isinstance(e, ConnectionResetError) for e in wrapped)
    if not closed and any(isinstance(e, http.client.BadStatusLine) for e in wrapped):
        return ConnectionFailedError(
            f"What answers on port {at.port} at {at.host} is not a storage server (it does "
            "not speak HTTP) — check the port in the connection settings."
        )
    if silent:
        sentence = f"The server at {at} closed the connection without answering while {what}"
    elif closed:
        sentence = f"The server at {at} cut the connection off while {what}"
    elif any(isinstance(e, http.client.IncompleteRead) for e in wrapped) or isinstance(
        exc, requests.exceptions.ChunkedEncodingError
    ):
        sentence = f"The connection to {at} broke off in the middle of an answer while {what}"
    else:
        sentence = f"The connection to {at} broke while {what}"
    if closed and not conf.secure and what.startswith("opening"):
        sentence += f" — if this port expects secure connections, {TICK_TLS}"
    return TransientStorageError(sentence + ".")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    return line if len(line) < 500 else line[:497] + "..."
