"""States, sizes and moments as a person reads them: chips with words, an icon shape per
state, the Content column, one way of saying sizes and times in every part of the window,
a Path column that gets the room, and state colours that read at 4.5:1 in light and dark
palettes. Real widgets (offscreen), real files, the local-folder bucket."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from bucketferry.core import RemoteObject, RemoteStorage
from bucketferry.core.bucket_backups import BackupRun
from bucketferry.core.states import PlanState
from bucketferry.core.units import human_size, local_time
from bucketferry.gui import MainWindow
from bucketferry.gui.colour_contrast import MIN_CONTRAST, contrast_ratio, readable
from bucketferry.gui.dialogs.diff_dialog import _remote_time
from bucketferry.gui.history_words import started
from bucketferry.gui.models.backups_model import COL_STARTED, BackupsModel
from bucketferry.gui.models.local_tree_model import COL_MODIFIED, COL_SIZE
from bucketferry.gui.models.preview_model import (
    COL_CONTENT,
    COL_LOCAL_MTIME,
    COL_LOCAL_SIZE,
    COL_PATH,
    COL_REMOTE_MTIME,
    COL_REMOTE_SIZE,
    COL_STATE,
    HEADERS,
    PreviewModel,
)
from bucketferry.gui.models.remote_tree_model import FullNameRole, RemoteTreeModel
from bucketferry.gui.models.tree_colours import COL_NAME, state_brushes
from bucketferry.gui.state_words import when
from bucketferry.gui.sync_states import LOOKS, state_color, state_icon
from tests.gui.window_driver import preview
from tests.helpers import write

HTTP_DATE = "Mon, 30 Nov 2099 06:08:46 GMT"
"""Later than any file here: sorting by upload time puts it first."""


# --- palettes --------------------------------------------------------------------------------


def fusion_dark_palette() -> QPalette:
    """What Qt's Fusion style uses when the system asks for dark (qt_fusionPalette)."""
    text, window = QColor(240, 240, 240), QColor(50, 50, 50)
    palette = QPalette(
        *(
            QBrush(colour)
            for colour in (
                text,  # window text
                window,  # button
                window.lighter(150),  # light
                window.darker(150),  # dark
                window.darker(130),  # mid
                text,  # text
                QColor(255, 255, 255),  # bright text
                window.darker(140),  # base
                window,  # window
            )
        )
    )
    palette.setColor(QPalette.ColorRole.Highlight, QColor(48, 140, 198))
    palette.setColor(QPalette.ColorRole.HighlightedText, text)
    return palette


def palette_with_base(base: str) -> QPalette:
    palette = QPalette(QColor(base))
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    return palette


@pytest.fixture
def dark_app(qapp) -> Iterator[QApplication]:
    """The application switched to a dark palette, as a system switch to dark does."""
    before = qapp.palette()
    qapp.setPalette(fusion_dark_palette())
    yield qapp
    qapp.setPalette(before)


# --- chips and icons ---------------------------------------------------------------------------


def test_chips_say_their_word_before_and_after_a_preview(qtbot, window, tmp_path):
    chips = window.preview_pane.chips
    for state, chip in chips.items():
        assert chip.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        assert not chip.icon().isNull()
        assert chip.text() == state.label, state
    # a run's results have no chip before there is a run
    assert not chips[PlanState.SYNCED].isVisibleTo(window)
    assert chips[PlanState.NEW].isVisibleTo(window)
    write(tmp_path / "d/a.txt", "a")
    window.connection_bar.local_edit.setText(str(tmp_path / "d"))
    preview(qtbot, window, "push")
    assert chips[PlanState.NEW].text() == "New 1"
    assert chips[PlanState.IDENTICAL].text() == "Identical 0"


def alpha_mask(state: PlanState, size: int = 32) -> bytes:
    image = state_icon(state).pixmap(size, size).toImage()
    return bytes(image.convertToFormat(QImage.Format.Format_Alpha8).constBits())


def test_every_state_has_an_icon_of_its_own_shape(qapp):
    """Told apart by shape alone (the icons' alpha masks), not only by colour: synced and
    identical were the same check mark in two shades."""
    shapes = {state: LOOKS[state].shape for state in PlanState}
    assert len(set(shapes.values())) == len(PlanState), shapes
    masks = {state: alpha_mask(state) for state in PlanState}
    for first, second in itertools.combinations(PlanState, 2):
        assert masks[first] != masks[second], f"{first} and {second} have the same shape"
    for state in PlanState:  # every shape draws something at the smallest size
        assert any(alpha_mask(state, 16)), state


