"""The log dock: what the engine and the window log, as it happens, for details an error
dialog leaves out. The lines stay in English: the log file the command line shares has
the same words."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDockWidget, QPlainTextEdit, QWidget

from bucketferry.core.logfile import EscapingFormatter

ENGINE_LOGGER = "bucketferry"
MAX_LINES = 5000


class _LogBridge(QObject, logging.Handler):
    """Forwards log records from any thread to the log dock (through a queued signal)."""

    record = Signal(str)

    def __init__(self) -> None:
        QObject.__init__(self)
        logging.Handler.__init__(self, logging.INFO)
        self.setFormatter(EscapingFormatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:  # type: ignore[override]
        self.record.emit(self.format(record))


class LogDock(QDockWidget):
    """Listens to the ``bucketferry`` logger from construction until :meth:`detach`; if
    nobody set that logger's level, raises it to INFO meanwhile (and gives it back), so
    the dock shows what a run did without changing logging for anyone else."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log"))  # also View ▸ Log, which shows or hides it
        self.setObjectName("logDock")
        self.log_view = QPlainTextEdit()
        self.log_view.setObjectName("logView")
        self.log_view.setAccessibleName(self.tr("Log"))
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(MAX_LINES)
        self.setWidget(self.log_view)
        self._bridge = _LogBridge()
        self._bridge.record.connect(self.log_view.appendPlainText)
        engine_log = logging.getLogger(ENGINE_LOGGER)
        self._set_level = engine_log.level == logging.NOTSET
        if self._set_level:
            engine_log.setLevel(logging.INFO)
        engine_log.addHandler(self._bridge)

    def detach(self) -> None:
        engine_log = logging.getLogger(ENGINE_LOGGER)
        engine_log.removeHandler(self._bridge)
        if self._set_level:
            engine_log.setLevel(logging.NOTSET)
