"""Bucket Ferry against accsr and rclone on one local server (moto's S3 or Azurite, Azure's
emulator): time, memory, CPU.

Run it as a script (it is not part of the test suite; backends.py beside it is imported
from the script's folder)::

    python tests/benchmarks/bench_sync.py                      # S3: 2,000 x 4 KiB + 256 MiB
    python tests/benchmarks/bench_sync.py --backend azure      # the same on Azurite
    python tests/benchmarks/bench_sync.py --small 200 --big-mib 32 --tools ours,rclone
    python tests/benchmarks/bench_sync.py --json results.json

Why it is built this way:

- **One process per operation.** A user runs ``bucketferry push`` (or a script that calls
  ``RemoteStorage.push``) as a fresh process, so interpreter start-up and imports are part of
  what they wait for, and rclone is a separate program anyway. Running every operation of
  every tool as a child process measures all three the same way, and lets the kernel report
  the child's own peak RSS and CPU time (``os.wait4``) without instrumenting anybody's code.
- **The "preview again" run is a fresh process too.** That is where Bucket Ferry's
  persistent hash cache matters: it must tell that 2,000 files are unchanged without reading
  them again. ``BUCKETFERRY_CACHE_DIR`` points at a temporary folder that lives for the whole
  benchmark, so the cache is shared by our runs and by nothing else.
- **One local server for all tools, on 127.0.0.1.** No network beyond loopback, no account;
  each tool gets its own bucket (container). The server is slower than the real service and
  competes with the clients for the 2 cores, so absolute numbers are pessimistic: compare
  tools with the ratios, not the seconds. The server process's CPU time per operation is
  printed as well (from /proc: all its threads). What differs between the backends is in
  backends.py (how each tool reaches the server, how buckets are made and results read).
- **S3 (``--backend s3``, the default): moto's S3 server.** moto answers every request with
  ``Connection: close``, so every tool opens one TCP connection per request here (a real S3
  keeps them alive).
- **Azure (``--backend azure``): Azurite**, Microsoft's own emulator, the one the test suite
  uses (``npm ci --prefix tests/azurite``), started by ``tests/azure_emulator.py``'s
  ``running_azurite()`` (in memory, a free port, telemetry off). It speaks the Blob REST API
  and checks shared-key signatures as Azure does, so each tool sends exactly the requests it
  would send to Azure. What it does not say: Azurite is one single-threaded Node.js process
  on the same 2 cores, keeping blobs in memory, with no network latency, TLS, throttling or
  server-side parallelism. Small files therefore measure client CPU plus Azurite's CPU per
  request (about 1.3 ms of node time per GET here), not what a user waits for against a real
  account, where each request costs a network round trip: the number of requests per file
  matters more there than it does here. ``ours`` uses ``provider="azure_blobs"``.
- **rclone on Azure** uses an account SAS URL signed with the account key
  (``RCLONE_CONFIG_BENCH_SAS_URL``): Debian's rclone 1.60 turns ``endpoint`` into
  ``https://<account>.<endpoint>`` and its ``use_emulator`` is fixed to port 10000, so a SAS
  URL is its only way to an emulator on another port. Azurite spends the same CPU checking
  a SAS as a shared key. Note that rclone 1.60 sends each small file as Put Block, Put
  Block List and a HEAD (ours: one Put Blob), and pulls files of 250 MiB and more in
  parallel streams (``--multi-thread-cutoff``) and then skips the hash check ("Src hash
  empty - aborting Dst hash check" in its log, though the blob has its Content-MD5), while
  ours checks the md5 of every download as it reads it.
- **accsr on Azure** (libcloud 3.7's Azure driver) runs with the settings accsr documents for
  Azure: the file's md5 in the blob's metadata (``add_extra_to_upload``,
  ``remote_hash_extractor``). Without them its "preview again" reports every file as
  changed, because libcloud gives an Azure blob's ETag as its hash.
- **accsr in its own virtual environment** (``accsr==0.4.9`` pins apache-libcloud 3.7.0,
  which cannot share an environment with ours); it is created on first use under
  ``~/.cache/bucketferry-bench/accsr-venv``.
- **rclone** as shipped by Debian (``apt-get install -y rclone``), with its defaults
  (4 transfers, 8 checkers), configured by environment variables only. Its "preview again"
  is ``rclone copy --checksum --dry-run``: the same decision the copy makes (list both sides,
  compare size and md5), reporting what it would transfer, which is what
  ``push(..., dryrun=True)`` does. ``rclone check`` would also compare, but reports
  differences in both directions, which a push preview does not.

Each tool is started once before measuring (so no run pays for a cold disk cache). Each
tool pushes to an empty prefix, previews the push again with everything present, pulls
into an empty folder, then pushes and pulls one big file. Every result is checked cheaply
(object count and bytes in the bucket, md5 of the big object as stored, files and bytes
pulled, md5 of the big file pulled), reading the bucket without any of the tools measured
(boto3 for S3, libcloud's own Azure driver for Azure); a failed check is reported in the
table and the exit code is 1.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from backends import BACKENDS, CHUNK, Server, clean_env

TOOLS = ("ours", "accsr", "rclone")
ACCSR_VERSION = "0.4.9"
DEFAULT_ACCSR_VENV = Path.home() / ".cache" / "bucketferry-bench" / "accsr-venv"
SMALL_FILE_SIZE = 4 * 1024
SMALL_FOLDERS = 20
RSS_LIMIT_MB = 100.0

OPERATIONS = ("push_small", "preview_small", "pull_small", "push_big", "pull_big")


@dataclass(frozen=True)
class Target:
    """What the issue asks of our engine for one operation (wall-time ratios, peak RSS)."""

    vs_rclone: float | None = None
    vs_accsr: float | None = None
    rss_mb: float | None = None


TARGETS = {
    "push_small": Target(vs_rclone=0.9),
    "preview_small": Target(vs_rclone=1.0, vs_accsr=0.1),
    "pull_small": Target(vs_rclone=0.9),
    "push_big": Target(vs_rclone=1.0, rss_mb=RSS_LIMIT_MB),
    "pull_big": Target(vs_rclone=1.0, rss_mb=RSS_LIMIT_MB),
}

# The child that runs one push/pull with our engine or accsr: same arguments, same calls.
# Kept to json and sys so start-up costs what the library itself costs.
RUNNER = """\
import json
import sys

