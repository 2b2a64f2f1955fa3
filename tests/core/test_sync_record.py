"""The sync record, on S3 (moto over HTTP) and a local-folder bucket.

Two people share one bucket path: a technician who pushes ``project/`` from a folder, and an
analyst who pulls it into another. Each edits files on their side; the plans must say which
copy changed since the last sync (changed_local, changed_remote, conflict; differs when
nothing is recorded), what is on one side only (new, only_target, deleted_source), and runs
must do exactly what those states allow: safe updates through ``execute()`` without force,
everything else that replaces a copy only when forced, and nothing ever deleted.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bucketferry.core import ForceRequiredError, RemoteStorage, SyncObject, TransactionSummary
from bucketferry.core.changes import pair_for
from bucketferry.core.locations import record_file
from bucketferry.core.states import PlanState
from bucketferry.core.sync_record import Entry, PairKey, SyncRecord, default_sync_record, now
from tests.helpers import tree_bytes, write

BASE = "shared"
FOLDER = f"{BASE}/project/"
FIRST = ("same.txt", "mine.txt", "theirs.txt", "both.txt", "gone.txt")
"""The files both people have after the first push and pull."""

S = PlanState


def first_content(name: str) -> str:
    return f"{name} as first synced"


def edit(path: Path, content: str) -> None:
    """Changes a file as a person would, a moment later: its modification time moves on
    by at least a second, however coarse the file system's clock tick."""
    old = path.stat().st_mtime_ns if path.exists() else None
    write(path, content)
    if old is not None:
        new = max(path.stat().st_mtime_ns, old + 1_000_000_000)
        os.utime(path, ns=(new, new))


def states(summary: TransactionSummary) -> dict[str, PlanState]:
    """Every row of the plan (only-on-target ones too): its name in project/ -> state."""
    return {
        item.remote_path.removeprefix(FOLDER): state
        for state, items in summary.by_state().items()
        for item in items
    }


def rows(summary: TransactionSummary) -> dict[str, SyncObject]:
    return {
        item.remote_path.removeprefix(FOLDER): item
        for item in summary.all_files_analyzed + summary.only_on_target
    }


def names(items: list[SyncObject]) -> list[str]:
    return sorted(i.remote_path.removeprefix(FOLDER) for i in items)


def bucket_bytes(storage: RemoteStorage) -> dict[str, bytes]:
    """Every object in the bucket (its full name) -> content, read through the engine."""
    return {o.name: storage.read_object(o.name, 1 << 24)[1] for o in storage.list_objects("")}


def in_bucket(storage: RemoteStorage, name: str) -> str:
    return storage.read_object(FOLDER + name, 1 << 20)[1].decode()


@dataclass
class Ferry:
    """One bucket path, shared by a technician's folder and an analyst's."""

    storage: RemoteStorage
    tech: Path
    analyst: Path

    def plan_push(self, folder: Path) -> TransactionSummary:
        return self.storage.plan_push("project", local_path_prefix=str(folder))

    def plan_pull(self, folder: Path) -> TransactionSummary:
        return self.storage.plan_pull("project", local_base_dir=str(folder))

    def push_safely(self, folder: Path, *only: str) -> TransactionSummary:
        """What a person does to share their edits (``only`` these, if given): preview, run
        without force."""
        plan = self.plan_push(folder)
        chosen = [rows(plan)[n] for n in only] if only else None
        self.storage.execute(plan, selection=chosen)
        assert plan.failed_files == []
        return plan

    def snapshot(self) -> tuple[dict[str, bytes], dict[str, bytes], dict[str, bytes]]:
        return bucket_bytes(self.storage), tree_bytes(self.tech), tree_bytes(self.analyst)


@pytest.fixture
def ferry(make_storage, tmp_path: Path) -> Ferry:
    """The technician pushed project/ and the analyst pulled it: both are recorded."""
    storage = make_storage(BASE, use_pbar=False)
    tech, analyst = tmp_path / "technician", tmp_path / "analyst"
    for name in FIRST:
        write(tech / "project" / name, first_content(name))
    storage.push("project", local_path_prefix=str(tech))
    storage.pull("project", local_base_dir=str(analyst))
    ferry = Ferry(storage, tech, analyst)
    assert set(states(ferry.plan_push(tech)).values()) == {S.IDENTICAL}
    assert set(states(ferry.plan_pull(analyst)).values()) == {S.IDENTICAL}
    return ferry


# --- 1. every row of the table, both directions ------------------------------------------


