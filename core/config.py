"""Where the bucket is and how to reach it."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from enum import Enum

from .locations import data_dir
from .reserved import DEFAULT_BACKUP_PREFIX, clean_prefix


class Provider(str, Enum):  # noqa: UP042 - accsr's bases, kept for compatibility
    """Storage services Bucket Ferry can talk to.

    S3-compatible servers (MinIO and the like) use ``S3`` with ``host``/``port``/``secure``.
    ``LOCAL`` is a plain folder used as a bucket: ``key`` is the folder that holds the
    buckets (empty: the user's data directory), ``bucket`` a sub-folder of it.
    ``AZURE_BLOBS`` (an extension): ``key`` is the storage account's name, ``secret`` its
    account key, ``bucket`` the container; ``host``/``port``/``secure`` only for an
    emulator (Azurite) or a sovereign cloud (``blob.core.chinacloudapi.cn``).
    """

    GOOGLE_STORAGE = "google_storage"
    S3 = "s3"
    LOCAL = "local"
    AZURE_BLOBS = "azure_blobs"


DEFAULT_WORKERS = 8

LIBCLOUD_PROVIDERS = (Provider.S3.value, Provider.GOOGLE_STORAGE.value)
"""The providers reached through libcloud (core/stores/libcloud_store.py)."""

RESUMABLE_UPLOADS_PROVIDER = Provider.S3.value
"""The one provider whose uploads in parts can be listed, resumed and aborted
(core/stores/upload_resume.py); asking needs no import of the network code."""


def needs_secret(provider: str) -> bool:
    """Whether a connection to ``provider`` cannot work without a secret (a folder bucket
    needs none)."""
    return provider != Provider.LOCAL.value


@dataclass
class RemoteStorageConfig:
    """Everything needed to reach one bucket, and the base path inside it.

    The secret is left out of ``repr`` and is never written anywhere by Bucket Ferry.
    Fields after ``log_level`` are Bucket Ferry extensions (keyword-only, all optional).
    """

    provider: str
    key: str
    bucket: str
    secret: str = field(repr=False)
    region: str | None = None
    host: str | None = None
    port: int | None = None
    base_path: str = ""
    secure: bool = True
    use_pbar: bool = True
    """accsr's: ``push``/``pull`` show progress bars on stderr while they scan and transfer
    (the window and the command line show their own progress and ignore this)."""
    log_level: int = logging.INFO
    """accsr's: the level at which ``push``/``pull`` log their progress instead, when
    ``use_pbar`` is off."""
    workers: int = field(default=DEFAULT_WORKERS, kw_only=True)
    """Parallel transfers; each worker has its own connection."""
    retries: int = field(default=4, kw_only=True)
    """How often a request that failed for a transient reason is sent again."""
    timeout: float = field(default=30.0, kw_only=True)
    """Seconds a request waits for the server's answer, or for the next piece of a
    download, before it counts as failed and is retried (a server that stops taking an
    upload's body fails it after ``connect_timeout``: that is how urllib3 sends).

    A server that accepts connections and then never answers costs one request at most
    ``timeout * (retries + 1)`` plus the backoff between tries (0.2, 0.4, 0.8, 1.6 s,
    doubling up to 5 s): with the defaults 30 * 5 + 3.0 = 153 s, after which the run
    stops (every other file would wait as long). A server that never accepts the
    connection costs ``connect_timeout * (retries + 1)`` + 3.0 = 53 s; a connection that
    takes almost the connect timeout to open and then gets no answer, at most
    (10 + 30) * 5 + 3.0 = 203 s. Short enough to give up on a dead server within
    minutes, long enough for a busy one (S3 answers within seconds even under load)."""
    connect_timeout: float = field(default=10.0, kw_only=True)
    """Seconds to wait for a connection to open (TCP and TLS) before the try fails, and
    never more than ``timeout``: a reachable server accepts within a second, so a long
    wait only delays the error."""
    keep_replaced: bool = field(default=True, kw_only=True)
    """Before a forced pull replaces a local file, put its old version in the desktop's
    trash (or the backup folder), so forcing never loses anything. False: no copy."""
    backup_dir: str | None = field(default=None, kw_only=True)
    """Where replaced local files go when the desktop's trash cannot take them (another
    drive, macOS, Windows): dated sub-folders of this folder. None: ``locations.backup_dir``."""
    backup_prefix: str | None = field(default=DEFAULT_BACKUP_PREFIX, kw_only=True)
    """Before a run replaces or deletes an object in a bucket that keeps no versions, it
    is copied (server-side) to ``<backup_prefix>/<run id>/<its name>`` at the bucket's
    root, a place no plan or tree ever shows. None or '': not kept (the confirmations
    say so)."""

    def __post_init__(self) -> None:
        if isinstance(self.provider, Provider):
            self.provider = self.provider.value
        self.backup_prefix = clean_prefix(self.backup_prefix)


EMBEDDED_BUCKET = "default"


def embedded_default_config(
    bucket: str = EMBEDDED_BUCKET, base_path: str = ""
) -> RemoteStorageConfig:
    """The configuration that needs no account and no server: a folder in the data dir."""
    return RemoteStorageConfig(
        provider=Provider.LOCAL.value,
        key=str(data_dir()),
        bucket=bucket,
        secret="",
        base_path=base_path,
    )


def endpoint_of(conf: RemoteStorageConfig) -> str:
    """Which server (or folder of buckets) a configuration reaches, as the sync record
    and the run journal name it."""
    if conf.provider == Provider.LOCAL.value:
        return f"local:{os.path.realpath(conf.key or data_dir())}"
    if conf.provider == Provider.AZURE_BLOBS.value:  # container names are per account
        return f"{conf.provider}://{conf.key}@{conf.host or ''}:{conf.port or ''}"
    return f"{conf.provider}://{conf.host or ''}:{conf.port or ''}"
