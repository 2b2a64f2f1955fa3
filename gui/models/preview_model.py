"""The preview table: a flat model over a TransactionSummary that stays fluid at 100,000 rows.

Filtering and sorting happen inside the model on plain Python lists (one list
comprehension or one ``sorted`` call), instead of in a QSortFilterProxyModel, which would
call ``data()`` through Python for every comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from bucketferry.core import RemoteObject, SyncObject, TransactionSummary
from bucketferry.core.display import printable
from bucketferry.core.states import REPLACING, PlanState
from bucketferry.core.units import human_size, local_time

from ..state_words import bucket_time, history_words
from ..sync_states import state_color, state_icon, state_label, state_meaning
from ..translation import Context
from .preview_rows import (
    COL_CONTENT,
    COL_LOCAL_MTIME,
    COL_LOCAL_SIZE,
    COL_PATH,
    COL_REMOTE_MTIME,
    COL_REMOTE_SIZE,
    COL_STATE,
    DIFFERENT,
    MISSING,
    NOT_COMPARED,
    SAME,
    PreparedRows,
    PreviewRow,
    content_word,
    prepare_rows,
    rank_rows,
    state_counts,
    totals_of,
)

__all__ = [
    "COL_CONTENT",
    "COL_LOCAL_MTIME",
    "COL_LOCAL_SIZE",
    "COL_PATH",
    "COL_REMOTE_MTIME",
    "COL_REMOTE_SIZE",
    "COL_STATE",
    "DIFFERENT",
    "HEADERS",
    "LATER",
    "MISSING",
    "NOT_COMPARED",
    "SAME",
    "PreviewModel",
    "content_shown",
    "later_mark",
]

preview_model = Context("preview_model")

StateRole = Qt.ItemDataRole.UserRole
SyncObjectRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

HEADERS = (
    str(QT_TRANSLATE_NOOP("preview_model", "State")),
    str(QT_TRANSLATE_NOOP("preview_model", "Path")),
    str(QT_TRANSLATE_NOOP("preview_model", "Local size")),
    str(QT_TRANSLATE_NOOP("preview_model", "Remote size")),
    str(QT_TRANSLATE_NOOP("preview_model", "Local modified")),
    str(QT_TRANSLATE_NOOP("preview_model", "Remote modified")),
    str(QT_TRANSLATE_NOOP("preview_model", "Content")),
)
"""In English; the model shows them translated."""
HEADER_TIPS = (
    str(
        QT_TRANSLATE_NOOP(
            "preview_model",
            "What a run would do with the file (or did, after a run); the box says whether it "
            "is part of the run",
        )
    ),
    str(
        QT_TRANSLATE_NOOP(
            "preview_model", "Where the file is, below the chosen folder and bucket path"
        )
    ),
    str(QT_TRANSLATE_NOOP("preview_model", "Size of the copy on this computer")),
    str(QT_TRANSLATE_NOOP("preview_model", "Size of the copy in the bucket")),
    str(QT_TRANSLATE_NOOP("preview_model", "When the copy on this computer was last changed")),
    str(QT_TRANSLATE_NOOP("preview_model", "When the copy in the bucket was uploaded")),
    str(QT_TRANSLATE_NOOP("preview_model", "Whether both copies hold the same bytes")),
)
LATER = str(QT_TRANSLATE_NOOP("preview_model", " \u25b2 later"))
"""Marks the later modified time of a row without a sync record (also in bold). In
English; :func:`later_mark` says it in the window's language."""
COMPARABLE = (*REPLACING, PlanState.IDENTICAL)
"""Rows with a copy on both sides, which Show differences can compare."""

AnyIndex = QModelIndex | QPersistentModelIndex


def _remote_time(item: SyncObject) -> str | None:
    remote = item.remote_obj
    return local_time(remote.last_modified) if isinstance(remote, RemoteObject) else None


def later_mark() -> str:
    """:data:`LATER` in the window's language."""
    return preview_model.tr(LATER)


