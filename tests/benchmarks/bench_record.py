"""What the sync record costs a preview: re-previewing a pushed folder with and without it.

Run it as a script (it is not part of the test suite)::

    python tests/benchmarks/bench_record.py                     # 2,000 and 100,000 files
    python tests/benchmarks/bench_record.py --sizes 2000 --repeats 5

For each size N: N files of 1 KiB, 100 to a folder, are pushed once to a local-folder
bucket (so no network and no server share the two cores with the client); then the same
folder is previewed again (``plan_push``; everything identical) ``--repeats`` times in each
of three ways, interleaved so that drift of the machine hits them alike:

- **with**: the default, the user's sync record (``default_sync_record()``), which the push
  filled. The preview loads every entry below the folder (one query) and checks that the
  identical files are recorded as they are (it writes nothing when they are).
- **without**: ``RemoteStorage(conf, sync_record=SyncRecord(<path below a regular file>))``.
  There is no public way to preview without a record, so this is a record that cannot be
  opened (its folder cannot be made): it is given up at once, with a warning, and the
  preview goes on without it. A directory at the record's path does *not* do that: it
  counts as a damaged record, is renamed aside and a new, empty record is started.
  The record's code still runs (it builds an entry for every identical file, then has
  nowhere to store it); only SQLite is out of the way.
- **bypassed** (for reference only): the preview with the record's step replaced by a
  no-op (``previews._with_record``, patched in this process), the cost of the rest of the
  preview alone.

One warm-up preview of each kind runs first (not timed), so no kind pays for a cold disk
cache or for opening the record. Printed: median and spread (min-max) of each kind, the
ratio with/without of the medians (target: under 1.10), and the size of the record file.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FILE_SIZE = 1024
PER_FOLDER = 100
TARGET = 1.10


def make_files(root: Path, count: int) -> None:
    payload = os.urandom(FILE_SIZE)
    for i in range(count):
        folder = root / f"d{i // 10_000:02}" / f"e{(i // PER_FOLDER) % 100:02}"
        if i % PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        # Every file differs (its number in front), so no two share a hash.
        (folder / f"f{i:06}.bin").write_bytes(i.to_bytes(4, "big") + payload[4:])


def human(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.1f} {unit}" if unit != "B" else f"{size} B"
        size /= 1024  # type: ignore[assignment]
    raise AssertionError


def record_size(path: Path) -> tuple[int, int]:
    """The record file's size and its write-ahead log's."""
    wal = Path(f"{path}-wal")
    return path.stat().st_size, wal.stat().st_size if wal.exists() else 0


def run_size(count: int, repeats: int, work: Path) -> dict[str, list[float]]:
    os.environ["BUCKETFERRY_DATA_DIR"] = str(work / "data" / "buckets")
    os.environ["BUCKETFERRY_CACHE_DIR"] = str(work / "cache")

    from bucketferry.core import RemoteStorage, RemoteStorageConfig, previews
    from bucketferry.core.locations import record_file
    from bucketferry.core.states import PlanState
    from bucketferry.core.sync_record import SyncRecord, default_sync_record

    conf = RemoteStorageConfig(
        provider="local",
        key=str(work / "bucket-root"),
        bucket="bench",
        secret="",
        base_path="bench",
        use_pbar=False,
    )
    src = work / "src"
    started = time.perf_counter()
    make_files(src / "data", count)
    print(f"  {count:,} files of {FILE_SIZE} B made in {time.perf_counter() - started:.1f} s")

    storage = RemoteStorage(conf)
    storage.create_bucket()
    started = time.perf_counter()
    pushed = storage.push("data", local_path_prefix=str(src))
    assert len(pushed.synced_files) == count, len(pushed.synced_files)
    print(f"  pushed in {time.perf_counter() - started:.1f} s")
    record = record_file()
    size_after_push = record_size(record)

    blocker = work / "not-a-folder"
    blocker.write_text("the unusable record's folder would be here")
    real_with_record = previews._with_record

    def with_record() -> RemoteStorage:
        previews._with_record = real_with_record
        return RemoteStorage(conf)

    def without_record() -> RemoteStorage:
        previews._with_record = real_with_record
        return RemoteStorage(conf, sync_record=SyncRecord(blocker / "sync-record.sqlite3"))

    def bypassed() -> RemoteStorage:
        previews._with_record = lambda place, summary, local_root: None
        return RemoteStorage(conf)

    kinds: dict[str, Callable[[], RemoteStorage]] = {
        "with": with_record,
        "without": without_record,
        "bypassed": bypassed,
    }

    def preview(kind: str) -> float:
        storage = kinds[kind]()
        started = time.perf_counter()
        plan = storage.plan_push("data", local_path_prefix=str(src))
        took = time.perf_counter() - started
        assert len(plan.on_target_eq_md5) == count and not plan.files_to_sync, kind
        assert all(s.state == PlanState.IDENTICAL for s in plan.on_target_eq_md5)
        recorded = sum(s.last_synced is not None for s in plan.on_target_eq_md5)
        assert recorded == (count if kind == "with" else 0), (kind, recorded)
        return took

    logging.getLogger("bucketferry.core.sync_record").setLevel(logging.ERROR)
    for kind in kinds:  # warm-up
        preview(kind)
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(repeats):
        for kind in kinds:
            times[kind].append(preview(kind))
    previews._with_record = real_with_record

    size_now = record_size(record)
    assert size_now[0] == size_after_push[0], "a preview of identical files wrote the record"
    default_sync_record().close()  # checkpoints the write-ahead log into the file
    closed = record_size(record)
    print(
        f"  record: {human(size_now[0])} + {human(size_now[1])} write-ahead log while open; "
        f"{human(closed[0])} after closing ({closed[0] / count:.0f} B per file)"
    )
    return times


def report(count: int, times: dict[str, list[float]]) -> None:
    for kind, values in times.items():
        runs = ", ".join(f"{v:.3f}" for v in values)
        print(
            f"  {kind:>8}: median {statistics.median(values):.3f} s, "
            f"spread {min(values):.3f}-{max(values):.3f} s  ({runs})"
        )
    ratio = statistics.median(times["with"]) / statistics.median(times["without"])
    verdict = "within" if ratio < TARGET else "ABOVE"
    print(f"  with/without: {ratio:.3f} ({verdict} the {TARGET:.2f} target)")
    ratio = statistics.median(times["with"]) / statistics.median(times["bypassed"])
    print(f"  with/bypassed: {ratio:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="2000,100000",
        help="comma-separated file counts (default: 2000,100000)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="timed previews per kind")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    for count in sizes:
        print(f"N = {count:,}")
        # Each size in a process of its own: one process's caches never help the next.
        if len(sizes) > 1:
            import subprocess

            done = subprocess.run(
                [sys.executable, __file__, "--sizes", str(count), "--repeats", str(args.repeats)],
                check=False,
                stdout=subprocess.PIPE,
                text=True,
            )
            print("\n".join(done.stdout.splitlines()[2:]))
            if done.returncode:
                return done.returncode
            continue
        with tempfile.TemporaryDirectory(prefix="bench-record-") as work:
            times = run_size(count, args.repeats, Path(work))
        report(count, times)
    return 0


if __name__ == "__main__":
    sys.exit(main())
