"""Bucket Ferry against rclone at scale: many small files, on the local-folder bucket (no
server, so what is measured is the tools themselves) or on moto's S3 server over HTTP,
three runs each.

    python tests/benchmarks/bench_scale.py                    # 100,000 x 1 KiB, 500 folders
    python tests/benchmarks/bench_scale.py --files 2000 --runs 3
    python tests/benchmarks/bench_scale.py --files 1000000 --ops preview --tools ours
    python tests/benchmarks/bench_scale.py --backend moto     # 20,000 x 1 KiB on moto S3
    python tests/benchmarks/bench_scale.py --backend moto --files 500 --runs 1

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

``--backend moto`` (default 20,000 files, issue 17's size: push <= 0.9x, preview again
<= 1.0x, pull <= 0.9x rclone) runs the same operations against one moto S3 server for the
whole run, started on 127.0.0.1 by backends.py's ``moto_s3`` (as bench_sync.py does) and
stopped on exit, Ctrl-C or SIGTERM included. Every push goes to a fresh, empty bucket (the
tool's previous one is deleted, untimed, so moto's memory stays at one bucket per tool);
the previews and pulls use what the tool's last push left there. Ours reaches the server
with ``--provider s3 --host 127.0.0.1 --port N --no-tls --key ...`` and the secret in
``BUCKETFERRY_SECRET``; rclone with an ``RCLONE_CONFIG_BENCH_*`` remote from environment
variables only (an empty config file of the benchmark's own, ``AWS_CA_BUNDLE`` unset: rclone
refuses to start with it). Both tools run with the parallelism they ship with (printed in
the header). The moto server shares the cores with the tools: its CPU seconds per run are
printed too, and absolute seconds are pessimistic; compare the ratios. On S3, rclone's
default preview (size and modification time) is not its faster way: it reads each object's
modification time from its metadata with one HEAD request per object, while ``--checksum``
takes the md5 from the listing; the targets are therefore shown against both. After every push
the bucket's objects are counted (boto3, untimed), after every pull the files pulled, and
the previews must find nothing to do; a failed check or tool makes the exit code 1. The
table ends with the issue's targets, met or missed. The run for the issue::

    python tests/benchmarks/bench_scale.py --backend moto --files 20000 --runs 3
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from backends import MotoS3, Server, as_installed, clean_env, moto_s3
from bench_sync import LAUNCHER, ServerCpu, engine_default_workers, measure, stop_current_launcher

HERE = Path(__file__).resolve().parent
BUCKET = "scale"
FILE_SIZE = 1024
DEFAULT_FILES = {"local": 100_000, "moto": 20_000}
TARGETS = [  # issue 17, on moto: (operation, rclone's row, ours/rclone at most)
    ("push", "rclone", 0.9),
    ("preview", "rclone", 1.0),
    ("preview", "rclone-checksum", 1.0),
    ("pull", "rclone", 0.9),
]


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    rss_mb: float
    exit_code: int
    server_cpu_s: float | None = None
    """moto's CPU seconds during the run (moto mode only)."""
    check: str | None = None
    """What the check after the run saw (moto mode only)."""
    ok: bool = True


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
        (folder / f"f{number:07d}.bin").write_bytes(os.urandom(FILE_SIZE))


