"""From the command's connection options to a :class:`RemoteStorage`, and the secret.

Three ways to name a bucket: a saved profile (``--profile``; options given as well replace
its values for this run), explicit options (``--provider`` or ``--preset``, and ``--bucket``
at least; see :mod:`.preset_options` for how a preset and the other options combine), or
nothing: the embedded local-folder bucket, so a fresh machine can try everything. The
bucket's backup folder (``--backup-prefix``, ``--no-bucket-backups``) can be chosen with
each of the three.

The secret is never an argument (it would show in the process list). It comes from, in
this order: ``--secret-stdin`` (asked on this very command line), the profile's entry in
the password store, the ``BUCKETFERRY_SECRET`` environment variable. The stored secret
wins over the environment so that a variable exported for one server does not silently
replace the right secret of another; it is skipped when ``--key`` replaces the profile's
key, because it belongs to that key.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import logging
import os
import sys
from typing import Any, TextIO

from bucketferry.core import ConfigurationError, RemoteStorage, RemoteStorageConfig
from bucketferry.core.config import embedded_default_config, needs_secret
from bucketferry.core.reserved import DEFAULT_BACKUP_PREFIX

from .connection_options import CONNECTION_FIELDS
from .preset_options import preset_fields

log = logging.getLogger(__name__)

SECRET_VARIABLE = "BUCKETFERRY_SECRET"


def given_options(args: argparse.Namespace) -> dict[str, Any]:
    """The connection options given on the command line, as profile field values; with
    ``--preset``, also the fields it decided (a host it does not have included, as None)."""
    given: dict[str, Any] = {
        field: getattr(args, field)
        for field in CONNECTION_FIELDS
        if getattr(args, field) is not None
    }
    if args.no_tls:
        given["secure"] = False
    if args.no_bucket_backups:
        given["backup_prefix"] = None
    for field, value in preset_fields(args).items():
        given.setdefault(field, value)
    return given


def secret_from_stdin(args: argparse.Namespace, stdin: TextIO) -> str | None:
    """The secret given with ``--secret-stdin``: asked without echo on a terminal, else
    the first line of standard input. None without the option."""
    if not args.secret_stdin:
        return None
    if stdin.isatty():
        secret = getpass.getpass("Secret: ", stream=sys.stderr)
    else:
        secret = stdin.readline().rstrip("\r\n")
    if not secret:
        raise ConfigurationError(
            "--secret-stdin was given, but standard input had no secret on its first line."
        )
    return secret


def secret_from_environment() -> str | None:
    return os.environ.get(SECRET_VARIABLE) or None


def storage_from_args(args: argparse.Namespace, stdin: TextIO) -> RemoteStorage:
    """The bucket the command works on; ConfigurationError (exit code 2) says what is
    missing, ProfileNotFoundError names the saved profiles."""
    given = given_options(args)
    typed_secret = secret_from_stdin(args, stdin)
    if args.profile is not None:
        conf = _profile_config(args.profile, given, typed_secret)
    elif args.provider is None:
        if set(given) - {"base_path", "backup_prefix"}:
            raise ConfigurationError(
                "Give --provider (s3, google_storage, azure_blobs or local) or --preset "
                "(see: bucketferry presets) and --bucket, or --profile NAME; without them, "
                "commands work on the local-folder bucket."
            )
        return _embedded(args.base_path or "", given.get("backup_prefix", DEFAULT_BACKUP_PREFIX))
    else:
        if not args.bucket:
            raise ConfigurationError("--bucket is required with --provider.")
        conf = RemoteStorageConfig(
            args.provider,
            args.key or "",
            args.bucket,
            typed_secret or secret_from_environment() or "",
            region=args.region,
            host=args.host,
            port=args.port,
            base_path=args.base_path or "",
            secure=given.get("secure", True),
            backup_prefix=given.get("backup_prefix", DEFAULT_BACKUP_PREFIX),
        )
        if needs_secret(conf.provider) and not conf.secret:
            raise ConfigurationError(
                f"This connection needs a secret. Set {SECRET_VARIABLE}, or add "
                "--secret-stdin and pass it on standard input."
            )
    if args.timeout is not None:  # for this run only: profiles do not keep a timeout
        conf.timeout = args.timeout
    _log_connection(conf, f"profile '{args.profile}'" if args.profile else "options")
    return RemoteStorage(conf)


def _embedded(base_path: str, backup_prefix: str | None) -> RemoteStorage:
    """The embedded local-folder bucket (created on first use), with the backup folder
    chosen before the store exists: the store hides that folder from listings."""
    conf = embedded_default_config(base_path=base_path)
    conf.backup_prefix = backup_prefix
    storage = RemoteStorage(conf)
    storage.create_bucket(exist_ok=True)
    _log_connection(storage.conf, "the embedded local-folder bucket")
    return storage


def _log_connection(conf: RemoteStorageConfig, source: str) -> None:
    """Which bucket a run used, for the log (never the secret)."""
    where = f" at {conf.host}:{conf.port or 'default port'}" if conf.host else ""
    log.info(
        "Connection from %s: %s bucket '%s'%s%s, base path '%s', timeout %g s, bucket backups %s",
        source,
        conf.provider,
        conf.bucket,
        where,
        "" if conf.secure else " (plain HTTP)",
        conf.base_path,
        conf.timeout,
        f"in '{conf.backup_prefix}'" if conf.backup_prefix else "off",
    )


def _profile_config(
    name: str, given: dict[str, Any], typed_secret: str | None
) -> RemoteStorageConfig:
    # Imported here: the keyring is loaded only by commands that use a profile.
    from bucketferry.core.profiles import ProfileStore

    store = ProfileStore()
    profile = dataclasses.replace(store.get(name), **given)
    if given:
        log.info("Profile '%s' with options from the command line: %s", name, sorted(given))
    secret, source = typed_secret, "standard input"
    why_not_stored = ""
    if secret is None and profile.needs_secret:
        if "key" in given:
            why_not_stored = "--key replaces the profile's key, so its saved secret is not used"
        elif not store.secrets.available():
            why_not_stored = store.secrets.reason
        else:
            secret, source = store.secrets.get(name), "the password store"
            why_not_stored = "none is saved in the password store"
        if not secret:
            secret, source = secret_from_environment(), SECRET_VARIABLE
    if profile.needs_secret and not secret:
        raise ConfigurationError(
            f"The connection '{name}' needs a secret: {why_not_stored.rstrip('.')}, and "
            f"{SECRET_VARIABLE} is not set. Set it, or add --secret-stdin and pass the "
            f"secret on standard input, or save it with: bucketferry profiles add '{name}' "
            "--update --secret-stdin"
        )
    if profile.needs_secret:
        log.info("Secret of profile '%s' from %s", name, source)
    return profile.to_config(secret or "")
