"""S3, S3-compatible servers and Google Cloud Storage through apache-libcloud.

libcloud drivers hold one HTTP session and are not thread-safe, so every thread gets its
own driver (``threading.local``). Requests go through the driver's own connection (its
signing); the engine adds streaming with progress and cancellation, Content-MD5 integrity
checks, parallel multipart uploads, exact listings (listing.py) and clear errors.

Every request, and every wait for more of an answer, is marked in
:data:`~bucketferry.core.waiting.server_waits`, so the user interfaces can say that the
server is not answering long before the timeout; a timeout is a
:class:`ServerNotAnsweringError` that says where, doing what, and for how long.
"""

from __future__ import annotations

import base64
import builtins
import contextlib
import errno
import hashlib
import http.client
import io
import json
import logging
import mimetypes
import os
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
import requests.adapters
import urllib3.exceptions
from libcloud.common.types import InvalidCredsError, LibcloudError
from libcloud.storage.base import Container, StorageDriver
from libcloud.storage.providers import get_driver
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    InvalidContainerNameError,
    ObjectDoesNotExistError,
)

from ..bucket_names import bucket_name_problem
from ..config import Provider, RemoteStorageConfig
from ..errors import (
    AuthenticationError,
    BucketFerryError,
    BucketNotFoundError,
    ConfigurationError,
    ConnectionFailedError,
    IntegrityError,
    ServerNotAnsweringError,
    StorageError,
    TransientStorageError,
    UnsafeRemoteNameError,
)
from ..hashing import MD5_META_KEY, PLAIN_MD5, file_identity
from ..paths import unsafe_object_name
from ..progress import CancelToken
from ..remote_object import RemoteObject
from ..retry import with_retries
from ..waiting import server_waits
from .base import BytesCallback, ObjectReader, ObjectStore
from .listing import ListedObject, pages
from .s3_get import ConnectTimedOut, LeanGetter, connect_timeout

log = logging.getLogger(__name__)

MULTIPART_THRESHOLD = 64 * 1024 * 1024
PART_SIZE = 8 * 1024 * 1024  # aws-cli's default: the same ETag as objects it uploads
PART_WORKERS = 4
# Bodies are sent and received in 64 KiB pieces: cancel and progress act between pieces,
# so even a slow link (200 KB/s) stops within about a second.
NETWORK_CHUNK = 64 * 1024
_STATUS_IN_MESSAGE = re.compile(r"[Ss]tatus code:?\s*(\d{3})")
_TRANSIENT_STATUS = {408, 429, 500, 502, 503, 504}
_OUT_OF_FILES = (errno.EMFILE, errno.ENFILE)
_HMAC_ACCESS_ID = re.compile(r"GOOG[A-Za-z0-9]{8,}")
_SERVICE_ACCOUNT = re.compile(r"[^@\s]+@[^@\s]+\.gserviceaccount\.com")


def _endpoint(conf: RemoteStorageConfig) -> str:
    """Where requests go, for messages: the configured host, else the provider's own."""
    if conf.host:
        scheme = "https" if conf.secure else "http"
        return f"{scheme}://{conf.host}" + (f":{conf.port}" if conf.port else "")
    if conf.provider == Provider.GOOGLE_STORAGE.value:
        return "https://storage.googleapis.com"
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
        return AuthenticationError(
            f"The storage server refused access while {what} in bucket '{conf.bucket}'. "
            "Check the access key and secret in the connection settings, and that this key "
            "may use the bucket."
        )
    if isinstance(exc, ContainerDoesNotExistError):
        return _bucket_missing(conf)
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
    if isinstance(exc, requests.exceptions.SSLError | ssl.SSLError):
        return ConnectionFailedError(
            f"The secure (TLS) connection to {where} failed: {_short(exc)}. If the server "
            "does not use TLS, switch TLS off in the connection settings; otherwise check "
            "its certificate."
        )
    if isinstance(exc, socket.gaierror):
        return ConnectionFailedError(
            f"The host name of {where} could not be resolved. Check the host in the "
            "connection settings and your network connection."
        )
    if isinstance(exc, ConnectionRefusedError) or (
        isinstance(exc, requests.exceptions.ConnectionError) and _is_connect_failure(exc)
    ):
        return ConnectionFailedError(
            f"Could not connect to {where}. Check host, port and TLS in the connection "
            "settings, and that the server is running."
        )
    if isinstance(
        exc,
        requests.exceptions.ConnectionError
        | requests.exceptions.ChunkedEncodingError
        | http.client.HTTPException
        | ConnectionError,
    ):
        return TransientStorageError(f"The connection broke while {what}: {_short(exc)}")
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
        return TransientStorageError(f"A network error occurred while {what}: {_short(exc)}")
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


