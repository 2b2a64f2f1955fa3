"""Hostile inputs on the command line: what is refused is said, counted and exited on.

Every test runs the real command (a subprocess) against moto over HTTP or the embedded
local-folder bucket, and checks three things: the plain message, the exit code, and that
nothing was lost or changed. Objects with names no file system should get are put into
moto with boto3 directly, as another program would.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bucketferry.core import RemoteStorageConfig
from tests.e2e.test_cli import assert_plain_error, bucketferry, log_file, s3_options
from tests.e2e.test_cli_terminal import command, run_on_terminal
from tests.faultproxy import FaultProxy
from tests.helpers import is_backup, s3_client, tree_bytes, write
from tests.stall_server import StallServer

HOSTILE_KEYS = ("a/../b", "/abs", "c/./d", "e//f", "g/../h")
"""Names a server stores as given and an HTTP client would quietly turn into others."""


def embedded_bucket() -> Path:
    """The folder of the embedded bucket (conftest points the data folder at a temp one)."""
    folder = Path(os.environ["BUCKETFERRY_DATA_DIR"]) / "default"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def s3_keys(s3: Any, bucket: str) -> list[str]:
    """The bucket's own objects (the backups that runs keep aside apart)."""
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return sorted(o["Key"] for o in listed if not is_backup(o["Key"]))


@pytest.fixture
def hostile_bucket(
    s3_conf: Callable[..., RemoteStorageConfig],
) -> tuple[RemoteStorageConfig, Any, dict[str, str]]:
    """A moto bucket with two ordinary objects and five with hostile names, and the
    environment that gives the command its secret."""
    conf = s3_conf()
    assert conf.host is not None and conf.port is not None
    s3 = s3_client(conf.host, conf.port)
    for key in ("ok/x.txt", "ok/y.txt", *HOSTILE_KEYS):
        s3.put_object(Bucket=conf.bucket, Key=key, Body=f"content of {key}".encode())
    return conf, s3, {"BUCKETFERRY_SECRET": conf.secret}


def refused_in_json(plan: dict[str, Any]) -> dict[str, str]:
    """name -> reason of every refused entry in a plan's or result's JSON."""
    return {
        entry["remote_path"]: entry["reason"]
        for entry in plan["skipped_source_files"]
        if entry["status"] == "refused"
    }


def listed_under_reasons(text: str) -> dict[str, str]:
    """name -> reason from a list of names grouped under "  reason (N files):" lines."""
    found, reason = {}, None
    for line in text.splitlines():
        heading = re.fullmatch(r"  (\S.*) \(\d+ (?:files?|objects?)\):", line)
        if heading:
            reason = heading[1]
        elif line.startswith("    ") and reason is not None:
            found[line.strip()] = reason
    return found


# --- what is refused is said -----------------------------------------------------------


def test_a_pull_of_hostile_names_lists_every_refusal_with_its_reason_and_exits_4(
    hostile_bucket: tuple[RemoteStorageConfig, Any, dict[str, str]], tmp_path: Path
):
    conf, s3, env = hostile_bucket
    out = tmp_path / "work" / "out"
    pull = ["pull", "", str(out), *s3_options(conf)]

    planned = bucketferry(*pull, "--dry-run", "--json", env=env)
    assert planned.returncode == 0, planned.stderr
    reasons = refused_in_json(json.loads(planned.stdout))
    assert set(reasons) == set(HOSTILE_KEYS)
    for reason in reasons.values():  # plain sentences, never "refused: refused: ..."
        assert reason and not reason.lower().startswith("refused")

    table = bucketferry(*pull, "--dry-run", env=env)
    assert table.returncode == 0, table.stderr
    assert "refused: 5 files" in table.stdout
    assert "skipped:" not in table.stdout  # refused is a group of its own, not "skipped"
    for name, reason in reasons.items():
        assert f"  {name}  ({reason})" in table.stdout
    assert "2 new, 0 differ; 0 identical, 5 refused, 0 skipped" in table.stdout
    assert "A run leaves the 5 refused files alone" in table.stdout
    assert not out.exists()

    pulled = bucketferry(*pull, env=env)
    assert pulled.returncode == 4, pulled.stderr
    assert "Pulled 2 files" in pulled.stdout and "; 5 refused." in pulled.stdout
    assert "Refused 5 files, left alone for safety:" in pulled.stderr
    assert listed_under_reasons(pulled.stderr) == reasons
    assert "refused: refused" not in pulled.stderr.lower() + pulled.stdout.lower()
    assert "Traceback" not in pulled.stderr
    # Only the ordinary objects arrived, nothing beside or above the folder; the bucket
    # is as it was.
    assert tree_bytes(tmp_path) == {
        "work/out/ok/x.txt": b"content of ok/x.txt",
        "work/out/ok/y.txt": b"content of ok/y.txt",
    }
    assert s3_keys(s3, conf.bucket) == sorted(["ok/x.txt", "ok/y.txt", *HOSTILE_KEYS])

    as_json = bucketferry(*pull, "--json", env=env)
    assert as_json.returncode == 4, as_json.stderr
    assert refused_in_json(json.loads(as_json.stdout)) == reasons


