"""Signature Version 4 for links that need no account: pre-signed GET URLs and browser
POST policies, for Amazon S3 (and every S3-compatible server) and Google Cloud Storage.

Written here rather than taken from a library, for three reasons measured on the libraries
at hand: libcloud's ``S3StorageDriver.get_object_cdn_url`` signs the host without its port,
so its links fail on any server that is not on 443 or 80 (MinIO's :9000, a test server);
libcloud's Google driver signs no URLs at all; and neither libcloud nor anything short of
botocore (about 80 MB, for some fifty lines) makes POST policies. The two families differ
only in names (``AWS4``/``GOOG4``, ``X-Amz-``/``X-Goog-``). Tests check the S3 output against
botocore's and both against a server that verifies signatures and expiry.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

MAX_LIFETIME = timedelta(days=7)
"""The longest a SigV4 signature may last (S3 refuses ``X-Amz-Expires`` above 604,800 s)."""


@dataclass(frozen=True)
class Family:
    """The names one provider gives the same scheme."""

    algorithm: str
    key_prefix: str
    terminator: str
    query_prefix: str
    field_prefix: str


AMAZON = Family("AWS4-HMAC-SHA256", "AWS4", "aws4_request", "X-Amz-", "x-amz-")
GOOGLE = Family("GOOG4-HMAC-SHA256", "GOOG4", "goog4_request", "X-Goog-", "x-goog-")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def uri_encode(text: str) -> str:
    """RFC 3986 encoding, as SigV4's canonical query string wants it."""
    return quote(text, safe="-_.~")


@dataclass(frozen=True)
class Signer:
    family: Family
    key: str
    secret: str
    region: str
    service: str

    def _scope(self, day: str) -> str:
        return f"{day}/{self.region}/{self.service}/{self.family.terminator}"

    def _signing_key(self, day: str) -> bytes:
        key = _hmac((self.family.key_prefix + self.secret).encode(), day)
        for part in (self.region, self.service, self.family.terminator):
            key = _hmac(key, part)
        return key

    def _signature(self, stamp: str, text: str) -> str:
        return hmac.new(self._signing_key(stamp[:8]), text.encode(), hashlib.sha256).hexdigest()

    def presigned_url(
        self,
        *,
        scheme: str,
        host: str,
        path: str,
        lifetime: timedelta,
        now: datetime | None = None,
        method: str = "GET",
        params: dict[str, str] | None = None,
    ) -> str:
        """A URL for ``method`` on ``path`` (already encoded as it goes on the wire) that
        works without credentials until ``lifetime`` has passed. ``host`` is the Host
        header a browser will send (with the port unless it is the scheme's default);
        ``params`` are further signed query parameters (``response-content-disposition``)."""
        stamp = _stamp(now)
        prefix = self.family.query_prefix
        query = {
            **(params or {}),
            f"{prefix}Algorithm": self.family.algorithm,
            f"{prefix}Credential": f"{self.key}/{self._scope(stamp[:8])}",
            f"{prefix}Date": stamp,
            f"{prefix}Expires": str(_seconds(lifetime)),
            f"{prefix}SignedHeaders": "host",
        }
        canonical_query = "&".join(
            f"{uri_encode(k)}={uri_encode(v)}" for k, v in sorted(query.items())
        )
        canonical_request = "\n".join(
            (method, path, canonical_query, f"host:{host}", "", "host", "UNSIGNED-PAYLOAD")
        )
        to_sign = "\n".join(
            (
                self.family.algorithm,
                stamp,
                self._scope(stamp[:8]),
                hashlib.sha256(canonical_request.encode()).hexdigest(),
            )
        )
        signature = self._signature(stamp, to_sign)
        return f"{scheme}://{host}{path}?{canonical_query}&{prefix}Signature={signature}"

    def post_fields(
        self,
        *,
        bucket: str,
        key_prefix: str,
        max_size: int,
        expires: datetime,
        fields: dict[str, str],
        free_fields: tuple[str, ...] = (),
        now: datetime | None = None,
    ) -> dict[str, str]:
        """The hidden fields of a browser upload form whose policy lets it store objects
        under ``key_prefix`` only, of at most ``max_size`` bytes, until ``expires``.
        ``fields`` are sent as given (each becomes an exact condition); ``free_fields`` may
        hold anything (the page sets them, ``Content-Type`` for one). The page adds ``key``
        and then ``file``."""
        stamp = _stamp(now)
        lower = self.family.field_prefix
        signed = {
            **fields,
            f"{lower}algorithm": self.family.algorithm,
            f"{lower}credential": f"{self.key}/{self._scope(stamp[:8])}",
            f"{lower}date": stamp,
        }
        conditions: list[object] = [{"bucket": bucket}]
        conditions += [{name: value} for name, value in signed.items()]
        conditions += [["starts-with", "$key", key_prefix]]
        conditions += [["starts-with", f"${name}", ""] for name in free_fields]
        conditions += [["content-length-range", 0, max_size]]
        policy = {
            "expiration": expires.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "conditions": conditions,
        }
        encoded = base64.b64encode(json.dumps(policy).encode()).decode()
        signature = self._signature(stamp, encoded)
        return {**signed, "policy": encoded, f"{lower}signature": signature}


def _stamp(now: datetime | None) -> str:
    """SigV4's moment of signing: ``20261130T171523Z``."""
    return (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _seconds(lifetime: timedelta) -> int:
    seconds = int(lifetime.total_seconds())
    if not 1 <= seconds <= MAX_LIFETIME.total_seconds():
        raise ValueError(f"a signature lasts from 1 second to 7 days, not {lifetime}")
    return seconds
