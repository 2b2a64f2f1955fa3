"""Make the README screenshots of what a recipient sees in a browser: a shared folder's
index page, and a request's upload page after sending two files.

    python resources/screenshots/make_share_pages_screenshots.py OUT_DIR

Needs Debian's chromium and chromium-driver, and the test extras (moto, selenium). Runs
moto's S3 server on 127.0.0.1 and throwaway folders under /tmp/bucketferry-share-shot; the
user's own settings and buckets stay untouched.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # tests.browser: the same browser the tests drive

from moto.server import ThreadedMotoServer  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from bucketferry.core import RemoteStorage, RemoteStorageConfig  # noqa: E402
from tests import browser  # noqa: E402

BASE = Path("/tmp/bucketferry-share-shot")
FILES = {
    "survey-2026/responses.csv": 48_213,
    "survey-2026/codebook.pdf": 312_900,
    "survey-2026/figures/age-by-region.png": 96_400,
    "survey-2026/figures/answers.png": 88_120,
    "survey-2026/README.txt": 2_310,
}


def main(out: Path) -> None:
    shutil.rmtree(BASE, ignore_errors=True)
    os.environ["BUCKETFERRY_DATA_DIR"] = str(BASE / "data")
    os.environ["BUCKETFERRY_CACHE_DIR"] = str(BASE / "cache")
    for name, size in FILES.items():
        path = BASE / "project" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(size))
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        conf = RemoteStorageConfig(
            provider="s3",
            key="AKIAEXAMPLE",
            secret="example",
            bucket="lab-data",
            host=host,
            port=port,
            secure=False,
        )
        storage = RemoteStorage(conf)
        storage.create_bucket()
        storage.push(".", local_path_prefix=str(BASE / "project"), use_pbar=False)
        share = storage.share("survey-2026", expires=timedelta(days=3))
        request = storage.request_files(
            "survey-2026", expires=timedelta(days=3), max_size=2 * 1000**3
        )
        sending = []
        for name, size in (("interviews-week-48.csv", 20_480), ("photo of the site.jpg", 350_000)):
            path = BASE / "sender" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(os.urandom(size))
            sending.append(str(path))
        with browser.chromium(width=900, height=820) as driver:
            driver.get(share.url)
            driver.save_screenshot(str(out / "share-index-page.png"))
            driver.get(request.url)
            driver.find_element(By.ID, "files").send_keys("\n".join(sending))
            driver.find_element(By.ID, "send").click()
            WebDriverWait(driver, 20).until(
                lambda d: "arrived." in d.find_element(By.ID, "status").text
            )
            driver.save_screenshot(str(out / "request-upload-page.png"))
    finally:
        server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots").resolve())
