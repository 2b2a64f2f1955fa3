"""Hostile inputs to push and pull plans: links, names, unreadable files, odd objects.

Each test feeds a class of input through the public API against a real bucket (moto over
HTTP and the local-folder bucket where the input fits both), and checks the plain reason
AND that nothing was lost or written outside the chosen folder.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bucketferry.core import (
    ConfigurationError,
    LocalPathNotFoundError,
    RemoteStorage,
    RemoteStorageConfig,
)
from bucketferry.core.atomic_files import _HOST, is_temp_name
from tests.faultproxy import FaultProxy
from tests.helpers import s3_client, tree_bytes, write

ROOT = Path(__file__).resolve().parents[2]


def refused(summary) -> dict[str, str]:
    return {s.name: s.reason for s in summary.refused_files}


def put(conf, key: str, body: bytes = b"x", **extra) -> None:
    """An object put straight into the moto bucket, as another tool would."""
    s3_client(conf.host, conf.port).put_object(Bucket=conf.bucket, Key=key, Body=body, **extra)


# --- pulls never write through links ------------------------------------------------------


@pytest.mark.parametrize("depth", [["sub"], ["a", "b"]], ids=["sub", "a/b"])
def test_a_folder_swapped_for_a_link_after_the_preview_is_not_written_through(
    make_storage, tmp_path: Path, depth: list[str]
):
    storage = make_storage()
    folder = "/".join(depth)
    write(tmp_path / f"src/tt/{folder}/new.txt", "from the bucket")
    storage.push("tt", local_path_prefix=str(tmp_path / "src"))
    out, outside = tmp_path / "out", tmp_path / "outside"
    write(outside / "keep.txt", "not yours")
    (out / "tt" / folder).mkdir(parents=True)
    plan = storage.plan_pull("tt", local_base_dir=str(out))
    assert [s.name for s in plan.not_on_target] == [f"tt/{folder}/new.txt"]

    swapped = out / "tt" / depth[0]
    os.rename(swapped, tmp_path / "moved-away")
    swapped.symlink_to(outside, target_is_directory=True)
    result = storage.execute(plan)

    assert [s.name for s in result.failed_files] == [f"tt/{folder}/new.txt"]
    assert "symbolic link" in result.failed_files[0].reason
    assert tree_bytes(outside) == {"keep.txt": b"not yours"}


def test_a_link_to_a_folder_inside_the_local_folder_is_refused_in_the_plan(
    make_storage, tmp_path: Path
):
    storage = make_storage()
    write(tmp_path / "src/d/x/a.txt", "a")
    write(tmp_path / "src/d/y.txt", "y")
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    out, outside = tmp_path / "out", tmp_path / "outside"
    outside.mkdir()
    (out / "d").mkdir(parents=True)
    (out / "d" / "x").symlink_to(outside, target_is_directory=True)

    plan = storage.plan_pull("d", local_base_dir=str(out))
    assert "is a symbolic link" in refused(plan)["d/x/a.txt"]
    storage.execute(plan)
    assert tree_bytes(out) == {"d/y.txt": b"y"}
    assert list(outside.iterdir()) == []


def test_a_target_file_replaced_by_a_link_after_the_preview_is_not_overwritten(
    make_storage, tmp_path: Path
):
    storage = make_storage()
    write(tmp_path / "src/d/a.txt", "new content")
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    out = tmp_path / "out"
    write(out / "d/a.txt", "old")
    secret = write(tmp_path / "secret.txt", "do not touch")
    plan = storage.plan_pull("d", local_base_dir=str(out))
    (out / "d/a.txt").unlink()
    (out / "d/a.txt").symlink_to(secret)

    result = storage.execute(plan, force=True)
    assert [s.name for s in result.failed_files] == ["d/a.txt"]
    assert "changed after the preview" in result.failed_files[0].reason
    assert secret.read_text() == "do not touch"
    assert os.path.islink(out / "d/a.txt")


# --- pushes and links ---------------------------------------------------------------------


def test_links_that_leave_the_pushed_folder_are_refused_and_listed(make_storage, tmp_path: Path):
    storage = make_storage()
    outside = write(tmp_path / "outside/passwd", "root:x:0:0")
    (tmp_path / "outside/dir").mkdir()
    write(tmp_path / "outside/dir/inner.txt", "inner")
    src = tmp_path / "src"
    write(src / "d/plain.txt", "plain")
    write(src / "d/real/r.txt", "r")
    (src / "d/passwd_link").symlink_to(outside)
    (src / "d/dir_link").symlink_to(tmp_path / "outside/dir", target_is_directory=True)
    (src / "d/dangling").symlink_to(tmp_path / "nowhere")
    (src / "d/inside_link.txt").symlink_to(src / "d/plain.txt")
    (src / "d/inside_dir_link").symlink_to(src / "d/real", target_is_directory=True)

    summary = storage.push("d", local_path_prefix=str(src))

    reasons = refused(summary)
    assert set(reasons) == {"d/passwd_link", "d/dir_link"}
    assert "outside the folder being pushed" in reasons["d/passwd_link"]
    assert "outside the folder being pushed" in reasons["d/dir_link"]
    skipped = {s.name: s.reason for s in summary.skipped_source_files if s.status == "skipped"}
    assert "does not exist" in skipped["d/dangling"]  # holds no data: skipped, not refused
    sent = {s.name for s in summary.synced_files}
    assert sent == {"d/plain.txt", "d/real/r.txt", "d/inside_link.txt"}
    names = {o.name for o in storage.list_objects("d")}
    assert names == sent
    entries = json.loads(summary.to_json())["skipped_source_files"]
    assert {e["remote_path"]: e["status"] for e in entries}["d/passwd_link"] == "refused"


def test_follow_links_sends_what_links_point_to_and_ends_link_loops(make_storage, tmp_path: Path):
    storage = make_storage()
    write(tmp_path / "outside/passwd", "root:x:0:0")
    write(tmp_path / "outside/dir/inner.txt", "inner")
    src = tmp_path / "src"
    write(src / "d/plain.txt", "plain")
    (src / "d/passwd_link").symlink_to(tmp_path / "outside/passwd")
    (src / "d/dir_link").symlink_to(tmp_path / "outside/dir", target_is_directory=True)
    (src / "d/loop").symlink_to(src / "d", target_is_directory=True)

    summary = storage.push("d", local_path_prefix=str(src), follow_links=True)
    assert summary.refused_files == []
    names = {o.name for o in storage.list_objects("d")}
    assert names == {"d/plain.txt", "d/passwd_link", "d/dir_link/inner.txt"}


# --- names that cannot be files -----------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("n/" + "x" * 300 + ".txt", "at most 255"),
        ("n/" + "é" * 130, "at most 255"),  # 260 bytes in UTF-8
        ("/n/abs.txt", "starts with '/'"),
        ("n/tab\there.txt", "control character"),
        ("n/bell\x07.txt", "control character"),
    ],
    ids=["300-bytes", "260-utf8-bytes", "absolute", "tab", "bell"],
)
def test_objects_whose_names_cannot_be_local_files_are_refused_and_the_rest_pulled(
    s3_conf, tmp_path: Path, key: str, why: str
):
    conf = s3_conf()
    put(conf, key, b"hostile")
    put(conf, "n/fine.txt", b"fine")
    storage = RemoteStorage(conf)
    out = tmp_path / "out"
    summary = storage.pull("" if key.startswith("/") else "n", local_base_dir=str(out))

    reasons = refused(summary)
    assert list(reasons) == [key]  # the name as it is in the bucket, '/' included
    assert why in reasons[key]
    assert [s.name for s in summary.synced_files] == ["n/fine.txt"]
    assert tree_bytes(out) == {"n/fine.txt": b"fine"}


def test_a_folder_marker_with_content_is_refused_and_an_empty_one_is_just_a_folder(
    s3_conf, tmp_path: Path
):
    conf = s3_conf()
    put(conf, "m/dir/", b"seventeen bytes!!")
    put(conf, "m/empty/", b"")
    put(conf, "m/dir/a.txt", b"a")
    summary = RemoteStorage(conf).pull("m", local_base_dir=str(tmp_path / "out"))
    reasons = refused(summary)
    assert list(reasons) == ["m/dir/"]
    assert "folder marker holding 17 bytes" in reasons["m/dir/"]
    assert tree_bytes(tmp_path / "out") == {"m/dir/a.txt": b"a"}


@pytest.mark.parametrize("raw", [b"bad\xffname.txt", b"latin1-\xe9t\xe9.txt"])
def test_local_names_that_are_not_utf8_are_refused_and_the_rest_pushed(
    make_storage, tmp_path: Path, raw: bytes
):
    src = tmp_path / "src"
    write(src / "d/ok.txt", "ok")
    with open(os.path.join(os.fsencode(src / "d"), raw), "wb") as handle:
        handle.write(b"bytes")
    storage = make_storage()
    summary = storage.push("d", local_path_prefix=str(src))
    (entry,) = summary.refused_files
    assert "not valid text (UTF-8)" in entry.reason
    assert [o.name for o in storage.list_objects("d")] == ["d/ok.txt"]
    summary.to_json()  # reports can be written


def test_a_local_file_that_looks_like_a_temporary_file_is_an_ordinary_file(
    make_storage, tmp_path: Path
):
    src = tmp_path / "src"
    write(src / "d/thesis.bfpart-3.docx", "my thesis")
    write(src / "d/.notes.bfpart-draft", "notes")
    storage = make_storage()
    storage.push("d", local_path_prefix=str(src))
    names = {o.name for o in storage.list_objects("d")}
    assert names == {"d/thesis.bfpart-3.docx", "d/.notes.bfpart-draft"}


# --- unreadable files ---------------------------------------------------------------------


def _without_root_powers(code: str, env: dict[str, str]) -> dict:
    """Runs ``code`` in a Python that cannot override file permissions (as root: setpriv
    drops CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH, as the adversarial run did), returning
    the JSON it prints."""
    command = [sys.executable, "-c", textwrap.dedent(code)]
    if os.geteuid() == 0:
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, **env}
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("direction", ["push", "pull"])
def test_an_unreadable_file_of_the_same_size_fails_only_that_file(
    s3_conf, tmp_path: Path, direction: str
):
    conf = s3_conf()
    src = tmp_path / "src"
    write(src / "d/locked.txt", "AAAA")
    write(src / "d/open.txt", "open")
    storage = RemoteStorage(conf)
    storage.push("d", local_path_prefix=str(src))
    write(src / "d/locked.txt", "BBBB")  # same size, other content
    write(src / "d/open.txt", "OPEN")
    (src / "d/locked.txt").chmod(0)
    (src / "d/sub").mkdir()
    write(src / "d/sub/hidden.txt", "h")
    (src / "d/sub").chmod(0)
    try:
        call = (
            f"storage.push('d', local_path_prefix={str(src)!r}, force=True)"
            if direction == "push"
            else f"storage.pull('d', local_base_dir={str(src)!r}, force=True)"
        )
        result = _without_root_powers(
            f"""
            import json
            from bucketferry.core import RemoteStorage, RemoteStorageConfig
            storage = RemoteStorage(RemoteStorageConfig(
                "s3", "k", {conf.bucket!r}, "s", host={conf.host!r}, port={conf.port},
                secure=False))
            dry = {call.replace("force=True", "dryrun=True")}
            done = {call}
            print(json.dumps({{
                "dry": {{s.name: s.reason for s in dry.refused_files}},
                "refused": {{s.name: s.reason for s in done.refused_files}},
                "synced": sorted(s.name for s in done.synced_files),
            }}))
            """,
            env={"PYTHONPATH": str(ROOT)},
        )
    finally:
        (src / "d/locked.txt").chmod(0o644)
        (src / "d/sub").chmod(0o755)

    assert "d/locked.txt" in result["refused"]
    assert result["dry"].keys() == result["refused"].keys()
    assert "cannot be read" in result["refused"]["d/locked.txt"]
    assert result["synced"] == ["d/open.txt"]
    assert (src / "d/locked.txt").read_text() == "BBBB"  # nothing lost either way
    bucket = s3_client(conf.host, conf.port)
    stored = bucket.get_object(Bucket=conf.bucket, Key="d/locked.txt")["Body"].read()
    assert stored == b"AAAA"
    if direction == "push":
        assert "cannot be read" in result["refused"]["d/sub"]


# --- leftovers of killed runs ----------------------------------------------------------------


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_pull_killed_with_sigkill_leaves_a_temporary_file_that_the_next_run_removes(
    s3_conf, tmp_path: Path
):
    conf = s3_conf()
    put(conf, "big/data.bin", os.urandom(3 * 1024 * 1024))
    out = tmp_path / "out"
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import os, signal
                from bucketferry.core import RemoteStorage, RemoteStorageConfig
                storage = RemoteStorage(RemoteStorageConfig(
                    "s3", "k", {conf.bucket!r}, "s", host={conf.host!r}, port={conf.port},
                    secure=False))
                def die(progress):
                    if progress.bytes_done:
                        os.kill(os.getpid(), signal.SIGKILL)
                storage.pull("big", local_base_dir={str(out)!r}, progress=die)
                """
            ),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    leftovers = [p.name for p in (out / "big").iterdir()]
    assert len(leftovers) == 1 and is_temp_name(leftovers[0])

    RemoteStorage(conf).pull("big", local_base_dir=str(out))
    assert [p.name for p in (out / "big").iterdir()] == ["data.bin"]


