"""One way of saying a moment, whatever form it came in (core/units.py)."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import pytest

from bucketferry.core.units import local_time


@pytest.fixture(autouse=True)
def _berlin(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.mark.parametrize(
    "moment",
    [
        "2026-11-30T06:08:46.000Z",  # S3 listings
        "2026-11-30T06:08:46+00:00",
        "Mon, 30 Nov 2026 06:08:46 GMT",  # HTTP dates (Azure, some S3 servers)
        datetime(2026, 11, 30, 6, 8, 46, tzinfo=UTC),
        datetime(2026, 11, 30, 6, 8, 46),  # naive: UTC
        datetime(2026, 11, 30, 6, 8, 46, tzinfo=UTC).timestamp(),  # a file's st_mtime
    ],
)
def test_every_form_reads_the_same_in_local_time(moment: object):
    assert local_time(moment) == "2026-11-30 07:08:46"  # type: ignore[arg-type]


@pytest.mark.parametrize("moment", [None, "", "not a date"])
def test_nothing_readable_is_none(moment: str | None):
    assert local_time(moment) is None


def test_the_zone_is_this_computers():
    assert os.environ["TZ"] == "Europe/Berlin"
    assert local_time("2026-07-01T12:00:00Z") == "2026-07-01 14:00:00"  # summer time


def test_the_later_copy_is_told_from_an_http_date_too(tmp_path):
    """Azure's heads give an HTTP date; a row without a sync record still says which copy
    is later."""
    from bucketferry.core import RemoteObject, SyncObject

    local = tmp_path / "a.txt"
    local.write_text("a")
    os.utime(local, (1_700_000_000, 1_700_000_000))  # 2023-11-14
    for uploaded, later in (
        ("Mon, 30 Nov 2026 06:08:46 GMT", "remote"),
        ("Mon, 01 Jan 2001 00:00:00 GMT", "local"),
    ):
        remote = RemoteObject("a.txt", 1, None, "azure_blobs", extra={"last_modified": uploaded})
        sync = SyncObject("push", local_path=str(local), remote_obj=remote)
        assert sync.later_side == later
