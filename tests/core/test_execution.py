"""Running a plan: progress reports, cancellation, per-file results, reruns, threads."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from bucketferry.core import CancelToken, Progress, RemoteStorage
from bucketferry.core.stores.libcloud_store import LibcloudStore
from tests.helpers import tree_bytes, write


def make_files(root: Path, count: int, size: int = 1000) -> None:
    for i in range(count):
        write(root / f"d/{i % 5}/{i}.bin", bytes([i % 256]) * size)


def slow_down(storage: RemoteStorage, method: str) -> None:
    """Make each transfer take 20 ms, so a run lasts long enough to be cancelled midway."""
    original = getattr(storage.store, method)

    def slow(*args, **kwargs):
        time.sleep(0.02)
        return original(*args, **kwargs)

    setattr(storage.store, method, slow)


def test_progress_reports_files_and_bytes_up_to_the_totals(make_storage, tmp_path: Path):
    make_files(tmp_path / "src", 40)
    storage = make_storage()
    reports: list[Progress] = []
    storage.push("d", local_path_prefix=str(tmp_path / "src"), progress=reports.append)
    assert reports, "no progress was reported"
    last = reports[-1]
    assert (last.files_done, last.files_total) == (40, 40)
    assert last.bytes_done == last.bytes_total == 40_000
    done = [r.bytes_done for r in reports]
    assert done == sorted(done)


def test_progress_is_throttled(make_storage, tmp_path: Path):
    make_files(tmp_path / "src", 200, size=10)
    storage = make_storage()
    reports: list[Progress] = []
    started = time.monotonic()
    storage.push("d", local_path_prefix=str(tmp_path / "src"), progress=reports.append)
    elapsed = time.monotonic() - started
    assert len(reports) <= elapsed * 10 + 2


def test_cancel_stops_the_run_and_a_second_run_syncs_only_what_is_missing(
    make_storage, tmp_path: Path
):
    make_files(tmp_path / "src", 60)
    storage = make_storage()
    plan = storage.push("d", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    cancel = CancelToken()
    slow_down(storage, "upload")

    def cancel_after_some(progress: Progress) -> None:
        if progress.files_done >= 5:
            cancel.cancel()

    result = storage.execute(plan, cancel=cancel, progress=cancel_after_some, workers=2)
    assert result.cancelled
    synced_first = {s.name for s in result.synced_files}
    assert 5 <= len(synced_first) < 60
    assert {s.status for s in plan.not_on_target} <= {"synced", "cancelled"}
    assert {o.name for o in storage.list_objects("")} == synced_first
    second = storage.execute(plan)
    assert not second.cancelled
    assert len(second.synced_files) == 60
    fresh = storage.push("d", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    assert len(fresh.on_target_eq_md5) == 60


def test_cancelled_pull_leaves_no_partial_files(make_storage, tmp_path: Path):
    make_files(tmp_path / "src", 60, size=20_000)
    storage = make_storage()
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    out = tmp_path / "out"
    cancel = CancelToken()
    slow_down(storage, "open_read")
    storage.pull(
        "d",
        local_base_dir=str(out),
        cancel=cancel,
        progress=lambda p: cancel.cancel() if p.files_done >= 3 else None,
        workers=3,
    )
    pulled = tree_bytes(out)
    source = tree_bytes(tmp_path / "src")
    assert 3 <= len(pulled) < 60
    assert all(source[name] == data for name, data in pulled.items())
    assert not [p for p in out.rglob("*") if ".bfpart-" in p.name]


def test_each_worker_thread_has_its_own_connection(s3_conf, tmp_path: Path):
    make_files(tmp_path / "src", 40)
    storage = RemoteStorage(s3_conf(workers=4))
    store = storage.store
    assert isinstance(store, LibcloudStore)
    seen: dict[int, int] = {}
    lock = threading.Lock()
    original = store.driver

    def recording_driver():
        driver = original()
        with lock:
            seen.setdefault(threading.get_ident(), id(driver))
        return driver

    store.driver = recording_driver  # type: ignore[method-assign]
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    worker_drivers = list(seen.values())
    assert len(worker_drivers) >= 2
    assert len(set(worker_drivers)) == len(worker_drivers)


def test_results_are_per_file_with_reasons(make_storage, tmp_path: Path):
    make_files(tmp_path / "src", 3)
    storage = make_storage()
    plan = storage.push("d", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    victim = plan.not_on_target[0]
    Path(victim.local_path).unlink()
    result = storage.execute(plan)
    assert [s.name for s in result.failed_files] == [victim.name]
    assert victim.status == "failed" and "No such file" in (victim.reason or "")
    assert {s.status for s in result.synced_files} == {"synced"}
