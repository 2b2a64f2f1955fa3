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


def test_an_upload_that_resumes_says_how_much_was_already_there(qtbot):
    row = ProgressRow()
    qtbot.addWidget(row)
    row.start_transfer()
    row.show_progress(
        Progress(
            files_done=0,
            files_total=1,
            bytes_done=500_000_000,
            bytes_total=1_000_000_000,
            current_file="big.bin",
            elapsed=2.0,
            bytes_resumed=500_000_000,
            resumed={"big.bin": (500_000_000, 1_000_000_000)},
        )
    )
    assert "resuming: 500.0 MB of 1.0 GB already there" in row.progress_label.text()
    row.stop()
    assert "(500.0 MB already there)" in row.progress_label.text()
