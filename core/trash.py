"""Keep the version of a local file that a forced pull is about to replace.

Forcing a pull must never lose anything: before the new version takes the file's place,
the old one goes where the user can find and restore it.

Where it goes, first that works:

1. On freedesktop.org desktops (Linux, the BSDs), the trash, as the Trash specification
   (version 1.0) lays it out, so the file manager lists it and can put it back:
   the home trash ``$XDG_DATA_HOME/Trash`` for files on the same device, otherwise the
   trash at the top of the file's own mount, ``$topdir/.Trash/$uid`` (only if ``.Trash``
   is a directory with the sticky bit, not a symbolic link) or ``$topdir/.Trash-$uid``.
   A file on the home trash's device never goes to a ``$topdir`` trash (the specification
   reserves those for other mounts). The mount's top is found from the file's real folder
   (symbolic links resolved), and a ``$topdir`` trash inside the folder being pulled into
   is never used (a sync folder that is a whole USB stick): a push would upload it.
2. Everywhere else, and whenever no trash can take it (no home folder, a file system
   without room for a trash, missing permissions), a dated backup folder:
   ``<backup_dir>/<YYYY-MM-DD HHMMSS>/<the file's path in the pulled folder>``.
   macOS is among these: its trash (``~/.Trash``) keeps "put back" information in a
   private Finder format, so a file moved there could not be restored from the Finder.
   So is Windows: its recycle bin can only be filled through the shell API.

How, so that the old bytes are never lost, not even by a crash half-way:

- The file gets a second name in the trash (a hard link), and the caller then replaces
  the original name atomically with ``os.replace``. The path never stands empty.
- Where hard links are impossible (FAT, some network shares) the file is renamed into the
  trash instead; between that rename and the caller's there is a window of microseconds
  in which the path does not exist, while the old bytes are already safe in the trash.
- Only for a backup folder on another device are the bytes copied; the copy is flushed to
  disk before it counts, and the original is left for the caller's replacement to remove.
  Nothing here ever deletes the original.
- The trash's ``.trashinfo`` file is written before the file arrives (as the
  specification asks), so a crash between the two leaves an unused info file, never a
  trashed file nobody can restore.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import logging
import os
import shutil
import stat as stat_mod
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from .atomic_files import open_temp_beside
from .errors import BucketFerryError

log = logging.getLogger(__name__)

FREEDESKTOP = os.name == "posix" and sys.platform != "darwin"
"""Whether this system's desktops follow the freedesktop.org Trash specification."""

INFO_SUFFIX = ".trashinfo"
_NAME_MAX = 255  # bytes in one file name on the usual file systems
_temp_numbers = itertools.count()


@dataclass(frozen=True)
class KeptCopy:
    """Where the old version of a replaced file now is."""

    original: str
    """The path the file had."""
    path: str
    """Where its old bytes are now (in the trash's ``files`` folder or a backup folder)."""
    info_path: str | None
    """The trash's ``.trashinfo`` for it; None in a backup folder."""
    moved: bool
    """True if the original name was renamed away; False if it still exists (a hard link
    or a copy was kept) and is the caller's to replace."""

    def undo(self) -> None:
        """The replacement did not happen: put the original back where it was renamed away,
        and drop the kept copy, so the file is as it was before."""
        try:
            if self.moved:
                if os.path.lexists(self.original):
                    return  # something new took the name; the kept version stays kept
                os.rename(self.path, self.original)
            else:
                os.unlink(self.path)
            if self.info_path is not None:
                os.unlink(self.info_path)
        except OSError as exc:
            log.warning("Could not undo keeping %s at %s: %s", self.original, self.path, exc)


@dataclass(frozen=True)
class _TrashDir:
    root: Path
    topdir: Path | None
    """The top of the mount for a ``$topdir`` trash (paths are recorded relative to it);
    None for the home trash (absolute paths)."""


