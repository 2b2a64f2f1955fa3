"""S3, S3-compatible servers and Google Cloud Storage through apache-libcloud.

libcloud drivers hold one HTTP session and are not thread-safe, so every thread gets its
own driver (``threading.local``). Requests go through the driver's own connection (its
signing, its XML parsing); the engine adds streaming with progress and cancellation,
Content-MD5 integrity checks, parallel multipart uploads and clear errors.
"""

from __future__ import annotations

import base64
import builtins
import contextlib
import hashlib
import http.client
import io
import logging
import mimetypes
import os
import re
import socket
import ssl
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests
import requests.adapters
from libcloud.common.types import InvalidCredsError, LibcloudError
from libcloud.storage.base import Container, StorageDriver
from libcloud.storage.providers import get_driver
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    InvalidContainerNameError,
    ObjectDoesNotExistError,
)

from ..config import Provider, RemoteStorageConfig
from ..errors import (
    AuthenticationError,
    BucketFerryError,
    BucketNotFoundError,
    ConfigurationError,
    ConnectionFailedError,
    IntegrityError,
    StorageError,
    TransientStorageError,
    UnsafeRemoteNameError,
)
from ..hashing import MD5_META_KEY, PLAIN_MD5, file_identity
from ..paths import unsafe_object_name
from ..progress import CancelToken
from ..remote_object import RemoteObject
from ..retry import with_retries
from .base import BytesCallback, ObjectReader, ObjectStore
from .s3_get import LeanGetter

log = logging.getLogger(__name__)

MULTIPART_THRESHOLD = 64 * 1024 * 1024
PART_SIZE = 8 * 1024 * 1024  # aws-cli's default: the same ETag as objects it uploads
PART_WORKERS = 4
# Bodies are sent and received in 64 KiB pieces: cancel and progress act between pieces,
# so even a slow link (200 KB/s) stops within about a second.
NETWORK_CHUNK = 64 * 1024
_STATUS_IN_MESSAGE = re.compile(r"[Ss]tatus code:?\s*(\d{3})")
_TRANSIENT_STATUS = {408, 429, 500, 502, 503, 504}


def _endpoint(conf: RemoteStorageConfig) -> str:
    if conf.host:
        scheme = "https" if conf.secure else "http"
        return f"{scheme}://{conf.host}" + (f":{conf.port}" if conf.port else "")
    return "the storage service"


