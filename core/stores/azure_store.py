"""Azure Blob Storage through libcloud's Azure Blobs driver (its shared-key signing).

The same store as S3's (libcloud_store.py: one driver per thread, every request marked as
waiting on the server, errors in plain words, streamed and verified transfers); what
differs is Azure's protocol:

- A container is checked with ``?restype=container`` and listed with List Blobs
  (azure_listing.py), in one paginated listing that carries each blob's md5 and metadata.
- Uploads are block blobs: one Put Blob (its Content-MD5 checked by the service) or, above
  64 MiB, blocks sent in parallel and committed by one Put Block List that names them
  (multipart.py), with the file's md5 as the blob's own ``Content-MD5``. Blocks that were
  never committed are discarded by the service after a week; nothing needs aborting.
- Copies (backups before a replacement) are Copy Blob inside the account, conditional on
  the ETag that was checked; the service may finish them later, so an unfinished copy is
  waited for.
- Whether a storage account keeps versions is a setting of the account that its key
  cannot read, so this store never counts on versions: replaced blobs are copied to the
  backup folder.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from ..config import Provider
from ..errors import LinksUnavailableError, StorageError, UnsafeRemoteNameError
from ..hashing import MD5_META_KEY
from ..retry import with_retries
from .azure_listing import content_md5, iso_time, parse_azure_page
from .download import StoredObject
from .http_errors import bucket_missing, check_status
from .libcloud_store import LibcloudStore
from .links import AZURE_CANNOT_REQUEST, UploadForm, attachment
from .multipart import PartProtocol

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
_MAX_NAME = 1024
"""Azure's longest blob name, in characters."""

COPY_WAIT = 600.0
"""Seconds to wait for a copy the service finishes on its own time (copies inside one
account usually finish at once)."""


_SAS_TIME = "%Y-%m-%dT%H:%M:%SZ"