def test_a_pull_removes_stale_temporary_files_but_not_those_of_a_live_run(
    make_storage, tmp_path: Path
):
    """Only a run that writes into the folder cleans it: previews and pushes change nothing."""
    src, out = tmp_path / "src", tmp_path / "out"
    write(src / "d/a.txt", "a")
    storage = make_storage()
    storage.push("d", local_path_prefix=str(src))
    write(out / "d/b.txt", "mine")
    dead = write(out / f"d/.a.txt.bfpart-{_HOST}-{_dead_pid()}-0", "half")
    live_process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = write(out / f"d/.b.txt.bfpart-{_HOST}-{live_process.pid}-0", "in progress")
        other_host = write(out / f"d/.c.txt.bfpart-000000-{_dead_pid()}-0", "elsewhere")
        storage.pull("d", local_base_dir=str(out), dryrun=True)
        storage.push("d", local_path_prefix=str(out))  # reads the folder, writes nothing in it
        assert dead.exists()
        storage.pull("d", local_base_dir=str(out))
        assert not dead.exists()
        assert live.exists() and other_host.exists()
        assert sorted(o.name for o in storage.list_objects("d")) == ["d/a.txt", "d/b.txt"]
    finally:
        live_process.kill()
        live_process.wait()


# --- clear messages -----------------------------------------------------------------------


