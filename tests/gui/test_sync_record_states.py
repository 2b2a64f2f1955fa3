"""Which side changed, in the window: the sync record's states in the table, the chips and
the trees, the ticks they start with, the confirmation's reasons, safe updates without the
overwrite tick, and the differences view's header. A real local-folder bucket changed on
both sides; real plans; offscreen widgets."""

from __future__ import annotations

import itertools
import math
import os
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QListWidget, QWidget

from bucketferry.core import RemoteStorage, SyncObject
from bucketferry.core.states import PLAN_STATES, PlanState
from bucketferry.gui import MainWindow
from bucketferry.gui.models.preview_model import (
    COL_LOCAL_MTIME,
    COL_REMOTE_MTIME,
    COL_STATE,
    LATER,
    PreviewModel,
)
from bucketferry.gui.sync_states import LOOKS, tree_icon
from bucketferry.gui.tree_states import TreeStates
from tests.gui.window_driver import confirm, preview, states, wait_idle, when_shown
from tests.helpers import write

HOUR = 3600

PUSH = {
    "a.txt": "changed_local",
    "b.txt": "changed_remote",
    "c.txt": "conflict",
    "d.txt": "only_target",
    "e.txt": "deleted_source",
    "x.txt": "differs",
    "new.txt": "new",
    "same.txt": "identical",
}
PULL = {
    "a.txt": "changed_local",
    "b.txt": "changed_remote",
    "c.txt": "conflict",
    "d.txt": "new",
    "e.txt": "new",
    "x.txt": "differs",
    "new.txt": "only_target",
    "same.txt": "identical",
}
NO_BOX = None
TICKS = {
    # push: the local change is a safe update; the bucket's own change is a choice
    "push": {
        "a.txt": True,
        "b.txt": False,
        "c.txt": False,
        "x.txt": True,  # the confirmation asks about it
        "new.txt": True,
        "d.txt": NO_BOX,
        "e.txt": NO_BOX,
    },
    "pull": {
        "a.txt": False,
        "b.txt": True,
        "c.txt": False,
        "x.txt": True,
        "d.txt": True,
        "e.txt": True,
        "new.txt": NO_BOX,
    },
}
RECORD_STATES = (
    PlanState.CHANGED_LOCAL,
    PlanState.CHANGED_REMOTE,
    PlanState.CONFLICT,
    PlanState.ONLY_TARGET,
    PlanState.DELETED_SOURCE,
)


def both_sides_changed(storage: RemoteStorage, tmp_path: Path) -> Path:
    """A folder synced with the bucket, then changed on both sides: a.txt here, b.txt in
    the bucket (pushed from another folder), c.txt on both, d.txt added only to the
    bucket, e.txt deleted here; x.txt is on both sides and was never synced from here
    (the bucket's copy uploaded later); new.txt only here. Returns the folder."""
    here, there = tmp_path / "here", tmp_path / "there"
    for name in ("a", "b", "c", "e"):
        write(here / f"{name}.txt", f"{name} as synced")
    write(here / "same.txt", "same")
    storage.push(".", local_path_prefix=str(here))
    write(here / "a.txt", "a edited here")
    write(here / "c.txt", "c edited here")
    os.remove(here / "e.txt")
    write(here / "new.txt", "only here")
    write(here / "x.txt", "x here, never synced")
    an_hour_ago = time.time() - HOUR
    os.utime(here / "x.txt", (an_hour_ago, an_hour_ago))
    write(there / "b.txt", "b edited in the bucket")
    write(there / "c.txt", "c edited in the bucket")
    write(there / "d.txt", "d only in the bucket")
    write(there / "x.txt", "x from elsewhere")
    storage.push(".", local_path_prefix=str(there), force=True)
    return here


def plan(storage: RemoteStorage, here: Path, direction: str) -> PreviewModel:
    model = PreviewModel()
    if direction == "push":
        model.set_summary(storage.plan_push(".", str(here)))
    else:
        model.set_summary(storage.plan_pull("", str(here)))
    return model


def row_of(model: PreviewModel, name: str) -> int:
    return [model.item_at(r).name for r in range(model.rowCount())].index(name)


