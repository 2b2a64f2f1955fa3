"""The command line on Azure (Azurite), as a user types it: push, list, pull, a saved
connection, and a wrong key in plain words."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

from bucketferry.core import RemoteStorageConfig
from tests.e2e.test_cli import assert_plain_error, bucketferry
from tests.helpers import tree_bytes, write


def azure_options(conf: RemoteStorageConfig) -> list[str]:
    assert conf.host is not None and conf.port is not None
    return [
        *("--provider", "azure_blobs", "--key", conf.key, "--bucket", conf.bucket),
        *("--host", conf.host, "--port", str(conf.port), "--no-tls"),
    ]


def test_push_ls_and_pull_on_azure(azure_conf: Callable[..., RemoteStorageConfig], tmp_path: Path):
    conf = azure_conf()
    src = tmp_path / "src"
    write(src / "photos" / "a.jpg", b"\xff\xd8 not really a photo")
    write(src / "photos" / "deep" / "b.txt", "b")
    env = {"BUCKETFERRY_SECRET": conf.secret}
    pushed = bucketferry(
        "push", "photos", "--local-prefix", str(src), *azure_options(conf), env=env
    )
    assert pushed.returncode == 0, pushed.stderr
    listed = bucketferry("ls", *azure_options(conf), env=env)
    assert listed.returncode == 0, listed.stderr
    assert "photos/a.jpg" in listed.stdout and "photos/deep/b.txt" in listed.stdout
    out = tmp_path / "out"
    pulled = bucketferry("pull", "photos", str(out), *azure_options(conf), env=env)
    assert pulled.returncode == 0, pulled.stderr
    assert tree_bytes(out) == tree_bytes(src)


def test_a_wrong_account_key_is_said_plainly(
    azure_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
):
    conf = azure_conf()
    wrong = base64.b64encode(b"some other key").decode()
    write(tmp_path / "src" / "a.txt", "a")
    result = bucketferry(
        "push", ".", "--local-prefix", str(tmp_path / "src"), *azure_options(conf),
        env={"BUCKETFERRY_SECRET": wrong},
    )  # fmt: skip
    assert_plain_error(result, 1, "Azure refused access", "account key")
    assert wrong not in result.stderr + result.stdout
