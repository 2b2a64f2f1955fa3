"""What accsr's ``push`` and ``pull`` show while they work, for code written against accsr.

With ``use_pbar`` (the default, as in accsr) a progress bar on stderr for the scan and one
for the bytes transferred; without it, the same progress as log lines at the configured
``log_level``. The window and the command line show progress their own way and do not use
this module.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
from collections.abc import Callable, Iterator

from tqdm import tqdm

from .config import RemoteStorageConfig
from .progress import Progress, ProgressCallback
from .summary import TransactionSummary
from .sync_object import SyncObject
from .units import human_size

log = logging.getLogger("bucketferry.core.remote_storage")


class ApiFeedback:
    """Bars or log lines for one ``push``/``pull`` call."""

    def __init__(self, conf: RemoteStorageConfig, use_pbar: bool | None) -> None:
        self.bars = conf.use_pbar if use_pbar is None else use_pbar
        self.level = conf.log_level

    def say(self, message: str) -> None:
        """A progress message: logged only where no bar shows the progress."""
        if not self.bars:
            log.log(self.level, message)

    @contextlib.contextmanager
    def scanning(self, what: str) -> Iterator[Callable[[int], object]]:
        """While a plan is made: yields a function that counts the entries it found."""
        message = f"Scanning {what}"
        self.say(message)
        with tqdm(desc=f"{message}: ", disable=not self.bars, unit_scale=True) as bar:
            yield bar.update

    @contextlib.contextmanager
    def transferring(
        self,
        summary: TransactionSummary,
        force: bool,
        bucket: str,
        progress: ProgressCallback | None,
    ) -> Iterator[tuple[ProgressCallback | None, Callable[[SyncObject], None] | None]]:
        """While a plan runs: yields the progress callback to give the run (it feeds the
        bar, then the caller's own ``progress``) and the hook that announces each file."""
        total = len(summary.files_to_sync)
        if total == 0:
            self.say("No files to be updated")
            yield progress, None
            return
        push = summary.sync_direction == "push"
        where = f"to {bucket}" if push else f"from {bucket}"
        numbers = itertools.count(1)

        def announce(item: SyncObject) -> None:
            size = human_size(item.get_bytes_transferred())
            verb = "Uploading" if push else "Downloading"
            self.say(f"{verb} file {next(numbers)}/{total} {where}: {item.name} ({size})")

        desc = f"{'force ' if force else ''}{summary.sync_direction}ing (bytes)"
        with tqdm(
            total=summary.size_files_to_sync(),
            desc=desc,
            disable=not self.bars,
            unit="B",
            unit_scale=True,
        ) as bar:
            lock = threading.Lock()
            shown = 0

            def report(now: Progress) -> None:
                nonlocal shown
                with lock:  # reports come from several worker threads
                    bar.update(now.bytes_done - shown)
                    shown = now.bytes_done
                if progress is not None:
                    progress(now)

            yield report, announce
