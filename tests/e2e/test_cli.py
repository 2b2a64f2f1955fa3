"""The command line as a user runs it: a real subprocess, on the embedded bucket and moto S3.

conftest points the data, config, cache and log folders of every test at temporary
folders; the subprocess inherits them through the environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest

from bucketferry.core import RemoteStorage, RemoteStorageConfig
from tests.helpers import tree_bytes, write

Run = subprocess.CompletedProcess[str]


def bucketferry(
    *args: str, env: dict[str, str] | None = None, stdin: str = "", cwd: Path | None = None
) -> Run:
    """``python -m bucketferry ARGS`` (what the ``bucketferry`` script runs)."""
    return subprocess.run(
        [sys.executable, "-m", "bucketferry", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


def s3_options(conf: RemoteStorageConfig) -> list[str]:
    """Connection options for a bucket on the moto server (plain HTTP)."""
    assert conf.host is not None and conf.port is not None
    return [
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


def assert_plain_error(result: Run, code: int, *words: str) -> None:
    """The exit code, and a message in plain words on stderr: no traceback."""
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def log_file() -> Path:
    """Where platformdirs puts the log on Linux, below this test's XDG_STATE_HOME."""
    return Path(os.environ["XDG_STATE_HOME"]) / "bucketferry" / "log" / "bucketferry.log"


# --- the embedded bucket: no account, no server ------------------------------------------