spec = json.loads(sys.argv[1])
if spec["lib"] == "ours":
    from bucketferry.core import RemoteStorage, RemoteStorageConfig
else:
    from accsr.remote_storage import RemoteStorage, RemoteStorageConfig
if spec["op"] == "noop":
    print(json.dumps({}))
    sys.exit(0)
import dataclasses

accepted = {f.name for f in dataclasses.fields(RemoteStorageConfig)}
kwargs = dict(spec["conf"])
if "use_pbar" in accepted:
    kwargs["use_pbar"] = False
if spec.get("workers") and "workers" in accepted:
    kwargs["workers"] = spec["workers"]
extra = {}
if spec.get("md5_meta"):  # accsr's documented settings for Azure (its RemoteStorage doc)
    extra = {
        "add_extra_to_upload": lambda obj: {"meta_data": {"md5": obj.local_hash}},
        "remote_hash_extractor": lambda obj: obj.meta_data.get("md5"),
    }
storage = RemoteStorage(RemoteStorageConfig(**kwargs), **extra)
op = spec["op"]
if op == "push":
    summary = storage.push(spec["path"], local_path_prefix=spec["prefix"])
elif op == "preview":
    summary = storage.push(spec["path"], local_path_prefix=spec["prefix"], dryrun=True)
elif op == "pull":
    summary = storage.pull(spec["path"], local_base_dir=spec["dest"])
else:
    raise SystemExit(f"unknown op {op}")
print(json.dumps({
    "analyzed": len(summary.all_files_analyzed),
    "to_sync": len(summary.files_to_sync),
    "synced": len(summary.synced_files),
}))
"""


# --- measuring one child process ------------------------------------------------------


@dataclass
class Measurement:
    """One run of one operation by one tool, as the kernel saw the child process."""

    tool: str
    op: str
    repeat: int
    wall_s: float
    user_s: float
    sys_s: float
    max_rss_kib: int
    floor_kib: int
    """The launcher's own peak RSS: a lower bound of ``max_rss_kib`` (see LAUNCHER)."""
    exit_code: int
    server_cpu_s: float
    ok: bool = False
    check: str = ""
    output: dict[str, Any] = field(default_factory=dict)

    @property
    def cpu_s(self) -> float:
        return self.user_s + self.sys_s

    @property
    def rss_mb(self) -> float:
        return self.max_rss_kib * 1024 / 1e6


class ServerCpu:
    """CPU seconds the server process (moto's or Azurite's) has used so far, all its threads
    included (from /proc, Linux only)."""

    def __init__(self, pid: int) -> None:
        self._stat = Path(f"/proc/{pid}/stat")
        self._tick = os.sysconf("SC_CLK_TCK")

    def seconds(self) -> float:
        try:
            fields = self._stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / self._tick


