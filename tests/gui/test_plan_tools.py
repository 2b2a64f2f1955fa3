"""The window's tools around a plan: trees coloured by it, Delete remote…, export, and the
forced push's word on versions. Real widgets (offscreen), real files, real moto."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QListWidget, QWidget

from bucketferry.gui import MainWindow
from bucketferry.gui.models.preview_model import COL_PATH, COL_STATE
from bucketferry.gui.models.remote_tree_model import FullNameRole
from bucketferry.gui.models.tree_colours import COL_NAME
from tests.gui.window_driver import confirm, preview, visible_error, wait_idle, when_shown
from tests.helpers import is_backup, s3_client, write


def remote_names(conf) -> set[str]:
    """The bucket's own objects (the backups that runs keep aside apart)."""
    listed = s3_client(conf.host, conf.port).list_objects_v2(Bucket=conf.bucket)
    return {o["Key"] for o in listed.get("Contents", []) if not is_backup(o["Key"])}


def push_all(qtbot, win: MainWindow) -> None:
    preview(qtbot, win, "push")
    confirm(force=True)
    win.run()
    wait_idle(qtbot, win)


def remote_row(qtbot, win: MainWindow, full_name: str) -> QModelIndex:
    """The remote tree's row of ``full_name``, expanding folders (listed in the worker)."""
    model = win.trees.remote_model

    def find(parent: QModelIndex) -> QModelIndex | None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, COL_NAME, parent)
            name = index.data(FullNameRole)
            if name == full_name:
                return index
            if isinstance(name, str) and name.endswith("/") and full_name.startswith(name):
                win.trees.remote_tree.expand(index)
                return find(index)
        return None

    found: list[QModelIndex] = []

    def ready() -> bool:
        index = find(QModelIndex())
        if index is not None:
            found.append(index)
        return index is not None

    qtbot.waitUntil(ready, timeout=20_000)
    return found[0]


def test_trees_colour_files_and_folders_by_the_plan(qtbot, window, s3_profile, tmp_path):
    data = tmp_path / "data"
    write(data / "docs/same.txt", "same")
    write(data / "docs/deep/changed.txt", "old")
    write(data / "other/same2.txt", "same too")
    window.connection_bar.local_edit.setText(str(data))
    push_all(qtbot, window)
    write(data / "docs/deep/changed.txt", "new content")
    write(data / "other/added.txt", "added")
    preview(qtbot, window, "push")

    local = window.trees.local_fs

    def local_state(relative: str) -> str | None:
        return local.state_of(local.index(str(data / relative)))

    assert local_state("docs/same.txt") == "identical"
    assert local_state("docs/deep/changed.txt") == "changed_local"
    assert local_state("other/added.txt") == "new"
    # folders take the worst state inside them
    assert local_state("docs/deep") == "changed_local"
    assert local_state("docs") == "changed_local"
    assert local_state("other") == "new"
    docs = local.index(str(data / "docs"))
    assert local.data(docs, Qt.ItemDataRole.ForegroundRole) is not None
    assert "Changed here" in local.data(docs, Qt.ItemDataRole.ToolTipRole)
    assert not local.data(docs, Qt.ItemDataRole.DecorationRole).isNull()  # the badge

    remote = window.trees.remote_model
    assert remote.state_of(remote_row(qtbot, window, "docs/")) == "changed_local"
    changed = remote_row(qtbot, window, "docs/deep/changed.txt")
    assert remote.state_of(changed) == "changed_local"
    assert "Changed here" in remote.data(changed, Qt.ItemDataRole.ToolTipRole)
    assert remote.state_of(remote_row(qtbot, window, "other/same2.txt")) == "identical"

    # a stale plan colours nothing; the run's result colours synced rows
    window.connection_bar.include_edit.setText("nothing-matches")
    assert local_state("docs") is None
    window.connection_bar.include_edit.setText("")
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    assert local_state("docs/deep/changed.txt") == "synced"
    assert local_state("other") == "synced"


