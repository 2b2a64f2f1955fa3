"""Filters people can write (wildcards by default, regular expressions on request), trees
that stay current and say what they show, and hidden files shown as they will be sent.
Real widgets (offscreen), real folders, the local-folder bucket."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QListWidget, QWidget

from bucketferry.core import RemoteStorage
from bucketferry.core.wildcards import wildcards_to_regex
from bucketferry.gui import MainWindow
from bucketferry.gui.models.remote_tree_model import FullNameRole
from bucketferry.gui.models.tree_colours import COL_NAME
from bucketferry.gui.window_settings import app_settings
from tests.gui.window_driver import confirm, preview, states, wait_idle, when_shown
from tests.helpers import write


def bucket_of(window: MainWindow) -> RemoteStorage:
    return RemoteStorage(window.profiles.config_for("Local folder"))


def choose_folder(window: MainWindow, folder: Path, remote: str = "") -> None:
    """Types the folder and path as a person would, ending with Enter."""
    bar = window.connection_bar
    bar.local_edit.setText(str(folder))
    bar.remote_edit.setText(remote)
    bar.local_edit.editingFinished.emit()


def push_everything(qtbot, window: MainWindow) -> None:
    preview(qtbot, window, "push")
    confirm(force=True)
    window.run()
    wait_idle(qtbot, window)


def local_names(window: MainWindow) -> set[str]:
    """The names the local tree shows at its top level."""
    tree = window.trees.local_tree
    model, root = tree.model(), tree.rootIndex()
    return {model.index(row, 0, root).data() for row in range(model.rowCount(root))}


def remote_children(window: MainWindow, parent: QModelIndex | None = None) -> set[str]:
    """Full names of the bucket tree's rows below ``parent`` (the top by default)."""
    model = window.trees.remote_model
    parent = parent or QModelIndex()
    return {
        model.index(row, COL_NAME, parent).data(FullNameRole)
        for row in range(model.rowCount(parent))
    } - {None}


def remote_index(window: MainWindow, full_name: str) -> QModelIndex:
    model = window.trees.remote_model
    for row in range(model.rowCount()):
        index = model.index(row, COL_NAME)
        if index.data(FullNameRole) == full_name:
            return index
    raise AssertionError(f"{full_name} is not at the top of the bucket's tree")


# --- 1. filters --------------------------------------------------------------------------


def test_the_filters_take_wildcards_by_default(qtbot, window: MainWindow, tmp_path: Path):
    data = tmp_path / "data"
    for name in ("a.csv", "b.txt", "raw/x.bin", "deep/c.csv", "deep/d.txt"):
        write(data / name, name)
    bar = window.connection_bar
    assert not bar.regex_check.isChecked()
    assert bar.include_edit.objectName() == "includeRegexEdit"
    assert bar.exclude_edit.objectName() == "excludeRegexEdit"
    assert "*.csv" in bar.include_edit.placeholderText()
    assert "path below the local folder, e.g. raw/data.csv" in bar.include_edit.toolTip()
    assert "path below the local folder, e.g. raw/data.csv" in bar.exclude_edit.toolTip()
    choose_folder(window, data)
    bar.include_edit.setText("*.csv; raw/")
    bar.exclude_edit.setText("deep/")
    assert preview(qtbot, window, "push") == {
        "a.csv": "new",
        "raw/x.bin": "new",
        "b.txt": "skipped",
        "deep/c.csv": "skipped",
        "deep/d.txt": "skipped",
    }
    assert not bar.filter_error.isVisible()
    # Deleting from the bucket uses the same regular expressions as the preview.
    include, exclude = bar.filters()
    assert include == wildcards_to_regex("*.csv; raw/")
    assert exclude is not None and re.match(exclude, "deep/x") and re.match(exclude, ".env")


def test_regular_expressions_on_request_remembered_in_the_settings(qtbot, tmp_path: Path):
    data = tmp_path / "data"
    for name in ("a.csv", "sub/b.csv", "c.txt"):
        write(data / name, name)
    first = MainWindow()
    qtbot.addWidget(first)
    bar = first.connection_bar
    bar.regex_check.setChecked(True)
    assert "regular expression" in bar.include_edit.toolTip()
    assert "path below the local folder" in bar.include_edit.toolTip()
    choose_folder(first, data)
    bar.include_edit.setText(r"[^/]*\.csv$")  # top-level .csv files only
    assert preview(qtbot, first, "push") == {
        "a.csv": "new",
        "sub/b.csv": "skipped",
        "c.txt": "skipped",
    }
    bar.regex_check.setChecked(False)  # the same text as wildcards means something else
    assert not first.preview_is_current
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert not second.connection_bar.regex_check.isChecked()
    second.connection_bar.regex_check.setChecked(True)
    second.close()
    third = MainWindow()
    qtbot.addWidget(third)
    assert third.connection_bar.regex_check.isChecked()
    assert third.connection_bar.include_edit.text() == r"[^/]*\.csv$"


