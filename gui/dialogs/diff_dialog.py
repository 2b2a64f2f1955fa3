"""Local versus remote, side by side, for one row of the preview; then the next one.

The dialog is non-modal and never blocks the window: both copies are read (each capped),
compared and, for pictures, decoded in a worker job of its own (``diff_content`` does the
comparing, without Qt); the main thread only shows the result. The texts go into Qt's own
text views in slices of a few milliseconds, and Python marks only the rows near the screen,
so a 200,000-line file scrolls like a short one.

The row is followed by its SyncObject, not by its number, so sorting or filtering the table
while the dialog is open does not make it act on another file. The "Include in this run"
box is the row's checkbox in the preview model. A new preview makes the dialog say so and
stop acting on the model.
"""

from __future__ import annotations

import html
import math
import os
import time
from dataclasses import dataclass

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QModelIndex,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QGuiApplication, QImage, QImageReader, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import (
    BucketFerryError,
    CancelToken,
    RemoteObject,
    RemoteStorage,
    SyncObject,
    TooLargeToShowError,
)
from bucketferry.core.states import REPLACING, PlanState
from bucketferry.core.units import human_size, local_time

from ..diff_content import (
    BINARY,
    IMAGE,
    MARK_ADDS,
    MARK_CHANGED,
    MARK_REMOVES,
    Comparison,
    Said,
    SideContent,
    compare,
    differing_offsets,
    hex_dump,
)
from ..diff_views import (
    DiffTextView,
    PicturePane,
    hex_dump_view,
    mark_bytes,
    scroll_together,
)
from ..jobs import Job, application_jobs
from ..messages import error_words
from ..models.preview_model import COL_STATE, PreviewModel, StateRole
from ..state_words import history_words
from ..sync_states import state_icon, state_label, state_meaning
from ..translation import Context

MB = 1_000_000  # the units human_size shows
DEFAULT_LIMIT = 10 * MB
MAX_LIMIT_MB = 200
_CHUNK = 1 << 20
_PREVIEW_PIXELS = 2048  # pictures are decoded at most this large (the view fits them anyway)
_LOAD_SLICE = 0.015  # seconds of filling text views per turn of the event loop
_LOAD_CHARS = 32_768  # characters added to a text view at a time (about 5 ms)
_SIZE_KEY, _LIMIT_KEY = "diffDialog/size", "diffDialog/limitMB"

diff_dialog = Context("diff_dialog")
"""For the work in the worker thread (the dialog itself uses ``self.tr``)."""
diff_content = Context("diff_content")
"""The words :mod:`..diff_content` marks (it has no Qt)."""


def said_text(note: str) -> str:
    """A note of :mod:`..diff_content` in the window's language."""
    if not isinstance(note, Said):
        return note
    values = {key: diff_content.tr(value) for key, value in note.values.items()}
    return diff_content.tr(note.template).format(**values)


# --- the work (in the worker thread) -------------------------------------------------------


@dataclass(frozen=True)
class _Fetched:
    comparison: Comparison
    local_modified: str
    remote_modified: str
    pictures: tuple[QImage | None, QImage | None]
    dimensions: tuple[QSize, QSize]


@dataclass(frozen=True)
class _TooLarge:
    message: str
    needed: int  # bytes a limit must allow for both copies


def _read_local(path: str, limit: int, cancel: CancelToken) -> bytes | None:
    """The file's bytes, or None if it grew past ``limit`` while being read."""
    pieces: list[bytes] = []
    total = 0
    with open(path, "rb") as stream:
        while piece := stream.read(_CHUNK):
            cancel.raise_if_cancelled()
            total += len(piece)
            if total > limit:
                return None
            pieces.append(piece)
    return b"".join(pieces)


