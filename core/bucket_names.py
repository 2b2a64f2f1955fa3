"""Which bucket names each provider accepts, checked before anything is sent.

Why this matters: a bucket name goes into every request path (``/<bucket>/<key>``) and
the HTTP libraries do not quote it. A '#' starts a fragment and a '?' a query, so
``smallb#x`` listed ``smallb`` with the continuation token cut off (page 1 again and
again, forever) and ``trashb#x`` silently worked on ``trashb``; '/' and '..' are path
segments, so ``zzz/../smallb`` listed ``smallb``. Checking the name by the provider's own
rules, before any request, turns each of these into a plain error with an example.

The rules, by provider (``RULES`` holds the same in words, with an example):

- Amazon S3: 3 to 63 characters; lower-case letters, digits, dots and hyphens; starts and
  ends with a letter or digit; no '..'; not an IP address; not starting with ``xn--``,
  ``sthree-`` or ``amzn-s3-demo-``; not ending with ``-s3alias``, ``--ol-s3``, ``.mrap``,
  ``--x-s3`` or ``--table-s3`` (names AWS reserves).
- S3-compatible servers (a custom endpoint: MinIO, Ceph, ...): the legacy S3 rules, which
  also allow upper case and underscores, up to 255 characters; letters, digits, dots,
  hyphens and underscores only, so never '/', '\\', '#', '?', '%', spaces or control
  characters; starts and ends with a letter or digit.
- Google Cloud Storage: 3 to 63 characters, or up to 222 when the name has dots and every
  dot-separated part has at most 63; lower-case letters, digits, '-', '_' and '.'; starts
  and ends with a letter or digit; not an IP address; not starting with ``goog`` and not
  containing ``google`` (or the look-alike ``g00gle``).
- Azure Blob Storage containers (``azure_blobs``, for later): 3 to 63 characters;
  lower-case letters, digits and hyphens; starts with a letter or digit; every hyphen
  between letters or digits (no '--', none at the end).
- A local folder used as a bucket (``local``): a plain folder name, not a path: no '/',
  '\\' or NUL, not '.' or '..', not empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class BucketRules:
    """One provider's rules in words, for messages."""

    summary: str
    example: str


RULES: dict[str, BucketRules] = {
    "s3": BucketRules(
        "Amazon S3 bucket names have 3 to 63 characters: lower-case letters, digits, dots "
        "and hyphens, starting and ending with a letter or digit",
        "team-data-2024",
    ),
    "s3-compatible": BucketRules(
        "Bucket names on S3-compatible servers have 3 to 255 characters: letters, digits, "
        "dots, hyphens and underscores, starting and ending with a letter or digit",
        "team-data-2024",
    ),
    "google_storage": BucketRules(
        "Google Cloud Storage bucket names have 3 to 63 characters (up to 222 with dots): "
        "lower-case letters, digits, hyphens, underscores and dots, starting and ending "
        "with a letter or digit",
        "team-data-2024",
    ),
    "azure_blobs": BucketRules(
        "Azure container names have 3 to 63 characters: lower-case letters, digits and "
        "single hyphens, starting with a letter or digit",
        "team-data-2024",
    ),
    "local": BucketRules("A local bucket is a plain folder name, not a path", "team-data"),
}
"""The rules in words by provider; S3 with a custom endpoint is ``s3-compatible``."""

_IP_ADDRESS = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
_AWS_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_AWS_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
_URL_MEANING = {
    "/": "'/', which separates folders in a web address",
    "\\": "'\\', which many servers and clients treat as a folder separator",
    "#": "'#', which would cut the name short in a web address",
    "?": "'?', which would cut the name short in a web address",
    "%": "'%', which starts an escape in a web address",
}


def _rules_key(provider: str, custom_endpoint: bool) -> str:
    return "s3-compatible" if provider == "s3" and custom_endpoint else provider


