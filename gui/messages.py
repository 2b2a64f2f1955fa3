"""How the window tells a person that something went wrong: a title and a message in
plain words, never a traceback (that goes to the log)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from bucketferry.core import BucketFerryError

log = logging.getLogger(__name__)

UNEXPECTED_TITLE = "Unexpected error"


def error_words(error: BaseException) -> tuple[str, str]:
    """(title, message) for an exception: an engine error says both itself; anything else
    is a bug, told plainly (the job that met it logged the traceback)."""
    if isinstance(error, BucketFerryError):
        return error.title, error.message
    return UNEXPECTED_TITLE, f"Failed unexpectedly: {error}. Details are in the log."


def show_error(parent: QWidget, title: str, message: str) -> None:
    """A warning box that does not block the event loop (jobs keep reporting), logged too.
    Named ``errorDialog`` for tests and assistive technology."""
    log.warning("%s: %s", title, message)
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("errorDialog")
    box.open()


def show_failure(parent: QWidget, error: BaseException) -> None:
    show_error(parent, *error_words(error))
