"""Share links and request links: made, listed and revoked, with the bucket as the record.

A share or request keeps its pages and a small ``share.json`` under
``.bucketferry-shares/<id>/`` (a reserved folder: never listed in trees, planned, pushed or
pulled), so any computer with the connection sees the same list. Links themselves are
signatures: nothing on a server can withdraw one before it expires. Revoking deletes the
pages, which stops the one link that was handed out; what the pages pointed to stays
reachable to whoever already has it, and ``Revoked.still_reachable`` says so in words.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from ..errors import ConfigurationError
from ..progress import CancelToken
from ..reserved import SHARES_PREFIX
from ..stores.base import ObjectStore
from ..stores.download import read_small
from ..units import human_size
from .lifetimes import checked_lifetime
from .pages import Entry, index_page, upload_page

log = logging.getLogger(__name__)

PAGE_SIZE = 1000
"""Files per index page: a browser shows a thousand rows at once without strain."""

MAX_REQUEST_FILE = 5 * 1000**3
"""The largest single browser upload S3 accepts (5 GB)."""

MANIFEST = "share.json"


@dataclass
class Share:
    """What was shared (``file``, ``folder``) or requested (``request``), for how long.

    ``url`` is the link to hand out: made now, valid until ``expires`` (a fresh signature
    for the time left when listed; None once expired). ``path`` is the object's or
    folder's full name in the bucket ('' for the whole bucket); for a request,
    ``incoming`` is where the files arrive."""

    id: str
    kind: str
    path: str
    created: datetime
    expires: datetime
    files: int = 0
    bytes: int = 0
    pages: int = 0
    max_size: int | None = None
    incoming: str | None = None
    url: str | None = field(default=None, compare=False)

    @property
    def expired(self) -> bool:
        return datetime.now(UTC) >= self.expires

    def to_json(self) -> dict[str, object]:
        """For ``--json`` and the manifest: times in ISO 8601 UTC, no secret anywhere."""
        data = asdict(self)
        data["created"] = _iso(self.created)
        data["expires"] = _iso(self.expires)
        data["expired"] = self.expired
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Share:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["created"] = _parse_time(str(data["created"]))
        known["expires"] = _parse_time(str(data["expires"]))
        known["url"] = None
        return cls(**known)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Revoked:
    share: Share
    deleted: int
    still_reachable: str


def _iso(moment: datetime) -> str:
    """ISO 8601 in UTC, to the microsecond (shares made in one second still sort)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse_time(text: str) -> datetime:
    shape = "%Y-%m-%dT%H:%M:%S.%fZ" if "." in text else "%Y-%m-%dT%H:%M:%SZ"
    return datetime.strptime(text, shape).replace(tzinfo=UTC)


def _folder_of(share_id: str) -> str:
    return f"{SHARES_PREFIX}/{share_id}/"


def _new_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-") + secrets.token_hex(4)


def _store_bytes(store: ObjectStore, name: str, data: bytes) -> None:
    """Uploads a page through the store's normal, verified upload (from a temp file)."""
    handle, path = tempfile.mkstemp(prefix="bucketferry-page-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        store.upload(
            path,
            name,
            size=len(data),
            md5=hashlib.md5(data).hexdigest(),
            on_bytes=lambda _n: None,
            cancel=CancelToken(),
        )
    finally:
        os.unlink(path)


def _base(name: str) -> str:
    return name.rpartition("/")[2]


def _shown(path: str, bucket: str) -> str:
    """A folder's name on a page: its last part, or the bucket's name for the root."""
    return path.rstrip("/").rpartition("/")[2] or bucket


def _save(store: ObjectStore, share: Share) -> None:
    data = {k: v for k, v in share.to_json().items() if k not in ("url", "expired")}
    _store_bytes(store, _folder_of(share.id) + MANIFEST, json.dumps(data, indent=2).encode())


def share_path(store: ObjectStore, full_path: str, lifetime: timedelta) -> Share:
    """Makes a link to one object, or to an index page of a folder's files (each with its
    own link, all valid as long as the index), stored in the bucket."""
    lifetime = checked_lifetime(lifetime)
    store.check_links()
    path = full_path.strip("/")
    now = datetime.now(UTC)
    expires = now + lifetime
    obj = store.head(path) if path and not full_path.endswith("/") else None
    if obj is not None:
        url = store.link(path, lifetime, filename=_base(path))
        share = Share(_new_id(), "file", path, now, expires, files=1, bytes=obj.size, url=url)
        _save(store, share)
        log.info("Shared '%s' until %s", path, _iso(expires))
        return share
    prefix = f"{path}/" if path else ""
    objects = sorted(store.list(prefix), key=lambda o: (o.name.casefold(), o.name))
    objects = [o for o in objects if not o.name.endswith("/")]  # folder markers
    if not objects:
        raise ConfigurationError(
            f"There is nothing to share at '{path or '/'}' in the bucket: no file by that "
            "name, and no files below it.",
            title="Nothing to share",
        )
    share = Share(_new_id(), "folder", path, now, expires, len(objects))
    share.bytes = sum(o.size for o in objects)
    chunks = [objects[i : i + PAGE_SIZE] for i in range(0, len(objects), PAGE_SIZE)]
    share.pages = len(chunks)
    _save(store, share)  # first: an interrupted share is still listed, and revocable
    folder = _folder_of(share.id)
    names = ["index.html"] + [f"index-{n}.html" for n in range(2, len(chunks) + 1)]
    urls = [store.link(folder + name, lifetime) for name in names]
    for number, chunk in enumerate(chunks):
        entries = [
            Entry(
                o.name[len(prefix) :],
                o.size,
                store.link(o.name, lifetime, filename=o.name.rpartition("/")[2]),
            )
            for o in chunk
        ]
        page = index_page(
            _shown(path, store.bucket_name),
            entries,
            expires,
            page=number + 1,
            pages=len(chunks),
            total_files=share.files,
            total_bytes=share.bytes,
            previous_url=urls[number - 1] if number else None,
            next_url=urls[number + 1] if number + 1 < len(chunks) else None,
        )
        _store_bytes(store, folder + names[number], page)
    share.url = urls[0]
    log.info("Shared %d files in '%s' until %s", share.files, path, _iso(expires))
    return share


