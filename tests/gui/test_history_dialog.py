"""View ▸ History driven as a user would: real widgets (offscreen), the real local-folder
bucket of the default connection, real runs made in the window."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QWidget

from bucketferry.core.journal import RunInfo, RunPlace
from bucketferry.core.profiles import Profile
from bucketferry.gui import MainWindow
from bucketferry.gui.dialogs.history_dialog import HistoryDialog
from bucketferry.gui.models.history_model import (
    COL_FILES,
    COL_KIND,
    COL_OUTCOME,
    HistoryModel,
    OutcomeRole,
)
from bucketferry.gui.models.undo_model import COL_STATE, StateRole
from tests.gui.window_driver import confirm, preview, visible_error, wait_idle, when_shown
from tests.helpers import tree_bytes, write

BACKUPS = ".bucketferry-backups"


def bucket_folder(window: MainWindow) -> Path:
    profile = window.profiles.get("Local folder")
    return Path(profile.key) / profile.bucket


def user_files(bucket: Path) -> dict[str, bytes]:
    """The bucket as a person sees it: without the copies runs kept."""
    return {k: v for k, v in tree_bytes(bucket).items() if not k.startswith(f"{BACKUPS}/")}


def forced_push(qtbot, window: MainWindow, data: Path) -> None:
    """Someone else's a.txt is in the bucket; ours differs and is pushed over it (forced),
    with a new c.txt."""
    write(bucket_folder(window) / "a.txt", "theirs")
    write(data / "a.txt", "mine, longer")
    write(data / "c.txt", "new")
    window.connection_bar.local_edit.setText(str(data))
    states = preview(qtbot, window, "push")
    assert (states["a.txt"], states["c.txt"]) == ("differs", "new")
    confirm(force=True)
    window.run()
    wait_idle(qtbot, window)
    assert (bucket_folder(window) / "a.txt").read_text() == "mine, longer"


def open_history(qtbot, window: MainWindow) -> HistoryDialog:
    window.menu_actions.history.trigger()
    dialog = window.findChild(HistoryDialog, "historyDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.findChild(QWidget, "historyTable") is dialog.page.history_table
    assert dialog.findChild(QWidget, "undoRunButton") is dialog.page.undo_button
    qtbot.waitUntil(lambda: dialog.page.history_model.rowCount() > 0, timeout=10_000)
    return dialog


def undo_states(dialog: HistoryDialog) -> dict[str, str]:
    model = dialog.page.undo_model
    return {
        Path(model.item_at(row).path).name: model.index(row, COL_STATE).data(StateRole)
        for row in range(model.rowCount())
    }


def undo_through_dialog(qtbot, dialog: HistoryDialog) -> tuple[dict[str, str], str]:
    """Undo this run…, confirmed: the plan's states as shown before confirming, and what
    the confirmation said."""
    seen: list[tuple[dict[str, str], str]] = []

    def handle(confirmation: QWidget) -> None:
        said = " ".join(label.text() for label in confirmation.findChildren(QLabel))
        lists = " ".join(
            listing.item(i).text()
            for listing in confirmation.findChildren(QListWidget)
            for i in range(listing.count())
        )
        seen.append((undo_states(dialog), f"{said} {lists}"))
        confirmation.findChild(QWidget, "confirmButton").click()

    when_shown("undoConfirmDialog", handle)
    dialog.page.undo_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    qtbot.waitUntil(lambda: not dialog.undoing, timeout=20_000)
    return seen[0]


def test_history_lists_a_forced_push_and_undo_puts_the_bucket_back(qtbot, window, tmp_path):
    bucket = bucket_folder(window)
    write(bucket / "other/untouched.txt", "stays")
    write(bucket / "a.txt", "theirs")
    before = user_files(bucket)
    forced_push(qtbot, window, tmp_path / "data")

    dialog = open_history(qtbot, window)
    model = dialog.page.history_model
    assert model.index(0, COL_KIND).data() == "Push"
    assert model.index(0, COL_OUTCOME).data(OutcomeRole) == "finished"
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert str(tmp_path / "data") in row and "2 files, all done" in row
    assert row[2].startswith("Local folder: ")
    qtbot.waitUntil(lambda: dialog.page.files_model.rowCount() == 2, timeout=10_000)
    files = {
        dialog.page.files_model.index(r, 0).data(): dialog.page.files_model.index(r, 4).data()
        for r in range(2)
    }
    assert files["a.txt"].startswith(f"Bucket: {BACKUPS}/")  # the bucket's object changed
    assert files["c.txt"] == "\u2013"  # nothing was replaced

    states, said = undo_through_dialog(qtbot, dialog)
    assert states == {"a.txt": "differs", "c.txt": "deleted_source"}
    assert "put back 1 file, remove 1, leave 0 alone" in said
    assert f"kept in the bucket under {BACKUPS}/" in said
    assert set(undo_states(dialog).values()) == {"synced"}
    assert user_files(bucket) == before  # byte for byte, and c.txt is gone
    qtbot.waitUntil(lambda: model.index(0, COL_KIND).data() == "Undo", timeout=10_000)
    assert "Undid the push of" in window.statusBar().currentMessage()
    assert not window.preview_is_current  # the bucket changed under the plan


def test_a_file_changed_after_the_run_is_a_conflict_and_left_alone(qtbot, window, tmp_path):
    forced_push(qtbot, window, tmp_path / "data")
    bucket = bucket_folder(window)
    write(bucket / "a.txt", "edited in the bucket after the run")
    dialog = open_history(qtbot, window)
    states, said = undo_through_dialog(qtbot, dialog)
    assert states == {"a.txt": "conflict", "c.txt": "deleted_source"}
    assert "put back 0 files, remove 1, leave 1 alone" in said
    assert "(1 changed after the run)" in said
    assert "it changed after the run" in said
    assert undo_states(dialog) == {"a.txt": "conflict", "c.txt": "synced"}
    assert (bucket / "a.txt").read_text() == "edited in the bucket after the run"
    assert not (bucket / "c.txt").exists()


def test_undo_of_a_run_on_another_bucket_says_so_in_the_engines_words(qtbot, window, tmp_path):
    forced_push(qtbot, window, tmp_path / "data")
    here = window.profiles.get("Local folder")
    other = dataclasses.replace(here, name="Other bucket", bucket="elsewhere")
    (Path(here.key) / "elsewhere").mkdir()
    window.profiles.save(other)
    window.connection_bar.load_profiles(select="Other bucket")
    window._connection_changed()
    dialog = open_history(qtbot, window)
    dialog.page.undo_button.click()

    def error_shown() -> QWidget | None:
        return next((w for w in dialog.findChildren(QWidget, "errorDialog") if w.isVisible()), None)

    qtbot.waitUntil(lambda: error_shown() is not None, timeout=10_000)
    assert "Connect to that bucket to undo it" in error_shown().text()
    assert (bucket_folder(window) / "c.txt").exists()  # nothing was undone


def test_backups_tab_lists_the_kept_copies_and_removes_old_ones(qtbot, window, tmp_path):
    forced_push(qtbot, window, tmp_path / "data")
    dialog = open_history(qtbot, window)
    dialog.tabs.setCurrentWidget(dialog.backups_tab)
    tab = dialog.backups_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert [tab.model.index(0, c).data() for c in (2, 3)] == ["1", "6 B"]
    assert tab.model.index(0, 1).data().startswith("Push of ")  # which run kept them
    assert f"{BACKUPS}/" in tab.where_label.text()
    tab.days_spin.setValue(0)
    assert tab.prune_button.text() == "&Remove backups older than 0 days…"
    asked: list[str] = []

    def handle(box: QWidget) -> None:
        asked.append(box.text())
        box.findChild(QWidget, "confirmPruneButton").click()

    when_shown("pruneConfirmDialog", handle)
    tab.prune_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    assert "1 run, 1 object, 6 B" in asked[0]
    qtbot.waitUntil(lambda: "No backups in this bucket" in tab.status_label.text(), timeout=10_000)
    assert "Removed the backups older than 0 days" in tab.status_label.text()
    assert tab.model.rowCount() == 0
    assert not any((bucket_folder(window) / BACKUPS).rglob("*.txt"))


def test_confirmations_say_where_replaced_objects_are_kept(qtbot, window, tmp_path):
    """Kept under the backup folder by default; NOT kept once the connection turns bucket
    backups off (a folder bucket keeps no versions)."""
    write(bucket_folder(window) / "a.txt", "theirs")
    write(tmp_path / "data/a.txt", "mine")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    notes: list[str] = []

    def read_and_cancel(dialog: QWidget) -> None:
        notes.append(dialog.findChild(QLabel, "keepingNote").text())
        dialog.reject()

    for expected in (
        f"first kept in the bucket under {BACKUPS}/ (View ▸ History can undo this run)",
        "will NOT be kept: bucket backups are off for this connection and the bucket keeps "
        "no versions",
    ):
        preview(qtbot, window, "push")
        when_shown("confirmDialog", read_and_cancel)
        window.run()
        qtbot.waitUntil(lambda: bool(notes), timeout=10_000)
        assert expected in notes.pop()
        profile = window.profiles.get("Local folder")
        window.profiles.save(dataclasses.replace(profile, backup_prefix=None))
        window._connection_changed()
    assert (bucket_folder(window) / "a.txt").read_text() == "theirs"


def test_delete_remote_says_the_deleted_objects_are_kept(qtbot, window, tmp_path):
    write(tmp_path / "data/gone.txt", "bye")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    preview(qtbot, window, "push")
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    tree = window.trees.remote_tree
    qtbot.waitUntil(lambda: tree.model().rowCount() > 0, timeout=10_000)
    tree.selectionModel().select(
        tree.model().index(0, 0),
        tree.selectionModel().SelectionFlag.Select | tree.selectionModel().SelectionFlag.Rows,
    )
    said: list[str] = []

    def read_and_cancel(dialog: QWidget) -> None:
        said.append(dialog.findChild(QLabel, "deleteSummary").text())
        dialog.reject()

    when_shown("deleteDialog", read_and_cancel)
    window.menu_actions.delete_remote.trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=10_000)
    assert f"first kept in the bucket under {BACKUPS}/" in said[0]
    assert visible_error(window) is None


def test_history_with_no_runs_says_so(qtbot, window):
    window.menu_actions.history.trigger()
    dialog = window.findChild(HistoryDialog, "historyDialog")
    qtbot.waitUntil(lambda: "No runs" in dialog.page.details_label.text(), timeout=10_000)
    assert not dialog.page.undo_button.isEnabled()
    dialog.reject()
    qtbot.waitUntil(
        lambda: (
            not any(
                w.objectName() == "historyDialog" and w.isVisible()
                for w in QApplication.topLevelWidgets()
            )
        )
    )


def test_a_profile_without_bucket_backups_is_listed_as_such(qtbot, window):
    profile: Profile = window.profiles.get("Local folder")
    window.profiles.save(dataclasses.replace(profile, backup_prefix=None))
    window._connection_changed()
    window.menu_actions.history.trigger()
    dialog = window.findChild(HistoryDialog, "historyDialog")
    dialog.tabs.setCurrentWidget(dialog.backups_tab)
    tab = dialog.backups_tab
    qtbot.waitUntil(lambda: "keeps no backups" in tab.status_label.text(), timeout=10_000)
    assert "keeps no copies in the bucket" in tab.where_label.text()
    assert not tab.prune_button.isEnabled()


def test_undo_of_a_forced_pull_puts_the_local_files_back(qtbot, window, tmp_path):
    """A pull changes this computer: the undo puts back the local file it replaced (from
    the trash) and removes the one it created, after saying where those go."""
    write(tmp_path / "data/notes.txt", "bucket version")
    write(tmp_path / "data/new.txt", "only in the bucket")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    preview(qtbot, window, "push")
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    here = tmp_path / "here"
    write(here / "notes.txt", "my local edits")
    window.connection_bar.local_edit.setText(str(here))
    assert preview(qtbot, window, "pull") == {"notes.txt": "differs", "new.txt": "new"}
    confirm(force=True)
    window.run()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: visible_error(window) is None)
    assert (here / "notes.txt").read_text() == "bucket version"

    dialog = open_history(qtbot, window)
    assert dialog.page.history_model.index(0, COL_KIND).data() == "Pull"
    states, said = undo_through_dialog(qtbot, dialog)
    assert states == {"notes.txt": "differs", "new.txt": "deleted_source"}
    assert "files on this computer go to the trash" in said
    assert str(here / "notes.txt") in said  # local files are named by their path
    assert tree_bytes(here) == {"notes.txt": b"my local edits"}


def test_a_run_that_recorded_no_end_reads_as_interrupted(qtbot):
    run = RunInfo(
        "20261130-120000.000-abcd",
        "pull",
        "2026-11-30T12:00:00+00:00",
        None,
        None,
        None,
        RunPlace("local:/x", "b", "", "/data"),
        None,
        None,
        {"done": 2, "planned": 1},
        10,
    )
    model = HistoryModel()
    model.set_history([run], {("local:/x", "b"): "Mine"})
    assert model.index(0, COL_OUTCOME).data() == "Interrupted"
    assert model.index(0, COL_OUTCOME).data(OutcomeRole) == "interrupted"
    assert "did not record its end" in model.index(0, COL_OUTCOME).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, COL_FILES).data() == "3 files: 2 done, 1 not recorded"
    assert model.index(0, 2).data() == "Mine: b"