# Why a launcher: Linux keeps a process's peak RSS (ru_maxrss) across exec, and a child
# forked (or vforked) from this script starts with this script's RSS (boto3 alone is 50 MB).
# Every reading would be at least that. The launcher is a bare interpreter (~10 MB) that
# spawns the tool, waits for it with wait4 and reports its rusage, so a reading is
# max(launcher, tool): the tool's own peak, since every tool here needs more than 10 MB.
LAUNCHER = """\
import json
import os
import signal
import sys
import time

timeout, out_path, err_path = float(sys.argv[1]), sys.argv[2], sys.argv[3]
argv = sys.argv[4:]
out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
null = os.open(os.devnull, os.O_RDONLY)
actions = [
    (os.POSIX_SPAWN_DUP2, null, 0),
    (os.POSIX_SPAWN_DUP2, out, 1),
    (os.POSIX_SPAWN_DUP2, err, 2),
]
with open("/proc/self/status") as status:
    floor = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
start = time.perf_counter()
pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
signal.signal(signal.SIGALRM, lambda *_: os.kill(pid, signal.SIGKILL))
signal.setitimer(signal.ITIMER_REAL, timeout)
while True:
    try:
        _, status, usage = os.wait4(pid, 0)
        break
    except InterruptedError:
        continue
wall = time.perf_counter() - start
signal.setitimer(signal.ITIMER_REAL, 0)
print(json.dumps({
    "wall": wall,
    "exit": os.waitstatus_to_exitcode(status),
    "user": usage.ru_utime,
    "sys": usage.ru_stime,
    "maxrss_kib": usage.ru_maxrss,
    "floor_kib": floor,
}))
"""


@dataclass
class Child:
    """What the launcher reports about one finished child process."""

    wall_s: float
    exit_code: int
    user_s: float
    sys_s: float
    max_rss_kib: int
    floor_kib: int
    stdout: str
    stderr: str
    server_cpu_s: float


_current_launcher: subprocess.Popen[bytes] | None = None


def measure(
    launcher: Path,
    argv: list[str],
    env: dict[str, str],
    log_base: Path,
    timeout: float,
    server: ServerCpu | None,
) -> Child:
    """Run ``argv`` to completion through the launcher; its wall time, rusage and output.

    ``wait4`` gives the rusage of exactly that process: ``ru_maxrss`` is its peak resident
    set in KiB (Linux) and ``ru_utime + ru_stime`` its CPU time, all threads included.
    ``server``: whose CPU seconds during the run to report (none: NaN).
    """
    global _current_launcher
    out_path, err_path = log_base.with_suffix(".out"), log_base.with_suffix(".err")
    server_before = server.seconds() if server is not None else float("nan")
    launch = [sys.executable, "-I", "-S", str(launcher), str(timeout), str(out_path)]
    proc = subprocess.Popen(
        [*launch, str(err_path), *argv],
        env=env,
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # the tool is in the launcher's group: one killpg stops both
    )
    _current_launcher = proc
    report, _ = proc.communicate()
    _current_launcher = None
    server_cpu = server.seconds() - server_before if server is not None else server_before
    if proc.returncode != 0:
        raise RuntimeError(f"the launcher failed ({proc.returncode}) for {argv}")
    numbers = json.loads(report)
    return Child(
        wall_s=numbers["wall"],
        exit_code=numbers["exit"],
        user_s=numbers["user"],
        sys_s=numbers["sys"],
        max_rss_kib=numbers["maxrss_kib"],
        floor_kib=numbers["floor_kib"],
        stdout=out_path.read_text(errors="replace"),
        stderr=err_path.read_text(errors="replace"),
        server_cpu_s=server_cpu,
    )


def stop_current_launcher() -> None:
    """On interrupt: stop the launcher and the tool it runs (its own process group)."""
    proc = _current_launcher
    if proc is not None and proc.poll() is None:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


# --- environments ---------------------------------------------------------------------


def ensure_accsr_venv(venv: Path) -> Path:
    """The accsr venv's python; the venv is created (python -m venv, pip install) if missing."""
    python = venv / "bin" / "python"
    probe = "import importlib.metadata as m; print(m.version('accsr'))"
    if python.exists():
        found = subprocess.run(
            [str(python), "-c", probe], capture_output=True, text=True, check=False
        )
        if found.returncode == 0 and found.stdout.strip() == ACCSR_VERSION:
            return python
        if venv != DEFAULT_ACCSR_VENV:
            sys.exit(f"{venv} has no accsr {ACCSR_VERSION}; point --accsr-venv elsewhere.")
        shutil.rmtree(venv)  # ours, from an earlier run: make it again
    print(f"Creating the accsr venv in {venv} (once) ...", flush=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"accsr=={ACCSR_VERSION}"], check=True
    )
    return python


