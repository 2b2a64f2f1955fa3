"""How the window tells a person that something went wrong: a title and a message in
plain words, never a traceback (that goes to the log)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QMessageBox, QWidget

from bucketferry.core import BucketFerryError

from .translation import Context

log = logging.getLogger(__name__)

messages = Context("messages")

UNEXPECTED_TITLE = str(QT_TRANSLATE_NOOP("messages", "Unexpected error"))
"""In English; :func:`error_words` says it in the window's language."""


def error_words(error: BaseException) -> tuple[str, str]:
    """(title, message) for an exception: an engine error says both itself; anything else
    is a bug, told plainly (the job that met it logged the traceback). The engine's own
    words stay English (``core/`` has no Qt)."""
    if isinstance(error, BucketFerryError):
        return error.title, error.message
    return messages.tr(UNEXPECTED_TITLE), messages.tr(
        "Failed unexpectedly: {error}. Details are in the log."
    ).format(error=error)


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
