"""Small helpers for tests: files, ports, and a boto3 client to look at a bucket directly."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import boto3

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
