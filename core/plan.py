"""Build the plan (a TransactionSummary) from one local scan and one remote listing.

The scan stats every selected file once; the listing is one paginated request series for
the common prefix (accsr listed the bucket once per file). Content is compared only where
both sides exist and sizes agree, in parallel, through the hash cache.
"""

from __future__ import annotations

import bisect
import functools
import glob
import logging
import os
import re
import stat as stat_mod
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from re import Pattern

from .atomic_files import is_temp_name
from .errors import LocalPathNotFoundError, PathNotChildError
from .hashing import HashCache
from .paths import (
    common_folder,
    escapes_through_link,
    is_name_neighbour,
    join_remote,
    local_path_for,
    remote_ancestors,
    should_skip,
    unsafe_relative_name,
)
from .remote_object import RemoteObject
from .stores.base import ObjectStore
from .summary import SyncObject, TransactionSummary
from .trash import home_trash

log = logging.getLogger(__name__)

_TRASH_FOLDER = re.compile(r"\.Trash(-\d+)?")
"""The names of the trash folders at the top of a mount (freedesktop.org Trash
specification): ``.Trash`` (shared) and ``.Trash-<uid>``."""


@dataclass(frozen=True)
class LocalFile:
    relative: str
    """The path as accsr matched it against the regexes (relative to the prefix)."""
    absolute: str
    stat: os.stat_result


def _walk(top: str, relative_top: str) -> Iterable[LocalFile]:
    """Every regular file below ``top`` (symlinked folders are not followed, like os.walk),
    except in trash folders and Bucket Ferry's own temporary files."""
    home = home_trash()
    skip_home_trash = os.path.normcase(os.path.abspath(home)) if home is not None else None
    stack = [(top, relative_top)]
    while stack:
        folder, rel_folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            log.warning("Cannot read folder %s: %s", folder, exc)
            continue
        subfolders = []
        for entry in entries:
            rel = entry.name if rel_folder in ("", ".") else os.path.join(rel_folder, entry.name)
            if entry.is_dir(follow_symlinks=False):
                # Never upload a trash: a sync folder that is the top of a mount (a USB
                # stick) holds the file manager's trash, with files the user deleted.
                # The same for the home trash, when a whole home folder is pushed.
                if not _TRASH_FOLDER.fullmatch(entry.name) and (
                    os.path.normcase(os.path.abspath(entry.path)) != skip_home_trash
                ):
                    subfolders.append((entry.path, rel))
                continue
            try:
                st = entry.stat()
            except OSError:
                log.warning("Skipping %s: broken link or unreadable", entry.path)
                continue
            if stat_mod.S_ISREG(st.st_mode) and not is_temp_name(entry.name):
                # (a download interrupted by a crash leaves a temp file: never push it)
                yield LocalFile(rel, entry.path, st)
        stack.extend(reversed(subfolders))


def scan_local(path: str, local_path_prefix: str | None) -> list[LocalFile]:
    """accsr's selection: ``path`` (glob allowed) relative to ``local_path_prefix``."""
    prefix = os.path.abspath(local_path_prefix) if local_path_prefix is not None else None
    if Path(path).is_absolute() and prefix:
        try:
            path = str(Path(path).relative_to(prefix))
        except ValueError:
            raise PathNotChildError(
                f"Specified path={path} is not a child of local_path_prefix={prefix}. "
                "Choose a path inside the local folder."
            ) from None
    base = prefix or os.getcwd()
    matches = sorted(glob.glob(path, root_dir=prefix) if prefix else glob.glob(path))
    files: list[LocalFile] = []
    for match in matches:
        relative = os.path.normpath(match) if not os.path.isabs(match) else match
        absolute = os.path.join(base, relative)
        try:
            st = os.stat(absolute)
        except OSError:
            continue
        if stat_mod.S_ISREG(st.st_mode):
            files.append(LocalFile(relative, absolute, st))
        elif stat_mod.S_ISDIR(st.st_mode):
            files.extend(_walk(absolute, relative))
    if not files:
        raise LocalPathNotFoundError(
            f"No files found under path={path} with local_path_prefix={local_path_prefix}. "
            "Check the folder and the path (globs such as '*.csv' are allowed)."
        )
    return files


def _resolve_equality(candidates: list[SyncObject], workers: int, cache: HashCache) -> None:
    """Compare contents of files present on both sides. Comparisons that need no reading
    (sizes differ, md5 cached) run inline; the rest in parallel (hashing drops the GIL)."""
    to_read = []
    for sync_object in candidates:
        stat = sync_object.local_stat
        assert stat is not None and sync_object.local_path is not None
        if sync_object.local_size != sync_object.remote_size or cache.cached_md5(
            sync_object.local_path, stat
        ):
            _ = sync_object.equal_md5_hash_sum
        else:
            to_read.append(sync_object)
    if len(to_read) < 2 or workers < 2:
        for sync_object in to_read:
            _ = sync_object.equal_md5_hash_sum
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="compare") as pool:
        list(pool.map(lambda s: s.equal_md5_hash_sum, to_read))


class _RemoteIndex:
    """Sorted names for folder-collision look-ups (names below 'x/') in O(log n)."""

    def __init__(self, objects: list[RemoteObject]) -> None:
        files = [o for o in objects if not o.name.endswith("/")]
        files.sort(key=lambda o: o.name)
        self.by_name = {o.name: o for o in files}
        self._names = [o.name for o in files]
        self._objects = files

    def below(self, folder: str) -> list[RemoteObject]:
        start = folder + "/"
        i = bisect.bisect_left(self._names, start)
        result = []
        while i < len(self._names) and self._names[i].startswith(start):
            result.append(self._objects[i])
            i += 1
        return result