def test_version_through_the_package_entry_point():
    result = bucketferry("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"bucketferry {version('bucketferry')}"


def test_help_explains_commands_exit_codes_and_the_log_file():
    top = bucketferry("--help")
    assert top.returncode == 0
    for words in ("push", "pull", "profiles", "exit codes", "130", "BUCKETFERRY_SECRET"):
        assert words in top.stdout
    assert str(log_file()) in top.stdout
    push = bucketferry("push", "--help")
    assert "--local-prefix" in push.stdout and "--profile" in push.stdout
    assert "examples:" in push.stdout


def test_ls_lists_a_folder_without_its_name_neighbours(tmp_path: Path):
    """The engine's list_objects is accsr's plain prefix listing; the command line lists
    what a push, pull or rm of the same path would touch."""
    write(tmp_path / "data/a.txt", "a")
    write(tmp_path / "data2/b.txt", "b")
    write(tmp_path / "data.csv", "c")
    assert bucketferry("push", "*", "--local-prefix", str(tmp_path)).returncode == 0
    listed = bucketferry("ls", "data")
    assert [line.split()[-1] for line in listed.stdout.splitlines()] == ["data/a.txt"]


def test_dry_run_table_then_push_and_pull(tmp_path: Path):
    write(tmp_path / "photos/2024/a.jpg", "a")
    write(tmp_path / "photos/b.jpg", "bb")
    dry = bucketferry("push", "photos", "--local-prefix", str(tmp_path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "new: 2 files, 3 B" in dry.stdout
    assert "photos/2024/a.jpg" in dry.stdout and "photos/b.jpg" in dry.stdout
    assert "push: 2 files to transfer (3 B)" in dry.stdout
    assert "\x1b[" not in dry.stdout  # piped: no colour
    assert bucketferry("ls").stdout == ""  # the dry run changed nothing

    pushed = bucketferry("push", "photos", "--local-prefix", str(tmp_path))
    assert pushed.returncode == 0 and "Pushed 2 files (3 B)" in pushed.stdout
    again = bucketferry("push", "photos", "--local-prefix", str(tmp_path), "--dry-run")
    assert "identical: 2 files" in again.stdout and "Nothing to transfer" in again.stdout
    listed = bucketferry("ls", "photos")
    assert [line.split()[-1] for line in listed.stdout.splitlines()] == [
        "photos/2024/a.jpg",
        "photos/b.jpg",
    ]

    pulled = bucketferry("pull", "photos", str(tmp_path / "restored"))
    assert pulled.returncode == 0, pulled.stderr
    assert "Pulled 2 files" in pulled.stdout
    assert tree_bytes(tmp_path / "restored/photos") == tree_bytes(tmp_path / "photos")


def test_dry_run_groups_states_and_json_lists_them(tmp_path: Path):
    """The bucket is filled from another folder, so ``here`` has no sync record: its
    changed file differs (tests/e2e/test_cli_states.py has the states the record gives)."""
    write(tmp_path / "other/d/same.txt", "same")
    write(tmp_path / "other/d/changed.txt", "old")
    assert bucketferry("push", "d", "--local-prefix", str(tmp_path / "other")).returncode == 0
    here = tmp_path / "here"
    write(here / "d/same.txt", "same")
    write(here / "d/changed.txt", "new content")
    write(here / "d/added.txt", "added")
    write(here / "d/skip.log", "log")
    options = ["push", "d", "--local-prefix", str(here), "--exclude", r".*\.log$", "--dry-run"]

    table = bucketferry(*options)
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    headings = [line.split(":")[0] for line in lines if line and not line.startswith(" ")]
    assert headings[:4] == ["differs", "new", "identical", "skipped"]
    assert "d/skip.log  (filtered out by include/exclude)" in table.stdout
    assert "1 new, 1 differ; 1 identical, 1 skipped, 0 collisions" in table.stdout
    assert (
        "A run needs --force: 1 file would be overwritten: never synced here, so which copy "
        "is newer is unknown." in table.stdout
    )

    plan = json.loads(bucketferry(*options, "--json").stdout)
    assert plan["sync_direction"] == "push"
    assert [s["remote_path"] for s in plan["on_target_neq_md5"]] == ["d/changed.txt"]
    assert [s["remote_path"] for s in plan["not_on_target"]] == ["d/added.txt"]
    assert [s["remote_path"] for s in plan["on_target_eq_md5"]] == ["d/same.txt"]
    assert [s["remote_path"] for s in plan["skipped_source_files"]] == ["d/skip.log"]
    assert [s["state"] for s in plan["matched_source_files"]] == ["new", "differs", "identical"]


def test_overwrite_without_force_exits_3_and_changes_nothing(tmp_path: Path):
    """d/a.txt came from another folder: never synced from here, so it differs."""
    write(tmp_path / "other/d/a.txt", "one")
    assert bucketferry("push", "d", "--local-prefix", str(tmp_path / "other")).returncode == 0
    write(tmp_path / "d/a.txt", "two")
    write(tmp_path / "d/b.txt", "new file")
    refused = bucketferry("push", "d", "--local-prefix", str(tmp_path))
    assert_plain_error(refused, 3, "d/a.txt  (never synced here", "Nothing was changed", "--force")
    assert refused.stdout == ""
    # nothing at all was sent: not even the new file
    assert [line.split()[-1] for line in bucketferry("ls").stdout.splitlines()] == ["d/a.txt"]
    bucketferry("pull", "d", str(tmp_path / "check"))
    assert (tmp_path / "check/d/a.txt").read_text() == "one"

    forced = bucketferry("push", "d", "--local-prefix", str(tmp_path), "--force")
    assert forced.returncode == 0 and "Pushed 2 files" in forced.stdout


def test_pull_over_a_changed_local_file_exits_3_and_keeps_it(tmp_path: Path):
    write(tmp_path / "d/a.txt", "from the bucket")
    bucketferry("push", "d", "--local-prefix", str(tmp_path))
    write(tmp_path / "out/d/a.txt", "mine")
    refused = bucketferry("pull", "d", str(tmp_path / "out"))
    assert_plain_error(refused, 3, "d/a.txt", "--force")
    assert (tmp_path / "out/d/a.txt").read_text() == "mine"
    forced = bucketferry("pull", "d", str(tmp_path / "out"), "--force")
    assert forced.returncode == 0
    assert (tmp_path / "out/d/a.txt").read_text() == "from the bucket"
    # the replaced version is kept, and the output says where
    kept = forced.stdout.split("-> ", 1)[1].strip()
    assert Path(kept).read_text() == "mine"
    assert kept.startswith(os.environ["XDG_DATA_HOME"])


def test_file_folder_collision_exits_3(tmp_path: Path):
    write(tmp_path / "a/x", "a file named x")
    assert bucketferry("push", "a", "--local-prefix", str(tmp_path)).returncode == 0
    write(tmp_path / "b/a/x/inner.txt", "x is a folder here")
    refused = bucketferry("push", "a", "--local-prefix", str(tmp_path / "b"), "--force")
    assert_plain_error(refused, 3, "collision", "a/x/inner.txt", "Nothing was changed")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["push"], "the following arguments are required: PATH"),
        (["push", "d", "--no-such-option"], "unrecognized arguments: --no-such-option"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["ls", "--port", "0"], "the port must be from 1 to 65535, not 0"),
        (["push", "d", "--workers", "many"], "'many' is not a whole number"),
        (["ls", "--provider", "s3"], "--bucket is required with --provider"),
        (["ls", "--bucket", "b"], "Give --provider"),
        (["ls", "--provider", "s3", "--bucket", "bucket"], "needs a secret"),
        (["push", "d", "--include", "a("], "not a valid regular expression"),
        (["push", "no/such/folder"], "No files found"),
        (["ls", "--profile", "nope"], "There is no connection named 'nope'"),
    ],
)
def test_usage_errors_exit_2_in_plain_words(tmp_path: Path, args: list[str], words: str):
    write(tmp_path / "d/a.txt", "one")
    result = bucketferry(*args, env={"BUCKETFERRY_SECRET": ""}, cwd=tmp_path)
    assert_plain_error(result, 2, words)


