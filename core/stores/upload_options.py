"""What accsr's ``add_extra_to_upload`` may ask of an upload, as libcloud understands it.

accsr hands the dict to libcloud's ``upload_object(extra=...)``, whose S3 and Google
drivers read three keys: ``content_type``, ``meta_data`` (user metadata) and ``acl``, and
ignore the rest. Bucket Ferry sends its uploads itself, so it turns the same keys into the
same headers; other keys are ignored as libcloud ignores them, but said once in the log.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from typing import Any

from ..errors import ConfigurationError

log = logging.getLogger(__name__)

UNDERSTOOD = ("content_type", "meta_data", "acl")


@functools.cache
def _say_ignored(keys: tuple[str, ...]) -> None:
    log.warning(
        "add_extra_to_upload gave %s, which uploads ignore (as libcloud's do); understood are: %s",
        ", ".join(keys),
        ", ".join(UNDERSTOOD),
    )


def _header_text(value: Any, what: str) -> str:
    text = str(value)
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        raise ConfigurationError(
            f"add_extra_to_upload gave {what} = {text!r}, which an HTTP header cannot carry "
            "(only Latin-1 characters). Encode it, e.g. with urllib.parse.quote."
        ) from None
    if any(c in text for c in "\r\n"):
        raise ConfigurationError(f"add_extra_to_upload gave {what} with a line break.")
    return text


def extra_headers(vendor: str, extra: Mapping[str, Any] | None) -> dict[str, str]:
    """The headers an upload sends for ``extra``; ``vendor`` is the driver's prefix
    (``x-amz``, ``x-goog``). No Content-Type here: the caller falls back to a guess."""
    if not extra:
        return {}
    ignored = tuple(sorted(k for k in extra if k not in UNDERSTOOD))
    if ignored:
        _say_ignored(ignored)
    headers = {}
    if extra.get("content_type"):
        headers["Content-Type"] = _header_text(extra["content_type"], "content_type")
    for key, value in (extra.get("meta_data") or {}).items():
        name = _header_text(key, "a meta_data key")
        headers[f"{vendor}-meta-{name}"] = _header_text(value, f"meta_data[{key!r}]")
    if extra.get("acl"):
        headers[f"{vendor}-acl"] = _header_text(extra["acl"], "acl")
    return headers