def plan_push(
    store: ObjectStore,
    files: list[LocalFile],
    remote_paths: list[str],
    include: Pattern[str] | None,
    exclude: Pattern[str] | None,
    hash_cache: HashCache,
    workers: int,
) -> TransactionSummary:
    summary = TransactionSummary(sync_direction="push")
    listing_prefix = common_folder(remote_paths)
    index = _RemoteIndex(store.list(listing_prefix))
    # A remote *file* where we need a folder, above the listed prefix: ask for each one.
    above = {}
    for folder in remote_ancestors(listing_prefix.rstrip("/") + "/x") if listing_prefix else []:
        found = store.head(folder)
        if found is not None:
            above[folder] = found
    entries: list[tuple[SyncObject, list[RemoteObject] | None, bool]] = []
    for local, remote_path in zip(files, remote_paths, strict=True):
        collides: list[RemoteObject] = index.below(remote_path)
        for folder in remote_ancestors(remote_path):
            blocker = index.by_name.get(folder) or above.get(folder)
            if blocker is not None:
                collides.append(blocker)
        remote_obj = index.by_name.get(remote_path)
        sync_object = SyncObject(
            local.absolute,
            remote_obj=remote_obj,
            remote_path=remote_path,
            sync_direction="push",
            hash_cache=hash_cache,
            local_stat=local.stat,
        )
        skip = should_skip(local.relative, include, exclude)
        if skip:
            sync_object.reason = "filtered out by include/exclude"
        elif collides:
            sync_object.reason = (
                "the bucket has "
                + ", ".join(f"'{o.name}'" for o in collides[:3])
                + (" and more" if len(collides) > 3 else "")
                + ": a file and a folder cannot have the same name"
            )
        entries.append((sync_object, collides or None, skip))
    _resolve_equality(
        [s for s, c, skip in entries if not skip and not c and s.exists_on_target],
        workers,
        hash_cache,
    )
    for sync_object, collides_with, skip in entries:
        summary.add_entry(sync_object, collides_with=collides_with, skip=skip)  # type: ignore[arg-type]
    return summary


def plan_pull(
    store: ObjectStore,
    full_remote_path: str,
    remote_base_path: str,
    local_base_dir: str,
    include: Pattern[str] | None,
    exclude: Pattern[str] | None,
    hash_cache: HashCache,
    workers: int,
) -> TransactionSummary:
    summary = TransactionSummary(sync_direction="pull")
    objects = [
        o
        for o in store.list(full_remote_path)
        if not o.name.endswith("/") and not is_name_neighbour(full_remote_path, o.name)
    ]
    index = _RemoteIndex(objects)

    @functools.cache
    def escapes(folder: str) -> bool:  # once per folder, not once per file
        return escapes_through_link(local_base_dir, os.path.join(folder, "x"))

    entries: list[tuple[SyncObject, str | list[RemoteObject] | None, bool]] = []
    for obj in index.by_name.values():
        relative = obj.name[len(remote_base_path) :]
        if remote_base_path and not remote_base_path.endswith("/"):
            relative = relative.removeprefix("/")
        unsafe = unsafe_relative_name(relative)
        if unsafe is not None:
            refused = SyncObject(remote_obj=obj, sync_direction="pull", hash_cache=hash_cache)
            refused.reason = f"refused: {unsafe}"
            log.warning("Not pulling '%s': %s", obj.name, unsafe)
            summary.add_entry(refused, skip=True)
            continue
        if should_skip(relative, include, exclude):
            skipped = SyncObject(remote_obj=obj, sync_direction="pull", hash_cache=hash_cache)
            skipped.reason = "filtered out by include/exclude"
            summary.add_entry(skipped, skip=True)
            continue
        local_path = local_path_for(local_base_dir, relative)
        collides_with: str | list[RemoteObject] | None = None
        local_is_dir = os.path.isdir(local_path)
        if local_is_dir:
            collides_with = f"the local folder {local_path} has the name of this file"
        elif below := index.below(obj.name):
            collides_with = below
        else:
            for folder in remote_ancestors(relative):
                folder_path = local_path_for(local_base_dir, folder)
                if os.path.lexists(folder_path) and not os.path.isdir(folder_path):
                    collides_with = f"the local file {folder_path} is where a folder is needed"
                    break
            else:
                if escapes(os.path.dirname(local_path)):
                    refused = SyncObject(
                        remote_obj=obj, sync_direction="pull", hash_cache=hash_cache
                    )
                    refused.reason = "refused: a symbolic link would send it outside the folder"
                    summary.add_entry(refused, skip=True)
                    continue
        sync_object = SyncObject(
            None if local_is_dir else local_path,
            remote_obj=obj,
            sync_direction="pull",
            hash_cache=hash_cache,
        )
        if local_is_dir:
            sync_object.local_path = os.path.abspath(local_path)
        if collides_with is not None:
            sync_object.reason = (
                collides_with
                if isinstance(collides_with, str)
                else f"the bucket also has '{collides_with[0].name}': this name is both a "
                "file and a folder"
            )
        entries.append((sync_object, collides_with, False))
    _resolve_equality(
        [s for s, c, _ in entries if c is None and s.exists_on_target], workers, hash_cache
    )
    for sync_object, collides, _ in entries:
        summary.add_entry(sync_object, collides_with=collides)  # type: ignore[arg-type]
    return summary


def push_remote_path(remote_base_path: str, local_relative: str) -> str:
    """Where a local path lands: base/path, one '/' between (accsr doubled it for
    absolute paths, contrary to its own documented example 2)."""
    return join_remote(remote_base_path, local_relative.replace(os.sep, "/").lstrip("/"))