def test_rm_says_what_it_leaves_alone_before_asking_and_after_deleting(
    hostile_bucket: tuple[RemoteStorageConfig, Any, dict[str, str]],
):
    conf, s3, env = hostile_bucket
    rm = ["rm", "", *s3_options(conf)]
    everything = sorted(["ok/x.txt", "ok/y.txt", *HOSTILE_KEYS])

    asked = bucketferry(*rm, env=env, stdin="y\n")  # a script: nothing is deleted
    assert_plain_error(asked, 3, "Left alone, not safe to delete: 5 objects:", "Would delete 2")
    assert set(listed_under_reasons(asked.stderr)) == set(HOSTILE_KEYS)
    assert s3_keys(s3, conf.bucket) == everything

    deleted = bucketferry(*rm, "--yes", env=env)
    assert deleted.returncode == 4, deleted.stderr
    left_alone = listed_under_reasons(deleted.stderr)
    assert set(left_alone) == set(HOSTILE_KEYS)
    [reason] = set(left_alone.values())
    assert deleted.stdout == f"Deleted 2 objects; 5 left alone ({reason}).\n"
    assert s3_keys(s3, conf.bucket) == sorted(HOSTILE_KEYS)

    again = bucketferry(*rm, "--yes", "--json", env=env)
    assert again.returncode == 4, again.stderr
    entries = json.loads(again.stdout)
    assert {(e["name"], e["status"], e["reason"]) for e in entries} == {
        (key, "refused", reason) for key in HOSTILE_KEYS
    }
    assert all({"path", "size", "hash", "last_modified"} <= set(e) for e in entries)
    assert "Nothing was deleted." in again.stderr
    assert s3_keys(s3, conf.bucket) == sorted(HOSTILE_KEYS)


def test_rm_json_marks_each_object_deleted_or_refused(
    hostile_bucket: tuple[RemoteStorageConfig, Any, dict[str, str]],
):
    conf, s3, env = hostile_bucket
    result = bucketferry("rm", "", "--yes", "--json", *s3_options(conf), env=env)
    assert result.returncode == 4, result.stderr
    statuses = {e["name"]: (e["status"], e["path"]) for e in json.loads(result.stdout)}
    assert statuses == {
        "ok/x.txt": ("deleted", "ok/x.txt"),
        "ok/y.txt": ("deleted", "ok/y.txt"),
        **{key: ("refused", key) for key in HOSTILE_KEYS},
    }
    assert s3_keys(s3, conf.bucket) == sorted(HOSTILE_KEYS)


