"""Build the plan (a TransactionSummary) from one local scan and one remote listing.

The scan stats every selected file once; the listing is one paginated request series for
the common prefix (accsr listed the bucket once per file). Content is compared only where
both sides exist and sizes agree, in parallel, through the hash cache.
"""

from __future__ import annotations

import bisect
import contextlib
import glob
import logging
import os
import re
import stat as stat_mod
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from re import Pattern

from .atomic_files import is_temp_name
from .errors import LocalPathNotFoundError, PathNotChildError
from .hashing import HashCache
from .local_folders import FILE, FOLDER, LINK, MISSING, SPECIAL, LinkFinder, kind_of
from .paths import (
    common_folder,
    is_name_neighbour,
    join_remote,
    local_path_for,
    remote_ancestors,
    should_skip,
    unreadable_name,
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
    stat: os.stat_result | None
    """None only for refused entries whose stat could not be taken."""
    refusal: str | None = None
    """Why this entry cannot be pushed (a link leaving the folder, unreadable, not a
    regular file, a name that is not UTF-8); None for files to push."""
    skipped: bool = False
    """With a ``refusal``: nothing that holds data is left out (a link to nothing, a pipe
    or socket), so the entry is listed as skipped, not refused."""


def _lstat_or_none(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is (or, a link, points to) a folder; a link loop or a dangling
    link is not one (``is_dir`` raises for some loops instead of answering)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


class _Scan:
    """Walks a selection the way a push sends it, and says what it leaves out and why.

    Symbolic links are followed only while they stay inside the folder being pushed: a
    named path (``PATH``, perhaps through linked folders) inside the folder pushed from
    (``boundary``), a link met while walking a folder inside that folder. A link that
    leads elsewhere is refused, one that leads nowhere is skipped; with ``follow_links``
    every file and folder behind links is sent wherever it is (each folder once, so a
    link loop ends). Without ``follow_links``, links to folders are not entered (like
    os.walk): what they point to lies inside the walked folder and is sent through its
    real path anyway.
    """

    def __init__(self, boundary: str | None, follow_links: bool) -> None:
        self.boundary = os.path.realpath(boundary) if boundary is not None else None
        self.follow_links = follow_links
        home = home_trash()
        self.home_trash = os.path.normcase(os.path.abspath(home)) if home is not None else None
        self.visited: set[tuple[int, int]] = set()

    @staticmethod
    def outside(path: str, boundary: str) -> bool:
        """Whether ``path``, links resolved, is outside ``boundary`` (a real path)."""
        real = os.path.realpath(path)
        return os.path.commonpath([boundary, real]) != boundary

    @staticmethod
    def link_outside(path: str, relative: str, lstat: os.stat_result | None) -> LocalFile:
        return LocalFile(
            relative,
            path,
            lstat,
            f"it leads through a symbolic link to {os.path.realpath(path)}, outside the "
            "folder being pushed; links that leave it are not followed",
        )

    def entry(self, path: str, relative: str, lstat: os.stat_result, boundary: str) -> LocalFile:
        """One path that is not a folder to walk: a file to push, or why not."""
        if is_temp_name(os.path.basename(path)):
            return LocalFile(
                relative,
                path,
                lstat,
                "it is the temporary file of a download in progress (or of one that was "
                "interrupted: the next pull into its folder removes it)",
                skipped=True,
            )
        bad_name = unreadable_name(relative)
        if bad_name is not None:
            return LocalFile(relative, path, lstat, bad_name)
        st = lstat
        if stat_mod.S_ISLNK(lstat.st_mode):
            try:
                st = os.stat(path)
            except OSError:
                return LocalFile(
                    relative,
                    path,
                    lstat,
                    "it is a symbolic link to something that does not exist",
                    skipped=True,
                )
            if not self.follow_links and self.outside(path, boundary):
                return self.link_outside(path, relative, lstat)
        if not stat_mod.S_ISREG(st.st_mode):
            return LocalFile(
                relative,
                path,
                lstat,
                "it is not a regular file (a pipe, socket or device)",
                skipped=True,
            )
        if not os.access(path, os.R_OK):
            return LocalFile(relative, path, st, "it cannot be read (permission denied)")
        return LocalFile(relative, path, st)

    def walk(self, top: str, relative_top: str) -> Iterator[LocalFile]:
        """Every file below ``top`` and every refusal, except in trash folders. Links
        are followed while they stay inside ``top``."""
        boundary = os.path.realpath(top)
        with contextlib.suppress(OSError):
            top_stat = os.stat(top)
            self.visited.add((top_stat.st_dev, top_stat.st_ino))
        stack = [(top, relative_top)]
        while stack:
            folder, rel_folder = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                log.warning("Cannot read folder %s: %s", folder, exc)
                yield LocalFile(
                    rel_folder,
                    folder,
                    _lstat_or_none(folder),
                    f"the folder cannot be read ({exc.strerror or exc}); nothing in it is sent",
                )
                continue
            subfolders = []
            for entry in entries:
                rel = (
                    entry.name if rel_folder in ("", ".") else os.path.join(rel_folder, entry.name)
                )
                is_link = entry.is_symlink()
                if (not is_link and entry.is_dir(follow_symlinks=False)) or (
                    is_link and self.follow_links and _is_dir(entry)
                ):
                    if self._walks_into(entry):
                        subfolders.append((entry.path, rel))
                    continue
                try:
                    lstat = entry.stat(follow_symlinks=False)
                except OSError as exc:  # gone since the listing, or cannot be looked at
                    if not isinstance(exc, FileNotFoundError):
                        yield LocalFile(rel, entry.path, None, f"it cannot be read ({exc})")
                    continue
                if is_link and _is_dir(entry):
                    if self.outside(entry.path, boundary):
                        yield self.link_outside(entry.path, rel, lstat)
                    continue  # inside: its content is sent through its real path
                yield self.entry(entry.path, rel, lstat, boundary)
            stack.extend(reversed(subfolders))

    def _walks_into(self, entry: os.DirEntry[str]) -> bool:
        # Never upload a trash: a sync folder that is the top of a mount (a USB stick)
        # holds the file manager's trash, with files the user deleted. The same for the
        # home trash, when a whole home folder is pushed.
        if _TRASH_FOLDER.fullmatch(entry.name) or (
            os.path.normcase(os.path.abspath(entry.path)) == self.home_trash
        ):
            return False
        if not self.follow_links:
            return True
        try:
            st = entry.stat()
        except OSError:
            return False
        key = (st.st_dev, st.st_ino)
        if key in self.visited:  # a link loop, or the same folder twice
            return False
        self.visited.add(key)
        return True

    def match(self, absolute: str, relative: str) -> Iterator[LocalFile]:
        """What one path of the selection (a glob match) sends: a file, or a folder's
        files. The path itself may lead through linked folders, but only to a place
        inside the folder pushed from (unless ``follow_links``); an absolute path given
        without a folder to push from is the caller's own choice, links and all."""
        lstat = _lstat_or_none(absolute)
        if lstat is None:
            return
        boundary = self.boundary
        if boundary is None:
            boundary = os.path.realpath(os.path.dirname(absolute))
        elif not self.follow_links and self.outside(absolute, boundary):
            yield self.link_outside(absolute, relative, lstat)
            return
        try:
            is_dir = stat_mod.S_ISDIR(os.stat(absolute).st_mode)
        except OSError:
            is_dir = False
        if is_dir:
            yield from self.walk(absolute, relative)
        else:
            yield self.entry(absolute, relative, lstat, boundary)


def scan_local(
    path: str, local_path_prefix: str | None, *, follow_links: bool = False
) -> list[LocalFile]:
    """accsr's selection: ``path`` (glob allowed) relative to ``local_path_prefix``.
    Refused entries are included, with their ``refusal``."""
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
    # The folder pushed from: the prefix, or the working folder for a relative path.
    scan = _Scan(None if prefix is None and os.path.isabs(path) else base, follow_links)
    matches = sorted(glob.glob(path, root_dir=prefix) if prefix else glob.glob(path))
    files: list[LocalFile] = []
    for match in matches:
        relative = os.path.normpath(match) if not os.path.isabs(match) else match
        files.extend(scan.match(os.path.normpath(os.path.join(base, relative)), relative))
    if not files:
        raise LocalPathNotFoundError(
            f"No files found under path={path} with local_path_prefix={local_path_prefix}. "
            "Check the folder and the path (globs such as '*.csv' are allowed)."
        )
    return files


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


def _resolve_equality(
    candidates: list[SyncObject], workers: int, cache: HashCache
) -> dict[int, str]:
    """Compare contents of files present on both sides. Comparisons that need no reading
    (sizes differ, md5 cached) run inline; the rest in parallel (hashing drops the GIL).
    Returns the files that could not be compared (by ``id``) with the reason."""
    to_read = []
    problems: dict[int, str] = {}
    for sync_object in candidates:
        stat = sync_object.local_stat
        assert stat is not None and sync_object.local_path is not None
        if sync_object.local_size != sync_object.remote_size or cache.cached_md5(
            sync_object.local_path, stat
        ):
            problem = _compare(sync_object)
            if problem is not None:
                problems[id(sync_object)] = problem
        else:
            to_read.append(sync_object)
    if len(to_read) < 2 or workers < 2:
        results = [_compare(s) for s in to_read]
    else:
        with ThreadPoolExecutor(workers, thread_name_prefix="compare") as pool:
            results = list(pool.map(_compare, to_read))
    problems.update((id(s), p) for s, p in zip(to_read, results, strict=True) if p is not None)
    return problems


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


def _refusal_text(names: list[RemoteObject]) -> str:
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
        if local.refusal is not None:
            if not should_skip(local.relative, include, exclude):
                refused = SyncObject(
                    local.absolute,
                    remote_path=remote_path,
                    sync_direction="push",
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
        refusal = (
            None
            if skip
            else (
                (remote_obj.refusal if remote_obj is not None else None)
                or store.refusal(remote_path)
            )
        )
        if skip:
            sync_object.reason = "filtered out by include/exclude"
        elif refusal is not None:
            summary.refuse(sync_object, refusal)
            continue
        elif collides:
            sync_object.reason = _refusal_text(collides)
        entries.append((sync_object, collides or None, skip))
    problems = _resolve_equality(
        [s for s, c, skip in entries if not skip and not c and s.exists_on_target],
        workers,
        hash_cache,
    )
    for sync_object, collides_with, skip in entries:
        problem = problems.get(id(sync_object))
        if problem is not None:
            summary.refuse(sync_object, problem)
        else:
            summary.add_entry(sync_object, collides_with=collides_with, skip=skip)  # type: ignore[arg-type]
    return summary


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


def _refused_remote(obj: RemoteObject, hash_cache: HashCache) -> SyncObject:
    """An entry for an object that is not pulled, keeping its name exactly as it is in the
    bucket (a leading '/' included, which SyncObject would drop)."""
    name = obj.name
    refused = SyncObject(remote_obj=obj, sync_direction="pull", hash_cache=hash_cache)
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
) -> TransactionSummary:
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

    def relative_of(obj: RemoteObject) -> str:
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
    entries: list[tuple[SyncObject, str | list[RemoteObject] | None, bool]] = []
    for obj in index.by_name.values():
        relative = relative_of(obj)
        if should_skip(relative, include, exclude):
            skipped = SyncObject(remote_obj=obj, sync_direction="pull", hash_cache=hash_cache)
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
        collides_with: str | list[RemoteObject] | None = None
        on_the_way = links.obstacle(folders)
        if on_the_way is not None and on_the_way.is_link:
            summary.refuse(_refused_remote(obj, hash_cache), on_the_way.reason)
            continue
        # One lstat: a link or pipe standing where the file goes is never written through.
        try:
            local_stat = None if on_the_way is not None else os.lstat(local_path)
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
            None if local_is_dir else local_path,
            remote_obj=obj,
            sync_direction="pull",
            hash_cache=hash_cache,
            local_stat=local_stat if local_kind == FILE else None,
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
    problems = _resolve_equality(
        [s for s, c, _ in entries if c is None and s.exists_on_target], workers, hash_cache
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
    return join_remote(remote_base_path, local_relative.replace(os.sep, "/").lstrip("/"))
