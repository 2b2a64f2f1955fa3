"""Pure path logic: remote names, filters, and where a remote name may land locally."""

from __future__ import annotations

import logging
import os
import re
from re import Pattern

from .errors import ConfigurationError, InvalidRegexError, PathNotChildError

log = logging.getLogger(__name__)

Regex = str | Pattern[str] | None
"""A filter as accsr takes it: a pattern, its text, or None for no filter."""


def compile_filter(regex: str | Pattern[str] | None, which: str) -> Pattern[str] | None:
    """Compile a user's include/exclude regex, or say plainly why it is not valid."""
    if regex is None or isinstance(regex, Pattern):
        return regex
    try:
        return re.compile(regex)
    except re.error as exc:
        raise InvalidRegexError(
            f"The {which} filter '{regex}' is not a valid regular expression: {exc}. "
            "Fix the pattern (for example, escape special characters like '.' or '(' with "
            "a backslash).",
            exc,
        ) from exc


def merge_path_regex(include_regex: Regex, path_regex: Regex) -> Regex:
    if path_regex is None:
        return include_regex
    log.warning("Using deprecated parameter 'path_regex'. Use 'include_regex' instead.")
    if include_regex is not None:
        raise ConfigurationError(
            "Cannot specify both 'path_regex' and 'include_regex'. Use only 'include_regex' "
            f"instead, 'path_regex' is deprecated. Got path_regex={path_regex!r} and "
            f"include_regex={include_regex!r}"
        )
    return path_regex


def should_skip(path: str, include: Pattern[str] | None, exclude: Pattern[str] | None) -> bool:
    """accsr's rule: skipped unless include matches (from the start); exclude wins."""
    if include is not None and not include.match(path):
        return True
    return exclude is not None and exclude.match(path) is not None


def base_length(base_path: str) -> int:
    """How many characters of a full object name are its base path and the '/' after it:
    ``name[base_length(base):]`` is the name as commands and trees take it."""
    return len(base_path.rstrip("/") + "/") if base_path else 0


def join_remote(*parts: str) -> str:
    """accsr's joining: '/'-joined, never starting with '/' (GCS refuses that)."""
    return "/".join(parts).lstrip("/")


def strip_abspath(remote_path: str, prefix: str) -> str:
    """accsr's ``strip_abspath_prefix``: an absolute ``remote_path`` below ``prefix`` becomes
    the rest of it ('/data/run1/a.csv' with '/data' is 'run1/a.csv'); a relative one is
    returned as it is. Unlike accsr, '/data2/x' is not below '/data' (whole folder names
    only), so such a path is refused instead of pulling a name that was never meant."""
    if not (remote_path.startswith("/") or os.path.isabs(remote_path)):
        return remote_path
    path = remote_path.replace("\\", "/")
    root = prefix.replace("\\", "/").rstrip("/")
    if path == root:
        return ""
    if not path.startswith(root + "/"):
        raise PathNotChildError(
            f"Remote path {remote_path} is absolute but does not start with the given "
            f"prefix {prefix}. Pass a path below it, or another strip_abspath_prefix."
        )
    return path[len(root) + 1 :]


def is_name_neighbour(full_remote_path: str, name: str) -> bool:
    """True for objects listed only because their name starts with the same characters:
    ``dir_suffix`` when ``dir`` was asked for, ``file_2`` when ``file`` was asked for."""
    if full_remote_path.endswith("/") or full_remote_path == "":
        return False
    name = name.lstrip("/")
    full_remote_path = full_remote_path.lstrip("/")
    return not (name == full_remote_path or name.startswith(full_remote_path + "/"))


def remote_ancestors(name: str) -> list[str]:
    """'a/b/c' -> ['a', 'a/b']: the folders a name needs."""
    parts = name.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


NAME_MAX = 255
"""Bytes in one file or folder name on the file systems people use (ext4, btrfs, APFS,
NTFS in UTF-16 units, which is more than enough for 255 UTF-8 bytes)."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def unsafe_relative_name(relative: str) -> str | None:
    """Why a remote name (relative to the base path) must not become a local path, or None.

    Refuses what could write outside the chosen folder or mean different things on
    different systems: absolute names, '..' or '.' segments, backslashes, drive letters;
    and what a file system cannot hold or a person cannot see: control characters
    (carriage return, line feed, escape...), names longer than a file name may be.
    """
    if not relative:
        return "it has an empty name"
    if relative.startswith("/"):
        return "it starts with '/', which would make it an absolute path"
    if "\\" in relative:
        return "it contains a backslash, which is a folder separator on Windows"
    if re.match(r"^[A-Za-z]:", relative):
        return "it starts with a drive letter"
    segments = relative.split("/")
    if any(s == ".." for s in segments):
        return "it contains '..', which would point outside the chosen folder"
    if any(s == "." for s in segments):
        return "it contains a '.' segment"
    if "" in segments:
        return "it contains an empty folder name ('//'), which would merge with another name"
    if "\0" in relative:
        return "it contains a NUL character"
    control = _CONTROL.search(relative)
    if control is not None:
        return (
            f"it contains a control character ({control.group()!r}), which file names "
            "should not hold: programs show or handle such names wrongly"
        )
    try:
        longest = max(len(s.encode()) for s in segments)
    except UnicodeEncodeError:
        return "its name is not valid text (UTF-8)"
    if longest > NAME_MAX:
        return (
            f"one part of its name is {longest} bytes long; file names can have at most {NAME_MAX}"
        )
    return None


def unreadable_name(name: str) -> str | None:
    """Why a local file's name cannot be used as an object name, or None: names that are
    not valid UTF-8 (Python keeps their bytes as lone surrogates) cannot be sent."""
    try:
        name.encode()
    except UnicodeEncodeError:
        return "its name is not valid text (UTF-8); rename it to send it"
    return None


def unsafe_object_name(name: str) -> str | None:
    """Why an object cannot be addressed safely, or None.

    HTTP clients normalise request paths: 'a//b', 'a/./b' and 'a/../b' are sent as 'a/b' or
    'b', so reading, overwriting or deleting such an object would touch another one.
    """
    segments = name.split("/")
    if any(s in (".", "..") for s in segments) or "" in segments[:-1] or name.startswith("/"):
        return "its name has '.', '..' or empty segments"
    return None


def local_path_for(local_base_dir: str, relative: str) -> str:
    return os.path.join(local_base_dir, *relative.split("/"))


def common_folder(names: list[str]) -> str:
    """The longest folder prefix ('a/b/' or '') shared by all names: one listing covers all."""
    common = os.path.commonprefix(names)  # noqa: RUF071 - character-wise, then cut at '/'
    return common[: common.rfind("/") + 1]
