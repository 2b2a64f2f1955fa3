"""From whatever libcloud, requests, urllib3 or the socket raised to one of Bucket Ferry's
errors, with advice in plain words: which errors retrying can fix (transient), which stop a
run (refused credentials, a missing bucket, an unreachable host), and a server that is not
answering, told apart from one that is merely slow."""

from __future__ import annotations

import errno
import logging
import re
from collections.abc import Iterator
from typing import Any

import requests
import requests.adapters
import urllib3.exceptions
from libcloud.common.types import InvalidCredsError, LibcloudError
from libcloud.storage.types import (
    ContainerDoesNotExistError,
    ObjectDoesNotExistError,
)

from ..config import Provider, RemoteStorageConfig
from ..errors import (
    AuthenticationError,
    BucketFerryError,
    BucketNotFoundError,
    ConfigurationError,
    ConnectionFailedError,
    ServerNotAnsweringError,
    StorageError,
    TransientStorageError,
)
from .lean_get import ConnectTimedOut, connect_timeout
from .network_errors import connection_problem

log = logging.getLogger(__name__)

_STATUS_IN_MESSAGE = re.compile(r"[Ss]tatus code:?\s*(\d{3})")
_TRANSIENT_STATUS = {408, 429, 500, 502, 503, 504}
_OUT_OF_FILES = (errno.EMFILE, errno.ENFILE)


def _endpoint(conf: RemoteStorageConfig) -> str:
    """Where requests go, for messages: the configured host, else the provider's own."""
    if conf.host:
        scheme = "https" if conf.secure else "http"
        return f"{scheme}://{conf.host}" + (f":{conf.port}" if conf.port else "")
    if conf.provider == Provider.GOOGLE_STORAGE.value:
        return "https://storage.googleapis.com"
    if conf.provider == Provider.AZURE_BLOBS.value:
        return f"https://{conf.key}.blob.core.windows.net"
    from libcloud.storage.drivers.s3 import REGION_TO_HOST_MAP

    host = REGION_TO_HOST_MAP.get(conf.region or "us-east-1")
    return f"https://{host}" if host else "the storage service"


def translate_error(
    exc: BaseException, conf: RemoteStorageConfig, what: str, waited: float | None = None
) -> BucketFerryError:
    """Turn whatever libcloud/requests raised into one of our errors, with advice.

    ``what`` names the operation ("listing data/", "uploading a.txt") for the message;
    ``waited`` is how long the request had been waiting when it failed, if known (a
    timeout says so; otherwise the configured timeout is named).
    """
    if isinstance(exc, BucketFerryError):
        return exc
    where = _endpoint(conf)
    if isinstance(exc, InvalidCredsError):
        if conf.provider == Provider.AZURE_BLOBS.value:
            return AuthenticationError(
                f"Azure refused access while {what} in container '{conf.bucket}'. Check the "
                f"storage account name ('{conf.key}') and its account key in the connection "
                "settings (Azure portal: Storage account ▸ Access keys)."
            )
        return AuthenticationError(
            f"The storage server refused access while {what} in bucket '{conf.bucket}'. "
            "Check the access key and secret in the connection settings, and that this key "
            "may use the bucket."
        )
    if isinstance(exc, ContainerDoesNotExistError):
        return bucket_missing(conf)
    if isinstance(exc, ObjectDoesNotExistError):
        return StorageError(f"An object disappeared from the bucket while {what}.")
    wrapped = list(_wrapped(exc))
    if any(isinstance(e, OSError) and e.errno in _OUT_OF_FILES for e in wrapped):
        # Many workers each holding connections and files: others close theirs soon.
        return TransientStorageError(
            f"The system ran out of open files while {what}; trying again. Fewer parallel "
            "transfers (workers) avoid this."
        )
    timeout = _timeout_kind(wrapped)
    if timeout is not None:
        return _not_answering(conf, what, timeout, waited)
    problem = connection_problem(exc, wrapped, conf, what, where)
    if problem is not None:
        return problem
    if _is_connect_failure(exc):
        log.info("Could not connect to %s while %s: %s", where, what, _short(exc))
        return ConnectionFailedError(
            f"Could not connect to {where} — check the host, port and TLS in the connection "
            "settings, and that the server is running."
        )
    if isinstance(exc, LibcloudError):
        from libcloud.common.google import GoogleAuthError

        if isinstance(exc, GoogleAuthError):
            return AuthenticationError(
                f"Google did not accept the service account's key while {what}: "
                f"{_short(exc)}. Check the key file, and that the service account exists."
            )
        match = _STATUS_IN_MESSAGE.search(str(exc.value if hasattr(exc, "value") else exc))
        status = int(match.group(1)) if match else None
        if status in _TRANSIENT_STATUS:
            return TransientStorageError(f"The server was busy (HTTP {status}) while {what}.")
        if "different region" in str(exc):
            return ConfigurationError(
                f"Bucket '{conf.bucket}' is in another region than '{conf.region}'. "
                "Set the bucket's region in the connection settings."
            )
        return StorageError(f"The storage server answered unexpectedly while {what}: {_short(exc)}")
    if isinstance(exc, OSError):
        log.info("Network error while %s: %s", what, _short(exc))
        said = f" ({exc.strerror})" if exc.strerror else ""
        return TransientStorageError(f"A network error occurred while {what}{said}.")
    return StorageError(f"Unexpected error while {what}: {_short(exc)}")


