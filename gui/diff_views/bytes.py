"""One side of a byte comparison: a hex dump of the first bytes, differing bytes marked."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit

from ..diff_content import hex_position
from .marks import selection
from .text import plain_view


def hex_dump_view(name: str) -> QPlainTextEdit:
    """A view for ``diff_content.hex_dump``, named ``name`` for automation."""
    view = plain_view()
    view.setObjectName(name)
    return view


def mark_bytes(
    view: QPlainTextEdit, offsets: list[int], size: int, text_format: QTextCharFormat
) -> None:
    """Marks the differing bytes of the dump (at most 256)."""
    document = view.document()
    view.setExtraSelections(
        [
            selection(document, *hex_position(offset), hex_position(offset)[1] + 2, text_format)
            for offset in offsets
            if offset < size
        ]
    )
