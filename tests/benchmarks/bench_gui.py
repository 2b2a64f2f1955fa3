"""Bucket Ferry's window under load: event-loop stalls, and a 100,000-row preview.

Run it as a script (it is not part of the test suite)::

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_gui.py
    QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_gui.py --files 1000 --rows 5000

The targets: the longest event-loop stall is at most 50 ms, and a 100,000-row preview is
shown within 1 s. Issue 17 adds that no stall while the 100,000 rows are shown, sorted or
filtered is over 50 ms, and that the whole process stays at or below 400 MB of peak RSS
with them on screen. So every interaction with the large preview (sorting, a state chip,
each key typed in the path filter, scrolling, ticking a box) is a stall measured against
the 50 ms. The table's rows are made in the preview's worker (gui/models/preview_rows.py);
the bare table gets them made beforehand, as the window would.

Why it is built this way:

- **What a user feels is the event loop.** While the main thread is busy the window does not
  repaint, resize, scroll or answer a click. A QTimer ticks every 5 ms in the main thread and
  the time of every tick is kept; the largest gap between two ticks, minus the 5 ms, is the
  longest time the window could not answer: the stall. Phases are time windows over the
  same ticks, so a stall that starts in one phase is cut where the phase ends.
- **Driven as a user drives it**: the real ``MainWindow`` with the default "Local folder"
  profile (the embedded folder bucket: no server competes for the 2 cores), real files, the
  real worker threads and the real confirmation dialog, clicked when it shows (as in
  ``tests/gui/test_main_window.py``). Every action is posted into the running event loop, so
  the gaps measure the window's own work (slots, model resets, painting) and not this script.
  During the transfer a timer plays the user: it resizes the window and scrolls the table
  (the same moves are timed once on the idle window, for comparison).
- **Where the time goes.** A sampler thread looks at the main thread's Python stack whenever
  the ticker is more than 25 ms late and adds the time to the project frames it finds (and
  notes what the worker threads do meanwhile). Every phase with a stall over 50 ms is
  printed with the stacks it spent its time in, so a MISS says what to fix. Painting in Qt
  and waiting for the GIL show up as "no app frame". Garbage collections are timed through
  ``gc.callbacks``: a full collection holds the GIL, so one in a worker stalls the window
  as much as one in the main thread, and the stack samples cannot see it.
- **A budget instead of a hang.** A step of the 100,000-row part that runs longer than
  ``--budget`` seconds (10 x the 1 s target by default) is interrupted by a watchdog (a
  simulated SIGINT, raised only while the main thread runs project code and caught here) and
  reported as "at least" the time it had taken. Without that, a step with quadratic cost
  would keep the benchmark busy for hours at this size.
- **A real plan for the 100,000 rows**: a folder of 100,000 files of a few bytes, part of them
  already in the bucket (identical or differing), some excluded by the filter and a few
  file/folder collisions, planned by the engine through the window's own preview button. So
  sorting by state and the state chips have something to do.
- **The bare table as a control.** The same plan in a ``PreviewModel`` and a ``QTableView``
  set up like the window's, without the window's slots, separates the cost of the model
  and view from the cost of what the window does around them ("diagnostic" rows).
- **Isolated and clean.** ``BUCKETFERRY_CONFIG_DIR``, ``BUCKETFERRY_DATA_DIR`` and
  ``BUCKETFERRY_CACHE_DIR`` point into one temporary folder (deleted at the end unless
  ``--keep``), the window's remembered local folder is set there before it opens, and the
  keyring is the null backend: nothing of the user's is read or written.

The exit code is 1 if a phase did not finish or a check failed (wrong states after a
preview or run, missing objects, an error dialog); missed targets are reported, not fatal.
"""

from __future__ import annotations

import _thread
import argparse
import bisect
import cProfile
import dataclasses
import gc
import itertools
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import FrameType, TracebackType

