"""Build the plan (a TransactionSummary) from one local scan and one remote listing.

The scan stats every selected file once; the listing is one paginated request series for
the common prefix (accsr listed the bucket once per file). Content is compared only where
both sides exist and sizes agree, in parallel, through the hash cache.
"""

from __future__ import annotations

import bisect
import gc
import logging
import os
from collections.abc import Callable
from re import Pattern
from typing import Any

from .bounded import bounded_map
from .errors import LocalPathNotFoundError
from .hashing import HashCache
from .local_folders import FILE, FOLDER, LINK, MISSING, SPECIAL, LinkFinder, kind_of
from .paths import (
    common_folder,
    is_name_neighbour,
    join_remote,
    local_path_for,
    remote_ancestors,
    should_skip,
    unsafe_relative_name,
)
from .remote_object import RemoteObjectProtocol
from .scan import LocalFile, scan_local
from .states import PlanState
from .stores.base import ObjectStore
from .stores.download import StoredObject
from .summary import TransactionSummary
from .sync_object import SyncObject

log = logging.getLogger(__name__)

RemoteHash = Callable[[RemoteObjectProtocol], Any]
"""accsr's ``remote_hash_extractor``: the hash a plan compares a local md5 with."""


def _compare(sync_object: SyncObject) -> str | None:
    """Compares one file; a local file that cannot be read (permissions, a disk error)
    gives the reason instead of ending the whole plan."""
    try:
        _ = sync_object.equal_md5_hash_sum
    except OSError as exc:
        where = sync_object.local_path
        log.warning("Cannot compare %s: %s", where, exc)
        return f"the local file cannot be read to compare it ({exc.strerror or exc})"
    return None


def _resolve_equality(candidates: list[SyncObject], workers: int) -> dict[int, str]:
    """Compare contents of files present on both sides. Comparisons that need no reading
    (sizes differ, md5 cached) run inline; the rest in parallel (hashing drops the GIL).
    Returns the files that could not be compared (by ``id``) with the reason."""
    to_read = []
    problems: dict[int, str] = {}
    for sync_object in candidates:
        # known_local_hash: the cached md5, kept by the SyncObject for the comparison
        if sync_object.local_size != sync_object.remote_size or sync_object.known_local_hash:
            problem = _compare(sync_object)
            if problem is not None:
                problems[id(sync_object)] = problem
        else:
            to_read.append(sync_object)
    if len(to_read) < 2 or workers < 2:
        results = [_compare(s) for s in to_read]
    else:
        results = bounded_map(_compare, to_read, workers, name="compare")
    problems.update((id(s), p) for s, p in zip(to_read, results, strict=True) if p is not None)
    return problems


_YOUNG_OBJECTS = 1000
"""Planned files between two collections of the two youngest generations. Each planned
file lets its scanned one go, so the collector's count of new objects stays flat and
would never start one: the young generations would grow to every object of the plan,
and the one collection that comes at last holds the GIL for 50-100 ms at 100,000 files
(a window's thread waits all that time). Collecting them as they grow keeps each short."""


class _RemoteIndex:
    """The bucket's files sorted by name: one name, or the names below 'x/', found in
    O(log n) by bisection (a dict by name as well cost 40 bytes a file), and which of them
    the plan matched to a local file, one byte each."""

    def __init__(self, objects: list[StoredObject]) -> None:
        files = [o for o in objects if not o.name.endswith("/")]
        files.sort(key=lambda o: o.name)
        self.objects = files
        self._names = [o.name for o in files]
        self._matched = bytearray(len(files))

    def _position(self, name: str) -> int | None:
        i = bisect.bisect_left(self._names, name)
        return i if i < len(self._names) and self._names[i] == name else None

    def get(self, name: str) -> StoredObject | None:
        i = self._position(name)
        return None if i is None else self.objects[i]

    def match(self, name: str) -> StoredObject | None:
        """``get``, remembering that a local file stands for it."""
        i = self._position(name)
        if i is None:
            return None
        self._matched[i] = 1
        return self.objects[i]

    def below(self, folder: str) -> list[StoredObject]:
        return [self.objects[i] for i in self._starting_with(folder + "/")]

    def unmatched_starting_with(self, start: str) -> list[StoredObject]:
        return [self.objects[i] for i in self._starting_with(start) if not self._matched[i]]

    def _starting_with(self, start: str) -> range:
        first = i = bisect.bisect_left(self._names, start)
        while i < len(self._names) and self._names[i].startswith(start):
            i += 1
        return range(first, i)


