"""Debian's headless Chromium, driven by Selenium through Debian's chromedriver: the real
browser that share and request pages are tested in (and their screenshots taken with).

The flags keep it off the network it would otherwise reach for at every start (this
machine's closed network refuses those connections); a fresh profile per browser; files a
page downloads land in a folder the caller chooses."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("BUCKETFERRY_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BUCKETFERRY_CHROMEDRIVER", "/usr/bin/chromedriver")
INSTALL = "apt-get install chromium chromium-driver (and pip install selenium)"


def missing() -> str | None:
    """Why no browser can run here, or None."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(path):
            return f"{path} is not installed"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    return None


def required() -> bool:
    """CI sets BUCKETFERRY_REQUIRE_BROWSER=1: there a missing browser fails, not skips."""
    return os.environ.get("BUCKETFERRY_REQUIRE_BROWSER") == "1"


@contextlib.contextmanager
def chromium(width: int = 1000, height: int = 760) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="bucketferry-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--window-size={width},{height}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def download_into(driver: Any, folder: Path) -> None:
    """Where the page's downloads go from now on (no prompt)."""
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)}
    )


def downloaded(folder: Path, timeout: float = 15.0) -> dict[str, bytes]:
    """The files a download put into ``folder``, once none is still arriving."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        names = os.listdir(folder)
        if names and not any(n.endswith(".crdownload") for n in names):
            return {n: (folder / n).read_bytes() for n in names}
        time.sleep(0.1)
    raise TimeoutError(f"nothing finished downloading into {folder} in {timeout} s")