def test_a_file_name_that_is_not_utf8_is_refused_shown_escaped_and_logged_without_errors(
    s3_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
):
    """An S3 push of such a file once printed about sixty "--- Logging error ---" blocks
    and said nothing about the file."""
    conf = s3_conf()
    assert conf.host is not None and conf.port is not None
    folder = os.fsencode(tmp_path / "d")
    os.makedirs(folder)
    Path(os.fsdecode(folder + b"/bad\xffname.txt")).write_bytes(b"never sent")
    write(tmp_path / "d/ok.txt", "sent")
    push = ["push", "d", "--local-prefix", str(tmp_path), *s3_options(conf), "-v"]
    env = {"BUCKETFERRY_SECRET": conf.secret}

    pushed = bucketferry(*push, env=env)
    assert pushed.returncode == 4, pushed.stderr
    assert "Pushed 1 file" in pushed.stdout and "; 1 refused." in pushed.stdout
    assert "    d/bad\\xffname.txt\n" in pushed.stderr  # escaped, under its reason
    assert "Logging error" not in pushed.stderr
    assert "\udcff" not in pushed.stderr
    logged = log_file().read_bytes()
    assert b"Logging error" not in logged and b"bad\\xffname.txt" in logged
    logged.decode("utf-8")  # every line is valid text
    assert s3_keys(s3_client(conf.host, conf.port), conf.bucket) == ["d/ok.txt"]


def test_a_refused_run_with_json_prints_the_plan_and_why(tmp_path: Path):
    # The bucket's copy comes from another folder: never synced with this one ("differs").
    write(tmp_path / "other/d/a.txt", "one")
    assert bucketferry("push", "d", "--local-prefix", str(tmp_path / "other")).returncode == 0
    write(tmp_path / "d/a.txt", "two")
    write(tmp_path / "d/b.txt", "new")
    refused = bucketferry("push", "d", "--local-prefix", str(tmp_path), "--json")
    assert_plain_error(refused, 3, "Refused: 1 file would be overwritten", "--force")
    plan = json.loads(refused.stdout)
    assert plan["refusal"] == (
        "1 file would be overwritten: never synced here, so which copy is newer is unknown"
    )
    assert plan["on_target_neq_md5"][0]["state"] == "differs"
    assert [s["remote_path"] for s in plan["on_target_neq_md5"]] == ["d/a.txt"]
    assert [s["remote_path"] for s in plan["not_on_target"]] == ["d/b.txt"]
    assert tree_bytes(embedded_bucket()) == {"d/a.txt": b"one"}  # nothing was sent


def test_ls_marks_a_link_in_a_folder_bucket_and_pull_and_rm_leave_it_alone(tmp_path: Path):
    outside = write(tmp_path / "secret.txt", "not in the bucket")
    folder = embedded_bucket() / "d"
    write(folder / "ok.txt", "ok")
    (folder / "link.txt").symlink_to(outside)

    listed = bucketferry("ls")
    assert listed.returncode == 0, listed.stderr
    [link_line] = [line for line in listed.stdout.splitlines() if "d/link.txt" in line]
    reason = link_line.split("  (refused: ", 1)[1].removesuffix(")")
    assert reason and not reason.lower().startswith("refused")
    entries = {e["path"]: e["refusal"] for e in json.loads(bucketferry("ls", "--json").stdout)}
    assert entries == {"d/link.txt": reason, "d/ok.txt": None}

    pulled = bucketferry("pull", "d", str(tmp_path / "out"))
    assert pulled.returncode == 4, pulled.stderr
    assert "; 1 refused." in pulled.stdout
    assert listed_under_reasons(pulled.stderr) == {"d/link.txt": reason}
    assert tree_bytes(tmp_path / "out") == {"d/ok.txt": b"ok"}

    removed = bucketferry("rm", "d", "--yes")
    assert removed.returncode == 4, removed.stderr
    assert removed.stdout == f"Deleted 1 object; 1 left alone ({reason}).\n"
    assert (folder / "link.txt").is_symlink() and not (folder / "ok.txt").exists()
    assert outside.read_text() == "not in the bucket"


def test_help_documents_exit_code_4_and_the_limits_of_the_options():
    top = bucketferry("--help")
    assert top.returncode == 0
    assert "  4    done, but some files or objects were refused and left alone" in top.stdout
    push = bucketferry("push", "--help")
    assert "--timeout SECONDS" in push.stdout and "1 to 64" in push.stdout


