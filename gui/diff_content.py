"""What differs between the local and the remote copy of one file, computed without Qt.

This runs in the differences dialog's worker thread: decoding, aligning and character-diffing
a 10 MB text is a second or more of pure Python, which must not run on the event loop. It
has no Qt in it, so it is tested on its own and could serve a command line as well.

The line alignment is a patience diff (lines that occur once on each side anchor the
alignment; the gaps are aligned recursively, small ones by difflib). ``difflib`` alone is
quadratic in the number of changes on big files (20,000 lines with every tenth line changed
take five seconds, 200,000 lines several minutes); this stays near-linear. Work is bounded:
past the budgets below, tangled regions are paired by position and character highlighting
falls back to "the part between the common beginning and end", and the result says so.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from bucketferry.core import CancelToken


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for ``pyside6-lupdate`` (which reads the name, not the import) without
    importing Qt: this module has none. The window translates in the context
    "diff_content" when it shows the text."""
    return text


class Said(str):
    """A sentence in English (the string itself) that the window can say in its own
    language: ``template``, marked for translation, with ``values`` filled in. Values that
    are labels (an encoding, a kind of line end) are marked too."""

    template: str
    values: dict[str, str]

    def __new__(cls, template: str, **values: str) -> Said:
        said = super().__new__(cls, template.format(**values))
        said.template = template
        said.values = values
        return said


TEXT, IMAGE, BINARY = "text", "image", "binary"
EQUAL, CHANGED, ADDED, REMOVED = "equal", "changed", "added", "removed"
"""Row kinds, from left (local) to right (remote): ``removed`` lines are only on the left,
``added`` lines only on the right."""

MARK_CHANGED, MARK_ADDS, MARK_REMOVES = "~", "+", "\u2212"
"""Gutter markers, so changes read without colour: ``+`` a line only the replacing side has
(the run adds it), a minus sign a line only the replaced side has (the run removes it)."""

HEX_BYTES = 256
TAB_WIDTH = 4
CONTEXT_LINES = 3
MAX_SHOWN_CHARS = 10_000
"""Longer lines are cut when shown: laying out a line of megabytes would stall a view."""

# Bounds on the work for one comparison (each about half a second of CPU at most).
_SMALL_REGION_CELLS = 250_000  # a gap without anchors is aligned by difflib up to 500 x 500
_REGION_CELLS_BUDGET = 10_000_000  # all such gaps together
_ANCHOR_PASSES = 40  # the recursion may look at each line this many times
_LINE_CELLS = 1_000_000  # characters of one changed pair's middles, multiplied (~10 ms)
_CALL_CELLS = 2_000  # what one difflib call costs besides its cells (~20 us)
_CHAR_CELLS_BUDGET = 15_000_000  # all changed pairs together (~0.5 s)
_SMALL_MATCH = 3  # equal runs shorter than this inside a change are part of the change
_ALIKE = 0.5  # lines sharing less than this of their characters are not shown as a pair
_SAMPLE_CHARS = 65_536
_MAX_CONTROL_SHARE = 0.02

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# C0 controls other than the usual whitespace, backspace and escape, and DEL: text has
# almost none of them, binary data a lot.
_BINARYISH = re.compile(r"[\x00-\x07\x0e-\x1a\x1c-\x1f\x7f]")
# Characters a text view would not show as one cell on one line: C0 controls but tab, DEL,
# and the Unicode line and paragraph separators (which would break the row alignment).
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")
_CONTROL_PICTURES = {c: 0x2400 + c for c in range(32)} | {
    0x7F: 0x2421,
    0x85: 0x2424,
    0x2028: 0x2424,
    0x2029: 0x00B6,
}

Span = tuple[int, int]
"""A half-open range of characters in a displayed line."""
Opcode = tuple[str, int, int, int, int]
"""As in ``difflib.SequenceMatcher.get_opcodes``: tag, i1, i2, j1, j2."""