def test_filters_saved_before_wildcards_keep_meaning_regular_expressions(qtbot):
    settings = app_settings()
    settings.setValue("last/exclude", r".*\.tmp$")
    settings.remove("filters/regex")
    settings.sync()
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.connection_bar.regex_check.isChecked()


@pytest.mark.parametrize(
    ("regex", "text", "reason"),
    [
        (False, "*.csv; /", "names no file or folder"),
        (False, "[z-a].txt", "not a valid pattern"),
        (True, "data(", "missing )"),
    ],
)
def test_an_invalid_pattern_is_marked_at_once_with_the_reason(
    qtbot, window: MainWindow, tmp_path: Path, regex: bool, text: str, reason: str
):
    bar = window.connection_bar
    choose_folder(window, tmp_path)
    bar.regex_check.setChecked(regex)
    bar.exclude_edit.setText(text)
    assert bar.filter_error.isVisible()
    assert bar.filter_error.text().startswith("Exclude filter: ")
    assert reason in bar.filter_error.text()
    assert reason in bar.exclude_edit.toolTip()
    assert bar.exclude_edit.styleSheet()  # marked
    assert not bar.preview_push_button.isEnabled()
    assert not bar.preview_pull_button.isEnabled()
    bar.exclude_edit.setText("*.tmp" if not regex else r".*\.tmp")
    assert not bar.filter_error.isVisible()
    assert not bar.exclude_edit.styleSheet()
    assert bar.preview_push_button.isEnabled()


def test_wildcard_text_that_is_no_regex_is_fine_until_regex_is_chosen(qtbot, window, tmp_path):
    bar = window.connection_bar
    choose_folder(window, tmp_path)
    bar.include_edit.setText("report (1).txt")  # plain characters as wildcards
    assert not bar.filter_error.isVisible()
    bar.include_edit.setText("data(")
    assert not bar.filter_error.isVisible()
    bar.regex_check.setChecked(True)
    assert "missing )" in bar.filter_error.text()


def test_delete_remote_applies_the_wildcards_too(qtbot, window: MainWindow, tmp_path: Path):
    src = tmp_path / "src"
    for name in ("logs/a.log", "logs/b.txt", "logs/old/c.log", "logs/.hidden.log"):
        write(src / name, name)
    bucket_of(window).push(".", local_path_prefix=str(src))
    choose_folder(window, src)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: remote_children(window) == {"logs/"}, timeout=10_000)
    window.connection_bar.include_edit.setText("*.log")
    tree = window.trees.remote_tree
    tree.selectionModel().select(
        remote_index(window, "logs/"),
        tree.selectionModel().SelectionFlag.Select | tree.selectionModel().SelectionFlag.Rows,
    )
    listed: list[str] = []

    def read_and_cancel(dialog: QWidget) -> None:
        listing = dialog.findChild(QListWidget, "deleteList")
        listed.extend(listing.item(i).text().split("  (")[0] for i in range(listing.count()))
        dialog.reject()

    when_shown("deleteDialog", read_and_cancel)
    window.menu_actions.delete_remote.trigger()
    qtbot.waitUntil(lambda: bool(listed), timeout=20_000)
    assert listed == ["logs/a.log", "logs/old/c.log"]  # hidden files too are left alone


# --- 2. trees ------------------------------------------------------------------------------


def test_trees_are_read_again_on_every_preview_and_after_every_run(
    qtbot, window: MainWindow, tmp_path: Path
):
    data = tmp_path / "data"
    write(data / "a.txt", "short")
    choose_folder(window, data)
    push_everything(qtbot, window)
    local = window.trees.local_fs
    qtbot.waitUntil(lambda: local.size(local.index(str(data / "a.txt"))) == 5, timeout=10_000)
    qtbot.waitUntil(lambda: remote_children(window) == {"a.txt"}, timeout=10_000)
    # Rewritten in place (Qt's watcher does not notice) and added by someone else.
    write(data / "a.txt", "much longer content")
    other = tmp_path / "other"
    write(other / "theirs.txt", "from a colleague")
    bucket_of(window).push(".", local_path_prefix=str(other))
    assert preview(qtbot, window, "push") == {
        "a.txt": "changed_local",
        "theirs.txt": "only_target",
    }
    qtbot.waitUntil(lambda: local.size(local.index(str(data / "a.txt"))) == 19, timeout=10_000)
    qtbot.waitUntil(lambda: remote_children(window) == {"a.txt", "theirs.txt"}, timeout=10_000)
    # After the run: the new file in the bucket's tree too.
    write(data / "new.txt", "new")
    push_everything(qtbot, window)
    qtbot.waitUntil(
        lambda: remote_children(window) == {"a.txt", "theirs.txt", "new.txt"}, timeout=10_000
    )
    assert "new.txt" in local_names(window)


