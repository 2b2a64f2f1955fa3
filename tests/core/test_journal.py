"""The run journal names each file by the object the run was begun with: each outcome,
reported from any thread in any order, lands on that file's own row."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bucketferry.core.journal import (
    CANCELLED,
    DONE,
    FAILED,
    KEPT,
    PLANNED,
    PlannedFile,
    RunJournal,
    RunPlace,
)
from bucketferry.core.sync_record import SyncRecord


class _Item:
    """Stands for a plan's entry: the journal only asks for its identity."""

    def __init__(self, number: int) -> None:
        self.number = number


def _planned(number: int) -> PlannedFile:
    return PlannedFile("remote", f"f{number:04d}", None, "upload", 1, None, None)


def test_outcomes_reported_out_of_order_from_threads_land_on_their_own_files(tmp_path: Path):
    record = SyncRecord(tmp_path / "record.sqlite3")
    journal = RunJournal(record)
    items = [_Item(n) for n in range(1500)]
    run = journal.begin(
        "push",
        RunPlace("local", "b", ""),
        (_planned(item.number) for item in items),
        items,
        backup_prefix=None,
    )
    shuffled = items[:]
    random.Random(7).shuffle(shuffled)

    def report(item: _Item) -> None:
        match item.number % 4:
            case 0:
                run.done(item, None)
            case 1:
                run.failed(item, f"reason {item.number}")
            case 2:
                run.failed(item, "cancelled", cancelled=True)
            case _:
                run.kept(item, "trash", f"kept/{item.number}")

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(report, shuffled))
    run.finish("done")

    steps = journal.files(run.run_id)
    assert [s.name for s in steps] == [f"f{n:04d}" for n in range(1500)]
    expected = {0: DONE, 1: FAILED, 2: CANCELLED, 3: KEPT}
    for n, step in enumerate(steps):
        assert step.outcome == expected[n % 4], step
        if n % 4 == 1:
            assert step.reason == f"reason {n}"
        if n % 4 == 3:
            assert step.kept_where == f"kept/{n}"
    record.close()


def test_an_object_the_run_was_not_begun_with_is_an_error_not_another_files_row(tmp_path: Path):
    record = SyncRecord(tmp_path / "record.sqlite3")
    journal = RunJournal(record)
    items = [_Item(n) for n in range(3)]
    run = journal.begin(
        "push", RunPlace("local", "b", ""), map(_planned, range(3)), items, backup_prefix=None
    )
    with pytest.raises(KeyError, match="is not a file of run"):
        run.done(_Item(9), None)
    run.finish("done")
    assert {s.outcome for s in journal.files(run.run_id)} == {PLANNED}
    record.close()