# --- decoding -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Decoded:
    """A file read as text: ``encoding`` and ``newline`` are labels for people."""

    text: str
    encoding: str
    newline: str  # "LF", "CRLF", "CR", "mixed" or "none"

    @property
    def ends_with_newline(self) -> bool:
        return self.text.endswith(("\n", "\r"))


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", QT_TRANSLATE_NOOP("diff_content", "UTF-8 with BOM")),
    (codecs.BOM_UTF16_LE, "utf-16-le", QT_TRANSLATE_NOOP("diff_content", "UTF-16LE with BOM")),
    (codecs.BOM_UTF16_BE, "utf-16-be", QT_TRANSLATE_NOOP("diff_content", "UTF-16BE with BOM")),
)


def decode(data: bytes) -> Decoded | None:
    """The text in ``data``, or None when it looks binary.

    A byte order mark decides the encoding; otherwise strict UTF-8, and when that fails
    Latin-1, which decodes anything. Binary means NUL characters, or more than 2 % control
    characters that text does not use.
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return _as_text(data[len(bom) :].decode(codec), label)
            except UnicodeDecodeError:
                return None
    if b"\x00" in data:
        return None
    try:
        return _as_text(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        return _as_text(data.decode("latin-1"), "Latin-1")


def _as_text(text: str, encoding: str) -> Decoded | None:
    if "\x00" in text:
        return None
    sample = text[:_SAMPLE_CHARS]
    if sample and len(_BINARYISH.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        return None
    return Decoded(text, encoding, newline_style(text))


def newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    kinds = {
        "CRLF": crlf,
        "CR": text.count("\r") - crlf,
        "LF": text.count("\n") - crlf,
    }
    used = [name for name, count in kinds.items() if count]
    if not used:
        return "none"
    return used[0] if len(used) == 1 else QT_TRANSLATE_NOOP("diff_content", "mixed")


def split_lines(text: str) -> list[str]:
    """Lines without their line breaks (any of CRLF, CR, LF); a final break ends the last
    line rather than starting an empty one."""
    lines = _LINE_BREAK.split(text) if "\r" in text else text.split("\n")  # the same, faster
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def display_lines(lines: list[str]) -> list[str]:
    """Lines as shown: tabs expanded, control characters as their visible pictures (␛).
    Lines without either are the same objects, so this costs little memory."""
    has_tabs = any("\t" in line for line in lines)
    has_controls = any(_CONTROL.search(line) for line in lines)
    if not (has_tabs or has_controls):
        return lines
    shown = []
    for line in lines:
        if "\t" in line:
            line = line.expandtabs(TAB_WIDTH)
        if has_controls and _CONTROL.search(line):
            line = line.translate(_CONTROL_PICTURES)
        shown.append(line)
    return shown


# --- bytes --------------------------------------------------------------------------------


def md5_hex(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def image_type(data: bytes) -> str | None:
    """The picture format by its magic bytes (the formats Qt reads), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data.startswith(b"BM") and len(data) >= 26 and data[6:10] == b"\0\0\0\0":
        return "BMP"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "WebP"
    return None


def first_difference(a: bytes, b: bytes) -> int | None:
    """The offset of the first byte that differs (or where the shorter one ends); None if
    equal. Compares 64 KiB slices at C speed, then bytes only inside the differing slice."""
    if a == b:
        return None
    step = 65_536
    offset = 0
    end = min(len(a), len(b))
    while offset < end and a[offset : offset + step] == b[offset : offset + step]:
        offset += step
    stop = min(offset + step, end)
    while offset < stop and a[offset] == b[offset]:
        offset += 1
    return offset