# --- the Content column ------------------------------------------------------------------------


def two_folders(local_conf, tmp_path: Path) -> tuple[RemoteStorage, Path]:
    """same.txt identical, edited.txt changed here, theirs.txt differs (never synced),
    new.txt only here, filtered.tmp on both sides but filtered out."""
    storage = RemoteStorage(local_conf())
    src = tmp_path / "src"
    write(src / "same.txt", "same")
    write(src / "edited.txt", "v1")
    write(src / "filtered.tmp", "t")
    storage.push(".", local_path_prefix=str(src))
    write(tmp_path / "other/theirs.txt", "theirs")
    storage.push(".", local_path_prefix=str(tmp_path / "other"))
    write(src / "edited.txt", "version 2")
    write(src / "theirs.txt", "mine")
    write(src / "new.txt", "12345")
    return storage, src


def shown(model: PreviewModel, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> dict:
    return {
        model.item_at(r).name: model.index(r, column).data(role) for r in range(model.rowCount())
    }


def test_content_says_same_different_or_not_compared_with_checksums_in_the_tooltip(
    qtbot, local_conf, tmp_path
):
    storage, src = two_folders(local_conf, tmp_path)
    model = PreviewModel()
    model.set_summary(storage.plan_push(".", str(src), exclude_regex=r".*\.tmp"))
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(HEADERS))]
    assert "Path" in headers and "State" in headers
    assert headers[COL_CONTENT] == "Content" and "Hashes" not in headers
    content = shown(model, COL_CONTENT)
    assert content["same.txt"] == "same"
    assert content["edited.txt"] == content["theirs.txt"] == "different"
    assert content["new.txt"] == "\u2013"  # one copy only
    assert content["filtered.tmp"] == "not compared"
    tips = shown(model, COL_CONTENT, Qt.ItemDataRole.ToolTipRole)
    same = next(i for i in storage.list_objects("") if i.name == "same.txt")
    assert "same bytes" in tips["same.txt"] and str(same.hash) in tips["same.txt"]
    assert "sizes already differ" in tips["theirs.txt"]
    assert "nothing to compare" in tips["new.txt"]


# --- one language of sizes and moments -------------------------------------------------------


def table_row(window: MainWindow, name: str) -> int:
    model = window.preview_pane.model
    return [model.item_at(r).name for r in range(model.rowCount())].index(name)


def remote_index(qtbot, model: RemoteTreeModel, full_name: str) -> QModelIndex:
    found: list[QModelIndex] = []

    def listed() -> bool:
        for row in range(model.rowCount()):
            index = model.index(row, COL_NAME)
            if index.data(FullNameRole) == full_name:
                found.append(index)
                return True
        return False

    qtbot.waitUntil(listed, timeout=20_000)
    return found[0]


def test_a_file_reads_the_same_in_the_trees_and_in_the_table(qtbot, window, tmp_path):
    data = tmp_path / "data"
    for name, size in (("small.txt", 316), ("big.bin", 3000)):
        write(data / name, b"x" * size)
        moment = datetime(2026, 11, 30, 6, 8, 46, 700_000, tzinfo=UTC).timestamp()
        os.utime(data / name, (moment, moment))  # a fraction of a second: cut the same way
    window.connection_bar.local_edit.setText(str(data))
    RemoteStorage(window.profiles.config_for("Local folder")).push(".", local_path_prefix=str(data))
    assert preview(qtbot, window, "push") == {"small.txt": "identical", "big.bin": "identical"}
    local, remote, table = window.trees.local_fs, window.trees.remote_model, window.preview_pane
    for name, size_text in (("small.txt", "316 B"), ("big.bin", "3.0 KB")):
        row = table_row(window, name)
        cells = {c: table.model.index(row, c).data() for c in range(len(HEADERS))}
        assert cells[COL_LOCAL_SIZE] == cells[COL_REMOTE_SIZE] == size_text
        assert cells[COL_LOCAL_MTIME] == local_time((data / name).stat().st_mtime)
        file_index = local.index(str(data / name))
        size_index = file_index.sibling(file_index.row(), COL_SIZE)
        qtbot.waitUntil(lambda i=size_index: bool(i.data()), timeout=10_000)
        time_index = file_index.sibling(file_index.row(), COL_MODIFIED)
        assert size_index.data() == cells[COL_LOCAL_SIZE]
        assert time_index.data() == cells[COL_LOCAL_MTIME]
        in_bucket = remote_index(qtbot, remote, name)
        assert in_bucket.sibling(in_bucket.row(), 1).data() == cells[COL_REMOTE_SIZE]
        assert in_bucket.sibling(in_bucket.row(), 2).data() == cells[COL_REMOTE_MTIME]
    assert local.headerData(COL_MODIFIED, Qt.Orientation.Horizontal) == "Modified"
    assert human_size(316) == "316 B"


