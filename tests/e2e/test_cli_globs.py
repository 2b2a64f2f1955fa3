"""--include-glob/--exclude-glob: wildcards on the command line, beside the regular
expressions --include/--exclude keep (the API's meaning)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli import assert_plain_error, bucketferry
from tests.helpers import write

NAMES = ["a.csv", "b.txt", "raw/x.bin", "deep/raw/y.bin", "deep/c.csv", "skip.tmp"]


def _source(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    for name in NAMES:
        write(src / name, name)
    return src


def _planned(result) -> list[str]:
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    return sorted(entry["remote_path"] for entry in plan["not_on_target"])


def test_push_takes_wildcards(tmp_path: Path):
    src = _source(tmp_path)
    result = bucketferry(
        "push", ".", "--local-prefix", str(src), "--dry-run", "--json",
        "--include-glob", "*.csv; raw/", "--exclude-glob", "deep/**",
    )  # fmt: skip
    assert _planned(result) == ["a.csv", "raw/x.bin"]


def test_regular_expressions_keep_their_meaning(tmp_path: Path):
    src = _source(tmp_path)
    result = bucketferry(
        "push", ".", "--local-prefix", str(src), "--dry-run", "--json",
        "--include", r".*\.csv$",
    )  # fmt: skip
    assert _planned(result) == ["a.csv", "deep/c.csv"]


def test_a_regex_and_a_glob_for_the_same_filter_are_refused(tmp_path: Path):
    result = bucketferry(
        "push", ".", "--local-prefix", str(_source(tmp_path)),
        "--include", "a", "--include-glob", "*.csv",
    )  # fmt: skip
    assert result.returncode == 2
    assert "not allowed with argument" in result.stderr


def test_a_wildcard_naming_nothing_is_a_plain_error(tmp_path: Path):
    result = bucketferry(
        "push", ".", "--local-prefix", str(_source(tmp_path)), "--exclude-glob", "/",
    )  # fmt: skip
    assert_plain_error(result, 2, "names no file or folder")
