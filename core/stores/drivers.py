"""The libcloud driver for a connection: made for its provider, and tuned for many requests.

Apart from the store because both need knowledge of libcloud's own workings that has
nothing to do with moving objects: where its Google driver mislays a custom endpoint, and
how its HTTP session looks up proxies on every request.
"""

from __future__ import annotations

import base64
import binascii
import os
from typing import Any

import requests
from libcloud.storage.base import StorageDriver
from libcloud.storage.providers import get_driver

from ..config import Provider, RemoteStorageConfig
from ..errors import ConfigurationError
from .bodies import TimeoutAdapter
from .lean_get import connect_timeout


def new_driver(conf: RemoteStorageConfig, google_auth: str | None) -> StorageDriver:
    """A driver for ``conf``'s provider and endpoint; ``google_auth`` is the kind of key a
    Google Cloud Storage connection uses (see google_keys.py)."""
    cls = get_driver(conf.provider)
    if conf.provider == Provider.AZURE_BLOBS.value:
        return _azure_driver(cls, conf)
    if conf.provider == Provider.GOOGLE_STORAGE.value:
        driver = cls(conf.key, conf.secret, timeout=conf.timeout, auth_type=google_auth)
        if conf.host:
            # libcloud's GoogleStorageDriver passes host/port to its connection in the
            # wrong positions; point the connection at the endpoint explicitly.
            connection = driver.connection
            connection.host = conf.host
            connection.secure = conf.secure
            connection.port = conf.port or (443 if conf.secure else 80)
            connection.connect()
        return driver
    from libcloud.storage.drivers.s3 import REGION_TO_HOST_MAP

    region = conf.region or "us-east-1"
    if region not in REGION_TO_HOST_MAP and not conf.host:
        raise ConfigurationError(
            f"Unknown S3 region '{region}'. Use an AWS region name such as 'eu-west-1', "
            "or give the host of your S3-compatible server."
        )
    kwargs: dict[str, Any] = {"secure": conf.secure, "timeout": conf.timeout}
    if conf.host:
        kwargs["host"] = conf.host
    if conf.port:
        kwargs["port"] = conf.port
    known = region if region in REGION_TO_HOST_MAP else "us-east-1"
    driver = cls(conf.key, conf.secret, region=known, **kwargs)
    driver.region_name = region  # used for SigV4 signing; custom regions on MinIO etc.
    return driver


def _azure_driver(cls: type[StorageDriver], conf: RemoteStorageConfig) -> StorageDriver:
    """Azure's driver: an account key is base64 text, which the driver decodes at once
    (a pasted key with a character lost would otherwise fail as a traceback). With a
    host of its own (Azurite, a sovereign cloud) libcloud puts the account where that
    host expects it: in the path for an emulator, in the host name for a cloud."""
    try:
        base64.b64decode(conf.secret.encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        raise ConfigurationError(
            "The Azure account key is not valid: it is base64 text of 88 characters ending "
            "in '=='. Copy it again from the Azure portal (Storage account ▸ Access keys).",
            title="Invalid account key",
        ) from None
    kwargs: dict[str, Any] = {"secure": conf.secure, "timeout": conf.timeout}
    if conf.host:
        kwargs["host"] = conf.host
    if conf.port:
        kwargs["port"] = conf.port
    return cls(conf.key, conf.secret, **kwargs)


def tune_session(driver: StorageDriver, conf: RemoteStorageConfig) -> None:
    """Read proxy and CA settings from the environment once, not on every request.

    requests scans the whole environment for proxies on each request (a third of the
    client's CPU time for small files). The endpoint is fixed, so its proxy (honouring
    no_proxy) and CA bundle are looked up here, once, with requests' own rules.
    """
    connection = driver.connection
    if connection.connection is None:
        connection.connect()
    http = connection.connection
    session = getattr(http, "session", None)
    if session is None:
        return
    scheme = "https" if connection.secure else "http"
    url = f"{scheme}://{connection.host}:{connection.port}"
    session.proxies.update(requests.utils.get_environ_proxies(url))
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if bundle and http.verify:
        # libcloud has already put certifi's bundle there, so it must be replaced: a
        # server with a certificate of its own (MinIO at home) is trusted by giving its
        # bundle, as for every requests-based tool.
        http.ca_cert = bundle
    session.trust_env = False
    adapter = TimeoutAdapter(connect_timeout(conf), conf.timeout)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
