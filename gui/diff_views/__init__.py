"""The sides of the differences dialog: text beside line numbers (text), pictures
(images) and first bytes in hex (bytes), tinted with the formats of marks."""

from __future__ import annotations

from .bytes import hex_dump_view, mark_bytes
from .images import PicturePane
from .marks import Formats
from .text import DiffTextView, scroll_together

__all__ = [
    "DiffTextView",
    "Formats",
    "PicturePane",
    "hex_dump_view",
    "mark_bytes",
    "scroll_together",
]
