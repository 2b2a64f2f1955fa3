"""Help ▸ Getting started (the guide dialog), and what the push/pull confirmation says
about what no row shows: the empty folders a push cannot send, and the folder a pull
will create. Real widgets and the real window with its ready "Local folder" connection;
real folders on disk."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTextBrowser, QWidget

from bucketferry.core import RemoteStorage
from bucketferry.core.states import PlanState
from bucketferry.gui import MainWindow
from bucketferry.gui.dialogs.guide_dialog import GuideDialog, show_guide
from bucketferry.gui.dialogs.guide_text import GUIDE_STATES, state_image
from bucketferry.gui.dialogs.run_notes import empty_folders, run_notes
from bucketferry.gui.sync_states import state_color
from tests.gui.window_driver import preview, wait_idle, when_shown
from tests.helpers import tree_bytes, write

# --- the guide ---------------------------------------------------------------------------


def guide(qtbot, window: MainWindow) -> GuideDialog:
    dialog = show_guide(window)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_the_guide_opens_as_a_named_window_with_a_close_button(qtbot, window: MainWindow):
    dialog = guide(qtbot, window)
    assert dialog.objectName() == "guideDialog" and dialog.windowTitle() == "Getting started"
    assert dialog in QApplication.topLevelWidgets() and dialog.isVisible()
    assert not dialog.isModal()  # stays open beside the window while one follows it
    assert show_guide(window) is dialog  # asked again: the same one, in front
    close = dialog.findChild(QPushButton, "guideCloseButton")
    assert close is not None and close.text().replace("&", "") == "Close"
    close.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def test_the_guide_has_five_to_eight_plain_steps_covering_the_whole_flow(qtbot, window):
    dialog = guide(qtbot, window)
    browser = dialog.findChild(QTextBrowser, "guideText")
    assert browser is not None and not browser.openLinks()
    steps = [b for b in blocks(browser.document()) if b.textList() is not None]
    assert 5 <= len(steps) <= 8
    text = browser.toPlainText()
    for words in (
        "Local folder",
        "bucket",
        "Preview push",
        "Preview pull",
        "Tick",
        "Show differences",
        "Push…",
        "Overwrite",
        "View ▸ History",
        "Undo this run",
        ".bucketferry-backups/",
        "trash",
    ):
        assert words in text, words
    assert "http" not in browser.toHtml().replace("http://www.w3.org", "")  # no links out
    assert "Traceback" not in text


def test_the_guide_explains_every_state_by_colour_shape_and_word(qtbot, window):
    dialog = guide(qtbot, window)
    browser = dialog.findChild(QTextBrowser, "guideText")
    text = browser.toPlainText()
    html = browser.toHtml().lower()
    for state in GUIDE_STATES:
        assert state.label in text, state
        assert state.meaning[1:] in text, state  # its meaning, as the engine says it
        image = browser.document().resource(
            QTextDocument.ResourceType.ImageResource, QUrl(state_image(state))
        )
        assert image is not None and not image.isNull(), state  # its shape
        assert state_color(state, browser.palette()).name() in html, state  # its colour


def test_the_guide_follows_a_switch_to_a_dark_palette(qtbot, window):
    dialog = guide(qtbot, window)
    browser = dialog.findChild(QTextBrowser, "guideText")
    dark = QPalette(dialog.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    dialog.setPalette(dark)
    colour = state_color(PlanState.NEW, browser.palette()).name()
    assert colour != state_color(PlanState.NEW, QApplication.palette()).name()
    qtbot.waitUntil(lambda: colour in browser.toHtml().lower(), timeout=5_000)


def blocks(document: QTextDocument):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


# --- what the confirmation says ------------------------------------------------------------


def confirmation(qtbot, window: MainWindow, accept: bool) -> dict[str, str]:
    """Opens the confirmation of the current preview; returns its labels' texts by
    objectName (unnamed ones under ''), then confirms or cancels it."""
    seen: dict[str, str] = {}

    def handle(dialog: QWidget) -> None:
        for label in dialog.findChildren(QLabel):
            seen[label.objectName()] = seen.get(label.objectName(), "") + " " + label.text()
        if accept:
            dialog.findChild(QWidget, "confirmButton").click()
        else:
            dialog.reject()

    when_shown("confirmDialog", handle)
    window.run()
    wait_idle(qtbot, window)
    return {name: text.strip() for name, text in seen.items()}


def test_a_push_says_which_empty_folders_stay_behind(qtbot, window: MainWindow, tmp_path: Path):
    data = tmp_path / "data"
    write(data / "a.txt", "a")
    write(data / "photos/b.jpg", "b")
    for empty in ("empty", "old/tmp", ".cache/thumbs"):  # hidden ones are not pushed anyway
        (data / empty).mkdir(parents=True)
    window.connection_bar.local_edit.setText(str(data))
    assert set(preview(qtbot, window, "push").values()) == {"new"}
    said = confirmation(qtbot, window, accept=True)
    assert said["emptyFoldersNote"] == (
        "3 empty folders are not sent (empty/, old/, old/tmp/): a bucket keeps no empty folders."
    )
    assert set(preview(qtbot, window, "pull").values()) == {"identical"}  # as the note said
    restored = tmp_path / "restored"
    window.connection_bar.local_edit.setText(str(restored))
    preview(qtbot, window, "pull")
    confirmation(qtbot, window, accept=True)
    assert sorted(p.relative_to(restored).as_posix() for p in restored.rglob("*")) == [
        "a.txt",
        "photos",
        "photos/b.jpg",
    ]


def test_a_push_of_one_folder_counts_only_its_empty_folders(qtbot, window, tmp_path: Path):
    data = tmp_path / "data"
    write(data / "proj/a.txt", "a")
    write(data / "proj/src/b.py", "b")
    (data / "proj/build").mkdir()
    (data / "elsewhere").mkdir()  # beside the pushed folder: not this push's business
    window.connection_bar.local_edit.setText(str(data))
    window.connection_bar.remote_edit.setText("proj")
    preview(qtbot, window, "push")
    said = confirmation(qtbot, window, accept=False)
    assert said["emptyFoldersNote"] == (
        "1 empty folder is not sent (proj/build/): a bucket keeps no empty folders."
    )


def test_a_push_without_empty_folders_says_nothing_about_them(qtbot, window, tmp_path: Path):
    data = tmp_path / "data"
    write(data / "a.txt", "a")
    write(data / "photos/b.jpg", "b")
    window.connection_bar.local_edit.setText(str(data))
    preview(qtbot, window, "push")
    said = confirmation(qtbot, window, accept=False)
    assert "emptyFoldersNote" not in said and "newFolderNote" not in said
    assert "empty folder" not in " ".join(said.values())


def test_a_pull_into_a_folder_that_does_not_exist_says_it_will_be_created(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch
):
    data = tmp_path / "data"
    write(data / "a.txt", "a")
    window.connection_bar.local_edit.setText(str(data))
    preview(qtbot, window, "push")
    confirmation(qtbot, window, accept=True)

    monkeypatch.setenv("HOME", str(tmp_path))  # the note writes the home folder as '~'
    target = tmp_path / "x"
    window.connection_bar.local_edit.setText(str(target))
    assert preview(qtbot, window, "pull") == {"a.txt": "new"}
    said = confirmation(qtbot, window, accept=True)
    assert said["newFolderNote"] == "The folder ~/x does not exist yet; it will be created."
    assert tree_bytes(target) == {"a.txt": b"a"}

    write(target / "b.txt", "b")  # exists now: nothing to say
    os.remove(target / "a.txt")
    preview(qtbot, window, "pull")
    assert "newFolderNote" not in confirmation(qtbot, window, accept=False)


# --- the notes' own rules, on real folders -----------------------------------------------------


def test_empty_folders_are_the_ones_without_a_file_at_any_depth(tmp_path: Path):
    write(tmp_path / "full/deep/f.txt")
    for folder in ("full/empty", "hollow/inner/most", "z"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "linked").symlink_to(tmp_path / "hollow")  # a link is content, not a folder
    assert empty_folders(str(tmp_path)) == [
        "full/empty/",
        "hollow/",
        "hollow/inner/",
        "hollow/inner/most/",
        "z/",
    ]
    assert empty_folders(str(tmp_path), limit=3) is None  # too many to look at: no claim


def test_a_single_file_push_says_nothing_unless_the_folder_is_known(local_conf, tmp_path: Path):
    data = tmp_path / "data"
    write(data / "a.txt", "a")
    for number in range(5):
        (data / f"empty{number}").mkdir()
    storage = RemoteStorage(local_conf())
    plan = storage.plan_push("a.txt", local_path_prefix=str(data))
    files = plan.files_to_sync
    assert run_notes("push", plan, files, str(data)) == []  # maybe only that file is sent
    [(name, text)] = run_notes("push", plan, files, str(data), pushed_folder=str(data))
    assert name == "emptyFoldersNote"
    assert re.fullmatch(
        r"5 empty folders are not sent \(empty0/, empty1/, empty2/, …\): a bucket keeps "
        r"no empty folders\.",
        text,
    )
