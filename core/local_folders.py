"""Folders reached without following links: for pulls into a local folder, and for the
local-folder bucket.

Between a preview and its run (or between a check and a write), a folder on the way to a
file can be replaced by a symbolic link — by the user, another program, or whoever else can
write there — and a write by path would land wherever the link points. So paths are never
resolved as strings: a walk opens the chosen top folder once, goes down one folder at a
time with ``O_NOFOLLOW`` relative to the one above (``openat``), creates what is missing on
the way, and creates, checks, renames and deletes files relative to the folder it holds
open. A link met on the way stops the walk with :class:`Blocked`; nothing is done through
it. The top folder itself (and everything above it) may be a link: that is the user's
choice.

Where the platform has no ``*at`` calls (Windows), the same walk checks each folder with
``lstat`` and then uses it by path: links are still refused, but a swap in between is not.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import logging
import os
import stat
import threading
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from .atomic_files import is_stale_temp, open_temp_beside, open_temp_in, write_all

log = logging.getLogger(__name__)

AT_CALLS = (
    # os.replace shares os.rename's implementation, so it takes directory descriptors too.
    {os.open, os.stat, os.mkdir, os.rmdir, os.unlink, os.rename} <= os.supports_dir_fd
    and os.scandir in os.supports_fd
    and hasattr(os, "O_DIRECTORY")
    and hasattr(os, "O_NOFOLLOW")
)
"""Whether folders are opened and used through descriptors (race-free); else by path."""

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_TOP_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC
_FOLDER_FLAGS = _TOP_FLAGS | NOFOLLOW
READ_FLAGS = (
    # O_NONBLOCK: a pipe put where a file was must not block the open (reading a regular
    # file ignores the flag).
    os.O_RDONLY | getattr(os, "O_BINARY", 0) | NOFOLLOW | _CLOEXEC | getattr(os, "O_NONBLOCK", 0)
)
_CHANGED = (errno.ENOENT, errno.ENOTDIR, errno.ELOOP, errno.EMLINK)
"""What opening a folder fails with when it is missing, or is a link or a file (EMLINK:
FreeBSD's O_NOFOLLOW); if a look right after finds a folder, it changed in between."""
_LINK_REPARSE_TAGS = (0xA000000C, 0xA0000003)
"""Windows' IO_REPARSE_TAG_SYMLINK and IO_REPARSE_TAG_MOUNT_POINT (junctions)."""

LINK, FOLDER, FILE, SPECIAL, MISSING = "link", "folder", "file", "special", "missing"


def kind_of(st: os.stat_result) -> str:
    """What an ``lstat`` result is: LINK, FOLDER, FILE or SPECIAL (device, pipe, socket)."""
    if stat.S_ISLNK(st.st_mode) or getattr(st, "st_reparse_tag", 0) in _LINK_REPARSE_TAGS:
        return LINK
    if stat.S_ISDIR(st.st_mode):
        return FOLDER
    return FILE if stat.S_ISREG(st.st_mode) else SPECIAL


def entry_kind(entry: os.DirEntry[str]) -> str:
    """The entry's kind from the folder listing itself (no system call on most systems)."""
    if entry.is_symlink():
        return LINK
    if entry.is_dir(follow_symlinks=False):
        return FOLDER
    return FILE if entry.is_file(follow_symlinks=False) else SPECIAL


class Blocked(Exception):
    """Something other than a folder stands where a folder is needed."""

    def __init__(self, kind: str, relative: str) -> None:
        super().__init__(f"{relative} is a {kind}")
        self.kind = kind
        """LINK, SPECIAL or FILE."""
        self.relative = relative
        """Its path below the top folder ('a/b')."""


class Absent(Exception):
    """A folder on the way is missing (and was not to be created)."""


class BaseReplaced(Exception):
    """The chosen folder is not the one that was planned for (another took its name)."""


class KeptChanging(Exception):
    """A folder appeared and went (or changed kind) every time it was looked at."""

    def __init__(self, relative: str) -> None:
        super().__init__(relative)
        self.relative = relative


class Replacement:
    """A temporary file being written in a folder, to be renamed over its target.
    Unbuffered: callers write whole chunks, and a buffered file object per file cost a
    local-folder push of small files several system calls and objects each."""

    def __init__(self, folder: SafeFolder, fd: int, temp: str, target: str) -> None:
        self.folder = folder
        self.fd = fd
        self.temp = temp
        self.target = target
        self.committed = False
        self._open = True

    def write(self, data: bytes) -> None:
        write_all(self.fd, data)

    def close(self) -> None:
        if self._open:
            self._open = False
            os.close(self.fd)

    def commit(self) -> None:
        """Closes the file and renames it over the target in one step (a link at the
        target is replaced itself, never what it points to)."""
        self.close()
        self.folder.replace(self.temp, self.target)
        self.committed = True


class SafeFolder:
    """A folder reached without following links: an open descriptor where the platform
    has ``*at`` calls (``fd``), else its checked path. Names given to its methods are
    plain names of entries in it."""

    def __init__(self, path: str, relative: str, fd: int | None) -> None:
        self.path = path
        self.relative = relative
        """Its path below the top folder of the walk ('' for the top), for messages."""
        self.fd = fd

    @classmethod
    def open_top(cls, path: str) -> SafeFolder:
        """The top folder of a walk (it may be a link). FileNotFoundError/NotADirectoryError
        when it is not there."""
        if AT_CALLS:
            return cls(path, "", os.open(path, _TOP_FLAGS))
        if not os.path.isdir(path):
            raise FileNotFoundError(errno.ENOENT, "No such folder", path)
        return cls(path, "", None)

    def _at(self, name: str) -> tuple[str, int | None]:
        """``name`` in this folder as an os function takes it: (name, dir_fd) or (path, None)."""
        return (name, self.fd) if self.fd is not None else (os.path.join(self.path, name), None)

    def relative_of(self, name: str) -> str:
        return f"{self.relative}/{name}" if self.relative else name

    def child(self, name: str) -> SafeFolder:
        """The sub-folder ``name``; OSError (ENOTDIR or ELOOP) if it is not a real folder."""
        path, dir_fd = self._at(name)
        full = os.path.join(self.path, name)
        if dir_fd is not None:
            return SafeFolder(
                full, self.relative_of(name), os.open(path, _FOLDER_FLAGS, dir_fd=dir_fd)
            )
        kind = kind_of(os.stat(path, follow_symlinks=False))
        if kind != FOLDER:
            raise OSError(errno.ELOOP if kind == LINK else errno.ENOTDIR, "not a folder", path)
        return SafeFolder(full, self.relative_of(name), None)

    def enter(self, name: str, *, create: bool) -> SafeFolder:
        """The sub-folder ``name``, made first if missing and ``create``. Raises Blocked
        (a link, special file or file there), Absent (missing, not ``create``),
        KeptChanging, or the OSError of a real folder that cannot be opened. Parallel
        workers make the same folders, so one that appears (or goes) between the open and
        the look is looked at again."""
        for _ in range(3):
            try:
                return self.child(name)
            except OSError as exc:
                failure = exc
            kind = self.kind(name)
            if kind == MISSING and create:
                with contextlib.suppress(FileExistsError):  # made meanwhile, or not a folder
                    self.mkdir(name)
            elif kind != FOLDER or failure.errno not in _CHANGED:
                break
        try:
            if kind in (LINK, SPECIAL, FILE):
                raise Blocked(kind, self.relative_of(name))
            if kind == MISSING and not create:
                raise Absent
            if kind == FOLDER and failure.errno not in _CHANGED:
                raise failure  # a real folder that cannot be opened (permissions)
            raise KeptChanging(self.relative_of(name))
        finally:
            # The failure's traceback holds this frame, which held the failure: a cycle
            # only the garbage collector frees, one per folder a preview finds missing,
            # and its collections hold the GIL the window's thread is waiting for.
            del failure

    def lstat(self, name: str) -> os.stat_result:
        path, dir_fd = self._at(name)
        return os.stat(path, dir_fd=dir_fd, follow_symlinks=False)

    def kind(self, name: str) -> str:
        try:
            return kind_of(self.lstat(name))
        except (FileNotFoundError, NotADirectoryError):
            return MISSING

    def open(self, name: str, flags: int) -> int:
        path, dir_fd = self._at(name)
        return os.open(path, flags, dir_fd=dir_fd)

    def open_temp(self, name: str) -> tuple[int, str]:
        """A new temporary file for ``name`` here (named as atomic_files names them, so
        listings skip it and a later run removes it if this one is killed): (fd, its name)."""
        if self.fd is not None:
            return open_temp_in(self.fd, name)
        fd, path = open_temp_beside(os.path.join(self.path, name))
        return fd, os.path.basename(path)

    @contextlib.contextmanager
    def replacement(self, name: str) -> Iterator[Replacement]:
        """A new version of ``name`` written beside it, then renamed over it: the caller
        writes it, checks what it wrote, and calls ``commit()``. Leaving the block
        without committing (an error, a cancel, a failed check) removes the temporary
        file, so a half-written file never stays behind and ``name`` never changes."""
        fd, temp = self.open_temp(name)
        replacement = Replacement(self, fd, temp, name)
        try:
            yield replacement
        finally:
            if not replacement.committed:
                replacement.close()
                with contextlib.suppress(OSError):
                    self.unlink(temp)

    def link_open_file(self, fd: int, name: str) -> bool:
        """Gives the open file ``fd`` one more name, ``name`` here (which must not exist):
        the very file that was opened, whatever happened to its path since. False where
        the system cannot (no /proc/self/fd, or a file system without hard links)."""
        if not os.path.isdir("/proc/self/fd"):
            return False
        path, dir_fd = self._at(name)
        try:
            os.link(f"/proc/self/fd/{fd}", path, dst_dir_fd=dir_fd, follow_symlinks=True)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOSPC, errno.EDQUOT):
                raise
            return False
        return True

    def mkdir(self, name: str) -> None:
        path, dir_fd = self._at(name)
        os.mkdir(path, dir_fd=dir_fd)

    def rmdir(self, name: str) -> None:
        path, dir_fd = self._at(name)
        os.rmdir(path, dir_fd=dir_fd)

    def unlink(self, name: str) -> None:
        path, dir_fd = self._at(name)
        os.unlink(path, dir_fd=dir_fd)

    def replace(self, source: str, target: str) -> None:
        """Renames ``source`` to ``target``, both in this folder (a link at ``target`` is
        replaced itself, never what it points to)."""
        (source_path, dir_fd), (target_path, _) = self._at(source), self._at(target)
        os.replace(source_path, target_path, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)

    def scandir(self) -> builtins.list[os.DirEntry[str]]:
        """The entries; their ``stat`` works only while this folder is open."""
        with os.scandir(self.fd if self.fd is not None else self.path) as entries:
            return builtins.list(entries)

    def remove_stale_temp_files(self) -> int:
        """Removes the temporary files that killed runs left here (regular files of this
        user; see atomic_files.is_stale_temp); returns how many. Only write paths call
        it, so a preview or a listing changes nothing. Never raises: it is a courtesy."""
        removed = 0
        uid = os.getuid() if hasattr(os, "getuid") else None
        try:
            entries = self.scandir()
        except OSError:
            return 0
        for entry in entries:
            if not is_stale_temp(entry.name):
                continue
            try:
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(st.st_mode) and (uid is None or st.st_uid == uid):
                    self.unlink(entry.name)
                    removed += 1
            except OSError:
                continue
        if removed:
            log.info("Removed %d temporary file(s) of an interrupted run in %s", removed, self.path)
        return removed

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


