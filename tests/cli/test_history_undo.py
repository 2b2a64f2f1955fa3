"""``history``, ``undo`` and ``backups`` as a user runs them: the real ``bucketferry`` entry
point in a subprocess, against a local-folder bucket and S3 on moto (below a base path),
with every file of both sides compared by checksum before a run and after its undo.

``here`` is the folder a user syncs; ``other`` is somebody else's, whose forced push
replaces what ``here`` put in the bucket.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bucketferry.core import RemoteStorageConfig
from tests.e2e.test_cli import Run, assert_plain_error, bucketferry, s3_options
from tests.helpers import s3_client, write

BACKUPS = ".bucketferry-backups"


def checksums(root: Path) -> dict[str, str]:
    """Every file below ``root`` (relative path -> md5)."""
    return {
        path.relative_to(root).as_posix(): hashlib.md5(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@dataclass
class Bucket:
    """A bucket reached through connection options; ``read`` gives its objects outside
    the backup folders (name -> md5), ``put`` changes one behind Bucket Ferry's back."""

    options: list[str]
    env: dict[str, str]
    read: Callable[[], dict[str, str]]
    put: Callable[[str, bytes], None]
    base: str = ""
    runs: list[str] = field(default_factory=list)

    def run(self, *args: str, stdin: str = "") -> Run:
        return bucketferry(*args, *self.options, env=self.env, stdin=stdin)

    def name(self, path: str) -> str:
        """The object's name in the bucket for a path below the base path."""
        return f"{self.base}/{path}" if self.base else path


def local_bucket(conf: RemoteStorageConfig) -> Bucket:
    folder = Path(conf.key) / conf.bucket

    def read() -> dict[str, str]:
        return {name: md5 for name, md5 in checksums(folder).items() if not is_backup(name)}

    def put(name: str, content: bytes) -> None:
        write(folder / name, content)

    options = ["--provider", "local", "--key", conf.key, "--bucket", conf.bucket]
    return Bucket(options, {}, read, put)


def s3_bucket(conf: RemoteStorageConfig) -> Bucket:
    assert conf.host is not None and conf.port is not None
    s3 = s3_client(conf.host, conf.port)

    def read() -> dict[str, str]:
        found = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=conf.bucket):
            for entry in page.get("Contents", []):
                if not is_backup(entry["Key"]):
                    body = s3.get_object(Bucket=conf.bucket, Key=entry["Key"])["Body"].read()
                    found[entry["Key"]] = hashlib.md5(body).hexdigest()
        return found

    def put(name: str, content: bytes) -> None:
        s3.put_object(Bucket=conf.bucket, Key=name, Body=content)

    options = [*s3_options(conf), "--base-path", conf.base_path]
    return Bucket(options, {"BUCKETFERRY_SECRET": conf.secret}, read, put, conf.base_path)


def is_backup(name: str) -> bool:
    return name.startswith(BACKUPS + "/")


@pytest.fixture(params=["local", "s3"])
def bucket(request: pytest.FixtureRequest) -> Bucket:
    """The same scenarios on a local-folder bucket and on S3 (moto) below a base path."""
    if request.param == "local":
        return local_bucket(request.getfixturevalue("local_conf")())
    return s3_bucket(request.getfixturevalue("s3_conf")(base_path="team"))


@pytest.fixture
def folder_bucket(local_conf: Callable[..., RemoteStorageConfig]) -> Bucket:
    return local_bucket(local_conf())


def tree(root: Path, seed: int, names: list[str]) -> Path:
    """Files with contents that differ per ``seed``: text, and one binary of 300 kB."""
    rng = random.Random(seed)
    for name in names:
        size = 300_000 if name.endswith(".bin") else rng.randint(1, 2000)
        write(root / name, rng.randbytes(size))
    return root


MINE = ["d/a.txt", "d/sub/b.txt", "d/sub/deep/c.bin", "d/same.txt", "d/only-mine.txt"]
THEIRS = ["d/a.txt", "d/sub/b.txt", "d/sub/deep/c.bin", "d/sub/new.txt", "d/new.bin"]


def newest_run(kind: str) -> dict[str, object]:
    runs = json.loads(bucketferry("history", "--json").stdout)
    assert runs[0]["kind"] == kind, runs
    return runs[0]


