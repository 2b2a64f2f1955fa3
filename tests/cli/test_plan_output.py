"""The plan's printout, in-process: every state of a real plan on the embedded bucket,
with the states the sync record gives set by hand, so the words, notes, colours and
refusals are tested apart from how the engine classifies (tests/e2e/test_cli_states.py
runs the same through the engine, as a user does)."""

from __future__ import annotations

import io
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Literal

import pytest

from bucketferry.cli.plan_output import COLOURS, print_plan, print_refusal, refusal_reason
from bucketferry.core import SyncObject, TransactionSummary, embedded_storage
from bucketferry.core.states import PLAN_STATES, PlanState
from tests.cli.test_output import Terminal
from tests.helpers import write

SYNCED = "2024-05-01T08:30:00+00:00"
SYNCED_HERE = datetime.fromisoformat(SYNCED).astimezone().strftime("%Y-%m-%d %H:%M")
"""When the hand-set rows were last synced, as a person here reads it (local time)."""

HAND_SET = {
    "d/c.txt": PlanState.CONFLICT,
    "d/r.txt": PlanState.CHANGED_REMOTE,
    "d/l.txt": PlanState.CHANGED_LOCAL,
}


def planned(tmp_path: Path, direction: Literal["push", "pull"]) -> TransactionSummary:
    """A plan between the bucket, filled from another folder, and ``here``, which has never
    synced with it: five files differ (x2.txt last changed before the upload), one is
    identical, one new, one left out by the filters. Three of the five then get the states
    a sync record would give, and two objects elsewhere in the bucket are added as the files
    only on the target (one of them synced before): objects in a push, local files in a
    pull."""
    storage = embedded_storage()
    for name in ("c", "r", "l", "x1", "x2"):
        write(tmp_path / f"other/d/{name}.txt", "old")
    write(tmp_path / "other/d/same.txt", "same")
    write(tmp_path / "other/extra/g.txt", "gone!")
    write(tmp_path / "other/extra/t.txt", "theirs")
    storage.push("*", local_path_prefix=str(tmp_path / "other"))
    for name in ("c", "r", "l", "x1", "x2"):
        write(tmp_path / f"here/d/{name}.txt", "new content")
    os.utime(tmp_path / "here/d/x2.txt", (946684800, 946684800))  # the year 2000
    write(tmp_path / "here/d/same.txt", "same")
    if direction == "push":
        write(tmp_path / "here/d/added.txt", "added")
        write(tmp_path / "here/d/skip.log", "log")
        summary = storage.plan_push("d", str(tmp_path / "here"), exclude_regex=r".*\.log$")
        gone, theirs = (
            SyncObject("push", remote_obj=obj) for obj in storage.list_objects("extra/")
        )
    else:
        summary = storage.plan_pull("d", str(tmp_path / "here"))
        gone, theirs = (
            SyncObject(
                "pull",
                str(write(tmp_path / f"here/extra/{name}", content)),
                remote_path=f"extra/{name}",
            )
            for name, content in (("g.txt", "gone!"), ("t.txt", "theirs"))
        )
    for item in summary.on_target_neq_md5:
        if item.name in HAND_SET:
            item.state = HAND_SET[item.name]
            item.last_synced = SYNCED
    gone.state, gone.last_synced = PlanState.DELETED_SOURCE, SYNCED
    theirs.state = PlanState.ONLY_TARGET
    summary.only_on_target = [gone, theirs]
    return summary


def test_every_plan_state_has_a_colour_of_its_own_among_the_states_a_run_can_change():
    assert set(COLOURS) == set(PLAN_STATES)
    changing = [COLOURS[state] for state in PLAN_STATES if state.transfers]
    assert len(set(changing)) == len(changing)


