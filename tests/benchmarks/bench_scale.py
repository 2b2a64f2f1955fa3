"""Bucket Ferry against rclone at scale: many small files, on the local-folder bucket (no
server, so what is measured is the tools themselves), three runs each.

    python tests/benchmarks/bench_scale.py                    # 100,000 x 1 KiB, 500 folders
    python tests/benchmarks/bench_scale.py --files 2000 --runs 3
    python tests/benchmarks/bench_scale.py --files 1000000 --ops preview --tools ours

Operations, each a fresh process measured by the kernel (``os.wait4`` through the same
bare launcher as bench_sync.py: wall time, CPU time, peak RSS):

- ``push``: the bucket empty; ours ``bucketferry push`` vs ``rclone copy --checksum``.
- ``preview``: everything present, nothing to do, decided again by a new process; ours
  ``push --dry-run`` (by content, from its hash cache) vs ``rclone copy --dry-run`` (size
  and modification time, rclone's default, the faster of its two ways) and, for
  reference, ``rclone copy --checksum --dry-run`` (which reads every file again).
- ``json``: ours ``push --dry-run --json`` into a file (the plan for scripts).
- ``pull``: into an empty folder; ours ``bucketferry pull`` vs ``rclone copy --checksum``
  back.

Each operation runs ``--runs`` times on fresh targets (the source tree is made once);
the table gives the median with the spread (min-max) and the ratio of medians. The hash
cache lives in a folder of the benchmark's own for the whole run, shared by our runs only,
as a user's would be. rclone is Debian's (``apt-get install rclone``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_sync import LAUNCHER

HERE = Path(__file__).resolve().parent
BUCKET = "scale"


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    rss_mb: float
    exit_code: int


@dataclass
class Row:
    op: str
    tool: str
    runs: list[Run] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)

    def spread(self, attr: str) -> str:
        values = [getattr(r, attr) for r in self.runs]
        return f"{min(values):.2f}-{max(values):.2f}"


def generate(root: Path, files: int, per_folder: int) -> None:
    """``files`` files of 1 KiB of random bytes, ``per_folder`` to a folder."""
    for number in range(files):
        folder = root / f"d{number // per_folder:05d}"
        if number % per_folder == 0:
            folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{number:07d}.bin").write_bytes(os.urandom(1024))


def measure(launcher: Path, argv: list[str], env: dict[str, str], logs: Path) -> Run:
    out, err = logs.with_suffix(".out"), logs.with_suffix(".err")
    report = subprocess.run(
        [sys.executable, "-I", "-S", str(launcher), "7200", str(out), str(err), *argv],
        env=env,
        stdout=subprocess.PIPE,
        check=True,
    ).stdout
    numbers = json.loads(report)
    if numbers["exit"] != 0:
        print(f"    ! {argv[0]} exited {numbers['exit']}: {err.read_text()[-500:]}")
    return Run(
        wall_s=numbers["wall"],
        cpu_s=numbers["user"] + numbers["sys"],
        rss_mb=numbers["maxrss_kib"] * 1024 / 1e6,
        exit_code=numbers["exit"],
    )


class Bench:
    def __init__(self, work: Path, files: int) -> None:
        self.work = work
        self.source = work / "source"
        self.launcher = work / "launcher.py"
        self.launcher.write_text(LAUNCHER)
        self.logs = work / "logs"
        self.logs.mkdir(exist_ok=True)
        self.files = files
        bucketferry = Path(sys.executable).with_name("bucketferry")
        self.ours = [str(bucketferry if bucketferry.exists() else "bucketferry")]
        self.env = dict(os.environ)
        self.env.pop("AWS_CA_BUNDLE", None)  # rclone refuses to start with it set
        self.count = 0
        self.new_user()

    def new_user(self) -> None:
        """Our state as a new user has it: no hash cache, no sync record. Each push from
        an empty bucket starts so (rclone keeps nothing between runs); the previews and
        pulls after it use what that push left, as a user's would."""
        state = self.work / f"state-{self.count}"
        shutil.rmtree(state, ignore_errors=True)
        self.env.update(
            BUCKETFERRY_CACHE_DIR=str(state / "cache"),
            BUCKETFERRY_DATA_DIR=str(state / "data"),
            BUCKETFERRY_CONFIG_DIR=str(state / "config"),
            XDG_DATA_HOME=str(state / "xdg"),
        )

    def buckets(self, tool: str) -> Path:
        return self.work / f"buckets-{tool}"

    def connection(self, tool: str) -> list[str]:
        return ["--provider", "local", "--key", str(self.buckets(tool)), "--bucket", BUCKET]

    def run(self, argv: list[str]) -> Run:
        self.count += 1
        return measure(self.launcher, argv, self.env, self.logs / f"{self.count:03d}")

    def fresh_bucket(self, tool: str) -> Path:
        where = self.buckets(tool) / BUCKET
        shutil.rmtree(self.buckets(tool), ignore_errors=True)
        where.mkdir(parents=True)
        return where

    def push(self, tool: str) -> Run:
        target = self.fresh_bucket(tool)
        if tool == "ours":
            self.new_user()
            argv = [*self.ours, "push", ".", "--local-prefix", str(self.source)]
            return self.run([*argv, *self.connection(tool)])
        return self.run(["rclone", "copy", "--checksum", str(self.source), str(target)])

    def preview(self, tool: str) -> Run:
        if tool == "ours":
            argv = [*self.ours, "push", ".", "--local-prefix", str(self.source), "--dry-run"]
            return self.run([*argv, *self.connection(tool)])
        target = str(self.buckets("rclone") / BUCKET)
        extra = ["--checksum"] if tool == "rclone-checksum" else []
        return self.run(["rclone", "copy", *extra, "--dry-run", str(self.source), target])

    def json_plan(self, tool: str) -> Run:
        argv = [*self.ours, "push", ".", "--local-prefix", str(self.source), "--dry-run"]
        return self.run([*argv, "--json", *self.connection("ours")])

    def pull(self, tool: str) -> Run:
        target = self.work / f"pulled-{tool}"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        if tool == "ours":
            argv = [*self.ours, "pull", "", str(target)]
            return self.run([*argv, *self.connection(tool)])
        source = str(self.buckets("rclone") / BUCKET)
        return self.run(["rclone", "copy", "--checksum", source, str(target)])