def delete_through_dialog(
    qtbot, win: MainWindow, names: list[str], before_confirm=None
) -> list[str]:
    """Selects ``names`` in the remote tree, runs Delete remote…, confirms; returns what
    the confirmation listed."""
    selection = win.trees.remote_tree.selectionModel()
    selection.clearSelection()
    for name in names:
        index = remote_row(qtbot, win, name)
        selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    listed: list[str] = []

    def handle(dialog: QWidget) -> None:
        listing = dialog.findChild(QListWidget, "deleteList")
        listed.extend(listing.item(i).text().split("  (")[0] for i in range(listing.count()))
        if before_confirm is not None:
            before_confirm(dialog)
        dialog.findChild(QWidget, "confirmDeleteButton").click()

    when_shown("deleteDialog", handle)
    win.menu_actions.delete_remote.trigger()
    qtbot.waitUntil(lambda: bool(listed), timeout=20_000)
    wait_idle(qtbot, win)
    return listed


def test_delete_remote_removes_exactly_the_listed_objects(qtbot, window, s3_profile, tmp_path):
    _, conf = s3_profile
    data = tmp_path / "data"
    for name in ("logs/a.log", "logs/b.txt", "logs/old/c.log", "logs_2024/d.log", "keep.txt"):
        write(data / name, name)
    window.connection_bar.local_edit.setText(str(data))
    push_all(qtbot, window)
    window.connection_bar.include_edit.setText("*.log")  # the filters apply to what is deleted

    def someone_adds_a_file(dialog: QWidget) -> None:
        late = s3_client(conf.host, conf.port)
        late.put_object(Bucket=conf.bucket, Key="logs/late.log", Body=b"late")

    listed = delete_through_dialog(qtbot, window, ["logs/"], someone_adds_a_file)
    assert listed == ["logs/a.log", "logs/old/c.log"]
    # exactly those: not the filtered-out file, not the name neighbour, not the late one
    assert remote_names(conf) == {"logs/b.txt", "logs/late.log", "logs_2024/d.log", "keep.txt"}
    assert "Deleted 2 files" in window.statusBar().currentMessage()
    assert not window.preview_is_current  # the bucket changed under the plan


def test_delete_remote_shows_what_it_leaves_alone_and_why(qtbot, window, s3_profile, tmp_path):
    """An object whose name HTTP clients rewrite ('a//b' is sent as 'a/b') is never
    deleted: the confirmation lists it apart, with the reason, and it stays."""
    _, conf = s3_profile
    write(tmp_path / "data/logs/a.log", "a")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    push_all(qtbot, window)
    s3_client(conf.host, conf.port).put_object(Bucket=conf.bucket, Key="logs//b.log", Body=b"b")
    left_alone: list[str] = []

    def read_refused(dialog: QWidget) -> None:
        listing = dialog.findChild(QListWidget, "deleteRefusedList")
        left_alone.extend(listing.item(i).text() for i in range(listing.count()))

    assert delete_through_dialog(qtbot, window, ["logs/"], read_refused) == ["logs/a.log"]
    assert len(left_alone) == 1 and left_alone[0].startswith("logs//b.log: ")
    assert "empty segments" in left_alone[0]
    assert remote_names(conf) == {"logs//b.log"}


def test_delete_remote_of_a_single_file_says_where_it_is_kept(qtbot, window, s3_profile, tmp_path):
    _, conf = s3_profile
    write(tmp_path / "data/one.txt", "1")
    write(tmp_path / "data/two.txt", "2")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    push_all(qtbot, window)
    summaries: list[str] = []

    def read_summary(dialog: QWidget) -> None:
        summaries.append(dialog.findChild(QLabel, "deleteSummary").text())

    assert delete_through_dialog(qtbot, window, ["one.txt"], read_summary) == ["one.txt"]
    assert remote_names(conf) == {"two.txt"}
    assert "does not keep versions" in summaries[0]
    assert ".bucketferry-backups/" in summaries[0]


def test_delete_remote_with_nothing_selected_explains(qtbot, window):
    window.menu_actions.delete_remote.trigger()
    qtbot.waitUntil(lambda: visible_error(window) is not None)
    assert "Select files or folders" in visible_error(window).text()


