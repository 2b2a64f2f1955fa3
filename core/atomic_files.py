"""Temporary files beside their target, renamed into place once complete.

Not ``tempfile.mkstemp``: it creates files readable by the owner only (0600), and a pulled
file must get the same permissions as any file the user creates (0666 less the umask).
"""

from __future__ import annotations

import itertools
import os

TEMP_MARKER = ".bfpart-"
_numbers = itertools.count()


def open_temp_beside(target: str) -> tuple[int, str]:
    """Create and open (write-only) a new hidden temporary file in the target's folder."""
    folder, name = os.path.split(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        # The name is shortened: file systems allow 255 bytes, and the target may use them.
        short = name.encode()[:120].decode(errors="ignore")
        path = os.path.join(folder, f".{short}{TEMP_MARKER}{os.getpid()}-{next(_numbers)}")
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue
