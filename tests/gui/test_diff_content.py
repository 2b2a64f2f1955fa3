"""The comparison behind the differences view, without Qt: decoding, alignment, character
ranges, the unified diff, bytes."""

from __future__ import annotations

import codecs
import difflib
import random
import time

import pytest

from bucketferry.core import CancelledError, CancelToken
from bucketferry.gui.diff_content import (
    ADDED,
    BINARY,
    CHANGED,
    EQUAL,
    IMAGE,
    MARK_ADDS,
    MARK_CHANGED,
    MARK_REMOVES,
    MAX_SHOWN_CHARS,
    REMOVED,
    TEXT,
    char_spans,
    compare,
    decode,
    diff_texts,
    differing_offsets,
    display_lines,
    first_difference,
    hex_dump,
    hex_position,
    image_type,
    marker,
    matching_blocks,
    newline_style,
    opcodes,
    split_lines,
    unified_diff,
)

# --- decoding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        ("naïve café\n".encode(), "UTF-8", "naïve café\n"),
        (codecs.BOM_UTF8 + "köln".encode(), "UTF-8 with BOM", "köln"),
        (codecs.BOM_UTF16_LE + "grüße\r\n".encode("utf-16-le"), "UTF-16LE with BOM", "grüße\r\n"),
        (codecs.BOM_UTF16_BE + "日本語".encode("utf-16-be"), "UTF-16BE with BOM", "日本語"),
        ("café crème".encode("latin-1"), "Latin-1", "café crème"),
        (b"", "UTF-8", ""),
        (b"\x1b[1mbold\x1b[0m and a\ttab\x0c", "UTF-8", "\x1b[1mbold\x1b[0m and a\ttab\x0c"),
    ],
)
def test_text_is_decoded_with_its_encoding(data: bytes, encoding: str, text: str):
    decoded = decode(data)
    assert decoded is not None
    assert (decoded.encoding, decoded.text) == (encoding, text)


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x00\x00binary with NUL",
        bytes(range(1, 32)) * 10,  # control characters, no NUL
        codecs.BOM_UTF16_LE + b"\x00\xd8",  # a lone surrogate: not UTF-16
    ],
)
def test_binary_data_is_not_text(data: bytes):
    assert decode(data) is None


def test_line_endings_are_named_and_split_alike():
    assert [newline_style(t) for t in ("a\nb\n", "a\r\nb", "a\rb", "a\r\nb\n", "ab")] == [
        "LF",
        "CRLF",
        "CR",
        "mixed",
        "none",
    ]
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert split_lines("a\n\nb\n") == ["a", "", "b"]
    assert split_lines("") == []


def test_display_lines_expand_tabs_and_show_control_characters():
    lines = ["plain", "\tindented", "bell\x07", "form\x0cfeed", "line\u2028separator"]
    shown = display_lines(lines)
    assert shown[0] is lines[0]
    assert shown[1] == "    indented"
    assert shown[2] == "bell\u2407"
    assert shown[3] == "form\u240cfeed"
    assert "\u2028" not in shown[4]
    plain = ["a", "b"]
    assert display_lines(plain) is plain


# --- bytes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"\xff\xd8\xff\xe0..JFIF", "JPEG"),
        (b"GIF89a....", "GIF"),
        (b"BM" + b"\x36\x00\x0c\x00" + b"\0\0\0\0" + b"\x36" + b"\0" * 20, "BMP"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP"),
        (b"BMW service plan\n" + b"x" * 30, None),
        (b"plain text", None),
    ],
)
def test_pictures_are_recognised_by_their_magic_bytes(data: bytes, kind: str | None):
    assert image_type(data) == kind


def test_first_difference_finds_the_offset_beyond_the_first_slice():
    big = bytes(200_000)
    changed = bytearray(big)
    changed[150_001] = 1
    assert first_difference(big, bytes(changed)) == 150_001
    assert first_difference(b"abc", b"abc") is None
    assert first_difference(b"abc", b"abcd") == 3
    assert first_difference(b"", b"x") == 0


def test_hex_dump_and_the_position_of_each_byte():
    data = bytes(range(40))
    dump = hex_dump(data).splitlines()
    assert len(dump) == 3
    assert dump[0].startswith("0000  00 01 02 03 04 05 06 07  08 09")
    assert dump[2].endswith("| !\"#$%&'|")
    for offset in range(40):
        line, column = hex_position(offset)
        assert dump[line][column : column + 2] == f"{offset:02x}"
    assert hex_dump(bytes(1000), limit=32).count("\n") == 1
    assert differing_offsets(b"abcd", b"abXdE") == [2, 4]


# --- alignment --------------------------------------------------------------------------------


def apply(a: list[str], b: list[str], codes) -> list[str]:
    """Rebuilds b from a and the opcodes, checking that 'equal' runs really are equal."""
    out: list[str] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
            out += a[i1:i2]
        else:
            out += b[j1:j2]
    return out


def test_opcodes_rebuild_the_other_side_for_random_edits():
    rng = random.Random(5)
    words = [f"line {i}" for i in range(40)] + ["", "}", "    pass"] * 5
    for _ in range(300):
        a = [rng.choice(words) for _ in range(rng.randrange(0, 60))]
        b = list(a)
        for _ in range(rng.randrange(0, 8)):
            position = rng.randrange(0, len(b) + 1)
            action = rng.choice("idr")
            if action == "i":
                b.insert(position, rng.choice(words))
            elif b and position < len(b):
                if action == "d":
                    del b[position]
                else:
                    b[position] = rng.choice(words)
        blocks, approximate = matching_blocks(a, b)
        assert not approximate
        assert apply(a, b, opcodes(blocks, len(a), len(b))) == b


def test_moved_and_edited_lines_align_on_the_unique_ones():
    a = ["def f():", "    return 1", "", "def g():", "    return 2", ""]
    b = ["def g():", "    return 2", "", "def f():", "    return 10", ""]
    text = diff_texts(a, b, "x.py", "pull")
    assert apply(a, b, opcodes(*_blocks(a, b))) == b
    kinds = [row.kind for row in text.rows]
    assert CHANGED in kinds or (REMOVED in kinds and ADDED in kinds)


def _blocks(a, b):
    blocks, _ = matching_blocks(a, b)
    return blocks, len(a), len(b)


def test_rows_pair_changed_lines_and_leave_gaps_for_one_sided_ones():
    local = ["title", "value = 1", "kept", "local only"]
    remote = ["title", "value = 2", "kept", "remote 1", "remote 2"]
    text = diff_texts(local, remote, "conf.ini", "push")
    rows = [(r.left_no, r.left, r.right_no, r.right, r.kind) for r in text.rows]
    assert rows == [
        (1, "title", 1, "title", EQUAL),
        (2, "value = 1", 2, "value = 2", CHANGED),
        (3, "kept", 3, "kept", EQUAL),
        (4, "local only", None, None, REMOVED),  # unlike 'remote 1': not shown as a pair
        (None, None, 4, "remote 1", ADDED),
        (None, None, 5, "remote 2", ADDED),
    ]
    assert text.rows[1].left_spans == ((8, 9),) and text.rows[1].right_spans == ((8, 9),)
    assert (text.changed, text.removed, text.added, text.first_change) == (1, 1, 2, 1)
    assert text.left_text.split("\n") == ["title", "value = 1", "kept", "local only", "", ""]
    assert text.right_gutter.split("\n") == [
        "1  ",
        "2 ~",
        "3  ",
        "",
        f"4 {MARK_REMOVES}",
        f"5 {MARK_REMOVES}",
    ]
    assert text.left_gutter.split("\n")[3:] == [f"4 {MARK_ADDS}", "", ""]


def test_alike_lines_pair_by_position_and_unlike_ones_stand_alone():
    local = ["colour = red", "size = 3", "something else entirely"]
    remote = ["colour = blue", "zzzz", "something else entirely!"]
    kinds = [row.kind for row in diff_texts(local, remote, "f", "pull").rows]
    assert kinds == [CHANGED, REMOVED, ADDED, CHANGED]
    nothing_alike = diff_texts(["aaaa", "bbbb"], ["xxxx", "yyyy"], "f", "pull").rows
    assert [row.kind for row in nothing_alike] == [REMOVED, REMOVED, ADDED, ADDED]


def test_markers_say_what_the_run_adds_and_removes():
    # push: local (left) replaces remote, so lines only on the left are added
    assert marker(REMOVED, left=True, source=True) == MARK_ADDS
    assert marker(ADDED, left=False, source=False) == MARK_REMOVES
    assert marker(CHANGED, left=False, source=False) == MARK_CHANGED
    assert marker(EQUAL, left=True, source=True) == ""
    assert marker(ADDED, left=True, source=True) == ""  # the filler side


# --- characters -------------------------------------------------------------------------------


def test_char_spans_mark_only_what_changed():
    assert char_spans("colour = red", "colour = green") == ([(9, 12)], [(9, 14)])
    assert char_spans("abc", "abXc") == ([], [(2, 3)])
    assert char_spans("same", "same") == ([], [])
    left, right = char_spans("alpha beta gamma", "alpha BETA gamma!")
    assert left == [(6, 10)]
    assert right == [(6, 10), (16, 17)]


def test_short_equal_runs_inside_a_change_count_as_changed():
    left, right = char_spans("the quick brown fox", "the slow brown fox")
    # 'quick' -> 'slow' shares no run of three characters: one span each
    assert left == [(4, 9)] and right == [(4, 8)]


def test_long_lines_get_one_span_between_common_ends():
    a = "x" * 5000 + "a" * 3000 + "y" * 5000
    b = "x" * 5000 + "b" * 3000 + "y" * 5000
    assert char_spans(a, b) == ([(5000, 8000)], [(5000, 8000)])


