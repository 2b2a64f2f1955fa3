"""Someone using accsr's remote_storage switches by changing one import: same names,
same parameters in the same order, same summary fields and JSON; the secret never shows."""

from __future__ import annotations

import dataclasses
import inspect
import json
from pathlib import Path

import pytest

import bucketferry.core as core
from bucketferry.core import (
    Provider,
    RemoteStorage,
    RemoteStorageConfig,
    SyncObject,
    TransactionSummary,
)
from tests.helpers import write

REFERENCE_SIGNATURES = {
    "push": [
        "path",
        "local_path_prefix",
        "force",
        "include_regex",
        "exclude_regex",
        "dryrun",
        "path_regex",
    ],
    "pull": [
        "remote_path",
        "local_base_dir",
        "force",
        "include_regex",
        "exclude_regex",
        "convert_to_linux_path",
        "dryrun",
        "path_regex",
    ],
    "delete": ["remote_path", "include_regex", "exclude_regex", "path_regex"],
    "list_objects": ["remote_path"],
    "create_bucket": ["exist_ok"],
    "set_remote_base_path": ["path"],
    "get_push_remote_path": ["local_path"],
}


def test_public_names_of_the_reference_are_importable():
    for name in (
        "Provider",
        "RemoteObjectProtocol",
        "SyncObject",
        "TransactionSummary",
        "RemoteStorageConfig",
        "RemoteStorage",
    ):
        assert hasattr(core, name)
    assert Provider.S3 == "s3" and Provider.GOOGLE_STORAGE == "google_storage"
    assert Provider("local") is Provider.LOCAL


@pytest.mark.parametrize("method", sorted(REFERENCE_SIGNATURES))
def test_methods_take_the_reference_parameters_in_order(method: str):
    params = inspect.signature(getattr(RemoteStorage, method)).parameters.values()
    positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self"]
    assert positional == REFERENCE_SIGNATURES[method]
    extensions = [p for p in params if p.kind is p.KEYWORD_ONLY]
    assert all(p.default is not inspect.Parameter.empty for p in extensions)


def test_properties_of_the_reference_exist():
    for name in ("conf", "provider", "remote_base_path", "bucket", "driver"):
        assert isinstance(inspect.getattr_static(RemoteStorage, name), property)


def test_config_fields_in_reference_order():
    fields = [f.name for f in dataclasses.fields(RemoteStorageConfig) if not f.kw_only]
    assert fields == [
        "provider",
        "key",
        "bucket",
        "secret",
        "region",
        "host",
        "port",
        "base_path",
        "secure",
    ]
    conf = RemoteStorageConfig("s3", "key", "bucket", "secret")
    assert (conf.region, conf.host, conf.port, conf.base_path, conf.secure) == (
        None,
        None,
        None,
        "",
        True,
    )


def test_summary_fields_and_properties_match_the_reference():
    fields = [f.name for f in dataclasses.fields(TransactionSummary) if not f.kw_only]
    assert fields == [
        "matched_source_files",
        "not_on_target",
        "on_target_eq_md5",
        "on_target_neq_md5",
        "unresolvable_collisions",
        "skipped_source_files",
        "synced_files",
        "sync_direction",
    ]
    for name in ("files_to_sync", "requires_force", "has_unresolvable_collisions"):
        assert isinstance(inspect.getattr_static(TransactionSummary, name), property)
    for name in ("size_files_to_sync", "add_entry", "get_short_summary_dict", "to_json"):
        assert callable(getattr(TransactionSummary, name))
    with pytest.raises(ValueError):
        TransactionSummary(sync_direction="sideways")  # type: ignore[arg-type]


def test_sync_object_accepts_the_reference_constructor(tmp_path: Path):
    path = write(tmp_path / "a.txt", "abc")
    sync_object = SyncObject(str(path), remote_path="base/a.txt")
    assert sync_object.name == "base/a.txt"
    assert sync_object.exists_locally and not sync_object.exists_on_remote
    assert sync_object.local_hash == "900150983cd24fb0d6963f7d28e17f72"
    assert not sync_object.exists_on_target and not sync_object.equal_md5_hash_sum
    assert json.loads(sync_object.to_json())["local_size"] == 3
    with pytest.raises(FileExistsError):
        SyncObject(str(tmp_path), remote_path="x")
    with pytest.raises(ValueError):
        SyncObject()


def test_dry_run_summary_json_has_the_reference_shape(make_storage, tmp_path: Path):
    write(tmp_path / "src/d/a.txt", "a")
    storage = make_storage()
    summary = storage.push("d", local_path_prefix=str(tmp_path / "src"), dryrun=True)
    data = json.loads(summary.to_json())
    assert data["sync_direction"] == "push"
    assert data["not_on_target"][0]["remote_path"] == "d/a.txt"
    assert repr(summary).startswith("\nTransactionSummary: \n")
    assert summary.get_short_summary_dict() == {
        "sync_direction": "push",
        "files_to_sync": 1,
        "total_size": 1,
        "unresolvable_collisions": 0,
        "synced_files": 0,
        "failed_files": 0,
        "refused_files": 0,
    }


def test_the_secret_never_appears(s3_conf, tmp_path: Path, caplog: pytest.LogCaptureFixture):
    secret = "Sup3r-Secret-Value-42"
    conf = s3_conf()
    conf = dataclasses.replace(conf, secret=secret)
    storage = RemoteStorage(conf)
    write(tmp_path / "src/a.txt", "a")
    caplog.set_level("DEBUG")
    summary = storage.push("a.txt", local_path_prefix=str(tmp_path / "src"))
    pulled = storage.pull("a.txt", local_base_dir=str(tmp_path / "out"), dryrun=True)
    texts = [repr(conf), str(conf), repr(storage), summary.to_json(), repr(pulled), caplog.text]
    broken = dataclasses.replace(conf, port=1)
    with pytest.raises(core.ConnectionFailedError) as excinfo:
        RemoteStorage(broken).list_objects("")
    texts.append(str(excinfo.value))
    assert not any(secret in text for text in texts)
