"""What a person at a terminal sees and does: colours, the progress bar, Ctrl-C.

The command runs as a real subprocess, on a pseudo-terminal where a terminal matters, and
downloads through :class:`tests.faultproxy.FaultProxy` throttled to a slow link, so a
transfer is still running when the test looks at it or presses Ctrl-C.
"""

from __future__ import annotations

import fcntl
import os
import pty
import random
import re
import select
import signal
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bucketferry.core import RemoteStorageConfig
from tests.e2e.test_cli import s3_options
from tests.faultproxy import FaultProxy
from tests.helpers import is_backup, s3_client, write

MiB = 1024 * 1024
TEMP_MARKER = ".bfpart-"


@pytest.fixture
def slow_bucket(
    moto_endpoint: tuple[str, int], s3_conf: Callable[..., RemoteStorageConfig]
) -> Iterator[tuple[RemoteStorageConfig, Any, FaultProxy]]:
    """A bucket on moto, reached through a proxy; boto3 straight to moto to fill it."""
    conf = s3_conf()
    host, port = moto_endpoint
    s3 = s3_client(host, port)
    with FaultProxy(moto_endpoint) as proxy:
        conf.port = proxy.port
        yield conf, s3, proxy


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "bucketferry", *args]


def environment(conf: RemoteStorageConfig, **extra: str) -> dict[str, str]:
    env = {**os.environ, "BUCKETFERRY_SECRET": conf.secret, **extra}
    env.pop("NO_COLOR", None)
    return env


def _take_terminal() -> None:
    """In the child: make the pseudo-terminal (its standard input) the controlling
    terminal, as a shell does, so /dev/tty (where getpass asks) is that terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def run_on_terminal(
    args: list[str],
    env: dict[str, str],
    answer: tuple[str, str] | None = None,
    timeout: float = 60,
    answered_at: list[float] | None = None,
) -> tuple[int, str]:
    """Run with standard input, output and error on a pseudo-terminal; ``answer`` is a
    question and what to type once it appears (typed earlier, getpass would flush it);
    when it was typed is appended to ``answered_at``. Returns the exit code and
    everything the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        args,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
        preexec_fn=_take_terminal,
    )
    os.close(follower)
    shown = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if not select.select([leader], [], [], 0.1)[0]:
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            if answer is not None and answer[0].encode() in shown:
                os.write(leader, answer[1].encode())
                answer = None
                if answered_at is not None:
                    answered_at.append(time.monotonic())
        return process.wait(timeout=max(1.0, deadline - time.monotonic())), shown.decode()
    finally:
        os.close(leader)
        if process.poll() is None:
            process.kill()
            process.wait()


def temp_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if TEMP_MARKER in p.name]


def test_dry_run_on_a_terminal_is_coloured_and_a_slow_pull_shows_progress(
    slow_bucket: tuple[RemoteStorageConfig, Any, FaultProxy], tmp_path: Path
):
    conf, s3, proxy = slow_bucket
    s3.put_object(Bucket=conf.bucket, Key="big/large.bin", Body=random.randbytes(6 * MiB))
    write(tmp_path / "out/big/small.txt", "only here")
    proxy.set_rate(3 * MiB)  # about two seconds
    pull = ["pull", "big", str(tmp_path / "out"), *s3_options(conf)]
    env = environment(conf, COLUMNS="160", TERM="xterm")

    code, shown = run_on_terminal(command(*pull, "--dry-run"), env)
    assert code == 0, shown
    assert "\x1b[32mnew: 1 file, 6.3 MB\x1b[0m" in shown

    code, shown = run_on_terminal(command(*pull), env)
    assert code == 0, shown
    bar = shown.split("\r")
    assert any(" of 6.3 MB" in part and "/s" in part and " left" in part for part in bar), shown
    assert "Pulled 1 file (6.3 MB)" in shown
    assert temp_files(tmp_path / "out") == []


