"""The Qt binding itself: PySide6 6.12.0 drops a reference to True on every signal emit
and to None on every void method call under Python 3.11, until the interpreter aborts
(a long transfer in the window emits progress ten times a second). pyproject.toml keeps
that release out; this test catches a binding that brings the fault back."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
class Emitter(QObject):
    ping = Signal()
emitter, label = Emitter(), QLabel()
true_refs, none_refs = sys.getrefcount(True), sys.getrefcount(None)
for _ in range(20_000):
    emitter.ping.emit()
    label.setText("x")
print(sys.getrefcount(True) - true_refs, sys.getrefcount(None) - none_refs)
"""


def test_signals_and_void_calls_keep_reference_counts():
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lost_true, lost_none = (int(n) for n in done.stdout.split())
    assert abs(lost_true) < 1000 and abs(lost_none) < 1000, done.stdout