import PySide6
from PySide6.QtCore import (
    QEventLoop,
    QMessageLogContext,
    QObject,
    QSettings,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

import bucketferry.core
import bucketferry.gui
from bucketferry.core import TransactionSummary
from bucketferry.core.states import PlanState
from bucketferry.gui import MainWindow
from bucketferry.gui.app import tune_interpreter
from bucketferry.gui.models.preview_model import COL_PATH, HEADERS, PreviewModel
from bucketferry.gui.models.preview_rows import prepare_rows

TICK_S = 0.005
STALL_TARGET_S = 0.050
SHOW_TARGET_S = 1.0
RSS_TARGET_MB = 400.0
"""Issue 17: the whole process with a 100,000-row preview on screen."""
LATE_S = 0.025
PROFILE_NAME = "Local folder"
APP_DIRS = tuple(
    os.path.dirname(os.path.abspath(str(module.__file__))) + os.sep
    for module in (bucketferry.core, bucketferry.gui)
)


def source_version() -> str:
    """The commit of the code measured, and whether the engine or window differ from it."""
    repo = Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "core", "gui"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"commit {commit}" + (" + uncommitted changes in core/ or gui/" if changed else "")


def log(message: str) -> None:
    """Progress on stderr, so the table on stdout stays clean."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def qt_messages(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's own messages on stderr, without the offscreen plugin's note on every dialog."""
    if "propagateSizeHints" not in message:
        print(f"Qt: {message}", file=sys.stderr, flush=True)


# --- what the event loop did ---------------------------------------------------------


@dataclass(frozen=True)
class Stall:
    """The event loop's record over one time window (and the longest garbage collection in
    it: a collection holds the GIL, so one in a worker thread stalls the window too)."""

    longest_s: float
    over_target: int
    over_target_s: float
    ticks: int
    longest_gc_s: float = 0.0

    def note(self) -> str:
        if not self.over_target:
            text = f"{self.ticks} ticks, none late by more than 50 ms"
        else:
            text = (
                f"{self.over_target} stalls > 50 ms, {self.over_target_s:.1f} s in all; "
                f"{self.ticks} ticks"
            )
        if self.longest_gc_s >= 0.01:
            text += f"; longest GC pause {self.longest_gc_s * 1000:,.0f} ms"
        return text


class GcWatch:
    """Keeps the start and length of every garbage collection, in any thread."""

    def __init__(self) -> None:
        self.pauses: list[tuple[float, float]] = []
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        now = time.perf_counter()
        if phase == "start":
            self._started = now
        else:
            self.pauses.append((self._started, now - self._started))

    def longest(self, start: float, end: float) -> float:
        return max((d for t, d in self.pauses if start <= t <= end), default=0.0)

    def close(self) -> None:
        gc.callbacks.remove(self._callback)


class Ticker(QObject):
    """A 5 ms timer in the main thread that keeps the time of every tick."""

    def __init__(self) -> None:
        super().__init__()
        self.ticks: list[float] = []
        self.last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(round(TICK_S * 1000))
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        self.last = now = time.perf_counter()
        self.ticks.append(now)

    def stall(self, start: float, end: float) -> Stall:
        """Gaps between ticks inside [start, end], cut at both ends."""
        first = bisect.bisect_right(self.ticks, start)
        last = bisect.bisect_right(self.ticks, end)
        points = [start, *self.ticks[first:last], end]
        late = [max(0.0, b - a - TICK_S) for a, b in itertools.pairwise(points)]
        over = [x for x in late if x > STALL_TARGET_S]
        return Stall(max(late), len(over), sum(over), last - first)


def _is_app(frame: FrameType) -> bool:
    return frame.f_code.co_filename.startswith(APP_DIRS)


def in_app(frame: FrameType | None) -> bool:
    while frame is not None:
        if _is_app(frame):
            return True
        frame = frame.f_back
    return False


def where(frame: FrameType | None, outer: int = 0, inner: int = 0) -> str:
    """A stack in one line, project frames only, outermost first, comprehensions folded
    into their function: the ``outer`` outermost frames (the slot Qt called and the calls
    from there: stable, so samples add up) or the ``inner`` innermost ones. Each frame
    but the last keeps the line it is at; the innermost frame outside the project, if
    any, follows in brackets."""
    chain: list[tuple[str, int]] = []
    innermost_other = ""
    first = True
    while frame is not None:
        code = frame.f_code
        if _is_app(frame):
            if not code.co_name.startswith("<") or code.co_name == "<lambda>":
                chain.append((code.co_qualname, frame.f_lineno))
        elif first and code.co_qualname == GcWatch._callback.__qualname__:
            innermost_other = "garbage collection"
        elif first:
            innermost_other = f"{Path(code.co_filename).name}:{code.co_qualname}"
        first = False
        frame = frame.f_back
    if not chain:
        return f"no app frame (Qt code, painting, or waiting for the GIL) [{innermost_other}]"
    chain.reverse()
    if outer and len(chain) > outer:
        chain, innermost_other = chain[:outer], ""
    elif inner and len(chain) > inner:
        chain = chain[-inner:]
    text = " > ".join([f"{name}:{line}" for name, line in chain[:-1]] + [chain[-1][0]])
    return text + (f" [{innermost_other}]" if innermost_other else "")


Seconds = dict[str, float]


class StallSampler(threading.Thread):
    """Samples the stacks while the ticker is late; the time goes to the stacks seen."""

    def __init__(self, ticker: Ticker) -> None:
        super().__init__(name="stall-sampler", daemon=True)
        self._ticker = ticker
        self._main = threading.main_thread().ident or 0
        self._halt = threading.Event()
        self.samples: list[tuple[float, float, str, tuple[str, ...]]] = []

    def run(self) -> None:
        previous = time.perf_counter()
        while not self._halt.wait(0.005):
            now = time.perf_counter()
            weight, previous = min(now - previous, 0.05), now
            if now - self._ticker.last < LATE_S:
                continue
            frames = sys._current_frames()
            main = where(frames.get(self._main), outer=5) if self._main in frames else "?"
            workers = tuple(
                where(frame, inner=3)
                for ident, frame in frames.items()
                if ident not in (self._main, self.ident) and in_app(frame)
            )
            self.samples.append((now, weight, main, workers))

    def stop(self) -> None:
        self._halt.set()
        self.join(2)

    def seconds(self, start: float, end: float) -> tuple[Seconds, Seconds]:
        """Sampled seconds per stack in [start, end]: the main thread's, the workers'."""
        main: Seconds = defaultdict(float)
        workers: Seconds = defaultdict(float)
        for moment, weight, stack, others in self.samples:
            if start <= moment <= end:
                main[stack] += weight
                for other in set(others):
                    workers[other] += weight
        return main, workers


def most(seconds: Seconds, count: int) -> list[tuple[str, float]]:
    return sorted(seconds.items(), key=lambda item: -item[1])[:count]


class BudgetExceededError(Exception):
    """Raised in the main thread by the watchdog when a step runs past its budget."""


class Watchdog(threading.Thread):
    """Interrupts the main thread (simulated SIGINT) when an armed step runs too long.

    It fires only while the main thread runs project code, and again every half second
    while the step goes on (Qt slots swallow the exception and the next one may hang too).
    A signal delivered after the step ended is dropped; a real Ctrl-C still stops the run.
    """

    def __init__(self) -> None:
        super().__init__(name="watchdog", daemon=True)
        self._main = threading.main_thread().ident or 0
        self._lock = threading.Lock()
        self._deadline: float | None = None
        self._pending = False
        self._fired = False
        self._halt = threading.Event()

    def arm(self, start: float, budget: float) -> None:
        with self._lock:
            self._deadline = start + budget
            self._fired = False

    def disarm(self) -> bool:
        """Ends the step; True if it was interrupted."""
        with self._lock:
            self._deadline = None
            return self._fired

    def run(self) -> None:
        last_fire = 0.0
        while not self._halt.wait(0.05):
            now = time.perf_counter()
            with self._lock:
                deadline = self._deadline
            if deadline is None or now < deadline or now - last_fire < 0.5:
                continue
            if not in_app(sys._current_frames().get(self._main)):
                continue
            with self._lock:
                if self._deadline is None:
                    continue
                self._fired = self._pending = True
            last_fire = now
            _thread.interrupt_main(signal.SIGINT)

    def stop(self) -> None:
        self._halt.set()
        self.join(2)

    def on_sigint(self, signum: int, frame: FrameType | None) -> None:
        with self._lock:
            ours, self._pending = self._pending, False
            armed = self._deadline is not None
        if not ours:
            raise KeyboardInterrupt
        if armed:
            raise BudgetExceededError


def quiet_budget_errors(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """Qt slots report their exceptions here; the watchdog's are expected, not news."""
    if not issubclass(kind, BudgetExceededError):
        sys.__excepthook__(kind, value, tb)


# --- driving the event loop ------------------------------------------------------------


def wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    """Runs the event loop until ``condition()`` holds (checked every 10 ms) or time is up."""
    if condition():
        return True
    loop = QEventLoop()

    def check() -> None:
        if condition():
            loop.quit()

    poll = QTimer()
    poll.setInterval(10)
    poll.timeout.connect(check)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    poll.start()
    deadline.start(round(timeout_s * 1000))
    loop.exec()
    poll.stop()
    deadline.stop()
    return condition()


def settle(seconds: float) -> None:
    wait_until(lambda: False, seconds)


def post(action: Callable[[], None]) -> None:
    """Run ``action`` from inside the event loop, as a click would."""
    QTimer.singleShot(0, action)


def when_shown(object_name: str, handle: Callable[[QWidget], None]) -> None:
    """Act on a (modal) top-level dialog as soon as it is visible."""

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == object_name and widget.isVisible():
                handle(widget)
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def click_confirm(dialog: QWidget) -> None:
    button = dialog.findChild(QPushButton, "confirmButton")
    if button is not None:
        button.click()


def painted(widget: QWidget) -> None:
    """Let pending events (layout, update requests) run, then paint ``widget`` now."""
    QApplication.processEvents()
    widget.repaint()


def visible_error(window: MainWindow) -> str | None:
    for box in window.findChildren(QMessageBox):
        if box.isVisible():
            return f"{box.windowTitle()}: {box.text()}"
    return None


# --- results -------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    value: float | None = None
    unit: str = "s"
    target: float | None = None
    cut: bool = False
    note: str = ""
    section: bool = False

    def shown_value(self) -> str:
        if self.section:
            return ""
        if self.value is None:
            return "n/a"
        if self.unit == "MB":
            return f"{self.value:,.0f} MB"
        in_ms = self.unit == "ms" or self.value < 1
        text = f"{self.value * 1000:,.0f} ms" if in_ms else f"{self.value:,.2f} s"
        return (">= " if self.cut else "") + text

    def shown_target(self) -> str:
        if self.section or self.target is None:
            return "" if self.section else "-"
        if self.unit == "ms":
            return f"<= {self.target * 1000:.0f} ms"
        return f"<= {self.target:g} {self.unit}"

    def result(self) -> str:
        if self.section:
            return ""
        if self.target is None:
            return "info"
        if self.value is None:
            return "n/a"
        return "ok" if self.value <= self.target and not self.cut else "MISS"


def stall_row(measure: str, stall: Stall) -> Row:
    return Row(measure, stall.longest_s, "ms", STALL_TARGET_S, note=stall.note())


class Bench:
    """The shared state of one benchmark run: the window, the clocks and the results."""

    def __init__(self, window: MainWindow, args: argparse.Namespace) -> None:
        self.window = window
        self.args = args
        self.ticker = Ticker()
        self.sampler = StallSampler(self.ticker)
        self.watchdog = Watchdog()
        self.gc = GcWatch()
        self.rows: list[Row] = []
        self.phases: list[tuple[str, float, float]] = []
        self.failures: list[str] = []

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def phase(self, label: str, start: float, end: float, report: bool = True) -> Stall:
        """Records a phase window (``report``: list its stacks if it stalled) and returns
        its stall."""
        if report:
            self.phases.append((label, start, end))
        stall = self.ticker.stall(start, end)
        return dataclasses.replace(stall, longest_gc_s=self.gc.longest(start, end))

    def check(self, ok: bool, what: str) -> None:
        if not ok:
            self.failures.append(what)
            log(f"CHECK FAILED: {what}")
        error = visible_error(self.window)
        if error is not None:
            self.failures.append(f"error dialog: {error}")
            log(f"ERROR DIALOG: {error}")
            for box in self.window.findChildren(QMessageBox):
                box.close()

    def step(
        self,
        measure: str,
        action: Callable[[], None],
        table: QTableView,
        target: float,
        unit: str = "s",
    ) -> Row:
        """Times one interaction until ``table`` has painted, within the budget. It runs
        from here, not from the event loop: all of it is a stall, as a click would be."""
        start = time.perf_counter()
        self.watchdog.arm(start, self.args.budget)
        try:
            action()
            painted(table.viewport())
        except BudgetExceededError:
            pass
        elapsed = time.perf_counter() - start
        cut = self.watchdog.disarm()
        self.phase(measure, start, start + elapsed, report=cut or elapsed > target)
        return Row(
            measure, elapsed, unit, target, cut=cut, note=self.note(start, start + elapsed, cut)
        )

    def note(self, start: float, end: float, cut: bool) -> str:
        """What a timed step's row says besides its time: cut short, garbage collection."""
        parts = [f"cut at the {self.args.budget:g} s budget"] if cut else []
        pause = self.gc.longest(start, end)
        if pause >= 0.01:
            parts.append(f"longest GC pause {pause * 1000:,.0f} ms")
        return "; ".join(parts)


# --- files ---------------------------------------------------------------------------


def write_files(paths: Iterable[tuple[Path, bytes]]) -> None:
    made: set[Path] = set()
    for path, content in paths:
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(content)


def small_tree(root: Path, count: int, folders: int = 100) -> None:
    write_files(
        (root / f"d{i % folders:02d}" / f"f{i:06d}.txt", f"file {i}\n".encode())
        for i in range(count)
    )


@dataclass
class LargeTree:
    """A folder planned against a bucket that already has part of it: every state appears."""

    source: Path
    expected: Counter[PlanState]


def large_tree(base: Path, bucket_dir: Path, rows: int, top: str = "big") -> LargeTree:
    """``rows`` local files below ``<source>/<top>``: 5 % excluded by ``*.tmp``, 20 %
    identical in the bucket, 5 % differing (another size), a few files that have a folder of
    their name in the bucket (collisions), the rest new."""
    source = base / "src-rows"
    collisions = min(10, max(1, rows // 1000))
    expected: Counter[PlanState] = Counter()
    local: list[tuple[Path, bytes]] = []
    remote: list[tuple[Path, bytes]] = []
    for i in range(rows - collisions):
        content = f"row {i}\n".encode()
        name = f"{top}/d{i % 100:02d}/f{i:06d}"
        if i % 20 == 0:
            name += ".tmp"
            expected[PlanState.SKIPPED] += 1
        else:
            name += ".txt"
            if i % 5 == 1:
                remote.append((bucket_dir / name, content))
                expected[PlanState.IDENTICAL] += 1
            elif i % 20 == 2:
                remote.append((bucket_dir / name, content + b"changed\n"))
                expected[PlanState.DIFFERS] += 1
            else:
                expected[PlanState.NEW] += 1
        local.append((source / name, content))
    for j in range(collisions):
        name = f"{top}/clash{j:02d}"
        local.append((source / name, b"a file\n"))
        remote.append((bucket_dir / name / "inside.txt", b"a folder in the bucket\n"))
        expected[PlanState.COLLISION] += 1
    write_files(local)
    write_files(remote)
    return LargeTree(source, expected)


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


# --- part 1: previewing and pushing small files ------------------------------------------


def set_inputs(window: MainWindow, local: Path, remote: str = "", exclude: str = "") -> None:
    """Type the inputs and press Enter in the folder field (which also refreshes the trees)."""
    window.connection_bar.local_edit.setText(str(local))
    window.connection_bar.remote_edit.setText(remote)
    window.connection_bar.include_edit.setText("")
    window.connection_bar.exclude_edit.setText(exclude)
    window.connection_bar.local_edit.editingFinished.emit()


def preview_phase(bench: Bench, label: str) -> tuple[float, Stall] | None:
    window = bench.window
    clicked: list[bool] = []

    def click() -> None:
        window.connection_bar.preview_push_button.click()
        clicked.append(True)

    start = time.perf_counter()
    bench.watchdog.arm(start, bench.args.timeout)
    post(click)
    done = wait_until(lambda: bool(clicked) and not window.working, bench.args.timeout)
    painted(window.preview_pane.table.viewport())
    end = time.perf_counter()
    bench.watchdog.disarm()
    if not done:
        bench.check(False, f"{label}: did not finish within {bench.args.timeout:g} s")
        return None
    return end - start, bench.phase(label, start, end)


def part_transfer(bench: Bench, source: Path, files: int) -> None:
    window = bench.window
    bench.add(Row(f"1. {files:,} small files, local-folder bucket", section=True))
    set_inputs(window, source)
    settle(1.0)
    start = time.perf_counter()
    settle(1.0)
    bench.add(
        stall_row("idle window (noise floor)", bench.phase("idle", start, time.perf_counter()))
    )

    log(f"(a) preview push of {files:,} new files")
    result = preview_phase(bench, "(a) preview push")
    if result is None:
        return
    wall, stall = result
    bench.add(stall_row("(a) preview push: longest stall", stall))
    bench.add(Row("(a) preview push: wall time (click -> painted)", wall))
    counts = window.preview_pane.model.counts()
    bench.check(counts[PlanState.NEW] == files, f"(a) {files} new rows expected, got {counts}")
    user = User(window)
    settle(6 * User.EVERY_S + 0.1)
    user.stop()
    bench.add(user.row("(a) then idle: slowest user resize/scroll (+ repaint)"))

    log(f"(b) run: confirm, then push {files:,} files (resizing and scrolling meanwhile)")
    marks: dict[str, float] = {}

    def run() -> None:
        marks["clicked"] = time.perf_counter()
        window.run()
        marks["started"] = time.perf_counter()

    when_shown("confirmDialog", click_confirm)
    start = time.perf_counter()
    bench.watchdog.arm(start, bench.args.timeout)
    post(run)
    started = wait_until(lambda: "started" in marks, bench.args.timeout)
    user = User(window)
    done = started and wait_until(lambda: not window.working, bench.args.timeout)
    user.stop()
    painted(window.preview_pane.table.viewport())
    end = time.perf_counter()
    bench.watchdog.disarm()
    if not done or window.working:
        bench.check(False, f"(b) run did not finish within {bench.args.timeout:g} s")
        return
    began = marks.get("started", end)
    review = bench.phase("(b) run: Run... -> transfer started", start, began)
    transfer = bench.phase("(b) run: transfer (user resizing, scrolling)", began, end)
    bench.add(stall_row("(b) run: longest stall, Run... until the transfer starts", review))
    bench.add(stall_row("(b) run: longest stall during the transfer", transfer))
    bench.add(user.row("(b) run: slowest user resize/scroll (+ repaint) during the transfer"))
    bench.add(Row("(b) run: wall time (click Run... -> finished)", end - start))
    bench.add(Row("(b) run: of which transfer", end - began))
    counts = window.preview_pane.model.counts()
    bench.check(
        counts[PlanState.SYNCED] == files, f"(b) {files} synced rows expected, got {counts}"
    )
    bucket = bucket_dir(window)
    bench.check(count_files(bucket) >= files, f"(b) {files} objects expected in {bucket}")

    log(f"(c) preview push again ({files:,} identical files)")
    result = preview_phase(bench, "(c) preview again")
    if result is None:
        return
    wall, stall = result
    bench.add(stall_row("(c) preview again (all identical): longest stall", stall))
    bench.add(Row("(c) preview again: wall time", wall))
    counts = window.preview_pane.model.counts()
    bench.check(
        counts[PlanState.IDENTICAL] == files, f"(c) {files} identical rows expected, got {counts}"
    )


class User(QObject):
    """Plays a user while it lives: every 250 ms a resize of the window or a scroll of the
    table, each timed until it has painted."""

    EVERY_S = 0.25

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._actions = user_actions(window)
        self.timings: list[float] = []
        self._timer = QTimer(self)
        self._timer.setInterval(round(self.EVERY_S * 1000))
        self._timer.timeout.connect(self._act)
        self._timer.start()

    def _act(self) -> None:
        action = next(self._actions)
        began = time.perf_counter()
        action()
        self.timings.append(time.perf_counter() - began)

    def stop(self) -> None:
        self._timer.stop()

    def row(self, measure: str) -> Row:
        return Row(
            measure,
            max(self.timings) if self.timings else None,
            "ms",
            STALL_TARGET_S,
            note=f"{len(self.timings)} resizes/scrolls, one every 250 ms",
        )


def user_actions(window: MainWindow) -> Iterator[Callable[[], None]]:
    """What a user does while waiting: resize the window, scroll the table (each painted)."""
    bar = window.preview_pane.table.verticalScrollBar()
    viewport = window.preview_pane.table.viewport()

    def resize(width: int, height: int) -> Callable[[], None]:
        def action() -> None:
            window.resize(width, height)
            window.repaint()

        return action

    def scroll(fraction: float) -> Callable[[], None]:
        def action() -> None:
            bar.setValue(round(bar.maximum() * fraction))
            viewport.repaint()

        return action

    return itertools.cycle(
        [
            resize(1000, 700),
            scroll(0.5),
            resize(1300, 850),
            scroll(1.0),
            resize(1200, 800),
            scroll(0.0),
        ]
    )


def bucket_dir(window: MainWindow) -> Path:
    conf = window.profiles.config_for(PROFILE_NAME)
    return Path(str(conf.key)) / str(conf.bucket)


# --- part 2: a 100,000-row preview ---------------------------------------------------------


def part_large_preview(bench: Bench, base: Path, rows: int) -> TransactionSummary | None:
    window = bench.window
    args = bench.args
    bench.add(Row(f"2. {rows:,}-row preview (real plan)", section=True))
    log(f"making {rows:,} files (and part of them in the bucket)")
    start = time.perf_counter()
    tree = large_tree(base, bucket_dir(window), rows)
    bench.add(Row(f"setup: write {rows:,} files + their bucket part", time.perf_counter() - start))
    set_inputs(window, tree.source, remote="big", exclude="*.tmp")
    settle(1.0)

    log(f"preview push of {rows:,} files")
    ready: list[float] = []
    clicked: list[bool] = []

    def on_ready(_summary: object) -> None:  # in the worker thread, as the result is sent
        ready.append(time.perf_counter())
        bench.watchdog.arm(ready[0], args.budget)

    def click() -> None:
        window.connection_bar.preview_push_button.click()
        job = window.session._preview_job
        if job is not None:
            job.succeeded.connect(on_ready, Qt.ConnectionType.DirectConnection)
        clicked.append(True)

    start = time.perf_counter()
    post(click)
    planned = wait_until(lambda: bool(ready) or (bool(clicked) and not window.working), 3600)
    if not planned or not ready:
        bench.check(False, "the large preview did not produce a plan")
        return None
    planning = bench.phase("preview: planning in the worker", start, ready[0])
    bench.add(stall_row("preview: longest stall while the worker plans", planning))
    bench.add(Row("preview: planning in the worker (click -> plan sent)", ready[0] - start))
    try:
        done = wait_until(lambda: not window.working, args.timeout)
        painted(window.preview_pane.table.viewport())
    except BudgetExceededError:
        done = wait_until(lambda: not window.working, args.timeout)
    end = time.perf_counter()
    cut = bench.watchdog.disarm()
    showing = bench.phase("show: plan sent -> table painted", ready[0], end)
    bench.add(stall_row(f"show {rows:,} rows: longest stall", showing))
    bench.add(
        Row(
            f"show {rows:,} rows: plan sent -> table painted",
            end - ready[0],
            "s",
            SHOW_TARGET_S,
            cut=cut,
            note=bench.note(ready[0], end, cut),
        )
    )
    if not done:
        bench.check(False, "the large preview did not finish")
        return None
    counts = window.preview_pane.model.counts()
    wrong = {s: (counts[s], n) for s, n in tree.expected.items() if counts[s] != n}
    bench.check(not wrong, f"large preview: (got, expected) per state {wrong}")
    summary = window.preview_pane.model.summary
    interactions(bench, window.preview_pane.table, window_actions(window))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    bench.add(Row(f"whole process, peak RSS with {rows:,} rows shown", peak, "MB", RSS_TARGET_MB))
    return summary


@dataclass(frozen=True)
class Actions:
    """The interactions of part 2, on the window or on the bare table."""

    sort: Callable[[int], None]
    check: Callable[[int, bool], None]
    chip: Callable[[bool], None]
    key: Callable[[str], None]
    clear: Callable[[], None]


def window_actions(window: MainWindow) -> Actions:
    return Actions(
        sort=lambda column: window.preview_pane.table.sortByColumn(
            column, Qt.SortOrder.AscendingOrder
        ),
        check=window.preview_pane.model.set_checked,
        chip=lambda on: window.preview_pane.chips[PlanState.DIFFERS].setChecked(on),
        key=lambda char: QTest.keyClicks(window.preview_pane.table_filter, char),
        clear=lambda: window.preview_pane.table_filter.setText(""),
    )


FILTER_TEXT = "042"


def interactions(bench: Bench, table: QTableView, actions: Actions, prefix: str = "") -> None:
    """Sort by each column (path last), uncheck a row, toggle the 'Differs' chip, type a
    filter, clear it, scroll to the end."""
    for column in [c for c in range(len(HEADERS)) if c != COL_PATH] + [COL_PATH]:
        log(f"{prefix}sort by {HEADERS[column]}")
        bench.add(
            bench.step(
                f"{prefix}sort by {HEADERS[column]}",
                partial(actions.sort, column),
                table,
                STALL_TARGET_S,
                "ms",
            )
        )
    log(f"{prefix}uncheck the first row")
    bench.add(
        bench.step(
            f"{prefix}uncheck the first row's box",
            partial(actions.check, 0, False),
            table,
            STALL_TARGET_S,
            "ms",
        )
    )
    label = PlanState.DIFFERS.label
    for on in (True, False):
        log(f"{prefix}chip {label} {'on' if on else 'off'}")
        bench.add(
            bench.step(
                f"{prefix}state chip '{label}' {'on' if on else 'off'}",
                partial(actions.chip, on),
                table,
                STALL_TARGET_S,
                "ms",
            )
        )
    keys: list[Row] = []
    for char in FILTER_TEXT:
        log(f"{prefix}type '{char}' in the path filter")
        keys.append(
            bench.step(
                f"{prefix}key '{char}'", partial(actions.key, char), table, STALL_TARGET_S, "ms"
            )
        )
    slowest = max(keys, key=lambda r: r.value or 0.0)
    bench.add(
        Row(
            f"{prefix}type '{FILTER_TEXT}' in the path filter: slowest key",
            slowest.value,
            "ms",
            STALL_TARGET_S,
            cut=any(k.cut for k in keys),
            note="keys: "
            + ", ".join(f"{k.measure.split()[-1]} {k.shown_value()}" for k in keys)
            + (f" (cut at the {bench.args.budget:g} s budget)" if any(k.cut for k in keys) else ""),
        )
    )
    log(f"{prefix}clear the path filter")
    bench.add(
        bench.step(f"{prefix}clear the path filter", actions.clear, table, STALL_TARGET_S, "ms")
    )
    log(f"{prefix}scroll to the end")
    bench.add(
        bench.step(f"{prefix}scroll to the end", table.scrollToBottom, table, STALL_TARGET_S, "ms")
    )


def bare_table(bench: Bench, summary: TransactionSummary, rows: int) -> None:
    """The same plan in a PreviewModel + QTableView set up like the window's, and nothing
    else: what the model and the view cost by themselves."""
    bench.add(Row("diagnostic: bare table (PreviewModel + QTableView, no window)", section=True))
    model = PreviewModel()
    table = QTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    vertical = table.verticalHeader()
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(table.fontMetrics().height() + 8)
    vertical.hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(COL_PATH, QHeaderView.ResizeMode.Stretch)
    table.resize(1200, 450)
    table.show()
    settle(0.3)
    typed: list[str] = []
    states: set[str] | None = None

    def chip(on: bool) -> None:
        nonlocal states
        states = {PlanState.DIFFERS} if on else None
        model.set_filter(states, "".join(typed))

    def key(char: str) -> None:
        typed.append(char)
        model.set_filter(states, "".join(typed))

    def clear() -> None:
        typed.clear()
        model.set_filter(states, "")

    prepared = prepare_rows(summary)  # the window's preview worker does this
    first = len(bench.rows)
    try:
        bench.add(
            bench.step(
                f"bare: show {rows:,} prepared rows (set_summary -> painted)",
                partial(model.set_summary, summary, prepared=prepared),
                table,
                STALL_TARGET_S,
                "ms",
            )
        )
        actions = Actions(
            sort=lambda column: table.sortByColumn(column, Qt.SortOrder.AscendingOrder),
            check=model.set_checked,
            chip=chip,
            key=key,
            clear=clear,
        )
        interactions(bench, table, actions, prefix="bare: ")
    finally:
        table.close()
    # Diagnostic rows explain where time goes; the targets are the window's, not theirs.
    for number in range(first, len(bench.rows)):
        bench.rows[number] = dataclasses.replace(bench.rows[number], target=None)


# --- report --------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    width = max(len(r.measure) for r in rows)
    print(f"{'measure':<{width}}  {'value':>12}  {'target':>10}  result  note")
    print("-" * (width + 40))
    for row in rows:
        if row.section:
            print(f"== {row.measure}")
            continue
        print(
            f"{row.measure:<{width}}  {row.shown_value():>12}  {row.shown_target():>10}  "
            f"{row.result():<6}  {row.note}"
        )


def print_stacks(bench: Bench) -> None:
    """Where the main thread was in every phase with a stall over 50 ms; phases whose main
    stack starts the same way (same slot, same calls) are listed together."""
    groups: dict[str, tuple[list[str], float, Seconds, Seconds]] = {}
    for label, start, end in bench.phases:
        longest = bench.ticker.stall(start, end).longest_s
        main, workers = bench.sampler.seconds(start, end)
        if longest <= STALL_TARGET_S or not main:
            continue
        top = most(main, 1)[0][0]
        key = label if top.startswith("no app frame") else " > ".join(top.split(" > ")[:3])
        empty: tuple[list[str], float, Seconds, Seconds] = ([], 0.0, defaultdict(float), {})
        labels, worst, main_all, workers_all = groups.get(key, empty)
        labels.append(label)
        merged = defaultdict(float, workers_all)
        for stack, seconds in main.items():
            main_all[stack] += seconds
        for stack, seconds in workers.items():
            merged[stack] += seconds
        groups[key] = (labels, max(worst, longest), main_all, merged)
    if not groups:
        return
    print()
    print("Where the main thread was while the window stalled (sampled when > 25 ms late):")
    for labels, worst, main, workers in groups.values():
        print(f"* {'; '.join(labels)} (longest stall {worst * 1000:,.0f} ms)")
        for stack, seconds in most(main, 3):
            print(f"    {seconds:6.2f} s  main: {stack}")
        for stack, seconds in most(workers, 2):
            print(f"    {seconds:6.2f} s  worker: {stack}")


# --- main ------------------------------------------------------------------------------------


def isolate(base: Path, first_folder: Path) -> None:
    """Everything Bucket Ferry keeps goes below ``base``; the window opens on a temp folder."""
    for variable, name in (
        ("BUCKETFERRY_CONFIG_DIR", "config"),
        ("BUCKETFERRY_DATA_DIR", "data"),
        ("BUCKETFERRY_CACHE_DIR", "cache"),
    ):
        os.environ[variable] = str(base / name)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    (base / "config").mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(base / "config" / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("last/local", str(first_folder))
    settings.sync()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="files previewed and pushed")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the large preview")
    parser.add_argument(
        "--budget",
        type=float,
        default=10.0,
        help="seconds after which a step of the large preview is cut (default 10)",
    )
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds a phase may take at most"
    )
    parser.add_argument("--skip-large", action="store_true", help="only part 1")
    parser.add_argument("--skip-transfer", action="store_true", help="only part 2")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--profile", type=Path, help="write a cProfile of the main thread to this file"
    )
    return parser.parse_args(argv)


def run(args: argparse.Namespace, base: Path) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Bucket Ferry benchmark")
    tune_interpreter()  # as the application's main() does
    qInstallMessageHandler(qt_messages)
    sys.excepthook = quiet_budget_errors
    version = source_version()
    source = base / "src-files"
    log(f"measuring {version}; making {args.files:,} files in {source}")
    small_tree(source, args.files)
    window = MainWindow()
    window.show()
    bench = Bench(window, args)
    previous = signal.signal(signal.SIGINT, bench.watchdog.on_sigint)
    bench.sampler.start()
    bench.watchdog.start()
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    try:
        settle(1.0)
        if not args.skip_transfer:
            part_transfer(bench, source, args.files)
        if not args.skip_large:
            summary = part_large_preview(bench, base, args.rows)
            if summary is not None:
                bare_table(bench, summary, args.rows)
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        bench.watchdog.stop()
        bench.sampler.stop()
        bench.gc.close()
        window.jobs.cancel_all()
        wait_until(lambda: not window.jobs.busy, 30)
        window.close()
        window.jobs.wait_all()
        signal.signal(signal.SIGINT, previous)
    print()
    print(
        f"Bucket Ferry window benchmark: {args.files:,} files, {args.rows:,} rows; "
        f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, "
        f"{os.cpu_count()} CPUs, QPA '{QApplication.platformName()}'; {version}"
    )
    print()
    print_table(bench.rows)
    print_stacks(bench)
    missed = [r.measure for r in bench.rows if r.result() == "MISS"]
    print()
    print(f"{len(missed)} targets missed." if missed else "All targets met.")
    for failure in bench.failures:
        print(f"FAILED CHECK: {failure}")
    return 1 if bench.failures else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    base = Path(tempfile.mkdtemp(prefix="bf-bench-gui-"))
    isolate(base, base / "src-files")
    try:
        return run(args, base)
    finally:
        if args.keep:
            log(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
