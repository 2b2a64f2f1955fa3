"""The preview table's rows are made in the preview's worker, not in the window's thread."""

from __future__ import annotations

import threading

from bucketferry.gui import MainWindow
from bucketferry.gui import jobs as jobs_module
from bucketferry.gui.models.preview_rows import prepare_rows
from tests.gui.window_driver import preview
from tests.helpers import write


def test_the_window_shows_rows_made_in_the_worker(qtbot, monkeypatch, window: MainWindow, tmp_path):
    made_in: list[threading.Thread] = []

    def recording(summary):
        made_in.append(threading.current_thread())
        return prepare_rows(summary)

    monkeypatch.setattr(jobs_module, "prepare_rows", recording)
    for number in range(30):
        write(tmp_path / f"src/f{number:02d}.txt", f"file {number}")
    win = window
    win.connection_bar.local_edit.setText(str(tmp_path / "src"))
    preview(qtbot, win, "push")
    assert made_in and made_in[-1] is not threading.main_thread()
    rows = win.session.rows
    assert rows is not None and rows.summary is win.session.summary
    model = win.preview_pane.model
    assert model._rows is rows.rows  # swapped in, not made again
    assert model.rowCount() == 30
    assert model.totals() == (30, sum(len(f"file {n}") for n in range(30)), 0)
