"""What a push or pull does that no row of the preview shows, said in its confirmation so
nothing happens silently: the empty folders a push cannot send (a bucket holds objects
whose names contain slashes, so a folder exists there only while a file is in it), and
the folder a pull will create.

Looked up when the confirmation opens, on the local disk only, from what the confirmation
is given; the walk is capped, and a note it cannot make is left out, never guessed."""

from __future__ import annotations

import os
from collections.abc import Sequence

from bucketferry.core import SyncObject, TransactionSummary

from ..translation import Context

run_notes_words = Context("run_notes_words")
"""(Not ``run_notes``: that is the function below.)"""

WALK_LIMIT = 20_000
"""Folders looked at for empty ones before giving up (the note is then left out)."""
NAMED = 3
"""Empty folders named in the note before an ellipsis."""

Note = tuple[str, str]
"""(objectName, sentence) of one note in the confirmation."""


def home_short(path: str) -> str:
    """``path`` with the home folder written as '~', as people read it in a terminal."""
    home = os.path.expanduser("~").rstrip(os.sep)
    if home and (path == home or path.startswith(home + os.sep)):
        return "~" + path[len(home) :]
    return path


def empty_folders(root: str, limit: int = WALK_LIMIT) -> list[str] | None:
    """The folders below ``root`` without a file at any depth ('/'-separated, relative,
    ending in '/'), in name order; hidden ones (a part starting with '.') left out, as a
    push leaves them. None if ``root`` holds more than ``limit`` folders. A link to a
    folder, and a folder that cannot be read, count as content: nothing is claimed about
    them."""
    has_content: dict[str, bool] = {}
    found: list[str] = []
    for walked, (folder, folders, files) in enumerate(os.walk(root, topdown=False)):
        if walked >= limit:
            return None
        content = bool(files) or any(
            has_content.get(os.path.join(folder, sub), True) for sub in folders
        )
        has_content[folder] = content
        relative = os.path.relpath(folder, root)
        if content or relative == os.curdir:
            continue
        parts = relative.split(os.sep)
        if not any(part.startswith(".") for part in parts):
            found.append("/".join(parts) + "/")
    return sorted(found)


def pushed_folder_of(summary: TransactionSummary | None, local: str) -> str | None:
    """The local folder a push plan covers, when the window did not say: the innermost
    folder holding every file of the plan (inside ``local``). A plan of a single file may
    be a push of that file alone, so it covers no folder."""
    paths = [s.local_path for s in summary.all_files_analyzed] if summary else []
    parents = [os.path.dirname(p) for p in paths if p]
    if len(parents) < 2:
        return None
    try:
        common = os.path.commonpath(parents)
    except ValueError:  # different drives, or relative and absolute paths mixed
        return None
    return common if _inside(common, local) else None


def _inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or below it."""
    folder = os.path.abspath(folder)
    try:
        return os.path.commonpath([os.path.abspath(path), folder]) == folder
    except ValueError:
        return False


def empty_folders_note(folder: str | None, local: str) -> Note | None:
    """The note on the empty folders below ``folder``, named from ``local`` (the folder
    the person chose), as the preview names files."""
    if folder is None or not os.path.isdir(folder):
        return None
    empty = empty_folders(folder)
    if not empty:
        return None
    from_local = os.path.relpath(folder, local) if _inside(folder, local) else os.curdir
    prefix = "" if from_local == os.curdir else from_local.replace(os.sep, "/") + "/"
    shown = ", ".join(prefix + name for name in empty[:NAMED])
    shown += ", …" if len(empty) > NAMED else ""
    count = len(empty)
    if count == 1:
        said = run_notes_words.tr(
            "1 empty folder is not sent ({shown}): a bucket keeps no empty folders."
        )
    else:
        said = run_notes_words.tr(
            "%n empty folders are not sent ({shown}): a bucket keeps no empty folders.",
            "",
            count,
        )
    return ("emptyFoldersNote", said.format(shown=shown))


def folder_to_create(base: str, files: Sequence[SyncObject]) -> str | None:
    """The outermost folder a pull of ``files`` into ``base`` has to create: ``base``
    itself, or the first missing folder on the way to where all the files go."""
    if not os.path.lexists(base):
        return base
    parents = [os.path.dirname(f.local_path) for f in files if f.local_path]
    try:
        common = os.path.commonpath(parents) if parents else base
        relative = os.path.relpath(common, base)
    except ValueError:
        return None
    if relative == os.curdir or relative.split(os.sep)[0] == os.pardir:
        return None
    current = base
    for part in relative.split(os.sep):
        current = os.path.join(current, part)
        if not os.path.lexists(current):
            return current
    return None


def run_notes(
    direction: str,
    summary: TransactionSummary | None,
    files: Sequence[SyncObject],
    local: str,
    pushed_folder: str | None = None,
) -> list[Note]:
    """The notes of a confirmation. ``local``: the local folder of the preview;
    ``pushed_folder``: the folder a push sends, if the caller knows it (else it is
    worked out from the plan's files)."""
    if direction == "push":
        folder = pushed_folder if pushed_folder is not None else pushed_folder_of(summary, local)
        note = empty_folders_note(folder, local)
        return [note] if note else []
    base = (summary.local_base_dir if summary else None) or os.path.abspath(local)
    missing = folder_to_create(base, files)
    if missing is None:
        return []
    shown = home_short(missing)
    said = run_notes_words.tr("The folder {folder} does not exist yet; it will be created.")
    return [("newFolderNote", said.format(folder=shown))]
