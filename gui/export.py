"""Saving a preview or a run's result for other tools: the summary's own JSON (what the API
and ``bucketferry --json`` print) or one CSV row per file with its state in words.

Written through the engine's write-beside-then-rename, so an export that fails half-way
never leaves a truncated file behind.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import UTC, datetime

from bucketferry.core import RemoteObject, SyncObject, TransactionSummary
from bucketferry.core.atomic_files import replacing
from bucketferry.core.states import PlanState

CSV_COLUMNS = (
    "state",
    "checked",
    "path",
    "local_path",
    "local_size",
    "remote_size",
    "local_modified",
    "remote_modified",
    "local_md5",
    "remote_md5",
    "reason",
    "replaced_copy",
)


def _csv_row(item: SyncObject, state: PlanState, checked: bool) -> list[object]:
    stat = item.local_stat
    remote = item.remote_obj
    return [
        state.value,
        "yes" if checked else "no",
        item.name,
        item.local_path or "",
        item.local_size if item.exists_locally else "",
        item.remote_size if item.exists_on_remote else "",
        datetime.fromtimestamp(stat.st_mtime, UTC).isoformat() if stat else "",
        (remote.last_modified or "") if isinstance(remote, RemoteObject) else "",
        item.known_local_hash or "",
        (remote.known_hash or "") if isinstance(remote, RemoteObject) else "",
        item.reason or "",
        item.replaced_copy or "",
    ]


def csv_text(rows: Iterable[tuple[SyncObject, PlanState, bool]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_row(item, state, checked) for item, state, checked in rows)
    return out.getvalue()


def export(
    path: str, summary: TransactionSummary, rows: Iterable[tuple[SyncObject, PlanState, bool]]
) -> None:
    """CSV when ``path`` ends in .csv (any case), the summary's JSON otherwise."""
    text = csv_text(rows) if path.lower().endswith(".csv") else summary.to_json() + "\n"
    with replacing(path) as handle:
        handle.write(text.encode("utf-8"))