def content_shown(word: str) -> str:
    """A Content word (:func:`content_word`) as the column shows it."""
    return word if word == MISSING else preview_model.tr(word)


def content_tooltip(item: SyncObject, word: str) -> str:
    """The words behind the Content column, with both checksums for who wants them."""
    if word == MISSING:
        return preview_model.tr("Only one copy exists, so there is nothing to compare.")
    if word == SAME:
        said = preview_model.tr("Both copies hold the same bytes.")
    elif word == NOT_COMPARED:
        said = preview_model.tr(
            "Not compared: this file is left out before its copies are compared."
        )
    elif item.local_size != item.remote_size:
        said = preview_model.tr("The copies hold different bytes. Their sizes already differ.")
    else:
        said = preview_model.tr("The copies hold different bytes.")
    remote = item.remote_obj
    remote_hash = remote.known_hash if isinstance(remote, RemoteObject) else None
    local_hash = item.known_local_hash
    checksums = preview_model.tr(
        "Checksum (MD5) here: {here}\nChecksum in the bucket: {bucket}"
    ).format(
        here=local_hash or preview_model.tr("not computed"),
        bucket=remote_hash or preview_model.tr("not known"),
    )
    return f"{said}\n{checksums}"


_SORT_KEYS = {
    COL_STATE: attrgetter("rank"),
    COL_PATH: attrgetter("name"),
    COL_LOCAL_SIZE: attrgetter("local_size"),
    COL_REMOTE_SIZE: attrgetter("remote_size"),
    COL_LOCAL_MTIME: attrgetter("local_mtime"),
    COL_REMOTE_MTIME: attrgetter("remote_moment"),
    COL_CONTENT: attrgetter("content"),
}
"""What each column sorts by: values each row read once (see preview_rows), so sorting
100,000 rows calls no property of a SyncObject."""


