"""The connection options every command that reaches a bucket takes, and ``profiles add``.

Apart from :mod:`.parser` because they are one thing: where the bucket is and how to reach
it (provider or preset, bucket, key, endpoint, the bucket's backup folder), with the
checks that turn a bad value into a usage error before anything connects.
"""

from __future__ import annotations

import argparse
import textwrap

from bucketferry.core import ConfigurationError, Provider, RemoteStorageConfig
from bucketferry.core.config import EMBEDDED_BUCKET
from bucketferry.core.locations import data_dir
from bucketferry.core.presets import PRESETS, find_preset
from bucketferry.core.reserved import DEFAULT_BACKUP_PREFIX, clean_prefix

HELP_WIDTH = 96

CONNECTION_FIELDS = (
    "provider",
    "bucket",
    "key",
    "region",
    "host",
    "port",
    "base_path",
    "backup_prefix",
)
"""Connection options that map one to one onto a profile's fields (``--no-tls`` sets
``secure=False``, ``--no-bucket-backups`` ``backup_prefix=None``)."""


def whole_number(text: str, low: int, high: int | None, what: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if number < low or (high is not None and number > high):
        limit = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise argparse.ArgumentTypeError(f"{what} must be {limit}, not {number}")
    return number


def _port(text: str) -> int:
    return whole_number(text, 1, 65535, "the port")


def _preset_name(text: str) -> str:
    """A preset's name, checked here so that a mistyped one is a usage error that lists
    the real ones."""
    try:
        return find_preset(text).name
    except ConfigurationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _backup_folder(text: str) -> str:
    """A folder at the bucket's root for backups, checked as the engine checks it, so a
    bad one is a usage error before anything connects. Empty is refused rather than read
    as "off": turning backups off is --no-bucket-backups, said in so many words."""
    try:
        cleaned = clean_prefix(text)
    except ConfigurationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
    if cleaned is None:
        raise argparse.ArgumentTypeError(
            "give a folder name, e.g. .bucketferry-backups; to keep no copies in the "
            "bucket, use --no-bucket-backups"
        )
    return cleaned


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 1 <= seconds <= 3600:  # (also refuses nan and inf)
        raise argparse.ArgumentTypeError(f"the timeout must be from 1 to 3600 seconds, not {text}")
    return seconds


def add_connection_fields(group: argparse._ArgumentGroup) -> None:
    """Where the bucket is and how to reach it: for every command that reaches a bucket,
    and for ``profiles add``.

    Every default is None, so "not given" can be told from "given": that matters when the
    options adjust a profile.
    """
    group.add_argument(
        "--provider",
        choices=[p.value for p in Provider],
        help="s3 (Amazon S3, or S3-compatible such as MinIO), google_storage, azure_blobs "
        "(Azure Blob Storage: --key is the storage account's name, the secret its account "
        "key, --bucket the container), or local (a folder used as a bucket)",
    )
    presets = ", ".join(p.name for p in PRESETS)
    group.add_argument(
        "--preset",
        metavar="NAME",
        type=_preset_name,
        help=f"a ready-made endpoint instead of --provider and --host: {presets} (see "
        "'bucketferry presets'). --region picks one of its regions; a --provider or --host "
        "that says otherwise is refused; --port and --no-tls still apply",
    )
    group.add_argument(
        "--account-id",
        metavar="ID",
        help="your account ID, for --preset r2 (Cloudflare R2 names the endpoint after it)",
    )
    group.add_argument(
        "--bucket",
        metavar="B",
        help="bucket name (Azure: the container; 'local': a folder inside --key)",
    )
    group.add_argument(
        "--key",
        metavar="K",
        help="access key ID (S3), HMAC key or service-account e-mail (Google), storage "
        "account name (Azure); for 'local': the folder that holds the buckets",
    )
    group.add_argument(
        "--region",
        metavar="R",
        help="region, e.g. eu-west-1 (S3; with --preset, one of the preset's regions; "
        "not used by Azure)",
    )
    group.add_argument(
        "--host",
        metavar="H",
        help="S3-compatible server, e.g. minio.example.org (default: Amazon's); for Azure "
        "only an emulator (Azurite) or another cloud, e.g. blob.core.chinacloudapi.cn",
    )
    group.add_argument(
        "--port", metavar="N", type=_port, help="server port (default: 443, or 80 with --no-tls)"
    )
    group.add_argument(
        "--no-tls",
        action="store_true",
        default=None,
        help="plain HTTP instead of HTTPS (for servers on your own machine or network)",
    )
    group.add_argument(
        "--base-path",
        metavar="P",
        help="folder in the bucket to work below; remote paths are relative to it",
    )
    backups = group.add_mutually_exclusive_group()
    backups.add_argument(
        "--backup-prefix",
        metavar="FOLDER",
        type=_backup_folder,
        help="folder at the bucket's root where a run first copies each object it replaces "
        f"or deletes, so 'bucketferry undo' can put it back (default: {DEFAULT_BACKUP_PREFIX}; "
        "a bucket that keeps old versions needs no copies)",
    )
    backups.add_argument(
        "--no-bucket-backups",
        action="store_true",
        default=None,
        help="copy nothing in the bucket before replacing or deleting objects: unless the "
        "bucket keeps old versions, what a run replaces or deletes there cannot be undone",
    )
    group.add_argument(
        "--secret-stdin",
        action="store_true",
        help="read the secret (secret access key, HMAC secret, path of the service "
        "account's JSON key file, or Azure account key) from the first line of standard "
        "input; on a terminal it is asked for without echo",
    )


def connection_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    about = (
        "Without --profile, --provider or --preset, commands work on the local-folder bucket "
        f"'{EMBEDDED_BUCKET}' in {data_dir()} (no account, no server). The secret "
        "comes from --secret-stdin, else the profile's saved secret, else the "
        "BUCKETFERRY_SECRET environment variable; never from an argument, which would "
        "show in the process list."
    )
    # The formatter keeps descriptions as written (for the examples), so wrap this one.
    group = parent.add_argument_group("connection", textwrap.fill(about, HELP_WIDTH - 4))
    group.add_argument(
        "--profile",
        metavar="NAME",
        help="a saved connection (see 'bucketferry profiles list'). Connection options "
        "given as well replace the profile's values for this run; with --key, the "
        "profile's saved secret is not used",
    )
    add_connection_fields(group)
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        help="how long to wait for an answer from the server before a request is sent "
        f"again (default: {_default_timeout():g}); after a few such tries the command stops",
    )
    return parent


def _default_timeout() -> float:
    """The engine's own default, so the help never disagrees with what a run does."""
    return RemoteStorageConfig(Provider.LOCAL.value, "", "", "").timeout