def translate_error(exc: BaseException, conf: RemoteStorageConfig, what: str) -> BucketFerryError:
    """Turn whatever libcloud/requests raised into one of our errors, with advice.

    ``what`` names the operation ("listing data/", "uploading a.txt") for the message.
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
        | requests.exceptions.Timeout
        | requests.exceptions.ChunkedEncodingError
        | http.client.HTTPException
        | ConnectionError
        | TimeoutError,
    ):
        return TransientStorageError(f"The connection broke while {what}: {_short(exc)}")
    if isinstance(exc, LibcloudError):
        match = _STATUS_IN_MESSAGE.search(str(exc.value if hasattr(exc, "value") else exc))
        status = int(match.group(1)) if match else None
        if status in _TRANSIENT_STATUS:
            return TransientStorageError(f"The server was busy (HTTP {status}) while {what}.")
        if "different region" in str(exc):
            return ConfigurationError(
                f"Bucket '{conf.bucket}' is in another region than '{conf.region}'. "
                "Set the bucket's region in the connection settings."
            )
        return StorageError(f"The storage server answered unexpectedly while {what}: {exc}")
    if isinstance(exc, OSError):
        return TransientStorageError(f"A network error occurred while {what}: {_short(exc)}")
    return StorageError(f"Unexpected error while {what}: {_short(exc)}")


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) < 300 else text[:297] + "..."


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


class _ProgressReader:
    """A file wrapper for request bodies: reports bytes, stops on cancel."""

    def __init__(self, handle: Any, size: int, on_bytes: BytesCallback, cancel: CancelToken):
        self._handle = handle
        self._size = size
        self._on_bytes = on_bytes
        self._cancel = cancel
        self._sent = 0

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
        if self._sent >= self._size:
            # Everything is sent: the object will exist, so the file must count as synced.
            # Let go of the source: libcloud keeps the last request (and so this reader)
            # alive until the connection's next request, which would pin a part's buffer.
            self._handle = io.BytesIO()
            return b""
        self._cancel.raise_if_cancelled()
        if amount is None or amount < 0 or amount > NETWORK_CHUNK:
            amount = NETWORK_CHUNK
        chunk: bytes = self._handle.read(min(amount, self._size - self._sent))
        if chunk:
            self._sent += len(chunk)
            self._on_bytes(len(chunk))
        return chunk


class _ResponseReader(ObjectReader):
    """A streaming GET. Errors while reading the body (a reset half-way, a stall past the
    timeout) become our errors too, so a broken download is retried like any request."""

    def __init__(self, response: Any, vendor_prefix: str, conf: RemoteStorageConfig, what: str):
        self._response = response
        self._conf = conf
        self._what = what
        prefix = f"{vendor_prefix}-meta-"
        self.meta_data = {
            k.lower()[len(prefix) :]: v
            for k, v in response.headers.items()
            if k.lower().startswith(prefix)
        }

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._response.iter_content(NETWORK_CHUNK)
        except BucketFerryError:
            raise
        except Exception as exc:
            raise translate_error(exc, self._conf, self._what) from exc

    def close(self) -> None:
        proxy = getattr(self._response, "response", None)  # libcloud's HttpLibResponseProxy
        inner = getattr(proxy, "_response", None)  # the requests.Response it wraps
        if inner is not None:
            with contextlib.suppress(Exception):
                inner.close()


class _TimeoutAdapter(requests.adapters.HTTPAdapter):
    """Applies the configured timeout to every request: libcloud's streaming (raw) path
    sends without one, so a server that stops answering would hang a transfer forever."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self._timeout
        return super().send(request, *args, **kwargs)


