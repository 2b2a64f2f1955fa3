"""The preview model on its own: totals kept incrementally, filters, sorting, results."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from bucketferry.core import RemoteStorage
from bucketferry.gui.models.preview_model import COL_PATH, COL_STATE, PreviewModel, StateRole
from tests.helpers import write


def plan(local_conf, tmp_path: Path):
    """same.txt identical, changed.txt changed here (a safe update), theirs.txt in the
    bucket from another folder and never synced with src (differs), new.txt new."""
    storage = RemoteStorage(local_conf())
    write(tmp_path / "src/same.txt", "same")
    write(tmp_path / "src/changed.txt", "v1")
    storage.push(".", local_path_prefix=str(tmp_path / "src"))
    write(tmp_path / "other/theirs.txt", "theirs")
    storage.push(".", local_path_prefix=str(tmp_path / "other"))
    write(tmp_path / "src/changed.txt", "version 2")
    write(tmp_path / "src/theirs.txt", "mine")
    write(tmp_path / "src/new.txt", "12345")
    write(tmp_path / "src/skip.tmp", "x")
    return storage, storage.plan_push(".", str(tmp_path / "src"), exclude_regex=r".*\.tmp")


def test_totals_follow_the_checkboxes(qtbot, local_conf, tmp_path):
    _, summary = plan(local_conf, tmp_path)
    model = PreviewModel()
    changes: list[tuple[int, int, int]] = []
    model.totals_changed.connect(lambda: changes.append(model.totals()))
    model.set_summary(summary)
    assert model.totals() == (3, len("version 2") + 4 + 5, 1)  # differs: the one overwrite
    names = [model.item_at(r).name for r in range(model.rowCount())]
    model.set_checked(names.index("theirs.txt"), False)
    assert model.totals() == (2, 14, 0)
    model.set_checked(names.index("changed.txt"), False)
    assert model.totals() == (1, 5, 0)
    model.set_checked(names.index("same.txt"), False)  # identical rows change nothing
    assert model.totals() == (1, 5, 0)
    model.set_checked(names.index("theirs.txt"), True)
    assert model.totals() == (2, 9, 1)
    assert changes[-1] == (2, 9, 1)
    assert [s.name for s in model.selected_for_run()] == ["theirs.txt", "new.txt"]
    assert [s.name for s in model.checked_overwrites()] == ["theirs.txt"]


def test_filter_sort_and_results(qtbot, local_conf, tmp_path):
    storage, summary = plan(local_conf, tmp_path)
    model = PreviewModel()
    model.set_summary(summary)
    model.sort(COL_STATE, Qt.SortOrder.AscendingOrder)
    states = [model.index(r, COL_STATE).data(StateRole) for r in range(model.rowCount())]
    assert states == ["differs", "changed_local", "new", "identical", "skipped"]
    model.set_filter({"new", "differs"}, "")
    assert model.rowCount() == 2
    model.set_filter(None, "SAME")
    assert [model.index(r, COL_PATH).data() for r in range(model.rowCount())] == ["same.txt"]
    model.set_filter(None, "")
    storage.execute(summary, force=True, selection=model.selected_for_run())
    model.refresh_results()
    assert model.counts()["synced"] == 3
    assert model.totals() == (0, 0, 0)


def test_next_row_in_state_walks_the_rows_as_shown(qtbot, local_conf, tmp_path):
    _, summary = plan(local_conf, tmp_path)
    model = PreviewModel()
    model.set_summary(summary)
    model.sort(COL_STATE, Qt.SortOrder.AscendingOrder)  # differs, changed_local, new, ...
    model.set_filter({"differs", "new", "identical", "skipped"}, "")
    assert model.next_row_in_state(0, 1, "differs") == 0
    assert model.next_row_in_state(1, 1, "differs") is None
    assert model.next_row_in_state(3, -1, "differs") == 0
    assert model.next_row_in_state(1, 1, ("identical", "skipped")) == 2
    assert model.next_row_in_state(3, -1, ("new", "identical")) == 2
    assert model.next_row_in_state(0, 1, ("synced",)) is None
    assert model.next_row_in_state(-1, 1, "differs") is None  # outside the table
    assert model.next_row_in_state(4, -1, "skipped") is None
    model.sort(COL_STATE, Qt.SortOrder.DescendingOrder)  # skipped, identical, new, differs
    assert model.next_row_in_state(0, 1, "differs") == 3
    assert model.next_row_in_state(2, -1, "skipped") == 0
    model.set_filter({"new", "identical"}, "")  # identical, new
    assert model.next_row_in_state(0, 1, "new") == 1
    assert model.next_row_in_state(0, 1, "differs") is None
    states = [model.index(r, COL_STATE).data(StateRole) for r in range(model.rowCount())]
    assert [model.next_row_in_state(r, 1, s) for r, s in enumerate(states)] == [0, 1]


def test_sorting_by_state_after_a_run_follows_the_new_states(qtbot, local_conf, tmp_path):
    """The rows keep their place when a run ends; the next sort by State uses what the
    run made of them, not the order they were planned in."""
    storage, summary = plan(local_conf, tmp_path)
    model = PreviewModel()
    model.set_summary(summary)
    model.sort(COL_STATE, Qt.SortOrder.AscendingOrder)
    theirs = next(r for r in range(model.rowCount()) if model.item_at(r).name == "theirs.txt")
    storage.execute(summary, force=True, selection=[model.item_at(theirs)])
    model.refresh_results()
    shown = [model.index(r, COL_STATE).data(StateRole) for r in range(model.rowCount())]
    assert shown == ["synced", "changed_local", "new", "identical", "skipped"]  # in place
    model.sort(COL_STATE, Qt.SortOrder.AscendingOrder)
    shown = [model.index(r, COL_STATE).data(StateRole) for r in range(model.rowCount())]
    assert shown == ["changed_local", "new", "synced", "identical", "skipped"]
    model.sort(COL_STATE, Qt.SortOrder.DescendingOrder)
    shown = [model.index(r, COL_STATE).data(StateRole) for r in range(model.rowCount())]
    assert shown == ["skipped", "identical", "synced", "new", "changed_local"]