def test_an_http_date_is_shown_in_full_everywhere(qtbot, local_conf, tmp_path):
    storage, src = two_folders(local_conf, tmp_path)
    summary = storage.plan_push(".", str(src))
    model = PreviewModel()
    model.set_summary(summary)
    item = model.item_at(table_row_in(model, "same.txt"))
    assert isinstance(item.remote_obj, RemoteObject)
    item.remote_obj.extra["last_modified"] = HTTP_DATE  # as some servers answer a HEAD
    model.set_summary(summary)
    full = local_time(HTTP_DATE)
    assert full is not None and len(full) == len("2026-11-30 06:08:46")
    assert full == local_time(datetime(2099, 11, 30, 6, 8, 46, tzinfo=UTC))
    assert shown(model, COL_REMOTE_MTIME)["same.txt"] == full
    model.sort(COL_REMOTE_MTIME, Qt.SortOrder.DescendingOrder)
    assert model.item_at(0).name == "same.txt"
    assert _remote_time(item.remote_obj) == full  # the differences view's caption
    assert when(HTTP_DATE) == full  # the history sentences
    tree = RemoteTreeModel()
    tree.fill("", [], [RemoteObject("a.txt", 5, None, "s3", extra={"last_modified": HTTP_DATE})])
    assert tree.index(0, 2).data() == full
    # runs and backups say their moments the same way
    assert started(SimpleNamespace(started_at="2099-11-30T06:08:46Z")) == full  # type: ignore[arg-type]
    backups = BackupsModel()
    backups.set_backups([BackupRun("r1", datetime(2099, 11, 30, 6, 8, 46, tzinfo=UTC), ())], {})
    assert backups.index(0, COL_STARTED).data() == full


def table_row_in(model: PreviewModel, name: str) -> int:
    return [model.item_at(r).name for r in range(model.rowCount())].index(name)


# --- the Path column ---------------------------------------------------------------------------


def test_at_800_by_600_the_path_column_is_the_widest(qtbot, window, tmp_path):
    data = tmp_path / "data"
    write(data / "reports/2026/november/a-rather-long-file-name-for-the-summary.csv", "x")
    write(data / "b.txt", "b")
    window.connection_bar.local_edit.setText(str(data))
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.width() == 800)
    preview(qtbot, window, "push")
    table = window.preview_pane.table
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(COL_PATH) > 0)
    widths = {c: header.sectionSize(c) for c in range(len(HEADERS))}
    assert all(widths[COL_PATH] > w for c, w in widths.items() if c != COL_PATH), widths
    assert widths[COL_PATH] >= 0.3 * table.viewport().width()
    # every other column is as wide as its words need: nothing of theirs is cut
    metrics = table.fontMetrics()
    for column in (COL_LOCAL_MTIME, COL_REMOTE_MTIME, COL_STATE, COL_CONTENT):
        text = str(table.model().index(0, column).data())
        assert metrics.horizontalAdvance(text) < widths[column], (column, text)
    # a wide window gives Path all the spare room, without a sideways scroll bar
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: window.width() == 1400)
    qtbot.waitUntil(
        lambda: sum(header.sectionSize(c) for c in range(len(HEADERS))) == table.viewport().width()
    )


# --- colours -----------------------------------------------------------------------------------


def test_contrast_ratio_is_wcags(qapp):
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("#777777")) == pytest.approx(1)
    assert contrast_ratio(QColor("#767676"), QColor("#ffffff")) == pytest.approx(4.54, abs=0.01)
    faint = QColor("#ffcc00")  # yellow on white
    fixed = readable(faint, QColor("#ffffff"))
    assert contrast_ratio(fixed, QColor("#ffffff")) >= MIN_CONTRAST
    assert abs(fixed.hslHue() - faint.hslHue()) <= 2  # the same hue, darker


