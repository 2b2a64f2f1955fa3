"""Wildcard filters (core/wildcards.py): what each kind of pattern matches, and that the
engine, given the regular expression they make, moves exactly those files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bucketferry.core import RemoteStorage
from bucketferry.core.errors import ConfigurationError
from bucketferry.core.wildcards import wildcards_to_regex
from tests.conftest import ConfFactory
from tests.helpers import write

CASES = {
    "*.csv": (["a.csv", "x/y/b.csv"], ["a.csv.bak", "csv", "a.txt", "x/csv"]),
    "raw/": (["raw/a", "x/raw/b/c"], ["raw", "rawx/a", "draw/a"]),
    "**/*.png": (["a.png", "d/e/f.png"], ["a.pngx", "png"]),
    "data/*.csv": (["data/a.csv"], ["x/data/a.csv", "data/s/a.csv"]),
    "raw/**": (["raw/a", "raw/b/c"], ["x/raw/a", "raw"]),
    "a/**/b.txt": (["a/b.txt", "a/x/y/b.txt"], ["a/xb.txt", "b.txt"]),
    "report?.txt": (["report1.txt"], ["report10.txt", "report/.txt"]),
    "[!a]*.txt": (["b.txt"], ["a.txt"]),
    "[ab].txt": (["a.txt", "b.txt"], ["c.txt"]),
    "*.csv; raw/": (["a.csv", "raw/q"], ["q"]),
    "*.csv\n*.tsv": (["a.csv", "b.tsv"], ["c.txt"]),
    ".hidden*": ([".hidden_config", "x/.hiddenx"], ["hidden"]),
    "a+b (1).txt": (["a+b (1).txt"], ["aab (1).txt"]),  # regex characters are plain here
    "notes": (["notes", "x/notes", "notes/a.txt"], ["notes.txt"]),
}


@pytest.mark.parametrize(("pattern", "yes", "no"), [(p, y, n) for p, (y, n) in CASES.items()])
def test_what_a_pattern_matches(pattern: str, yes: list[str], no: list[str]):
    regex = wildcards_to_regex(pattern)
    assert regex is not None
    compiled = re.compile(regex)
    assert [p for p in yes if not compiled.match(p)] == []
    assert [p for p in no if compiled.match(p)] == []


@pytest.mark.parametrize("text", ["", "  ", ";", " ; \n "])
def test_no_pattern_is_no_filter(text: str):
    assert wildcards_to_regex(text) is None


@pytest.mark.parametrize("text", ["/", "*.csv; //"])
def test_a_pattern_that_names_nothing_is_a_clear_error(text: str):
    with pytest.raises(ConfigurationError, match="names no file or folder"):
        wildcards_to_regex(text)


def test_the_engine_pushes_what_the_wildcards_select(local_conf: ConfFactory, tmp_path: Path):
    src = tmp_path / "src"
    for name in ["a.csv", "b.txt", "raw/x.bin", "deep/raw/y.bin", "deep/c.csv", "keep.png"]:
        write(src / name, name)
    storage = RemoteStorage(local_conf())
    summary = storage.push(
        ".",
        local_path_prefix=str(src),
        include_regex=wildcards_to_regex("*.csv; raw/"),
        exclude_regex=wildcards_to_regex("deep/**"),
        use_pbar=False,
    )
    assert sorted(f.name for f in summary.synced_files) == ["a.csv", "raw/x.bin"]