def test_export_writes_json_and_csv_that_parse_back(qtbot, window, tmp_path):
    data = tmp_path / "data"
    write(data / "a.txt", "a")
    write(data / "sub/b,with comma.txt", "bb")
    window.connection_bar.local_edit.setText(str(data))
    preview(qtbot, window, "push")
    window.preview_pane.model.set_checked(0, False)

    assert window.export_to(str(tmp_path / "plan.json"))
    parsed = json.loads((tmp_path / "plan.json").read_text())
    assert {o["remote_path"] for o in parsed["not_on_target"]} == {"a.txt", "sub/b,with comma.txt"}
    assert parsed["sync_direction"] == "push"

    assert window.export_to(str(tmp_path / "plan.CSV"))
    with open(tmp_path / "plan.CSV", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["path"]: r["state"] for r in rows} == {"a.txt": "new", "sub/b,with comma.txt": "new"}
    assert sorted(r["checked"] for r in rows) == ["no", "yes"]
    assert {r["local_size"] for r in rows} == {"1", "2"}

    # after the run, the result is exported
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    assert window.export_to(str(tmp_path / "result.csv"))
    with open(tmp_path / "result.csv", newline="", encoding="utf-8") as handle:
        assert {r["state"] for r in csv.DictReader(handle)} == {"synced", "new"}


def test_export_to_a_missing_folder_says_why_and_writes_nothing(qtbot, window, tmp_path):
    write(tmp_path / "data/a.txt", "a")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    preview(qtbot, window, "push")
    target = tmp_path / "no-such-folder" / "plan.csv"
    assert not window.export_to(str(target))
    qtbot.waitUntil(lambda: visible_error(window) is not None)
    assert "Could not export" in visible_error(window).windowTitle()
    assert not target.parent.exists()


def test_forced_push_confirmation_says_whether_the_bucket_keeps_versions(
    qtbot, window, s3_profile, tmp_path
):
    _, conf = s3_profile
    data = tmp_path / "data"
    write(data / "a.txt", "one")
    window.connection_bar.local_edit.setText(str(data))
    push_all(qtbot, window)
    write(data / "a.txt", "two")
    seen: list[str] = []

    def read_and_cancel(dialog: QWidget) -> None:
        seen.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        dialog.reject()

    for versioning, expected in (
        (None, "does not keep versions"),
        ("Enabled", "keeps versions: the replaced copies in the bucket stay recoverable"),
    ):
        if versioning:
            s3_client(conf.host, conf.port).put_bucket_versioning(
                Bucket=conf.bucket, VersioningConfiguration={"Status": versioning}
            )
        preview(qtbot, window, "push")
        when_shown("confirmDialog", read_and_cancel)
        window.run()
        qtbot.waitUntil(lambda: bool(seen))
        assert expected in seen[-1], seen[-1]
        seen.clear()
    assert os.path.exists(data / "a.txt")


def test_forced_pull_keeps_the_old_local_version_and_says_where(
    qtbot, window, s3_profile, tmp_path
):
    write(tmp_path / "data/notes.txt", "bucket version")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    push_all(qtbot, window)
    here = tmp_path / "here"
    write(here / "notes.txt", "my local edits")
    window.connection_bar.local_edit.setText(str(here))
    preview(qtbot, window, "pull")
    notes: list[str] = []

    def read_and_force(dialog: QWidget) -> None:
        notes.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        dialog.findChild(QWidget, "forceCheckBox").setChecked(True)
        dialog.findChild(QWidget, "confirmButton").click()

    when_shown("confirmDialog", read_and_force)
    window.run()
    wait_idle(qtbot, window)
    assert "trash" in notes[0]
    assert (here / "notes.txt").read_text() == "bucket version"
    item = window.preview_pane.model.item_at(0)
    kept = item.replaced_copy
    assert kept and Path(kept).read_text() == "my local edits"
    assert kept.startswith(os.environ["XDG_DATA_HOME"])  # the desktop's trash
    box = window.findChild(QWidget, "replacedCopiesDialog")
    assert box is not None and box.isVisible() and kept in box.text()
    tooltip = window.preview_pane.model.index(0, COL_PATH).data(Qt.ItemDataRole.ToolTipRole)
    assert kept in tooltip
    assert "kept for you" in window.statusBar().currentMessage()


