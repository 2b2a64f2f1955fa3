"""Azure's container listings (List Blobs' ``EnumerationResults``), read as exactly as S3's.

The page is made readable the same way (listing.py): a raw CR is kept, a character XML
forbids is replaced and its name refused rather than guessed. Where the service encodes a
name (``<Name Encoded="true">``, percent-escapes), it is decoded; other names are plain
text. An object's md5 is its ``Content-MD5`` property (base64), or the one Bucket Ferry
keeps in its metadata, asked for in the same request (``include=metadata``); an Azure ETag
(``0x8D…``) is never an md5, so it only serves to ask for that very version.
"""

from __future__ import annotations

import base64
import binascii
import xml.etree.ElementTree as ET
from datetime import UTC

from ..hashing import MD5_META_KEY, PLAIN_MD5
from ..units import moment_of
from .listing import (
    REPLACED,
    ListedObject,
    ListingPage,
    add_folder,
    listed_size,
    listing_root,
    local_name,
    unescaped_name,
)


def parse_azure_page(body: bytes) -> ListingPage:
    """The blobs, sub-folder prefixes and continuation (``NextMarker``) of one page."""
    root, lossy = listing_root(body, "EnumerationResults")
    page = ListingPage()
    for element in root:
        kind = local_name(element.tag)
        if kind == "Blobs":
            for entry in element:
                entry_kind = local_name(entry.tag)
                if entry_kind == "Blob":
                    page.objects.append(_blob(entry, lossy))
                elif entry_kind == "BlobPrefix":
                    add_folder(page, *_name(_child(entry, "Name"), lossy))
        elif kind == "NextMarker":
            page.next_token = (element.text or "").strip() or None
    page.truncated = page.next_token is not None
    return page


def _blob(entry: ET.Element, lossy: bool) -> ListedObject:
    name, refused = _name(_child(entry, "Name"), lossy)
    properties = _texts(_child(entry, "Properties"))
    metadata = _texts(_child(entry, "Metadata"))
    return ListedObject(
        name,
        listed_size(properties.get("Content-Length", "0"), name),
        properties.get("Etag", "").strip().strip('"'),
        iso_time(properties.get("Last-Modified")),
        refused,
        md5=content_md5(properties.get("Content-MD5")) or _meta_md5(metadata),
        meta_data=metadata,
    )


def _name(element: ET.Element | None, lossy: bool) -> tuple[str, str | None]:
    if element is None:
        return "", "the listing gave it no name"
    raw = element.text or ""
    if element.get("Encoded", "").lower() == "true":
        return unescaped_name(raw)
    if lossy and REPLACED in raw:
        return raw, (
            "its name has characters that a listing cannot carry, so it cannot be named exactly"
        )
    return raw, None


def content_md5(value: str | None) -> str | None:
    """Azure's ``Content-MD5`` (base64 of the 16 bytes) as hex, or None if absent or not
    an md5."""
    if not value:
        return None
    try:
        digest = base64.b64decode(value.strip(), validate=True)
    except (ValueError, binascii.Error):
        return None
    return digest.hex() if len(digest) == 16 else None


def _meta_md5(metadata: dict[str, str]) -> str | None:
    value = metadata.get(MD5_META_KEY, "").strip().lower()
    return value if PLAIN_MD5.match(value) else None


def iso_time(http_date: str | None) -> str | None:
    """An HTTP date (``Mon, 30 Nov 2026 14:19:12 GMT``) as S3 listings write times
    (``2026-11-30T14:19:12.000Z``), so every provider's objects read alike."""
    if not http_date:
        return None
    when = moment_of(http_date)
    if when is None:
        return http_date
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _child(element: ET.Element | None, name: str) -> ET.Element | None:
    if element is None:
        return None
    return next((child for child in element if local_name(child.tag) == name), None)


def _texts(element: ET.Element | None) -> dict[str, str]:
    if element is None:
        return {}
    return {local_name(child.tag): child.text or "" for child in element}
