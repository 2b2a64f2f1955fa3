"""Big files uploaded in parts sent in parallel (S3's multipart upload, Azure's blocks),
committed only when what was sent is the file that was planned.

A file is read part by part at different moments, so it may change between two parts:
the parts are hashed in file order as they are read (:class:`OrderedDigest`) and the
object is committed only if that md5 is the one the plan compared and the file kept its
identity; otherwise the upload is abandoned and nothing is stored.

S3's uploads cut off (cancelled, the network gone, the process killed) are remembered and
continued by the next push of the same file (upload_resume.py): the parts already on the
server are read and hashed, not sent.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from libcloud.storage.base import Container, StorageDriver

from ..config import RemoteStorageConfig
from ..errors import IntegrityError
from ..hashing import file_identity
from ..progress import CancelToken, resume_reporter
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


class PartMemory(Protocol):
    """Where an upload in parts is remembered so a later run can resume it (S3's, in
    upload_resume.py). One object per upload; ``part_sent`` is called from the workers."""

    def start(
        self,
        protocol: PartProtocol,
        headers: dict[str, str],
        st: os.stat_result,
        md5: str,
        step: int,
    ) -> tuple[str, dict[int, str]]:
        """The upload to send to (an earlier one of this very file, or one begun now) and
        the parts the server already holds of it: number -> md5."""

    def part_sent(self, number: int, md5: str) -> None: ...

    def end(self, error: BaseException | None) -> bool:
        """After the object was made (None) or the upload failed; True when the failed
        upload is kept for a later run to resume, so it must not be aborted."""


class _Window:
    """Keeps the workers within ``width`` parts of the first part not yet hashed: parts
    wait in memory for the ones before them (:class:`OrderedDigest`), and a slow part, or
    parts a resumed upload skips (read, not sent), must not let the others pile up. Once
    a part failed, the parts not yet begun stop at once (the error is raised instead)."""

    def __init__(self, width: int, cancel: CancelToken) -> None:
        self._width = width
        self._cancel = cancel
        self._next = 1
        self._passed: set[int] = set()
        self._changed = threading.Condition()
        self.error: BaseException | None = None

    @contextlib.contextmanager
    def turn(self, number: int) -> Iterator[None]:
        with self._changed:
            while number >= self._next + self._width and self.error is None:
                self._changed.wait(0.25)
                self._cancel.raise_if_cancelled()
            if self.error is not None:
                raise _Stopped()
        try:
            yield
        except BaseException as exc:
            with self._changed:
                self.error = self.error or exc
            raise
        finally:
            with self._changed:
                self._passed.add(number)
                while self._next in self._passed:
                    self._passed.remove(self._next)
                    self._next += 1
                self._changed.notify_all()


class _Stopped(Exception):
    """A part not sent because another one failed first."""


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
    memory: PartMemory | None = None,
) -> str | None:
    """Send the file in parts, in parallel, each with its own Content-MD5, and commit the
    object (created with ``headers``: its type and metadata); returns the ETag the server
    gave it. ``md5`` (what goes into the metadata,
    and what plans compare) was computed before: it must be what the parts add up to.

    With a ``memory``, an upload of the same file that an earlier run left unfinished is
    continued: the parts the server holds are read and hashed (so the md5 above still
    covers every byte) but not sent, and the run's
    :func:`~bucketferry.core.progress.resume_reporter` is told how much was there. A
    failed upload is then kept for the next run where the memory says so (cancelled, the
    network gone), else abandoned as always."""
    what = f"uploading '{name}'"
    before = os.stat(local_path)
    step = part_size(size, protocol.max_parts)
    there: dict[int, str] = {}
    if memory is None:
        with target.answer(what):
            upload_id = protocol.begin(name, headers)
    else:
        upload_id, there = memory.start(protocol, headers, before, md5, step)
    parts = [(n + 1, offset) for n, offset in enumerate(range(0, size, step))]
    sent = OrderedDigest()
    window = _Window(2 * PART_WORKERS, cancel)
    counted = threading.Lock()
    already = sum(min(step, size - offset) for number, offset in parts if number in there)
    report_resumed = resume_reporter()
    if already:
        report_resumed(already, size)

    def send_part(part: tuple[int, int]) -> tuple[int, str]:
        nonlocal already
        number, offset = part
        cancel.raise_if_cancelled()
        with open(local_path, "rb") as handle:
            handle.seek(offset)
            data = handle.read(min(step, size - offset))
        sent.add(number, data)
        digest = hashlib.md5(data)
        known = there.get(number)
        if known is not None:
            if digest.hexdigest() == known:
                return number, known  # the server holds these very bytes
            with counted:  # the server's part is not this file's: it is sent again
                already -= len(data)
                report_resumed(already, size)
        headers = {
            "Content-Length": str(len(data)),
            "Content-MD5": base64.b64encode(digest.digest()).decode(),
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
        if memory is not None:
            memory.part_sent(number, digest.hexdigest())
        return number, protocol.part_tag(upload_id, number, response)

    def in_turn(part: tuple[int, int]) -> tuple[int, str]:
        with window.turn(part[0]):
            return send_part(part)

    try:
        try:
            with ThreadPoolExecutor(PART_WORKERS, thread_name_prefix="part") as pool:
                done = list(pool.map(in_turn, parts))
        except _Stopped:
            assert window.error is not None
            raise window.error from None
        if file_identity(os.stat(local_path)) != file_identity(before) or sent.hexdigest() != md5:
            # Parts read at different times would join old and new content, and a
            # file changed before its first part would carry the old md5.
            raise IntegrityError(
                "The file changed while it was being uploaded; nothing was stored. "
                "Try again when it is no longer being written."
            )
        with target.answer(what):
            etag = protocol.commit(name, upload_id, done, headers)
    except BaseException as exc:
        if memory is None or not memory.end(exc):
            with contextlib.suppress(Exception), target.answer(f"abandoning '{name}'"):
                protocol.abort(name, upload_id)
        raise
    if memory is not None:
        memory.end(None)
    return etag
