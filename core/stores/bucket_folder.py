"""The bucket folder of a folder bucket, entered one folder at a time and never through a link.

Whoever can write in the bucket folder (a colleague on a shared drive, another sync
program) can swap a folder for a symbolic link at any moment. So every way in walks down
from the bucket folder one folder at a time, opening each with ``O_NOFOLLOW`` relative to
the one above (``openat``, see core/local_folders.py), and the store acts relative to the
last one: a folder swapped for a link between a check and its use cannot redirect a write.
The bucket folder itself, and the folders above it, may be links: that is the user's
choice. Kept apart from the store so that its operations read as what they do, not as how
they stay inside the folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from ..errors import (
    BucketNotFoundError,
    CollisionError,
    StorageError,
    TransientStorageError,
    UnsafeRemoteNameError,
)
from ..local_folders import (
    FILE,
    LINK,
    READ_FLAGS,
    SPECIAL,
    Absent,
    Blocked,
    KeptChanging,
    SafeFolder,
    entry_kind,
    walk_down,
)
from .local_names import blocked, checked_parts, folder_parts, name_problem

_PROC_FD = os.path.isdir("/proc/self/fd")
"""Linux: where an open descriptor really points can be asked (see _open_direct)."""

_REFUSAL_CACHE_SECONDS = 2.0
"""How long ``refusal`` trusts what it saw in a folder: plans ask once per file, and most
files share their folders. Uploads and deletes check again, so staleness is harmless."""


class _KeptFolder(NamedTuple):
    """The folders one thread stored into, kept open for its next file (see keeping_open)."""

    parts: tuple[str, ...]
    chain: list[SafeFolder]
    """The bucket folder, then each folder of ``parts`` below it."""
    closing: contextlib.ExitStack
    """Closes them."""

    def moved(self) -> bool:
        """Whether a kept folder is no longer under its name in the one above it (moved
        away, deleted, swapped for a link or another folder): then the way is walked
        again, so nothing is stored where the bucket folder no longer shows it."""
        try:
            levels = zip(self.chain[:-1], self.parts, self.chain[1:], strict=True)
            for above, part, folder in levels:
                there = os.stat(part, dir_fd=above.fd, follow_symlinks=False)
                kept = os.fstat(folder.fd)  # type: ignore[arg-type]
                if (there.st_ino, there.st_dev) != (kept.st_ino, kept.st_dev):
                    return True
        except OSError:
            return True
        return False


class BucketFolder:
    """The ways into one bucket folder that never pass a link. Thread-safe."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._real_path: str | None = None
        self._odd_lock = threading.Lock()
        self._odd_entries_seen: dict[str, dict[str, str] | None] = {}
        self._odd_entries_since = 0.0
        self._kept: dict[int, _KeptFolder] | None = None
        self._runs_keeping = 0
        self._keeping_lock = threading.Lock()

    def missing(self) -> BucketNotFoundError:
        """The error for a bucket folder that is not there, with what to do about it."""
        return BucketNotFoundError(
            f"The bucket folder {self.path} does not exist. Create the bucket first "
            "(or choose another folder in the connection settings)."
        )

    def _open_top(self) -> SafeFolder:
        try:
            return SafeFolder.open_top(str(self.path))  # it may be a link
        except (FileNotFoundError, NotADirectoryError):
            raise self.missing() from None

    @contextlib.contextmanager
    def folders(
        self, parts: Sequence[str], name: str, verb: str, *, create: bool = False
    ) -> Iterator[list[SafeFolder]]:
        """The bucket folder and the folders ``parts`` below it (created if missing, with
        ``create``), each opened relative to the one above; all closed on exit.

        Raises UnsafeRemoteNameError if one is a link or a special file; Absent if one is
        missing or a file (without ``create``); CollisionError if one is a file (with it).
        """
        try:
            with walk_down(self._open_top(), parts, create=create) as chain:
                yield chain
        except Blocked as exc:
            if exc.kind in (LINK, SPECIAL):
                raise UnsafeRemoteNameError(
                    f"Refused to {verb} '{name}': {blocked(exc.kind, exc.relative, leaf=False)}."
                ) from None
            if create:
                raise CollisionError(
                    f"Cannot store '{name}': a file in the bucket has the name of one of its "
                    "folders."
                ) from None
            raise Absent from None
        except KeptChanging as exc:
            raise TransientStorageError(
                f"'{exc.relative}' in the bucket folder kept changing while '{name}' was being "
                "opened; try again."
            ) from None

    @contextlib.contextmanager
    def keeping_open(self) -> Iterator[None]:
        """For one run's uploads: each thread keeps the folders it last stored into open
        for its next file (a run stores a folder's files one after another) instead of
        walking down from the bucket folder for every file: two system calls a folder
        level instead of an open, a close and the interpreter's work around them (6 % of
        a push of small files). All are closed when the last run that keeps them ends
        (runs of one store may overlap: none closes what another's thread may be using)."""
        with self._keeping_lock:
            self._runs_keeping += 1
            if self._kept is None:
                self._kept = {}
        try:
            yield
        finally:
            with self._keeping_lock:
                self._runs_keeping -= 1
                kept = self._kept if self._runs_keeping == 0 else None
                if kept is not None:
                    self._kept = None
            for entry in (kept or {}).values():
                entry.closing.close()

    @contextlib.contextmanager
    def storing_folder(self, parts: Sequence[str], name: str) -> Iterator[SafeFolder]:
        """The folder to store ``name`` in, walked to (and created) as :meth:`folders`
        does; inside :meth:`keeping_open`, kept open for the thread's next file there
        while each of its folders is still where it was found (see _KeptFolder.moved)."""
        kept, wanted, thread = self._kept, tuple(parts), threading.get_ident()
        if kept is not None and thread in kept:
            entry = kept[thread]
            if entry.parts == wanted and not entry.moved():
                yield entry.chain[-1]
                return
            del kept[thread]
            entry.closing.close()
        closing = contextlib.ExitStack()
        chain = closing.enter_context(self.folders(parts, name, "store", create=True))
        if kept is None or chain[-1].fd is None:  # no *at calls: a folder is only its path
            with closing:
                yield chain[-1]
            return
        kept[thread] = _KeptFolder(wanted, chain, closing)
        yield chain[-1]

    def local_path(self, name: str) -> str:
        """The object's path, as the hash cache knows it (never used to open it)."""
        return os.path.join(self.path, *name.split("/"))

    def _open_direct(self, parts: Sequence[str]) -> int | None:
        """The object's file opened by its path in one call, kept only if the kernel says
        it is the file at exactly that place below the bucket folder (Linux's
        ``/proc/self/fd``: a link anywhere on the way resolves elsewhere); else None, and
        the folder-by-folder walk decides. A pull reads every object: this saves a
        directory open per folder level for each, which costs on slow or network disks."""
        if not _PROC_FD:
            return None
        if self._real_path is None:
            self._real_path = os.path.realpath(self.path)
        path = os.path.join(self.path, *parts)
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return None  # never open a device or pipe, not even to look
            fd = os.open(path, READ_FLAGS)
        except OSError:
            return None
        try:
            where = os.readlink(f"/proc/self/fd/{fd}")
            regular = stat.S_ISREG(os.fstat(fd).st_mode)
        except OSError:
            where, regular = None, False
        if not regular or where != os.path.join(self._real_path, *parts):
            os.close(fd)  # the walk says what is in the way (a pipe, a link)
            return None
        return fd

    def open_file(self, name: str, verb: str) -> tuple[int, os.stat_result]:
        """The object's file, open for reading, and its stat; never through a link."""
        parts = checked_parts(name, verb)
        fd = self._open_direct(parts)
        if fd is None:
            try:
                with self.folders(parts[:-1], name, verb) as chain:
                    fd = self._open_leaf(chain[-1], parts[-1], name, verb)
            except Absent:
                raise StorageError(f"'{name}' is no longer in the bucket.") from None
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # replaced by a folder or a pipe since the look
            os.close(fd)
            raise StorageError(f"'{name}' is no longer a file in the bucket.")
        return fd, st

    @staticmethod
    def _open_leaf(folder: SafeFolder, leaf: str, name: str, verb: str) -> int:
        kind = folder.kind(leaf)
        if kind == FILE:
            try:
                return folder.open(leaf, READ_FLAGS)
            except FileNotFoundError:
                raise Absent from None
            except OSError:
                kind = folder.kind(leaf)  # replaced by a link since the look: say so
                if kind not in (LINK, SPECIAL):
                    raise
        if kind in (LINK, SPECIAL):
            raise UnsafeRemoteNameError(
                f"Refused to {verb} '{name}': {blocked(kind, name, leaf=True)}."
            )
        raise Absent

    def _odd_entries(self, folder: str) -> dict[str, str] | None:
        """The links and special files directly in ``folder`` (name -> kind); None if
        it is not a folder. Remembered for a moment: plans ask for every file."""
        with self._odd_lock:
            now = time.monotonic()
            if now - self._odd_entries_since > _REFUSAL_CACHE_SECONDS:
                self._odd_entries_seen.clear()
                self._odd_entries_since = now
            elif folder in self._odd_entries_seen:
                return self._odd_entries_seen[folder]
        odd: dict[str, str] | None
        try:
            with self.folders(folder_parts(folder), folder, "look into") as chain:
                kinds = ((e.name, entry_kind(e)) for e in chain[-1].scandir())
                odd = {name: kind for name, kind in kinds if kind in (LINK, SPECIAL)}
        except Absent:
            odd = None
        except OSError:  # unreadable: nothing to report; uploads check for themselves
            odd = {}
        with self._odd_lock:
            self._odd_entries_seen[folder] = odd
        return odd

    def refusal(self, name: str) -> str | None:
        """Why ``name`` cannot be stored here: not a possible file name, or a link or
        special file in the bucket folder where its folders or itself would be."""
        problem = name_problem(name)
        if problem is not None:
            return problem
        parts = name.split("/")
        try:
            for depth, part in enumerate(parts):
                odd = self._odd_entries("/".join(parts[:depth]))
                if odd is None:
                    return None  # not there (yet): an upload creates real folders
                kind = odd.get(part)
                if kind is not None:
                    path = "/".join(parts[: depth + 1])
                    return blocked(kind, path, leaf=depth == len(parts) - 1)
        except UnsafeRemoteNameError as exc:  # a folder became a link a moment ago
            return str(exc)
        return None
