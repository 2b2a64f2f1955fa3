"""Bucket Ferry's desktop application (PySide6). Talks to the engine only through its API.

``from bucketferry.gui import MainWindow``; ``MainWindow()`` builds the whole window given
a QApplication. ``BUCKETFERRY_CONFIG_DIR`` moves profiles and settings (tests use it).
"""

from .main_window import MainWindow

__all__ = ["MainWindow"]