class ReplacedFileKeeper:
    """Keeps files that are about to be replaced, for one run: every file the run keeps
    in a backup folder lands in the same dated sub-folder of ``backup_dir``.

    ``local_root`` is the folder the run pulls into. A ``$topdir`` trash inside it (or
    being it) is never used: the sync folder may itself be the top of a mount (a USB
    stick), and a trash in there would be uploaded by the next push. Such files go to the
    backup folder instead.
    """

    def __init__(
        self,
        backup_dir: str | os.PathLike[str],
        started: datetime | None = None,
        *,
        local_root: str | os.PathLike[str] | None = None,
    ) -> None:
        self.backup_dir = Path(backup_dir)
        stamp = (started or datetime.now()).strftime("%Y-%m-%d %H%M%S")
        self.backup_root = self.backup_dir / stamp
        # Real path: the trash's place is worked out from real folders too (see keep).
        self.local_root = None if local_root is None else Path(os.path.realpath(local_root))

    def keep(self, path: str, relative_path: str | None = None) -> KeptCopy:
        """Put the current version of ``path`` in the trash, else in the backup folder at
        ``relative_path`` ('/'-separated; default: the file's name).

        Afterwards ``path`` may still exist (see :attr:`KeptCopy.moved`): the caller
        replaces it. Raises ``BucketFerryError`` if the file could be kept nowhere; then
        ``path`` is untouched.
        """
        path = os.path.abspath(path)
        problems: list[str] = []
        if FREEDESKTOP:
            real = _real_location(path)
            try:
                candidates = _trash_candidates(real)
            except OSError as exc:
                candidates = []
                problems.append(f"no trash found: {_why(exc)}")
            for trash in candidates:
                if self._inside_local_root(trash):
                    log.debug("Not using %s: it is inside the folder pulled into", trash.root)
                    problems.append(f"trash {trash.root}: inside the folder pulled into")
                    continue
                try:
                    kept = _put_in_trash(path, real, trash)
                except OSError as exc:
                    log.debug("The trash %s cannot take %s: %s", trash.root, path, exc)
                    problems.append(f"trash {trash.root}: {_why(exc)}")
                    continue
                log.info("Kept the replaced version of %s in the trash: %s", path, kept.path)
                return kept
        try:
            kept = self._put_in_backup(path, relative_path or os.path.basename(path))
        except OSError as exc:
            problems.append(f"backup folder {self.backup_dir}: {_why(exc)}")
            raise BucketFerryError(
                f"{path} was not replaced: its current version could be kept neither in the "
                f"trash nor in the backup folder ({'; '.join(problems)}). Make the backup "
                "folder writable or choose another one, then pull again.",
                title="Cannot keep the replaced file",
            ) from exc
        log.info("Kept the replaced version of %s in the backup folder: %s", path, kept.path)
        return kept

    def _inside_local_root(self, trash: _TrashDir) -> bool:
        """Whether ``trash`` is a ``$topdir`` trash in (or at) the folder pulled into.
        The home trash is not checked: the specification puts it where it is."""
        return (
            trash.topdir is not None
            and self.local_root is not None
            and trash.root.is_relative_to(self.local_root)
        )

    def _put_in_backup(self, path: str, relative_path: str) -> KeptCopy:
        parts = [
            p for p in relative_path.replace(os.sep, "/").split("/") if p not in ("", ".", "..")
        ]
        wanted = self.backup_root.joinpath(*(parts or [os.path.basename(path)]))
        _make_private_dirs(wanted.parent)
        names = _unique_names(wanted.name, _NAME_MAX)
        while True:
            target = wanted.parent / next(names)
            try:
                # A placeholder reserves the name; the kept version then replaces it.
                os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                continue
            try:
                moved = _place_over(path, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(target)
                raise
            return KeptCopy(path, str(target), None, moved)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def home_trash() -> Path | None:
    """``$XDG_DATA_HOME/Trash``; a relative ``XDG_DATA_HOME`` is ignored, as the Base
    Directory specification says. None without a home folder."""
    data_home = os.environ.get("XDG_DATA_HOME", "")
    if not os.path.isabs(data_home):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        data_home = os.path.join(home, ".local", "share")
    return Path(data_home) / "Trash"


def _device(path: Path) -> int:
    """The device of ``path``, or of its nearest existing ancestor (a trash that does not
    exist yet will be created on that one)."""
    for candidate in (path, *path.parents):
        try:
            return os.stat(candidate).st_dev
        except (FileNotFoundError, NotADirectoryError):
            continue
    raise FileNotFoundError(errno.ENOENT, "no existing folder", str(path))


def _mount_point(folder: Path, device: int) -> Path:
    """The top of the mount that holds ``folder``: its highest ancestor on ``device``."""
    top = folder
    for parent in folder.parents:
        if os.stat(parent).st_dev != device:
            break
        top = parent
    return top


def _real_location(path: str) -> str:
    """``path`` with the symbolic links of its folders resolved (a link as the file
    itself stays). The top of a mount is found by walking up from here: walking up the
    way the user reached the folder (``~/work -> /mnt/disk/work``) would stop at the link
    and take ``~/work``, putting the trash inside the synced folder."""
    return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))