def hex_dump(data: bytes, limit: int = HEX_BYTES) -> str:
    """The first ``limit`` bytes (at most 64 KiB): a line per 16, with the offset, the
    bytes in hex (two groups of 8) and their printable characters."""
    rows = []
    for offset in range(0, min(len(data), limit, 65_536), 16):
        chunk = data[offset : min(offset + 16, limit)]
        left = " ".join(f"{byte:02x}" for byte in chunk[:8])
        right = " ".join(f"{byte:02x}" for byte in chunk[8:])
        printable = "".join(chr(byte) if 32 <= byte < 127 else "." for byte in chunk)
        rows.append(f"{offset:04x}  {left:<23}  {right:<23}  |{printable}|")
    return "\n".join(rows)


def hex_position(offset: int) -> tuple[int, int]:
    """Where byte ``offset`` is in :func:`hex_dump`'s text: (line, column of its first digit)."""
    line, index = divmod(offset, 16)
    return line, 6 + 3 * index + (1 if index >= 8 else 0)


def differing_offsets(a: bytes, b: bytes, limit: int = HEX_BYTES) -> list[int]:
    """Offsets below ``limit`` where the two differ, counting bytes only one side has."""
    end = min(max(len(a), len(b)), limit)
    return [i for i in range(end) if a[i : i + 1] != b[i : i + 1]]


# --- line alignment -----------------------------------------------------------------------


