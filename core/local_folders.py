"""Writing below a chosen local folder without ever following a link out of it.

A pull is previewed, then run; in between, a folder on the way to a target can be replaced
by a symbolic link (by the user, another program or someone with write access), and the
files the preview placed in ``out/sub/`` would land wherever the link points. So a pull
never resolves target paths as strings: it opens the chosen folder once, walks down one
folder at a time with ``O_NOFOLLOW`` (``openat``), creates what is missing on the way, and
creates, checks and renames its files relative to the folder it holds open. A link met on
the way fails that file with a clear reason; nothing is written through it. The chosen
folder itself (and everything above it) may be a link: that is the user's choice.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from .errors import UnsafeLocalPathError

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _refuse(base: str, walked: Sequence[str], why: str) -> UnsafeLocalPathError:
    where = os.path.join(base, *walked)
    return UnsafeLocalPathError(
        f"{where} {why}; nothing was written through it. Bucket Ferry writes only into "
        "real folders inside the chosen folder."
    )


@contextlib.contextmanager
def open_folder(base: str, folders: Sequence[str], *, create: bool = True) -> Iterator[int]:
    """A file descriptor of ``base/folders[0]/folders[1]/...``, reached without following
    any link below ``base``; missing folders are created when ``create``. Raises
    ``UnsafeLocalPathError`` when a step is a link or not a folder."""
    try:
        fd = os.open(base, _DIR_FLAGS)
    except FileNotFoundError:
        if not create:
            raise
        os.makedirs(base, exist_ok=True)  # the chosen folder: links above it are the user's
        fd = os.open(base, _DIR_FLAGS)
    try:
        for depth, name in enumerate(folders):
            try:
                child = os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                with contextlib.suppress(FileExistsError):  # another worker made it
                    os.mkdir(name, 0o777, dir_fd=fd)
                child = _open_child(base, folders[: depth + 1], name, fd)
            except OSError as exc:
                raise _why_not_a_folder(base, folders[: depth + 1], name, fd, exc) from None
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def _open_child(base: str, walked: Sequence[str], name: str, fd: int) -> int:
    try:
        return os.open(name, _DIR_FLAGS | _NOFOLLOW, dir_fd=fd)
    except OSError as exc:
        raise _why_not_a_folder(base, walked, name, fd, exc) from None


def _why_not_a_folder(
    base: str, walked: Sequence[str], name: str, fd: int, exc: OSError
) -> OSError:
    """The clear error for a step that could not be opened as a folder (or ``exc``)."""
    if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
        return exc
    try:
        is_link = stat.S_ISLNK(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode)
    except OSError:
        is_link = False
    return _refuse(base, walked, "is a symbolic link" if is_link else "is a file, not a folder")


class Obstacle(NamedTuple):
    """Something on the way down to a folder that stops a pull from writing there."""

    reason: str
    is_link: bool
    """A symbolic link (the file is refused) rather than a file where a folder is needed
    (a name collision, which the user can resolve)."""


class LinkFinder:
    """Finds a symbolic link (or a file) on the way from a base folder down to a folder,
    looking at each folder once however many files it holds: for planning a pull."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._seen: dict[tuple[str, ...], Obstacle | None] = {(): None}

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
                mode = os.lstat(path).st_mode
            except (FileNotFoundError, NotADirectoryError):
                mode = None
            if mode is not None and stat.S_ISLNK(mode):
                found = Obstacle(
                    f"the folder '{'/'.join(key)}' on its way is a symbolic link; pulls never "
                    "write through links",
                    is_link=True,
                )
            elif mode is not None and not stat.S_ISDIR(mode):
                found = Obstacle(f"the local file {path} is where a folder is needed", False)
        self._seen[key] = found
        return found