def python_versions(python: str, packages: list[str]) -> str:
    code = (
        "import importlib.metadata as m\n"
        f"print(', '.join(p + ' ' + m.version(p) for p in {packages!r}))"
    )
    found = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    return found.stdout.strip() or found.stderr.strip()[-200:]


def engine_default_workers() -> str:
    code = "from bucketferry.core.config import DEFAULT_WORKERS; print(DEFAULT_WORKERS)"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    return found.stdout.strip() or "?"


def git_revision() -> str:
    """The commit of the engine under test, '+dirty' with uncommitted changes."""
    repo = Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "git: unknown"
    return f"git {head}{'+dirty' if dirty else ''}"


def require_rclone() -> str:
    rclone = shutil.which("rclone")
    if rclone is None:
        sys.exit(
            "rclone is not installed. Install it with\n"
            "    apt-get update && apt-get install -y rclone\n"
            "(Debian/Ubuntu), or leave it out: --tools ours,accsr"
        )
    return rclone


# --- test data ------------------------------------------------------------------------


@dataclass
class Data:
    root: Path
    small: int
    big_bytes: int
    big_md5: str

    @property
    def big_file(self) -> Path:
        return self.root / "big" / "big.bin"


def generate(root: Path, small: int, big_mib: int) -> Data:
    """``small`` random 4 KiB files in 20 folders, and one random file of ``big_mib`` MiB."""
    for i in range(small):
        folder = root / "small" / f"dir_{i % SMALL_FOLDERS:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"file_{i:05d}.bin").write_bytes(os.urandom(SMALL_FILE_SIZE))
    big = root / "big" / "big.bin"
    big.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.md5()
    remaining = big_mib * 1024 * 1024
    with big.open("wb") as handle:
        while remaining:
            chunk = os.urandom(min(CHUNK, remaining))
            handle.write(chunk)
            digest.update(chunk)
            remaining -= len(chunk)
    return Data(root, small, big_mib * 1024 * 1024, digest.hexdigest())


