"""Big files uploaded in parts sent in parallel (S3's multipart upload), committed only
when what was sent is the file that was planned.

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
from typing import Protocol

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


class PartTarget(Protocol):
    """What sending parts needs of the store: each worker thread uses its own driver."""

    conf: RemoteStorageConfig

    def driver(self) -> StorageDriver: ...

    def container(self) -> Container: ...

    def answer(self, what: str) -> contextlib.AbstractContextManager[ServerWait]: ...

    def object_path(self, name: str) -> str: ...


def upload_in_parts(
    target: PartTarget,
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
    driver = target.driver()
    before = os.stat(local_path)
    with target.answer(what):
        upload_id = driver._initiate_multipart(target.container(), name, headers=headers)
    parts = [(n + 1, offset) for n, offset in enumerate(range(0, size, PART_SIZE))]
    sent = OrderedDigest()

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
        part_driver = target.driver()
        with target.answer(what) as wait:
            body = ProgressReader(io.BytesIO(data), len(data), on_bytes, cancel, wait)
            response = part_driver.connection.request(
                target.object_path(name),
                method="PUT",
                params={"partNumber": str(number), "uploadId": upload_id},
                data=body,
                headers=headers,
                raw=True,
            )
        check_status(response, target.conf, what, (200,))
        return number, (response.headers.get("etag") or "").strip('"')

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
            etag: str | None = driver._commit_multipart(target.container(), name, upload_id, done)
    except BaseException:
        with contextlib.suppress(Exception), target.answer(f"abandoning '{name}'"):
            driver._abort_multipart(target.container(), name, upload_id)
        raise
    return etag