@contextlib.contextmanager
def walk_down(top: SafeFolder, parts: Sequence[str], *, create: bool) -> Iterator[list[SafeFolder]]:
    """``top`` and the folders ``parts`` below it, each entered from the one above (see
    :meth:`SafeFolder.enter` for what it raises); all closed on exit, ``top`` included."""
    chain = [top]
    try:
        for part in parts:
            chain.append(chain[-1].enter(part, create=create))
        yield chain
    finally:
        for folder in chain:
            folder.close()


class OpenFolders:
    """The folders one pull writes into, each reached once from its chosen folder without
    following links and then kept open for the run (up to ``limit``; beyond that a folder
    is walked to for each file): a file costs a walk only the first time its folder is
    used. Once open, a folder stays the one that was checked, even if a link later takes
    its name. Stale temporary files are removed from each folder as it is first opened.
    Thread-safe; :meth:`close` at the end of the run."""

    def __init__(
        self, base: str, limit: int = 256, *, base_id: tuple[int, int] | None = None
    ) -> None:
        """``base_id``: the (device, inode) the chosen folder had when the run was
        planned; another folder under its name (a link swapped in) raises BaseReplaced."""
        self.base = base
        self.limit = limit
        self.base_id = base_id
        self._lock = threading.Lock()
        self._open: dict[tuple[str, ...], SafeFolder] = {}
        self._cleaned: set[tuple[str, ...]] = set()

    def _walk(self, parts: tuple[str, ...]) -> SafeFolder:
        """``base/parts...``, created where missing (``base`` too: the links above it are
        the user's); raises Blocked, KeptChanging or OSError."""
        try:
            top = SafeFolder.open_top(self.base)
        except FileNotFoundError:
            os.makedirs(self.base, exist_ok=True)
            top = SafeFolder.open_top(self.base)
        folder = top
        try:
            if self.base_id is not None:
                st = os.fstat(top.fd) if top.fd is not None else os.stat(top.path)
                if (st.st_dev, st.st_ino) != self.base_id:
                    raise BaseReplaced(self.base)
            for part in parts:
                child = folder.enter(part, create=True)
                folder.close()
                folder = child
        except BaseException:
            folder.close()
            raise
        folder.relative = "/".join(parts)
        return folder

    @contextlib.contextmanager
    def folder(self, parts: Sequence[str]) -> Iterator[SafeFolder]:
        key = tuple(parts)
        with self._lock:
            known = self._open.get(key)
        if known is not None:
            yield known
            return
        opened = self._walk(key)
        with self._lock:
            clean = key not in self._cleaned
            self._cleaned.add(key)
        if clean:
            opened.remove_stale_temp_files()
        with self._lock:
            if key not in self._open and len(self._open) < self.limit:
                self._open[key] = opened
                kept = True
            else:
                kept = False
        try:
            yield opened
        finally:
            if not kept:
                opened.close()

    def close(self) -> None:
        with self._lock:
            folders, self._open = list(self._open.values()), {}
        for folder in folders:
            folder.close()


