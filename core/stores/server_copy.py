"""Copying an object inside the bucket on the server (S3's CopyObject and UploadPartCopy,
Google Cloud Storage's XML copy): no byte of the object passes through this computer.

Used to keep an object before a run replaces or deletes it, and to put it back on undo.
S3 copies at most 5 GiB in one request; a bigger object is copied in parts of 512 MiB,
each part one request the server carries out alone.
"""

from __future__ import annotations

import contextlib
from typing import Any
from urllib.parse import quote

from ..config import Provider
from ..errors import StorageError
from .base import SINGLE_COPY_LIMIT
from .http_errors import check_status
from .multipart import PartTarget

COPY_PART_SIZE = 512 * 1024**2


def _copy_source(bucket: str, name: str, version: str | None, google: bool) -> str:
    source = quote(f"/{bucket}/{name}", safe="/~")
    if version:
        source += f"?generation={quote(version)}" if google else f"?versionId={quote(version)}"
    return source


def _refused_in_body(response: Any) -> str | None:
    """S3 may answer a copy with 200 and an <Error> in the body (the copy failed after the
    answer began): the message, or None when the copy succeeded."""
    body = getattr(response, "object", None)
    if body is None or not hasattr(body, "iter"):
        return None
    if body.tag.rpartition("}")[2] != "Error":
        return None
    message = next((e.text for e in body.iter() if e.tag.rpartition("}")[2] == "Message"), None)
    return message or "the server refused the copy"


def copy_on_server(
    target: PartTarget,
    provider: str,
    bucket: str,
    source: str,
    name: str,
    *,
    size: int,
    version: str | None,
    part_headers: dict[str, str],
    if_match: str | None = None,
) -> None:
    """Copies ``source`` (its ``version``, if given) to ``name``, with its metadata (a
    single copy keeps it by itself; a copy in parts starts the new object with
    ``part_headers``: the source's content type and metadata). ``if_match``: the ETag the
    source was checked to have; S3 refuses the copy (412) if the object changed since, so
    a backup is always of the version that was checked (moto ignores this header)."""
    google = provider == Provider.GOOGLE_STORAGE.value
    what = f"copying '{source}' to '{name}'"
    driver = target.driver()
    vendor = driver.http_vendor_prefix
    copy_source = _copy_source(bucket, source, version, google)
    condition = {"x-amz-copy-source-if-match": f'"{if_match}"'} if if_match and not google else {}
    if size > SINGLE_COPY_LIMIT and not google:
        _copy_in_parts(target, name, copy_source, size, what, part_headers, condition)
        return
    headers = {f"{vendor}-copy-source": copy_source, "Content-Length": "0", **condition}
    with target.answer(what):
        response = driver.connection.request(
            target.object_path(name), method="PUT", headers=headers, data=b""
        )
    check_status(response, target.conf, what, (200,))
    refused = _refused_in_body(response)
    if refused is not None:
        raise StorageError(f"Could not copy '{source}' in the bucket: {refused}")


def _copy_in_parts(
    target: PartTarget,
    name: str,
    copy_source: str,
    size: int,
    what: str,
    headers: dict[str, str],
    condition: dict[str, str],
) -> None:
    """UploadPartCopy, part after part (each part is server work, not ours)."""
    driver = target.driver()
    with target.answer(what):
        upload_id = driver._initiate_multipart(target.container(), name, headers=headers)
    done: list[tuple[int, str]] = []
    try:
        for number, offset in enumerate(range(0, size, COPY_PART_SIZE), start=1):
            last = min(offset + COPY_PART_SIZE, size) - 1
            part = {
                "x-amz-copy-source": copy_source,
                "x-amz-copy-source-range": f"bytes={offset}-{last}",
                "Content-Length": "0",
                **condition,  # every part of the same version
            }
            with target.answer(what):
                response = driver.connection.request(
                    target.object_path(name),
                    method="PUT",
                    params={"partNumber": str(number), "uploadId": upload_id},
                    headers=part,
                    data=b"",
                )
            check_status(response, target.conf, what, (200,))
            refused = _refused_in_body(response)
            if refused is not None:
                raise StorageError(f"Could not copy part {number} in the bucket: {refused}")
            etag = next(
                (e.text for e in response.object.iter() if e.tag.rpartition("}")[2] == "ETag"),
                "",
            )
            done.append((number, (etag or "").strip('"')))
        with target.answer(what):
            driver._commit_multipart(target.container(), name, upload_id, done)
    except BaseException:
        with contextlib.suppress(Exception), target.answer(f"abandoning the copy to '{name}'"):
            driver._abort_multipart(target.container(), name, upload_id)
        raise