def _trash_candidates(real_path: str) -> list[_TrashDir]:
    """The trash directories the specification allows for ``real_path`` (whose folders
    are no symbolic links, see :func:`_real_location`), best first."""
    device = os.lstat(real_path).st_dev
    home = home_trash()
    if home is not None and _device(home) == device:
        return [_TrashDir(home, None)]
    topdir = _mount_point(Path(real_path).parent, device)
    uid = os.getuid()
    candidates = []
    shared = topdir / ".Trash"
    with contextlib.suppress(OSError):
        st = os.lstat(shared)
        if stat_mod.S_ISDIR(st.st_mode) and st.st_mode & stat_mod.S_ISVTX:
            candidates.append(_TrashDir(shared / str(uid), topdir))
        else:
            log.debug("Not using %s: not a directory with the sticky bit", shared)
    candidates.append(_TrashDir(topdir / f".Trash-{uid}", topdir))
    return candidates


def _make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and any missing ancestors readable by the owner only (0700), as
    both the Trash and the Base Directory specifications ask."""
    missing = []
    current = folder
    while not current.is_dir() and current.parent != current:
        missing.append(current)
        current = current.parent
    for created in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(created, 0o700)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))


def _open_trash(trash: _TrashDir) -> tuple[Path, Path]:
    """The trash's files/ and info/ folders, created if missing. A ``$topdir`` trash that
    exists must be this user's own directory, not a symbolic link."""
    if trash.topdir is not None:
        _make_private_dirs(trash.root)
        st = os.lstat(trash.root)
        if not stat_mod.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            raise PermissionError(
                errno.EPERM, "not a directory of this user (refused for safety)", str(trash.root)
            )
    files, info = trash.root / "files", trash.root / "info"
    _make_private_dirs(files)
    _make_private_dirs(info)
    return files, info


def _put_in_trash(path: str, real_path: str, trash: _TrashDir) -> KeptCopy:
    """Keep ``path`` in ``trash``. A ``$topdir`` trash records the path relative to its
    topdir, which is a real folder, hence ``real_path`` (``path`` through real folders)."""
    files, info = _open_trash(trash)
    recorded = path if trash.topdir is None else os.path.relpath(real_path, trash.topdir)
    content = (
        "[Trash Info]\n"
        f"Path={quote(os.fsencode(recorded), safe='/')}\n"
        f"DeletionDate={datetime.now():%Y-%m-%dT%H:%M:%S}\n"
    )
    names = _unique_names(os.path.basename(path), _NAME_MAX - len(INFO_SUFFIX))
    while True:
        name = next(names)
        target = files / name
        if os.path.lexists(target):
            continue  # left behind by a crash, or by another program: not ours to replace
        info_path = info / (name + INFO_SUFFIX)
        try:
            fd = os.open(info_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(content)
            moved = _link_or_rename(path, target)
        except FileExistsError:
            os.unlink(info_path)
            continue
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(info_path)
            raise
        return KeptCopy(path, str(target), str(info_path), moved)


def _hard_link(source: str, target: Path) -> bool:
    """Give ``source`` (a symbolic link itself, not what it points to) the extra name
    ``target``. False where this file system has no hard links (FAT, some network
    shares); an existing ``target`` or another device raise ``OSError``."""
    try:
        os.link(source, target, follow_symlinks=False)
    except NotImplementedError:  # systems that cannot link a symbolic link itself
        return False
    except OSError as exc:
        if exc.errno in (errno.EEXIST, errno.EXDEV):
            raise
        log.debug("No hard link for %s (%s); renaming it instead", source, exc)
        return False
    return True


def _link_or_rename(source: str, target: Path) -> bool:
    """Give ``source`` the name ``target`` (which must not exist) on the same device;
    True if ``source`` itself was renamed away, False if it still exists (hard link)."""
    if _hard_link(source, target):
        return False
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "already exists", str(target))
    os.rename(source, target)
    return True


