"""Which copy changed, as a user meets it: the sync record through the ``bucketferry``
command, on the embedded local-folder bucket.

``here`` is the folder a user syncs; ``other`` is somebody else's, whose pushes are the
changes made in the bucket. The record belongs to a pair of places (the bucket and one
local folder), so ``other`` has never synced as far as ``here``'s record goes, and the
other way round.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.e2e.test_cli import Run, assert_plain_error, bucketferry
from tests.helpers import tree_bytes, write


def push(folder: Path, *args: str) -> Run:
    return bucketferry("push", "d", "--local-prefix", str(folder), *args)


def pull(folder: Path, *args: str) -> Run:
    return bucketferry("pull", "d", str(folder), *args)


def bucket(tmp_path: Path) -> dict[str, bytes]:
    """What the bucket holds below d/, pulled into a folder of its own."""
    check = tmp_path / f"check{len(list(tmp_path.glob('check*')))}"
    assert pull(check).returncode == 0
    return tree_bytes(check / "d")


def plan(folder: Path, command: str = "push") -> tuple[str, dict[str, object]]:
    """The dry run's table, and each path's state from its JSON (files only on the
    target included)."""
    run = push if command == "push" else pull
    table = run(folder, "--dry-run")
    assert table.returncode == 0, table.stderr
    data = json.loads(run(folder, "--dry-run", "--json").stdout)
    rows = data["matched_source_files"] + data["skipped_source_files"] + data["only_on_target"]
    return table.stdout, {row["remote_path"]: row["state"] for row in rows}


def synced(tmp_path: Path, content: str = "one") -> Path:
    """``here`` with d/a.txt pushed: the record knows both copies."""
    here = tmp_path / "here"
    write(here / "d/a.txt", content)
    assert push(here).returncode == 0
    return here


def changed_in_the_bucket(tmp_path: Path, content: str) -> None:
    """Somebody else pushes d/a.txt over what ``here`` synced (never synced there, so
    they need --force)."""
    write(tmp_path / "other/d/a.txt", content)
    assert push(tmp_path / "other", "--force").returncode == 0


def test_with_no_record_a_difference_is_differs_and_needs_force_both_ways(tmp_path: Path):
    write(tmp_path / "other/d/a.txt", "theirs")
    write(tmp_path / "other/d/b.txt", "theirs too")
    assert push(tmp_path / "other").returncode == 0
    here = tmp_path / "here"
    write(here / "d/a.txt", "mine, edited after their upload")
    write(here / "d/b.txt", "mine, edited before")
    os.utime(here / "d/b.txt", (946684800, 946684800))  # the year 2000

    table, states = plan(here)
    assert states == {"d/a.txt": "differs", "d/b.txt": "differs"}
    assert "d/a.txt  (modified here after the bucket's copy was uploaded)" in table
    assert "d/b.txt  (the bucket's copy was uploaded after the last change here)" in table
    assert "A run needs --force: 2 files would be overwritten: never synced here" in table

    refused = push(here)
    assert_plain_error(refused, 3, "d/a.txt", "never synced here", "Nothing was changed")
    assert bucket(tmp_path) == {"a.txt": b"theirs", "b.txt": b"theirs too"}
    assert_plain_error(pull(here), 3, "d/b.txt", "never synced here")
    assert (here / "d/a.txt").read_text() == "mine, edited after their upload"

    assert push(here, "--force").returncode == 0
    assert bucket(tmp_path)["a.txt"] == b"mine, edited after their upload"


def test_a_change_here_shows_as_changed_local_and_is_pushed_without_force(tmp_path: Path):
    here = synced(tmp_path)
    write(here / "d/a.txt", "edited here")

    table, states = plan(here)
    assert states == {"d/a.txt": "changed_local"}
    assert "changed_local: 1 file" in table and "d/a.txt  (last synced " in table
    assert "A run updates 1 file without --force" in table and "needs --force" not in table

    pushed = push(here)
    assert pushed.returncode == 0, pushed.stderr
    assert "Pushed 1 file" in pushed.stdout
    assert bucket(tmp_path) == {"a.txt": b"edited here"}
    assert plan(here)[1] == {"d/a.txt": "identical"}


def test_a_change_in_the_bucket_is_pulled_without_force_but_never_pushed_over(tmp_path: Path):
    here = synced(tmp_path)
    write(here / "d/new.txt", "new here")
    changed_in_the_bucket(tmp_path, "edited in the bucket")

    table, states = plan(here)
    assert states == {"d/a.txt": "changed_remote", "d/new.txt": "new"}
    assert "changed_remote: 1 file" in table

    refused = push(here)
    assert_plain_error(
        refused, 3, "d/a.txt  (changed in the bucket since the last sync)", "Nothing was changed"
    )
    assert refused.stdout == ""
    assert bucket(tmp_path) == {"a.txt": b"edited in the bucket"}  # not even new.txt was sent
    as_json = push(here, "--json")
    assert as_json.returncode == 3
    data = json.loads(as_json.stdout)
    assert (
        data["refusal"] == "1 file would be overwritten: changed in the bucket since the last sync"
    )
    assert [(s["remote_path"], s["state"]) for s in data["on_target_neq_md5"]] == [
        ("d/a.txt", "changed_remote")
    ]

    assert plan(here, "pull")[1]["d/a.txt"] == "changed_remote"
    pulled = pull(here)
    assert pulled.returncode == 0, pulled.stderr
    assert (here / "d/a.txt").read_text() == "edited in the bucket"


def test_a_change_on_both_sides_is_a_conflict_that_needs_force_both_ways(tmp_path: Path):
    here = synced(tmp_path)
    changed_in_the_bucket(tmp_path, "edited in the bucket")
    write(here / "d/a.txt", "edited here too")

    table, states = plan(here)
    assert states == {"d/a.txt": "conflict"}
    assert "conflict: 1 file" in table and "d/a.txt  (last synced " in table
    assert plan(here, "pull")[1] == {"d/a.txt": "conflict"}

    for refused in (push(here), pull(here)):
        assert_plain_error(refused, 3, "changed on both sides since the last sync", "--force")
    assert (here / "d/a.txt").read_text() == "edited here too"
    assert bucket(tmp_path) == {"a.txt": b"edited in the bucket"}

    forced = pull(here, "--force", "--json")
    assert forced.returncode == 0, forced.stderr
    [row] = json.loads(forced.stdout)["synced_files"]
    assert (row["state"], row["status"]) == ("conflict", "synced")
    assert (here / "d/a.txt").read_text() == "edited in the bucket"
    assert Path(row["replaced_copy"]).read_text() == "edited here too"  # kept in the trash


def test_a_file_only_in_the_bucket_is_shown_and_never_transferred(tmp_path: Path):
    here = synced(tmp_path)
    write(tmp_path / "other/d/theirs.txt", "theirs")
    assert bucketferry(
        "push", "d/theirs.txt", "--local-prefix", str(tmp_path / "other")
    ).returncode == 0  # fmt: skip

    table, states = plan(here)
    assert states == {"d/a.txt": "identical", "d/theirs.txt": "only_target"}
    assert "only_target: 1 file, 6 B" in table and "d/theirs.txt" in table

    pushed = push(here, "--json")
    assert pushed.returncode == 0, pushed.stderr
    result = json.loads(pushed.stdout)
    assert [(s["remote_path"], s["state"]) for s in result["only_on_target"]] == [
        ("d/theirs.txt", "only_target")
    ]
    assert result["synced_files"] == []
    assert not (here / "d/theirs.txt").exists()
    assert bucket(tmp_path) == {"a.txt": b"one", "theirs.txt": b"theirs"}


def test_a_file_deleted_here_after_a_sync_stays_in_the_bucket(tmp_path: Path):
    here = synced(tmp_path)
    write(here / "d/b.txt", "two")
    assert push(here).returncode == 0
    (here / "d/b.txt").unlink()

    table, states = plan(here)
    assert states == {"d/a.txt": "identical", "d/b.txt": "deleted_source"}
    assert "deleted_source: 1 file, 3 B" in table and "d/b.txt  (last synced " in table

    pushed = push(here)
    assert pushed.returncode == 0, pushed.stderr
    assert "1 only on the target, left alone" in pushed.stdout
    assert bucket(tmp_path) == {"a.txt": b"one", "b.txt": b"two"}
