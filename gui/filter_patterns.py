"""What the Include and Exclude fields mean: the text a person typed, turned into the
regular expressions the engine's filters take.

By default the fields hold wildcards (``*.csv; raw/; **/*.png``, see
``bucketferry.core.wildcards``); with "Regular expressions" ticked they hold one regular
expression each, as the API takes it. Either way a filter is matched against each file's
path below the local folder (``raw/data.csv``), from its start.

Hidden files (a name starting with '.') are left out of a plan unless the window shows
them: :func:`exclude_regex` adds them to what the user excludes, so the plan holds exactly
what the trees show.
"""

from __future__ import annotations

import re

from bucketferry.core import ConfigurationError, InvalidRegexError
from bucketferry.core.paths import compile_filter
from bucketferry.core.wildcards import wildcards_to_regex

from .translation import Context

filter_patterns = Context("filter_patterns")


def wildcard_help() -> str:
    """The tooltip of a filter field that holds wildcards."""
    return filter_patterns.tr(
        "Wildcards, matched against each file's path below the local folder, e.g. "
        "raw/data.csv.\n"
        "*.csv — files ending in .csv, in any folder\n"
        "raw/ — everything in folders named raw\n"
        "data/*.csv — .csv files directly in data\n"
        "**/*.png — .png files at any depth\n"
        "Separate several patterns with ';'.\n"
        "A file the exclude filter matches is left out even if the include filter matches it."
    )


def regex_help() -> str:
    """The tooltip of a filter field that holds a regular expression."""
    return filter_patterns.tr(
        "A regular expression, matched against each file's path below the local folder, "
        "e.g. raw/data.csv.\n"
        "It must match from the start of the path: .*\\.csv$ selects every .csv file.\n"
        "A file the exclude filter matches is left out even if the include filter matches it."
    )


def placeholder(regex: bool, include: bool) -> str:
    """The hint an empty filter field shows."""
    if include:
        return (
            filter_patterns.tr("all files; e.g. .*\\.csv$")
            if regex
            else filter_patterns.tr("all files; e.g. *.csv; raw/")
        )
    return (
        filter_patterns.tr("nothing; e.g. .*\\.tmp$")
        if regex
        else filter_patterns.tr("nothing; e.g. *.tmp; cache/")
    )


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
"""Flags such as ``(?i)`` that must stay at the start of a regular expression."""


HIDDEN_PART = r"(?:.*/)?\.(?!\.?(?:/|\Z))"
"""A path with a part starting with '.', other than '.' and '..' (names the engine
refuses, saying why, rather than leaving them out)."""


def hidden_regex(remote_path: str) -> str:
    """Matches paths with a hidden part below the chosen path (``remote_path``: the path
    field, which every planned path starts with; a hidden name typed there was asked
    for)."""
    below = re.escape(remote_path.strip("/")) + "/" if remote_path.strip("/") else ""
    return below + HIDDEN_PART


def engine_filter(text: str, regex: bool, which: str) -> str | None:
    """The regular expression for one field's ``text`` (None: no filter); ``regex``: the
    text is one already. Raises, with words for the user, InvalidRegexError for a regular
    expression the regex module refuses, ConfigurationError for wildcards that name
    nothing or make no valid expression ('[z-a]'); ``which`` is "include" or "exclude"."""
    if regex:
        compile_filter(text or None, which)
        return text or None
    result = wildcards_to_regex(text)  # ConfigurationError: a pattern naming nothing
    try:
        compile_filter(result, which)
    except InvalidRegexError as exc:  # '[z-a]': say it in the words of the pattern typed
        message = (
            filter_patterns.tr("The include filter '{text}' is not a valid pattern: {reason}.")
            if which == "include"
            else filter_patterns.tr("The exclude filter '{text}' is not a valid pattern: {reason}.")
        )
        raise ConfigurationError(
            message.format(text=text, reason=exc.msg),
            title=filter_patterns.tr("Invalid filter"),
        ) from None
    return result


def exclude_regex(user: str | None, hide_hidden: bool, remote_path: str) -> str | None:
    """The user's exclude (a valid regular expression, or None), and the hidden files
    when they are hidden: either one matching leaves a file out."""
    if not hide_hidden:
        return user
    hidden = hidden_regex(remote_path)
    if user is None:
        return hidden
    flags = _GLOBAL_FLAGS.match(user)  # '(?i)...' must stay first
    lead, rest = (flags.group(), user[flags.end() :]) if flags else ("", user)
    return f"{lead}(?:{rest})|(?:{hidden})"


def is_hidden_name(name: str) -> bool:
    """Whether a file or folder name (the last part of a path) is hidden."""
    last = name.rstrip("/").rsplit("/", 1)[-1]
    return last.startswith(".") and last not in (".", "..")