def _place_over(source: str, placeholder: Path) -> bool:
    """Put ``source`` at ``placeholder`` (a file made to reserve the name): by hard link,
    by rename or, from another device, by a copy flushed to disk. True if ``source``
    itself was renamed away."""
    temp = placeholder.with_name(f".{os.getpid()}-{next(_temp_numbers)}.bfkeep")
    try:
        try:
            if _hard_link(source, temp):
                os.replace(temp, placeholder)
                return False
            os.replace(source, placeholder)
            return True
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
        _copy_flushed(source, temp)
        os.replace(temp, placeholder)
        return False
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _copy_flushed(source: str, target: Path) -> None:
    """Copy a file (a symbolic link as a link) with its mode and times, flushed to disk so
    that the copy survives a crash right after the original is replaced."""
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
        return
    with open(source, "rb") as src, open(target, "xb") as out:
        while chunk := src.read(1024 * 1024):
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    shutil.copystat(source, target)


def _unique_names(name: str, limit: int) -> Iterator[str]:
    """``name``, then ``stem.2.ext``, ``stem.3.ext``, ... (the naming GNOME's trash uses),
    each shortened to at most ``limit`` bytes."""
    stem, ext = os.path.splitext(name)
    if len(os.fsencode(ext)) > limit // 2:
        stem, ext = name, ""
    yield _fit(stem, ext, limit)
    for number in itertools.count(2):
        yield _fit(stem, f".{number}{ext}", limit)


def _fit(stem: str, tail: str, limit: int) -> str:
    """``stem + tail``, the stem cut (between characters) to at most ``limit`` bytes."""
    room = limit - len(os.fsencode(tail))
    encoded = os.fsencode(stem)
    if len(encoded) > room:
        stem = encoded[:room].decode("utf-8", "ignore")
    return stem + tail


def put_back(kept_path: str, target: str, *, replace: bool) -> None:
    """Puts a kept version (in the trash or a backup folder) back at ``target``: over what
    is there when ``replace`` (in one step), else only if nothing took the name meanwhile
    (a hard link fails if it did; ``FileExistsError``). Moved where it can be (and its
    trash entry's ``.trashinfo`` removed, so the trash no longer lists it), else copied
    beside the target first, the kept version staying where it is."""
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    try:
        _place(kept_path, target, replace)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        fd, temp_name = open_temp_beside(target)  # a name scans skip, removed if left
        os.close(fd)
        temp = Path(temp_name)
        try:
            temp.unlink()
            _copy_flushed(kept_path, temp)
            _place(str(temp), target, replace)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        return
    files = Path(kept_path).parent
    if files.name == "files":
        with contextlib.suppress(OSError):
            os.unlink(files.parent / "info" / (Path(kept_path).name + INFO_SUFFIX))


def _place(source: str, target: str, replace: bool) -> None:
    """Renames ``source`` to ``target`` (same file system), over it only if ``replace``."""
    if replace:
        os.replace(source, target)
        return
    try:
        os.link(source, target, follow_symlinks=False)  # EEXIST if the name was taken
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EMLINK):
            raise
        if os.path.lexists(target):  # no hard links here: a look, then a rename
            raise FileExistsError(errno.EEXIST, "something took its name", target) from exc
        os.rename(source, target)
        return
    os.unlink(source)
