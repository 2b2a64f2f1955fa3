"""Numbers for people: sizes and durations, shared by the command line and the window."""

from __future__ import annotations


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
