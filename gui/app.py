"""Start the application: logging to a rotating file, the QApplication, the window."""

from __future__ import annotations

import gc
import logging
import logging.handlers
import sys
from collections.abc import Sequence
from pathlib import Path

import platformdirs
from PySide6.QtWidgets import QApplication

from .main_window import APP_NAME, MainWindow


def log_file() -> Path:
    folder = Path(platformdirs.user_log_dir("bucketferry", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "bucketferry.log"


def setup_logging() -> None:
    """Details go to a rotating log file (and the log dock); the user sees plain words."""
    handler = logging.handlers.RotatingFileHandler(
        log_file(), maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("bucketferry")
    root.setLevel(logging.INFO)
    root.addHandler(handler)


def tune_garbage_collector() -> None:
    """Fewer full collections: a 100,000-row plan makes millions of objects, and each full
    collection (run from whichever thread allocates) holds the GIL for 0.3 s or more,
    freezing the window. Measured with tests/benchmarks/bench_gui.py."""
    gc.set_threshold(700, 10, 1000)


def main(argv: Sequence[str] | None = None) -> int:
    setup_logging()
    tune_garbage_collector()
    app = QApplication(list(argv) if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("bucketferry")
    app.setDesktopFileName("bucketferry")
    window = MainWindow()
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
