"""Every control has a name assistive technology can say: an accessible name, the text of
a button, or a label whose buddy it is. Checked in the main window and its dialogs as
they appear in use (the same openers as tests/gui/test_translation.py).

Controls of files another change still works on are listed in KNOWN_GAPS; the test fails
when one of them gets its name, so the list only shrinks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

from bucketferry.gui import MainWindow
from tests.gui.test_translation import CHECKED_DIALOGS, NOT_YET_TRANSLATED_DIALOGS

DIALOGS = {**CHECKED_DIALOGS, **NOT_YET_TRANSLATED_DIALOGS}

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QSlider,
    QTextEdit,
    QPlainTextEdit,
    QTabBar,
)

KNOWN_GAPS: dict[str, set[str]] = {}
"""Controls still without a name, by the dialog they were seen in."""


def widget_key(widget: QWidget) -> str:
    """Its objectName, or its class inside the nearest named ancestor."""
    if widget.objectName():
        return widget.objectName()
    parent = widget.parentWidget()
    while parent is not None and not parent.objectName():
        parent = parent.parentWidget()
    inside = parent.objectName() if parent is not None else "?"
    return f"{type(widget).__name__} in {inside}"


def qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside its own controls (a spin box's line edit, a combo box's
    list, a table's corner button and headers, a tab bar's scroll buttons, dock and
    toolbar buttons), and Qt's file dialog: Qt names those itself, or not at all."""
    parent = widget.parentWidget()
    inside_qt = (QAbstractSpinBox, QComboBox, QAbstractItemView, QTabBar, QLineEdit)
    return (
        isinstance(widget, QHeaderView)
        or widget.objectName().startswith("qt_")
        or (parent is not None and isinstance(parent, inside_qt))
        or (isinstance(widget, QAbstractButton) and type(widget).__name__.startswith("QDock"))
        or isinstance(widget.window(), QFileDialog)
    )


def spoken_name(widget: QWidget, labels: list[QLabel]) -> str:
    """What a screen reader says for ``widget``: Qt's accessible name (its own, a button's
    text, a buddy label's text), or any label whose buddy it is."""
    interface = QAccessible.queryAccessibleInterface(widget)
    name = interface.text(QAccessible.Text.Name) if interface is not None else ""
    if not re.search(r"\w", name or ""):
        name = next((label.text() for label in labels if label.buddy() is widget), "")
    return name or ""


def unnamed(root: QWidget) -> set[str]:
    """The controls of ``root`` (itself a window) with nothing to say but their kind."""
    widgets = [w for w in [root, *root.findChildren(QWidget)] if w.window() is root]
    labels = [w for w in widgets if isinstance(w, QLabel)]
    return {
        widget_key(widget)
        for widget in widgets
        if isinstance(widget, INTERACTIVE)
        and not qt_internal(widget)
        and not re.search(r"\w", spoken_name(widget, labels).replace("&", ""))
    }


@pytest.mark.parametrize("dialog", DIALOGS)
def test_every_control_has_a_name(dialog: str, window: MainWindow, qtbot, tmp_path: Path):
    gaps: set[str] = set()
    DIALOGS[dialog](qtbot, window, tmp_path, lambda root: gaps.update(unnamed(root)))
    known = KNOWN_GAPS.get(dialog, set())
    assert sorted(gaps - known) == [], "give these an accessible name or a label buddy"
    assert sorted(known - gaps) == [], "named now: remove these from KNOWN_GAPS"
