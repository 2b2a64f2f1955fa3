"""``share``, ``request`` and ``shares list | revoke`` in-process: the parsing of sizes and
expiries, the wiring of the parser, and the command's words and streams, run through
:func:`bucketferry.cli.commands.run` on the session's moto server (fast: no subprocess).
tests/e2e/test_cli_share.py runs them as a user does, with links that must pass a
signature check."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bucketferry.cli.commands import run
from bucketferry.cli.exit_codes import EXIT_OK, EXIT_REFUSED
from bucketferry.cli.main import _logged_command
from bucketferry.cli.parser import build_parser
from bucketferry.cli.share_parser import byte_size, lifetime
from bucketferry.core import ConfigurationError, RemoteStorage, RemoteStorageConfig
from bucketferry.core.errors import LinksUnavailableError
from bucketferry.core.sharing.lifetimes import DEFAULT
from tests.e2e.test_cli import s3_options
from tests.helpers import s3_client, write


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("2GB", 2_000_000_000),
        ("500MB", 500_000_000),
        ("1.5G", 1_500_000_000),
        ("100k", 100_000),
        ("12345", 12_345),
        (" 3 mb ", 3_000_000),
        ("1KiB", 1024),
        ("2GiB", 2 * 1024**3),
        ("5GB", 5_000_000_000),
        ("1", 1),
    ],
)
def test_sizes_are_read_in_decimal_units_as_they_are_printed(text: str, size: int):
    assert byte_size(text) == size


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("lots", "'lots' is not a size"),
        ("", "is not a size"),
        ("-1", "is not a size"),
        ("2iB", "is not a size"),
        ("2 GB extra", "is not a size"),
        ("0", "between 1 byte and 5.0 GB"),
        ("6GB", "not 6.0 GB"),
        ("5.1G", "between 1 byte and 5.0 GB"),
    ],
)
def test_a_size_out_of_range_or_unreadable_is_refused_in_words(text: str, words: str):
    with pytest.raises(argparse.ArgumentTypeError, match=words):
        byte_size(text)


def test_expiries_are_the_engines_own_with_its_words():
    assert lifetime("30m") == timedelta(minutes=30)
    assert lifetime("1w") == timedelta(days=7)
    with pytest.raises(argparse.ArgumentTypeError, match="at most 7 days"):
        lifetime("8d")
    with pytest.raises(argparse.ArgumentTypeError, match="'soon' is not a duration"):
        lifetime("soon")


def test_the_parser_wires_the_commands_with_their_defaults():
    parser = build_parser()
    share = parser.parse_args(["share", "photos", "--profile", "work"])
    assert (share.command, share.remote_path, share.expires, share.json) == (
        "share",
        "photos",
        DEFAULT,
        False,
    )
    request = parser.parse_args(["request", "", "--max-size", "2GB", "--expires", "12h"])
    assert (request.max_size, request.expires) == (2_000_000_000, timedelta(hours=12))
    assert parser.parse_args(["request", "inbox"]).max_size is None
    revoke = parser.parse_args(["shares", "revoke", "20261130-abcd", "-y", "--json"])
    assert (revoke.action, revoke.share_id, revoke.yes, revoke.json) == (
        "revoke",
        "20261130-abcd",
        True,
        True,
    )
    assert parser.parse_args(["shares", "list", "--bucket", "b"]).action == "list"
    with pytest.raises(SystemExit):
        parser.parse_args(["shares"])  # an action is required


def test_the_help_describes_the_commands_and_that_links_cannot_be_withdrawn(
    capsys: pytest.CaptureFixture[str],
):
    parser = build_parser()
    top = parser.format_help()
    for words in ("share ", "request ", "shares ", "shares revoke was not"):
        assert words in top
    for command in (["share"], ["request"], ["shares"], ["shares", "revoke"]):
        with pytest.raises(SystemExit):
            parser.parse_args([*command, "--help"])
        shown = capsys.readouterr().out
        assert "withdrawn" in shown or "works until it expires" in shown, command
    with pytest.raises(SystemExit):
        parser.parse_args(["request", "--help"])
    assert "--max-size" in capsys.readouterr().out


def test_the_log_names_the_shares_action_never_the_id():
    arguments = ["shares", "revoke", "20261130-secretish", "--yes"]
    logged = _logged_command(build_parser().parse_args(arguments), arguments)
    assert logged == "shares revoke --yes"


class Terminal(io.StringIO):
    """A person at a terminal, whose answers are the text given."""

    def isatty(self) -> bool:
        return True


class Runner:
    """``bucketferry ARGS`` in-process on one moto bucket (base path ``team``)."""

    def __init__(self, conf: RemoteStorageConfig) -> None:
        self.conf = conf
        self.out = io.StringIO()
        self.err = io.StringIO()

    def __call__(self, *args: str, stdin: io.StringIO | None = None) -> int:
        self.out, self.err = io.StringIO(), io.StringIO()
        parsed = build_parser().parse_args([*args, *s3_options(self.conf), "--base-path", "team"])
        code = run(parsed, self.out, self.err, stdin or io.StringIO())
        assert self.conf.secret not in self.out.getvalue() + self.err.getvalue()
        return code

    def json(self, *args: str) -> Any:
        assert self(*args, "--json") == EXIT_OK, self.err.getvalue()
        return json.loads(self.out.getvalue())


@pytest.fixture
def bucket(s3_conf: Callable[..., RemoteStorageConfig], monkeypatch: pytest.MonkeyPatch) -> Runner:
    conf = s3_conf(base_path="team")
    monkeypatch.setenv("BUCKETFERRY_SECRET", conf.secret)
    assert conf.host is not None and conf.port is not None
    client = s3_client(conf.host, conf.port, conf.key, conf.secret)
    client.put_object(Bucket=conf.bucket, Key="team/docs/a.txt", Body=b"hello")
    client.put_object(Bucket=conf.bucket, Key="team/docs/b.txt", Body=b"world!")
    return Runner(conf)


def test_share_prints_the_link_alone_and_the_words_beside_it(bucket: Runner):
    assert bucket("share", "docs/a.txt", "--expires", "90m") == EXIT_OK
    link = bucket.out.getvalue()
    assert link.count("\n") == 1 and link.startswith("http://")
    words = bucket.err.getvalue()
    assert "Shared the file 'team/docs/a.txt' (5 B)." in words
    assert "until " in words and "(90 minutes)" in words
    assert "cannot be withdrawn before then, except by deleting the file" in words

    assert bucket("share", "docs") == EXIT_OK
    words = bucket.err.getvalue()
    assert "Shared the folder 'team/docs': 2 files, 11 B, listed on an index page." in words
    assert "removes the index page" in words


def test_request_says_where_files_arrive_and_how_to_see_them(bucket: Runner):
    assert bucket("request", "inbox", "--max-size", "100k") == EXIT_OK
    words = bucket.err.getvalue()
    assert "send you files up to 100.0 KB each" in words
    assert "Files arrive in 'team/inbox/incoming/" in words
    assert "`bucketferry ls inbox/incoming/" in words and "pull it as usual" in words
    assert "removes the upload page" in words
    request = bucket.json("request", "")
    assert request["incoming"] == f"team/incoming/{request['id']}/"
    assert request["max_size"] == 5_000_000_000


def test_revoke_asks_a_person_and_does_nothing_on_no(bucket: Runner):
    share = bucket.json("share", "docs")
    share_id = share["id"]
    assert bucket("shares", "revoke", share_id, stdin=Terminal("n\n")) == EXIT_REFUSED
    asked = bucket.err.getvalue()
    assert f"Would revoke the folder link {share_id} to the folder 'team/docs'" in asked
    assert "Revoke this link? [y/N]" in asked and "Nothing was revoked." in asked
    assert [s["id"] for s in bucket.json("shares", "list")] == [share_id]

    assert bucket("shares", "revoke", share_id, stdin=Terminal("y\n")) == EXIT_OK
    assert f"Revoked the folder link {share_id}: deleted 2 objects" in bucket.out.getvalue()
    assert bucket.json("shares", "list") == []


def test_an_expired_link_is_listed_as_such_and_its_record_can_be_removed(bucket: Runner):
    """A record another computer left, expired yesterday: listed without a link."""
    conf = bucket.conf
    assert conf.host is not None and conf.port is not None
    yesterday = datetime.now(UTC) - timedelta(days=1)
    record = {
        "id": "20200101-0000dead",
        "kind": "file",
        "path": "team/docs/a.txt",
        "created": (yesterday - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "expires": yesterday.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": 1,
        "bytes": 5,
    }
    s3_client(conf.host, conf.port, conf.key, conf.secret).put_object(
        Bucket=conf.bucket,
        Key=".bucketferry-shares/20200101-0000dead/share.json",
        Body=json.dumps(record).encode(),
    )
    assert bucket("shares", "list") == EXIT_OK
    _header, row = bucket.out.getvalue().splitlines()
    assert row.split()[:3] == ["20200101-0000dead", "file", "team/docs/a.txt"]
    assert "expired" in row.split() and row.endswith("1 file, 5 B")
    [listed] = bucket.json("shares", "list")
    assert listed["expired"] is True and listed["url"] is None

    assert bucket("shares", "revoke", "20200101-0000dead", stdin=Terminal("y\n")) == EXIT_OK
    assert "It has expired already" in bucket.err.getvalue()
    assert "nothing stays reachable" in bucket.out.getvalue()


def test_an_unknown_id_is_a_usage_error(bucket: Runner):
    with pytest.raises(ConfigurationError, match="no share 'nope'"):
        bucket("shares", "revoke", "nope", "--yes")


def test_a_local_folder_bucket_refuses_links_even_for_a_file_it_has(
    local_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
):
    conf = local_conf()
    write(tmp_path / "src/notes.txt", "n")
    RemoteStorage(conf).push("notes.txt", local_path_prefix=str(tmp_path / "src"))
    local = ["--provider", "local", "--key", conf.key, "--bucket", conf.bucket]
    for command in (["share", "notes.txt"], ["request", ""]):
        parsed = build_parser().parse_args([*command, *local])
        with pytest.raises(LinksUnavailableError, match="Links need a cloud bucket"):
            run(parsed, io.StringIO(), io.StringIO(), io.StringIO())