def pushed(bucket: Bucket, folder: Path, *args: str) -> Run:
    result = bucket.run("push", "d", "--local-prefix", str(folder), *args)
    assert result.returncode == 0, result.stderr
    return result


def forced_push(bucket: Bucket, tmp_path: Path) -> tuple[str, dict[str, str]]:
    """``here`` pushed, then ``other`` pushed over it with --force: the run's id and the
    bucket as it was before that run."""
    pushed(bucket, tree(tmp_path / "here", 1, MINE))
    before = bucket.read()
    other = tree(tmp_path / "other", 2, THEIRS)
    write(other / "d/same.txt", (tmp_path / "here/d/same.txt").read_bytes())
    pushed(bucket, other, "--force")
    assert bucket.read() != before
    return str(newest_run("push")["id"]), before


# --- undo, on both kinds of bucket ---------------------------------------------------------


def test_undo_of_a_forced_push_puts_the_whole_tree_back_and_twice_changes_nothing(
    bucket: Bucket, tmp_path: Path
):
    run_id, before = forced_push(bucket, tmp_path)
    locally = {side: checksums(tmp_path / side) for side in ("here", "other")}
    after_run = bucket.read()

    dry = bucket.run("undo", run_id, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"Undo of push {run_id}" in dry.stdout
    for path in ("d/a.txt", "d/sub/deep/c.bin"):
        assert f"put back    {bucket.name(path)}  (the version from before the run, kept in " in (
            dry.stdout
        )
    assert f"remove      {bucket.name('d/new.bin')}  (the run created it)" in dry.stdout
    assert "Undo: 3 files to put back, 2 files to remove.\n" in dry.stdout
    plan = json.loads(bucket.run("undo", run_id, "--dry-run", "--json").stdout)
    assert (plan["run"]["id"], plan["to_do"], plan["conflicts"]) == (run_id, 5, 0)
    assert bucket.read() == after_run  # the dry runs changed nothing

    undone = bucket.run("undo", run_id, "--yes", "--json")
    assert undone.returncode == 0, undone.stderr
    result = json.loads(undone.stdout)
    assert {step["status"] for step in result["steps"] if step["action"]} == {"done"}
    assert bucket.read() == before
    assert {side: checksums(tmp_path / side) for side in ("here", "other")} == locally

    again = bucket.run("undo", run_id, "--yes")
    assert again.returncode == 0, again.stderr
    assert "Nothing to undo" in again.stderr
    assert bucket.read() == before
    history = json.loads(bucketferry("history", "--json").stdout)  # the second did nothing
    assert [(run["kind"], run["undoes"]) for run in history] == [
        ("undo", run_id),
        ("push", None),
        ("push", None),
    ]


def test_undo_of_a_forced_pull_puts_the_local_tree_back(bucket: Bucket, tmp_path: Path):
    pushed(bucket, tree(tmp_path / "other", 2, THEIRS))
    here = tree(tmp_path / "here", 1, MINE)
    before, in_bucket = checksums(here), bucket.read()
    dry = bucket.run("pull", "d", str(here), "--dry-run")
    assert "The 3 local files it replaces go to the trash first" in dry.stdout
    refused = bucket.run("pull", "d", str(here))
    assert_plain_error(refused, 3, "With --force: the 3 local files it replaces go to the trash")
    pulled = bucket.run("pull", "d", str(here), "--force")
    assert pulled.returncode == 0, pulled.stderr
    assert checksums(here) != before
    run_id = str(newest_run("pull")["id"])

    undone = bucket.run("undo", run_id, "--yes")
    assert undone.returncode == 0, undone.stderr
    assert f"Undid run {run_id}" in undone.stdout
    assert "put back 3 files, removed 2 files." in undone.stdout
    assert checksums(here) == before
    assert bucket.read() == in_bucket
    assert bucket.run("undo", run_id, "--yes").returncode == 0
    assert checksums(here) == before


def test_undo_of_rm_puts_every_deleted_object_back(bucket: Bucket, tmp_path: Path):
    here = tree(tmp_path / "here", 1, MINE)
    pushed(bucket, here)
    before, locally = bucket.read(), checksums(here)
    asked = bucket.run("rm", "d")
    assert_plain_error(
        asked, 3, f"The 5 objects it deletes are kept in {BACKUPS}/<run id>/ in the bucket"
    )
    removed = bucket.run("rm", "d", "--yes")
    assert removed.returncode == 0, removed.stderr
    run_id = str(newest_run("delete")["id"])
    assert f"kept in {BACKUPS}/{run_id}/ in the bucket" in removed.stderr
    assert f"`bucketferry undo {run_id}` puts them back" in removed.stderr
    assert bucket.read() == {}

    undone = bucket.run("undo", run_id, "--yes")
    assert undone.returncode == 0, undone.stderr
    assert bucket.read() == before
    assert checksums(here) == locally


def test_an_object_edited_after_the_run_is_left_alone_with_its_reason_exit_4(
    bucket: Bucket, tmp_path: Path
):
    run_id, before = forced_push(bucket, tmp_path)
    edited = bucket.name("d/a.txt")
    bucket.put(edited, b"edited after the run")

    dry = bucket.run("undo", run_id, "--dry-run")
    assert dry.returncode == 0  # a dry run did what it was asked
    assert f"left alone  {edited}  (it changed after the run)" in dry.stdout
    undone = bucket.run("undo", run_id, "--yes")
    assert_plain_error(undone, 4, "Left alone, not undone: 1 file:", edited, "changed after")
    assert "1 left alone" in undone.stdout
    now = bucket.read()
    assert now[edited] == hashlib.md5(b"edited after the run").hexdigest()
    assert {name: md5 for name, md5 in now.items() if name != edited} == {
        name: md5 for name, md5 in before.items() if name != edited
    }
    nothing_else = bucket.run("undo", run_id, "--yes")
    assert_plain_error(nothing_else, 4, "Nothing was undone")


# --- history, errors, asking -------------------------------------------------------------


def test_history_lists_push_pull_rm_and_undo_runs_newest_first(
    folder_bucket: Bucket, tmp_path: Path
):
    assert "No runs are recorded yet" in bucketferry("history").stdout
    assert json.loads(bucketferry("history", "--json").stdout) == []
    here = tree(tmp_path / "here", 1, MINE)
    pushed(folder_bucket, here)
    assert folder_bucket.run("pull", "d", str(tmp_path / "copy")).returncode == 0
    assert folder_bucket.run("rm", "d/sub", "--yes").returncode == 0
    deleted = str(newest_run("delete")["id"])
    assert folder_bucket.run("undo", deleted[:-3], "--yes").returncode == 0  # its start

    runs = json.loads(bucketferry("history", "--json").stdout)
    assert [run["kind"] for run in runs] == ["undo", "delete", "pull", "push"]
    assert [run["counts"] for run in runs] == [{"done": 2}, {"done": 2}, {"done": 5}, {"done": 5}]
    assert {run["outcome"] for run in runs} == {"finished"}
    assert runs[0]["undoes"] == deleted
    assert runs[2]["local_folder"] == str((tmp_path / "copy").resolve())
    assert runs[3]["local_folder"] == str(here.resolve())
    keys = {"id", "kind", "started_at", "outcome", "bucket", "base_path", "endpoint", "undoes"}
    assert keys <= set(runs[0])

    table = bucketferry("history")
    assert table.returncode == 0, table.stderr
    header, *rows = table.stdout.splitlines()
    assert header.split() == [
        "RUN", "STARTED", "KIND", "FILES", "OUTCOME", "BUCKET", "LOCAL", "FOLDER", "NOTE"
    ]  # fmt: skip
    assert [row.split()[0] for row in rows] == [run["id"] for run in runs]
    assert f"undoes {deleted}" in rows[0] and f"undone by {runs[0]['id']}" in rows[1]
    assert "5 done (" in rows[3] and "finished" in rows[3]
    limited = json.loads(bucketferry("history", "--json", "--limit", "2").stdout)
    assert [run["id"] for run in limited] == [run["id"] for run in runs[:2]]


def test_an_unknown_run_or_one_on_another_bucket_is_a_plain_usage_error(
    folder_bucket: Bucket, local_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
):
    pushed(folder_bucket, tree(tmp_path / "here", 1, MINE))
    run_id = str(newest_run("push")["id"])
    assert_plain_error(folder_bucket.run("undo", "nope"), 2, "No run 'nope' is recorded")
    elsewhere = local_bucket(local_conf())
    assert_plain_error(
        elsewhere.run("undo", run_id, "--yes"),
        2,
        f"Run {run_id} was on bucket '{folder_bucket.options[-1]}'",
        "Undo it with that bucket's connection",
    )
    assert_plain_error(bucketferry("undo", run_id), 2, "not on this connection's bucket 'default'")
    assert folder_bucket.read() != {}  # nothing was undone anywhere
    assert len(json.loads(bucketferry("history", "--json").stdout)) == 1


def test_without_a_terminal_and_without_yes_undo_and_prune_refuse_and_change_nothing(
    bucket: Bucket, tmp_path: Path
):
    run_id, _ = forced_push(bucket, tmp_path)
    after_run = bucket.read()
    refused = bucket.run("undo", run_id, stdin="y\n")  # a pipe, not a person
    assert_plain_error(
        refused, 3, "put back", "Refused: nothing was changed. Add --yes to undo without asking."
    )
    assert refused.stdout == ""
    assert bucket.read() == after_run
    kept = json.loads(bucket.run("backups", "list", "--json").stdout)
    pruning = bucket.run("backups", "prune", "--older-than", "0d", stdin="y\n")
    assert_plain_error(pruning, 3, "Would remove the copies of 1 run", "Add --yes to remove")
    assert json.loads(bucket.run("backups", "list", "--json").stdout) == kept


# --- backups ---------------------------------------------------------------------------------


def test_backups_are_listed_per_run_and_pruned_by_age(bucket: Bucket, tmp_path: Path):
    run_id, _ = forced_push(bucket, tmp_path)
    listed = json.loads(bucket.run("backups", "list", "--json").stdout)
    assert [(entry["run_id"], entry["objects"]) for entry in listed] == [(run_id, 3)]
    assert listed[0]["bytes"] > 300_000
    table = bucket.run("backups", "list")
    header, row = table.stdout.splitlines()
    assert header.split() == ["RUN", "STARTED", "KIND", "OBJECTS", "SIZE"]
    assert row.split()[0] == run_id and " push " in row and " 3 " in row and " KB" in row

    young = bucket.run("backups", "prune", "--older-than", "30d", "--yes")
    assert young.returncode == 0 and "nothing was removed" in young.stderr
    dry = bucket.run("backups", "prune", "--older-than", "0d", "--dry-run")
    assert dry.returncode == 0 and "Would remove the copies of 1 run (3 objects" in dry.stdout
    assert len(json.loads(bucket.run("backups", "list", "--json").stdout)) == 1

    pruned = bucket.run("backups", "prune", "--older-than", "0d", "--yes", "--json")
    assert pruned.returncode == 0, pruned.stderr
    assert [entry["run_id"] for entry in json.loads(pruned.stdout)] == [run_id]
    assert json.loads(bucket.run("backups", "list", "--json").stdout) == []
    assert "No copies are kept" in bucket.run("backups", "list").stdout

    gone = bucket.run("undo", run_id, "--yes")
    assert gone.returncode == 4, gone.stderr
    assert "no longer at .bucketferry-backups/" in gone.stderr
    assert "removed 2 files; 3 left alone." in gone.stdout  # what the run created still goes


@pytest.mark.parametrize("age", ["30", "30x", "d", "-1d", "1.5d"])
def test_a_bad_age_is_a_plain_usage_error(age: str):
    result = bucketferry("backups", "prune", f"--older-than={age}")
    assert_plain_error(result, 2, f"'{age}' is not an age", "12h, 30d or 2w")


def test_with_bucket_backups_off_the_plan_says_nothing_is_kept_and_undo_cannot_restore(
    folder_bucket: Bucket, tmp_path: Path
):
    off = ["--no-bucket-backups"]
    pushed(folder_bucket, tree(tmp_path / "here", 1, MINE))
    other = tree(tmp_path / "other", 2, THEIRS)
    plan = folder_bucket.run("push", "d", "--local-prefix", str(other), "--dry-run", *off)
    assert "The 3 objects it replaces will NOT be kept: bucket backups are off" in plan.stdout
    kept_plan = folder_bucket.run("push", "d", "--local-prefix", str(other), "--dry-run")
    assert f"The 3 objects it replaces are kept in {BACKUPS}/<run id>/ in the bucket" in (
        kept_plan.stdout
    )
    run = folder_bucket.run("push", "d", "--local-prefix", str(other), "--force", *off)
    assert "replaced versions of 3 files were not kept (bucket backups are off)" in run.stdout
    run_id = str(newest_run("push")["id"])
    assert_plain_error(folder_bucket.run("backups", "list", *off), 2, "Bucket backups are off")
    assert json.loads(folder_bucket.run("backups", "list", "--json").stdout) == []

    undone = folder_bucket.run("undo", run_id, "--yes")
    assert_plain_error(undone, 4, "cannot be put back: its version from before the run was not")
    assert "removed 2 files; 3 left alone." in undone.stdout


def test_a_chosen_backup_folder_is_used_for_a_run_and_kept_in_a_profile(
    folder_bucket: Bucket, tmp_path: Path
):
    pushed(folder_bucket, tree(tmp_path / "here", 1, MINE))
    other = tree(tmp_path / "other", 2, THEIRS)
    custom = ["--backup-prefix", "old/copies"]
    pushed(folder_bucket, other, "--force", *custom)
    run_id = str(newest_run("push")["id"])
    listed = json.loads(folder_bucket.run("backups", "list", "--json", *custom).stdout)
    assert [entry["run_id"] for entry in listed] == [run_id]
    assert json.loads(folder_bucket.run("backups", "list", "--json").stdout) == []

    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    key, bucket_name = folder_bucket.options[3], folder_bucket.options[5]
    add = bucketferry(
        "profiles", "add", "mine", "--provider", "local", "--key", key, "--bucket", bucket_name,
        *custom, env=env,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    assert "Bucket backups go to old/copies/ in the bucket." in add.stdout
    by_profile = bucketferry("backups", "list", "--json", "--profile", "mine", env=env)
    assert [entry["run_id"] for entry in json.loads(by_profile.stdout)] == [run_id]
    off = bucketferry("profiles", "add", "mine", "--update", "--no-bucket-backups", env=env)
    assert off.returncode == 0, off.stderr
    [saved] = json.loads(bucketferry("profiles", "list", "--json", env=env).stdout)
    assert saved["backup_prefix"] is None
    assert "'mine' off" in bucketferry("profiles", "list", env=env).stdout
    assert_plain_error(
        bucketferry("profiles", "add", "x", "--provider", "local", "--backup-prefix", "../up"),
        2,
        "cannot hold backups",
    )
    assert_plain_error(
        folder_bucket.run("ls", "--backup-prefix", "a", "--no-bucket-backups"), 2, "not allowed"
    )


def test_on_a_bucket_that_keeps_versions_undo_puts_back_the_old_versions(
    s3_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
):
    conf = s3_conf(base_path="team")
    assert conf.host is not None and conf.port is not None
    s3_client(conf.host, conf.port).put_bucket_versioning(
        Bucket=conf.bucket, VersioningConfiguration={"Status": "Enabled"}
    )
    bucket = s3_bucket(conf)
    pushed(bucket, tree(tmp_path / "here", 1, MINE))
    before = bucket.read()
    other = tree(tmp_path / "other", 2, THEIRS)
    plan = bucket.run("push", "d", "--local-prefix", str(other), "--dry-run", "--no-bucket-backups")
    assert "The 3 objects it replaces stay recoverable: the bucket keeps old versions" in (
        plan.stdout
    )
    forced = pushed(bucket, other, "--force")
    assert "The bucket keeps the replaced versions of 3 files as old versions" in forced.stdout
    run_id = str(newest_run("push")["id"])
    assert "It keeps old versions, so runs need no copies" in bucket.run("backups", "list").stdout

    dry = bucket.run("undo", run_id, "--dry-run")
    assert "(the version from before the run, kept by the bucket as version " in dry.stdout
    undone = bucket.run("undo", run_id, "--yes")
    assert undone.returncode == 0, undone.stderr
    assert bucket.read() == before
