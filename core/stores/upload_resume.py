"""Big uploads resumed where they stopped, and unfinished ones abandoned (S3's multipart
uploads; other services upload in parts without it).

A push killed half-way through a 1 GB file leaves its parts on the server, invisible and
billed, and neither rclone nor ``aws s3 sync`` uses them again. Here, every multipart
upload is remembered in the ledger (upload_ledger.py) with the md5 of each part the
server took, and the next push of the same object:

- continues it if the file is the very version that was being sent (same size, mtime,
  inode, md5, part size and upload headers): the server says which parts it holds
  (ListParts); a part counts only if its ETag is the md5 remembered for it, and its size
  the right one. The upload then reads (and hashes) those parts from the file but sends
  only the others, and the object is made only if the md5 of all the parts is the md5 the
  plan compared, as for any upload in parts (multipart.py);
- starts over if the file changed since (the old upload is aborted first), if the server
  no longer knows the upload (404 NoSuchUpload: completed, aborted, expired), or if it
  cannot list parts (the old upload is aborted where it can be).

An upload that fails because the run was cancelled, the network or server failed, or the
credentials were refused is kept for the next run; one that failed because of the file
(changed while read, unreadable) or a refusal that will not change is aborted and
forgotten at once, as before.

Unfinished uploads cost storage until aborted. Every run against a bucket aborts the ones
this computer began there more than :data:`STALE_AFTER` ago (it knows they are its own),
and ``bucketferry backups prune`` shows and aborts every upload in the bucket that the
server says was begun that long ago, whoever began it: aborting another program's upload
behind its back could break a slow transfer it is still making, so that is done only
where a person sees the list and says yes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast
from xml.etree import ElementTree as ET

from ..config import RESUMABLE_UPLOADS_PROVIDER, endpoint_of
from ..errors import (
    AuthenticationError,
    BucketFerryError,
    CancelledError,
    ConnectionFailedError,
    StorageError,
    TransientStorageError,
)
from ..progress import CancelToken
from .http_errors import check_status
from .listing import decoded_name, local_name, readable_xml
from .multipart import PartProtocol, PartTarget, S3Parts
from .upload_ledger import FileVersion, Place, Remembered, UploadLedger, default_ledger

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(days=7)
"""Unfinished uploads older than this are abandoned (S3's own lifecycle rules usually
allow the same week)."""

_KEPT_ON = (CancelledError, TransientStorageError, ConnectionFailedError, AuthenticationError)
"""Failures after which an upload is kept for the next run: nothing is wrong with it."""


@dataclass(frozen=True)
class UnfinishedUpload:
    """A multipart upload the server holds that was never completed."""

    name: str
    upload_id: str
    initiated: datetime | None
    """When the server says it was begun (None when it does not say)."""
    ours: bool
    """This computer began it (it is in the ledger); else another program or computer."""


def place_of(target: PartTarget) -> Place:
    return Place(endpoint_of(target.conf), target.conf.bucket)


def headers_key(headers: dict[str, str]) -> str:
    """A digest of an upload's headers: a resumed upload keeps the type, metadata and
    options it was begun with, so it is continued only if they are still the same."""
    canonical = json.dumps(sorted((k.lower(), v) for k, v in headers.items()))
    return hashlib.sha256(canonical.encode()).hexdigest()


def resumable(store: object) -> PartTarget | None:
    """``store`` as a target whose uploads in parts are S3's (and so can be listed,
    resumed and aborted), else None (local folders, Azure, Google Cloud Storage)."""
    if getattr(store, "provider", None) != RESUMABLE_UPLOADS_PROVIDER:
        return None  # asked before making a driver, which may cost a request elsewhere
    protocol = getattr(store, "part_protocol", None)
    if protocol is None or not isinstance(protocol({}), S3Parts):
        return None
    return cast(PartTarget, store)  # it has S3's parts: a LibcloudStore


def part_memory(target: PartTarget, protocol: PartProtocol, name: str) -> PartResume | None:
    """How an upload of ``name`` in parts is remembered and resumed, where it can be."""
    return PartResume(target, name, default_ledger()) if isinstance(protocol, S3Parts) else None


class PartResume:
    """One upload's memory (multipart.py's ``PartMemory``): see the module's docstring."""

    def __init__(self, target: PartTarget, name: str, ledger: UploadLedger) -> None:
        self.target = target
        self.name = name
        self.ledger = ledger
        self.place = place_of(target)
        self.row: int | None = None

    def start(
        self,
        protocol: PartProtocol,
        headers: dict[str, str],
        st: os.stat_result,
        md5: str,
        step: int,
    ) -> tuple[str, dict[int, str]]:
        version = FileVersion.of(st, md5, step, headers_key(headers))
        old = self.ledger.find(self.place, self.name)
        if old is not None:
            there = self._continued(old, version)
            if there is not None:
                self.row = old.row
                return old.upload_id, there
            self.ledger.forget(old.row)
        with self.target.answer(f"uploading '{self.name}'"):
            upload_id = protocol.begin(self.name, headers)
        self.row = self.ledger.begin(self.place, self.name, upload_id, version, time.time())
        return upload_id, {}

    def _continued(self, old: Remembered, version: FileVersion) -> dict[int, str] | None:
        """The parts of ``old`` the server holds as they were sent, or None to start over."""
        if old.version != version:
            log.info("'%s' changed since its upload was interrupted: starting over", self.name)
            self._abandon(old.upload_id)
            return None
        try:
            listed = list_parts(self.target, self.name, old.upload_id)
        except (StorageError, AuthenticationError) as exc:
            log.info("Cannot resume the upload of '%s' (%s): starting over", self.name, exc)
            self._abandon(old.upload_id)
            return None
        if listed is None:
            log.info("The server no longer has the upload of '%s': starting over", self.name)
            return None
        size, step = version.size, version.part_size
        there = {
            number: etag
            for number, (etag, length) in listed.items()
            if old.parts.get(number) == etag and length == min(step, size - (number - 1) * step)
        }
        log.info(
            "Resuming the upload of '%s': %d of %d parts already there",
            self.name,
            len(there),
            -(-size // step),
        )
        return there

    def _abandon(self, upload_id: str) -> None:
        try:
            abort_upload(self.target, self.name, upload_id)
        except (StorageError, AuthenticationError) as exc:  # transient ones are retried
            log.warning("Could not abort an old upload of '%s': %s", self.name, exc)

    def part_sent(self, number: int, md5: str) -> None:
        if self.row is not None:
            self.ledger.part_sent(self.row, number, md5)

    def end(self, error: BaseException | None) -> bool:
        if self.row is None:
            return False
        if error is not None and (
            isinstance(error, _KEPT_ON) or not isinstance(error, Exception)  # Ctrl-C, exit
        ):
            log.info("The upload of '%s' is kept for the next push to resume", self.name)
            return True
        self.ledger.forget(self.row)
        return False


# --- requests ------------------------------------------------------------------------------


def _get(target: PartTarget, path: str, params: dict[str, str], what: str) -> tuple[int, bytes]:
    """One signed GET; its status, and its body when that is 200."""
    with target.answer(what):
        response = target.driver().connection.request(path, params=params, raw=True)
        status = int(response.status)
        body: bytes = response.response.body if status == 200 else b""
    if status != 404:
        check_status(response, target.conf, what, (200,))
    return status, body


def _root(body: bytes, tag: str, what: str) -> tuple[ET.Element, bool]:
    """The answer's root element: a ``<tag>Result`` (S3) or ``<tag>Response`` (moto's
    ListParts), and whether characters were lost to read it (listing.py)."""
    text, lossy = readable_xml(body)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise StorageError(f"The server's answer to {what} is not valid XML ({exc}).") from exc
    if local_name(root.tag) not in (f"{tag}Result", f"{tag}Response"):
        raise StorageError(
            f"The server's answer to {what} is a <{local_name(root.tag)}> document, not a "
            f"<{tag}Result>."
        )
    return root, lossy


def _children(element: ET.Element) -> Iterator[tuple[str, ET.Element]]:
    for child in element:
        yield local_name(child.tag), child


def _text(element: ET.Element, name: str) -> str:
    return next(((c.text or "").strip() for tag, c in _children(element) if tag == name), "")


def _next_marker(root: ET.Element, name: str, before: str | None, what: str) -> str | None:
    """The marker of the next page, or None after the last one (a page that says more is
    to come without a new marker would be asked for again and again: an error)."""
    if _text(root, "IsTruncated").lower() != "true":
        return None
    marker = _text(root, name)
    if not marker or marker == before:
        raise StorageError(f"The server's answer to {what} said more was to come, but not where.")
    return marker


def list_parts(
    target: PartTarget, name: str, upload_id: str, page_size: int | None = None
) -> dict[int, tuple[str, int]] | None:
    """The parts the server holds of an upload (ListParts, every page of ``page_size``
    parts, the server's 1,000 by default): number -> (ETag, size); None when it does not
    know the upload (404 NoSuchUpload)."""
    what = f"asking which parts of '{name}' the server has"
    params = {"uploadId": upload_id}
    if page_size is not None:
        params["max-parts"] = str(page_size)
    found: dict[int, tuple[str, int]] = {}
    while True:
        status, body = _get(target, target.object_path(name), params, what)
        if status == 404:
            return None
        root, _ = _root(body, "ListParts", what)
        for tag, part in _children(root):
            if tag == "Part":
                number = int(_text(part, "PartNumber"))
                found[number] = (_text(part, "ETag").strip('"'), int(_text(part, "Size") or -1))
        marker = _next_marker(root, "NextPartNumberMarker", params.get("part-number-marker"), what)
        if marker is None:
            return found
        params["part-number-marker"] = marker


def list_unfinished(target: PartTarget) -> list[tuple[str, str, datetime | None]]:
    """Every unfinished upload in the bucket (ListMultipartUploads, every page): (name,
    upload id, when it was begun). Names are asked for URL-encoded, and decoded only when
    the answer says they are, as in listings (listing.py)."""
    what = "listing the unfinished uploads"
    params = {"uploads": "", "encoding-type": "url"}
    found: list[tuple[str, str, datetime | None]] = []
    while True:
        status, body = _get(target, f"/{target.conf.bucket}", params, what)
        if status == 404:
            return found
        root, lossy = _root(body, "ListMultipartUploads", what)
        encoded = _text(root, "EncodingType").lower() == "url"
        for tag, upload in _children(root):
            if tag != "Upload":
                continue
            name, refused = decoded_name(_text(upload, "Key"), encoded, lossy)
            if refused is not None:
                log.warning("Leaving out an unfinished upload of %r: %s", name, refused)
                continue
            found.append((name, _text(upload, "UploadId"), _moment(_text(upload, "Initiated"))))
        key = _next_marker(root, "NextKeyMarker", None, what)
        if key is None:
            return found
        upload_marker = _text(root, "NextUploadIdMarker")
        if (key, upload_marker) == (params.get("key-marker"), params.get("upload-id-marker")):
            raise StorageError(f"The server's answer to {what} gave the same page again.")
        params["key-marker"] = decoded_name(key, encoded, lossy)[0]
        params["upload-id-marker"] = upload_marker


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def abort_upload(target: PartTarget, name: str, upload_id: str) -> None:
    """Aborts an upload (AbortMultipartUpload): its parts are deleted. One the server no
    longer knows is gone already."""
    what = f"abandoning an unfinished upload of '{name}'"
    with target.answer(what):
        response = target.driver().connection.request(
            target.object_path(name), method="DELETE", params={"uploadId": upload_id}
        )
    check_status(response, target.conf, what, (200, 204, 404))


# --- stale uploads -------------------------------------------------------------------------


def abandon_stale_uploads(
    store: object, older_than: timedelta = STALE_AFTER, now: float | None = None
) -> list[Remembered]:
    """Aborts the uploads this computer began in ``store``'s bucket more than
    ``older_than`` ago and never finished (the ledger's own: no listing), and forgets
    them; returns them. Called as runs begin; a failure is logged, never raised (it is
    tried again at the next run)."""
    target = resumable(store)
    if target is None:
        return []
    ledger = default_ledger()
    moment = (time.time() if now is None else now) - older_than.total_seconds()
    abandoned = []
    for upload in ledger.started_before(place_of(target), moment):
        try:
            abort_upload(target, upload.name, upload.upload_id)
        except BucketFerryError as exc:
            log.warning("Could not abort the unfinished upload of '%s': %s", upload.name, exc)
            continue
        log.info("Aborted the unfinished upload of '%s', begun long ago", upload.name)
        ledger.forget(upload.row)
        abandoned.append(upload)
    return abandoned


def stale_uploads(
    store: object, older_than: timedelta = STALE_AFTER, now: datetime | None = None
) -> list[UnfinishedUpload]:
    """Every upload in ``store``'s bucket that the server says was begun more than
    ``older_than`` ago and never finished, ours and others' (for ``backups prune``)."""
    target = resumable(store)
    if target is None:
        return []
    cutoff = (now or datetime.now(UTC)) - older_than
    ours = default_ledger().upload_ids(place_of(target))
    return [
        UnfinishedUpload(name, upload_id, initiated, upload_id in ours)
        for name, upload_id, initiated in list_unfinished(target)
        if initiated is not None and initiated < cutoff
    ]


def abort_uploads(
    store: object, uploads: Sequence[UnfinishedUpload], cancel: CancelToken | None = None
) -> list[UnfinishedUpload]:
    """Aborts ``uploads`` (from :func:`stale_uploads`), forgetting ours; returns those
    aborted. Cancelling stops between two."""
    target = resumable(store)
    if target is None:
        return []
    ledger = default_ledger()
    ours = ledger.upload_ids(place_of(target))
    aborted = []
    for upload in uploads:
        if cancel is not None:
            cancel.raise_if_cancelled()
        abort_upload(target, upload.name, upload.upload_id)
        if upload.upload_id in ours:
            ledger.forget(ours[upload.upload_id])
        aborted.append(upload)
    return aborted
