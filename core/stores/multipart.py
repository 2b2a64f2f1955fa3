"""Big files uploaded in parts sent in parallel (S3's multipart upload, Azure's blocks),
committed only when what was sent is the file that was planned.

A file is read part by part at different moments, so it may change between two parts:
the parts are hashed in file order as they are read (:class:`OrderedDigest`) and the
object is committed only if that md5 is the one the plan compared and the file kept its
identity; otherwise the upload is abandoned and nothing is stored.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from libcloud.storage.base import Container, StorageDriver

from ..config import RemoteStorageConfig
from ..errors import IntegrityError
from ..hashing import file_identity
from ..progress import CancelToken
from .base import BytesCallback
from .bodies import OrderedDigest, ProgressReader, ServerWait
from .http_errors import check_status

PART_SIZE = 8 * 1024 * 1024  # aws-cli's default: the same ETag as objects it uploads
PART_WORKERS = 4
MIB = 1024 * 1024


class PartTarget(Protocol):
    """What sending parts needs of the store: each worker thread uses its own driver."""

    conf: RemoteStorageConfig

    def driver(self) -> StorageDriver: ...

    def container(self) -> Container: ...

    def answer(self, what: str) -> contextlib.AbstractContextManager[ServerWait]: ...

    def object_path(self, name: str) -> str: ...


class PartProtocol(Protocol):
    """How one kind of service takes an object in parts: S3's multipart upload
    (:class:`S3Parts`) or Azure's blocks (azure_store.py)."""

    max_parts: int
    part_ok: tuple[int, ...]

    def begin(self, name: str, headers: dict[str, str]) -> str:
        """Starts the upload; its id (empty where the service needs none)."""

    def part_params(self, upload_id: str, number: int) -> dict[str, str]:
        """The query that sends part ``number`` (1-based)."""

    def part_tag(self, upload_id: str, number: int, response: Any) -> str:
        """What the commit names the part by."""

    def commit(
        self, name: str, upload_id: str, done: list[tuple[int, str]], headers: dict[str, str]
    ) -> str | None:
        """Makes the object of the parts ``done``; its ETag."""

    def abort(self, name: str, upload_id: str) -> None: ...


class S3Parts:
    """S3's multipart upload, through libcloud's driver."""

    max_parts = 10_000
    part_ok: tuple[int, ...] = (200,)

    def __init__(self, target: PartTarget) -> None:
        self.target = target

    def begin(self, name: str, headers: dict[str, str]) -> str:
        driver = self.target.driver()
        return str(driver._initiate_multipart(self.target.container(), name, headers=headers))

    def part_params(self, upload_id: str, number: int) -> dict[str, str]:
        return {"partNumber": str(number), "uploadId": upload_id}

    def part_tag(self, upload_id: str, number: int, response: Any) -> str:
        return str(response.headers.get("etag") or "").strip('"')

    def commit(
        self, name: str, upload_id: str, done: list[tuple[int, str]], headers: dict[str, str]
    ) -> str | None:
        driver = self.target.driver()
        etag = driver._commit_multipart(self.target.container(), name, upload_id, done)
        return None if etag is None else str(etag)

    def abort(self, name: str, upload_id: str) -> None:
        self.target.driver()._abort_multipart(self.target.container(), name, upload_id)


def part_size(size: int, max_parts: int) -> int:
    """8 MiB, or the smallest whole number of MiB that keeps ``size`` within the
    service's number of parts (aws-cli grows its parts the same way)."""
    if size <= PART_SIZE * max_parts:
        return PART_SIZE
    return -(-size // max_parts // MIB) * MIB


def upload_in_parts(
    target: PartTarget,
    protocol: PartProtocol,
    local_path: str,
    name: str,
    size: int,
    md5: str,
    headers: dict[str, str],
    on_bytes: BytesCallback,
    cancel: CancelToken,
) -> str | None:
    """Send the file in parts, in parallel, each with its own Content-MD5, and commit the
    object (created with ``headers``: its type and metadata); returns the ETag the server
    gave it. ``md5`` (what goes into the metadata,
    and what plans compare) was computed before: it must be what the parts add up to."""
    what = f"uploading '{name}'"
    before = os.stat(local_path)
    with target.answer(what):
        upload_id = protocol.begin(name, headers)
    step = part_size(size, protocol.max_parts)
    parts = [(n + 1, offset) for n, offset in enumerate(range(0, size, step))]
    sent = OrderedDigest()

    def send_part(part: tuple[int, int]) -> tuple[int, str]:
        number, offset = part
        cancel.raise_if_cancelled()
        with open(local_path, "rb") as handle:
            handle.seek(offset)
            data = handle.read(min(step, size - offset))
        sent.add(number, data)
        headers = {
            "Content-Length": str(len(data)),
            "Content-MD5": base64.b64encode(hashlib.md5(data).digest()).decode(),
        }
        part_driver = target.driver()
        with target.answer(what) as wait:
            body = ProgressReader(io.BytesIO(data), len(data), on_bytes, cancel, wait)
            response = part_driver.connection.request(
                target.object_path(name),
                method="PUT",
                params=protocol.part_params(upload_id, number),
                data=body,
                headers=headers,
                raw=True,
            )
        check_status(response, target.conf, what, protocol.part_ok)
        return number, protocol.part_tag(upload_id, number, response)

    try:
        with ThreadPoolExecutor(PART_WORKERS, thread_name_prefix="part") as pool:
            done = list(pool.map(send_part, parts))
        if file_identity(os.stat(local_path)) != file_identity(before) or sent.hexdigest() != md5:
            # Parts read at different times would join old and new content, and a
            # file changed before its first part would carry the old md5.
            raise IntegrityError(
                "The file changed while it was being uploaded; nothing was stored. "
                "Try again when it is no longer being written."
            )
        with target.answer(what):
            etag = protocol.commit(name, upload_id, done, headers)
    except BaseException:
        with contextlib.suppress(Exception), target.answer(f"abandoning '{name}'"):
            protocol.abort(name, upload_id)
        raise
    return etag