def bucket_name_problem(provider: str, name: str, *, custom_endpoint: bool = False) -> str | None:
    """What is wrong with ``name`` as a bucket of ``provider``, in words for a person, with
    the provider's rule and a valid example; None if the name is fine.

    ``provider`` is a :class:`~bucketferry.core.config.Provider` value (or
    ``azure_blobs``); ``custom_endpoint`` says that an S3 connection goes to a server of
    its own (a host is set), whose legacy rules are looser than AWS's. Providers not
    listed in :data:`RULES` are not checked.
    """
    key = _rules_key(provider, custom_endpoint)
    checks = {
        "s3": _aws_problem,
        "s3-compatible": _compatible_problem,
        "google_storage": _google_problem,
        "azure_blobs": _azure_problem,
        "local": _local_problem,
    }
    check = checks.get(key)
    if check is None:
        return None
    reason = check(name)
    if reason is None:
        return None
    rules = RULES[key]
    return (
        f"{name!r} cannot be used as a bucket name: {reason}. {rules.summary}, "
        f"for example '{rules.example}'."
    )


def _unsafe_character(name: str) -> str | None:
    """The first character that would change the meaning of a request path, in words."""
    for char in name:
        if char in _URL_MEANING:
            return f"it contains {_URL_MEANING[char]}"
        if char.isspace():
            return "it contains a space or another blank character"
        if not char.isprintable():
            return f"it contains the control character {char!r}"
    return None


def _length_problem(name: str, low: int, high: int) -> str | None:
    if not low <= len(name) <= high:
        return f"it has {len(name)} characters"
    return None


def _edges_problem(name: str) -> str | None:
    if not (name[0].isascii() and name[0].isalnum()):
        return f"it starts with {name[0]!r}"
    if not (name[-1].isascii() and name[-1].isalnum()):
        return f"it ends with {name[-1]!r}"
    return None


def _charset_problem(name: str, allowed: str, words: str) -> str | None:
    """The first character outside ``allowed`` (a regex class body), named in words."""
    unsafe = _unsafe_character(name)
    if unsafe is not None:
        return unsafe
    match = re.search(f"[^{allowed}]", name)
    if match is not None:
        return f"it contains {match.group()!r}; only {words} are allowed"
    return None


def _aws_problem(name: str) -> str | None:
    problem = (
        _length_problem(name, 3, 63)
        or _charset_problem(name, "a-z0-9.-", "lower-case letters, digits, dots and hyphens")
        or _edges_problem(name)
    )
    if problem:
        return problem
    if ".." in name:
        return "it contains '..'"
    if _IP_ADDRESS.fullmatch(name):
        return "it looks like an IP address"
    for prefix in _AWS_PREFIXES:
        if name.startswith(prefix):
            return f"names starting with '{prefix}' are reserved by AWS"
    for suffix in _AWS_SUFFIXES:
        if name.endswith(suffix):
            return f"names ending with '{suffix}' are reserved by AWS"
    return None


def _compatible_problem(name: str) -> str | None:
    return (
        _length_problem(name, 3, 255)
        or _charset_problem(name, "A-Za-z0-9._-", "letters, digits, dots, hyphens and underscores")
        or _edges_problem(name)
    )


def _google_problem(name: str) -> str | None:
    high = 222 if "." in name else 63
    problem = (
        _length_problem(name, 3, high)
        or _charset_problem(
            name, "a-z0-9._-", "lower-case letters, digits, hyphens, underscores and dots"
        )
        or _edges_problem(name)
    )
    if problem:
        return problem
    if any(len(part) > 63 for part in name.split(".")):
        return "a part between dots is longer than 63 characters"
    if _IP_ADDRESS.fullmatch(name):
        return "it looks like an IP address"
    if name.startswith("goog"):
        return "names starting with 'goog' are reserved by Google"
    if "google" in name or "g00gle" in name:
        return "names containing 'google' are reserved by Google"
    return None


def _azure_problem(name: str) -> str | None:
    problem = _length_problem(name, 3, 63) or _charset_problem(
        name, "a-z0-9-", "lower-case letters, digits and hyphens"
    )
    if problem:
        return problem
    if name.startswith("-"):
        return "it starts with '-'"
    if "--" in name or name.endswith("-"):
        return "every hyphen must stand between letters or digits"
    return None


def _local_problem(name: str) -> str | None:
    if not name:
        return "it is empty"
    if name in (".", ".."):
        return f"{name!r} is not a folder name"
    for char, words in (("/", "'/'"), ("\\", "'\\'"), ("\0", "a NUL character")):
        if char in name:
            return f"it contains {words}, so it would be a path rather than one folder"
    return None