def test_ctrl_c_mid_pull_exits_130_and_leaves_the_old_file_and_no_temp_file(
    slow_bucket: tuple[RemoteStorageConfig, Any, FaultProxy], tmp_path: Path
):
    conf, s3, proxy = slow_bucket
    s3.put_object(Bucket=conf.bucket, Key="big/large.bin", Body=random.randbytes(32 * MiB))
    target = tmp_path / "out/big/large.bin"
    old = random.randbytes(1000)
    write(target, old)
    proxy.set_rate(4 * MiB)  # the whole file would take 8 s
    process = subprocess.Popen(
        command("pull", "big", str(tmp_path / "out"), *s3_options(conf), "--force"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(conf),
    )
    try:
        deadline = time.monotonic() + 60
        while not any(p.stat().st_size >= MiB for p in temp_files(target.parent)):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the download never started"
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert time.monotonic() - interrupted < 5, "cancelling took too long"
    assert process.returncode == 130, stderr
    assert "Cancelled" in stderr and "Traceback" not in stderr
    assert "Pulled 0 files" in stdout
    assert target.read_bytes() == old
    assert temp_files(tmp_path / "out") == []


def test_rm_on_a_terminal_asks_first(tmp_path: Path):
    write(tmp_path / "d/a.txt", "one")
    env = {**os.environ, "COLUMNS": "160"}
    assert (
        subprocess.run(
            command("push", "d", "--local-prefix", str(tmp_path)), env=env, check=False
        ).returncode
        == 0
    )

    code, shown = run_on_terminal(command("rm", "d"), env, answer=("[y/N]", "n\n"))
    assert code == 3, shown
    assert "Delete these 1 object? [y/N]" in shown and "Nothing was deleted" in shown
    code, shown = run_on_terminal(command("rm", "d"), env, answer=("[y/N]", "y\n"))
    assert code == 0, shown
    assert "Deleted 1 object." in shown
    listed = subprocess.run(command("ls"), env=env, capture_output=True, text=True, check=False)
    assert listed.stdout == ""


def test_secret_stdin_on_a_terminal_asks_for_it(
    slow_bucket: tuple[RemoteStorageConfig, Any, FaultProxy],
):
    conf, s3, _ = slow_bucket
    s3.put_object(Bucket=conf.bucket, Key="a.txt", Body=b"a")
    env = environment(conf, BUCKETFERRY_SECRET="")
    code, shown = run_on_terminal(
        command("ls", *s3_options(conf), "--secret-stdin"), env, ("Secret: ", conf.secret + "\n")
    )
    assert code == 0, shown
    assert "Secret: " in shown and "a.txt" in shown
    assert conf.secret not in shown  # asked without echo


def test_ctrl_c_mid_rm_stops_promptly_and_says_how_many_were_deleted(tmp_path: Path):
    """Ctrl-C typed on the terminal while the bar shows a large delete under way: the
    workers stop between objects, and the count said is the count gone."""
    folder = Path(os.environ["BUCKETFERRY_DATA_DIR"]) / "default/many"  # the embedded bucket
    folder.mkdir(parents=True)
    total = 20_000
    for number in range(total):
        (folder / f"{number:05d}.txt").write_bytes(b"x")
    interrupted: list[float] = []
    code, text = run_on_terminal(
        command("rm", "many", "--yes"),
        {**os.environ, "COLUMNS": "160"},
        answer=(f"of {total} objects", "\x03"),  # Ctrl-C: the terminal sends SIGINT
        answered_at=interrupted,
    )
    assert interrupted, text
    assert time.monotonic() - interrupted[0] < 5, "cancelling took too long"
    assert code == 130, text
    assert "Traceback" not in text
    said = re.search(
        rf"Cancelled: deleted (\d+) of {total} objects before Ctrl-C; (\d+) are still in "
        "the bucket",
        text,
    )
    assert said is not None, text
    left = len(list(folder.iterdir()))
    assert 0 < left < total
    assert (int(said[1]), int(said[2])) == (total - left, left)


def test_rm_retries_what_fails_for_a_while_and_says_how_far_it_got_when_it_fails(
    slow_bucket: tuple[RemoteStorageConfig, Any, FaultProxy],
):
    conf, s3, proxy = slow_bucket
    for key in ("flaky/a.txt", "flaky/b.txt", "broken/a.txt", "broken/b.txt", "broken/c.txt"):
        s3.put_object(Bucket=conf.bucket, Key=key, Body=b"x")

    def remaining() -> list[str]:
        listed = s3.list_objects_v2(Bucket=conf.bucket).get("Contents", [])
        return sorted(o["Key"] for o in listed if not is_backup(o["Key"]))

    def answered_slow_down(key: str, times: int | None) -> None:
        """Every DELETE of ``key`` is answered 503 SlowDown, the first ``times`` times."""
        proxy.set_faults(
            error=1.0,
            only=lambda method, target: method == "DELETE" and target.endswith(key),
            max_per_request=times,
        )

    rm = command("rm", "flaky", "--yes", *s3_options(conf))
    answered_slow_down("/flaky/b.txt", 2)
    retried = subprocess.run(rm, capture_output=True, text=True, env=environment(conf))
    assert retried.returncode == 0, retried.stderr
    assert retried.stdout == "Deleted 2 objects.\n"

    answered_slow_down("/broken/b.txt", None)
    rm = command("rm", "broken", "--yes", *s3_options(conf))
    failed = subprocess.run(rm, capture_output=True, text=True, env=environment(conf))
    assert failed.returncode == 1, failed.stderr
    assert "Failed: deleted 2 of 3 objects before this error; 1 is still in the bucket:\n" in (
        failed.stderr
    )
    assert "Traceback" not in failed.stderr
    assert remaining() == ["broken/b.txt"]
