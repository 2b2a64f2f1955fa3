"""What the command line prints after a run and while it runs, called in-process with
summaries and progress reports built by hand: the wording and layout, without a
subprocess. The plan's printout is in test_plan_output.py; tests/e2e runs the same output
as a user sees it."""

from __future__ import annotations

import io

import pytest

from bucketferry.cli.output import SHOWN_IN_LISTS, ProgressBar, StatusLine, print_result
from bucketferry.core import Progress, SyncObject, TransactionSummary


class Terminal(io.StringIO):
    """Output that says it is a terminal, so colour and the status line are used."""

    def isatty(self) -> bool:
        return True


def test_failures_are_grouped_by_reason_and_a_stopped_run_says_why_once():
    """The result of a run whose server went away: 1,152 files failed with the same
    reason once printed 1,152 identical lines. Built by hand: it is the printing that is
    tested here, the engine's stopping is tested with a real server in
    tests/e2e/test_cli_hostile.py."""
    summary = TransactionSummary(sync_direction="push")
    gone = "Could not connect to http://127.0.0.1:9. Check that the server is running."
    for number in range(1152):
        failed = SyncObject(
            "push", remote_path=f"f{number:04d}.bin", local_path=f"/nowhere/{number}"
        )
        failed.reason = gone
        summary.failed_files.append(failed)
    for name in ("x.txt", "y.txt", "z.txt", "w.txt"):
        other = SyncObject("push", remote_path=name, local_path=f"/nowhere/{name}")
        other.reason = "it changed after the preview; it was not overwritten"
        summary.failed_files.append(other)
    for number in range(SHOWN_IN_LISTS + 20):
        refused = SyncObject(
            "push", remote_path=f"link{number}", local_path=f"/nowhere/link{number}"
        )
        summary.refuse(refused, "it is a symbolic link to a place outside the folder")
    summary.stopped_reason = gone
    out, err = io.StringIO(), io.StringIO()

    print_result(summary, 2.0, out, err)
    assert out.getvalue() == (
        "Pushed 0 files (0 B) in 0:02; 0 already identical; 120 refused; 1156 failed.\n"
    )
    lines = err.getvalue().splitlines()
    assert lines.count(f"Stopped: {gone}") == 1
    assert "1152 files were not transferred because of this." in lines
    assert sum(gone in line for line in lines) == 1
    assert "failed: 4 files: it changed after the preview; it was not overwritten" in lines
    assert "  ... and 1 more" in lines
    assert "  ... and 20 more (--json lists all)" in lines
    assert len(lines) < SHOWN_IN_LISTS + 15


def test_a_result_counts_the_files_only_on_the_target_it_left_alone():
    summary = TransactionSummary(sync_direction="push")
    theirs = SyncObject("push", local_path="/nowhere/t.txt", remote_path="d/t.txt")
    summary.only_on_target.append(theirs)
    out, err = io.StringIO(), io.StringIO()

    print_result(summary, 1.0, out, err)
    assert out.getvalue() == (
        "Pushed 0 files (0 B) in 0:01; 0 already identical; 1 only on the target, left alone.\n"
    )
    assert err.getvalue() == ""


def bar_line(report: Progress, monkeypatch: pytest.MonkeyPatch, counting: str | None) -> str:
    """What the progress bar draws for one report, without its half-second delay, on a
    terminal wide enough for all of it."""
    monkeypatch.setattr(ProgressBar, "DELAY", 0.0)
    monkeypatch.setenv("COLUMNS", "200")
    terminal = Terminal()
    ProgressBar(StatusLine(terminal), counting=counting)(report)
    return terminal.getvalue().removeprefix("\r").removesuffix("\x1b[K")


def test_the_bar_shows_the_reports_fraction_speed_and_time_left(
    monkeypatch: pytest.MonkeyPatch,
):
    report = Progress(
        files_done=1,
        files_total=4,
        bytes_done=2_000_000,
        bytes_total=8_000_000,
        current_file="a.bin",
        elapsed=2.0,
    )
    assert bar_line(report, monkeypatch, counting=None) == (
        "[#####               ]  25%  2.0 MB of 8.0 MB  1.0 MB/s  0:06 left  1/4 files  a.bin"
    )


def test_the_bar_counts_objects_where_no_bytes_move_and_guesses_no_time_before_any(
    monkeypatch: pytest.MonkeyPatch,
):
    deleting = Progress(
        files_done=3, files_total=12, bytes_done=0, bytes_total=0, current_file="x", elapsed=1.5
    )
    assert bar_line(deleting, monkeypatch, counting="object") == (
        "[#####               ]  25%  3 of 12 objects  2/s  0:04 left  x"
    )
    starting = Progress(
        files_done=0, files_total=12, bytes_done=0, bytes_total=0, current_file="", elapsed=1.0
    )
    assert "  ? left" in bar_line(starting, monkeypatch, counting="object")