def test_push_states_and_what_runs_do_with_them(ferry: Ferry):
    storage, tech, analyst = ferry.storage, ferry.tech / "project", ferry.analyst / "project"
    edit(tech / "mine.txt", "the technician's edit")
    edit(analyst / "theirs.txt", "the analyst's edit")
    edit(analyst / "both.txt", "the analyst's edit of both")
    edit(tech / "both.txt", "the technician's edit of both")
    write(analyst / "differs.txt", "the analyst's own differs.txt")
    write(analyst / "extra.txt", "only the analyst ever had this")
    shared = ferry.push_safely(ferry.analyst)
    assert states(shared) == {
        **dict.fromkeys(("same.txt", "mine.txt", "gone.txt"), S.IDENTICAL),
        "theirs.txt": S.CHANGED_LOCAL,
        "both.txt": S.CHANGED_LOCAL,
        "differs.txt": S.NEW,
        "extra.txt": S.NEW,
    }
    write(tech / "fresh.txt", "new on the technician's computer")
    write(tech / "differs.txt", "the technician's own differs.txt")
    (tech / "gone.txt").unlink()

    plan = ferry.plan_push(ferry.tech)
    assert states(plan) == {
        "same.txt": S.IDENTICAL,
        "mine.txt": S.CHANGED_LOCAL,
        "theirs.txt": S.CHANGED_REMOTE,
        "both.txt": S.CONFLICT,
        "differs.txt": S.DIFFERS,
        "fresh.txt": S.NEW,
        "gone.txt": S.DELETED_SOURCE,
        "extra.txt": S.ONLY_TARGET,
    }
    by_name = rows(plan)
    assert [n for n, i in by_name.items() if i.safe_update] == ["mine.txt"]
    assert names(plan.unsafe_overwrites) == ["both.txt", "differs.txt", "theirs.txt"]
    assert names(plan.files_to_sync) == [
        "both.txt",
        "differs.txt",
        "fresh.txt",
        "mine.txt",
        "theirs.txt",
    ]
    assert names(plan.only_on_target) == ["extra.txt", "gone.txt"]

    # accsr's push() refuses every differing file; execute() refuses the unsafe ones.
    before = ferry.snapshot()
    with pytest.raises(ForceRequiredError):
        storage.push("project", local_path_prefix=str(ferry.tech))
    assert ferry.snapshot() == before
    with pytest.raises(ForceRequiredError) as refused:
        storage.execute(plan)
    assert ferry.snapshot() == before
    message = str(refused.value)
    assert all(n in message for n in ("theirs.txt", "both.txt", "differs.txt"))
    assert "mine.txt" not in message and "fresh.txt" not in message
    with pytest.raises(ForceRequiredError):
        storage.execute(plan, selection=[by_name["theirs.txt"]])
    assert ferry.snapshot() == before

    # The safe update and the new file run without force.
    storage.execute(plan, selection=[by_name["mine.txt"], by_name["fresh.txt"]])
    assert names(plan.synced_files) == ["fresh.txt", "mine.txt"] and not plan.failed_files
    assert in_bucket(storage, "mine.txt") == "the technician's edit"
    assert in_bucket(storage, "fresh.txt") == "new on the technician's computer"
    assert in_bucket(storage, "theirs.txt") == "the analyst's edit"

    # Forced, the rest is replaced; what is on one side only is left alone.
    storage.execute(plan, force=True)
    assert names(plan.synced_files) == [
        "both.txt",
        "differs.txt",
        "fresh.txt",
        "mine.txt",
        "theirs.txt",
    ]
    expected = {FOLDER + n: b for n, b in tree_bytes(tech).items()}
    expected[FOLDER + "gone.txt"] = first_content("gone.txt").encode()
    expected[FOLDER + "extra.txt"] = b"only the analyst ever had this"
    assert bucket_bytes(storage) == expected
    assert not (tech / "gone.txt").exists() and not (tech / "extra.txt").exists()
    after = ferry.plan_push(ferry.tech)
    assert states(after) == {
        **dict.fromkeys(
            ("same.txt", "mine.txt", "theirs.txt", "both.txt", "differs.txt", "fresh.txt"),
            S.IDENTICAL,
        ),
        "gone.txt": S.DELETED_SOURCE,
        "extra.txt": S.ONLY_TARGET,
    }

    # A plan whose only difference is a safe update: accsr's push() still wants force,
    # and so does execute() without safe updates.
    edit(tech / "mine.txt", "the technician's second edit")
    plan = ferry.plan_push(ferry.tech)
    assert names(plan.on_target_neq_md5) == ["mine.txt"] and plan.unsafe_overwrites == []
    assert plan.requires_force
    before = ferry.snapshot()
    with pytest.raises(ForceRequiredError):
        storage.push("project", local_path_prefix=str(ferry.tech))
    with pytest.raises(ForceRequiredError):
        storage.execute(plan, safe_updates=False)
    assert ferry.snapshot() == before
    storage.execute(plan)
    assert names(plan.synced_files) == ["mine.txt"]
    assert in_bucket(storage, "mine.txt") == "the technician's second edit"


