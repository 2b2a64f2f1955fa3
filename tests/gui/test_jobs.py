"""Jobs: one runner for the whole application, failures carried as exceptions, and results
handled in the main thread (Qt models and dialogs may only be touched there)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bucketferry.core import StorageError
from bucketferry.gui import MainWindow
from bucketferry.gui.jobs import Job, application_jobs
from bucketferry.gui.messages import UNEXPECTED_TITLE, error_words
from bucketferry.gui.models.remote_tree_model import RemoteTreeModel
from tests.gui.window_driver import wait_idle
from tests.helpers import write


def test_the_window_uses_the_applications_one_runner(window: MainWindow):
    assert window.jobs is application_jobs()
    assert application_jobs() is application_jobs()


def failure_of(qtbot, error: Exception) -> object:
    def work(job: Job) -> None:
        raise error

    job = Job("Failing on purpose", work)
    failures: list[object] = []
    job.failed.connect(failures.append)
    application_jobs().start(job)
    qtbot.waitUntil(lambda: bool(failures) and not application_jobs().busy, timeout=5_000)
    return failures[0]


def test_a_failed_job_carries_the_engines_exception(qtbot):
    error = failure_of(qtbot, StorageError("The server said no.", title="Refused"))
    assert isinstance(error, StorageError)
    assert error_words(error) == ("Refused", "The server said no.")


def test_an_unexpected_failure_gets_a_generic_title_and_no_traceback(qtbot):
    error = failure_of(qtbot, ValueError("bad value"))
    assert isinstance(error, ValueError)
    title, message = error_words(error)
    assert title == UNEXPECTED_TITLE
    assert "bad value" in message and "Traceback" not in message


def test_the_bucket_tree_is_filled_in_the_main_thread(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    filled_in: list[str] = []
    original = RemoteTreeModel.fill

    def recording_fill(self: RemoteTreeModel, *args: object) -> None:
        filled_in.append(threading.current_thread().name)
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(RemoteTreeModel, "fill", recording_fill)
    write(tmp_path / "data/a.txt", "a")
    storage = window.storage()
    assert storage is not None
    storage.push(".", local_path_prefix=str(tmp_path / "data"))
    window._refresh_trees()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: bool(filled_in), timeout=10_000)
    assert set(filled_in) == {threading.main_thread().name}
