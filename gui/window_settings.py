"""What the window remembers between sessions, and a window that fits on its screen.

A geometry saved on another screen, or with another scale factor (``QT_SCALE_FACTOR``),
can be larger than the screen the window opens on now; it is shrunk and moved to fit the
screen's available area (without the task bars), once before the window is shown and once
more when it is, when the window manager's frame is known.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from bucketferry.core.locations import config_dir

FRAME_ALLOWANCE = (16, 48)
"""Width and height a window frame may add (borders, title bar) while it is not known yet."""


def app_settings() -> QSettings:
    """Window state and last-used choices, in the same config folder as the profiles."""
    return QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)


def flag(settings: QSettings, key: str, default: bool) -> bool:
    """A remembered tick (INI files keep booleans as text)."""
    value = settings.value(key, default)
    return value is True or str(value).lower() == "true"


def restore_window(window: QMainWindow, settings: QSettings) -> None:
    for key, restore in (
        ("window/geometry", window.restoreGeometry),
        ("window/state", window.restoreState),
    ):
        if isinstance(saved := settings.value(key), QByteArray):
            restore(saved)
    fit_on_screen(window)


def save_window(window: QMainWindow, settings: QSettings) -> None:
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())


def fit_on_screen(window: QMainWindow) -> None:
    """Shrinks and moves ``window`` so its frame lies within its screen's available area
    (as far as its minimum size allows); a maximized or full-screen window is left as it
    is."""
    if window.isMaximized() or window.isFullScreen():
        return
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    frame, inner = window.frameGeometry(), window.geometry()
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    if frame == inner:  # not shown yet: the frame is not known
        extra_w, extra_h = FRAME_ALLOWANCE
    width = min(inner.width(), area.width() - extra_w)
    height = min(inner.height(), area.height() - extra_h)
    if (width, height) != (inner.width(), inner.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    outer_w, outer_h = window.width() + extra_w, window.height() + extra_h
    x = max(area.left(), min(frame.left(), area.left() + area.width() - outer_w))
    y = max(area.top(), min(frame.top(), area.top() + area.height() - outer_h))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)