def test_pull_states_and_what_runs_do_with_them(ferry: Ferry):
    storage, tech, analyst = ferry.storage, ferry.tech / "project", ferry.analyst / "project"
    edit(analyst / "mine.txt", "the analyst's edit")
    edit(tech / "theirs.txt", "the technician's edit")
    edit(tech / "both.txt", "the technician's edit of both")
    edit(analyst / "both.txt", "the analyst's edit of both")
    write(tech / "fresh.txt", "new in the bucket")
    write(tech / "differs.txt", "the technician's own differs.txt")
    shared = ferry.push_safely(ferry.tech)
    assert names(shared.synced_files) == ["both.txt", "differs.txt", "fresh.txt", "theirs.txt"]
    assert storage.delete("project/gone.txt")
    write(analyst / "differs.txt", "the analyst's own differs.txt")
    write(analyst / "extra.txt", "only ever on the analyst's computer")

    plan = ferry.plan_pull(ferry.analyst)
    assert states(plan) == {
        "same.txt": S.IDENTICAL,
        "mine.txt": S.CHANGED_LOCAL,
        "theirs.txt": S.CHANGED_REMOTE,
        "both.txt": S.CONFLICT,
        "differs.txt": S.DIFFERS,
        "fresh.txt": S.NEW,
        "gone.txt": S.DELETED_SOURCE,
        "extra.txt": S.ONLY_TARGET,
    }
    by_name = rows(plan)
    assert [n for n, i in by_name.items() if i.safe_update] == ["theirs.txt"]
    assert names(plan.unsafe_overwrites) == ["both.txt", "differs.txt", "mine.txt"]
    assert names(plan.only_on_target) == ["extra.txt", "gone.txt"]

    before = ferry.snapshot()
    with pytest.raises(ForceRequiredError):
        storage.pull("project", local_base_dir=str(ferry.analyst))
    assert ferry.snapshot() == before
    with pytest.raises(ForceRequiredError) as refused:
        storage.execute(plan)
    assert ferry.snapshot() == before
    message = str(refused.value)
    assert all(n in message for n in ("mine.txt", "both.txt", "differs.txt"))
    assert "theirs.txt" not in message and "fresh.txt" not in message
    with pytest.raises(ForceRequiredError):
        storage.execute(plan, selection=[by_name["mine.txt"]])
    assert ferry.snapshot() == before

    storage.execute(plan, selection=[by_name["theirs.txt"], by_name["fresh.txt"]])
    assert names(plan.synced_files) == ["fresh.txt", "theirs.txt"] and not plan.failed_files
    assert (analyst / "theirs.txt").read_text() == "the technician's edit"
    assert (analyst / "fresh.txt").read_text() == "new in the bucket"
    assert (analyst / "mine.txt").read_text() == "the analyst's edit"

    storage.execute(plan, force=True)
    assert names(plan.synced_files) == [
        "both.txt",
        "differs.txt",
        "fresh.txt",
        "mine.txt",
        "theirs.txt",
    ]
    assert tree_bytes(analyst) == {
        **tree_bytes(tech),
        "gone.txt": first_content("gone.txt").encode(),
        "extra.txt": b"only ever on the analyst's computer",
    }
    assert FOLDER + "extra.txt" not in bucket_bytes(storage)
    assert FOLDER + "gone.txt" not in bucket_bytes(storage)
    after = ferry.plan_pull(ferry.analyst)
    assert states(after) == {
        **dict.fromkeys(
            ("same.txt", "mine.txt", "theirs.txt", "both.txt", "differs.txt", "fresh.txt"),
            S.IDENTICAL,
        ),
        "gone.txt": S.DELETED_SOURCE,
        "extra.txt": S.ONLY_TARGET,
    }

    # Only a safe update left: accsr's pull() still wants force.
    edit(tech / "theirs.txt", "the technician's second edit")
    ferry.push_safely(ferry.tech)
    plan = ferry.plan_pull(ferry.analyst)
    assert states(plan)["theirs.txt"] == S.CHANGED_REMOTE and plan.unsafe_overwrites == []
    before = ferry.snapshot()
    with pytest.raises(ForceRequiredError):
        storage.pull("project", local_base_dir=str(ferry.analyst))
    with pytest.raises(ForceRequiredError):
        storage.execute(plan, safe_updates=False)
    assert ferry.snapshot() == before
    storage.execute(plan)
    assert names(plan.synced_files) == ["theirs.txt"]
    assert (analyst / "theirs.txt").read_text() == "the technician's second edit"