class Bench:
    def __init__(self, work: Path, files: int, server: Server | None = None) -> None:
        self.work = work
        self.source = work / "source"
        self.launcher = work / "launcher.py"
        self.launcher.write_text(LAUNCHER)
        self.logs = work / "logs"
        self.logs.mkdir(exist_ok=True)
        self.files = files
        bucketferry = Path(sys.executable).with_name("bucketferry")
        self.ours = [str(bucketferry if bucketferry.exists() else "bucketferry")]
        self.server = server
        self.server_cpu = ServerCpu(server.pid) if server is not None else None
        self.bucket_names: dict[str, str] = {}
        """On moto: each tool's current bucket (made by its last push)."""
        if server is None:
            self.env = as_installed(dict(os.environ))
        else:
            config = work / "rclone.conf"  # rclone: the remote "bench" from the environment
            config.write_text("")
            self.env = clean_env(
                RCLONE_CONFIG=str(config),
                BUCKETFERRY_SECRET=server.tool_conf["secret"],
                **server.rclone_env,
            )
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
        if self.server is None:
            return ["--provider", "local", "--key", str(self.buckets(tool)), "--bucket", BUCKET]
        conf = self.server.tool_conf
        argv = ["--provider", conf["provider"], "--host", conf["host"], "--port"]
        argv += [str(conf["port"]), *([] if conf["secure"] else ["--no-tls"])]
        return [*argv, "--key", conf["key"], "--bucket", self.bucket_names[tool]]

    def remote(self, tool: str) -> str:
        """rclone's name for the tool's bucket."""
        if self.server is None:
            return str(self.buckets(tool) / BUCKET)
        return f"bench:{self.bucket_names[tool]}"

    def run(self, argv: list[str]) -> Run:
        self.count += 1
        logs = self.logs / f"{self.count:03d}"
        try:
            child = measure(self.launcher, argv, self.env, logs, 7200.0, self.server_cpu)
        except BaseException:  # Ctrl-C, SIGTERM: the launcher and its tool, before the server
            stop_current_launcher()
            raise
        if child.exit_code != 0:
            print(f"    ! {argv[0]} exited {child.exit_code}: {child.stderr[-500:]}")
        return Run(
            wall_s=child.wall_s,
            cpu_s=child.user_s + child.sys_s,
            rss_mb=child.max_rss_kib * 1024 / 1e6,
            exit_code=child.exit_code,
            server_cpu_s=child.server_cpu_s if self.server_cpu is not None else None,
            ok=child.exit_code == 0,
        )

    def log_text(self, suffix: str) -> str:
        """The last run's standard output (".out") or error (".err")."""
        path = self.logs / f"{self.count:03d}{suffix}"
        return path.read_text(errors="replace") if path.exists() else ""

    def fresh_bucket(self, tool: str) -> str:
        if self.server is None:
            where = self.buckets(tool) / BUCKET
            shutil.rmtree(self.buckets(tool), ignore_errors=True)
            where.mkdir(parents=True)
            return str(where)
        old = self.bucket_names.pop(tool, None)
        if old is not None:
            delete_bucket(self.server, old)
        # S3: 3-63 characters, lower case, digits and hyphens
        name = f"scale-{tool}-{os.getpid()}-{self.count}"
        self.server.create_bucket(name)
        self.bucket_names[tool] = name
        return self.remote(tool)

    def push(self, tool: str) -> Run:
        target = self.fresh_bucket(tool)
        if tool == "ours":
            self.new_user()
            argv = [*self.ours, "push", ".", "--local-prefix", str(self.source)]
            result = self.run([*argv, *self.connection(tool)])
        else:
            result = self.run(["rclone", "copy", "--checksum", str(self.source), target])
        if self.server is not None:
            count, total = self.server.stats(self.bucket_names[tool], "")
            ok = count == self.files and total == self.files * FILE_SIZE
            self.checked(result, ok, f"{count} objects, {total} bytes in the bucket")
        return result

    def preview(self, tool: str) -> Run:
        if tool == "ours":
            argv = [*self.ours, "push", ".", "--local-prefix", str(self.source), "--dry-run"]
            result = self.run([*argv, *self.connection(tool)])
            if self.server is not None:
                self.checked(result, *nothing_to_push(self.log_text(".out"), self.files))
            return result
        target = self.remote("rclone")
        extra = ["--checksum"] if tool == "rclone-checksum" else []
        result = self.run(["rclone", "copy", *extra, "--dry-run", str(self.source), target])
        if self.server is not None:
            would_copy = self.log_text(".err").count("Skipped copy as --dry-run")
            self.checked(result, would_copy == 0, f"would copy {would_copy}")
        return result

    def json_plan(self, tool: str) -> Run:
        argv = [*self.ours, "push", ".", "--local-prefix", str(self.source), "--dry-run"]
        result = self.run([*argv, "--json", *self.connection("ours")])
        if self.server is not None:
            size = (self.logs / f"{self.count:03d}.out").stat().st_size
            self.checked(result, size > 0, f"plan of {size:,} bytes")
        return result

    def pull(self, tool: str) -> Run:
        target = self.work / f"pulled-{tool}"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        if tool == "ours":
            argv = [*self.ours, "pull", "", str(target)]
            result = self.run([*argv, *self.connection(tool)])
        else:
            source = self.remote("rclone")
            result = self.run(["rclone", "copy", "--checksum", source, str(target)])
        if self.server is not None:
            pulled = sorted(p.relative_to(target) for p in target.rglob("*") if p.is_file())
            wanted = sorted(p.relative_to(self.source) for p in self.source.rglob("*.bin"))
            total = sum((target / p).stat().st_size for p in pulled)
            same = pulled == wanted and total == self.files * FILE_SIZE
            self.checked(result, same, f"{len(pulled)} files, {total} bytes pulled")
            shutil.rmtree(target, ignore_errors=True)
        return result

    @staticmethod
    def checked(result: Run, ok: bool, seen: str) -> None:
        result.ok = result.ok and ok
        result.check = seen if ok else f"BAD: {seen}"


def nothing_to_push(output: str, files: int) -> tuple[bool, str]:
    """Whether ours' ``push --dry-run`` text plans nothing and finds all ``files``
    identical (its summary line: "push: 0 files to transfer (0 B): ...; 50 identical, ...")."""
    summary = next((line for line in output.splitlines() if line.startswith("push: ")), "")
    to_transfer = re.search(r"push: ([\d,]+) files? to transfer", summary)
    identical = re.search(r"([\d,]+) identical", summary)
    if to_transfer is None or identical is None:
        return False, f"no summary line: {output.strip()[-200:]}"
    ok = to_transfer[1] == "0" and int(identical[1].replace(",", "")) == files
    return ok, summary.removeprefix("push: ")


