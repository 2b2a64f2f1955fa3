"""Start the application: logging to the rotating file the command line shares, the
QApplication, its translations (the system's language, see gui/translation.py), the
window."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from bucketferry.core.logfile import setup_logging

from .icons import app_icon
from .main_window import MainWindow
from .translation import install_translations
from .window_actions import APP_NAME

# The freedesktop id: resources/<APP_ID>.desktop and .metainfo.xml carry the same name.
APP_ID = "io.github.bucketferry.BucketFerry"


def tune_interpreter() -> None:
    """Keeps the window's thread from waiting long for the GIL (measured with
    tests/benchmarks/bench_gui.py):

    - fewer full collections: a 100,000-row plan makes millions of objects, and each full
      collection (run from whichever thread allocates) holds the GIL for 0.3 s or more;
    - a switch interval of 1 ms instead of 5: while a preview compares files, nine threads
      want the GIL, and each time the window's thread loses the race for it, it waits one
      more interval (stalls of 45-75 ms, now a fifth of that).
    """
    gc.set_threshold(700, 10, 1000)
    sys.setswitchinterval(0.001)


def main(argv: Sequence[str] | None = None) -> int:
    setup_logging()
    tune_interpreter()
    app = QApplication(list(argv) if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("bucketferry")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    install_translations()  # before any widget: texts are translated as they are made
    window = MainWindow()
    window.show()
    # For tests/packaging/test_frozen_app.py: a built application started offscreen closes
    # its window as a user would, once the event loop has run this long, and exits normally.
    if close_after_ms := os.environ.get("BUCKETFERRY_CLOSE_AFTER_MS"):
        QTimer.singleShot(int(close_after_ms), window.close)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