def _bucket_missing(conf: RemoteStorageConfig) -> BucketNotFoundError:
    return BucketNotFoundError(
        f"Bucket '{conf.bucket}' does not exist at {_endpoint(conf)}. Check the bucket name "
        "in the connection settings, or create the bucket."
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


def _google_auth_type(conf: RemoteStorageConfig) -> str:
    """libcloud's auth type for this Google key, checked without any request.

    Given a key of any other shape, libcloud asks the GCE metadata server and then starts
    its installed-app OAuth sign-in: it prints a Google URL and listens on port 8087 for
    ever. Only the two kinds that need no browser are accepted, and the driver is told
    which one it is.
    """
    from libcloud.common.google import GoogleAuthType

    if _HMAC_ACCESS_ID.fullmatch(conf.key):
        return str(GoogleAuthType.GCS_S3)
    if _SERVICE_ACCOUNT.fullmatch(conf.key):
        problem = _service_account_key_problem(conf.secret)
        if problem is not None:
            raise ConfigurationError(
                f"The key file of the service account {conf.key} could not be read: "
                f"{problem}. Give the path of the JSON key file that Google Cloud created "
                "for this service account as the secret.",
                title="Google Cloud key file unreadable",
            )
        return str(GoogleAuthType.SA)
    raise ConfigurationError(
        "For Google Cloud Storage the access key must be an HMAC access ID (it starts with "
        "'GOOG'; the secret is its HMAC secret) or a service account's e-mail address "
        "(ending in '.gserviceaccount.com'; the secret is the path of its JSON key file). "
        "The key given is neither, and Bucket Ferry does not sign in through a web "
        "browser. HMAC keys are made in the Cloud console under Cloud Storage, Settings, "
        "Interoperability."
    )


def _service_account_key_problem(secret: str) -> str | None:
    """Why the service account's key cannot be used, in words, or None.

    The secret is the path of the JSON (or PEM) key file, or the key itself, as libcloud
    accepts it. Read here, before libcloud: it would fail only after the driver was made,
    as "the storage server answered unexpectedly".
    """
    text = secret.strip()
    if text.startswith(("{", "-----BEGIN")):
        where, content = "the key given as the secret", text
    else:
        path = os.path.expanduser(text)
        looks_like_path = os.sep in text or "/" in text or text.endswith((".json", ".pem"))
        where = path if looks_like_path else "the path given as the secret"
        if not os.path.isfile(path):
            return f"there is no file at {where}"
        try:
            with open(path, encoding="utf-8") as handle:
                content = handle.read()
        except OSError as exc:
            return f"{where} cannot be opened ({exc.strerror or exc})"
        except UnicodeDecodeError:
            return f"{where} is not a text file (JSON or PEM)"
    pem = content
    if content.lstrip().startswith("{"):
        try:
            data = json.loads(content)
        except ValueError as exc:
            return f"{where} is not valid JSON ({exc})"
        key = data.get("private_key") if isinstance(data, dict) else None
        if not isinstance(key, str):
            return f"{where} has no 'private_key'"
        pem = key
    try:
        from cryptography.hazmat.primitives.serialization import load_pem_private_key
    except ImportError:
        return "service-account keys need the 'cryptography' package, which is not installed"
    try:
        load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        detail = str(exc).split(".")[0]
        return f"{where} does not hold a usable private key ({detail})"
    return None


class _ServerWait:
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


class _ProgressReader:
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
        wait: _ServerWait,
        *,
        expect_md5: str | None = None,
        source: str = "",
    ):
        self._handle = handle
        self._size = size
        self._on_bytes = on_bytes
        self._cancel = cancel
        self._wait = wait
        self._sent = 0
        self._digest = hashlib.md5() if expect_md5 is not None else None
        self._expect = expect_md5
        self._source = source

    def __len__(self) -> int:
        return self._size

    # libcloud treats bodies with __next__ as streams: sent unsigned, never read twice.
    def __iter__(self) -> _ProgressReader:
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
            f"{self._source} changed while it was being uploaded; nothing was stored. "
            "Try again when it is no longer being written."
        )


class _OrderedDigest:
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


class _ResponseReader(ObjectReader):
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


