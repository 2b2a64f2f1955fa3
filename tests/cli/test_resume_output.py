"""What the command line says about an upload that resumes where an interrupted one
stopped, called in-process with progress reports built by hand (tests/e2e/
test_resume_kill.py sees the same words from a real resumed push)."""

from __future__ import annotations

import io

import pytest

from bucketferry.cli.output import ProgressBar, ResumeNotes, StatusLine, print_result
from bucketferry.core import Progress, SyncObject, TransactionSummary

GB = 1_000_000_000


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def report(done: int, resumed: dict[str, tuple[int, int]], elapsed: float = 2.0) -> Progress:
    return Progress(
        files_done=0,
        files_total=1,
        bytes_done=done,
        bytes_total=GB,
        current_file="big.bin",
        elapsed=elapsed,
        bytes_resumed=sum(already for already, _ in resumed.values()),
        resumed=resumed,
    )


def test_a_resumed_upload_is_said_once_as_a_plain_line_off_a_terminal():
    err = io.StringIO()
    notes = ResumeNotes(err, None, None)
    notes(report(0, {}))
    notes(report(500_000_000, {"big.bin": (500_000_000, GB)}))
    notes(report(600_000_000, {"big.bin": (500_000_000, GB)}))
    assert err.getvalue() == "resuming big.bin: 500.0 MB of 1.0 GB already there\n"
    assert notes.bytes_resumed == 500_000_000


def test_on_a_terminal_the_words_stand_above_the_bar_whose_speed_leaves_them_out(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(ProgressBar, "DELAY", 0.0)
    monkeypatch.setenv("COLUMNS", "200")
    terminal = Terminal()
    line = StatusLine(terminal)
    notes = ResumeNotes(terminal, line, ProgressBar(line))
    notes(report(700_000_000, {"big.bin": (500_000_000, GB)}, elapsed=2.0))
    said, bar = terminal.getvalue().split("\n")
    assert said == "\r\x1b[Kresuming big.bin: 500.0 MB of 1.0 GB already there"
    # 200 MB sent in 2 s: 100 MB/s, 300 MB left: 3 s.
    assert "70%  700.0 MB of 1.0 GB  100.0 MB/s  0:03 left" in bar


def test_the_result_says_what_was_there_and_counts_the_speed_without_it(tmp_path):
    summary = TransactionSummary(sync_direction="push")
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * 1_000_000)
    item = SyncObject("push", remote_path="big.bin", local_path=str(big))
    assert item.get_bytes_transferred() == 1_000_000
    summary.synced_files.append(item)
    out, err = io.StringIO(), io.StringIO()
    print_result(summary, 2.0, out, err, resumed=600_000)
    assert out.getvalue().startswith(
        "Pushed 1 file (1.0 MB, 600.0 KB of it already there) in 0:02, 200.0 KB/s;"
    )
