"""The README's command line, run as a real subprocess (embedded default and moto S3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import tree_bytes, write


def bucketferry(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bucketferry.core.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_embedded_default_preview_push_and_pull(tmp_path: Path):
    write(tmp_path / "photos/2024/a.jpg", "a")
    write(tmp_path / "photos/b.jpg", "bb")
    dry = bucketferry("push", "photos", "--local-prefix", str(tmp_path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "new on target (2)" in dry.stdout and "photos/2024/a.jpg" in dry.stdout
    assert bucketferry("ls").stdout == ""
    pushed = bucketferry("push", "photos", "--local-prefix", str(tmp_path))
    assert pushed.returncode == 0 and "2 transferred" in pushed.stdout
    pulled = bucketferry("pull", "photos", str(tmp_path / "restored"))
    assert pulled.returncode == 0, pulled.stderr
    assert tree_bytes(tmp_path / "restored/photos") == tree_bytes(tmp_path / "photos")


def test_overwrite_without_force_exits_3_and_changes_nothing(tmp_path: Path):
    write(tmp_path / "d/a.txt", "one")
    assert bucketferry("push", "d", "--local-prefix", str(tmp_path)).returncode == 0
    write(tmp_path / "d/a.txt", "two")
    refused = bucketferry("push", "d", "--local-prefix", str(tmp_path))
    assert refused.returncode == 3
    assert "--force" in refused.stderr and "Traceback" not in refused.stderr
    bucketferry("pull", "d", str(tmp_path / "check"))
    assert (tmp_path / "check/d/a.txt").read_text() == "one"
    assert bucketferry("push", "d", "--local-prefix", str(tmp_path), "--force").returncode == 0


def test_invalid_regex_is_a_usage_error_in_plain_words(tmp_path: Path):
    write(tmp_path / "d/a.txt", "one")
    result = bucketferry("push", "d", "--local-prefix", str(tmp_path), "--include", "a(")
    assert result.returncode == 2
    assert "not a valid regular expression" in result.stderr
    assert "Traceback" not in result.stderr


def test_s3_with_secret_from_environment_and_json(s3_conf, tmp_path: Path):
    conf = s3_conf()
    write(tmp_path / "d/a.txt", "one")
    connection = [
        "--provider",
        "s3",
        "--bucket",
        conf.bucket,
        "--key",
        conf.key,
        "--host",
        conf.host,
        "--port",
        str(conf.port),
        "--no-tls",
    ]
    env = {"BUCKETFERRY_SECRET": conf.secret}
    pushed = bucketferry(
        "push", "d", "--local-prefix", str(tmp_path), *connection, "--json", env=env
    )
    assert pushed.returncode == 0, pushed.stderr
    assert '"synced_files"' in pushed.stdout and conf.secret not in pushed.stdout
    listed = bucketferry(
        "ls", *connection, stdin=conf.secret + "\n", env={"BUCKETFERRY_SECRET": ""}
    )
    assert "d/a.txt" in listed.stdout
    removed = bucketferry("rm", "d", *connection, "--yes", env=env)
    assert removed.returncode == 0 and "Deleted 1" in removed.stdout
