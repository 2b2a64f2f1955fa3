"""S3, S3-compatible servers and Google Cloud Storage through apache-libcloud.

libcloud drivers hold one HTTP session and are not thread-safe, so every thread gets its
own driver (``threading.local``). Requests go through the driver's own connection (its
signing); the engine adds streaming with progress and cancellation (bodies.py), Content-MD5
integrity checks, parallel multipart uploads (multipart.py), exact listings (listing.py),
lean downloads (lean_get.py) and clear errors (http_errors.py). Making and tuning a driver
is drivers.py.

Every request, and every wait for more of an answer, is marked in
:data:`~bucketferry.core.waiting.server_waits`, so the user interfaces can say that the
server is not answering long before the timeout; a timeout is a
:class:`ServerNotAnsweringError` that says where, doing what, and for how long.
"""

from __future__ import annotations

import base64
import builtins
import contextlib
import logging
import mimetypes
import threading
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

import requests
from libcloud.storage.base import Container, StorageDriver
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    InvalidContainerNameError,
)

from ..bucket_names import bucket_name_problem
from ..config import LIBCLOUD_PROVIDERS, Provider, RemoteStorageConfig
from ..errors import (
    BucketFerryError,
    ConfigurationError,
    IntegrityError,
    StorageError,
    UnsafeRemoteNameError,
)
from ..hashing import MD5_META_KEY, PLAIN_MD5
from ..paths import unsafe_object_name
from ..progress import CancelToken
from ..remote_object import RemoteObject
from ..reserved import visible
from ..retry import with_retries
from .base import BytesCallback, ObjectReader, ObjectStore
from .bodies import ProgressReader, ResponseReader, ServerWait
from .download import StoredObject
from .drivers import new_driver, tune_session
from .google_keys import google_auth_type
from .http_errors import bucket_missing, check_status, translate_error
from .lean_get import LeanGetter
from .links import SigV4Links, UploadForm, check_google_links
from .listing import ListedObject, pages, parse_page
from .multipart import PartProtocol, S3Parts, upload_in_parts
from .server_copy import copy_on_server
from .upload_options import extra_headers
from .upload_resume import part_memory

log = logging.getLogger(__name__)

MULTIPART_THRESHOLD = 64 * 1024 * 1024