# --- 2. no record yet ---------------------------------------------------------------------


def test_first_sync_without_a_record_says_differs(ferry: Ferry, tmp_path: Path):
    """A folder that was never synced here, holding the same names: what differs is
    'differs' (needs force) both ways; what is identical is recorded by the preview."""
    storage = ferry.storage
    newcomer = tmp_path / "newcomer"
    write(newcomer / "project/same.txt", first_content("same.txt"))
    write(newcomer / "project/mine.txt", "the newcomer's own mine.txt")

    pulled = ferry.plan_pull(newcomer)
    assert states(pulled) == {
        "same.txt": S.IDENTICAL,
        "mine.txt": S.DIFFERS,
        **dict.fromkeys(("theirs.txt", "both.txt", "gone.txt"), S.NEW),
    }
    pushed = ferry.plan_push(newcomer)
    assert states(pushed) == {
        "same.txt": S.IDENTICAL,
        "mine.txt": S.DIFFERS,
        **dict.fromkeys(("theirs.txt", "both.txt", "gone.txt"), S.ONLY_TARGET),
    }
    for plan in (pulled, pushed):
        differs = rows(plan)["mine.txt"]
        assert differs.last_synced is None and not differs.safe_update
        before = ferry.snapshot(), tree_bytes(newcomer)
        with pytest.raises(ForceRequiredError):
            storage.execute(plan)
        assert (ferry.snapshot(), tree_bytes(newcomer)) == before

    # The previews found same.txt identical and recorded it: an edit is now a safe update.
    edit(newcomer / "project/same.txt", "the newcomer's edit")
    plan = ferry.plan_push(newcomer)
    assert states(plan)["same.txt"] == S.CHANGED_LOCAL
    assert states(plan)["mine.txt"] == S.DIFFERS

    storage.execute(plan, force=True)
    assert names(plan.synced_files) == ["mine.txt", "same.txt"]
    again = ferry.plan_push(newcomer)
    assert states(again)["mine.txt"] == S.IDENTICAL
    assert rows(again)["mine.txt"].last_synced is not None


# --- 3. a killed run ----------------------------------------------------------------------

_KILLED_PUSH = """
import json, sys, time
from bucketferry.core import RemoteStorage, RemoteStorageConfig

conf = RemoteStorageConfig(**json.loads(sys.argv[1]))
RemoteStorage(conf).push(
    "project", local_path_prefix=sys.argv[2], force=True, workers=1,
    progress=lambda progress: time.sleep(0.15),
)
print("finished", flush=True)
"""