class Obstacle(NamedTuple):
    """Something on the way down to a folder that stops a pull from writing there."""

    reason: str
    is_link: bool
    """A symbolic link or special file (the file is refused) rather than a file where a
    folder is needed (a name collision, which the user can resolve)."""


class LinkFinder:
    """Finds a symbolic link (or a file) on the way from a base folder down to a folder,
    looking at each folder once however many files it holds: for planning a pull."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._seen: dict[tuple[str, ...], Obstacle | None] = {(): None}
        self._missing: set[tuple[str, ...]] = set() if os.path.lexists(base) else {()}

    def obstacle(self, folders: Sequence[str]) -> Obstacle | None:
        """What stops writing into ``base/folders...``, or None (missing folders are
        fine: they will be created)."""
        key = tuple(folders)
        if key in self._seen:
            return self._seen[key]
        found = self.obstacle(key[:-1])
        if found is None:
            path = os.path.join(self.base, *key)
            try:
                kind = MISSING if key[:-1] in self._missing else kind_of(os.lstat(path))
            except (FileNotFoundError, NotADirectoryError):
                kind = MISSING
            if kind == MISSING:
                self._missing.add(key)
            if kind in (LINK, SPECIAL):
                found = Obstacle(blocked_reason(Blocked(kind, "/".join(key))), is_link=True)
            elif kind == FILE:
                found = Obstacle(f"the local file {path} is where a folder is needed", False)
        self._seen[key] = found
        return found

    def missing(self, folders: Sequence[str]) -> bool:
        """Whether ``base/folders...`` is not there (nor, then, any file in it): a pull
        into a new folder looks at no file of its own."""
        key = tuple(folders)
        self.obstacle(key)
        return key in self._missing


def blocked_reason(blocked: Blocked) -> str:
    """Why a pull cannot write below a folder that :class:`Blocked` a walk, in words."""
    if blocked.kind == LINK:
        return (
            f"the folder '{blocked.relative}' on its way is a symbolic link; pulls never "
            "write through links"
        )
    if blocked.kind == SPECIAL:
        return f"'{blocked.relative}' on its way is a device, pipe or socket, not a folder"
    return f"'{blocked.relative}' on its way is a file, not a folder"