class LibcloudStore(ObjectStore):
    def __init__(self, conf: RemoteStorageConfig) -> None:
        if conf.provider not in (Provider.S3.value, Provider.GOOGLE_STORAGE.value):
            raise ConfigurationError(f"Unknown storage provider '{conf.provider}'.")
        if not 3 <= len(conf.bucket) <= 63:
            raise ConfigurationError(
                f"Bucket names have 3 to 63 characters; '{conf.bucket}' has {len(conf.bucket)}."
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
            driver = self._new_driver()
            self._tune_session(driver)
            self._local.driver = driver
        return driver

    def _new_driver(self) -> StorageDriver:
        conf = self.conf
        cls = get_driver(conf.provider)
        if conf.provider == Provider.GOOGLE_STORAGE.value:
            driver = cls(conf.key, conf.secret, timeout=conf.timeout)
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
        adapter = _TimeoutAdapter(self.conf.timeout)
        session.mount("http://", adapter)
        session.mount("https://", adapter)

    def container(self) -> Container:
        return Container(name=self.bucket_name, extra=None, driver=self.driver())

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BucketFerryError:
            raise
        except Exception as exc:
            raise translate_error(exc, self.conf, what) from exc

    def _object_path(self, name: str) -> str:
        problem = unsafe_object_name(name)
        if problem is not None:
            raise UnsafeRemoteNameError(
                f"'{name}' cannot be used safely: {problem}, which HTTP clients rewrite "
                "into another object's name. Rename it with a tool that sends names as-is."
            )
        return str(self.driver()._get_object_path(self.container(), name))

    # --- operations --------------------------------------------------------------------

    def check(self) -> None:
        def head_bucket() -> None:
            response = self.driver().connection.request(f"/{self.bucket_name}", method="HEAD")
            if int(response.status) == 404:
                raise _bucket_missing(self.conf)
            check_status(response, self.conf, "opening the bucket", (200,))

        with_retries(lambda: self._call("opening the bucket", head_bucket), self.conf.retries)

    def create_bucket(self, exist_ok: bool = True) -> None:
        try:
            self._call("creating the bucket", self.driver().create_container, self.bucket_name)
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
        """One paginated listing (ListObjectsV2 on S3, marker pages on GCS), retried as a
        whole on transient errors. Parsed directly: libcloud's Object building costs more
        than the request itself for large listings."""
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
        """Objects below ``prefix``; with a delimiter, (sub-folder prefixes, objects)."""
        driver = self.driver()
        ns = driver.namespace
        key_tag, size_tag, etag_tag, modified_tag = (
            f"{{{ns}}}{t}" for t in ("Key", "Size", "ETag", "LastModified")
        )
        v2 = self.provider == Provider.S3.value
        params: dict[str, str] = {"prefix": prefix} if prefix else {}
        if v2:
            params["list-type"] = "2"
        if delimiter:
            params["delimiter"] = delimiter
        result: builtins.list[RemoteObject] = []
        folders: builtins.list[str] = []
        while True:
            response = driver.connection.request(f"/{self.bucket_name}", params=dict(params))
            if int(response.status) == 404:
                raise _bucket_missing(self.conf)
            check_status(response, self.conf, what, (200,))
            root = response.object
            last = None
            for item in root.iter(f"{{{ns}}}Contents"):
                last = item.findtext(key_tag) or ""
                etag = (item.findtext(etag_tag) or "").strip('"')
                result.append(
                    RemoteObject(
                        last,
                        int(item.findtext(size_tag) or 0),
                        etag or None,
                        self.provider,
                        extra={"last_modified": item.findtext(modified_tag), "etag": etag},
                        store=self,
                    )
                )
            for common in root.iter(f"{{{ns}}}CommonPrefixes"):
                folders.append(common.findtext(f"{{{ns}}}Prefix") or "")
            if (root.findtext(f"{{{ns}}}IsTruncated") or "").lower() != "true":
                return (folders, result) if delimiter else result
            if v2:
                params["continuation-token"] = root.findtext(f"{{{ns}}}NextContinuationToken") or ""
            else:
                params["marker"] = (
                    root.findtext(f"{{{ns}}}NextMarker") or last or (folders[-1] if folders else "")
                )

    def head(self, name: str) -> RemoteObject | None:
        def run() -> RemoteObject | None:
            driver = self.driver()
            response = driver.connection.request(self._object_path(name), method="HEAD")
            if int(response.status) == 404:
                return None
            check_status(response, self.conf, f"checking '{name}'", (200,))
            obj = driver._headers_to_object(name, self.container(), response.headers)
            return self._to_object(obj)

        return with_retries(  # type: ignore[no-any-return]
            lambda: self._call(f"checking '{name}'", run), self.conf.retries
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

        def run() -> RemoteObject:
            headers = self._headers(name, md5)
            headers["Content-Length"] = str(size)
            headers["Content-MD5"] = base64.b64encode(bytes.fromhex(md5)).decode()
            with open(local_path, "rb") as handle:
                # An empty body must be b"": requests would send an empty stream chunked.
                body = _ProgressReader(handle, size, on_bytes, cancel) if size else b""
                response = driver.connection.request(
                    self._object_path(name), method="PUT", data=body, headers=headers, raw=True
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

        return self._call(what, run)  # type: ignore[no-any-return]

    def _upload_multipart(
        self,
        local_path: str,
        name: str,
        size: int,
        md5: str,
        on_bytes: BytesCallback,
        cancel: CancelToken,
    ) -> RemoteObject:
        what = f"uploading '{name}'"
        driver = self.driver()
        upload_id = self._call(
            what,
            driver._initiate_multipart,
            self.container(),
            name,
            headers=self._headers(name, md5),
        )
        parts = [(n + 1, offset) for n, offset in enumerate(range(0, size, PART_SIZE))]

        def send_part(part: tuple[int, int]) -> tuple[int, str]:
            number, offset = part
            cancel.raise_if_cancelled()
            with open(local_path, "rb") as handle:
                handle.seek(offset)
                data = handle.read(min(PART_SIZE, size - offset))
            digest = hashlib.md5(data).digest()
            headers = {
                "Content-Length": str(len(data)),
                "Content-MD5": base64.b64encode(digest).decode(),
            }
            part_driver = self.driver()

            def put() -> Any:
                body = _ProgressReader(io.BytesIO(data), len(data), on_bytes, cancel)
                return part_driver.connection.request(
                    self._object_path(name),
                    method="PUT",
                    params={"partNumber": str(number), "uploadId": upload_id},
                    data=body,
                    headers=headers,
                    raw=True,
                )

            response = self._call(what, put)
            check_status(response, self.conf, what, (200,))
            return number, (response.headers.get("etag") or "").strip('"')

        before = os.stat(local_path)
        try:
            with ThreadPoolExecutor(PART_WORKERS, thread_name_prefix="part") as pool:
                done = list(pool.map(send_part, parts))
            if file_identity(os.stat(local_path)) != file_identity(before):
                # Parts read at different times would join old and new content.
                raise IntegrityError(
                    f"{local_path} changed while it was being uploaded; nothing was stored. "
                    "Try again when it is no longer being written."
                )
            etag = self._call(
                what, driver._commit_multipart, self.container(), name, upload_id, done
            )
        except BaseException:
            with contextlib.suppress(Exception):
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

        def run() -> ObjectReader:
            driver = self.driver()
            response = driver.connection.request(
                self._object_path(obj.name), method="GET", stream=True, raw=True
            )
            if int(response.status) == 404:
                raise StorageError(f"'{obj.name}' is no longer in the bucket.")
            check_status(response, self.conf, what, (200,))
            return _ResponseReader(response, driver.http_vendor_prefix, self.conf, what)

        return self._call(what, run)  # type: ignore[no-any-return]

    def _open_read_lean(self, lean: LeanGetter, obj: RemoteObject, what: str) -> ObjectReader:
        def run() -> ObjectReader:
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
            return lean.reader(
                response,
                lambda exc: translate_error(exc, self.conf, what),
                driver.http_vendor_prefix,
            )

        return self._call(what, run)  # type: ignore[no-any-return]

    def delete(self, name: str) -> None:
        what = f"deleting '{name}'"

        def run() -> None:
            response = self.driver().connection.request(self._object_path(name), method="DELETE")
            check_status(response, self.conf, what, (200, 204, 404))

        self._call(what, run)

    def versioning(self) -> bool | None:
        """Asks the bucket (GetBucketVersioning: ``GET /<bucket>?versioning``, which S3
        and the XML API of Google Cloud Storage both answer with a ``<Status>``).
        Enabled: True; Suspended or never enabled (no status): False, replaced objects
        are gone. Any failure (often a key that may not read the bucket's settings, or a
        server without versioning) means it cannot be told: None."""

        what = "asking whether the bucket keeps versions"

        def ask() -> bool:
            connection = self.driver().connection
            if self.provider == Provider.GOOGLE_STORAGE.value:
                # GCS's HMAC signature covers the sub-resource, and libcloud signs the
                # path it is given: so the query goes into the path, not the parameters.
                response = connection.request(f"/{self.bucket_name}?versioning")
            else:  # SigV4 signs the parameters (as 'versioning=')
                response = connection.request(f"/{self.bucket_name}", params={"versioning": ""})
            check_status(response, self.conf, what, (200,))
            status = next(
                (e.text for e in response.object.iter() if e.tag.rpartition("}")[2] == "Status"),
                None,
            )
            return (status or "").strip() == "Enabled"

        try:
            enabled: bool = self._call(what, ask)
        except BucketFerryError as exc:
            log.debug("Cannot tell whether bucket '%s' keeps versions: %s", self.bucket_name, exc)
            return None
        return enabled

    def close(self) -> None:
        driver = getattr(self._local, "driver", None)
        if driver is not None:
            with contextlib.suppress(Exception):
                driver.connection.close()
