"""The progress row: how far the running job is, what it is doing, whether the server
keeps it waiting, and Cancel.

A transfer shows its share of the bytes, speed, time left, files done and the file in
flight (the engine's Progress computes them); work of unknown length (previewing,
listing, deleting) shows a busy bar and what it does. The bar shows no percentage before
anything moved, and once Cancel was pressed no time is left to guess: the row says
"Cancelling…", then "Cancelled" with what was done.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from bucketferry.core import Progress
from bucketferry.core.display import printable, waiting_words
from bucketferry.core.units import human_duration, human_size
from bucketferry.core.waiting import server_waits

from ..translation import Context

STEPS = 1000
"""The bar's range: tenths of a percent."""
WAIT_POLL_MS = 500
"""How often the row asks whether the server keeps a request waiting."""

progress_row = Context("progress_row")


def files_done_words(done: int, total: int) -> str:
    """'9/15 files'."""
    return progress_row.tr("{done}/%n file(s)", "", total).format(done=done)


class ProgressRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progressBar")
        self.progress_bar.setAccessibleName(self.tr("Progress"))
        self.progress_bar.setRange(0, STEPS)
        self.progress_bar.reset()  # empty, no "0%": nothing ran yet
        self.progress_label = QLabel("")
        self.progress_label.setObjectName("progressLabel")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip(self.tr("Stop the running job (Esc)"))
        row.addWidget(self.progress_bar, 2)
        row.addWidget(self.progress_label, 3)
        row.addWidget(self.cancel_button)
        self._progress_text = ""
        self._waiting_text = ""
        self._last: Progress | None = None
        """The running job's last report (None before the first)."""
        self._cancelling = False
        self.busy_words = ""
        """What the running job of unknown length said it does ('' if none runs)."""
        # Runs only while a job does: asks the engine's watch (a lock and a dict, never
        # blocking) whether a request has had no answer for a while, and says so.
        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(WAIT_POLL_MS)
        self._wait_timer.timeout.connect(self._show_waiting)

    def start_busy(self, what: str) -> None:
        """Work of unknown length begins: a busy bar, and ``what`` it does."""
        self._last, self._cancelling, self.busy_words = None, False, what
        self.progress_bar.setRange(0, 0)
        self.say(what)
        self._wait_timer.start()

    def start_transfer(self) -> None:
        """A run begins: the bar fills with its Progress reports."""
        self._last, self._cancelling, self.busy_words = None, False, ""
        self.progress_bar.setRange(0, STEPS)
        self.progress_bar.reset()
        self.say(self.tr("Waiting…"))
        self._wait_timer.start()

    @Slot(object)
    def show_progress(self, progress: Progress) -> None:
        self._last = progress
        fraction = progress.fraction()
        if progress.bytes_done or progress.files_done:
            self.progress_bar.setValue(int(fraction * STEPS))
        if self._cancelling:
            self.say(self.tr("Cancelling…") + f" · {self._done_words(progress)}")
            return
        left = progress.seconds_left()  # None until anything moved: no honest guess yet
        parts = (
            self.tr("{percent}%").format(percent=round(fraction * 100)),
            f"{human_size(progress.bytes_done)}/{human_size(progress.bytes_total)}",
            f"{human_size(progress.rate())}/s",
            self.tr("time left not known yet")
            if left is None
            else self.tr("{time} left").format(time=human_duration(left)),
            files_done_words(progress.files_done, progress.files_total),
            printable(progress.current_file) + self._resuming(progress),
        )
        self.say(" · ".join(parts))

    @staticmethod
    def _resuming(progress: Progress) -> str:
        """' · resuming: 512.0 MB of 1.0 GB already there' while the file shown is an
        upload that continues where an earlier one stopped."""
        resumed = progress.resumed.get(progress.current_file)
        if resumed is None:
            return ""
        already, size = resumed
        return " · " + progress_row.tr("resuming: {done} of {size} already there").format(
            done=human_size(already), size=human_size(size)
        )

    @staticmethod
    def _done_words(progress: Progress) -> str:
        files = files_done_words(progress.files_done, progress.files_total)
        if not progress.bytes_total:
            return files
        there = (
            " "
            + progress_row.tr("({size} already there)").format(
                size=human_size(progress.bytes_resumed)
            )
            if progress.bytes_resumed
            else ""
        )
        done = f"{human_size(progress.bytes_done)}/{human_size(progress.bytes_total)}"
        return f"{done}{there} · {files}"

    def cancelling(self) -> None:
        """Cancel was pressed: no more guesses of the time left."""
        self._cancelling = True
        done = f" · {self._done_words(self._last)}" if self._last else ""
        self.say(self.tr("Cancelling…") + done)

    def say(self, text: str) -> None:
        """What the job is doing; the waiting notice, while there is one, follows it."""
        self._progress_text = text
        self.progress_label.setText(
            f"{text} · {self._waiting_text}" if text and self._waiting_text else text
        )

    def stop(self) -> None:
        """The job ended: what a transfer did stays (without speed or time left), a busy
        notice goes; after Cancel, "Cancelled" unless the job had ended all the same."""
        self._wait_timer.stop()
        self._waiting_text = ""
        if self.progress_bar.maximum() == 0:  # busy: nothing to show a share of
            self.progress_bar.setRange(0, STEPS)
            self.progress_bar.reset()
        last, cancelled = self._last, self._cancelling
        if last is not None and last.files_total and last.files_done >= last.files_total:
            cancelled = False  # the run was over before Cancel reached it
        ended = self.tr("Cancelled") if cancelled else self.tr("Done")
        if last is None:
            self.say(ended if cancelled else "")
        else:
            self.say(f"{ended} · {self._done_words(last)}")
        self._last, self._cancelling, self.busy_words = None, False, ""

    @Slot()
    def _show_waiting(self) -> None:
        """Says "waiting for the server: 12 s, listing 'data/'…" once a request has had
        no answer for ``waiting.WORTH_SAYING`` seconds, so a silent server does not look
        like a frozen window; the words go once answers flow again."""
        words = waiting_words(server_waits.longest())
        if words != self._waiting_text:
            self._waiting_text = words
            self.say(self._progress_text)
