"""Filters as people write them (``*.csv; raw/; **/*.png``), turned into the regular
expressions the engine's include/exclude take.

Why: the API's filters are regular expressions matched from the start of a file's path
below the chosen folder (accsr's meaning), so ``*.csv`` is an error and ``csv`` matches
nothing. Wildcards follow the rules of ``.gitignore``, which many people already know:

- ``*`` is any run of characters within one folder or file name, ``?`` one character,
  ``[abc]`` one of those characters (``[!abc]`` none of them);
- a pattern without ``/`` (``*.csv``) is a name: it matches in every folder;
- a pattern with ``/`` inside (``data/*.csv``) is a path from the chosen folder;
- ``**`` stands for any number of folders (``**/*.png``, ``raw/**``);
- a pattern ending in ``/`` (``raw/``) means a folder: everything in it, at any depth;
- several patterns are separated by ``;`` (or new lines); any one matching is enough.
"""

from __future__ import annotations

import re

from .errors import ConfigurationError

SEPARATORS = re.compile(r"[;\n]")


def wildcards_to_regex(text: str) -> str | None:
    """One regular expression that matches (from the start, with ``re.match``) the paths
    any of the ``;``-separated patterns in ``text`` matches; None for no pattern at all."""
    patterns = [p.strip() for p in SEPARATORS.split(text) if p.strip()]
    if not patterns:
        return None
    return "|".join(f"(?:{_one(pattern)})" for pattern in patterns)


def _one(pattern: str) -> str:
    folder = pattern.endswith("/")
    body = pattern.strip("/")
    if not body:
        raise ConfigurationError(
            f"The filter '{pattern}' names no file or folder. Write, for example, '*.csv' or "
            "'raw/'.",
            title="Invalid filter",
        )
    anywhere = "/" not in body and not body.startswith("**")
    names = body.split("/")
    parts = [_segment(part) for part in names]
    if names[-1] == "**":  # 'raw/**': everything below
        parts[-1] = ".*"
    regex = "/".join(parts).replace("(?:.*/)?/", "(?:.*/)?")
    if anywhere:
        regex = "(?:.*/)?" + regex
    return regex + ("/.*" if folder else "(?:/.*)?") + r"\Z"


def _segment(part: str) -> str:
    """One folder or file name of a pattern; ``**`` alone is any number of folders."""
    if part == "**":
        return "(?:.*/)?"
    out: list[str] = []
    i = 0
    while i < len(part):
        char = part[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = part.find("]", i + 2)
            if end == -1:
                out.append(re.escape(char))
            else:
                inside = part[i + 1 : end]
                negate = inside.startswith("!")
                inside = inside[1:] if negate else inside
                escaped = inside.replace("\\", "\\\\").replace("^", "\\^")
                out.append(f"[{'^' if negate else ''}{escaped}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)