class AzureStore(LibcloudStore):
    providers = (Provider.AZURE_BLOBS.value,)
    page_size = 5000
    """Blobs per listing page: Azure's largest."""

    @property
    def vendor(self) -> str:
        return "x-ms"

    def refusal(self, name: str) -> str | None:
        """Names Azure's own rules forbid or mangle ("Naming and Referencing Containers,
        Blobs, and Metadata"): sent anyway, they fail, or the blob gets another name than
        the file (and a push overwrites the wrong blob), or every listing of the folder
        fails."""
        if _CONTROL.search(name):
            return "its name holds a control character, which Azure does not allow in names"
        if "\\" in name:
            return "Azure turns '\\' into '/', so the blob would get another name"
        if any(part.endswith(".") for part in name.split("/")):
            return (
                "a part of its name ends with a dot, which Azure drops, so the blob would "
                "get another name"
            )
        if len(name) > _MAX_NAME:
            return f"its name is longer than Azure's limit of {_MAX_NAME} characters"
        return None

    def object_path(self, name: str) -> str:
        problem = self.refusal(name)
        if problem is not None:
            raise UnsafeRemoteNameError(f"'{name}' cannot be used in Azure: {problem}.")
        return super().object_path(name)

    lean_gets = (Provider.AZURE_BLOBS.value,)

    def signed_get(self, path: str, headers: dict[str, str]) -> tuple[str, dict[str, str]]:
        """Signed with the shared key as libcloud's Azure connection signs (its own
        ``pre_connect_hook``): over the path with the account prefix an emulator needs."""
        connection = self.driver().connection
        path = connection.morph_action_hook(path)
        signed = {
            **headers,
            "x-ms-date": time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()),
            "x-ms-version": connection.API_VERSION,
        }
        signed["Authorization"] = connection._get_azure_auth_signature(
            method="GET",
            headers=signed,
            params={},
            account=connection.user_id,
            secret_key=connection.key,
            path=path,
        )
        return path, signed

    def link(self, name: str, lifetime: timedelta, *, filename: str | None = None) -> str:
        """A service SAS for reading one blob (version 2018-11-09, as libcloud's).

        Signed here, not by libcloud's ``get_object_cdn_url``: that signs the URL-encoded
        path, where Azure signs the blob's own name, so every name with a space or a
        non-ASCII letter got a link Azure refuses (seen on Azurite)."""
        driver = self.driver()
        connection = driver.connection
        now = datetime.now(UTC)
        params = {
            "st": (now - timedelta(minutes=5)).strftime(_SAS_TIME),  # clocks drift
            "se": (now + lifetime).strftime(_SAS_TIME),
            "sp": "r",
            "spr": "https" if connection.secure else "http,https",
            "sv": connection.API_VERSION,
            "sr": "b",
        }
        if filename:
            params["rscd"] = attachment(filename)
        resource = f"/blob/{connection.user_id}/{self.bucket_name}/{name}"
        fields = ("sp", "st", "se", None, "si", "sip", "spr", "sv", "sr", "sst")
        lines = [resource if f is None else params.get(f, "") for f in fields]
        lines += [params.get(f, "") for f in ("rscc", "rscd", "rsce", "rscl", "rsct")]
        digest = hmac.new(driver.secret, "\n".join(lines).encode(), hashlib.sha256).digest()
        params["sig"] = base64.b64encode(digest).decode()
        return f"{self.url_of(name)}?{urlencode(params, quote_via=quote)}"

    def check_links(self, *, uploads: bool = False) -> None:
        if uploads:
            raise LinksUnavailableError(AZURE_CANNOT_REQUEST)

    def upload_form(self, key_prefix: str, lifetime: timedelta, max_size: int) -> UploadForm:
        raise LinksUnavailableError(AZURE_CANNOT_REQUEST)

    def url_of(self, name: str) -> str:
        """The full address of an object, as Copy Blob names its source."""
        connection = self.driver().connection
        scheme = "https" if connection.secure else "http"
        path = connection.morph_action_hook(self.object_path(name))
        return f"{scheme}://{connection.host}:{connection.port}{path}"

    # --- the container ------------------------------------------------------------------

    def check(self) -> None:
        what = "opening the container"

        def head_container() -> None:
            with self.answer(what):
                response = self.driver().connection.request(
                    f"/{self.bucket_name}", method="HEAD", params={"restype": "container"}
                )
            if int(response.status) == 404:
                raise bucket_missing(self.conf)
            check_status(response, self.conf, what, (200,))

        with_retries(lambda: self._call(what, head_container), self.conf.retries)

    listing_token = "marker"
    parse_listing = staticmethod(parse_azure_page)

    def listing_query(self) -> dict[str, str]:
        """List Blobs, with each blob's metadata (the md5 where Content-MD5 is missing)."""
        return {
            "restype": "container",
            "comp": "list",
            "include": "metadata",
            "maxresults": str(self.page_size),
        }

    def versioning(self) -> bool | None:
        return False

    # --- objects ------------------------------------------------------------------------

    def head(self, name: str) -> StoredObject | None:
        what = f"checking '{name}'"

        def run() -> StoredObject | None:
            with self.answer(what):
                response = self.driver().connection.request(self.object_path(name), method="HEAD")
            if int(response.status) == 404:
                return None
            check_status(response, self.conf, what, (200,))
            return self._from_headers(name, response.headers)

        return with_retries(  # type: ignore[no-any-return]
            lambda: self._call(what, run), self.conf.retries
        )

    def _from_headers(self, name: str, headers: dict[str, str]) -> StoredObject:
        prefix = f"{self.vendor}-meta-"
        meta = {k[len(prefix) :]: v for k, v in headers.items() if k.lower().startswith(prefix)}
        etag = (headers.get("etag") or "").strip('"')
        modified = iso_time(headers.get("last-modified"))
        extra: dict[str, Any] = {"last_modified": modified, "etag": etag}
        version = headers.get("x-ms-version-id")
        if version:
            extra["version_id"] = version
        md5 = content_md5(headers.get("content-md5")) or meta.get(MD5_META_KEY)
        return StoredObject(
            name,
            int(headers.get("content-length") or 0),
            md5 or etag or None,
            self.provider,
            extra=extra,
            meta_data=meta,
            store=self,
        )

    def upload_headers(self, name: str, md5: str, extra: Any) -> dict[str, str]:
        headers = super().upload_headers(name, md5, extra)
        if headers.pop(f"{self.vendor}-acl", None) is not None:
            raise StorageError(
                "Azure has no access list per blob (the 'acl' upload option): access is "
                "set on the container or the account."
            )
        headers["x-ms-blob-type"] = "BlockBlob"
        return headers

    def stored_md5(self, response: Any) -> str | None:
        return content_md5(response.headers.get("content-md5"))

    def uploaded(
        self, name: str, size: int, md5: str, etag: str, meta_data: dict[str, str]
    ) -> StoredObject:
        return StoredObject(
            name, size, md5, self.provider, extra={"etag": etag}, meta_data=meta_data, store=self
        )

    def part_protocol(self, headers: dict[str, str]) -> PartProtocol | None:
        return AzureBlocks(self)

    def copy(self, source: StoredObject, name: str, *, version: str | None = None) -> None:
        if version is not None:
            raise StorageError(
                f"Cannot copy an older version of '{source.name}': Bucket Ferry does not use "
                "Azure's blob versions."
            )
        what = f"copying '{source.name}' to '{name}'"
        headers = {"x-ms-copy-source": self.url_of(source.name)}
        etag = source.extra.get("etag")
        if etag:  # the version that was checked, or the copy fails (412)
            headers["x-ms-source-if-match"] = f'"{etag}"'

        def run() -> None:
            with self.answer(what):
                response = self.driver().connection.request(
                    self.object_path(name), method="PUT", headers=headers, data=b""
                )
            check_status(response, self.conf, what, (201, 202))
            self._wait_for_copy(name, response.headers.get("x-ms-copy-status"), what)

        with_retries(lambda: self._call(what, run), self.conf.retries)

    def _wait_for_copy(self, name: str, status: str | None, what: str) -> None:
        deadline = time.monotonic() + COPY_WAIT
        while status == "pending":
            if time.monotonic() > deadline:
                raise StorageError(f"Azure had not finished {what} after {COPY_WAIT:.0f} s.")
            time.sleep(0.5)
            with self.answer(what):
                response = self.driver().connection.request(self.object_path(name), method="HEAD")
            check_status(response, self.conf, what, (200,))
            status = response.headers.get("x-ms-copy-status")
        if status not in (None, "success"):
            raise StorageError(f"Azure did not finish {what}: the copy ended as '{status}'.")


