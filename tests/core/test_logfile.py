"""The shared log file: where it is, and that two processes can write and rotate it at once
without losing a record or printing logging errors."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bucketferry.core import logfile
from bucketferry.core.logfile import SharedRotatingFileHandler, log_file_path, setup_logging

LINE = re.compile(r"^writer-(\d)-record-(\d{5}) x+$")


@pytest.fixture
def bucketferry_logger() -> Iterator[logging.Logger]:
    """The package logger, with whatever handlers a test adds removed and closed after."""
    logger = logging.getLogger(logfile.LOGGER_NAME)
    before, level = list(logger.handlers), logger.level
    try:
        yield logger
    finally:
        for handler in logger.handlers[:]:
            if handler not in before:
                logger.removeHandler(handler)
                handler.close()
        logfile._installed.clear()
        logger.setLevel(level)


def test_the_log_file_is_in_the_users_log_folder(bucketferry_logger: logging.Logger):
    expected = Path(os.environ["XDG_STATE_HOME"]) / "bucketferry" / "log" / "bucketferry.log"
    assert log_file_path() == expected
    verbose = io.StringIO()
    assert setup_logging(verbose) == expected
    logging.getLogger("bucketferry.core.somewhere").info("hello %s", "there")
    assert "INFO bucketferry.core.somewhere: hello there" in verbose.getvalue()
    text = expected.read_text(encoding="utf-8")
    assert re.search(rf" {os.getpid()} INFO bucketferry.core.somewhere: hello there\n$", text)


def test_setting_up_again_replaces_the_handlers(bucketferry_logger: logging.Logger):
    first, second = io.StringIO(), io.StringIO()
    setup_logging(first)
    path = setup_logging(second)
    assert path is not None
    logging.getLogger("bucketferry.test").info("once")
    assert first.getvalue() == "" and second.getvalue().count("once") == 1
    assert path.read_text(encoding="utf-8").count("once") == 1
    setup_logging(None)
    logging.getLogger("bucketferry.test").info("quiet")
    assert "quiet" not in second.getvalue()


def test_an_unwritable_log_folder_is_reported_not_raised(
    bucketferry_logger: logging.Logger, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    in_the_way = tmp_path / "state"
    in_the_way.write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(in_the_way))
    verbose = io.StringIO()
    assert setup_logging(verbose) is None
    assert "Cannot write the log file" in verbose.getvalue()
    logging.getLogger("bucketferry.test").info("still works")
    assert "still works" in verbose.getvalue()


WRITER = textwrap.dedent(
    """
    import logging, os, sys, time
    from bucketferry.core.logfile import SharedRotatingFileHandler

    path, number, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    while not os.path.exists(path + ".go"):  # start together, so the writers overlap
        time.sleep(0.01)
    handler = SharedRotatingFileHandler(path, max_bytes=8_000, backup_count=500)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("writer")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    for index in range(count):
        logger.info("writer-%s-record-%05d %s", number, index, "x" * (index % 90 + 1))
    """
)


def test_two_processes_rotating_one_file_lose_no_record(tmp_path: Path):
    """Each process rotates the file many times while the other writes; every record must
    be found exactly once, whole, in the log or one of its rotated files."""
    path = tmp_path / "shared.log"
    count = 2000
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(number), str(count)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in (1, 2)
    ]
    (tmp_path / "shared.log.go").touch()
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    assert errors == ["", ""]  # no "--- Logging error ---"

    files = sorted(tmp_path.glob("shared.log*"))
    assert len(files) > 20  # it did rotate, many times
    logs = [f for f in files if f.suffix not in (".lock", ".go")]
    lines = [line for f in logs for line in f.read_text().splitlines()]
    assert all(LINE.match(line) for line in lines)
    seen = Counter((m[1], int(m[2])) for m in map(LINE.match, lines) if m)
    expected = {(number, index) for number in ("1", "2") for index in range(count)}
    assert set(seen) == expected
    assert max(seen.values()) == 1


def test_when_rotation_is_impossible_it_keeps_appending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """On Windows a file another process holds open cannot be renamed: the log grows
    past its limit instead of losing records or printing errors."""
    path = tmp_path / "held.log"
    handler = SharedRotatingFileHandler(path, max_bytes=500, backup_count=3)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.Logger("held")
    logger.addHandler(handler)

    def held_open(source: str, target: str) -> None:
        raise PermissionError(13, "The process cannot access the file", source)

    monkeypatch.setattr(handler, "rotate", held_open)
    try:
        for index in range(100):
            logger.info("record %03d", index)
    finally:
        handler.close()
    assert path.read_text().splitlines() == [f"record {index:03d}" for index in range(100)]
    assert not (tmp_path / "held.log.1").exists()
    assert "Logging error" not in capsys.readouterr().err


def test_a_log_file_moved_away_by_another_process_is_reopened(tmp_path: Path):
    path = tmp_path / "moved.log"
    handler = SharedRotatingFileHandler(path)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.Logger("moved")
    logger.addHandler(handler)
    try:
        logger.info("before")
        path.rename(tmp_path / "moved.log.1")  # what the other process's rotation does
        logger.info("after")
    finally:
        handler.close()
    assert (tmp_path / "moved.log.1").read_text() == "before\n"
    assert path.read_text() == "after\n"
