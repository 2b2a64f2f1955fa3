"""The progress row: how far the running job is, what it is doing, whether the server
keeps it waiting, and Cancel.

A transfer shows its share of the bytes, speed, time left, files done and the file in
flight (the engine's Progress computes them); work of unknown length (previewing,
listing, deleting) shows a busy bar and what it does.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from bucketferry.core import Progress
from bucketferry.core.display import printable, waiting_words
from bucketferry.core.units import human_duration, human_size
from bucketferry.core.waiting import server_waits

STEPS = 1000
"""The bar's range: tenths of a percent."""
WAIT_POLL_MS = 500
"""How often the row asks whether the server keeps a request waiting."""


class ProgressRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setAccessibleName("Progress")
        self.progress_bar.setRange(0, STEPS)
        self.progress_bar.setValue(0)
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("progressLabel")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip("Stop the running job (Esc)")
        row.addWidget(self.progress_bar, 2)
        row.addWidget(self.progress_label, 3)
        row.addWidget(self.cancel_button)
        self._progress_text = ""
        self._waiting_text = ""
        # Runs only while a job does: asks the engine's watch (a lock and a dict, never
        # blocking) whether a request has had no answer for a while, and says so.
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(WAIT_POLL_MS)
        self._wait_timer.timeout.connect(self._show_waiting)

    def start_busy(self, what: str) -> None:
        """Work of unknown length begins: a busy bar, and ``what`` it does."""
        self.progress_bar.setRange(0, 0)
        self.say(what)
        self._wait_timer.start()

    def start_transfer(self) -> None:
        """A run begins: the bar fills with its Progress reports."""
        self.progress_bar.setRange(0, STEPS)
        self.progress_bar.setValue(0)
        self._wait_timer.start()

    @Slot(object)
    def show_progress(self, progress: Progress) -> None:
        fraction = progress.fraction()
        self.progress_bar.setValue(int(fraction * STEPS))
        left = progress.seconds_left()  # None until anything moved: no honest guess yet
        self.say(
            f"{fraction:.0%} · {human_size(progress.bytes_done)}/{human_size(progress.bytes_total)}"
            f" · {human_size(progress.rate())}/s"
            f" · {'time left not known yet' if left is None else human_duration(left) + ' left'}"
            f" · {progress.files_done}/{progress.files_total} files"
            f" · {printable(progress.current_file)}"
        )

    def say(self, text: str) -> None:
        """What the job is doing; the waiting notice, while there is one, follows it."""
        self._progress_text = text
        self.progress_label.setText(
            f"{text} · {self._waiting_text}" if text and self._waiting_text else text
        )

    def stop(self) -> None:
        """The job ended: a finished transfer's last report stays, a busy notice goes."""
        self._wait_timer.stop()
        self._waiting_text = ""
        self.progress_bar.setRange(0, STEPS)
        self.say("" if self.progress_bar.value() == 0 else self._progress_text)

    @Slot()
    def _show_waiting(self) -> None:
        """Says "waiting for the server: 12 s, listing 'data/'…" once a request has had
        no answer for ``waiting.WORTH_SAYING`` seconds, so a silent server does not look
        like a frozen window; the words go once answers flow again."""
        words = waiting_words(server_waits.longest())
        if words != self._waiting_text:
            self._waiting_text = words
            self.say(self._progress_text)