# --- names that would control the terminal or fake a line ----------------------------------


CONTROL_NAME = "esc\x1b[31mred\rfake\nline\x07.txt"
ESCAPED_NAME = "esc\\x1b[31mred\\rfake\\nline\\x07.txt"
UNICODE_NAME = "café 日本 👩\u200d💻.txt"


def test_names_are_escaped_on_a_terminal_and_in_the_log(tmp_path: Path):
    bucket = embedded_bucket()
    write(bucket / "d" / CONTROL_NAME, "hostile")
    write(bucket / "d" / UNICODE_NAME, "ordinary")
    write(tmp_path / "src/d" / CONTROL_NAME, "hostile")
    env = {**os.environ, "COLUMNS": "200", "TERM": "xterm"}

    code, shown = run_on_terminal(command("ls", "-v"), env)
    assert code == 0, shown
    assert f"d/{ESCAPED_NAME}" in shown and f"d/{UNICODE_NAME}" in shown
    assert "\x1b[31mred" not in shown and "red\rfake" not in shown and "\x07" not in shown

    code, shown = run_on_terminal(
        command("push", "d", "--local-prefix", str(tmp_path / "src"), "--dry-run"), env
    )
    assert code == 0, shown
    assert ESCAPED_NAME in shown and "\x1b[31mred" not in shown

    code, shown = run_on_terminal(command("pull", "d", str(tmp_path / "out"), "-v"), env)
    assert code == 4, shown  # a control character is refused in a local file name
    assert f"    d/{ESCAPED_NAME}\r\n" in shown  # the refusal list (the terminal adds \r)
    assert "\x1b[31mred" not in shown and "red\rfake" not in shown and "\x07" not in shown
    assert (tmp_path / "out/d" / UNICODE_NAME).read_text() == "ordinary"
    assert (bucket / "d" / CONTROL_NAME).read_text() == "hostile"  # the bucket is unchanged

    logged = log_file().read_text(encoding="utf-8")
    assert "\x1b" not in logged and "\r" not in logged and "\x07" not in logged
    record = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ [A-Z]+ bucketferry")
    assert all(record.match(line) for line in logged.splitlines())  # no forged lines


# --- failures say one thing once ---------------------------------------------------------


def test_a_run_stopped_by_a_server_that_stops_answering_says_so_once_and_exits_1(
    moto_endpoint: tuple[str, int],
    s3_conf: Callable[..., RemoteStorageConfig],
    tmp_path: Path,
):
    """Half the files go through, then every upload is met with silence: the run stops
    after one file's retries, instead of waiting the same minutes for each."""
    conf = s3_conf()
    for number in range(40):
        write(tmp_path / f"d/{number:02d}.txt", f"file {number}")

    def second_half(method: str, target: str) -> bool:
        return method == "PUT" and re.search(r"/d/[23]\d\.txt$", target) is not None

    with FaultProxy(moto_endpoint, stall_seconds=60) as proxy:
        proxy.set_faults(stall=1.0, only=second_half)
        through_proxy = dataclasses.replace(conf, port=proxy.port)
        pushed = bucketferry(
            "push", "d", "--local-prefix", str(tmp_path), *s3_options(through_proxy),
            "--timeout", "1", "--workers", "4", env={"BUCKETFERRY_SECRET": conf.secret},
        )  # fmt: skip
    assert pushed.returncode == 1, pushed.stderr
    assert "Pushed 20 files" in pushed.stdout and "; 20 failed." in pushed.stdout
    [stopped] = [line for line in pushed.stderr.splitlines() if line.startswith("Stopped: ")]
    reason = stopped.removeprefix("Stopped: ")
    assert pushed.stderr.count(reason) == 1  # said once, not once per file
    untried = re.search(
        r"^(\d+) files were not transferred because of this\.$", pushed.stderr, re.MULTILINE
    )
    assert untried is not None and 16 <= int(untried[1]) <= 20, pushed.stderr
    assert len(pushed.stderr.splitlines()) < 12, pushed.stderr
    assert conf.host is not None and conf.port is not None
    assert s3_keys(s3_client(conf.host, conf.port), conf.bucket) == [
        f"d/{number:02d}.txt" for number in range(20)
    ]


