"""``undo`` and ``backups prune`` as a person at a terminal meets them: the question, the
answer, the progress bar and Ctrl-C, on a pseudo-terminal and the embedded bucket."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

from tests.e2e.test_cli_terminal import command, run_on_terminal
from tests.helpers import tree_bytes, write

ENV = {"COLUMNS": "160"}


def bucketferry(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), capture_output=True, text=True, timeout=120)


def embedded_folder(name: str) -> Path:
    """A folder of the embedded bucket, as a user's pushes fill it."""
    return Path(os.environ["BUCKETFERRY_DATA_DIR"]) / "default" / name


def newest_run() -> str:
    return str(json.loads(bucketferry("history", "--json").stdout)[0]["id"])


def test_undo_asks_on_a_terminal_and_only_yes_puts_things_back(tmp_path: Path):
    write(tmp_path / "here/d/a.txt", "mine")
    write(tmp_path / "other/d/a.txt", "theirs")
    write(tmp_path / "other/d/b.txt", "new")
    assert bucketferry("push", "d", "--local-prefix", str(tmp_path / "here")).returncode == 0
    forced = bucketferry("push", "d", "--local-prefix", str(tmp_path / "other"), "--force")
    assert forced.returncode == 0, forced.stderr
    run_id = newest_run()
    env = {**os.environ, **ENV}

    code, shown = run_on_terminal(command("undo", run_id), env, answer=("[y/N]", "n\n"))
    assert code == 3, shown
    assert "put back    d/a.txt" in shown and "remove      d/b.txt" in shown
    assert "Undo the changes to these 2 files? [y/N]" in shown and "Nothing was changed" in shown
    assert tree_bytes(embedded_folder("d")) == {"a.txt": b"theirs", "b.txt": b"new"}

    code, shown = run_on_terminal(command("undo", run_id), env, answer=("[y/N]", "y\n"))
    assert code == 0, shown
    assert f"Undid run {run_id}" in shown and "Traceback" not in shown
    assert tree_bytes(embedded_folder("d")) == {"a.txt": b"mine"}


def test_prune_asks_on_a_terminal(tmp_path: Path):
    write(tmp_path / "d/a.txt", "one")
    assert bucketferry("push", "d", "--local-prefix", str(tmp_path)).returncode == 0
    assert bucketferry("rm", "d", "--yes").returncode == 0
    env = {**os.environ, **ENV}
    prune = command("backups", "prune", "--older-than", "0d")

    code, shown = run_on_terminal(prune, env, answer=("[y/N]", "no\n"))
    assert code == 3, shown
    assert "Remove the copies of 1 run (1 object, 3 B)? [y/N]" in shown
    assert len(json.loads(bucketferry("backups", "list", "--json").stdout)) == 1

    code, shown = run_on_terminal(prune, env, answer=("[y/N]", "y\n"))
    assert code == 0, shown
    assert "Removed the copies of 1 run (1 object, 3 B)." in shown
    assert json.loads(bucketferry("backups", "list", "--json").stdout) == []


def test_ctrl_c_mid_undo_stops_promptly_and_the_same_command_finishes_it():
    """An rm of many objects undone on a terminal: the bar counts files, Ctrl-C stops the
    undo between files with exit code 130, and running it again puts back the rest."""
    folder = embedded_folder("many")
    folder.mkdir(parents=True)
    total = 5000
    for number in range(total):
        (folder / f"{number:05d}.txt").write_bytes(b"x")
    removed = bucketferry("rm", "many", "--yes")
    assert removed.returncode == 0, removed.stderr
    assert not folder.exists() or not any(folder.iterdir())
    run_id = newest_run()

    interrupted: list[float] = []
    code, text = run_on_terminal(
        command("undo", run_id, "--yes"),
        {**os.environ, **ENV},
        answer=(f"of {total} files", "\x03"),  # Ctrl-C: the terminal sends SIGINT
        answered_at=interrupted,
    )
    assert interrupted, text
    assert time.monotonic() - interrupted[0] < 5, "cancelling took too long"
    assert code == 130, text
    assert "Traceback" not in text
    said = re.search(rf"Cancelled: undid (\d+) of {total} files", text)
    assert said is not None, text
    back = len(list(folder.iterdir()))
    assert 0 < back < total and int(said[1]) == back

    finished = bucketferry("undo", run_id, "--yes")
    assert finished.returncode == 0, finished.stderr
    assert f"put back {total - back} files" in finished.stdout
    assert len(list(folder.iterdir())) == total


def test_ctrl_c_mid_prune_stops_promptly_and_the_same_command_finishes_it():
    """Pruning the copies of a large rm on a terminal: the bar counts objects, Ctrl-C stops
    between objects with exit code 130, and running it again removes the rest."""
    folder = embedded_folder("many")
    folder.mkdir(parents=True)
    total = 5000
    for number in range(total):
        (folder / f"{number:05d}.txt").write_bytes(b"x")
    assert bucketferry("rm", "many", "--yes").returncode == 0
    interrupted: list[float] = []
    code, text = run_on_terminal(
        command("backups", "prune", "--older-than", "0d", "--yes"),
        {**os.environ, **ENV},
        answer=(f"of {total} files", "\x03"),
        answered_at=interrupted,
    )
    assert interrupted, text
    assert time.monotonic() - interrupted[0] < 5, "cancelling took too long"
    assert code == 130 and "Traceback" not in text, text
    assert "the same command removes the rest" in text
    left = json.loads(bucketferry("backups", "list", "--json").stdout)
    assert 0 < left[0]["objects"] < total
    finished = bucketferry("backups", "prune", "--older-than", "0d", "--yes")
    assert finished.returncode == 0, finished.stderr
    assert json.loads(bucketferry("backups", "list", "--json").stdout) == []