class LibcloudStore(ObjectStore):
    providers: tuple[str, ...] = LIBCLOUD_PROVIDERS

    def __init__(self, conf: RemoteStorageConfig) -> None:
        if conf.provider not in self.providers:
            raise ConfigurationError(f"Unknown storage provider '{conf.provider}'.")
        problem = bucket_name_problem(conf.provider, conf.bucket, custom_endpoint=bool(conf.host))
        if problem is not None:
            raise ConfigurationError(problem, title="Invalid bucket name")
        self._google_auth = (
            google_auth_type(conf) if conf.provider == Provider.GOOGLE_STORAGE.value else None
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
                driver = new_driver(self.conf, self._google_auth)
                tune_session(driver, self.conf)
            except BucketFerryError:
                raise
            except Exception as exc:  # a service account's token request, for one
                raise translate_error(exc, self.conf, "connecting") from exc
            self._local.driver = driver
        return driver

    def container(self) -> Container:
        return Container(name=self.bucket_name, extra=None, driver=self.driver())

    @property
    def vendor(self) -> str:
        """The prefix of the service's own headers (``x-amz``, ``x-goog``)."""
        return str(self.driver().http_vendor_prefix)

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Runs ``fn``, turning what it raises into our errors: the safety net around
        work that is more than its requests (each runs in :meth:`answer`), such as
        reading what came back, or a paged listing."""
        try:
            return fn(*args, **kwargs)
        except BucketFerryError:
            raise
        except Exception as exc:
            raise translate_error(exc, self.conf, what) from exc

    @contextlib.contextmanager
    def answer(self, what: str) -> Iterator[ServerWait]:
        """One request (or one wait for more of its answer): marked as waiting on the
        server while it runs, and whatever it raises becomes our error; a timeout says
        how long it waited."""
        wait = ServerWait(what)
        wait.start()
        try:
            yield wait
        except BucketFerryError:
            raise
        except Exception as exc:
            raise translate_error(exc, self.conf, what, wait.seconds) from exc
        finally:
            wait.stop()

    def object_path(self, name: str) -> str:
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
            with self.answer(what):
                response = self.driver().connection.request(f"/{self.bucket_name}", method="HEAD")
            if int(response.status) == 404:
                raise bucket_missing(self.conf)
            check_status(response, self.conf, what, (200,))

        with_retries(lambda: self._call(what, head_bucket), self.conf.retries)

    def create_bucket(self, exist_ok: bool = True) -> None:
        try:
            with self.answer("creating the bucket"):
                self.driver().create_container(self.bucket_name)
        except StorageError as exc:
            cause = exc.__cause__
            if isinstance(cause, ContainerAlreadyExistsError) and exist_ok:
                return
            if isinstance(cause, InvalidContainerNameError):
                raise ConfigurationError(
                    f"The server refused '{self.bucket_name}' as a bucket name: its rules may "
                    "be stricter than the usual ones. Try a name of lower-case letters, digits "
                    "and hyphens, such as 'team-data-2024'."
                ) from cause
            raise

    def _to_object(self, obj: Any) -> StoredObject:
        extra = {
            "last_modified": obj.extra.get("last_modified"),
            "etag": obj.hash,
        }
        meta = {k: v for k, v in (obj.meta_data or {}).items() if isinstance(v, str)}
        return StoredObject(
            obj.name,
            int(obj.size),
            obj.hash,
            self.provider,
            extra=extra,
            meta_data=meta,
            store=self,
        )

    def list(self, prefix: str) -> list[StoredObject]:
        """One paginated listing, retried as a whole on transient errors (see
        :meth:`_list_once`)."""
        what = f"listing '{prefix or '/'}'"
        listed = with_retries(
            lambda: self._call(what, self._list_once, prefix, what), self.conf.retries
        )
        return visible(listed, prefix, self.reserved)

    def browse(self, prefix: str) -> tuple[builtins.list[str], builtins.list[StoredObject]]:
        what = f"listing '{prefix or '/'}'"
        folders, objects = with_retries(
            lambda: self._call(what, self._list_once, prefix, what, "/"), self.conf.retries
        )
        return visible(folders, prefix, self.reserved), objects

    def _list_once(self, prefix: str, what: str, delimiter: str | None = None) -> Any:
        """Objects below ``prefix``; with a delimiter, (sub-folder prefixes, objects).

        ListObjectsV2 with ``encoding-type=url`` on S3 and on Google Cloud Storage (whose
        XML API has both; see listing.py for why), parsed directly: exact names, and
        libcloud's Object building costs more than the request itself for large listings.
        """
        params = self.listing_query()
        if prefix:
            params["prefix"] = prefix
        if delimiter:
            params["delimiter"] = delimiter
        result: builtins.list[StoredObject] = []
        folders: builtins.list[str] = []
        fetch = lambda query: self._list_page(query, what)  # noqa: E731
        for page in pages(fetch, params, what, self.parse_listing, self.listing_token):
            result.extend(self._listed(entry) for entry in page.objects)
            folders.extend(page.folders)
        return (folders, result) if delimiter else result

    listing_token = "continuation-token"
    """The query parameter that asks for a listing's next page."""
    parse_listing = staticmethod(parse_page)

    def listing_query(self) -> dict[str, str]:
        """The query of a listing's every page (ListObjectsV2, names encoded)."""
        return {"list-type": "2", "encoding-type": "url"}

    def _list_page(self, params: dict[str, str], what: str) -> bytes:
        with self.answer(what):
            response = self.driver().connection.request(
                f"/{self.bucket_name}", params=params, raw=True
            )
            body: bytes = response.response.body if int(response.status) == 200 else b""
        if int(response.status) == 404:
            raise bucket_missing(self.conf)
        check_status(response, self.conf, what, (200,))
        return body

    def _listed(self, entry: ListedObject) -> StoredObject:
        extra: dict[str, Any] = {"last_modified": entry.last_modified, "etag": entry.etag}
        if entry.refused is not None:
            extra["refused"] = entry.refused
        return StoredObject(
            entry.name,
            entry.size,
            entry.md5 or entry.etag or None,
            self.provider,
            extra=extra,
            meta_data=dict(entry.meta_data),
            store=self,
        )

    def head(self, name: str) -> StoredObject | None:
        what = f"checking '{name}'"

        def run() -> StoredObject | None:
            with self.answer(what):
                driver = self.driver()
                response = driver.connection.request(self.object_path(name), method="HEAD")
            if int(response.status) == 404:
                return None
            check_status(response, self.conf, what, (200,))
            obj = self._to_object(
                driver._headers_to_object(name, self.container(), response.headers)
            )
            version = response.headers.get("x-amz-version-id") or response.headers.get(
                "x-goog-generation"
            )
            if version and version != "null":  # S3 says "null" for unversioned objects
                obj.extra["version_id"] = version
            return obj

        return with_retries(  # type: ignore[no-any-return]
            lambda: self._call(what, run), self.conf.retries
        )

    def upload_headers(
        self, name: str, md5: str, extra: Mapping[str, Any] | None
    ) -> dict[str, str]:
        """What every upload (whole or in parts) sends along: the content type, what the
        caller's ``extra`` asks for (see upload_options.py), and the md5 plans compare,
        kept as metadata because an ETag is not always one."""
        vendor = self.vendor
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        headers = {"Content-Type": content_type, **extra_headers(vendor, extra)}
        headers[f"{vendor}-meta-{MD5_META_KEY}"] = md5
        return headers

    def upload(
        self,
        local_path: str,
        name: str,
        *,
        size: int,
        md5: str,
        on_bytes: BytesCallback,
        cancel: CancelToken,
        extra: Mapping[str, Any] | None = None,
    ) -> StoredObject:
        driver = self.driver()
        headers = self.upload_headers(name, md5, extra)
        asked = (extra or {}).get("meta_data") or {}
        meta_data = {**{str(k): str(v) for k, v in asked.items()}, MD5_META_KEY: md5}
        parts = self.part_protocol(headers)
        if size > MULTIPART_THRESHOLD and parts is not None:
            memory = part_memory(self, parts, name)  # resumes S3's (upload_resume.py)
            etag = upload_in_parts(
                self, parts, local_path, name, size, md5, headers, on_bytes, cancel, memory
            )
            return self.uploaded(name, size, md5, str(etag or "").strip('"'), meta_data)
        what = f"uploading '{name}'"
        if size:  # Azure signs an empty body's length as '', not '0'; requests sends 0
            headers["Content-Length"] = str(size)
        headers["Content-MD5"] = base64.b64encode(bytes.fromhex(md5)).decode()
        path = self.object_path(name)
        # Opened here, not in the request: a file that cannot be read is the file's
        # problem (the engine reports it as such), not the network's.
        with open(local_path, "rb") as handle, self.answer(what) as wait:
            # An empty body must be b"": requests would send an empty stream chunked.
            body = (
                ProgressReader(handle, size, on_bytes, cancel, wait, expect_md5=md5)
                if size
                else b""
            )
            response = driver.connection.request(
                path, method="PUT", data=body, headers=headers, raw=True
            )
        check_status(response, self.conf, what, (200, 201))
        if self.stored_md5(response) not in (None, md5):
            raise IntegrityError(
                f"The server stored '{name}' with another checksum than was sent; it was "
                "probably corrupted on the way. Try again."
            )
        etag = (response.headers.get("etag") or "").strip('"')
        return self.uploaded(name, size, md5, etag, meta_data)

    def stored_md5(self, response: Any) -> str | None:
        """The md5 the server says it stored, where its answer to an upload says one
        (S3: an ETag that is a plain md5)."""
        etag = (response.headers.get("etag") or "").strip('"')
        return etag if PLAIN_MD5.match(etag) else None

    def uploaded(
        self, name: str, size: int, md5: str, etag: str, meta_data: dict[str, str]
    ) -> StoredObject:
        """The object an upload made, described like every other one this store hands
        out (its hash is what a listing would show)."""
        return StoredObject(
            name,
            size,
            etag or md5,
            self.provider,
            extra={"etag": etag},
            meta_data=meta_data,
            store=self,
        )

    def part_protocol(self, headers: dict[str, str]) -> PartProtocol | None:
        """How big files go up in parts (multipart.py), or None for one request."""
        if getattr(self.driver(), "supports_s3_multipart_upload", False):
            return S3Parts(self)
        return None

    lean_gets: tuple[str, ...] = (Provider.S3.value,)
    """Providers whose downloads take the lean path (lean_get.py): those whose requests
    :meth:`signed_get` can sign (Google's HMAC signing is libcloud's own business)."""

    def signed_get(self, path: str, headers: dict[str, str]) -> tuple[str, dict[str, str]]:
        """The request path and headers of a GET of ``path`` (an :meth:`object_path`),
        signed as libcloud signs it (SigV4)."""
        signer = self.driver().connection.signer
        _, signed = signer.get_request_headers({}, headers, method="GET", path=path, data=None)
        return path, signed

    def check_links(self, *, uploads: bool = False) -> None:
        check_google_links(self._google_auth)

    def link(self, name: str, lifetime: timedelta, *, filename: str | None = None) -> str:
        self.check_links()
        return SigV4Links(self).download(self.object_path(name), lifetime, filename)

    def upload_form(self, key_prefix: str, lifetime: timedelta, max_size: int) -> UploadForm:
        self.check_links(uploads=True)
        return SigV4Links(self).upload_form(key_prefix, lifetime, max_size)

    def _lean_getter(self) -> LeanGetter | None:
        """The lean GET path, for endpoints reached without a proxy (see lean_get.py)."""
        if self._lean is None and self.provider in self.lean_gets:
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
        with self.answer(what):
            driver = self.driver()
            response = driver.connection.request(
                self.object_path(obj.name), method="GET", stream=True, raw=True
            )
        if int(response.status) == 404:
            raise StorageError(f"'{obj.name}' is no longer in the bucket.")
        check_status(response, self.conf, what, (200,))
        return ResponseReader(response, self.vendor, lambda: self.answer(what))

    def _open_read_lean(self, lean: LeanGetter, obj: RemoteObject, what: str) -> ObjectReader:
        with self.answer(what):
            driver = self.driver()
            response = lean.get(
                self.object_path(obj.name), self.signed_get, driver.connection._user_agent()
            )
            if response.status != 200:
                lean.discard(response)
        if response.status == 404:
            raise StorageError(f"'{obj.name}' is no longer in the bucket.")
        check_status(response, self.conf, what, (200,))
        return lean.reader(response, lambda: self.answer(what), self.vendor)

    def copy(self, source: StoredObject, name: str, *, version: str | None = None) -> None:
        vendor = self.vendor
        part_headers = {f"{vendor}-meta-{k}": v for k, v in (source.meta_data or {}).items()}
        part_headers["Content-Type"] = (
            mimetypes.guess_type(source.name)[0] or "application/octet-stream"
        )
        what = f"copying '{source.name}'"
        with_retries(
            lambda: self._call(
                what,
                copy_on_server,
                self,
                self.provider,
                self.bucket_name,
                source.name,
                name,
                size=source.size,
                version=version,
                part_headers=part_headers,
                if_match=source.known_hash if version is None else None,
            ),
            self.conf.retries,
        )

    def delete(self, name: str) -> None:
        what = f"deleting '{name}'"
        with self.answer(what):
            response = self.driver().connection.request(self.object_path(name), method="DELETE")
        check_status(response, self.conf, what, (200, 202, 204, 404))

    def versioning(self) -> bool | None:
        """Asks the bucket (GetBucketVersioning: ``GET /<bucket>?versioning``, which S3
        and the XML API of Google Cloud Storage both answer with a ``<Status>``).
        Enabled: True; Suspended or never enabled (no status): False, replaced objects
        are gone. Any failure (often a key that may not read the bucket's settings, or a
        server without versioning) means it cannot be told: None."""

        what = "asking whether the bucket keeps versions"
        try:
            with self.answer(what):
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
