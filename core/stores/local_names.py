"""Which names a folder bucket can hold, and the words that say why it cannot hold others.

An object name becomes a path below the bucket folder, so a name that could mean a place
outside it ('..', '.', empty segments, a leading '/', backslashes, NUL) is refused, as is a
name read from disk that is not UTF-8 (an object name cannot be one). The listing (names
found on disk) and every single-object operation (names asked for) judge names here, so
their messages read alike.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from ..atomic_files import is_temp_name
from ..errors import UnsafeRemoteNameError
from ..local_folders import LINK

LINK_REFUSAL = (
    "it is a symbolic link in the bucket folder; Bucket Ferry never reads or writes through links"
)
SPECIAL_REFUSAL = (
    "it is a device, pipe or socket in the bucket folder, not a file; Bucket Ferry only "
    "stores regular files"
)


def is_utf8(text: str) -> bool:
    """False for names read from disk that were not UTF-8 (Python keeps their bytes as
    lone surrogates), which an object name can never be."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def shown(text: str) -> str:
    """The text with undecodable bytes as backslash escapes ('bad\\xffname.txt'): safe to
    print, log and show; never a name that reaches the file (it has a backslash)."""
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def _text_problem(text: str) -> str | None:
    if "\0" in text:
        return "it contains a NUL character"
    if text.startswith("/"):
        return "it starts with '/', which would point outside the bucket folder"
    if "\\" in text:
        return (
            "it contains a backslash, which a folder bucket cannot store (Windows reads it "
            "as a folder separator)"
        )
    if not is_utf8(text):
        return f"its name ({shown(text)}) is not valid text (UTF-8); rename it"
    return None


def _segments_problem(segments: Sequence[str]) -> str | None:
    if ".." in segments:
        return "it contains '..', which would point outside the bucket folder"
    if "" in segments or "." in segments:
        return "it has an empty or '.' segment ('a//b', 'a/./b', a trailing '/')"
    return None


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a file in a folder bucket, or None."""
    if not name:
        return "the name is empty"
    parts = name.split("/")
    problem = _text_problem(name) or _segments_problem(parts)
    if problem is None and any(is_temp_name(part) for part in parts):
        problem = "it is named like Bucket Ferry's temporary files, which are never listed"
    return problem


def checked_parts(name: str, verb: str) -> list[str]:
    """The segments of an object's name, or UnsafeRemoteNameError saying why it cannot be
    one (``verb``: what was refused, 'store', 'read', ...)."""
    problem = name_problem(name)
    if problem is not None:
        raise UnsafeRemoteNameError(f"Refused to {verb} '{shown(name)}': {problem}.")
    return name.split("/")


def prefix_problem(prefix: str) -> str | None:
    """Why a listing prefix could reach outside the bucket folder, or None. Its last
    segment may be the start of a name ('a/rep' lists 'a/report.txt') or empty ('a/')."""
    segments = prefix.split("/")
    last = segments[-1:] if segments[-1] in (".", "..") else []
    return _text_problem(prefix) or _segments_problem(segments[:-1] + last)


def folder_parts(folder: str) -> list[str]:
    """The segments of a folder's name; none for the bucket folder itself ('')."""
    return folder.split("/") if folder else []


def blocked(kind: str, path: str, *, leaf: bool) -> str:
    """Why ``path`` in the bucket folder cannot be used: as the object itself (``leaf``),
    or as a folder on the way to one."""
    if leaf:
        return LINK_REFUSAL if kind == LINK else SPECIAL_REFUSAL
    if kind == LINK:
        return (
            f"'{path}' in the bucket folder is a symbolic link; Bucket Ferry never reads or "
            "writes through links"
        )
    return f"'{path}' in the bucket folder is a device, pipe or socket where a folder is needed"


def unreadable_name(text: str, name: str, *, folder: bool) -> str | None:
    """Why a name found on disk cannot be an object name (``name`` as shown), or None."""
    inside = ", so nothing in it is listed" if folder else ""
    if not is_utf8(text):
        return f"its name ({name}) is not valid text (UTF-8); rename it{inside}"
    if "\\" in text:
        return (
            "its name contains a backslash, which a folder bucket cannot address (Windows "
            f"reads it as a folder separator); rename it{inside}"
        )
    return None
