"""libcloud's real GoogleStorageDriver over HTTP (HMAC keys) against a local endpoint that
speaks GCS's XML dialect (see tests/gcs_endpoint.py for what this does and does not cover)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bucketferry.core import HashCache, RemoteStorage
from tests.gcs_endpoint import HMAC_KEY, gcs_config, gcs_endpoint
from tests.helpers import tree_bytes, write


@pytest.fixture
def gcs(tmp_path: Path) -> Iterator[tuple[RemoteStorage, object]]:
    with gcs_endpoint() as (host, port, app):
        conf = gcs_config(host, port, "team")
        storage = RemoteStorage(conf, hash_cache=HashCache(tmp_path / "h.json"))
        storage.create_bucket()
        yield storage, app


def test_push_preview_pull_round_trip_over_the_gcs_driver(gcs, tmp_path: Path):
    storage, app = gcs
    write(tmp_path / "src/data/a.txt", "alpha")
    write(tmp_path / "src/data/empty.txt", b"")
    write(tmp_path / "src/data/sub/b.bin", bytes(range(256)) * 100)
    summary = storage.push("data", local_path_prefix=str(tmp_path / "src"))
    assert len(summary.synced_files) == 3
    again = storage.push("data", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    assert len(again.on_target_eq_md5) == 3
    storage.pull("data", local_base_dir=str(tmp_path / "out"))
    assert tree_bytes(tmp_path / "out") == tree_bytes(tmp_path / "src")
    assert sorted(o.name for o in storage.delete("data/sub")) == ["team/data/sub/b.bin"]
    assert sorted(o.name for o in storage.list_objects("")) == [
        "team/data/a.txt",
        "team/data/empty.txt",
    ]
    # Every request carried the GCS HMAC signature, and metadata used the x-goog prefix.
    assert app.requests and all(
        auth.startswith(f"GOOG1 {HMAC_KEY}:") for _, _, auth in app.requests
    )


def test_gcs_changed_file_needs_force(gcs, tmp_path: Path):
    storage, _ = gcs
    write(tmp_path / "src/a.txt", "one")
    storage.push("a.txt", local_path_prefix=str(tmp_path / "src"))
    write(tmp_path / "src/a.txt", "two")
    plan = storage.push("a.txt", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    assert plan.requires_force
