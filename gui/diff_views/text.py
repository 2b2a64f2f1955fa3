"""One side of a text comparison: the text beside a gutter of line numbers and markers,
with only the rows near the screen marked, so a 200,000-line file scrolls like a short one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFontDatabase, QPalette, QResizeEvent, QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QTextEdit, QWidget

from ..diff_content import MAX_SHOWN_CHARS, DiffRow, marker
from .marks import Formats, selection


def _fixed_font(widget: QWidget) -> None:
    widget.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))


def plain_view() -> QPlainTextEdit:
    """A read-only, unwrapped, fixed-width text view (the text and hex views are these)."""
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setUndoRedoEnabled(False)
    view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    _fixed_font(view)
    return view


class _Gutter(QPlainTextEdit):
    """Line numbers and markers beside a text view, scrolled with it. A text view of its
    own (not painted from Python) so Qt draws it; its viewport is kept as tall as the text
    view's, which always shows its horizontal scroll bar, so both scroll alike."""

    def __init__(self, text: QPlainTextEdit) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        _fixed_font(self)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        for policy_of in (self.setVerticalScrollBarPolicy, self.setHorizontalScrollBarPolicy):
            policy_of(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setViewportMargins(0, 0, 0, text.horizontalScrollBar().sizeHint().height())
        ours, theirs = self.verticalScrollBar(), text.verticalScrollBar()
        theirs.valueChanged.connect(ours.setValue)
        ours.valueChanged.connect(theirs.setValue)  # the wheel over the gutter

    def fit(self, characters: int) -> None:
        margin = 2 * (self.document().documentMargin() + self.frameWidth())
        width = self.fontMetrics().horizontalAdvance("0") * (characters + 1) + margin
        self.setFixedWidth(round(width))


class DiffTextView(QWidget):
    """One side of the aligned rows: a gutter with line numbers and the markers of
    ``diff_content.marker`` (so changes read without colour), and the text, in which changed
    lines are tinted, changed characters tinted more strongly, and rows where this side has
    no line hatched.

    Both parts are QPlainTextEdits, which Qt lays out and paints in C++. Python only marks
    the rows near the screen (extra selections for about three screens of rows, redone when
    scrolling leaves them), so a 200,000-row file scrolls as freely as a short one, and no
    Python runs per row per paint: besides being slow, that would call Qt methods that
    return nothing thousands of times, and PySide6 6.12 on Python 3.11 loses a reference to
    None on each such call until the interpreter aborts. The text is filled in steps
    (:meth:`load_some`), so a big file does not freeze the window either.
    """

    def __init__(self, side: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._left = side == "local"
        self.text = plain_view()
        self.text.setObjectName(f"{side}TextView")
        self.text.setAccessibleName(self.tr("Local text") if self._left else self.tr("Remote text"))
        self.text.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.gutter = _Gutter(self.text)
        self.gutter.setObjectName(f"{side}Gutter")
        self.gutter.setAccessibleName(
            self.tr("Local line numbers") if self._left else self.tr("Remote line numbers")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.gutter)
        layout.addWidget(self.text, 1)
        self._rows: list[DiffRow] = []
        self._source = False
        self._queue: list[tuple[QPlainTextEdit, str]] = []
        self._offset = self._loaded = 0
        self._marked = range(0)
        self._marker_column = 0
        self._formats: tuple[int, Formats] | None = None
        self.text.verticalScrollBar().valueChanged.connect(self._mark_near)

    def begin(self, rows: list[DiffRow], text: str, gutter: str, source: bool) -> None:
        """Starts showing ``rows``: ``text`` and ``gutter`` hold a line per row;
        ``source``: this side replaces the other in this run."""
        self._rows, self._source = rows, source
        self._marked = range(0)
        for view in (self.text, self.gutter):
            view.setExtraSelections([])
            view.clear()
        self._queue = [(self.text, text), (self.gutter, gutter)]
        self._offset = self._loaded = 0
        self._marker_column = gutter.find("\n") - 1 if "\n" in gutter else len(gutter) - 1
        self.gutter.fit(self._marker_column + 1)

    @property
    def loading(self) -> bool:
        return bool(self._queue)

    @property
    def loaded(self) -> int:
        """Characters filled in so far (the two sides are filled evenly)."""
        return self._loaded

    def load_some(self, characters: int) -> bool:
        """Appends about ``characters`` more (whole lines); True once everything is in."""
        while self._queue and characters > 0:
            view, content = self._queue[0]
            start = self._offset
            end = content.find("\n", start + characters)
            end = len(content) if end < 0 else end
            cursor = QTextCursor(view.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(content[start:end])
            characters -= end - start
            self._loaded += end - start
            if end >= len(content):
                self._queue.pop(0)
                self._offset = 0
            else:
                self._offset = end
        if not self._queue:
            self._mark_near()
        return not self._queue

    def scroll_to_row(self, row: int) -> None:
        self.text.verticalScrollBar().setValue(row)

    def formats(self) -> Formats:
        """The formats for the current palette (made again when the palette changes)."""
        key = self.palette().color(QPalette.ColorRole.Base).rgba()
        if self._formats is None or self._formats[0] != key:
            self._formats = key, Formats.of(self.palette())
            self._marked = range(0)
        return self._formats[1]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._marked = range(0)
        self._mark_near()

    @Slot()
    def _mark_near(self) -> None:
        """Marks the rows of the screen and one screen above and below, unless done."""
        if self._queue or not self._rows:
            return
        formats = self.formats()
        first = self.text.verticalScrollBar().value()
        page = max(1, self.text.viewport().height() // self.text.fontMetrics().lineSpacing())
        if self._marked.start <= first and first + page <= self._marked.stop:
            return
        self._marked = range(max(0, first - page), min(len(self._rows), first + 2 * page + 1))
        text_marks: list[QTextEdit.ExtraSelection] = []
        gutter_marks: list[QTextEdit.ExtraSelection] = []
        document, gutter = self.text.document(), self.gutter.document()
        for row in self._marked:
            entry = self._rows[row]
            line = entry.left if self._left else entry.right
            if line is None:
                text_marks.append(selection(document, row, 0, 0, formats.filler))
                gutter_marks.append(selection(gutter, row, 0, 0, formats.filler))
                continue
            mark = marker(entry.kind, self._left, self._source)
            if not mark:
                continue
            text_marks.append(selection(document, row, 0, 0, formats.lines[mark]))
            gutter_marks.append(selection(gutter, row, 0, 0, formats.lines[mark]))
            column = self._marker_column
            gutter_marks.append(selection(gutter, row, column, column + 1, formats.markers[mark]))
            for start, end in entry.left_spans if self._left else entry.right_spans:
                end = min(end, MAX_SHOWN_CHARS)
                if start < end:
                    text_marks.append(selection(document, row, start, end, formats.chars[mark]))
        self.text.setExtraSelections(text_marks)
        self.gutter.setExtraSelections(gutter_marks)


def scroll_together(first: DiffTextView, second: DiffTextView) -> None:
    """Makes the two sides scroll as one, both ways, vertically and horizontally."""
    for source, target in (
        (first.text, second.text),
        (second.text, first.text),
    ):  # slot to slot inside Qt: the other side follows without Python in between
        source.verticalScrollBar().valueChanged.connect(target.verticalScrollBar().setValue)
        source.horizontalScrollBar().valueChanged.connect(target.horizontalScrollBar().setValue)