def request_files(
    store: ObjectStore, full_path: str, lifetime: timedelta, max_size: int | None = None
) -> Share:
    """Makes an upload page whose form stores files under ``<path>/incoming/<id>/`` only,
    each of at most ``max_size`` bytes, until the link expires."""
    lifetime = checked_lifetime(lifetime)
    store.check_links(uploads=True)
    limit = MAX_REQUEST_FILE if max_size is None else max_size
    if not 1 <= limit <= MAX_REQUEST_FILE:
        raise ConfigurationError(
            f"The size limit must lie between 1 byte and {human_size(MAX_REQUEST_FILE)} "
            "(the most a browser can send to a bucket in one piece).",
            title="Invalid size limit",
        )
    path = full_path.strip("/")
    now = datetime.now(UTC)
    share_id = _new_id()
    incoming = f"{path}/incoming/{share_id}/" if path else f"incoming/{share_id}/"
    form = store.upload_form(incoming, lifetime, limit)
    share = Share(
        share_id, "request", path, now, form.expires, max_size=limit, incoming=incoming, pages=1
    )
    page_name = _folder_of(share_id) + "upload.html"
    share.url = store.link(page_name, lifetime)
    _save(store, share)
    _store_bytes(store, page_name, upload_page(_shown(path, store.bucket_name), form))
    log.info("Asked for files into '%s' until %s", incoming, _iso(share.expires))
    return share


def _fresh_link(store: ObjectStore, share: Share) -> str | None:
    """A new signature for the time the share has left (None once it has expired)."""
    left = share.expires - datetime.now(UTC)
    if left < timedelta(seconds=1):
        return None
    seconds = timedelta(seconds=int(left.total_seconds()))
    if share.kind == "file":
        return store.link(share.path, seconds, filename=_base(share.path))
    page = "index.html" if share.kind == "folder" else "upload.html"
    return store.link(_folder_of(share.id) + page, seconds)


def list_shares(store: ObjectStore) -> list[Share]:
    """Every share and request recorded in the bucket, newest first."""
    shares = []
    for obj in store.list(f"{SHARES_PREFIX}/"):
        if not obj.name.endswith("/" + MANIFEST):
            continue
        try:
            _, data = read_small(store, obj.name, 1_000_000, CancelToken())
            share = Share.from_json(json.loads(data))
        except (ValueError, KeyError, TypeError, FileNotFoundError) as exc:
            log.warning("Left out '%s': it is not a share record (%s)", obj.name, exc)
            continue
        share.url = _fresh_link(store, share)
        shares.append(share)
    return sorted(shares, key=lambda s: s.created, reverse=True)


def revoke_share(store: ObjectStore, share_id: str) -> Revoked:
    """Deletes a share's pages and record; says what stays reachable until it expires."""
    folder = _folder_of(share_id)
    if "/" in share_id or not share_id or share_id in (".", ".."):
        raise ConfigurationError(f"'{share_id}' is not a share id.", title="Unknown share")
    objects = store.list(folder)
    record = next((o for o in objects if o.name == folder + MANIFEST), None)
    if record is None:
        raise ConfigurationError(
            f"There is no share '{share_id}' in this bucket (`bucketferry shares list` "
            "shows them).",
            title="Unknown share",
        )
    _, data = read_small(store, record.name, 1_000_000, CancelToken())
    share = Share.from_json(json.loads(data))
    for obj in sorted(objects, key=lambda o: o.name != record.name):
        store.delete(obj.name)  # the record first: a half-revoked share is not listed
    log.info("Revoked share %s (%s '%s')", share_id, share.kind, share.path)
    return Revoked(share, len(objects), _still_reachable(share))


def _still_reachable(share: Share) -> str:
    if share.expired:
        return "The link had already expired; nothing stays reachable."
    until = share.expires.strftime("%Y-%m-%d %H:%M UTC")
    if share.kind == "file":
        return (
            f"The link to '{share.path}' keeps working until {until}: a signed link cannot "
            "be withdrawn. Only deleting (or renaming) the file stops it sooner."
        )
    if share.kind == "folder":
        return (
            "The index page is gone, so the link you handed out no longer opens. Anyone who "
            f"already opened it may still have the links to single files, which work until "
            f"{until}; only deleting those files stops them sooner."
        )
    return (
        "The upload page is gone, so the link you handed out no longer opens. A page that "
        f"is still open in someone's browser can send files until {until}; they arrive in "
        f"'{share.incoming}', which you can delete."
    )