def test_verbose_logs_to_stderr_and_every_run_to_the_log_file(tmp_path: Path):
    write(tmp_path / "d/a.txt", "one")
    quiet = bucketferry("push", "d", "--local-prefix", str(tmp_path))
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert log_file().is_file()
    assert "bucketferry push --local-prefix\n" in log_file().read_text()

    loud = bucketferry("ls", "-v")
    assert loud.returncode == 0
    assert "INFO bucketferry.cli.main: bucketferry ls -v" in loud.stderr
    assert "embedded local-folder bucket" in loud.stderr
    also_before = bucketferry("-v", "ls")
    assert "INFO bucketferry" in also_before.stderr
    text = log_file().read_text()
    assert "bucketferry ls -v" in text and "Exit code 0" in text


@pytest.mark.parametrize(
    "args",
    [
        ["ls", "--secret", "s3cr3t"],
        ["ls", "--sec", "s3cr3t"],
        ["push", "d", "--secret", "s3cr3t"],
        ["pull", "d", "out", "--secret", "s3cr3t"],
        ["profiles", "add", "x", "--provider", "local", "--bucket", "b", "--secret", "s3cr3t"],
    ],
)
def test_a_secret_typed_as_an_option_is_a_usage_error_and_never_logged(
    tmp_path: Path, args: list[str]
):
    """Abbreviated options are refused: ``--secret`` once passed as ``--secret-stdin``,
    with the secret taken for a path, and the whole command line was logged."""
    write(tmp_path / "d/a.txt", "one")
    result = bucketferry(*args, cwd=tmp_path)
    assert_plain_error(result, 2, "unrecognized arguments: --se")
    bucketferry("ls", cwd=tmp_path)  # the log file exists, whatever the run above did
    assert "s3cr3t" not in log_file().read_text()


def test_the_log_names_the_command_and_its_options_but_no_values(tmp_path: Path):
    write(tmp_path / "private-notes/a.txt", "one")
    pushed = bucketferry(
        "push", "private-notes", "--local-prefix", str(tmp_path), "--exclude=secret-plan",
        "--json", "-v", "--base-path", "hidden-base",
    )  # fmt: skip
    assert pushed.returncode == 0, pushed.stderr
    logged = log_file().read_text().splitlines()
    [command] = [line for line in logged if "cli.main: bucketferry" in line]
    assert command.endswith(
        "cli.main: bucketferry push --local-prefix --exclude --json -v --base-path"
    )