def _short(exc: BaseException) -> str:
    """The exception's text, capped: some carry a whole response body (kilobytes of XML)."""
    text = str(exc)
    return text if len(text) < 300 else text[:297] + "..."


def _wrapped(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every error it wraps: requests and urllib3 keep the real cause in their
    arguments or in ``reason``, not (only) in ``__cause__``."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = (current.__cause__, getattr(current, "reason", None), *current.args)
        todo.extend(e for e in linked if isinstance(e, BaseException))


def _timeout_kind(wrapped: list[BaseException]) -> str | None:
    """'connect' if a connection could not be opened in time, 'read' if an open one got
    no answer in time, else None. (urllib3's NewConnectionError, a refused or failed
    connection, derives from its timeout classes but is none.)"""
    kind = None
    for e in wrapped:
        if isinstance(e, urllib3.exceptions.NewConnectionError):
            continue
        if isinstance(
            e,
            requests.exceptions.ConnectTimeout
            | urllib3.exceptions.ConnectTimeoutError
            | ConnectTimedOut,
        ):
            return "connect"
        if isinstance(
            e, requests.exceptions.Timeout | urllib3.exceptions.TimeoutError | TimeoutError
        ):
            kind = "read"
    return kind


def _not_answering(
    conf: RemoteStorageConfig, what: str, kind: str, waited: float | None
) -> ServerNotAnsweringError:
    limit = connect_timeout(conf) if kind == "connect" else conf.timeout
    seconds = waited if waited is not None else limit
    shown = f"{seconds:.0f} s" if seconds >= 10 else f"{seconds:.1f} s"
    where = _endpoint(conf)
    if kind == "connect":
        return ServerNotAnsweringError(
            f"The server at {where} did not accept a connection within {shown} while "
            f"{what}. Check the host and port in the connection settings and your network; "
            "the server may be down."
        )
    return ServerNotAnsweringError(
        f"The server at {where} accepted the connection but sent no answer for {shown} "
        f"while {what}. It may be overloaded or stuck; try again later."
    )


def _is_connect_failure(exc: BaseException) -> bool:
    text = str(exc)
    return any(
        marker in text
        for marker in (
            "Failed to establish a new connection",
            "Connection refused",
            "Name or service not known",
            "Failed to resolve",
            "nodename nor servname",
        )
    )


def bucket_missing(conf: RemoteStorageConfig) -> BucketNotFoundError:
    noun = "container" if conf.provider == Provider.AZURE_BLOBS.value else "bucket"
    return BucketNotFoundError(
        f"{noun.capitalize()} '{conf.bucket}' does not exist at {_endpoint(conf)}. Check the "
        f"{noun} name in the connection settings, or create the {noun}."
    )


def check_status(response: Any, conf: RemoteStorageConfig, what: str, ok: tuple[int, ...]) -> None:
    status = int(response.status)
    if status in ok:
        return
    if status in (401, 403):
        raise translate_error(InvalidCredsError(""), conf, what)
    if status in _TRANSIENT_STATUS:
        raise TransientStorageError(f"The server was busy (HTTP {status}) while {what}.")
    if status == 404:
        raise StorageError(f"Not found (HTTP 404) while {what}.")
    raise StorageError(f"The storage server answered HTTP {status} while {what}.")
