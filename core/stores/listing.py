"""Bucket listings (ListObjectsV2's XML, page by page), read so that every name is exact.

Names in a listing are XML text, and XML cannot carry every name: a parser turns a raw CR
into LF (so ``r/c\\rd`` was listed as ``r/c\\nd``, a push planned it as new and overwrote
the object), and a control character such as ``\\x01`` makes the whole page unreadable
(every listing of that prefix failed). So the store asks for ``encoding-type=url`` and
this module decodes names when, and only when, the answer says it encoded them
(``<EncodingType>url</EncodingType>``): a server that ignores the parameter sends plain
names, and decoding those would turn a real '%41' into 'A'. Google Cloud Storage encodes
names in its version-1 listing without saying so, which is why the store lists with
``list-type=2`` there as well: there it says so.

For a server that ignores the parameter the page is made readable first: a raw CR is
kept as a character reference (which XML does not normalise), and a character XML forbids
is replaced; a name that held a replaced character is refused, never guessed. A name that
is not UTF-8 once decoded is refused too. Refused names come back with the reason, so one
such object never stops the listing of the others.

Elements are matched by their local name: S3's namespace, Google's and none read alike.
"""

from __future__ import annotations

import logging
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..errors import StorageError

log = logging.getLogger(__name__)

REPLACED = "\ufffd"
"""What stands in for characters a page could not carry (U+FFFD, the replacement character)."""

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ROOT_START = re.compile(r"<[^?!]")


class ListingUnreadable(ValueError):
    """The answer is not a bucket listing at all (not XML, or another document)."""


@dataclass(frozen=True)
class ListedObject:
    name: str
    size: int
    etag: str
    last_modified: str | None
    refused: str | None = None
    """Why the name cannot be known exactly (so nothing may address it), or None."""
    md5: str | None = None
    """The content's md5 where the listing says it apart from the ETag (Azure), or None."""
    meta_data: dict[str, str] = field(default_factory=dict)
    """User metadata, where the listing carries it (Azure's ``include=metadata``)."""


@dataclass
class ListingPage:
    objects: list[ListedObject] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    truncated: bool = False
    next_token: str | None = None


def pages(
    fetch: Callable[[dict[str, str]], bytes],
    params: dict[str, str],
    what: str,
    parse: Callable[[bytes], ListingPage] | None = None,
    token_param: str = "continuation-token",
) -> Iterator[ListingPage]:
    """Every page of one listing: ``fetch`` sends one request with the query ``params``
    (the continuation token, as ``token_param``, added from the second page on) and
    returns the answer's body, which ``parse`` reads (S3's ListObjectsV2 by default).

    A page that says more is to come but gives no new continuation token ends the
    listing with a StorageError: asking again would return the same page for ever.
    """
    params = dict(params)
    tokens: set[str] = set()
    listed = 0
    while True:
        try:
            page = (parse or parse_page)(fetch(params))
        except ListingUnreadable as exc:
            raise StorageError(f"The server's answer to {what} could not be read: {exc}.") from exc
        yield page
        listed += len(page.objects)
        if not page.truncated:
            return
        token = page.next_token
        if not token or token in tokens:
            said = "no continuation token" if not token else "a continuation token again"
            raise StorageError(
                f"The server's listing went wrong while {what}: a page said more was to come "
                f"but gave {said}, so the rest cannot be asked for (stopped after {listed} "
                "objects). The server may not fully support listings."
            )
        tokens.add(token)
        params[token_param] = token


def listing_root(body: bytes, tag: str) -> tuple[ET.Element, bool]:
    """The root element of a listing page, which must be a ``<tag>``, and whether the page
    had to lose characters to be read (see :func:`readable_xml`)."""
    text, lossy = readable_xml(body)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ListingUnreadable(f"it is not valid XML ({exc})") from exc
    if local_name(root.tag) != tag:
        raise ListingUnreadable(f"it is a <{local_name(root.tag)}> document, not a bucket listing")
    return root, lossy


def parse_page(body: bytes) -> ListingPage:
    """The objects, sub-folder prefixes and continuation of one ListObjectsV2 answer."""
    root, lossy = listing_root(body, "ListBucketResult")
    encoded = _child_text(root, "EncodingType").strip().lower() == "url"
    page = ListingPage()
    for element in root:
        kind = local_name(element.tag)
        if kind == "Contents":
            page.objects.append(_listed_object(element, encoded, lossy))
        elif kind == "CommonPrefixes":
            add_folder(page, *decoded_name(_child_text(element, "Prefix"), encoded, lossy))
        elif kind == "IsTruncated":
            page.truncated = (element.text or "").strip().lower() == "true"
        elif kind == "NextContinuationToken":
            page.next_token = (element.text or "").strip() or None
    return page


def readable_xml(body: bytes) -> tuple[str, bool]:
    """The page as text an XML parser reads exactly, and whether anything was replaced.

    Only a server that ignored ``encoding-type=url`` sends what needs this: an encoded
    page is plain ASCII inside its elements.
    """
    try:
        text = body.decode("utf-8")
        lossy = False
    except UnicodeDecodeError:
        text = body.decode("utf-8", errors="replace")
        lossy = True
    text, replaced = _NOT_IN_XML.subn(REPLACED, text)
    start = _ROOT_START.search(text)
    if start is not None and "\r" in text:
        # Character references are allowed only inside the root element.
        inside = text.find(">", start.start()) + 1
        if inside > 0:
            text = text[:inside] + text[inside:].replace("\r", "&#13;")
    return text, lossy or replaced > 0


def _listed_object(element: ET.Element, encoded: bool, lossy: bool) -> ListedObject:
    values = {local_name(child.tag): child.text or "" for child in element}
    name, refused = decoded_name(values.get("Key", ""), encoded, lossy)
    return ListedObject(
        name,
        listed_size(values.get("Size", "0"), name),
        values.get("ETag", "").strip().strip('"'),
        values.get("LastModified") or None,
        refused,
    )


def decoded_name(raw: str, encoded: bool, lossy: bool) -> tuple[str, str | None]:
    """A name as the bucket holds it, and why it is refused (or None).

    Encoded names are decoded the way S3 encodes them: '%XX' escapes, and '+' for a
    space (a '+' itself comes as '%2B'; servers that send spaces as '%20' read alike).
    """
    if encoded and ("%" in raw or "+" in raw):
        return unescaped_name(raw.replace("+", " "))
    if not encoded and lossy and REPLACED in raw:
        return raw, (
            "its name has characters that this server cannot list exactly (it does not "
            "offer encoded listings), so it cannot be named exactly"
        )
    return raw, None


def unescaped_name(escaped: str) -> tuple[str, str | None]:
    """A name sent with '%XX' escapes, and why it is refused (or None): the bytes it
    stands for must be UTF-8 text to be named exactly."""
    data = urllib.parse.unquote_to_bytes(escaped)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        shown = data.decode("utf-8", errors="backslashreplace")
        return shown, "its name is not valid UTF-8 text, so it cannot be named exactly"


def add_folder(page: ListingPage, folder: str, refused: str | None) -> None:
    """A sub-folder prefix of a listing, unless its name cannot be known exactly."""
    if refused is None:
        page.folders.append(folder)
    else:
        log.warning("Leaving out the folder %r of a listing: %s", folder, refused)


def listed_size(text: str, name: str) -> int:
    try:
        return int(text.strip() or 0)
    except ValueError as exc:
        raise ListingUnreadable(f"the size of {name!r} is not a number") from exc


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def _child_text(element: ET.Element, name: str) -> str:
    for child in element:
        if local_name(child.tag) == name:
            return child.text or ""
    return ""