@pytest.mark.slow
def test_a_killed_push_leaves_a_record_right_for_what_completed(
    ferry: Ferry, tmp_path: Path, caplog
):
    storage = ferry.storage
    someone = tmp_path / "someone"
    for n in range(6):  # in the bucket already, with other content than the technician's
        write(someone / f"project/old-{n:02}.bin", f"someone else's old-{n:02}")
    storage.push("project", local_path_prefix=str(someone))
    pusher = tmp_path / "pusher"
    for n in range(6):
        write(pusher / f"project/old-{n:02}.bin", os.urandom(64 * 1024))
    for n in range(24):
        write(pusher / f"project/new-{n:02}.bin", os.urandom(64 * 1024))
    wanted = tree_bytes(pusher / "project")
    before = set(bucket_bytes(storage))

    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _KILLED_PUSH,
            json.dumps(dataclasses.asdict(storage.conf)),
            str(pusher),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            arrived = {o.name for o in storage.list_objects("project/")} - before
            if len(arrived) >= 4:
                break
            if process.poll() is not None:
                pytest.fail(f"the push ended before it was killed: {process.communicate()}")
            assert time.monotonic() < deadline, "the push sent nothing in 2 minutes"
            time.sleep(0.05)
    finally:
        process.kill()  # SIGKILL: no clean-up of any kind
        process.communicate()
    assert process.returncode == -9
    caplog.set_level(logging.WARNING, logger="bucketferry.core.sync_record")

    in_bucket_now = bucket_bytes(storage)
    # No temporary file of the killed upload is counted as an object.
    expected_names = before | {FOLDER + n for n in wanted}
    assert set(in_bucket_now) <= expected_names
    completed = {n for n, b in wanted.items() if in_bucket_now.get(FOLDER + n) == b}
    assert len(completed) >= 4 and len(completed) < len(wanted), "not killed part-way"

    pair = pair_for(
        storage.sync_record, storage.conf, storage.remote_base_path, str(pusher.resolve())
    )
    names = sorted(wanted)
    entries = pair.entries_of([f"project/{n}" for n in names])
    recorded = {n for n, entry in zip(names, entries, strict=True) if entry is not None}
    assert recorded <= completed, "the record claims files that never arrived"
    # At most the file in flight can have arrived without being recorded yet.
    assert len(recorded) >= len(completed) - 1
    edited = sorted(recorded)[0]
    edit(pusher / "project" / edited, "edited after the killed run")

    plan = ferry.plan_push(pusher)
    found = states(plan)
    for name in wanted:
        if name == edited:
            assert found[name] == S.CHANGED_LOCAL, name
        elif name in completed:
            assert found[name] == S.IDENTICAL, name
        elif name.startswith("old-"):
            assert found[name] == S.DIFFERS, name
        else:
            assert found[name] == S.NEW, name
    # The run goes on from where the killed one stopped.
    storage.execute(plan, force=True)
    assert not plan.failed_files
    done = ferry.plan_push(pusher)
    assert {states(done)[n] for n in wanted} == {S.IDENTICAL}
    assert caplog.records == [], "the killed run left a record that could not be used"


# --- 4. another folder under the same path ------------------------------------------------


def test_a_folder_replaced_by_another_of_the_same_path_has_no_record(ferry: Ferry):
    storage = ferry.storage
    for folder in (ferry.tech, ferry.analyst):
        folder.rename(folder.with_name(folder.name + "-old"))
        for name in FIRST:  # the same names and sizes, other content
            write(folder / "project" / name, first_content(name).upper())

    pushed = ferry.plan_push(ferry.tech)
    assert set(states(pushed).values()) == {S.DIFFERS}
    pulled = ferry.plan_pull(ferry.analyst)
    assert set(states(pulled).values()) == {S.DIFFERS}
    for plan in (pushed, pulled):
        assert all(i.last_synced is None for i in plan.all_files_analyzed)
        before = ferry.snapshot()
        with pytest.raises(ForceRequiredError):
            storage.execute(plan)
        assert ferry.snapshot() == before


# --- 5. changed back ----------------------------------------------------------------------


def test_a_file_changed_back_to_its_synced_content_is_unchanged(ferry: Ferry):
    storage, tech, analyst = ferry.storage, ferry.tech / "project", ferry.analyst / "project"
    # Push: the technician changes mine.txt and back; the analyst changes it meanwhile.
    edit(tech / "mine.txt", "a passing change")
    edit(tech / "mine.txt", first_content("mine.txt"))
    edit(tech / "same.txt", first_content("same.txt"))  # only touched
    edit(analyst / "mine.txt", "the analyst's edit")
    ferry.push_safely(ferry.analyst)
    plan = ferry.plan_push(ferry.tech)
    assert states(plan)["mine.txt"] == S.CHANGED_REMOTE
    assert states(plan)["same.txt"] == S.IDENTICAL

    # Pull: the analyst changes theirs.txt and back; the technician changes it meanwhile.
    edit(analyst / "theirs.txt", "a passing change")
    edit(analyst / "theirs.txt", first_content("theirs.txt"))
    edit(tech / "theirs.txt", "the technician's edit")
    ferry.push_safely(ferry.tech, "theirs.txt")
    plan = ferry.plan_pull(ferry.analyst)
    assert states(plan)["theirs.txt"] == S.CHANGED_REMOTE
    storage.execute(plan, selection=[rows(plan)["theirs.txt"]])  # a safe update
    assert (analyst / "theirs.txt").read_text() == "the technician's edit"


