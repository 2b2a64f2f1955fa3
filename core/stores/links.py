"""Links that work without an account, made by a store: pre-signed downloads and browser
upload forms (the signing itself is in core/sharing/sigv4.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from ..config import Provider
from ..errors import LinksUnavailableError
from ..sharing.sigv4 import AMAZON, GOOGLE, Signer
from .google_keys import GOOGLE_HMAC

NEEDS_CLOUD = (
    "Links need a cloud bucket: a folder on this computer has no web address that "
    "someone else could open. Connect to Amazon S3, Google Cloud Storage, Azure or an "
    "S3-compatible server to share files or to ask for them."
)

AZURE_CANNOT_REQUEST = (
    "Azure cannot limit an upload link to one folder and a size limit, so request links "
    "need Amazon S3, an S3-compatible server or Google Cloud Storage. Sharing (download "
    "links) works on Azure."
)

GOOGLE_NEEDS_HMAC = (
    "Links from Google Cloud Storage are signed with an HMAC key (Cloud Storage ▸ "
    "Settings ▸ Interoperability). This connection uses a service account; make a "
    "connection with an HMAC key to share."
)


def check_google_links(google_auth: str | None) -> None:
    """Links are signed with an HMAC key; a service account's key cannot sign them here."""
    if google_auth not in (None, GOOGLE_HMAC):
        raise LinksUnavailableError(GOOGLE_NEEDS_HMAC)


def host_header(host: str, port: int, secure: bool) -> str:
    """The Host header a client sends: the port only when it is not the scheme's own."""
    return host if port == (443 if secure else 80) else f"{host}:{port}"


@dataclass(frozen=True)
class UploadForm:
    """What an upload page needs: where to send, and the signed fields to send along."""

    url: str
    fields: dict[str, str]
    key_prefix: str
    max_size: int
    expires: datetime


def attachment(filename: str) -> str:
    """A Content-Disposition that makes a browser save the file under its own name."""
    plain = filename.encode("ascii", "replace").decode().replace('"', "_").replace("\\", "_")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename, safe='')}"


class SigV4Links:
    """Links for S3 and Google Cloud Storage (HMAC keys), made from a libcloud store's
    connection (its host, port and scheme) and credentials."""

    def __init__(self, store: Any) -> None:
        driver = store.driver()
        google = store.provider == Provider.GOOGLE_STORAGE.value
        connection = driver.connection
        self.secure = bool(connection.secure)
        self.scheme = "https" if self.secure else "http"
        self.host = host_header(str(connection.host), int(connection.port), self.secure)
        self.bucket = str(store.bucket_name)
        self.bucket_path = str(driver._get_container_path(store.container()))
        self.signer = Signer(
            family=GOOGLE if google else AMAZON,
            key=store.conf.key,
            secret=store.conf.secret,
            region="auto" if google else str(getattr(driver, "region_name", None) or "us-east-1"),
            service="storage" if google else "s3",
        )

    def download(self, path: str, lifetime: timedelta, filename: str | None) -> str:
        params = {"response-content-disposition": attachment(filename)} if filename else {}
        return self.signer.presigned_url(
            scheme=self.scheme, host=self.host, path=path, lifetime=lifetime, params=params
        )

    def upload_form(self, key_prefix: str, lifetime: timedelta, max_size: int) -> UploadForm:
        expires = datetime.now(UTC) + lifetime
        fields = self.signer.post_fields(
            bucket=self.bucket,
            key_prefix=key_prefix,
            max_size=max_size,
            expires=expires,
            fields={"success_action_status": "201"},
            free_fields=("Content-Type",),
        )
        url = f"{self.scheme}://{self.host}{self.bucket_path}"
        return UploadForm(url, fields, key_prefix, max_size, expires)
