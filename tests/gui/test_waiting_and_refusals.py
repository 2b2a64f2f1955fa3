"""The window's progress row while the server keeps a request waiting, and what the window
says after a run that left files alone for safety (offscreen, real widgets)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from bucketferry.core.stores.local_store import LocalFolderStore
from bucketferry.core.waiting import WORTH_SAYING, server_waits
from bucketferry.gui import MainWindow
from tests.gui.window_driver import confirm, preview, visible_error, wait_idle
from tests.helpers import s3_client, tree_bytes, write

HOSTILE_KEYS = ("a/../b", "/abs", "c/./d", "e//f", "g/../h")


def test_the_progress_row_says_while_the_server_keeps_a_request_waiting(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A listing held open on the real watch, as a store marks a request that has no
    answer yet; the event loop keeps running, the words count up and go away."""
    write(tmp_path / "data/a.txt", "a")
    answered, finished = threading.Event(), threading.Event()
    original = LocalFolderStore.list

    def silent_list(self: LocalFolderStore, prefix: str) -> Any:
        with server_waits.waiting("listing 'data/\x1b[2J'"):
            answered.wait(60)
        finished.wait(60)
        return original(self, prefix)

    monkeypatch.setattr(LocalFolderStore, "list", silent_list)
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    try:
        window.connection_bar.preview_push_button.click()
        label = window.progress_row.progress_label
        assert label.text() == "Previewing push…"
        qtbot.waitUntil(lambda: "waiting for the server" in label.text(), timeout=15_000)
        first = label.text()
        assert first.startswith("Previewing push… · waiting for the server: ")
        assert first.endswith(" s, listing 'data/\\x1b[2J'…")  # escaped, never raw
        seconds = int(first.split(": ")[1].split(" s")[0])
        assert seconds >= WORTH_SAYING
        qtbot.waitUntil(lambda: f": {seconds + 1} s," in label.text(), timeout=5_000)
        answered.set()  # answers flow again: the words go, the job is still running
        qtbot.waitUntil(lambda: label.text() == "Previewing push…", timeout=5_000)
        assert window.working
    finally:
        answered.set()
        finished.set()
    qtbot.waitUntil(lambda: window.preview_is_current, timeout=15_000)
    wait_idle(qtbot, window)
    assert "waiting" not in label.text()
    assert not window.progress_row._wait_timer.isActive()  # it polls only while a job runs
    assert [
        window.preview_pane.model.item_at(row).name
        for row in range(window.preview_pane.model.rowCount())
    ] == ["a.txt"]


def test_after_a_pull_the_window_says_what_was_left_alone_and_why(
    qtbot, window: MainWindow, s3_profile: tuple[str, Any], tmp_path: Path
):
    _, conf = s3_profile
    s3 = s3_client(conf.host, conf.port)
    for key in ("ok/x.txt", "ok/y.txt", *HOSTILE_KEYS):
        s3.put_object(Bucket=conf.bucket, Key=key, Body=f"content of {key}".encode())
    out = tmp_path / "work/out"
    out.mkdir(parents=True)
    window.connection_bar.local_edit.setText(str(out))
    preview(qtbot, window, "pull")
    confirm(force=False)
    window.run()
    wait_idle(qtbot, window)

    assert window.statusBar().currentMessage() == "2 transferred, 0 failed, 5 refused"
    qtbot.waitUntil(lambda: visible_error(window) is not None, timeout=5_000)
    box = visible_error(window)
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "Some files were left alone"
    text = box.text()
    assert text.startswith("5 files were left alone, since they cannot be transferred safely:")
    reasons = {item.name: item.reason for item in window.session.summary.refused_files}
    assert set(reasons) == set(HOSTILE_KEYS)
    for reason in set(reasons.values()):
        count = list(reasons.values()).count(reason)
        assert f"• {reason} ({count} file{'s' if count > 1 else ''}): " in text
    for name in HOSTILE_KEYS:
        assert name in text
    assert "refused: refused" not in text.lower()
    # Only the ordinary objects arrived, nothing above the folder; the bucket is unchanged.
    assert tree_bytes(tmp_path) == {
        "work/out/ok/x.txt": b"content of ok/x.txt",
        "work/out/ok/y.txt": b"content of ok/y.txt",
    }
    listed = s3.list_objects_v2(Bucket=conf.bucket)["Contents"]
    assert sorted(o["Key"] for o in listed) == sorted(["ok/x.txt", "ok/y.txt", *HOSTILE_KEYS])