def _refusal_text(names: list[StoredObject]) -> str:
    return (
        "the bucket has "
        + ", ".join(f"'{o.name}'" for o in names[:3])
        + (" and more" if len(names) > 3 else "")
        + ": a file and a folder cannot have the same name"
    )


def plan_push(
    store: ObjectStore,
    files: list[LocalFile],
    remote_paths: list[str],
    include: Pattern[str] | None,
    exclude: Pattern[str] | None,
    hash_cache: HashCache,
    workers: int,
    hash_of: RemoteHash | None = None,
    covered: str | None = None,
    cut: int = 0,
) -> TransactionSummary:
    """``files`` and ``remote_paths`` are taken over: emptied as the plan is made, so that
    a plan of a million files never holds the scan and the plan whole at once.
    ``hash_of``: what to compare the local md5 with instead of the provider's hash
    (accsr's ``remote_hash_extractor``), for every object a file would replace.
    ``covered``: the bucket folder ('results/') that the pushed local folder stands for;
    objects in it that no local file matches are listed in ``only_on_target`` (never
    transferred); their names less ``cut`` characters (the base path) are what the
    filters see."""
    summary = TransactionSummary(sync_direction="push")
    listing_prefix = common_folder(remote_paths) if covered is None else covered
    index = _RemoteIndex(store.list(listing_prefix))
    # A remote *file* where we need a folder, above the listed prefix: ask for each one.
    above = {}
    for folder in remote_ancestors(listing_prefix.rstrip("/") + "/x") if listing_prefix else []:
        found = store.head(folder)
        if found is not None:
            above[folder] = found
    planned: list[SyncObject] = []
    collisions: dict[int, list[StoredObject]] = {}  # by id(), like skipped: few, if any
    skipped: set[int] = set()
    if len(files) != len(remote_paths):
        raise ValueError("one remote path per file")
    files.reverse()  # popped from the end: in their order, each let go once planned
    remote_paths.reverse()
    while remote_paths:
        if len(remote_paths) % _YOUNG_OBJECTS == 0:
            gc.collect(1)
        remote_path = remote_paths.pop()
        local = files.pop()
        remote_obj = index.match(remote_path)
        if remote_obj is not None:
            remote_path = remote_obj.name  # an equal string: the plan keeps one of the two
        if local.refusal is not None:
            if not should_skip(local.relative, include, exclude):
                refused = SyncObject(
                    "push",
                    local.absolute,
                    remote_path=remote_path,
                    hash_cache=hash_cache,
                    local_stat=local.stat,
                )
                if local.skipped:
                    refused.reason = local.refusal
                    summary.add_entry(refused, skip=True)
                else:
                    log.warning("Not pushing %s: %s", local.absolute, local.refusal)
                    summary.refuse(refused, local.refusal)
            continue
        collides: list[StoredObject] = index.below(remote_path)
        for folder in remote_ancestors(remote_path):
            blocker = index.get(folder) or above.get(folder)
            if blocker is not None:
                collides.append(blocker)
        sync_object = SyncObject(
            "push",
            local.absolute,
            remote_obj=remote_obj,
            remote_path=remote_path,
            remote_obj_overridden_md5_hash=hash_of(remote_obj) if hash_of and remote_obj else None,
            hash_cache=hash_cache,
            local_stat=local.stat,
        )
        skip = should_skip(local.relative, include, exclude)
        refusal = (
            None
            if skip
            # A listed object's name is one the store holds, in real folders (the listing
            # went down them): only a new name needs the store's check.
            else (remote_obj.refusal if remote_obj is not None else store.refusal(remote_path))
        )
        if skip:
            sync_object.reason = "filtered out by include/exclude"
            skipped.add(id(sync_object))
        elif refusal is not None:
            summary.refuse(sync_object, refusal)
            continue
        elif collides:
            sync_object.reason = _refusal_text(collides)
            collisions[id(sync_object)] = collides
        planned.append(sync_object)
    problems = _resolve_equality(
        [
            s
            for s in planned
            if s.exists_on_target and id(s) not in skipped and id(s) not in collisions
        ],
        workers,
    )
    for sync_object in planned:
        problem = problems.get(id(sync_object))
        if problem is not None:
            summary.refuse(sync_object, problem)
        else:
            key = id(sync_object)
            collides_with = collisions.get(key)
            summary.add_entry(sync_object, collides_with=collides_with, skip=key in skipped)  # type: ignore[arg-type]
    if covered is not None:
        for obj in index.unmatched_starting_with(covered):
            if obj.refusal is not None:
                continue
            if should_skip(obj.name[cut:], include, exclude):
                continue
            _target_only(summary, SyncObject("push", remote_obj=obj, hash_cache=hash_cache))
    return summary