@pytest.mark.parametrize(
    "base", ["#ffffff", "#efefef", "#3c3f41", "#242424", "#1e1e1e", "#000000", "#777777"]
)
def test_state_colours_read_on_any_base(qapp, base):
    palette = palette_with_base(base)
    for state in PlanState:
        ratio = contrast_ratio(state_color(state, palette), QColor(base))
        assert ratio >= MIN_CONTRAST, f"{state} on {base}: {ratio:.2f}"


def assert_window_colours_read(qtbot, window: MainWindow) -> None:
    """The table's state words, the trees' rows and the stale warning, each on its own
    background, at 4.5:1 at least."""
    model, table = window.preview_pane.model, window.preview_pane.table
    base = table.palette().color(QPalette.ColorRole.Base)
    assert model.rowCount() > 0
    for row in range(model.rowCount()):
        colour = model.index(row, COL_STATE).data(Qt.ItemDataRole.ForegroundRole)
        assert contrast_ratio(colour, base) >= MIN_CONTRAST, model.item_at(row).name
    for state, (text, wash) in state_brushes().items():
        ratio = contrast_ratio(text.color(), wash.color())
        assert ratio >= MIN_CONTRAST, f"{state} in the trees: {ratio:.2f}"
    stale = window.preview_pane.stale_label
    warning = QColor(stale.styleSheet().split("color:")[1].strip(" ;"))
    background = window.preview_pane.palette().color(QPalette.ColorRole.Window)
    assert contrast_ratio(warning, background) >= MIN_CONTRAST


def planned_window(qtbot, window: MainWindow, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    write(data / "same.txt", "same")
    write(data / "edited.txt", "one")
    RemoteStorage(window.profiles.config_for("Local folder")).push(".", local_path_prefix=str(data))
    write(data / "edited.txt", "two")
    write(data / "new.txt", "new")
    window.connection_bar.local_edit.setText(str(data))
    preview(qtbot, window, "push")
    return data


def test_state_colours_read_in_the_light_palette(qtbot, window, tmp_path):
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() >= 128
    planned_window(qtbot, window, tmp_path)
    assert_window_colours_read(qtbot, window)


def test_state_colours_read_in_a_dark_palette(qtbot, dark_app, window, tmp_path):
    assert window.palette().color(QPalette.ColorRole.Base).lightness() < 128
    planned_window(qtbot, window, tmp_path)
    assert_window_colours_read(qtbot, window)


def test_the_window_follows_a_switch_to_dark_and_back(qtbot, qapp, window, tmp_path):
    data = planned_window(qtbot, window, tmp_path)
    model, local = window.preview_pane.model, window.trees.local_fs
    row = table_row(window, "new.txt")
    chip = window.preview_pane.chips[PlanState.NEW]
    light_text = model.index(row, COL_STATE).data(Qt.ItemDataRole.ForegroundRole)
    light_chip = chip.icon().cacheKey()
    file_index = local.index(str(data / "new.txt"))
    qtbot.waitUntil(lambda: local.state_of(file_index) is not None, timeout=10_000)
    light_tree = local.data(file_index, Qt.ItemDataRole.ForegroundRole).color()
    before = qapp.palette()
    qapp.setPalette(fusion_dark_palette())
    try:
        dark_text = model.index(row, COL_STATE).data(Qt.ItemDataRole.ForegroundRole)
        assert dark_text.lightness() > light_text.lightness()  # light words on dark rows
        qtbot.waitUntil(lambda: chip.icon().cacheKey() != light_chip, timeout=5_000)
        dark_tree = local.data(file_index, Qt.ItemDataRole.ForegroundRole).color()
        assert dark_tree.lightness() > light_tree.lightness()
        assert_window_colours_read(qtbot, window)
    finally:
        qapp.setPalette(before)
    assert model.index(row, COL_STATE).data(Qt.ItemDataRole.ForegroundRole) == light_text
    qtbot.waitUntil(
        lambda: local.data(file_index, Qt.ItemDataRole.ForegroundRole).color() == light_tree,
        timeout=5_000,
    )
    assert chip.icon().cacheKey() == light_chip