def _picture(data: bytes) -> tuple[QImage | None, QSize]:
    """The decoded picture (scaled down to at most _PREVIEW_PIXELS) and its real size.
    QImage and QImageReader work in any thread."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > _PREVIEW_PIXELS:
        reader.setScaledSize(
            size.scaled(_PREVIEW_PIXELS, _PREVIEW_PIXELS, Qt.AspectRatioMode.KeepAspectRatio)
        )
    image = reader.read()
    if image.isNull():
        return None, size
    return image, size if size.isValid() else image.size()


def _local_time(seconds: float) -> str:
    return local_time(seconds) or diff_dialog.tr("unknown")


def _remote_time(obj: RemoteObject) -> str:
    """The whole moment, whichever way the server wrote it (ISO 8601 or an HTTP date)."""
    return local_time(obj.last_modified) or diff_dialog.tr("unknown")


def _comparison_work(storage: RemoteStorage, item: SyncObject, direction: str, limit: int) -> Job:
    """Reads both copies (local first: it is cheap to refuse), then compares them."""

    def work(job: Job) -> _Fetched | _TooLarge:
        cancel = job.cancel_token
        path = item.local_path
        if path is None or item.remote_obj is None:
            raise BucketFerryError(
                diff_dialog.tr("This file is only on one side, so there is nothing to compare."),
                title=diff_dialog.tr("Nothing to compare"),
            )
        try:
            stat = os.stat(path)
            local = _read_local(path, limit, cancel) if stat.st_size <= limit else None
        except FileNotFoundError:
            raise BucketFerryError(
                diff_dialog.tr(
                    "{path} is no longer there. Preview again to see the current state."
                ).format(path=path),
                title=diff_dialog.tr("Local file not found"),
            ) from None
        except OSError as exc:
            raise BucketFerryError(
                diff_dialog.tr("{path} cannot be read ({reason}).").format(
                    path=path, reason=exc.strerror
                ),
                title=diff_dialog.tr("Cannot read the local file"),
            ) from None
        if local is None:
            size = max(stat.st_size, limit + 1)
            return _TooLarge(
                diff_dialog.tr(
                    "The local file is {size}, more than the {limit} that are read for "
                    "comparing. Raise the limit to see it."
                ).format(size=human_size(size), limit=human_size(limit)),
                max(size, item.remote_size),
            )
        try:
            remote_obj, remote = storage.read_object(item.remote_path, limit, cancel=cancel)
        except TooLargeToShowError as exc:
            return _TooLarge(exc.message, max(exc.size, len(local)))
        except FileNotFoundError as exc:
            if isinstance(exc, BucketFerryError):
                raise
            raise BucketFerryError(
                diff_dialog.tr("{error} Preview again to see the current state.").format(error=exc),
                title=diff_dialog.tr("Not in the bucket"),
            ) from None
        comparison = compare(local, remote, item.name, direction, cancel)
        pictures: tuple[QImage | None, QImage | None] = (None, None)
        dimensions = (QSize(), QSize())
        if comparison.kind == IMAGE:
            (left, left_size), (right, right_size) = _picture(local), _picture(remote)
            pictures, dimensions = (left, right), (left_size, right_size)
        return _Fetched(
            comparison, _local_time(stat.st_mtime), _remote_time(remote_obj), pictures, dimensions
        )

    return Job(f"Comparing {item.name}", work)


# --- the dialog ----------------------------------------------------------------------------


def _remembered_limit(settings: QSettings | None) -> int:
    value = settings.value(_LIMIT_KEY, 0, int) if settings is not None else 0
    return int(value) * MB if isinstance(value, int) and value > 0 else DEFAULT_LIMIT


class DiffDialog(QDialog):
    """The differences of one preview row, and from there the next and previous ones.

    Non-modal and deleted on close: open it with ``show()``. ``row`` is a row of ``model``
    as the table shows it now; the direction is the preview's. ``limit_bytes`` caps what is
    read of each copy (None: the limit last chosen here, else 10 MB); ``settings``, when
    given, remembers that limit and the dialog's size.
    """

    row_changed = Signal(int)
    """The model row now shown, after Next/Previous (a window may select it)."""

    def __init__(
        self,
        parent: QWidget,
        storage: RemoteStorage,
        model: PreviewModel,
        row: int,
        *,
        limit_bytes: int | None = None,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("diffDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        self._storage = storage
        self._model = model
        self._summary = model.summary
        summary_direction = model.summary.sync_direction if model.summary else None
        self._direction: str = summary_direction or "push"
        self._settings = settings
        self._limit = limit_bytes or _remembered_limit(settings)
        self._item = model.item_at(row)
        self._row_hint = row
        self._state = PlanState(model.data(model.index(row, COL_STATE), StateRole))
        self._stale = False
        self._job: Job | None = None
        self._comparison: Comparison | None = None
        self._jobs = application_jobs()
        self._jobs.job_finished.connect(self._job_finished)
        self._build()
        model.modelReset.connect(self._model_reset)
        model.dataChanged.connect(self._row_data_changed)
        size = settings.value(_SIZE_KEY) if settings else None
        self.resize(size if isinstance(size, QSize) else QSize(1100, 720))
        self._show_item()

    # --- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.state_icon_label = QLabel()
        self.header_label = QLabel()
        self.header_label.setObjectName("diffHeaderLabel")
        self.header_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.include_check = QCheckBox(self.tr("&Include in this run"))
        self.include_check.setObjectName("includeCheck")
        self.include_check.toggled.connect(self._include_toggled)
        self.direction_label = QLabel()
        self.direction_label.setObjectName("diffDirectionLabel")
        self.notes_label = QLabel()
        self.notes_label.setObjectName("diffNotesLabel")
        self.notes_label.setWordWrap(True)
        header = QHBoxLayout()
        header.addWidget(self.state_icon_label)
        header.addWidget(self.header_label, 1)
        header.addWidget(self.include_check)

        self._loader = QTimer(self)  # fills the text views a slice at a time
        self._loader.setInterval(0)
        self._loader.timeout.connect(self._load_step)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_message_page())
        self.pages.addWidget(self._build_content_page())

        self.previous_button = QPushButton(self.tr("\u25b2 &Previous"))
        self.previous_button.setObjectName("previousDiffButton")
        self.previous_button.setToolTip(self.tr("Previous differing file (Alt+Up, Shift+F7, P)"))
        self.previous_button.clicked.connect(self.previous_file)
        self.next_button = QPushButton(self.tr("&Next \u25bc"))
        self.next_button.setObjectName("nextDiffButton")
        self.next_button.setToolTip(self.tr("Next differing file (Alt+Down, F7, N)"))
        self.next_button.clicked.connect(self.next_file)
        self.status_label = QLabel()
        self.status_label.setObjectName("diffStatusLabel")
        self.status_label.setWordWrap(True)
        self.copy_button = QPushButton(self.tr("&Copy unified diff"))
        self.copy_button.setObjectName("copyUnifiedDiffButton")
        self.copy_button.clicked.connect(self._copy_unified)
        close_button = QPushButton(self.tr("Close"))
        close_button.setObjectName("diffCloseButton")
        close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.next_button)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.copy_button)
        bottom.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.direction_label)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)

        self.navigation_actions: list[QAction] = []
        for text, keys, slot in (
            (self.tr("Next differing file"), ("Alt+Down", "F7", "N"), self.next_file),
            (self.tr("Previous differing file"), ("Alt+Up", "Shift+F7", "P"), self.previous_file),
        ):
            action = QAction(text, self)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.triggered.connect(slot)
            self.addAction(action)
            self.navigation_actions.append(action)

    def _build_message_page(self) -> QWidget:
        page = QWidget()
        self.message_label = QLabel()
        self.message_label.setObjectName("diffMessageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(240)
        self.limit_spin = QSpinBox()
        self.limit_spin.setObjectName("diffLimitSpin")
        self.limit_spin.setAccessibleName(self.tr("Largest size to fetch, in megabytes"))
        self.limit_spin.setRange(1, MAX_LIMIT_MB)
        self.limit_spin.setSuffix(self.tr(" MB"))
        self.limit_spin.setValue(self._limit // MB)
        self.fetch_button = QPushButton(self.tr("&Fetch anyway"))
        self.fetch_button.setObjectName("fetchAnywayButton")
        self.fetch_button.clicked.connect(self._fetch_with_new_limit)
        self.limit_row = QWidget()
        row = QHBoxLayout(self.limit_row)
        row.addStretch()
        label = QLabel(self.tr("Fetch up to"))
        label.setBuddy(self.limit_spin)
        row.addWidget(label)
        row.addWidget(self.limit_spin)
        row.addWidget(self.fetch_button)
        row.addStretch()
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.message_label)
        layout.addWidget(self.busy_bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.limit_row)
        layout.addStretch()
        return page

    def _build_content_page(self) -> QWidget:
        self.local_view, self.remote_view = DiffTextView("local"), DiffTextView("remote")
        self.local_picture, self.remote_picture = PicturePane(), PicturePane()
        self.local_hex = hex_dump_view("localHexView")
        self.remote_hex = hex_dump_view("remoteHexView")
        self.local_caption, self.remote_caption = QLabel(), QLabel()
        self.side_stacks: list[QStackedWidget] = []
        splitter = QSplitter(Qt.Orientation.Horizontal)
        sides = (
            ("local", self.local_caption, self.local_view, self.local_picture, self.local_hex),
            ("remote", self.remote_caption, self.remote_view, self.remote_picture, self.remote_hex),
        )
        for side, caption, text_view, picture, hex_view in sides:
            caption.setObjectName(f"{side}Caption")
            caption.setWordWrap(True)
            caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            picture.setObjectName(f"{side}ImageView")
            local = side == "local"
            picture.setAccessibleName(
                self.tr("Local picture") if local else self.tr("Remote picture")
            )
            hex_view.setAccessibleName(
                self.tr("Local first bytes") if local else self.tr("Remote first bytes")
            )
            stack = QStackedWidget()
            for widget in (text_view, picture, hex_view):
                stack.addWidget(widget)
            self.side_stacks.append(stack)
            column = QWidget()
            box = QVBoxLayout(column)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(caption)
            box.addWidget(stack, 1)
            splitter.addWidget(column)
        scroll_together(self.local_view, self.remote_view)
        self.legend_label = QLabel()
        self.legend_label.setObjectName("diffLegendLabel")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.legend_label)
        return page

    # --- which row ---------------------------------------------------------------------------

    @property
    def item(self) -> SyncObject:
        """The file shown now."""
        return self._item

    @property
    def comparison(self) -> Comparison | None:
        """The comparison on screen, None while fetching or after a failure."""
        return self._comparison

    @property
    def busy(self) -> bool:
        """Fetching and comparing, or still filling the text views."""
        return self._job is not None or self._loader.isActive()

    def current_row(self) -> int | None:
        """The row of the shown file in the model's current order; None if the table's
        filter hides it or a new preview replaced the model's rows."""
        if self._stale:
            return None
        model = self._model
        if 0 <= self._row_hint < model.rowCount() and model.item_at(self._row_hint) is self._item:
            return self._row_hint
        for row in range(model.rowCount()):
            if model.item_at(row) is self._item:
                self._row_hint = row
                return row
        return None

    def next_file(self) -> None:
        self._step(1)

    def previous_file(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if self._stale:
            return
        row = self.current_row()
        if row is None:
            row = -1 if step > 0 else self._model.rowCount()
        found = self._model.next_row_in_state(row + step, step, REPLACING)
        if found is None:
            self.status_label.setText(
                self.tr("No differing file after this one.")
                if step > 0
                else self.tr("No differing file before this one.")
            )
            return
        self._item = self._model.item_at(found)
        self._row_hint = found
        self._show_item()
        self.row_changed.emit(found)

    def _show_item(self) -> None:
        self.setWindowTitle(self.tr("Differences: {name}").format(name=self._item.name))
        self.status_label.clear()
        self._update_row_controls()
        self._fetch()

    @Slot()
    def _model_reset(self) -> None:
        if self._model.summary is not self._summary:
            self._stale = True
            self.status_label.setText(
                self.tr(
                    "A new preview replaced the one this view was opened from: the checkbox "
                    "and Next/Previous no longer apply here."
                )
            )
        self._update_row_controls()

    @Slot(QModelIndex, QModelIndex)
    def _row_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        row = self.current_row()
        if row is not None and top_left.row() <= row <= bottom_right.row():
            self._update_row_controls()

    def _update_row_controls(self) -> None:
        row = self.current_row()
        model = self._model
        checked = self.include_check.isChecked()
        if row is not None:
            index = model.index(row, COL_STATE)
            self._state = PlanState(model.data(index, StateRole))
            checked = model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        state = self._state
        self.state_icon_label.setPixmap(state_icon(state).pixmap(20, 20))
        history = history_words(self._item, state)
        self.header_label.setText(
            f"<b>{html.escape(self._item.name)}</b> \u00b7 {state_label(state)}"
            + (f"<br>{html.escape(history)}" if history else "")
        )
        self.header_label.setToolTip(state_meaning(state))
        self.include_check.blockSignals(True)
        self.include_check.setChecked(checked)
        self.include_check.blockSignals(False)
        self.include_check.setEnabled(row is not None)
        if self._stale:
            tip = self.tr("A new preview replaced this one; open the differences from it.")
        elif row is None:
            tip = self.tr(
                "The table's filter hides this file; clear the filter to change its checkbox."
            )
        else:
            tip = self.tr(
                "The row's checkbox in the preview: unchecked files are left out of the run."
            )
        self.include_check.setToolTip(tip)
        for button in (self.previous_button, self.next_button):
            button.setEnabled(not self._stale)
        for action in self.navigation_actions:
            action.setEnabled(not self._stale)
        self.direction_label.setText(self._direction_text())

    @Slot(bool)
    def _include_toggled(self, checked: bool) -> None:
        row = self.current_row()
        if row is not None:
            self._model.set_checked(row, checked)

    # --- words -----------------------------------------------------------------------------

    def _direction_text(self) -> str:
        push = self._direction == "push"
        if self._state == PlanState.IDENTICAL:
            return (
                self.tr("Both copies are the same: a push leaves this file alone.")
                if push
                else self.tr("Both copies are the same: a pull leaves this file alone.")
            )
        if self._item.safe_update:
            return (
                self.tr(
                    "Push: the local copy replaces the copy in the bucket, which is still the "
                    "copy last synced: nothing unsynced is lost."
                )
                if push
                else self.tr(
                    "Pull: the copy in the bucket replaces the local copy, which is still the "
                    "copy last synced: nothing unsynced is lost."
                )
            )
        if self._state.replaces:
            return (
                self.tr(
                    "Push: the local copy replaces the copy in the bucket (only if you allow "
                    "overwriting when you confirm)."
                )
                if push
                else self.tr(
                    "Pull: the copy in the bucket replaces the local copy (only if you allow "
                    "overwriting when you confirm)."
                )
            )
        return (
            self.tr("Push: the local copy replaces the copy in the bucket.")
            if push
            else self.tr("Pull: the copy in the bucket replaces the local copy.")
        )

    def _side_words(self, local: bool) -> str:
        """What one copy is (changed since the last sync, the later one) and what the
        direction does with it; the target's own change is said to be lost."""
        state = self._state
        if state == PlanState.IDENTICAL:
            return ""
        changed = {
            PlanState.CHANGED_LOCAL: (True,),
            PlanState.CHANGED_REMOTE: (False,),
            PlanState.CONFLICT: (True, False),
        }.get(state)
        said = []
        if changed is not None:
            said.append(
                self.tr("changed since the last sync")
                if local in changed
                else self.tr("as last synced")
            )
        elif self._item.later_side is not None:
            later = self._item.later_side == ("local" if local else "remote")
            said.append(self.tr("the later copy") if later else self.tr("the earlier copy"))
        if local == (self._direction == "push"):
            said.append(self.tr("replaces the other"))
        elif changed is not None and local in changed:
            said.append(self.tr("gets replaced: this change is lost"))
        else:
            said.append(self.tr("gets replaced"))
        return " \u2014 " + " \u00b7 ".join(said)

    def _caption(self, fetched: _Fetched, local: bool) -> str:
        comparison = fetched.comparison
        side: SideContent = comparison.local if local else comparison.remote
        title = (self.tr("Local") if local else self.tr("Bucket")) + self._side_words(local)
        parts: list[str] = []
        if comparison.kind == IMAGE:
            size = fetched.dimensions[0 if local else 1]
            parts.append(str(side.image_type))
            if size.isValid():
                parts.append(f"{size.width()} \u00d7 {size.height()} px")
        elif side.decoded is not None and comparison.kind != BINARY:
            parts.append(diff_content.tr(side.decoded.encoding))
            newline = side.decoded.newline
            if newline == "mixed":
                parts.append(self.tr("mixed line ends"))
            elif newline != "none":
                parts.append(self.tr("{newline} line ends").format(newline=newline))
            parts.append(self.tr("{count} lines").format(count=f"{side.line_count:,}"))
        parts.append(
            self.tr("{size} ({bytes} bytes)").format(
                size=human_size(side.size), bytes=f"{side.size:,}"
            )
        )
        modified = fetched.local_modified if local else fetched.remote_modified
        parts.append(self.tr("modified {when}").format(when=modified))
        text = f"<b>{title}</b><br>{html.escape(' · '.join(parts))}"
        if comparison.kind == BINARY:
            text += f"<br>MD5 {side.md5}"
        return text

    def _legend(self) -> str:
        colours = self.local_view.formats().colours

        def mark(symbol: str) -> str:
            return f"<b style='color:{colours[symbol].name()}'>{symbol}</b>"

        legend = (
            self.tr(
                "{changed} changed line &nbsp; {adds} only in the local copy: the push adds it "
                "&nbsp; {removes} only in the copy in the bucket: the push removes it"
            )
            if self._direction == "push"
            else self.tr(
                "{changed} changed line &nbsp; {adds} only in the copy in the bucket: the pull "
                "adds it &nbsp; {removes} only in the local copy: the pull removes it"
            )
        )
        return legend.format(
            changed=mark(MARK_CHANGED), adds=mark(MARK_ADDS), removes=mark(MARK_REMOVES)
        )

    # --- fetching --------------------------------------------------------------------------

    def _fetch(self) -> None:
        if self._job is not None:
            self._job.cancel()
        self._loader.stop()
        self._comparison = None
        self._show_message(
            self.tr("Fetching both copies of {name}\u2026").format(name=self._item.name), busy=True
        )
        job = _comparison_work(self._storage, self._item, self._direction, self._limit)
        job.succeeded.connect(self._fetched)
        job.failed.connect(self._fetch_failed)
        self._job = job
        self._jobs.start(job)

    @Slot()
    def _fetch_with_new_limit(self) -> None:
        self._limit = self.limit_spin.value() * MB
        if self._settings is not None:
            self._settings.setValue(_LIMIT_KEY, self.limit_spin.value())
        self._fetch()

    @Slot(object)
    def _job_finished(self, job: Job) -> None:
        if job is self._job:
            self._job = None

    def _show_message(self, text: str, busy: bool = False, limit: bool = False) -> None:
        self.pages.setCurrentIndex(0)
        self.message_label.setText(text)
        self.busy_bar.setVisible(busy)
        self.limit_row.setVisible(limit)
        self.notes_label.clear()
        self.copy_button.setEnabled(False)

    @Slot(object)
    def _fetch_failed(self, error: Exception) -> None:
        if self.sender() is not self._job:
            return  # a fetch given up for another row
        title, message = error_words(error)
        self._show_message(f"<b>{html.escape(title)}</b><br>{html.escape(message)}")

    @Slot(object)
    def _fetched(self, result: _Fetched | _TooLarge) -> None:
        if self.sender() is not self._job:
            return
        if isinstance(result, _TooLarge):
            needed = math.ceil(result.needed / MB)
            self.limit_spin.setValue(min(MAX_LIMIT_MB, max(needed, self._limit // MB)))
            text = html.escape(result.message)
            if needed > MAX_LIMIT_MB:
                text += "<br>" + self.tr("Files over {limit} MB cannot be compared here.").format(
                    limit=MAX_LIMIT_MB
                )
            self.fetch_button.setEnabled(needed <= MAX_LIMIT_MB)
            title = self.tr("Too large to compare here")
            self._show_message(f"<b>{title}</b><br>{text}", limit=True)
            return
        comparison = result.comparison
        self._comparison = comparison
        page = {IMAGE: 1, BINARY: 2}.get(comparison.kind, 0)
        for stack in self.side_stacks:
            stack.setCurrentIndex(page)
        self.local_caption.setText(self._caption(result, True))
        self.remote_caption.setText(self._caption(result, False))
        for caption, side in (
            (self.local_caption, comparison.local),
            (self.remote_caption, comparison.remote),
        ):
            caption.setToolTip(f"MD5 {side.md5}")
        notes = list(comparison.notes)
        if comparison.kind == IMAGE:
            self._show_pictures(result)
        elif comparison.kind == BINARY:
            self._show_bytes(comparison)
        else:
            notes.insert(0, self._show_text(comparison))
        self.legend_label.setVisible(comparison.kind not in (IMAGE, BINARY))
        self.notes_label.setText(" ".join(said_text(note) for note in notes if note))
        self.pages.setCurrentIndex(1)

    def _show_text(self, comparison: Comparison) -> str:
        """Fills both text views; returns the count of differing lines in words."""
        text = comparison.text
        assert text is not None  # a text comparison has its line diff
        local_is_source = self._direction == "push"
        self.local_view.begin(text.rows, text.left_text, text.left_gutter, local_is_source)
        self.remote_view.begin(text.rows, text.right_text, text.right_gutter, not local_is_source)
        self._loader.start()
        self.legend_label.setText(self._legend())
        self.copy_button.setEnabled(bool(text.unified))
        self.copy_button.setToolTip(
            self.tr("Copies what the push would change, as a unified diff (remote → local).")
            if local_is_source
            else self.tr("Copies what the pull would change, as a unified diff (local → remote).")
        )
        counts = [
            self.tr("{count} changed").format(count=f"{text.changed:,}") if text.changed else "",
            self.tr("{count} only local").format(count=f"{text.removed:,}") if text.removed else "",
            self.tr("{count} only in the bucket").format(count=f"{text.added:,}")
            if text.added
            else "",
        ]
        said = ", ".join(c for c in counts if c)
        return self.tr("Lines: {counts}.").format(counts=said) if said else ""

    @Slot()
    def _load_step(self) -> None:
        """Fills the text views for a slice of time, then lets the event loop run."""
        deadline = time.monotonic() + _LOAD_SLICE
        views = (self.local_view, self.remote_view)
        while time.monotonic() < deadline:
            loading = [view for view in views if view.loading]
            if not loading:
                break
            min(loading, key=lambda view: view.loaded).load_some(_LOAD_CHARS)
        else:
            return
        self._loader.stop()
        text = self._comparison.text if self._comparison is not None else None
        if text is not None and text.first_change is not None:
            self.local_view.scroll_to_row(max(0, text.first_change - 3))

    def _show_pictures(self, fetched: _Fetched) -> None:
        for pane, picture, side in (
            (self.local_picture, fetched.pictures[0], fetched.comparison.local),
            (self.remote_picture, fetched.pictures[1], fetched.comparison.remote),
        ):
            pane.set_image(
                picture,
                self.tr("This {kind} picture cannot be read.").format(kind=side.image_type),
            )

    def _show_bytes(self, comparison: Comparison) -> None:
        local, remote = comparison.local.head, comparison.remote.head
        offsets = differing_offsets(local, remote)
        char_format = self.local_view.formats().chars[MARK_CHANGED]
        for view, head in ((self.local_hex, local), (self.remote_hex, remote)):
            view.setPlainText(hex_dump(head) or self.tr("(empty)"))
            mark_bytes(view, offsets, len(head), char_format)

    @Slot()
    def _copy_unified(self) -> None:
        comparison = self._comparison
        if comparison is None or comparison.text is None or not comparison.text.unified:
            return
        QGuiApplication.clipboard().setText(comparison.text.unified)
        lines = comparison.text.unified.count("\n")
        self.status_label.setText(
            self.tr("Unified diff copied ({count} lines).").format(count=f"{lines:,}")
        )

    # --- closing ---------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Every way of closing (Esc, Close, the window's X) ends here: stop the fetch and
        remember the size. The worker thread winds down on its own (the application's job
        runner keeps it until then)."""
        if self._job is not None:
            self._job.cancel()
        if self._settings is not None:
            self._settings.setValue(_SIZE_KEY, self.size())
        super().done(result)