def test_an_edit_that_restores_the_modification_time_is_still_a_local_change(ferry: Ferry):
    tech, analyst = ferry.tech / "project", ferry.analyst / "project"
    local = analyst / "theirs.txt"
    seen = local.stat()
    local.write_text(first_content("theirs.txt").upper())  # the same size
    os.utime(local, ns=(seen.st_atime_ns, seen.st_mtime_ns))
    edit(tech / "theirs.txt", "the technician's edit")
    ferry.push_safely(ferry.tech)
    plan = ferry.plan_pull(ferry.analyst)
    assert states(plan)["theirs.txt"] == S.CONFLICT
    assert not rows(plan)["theirs.txt"].safe_update
    with pytest.raises(ForceRequiredError):
        ferry.storage.execute(plan)
    assert local.read_text() == first_content("theirs.txt").upper()


# --- 6. a damaged record ------------------------------------------------------------------


def test_a_corrupt_record_is_set_aside_and_the_run_goes_on(ferry: Ferry, caplog):
    storage, tech = ferry.storage, ferry.tech / "project"
    edit(tech / "mine.txt", "the technician's edit")
    assert states(ferry.plan_push(ferry.tech))["mine.txt"] == S.CHANGED_LOCAL

    default_sync_record().close()  # the process that wrote it ends
    path = record_file()
    garbage = b"this is not an SQLite database " * 200
    path.write_bytes(garbage)
    caplog.set_level(logging.WARNING)
    plan = ferry.plan_push(ferry.tech)

    assert states(plan) == {
        **dict.fromkeys(("same.txt", "theirs.txt", "both.txt", "gone.txt"), S.IDENTICAL),
        "mine.txt": S.DIFFERS,
    }
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert any(str(path) in r.getMessage() and "set aside" in r.getMessage() for r in warnings)
    kept = sorted(path.parent.glob("sync-record.sqlite3.unreadable-*"))
    assert [k.read_bytes() for k in kept if not k.name.endswith(("-wal", "-shm"))] == [garbage]

    with pytest.raises(ForceRequiredError):
        storage.execute(plan)
    storage.execute(plan, force=True)
    assert names(plan.synced_files) == ["mine.txt"]
    assert in_bucket(storage, "mine.txt") == "the technician's edit"

    # The new record works: the run recorded mine.txt, the preview the rest.
    edit(tech / "same.txt", "the technician's edit of same")
    assert states(ferry.plan_push(ferry.tech))["same.txt"] == S.CHANGED_LOCAL
    pulled = ferry.plan_pull(ferry.analyst)  # the analyst's entries went with the old one
    assert states(pulled)["mine.txt"] == S.DIFFERS
    storage.execute(pulled, force=True)
    assert (ferry.analyst / "project/mine.txt").read_text() == "the technician's edit"


def test_a_record_that_cannot_be_opened_is_not_used_and_the_run_goes_on(
    make_storage, tmp_path: Path, caplog
):
    blocker = write(tmp_path / "a-file", "a file where the record's folder would be")
    record = SyncRecord(blocker / "sync-record.sqlite3")
    storage = make_storage(BASE, use_pbar=False)
    storage = RemoteStorage(storage.conf, sync_record=record, hash_cache=storage.hash_cache)
    tech = tmp_path / "technician"
    write(tech / "project/a.txt", "first")
    caplog.set_level(logging.WARNING)
    storage.execute(storage.plan_push("project", local_path_prefix=str(tech)))
    edit(tech / "project/a.txt", "second")
    plan = storage.plan_push("project", local_path_prefix=str(tech))
    assert states(plan) == {"a.txt": S.DIFFERS}
    assert any("is not used" in r.getMessage() for r in caplog.records)
    storage.execute(plan, force=True)
    assert in_bucket(storage, "a.txt") == "second"
    assert blocker.read_text() == "a file where the record's folder would be"