def test_lines_longer_than_shown_are_cut_in_the_view_text():
    long_line = "z" * (MAX_SHOWN_CHARS + 50)
    text = diff_texts([long_line], [long_line + "!"], "long.txt", "push")
    assert text.left_text.startswith("z" * MAX_SHOWN_CHARS)
    assert "50 more characters" in text.left_text
    assert text.rows[0].right_spans == ((MAX_SHOWN_CHARS + 50, MAX_SHOWN_CHARS + 51),)


# --- unified diff -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_unified_diff_is_what_difflib_writes(seed: int):
    rng = random.Random(seed)
    a = [f"line {i}" for i in range(rng.randrange(1, 80))]
    b = list(a)
    for _ in range(rng.randrange(1, 4)):
        position = rng.randrange(0, len(b))
        b[position : position + rng.randrange(0, 3)] = [f"new {rng.random():.3f}"]
    blocks, _ = matching_blocks(a, b)
    ours = unified_diff(a, b, "local/p", "remote/p", opcodes(blocks, len(a), len(b)))
    theirs = "".join(
        f"{line}\n" for line in difflib.unified_diff(a, b, "local/p", "remote/p", lineterm="")
    )
    assert ours == theirs


def test_unified_diff_goes_from_the_replaced_copy_to_the_replacing_one():
    push = diff_texts(["new"], ["old"], "f.txt", "push").unified
    assert push.splitlines() == [
        "--- remote/f.txt",
        "+++ local/f.txt",
        "@@ -1 +1 @@",
        "-old",
        "+new",
    ]
    pull = diff_texts(["new"], ["old"], "f.txt", "pull").unified
    assert pull.splitlines()[:2] == ["--- local/f.txt", "+++ remote/f.txt"]
    assert diff_texts(["same"], ["same"], "f.txt", "push").unified == ""


# --- whole comparisons ------------------------------------------------------------------------


def test_compare_tells_text_pictures_and_bytes_apart():
    assert compare(b"a\n", b"b\n", "t.txt", "push").kind == TEXT
    png = b"\x89PNG\r\n\x1a\n" + bytes(20)
    assert compare(png, png + b"x", "p.png", "push").kind == IMAGE
    assert compare(b"\x00\x01", b"\x00\x02", "b.bin", "push").kind == BINARY
    assert compare(png, b"text", "mixed", "push").kind == BINARY


def test_notes_explain_differences_the_lines_do_not_show():
    crlf = compare(b"a\r\nb\r\n", b"a\nb\n", "t.txt", "push")
    assert crlf.text is not None and crlf.text.first_change is None
    assert crlf.notes == ("The line endings differ: local CRLF, remote LF.",)
    encoding = compare(codecs.BOM_UTF8 + b"x", b"x", "t.txt", "push")
    assert encoding.notes == ("The encodings differ: local UTF-8 with BOM, remote UTF-8.",)
    final = compare(b"x\n", b"x", "t.txt", "push")
    assert final.notes == ("The local file ends with a line break, the remote file does not.",)
    same = compare(b"x", b"x", "t.txt", "push")
    assert same.identical and same.notes == ("Both copies are byte for byte the same.",)
    prefix = compare(b"\x00\x01", b"\x00\x01\x02", "b.bin", "push")
    assert prefix.notes == ("The local file is the beginning of the other (2 bytes).",)
    binary = compare(b"\x00\x01\x02", b"\x00\x09\x02", "b.bin", "push")
    assert binary.first_difference == 1
    assert binary.notes == ("The first difference is at byte 1 (0x1).",)


def test_sides_carry_size_hash_and_first_bytes():
    result = compare(b"hello\n", b"hello world\n", "t.txt", "pull")
    assert result.local.size == 6 and result.remote.size == 12
    assert result.local.md5 == "b1946ac92492d2347c6235b4d2611184"
    assert result.remote.head == b"hello world\n"
    assert result.local.line_count == 1


def test_a_cancelled_comparison_stops():
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        compare(b"a\nb\n", b"a\nc\n", "t.txt", "push", token)


def test_many_scattered_changes_stay_fast():
    """difflib alone needs about five seconds for this (and minutes at 200,000 lines)."""
    local = [f"row {i} value {i * 7}" for i in range(20_000)]
    remote = [line + " changed" if i % 10 == 0 else line for i, line in enumerate(local)]
    started = time.perf_counter()
    text = diff_texts(local, remote, "big.txt", "push")
    assert time.perf_counter() - started < 3
    assert (text.changed, text.removed, text.added, text.approximate) == (2000, 0, 0, False)


def test_tangled_files_are_paired_by_position_and_say_so():
    rng = random.Random(1)
    vocabulary = [f"word {i}" for i in range(30)]
    local = [rng.choice(vocabulary) for _ in range(5000)]
    remote = [rng.choice(vocabulary) for _ in range(5000)]
    text = diff_texts(local, remote, "words.txt", "push")
    assert text.approximate
    assert len(text.rows) >= 5000
    result = compare("\n".join(local).encode(), "\n".join(remote).encode(), "w", "push")
    assert any("compared by position" in note for note in result.notes)