def test_show_differences_opens_for_the_selected_or_first_differing_row(qtbot, window, tmp_path):
    data = tmp_path / "data"
    write(data / "a.txt", "one\n")
    write(data / "b.txt", "same\n")
    window.connection_bar.local_edit.setText(str(data))
    push_all(qtbot, window)
    assert not window.preview_pane.diff_button.isEnabled()  # only synced rows: nothing to compare
    write(data / "a.txt", "two\n")
    preview(qtbot, window, "push")
    assert window.preview_pane.diff_button.isEnabled()
    window.preview_pane.diff_button.click()
    dialog = window.findChild(QWidget, "diffDialog")
    assert dialog is not None and dialog.isVisible()
    selected = window.preview_pane.table.selectionModel().selectedRows(COL_STATE)
    assert [window.preview_pane.model.item_at(i.row()).name for i in selected] == ["a.txt"]
    dialog.close()
    # a double-click on the identical row compares that one
    identical = next(
        r
        for r in range(window.preview_pane.model.rowCount())
        if window.preview_pane.model.item_at(r).name == "b.txt"
    )
    window.show_differences(identical)
    assert [
        window.preview_pane.model.item_at(i.row()).name
        for i in window.preview_pane.table.selectionModel().selectedRows(COL_STATE)
    ] == ["b.txt"]


def test_deleting_a_file_row_leaves_the_folder_of_the_same_name(
    qtbot, window, s3_profile, tmp_path
):
    _, conf = s3_profile
    client = s3_client(conf.host, conf.port)
    client.put_object(Bucket=conf.bucket, Key="logs", Body=b"a file named logs")
    client.put_object(Bucket=conf.bucket, Key="logs/a.txt", Body=b"inside the folder")
    window._refresh_trees()
    assert delete_through_dialog(qtbot, window, ["logs"]) == ["logs"]
    assert remote_names(conf) == {"logs/a.txt"}


def test_listings_for_an_older_tree_are_dropped(qtbot, window, s3_profile, tmp_path):
    """A slow listing that answers after the tree was reset (another path, connection or a
    refresh) must not fill the new tree with names that mean something else there."""
    _, conf = s3_profile
    client = s3_client(conf.host, conf.port)
    client.put_object(Bucket=conf.bucket, Key="a/X/other.txt", Body=b"x")
    client.put_object(Bucket=conf.bucket, Key="a/a/X/deep.txt", Body=b"y")
    window.connection_bar.remote_edit.setText("a")
    window._refresh_trees()
    window._refresh_trees()  # Enter pressed twice: two listings of the same root in flight
    wait_idle(qtbot, window)
    model = window.trees.remote_model
    names = [model.index(r, COL_NAME).data(FullNameRole) for r in range(model.rowCount())]
    assert sorted(names) == ["a/X/", "a/a/"]


def test_show_differences_compares_with_the_bucket_of_the_preview(
    qtbot, window, s3_profile, tmp_path
):
    _, conf = s3_profile
    data = tmp_path / "data"
    write(data / "a.txt", "one\n")
    window.connection_bar.local_edit.setText(str(data))
    push_all(qtbot, window)
    write(data / "a.txt", "two\n")
    preview(qtbot, window, "push")
    window.connection_bar.connection_combo.setCurrentIndex(
        window.connection_bar.connection_combo.findText("Local folder")
    )
    assert not window.preview_is_current
    window.show_differences()
    dialog = window.findChild(QWidget, "diffDialog")
    assert dialog is not None
    assert dialog._storage.conf.bucket == conf.bucket


def test_a_failed_delete_refreshes_the_tree_and_outdates_the_preview(
    qtbot, window, s3_profile, tmp_path, monkeypatch
):
    from bucketferry.core import StorageError
    from bucketferry.core.remote_storage import RemoteStorage

    data = tmp_path / "data"
    write(data / "a.txt", "a")
    window.connection_bar.local_edit.setText(str(data))
    push_all(qtbot, window)
    preview(qtbot, window, "push")

    def broken(self, objects, **kw):
        raise StorageError("The server refused to delete 'a.txt'.")

    monkeypatch.setattr(RemoteStorage, "delete_objects", broken)
    delete_through_dialog(qtbot, window, ["a.txt"])
    qtbot.waitUntil(lambda: visible_error(window) is not None)
    assert "stay deleted" in visible_error(window).text()
    assert not window.preview_is_current


def test_closing_the_window_gives_the_engine_logger_its_level_back(qtbot):
    import logging

    engine = logging.getLogger("bucketferry")
    assert engine.level == logging.NOTSET
    win = MainWindow()
    assert engine.level == logging.INFO
    win.close()
    assert engine.level == logging.NOTSET