class PreviewModel(QAbstractTableModel):
    """Besides the table, keeps the totals of the checked rows (files, bytes, overwrites)
    up to date incrementally, so ticking one box among 100,000 costs one row, not four
    passes over all of them. ``totals_changed`` says when they change."""

    totals_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._files = 0
        self._bytes = 0
        self._overwrites = 0
        self.summary: TransactionSummary | None = None
        self._rows: list[PreviewRow] = []
        self._visible: list[PreviewRow] = []
        self._states: set[str] | None = None
        self._text = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._counts = state_counts([])

    # --- content -----------------------------------------------------------------------

    def set_summary(
        self, summary: TransactionSummary | None, *, prepared: PreparedRows | None = None
    ) -> None:
        """Shows ``summary``; ``prepared`` are its rows made by :func:`prepare_rows` in a
        worker (without them they are made here, which a large plan feels)."""
        if prepared is None or prepared.summary is not summary:
            prepared = prepare_rows(summary)
        self.beginResetModel()
        self.summary = summary
        self._rows = prepared.rows
        self._counts = prepared.counts
        self._apply_view()
        self.endResetModel()
        self._files, self._bytes, self._overwrites = prepared.totals
        self.totals_changed.emit()

    def refresh_results(self) -> None:
        """Rows changed state after a run (synced/failed). They stay where they are on
        screen; the next sort by State sorts by the new states."""
        for row in self._rows:
            row.state = row.item.state_after_run(row.planned)
            row.content = content_word(row.item, row.planned, row.state)
        rank_rows(self._rows)
        self._counts = state_counts(self._rows)
        self._recount()
        if self._visible:
            self.dataChanged.emit(
                self.index(0, COL_STATE), self.index(len(self._visible) - 1, len(HEADERS) - 1)
            )

    def set_filter(self, states: set[str] | None, text: str) -> None:
        self.beginResetModel()
        self._states = states
        self._text = text.strip().lower()
        self._apply_view()
        self.endResetModel()

    def _apply_view(self) -> None:
        rows = self._rows
        if self._states is not None:
            rows = [r for r in rows if r.state in self._states]
        if self._text:
            rows = [r for r in rows if self._text in r.name.lower()]
        if self._sort is not None:
            column, order = self._sort
            rows = sorted(
                rows, key=_SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder
            )
        self._visible = rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_view()
        self.layoutChanged.emit()

    # --- totals ------------------------------------------------------------------------

    def _recount(self) -> None:
        self._files, self._bytes, self._overwrites = totals_of(self._rows)
        self.totals_changed.emit()

    def totals(self) -> tuple[int, int, int]:
        """(files, bytes, overwrites) that a run of the checked rows would transfer."""
        return self._files, self._bytes, self._overwrites

    # --- queries -----------------------------------------------------------------------

    def counts(self) -> dict[PlanState, int]:
        """How many rows have each state (counted when the rows were made or changed)."""
        return dict(self._counts)

    def has_later_marks(self) -> bool:
        """Whether some row marks one modified time as the later one (its column then
        needs the room for the mark)."""
        return any(r.later_column is not None for r in self._rows)

    def selected_for_run(self) -> list[SyncObject]:
        """Checked rows that a run would transfer (planned to be copied, not yet synced)."""
        return [r.item for r in self._rows if r.checked and r.pending]

    def checked_collisions(self) -> list[SyncObject]:
        return [r.item for r in self._rows if r.checked and r.state == PlanState.COLLISION]

    def checked_overwrites(self) -> list[SyncObject]:
        """Checked rows that replace a copy only with the overwrite tick."""
        return [r.item for r in self._rows if r.checked and r.overwrites]

    def checked_updates(self) -> list[SyncObject]:
        """Checked rows that replace the copy last synced: no tick needed."""
        return [r.item for r in self._rows if r.checked and r.pending and r.item.safe_update]

    def rows(self) -> Iterator[tuple[SyncObject, PlanState, bool]]:
        """Every row (filtered out or not): the file, its current state, whether checked."""
        return ((r.item, r.state, r.checked) for r in self._rows)

    def item_at(self, row: int) -> SyncObject:
        return self._visible[row].item

    def next_row_in_state(self, start: int, step: int, states: tuple[str, ...] | str) -> int | None:
        """The first row from ``start``, going by ``step`` (1: down, -1: up), whose state is
        ``states`` (or one of them); None if no such row is left that way or ``start`` is
        outside the table. Rows as the table shows them (filtered and sorted), read from the
        model's own list: 100,000 rows without a match take milliseconds, not the third of a
        second that asking ``data()`` for each would.
        """
        wanted = (states,) if isinstance(states, str) else states
        visible = self._visible
        if not 0 <= start < len(visible):
            return None
        stop = len(visible) if step > 0 else -1
        for row in range(start, stop, step):
            if visible[row].state in wanted:
                return row
        return None

    def set_checked(self, row: int, checked: bool) -> None:
        self.setData(
            self.index(row, COL_STATE),
            Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked,
            Qt.ItemDataRole.CheckStateRole,
        )

    # --- ticking many rows at once ------------------------------------------------------

    def checkable(self, row: int) -> bool:
        """Whether the row (as the table shows it) has a box."""
        return 0 <= row < len(self._visible) and self._visible[row].checkable

    def is_checked(self, row: int) -> bool:
        return self.checkable(row) and self._visible[row].checked

    def set_rows_checked(self, rows: Iterable[int], checked: bool | None) -> int:
        """Ticks (``True``), unticks (``False``) or inverts (``None``) the boxes of ``rows``
        as the table shows them; rows without a box are left alone. One ``dataChanged`` and
        at most one ``totals_changed`` for all of them, so a selection of 100,000 rows
        costs one pass, not 100,000 signals. Returns how many boxes changed."""
        visible = self._visible
        changed: list[int] = []
        for number in rows:
            if not 0 <= number < len(visible):
                continue
            row = visible[number]
            wanted = (not row.checked) if checked is None else checked
            if row.checkable and row.checked != wanted:
                row.checked = wanted
                changed.append(number)
        if changed:
            self._recount()
            self.dataChanged.emit(
                self.index(min(changed), COL_STATE),
                self.index(max(changed), COL_STATE),
                [Qt.ItemDataRole.CheckStateRole],
            )
        return len(changed)

    def set_all_checked(self, checked: bool | None) -> int:
        """:meth:`set_rows_checked` for every row the filter shows."""
        return self.set_rows_checked(range(len(self._visible)), checked)

    # --- Qt model interface ------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return preview_model.tr(HEADERS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return preview_model.tr(HEADER_TIPS[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        # Only what a run would transfer has a box: ticking an identical, skipped or
        # refused row would promise something that never happens.
        if index.column() == COL_STATE and self._visible[index.row()].checkable:
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != COL_STATE:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        row = self._visible[index.row()]
        if row.checked != checked:
            row.checked = checked
            if row.pending:
                sign = 1 if checked else -1
                self._files += sign
                self._bytes += sign * row.transfer_bytes
                self._overwrites += sign * row.overwrites
                self.totals_changed.emit()
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._visible[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if column == COL_STATE:
            if role == StateRole:
                return row.state.value
            if role == Qt.ItemDataRole.CheckStateRole and row.planned.transfers:
                return Qt.CheckState.Checked if row.checked else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DecorationRole:
                return state_icon(row.state)
            if role == Qt.ItemDataRole.ForegroundRole:
                return state_color(row.state)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.FontRole and column == row.later_column:
            font = QFont()
            font.setBold(True)
            return font
        if role == SyncObjectRole:
            return row.item
        if role == SortRole:
            return _SORT_KEYS[column](row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            COL_LOCAL_SIZE,
            COL_REMOTE_SIZE,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _tooltip(row: PreviewRow, column: int) -> str:
        item = row.item
        if column == row.later_column:
            if column == COL_LOCAL_MTIME:
                later = preview_model.tr("The copy on this computer is the later one.")
            else:
                later = preview_model.tr("The bucket's copy is the later one.")
            return f"{later} {bucket_time()}"
        if column == COL_CONTENT:
            return content_tooltip(item, row.content)
        if column in (COL_LOCAL_SIZE, COL_REMOTE_SIZE):
            local = column == COL_LOCAL_SIZE
            there = item.exists_locally if local else item.exists_on_remote
            size = item.local_size if local else item.remote_size
            if not there:
                return preview_model.tr("No copy on this side.")
            return preview_model.tr("{size} bytes").format(size=f"{size:,}")
        tip = printable(item.reason) if item.reason else state_meaning(row.state)
        if history := history_words(item, row.planned):
            tip += "\n" + history
        if item.safe_update and row.pending:
            tip += "\n" + preview_model.tr(
                "A safe update: the target still has the copy last synced."
            )
        if kept := item.replaced_copy:
            kept_at = preview_model.tr("The replaced version is kept at {where}")
            tip += "\n" + kept_at.format(where=printable(kept))
        return tip

    def _display(self, row: PreviewRow, column: int) -> str:
        item = row.item
        if column == COL_STATE:
            return state_label(row.state)
        if column == COL_PATH:
            shown: str = printable(str(item.name))
            return shown
        if column == COL_LOCAL_SIZE:
            return human_size(item.local_size) if item.exists_locally else MISSING
        if column == COL_REMOTE_SIZE:
            return human_size(item.remote_size) if item.exists_on_remote else MISSING
        later = later_mark() if column == row.later_column else ""
        if column == COL_LOCAL_MTIME:
            stat = item.local_stat
            changed = local_time(stat.st_mtime) if stat is not None else None
            return changed + later if changed else MISSING
        if column == COL_REMOTE_MTIME:
            uploaded = _remote_time(item)
            return uploaded + later if uploaded else MISSING
        return content_shown(row.content)
