"""Numbers for people: sizes, durations and moments, shared by the command line and the
window, so every place says them the same way."""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def human_size(count: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(count) < 1000 or unit == "TB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000
    return f"{count:.1f} TB"


def human_duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def files_count(count: int, noun: str = "file") -> str:
    """'1 file', '3 files': counts read as sentences in messages and buttons."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def moment_of(moment: str | float | datetime | None) -> datetime | None:
    """A moment the engine holds, as an aware datetime: a file's ``st_mtime``, an
    object's ISO 8601 ``last_modified`` (``2026-11-30T06:08:46.000Z``), an HTTP date as
    some servers send (``Mon, 30 Nov 2026 06:08:46 GMT``), or a datetime (naive: taken as
    UTC). None or unreadable text: None."""
    if moment is None or moment == "":
        return None
    if isinstance(moment, int | float):
        return datetime.fromtimestamp(moment).astimezone()
    if isinstance(moment, datetime):
        when = moment
    else:
        text = str(moment).strip()
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError):
                return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def local_time(moment: str | float | datetime | None) -> str | None:
    """A moment (anything :func:`moment_of` reads) as people read it here:
    ``2026-11-30 07:08:46`` in this computer's time zone; None if unreadable."""
    when = moment_of(moment)
    return None if when is None else when.astimezone().strftime(TIME_FORMAT)
