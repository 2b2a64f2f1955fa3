"""The differences dialog against real plans: a moto S3 bucket over HTTP (and a local-folder
bucket), real files, real worker threads, offscreen widgets."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QImage, QTextFormat
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from bucketferry.core import HashCache, RemoteStorage
from bucketferry.gui.dialogs.diff_dialog import DiffDialog
from bucketferry.gui.diff_content import MARK_ADDS, MARK_CHANGED
from bucketferry.gui.jobs import application_jobs
from bucketferry.gui.models.preview_model import COL_PATH, COL_STATE, PreviewModel, StateRole
from tests.helpers import write

NOTES_REMOTE = "title: survey\ncolour = red\nsize = 3\nend\n"
NOTES_LOCAL = "title: survey\ncolour = green\nsize = 3\nadded line\nend\n"
BIG = "x" * 99 + "\n"  # 100 bytes a line


def png(width: int, height: int, colour: str) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


@dataclass
class Preview:
    storage: RemoteStorage
    model: PreviewModel
    src: Path

    def row(self, name: str) -> int:
        names = [self.model.item_at(r).name for r in range(self.model.rowCount())]
        return names.index(name)

    def state(self, row: int) -> str:
        return str(self.model.index(row, COL_STATE).data(StateRole))

    def checked(self, name: str) -> bool:
        index = self.model.index(self.row(name), COL_STATE)
        return index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def make_preview(storage: RemoteStorage, src: Path, qtbot) -> Preview:
    """Pushes the 'remote' versions, then changes the local files and previews a push."""
    remote = {
        "notes.txt": NOTES_REMOTE,
        "same.txt": "same\n",
        "pic.png": png(32, 20, "#cc3333"),
        "data.bin": bytes(range(256)) * 2,
        "big.txt": "small\n",
        "grown.txt": BIG * 15_000,
    }
    local = {
        "notes.txt": NOTES_LOCAL,
        "pic.png": png(64, 48, "#3366cc"),
        "data.bin": bytes(range(10)) + b"\xff" + bytes(range(11, 256)) + bytes(range(256)),
        "big.txt": BIG * 15_000,
        "grown.txt": "small\n",
        "new.txt": "only here\n",
    }
    for name, content in remote.items():
        write(src / name, content)
    storage.push(".", local_path_prefix=str(src))
    for name, content in local.items():
        write(src / name, content)
    model = PreviewModel()
    model.set_summary(storage.plan_push(".", str(src)))
    model.sort(COL_PATH, Qt.SortOrder.AscendingOrder)
    return Preview(storage, model, src)


@pytest.fixture
def s3_preview(s3_conf, tmp_path, qtbot) -> Preview:
    storage = RemoteStorage(s3_conf(), hash_cache=HashCache(tmp_path / "hashes.json"))
    return make_preview(storage, tmp_path / "src", qtbot)


@pytest.fixture
def local_preview(local_conf, tmp_path, qtbot) -> Preview:
    storage = RemoteStorage(local_conf(), hash_cache=HashCache(tmp_path / "hashes.json"))
    return make_preview(storage, tmp_path / "src", qtbot)


@pytest.fixture
def parent(qtbot) -> Iterator[QWidget]:
    widget = QWidget()
    qtbot.addWidget(widget)
    yield widget
    for dialog in widget.findChildren(DiffDialog):
        dialog.close()
    qtbot.waitUntil(lambda: not application_jobs().busy, timeout=20_000)


def open_dialog(qtbot, parent: QWidget, preview: Preview, name: str, **kw) -> DiffDialog:
    dialog = DiffDialog(parent, preview.storage, preview.model, preview.row(name), **kw)
    dialog.show()
    wait_ready(qtbot, dialog)
    return dialog


def wait_ready(qtbot, dialog: DiffDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)


def full_width_marks(view) -> dict[int, QColor]:
    """Line number -> background of the whole-line marks in a text view."""
    return {
        s.cursor.blockNumber(): s.format.background().color()
        for s in view.extraSelections()
        if s.format.boolProperty(QTextFormat.Property.FullWidthSelection)
    }


def char_marks(view) -> list[tuple[int, int, int]]:
    """(line, start, end) of the character marks in a text view."""
    marks = []
    for s in view.extraSelections():
        if s.format.boolProperty(QTextFormat.Property.FullWidthSelection):
            continue
        block = s.cursor.block()
        start = s.cursor.selectionStart() - block.position()
        marks.append((block.blockNumber(), start, s.cursor.selectionEnd() - block.position()))
    return marks


def test_text_differences_show_both_texts_and_highlight_the_changed_line(
    qtbot, parent, s3_preview: Preview
):
    dialog = open_dialog(qtbot, parent, s3_preview, "notes.txt")
    assert dialog.objectName() == "diffDialog"
    assert dialog.isVisible() and not dialog.isModal()
    local = dialog.findChild(QWidget, "localTextView")
    remote = dialog.findChild(QWidget, "remoteTextView")
    assert local.toPlainText() == "title: survey\ncolour = green\nsize = 3\nadded line\nend"
    assert remote.toPlainText() == "title: survey\ncolour = red\nsize = 3\n\nend"
    formats = dialog.local_view.formats()
    changed = formats.lines[MARK_CHANGED].background().color()
    # line 2 (row 1) changed on both sides; the added line is only local (the push adds it)
    assert full_width_marks(local)[1] == changed
    assert full_width_marks(remote)[1] == changed
    assert full_width_marks(local)[3] == formats.lines[MARK_ADDS].background().color()
    assert 3 in full_width_marks(remote)  # the hatched gap on the remote side
    assert 0 not in full_width_marks(local)
    assert char_marks(local) == [(1, 9, 14)]  # 'green'
    assert char_marks(remote) == [(1, 9, 12)]  # 'red'
    # Qt really paints the tint: look at the pixels right of the text on that line
    block = local.document().findBlockByNumber(1)
    top = local.blockBoundingGeometry(block).translated(local.contentOffset()).center().y()
    shot = local.viewport().grab().toImage()
    assert QColor(shot.pixel(shot.width() - 5, int(top))) == changed
    gutter = dialog.findChild(QWidget, "localGutter").toPlainText().splitlines()
    assert gutter[:4] == ["1  ", "2 ~", "3  ", f"4 {MARK_ADDS}"]
    header = dialog.findChild(QWidget, "diffHeaderLabel").text()
    assert "notes.txt" in header and "Changed here" in header
    assert "Changed on this computer on 20" in header and "since the last sync on 20" in header
    direction = dialog.direction_label.text()
    assert "local copy replaces the copy in the bucket" in direction
    assert "still the copy last synced" in direction  # a safe update
    caption = dialog.findChild(QWidget, "localCaption").text()
    assert "UTF-8" in caption and "changed since the last sync" in caption
    remote_caption = dialog.findChild(QWidget, "remoteCaption").text()
    assert "as last synced" in remote_caption and "lost" not in remote_caption
    assert "1 changed" in dialog.findChild(QWidget, "diffNotesLabel").text()


def test_both_sides_scroll_together(qtbot, parent, local_preview: Preview):
    remote = "".join(f"line {i}\n" for i in range(400))
    write(local_preview.src / "long.txt", remote)
    local_preview.storage.push("long.txt", local_path_prefix=str(local_preview.src))
    write(local_preview.src / "long.txt", remote.replace("line 350\n", "line 350 edited\n"))
    local_preview.model.set_summary(local_preview.storage.plan_push(".", str(local_preview.src)))
    dialog = open_dialog(qtbot, parent, local_preview, "long.txt")
    local, remote_view = dialog.local_view.text, dialog.remote_view.text
    # it opens at the first change, both sides and the gutters alike
    assert local.verticalScrollBar().value() == 347
    assert remote_view.verticalScrollBar().value() == 347
    assert dialog.local_view.gutter.verticalScrollBar().value() == 347
    remote_view.verticalScrollBar().setValue(120)
    assert local.verticalScrollBar().value() == 120
    assert dialog.remote_view.gutter.verticalScrollBar().value() == 120
    # rows near the screen are marked again after scrolling far
    local.verticalScrollBar().setValue(340)
    assert 350 in full_width_marks(local)


def test_an_image_pair_shows_both_pictures_with_their_dimensions(
    qtbot, parent, s3_preview: Preview
):
    dialog = open_dialog(qtbot, parent, s3_preview, "pic.png")
    local = dialog.findChild(QWidget, "localImageView")
    remote = dialog.findChild(QWidget, "remoteImageView")
    assert local.isVisible() and remote.isVisible()
    assert local.image.size() == QSize(64, 48)
    assert remote.image.size() == QSize(32, 20)
    assert "64 \u00d7 48 px" in dialog.findChild(QWidget, "localCaption").text()
    assert "32 \u00d7 20 px" in dialog.findChild(QWidget, "remoteCaption").text()
    shot = local.grab().toImage()
    centre = shot.pixelColor(shot.width() // 2, shot.height() // 2)
    assert centre == QColor("#3366cc")
    assert not dialog.copy_button.isEnabled()


def test_a_binary_pair_shows_size_time_hash_and_first_bytes(qtbot, parent, s3_preview: Preview):
    dialog = open_dialog(qtbot, parent, s3_preview, "data.bin")
    local_hex = dialog.findChild(QWidget, "localHexView")
    remote_hex = dialog.findChild(QWidget, "remoteHexView")
    assert local_hex.isVisible()
    assert (
        local_hex.toPlainText()
        .splitlines()[0]
        .startswith("0000  00 01 02 03 04 05 06 07  08 09 ff 0b")
    )
    assert (
        remote_hex.toPlainText()
        .splitlines()[0]
        .startswith("0000  00 01 02 03 04 05 06 07  08 09 0a 0b")
    )
    assert len(local_hex.toPlainText().splitlines()) == 16  # the first 256 bytes
    assert char_marks(local_hex) == [(0, 37, 39)]  # byte 10 differs
    local_bytes = (s3_preview.src / "data.bin").read_bytes()
    caption = dialog.findChild(QWidget, "localCaption").text()
    assert hashlib.md5(local_bytes).hexdigest() in caption
    assert "512 B" in caption and "modified 20" in caption
    remote_md5 = hashlib.md5(bytes(range(256)) * 2).hexdigest()
    assert remote_md5 in dialog.findChild(QWidget, "remoteCaption").text()
    assert "byte 10" in dialog.notes_label.text()


@pytest.mark.parametrize("name", ["big.txt", "grown.txt"])  # too large locally / in the bucket
def test_the_size_cap_says_so_and_fetch_anyway_raises_it(
    qtbot, parent, s3_preview: Preview, name: str
):
    dialog = open_dialog(qtbot, parent, s3_preview, name, limit_bytes=1_000_000)
    message = dialog.findChild(QWidget, "diffMessageLabel")
    assert message.isVisible()
    assert "Too large to compare here" in message.text()
    assert "1.5 MB" in message.text() and "1.0 MB" in message.text()
    spin = dialog.findChild(QWidget, "diffLimitSpin")
    assert spin.isVisible() and spin.value() == 2  # enough for the larger copy
    assert dialog.comparison is None
    dialog.findChild(QWidget, "fetchAnywayButton").click()
    wait_ready(qtbot, dialog)
    assert dialog.comparison is not None and dialog.comparison.kind == "text"
    assert not message.isVisible()
    assert dialog.findChild(QWidget, "localTextView").isVisible()


def test_the_include_checkbox_is_the_rows_checkbox(qtbot, parent, local_preview: Preview):
    dialog = open_dialog(qtbot, parent, local_preview, "notes.txt")
    include = dialog.findChild(QWidget, "includeCheck")
    files_before = local_preview.model.totals()[0]
    assert include.isChecked() and local_preview.checked("notes.txt")
    include.click()
    assert not local_preview.checked("notes.txt")
    assert local_preview.model.totals()[0] == files_before - 1
    local_preview.model.set_checked(local_preview.row("notes.txt"), True)
    assert include.isChecked()
    # sorting the table moves the row; the box still acts on this file
    local_preview.model.sort(COL_PATH, Qt.SortOrder.DescendingOrder)
    include.click()
    assert not local_preview.checked("notes.txt")
    assert local_preview.checked("pic.png")


def test_next_and_previous_keys_step_through_the_differing_rows(
    qtbot, parent, local_preview: Preview
):
    dialog = open_dialog(qtbot, parent, local_preview, "data.bin")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    moved: list[int] = []
    dialog.row_changed.connect(moved.append)
    shown = []
    for key, modifier in (
        (Qt.Key.Key_F7, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_N, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier),
    ):
        QTest.keyClick(dialog.focusWidget() or dialog, key, modifier)
        wait_ready(qtbot, dialog)
        shown.append(dialog.item.name)
    # sorted by path; same.txt (identical) and new.txt (new) are not differing rows
    assert shown == ["grown.txt", "notes.txt", "pic.png", "notes.txt", "grown.txt"]
    assert moved == [local_preview.row(name) for name in shown]
    assert dialog.windowTitle() == "Differences: grown.txt"
    previous = dialog.findChild(QWidget, "previousDiffButton")
    previous.click()
    previous.click()  # before the first fetch ends: that one is given up
    wait_ready(qtbot, dialog)
    assert dialog.item.name == "big.txt"
    assert dialog.status_label.text() == ""
    previous.click()
    assert dialog.item.name == "big.txt"
    assert "No differing file before this one" in dialog.status_label.text()
    dialog.local_view.text.setFocus()
    QTest.keyClick(dialog.local_view.text, Qt.Key.Key_N)
    wait_ready(qtbot, dialog)
    assert dialog.item.name == "data.bin"


def test_copy_puts_the_unified_diff_on_the_clipboard(qtbot, parent, s3_preview: Preview):
    dialog = open_dialog(qtbot, parent, s3_preview, "notes.txt")
    button = dialog.findChild(QWidget, "copyUnifiedDiffButton")
    assert button.isEnabled()
    button.click()
    assert QGuiApplication.clipboard().text().splitlines() == [
        "--- remote/notes.txt",
        "+++ local/notes.txt",
        "@@ -1,4 +1,5 @@",
        " title: survey",
        "-colour = red",
        "+colour = green",
        " size = 3",
        "+added line",
        " end",
    ]
    assert "copied" in dialog.status_label.text()


def test_an_identical_row_shows_the_text_without_marks(qtbot, parent, local_preview: Preview):
    dialog = open_dialog(qtbot, parent, local_preview, "same.txt")
    assert dialog.local_view.text.toPlainText() == "same"
    assert full_width_marks(dialog.local_view.text) == {}
    assert "byte for byte the same" in dialog.notes_label.text()
    assert "leaves this file alone" in dialog.direction_label.text()
    assert not dialog.copy_button.isEnabled()


def test_a_vanished_object_is_said_in_plain_words(qtbot, parent, s3_preview: Preview):
    s3_preview.storage.delete("notes.txt")
    dialog = open_dialog(qtbot, parent, s3_preview, "notes.txt")
    text = dialog.findChild(QWidget, "diffMessageLabel").text()
    assert "Not in the bucket" in text and "Preview again" in text
    assert "Traceback" not in text


def test_a_new_preview_makes_the_dialog_stop_acting_on_the_table(
    qtbot, parent, local_preview: Preview
):
    dialog = open_dialog(qtbot, parent, local_preview, "notes.txt")
    local_preview.model.set_filter({"changed_local"}, "")  # same preview, filtered: fine
    assert dialog.include_check.isEnabled()
    local_preview.model.set_summary(local_preview.storage.plan_push(".", str(local_preview.src)))
    assert "new preview" in dialog.status_label.text()
    assert not dialog.include_check.isEnabled()
    assert not dialog.next_button.isEnabled()
    assert dialog.local_view.text.toPlainText().startswith("title: survey")


def test_closing_cancels_the_fetch_and_deletes_the_dialog(qtbot, parent, local_preview: Preview):
    dialog = DiffDialog(parent, local_preview.storage, local_preview.model, 0)
    dialog.show()
    assert dialog.busy
    with qtbot.waitSignal(dialog.destroyed, timeout=10_000):
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not application_jobs().busy, timeout=20_000)


def test_size_and_limit_are_remembered(qtbot, parent, local_preview: Preview, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = open_dialog(qtbot, parent, local_preview, "big.txt", settings=settings)
    assert dialog.limit_spin.value() == 10  # the default fetches 1.5 MB
    dialog.resize(900, 640)
    dialog.close()
    settings.setValue("diffDialog/limitMB", 1)
    again = open_dialog(qtbot, parent, local_preview, "big.txt", settings=settings)
    assert again.size() == QSize(900, 640)
    assert "Too large" in again.message_label.text()
    again.limit_spin.setValue(3)
    again.fetch_button.click()
    wait_ready(qtbot, again)
    assert settings.value("diffDialog/limitMB", type=int) == 3


def test_the_window_keeps_responding_while_a_big_comparison_runs(
    qtbot, parent, local_preview: Preview, monkeypatch: pytest.MonkeyPatch
):
    """The comparison (about a second of Python here) runs in the worker and the views
    fill in slices: the event loop keeps turning. Shown by where the comparison ran and
    by the loop's timer firing all along, not by a bound on the longest pause (a loaded
    2-core machine once paused 0.69 s for reasons of its own)."""
    from bucketferry.gui.dialogs import diff_dialog

    threads: list[threading.Thread] = []
    real_compare = diff_dialog.compare

    def recording_compare(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_compare(*args, **kwargs)

    monkeypatch.setattr(diff_dialog, "compare", recording_compare)
    lines = [f"record {i:06d} value {i * 37 % 1000:4d} flag {i % 3}\n" for i in range(120_000)]
    write(local_preview.src / "huge.txt", "".join(lines))
    local_preview.storage.push("huge.txt", local_path_prefix=str(local_preview.src))
    for i in range(0, len(lines), 10):
        lines[i] = lines[i].replace("flag", "FLAG")
    write(local_preview.src / "huge.txt", "".join(lines))
    local_preview.model.set_summary(local_preview.storage.plan_push(".", str(local_preview.src)))
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    dialog = DiffDialog(
        parent, local_preview.storage, local_preview.model, local_preview.row("huge.txt")
    )
    dialog.show()
    wait_ready(qtbot, dialog)
    took = time.perf_counter() - started
    timer.stop()
    assert threads and all(t is not threading.main_thread() for t in threads)
    # the loop kept turning while the worker compared and the views filled in slices:
    # its 10 ms timer fired throughout, not in one burst after the work
    assert took > 0.3 and len(ticks) > 10
    middle = [t for t in ticks if started + took * 0.25 < t < started + took * 0.75]
    assert middle, "the event loop did not turn in the middle of the comparison"
    assert dialog.comparison is not None and dialog.comparison.text is not None
    assert dialog.comparison.text.changed == 12_000
    assert dialog.local_view.text.document().blockCount() == 120_000
    QApplication.processEvents()
