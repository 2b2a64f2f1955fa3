"""How long a link works: chosen in plain words, parsed from short forms (``3d``)."""

from __future__ import annotations

import re
from datetime import timedelta

from ..errors import ConfigurationError
from .sigv4 import MAX_LIFETIME

CHOICES: tuple[tuple[str, timedelta], ...] = (
    ("1 hour", timedelta(hours=1)),
    ("1 day", timedelta(days=1)),
    ("3 days", timedelta(days=3)),
    ("7 days", timedelta(days=7)),
)
"""What the window offers, shortest first (7 days is the most a signature lasts)."""

DEFAULT = timedelta(days=3)

WHY_AT_MOST_7_DAYS = (
    "A link lasts at most 7 days: that is the longest a storage service's signature is "
    "valid. It cannot be withdrawn before it expires, except by deleting the files it "
    "points to."
)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_SHAPE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([smhdw])[a-z]*\s*", re.IGNORECASE)


def parse_lifetime(text: str) -> timedelta:
    """``30m``, ``12h``, ``3d``, ``1w``, ``7 days``: a lifetime from 1 second to 7 days."""
    match = _SHAPE.fullmatch(text)
    if match is None:
        raise ConfigurationError(
            f"'{text}' is not a duration: use a number and a unit, such as 1h, 3d or 7d.",
            title="Invalid expiry",
        )
    lifetime = timedelta(seconds=float(match[1]) * _UNITS[match[2].lower()])
    return checked_lifetime(lifetime)


def checked_lifetime(lifetime: timedelta) -> timedelta:
    if lifetime > MAX_LIFETIME:
        raise ConfigurationError(
            f"{describe(lifetime)} is too long. {WHY_AT_MOST_7_DAYS}", title="Invalid expiry"
        )
    if lifetime < timedelta(seconds=1):
        raise ConfigurationError("A link must last at least a second.", title="Invalid expiry")
    return lifetime


def describe(lifetime: timedelta) -> str:
    """``3 days``, ``12 hours``, ``90 minutes``: the largest whole unit."""
    seconds = int(lifetime.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"