@pytest.mark.parametrize("direction", ["push", "pull"])
def test_ticks_start_by_which_side_changed(qtbot, local_conf, tmp_path, direction):
    storage = RemoteStorage(local_conf())
    model = plan(storage, both_sides_changed(storage, tmp_path), direction)
    shown = {}
    for row in range(model.rowCount()):
        index = model.index(row, COL_STATE)
        shown[model.item_at(row).name] = index.data(Qt.ItemDataRole.UserRole)
        box = index.data(Qt.ItemDataRole.CheckStateRole)
        checkable = bool(model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable)
        expected = TICKS[direction].get(model.item_at(row).name, NO_BOX)
        assert checkable == (expected is not NO_BOX), model.item_at(row).name
        if expected is not NO_BOX:
            assert (box == Qt.CheckState.Checked) == expected, model.item_at(row).name
    assert shown == (PUSH if direction == "push" else PULL)
    safe = "a.txt" if direction == "push" else "b.txt"
    assert [i.name for i in model.checked_updates()] == [safe]
    assert [i.name for i in model.checked_overwrites()] == ["x.txt"]  # differs: ticked
    tip = model.index(row_of(model, safe), COL_STATE).data(Qt.ItemDataRole.ToolTipRole)
    assert "since the last sync on 20" in tip and "safe update" in tip


def test_differs_rows_mark_the_later_copy(qtbot, local_conf, tmp_path):
    storage = RemoteStorage(local_conf())
    model = plan(storage, both_sides_changed(storage, tmp_path), "push")
    row = row_of(model, "x.txt")
    remote = model.index(row, COL_REMOTE_MTIME)
    assert remote.data().endswith(LATER) and remote.data(Qt.ItemDataRole.FontRole).bold()
    assert "uploaded" in remote.data(Qt.ItemDataRole.ToolTipRole)
    assert LATER not in model.index(row, COL_LOCAL_MTIME).data()
    tip = model.index(row, COL_STATE).data(Qt.ItemDataRole.ToolTipRole)
    assert "Never synced here" in tip
    assert "bucket's copy was uploaded after" in tip and "not when the file was last" in tip
    # rows with a record say which side changed instead
    assert LATER not in model.index(row_of(model, "b.txt"), COL_REMOTE_MTIME).data()


def test_every_state_has_its_own_colour_shape_and_chip(window: MainWindow):
    assert set(LOOKS) == set(PlanState)
    shapes = [LOOKS[s].shape for s in PLAN_STATES]
    assert len(set(shapes)) == len(shapes), "two plan states share an icon shape"

    def distance(a: QColor, b: QColor) -> float:  # "redmean": close to what eyes see
        r = (a.red() + b.red()) / 2
        dr, dg, db = a.red() - b.red(), a.green() - b.green(), a.blue() - b.blue()
        return math.sqrt((2 + r / 256) * dr * dr + 4 * dg * dg + (2 + (255 - r) / 256) * db**2)

    for dark in (False, True):
        for x, y in itertools.combinations(PlanState, 2):
            if x in RECORD_STATES or y in RECORD_STATES:
                gap = distance(LOOKS[x].colour(dark), LOOKS[y].colour(dark))
                assert gap > 80, f"{x} and {y} look alike ({'dark' if dark else 'light'})"
    chips = window.preview_pane.chips
    for state in PlanState:
        chip = window.findChild(QWidget, f"{state.value}Chip")
        assert chip is chips[state] and not chip.icon().isNull()


@pytest.mark.parametrize(
    ("direction", "folder"), [("push", "changed_remote"), ("pull", "changed_local")]
)
def test_a_folder_shows_the_change_that_would_be_lost(tmp_path, direction, folder):
    """A folder holding a change of each side takes the target's: that one needs a look."""
    rows = [
        (SyncObject(direction, str(tmp_path / f"f/{n}"), remote_path=f"f/{n}"), state)
        for n, state in (("a", PlanState.CHANGED_LOCAL), ("b", PlanState.CHANGED_REMOTE))
    ]
    for ordered in (rows, rows[::-1]):
        built = TreeStates.build(ordered, str(tmp_path), "", direction)
        assert built.remote["f/"] == built.local[str(tmp_path / "f")] == folder


def use_window_bucket(window: MainWindow, tmp_path: Path) -> tuple[RemoteStorage, Path]:
    storage = RemoteStorage(window.profiles.config_for("Local folder"))
    here = both_sides_changed(storage, tmp_path)
    window.connection_bar.local_edit.setText(str(here))
    return storage, here


