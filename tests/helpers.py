"""Small helpers for tests: files, ports, and a boto3 client to look at a bucket directly."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3

MOTO_MAIN = "import sys; from moto.server import main; main(sys.argv[1:])"
"""Runs moto's server with the arguments after ``-c``."""

BACKUPS = ".bucketferry-backups"
"""Where runs keep the objects they replace or delete (core/reserved.py); tests that look
at a bucket's own data leave it out."""


def is_backup(name: str) -> bool:
    return name == BACKUPS or name.startswith(BACKUPS + "/")


def write(path: Path, content: str | bytes = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file below root (relative posix path -> bytes): to show nothing else changed."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def files_containing(text: str, *roots: Path) -> list[Path]:
    """Every file below ``roots`` whose bytes contain ``text``."""
    needle = text.encode()
    return [
        path
        for root in roots
        if root.exists()
        for path in root.rglob("*")
        if path.is_file() and needle in path.read_bytes()
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def s3_client(host: str, port: int, key: str = "testing", secret: str = "testing") -> Any:
    """boto3 straight to the (moto) S3 server: fills and inspects buckets beside the engine."""
    return boto3.client(
        "s3",
        endpoint_url=f"http://{host}:{port}",
        region_name="us-east-1",
        aws_access_key_id=key,
        aws_secret_access_key=secret,
    )


@contextlib.contextmanager
def moto_process(code: str = MOTO_MAIN, env: dict[str, str] | None = None) -> Iterator[int]:
    """moto's server in a process of its own on 127.0.0.1 (a free port), for tests that
    need a server their process does not share: one that checks credentials, or one that
    outlives a client killed with SIGKILL. ``code`` runs it (given ``-H`` and ``-p``);
    yields the port once it answers, and stops it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", code, "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield port
    finally:
        process.kill()
        process.wait(timeout=10)