# --- rm -------------------------------------------------------------------------------------


def test_rm_without_yes_from_a_script_refuses_and_deletes_nothing(tmp_path: Path):
    write(tmp_path / "d/a.txt", "one")
    write(tmp_path / "d/keep/b.txt", "two")
    bucketferry("push", "d", "--local-prefix", str(tmp_path))

    refused = bucketferry("rm", "d/keep", stdin="y\n")  # stdin is a pipe, not a person
    assert_plain_error(refused, 3, "Would delete 1 object", "d/keep/b.txt", "--yes")
    assert refused.stdout == ""
    assert len(bucketferry("ls").stdout.splitlines()) == 2

    deleted = bucketferry("rm", "d/keep", "--yes")
    assert deleted.returncode == 0 and deleted.stdout == "Deleted 1 object.\n"
    assert [line.split()[-1] for line in bucketferry("ls").stdout.splitlines()] == ["d/a.txt"]
    nothing = bucketferry("rm", "d/keep", "--yes")
    assert nothing.returncode == 0 and "Nothing matches" in nothing.stderr


def test_rm_with_filters_and_json(tmp_path: Path):
    for name in ("logs/a.log", "logs/b.log", "logs/c.txt"):
        write(tmp_path / name, name)
    bucketferry("push", "logs", "--local-prefix", str(tmp_path))
    result = bucketferry(
        "rm", "logs", "--include", r".*\.log$", "--exclude", "logs/b", "-y", "--json"
    )
    assert result.returncode == 0, result.stderr
    assert [o["path"] for o in json.loads(result.stdout)] == ["logs/a.log"]
    remaining = json.loads(bucketferry("ls", "--json").stdout)
    assert [o["path"] for o in remaining] == ["logs/b.log", "logs/c.txt"]


# --- S3 (moto over HTTP), secrets ------------------------------------------------------------


def test_s3_with_secret_from_environment_and_from_stdin(
    s3_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
):
    conf = s3_conf(base_path="team")
    write(tmp_path / "d/a.txt", "one")
    connection = s3_options(conf)
    env = {"BUCKETFERRY_SECRET": conf.secret}

    pushed = bucketferry(
        "push", "d", "--local-prefix", str(tmp_path), *connection, "--base-path", "team",
        "--json", env=env,
    )  # fmt: skip
    assert pushed.returncode == 0, pushed.stderr
    result = json.loads(pushed.stdout)
    assert [s["remote_path"] for s in result["synced_files"]] == ["team/d/a.txt"]
    assert conf.secret not in pushed.stdout + pushed.stderr
    assert [o.name for o in RemoteStorage(conf).list_objects("")] == ["team/d/a.txt"]

    no_env = {"BUCKETFERRY_SECRET": ""}
    listed = bucketferry(
        "ls", *connection, "--base-path", "team", "--secret-stdin", "--json",
        stdin=conf.secret + "\n", env=no_env,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert [(o["path"], o["name"]) for o in json.loads(listed.stdout)] == [
        ("d/a.txt", "team/d/a.txt")
    ]
    empty_stdin = bucketferry("ls", *connection, "--secret-stdin", stdin="", env=no_env)
    assert_plain_error(empty_stdin, 2, "standard input had no secret")

    pulled = bucketferry(
        "pull", "d", str(tmp_path / "out"), *connection, "--base-path", "team", env=env
    )
    assert pulled.returncode == 0 and (tmp_path / "out/d/a.txt").read_text() == "one"
    assert conf.secret not in log_file().read_text()


def test_refused_credentials_fail_with_exit_1_in_plain_words(auth_moto: tuple[int, dict[str, str]]):
    port, creds = auth_moto
    connection = ["--provider", "s3", "--bucket", "auth-bucket", "--key", creds["key"]]
    connection += ["--host", "127.0.0.1", "--port", str(port), "--no-tls"]
    denied = bucketferry("ls", *connection, env={"BUCKETFERRY_SECRET": "wrong"})
    assert_plain_error(denied, 1, "Access denied", "Check the access key and secret")