def test_the_window_shows_which_side_changed_for_a_push_and_a_pull(qtbot, window, tmp_path):
    _, here = use_window_bucket(window, tmp_path)
    assert preview(qtbot, window, "push") == PUSH
    chips = window.preview_pane.chips
    for state in PlanState:  # as before: every state but the results of a run
        assert chips[state].isVisible() == (state not in (PlanState.SYNCED, PlanState.FAILED))
    for state, count in ((PlanState.CHANGED_LOCAL, 1), (PlanState.ONLY_TARGET, 1)):
        assert chips[state].text() == f"{state.label} {count}"
    window.resize(1000, 760)  # the chips wrap instead of widening the window
    qtbot.waitUntil(lambda: window.width() == 1000)
    for chip in chips.values():
        assert not chip.isVisible() or chip.geometry().right() < chip.parentWidget().width()
    chips[PlanState.CONFLICT].setChecked(True)
    assert states(window) == {"c.txt": "conflict"}
    chips[PlanState.CONFLICT].setChecked(False)
    local = window.trees.local_fs
    assert local.state_of(local.index(str(here / "a.txt"))) == "changed_local"
    assert window.session.tree_states is not None
    assert window.session.tree_states.remote["b.txt"] == "changed_remote"
    assert window.session.tree_states.remote["d.txt"] == "only_target"
    assert window.session.tree_states.remote["e.txt"] == "deleted_source"
    tip = local.data(local.index(str(here / "c.txt")), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Conflict: changed on both sides")
    icon = local.data(local.index(str(here / "c.txt")), Qt.ItemDataRole.DecorationRole)
    assert icon.cacheKey() == tree_icon(PlanState.CONFLICT, folder=False).cacheKey()
    assert preview(qtbot, window, "pull") == PULL


def read_confirmation(found: dict[str, list[str]]):
    def handle(dialog: QWidget) -> None:
        for name in ("updateList", "overwriteList"):
            listing = dialog.findChild(QListWidget, name)
            found[name] = (
                [listing.item(i).text() for i in range(listing.count())] if listing else []
            )
        found["text"] = [" ".join(label.text() for label in dialog.findChildren(QLabel))]
        found["force"] = [dialog.findChild(QWidget, "forceCheckBox").text()]
        dialog.reject()

    return handle


@pytest.mark.parametrize("direction", ["push", "pull"])
def test_the_confirmation_names_each_unsafe_replacement_with_its_reason(
    qtbot, window, tmp_path, direction
):
    use_window_bucket(window, tmp_path)
    preview(qtbot, window, direction)
    model = window.preview_pane.model
    for name in ("a.txt", "b.txt", "c.txt"):  # tick the changed copies too
        model.set_checked(row_of(model, name), True)
    found: dict[str, list[str]] = {}
    when_shown("confirmDialog", read_confirmation(found))
    window.run()
    qtbot.waitUntil(lambda: bool(found))
    if direction == "push":
        assert found["updateList"] == ["a.txt"]
        changed = "b.txt \u2014 the bucket's copy is newer: edited there on 20"
    else:
        assert found["updateList"] == ["b.txt"]
        changed = "a.txt \u2014 the copy on this computer is newer: edited on 20"
    reasons = sorted(found["overwriteList"])
    assert len(reasons) == 3
    assert reasons[0].startswith(changed)
    assert reasons[1].startswith("c.txt \u2014 changed on both sides since the last sync on 20")
    assert reasons[2] == "x.txt \u2014 never synced here; the bucket's copy was uploaded later"
    assert "still the copy last synced" in found["text"][0]
    assert found["force"] == ["Overwrite the 3 files listed above"]


def test_safe_updates_run_without_the_overwrite_tick(qtbot, window, tmp_path):
    storage, here = use_window_bucket(window, tmp_path)
    preview(qtbot, window, "push")
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    after = states(window)
    assert after["a.txt"] == after["new.txt"] == "synced"
    assert after["b.txt"] == "changed_remote" and after["c.txt"] == "conflict"
    assert after["x.txt"] == "differs"  # the tick was not given: left alone
    assert storage.read_object("a.txt", 100)[1] == b"a edited here"
    assert storage.read_object("b.txt", 100)[1] == b"b edited in the bucket"
    # Pull: now the bucket's change is the safe update, and the local one stays.
    preview(qtbot, window, "pull")
    assert states(window)["b.txt"] == "changed_remote"
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)
    assert (here / "b.txt").read_text() == "b edited in the bucket"
    assert (here / "c.txt").read_text() == "c edited here"
    assert states(window)["b.txt"] == "synced"


def test_the_differences_view_says_which_side_changed_and_when(qtbot, window, tmp_path):
    use_window_bucket(window, tmp_path)
    preview(qtbot, window, "push")
    window.show_differences(row_of(window.preview_pane.model, "b.txt"))
    dialog = window.findChild(QWidget, "diffDialog")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    header = dialog.header_label.text()
    assert "Changed in bucket" in header
    assert "Changed in the bucket (uploaded on 20" in header and "last sync on 20" in header
    bucket = dialog.findChild(QWidget, "remoteCaption").text()
    assert "changed since the last sync" in bucket and "this change is lost" in bucket
    assert "as last synced" in dialog.findChild(QWidget, "localCaption").text()
    assert "only if you allow overwriting" in dialog.direction_label.text()
    dialog.close()
