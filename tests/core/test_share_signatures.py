"""The engine's links against an S3 server that verifies what S3 verifies (moto behind
tests/signature_gate.py): signatures, expiry, and the upload policy's limits."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from bucketferry.core import RemoteStorage
from bucketferry.core.hashing import HashCache
from bucketferry.core.sharing.sigv4 import GOOGLE, Signer
from tests.conftest import ConfFactory
from tests.helpers import s3_client, write

HOUR = timedelta(hours=1)


@pytest.fixture
def storage(gated_conf: ConfFactory, tmp_path: Path) -> RemoteStorage:
    """A bucket on the signature-checking server holding box/a.txt."""
    conf = gated_conf()
    made = RemoteStorage(conf, hash_cache=HashCache(tmp_path / "hashes.json"))
    root = tmp_path / "src"
    write(root / "box" / "a.txt", b"kept")
    made.push(".", local_path_prefix=str(root), use_pbar=False)
    return made


def keys(storage: RemoteStorage) -> set[str]:
    conf = storage.conf
    client = s3_client("127.0.0.1", int(conf.port or 0), conf.key, conf.secret)
    return {o["Key"] for o in client.list_objects_v2(Bucket=conf.bucket).get("Contents", [])}


def page_form(url: str) -> dict:
    """The signed form an upload page carries (what a browser would send)."""
    page = requests.get(url, timeout=10).text
    found = re.search(r'<script type="application/json" id="upload-form">(.*?)</script>', page)
    assert found is not None
    return dict(json.loads(found[1]))


def post(form: dict, key: str, data: bytes = b"x", **extra: str) -> requests.Response:
    fields = {**form["fields"], "key": key, **extra}
    return requests.post(form["url"], data=fields, files={"file": ("f", data)}, timeout=10)


def test_links_work_until_they_expire_and_not_a_moment_after(storage, tmp_path):
    share = storage.share("box/a.txt", expires=timedelta(seconds=2))
    folder = storage.share("box", expires=timedelta(seconds=2))
    request = storage.request_files("box", expires=timedelta(seconds=2))
    form = page_form(str(request.url))
    assert requests.get(str(share.url), timeout=10).content == b"kept"
    assert requests.get(str(folder.url), timeout=10).status_code == 200
    time.sleep(2.5)
    for url in (share.url, folder.url, request.url):
        refused = requests.get(str(url), timeout=10)
        assert refused.status_code == 403 and "Request has expired" in refused.text
    late = post(form, form["prefix"] + "late.txt")
    assert late.status_code == 403 and "Policy expired" in late.text
    assert not any("late" in k for k in keys(storage))


def test_a_changed_link_is_refused(storage):
    url = str(storage.share("box/a.txt", expires=HOUR).url)
    for changed in (
        url.replace("/box/a.txt", "/box/b.txt"),
        url.replace("X-Amz-Expires=3600", "X-Amz-Expires=7200"),
        re.sub(r"Signature=\w{6}", "Signature=000000", url),
    ):
        refused = requests.get(changed, timeout=10)
        assert refused.status_code == 403 and "SignatureDoesNotMatch" in refused.text


def test_a_request_form_writes_under_its_own_incoming_folder_only(storage):
    request = storage.request_files("box", expires=HOUR, max_size=100)
    other = storage.request_files("box", expires=HOUR, max_size=100)
    owners = str(storage.share("box/a.txt", expires=HOUR).url)
    form = page_form(str(request.url))
    assert form["prefix"] == request.incoming == f"box/incoming/{request.id}/"
    before = keys(storage)
    for outside in (
        "box/a.txt",  # would replace the owner's file
        "box/evil.txt",
        "evil.txt",
        f"box/incoming/{other.id}/x.txt",  # another request's folder
        f".bucketferry-shares/{request.id}/upload.html",  # its own page
    ):
        refused = post(form, outside, b"overwritten")
        assert refused.status_code == 403, outside
        assert "Policy Condition failed" in refused.text
    too_big = post(form, form["prefix"] + "big.bin", b"b" * 101)
    assert too_big.status_code == 400 and "EntityTooLarge" in too_big.text
    extra = post(form, form["prefix"] + "public.txt", acl="public-read")
    assert extra.status_code == 403 and "Extra input fields" in extra.text
    assert keys(storage) == before
    assert requests.get(owners, timeout=10).content == b"kept"
    inside = post(form, form["prefix"] + "ok.txt", b"y" * 100)
    assert inside.status_code == 201
    assert keys(storage) - before == {form["prefix"] + "ok.txt"}


def test_our_google_signature_passes_a_verifier_of_googles_scheme(storage, auth_moto):
    """GCS's V4 links with an HMAC key (GOOG4): the same signer, Google's names; the gate
    verifies GOOG4 as Google documents it."""
    port, creds = auth_moto
    signer = Signer(GOOGLE, creds["key"], creds["secret"], "auto", "storage")
    path = "/" + storage.conf.bucket + "/" + quote("box/a.txt", safe="/~")
    url = signer.presigned_url(scheme="http", host=f"127.0.0.1:{port}", path=path, lifetime=HOUR)
    assert "X-Goog-Signature=" in url and creds["secret"] not in url
    assert requests.get(url, timeout=10).content == b"kept"
    wrong = Signer(GOOGLE, creds["key"], "not-the-secret", "auto", "storage")
    refused = wrong.presigned_url(scheme="http", host=f"127.0.0.1:{port}", path=path, lifetime=HOUR)
    assert requests.get(refused, timeout=10).status_code == 403