def test_view_refresh_reads_both_trees_again(qtbot, window: MainWindow, tmp_path: Path):
    refresh = window.menu_actions.refresh
    assert refresh.objectName() == "refreshAction"
    assert refresh.shortcut() == QKeySequence("Ctrl+R")
    view_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"
    )
    assert refresh in view_menu.actions()
    data = tmp_path / "data"
    write(data / "a.txt", "a")
    choose_folder(window, data)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: local_names(window) == {"a.txt"}, timeout=10_000)
    local = window.trees.local_fs
    write(data / "a.txt", "rewritten")
    other = tmp_path / "other"
    write(other / "theirs.txt", "theirs")
    bucket_of(window).push(".", local_path_prefix=str(other))
    refresh.trigger()
    qtbot.waitUntil(lambda: remote_children(window) == {"theirs.txt"}, timeout=10_000)
    qtbot.waitUntil(lambda: local.size(local.index(str(data / "a.txt"))) == 9, timeout=10_000)


def test_a_folder_that_does_not_exist_shows_nothing_and_says_so(qtbot, window, tmp_path):
    data = tmp_path / "data"
    write(data / "a.txt", "a")
    choose_folder(window, data)
    qtbot.waitUntil(lambda: local_names(window) == {"a.txt"}, timeout=10_000)
    choose_folder(window, tmp_path / "no-such-folder")
    assert local_names(window) == set()
    label = window.findChild(QLabel, "localTreeLabel")
    assert "does not exist" in label.text()
    choose_folder(window, data)  # and back
    qtbot.waitUntil(lambda: local_names(window) == {"a.txt"}, timeout=10_000)
    assert "does not exist" not in label.text()


def test_the_bucket_tree_lists_folders_below_the_root_it_was_filled_with(
    qtbot, window: MainWindow, tmp_path: Path
):
    src = tmp_path / "src"
    write(src / "share/x.txt", "x")
    write(src / "share/sub/y.txt", "y")
    bucket_of(window).push(".", local_path_prefix=str(src))
    choose_folder(window, src)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: remote_children(window) == {"share/"}, timeout=10_000)
    # The path field changes, without Enter: the tree still shows the bucket's top.
    window.connection_bar.remote_edit.setText("share")
    share = remote_index(window, "share/")
    window.trees.remote_tree.expand(share)
    qtbot.waitUntil(
        lambda: remote_children(window, share) == {"share/sub/", "share/x.txt"}, timeout=10_000
    )
    sub = next(
        window.trees.remote_model.index(r, COL_NAME, share)
        for r in range(window.trees.remote_model.rowCount(share))
        if window.trees.remote_model.index(r, COL_NAME, share).data(FullNameRole) == "share/sub/"
    )
    window.trees.remote_tree.expand(sub)
    qtbot.waitUntil(lambda: remote_children(window, sub) == {"share/sub/y.txt"}, timeout=10_000)
    # Enter: now the tree starts at share/, and lists below it.
    window.connection_bar.remote_edit.editingFinished.emit()
    qtbot.waitUntil(
        lambda: remote_children(window) == {"share/sub/", "share/x.txt"}, timeout=10_000
    )