# --- options that cannot work --------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--workers", "1000", "the number of workers must be from 1 to 64, not 1000"),
        ("--workers", "0", "the number of workers must be from 1 to 64, not 0"),
        ("--timeout", "0", "the timeout must be from 1 to 3600 seconds, not 0"),
        ("--timeout", "soon", "'soon' is not a number of seconds"),
    ],
)
def test_workers_and_timeout_out_of_range_are_usage_errors(
    tmp_path: Path, option: str, value: str, words: str
):
    write(tmp_path / "d/a.txt", "one")
    result = bucketferry("push", "d", "--local-prefix", str(tmp_path), option, value)
    assert_plain_error(result, 2, words)
    assert "Too many open files" not in result.stderr
    assert not (embedded_bucket() / "d").exists()


# --- waiting for a server that says nothing ----------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and never answers."""
    with StallServer(lifetime=40) as server:
        yield server.port


def silent_options(port: int) -> list[str]:
    return ["--provider", "s3", "--bucket", "quiet", "--key", "k", "--host", "127.0.0.1",
            "--port", str(port), "--no-tls", "--timeout", "60"]  # fmt: skip


def test_waiting_for_the_server_is_said_on_the_terminal_counted_and_erased(
    silent_server: int,
):
    env = {**os.environ, "BUCKETFERRY_SECRET": "s", "COLUMNS": "160"}
    code, shown = run_on_terminal(
        command("ls", *silent_options(silent_server)),
        env,
        answer=("waiting for the server: 6 s", "\x03"),  # then Ctrl-C
        timeout=40,
    )
    assert code == 130, shown
    assert "waiting for the server: 5 s, " in shown and "waiting for the server: 6 s, " in shown
    last = shown.rindex("waiting for the server")
    assert "\r\x1b[K" in shown[last:]  # erased before the command ended
    assert "Interrupted." in shown and "Traceback" not in shown


def test_waiting_for_the_server_is_one_line_when_not_on_a_terminal(silent_server: int):
    process = subprocess.Popen(
        command("ls", *silent_options(silent_server)),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "BUCKETFERRY_SECRET": "s"},
    )
    try:
        stdout, stderr = process.communicate(timeout=9)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=10)
    assert process.returncode == 130, stderr
    said = [line for line in stderr.splitlines() if line.startswith("Waiting for the server: ")]
    assert len(said) == 1, stderr  # once, not twice a second
    assert re.fullmatch(r"Waiting for the server: [5-9] s, .+…", said[0])
    assert "\x1b" not in stderr and stdout == ""


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--provider", "s3", "--bucket", "smallb#x"], ["cannot be used as a bucket name", "'#'"]),
        (["--provider", "s3", "--bucket", "zzz/../smallb"], ["cannot be used as a bucket name"]),
        (
            ["--provider", "s3", "--bucket", "Team_Data", "--host", "127.0.0.1", "--port", "9"],
            [],
        ),
        (
            ["--provider", "google_storage", "--bucket", "data", "--key", "someone"],
            ["GOOG"],
        ),
    ],
    ids=["hash", "dot-dot", "legacy-compatible", "gcs-key-kind"],
)
def test_bad_bucket_names_and_key_kinds_are_usage_errors_before_any_request(
    options: list[str], words: list[str]
):
    """Nothing may reach a server (or start a browser sign-in) with a connection that
    cannot be right; a legacy name on an S3-compatible server is allowed (and then
    fails to connect to the closed port, exit 1)."""
    result = bucketferry("ls", *options, env={"BUCKETFERRY_SECRET": "s"})
    if words:
        assert_plain_error(result, 2, *words)
        assert "http" not in result.stdout
    else:
        assert_plain_error(result, 1, "Could not connect")