def _target_only(summary: TransactionSummary, item: SyncObject) -> None:
    """A file on the target only: ONLY_TARGET until the sync record says it was synced."""
    item.state = PlanState.ONLY_TARGET
    summary.only_on_target.append(item)


def pull_target_only(
    summary: TransactionSummary,
    local_folder: str,
    local_base_dir: str,
    remote_base_path: str,
    include: Pattern[str] | None,
    exclude: Pattern[str] | None,
) -> None:
    """Local files in ``local_folder`` (the folder a pull of a bucket folder fills) that
    no object matches: listed in ``only_on_target``, never touched."""
    if not os.path.isdir(local_folder):
        return
    planned = {s.local_path for s in summary.all_files_analyzed}
    relative_folder = os.path.relpath(local_folder, local_base_dir)
    try:
        found = scan_local(relative_folder, local_base_dir)
    except LocalPathNotFoundError:  # an empty folder
        return
    for local in found:
        if local.refusal is not None or local.absolute in planned:
            continue
        relative = local.relative.replace(os.sep, "/")
        if should_skip(relative, include, exclude):
            continue
        remote_path = join_remote(remote_base_path, relative)
        item = SyncObject("pull", local.absolute, remote_path=remote_path, local_stat=local.stat)
        _target_only(summary, item)


def _check_local_base(local_base_dir: str) -> None:
    """A pull's folder must be a folder (or not exist yet, below a folder): a file there
    would fail every file with 'Not a directory'."""
    path = local_base_dir
    while not os.path.lexists(path):
        parent = os.path.dirname(path)
        if parent == path:
            return
        path = parent
    if not os.path.isdir(path):
        raise LocalPathNotFoundError(
            f"{path} is a file, so nothing can be pulled into {local_base_dir}. Choose a "
            "folder (it is created if it does not exist).",
            title="The local folder is a file",
        )


def _refused_remote(obj: StoredObject, hash_cache: HashCache) -> SyncObject:
    """An entry for an object that is not pulled, keeping its name exactly as it is in the
    bucket (a leading '/' included, which SyncObject would drop)."""
    name = obj.name
    refused = SyncObject("pull", remote_obj=obj, hash_cache=hash_cache)
    obj.name = refused.remote_path = name
    return refused


