"""Scan the local side of a push: which files the user's selection names, each stat'ed once.

A selection is accsr's: a path (glob allowed) relative to a local prefix. The walk stays
inside the folder pushed from unless links may be followed; what cannot be sent safely (a
link out of the folder, an unreadable name, a pipe) is listed with its ``refusal`` rather
than dropped, so the plan can say why it leaves it alone.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import re
import stat as stat_mod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .atomic_files import is_temp_name
from .errors import LocalPathNotFoundError, PathNotChildError
from .file_stat import FileStat, slim_stat
from .paths import unreadable_name
from .trash import home_trash

log = logging.getLogger(__name__)

_TRASH_FOLDER = re.compile(r"\.Trash(-\d+)?")
"""The names of the trash folders at the top of a mount (freedesktop.org Trash
specification): ``.Trash`` (shared) and ``.Trash-<uid>``."""


@dataclass(frozen=True, slots=True)
class LocalFile:
    """One entry of a scan (slots: a scan of 100,000 files holds 100,000 of them)."""

    relative: str
    """The path as accsr matched it against the regexes (relative to the prefix)."""
    absolute: str
    stat: FileStat | None
    """What a plan keeps of its stat (:func:`~.file_stat.slim_stat`); None only for refused
    entries whose stat could not be taken."""
    refusal: str | None = None
    """Why this entry cannot be pushed (a link leaving the folder, unreadable, not a
    regular file, a name that is not UTF-8); None for files to push."""
    skipped: bool = False
    """With a ``refusal``: nothing that holds data is left out (a link to nothing, a pipe
    or socket), so the entry is listed as skipped, not refused."""


def _lstat_or_none(path: str) -> FileStat | None:
    try:
        return slim_stat(os.lstat(path))
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
    def link_outside(path: str, relative: str, lstat: FileStat | None) -> LocalFile:
        return LocalFile(
            relative,
            path,
            lstat,
            f"it leads through a symbolic link to {os.path.realpath(path)}, outside the "
            "folder being pushed; links that leave it are not followed",
        )

    def entry(self, path: str, relative: str, lstat: FileStat, boundary: str) -> LocalFile:
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
                st = slim_stat(os.stat(path))
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
                    lstat = slim_stat(entry.stat(follow_symlinks=False))
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