def _common_prefix(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> int:
    n = 0
    while alo + n < ahi and blo + n < bhi and a[alo + n] == b[blo + n]:
        n += 1
    return n


def _common_suffix(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> int:
    n = 0
    while ahi - n > alo and bhi - n > blo and a[ahi - n - 1] == b[bhi - n - 1]:
        n += 1
    return n


def _unique_positions(lines: Sequence[str], lo: int, hi: int) -> dict[str, int]:
    """Each line of lines[lo:hi] with its index, or -1 when it occurs more than once;
    in order of first occurrence."""
    seen: dict[str, int] = {}
    for i in range(lo, hi):
        line = lines[i]
        seen[line] = -1 if line in seen else i
    return seen


def _anchors(
    a: Sequence[str], b: Sequence[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Patience anchors: lines occurring once on each side, the longest run of them that
    keeps its order on both sides."""
    in_b = _unique_positions(b, blo, bhi)
    pairs = [
        (i, j)
        for line, i in _unique_positions(a, alo, ahi).items()
        if i >= 0 and (j := in_b.get(line, -1)) >= 0
    ]
    tails: list[int] = []  # smallest last j of an increasing run of each length
    tail_pair: list[int] = []
    previous = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        length = bisect_left(tails, j)
        if length == len(tails):
            tails.append(j)
            tail_pair.append(k)
        else:
            tails[length] = j
            tail_pair[length] = k
        previous[k] = tail_pair[length - 1] if length else -1
    chain = []
    k = tail_pair[-1] if tail_pair else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    chain.reverse()
    return chain


def matching_blocks(
    a: Sequence[str], b: Sequence[str], cancel: CancelToken | None = None
) -> tuple[list[tuple[int, int, int]], bool]:
    """Equal runs (i, j, size) in order, maximal, like difflib's ``get_matching_blocks``
    without its sentinel; and whether some region was too tangled to align (its lines are
    then paired by position)."""
    blocks: list[tuple[int, int, int]] = []
    approximate = False
    passes_left = _ANCHOR_PASSES * (len(a) + len(b))
    cells_left = _REGION_CELLS_BUDGET
    stack = [(0, len(a), 0, len(b))]
    while stack:
        if cancel is not None:
            cancel.raise_if_cancelled()
        alo, ahi, blo, bhi = stack.pop()
        n = _common_prefix(a, b, alo, ahi, blo, bhi)
        if n:
            blocks.append((alo, blo, n))
            alo, blo = alo + n, blo + n
        n = _common_suffix(a, b, alo, ahi, blo, bhi)
        if n:
            blocks.append((ahi - n, bhi - n, n))
            ahi, bhi = ahi - n, bhi - n
        if alo == ahi or blo == bhi:
            continue
        passes_left -= (ahi - alo) + (bhi - blo)
        anchors = _anchors(a, b, alo, ahi, blo, bhi) if passes_left > 0 else []
        if anchors:
            i_start, j_start = alo, blo
            for i, j in anchors:
                blocks.append((i, j, 1))
                stack.append((i_start, i, j_start, j))
                i_start, j_start = i + 1, j + 1
            stack.append((i_start, ahi, j_start, bhi))
            continue
        cells = (ahi - alo) * (bhi - blo)
        if cells <= _SMALL_REGION_CELLS and cells <= cells_left:
            cells_left -= cells
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            blocks += [(alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n]
        else:
            approximate = True
    blocks.sort()
    merged: list[tuple[int, int, int]] = []
    for i, j, n in blocks:
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((i, j, n))
    return merged, approximate


def opcodes(blocks: list[tuple[int, int, int]], len_a: int, len_b: int) -> list[Opcode]:
    """The edit script between the blocks, in difflib's opcode form."""
    codes: list[Opcode] = []
    i = j = 0
    for ai, bj, size in [*blocks, (len_a, len_b, 0)]:
        if i < ai and j < bj:
            codes.append(("replace", i, ai, j, bj))
        elif i < ai:
            codes.append(("delete", i, ai, j, bj))
        elif j < bj:
            codes.append(("insert", i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            codes.append(("equal", ai, i, bj, j))
    return codes


# --- characters ---------------------------------------------------------------------------


def _prefix_length(a: str, b: str) -> int:
    """Length of the common beginning, by bisection on slices (C speed on long lines)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _suffix_length(a: str, b: str, limit: int) -> int:
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


class _CharBudget:
    """Character cells left for difflib on changed pairs (shared by all pairs of a file)."""

    def __init__(self, cells: int) -> None:
        self.cells = cells


def char_spans(a: str, b: str, budget: _CharBudget | None = None) -> tuple[list[Span], list[Span]]:
    """Which characters of a changed pair differ, on each side.

    The common beginning and end are cut first. What is left is diffed by character when
    small enough (and the budget allows); otherwise it is highlighted as one range. Equal
    runs shorter than three characters inside a change are shown as changed: a stray
    matching letter in the middle of a rewritten word reads as noise.
    """
    start = _prefix_length(a, b)
    end = _suffix_length(a, b, min(len(a), len(b)) - start)
    a_mid, b_mid = a[start : len(a) - end], b[start : len(b) - end]
    cells = len(a_mid) * len(b_mid) + _CALL_CELLS
    if (
        min(len(a_mid), len(b_mid)) < _SMALL_MATCH  # no inner equal run could be kept
        or cells > _LINE_CELLS
        or (budget is not None and budget.cells < cells)
    ):
        return (
            [(start, start + len(a_mid))] if a_mid else [],
            [(start, start + len(b_mid))] if b_mid else [],
        )
    if budget is not None:
        budget.cells -= cells
    codes = difflib.SequenceMatcher(None, a_mid, b_mid, autojunk=False).get_opcodes()
    left: list[Span] = []
    right: list[Span] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(codes):
        inner = 0 < k < len(codes) - 1
        if tag == "equal" and not (inner and i2 - i1 < _SMALL_MATCH):
            continue
        _extend(left, start + i1, start + i2)
        _extend(right, start + j1, start + j2)
    return left, right


def _similarity(a: str, b: str, a_spans: list[Span]) -> float:
    """The share of both lines that their character diff found equal (as difflib's ratio)."""
    equal = len(a) - sum(end - start for start, end in a_spans)
    return 2 * equal / (len(a) + len(b))


def _extend(spans: list[Span], begin: int, end: int) -> None:
    if begin == end:
        return
    if spans and spans[-1][1] == begin:
        spans[-1] = (spans[-1][0], end)
    else:
        spans.append((begin, end))


# --- the text comparison ------------------------------------------------------------------


class DiffRow(NamedTuple):
    """One aligned row: a side's line number (from 1) and text are None where that side has
    no line; the spans mark the differing characters of a changed pair."""

    left_no: int | None
    left: str | None
    right_no: int | None
    right: str | None
    kind: str
    left_spans: tuple[Span, ...] = ()
    right_spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class TextDiff:
    rows: list[DiffRow]
    unified: str
    changed: int
    removed: int
    added: int
    approximate: bool
    """Some region was too tangled to align and is paired by position."""
    first_change: int | None
    """Index of the first row that is not equal."""
    left_text: str
    right_text: str
    """Each side's lines as shown, one per row (empty where that side has none)."""
    left_gutter: str
    right_gutter: str
    """Each side's line numbers and markers, one per row."""


def diff_texts(
    local: list[str],
    remote: list[str],
    path: str,
    direction: str,
    cancel: CancelToken | None = None,
) -> TextDiff:
    """Aligned rows (local left, remote right) and the unified diff of what the run would
    change: for a push from the remote copy to the local one, for a pull the reverse."""
    blocks, approximate = matching_blocks(local, remote, cancel)
    codes = opcodes(blocks, len(local), len(remote))
    shown_local, shown_remote = display_lines(local), display_lines(remote)
    budget = _CharBudget(_CHAR_CELLS_BUDGET)
    rows: list[DiffRow] = []
    first_change: int | None = None
    for tag, i1, i2, j1, j2 in codes:
        if cancel is not None:
            cancel.raise_if_cancelled()
        if tag == "equal":
            rows += [
                DiffRow(i + 1, shown_local[i], j + 1, shown_remote[j], EQUAL)
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
            continue
        if first_change is None:
            first_change = len(rows)
        pairs: list[DiffRow | None] = []
        for i, j in zip(range(i1, i2), range(j1, j2), strict=False):
            if local[i] == remote[j]:  # paired by position in a tangled region
                pairs.append(DiffRow(i + 1, shown_local[i], j + 1, shown_remote[j], EQUAL))
                continue
            left, right = char_spans(shown_local[i], shown_remote[j], budget)
            alike = _similarity(shown_local[i], shown_remote[j], left) >= _ALIKE
            row = DiffRow(
                i + 1, shown_local[i], j + 1, shown_remote[j], CHANGED, tuple(left), tuple(right)
            )
            pairs.append(row if alike else None)
        if not any(pairs):  # nothing alike: one side's lines, then the other's
            rows += [DiffRow(i + 1, shown_local[i], None, None, REMOVED) for i in range(i1, i2)]
            rows += [DiffRow(None, None, j + 1, shown_remote[j], ADDED) for j in range(j1, j2)]
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            paired = pairs[k] if k < len(pairs) else None
            if paired is not None:
                rows.append(paired)
                continue
            if i < i2:
                rows.append(DiffRow(i + 1, shown_local[i], None, None, REMOVED))
            if j < j2:
                rows.append(DiffRow(None, None, j + 1, shown_remote[j], ADDED))
    counts = Counter(row.kind for row in rows)
    if direction == "push":
        unified = unified_diff(
            remote, local, f"remote/{path}", f"local/{path}", [_swapped(c) for c in codes]
        )
    else:
        unified = unified_diff(local, remote, f"local/{path}", f"remote/{path}", codes)
    local_is_source = direction == "push"
    return TextDiff(
        rows,
        unified,
        counts[CHANGED],
        counts[REMOVED],
        counts[ADDED],
        approximate,
        first_change,
        side_text(rows, True),
        side_text(rows, False),
        gutter_text(rows, True, local_is_source),
        gutter_text(rows, False, not local_is_source),
    )


def marker(kind: str, left: bool, source: bool) -> str:
    """The gutter marker of a row of ``kind`` on one side; ``source``: that side replaces
    the other in this run."""
    if kind == CHANGED:
        return MARK_CHANGED
    if (kind == REMOVED and left) or (kind == ADDED and not left):
        return MARK_ADDS if source else MARK_REMOVES
    return ""


def _shown(line: str | None) -> str:
    if line is None:
        return ""
    if len(line) <= MAX_SHOWN_CHARS:
        return line
    return f"{line[:MAX_SHOWN_CHARS]} \u2026 ({len(line) - MAX_SHOWN_CHARS:,} more characters)"


def side_text(rows: list[DiffRow], left: bool) -> str:
    """One side's text for a view, a line per row, lines over MAX_SHOWN_CHARS cut."""
    return "\n".join(_shown(row.left if left else row.right) for row in rows)


def gutter_text(rows: list[DiffRow], left: bool, source: bool) -> str:
    """One side's line numbers, right-aligned, each followed by its marker."""
    numbers = [row.left_no if left else row.right_no for row in rows]
    width = len(str(max((n for n in numbers if n is not None), default=1)))
    return "\n".join(
        f"{number:>{width}} {marker(row.kind, left, source) or ' '}" if number is not None else ""
        for number, row in zip(numbers, rows, strict=True)
    )


_SWAPPED_TAGS = {"equal": "equal", "replace": "replace", "delete": "insert", "insert": "delete"}


def _swapped(code: Opcode) -> Opcode:
    tag, i1, i2, j1, j2 = code
    return _SWAPPED_TAGS[tag], j1, j2, i1, i2


def _grouped(codes: list[Opcode], context: int) -> Iterator[list[Opcode]]:
    """Hunks with ``context`` equal lines around each change: difflib's
    ``get_grouped_opcodes``, over opcodes computed here."""
    if not codes:
        return
    codes = list(codes)
    tag, i1, i2, j1, j2 = codes[0]
    if tag == "equal":
        codes[0] = tag, max(i1, i2 - context), i2, max(j1, j2 - context), j2
    tag, i1, i2, j1, j2 = codes[-1]
    if tag == "equal":
        codes[-1] = tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)
    group: list[Opcode] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _unified_range(start: int, stop: int) -> str:
    beginning, length = start + 1, stop - start
    if length == 1:
        return str(beginning)
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def unified_diff(
    a: list[str], b: list[str], from_label: str, to_label: str, codes: list[Opcode]
) -> str:
    """``difflib.unified_diff(a, b, from_label, to_label, lineterm="")`` joined by newlines,
    computed from the given opcodes instead of a second (slow) difflib pass."""
    out: list[str] = []
    for group in _grouped(codes, CONTEXT_LINES):
        if not out:
            out += [f"--- {from_label}", f"+++ {to_label}"]
        first, last = group[0], group[-1]
        out.append(
            f"@@ -{_unified_range(first[1], last[2])} +{_unified_range(first[3], last[4])} @@"
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in a[i1:i2]]
                continue
            if tag in ("replace", "delete"):
                out += ["-" + line for line in a[i1:i2]]
            if tag in ("replace", "insert"):
                out += ["+" + line for line in b[j1:j2]]
    return "\n".join(out) + "\n" if out else ""


# --- both sides ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SideContent:
    """What is known about one side's bytes."""

    size: int
    md5: str
    head: bytes
    decoded: Decoded | None
    image_type: str | None
    line_count: int


@dataclass(frozen=True)
class Comparison:
    """Everything the differences view shows about one file, ready to draw."""

    path: str
    kind: str
    local: SideContent
    remote: SideContent
    first_difference: int | None
    text: TextDiff | None
    notes: tuple[str, ...]

    @property
    def identical(self) -> bool:
        return self.first_difference is None


def _side(data: bytes) -> tuple[SideContent, list[str] | None]:
    decoded = decode(data)
    lines = split_lines(decoded.text) if decoded is not None else None
    content = SideContent(
        size=len(data),
        md5=md5_hex(data),
        head=data[:HEX_BYTES],
        decoded=decoded,
        image_type=image_type(data),
        line_count=len(lines) if lines is not None else 0,
    )
    return content, lines


def compare(
    local: bytes,
    remote: bytes,
    path: str,
    direction: str,
    cancel: CancelToken | None = None,
) -> Comparison:
    """Compares the two copies of ``path``; ``direction`` ("push" or "pull") says which side
    replaces which, so the unified diff shows what the run would change."""
    local_side, local_lines = _side(local)
    remote_side, remote_lines = _side(remote)
    offset = first_difference(local, remote)
    text: TextDiff | None = None
    if local_side.image_type and remote_side.image_type:
        kind = IMAGE
    elif local_lines is not None and remote_lines is not None:
        kind = TEXT
        text = diff_texts(local_lines, remote_lines, path, direction, cancel)
    else:
        kind = BINARY
    return Comparison(
        path,
        kind,
        local_side,
        remote_side,
        offset,
        text,
        tuple(_notes(kind, local_side, remote_side, offset, text)),
    )


def _notes(
    kind: str,
    local: SideContent,
    remote: SideContent,
    offset: int | None,
    text: TextDiff | None,
) -> list[str]:
    """Plain-words remarks for what the views cannot show: sameness, invisible differences,
    approximations."""
    if offset is None:
        return [Said(QT_TRANSLATE_NOOP("diff_content", "Both copies are byte for byte the same."))]
    notes: list[str] = []
    if text is not None:
        assert local.decoded is not None and remote.decoded is not None
        if local.decoded.encoding != remote.decoded.encoding:
            said = QT_TRANSLATE_NOOP(
                "diff_content", "The encodings differ: local {local}, remote {remote}."
            )
            notes.append(Said(said, local=local.decoded.encoding, remote=remote.decoded.encoding))
        newlines = {local.decoded.newline, remote.decoded.newline}
        if len(newlines) > 1 and "none" not in newlines:
            said = QT_TRANSLATE_NOOP(
                "diff_content", "The line endings differ: local {local}, remote {remote}."
            )
            notes.append(Said(said, local=local.decoded.newline, remote=remote.decoded.newline))
        local_end, remote_end = local.decoded.ends_with_newline, remote.decoded.ends_with_newline
        if local_end != remote_end:
            said = (
                QT_TRANSLATE_NOOP(
                    "diff_content",
                    "The local file ends with a line break, the remote file does not.",
                )
                if local_end
                else QT_TRANSLATE_NOOP(
                    "diff_content",
                    "The remote file ends with a line break, the local file does not.",
                )
            )
            notes.append(Said(said))
        if text.first_change is None and not notes:
            notes.append(
                Said(
                    QT_TRANSLATE_NOOP(
                        "diff_content", "The texts read the same, but their bytes differ."
                    )
                )
            )
        if text.approximate:
            said = QT_TRANSLATE_NOOP(
                "diff_content",
                "Some parts differ in too many places to align line by line; there, lines "
                "are compared by position.",
            )
            notes.append(Said(said))
    elif kind == BINARY:
        shorter = min(local.size, remote.size)
        if offset == shorter and local.size != remote.size:
            said = (
                QT_TRANSLATE_NOOP(
                    "diff_content", "The local file is the beginning of the other ({bytes} bytes)."
                )
                if local.size < remote.size
                else QT_TRANSLATE_NOOP(
                    "diff_content", "The remote file is the beginning of the other ({bytes} bytes)."
                )
            )
            notes.append(Said(said, bytes=f"{offset:,}"))
        else:
            said = QT_TRANSLATE_NOOP(
                "diff_content", "The first difference is at byte {offset} ({hex})."
            )
            notes.append(Said(said, offset=f"{offset:,}", hex=f"0x{offset:x}"))
    return notes
