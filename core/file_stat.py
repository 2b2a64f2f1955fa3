"""What a plan keeps of a file's stat: six numbers in one small object.

A plan holds one stat per file. ``os.stat_result`` holds 19 fields, each its own object
(about 640 bytes); even with the unused ones set to None it stayed about 360 bytes, the
largest part of a plan of new files (1,000,000 files needed 1.17 GB). :class:`SlimStat`
keeps what the engine and the window read, in slots, and shares the numbers that repeat.
"""

from __future__ import annotations

from typing import Protocol


class FileStat(Protocol):
    """The fields of a stat the engine reads: what both ``os.stat_result`` and
    :class:`SlimStat` provide."""

    @property
    def st_mode(self) -> int: ...
    @property
    def st_ino(self) -> int: ...
    @property
    def st_dev(self) -> int: ...
    @property
    def st_size(self) -> int: ...
    @property
    def st_mtime(self) -> float: ...
    @property
    def st_mtime_ns(self) -> int: ...
    @property
    def st_ctime_ns(self) -> int: ...


def seconds_of(time_ns: int) -> float:
    """The very float ``os.stat`` gives for a time: CPython makes it as ``seconds +
    nanoseconds * 1e-9`` (``time_ns / 1e9`` can differ in the last digit)."""
    seconds, nanoseconds = divmod(time_ns, 1_000_000_000)
    return seconds + nanoseconds * 1e-9


_SHARED: dict[int, int] = {}
"""One int object per mode and device seen: nearly every file of a plan has the same ones."""


class SlimStat:
    """A file's kind (``st_mode``), ``st_dev``, identity (size, mtime_ns, inode, ctime_ns)
    and ``st_mtime``: about 180 bytes. Other fields do not exist here (an error, not a
    wrong None, if a future caller reads one)."""

    __slots__ = ("st_ctime_ns", "st_dev", "st_ino", "st_mode", "st_mtime_ns", "st_size")

    def __init__(self, st: FileStat) -> None:
        self.st_mode = _SHARED.setdefault(st.st_mode, st.st_mode)
        self.st_dev = _SHARED.setdefault(st.st_dev, st.st_dev)
        self.st_ino = st.st_ino
        self.st_size = st.st_size
        self.st_mtime_ns = mtime_ns = st.st_mtime_ns
        ctime_ns = st.st_ctime_ns
        # A file written once has both times equal: one int object for both.
        self.st_ctime_ns = mtime_ns if ctime_ns == mtime_ns else ctime_ns

    @property
    def st_mtime(self) -> float:
        return seconds_of(self.st_mtime_ns)

    def __repr__(self) -> str:
        fields = ", ".join(f"{f}={getattr(self, f)}" for f in sorted(SlimStat.__slots__))
        return f"SlimStat({fields})"


def slim_stat(st: FileStat) -> SlimStat:
    """What a plan keeps of ``st``; a stat that is slim already is returned as it is."""
    return st if isinstance(st, SlimStat) else SlimStat(st)