PLANS = {
    "push": ("push", ["ours", "rclone"]),
    "preview": ("preview", ["ours", "rclone", "rclone-checksum"]),
    "json": ("json_plan", ["ours"]),
    "pull": ("pull", ["ours", "rclone"]),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--per-folder", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ops", default="push,preview,json,pull")
    parser.add_argument("--tools", default="ours,rclone,rclone-checksum")
    parser.add_argument("--work", type=Path, help="keep the data here (reused if present)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bucketferry-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work, args.files)
    if not (work / "source-complete").exists():
        print(f"Generating {args.files:,} files of 1 KiB in {work} ...", flush=True)
        shutil.rmtree(bench.source, ignore_errors=True)
        generate(bench.source, args.files, args.per_folder)
        (work / "source-complete").write_text(str(args.files))
    tools = args.tools.split(",")
    rows: list[Row] = []
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {args.runs} runs each")
    for op in args.ops.split(","):
        method, candidates = PLANS[op]
        for run_number in range(args.runs):
            for tool in [t for t in candidates if t in tools]:
                if op == "preview" and run_number == 0:
                    bench.push(tool if tool == "ours" else "rclone")
                row = next((r for r in rows if (r.op, r.tool) == (op, tool)), None)
                if row is None:
                    row = Row(op, tool)
                    rows.append(row)
                row.runs.append(getattr(bench, method)(tool))
                last = row.runs[-1]
                print(
                    f"  {op:<8} {tool:<16} run {run_number + 1}: {last.wall_s:7.2f} s "
                    f"{last.cpu_s:7.2f} s CPU {last.rss_mb:7.1f} MB",
                    flush=True,
                )
    report(rows, args.files)
    if args.json:
        args.json.write_text(
            json.dumps(
                [{"op": r.op, "tool": r.tool, "runs": [vars(x) for x in r.runs]} for r in rows],
                indent=2,
            )
        )
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


def report(rows: list[Row], files: int) -> None:
    print(f"\n{files:,} files; median (min-max) of each")
    print(f"{'operation':<9} {'tool':<16} {'wall s':>18} {'peak RSS MB':>22} {'ratio':>6}")
    for row in rows:
        anchor = next((r for r in rows if r.op == row.op and r.tool == "rclone"), None)
        ratio = (
            f"{row.median('wall_s') / anchor.median('wall_s'):.2f}"
            if anchor is not None and row.tool == "ours"
            else ""
        )
        print(
            f"{row.op:<9} {row.tool:<16} {row.median('wall_s'):7.2f} ({row.spread('wall_s')})"
            f" {row.median('rss_mb'):8.1f} ({row.spread('rss_mb')}) {ratio:>6}"
        )


if __name__ == "__main__":
    main()
