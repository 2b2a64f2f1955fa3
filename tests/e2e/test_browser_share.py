"""Share and request links opened in a real browser (headless Chromium) against an S3
server that checks signatures, expiry and upload policies (moto behind
tests/signature_gate.py): what a recipient without an account does, click by click."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from bucketferry.core import RemoteStorage
from bucketferry.core.hashing import HashCache
from tests import browser
from tests.conftest import ConfFactory
from tests.helpers import s3_client, tree_bytes, write

HOUR = timedelta(hours=1)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    why = browser.missing()
    if why is not None:
        if browser.required():
            pytest.fail(f"A browser is required here (BUCKETFERRY_REQUIRE_BROWSER): {why}")
        pytest.skip(f"{why}: {browser.INSTALL}")
    with browser.chromium() as driver:
        yield driver


@pytest.fixture
def storage(gated_conf: ConfFactory, tmp_path: Path) -> RemoteStorage:
    """A fresh bucket on the signature-checking server, reached with the IAM user's key."""
    return RemoteStorage(gated_conf(), hash_cache=HashCache(tmp_path / "hashes.json"))


def objects(storage: RemoteStorage, prefix: str) -> dict[str, bytes]:
    port, conf = storage.conf.port, storage.conf
    client = s3_client("127.0.0.1", int(port or 0), conf.key, conf.secret)
    listed = client.list_objects_v2(Bucket=conf.bucket, Prefix=prefix).get("Contents", [])
    return {
        o["Key"]: client.get_object(Bucket=conf.bucket, Key=o["Key"])["Body"].read() for o in listed
    }


def pushed(storage: RemoteStorage, tmp_path: Path, files: dict[str, bytes]) -> None:
    root = tmp_path / "src"
    for name, data in files.items():
        write(root / name, data)
    storage.push(".", local_path_prefix=str(root), use_pbar=False)


def wait_for_text(driver: Any, element_id: str, text: str, timeout: float = 20.0) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: text in d.find_element(By.ID, element_id).text)
    return str(driver.find_element(By.ID, element_id).text)


def test_a_shared_folder_opens_in_the_browser_and_its_files_download_exactly(
    chromium: Any, storage: RemoteStorage, tmp_path: Path
):
    from selenium.webdriver.common.by import By

    files = {
        "results/table.csv": b"a,b\n1,2\n",
        "results/scan 01 (é).bin": bytes(range(256)) * 64,
        "results/deep/notes #1.txt": b"notes",
    }
    pushed(storage, tmp_path, files)
    share = storage.share("results", expires=HOUR)
    chromium.get(share.url)
    assert chromium.title == "Files shared with you: results"
    links = {a.text: a for a in chromium.find_elements(By.CSS_SELECTOR, "tbody a")}
    assert set(links) == {"table.csv", "scan 01 (é).bin", "deep/notes #1.txt"}
    for shown, name in (
        ("scan 01 (é).bin", "results/scan 01 (é).bin"),
        ("deep/notes #1.txt", "results/deep/notes #1.txt"),
    ):
        target = tmp_path / f"download-{len(shown)}"
        target.mkdir()
        browser.download_into(chromium, target)
        chromium.find_element(By.LINK_TEXT, shown).click()
        got = browser.downloaded(target)
        assert list(got.values()) == [files[name]]
        assert list(got) == [name.rpartition("/")[2]]  # saved under its own name


def test_a_request_page_sends_two_files_into_incoming_and_the_owner_pulls_them(
    chromium: Any, storage: RemoteStorage, tmp_path: Path
):
    from selenium.webdriver.common.by import By

    pushed(storage, tmp_path, {"inbox/readme.txt": b"send here"})
    request = storage.request_files("inbox", expires=HOUR, max_size=1_000_000)
    first = write(tmp_path / "upload" / "measurements.csv", b"x,y\n" * 1000)
    second = write(tmp_path / "upload" / "photo 1.jpg", bytes(range(256)) * 100)
    chromium.get(request.url)
    assert chromium.title == "Send files to inbox"
    chromium.find_element(By.ID, "files").send_keys(f"{first}\n{second}")
    chromium.find_element(By.ID, "send").click()
    assert wait_for_text(chromium, "status", "arrived") == "2 of 2 files arrived."
    sent = [li.text for li in chromium.find_elements(By.CSS_SELECTOR, "#sent li")]
    assert all(line.endswith("arrived ✓") for line in sent) and len(sent) == 2

    arrived = objects(storage, str(request.incoming))
    assert sorted(arrived.values()) == sorted([first.read_bytes(), second.read_bytes()])
    assert {k.rpartition("/")[2] for k in arrived} == {"measurements.csv", "photo 1.jpg"}
    # The owner sees them like any other files, and pulls them as usual.
    listed = [o.name for o in storage.list_objects("inbox/incoming")]
    assert sorted(listed) == sorted(arrived)
    back = tmp_path / "back"
    storage.pull("inbox/incoming", local_base_dir=str(back), use_pbar=False)
    assert sorted(tree_bytes(back).values()) == sorted(arrived.values())


def test_a_file_over_the_limit_is_refused_by_the_page_and_by_the_storage(
    chromium: Any, storage: RemoteStorage, tmp_path: Path
):
    from selenium.webdriver.common.by import By

    request = storage.request_files("limited", expires=HOUR, max_size=1000)
    small = write(tmp_path / "up" / "small.txt", b"s" * 1000)
    large = write(tmp_path / "up" / "large.txt", b"L" * 1001)
    chromium.get(request.url)
    chromium.find_element(By.ID, "files").send_keys(f"{small}\n{large}")
    chromium.find_element(By.ID, "send").click()
    assert wait_for_text(chromium, "status", "arrived") == "1 of 2 files arrived."
    assert "not sent: larger than the limit of 1.0 KB" in chromium.page_source
    # A sender who goes around the page meets the signed policy itself.
    form = chromium.execute_script(
        "return JSON.parse(document.getElementById('upload-form').textContent)"
    )
    refused = requests.post(
        form["url"],
        data={**form["fields"], "key": f"{form['prefix']}forced.txt"},
        files={"file": ("forced.txt", b"L" * 1001)},
        timeout=10,
    )
    assert refused.status_code == 400 and "EntityTooLarge" in refused.text
    assert [k.rpartition("/")[2] for k in objects(storage, str(request.incoming))] == ["small.txt"]


def test_expired_links_are_refused_in_the_browser(
    chromium: Any, storage: RemoteStorage, tmp_path: Path
):
    from selenium.webdriver.common.by import By

    pushed(storage, tmp_path, {"old/a.txt": b"a"})
    share = storage.share("old", expires=timedelta(seconds=3))
    request = storage.request_files("old", expires=timedelta(seconds=3))
    chromium.get(request.url)  # opened in time, sent too late
    form = chromium.execute_script(
        "return JSON.parse(document.getElementById('upload-form').textContent)"
    )
    chromium.find_element(By.ID, "files").send_keys(str(write(tmp_path / "late.txt", "late")))
    time.sleep(3.5)
    chromium.find_element(By.ID, "send").click()
    assert wait_for_text(chromium, "status", "expired") == (
        "This link has expired. Ask for a new one."
    )
    refused = requests.post(  # and around the page, the storage refuses it
        form["url"],
        data={**form["fields"], "key": f"{form['prefix']}late.txt"},
        files={"file": ("late.txt", b"late")},
        timeout=10,
    )
    assert refused.status_code == 403 and "Policy expired" in refused.text
    for url in (share.url, request.url):
        chromium.get(url)
        assert "Request has expired" in chromium.page_source
    assert objects(storage, "old/incoming") == {}