class AzureBlocks:
    """Azure's block blob in blocks: Put Block for each part, one Put Block List to make
    the blob. Block ids hold a random upload id, so blocks left by an attempt that failed
    are never mistaken for this one's."""

    max_parts = 50_000
    part_ok: tuple[int, ...] = (201,)

    def __init__(self, store: AzureStore) -> None:
        self.store = store

    def begin(self, name: str, headers: dict[str, str]) -> str:
        return uuid.uuid4().hex[:16]

    def part_params(self, upload_id: str, number: int) -> dict[str, str]:
        return {"comp": "block", "blockid": self.part_tag(upload_id, number, None)}

    def part_tag(self, upload_id: str, number: int, response: Any) -> str:
        """The block's id: the same length for every block, as Azure requires."""
        return base64.b64encode(f"{upload_id}-{number:06d}".encode()).decode()

    def commit(
        self, name: str, upload_id: str, done: list[tuple[int, str]], headers: dict[str, str]
    ) -> str | None:
        root = ET.Element("BlockList")
        for _, block_id in sorted(done):
            ET.SubElement(root, "Latest").text = block_id
        body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
        blob = {k: v for k, v in headers.items() if k.lower().startswith("x-ms-meta-")}
        blob["x-ms-blob-content-type"] = headers.get("Content-Type", "application/octet-stream")
        md5 = headers.get(f"x-ms-meta-{MD5_META_KEY}")
        if md5:
            blob["x-ms-blob-content-md5"] = base64.b64encode(bytes.fromhex(md5)).decode()
        blob["Content-Length"] = str(len(body))
        response = self.store.driver().connection.request(
            self.store.object_path(name),
            method="PUT",
            params={"comp": "blocklist"},
            headers=blob,
            data=body,
            raw=True,
        )
        check_status(response, self.store.conf, f"uploading '{name}'", (201,))
        return str(response.headers.get("etag") or "").strip('"') or None

    def abort(self, name: str, upload_id: str) -> None:
        """Nothing to do: the service drops blocks no commit named."""
