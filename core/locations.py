"""Where Bucket Ferry keeps its files: settings, embedded buckets, backups, caches, logs.

The one module that knows these folders, so the command line, the window and the engine
can never disagree about them. Each can be moved by an environment variable, so tests and
portable installs never touch the real user's folders.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "bucketferry"


def _folder(variable: str, default: str) -> Path:
    override = os.environ.get(variable)
    return Path(override) if override else Path(default)


def config_dir() -> Path:
    """Settings: the connection list (``BUCKETFERRY_CONFIG_DIR`` wins)."""
    return _folder("BUCKETFERRY_CONFIG_DIR", platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    """Where the embedded local-folder buckets live when no folder is given
    (``BUCKETFERRY_DATA_DIR`` wins)."""
    default = Path(platformdirs.user_data_dir(APP, appauthor=False)) / "buckets"
    return _folder("BUCKETFERRY_DATA_DIR", str(default))


def backup_dir(owner: str) -> Path:
    """The backup folder for local files replaced by forced pulls when the desktop's trash
    cannot take them: beside (not inside) the embedded buckets, one sub-folder per
    connection (``owner``: a profile or bucket name), so backups never mix and never look
    like a bucket."""
    safe = "".join("_" if c in "/\\:" else c for c in owner).strip(". ") or "default"
    return data_dir().parent / "backups" / safe


def record_file() -> Path:
    """The sync record (SQLite): beside the embedded buckets, in the app's data folder."""
    return data_dir().parent / "sync-record.sqlite3"


def uploads_file() -> Path:
    """The big uploads under way (SQLite; stores/upload_ledger.py), so the next push of an
    unchanged file resumes where one stopped: beside the sync record."""
    return data_dir().parent / "uploads.sqlite3"


def cache_dir() -> Path:
    """Caches that can be rebuilt: the hash cache (``BUCKETFERRY_CACHE_DIR`` wins)."""
    return _folder("BUCKETFERRY_CACHE_DIR", platformdirs.user_cache_dir(APP, appauthor=False))


def log_dir() -> Path:
    """The shared log file's folder (follows ``XDG_STATE_HOME`` on Linux)."""
    return Path(platformdirs.user_log_dir(APP, appauthor=False))
