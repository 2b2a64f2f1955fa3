"""The rows of the preview table, made ready away from the window's thread.

A 100,000-row plan takes a third of a second to turn into rows, count and rank, and the
window cannot answer while its thread does that. So the preview's worker prepares the rows
(:func:`prepare_rows`: plain Python, no Qt, the plan no longer changes) and the window only
swaps them in. Each row also keeps what the table sorts and totals by, read once here, so a
sort or a tick never goes through the properties of 100,000 SyncObjects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from operator import attrgetter

from PySide6.QtCore import QT_TRANSLATE_NOOP

from bucketferry.core import RemoteObject, SyncObject, TransactionSummary
from bucketferry.core.states import REPLACING, PlanState

(
    COL_STATE,
    COL_PATH,
    COL_LOCAL_SIZE,
    COL_REMOTE_SIZE,
    COL_LOCAL_MTIME,
    COL_REMOTE_MTIME,
    COL_CONTENT,
) = range(7)

MISSING = "\u2013"  # an en dash: "not there", quieter than a hyphen
SAME, DIFFERENT, NOT_COMPARED = (
    str(QT_TRANSLATE_NOOP("preview_model", "same")),
    str(QT_TRANSLATE_NOOP("preview_model", "different")),
    str(QT_TRANSLATE_NOOP("preview_model", "not compared")),
)
"""What the Content column says of a file with a copy on both sides: stable words (the
rows keep and sort by them), shown translated."""

_TARGET_CHANGED = (PlanState.CHANGED_LOCAL, PlanState.CHANGED_REMOTE, PlanState.CONFLICT)
"""States where the target may hold a change of its own (unless it is a safe update)."""

_NAME = attrgetter("name")


def remote_moment(item: SyncObject) -> float:
    """The upload time as seconds since the epoch, for sorting (0: unknown)."""
    remote = item.remote_obj
    text = remote.last_modified if isinstance(remote, RemoteObject) else None
    if not text:
        return 0.0
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)  # an HTTP date
        except (TypeError, ValueError):
            return 0.0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _later_column(item: SyncObject, planned: PlanState) -> int | None:
    """The modified column of the later copy, for rows without a sync record (the marker
    there is all a person has to go by); None for other rows."""
    if planned != PlanState.DIFFERS:
        return None
    return {"local": COL_LOCAL_MTIME, "remote": COL_REMOTE_MTIME}.get(item.later_side or "")


def content_word(item: SyncObject, planned: PlanState, state: PlanState) -> str:
    """Whether both copies hold the same bytes: ``same``, ``different``, ``not compared``
    (left out before comparing: filtered, refused, a file against a folder), or an en dash
    when there is only one copy."""
    if not (item.exists_locally and item.exists_on_remote):
        return MISSING
    if state == PlanState.SYNCED or planned == PlanState.IDENTICAL:
        return SAME
    if planned in REPLACING:
        return DIFFERENT
    return NOT_COMPARED


class PreviewRow:
    """One line of the table; ``state`` is stored (and refreshed after a run) because
    sorting, filtering and counting read it for every row.

    Ticked at first, except where the target's copy changed since the last sync (alone or
    on both sides): losing that change is a choice a person makes row by row. Differs rows
    (no record) are ticked: the confirmation still asks before replacing them.
    """

    __slots__ = (
        "checked",
        "content",
        "item",
        "later_column",
        "local_mtime",
        "local_size",
        "name",
        "planned",
        "rank",
        "remote_moment",
        "remote_size",
        "size",
        "state",
        "transfers",
        "unsafe",
    )

    def __init__(self, item: SyncObject, planned: PlanState) -> None:
        self.item = item
        self.name: str = item.name
        self.planned = planned
        self.state = planned
        self.transfers = planned.transfers
        """A run copies it if it is chosen (and, where ``unsafe``, forced)."""
        safe = item.safe_update
        self.unsafe = planned.replaces and not safe
        """Copying replaces a copy that changed since the last sync, or whose history is
        unknown: only with the overwrite tick."""
        self.checked = planned not in _TARGET_CHANGED or safe
        self.later_column = _later_column(item, planned)
        self.size = item.get_bytes_transferred() if self.transfers else 0
        """The bytes a run would copy."""
        self.local_size = item.local_size
        self.remote_size = item.remote_size
        stat = item.local_stat
        self.local_mtime = stat.st_mtime if stat is not None else 0.0
        self.remote_moment = remote_moment(item)
        self.content = content_word(item, planned, planned)
        """The Content column's word (kept: sorting by it reads it for every row)."""
        self.rank = 0
        """The row's place in the State column's order (worst first, then by path)."""

    @property
    def checkable(self) -> bool:
        """Only what a run would transfer has a box."""
        return self.transfers

    @property
    def pending(self) -> bool:
        """A run would transfer it: planned to be copied and not synced yet (failed rows
        are tried again)."""
        return self.transfers and self.state != PlanState.SYNCED

    @property
    def overwrites(self) -> bool:
        """Copying would replace a copy that changed since the last sync, or whose history
        is unknown: only with the overwrite tick."""
        return self.unsafe and self.pending

    @property
    def transfer_bytes(self) -> int:
        return self.size if self.pending else 0


@dataclass(frozen=True)
class PreparedRows:
    """A plan's rows in the State column's order, with what the pane shows of them."""

    summary: TransactionSummary | None
    rows: list[PreviewRow]
    totals: tuple[int, int, int]
    """Files, bytes and overwrites of the ticked rows a run would transfer."""
    counts: dict[PlanState, int]
    """How many rows have each state (the chips say it)."""


def totals_of(rows: list[PreviewRow]) -> tuple[int, int, int]:
    """(files, bytes, overwrites) that a run of the ticked rows would transfer."""
    files = size = overwrites = 0
    synced = PlanState.SYNCED
    for row in rows:
        if row.checked and row.transfers and row.state is not synced:
            files += 1
            size += row.size
            overwrites += row.unsafe
    return files, size, overwrites


def prepare_rows(summary: TransactionSummary | None) -> PreparedRows:
    """Every analysed file and every file only on the target, as rows. Safe to call from a
    worker thread: it reads the plan and makes plain Python objects."""
    if summary is None:
        return PreparedRows(None, [], (0, 0, 0), state_counts([]))
    planned = summary.by_state().items()
    rows = [PreviewRow(item, state) for state, items in planned for item in items]
    rank_rows(rows)
    return PreparedRows(summary, rows, totals_of(rows), state_counts(rows))


def rank_rows(rows: list[PreviewRow]) -> None:
    """Orders ``rows`` as the State column sorts them (by their current state, worst
    first, then by path) and numbers them, so that sorting by State later is sorting
    numbers that are already in order.

    State by state, each sorted by name: one sort of all rows by (state, name) compares
    tuples in C for 50 ms or more at 100,000 rows, holding the GIL all along, and the
    window (whose thread waits for it) stalls that long even though this runs in a
    worker. Names come mostly in order already, which the sort of each group is quick on.
    """
    by_state: dict[PlanState, list[PreviewRow]] = {state: [] for state in PlanState}
    for row in rows:
        by_state[row.state].append(row)
    rows[:] = [row for group in by_state.values() for row in sorted(group, key=_NAME)]
    for rank, row in enumerate(rows):
        row.rank = rank


def state_counts(rows: list[PreviewRow]) -> dict[PlanState, int]:
    """How many rows have each state."""
    counts = dict.fromkeys(PlanState, 0)
    for row in rows:
        counts[row.state] += 1
    return counts
