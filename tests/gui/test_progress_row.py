"""The progress row says what a run is doing, and guesses the time left only once it can."""

from __future__ import annotations

from bucketferry.core import Progress
from bucketferry.gui.widgets.progress_row import ProgressRow


def report(done: int, elapsed: float) -> Progress:
    return Progress(
        files_done=0,
        files_total=2,
        bytes_done=done,
        bytes_total=2_000_000,
        current_file="a.bin",
        elapsed=elapsed,
    )


def test_time_left_is_not_guessed_before_anything_moved(qtbot):
    row = ProgressRow()
    qtbot.addWidget(row)
    row.show_progress(report(0, 0.5))
    assert "time left not known yet" in row.progress_label.text()
    row.show_progress(report(1_000_000, 1.0))
    text = row.progress_label.text()
    assert text.startswith("50% · ") and "0:01 left" in text and "a.bin" in text