class _TimeoutAdapter(requests.adapters.HTTPAdapter):
    """Applies the configured timeouts to every request: libcloud's streaming (raw) path
    sends without one, so a server that stops answering would hang a transfer forever,
    and its other path uses one value for connecting and for waiting."""

    def __init__(self, connect: float, read: float) -> None:
        super().__init__()
        self._timeouts = (connect, read)

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs["timeout"] = self._timeouts
        return super().send(request, *args, **kwargs)


class LibcloudStore(ObjectStore):
    def __init__(self, conf: RemoteStorageConfig) -> None:
        if conf.provider not in (Provider.S3.value, Provider.GOOGLE_STORAGE.value):
            raise ConfigurationError(f"Unknown storage provider '{conf.provider}'.")
        problem = bucket_name_problem(conf.provider, conf.bucket, custom_endpoint=bool(conf.host))
        if problem is not None:
            raise ConfigurationError(problem, title="Invalid bucket name")
        self._google_auth = (
            _google_auth_type(conf) if conf.provider == Provider.GOOGLE_STORAGE.value else None
        )
        self.conf = conf
        self.provider = conf.provider
        self.bucket_name = conf.bucket
        self._local = threading.local()
        self._lean: LeanGetter | None = None

    # --- connections -------------------------------------------------------------------

    def driver(self) -> StorageDriver:
        """This thread's driver (created on first use)."""
        driver = getattr(self._local, "driver", None)
        if driver is None:
            try:
                driver = self._new_driver()
                self._tune_session(driver)
            except BucketFerryError:
                raise
            except Exception as exc:  # a service account's token request, for one
                raise translate_error(exc, self.conf, "connecting") from exc
            self._local.driver = driver
        return driver

    def _new_driver(self) -> StorageDriver:
        conf = self.conf
        cls = get_driver(conf.provider)
        if conf.provider == Provider.GOOGLE_STORAGE.value:
            driver = cls(conf.key, conf.secret, timeout=conf.timeout, auth_type=self._google_auth)
            if conf.host:
                # libcloud's GoogleStorageDriver passes host/port to its connection in the
                # wrong positions; point the connection at the endpoint explicitly.
                connection = driver.connection
                connection.host = conf.host
                connection.secure = conf.secure
                connection.port = conf.port or (443 if conf.secure else 80)
                connection.connect()
            return driver
        from libcloud.storage.drivers.s3 import REGION_TO_HOST_MAP

        region = conf.region or "us-east-1"
        if region not in REGION_TO_HOST_MAP and not conf.host:
            raise ConfigurationError(
                f"Unknown S3 region '{region}'. Use an AWS region name such as 'eu-west-1', "
                "or give the host of your S3-compatible server."
            )
        kwargs: dict[str, Any] = {"secure": conf.secure, "timeout": conf.timeout}
        if conf.host:
            kwargs["host"] = conf.host
        if conf.port:
            kwargs["port"] = conf.port
        known = region if region in REGION_TO_HOST_MAP else "us-east-1"
        driver = cls(conf.key, conf.secret, region=known, **kwargs)
        driver.region_name = region  # used for SigV4 signing; custom regions on MinIO etc.
        return driver

    def _tune_session(self, driver: StorageDriver) -> None:
        """Read proxy and CA settings from the environment once, not on every request.

        requests scans the whole environment for proxies on each request (a third of the
        client's CPU time for small files). The endpoint is fixed, so its proxy (honouring
        no_proxy) and CA bundle are looked up here, once, with requests' own rules.
        """
        connection = driver.connection
        if connection.connection is None:
            connection.connect()
        http = connection.connection
        session = getattr(http, "session", None)
        if session is None:
            return
        scheme = "https" if connection.secure else "http"
        url = f"{scheme}://{connection.host}:{connection.port}"
        session.proxies.update(requests.utils.get_environ_proxies(url))
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle and getattr(http, "ca_cert", None) is None and http.verify:
            http.ca_cert = bundle
        session.trust_env = False
        adapter = _TimeoutAdapter(connect_timeout(self.conf), self.conf.timeout)
        session.mount("http://", adapter)
        session.mount("https://", adapter)

    def container(self) -> Container:
        return Container(name=self.bucket_name, extra=None, driver=self.driver())

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Runs ``fn``, turning what it raises into our errors: the safety net around
        work that is more than its requests (each runs in :meth:`_answer`), such as
        reading what came back, or a paged listing."""
        try:
            return fn(*args, **kwargs)
        except BucketFerryError:
            raise
        except Exception as exc:
            raise translate_error(exc, self.conf, what) from exc

    @contextlib.contextmanager
    def _answer(self, what: str) -> Iterator[_ServerWait]:
        """One request (or one wait for more of its answer): marked as waiting on the
        server while it runs, and whatever it raises becomes our error; a timeout says
        how long it waited."""
        wait = _ServerWait(what)
        wait.start()
        try:
            yield wait
        except BucketFerryError:
            raise
        except Exception as exc:
            raise translate_error(exc, self.conf, what, wait.seconds) from exc
        finally:
            wait.stop()

    def _object_path(self, name: str) -> str:
        """The request path of an object: libcloud quotes every byte of the name except
        '/' and '~' (so '%', '#', '?', '+', spaces, CR, LF, control characters and
        non-ASCII arrive as they are); only '.', '..' and empty segments, which HTTP
        clients normalise away, cannot be sent exactly and are refused."""
        problem = unsafe_object_name(name)
        if problem is not None:
            raise UnsafeRemoteNameError(
                f"'{name}' cannot be used safely: {problem}, which HTTP clients rewrite "
                "into another object's name. Rename it with a tool that sends names as-is."
            )
        return str(self.driver()._get_object_path(self.container(), name))

    # --- operations --------------------------------------------------------------------

    def check(self) -> None:
        what = "opening the bucket"

        def head_bucket() -> None:
            with self._answer(what):
                response = self.driver().connection.request(f"/{self.bucket_name}", method="HEAD")
            if int(response.status) == 404:
                raise _bucket_missing(self.conf)
            check_status(response, self.conf, what, (200,))

        with_retries(lambda: self._call(what, head_bucket), self.conf.retries)

    def create_bucket(self, exist_ok: bool = True) -> None:
        try:
            with self._answer("creating the bucket"):
                self.driver().create_container(self.bucket_name)
        except StorageError as exc:
            cause = exc.__cause__
            if isinstance(cause, ContainerAlreadyExistsError) and exist_ok:
                return
            if isinstance(cause, InvalidContainerNameError):
                raise ConfigurationError(
                    f"'{self.bucket_name}' is not a valid bucket name: use 3 to 63 lower-case "
                    "letters, digits, dots and hyphens."
                ) from cause
            raise

    def _to_object(self, obj: Any) -> RemoteObject:
        extra = {
            "last_modified": obj.extra.get("last_modified"),
            "etag": obj.hash,
        }
        meta = {k: v for k, v in (obj.meta_data or {}).items() if isinstance(v, str)}
        return RemoteObject(
            obj.name,
            int(obj.size),
            obj.hash,
            self.provider,
            extra=extra,
            meta_data=meta,
            store=self,
        )

    def list(self, prefix: str) -> list[RemoteObject]:
        """One paginated listing, retried as a whole on transient errors (see
        :meth:`_list_once`)."""
        what = f"listing '{prefix or '/'}'"
        return with_retries(
            lambda: self._call(what, self._list_once, prefix, what), self.conf.retries
        )

    def browse(self, prefix: str) -> tuple[builtins.list[str], builtins.list[RemoteObject]]:
        what = f"listing '{prefix or '/'}'"
        return with_retries(  # type: ignore[no-any-return]
            lambda: self._call(what, self._list_once, prefix, what, "/"), self.conf.retries
        )

    def _list_once(self, prefix: str, what: str, delimiter: str | None = None) -> Any:
        """Objects below ``prefix``; with a delimiter, (sub-folder prefixes, objects).

        ListObjectsV2 with ``encoding-type=url`` on S3 and on Google Cloud Storage (whose
        XML API has both; see listing.py for why), parsed directly: exact names, and
        libcloud's Object building costs more than the request itself for large listings.
        """
        params: dict[str, str] = {"list-type": "2", "encoding-type": "url"}
        if prefix:
            params["prefix"] = prefix
        if delimiter:
            params["delimiter"] = delimiter
        result: builtins.list[RemoteObject] = []
        folders: builtins.list[str] = []
        for page in pages(lambda query: self._list_page(query, what), params, what):
            result.extend(self._listed(entry) for entry in page.objects)
            folders.extend(page.folders)
        return (folders, result) if delimiter else result

    def _list_page(self, params: dict[str, str], what: str) -> bytes:
        with self._answer(what):
            response = self.driver().connection.request(
                f"/{self.bucket_name}", params=params, raw=True
            )
            body: bytes = response.response.body if int(response.status) == 200 else b""
        if int(response.status) == 404:
            raise _bucket_missing(self.conf)
        check_status(response, self.conf, what, (200,))
        return body

    def _listed(self, entry: ListedObject) -> RemoteObject:
        extra: dict[str, Any] = {"last_modified": entry.last_modified, "etag": entry.etag}
        if entry.refused is not None:
            extra["refused"] = entry.refused
        return RemoteObject(
            entry.name,
            entry.size,
            entry.etag or None,
            self.provider,
            extra=extra,
            store=self,
        )

    def head(self, name: str) -> RemoteObject | None:
        what = f"checking '{name}'"

        def run() -> RemoteObject | None:
            with self._answer(what):
                driver = self.driver()
                response = driver.connection.request(self._object_path(name), method="HEAD")
            if int(response.status) == 404:
                return None
            check_status(response, self.conf, what, (200,))
            obj = driver._headers_to_object(name, self.container(), response.headers)
            return self._to_object(obj)

        return with_retries(  # type: ignore[no-any-return]
            lambda: self._call(what, run), self.conf.retries
        )

    def _headers(self, name: str, md5: str) -> dict[str, str]:
        vendor = self.driver().http_vendor_prefix
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return {"Content-Type": content_type, f"{vendor}-meta-{MD5_META_KEY}": md5}

    def upload(
        self,
        local_path: str,
        name: str,
        *,
        size: int,
        md5: str,
        on_bytes: BytesCallback,
        cancel: CancelToken,
    ) -> RemoteObject:
        driver = self.driver()
        if size > MULTIPART_THRESHOLD and getattr(driver, "supports_s3_multipart_upload", False):
            return self._upload_multipart(local_path, name, size, md5, on_bytes, cancel)
        what = f"uploading '{name}'"
        headers = self._headers(name, md5)
        headers["Content-Length"] = str(size)
        headers["Content-MD5"] = base64.b64encode(bytes.fromhex(md5)).decode()
        path = self._object_path(name)
        # Opened here, not in the request: a file that cannot be read is the file's
        # problem (the engine reports it as such), not the network's.
        with open(local_path, "rb") as handle, self._answer(what) as wait:
            # An empty body must be b"": requests would send an empty stream chunked.
            body = (
                _ProgressReader(
                    handle, size, on_bytes, cancel, wait, expect_md5=md5, source=local_path
                )
                if size
                else b""
            )
            response = driver.connection.request(
                path, method="PUT", data=body, headers=headers, raw=True
            )
        check_status(response, self.conf, what, (200, 201))
        etag = (response.headers.get("etag") or "").strip('"')
        if PLAIN_MD5.match(etag) and etag != md5:
            raise IntegrityError(
                f"The server stored '{name}' with another checksum than was sent; it was "
                "probably corrupted on the way. Try again."
            )
        return RemoteObject(
            name,
            size,
            etag or md5,
            self.provider,
            extra={"etag": etag},
            meta_data={MD5_META_KEY: md5},
            store=self,
        )

    def _upload_multipart(
        self,
        local_path: str,
        name: str,
        size: int,
        md5: str,
        on_bytes: BytesCallback,
        cancel: CancelToken,
    ) -> RemoteObject:
        """Parts in parallel, each with its own Content-MD5. The md5 that goes into the
        metadata (what plans compare) was computed before; the object is committed only
        if the file kept its identity and the parts, hashed in order as they were read,
        add up to that md5."""
        what = f"uploading '{name}'"
        driver = self.driver()
        before = os.stat(local_path)
        with self._answer(what):
            upload_id = driver._initiate_multipart(
                self.container(), name, headers=self._headers(name, md5)
            )
        parts = [(n + 1, offset) for n, offset in enumerate(range(0, size, PART_SIZE))]
        sent = _OrderedDigest()

        def send_part(part: tuple[int, int]) -> tuple[int, str]:
            number, offset = part
            cancel.raise_if_cancelled()
            with open(local_path, "rb") as handle:
                handle.seek(offset)
                data = handle.read(min(PART_SIZE, size - offset))
            sent.add(number, data)
            headers = {
                "Content-Length": str(len(data)),
                "Content-MD5": base64.b64encode(hashlib.md5(data).digest()).decode(),
            }
            part_driver = self.driver()
            with self._answer(what) as wait:
                body = _ProgressReader(io.BytesIO(data), len(data), on_bytes, cancel, wait)
                response = part_driver.connection.request(
                    self._object_path(name),
                    method="PUT",
                    params={"partNumber": str(number), "uploadId": upload_id},
                    data=body,
                    headers=headers,
                    raw=True,
                )
            check_status(response, self.conf, what, (200,))
            return number, (response.headers.get("etag") or "").strip('"')

        try:
            with ThreadPoolExecutor(PART_WORKERS, thread_name_prefix="part") as pool:
                done = list(pool.map(send_part, parts))
            if (
                file_identity(os.stat(local_path)) != file_identity(before)
                or sent.hexdigest() != md5
            ):
                # Parts read at different times would join old and new content, and a
                # file changed before its first part would carry the old md5.
                raise IntegrityError(
                    f"{local_path} changed while it was being uploaded; nothing was stored. "
                    "Try again when it is no longer being written."
                )
            with self._answer(what):
                etag = driver._commit_multipart(self.container(), name, upload_id, done)
        except BaseException:
            with contextlib.suppress(Exception), self._answer(f"abandoning '{name}'"):
                driver._abort_multipart(self.container(), name, upload_id)
            raise
        return RemoteObject(
            name,
            size,
            str(etag).strip('"'),
            self.provider,
            extra={"etag": etag},
            meta_data={MD5_META_KEY: md5},
            store=self,
        )

    def _lean_getter(self) -> LeanGetter | None:
        """The lean GET path for S3 endpoints reached without a proxy (see s3_get.py)."""
        if self._lean is None and self.provider == Provider.S3.value:
            connection = self.driver().connection
            scheme = "https" if connection.secure else "http"
            url = f"{scheme}://{connection.host}:{connection.port}"
            if not requests.utils.get_environ_proxies(url):
                self._lean = LeanGetter(
                    self.conf, connection.host, int(connection.port), bool(connection.secure)
                )
        return self._lean

    def open_read(self, obj: RemoteObject) -> ObjectReader:
        what = f"downloading '{obj.name}'"
        lean = self._lean_getter()
        if lean is not None:
            return self._open_read_lean(lean, obj, what)
        with self._answer(what):
            driver = self.driver()
            response = driver.connection.request(
                self._object_path(obj.name), method="GET", stream=True, raw=True
            )
        if int(response.status) == 404:
            raise StorageError(f"'{obj.name}' is no longer in the bucket.")
        check_status(response, self.conf, what, (200,))
        return _ResponseReader(response, driver.http_vendor_prefix, lambda: self._answer(what))

    def _open_read_lean(self, lean: LeanGetter, obj: RemoteObject, what: str) -> ObjectReader:
        with self._answer(what):
            driver = self.driver()
            response = lean.get(
                self._object_path(obj.name),
                driver.connection.signer,
                driver.connection._user_agent(),
            )
            if response.status != 200:
                lean.discard(response)
        if response.status == 404:
            raise StorageError(f"'{obj.name}' is no longer in the bucket.")
        check_status(response, self.conf, what, (200,))
        return lean.reader(response, lambda: self._answer(what), driver.http_vendor_prefix)

    def delete(self, name: str) -> None:
        what = f"deleting '{name}'"
        with self._answer(what):
            response = self.driver().connection.request(self._object_path(name), method="DELETE")
        check_status(response, self.conf, what, (200, 204, 404))

    def versioning(self) -> bool | None:
        """Asks the bucket (GetBucketVersioning: ``GET /<bucket>?versioning``, which S3
        and the XML API of Google Cloud Storage both answer with a ``<Status>``).
        Enabled: True; Suspended or never enabled (no status): False, replaced objects
        are gone. Any failure (often a key that may not read the bucket's settings, or a
        server without versioning) means it cannot be told: None."""

        what = "asking whether the bucket keeps versions"
        try:
            with self._answer(what):
                connection = self.driver().connection
                if self.provider == Provider.GOOGLE_STORAGE.value:
                    # GCS's HMAC signature covers the sub-resource, and libcloud signs the
                    # path it is given: so the query goes into the path, not the parameters.
                    response = connection.request(f"/{self.bucket_name}?versioning")
                else:  # SigV4 signs the parameters (as 'versioning=')
                    response = connection.request(f"/{self.bucket_name}", params={"versioning": ""})
            check_status(response, self.conf, what, (200,))
        except BucketFerryError as exc:
            log.debug("Cannot tell whether bucket '%s' keeps versions: %s", self.bucket_name, exc)
            return None
        status = next(
            (e.text for e in response.object.iter() if e.tag.rpartition("}")[2] == "Status"),
            None,
        )
        return (status or "").strip() == "Enabled"

    def close(self) -> None:
        driver = getattr(self._local, "driver", None)
        if driver is not None:
            with contextlib.suppress(Exception):
                driver.connection.close()
