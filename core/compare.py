"""Is a local file the same as a remote object? Cheapest evidence first.

Sizes differ: different, without reading anything. Plain md5 ETag: compare md5s (cached).
Multipart ETag ``<hex>-<N>``: recompute it locally for the part sizes that give N parts;
failing that, ask the server for the md5 that this project (and some other tools) store in
the object's metadata. Identical content is never reported as different merely because it
was uploaded in parts.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .hashing import MD5_META_KEY, MULTIPART_ETAG, PLAIN_MD5, HashCache
from .remote_object import RemoteObject


def _meta_md5(remote: RemoteObject) -> str | None:
    value = remote.meta_data.get(MD5_META_KEY)
    return value if value and PLAIN_MD5.match(value) else None


def contents_equal(
    local_path: str,
    st: os.stat_result,
    remote: RemoteObject,
    cache: HashCache,
    local_md5: Callable[[], str | None] | None = None,
) -> bool:
    """``local_md5`` gives the local file's md5 where the caller keeps it (a SyncObject
    does, so a plan that needs it again later does not look it up again)."""
    if st.st_size != remote.size:
        return False

    def md5() -> str | None:
        return local_md5() if local_md5 is not None else cache.md5(local_path, st)

    etag = (remote.hash or "").strip('"').lower()
    if PLAIN_MD5.match(etag):
        return md5() == etag
    meta = _meta_md5(remote)
    if meta is not None:
        return md5() == meta
    if MULTIPART_ETAG.match(etag):
        if cache.matches_multipart_etag(local_path, st, etag):
            return True
        if remote.look_up_meta_data():
            meta = _meta_md5(remote)
            if meta is not None:
                return md5() == meta
    return False
