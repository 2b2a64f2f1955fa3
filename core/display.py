"""Names and messages made safe to show to a person, and the words both interfaces use.

Names come from other people's buckets and folders, so they can hold anything: an escape
sequence that recolours or clears the terminal, a carriage return or line feed that makes
a fake line ("Deleted 0 objects."), right-to-left overrides that show a name backwards,
undecodable bytes (``os.fsdecode`` turns them into lone surrogates, which cannot even be
written to a UTF-8 stream). Everything printed for a person goes through
:func:`printable` first; JSON output does not need it (``json.dumps`` escapes).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .waiting import WORTH_SAYING, Wait

_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

_ALLOWED_FORMAT = frozenset({"\u200c", "\u200d"})
"""Invisible format characters that belong to ordinary text: the zero-width (non-)joiner
holds emoji sequences (👩‍💻) and Indic and Persian words together."""

_ESCAPED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp", "Cf"})
"""Control characters (C0, DEL, C1), surrogates, line and paragraph separators, and
format characters (bidirectional overrides, zero-width spaces, byte order marks)."""


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _needs_escape(char: str) -> bool:
    if char in _ALLOWED_FORMAT or "\U000e0020" <= char <= "\U000e007f":  # emoji flag tags
        return False
    return unicodedata.category(char) in _ESCAPED_CATEGORIES


def printable(text: str) -> str:
    """``text`` with every character that could control a terminal, fake a line or not be
    written at all replaced by a visible escape (``\\x1b``, ``\\r``, ``\\n``, ``\\xff``
    for an undecodable byte, ``\\u202e``); accents, CJK, emoji and spaces stay as they
    are. Backslashes are left alone: a name that spells out ``\\n`` is harmless, and
    doubling every backslash would make ordinary Windows-style names hard to read."""
    if text.isprintable():  # the common case, in C
        return text
    return "".join(_escape(char) if _needs_escape(char) else char for char in text)


def waiting_words(wait: Wait | None) -> str:
    """What the command line and the window say about ``wait`` (the longest request
    without an answer, see waiting.server_waits): nothing until it has waited
    ``WORTH_SAYING`` seconds, so answers that are merely slow do not alarm anyone."""
    if wait is None or wait.seconds < WORTH_SAYING:
        return ""
    return f"waiting for the server: {wait.seconds:.0f} s, {printable(wait.what)}…"


def by_reason(items: Iterable[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """(name, reason) pairs grouped by reason, largest group first, names in their order:
    a thousand files that failed for one reason read as one line, not a thousand."""
    groups: dict[str, list[str]] = {}
    for name, reason in items:
        groups.setdefault(reason, []).append(name)
    return sorted(groups.items(), key=lambda group: -len(group[1]))