def delete_bucket(server: Server, name: str) -> None:
    """Empty and delete a bucket on moto, untimed (keeps moto's memory to what is used)."""
    if not isinstance(server, MotoS3):
        return
    client = server.client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
        keys = [{"Key": obj["Key"]} for obj in page.get("Contents", [])]
        if keys:
            client.delete_objects(Bucket=name, Delete={"Objects": keys, "Quiet": True})
    client.delete_bucket(Bucket=name)


PLANS = {
    "push": ("push", ["ours", "rclone"]),
    "preview": ("preview", ["ours", "rclone", "rclone-checksum"]),
    "json": ("json_plan", ["ours"]),
    "pull": ("pull", ["ours", "rclone"]),
}


@contextlib.contextmanager
def backend_server(backend: str, logs: Path) -> Iterator[Server | None]:
    """moto's S3 server for the whole run (stopped on the way out), or none."""
    if backend == "local":
        yield None
        return
    logs.mkdir(parents=True, exist_ok=True)
    with moto_s3(logs) as server:
        yield server


def rclone_defaults() -> str:
    """rclone's own --transfers and --checkers, as its help states them."""
    found = subprocess.run(
        ["rclone", "help", "flags"], capture_output=True, text=True, check=False
    ).stdout
    values = []
    for flag in ("transfers", "checkers"):
        match = re.search(rf"--{flag} int .*\(default (\d+)\)", found)
        values.append(f"--{flag} {match.group(1) if match else '?'}")
    return " ".join(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=sorted(DEFAULT_FILES), default="local")
    parser.add_argument(
        "--files", type=int, help="default: 100,000 on local, 20,000 on moto (issue 17)"
    )
    parser.add_argument("--per-folder", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ops", default="push,preview,json,pull")
    parser.add_argument("--tools", default="ours,rclone,rclone-checksum")
    parser.add_argument("--work", type=Path, help="keep the data here (reused if present)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()
    if args.files is None:
        args.files = DEFAULT_FILES[args.backend]
    # SIGTERM as KeyboardInterrupt, so the server, the running tool and the data go too
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    work = args.work or Path(tempfile.mkdtemp(prefix="bucketferry-scale-"))
    try:
        return run_all(args, work)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


def run_all(args: argparse.Namespace, work: Path) -> int:
    work.mkdir(parents=True, exist_ok=True)
    marker = work / "source-complete"
    if not (marker.exists() and marker.read_text() == str(args.files)):
        print(f"Generating {args.files:,} files of 1 KiB in {work} ...", flush=True)
        marker.unlink(missing_ok=True)
        shutil.rmtree(work / "source", ignore_errors=True)
        generate(work / "source", args.files, args.per_folder)
        marker.write_text(str(args.files))
    tools = args.tools.split(",")
    rows: list[Row] = []
    with backend_server(args.backend, work / "logs") as server:
        bench = Bench(work, args.files, server)
        print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {args.runs} runs each")
        if server is not None:
            print(f"{server.name} ({server.version}) on 127.0.0.1:{server.port}, plain HTTP")
        print(
            f"parallelism as shipped: ours --workers {engine_default_workers()}, "
            f"rclone {rclone_defaults()}"
        )
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
                    extra = ""
                    if last.server_cpu_s is not None:
                        extra = f" server {last.server_cpu_s:6.2f} s  {last.check}"
                    print(
                        f"  {op:<8} {tool:<16} run {run_number + 1}: {last.wall_s:7.2f} s "
                        f"{last.cpu_s:7.2f} s CPU {last.rss_mb:7.1f} MB{extra}",
                        flush=True,
                    )
    report(rows, args.files)
    if server is not None:
        report_targets(rows)
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "op": r.op,
                        "tool": r.tool,
                        "runs": [
                            {k: v for k, v in vars(x).items() if v is not None} for x in r.runs
                        ],
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
    failed = [f"{r.op} {r.tool}" for r in rows if not all(x.ok for x in r.runs)]
    if failed:
        print("\nFAILED: " + ", ".join(failed))
    return 1 if failed else 0


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


def report_targets(rows: list[Row]) -> None:
    """Issue 17's targets on moto: ours/rclone wall time (medians), and moto's CPU."""
    print("\nissue 17 on moto: ours/rclone, median wall time (spread of ours; of rclone)")
    for op, other, limit in TARGETS:
        ours = next((r for r in rows if (r.op, r.tool) == (op, "ours")), None)
        theirs = next((r for r in rows if (r.op, r.tool) == (op, other)), None)
        if ours is None or theirs is None:
            continue
        ratio = ours.median("wall_s") / theirs.median("wall_s")
        verdict = "ok" if ratio <= limit else "MISS"
        print(
            f"  {op:<8} vs {other:<16} {ratio:5.2f} <= {limit:g} {verdict:<4} "
            f"({ours.spread('wall_s')} s; {theirs.spread('wall_s')} s)"
        )
    print("moto's CPU seconds per run, median:")
    for row in rows:
        print(f"  {row.op:<8} {row.tool:<16} {row.median('server_cpu_s'):6.2f}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\nInterrupted; the server and temporary files were cleaned up.", file=sys.stderr)
        sys.exit(130)
