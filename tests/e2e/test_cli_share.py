"""``share``, ``request`` and ``shares list | revoke`` as a user runs them: the real
``bucketferry`` entry point in a subprocess, against the session's moto server behind
tests/signature_gate.py, which checks pre-signed URLs as S3 does. So "the link works
without an account" is tested where a wrong or missing signature would be refused (plain
moto serves any URL, signed or not).

The secret is the IAM user's, random: it must never show in any output, JSON or the log.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import new_bucket_name
from tests.e2e.test_cli import Run, assert_plain_error, bucketferry, log_file
from tests.helpers import s3_client

REPORT = b"%PDF-1.4 quarterly numbers \x00\xff\n" * 50


@dataclass
class Bucket:
    """A fresh bucket on the signature-checking server, its connection options (base path
    ``team``) and the secret in the environment, as a script would give it."""

    options: list[str]
    secret: str
    name: str
    client: Any

    def run(self, *args: str, stdin: str = "") -> Run:
        result = bucketferry(
            *args, *self.options, env={"BUCKETFERRY_SECRET": self.secret}, stdin=stdin
        )
        assert self.secret not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        return result

    def put(self, name: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.name, Key=name, Body=data)


@pytest.fixture
def bucket(auth_moto: tuple[int, dict[str, str]]) -> Bucket:
    port, creds = auth_moto
    name = new_bucket_name("cli-share")
    client = s3_client("127.0.0.1", port, creds["key"], creds["secret"])
    client.create_bucket(Bucket=name)
    options = ["--provider", "s3", "--bucket", name, "--key", creds["key"], "--host"]
    options += ["127.0.0.1", "--port", str(port), "--no-tls", "--base-path", "team"]
    return Bucket(options, creds["secret"], name, client)


def fetch(url: str) -> bytes:
    """What anyone with the link gets: plain urllib, no credentials, no SDK."""
    with urllib.request.urlopen(url, timeout=30) as answer:
        return bytes(answer.read())


def test_a_shared_file_downloads_exactly_with_the_printed_link_and_nothing_else(
    bucket: Bucket,
):
    bucket.put("team/reports/q3.pdf", REPORT)
    shared = bucket.run("share", "reports/q3.pdf", "--expires", "2h")
    assert shared.returncode == 0, shared.stderr
    link = shared.stdout.strip()
    assert shared.stdout == link + "\n"  # the link alone, for $(bucketferry share ...)
    assert fetch(link) == REPORT
    # The server does check: the same link with another signature is refused.
    forged = re.sub(r"X-Amz-Signature=\w+", "X-Amz-Signature=" + "0" * 64, link)
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(forged)
    assert refused.value.code == 403
    words = shared.stderr
    assert "the file 'team/reports/q3.pdf'" in words and "2 hours" in words
    assert "cannot be withdrawn" in words and "deleting the file" in words
    assert "bucketferry shares revoke " in words
    assert bucket.secret not in log_file().read_text()


def test_a_shared_folder_is_an_index_page_whose_links_download_the_files(bucket: Bucket):
    files = {"team/photos/a.jpg": b"first", "team/photos/2024/b.jpg": b"second!"}
    for name, data in files.items():
        bucket.put(name, data)
    shared = bucket.run("share", "photos", "--json")
    assert shared.returncode == 0, shared.stderr
    share = json.loads(shared.stdout)
    assert (share["kind"], share["path"], share["files"], share["bytes"]) == (
        "folder",
        "team/photos",
        2,
        12,
    )
    assert share["expired"] is False and share["pages"] == 1
    page = fetch(share["url"]).decode()
    assert page.startswith("<!DOCTYPE html>") and bucket.secret not in page
    assert ">a.jpg<" in page and ">2024/b.jpg<" in page
    links = re.findall(r'href="([^"]+)" download="([^"]+)"', page)
    got = {name: fetch(link.replace("&amp;", "&")) for link, name in links}
    assert got == {"a.jpg": b"first", "2024/b.jpg": b"second!"}


def test_request_list_and_revoke(bucket: Bucket):
    bucket.put("team/docs/old.txt", b"old")
    asked = bucket.run("request", "inbox", "--max-size", "2GB", "--expires", "1d", "--json")
    assert asked.returncode == 0, asked.stderr
    request = json.loads(asked.stdout)
    assert request["kind"] == "request" and request["max_size"] == 2_000_000_000
    assert request["incoming"] == f"team/inbox/incoming/{request['id']}/"
    page = fetch(request["url"]).decode()
    assert "Send files to inbox" in page and bucket.secret not in page

    in_words = bucket.run("request", "inbox", "--max-size", "500MB")
    assert in_words.returncode == 0, in_words.stderr
    assert in_words.stdout.count("\n") == 1 and in_words.stdout.startswith("http://")
    assert "files up to 500.0 MB each" in in_words.stderr
    assert "bucketferry ls inbox/incoming/" in in_words.stderr
    assert "pull it as usual" in in_words.stderr

    folder = json.loads(bucket.run("share", "docs", "--json").stdout)
    listed = bucket.run("shares", "list")
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split() == ["ID", "KIND", "PATH", "CREATED", "EXPIRES", "FILES", "/", "SIZE"]
    by_id = {row.split()[0]: row for row in rows}
    assert len(rows) == 3
    assert by_id[folder["id"]].split()[1:3] == ["folder", "team/docs"]
    assert by_id[folder["id"]].endswith("1 file, 3 B")
    assert by_id[request["id"]].split()[1:3] == ["request", "team/inbox"]
    assert by_id[request["id"]].endswith("files up to 2.0 GB each")
    listed_json = json.loads(bucket.run("shares", "list", "--json").stdout)
    assert {s["id"] for s in listed_json} == set(by_id)
    assert all(s["url"].startswith("http://") and not s["expired"] for s in listed_json)

    refused = bucket.run("shares", "revoke", folder["id"])  # no terminal, no --yes
    assert_plain_error(refused, 3, "Would revoke the folder link", "Add --yes")
    assert "index page is deleted" in refused.stderr
    assert fetch(folder["url"]).startswith(b"<!DOCTYPE html>")

    revoked = bucket.run("shares", "revoke", folder["id"], "--yes")
    assert revoked.returncode == 0, revoked.stderr
    assert f"Revoked the folder link {folder['id']}: deleted 2 objects" in revoked.stdout
    assert "The index page is gone" in revoked.stdout  # the engine's still_reachable
    with pytest.raises(urllib.error.HTTPError):
        fetch(folder["url"])
    after = json.loads(bucket.run("shares", "list", "--json").stdout)
    assert folder["id"] not in [s["id"] for s in after] and len(after) == 2

    as_json = json.loads(bucket.run("shares", "revoke", request["id"], "-y", "--json").stdout)
    assert as_json["share"]["id"] == request["id"] and as_json["deleted"] == 2
    assert "upload page is gone" in as_json["still_reachable"]
    unknown = bucket.run("shares", "revoke", request["id"], "--yes")
    assert_plain_error(unknown, 2, "Unknown share", "bucketferry shares list")


def test_a_local_folder_bucket_says_links_need_a_cloud_bucket():
    """The embedded bucket (no connection options) has no web address. Said before the
    path is looked at (this bucket is empty), so a person does not fix the path first."""
    for command in (["share", "notes.txt"], ["request", "inbox"]):
        result = bucketferry(*command)
        assert_plain_error(result, 1, "Cannot make a link", "Links need a cloud bucket")
        assert result.stdout == ""
    listed = bucketferry("shares", "list")
    assert listed.returncode == 0 and "No share or request links" in listed.stdout
    assert "Links need a cloud bucket" in listed.stderr


def test_nothing_at_the_path_is_said_in_words(bucket: Bucket):
    result = bucket.run("share", "missing")
    assert_plain_error(result, 2, "Nothing to share", "team/missing")


def test_a_bad_expiry_is_a_usage_error_in_plain_words_before_connecting():
    """(Sizes and other expiries are checked in tests/cli/test_share_cli.py, in-process.)"""
    too_long = bucketferry("share", "report.pdf", "--expires", "8d")
    assert_plain_error(too_long, 2, "8 days is too long", "A link lasts at most 7 days")
    vague = bucketferry("request", "inbox", "--expires", "soon")
    assert_plain_error(vague, 2, "'soon' is not a duration", "1h, 3d or 7d")
