"""The command line is a client like the window, but it must run where Qt cannot load: it
imports the window only when asked to open it."""

from __future__ import annotations

import subprocess
import sys

WITHOUT_QT = (
    "import sys; sys.modules['PySide6'] = None; "  # any import of Qt now fails
    "from bucketferry.cli.main import main; sys.exit(main(sys.argv[1:]))"
)


def without_qt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_QT, *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_commands_run_where_qt_cannot_load():
    listed = without_qt("ls")
    assert listed.returncode == 0, listed.stderr
    assert "PySide6" not in listed.stderr


def test_opening_the_window_where_qt_cannot_load_says_so_in_plain_words():
    opened = without_qt("gui")
    assert opened.returncode == 1
    assert "The window cannot start here" in opened.stderr
    assert "Use the commands instead." in opened.stderr
    assert "Traceback" not in opened.stderr