def plan_pull(
    store: ObjectStore,
    full_remote_path: str,
    remote_base_path: str,
    local_base_dir: str,
    include: Pattern[str] | None,
    exclude: Pattern[str] | None,
    hash_cache: HashCache,
    workers: int,
    hash_of: RemoteHash | None = None,
) -> TransactionSummary:
    """``hash_of`` as for :func:`plan_push`, for every listed object."""
    _check_local_base(local_base_dir)
    try:
        base_stat: os.stat_result | None = os.stat(local_base_dir)
    except OSError:
        base_stat = None  # made by the run
    summary = TransactionSummary(
        sync_direction="pull",
        local_base_dir=local_base_dir,
        local_base_id=(base_stat.st_dev, base_stat.st_ino) if base_stat else None,
    )

    def relative_of(obj: StoredObject) -> str:
        relative = obj.name[len(remote_base_path) :]
        if remote_base_path and not remote_base_path.endswith("/"):
            relative = relative.removeprefix("/")
        return relative

    objects = []
    for o in store.list(full_remote_path):
        if is_name_neighbour(full_remote_path, o.name):
            continue
        if o.name.endswith("/"):  # a folder marker: fine when empty, as consoles make them
            if o.size and not should_skip(relative_of(o), include, exclude):
                summary.refuse(
                    _refused_remote(o, hash_cache),
                    f"it is a folder marker holding {o.size} bytes; a folder cannot hold "
                    "data, so there is nothing to save it as",
                )
            continue
        objects.append(o)
    index = _RemoteIndex(objects)
    links = LinkFinder(local_base_dir)
    entries: list[tuple[SyncObject, str | list[StoredObject] | None, bool]] = []
    for obj in index.objects:
        relative = relative_of(obj)
        if should_skip(relative, include, exclude):
            skipped = SyncObject(
                "pull",
                remote_obj=obj,
                remote_obj_overridden_md5_hash=hash_of(obj) if hash_of else None,
                hash_cache=hash_cache,
            )
            skipped.reason = "filtered out by include/exclude"
            summary.add_entry(skipped, skip=True)
            continue
        unsafe = obj.refusal or unsafe_relative_name(relative)
        if unsafe is not None:
            log.warning("Not pulling %s: %s", obj.name, unsafe)
            summary.refuse(_refused_remote(obj, hash_cache), unsafe)
            continue
        local_path = local_path_for(local_base_dir, relative)
        folders = relative.split("/")[:-1]
        collides_with: str | list[StoredObject] | None = None
        on_the_way = links.obstacle(folders)
        if on_the_way is not None and on_the_way.is_link:
            summary.refuse(_refused_remote(obj, hash_cache), on_the_way.reason)
            continue
        # One lstat: a link or pipe standing where the file goes is never written through.
        try:
            looked_at = on_the_way is None and not links.missing(folders)
            local_stat = os.lstat(local_path) if looked_at else None
        except (FileNotFoundError, NotADirectoryError):
            local_stat = None
        except OSError as exc:  # a folder on the way that cannot be read
            summary.refuse(
                _refused_remote(obj, hash_cache),
                f"the local {local_path} cannot be looked at ({exc.strerror or exc})",
            )
            continue
        local_kind = kind_of(local_stat) if local_stat is not None else MISSING
        if local_kind in (LINK, SPECIAL):
            what = "a symbolic link" if local_kind == LINK else "a device, pipe or socket"
            summary.refuse(
                _refused_remote(obj, hash_cache),
                f"the local {local_path} is {what}; pulls never write through it",
            )
            continue
        local_is_dir = local_kind == FOLDER
        if on_the_way is not None:
            collides_with = on_the_way.reason
        elif local_is_dir:
            collides_with = f"the local folder {local_path} has the name of this file"
        elif below := index.below(obj.name):
            collides_with = below
        sync_object = SyncObject(
            "pull",
            local_path if local_kind == FILE else None,  # (else it would look again)
            remote_obj=obj,
            remote_obj_overridden_md5_hash=hash_of(obj) if hash_of else None,
            hash_cache=hash_cache,
            local_stat=local_stat if local_kind == FILE else None,
        )
        if local_kind != FILE:
            sync_object.local_path = os.path.abspath(local_path)
        if collides_with is not None:
            sync_object.reason = (
                collides_with
                if isinstance(collides_with, str)
                else f"the bucket also has '{collides_with[0].name}': this name is both a "
                "file and a folder"
            )
        entries.append((sync_object, collides_with, False))
    problems = _resolve_equality(
        [s for s, c, _ in entries if c is None and s.exists_on_target], workers
    )
    for sync_object, collides, _ in entries:
        problem = problems.get(id(sync_object))
        if problem is not None:
            summary.refuse(sync_object, problem)
        else:
            summary.add_entry(sync_object, collides_with=collides)  # type: ignore[arg-type]
    return summary


def push_remote_path(remote_base_path: str, local_relative: str) -> str:
    """Where a local path lands: base/path, one '/' between (accsr doubled it for
    absolute paths, contrary to its own documented example 2)."""
    if os.sep != "/":  # replace() copies even where it changes nothing
        local_relative = local_relative.replace(os.sep, "/")
    relative = local_relative.lstrip("/")
    # Without a base path, the scan's own string: a plan of 100,000 files holds one, not two.
    return join_remote(remote_base_path, relative) if remote_base_path else relative
