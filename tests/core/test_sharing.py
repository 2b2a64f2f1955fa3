"""Share and request links made by the engine: what they point to, where their pages
live, what they refuse, and that no secret leaves the computer in them.

Signatures and expiry are checked by servers that verify them: Azurite here (Azure's
SAS), the signature-checking S3 server in test_share_signatures.py, a real browser in
tests/e2e/test_browser_share.py.
"""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.error
import urllib.request
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import boto3
import pytest
from botocore.config import Config

from bucketferry.core import RemoteStorage
from bucketferry.core.errors import ConfigurationError, LinksUnavailableError
from bucketferry.core.hashing import HashCache
from bucketferry.core.sharing import shares as shares_module
from bucketferry.core.sharing.lifetimes import parse_lifetime
from bucketferry.core.sharing.sigv4 import AMAZON, Signer
from tests.conftest import ConfFactory
from tests.helpers import tree_bytes, write

HOUR = timedelta(hours=1)
HOSTILE = ["a b.txt", "hash#.txt", "q?.txt", "pct%41.txt", "plus+.txt", "ünï €.txt", "<b>&'\".txt"]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return bytes(response.read())


class Links(HTMLParser):
    """The links of a page, as a browser would follow them (entities decoded)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.rel: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            if found.get("rel"):
                self.rel[str(found["rel"])] = str(found["href"])
            else:
                self.hrefs.append(str(found["href"]))


def links_of(page: bytes) -> Links:
    parser = Links()
    parser.feed(page.decode())
    return parser


def pushed(conf: ConfFactory, tmp_path: Path, files: dict[str, bytes]) -> RemoteStorage:
    root = tmp_path / "src"
    for name, data in files.items():
        write(root / name, data)
    storage = RemoteStorage(conf(), hash_cache=HashCache(tmp_path / "hashes.json"))
    storage.push(".", local_path_prefix=str(root), use_pbar=False)
    return storage


def test_our_s3_link_carries_exactly_botocores_signature():
    """The same request signed at the same second: the signature is botocore's."""
    client = boto3.client(
        "s3",
        endpoint_url="http://127.0.0.1:9000",
        region_name="eu-west-3",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="example-secret",
        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
    )
    theirs = client.generate_presigned_url(
        "get_object",
        Params={
            "Bucket": "bkt",
            "Key": "dir/ä b+c~d.txt",
            "ResponseContentDisposition": 'attachment; filename="x"',
        },
        ExpiresIn=3600,
    )
    query = dict(parse_qsl(urlsplit(theirs).query))
    moment = time.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
    from datetime import UTC, datetime

    now = datetime(*moment[:6], tzinfo=UTC)
    ours = Signer(AMAZON, "AKIDEXAMPLE", "example-secret", "eu-west-3", "s3").presigned_url(
        scheme="http",
        host="127.0.0.1:9000",
        path=urlsplit(theirs).path,
        lifetime=HOUR,
        now=now,
        params={"response-content-disposition": 'attachment; filename="x"'},
    )
    assert dict(parse_qsl(urlsplit(ours).query)) == query


def test_a_file_link_downloads_its_bytes_without_credentials(s3_conf, tmp_path):
    storage = pushed(s3_conf, tmp_path, {"data/report.csv": b"1,2,3\n"})
    share = storage.share("data/report.csv", expires=HOUR)
    assert share.kind == "file" and share.files == 1 and share.bytes == 6
    assert fetch(share.url) == b"1,2,3\n"


def test_a_folder_link_opens_an_index_of_every_file_each_with_its_own_link(s3_conf, tmp_path):
    files = {f"data/{name}": name.encode() * 3 for name in HOSTILE}
    files["data/deep/er/x.bin"] = bytes(range(256))
    files["other/not-shared.txt"] = b"no"
    storage = pushed(s3_conf, tmp_path, files)
    share = storage.share("data", expires=HOUR)
    assert (share.kind, share.files, share.pages) == ("folder", len(files) - 1, 1)
    page = fetch(share.url)
    assert b"<b>&" not in page  # every name escaped
    got = {fetch(href) for href in links_of(page).hrefs}
    assert got == {data for name, data in files.items() if name.startswith("data/")}


def test_a_large_folder_is_split_into_linked_pages(s3_conf, tmp_path, monkeypatch):
    monkeypatch.setattr(shares_module, "PAGE_SIZE", 2)
    files = {f"many/{n:02d}.txt": str(n).encode() for n in range(5)}
    storage = pushed(s3_conf, tmp_path, files)
    share = storage.share("many", expires=HOUR)
    assert share.pages == 3
    seen: list[bytes] = []
    url: str | None = share.url
    while url:
        links = links_of(fetch(url))
        seen += [fetch(href) for href in links.hrefs]
        url = links.rel.get("next")
    assert sorted(seen) == sorted(files.values())


def test_the_pages_stay_out_of_listings_plans_and_pushes(s3_conf, tmp_path):
    storage = pushed(s3_conf, tmp_path, {"data/a.txt": b"a"})
    storage.share("data", expires=HOUR)
    storage.request_files("data", expires=HOUR)
    assert [o.name for o in storage.list_objects("")] == ["data/a.txt"]
    folders, _ = storage.browse("")
    assert folders == ["data/"]
    summary = storage.plan_pull("", local_base_dir=str(tmp_path / "back"))
    assert [o.remote_path for o in summary.all_files_analyzed] == ["data/a.txt"]
    write(tmp_path / "src" / ".bucketferry-shares" / "fake" / "index.html", "<p>fake</p>")
    with pytest.raises(ConfigurationError, match="pages of share"):
        storage.push(".bucketferry-shares", local_path_prefix=str(tmp_path / "src"))


