"""Which kind of key a Google Cloud Storage connection uses, checked before libcloud sees
it: libcloud takes any other key for an installed application and starts a browser
sign-in that listens on a local port forever."""

from __future__ import annotations

import json
import os
import re

from ..config import RemoteStorageConfig
from ..errors import (
    ConfigurationError,
)

GOOGLE_HMAC = "GCS_S3"
"""libcloud's ``GoogleAuthType.GCS_S3``: an HMAC key (imported late, as libcloud's Google
module is slow to import)."""

_HMAC_ACCESS_ID = re.compile(r"GOOG[A-Za-z0-9]{8,}")
_SERVICE_ACCOUNT = re.compile(r"[^@\s]+@[^@\s]+\.gserviceaccount\.com")


def google_auth_type(conf: RemoteStorageConfig) -> str:
    """libcloud's auth type for this Google key, checked without any request.

    Given a key of any other shape, libcloud asks the GCE metadata server and then starts
    its installed-app OAuth sign-in: it prints a Google URL and listens on port 8087 for
    ever. Only the two kinds that need no browser are accepted, and the driver is told
    which one it is.
    """
    from libcloud.common.google import GoogleAuthType

    if _HMAC_ACCESS_ID.fullmatch(conf.key):
        return GOOGLE_HMAC
    if _SERVICE_ACCOUNT.fullmatch(conf.key):
        problem = service_account_key_problem(conf.secret)
        if problem is not None:
            raise ConfigurationError(
                f"The key file of the service account {conf.key} could not be read: "
                f"{problem}. Give the path of the JSON key file that Google Cloud created "
                "for this service account as the secret.",
                title="Google Cloud key file unreadable",
            )
        return str(GoogleAuthType.SA)
    raise ConfigurationError(
        "For Google Cloud Storage the access key must be an HMAC access ID (it starts with "
        "'GOOG'; the secret is its HMAC secret) or a service account's e-mail address "
        "(ending in '.gserviceaccount.com'; the secret is the path of its JSON key file). "
        "The key given is neither, and Bucket Ferry does not sign in through a web "
        "browser. HMAC keys are made in the Cloud console under Cloud Storage, Settings, "
        "Interoperability."
    )


def service_account_key_problem(secret: str) -> str | None:
    """Why the service account's key cannot be used, in words, or None.

    The secret is the path of the JSON (or PEM) key file, or the key itself, as libcloud
    accepts it. Read here, before libcloud: it would fail only after the driver was made,
    as "the storage server answered unexpectedly".
    """
    text = secret.strip()
    if text.startswith(("{", "-----BEGIN")):
        where, content = "the key given as the secret", text
    else:
        path = os.path.expanduser(text)
        looks_like_path = os.sep in text or "/" in text or text.endswith((".json", ".pem"))
        where = path if looks_like_path else "the path given as the secret"
        if not os.path.isfile(path):
            return f"there is no file at {where}"
        try:
            with open(path, encoding="utf-8") as handle:
                content = handle.read()
        except OSError as exc:
            return f"{where} cannot be opened ({exc.strerror or exc})"
        except UnicodeDecodeError:
            return f"{where} is not a text file (JSON or PEM)"
    pem = content
    if content.lstrip().startswith("{"):
        try:
            data = json.loads(content)
        except ValueError as exc:
            return f"{where} is not valid JSON ({exc})"
        key = data.get("private_key") if isinstance(data, dict) else None
        if not isinstance(key, str):
            return f"{where} has no 'private_key'"
        pem = key
    try:
        from cryptography.hazmat.primitives.serialization import load_pem_private_key
    except ImportError:
        return "service-account keys need the 'cryptography' package, which is not installed"
    try:
        load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        detail = str(exc).split(".")[0]
        return f"{where} does not hold a usable private key ({detail})"
    return None