def test_an_object_replaced_after_the_preview_says_so_without_retrying(s3_conf, tmp_path: Path):
    conf = s3_conf(retries=4)
    put(conf, "c/a.txt", b"eleven byte")
    storage = RemoteStorage(conf)
    plan = storage.plan_pull("c", local_base_dir=str(tmp_path / "out"))
    put(conf, "c/a.txt", b"now nineteen bytes!")
    result = storage.execute(plan)
    (failed,) = result.failed_files
    assert "changed in the bucket after the preview" in failed.reason
    assert "19 bytes" in failed.reason and "11" in failed.reason
    assert not (tmp_path / "out/c/a.txt").exists()


def test_the_plain_etag_wins_over_md5_metadata_that_contradicts_it(s3_conf, tmp_path: Path):
    """Metadata is what some uploader claimed; the ETag is what the server stores."""
    conf = s3_conf()
    put(conf, "e/a.txt", b"real content", Metadata={"md5": "0" * 32})
    RemoteStorage(conf).pull("e", local_base_dir=str(tmp_path / "out"))
    assert (tmp_path / "out/e/a.txt").read_bytes() == b"real content"


def test_pulling_into_a_file_is_one_clear_error(make_storage, tmp_path: Path):
    storage = make_storage()
    write(tmp_path / "src/d/a.txt", "a")
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    not_a_folder = write(tmp_path / "notes.txt", "mine")
    for target in (not_a_folder, not_a_folder / "below"):
        with pytest.raises(LocalPathNotFoundError, match="is a file") as caught:
            storage.pull("d", local_base_dir=str(target))
        assert caught.value.title == "The local folder is a file"
    assert not_a_folder.read_text() == "mine"