def test_the_trees_say_what_they_show(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("HOME", str(tmp_path))
    local_label = window.findChild(QLabel, "localTreeLabel")
    remote_label = window.findChild(QLabel, "remoteTreeLabel")
    bucket = bucket_of(window).conf.bucket
    (tmp_path / "lab_results").mkdir()
    choose_folder(window, tmp_path / "lab_results", remote="handoff")
    assert local_label.text() == "This computer — ~/lab_results"
    assert remote_label.text() == f"Bucket — {bucket} / handoff"
    profile = window.profiles.get("Local folder")
    window.profiles.save(dataclasses.replace(profile, base_path="team"))
    window._connection_changed()  # what closing the connections dialog does
    assert remote_label.text() == f"Bucket — {bucket} / team/handoff"
    choose_folder(window, tmp_path / "lab_results", remote="")
    assert remote_label.text() == f"Bucket — {bucket} / team"
    outside = Path(os.path.abspath(os.sep)) / "no-such-place-for-bucketferry"
    choose_folder(window, outside)
    assert local_label.text() == f"This computer — {outside}: this folder does not exist"
    window.connection_bar.local_edit.clear()
    window.connection_bar.local_edit.editingFinished.emit()
    assert local_label.text() == "This computer — no folder chosen yet"


# --- 3. hidden files -----------------------------------------------------------------------


HIDDEN = (".hidden_config", ".git/config", "sub/.env")


def make_folder_with_hidden_files(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    for name in (*HIDDEN, "a.txt", "sub/b.txt"):
        write(data / name, name)
    return data


def test_hidden_files_are_neither_shown_nor_sent_by_default(
    qtbot, window: MainWindow, tmp_path: Path
):
    data = make_folder_with_hidden_files(tmp_path)
    action = window.menu_actions.show_hidden
    assert action.objectName() == "showHiddenAction"
    assert action.isCheckable() and not action.isChecked()
    # Someone else's hidden file in the bucket: not in the bucket's tree either.
    other = tmp_path / "other"
    write(other / ".DS_Store", "finder")
    bucket_of(window).push(".", local_path_prefix=str(other))
    choose_folder(window, data)
    assert preview(qtbot, window, "push") == {"a.txt": "new", "sub/b.txt": "new"}
    qtbot.waitUntil(lambda: local_names(window) == {"a.txt", "sub"}, timeout=10_000)
    assert remote_children(window) == set()
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    sent = {o.name for o in bucket_of(window).list_objects("")}
    assert sent == {"a.txt", "sub/b.txt", ".DS_Store"}
    choose_folder(window, tmp_path / "pulled")  # a pull leaves them out too
    assert preview(qtbot, window, "pull") == {"a.txt": "new", "sub/b.txt": "new"}


def test_shown_hidden_files_are_in_the_trees_and_the_plan_and_remembered(qtbot, tmp_path: Path):
    data = make_folder_with_hidden_files(tmp_path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    choose_folder(window, data)
    window.connection_bar.exclude_edit.setText("*.txt")  # combined with the user's exclude
    assert preview(qtbot, window, "push") == {"a.txt": "skipped", "sub/b.txt": "skipped"}
    window.menu_actions.show_hidden.setChecked(True)
    assert not window.preview_is_current  # the plan no longer shows what would be sent
    assert preview(qtbot, window, "push") == {
        ".hidden_config": "new",
        ".git/config": "new",
        "sub/.env": "new",
        "a.txt": "skipped",
        "sub/b.txt": "skipped",
    }
    qtbot.waitUntil(
        lambda: local_names(window) == {".hidden_config", ".git", "a.txt", "sub"},
        timeout=10_000,
    )
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    assert {o.name for o in bucket_of(window).list_objects("")} == set(HIDDEN)
    qtbot.waitUntil(lambda: remote_children(window) == {".hidden_config", ".git/", "sub/"})
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.menu_actions.show_hidden.isChecked()
    again.menu_actions.show_hidden.setChecked(False)
    wait_idle(qtbot, again)
    assert remote_children(again) == {"sub/"}
    again.close()
    wait_idle(qtbot, again)


def test_a_hidden_folder_typed_as_the_path_is_what_was_asked_for(
    qtbot, window: MainWindow, tmp_path: Path
):
    data = tmp_path / "data"
    write(data / ".config/app/settings.ini", "x")
    write(data / ".config/app/.cache", "x")
    choose_folder(window, data, remote=".config")
    assert preview(qtbot, window, "push") == {".config/app/settings.ini": "new"}
    assert states(window) == {".config/app/settings.ini": "new"}


def test_the_filter_mark_reads_in_a_dark_palette_too(qtbot, window: MainWindow, tmp_path: Path):
    """The red of an invalid filter is shaded for the palette in use: a fixed red read
    at 1.96:1 on a dark window."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    from bucketferry.gui.colour_contrast import MIN_CONTRAST, contrast_ratio
    from tests.gui.test_states_and_formats import fusion_dark_palette

    bar = window.connection_bar
    choose_folder(window, tmp_path)
    bar.exclude_edit.setText("/")
    app = QApplication.instance()
    before = app.palette()
    try:
        for palette in (before, fusion_dark_palette()):
            app.setPalette(palette)
            qtbot.waitUntil(
                lambda p=palette: (
                    bar.palette().color(QPalette.ColorRole.Window)
                    == p.color(QPalette.ColorRole.Window)
                )
            )
            colour = re.search(r"color:\s*(#[0-9a-fA-F]{6})", bar.filter_error.styleSheet())
            assert colour is not None, bar.filter_error.styleSheet()
            background = palette.color(QPalette.ColorRole.Window)
            assert contrast_ratio(QColor(colour.group(1)), background) >= MIN_CONTRAST
    finally:
        app.setPalette(before)
