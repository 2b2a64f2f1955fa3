"""The acceptance test of resumed uploads: ``kill -9`` the command line half-way through a
1 GiB push to moto; the next push sends only what is missing (counted by a relay on the
network), and the object is the file. A file changed in between is stored anew and no
unfinished upload is left behind. Then ``backups prune`` and the uploads others left.

moto runs in its own process here (1 GiB objects are freed with it, and it does not share
a GIL with the relay); the pushes are real ``python -m bucketferry`` processes.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bucketferry.core import RemoteStorageConfig
from bucketferry.core.locations import uploads_file
from tests.byte_relay import ByteRelay
from tests.conftest import ConfFactory
from tests.e2e.test_cli import bucketferry, s3_options
from tests.helpers import moto_process, s3_client

MIB = 1024 * 1024
SIZE = 1024 * MIB
PART = 8 * MIB
PARTS = SIZE // PART
BUCKET = "resume-e2e"


@pytest.fixture
def moto_port() -> Iterator[int]:
    with moto_process() as port:
        s3_client("127.0.0.1", port).create_bucket(Bucket=BUCKET)
        yield port


def write_big_file(path: Path, size: int = SIZE) -> list[bytes]:
    """``size`` bytes (1 GiB) that differ from part to part (a random block, turned a
    little further for each piece), written quickly; returns the md5 of each 8 MiB part."""
    block = os.urandom(16 * MIB)
    part_md5s = []
    with open(path, "wb") as handle:
        for piece in range(size // len(block)):
            turn = piece * 4099
            data = block[turn:] + block[:turn]
            handle.write(data)
            part_md5s += [
                hashlib.md5(data[at : at + PART]).digest() for at in range(0, 16 * MIB, PART)
            ]
    return part_md5s


def change_first_part(path: Path, part_md5s: list[bytes]) -> list[bytes]:
    """Writes over the file's first bytes in place (same inode, new mtime)."""
    with open(path, "r+b") as handle:
        handle.write(os.urandom(4096))
        handle.seek(0)
        first = hashlib.md5(handle.read(PART)).digest()
    return [first, *part_md5s[1:]]


def multipart_etag(part_md5s: list[bytes]) -> str:
    """The ETag S3 gives an object of these parts."""
    return f"{hashlib.md5(b''.join(part_md5s)).hexdigest()}-{len(part_md5s)}"


def remembered() -> list[tuple[str, ...]]:
    """The uploads under way in the ledger the command line shares with the tests."""
    with sqlite3.connect(uploads_file()) as db:
        return db.execute("SELECT name, upload_id FROM uploads").fetchall()


def options(port: int) -> list[str]:
    return s3_options(
        RemoteStorageConfig("s3", "testing", BUCKET, "x", host="127.0.0.1", port=port)
    )


SECRET = {"BUCKETFERRY_SECRET": "testing-secret"}


def start_push(folder: Path, port: int) -> subprocess.Popen[bytes]:
    command = ["push", "big.bin", "--local-prefix", str(folder), *options(port)]
    return subprocess.Popen(
        [sys.executable, "-m", "bucketferry", *command],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **SECRET},
    )