def test_shares_are_listed_with_fresh_links_and_revoked_honestly(s3_conf, tmp_path):
    storage = pushed(s3_conf, tmp_path, {"data/a.txt": b"a", "data/b.txt": b"b"})
    folder = storage.share("data", expires=HOUR)
    file = storage.share("data/a.txt", expires=HOUR)
    request = storage.request_files("data", expires=HOUR, max_size=1000)
    listed = storage.shares()
    assert [s.id for s in listed] == [request.id, file.id, folder.id] or {s.id for s in listed} == {
        request.id,
        file.id,
        folder.id,
    }
    fresh = {s.id: s.url for s in listed}
    assert fetch(str(fresh[folder.id])).startswith(b"<!DOCTYPE html>")
    assert fetch(str(fresh[file.id])) == b"a"

    revoked = storage.revoke_share(folder.id)
    assert "index page is gone" in revoked.still_reachable
    with pytest.raises(urllib.error.HTTPError):
        fetch(folder.url)  # the page is deleted
    assert {s.id for s in storage.shares()} == {file.id, request.id}
    assert "keeps working until" in storage.revoke_share(file.id).still_reachable
    assert fetch(file.url) == b"a"  # said so: a signed link cannot be withdrawn
    assert "still open" in storage.revoke_share(request.id).still_reachable
    assert storage.shares() == []
    with pytest.raises(Exception, match="no share"):
        storage.revoke_share(folder.id)


def test_nothing_to_share_and_bad_lifetimes_are_refused_in_plain_words(s3_conf, tmp_path):
    storage = pushed(s3_conf, tmp_path, {"data/a.txt": b"a"})
    with pytest.raises(ConfigurationError, match="nothing to share"):
        storage.share("missing", expires=HOUR)
    with pytest.raises(ConfigurationError, match="at most 7 days"):
        storage.share("data", expires=timedelta(days=8))
    for text, expected in (("90m", 5400), ("3d", 259200), ("1w", 604800), ("7 days", 604800)):
        assert parse_lifetime(text).total_seconds() == expected
    for bad in ("soon", "8d", "0s", ""):
        with pytest.raises(ConfigurationError):
            parse_lifetime(bad)
    with pytest.raises(ConfigurationError, match="size limit"):
        storage.request_files("data", expires=HOUR, max_size=6 * 1000**3)


def test_a_local_folder_bucket_explains_that_links_need_a_cloud_bucket(local_conf, tmp_path):
    storage = pushed(local_conf, tmp_path, {"data/a.txt": b"a"})
    bucket_before = tree_bytes(tmp_path / "buckets")
    for attempt in (
        lambda: storage.share("data", expires=HOUR),
        lambda: storage.request_files("data", expires=HOUR),
    ):
        with pytest.raises(LinksUnavailableError, match="Links need a cloud bucket"):
            attempt()
    assert tree_bytes(tmp_path / "buckets") == bucket_before
    assert storage.shares() == []


def test_no_secret_in_links_pages_records_json_or_log(s3_conf, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    storage = pushed(s3_conf, tmp_path, {"data/a.txt": b"a"})
    secret = storage.conf.secret
    made = [
        storage.share("data", expires=HOUR),
        storage.share("data/a.txt", expires=HOUR),
        storage.request_files("data", expires=HOUR),
    ]
    texts = [caplog.text]
    for share in made + storage.shares():
        texts += [str(share.url), json.dumps(share.to_json())]
    client = boto3.client(
        "s3",
        endpoint_url=f"http://{storage.conf.host}:{storage.conf.port}",
        region_name="us-east-1",
        aws_access_key_id="k",
        aws_secret_access_key="s",
    )
    for obj in client.list_objects_v2(Bucket=storage.conf.bucket)["Contents"]:
        texts.append(
            client.get_object(Bucket=storage.conf.bucket, Key=obj["Key"])["Body"].read().decode()
        )
    assert len(texts) > 8
    assert not [t for t in texts if secret in t]


def test_azure_links_are_sas_links_that_azurite_checks_and_expire(azure_conf, tmp_path):
    files = {f"data/{name}": name.encode() for name in HOSTILE}
    files["data/c.txt"] = b"c"
    storage = pushed(azure_conf, tmp_path, files)
    share = storage.share("data", expires=HOUR)
    assert {fetch(href) for href in links_of(fetch(share.url)).hrefs} == set(files.values())
    assert storage.conf.secret not in share.url
    short = storage.share("data/c.txt", expires=timedelta(seconds=2))
    assert fetch(short.url) == b"c"
    tampered = re.sub(r"sig=[^&]+", "sig=AAAA", short.url)
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(tampered)
    assert refused.value.code == 403
    time.sleep(3)
    with pytest.raises(urllib.error.HTTPError) as expired:
        fetch(short.url)
    assert expired.value.code == 403
    with pytest.raises(LinksUnavailableError, match="Azure cannot limit"):
        storage.request_files("data", expires=HOUR)