def md5_of(path: Path) -> str:
    digest = hashlib.md5()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files_below(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- the tools --------------------------------------------------------------------------


@dataclass
class Context:
    """Everything an operation needs: where the data is, the server, scratch space."""

    data: Data
    work: Path
    logs: Path
    runner: Path
    launcher: Path
    python: dict[str, str]
    env: dict[str, dict[str, str]]
    buckets: dict[str, str]
    server: Server
    server_cpu: ServerCpu
    timeout: float
    workers: int | None

    def dest(self, tool: str, op: str, repeat: int) -> Path:
        path = self.work / "pulled" / f"{tool}-{op}-{repeat}"
        path.mkdir(parents=True)
        return path


def command(ctx: Context, tool: str, op: str, repeat: int, dest: Path | None) -> list[str]:
    """The child's command line for one operation (paths are identical for all tools)."""
    base = f"r{repeat}"
    small = str(ctx.data.root / "small")
    big = str(ctx.data.big_file)
    if tool == "rclone":
        remote = f"bench:{ctx.buckets[tool]}/{base}"
        if op == "push_small":
            return ["rclone", "copy", "--checksum", small, f"{remote}/small"]
        if op == "preview_small":
            return ["rclone", "copy", "--checksum", "--dry-run", "-v", small, f"{remote}/small"]
        if op == "pull_small":
            return ["rclone", "copy", "--checksum", f"{remote}/small", str(dest) + "/small"]
        if op == "push_big":
            return ["rclone", "copy", "--checksum", big, f"{remote}/big"]
        if op == "pull_big":
            return ["rclone", "copy", "--checksum", f"{remote}/big/big.bin", str(dest) + "/big"]
        raise ValueError(op)
    spec: dict[str, Any] = {
        "lib": tool,
        "workers": ctx.workers if tool == "ours" else None,
        "md5_meta": tool == "accsr" and ctx.server.accsr_md5_meta,
        "conf": {**ctx.server.tool_conf, "bucket": ctx.buckets[tool], "base_path": base},
        "prefix": str(ctx.data.root),
    }
    if op in ("push_small", "preview_small"):
        spec.update(op="push" if op == "push_small" else "preview", path="small")
    elif op == "pull_small":
        spec.update(op="pull", path="small", dest=str(dest))
    elif op == "push_big":
        spec.update(op="push", path="big/big.bin")
    elif op == "pull_big":
        spec.update(op="pull", path="big/big.bin", dest=str(dest))
    else:
        raise ValueError(op)
    return [ctx.python[tool], str(ctx.runner), json.dumps(spec)]


def verify(
    ctx: Context,
    tool: str,
    op: str,
    repeat: int,
    dest: Path | None,
    result: Measurement,
    stderr: str,
) -> tuple[bool, str]:
    """A cheap check that the operation did what it should; (ok, what was seen)."""
    data, bucket, base = ctx.data, ctx.buckets[tool], f"r{repeat}"
    if result.exit_code != 0:
        killed = " (killed: --timeout?)" if result.exit_code == -signal.SIGKILL else ""
        return False, f"exit code {result.exit_code}{killed}: {stderr.strip()[-300:]}"
    if op == "push_small":
        count, total = ctx.server.stats(bucket, f"{base}/small/")
        ok = count == data.small and total == data.small * SMALL_FILE_SIZE
        return ok, f"{count} objects, {total} bytes in the bucket"
    if op == "preview_small":
        if tool == "rclone":
            would_copy = stderr.count("Skipped copy as --dry-run")
            checks = next(
                (
                    line.split(":", 1)[1].strip()
                    for line in stderr.splitlines()
                    if line.strip().startswith("Checks:")
                ),
                "?",
            )
            ok = would_copy == 0 and checks.startswith(f"{data.small} / {data.small}")
            return ok, f"would copy {would_copy}, checks {checks}"
        out = result.output
        ok = out.get("to_sync") == 0 and out.get("analyzed") == data.small
        return ok, f"would push {out.get('to_sync')} of {out.get('analyzed')}"
    if op == "pull_small":
        assert dest is not None
        pulled = files_below(dest / "small")
        source = files_below(data.root / "small")
        same = [p.relative_to(dest / "small") for p in pulled] == [
            p.relative_to(data.root / "small") for p in source
        ] and all(filecmp.cmp(a, b, shallow=False) for a, b in zip(pulled, source, strict=True))
        total = sum(p.stat().st_size for p in pulled)
        return same, f"{len(pulled)} files, {total} bytes" + ("" if same else ", DIFFERENT")
    if op == "push_big":
        count, total = ctx.server.stats(bucket, f"{base}/big/")
        if count != 1 or total != data.big_bytes:
            return False, f"{count} object, {total} bytes in the bucket"
        ok = ctx.server.md5(bucket, f"{base}/big/big.bin") == data.big_md5
        return ok, f"{count} object, {total} bytes in the bucket, md5 {'ok' if ok else 'WRONG'}"
    if op == "pull_big":
        assert dest is not None
        path = dest / "big" / "big.bin"
        if not path.exists():
            return False, "big.bin missing"
        size = path.stat().st_size
        ok = size == data.big_bytes and md5_of(path) == data.big_md5
        return ok, f"{size} bytes, md5 {'ok' if ok else 'WRONG'}"
    raise ValueError(op)


def run_one(ctx: Context, tool: str, op: str, repeat: int) -> Measurement:
    dest = ctx.dest(tool, op, repeat) if op.startswith("pull") else None
    argv = command(ctx, tool, op, repeat, dest)
    child = measure(
        ctx.launcher,
        argv,
        ctx.env[tool],
        ctx.logs / f"{tool}-{op}-{repeat}",
        ctx.timeout,
        ctx.server_cpu,
    )
    result = Measurement(
        tool=tool,
        op=op,
        repeat=repeat,
        wall_s=child.wall_s,
        user_s=child.user_s,
        sys_s=child.sys_s,
        max_rss_kib=child.max_rss_kib,
        floor_kib=child.floor_kib,
        exit_code=child.exit_code,
        server_cpu_s=child.server_cpu_s,
    )
    if tool != "rclone" and child.exit_code == 0:
        with contextlib.suppress(ValueError, IndexError):
            result.output = json.loads(child.stdout.strip().splitlines()[-1])
    result.ok, result.check = verify(ctx, tool, op, repeat, dest, result, child.stderr)
    if dest is not None:
        shutil.rmtree(dest, ignore_errors=True)  # keep the disk footprint at one copy
    return result


def warm_up(ctx: Context, tools: list[str]) -> None:
    """Load each tool once (page cache, .pyc files) so the first measured run isn't cold."""
    for tool in tools:
        if tool == "rclone":
            argv = ["rclone", "version"]
        else:
            argv = [ctx.python[tool], str(ctx.runner), json.dumps({"lib": tool, "op": "noop"})]
        done = subprocess.run(argv, env=ctx.env[tool], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            sys.exit(f"{tool} does not start:\n{done.stderr[-2000:]}")


# --- report ---------------------------------------------------------------------------


@dataclass
class Row:
    """The median of the repeats of one tool and operation."""

    wall_s: float
    cpu_s: float
    rss_mb: float
    server_cpu_s: float
    ok: bool
    check: str


def aggregate(results: list[Measurement], tool: str, op: str) -> Row | None:
    runs = [r for r in results if r.tool == tool and r.op == op]
    if not runs:
        return None
    return Row(
        wall_s=statistics.median(r.wall_s for r in runs),
        cpu_s=statistics.median(r.cpu_s for r in runs),
        rss_mb=max(r.rss_mb for r in runs),
        server_cpu_s=statistics.median(r.server_cpu_s for r in runs),
        ok=all(r.ok for r in runs),
        check="; ".join(sorted({r.check for r in runs})),
    )


def op_label(op: str, data: Data) -> str:
    mib = data.big_bytes // (1024 * 1024)
    return {
        "push_small": f"push {data.small:,} small",
        "preview_small": "preview again",
        "pull_small": f"pull {data.small:,} small",
        "push_big": f"push {mib} MiB",
        "pull_big": f"pull {mib} MiB",
    }[op]


def ratio_cell(ours: Row | None, other: Row | None, target: float | None) -> tuple[str, Any]:
    """'0.84 ≤0.9 ok' for the table and the numbers for the JSON file."""
    if ours is None or other is None or not (ours.ok and other.ok) or other.wall_s <= 0:
        return "n/a", {"ratio": None, "target": target, "met": None}
    ratio = ours.wall_s / other.wall_s
    if target is None:
        return f"{ratio:.2f}", {"ratio": ratio, "target": None, "met": None}
    met = ratio <= target
    return f"{ratio:.2f} ≤{target:g} {'ok' if met else 'MISS'}", {
        "ratio": ratio,
        "target": target,
        "met": met,
    }


def report(results: list[Measurement], tools: list[str], data: Data, server: str) -> dict[str, Any]:
    """Print the tables; return the same numbers for --json."""
    tool_w, ratio_w = 22, 17
    head1 = f"{'':<18}" + "".join(f"| {t:<{tool_w}}" for t in tools)
    head2 = f"{'operation':<18}" + "".join(f"| {'wall':>7} {'RSS':>6} {'CPU':>6} " for _ in tools)
    head1 += f"| {'ours/rclone':<{ratio_w}}| {'ours/accsr':<{ratio_w}}| {'ours RSS':<12}"
    head2 += f"| {'wall  target':<{ratio_w}}| {'wall  target':<{ratio_w}}| {'target':<12}"
    print(head1)
    print(head2)
    print("-" * len(head2))
    summary: dict[str, Any] = {}
    failures: list[str] = []
    for op in OPERATIONS:
        rows = {t: aggregate(results, t, op) for t in tools}
        line = f"{op_label(op, data):<18}"
        for tool in tools:
            row = rows[tool]
            if row is None:
                line += f"| {'':<{tool_w}}"
            elif not row.ok:
                line += f"| {'FAILED':>7} {'':<{tool_w - 8}}"
                failures.append(f"{tool} {op_label(op, data)}: {row.check}")
            else:
                line += f"| {row.wall_s:6.2f}s {row.rss_mb:4.0f}MB {row.cpu_s:5.2f}s "
        target = TARGETS[op]
        ours = rows.get("ours")
        vs_rclone, rclone_json = ratio_cell(ours, rows.get("rclone"), target.vs_rclone)
        vs_accsr, accsr_json = ratio_cell(ours, rows.get("accsr"), target.vs_accsr)
        rss_cell, rss_json = "", {"rss_mb": None, "target": target.rss_mb, "met": None}
        if ours is not None and ours.ok and target.rss_mb is not None:
            met = ours.rss_mb <= target.rss_mb
            rss_cell = f"≤{target.rss_mb:g}MB {'ok' if met else 'MISS'}"
            rss_json = {"rss_mb": ours.rss_mb, "target": target.rss_mb, "met": met}
        line += f"| {vs_rclone:<{ratio_w}}| {vs_accsr:<{ratio_w}}| {rss_cell:<12}"
        print(line)
        summary[op] = {
            "tools": {t: asdict(r) for t, r in rows.items() if r is not None},
            "ours_vs_rclone": rclone_json,
            "ours_vs_accsr": accsr_json,
            "ours_rss": rss_json,
        }
    print(
        "\nwall: elapsed time of the child process; RSS: its peak resident set (ru_maxrss, "
        "MB = 10^6 bytes);\nCPU: its user+system seconds (all threads). Median of the repeats; "
        "RSS: the highest."
    )
    floor = max((r.floor_kib for r in results), default=0) * 1024 / 1e6
    print(
        f"RSS readings cannot go below the launcher's own {floor:.0f} MB (see LAUNCHER); "
        "all tools here need more."
    )
    report_server_cpu(results, tools, data, server)
    report_checks(results, tools, data)
    if failures:
        print("\nFAILED:\n  " + "\n  ".join(failures))
    return summary


def report_server_cpu(
    results: list[Measurement], tools: list[str], data: Data, server: str
) -> None:
    print(f"\n{server} CPU seconds during each operation (the server shares the 2 cores):")
    print(f"{'':<18}" + "".join(f"| {t:<8}" for t in tools))
    for op in OPERATIONS:
        cells = []
        for tool in tools:
            row = aggregate(results, tool, op)
            cells.append(f"| {row.server_cpu_s:6.2f}s " if row is not None else f"| {'':<8}")
        print(f"{op_label(op, data):<18}" + "".join(cells))


def report_checks(results: list[Measurement], tools: list[str], data: Data) -> None:
    print("\nchecks:")
    for op in OPERATIONS:
        for tool in tools:
            row = aggregate(results, tool, op)
            if row is not None:
                print(
                    f"  {tool:<6} {op_label(op, data):<18} {'ok ' if row.ok else 'BAD'} {row.check}"
                )


# --- main -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--backend",
        choices=sorted(BACKENDS),
        default="s3",
        help="the server: moto's S3 (s3) or Azurite, Azure's emulator (azure)",
    )
    parser.add_argument("--small", type=int, default=2000, help="number of 4 KiB files")
    parser.add_argument("--big-mib", type=int, default=256, help="size of the big file in MiB")
    parser.add_argument(
        "--tools", default=",".join(TOOLS), help="comma-separated subset of: " + ",".join(TOOLS)
    )
    parser.add_argument("--json", type=Path, help="also write all results to this file")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run every operation N times (median reported)"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="our engine's workers (default: its own)"
    )
    parser.add_argument(
        "--accsr-venv", type=Path, default=DEFAULT_ACCSR_VENV, help="where accsr's venv lives"
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds before one operation is killed"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(args.tools) - set(TOOLS)
    if unknown or not args.tools:
        parser.error(f"--tools takes a subset of {','.join(TOOLS)}; got {args.tools}")
    args.tools = [t for t in TOOLS if t in args.tools]  # fixed order: ours, accsr, rclone
    if args.small < 1 or args.big_mib < 1 or args.repeat < 1:
        parser.error("--small, --big-mib and --repeat must be at least 1")
    return args


def build_envs(tools: list[str], server: Server, work: Path) -> dict[str, dict[str, str]]:
    envs: dict[str, dict[str, str]] = {}
    if "ours" in tools:
        envs["ours"] = clean_env(
            BUCKETFERRY_CACHE_DIR=str(work / "bf-cache"),
            BUCKETFERRY_DATA_DIR=str(work / "bf-data"),
            BUCKETFERRY_CONFIG_DIR=str(work / "bf-config"),
        )
    if "accsr" in tools:
        envs["accsr"] = clean_env()
    if "rclone" in tools:
        config = work / "rclone.conf"
        config.write_text("")
        env = clean_env(RCLONE_CONFIG=str(config), **server.rclone_env)
        env.pop("AWS_CA_BUNDLE", None)  # rclone refuses to start while it is set
        envs["rclone"] = env
    return envs


def tool_versions(args: argparse.Namespace) -> tuple[dict[str, str], dict[str, str]]:
    """(python of each Python tool, version of each tool); makes the accsr venv if needed."""
    tools: list[str] = args.tools
    python: dict[str, str] = {"ours": sys.executable}
    versions: dict[str, str] = {}
    if "ours" in tools:
        versions["ours"] = (
            python_versions(sys.executable, ["bucketferry", "apache-libcloud"])
            + f" ({git_revision()})"
        )
    if "accsr" in tools:
        python["accsr"] = str(ensure_accsr_venv(args.accsr_venv))
        versions["accsr"] = python_versions(python["accsr"], ["accsr", "apache-libcloud"])
    if "rclone" in tools:
        require_rclone()
        versions["rclone"] = subprocess.run(
            ["rclone", "version"], capture_output=True, text=True, check=False
        ).stdout.splitlines()[0]
    return python, versions


def prepare(work: Path, args: argparse.Namespace) -> tuple[Data, Path, Path]:
    """The test data, the runner and the launcher, in ``work``."""
    print(f"Generating {args.small:,} x 4 KiB files and one {args.big_mib} MiB file ...")
    started = time.perf_counter()
    data = generate(work / "data", args.small, args.big_mib)
    print(f"  done in {time.perf_counter() - started:.1f} s, in {work}")
    (work / "logs").mkdir()
    (work / "pulled").mkdir()
    runner = work / "runner.py"
    runner.write_text(RUNNER)
    launcher = work / "launcher.py"
    launcher.write_text(LAUNCHER)
    return data, runner, launcher


def print_setup(ctx: Context, args: argparse.Namespace, versions: dict[str, str]) -> float:
    """What runs against what; returns the load average before the runs."""
    server = ctx.server
    print(
        f"{server.name} on 127.0.0.1:{server.port}; tools: {', '.join(args.tools)}; "
        f"{os.cpu_count()} cores"
    )
    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        print(
            f"  NOTE: load average {load_before:.1f} before starting: other processes "
            "are busy, so the numbers will be noisy"
        )
    for name, version in versions.items():
        print(f"  {name:<7} {version}")
    print(
        "  workers: ours "
        + (str(args.workers) if args.workers else f"default ({engine_default_workers()})")
        + ", accsr 1 (sequential), rclone default (--transfers 4, --checkers 8)"
    )
    print("  rclone preview = `rclone copy --checksum --dry-run`")
    for note in server.notes:
        print(f"  {note}")
    print()
    return load_before


def run_all(ctx: Context, tools: list[str], repeats: int) -> list[Measurement]:
    results: list[Measurement] = []
    for repeat in range(repeats):
        for op in OPERATIONS:
            for tool in tools:
                result = run_one(ctx, tool, op, repeat)
                results.append(result)
                status = "ok" if result.ok else f"FAILED ({result.check})"
                print(
                    f"  [{repeat + 1}/{repeats}] {tool:<6} {op:<13} "
                    f"{result.wall_s:7.2f} s  {result.rss_mb:5.0f} MB  "
                    f"cpu {result.cpu_s:6.2f} s  server {result.server_cpu_s:6.2f} s  "
                    f"{status}",
                    flush=True,
                )
    return results


def write_json(
    path: Path,
    args: argparse.Namespace,
    versions: dict[str, str],
    load_before: float,
    summary: dict[str, Any],
    results: list[Measurement],
) -> None:
    document = {
        "args": {
            "backend": args.backend,
            "small": args.small,
            "big_mib": args.big_mib,
            "tools": args.tools,
            "repeat": args.repeat,
            "workers": args.workers,
        },
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_before": load_before,
        },
        "versions": versions,
        "summary": summary,
        "runs": [{**asdict(r), "cpu_s": r.cpu_s, "rss_mb": r.rss_mb} for r in results],
    }
    path.write_text(json.dumps(document, indent=2))
    print(f"\nResults written to {path}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tools: list[str] = args.tools
    python, versions = tool_versions(args)
    work = Path(tempfile.mkdtemp(prefix="bucketferry-bench-"))
    # Stop the current child as well when we are interrupted (SIGTERM as KeyboardInterrupt).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        data, runner, launcher = prepare(work, args)
        with BACKENDS[args.backend](work / "logs") as server:
            # valid as an S3 bucket and as an Azure container: lower case, digits, hyphens
            buckets = {t: f"bench-{t}-{os.getpid()}" for t in tools}
            for bucket in buckets.values():
                server.create_bucket(bucket)
            ctx = Context(
                data=data,
                work=work,
                logs=work / "logs",
                runner=runner,
                launcher=launcher,
                python=python,
                env=build_envs(tools, server, work),
                buckets=buckets,
                server=server,
                server_cpu=ServerCpu(server.pid),
                timeout=args.timeout,
                workers=args.workers,
            )
            warm_up(ctx, tools)
            versions["server"] = server.version
            load_before = print_setup(ctx, args, versions)
            results = run_all(ctx, tools, args.repeat)
        load_after = os.getloadavg()[0]
        print(f"\nload average (1 min) before: {load_before:.2f}, after: {load_after:.2f}\n")
        summary = report(results, tools, data, server.name)
        if args.json:
            write_json(args.json, args, versions, load_before, summary, results)
        return 0 if all(r.ok for r in results) else 1
    finally:
        stop_current_launcher()
        if args.keep:
            print(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\nInterrupted; the server and temporary files were cleaned up.", file=sys.stderr)
        sys.exit(130)