def kill_when(push: subprocess.Popen[bytes], client: Any, parts: int) -> int:
    """Waits until the server holds ``parts`` parts, then ``kill -9``; returns how many
    parts it holds."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert push.poll() is None, "the push ended before it could be killed"
        uploads = client.list_multipart_uploads(Bucket=BUCKET).get("Uploads", [])
        if uploads:
            listed = client.list_parts(
                Bucket=BUCKET, Key="big.bin", UploadId=uploads[0]["UploadId"]
            )
            if len(listed.get("Parts", [])) >= parts:
                push.send_signal(signal.SIGKILL)
                push.wait(timeout=10)
                again = client.list_parts(
                    Bucket=BUCKET, Key="big.bin", UploadId=uploads[0]["UploadId"]
                )
                return len(again.get("Parts", []))
        time.sleep(0.05)
    raise AssertionError(f"the push never got to {parts} parts")


@pytest.mark.slow
def test_a_push_killed_half_way_resumes_and_sends_only_the_rest(moto_port: int, tmp_path: Path):
    client = s3_client("127.0.0.1", moto_port)
    etag = multipart_etag(write_big_file(tmp_path / "big.bin"))
    with ByteRelay(("127.0.0.1", moto_port)) as relay:
        held = kill_when(start_push(tmp_path, relay.port), client, PARTS // 2)
        assert PARTS // 2 <= held < PARTS
        relay.reset()
        started = time.monotonic()
        resumed = bucketferry(
            "push", "big.bin", "--local-prefix", str(tmp_path), *options(relay.port), env=SECRET
        )
        took = time.monotonic() - started
        sent = relay.up
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming big.bin: " in resumed.stderr and " already there" in resumed.stderr
    said = next(line for line in resumed.stderr.splitlines() if line.startswith("resuming"))
    print(
        f"\nkilled with {held} of {PARTS} parts there; the next push said '{said}' and sent "
        f"{sent} bytes ({sent / SIZE:.1%}) in {took:.1f} s"
    )
    assert sent <= 0.55 * SIZE, sent
    head = client.head_object(Bucket=BUCKET, Key="big.bin")
    assert head["ETag"].strip('"') == etag  # moto's, from the bytes it holds
    assert head["ContentLength"] == SIZE
    assert client.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []
    assert remembered() == []


@pytest.mark.slow
def test_a_file_changed_after_the_kill_is_stored_anew_leaving_no_upload(
    moto_port: int, tmp_path: Path
):
    """A quarter of a file of 256 MiB (what this needs of a big file: parts on the server
    from before; the 1 GiB case above shows the resume itself)."""
    client = s3_client("127.0.0.1", moto_port)
    part_md5s = write_big_file(tmp_path / "big.bin", 256 * MIB)
    kill_when(start_push(tmp_path, moto_port), client, 256 * MIB // PART // 4)
    etag = multipart_etag(change_first_part(tmp_path / "big.bin", part_md5s))
    pushed = bucketferry(
        "push", "big.bin", "--local-prefix", str(tmp_path), *options(moto_port), env=SECRET
    )
    assert pushed.returncode == 0, pushed.stderr
    assert "resuming" not in pushed.stderr
    assert client.head_object(Bucket=BUCKET, Key="big.bin")["ETag"].strip('"') == etag
    assert client.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []
    assert remembered() == []


# --- backups prune: unfinished uploads, ours and others' ---------------------------------


def test_prune_shows_and_aborts_uploads_left_unfinished_for_a_week(
    s3_conf: ConfFactory, moto_endpoint: tuple[str, int]
):
    """moto dates every upload in 2010, so these are all more than a week old."""
    conf = s3_conf()
    client = s3_client(*moto_endpoint)
    client.create_multipart_upload(Bucket=conf.bucket, Key="theirs/big.iso")
    connection = [*s3_options(conf), "--older-than", "30d", "--yes"]
    env = {"BUCKETFERRY_SECRET": conf.secret}

    week = [*s3_options(conf), "--older-than", "30d"]
    dry = bucketferry("backups", "prune", *week, "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    assert "Would abort 1 unfinished upload begun more than 7 days ago" in dry.stdout
    assert "another program or computer" in dry.stdout and "theirs/big.iso" in dry.stdout
    assert len(client.list_multipart_uploads(Bucket=conf.bucket)["Uploads"]) == 1

    asked = bucketferry("backups", "prune", *week, env=env, stdin="y\n")
    assert asked.returncode == 3 and "Add --yes to abort them" in asked.stderr

    pruned = bucketferry("backups", "prune", *connection, env=env)
    assert pruned.returncode == 0, pruned.stderr
    assert "Aborted 1 unfinished upload begun more than 7 days ago." in pruned.stdout
    assert client.list_multipart_uploads(Bucket=conf.bucket).get("Uploads", []) == []

    nothing = bucketferry("backups", "prune", *connection, env=env)
    assert nothing.returncode == 0 and "nothing was removed" in nothing.stderr


def test_prune_aborts_stale_uploads_even_where_no_copies_are_kept(
    s3_conf: ConfFactory, moto_endpoint: tuple[str, int]
):
    conf = s3_conf()
    client = s3_client(*moto_endpoint)
    client.create_multipart_upload(Bucket=conf.bucket, Key="big.bin")
    off = [*s3_options(conf), "--older-than", "30d", "--no-bucket-backups", "--yes"]
    env = {"BUCKETFERRY_SECRET": conf.secret}
    pruned = bucketferry("backups", "prune", *off, env=env)
    assert pruned.returncode == 0, pruned.stderr
    assert "Aborted 1 unfinished upload" in pruned.stdout
    again = bucketferry("backups", "prune", *off, env=env)
    assert again.returncode == 2 and "Bucket backups are off" in again.stderr