_HOLD_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
db.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
time.sleep(60)
"""


def test_a_record_busy_in_another_process_is_not_set_aside(tmp_path: Path):
    path = tmp_path / "sync-record.sqlite3"
    key = PairKey("local:/bucket", "b", "base", "/home/someone/project", (1, 2))
    entry = Entry(1, 2, "0" * 32, 1, "0" * 32, None, "2024-01-01T00:00:00+00:00")
    first = SyncRecord(path)
    first.pair(key).remember([("a.txt", entry)])
    first.close()
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        SyncRecord(path).pair(key)  # waits for the lock, then goes on without the record
    finally:
        holder.kill()
        holder.communicate()
    assert sorted(p.name for p in tmp_path.glob("*.unreadable-*")) == []
    later = SyncRecord(path).pair(key)
    assert list(later.entries_of(["a.txt"])) == [entry]


# --- 7. when last synced, which side is later ---------------------------------------------


def test_last_synced_for_recorded_rows_and_later_side_for_differs(ferry: Ferry, tmp_path: Path):
    tech, analyst = ferry.tech / "project", ferry.analyst / "project"
    started = datetime.now(UTC).replace(microsecond=0)
    edit(tech / "theirs.txt", "the technician's edit")
    edit(tech / "both.txt", "the technician's edit of both")
    ferry.push_safely(ferry.tech)
    edit(analyst / "mine.txt", "the analyst's edit")
    edit(analyst / "both.txt", "the analyst's edit of both")
    plan = ferry.plan_pull(ferry.analyst)
    found = rows(plan)
    assert {n: i.state for n, i in found.items() if i.state != S.IDENTICAL} == {
        "mine.txt": S.CHANGED_LOCAL,
        "theirs.txt": S.CHANGED_REMOTE,
        "both.txt": S.CONFLICT,
    }
    for item in found.values():
        assert item.last_synced is not None, item.remote_path
        when = datetime.fromisoformat(item.last_synced)
        assert when.tzinfo is not None and when.utcoffset().total_seconds() == 0
        assert when <= datetime.now(UTC)
    # The analyst's entries are from the first pull, before `started`; the technician's
    # push recorded theirs.txt and both.txt again, in the technician's record only.
    for name in ("mine.txt", "theirs.txt", "both.txt"):
        assert datetime.fromisoformat(found[name].last_synced) <= started
    pushed = rows(ferry.plan_push(ferry.tech))
    for name in ("theirs.txt", "both.txt"):
        assert pushed[name].state == S.IDENTICAL
        assert datetime.fromisoformat(pushed[name].last_synced) >= started

    # Never synced here: no last_synced; which copy is later, by the clocks.
    newcomer = tmp_path / "newcomer"
    for name, when in (("mine.txt", 946_684_800), ("theirs.txt", time.time() + 86_400)):
        write(newcomer / "project" / name, f"the newcomer's {name}")
        os.utime(newcomer / "project" / name, (when, when))
    for plan in (ferry.plan_pull(newcomer), ferry.plan_push(newcomer)):
        found = rows(plan)
        for name, later in (("mine.txt", "remote"), ("theirs.txt", "local")):
            assert found[name].state == S.DIFFERS
            assert found[name].last_synced is None
            assert found[name].later_side == later, name


# --- 8. one side only: shown, never transferred or deleted --------------------------------


def test_deleted_source_and_only_target_are_never_transferred_or_deleted(ferry: Ferry):
    storage, tech, analyst = ferry.storage, ferry.tech / "project", ferry.analyst / "project"
    write(analyst / "extra.txt", "only the analyst ever had this")
    ferry.push_safely(ferry.analyst)
    (tech / "gone.txt").unlink()
    edit(tech / "mine.txt", "the technician's edit")

    # Push: gone.txt (deleted here) and extra.txt (never here) stay in the bucket.
    plan = ferry.plan_push(ferry.tech)
    assert {n: s for n, s in states(plan).items() if n in ("gone.txt", "extra.txt")} == {
        "gone.txt": S.DELETED_SOURCE,
        "extra.txt": S.ONLY_TARGET,
    }
    untouched = {
        FOLDER + "gone.txt": first_content("gone.txt").encode(),
        FOLDER + "extra.txt": b"only the analyst ever had this",
    }
    storage.execute(plan, force=True, selection=plan.only_on_target)
    assert plan.synced_files == [] and plan.failed_files == []
    storage.execute(plan, force=True)
    storage.push("project", local_path_prefix=str(ferry.tech), force=True)
    in_bucket_now = bucket_bytes(storage)
    assert {n: in_bucket_now.get(n) for n in untouched} == untouched
    assert not (tech / "gone.txt").exists() and not (tech / "extra.txt").exists()

    # Pull: the bucket loses gone.txt; analyst-only.txt was never in it.
    storage.delete("project/gone.txt")
    write(analyst / "analyst-only.txt", "only the analyst has this")
    plan = ferry.plan_pull(ferry.analyst)
    assert {n: s for n, s in states(plan).items() if s in (S.DELETED_SOURCE, S.ONLY_TARGET)} == {
        "gone.txt": S.DELETED_SOURCE,
        "analyst-only.txt": S.ONLY_TARGET,
    }
    storage.execute(plan, force=True, selection=plan.only_on_target)
    assert plan.synced_files == [] and plan.failed_files == []
    storage.execute(plan, force=True)
    storage.pull("project", local_base_dir=str(ferry.analyst), force=True)
    assert (analyst / "gone.txt").read_text() == first_content("gone.txt")
    assert (analyst / "analyst-only.txt").read_text() == "only the analyst has this"
    in_bucket_now = bucket_bytes(storage)
    assert FOLDER + "gone.txt" not in in_bucket_now
    assert FOLDER + "analyst-only.txt" not in in_bucket_now


def test_records_of_other_folders_do_not_keep_their_files_open(tmp_path: Path, monkeypatch):
    """A process that moves between data folders (every test does) keeps at most one
    record open: a leak of three descriptors per record once broke select() elsewhere."""
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("needs /proc/self/fd to count open files")

    def use_record(n: int) -> None:
        monkeypatch.setenv("BUCKETFERRY_DATA_DIR", str(tmp_path / f"d{n}" / "buckets"))
        pair = default_sync_record().pair(PairKey("e", "b", "", str(tmp_path), None))
        pair.remember([("a.txt", Entry(1, 1, None, 1, None, None, "now"))])

    use_record(0)
    before = len(list(fds.iterdir()))
    for n in range(1, 40):
        use_record(n)
    assert len(list(fds.iterdir())) <= before + 3
    assert record_file() == tmp_path / "d39" / "sync-record.sqlite3"


# --- 9. a record larger than what a plan holds at once ------------------------------------

_NAMES = [
    "a.txt", "A.txt", "a b.txt", "a/b.txt", "a/b/c.txt", "a-b.txt", "a0.txt", "Ω.txt", "é.txt",
    "e\u0301.txt", "中文/文件.txt", "emoji-😀.txt", "z/zz/zzz.txt", "~tilde", "\x7f.txt",
]  # fmt: skip
"""Names whose order differs between careless comparisons: case, '/', ' ', '-', accents
composed and not, characters beyond the BMP (4 bytes of UTF-8, a surrogate pair in UTF-16)."""


@pytest.mark.parametrize("page", [1, 2, 3, 1000])
def test_entries_are_read_a_page_at_a_time_and_each_path_gets_its_own(
    tmp_path: Path, monkeypatch, page: int
):
    """entries_of walks the paths beside the record in pages; whatever the page size,
    each path asked for gets exactly its entry, or None: paths before, between and after
    the recorded ones, far apart or side by side."""
    monkeypatch.setattr(SyncRecord, "PAGE", page)
    record = SyncRecord(tmp_path / "record.sqlite3")
    pair = record.pair(PairKey("e", "b", "", str(tmp_path), None))
    recorded = {name: Entry(n, n, None, n, None, None, "then") for n, name in enumerate(_NAMES)}
    recorded.update({f"m/{n:04d}": Entry(n, 0, None, n, None, None, "then") for n in range(50)})
    pair.remember(sorted(recorded.items()))
    asked = sorted(
        [*_NAMES[::2], "0-before-all", "b-between", "m/0007", "m/0042", "m/0100", "zzzz-after"]
    )
    assert list(pair.entries_of(asked)) == [recorded.get(path) for path in asked]
    everything = sorted([*recorded, "b-between", "m/0049x", "zzzz-after"])
    assert list(pair.entries_of(everything)) == [recorded.get(path) for path in everything]
    assert list(pair.entries_of([])) == []
    record.close()


def test_entries_queued_by_a_run_are_read_back(tmp_path: Path):
    """A run queues its entries (written within a moment); a plan made right after it,
    in the same process, reads them."""
    record = SyncRecord(tmp_path / "record.sqlite3")
    pair = record.pair(PairKey("e", "b", "", str(tmp_path), None))
    entry = Entry(1, 1, None, 1, None, None, "now")
    pair.remember([("queued.txt", entry)], now=False)
    assert list(record.pair(pair.key).entries_of(["queued.txt"])) == [entry]
    record.close()


def test_the_time_a_sync_is_recorded_at_is_the_current_second_in_utc():
    """Made once a second and reused: it must still be the current second."""
    for _ in range(3):
        before = datetime.now(UTC).replace(microsecond=0)
        stamp = now()
        after = datetime.now(UTC).replace(microsecond=0)
        assert before <= datetime.fromisoformat(stamp) <= after
        assert stamp.endswith("+00:00") and "." not in stamp
        time.sleep(0.6)