@pytest.mark.parametrize("base", ["..", "a/../b", "./a", "a\\b", "e\x1b[31m", "tab\there"])
def test_a_base_path_with_dot_segments_is_a_configuration_error(local_conf, base: str):
    with pytest.raises(ConfigurationError, match="base path"):
        RemoteStorage(local_conf(base_path=base))


def test_more_workers_than_sensible_are_capped(s3_conf):
    storage = RemoteStorage(s3_conf())
    assert storage._workers(1000) == 64


def test_a_server_that_goes_away_mid_push_stops_the_run_with_one_reason(
    moto_endpoint, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    src = tmp_path / "src"
    for n in range(40):
        write(src / f"d/{n:02}.txt", f"file {n}")
    bucket = f"gone-{os.getpid()}"
    s3_client(*moto_endpoint).create_bucket(Bucket=bucket)
    with FaultProxy(moto_endpoint) as proxy:
        conf = RemoteStorageConfig(
            "s3", "k", bucket, "s", host=proxy.host, port=proxy.port, secure=False, retries=1
        )
        storage = RemoteStorage(conf)
        plan = storage.plan_push("d", local_path_prefix=str(src))
        storage.execute(plan, selection=plan.not_on_target[:1])

        def server_dies(progress) -> None:
            proxy.close()  # every remaining file would meet the same refusal

        caplog.set_level("WARNING")
        result = storage.execute(plan, progress=server_dies)
    synced = [s.name for s in result.synced_files]
    # d/00.txt from the first run; an upload already under way when the server went away
    # may still have arrived (the proxy breaks its connections a moment after it stops
    # accepting), but never more than one per worker, and each is really in the bucket.
    assert synced[0] == "d/00.txt" and len(synced) - 1 <= conf.workers
    client = s3_client(*moto_endpoint)
    listed = {o["Key"] for o in client.list_objects_v2(Bucket=bucket).get("Contents", [])}
    assert set(synced) <= listed
    # One whose answer was lost with the connection arrived whole, though the run could
    # not know it (and calls it failed, so the next push checks it again).
    unconfirmed = listed - set(synced)
    assert len(unconfirmed) <= conf.workers
    for key in unconfirmed:
        body = client.get_object(Bucket=bucket, Key=key)["Body"].read()
        assert body == (src / key).read_bytes(), key
    assert result.stopped_reason is not None and "Could not connect" in result.stopped_reason
    assert len(result.failed_files) == 40 - len(synced)
    assert {s.reason for s in result.failed_files} == {result.stopped_reason}
    said = [r for r in caplog.records if "Could not connect" in r.getMessage()]
    assert len(said) <= 2 * conf.workers  # per worker under way at most, not per file


# --- what changes between the preview and the run ------------------------------------------


@pytest.mark.parametrize("swap", ["link-outside", "pipe", "new-content"])
def test_a_pushed_file_replaced_after_the_preview_is_not_sent(
    make_storage, tmp_path: Path, swap: str
):
    storage = make_storage()
    src = tmp_path / "src"
    write(src / "d/a.txt", "shown in the preview")
    secret = write(tmp_path / "secret.txt", "SECRET")
    plan = storage.plan_push("d", local_path_prefix=str(src))
    (src / "d/a.txt").unlink()
    if swap == "link-outside":
        (src / "d/a.txt").symlink_to(secret)
    elif swap == "pipe":
        os.mkfifo(src / "d/a.txt")  # reading it would hang the run
    else:
        write(src / "d/a.txt", "written after the preview")

    result = storage.execute(plan)
    (failed,) = result.failed_files
    assert "changed after the preview" in failed.reason
    assert storage.list_objects("d") == []


def test_a_pull_target_that_is_a_link_is_refused_and_what_it_points_to_untouched(
    make_storage, tmp_path: Path
):
    storage = make_storage()
    write(tmp_path / "src/d/a.txt", "from the bucket")
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    secret = write(tmp_path / "secret.txt", "same size here!")
    out = tmp_path / "out"
    (out / "d").mkdir(parents=True)
    (out / "d/a.txt").symlink_to(secret)

    for force in (False, True):
        summary = storage.pull("d", local_base_dir=str(out), force=force)
        assert "is a symbolic link" in refused(summary)["d/a.txt"]
    assert secret.read_text() == "same size here!"
    assert os.path.islink(out / "d/a.txt")


def test_the_replaced_file_is_never_lost_when_its_folder_is_swapped_while_it_is_kept(
    make_storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The trash keeps by path, the pull replaces through the folder it holds open: if
    another program swaps the folder in between, the kept copy would be of another file."""
    from bucketferry.core import trash

    storage = make_storage()
    write(tmp_path / "src/d/sub/a.txt", "new")
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    out = tmp_path / "out"
    write(out / "d/sub/a.txt", "PRECIOUS old")
    plan = storage.plan_pull("d", local_base_dir=str(out))
    keep = trash.ReplacedFileKeeper.keep

    def swap_then_keep(self, path, **kwargs):
        os.rename(out / "d/sub", out / "d/sub-renamed")
        write(out / "d/sub/a.txt", "other")
        return keep(self, path, **kwargs)

    monkeypatch.setattr(trash.ReplacedFileKeeper, "keep", swap_then_keep)
    result = storage.execute(plan, force=True)
    (failed,) = result.failed_files
    assert "changed while its old version was being kept" in failed.reason
    assert (out / "d/sub-renamed/a.txt").read_text() == "PRECIOUS old"
    assert (out / "d/sub/a.txt").read_text() == "other"


def test_a_tree_deeper_than_paths_may_be_is_refused_not_a_crash(make_storage, tmp_path: Path):
    src = tmp_path / "src"
    write(src / "d/ok.txt", "ok")
    fd = os.open(src / "d", os.O_RDONLY)
    try:
        for _ in range(20):  # 20 x 251 bytes: past PATH_MAX (4096)
            os.mkdir("x" * 250, dir_fd=fd)
            deeper = os.open("x" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = deeper
        os.close(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd))
    finally:
        os.close(fd)
    storage = make_storage()
    summary = storage.push("d", local_path_prefix=str(src))
    assert [s.name for s in summary.synced_files] == ["d/ok.txt"]
    assert summary.refused_files
    assert all("cannot be read" in s.reason for s in summary.refused_files)


def test_dangling_links_and_pipes_are_skipped_with_a_reason_not_refused(
    make_storage, tmp_path: Path
):
    """An editor's lock file (a link to nothing) or a socket holds no data: listed as
    skipped, and the run still counts as complete (exit code 0 on the command line)."""
    src = tmp_path / "src"
    write(src / "d/a.txt", "a")
    (src / "d/.#a.txt").symlink_to("user@host.1234:1700000000")
    os.mkfifo(src / "d/pipe")
    summary = make_storage().push("d", local_path_prefix=str(src))
    assert summary.refused_files == []
    reasons = {s.name: s.reason for s in summary.skipped_source_files}
    assert "does not exist" in reasons["d/.#a.txt"]
    assert "not a regular file" in reasons["d/pipe"]


# --- found by an adversarial run -----------------------------------------------------------


def test_names_like_temporary_files_are_listed_and_never_deleted_by_a_preview(
    make_storage, tmp_path: Path
):
    src = tmp_path / "src"
    mine = write(src / "d/.notes.bfpart-99999-1", "important")  # no host: not ours
    ours_dead = write(src / f"d/.x.bfpart-{_HOST}-{_dead_pid()}-0", "half")
    write(src / "d/a.txt", "a")
    storage = make_storage()
    summary = storage.push("d", local_path_prefix=str(src), dryrun=True)
    reasons = {s.name: s.reason for s in summary.skipped_source_files}
    assert "temporary file" in reasons["d/.notes.bfpart-99999-1"]
    storage.push("d", local_path_prefix=str(src))
    storage.pull("d", local_base_dir=str(src), dryrun=True)
    assert mine.read_text() == "important" and ours_dead.exists()
    (src / "d/a.txt").unlink()
    storage.pull("d", local_base_dir=str(src))  # a run that writes there cleans up
    assert mine.read_text() == "important" and not ours_dead.exists()


@pytest.mark.parametrize("path", ["abs_out/secret.txt", "abs_out/*", "abs_out/sub"])
def test_a_link_in_the_middle_of_the_pushed_path_cannot_lead_outside(
    make_storage, tmp_path: Path, path: str
):
    write(tmp_path / "outside/secret.txt", "secret")
    write(tmp_path / "outside/sub/deeper.txt", "deeper")
    src = tmp_path / "src"
    src.mkdir()
    (src / "abs_out").symlink_to(tmp_path / "outside", target_is_directory=True)
    storage = make_storage()
    summary = storage.push(path, local_path_prefix=str(src))
    assert summary.synced_files == []
    assert all("outside the folder being pushed" in s.reason for s in summary.refused_files)
    assert summary.refused_files
    assert storage.list_objects("") == []


def test_a_link_inside_the_prefix_but_outside_the_pushed_folder_is_refused(
    make_storage, tmp_path: Path
):
    write(tmp_path / "outside/x.txt", "x")
    write(tmp_path / "src/d/a.txt", "a")
    (tmp_path / "src/d/out_dir").symlink_to("../../outside", target_is_directory=True)
    summary = make_storage().push("src", local_path_prefix=str(tmp_path))
    assert "outside the folder being pushed" in refused(summary)["src/d/out_dir"]


def test_a_link_loop_is_left_out_without_a_crash(make_storage, tmp_path: Path):
    src = tmp_path / "src"
    write(src / "d/a.txt", "a")
    (src / "d/l1").symlink_to("l2")
    (src / "d/l2").symlink_to("l1")
    (src / "d/self").symlink_to(".")
    summary = make_storage().push("d", local_path_prefix=str(src))
    assert [s.name for s in summary.synced_files] == ["d/a.txt"]
    left_out = {s.name for s in summary.skipped_source_files}
    assert {"d/l1", "d/l2"} <= left_out


def test_filters_come_before_refusals(s3_conf, tmp_path: Path):
    conf = s3_conf()
    put(conf, "f/keep.txt", b"k")
    put(conf, "f/cr\rname.txt", b"c")
    summary = RemoteStorage(conf).pull(
        "f", local_base_dir=str(tmp_path / "out"), include_regex=r"f/keep"
    )
    assert summary.refused_files == []
    assert [s.name for s in summary.synced_files] == ["f/keep.txt"]


def test_a_pull_folder_replaced_by_a_link_after_the_preview_is_not_written_to(
    make_storage, tmp_path: Path
):
    storage = make_storage()
    write(tmp_path / "src/d/a.txt", "a")
    storage.push("d", local_path_prefix=str(tmp_path / "src"))
    out, evil = tmp_path / "out", tmp_path / "evil"
    out.mkdir()
    evil.mkdir()
    plan = storage.plan_pull("d", local_base_dir=str(out))
    out.rmdir()
    out.symlink_to(evil, target_is_directory=True)
    result = storage.execute(plan)
    assert "not the folder that was previewed" in result.failed_files[0].reason
    assert list(evil.iterdir()) == []


def test_a_pull_plan_looks_at_no_file_in_a_folder_that_is_not_there(
    make_storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A pull into a new (or half new) folder: files whose folder is missing are new
    without a look at each, those whose folder is there are compared, links refused."""
    storage = make_storage()
    src = tmp_path / "src"
    for name in ("t/a/same.txt", "t/a/other.txt", "t/b/new.txt", "t/b/c/new.txt", "t/l/x"):
        write(src / name, name)
    storage.push("t", local_path_prefix=str(src))
    out = tmp_path / "out"
    write(out / "t/a/same.txt", "t/a/same.txt")
    write(out / "t/a/other.txt", "changed here")
    os.symlink(tmp_path, out / "t/l")
    looked_at: list[str] = []
    real_lstat = os.lstat

    def lstat(path, *args, **kw):
        looked_at.append(os.fspath(path))
        return real_lstat(path, *args, **kw)

    monkeypatch.setattr(os, "lstat", lstat)
    plan = storage.plan_pull("t", local_base_dir=str(out))
    monkeypatch.undo()
    assert [s.name for s in plan.on_target_eq_md5] == ["t/a/same.txt"]
    assert [s.name for s in plan.on_target_neq_md5] == ["t/a/other.txt"]
    assert sorted(s.name for s in plan.not_on_target) == ["t/b/c/new.txt", "t/b/new.txt"]
    assert "symbolic link" in refused(plan)["t/l/x"]
    assert str(out / "t/b") in looked_at  # missing, once: nothing below it is looked at
    assert not [p for p in looked_at if p.startswith(str(out / "t/b") + os.sep)]
    result = storage.execute(plan, selection=plan.not_on_target)
    assert sorted(s.name for s in result.synced_files) == ["t/b/c/new.txt", "t/b/new.txt"]
    assert (out / "t/b/c/new.txt").read_text() == "t/b/c/new.txt"
    assert (out / "t/a/other.txt").read_text() == "changed here"


def test_a_pull_into_a_folder_with_an_unreadable_subfolder_refuses_only_those_files(
    s3_conf, tmp_path: Path
):
    conf = s3_conf()
    put(conf, "src/sub/f2", b"two")
    put(conf, "src/f1", b"one")
    out = tmp_path / "out"
    (out / "src/sub").mkdir(parents=True)
    (out / "src/sub").chmod(0)
    try:
        result = _without_root_powers(
            f"""
            import json
            from bucketferry.core import RemoteStorage, RemoteStorageConfig
            storage = RemoteStorage(RemoteStorageConfig(
                "s3", "k", {conf.bucket!r}, "s", host={conf.host!r}, port={conf.port},
                secure=False))
            done = storage.execute(storage.plan_pull("src", local_base_dir={str(out)!r}))
            print(json.dumps({{
                "refused": {{s.name: s.reason for s in done.refused_files}},
                "synced": sorted(s.name for s in done.synced_files),
            }}))
            """,
            env={"PYTHONPATH": str(ROOT)},
        )
    finally:
        (out / "src/sub").chmod(0o755)
    assert "cannot be looked at" in result["refused"]["src/sub/f2"]
    assert result["synced"] == ["src/f1"]


def test_a_file_swapped_right_after_its_check_is_still_sent_as_previewed(
    make_storage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Between the check that a file is the one previewed and its upload there is no
    window: what is hashed and sent is the open, checked file, whatever takes its name."""
    from bucketferry.core import transfer

    if not transfer._PROC_FD:
        pytest.skip("needs /proc/self/fd")
    storage = make_storage()
    src = tmp_path / "src"
    write(src / "d/a.txt", "shown in the preview")
    secret = write(tmp_path / "secret.txt", "SECRET, same size!!!")
    plan = storage.plan_push("d", local_path_prefix=str(src))
    send = transfer._Run._send

    def swap_then_send(self, item, source, st, fd, on_bytes):
        (src / "d/a.txt").unlink()
        (src / "d/a.txt").symlink_to(secret)
        return send(self, item, source, st, fd, on_bytes)

    monkeypatch.setattr(transfer._Run, "_send", swap_then_send)
    result = storage.execute(plan)
    assert [s.name for s in result.synced_files] == ["d/a.txt"]
    (obj,) = storage.list_objects("d")
    _, content = storage.read_object(obj.name, 1000)
    assert content == b"shown in the preview"