def test_a_push_plan_lists_every_state_with_its_notes_then_what_a_run_needs(tmp_path: Path):
    out = io.StringIO()
    print_plan(planned(tmp_path, "push"), out)
    assert out.getvalue() == (
        f"conflict: 1 file, 11 B  - {PlanState.CONFLICT.meaning}\n"
        f"       11 B  d/c.txt  (last synced {SYNCED_HERE})\n"
        f"differs: 2 files, 22 B  - {PlanState.DIFFERS.meaning}\n"
        "       11 B  d/x1.txt  (modified here after the bucket's copy was uploaded)\n"
        "       11 B  d/x2.txt  (the bucket's copy was uploaded after the last change here)\n"
        f"changed_remote: 1 file, 11 B  - {PlanState.CHANGED_REMOTE.meaning}\n"
        f"       11 B  d/r.txt  (last synced {SYNCED_HERE})\n"
        f"changed_local: 1 file, 11 B  - {PlanState.CHANGED_LOCAL.meaning}\n"
        f"       11 B  d/l.txt  (last synced {SYNCED_HERE})\n"
        f"new: 1 file, 5 B  - {PlanState.NEW.meaning}\n"
        "        5 B  d/added.txt\n"
        f"deleted_source: 1 file, 5 B  - {PlanState.DELETED_SOURCE.meaning}\n"
        f"        5 B  extra/g.txt  (last synced {SYNCED_HERE})\n"
        f"only_target: 1 file, 6 B  - {PlanState.ONLY_TARGET.meaning}\n"
        "        6 B  extra/t.txt\n"
        f"identical: 1 file, 4 B  - {PlanState.IDENTICAL.meaning}\n"
        "        4 B  d/same.txt\n"
        f"skipped: 1 file, 3 B  - {PlanState.SKIPPED.meaning}\n"
        "        3 B  d/skip.log  (filtered out by include/exclude)\n"
        "\n"
        "push: 6 files to transfer (60 B): 1 new, 2 differ, 1 conflict, 1 changed in bucket, "
        "1 changed here; 1 identical, 1 skipped, 0 collisions; 1 deleted from source, "
        "1 only on target (left alone)\n"
        "A run updates 1 file without --force: the bucket still has the copy last synced.\n"
        "A run needs --force: 4 files would be overwritten: 1 changed on both sides since the "
        "last sync; 2 never synced here, so which copy is newer is unknown; 1 changed in the "
        "bucket since the last sync.\n"
    )


def test_on_a_terminal_each_heading_has_its_states_colour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    out = Terminal()
    print_plan(planned(tmp_path, "push"), out)
    headings = [line for line in out.getvalue().splitlines() if line.startswith("\x1b[")]
    shown = [
        state for state in PLAN_STATES if state not in (PlanState.COLLISION, PlanState.REFUSED)
    ]
    assert len(headings) == len(shown)
    for line, state in zip(headings, shown, strict=True):
        assert line.startswith(f"\x1b[{COLOURS[state]}m{state.value}: ")
        assert line.endswith(f"\x1b[0m  - {state.meaning}")


def test_a_refused_push_names_each_file_with_what_would_be_lost(tmp_path: Path):
    summary = planned(tmp_path, "push")
    err = io.StringIO()
    print_refusal(summary, err)
    assert err.getvalue() == (
        "Refused: 4 files would be overwritten without --force:\n"
        "       11 B  d/c.txt  (changed on both sides since the last sync)\n"
        "       11 B  d/x1.txt  (never synced here, so which copy is newer is unknown)\n"
        "       11 B  d/x2.txt  (never synced here, so which copy is newer is unknown)\n"
        "       11 B  d/r.txt  (changed in the bucket since the last sync)\n"
        "Nothing was changed. Add --force to overwrite them, or --dry-run to see the whole "
        "plan.\n"
    )
    assert "d/l.txt" not in err.getvalue()  # the safe update is no reason to refuse


def test_in_a_pull_the_change_in_the_bucket_is_the_safe_update(tmp_path: Path):
    summary = planned(tmp_path, "pull")
    assert [item.name for item in summary.unsafe_overwrites if item.name in HAND_SET] == [
        "d/c.txt",
        "d/l.txt",
    ]
    out = io.StringIO()
    print_plan(summary, out)
    assert (
        "A run updates 1 file without --force: this computer still has the copy last synced.\n"
        in out.getvalue()
    )
    assert refusal_reason(summary) == (
        "4 files would be overwritten: 1 changed on both sides since the last sync; "
        "2 never synced here, so which copy is newer is unknown; "
        "1 changed on this computer since the last sync"
    )
    # The files only on the target of a pull are on this computer: their size is theirs.
    assert "        5 B  extra/g.txt  (last synced" in out.getvalue()


def test_one_reason_reads_as_one_sentence(tmp_path: Path):
    summary = planned(tmp_path, "push")
    summary.on_target_neq_md5 = [s for s in summary.on_target_neq_md5 if s.name == "d/r.txt"]
    assert refusal_reason(summary) == (
        "1 file would be overwritten: changed in the bucket since the last sync"
    )


def test_json_gives_every_row_its_state_files_only_on_the_target_too(tmp_path: Path):
    """What --json prints for a plan or a result is the summary's own JSON."""
    data = json.loads(planned(tmp_path, "push").to_json())
    states = {s["remote_path"]: s["state"] for s in data["matched_source_files"]}
    assert states == {
        "d/added.txt": "new",
        "d/c.txt": "conflict",
        "d/l.txt": "changed_local",
        "d/r.txt": "changed_remote",
        "d/same.txt": "identical",
        "d/x1.txt": "differs",
        "d/x2.txt": "differs",
    }
    assert [s["state"] for s in data["skipped_source_files"]] == ["skipped"]
    assert [(s["remote_path"], s["state"], s["last_synced"]) for s in data["only_on_target"]] == [
        ("extra/g.txt", "deleted_source", SYNCED),
        ("extra/t.txt", "only_target", None),
    ]
