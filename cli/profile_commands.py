"""``bucketferry profiles list | add | remove``: the connections the window uses, too.

Profiles are read and written through :class:`ProfileStore`, the same file and the same
password-store entries as the window, so a connection added here appears there and the
other way round. A secret only ever goes to the OS password store: without one, adding a
profile *with* a secret fails before anything is written (the window's session-only
secret would be forgotten when this command exits, which helps nobody).
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING, TextIO

from bucketferry.core import ConfigurationError
from bucketferry.core.display import printable
from bucketferry.core.reserved import DEFAULT_BACKUP_PREFIX

from .connection import SECRET_VARIABLE, given_options, secret_from_environment
from .connection import secret_from_stdin as read_typed_secret
from .exit_codes import EXIT_FAILED, EXIT_OK, EXIT_REFUSED
from .output import print_json, print_table

if TYPE_CHECKING:
    from bucketferry.core.profiles import Profile, ProfileStore


def run_profiles(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    # Imported here: the keyring is loaded only by commands that need it.
    from bucketferry.core.profiles import ProfileStore

    store = ProfileStore()
    if args.action == "list":
        return _list(store, args.json, out)
    if args.action == "add":
        return _add(store, args, out, err, stdin)
    return _remove(store, args.name, out, err)


def _secret_saved(store: ProfileStore, profile: Profile) -> bool | None:
    """Whether the password store has a secret for ``profile``; None if it cannot tell."""
    from bucketferry.core.profiles import KeyringUnavailableError

    if not store.secrets.available():
        return None
    try:
        return store.secrets.get(profile.name) is not None
    except KeyringUnavailableError:
        return None


def _list(store: ProfileStore, as_json: bool, out: TextIO) -> int:
    profiles = store.list()
    saved = {p.name: _secret_saved(store, p) if p.needs_secret else False for p in profiles}
    if as_json:
        entries = [
            {
                **dataclasses.asdict(p),
                "needs_secret": p.needs_secret,
                "secret_saved": saved[p.name],
            }
            for p in profiles
        ]
        print_json(entries, out, ensure_ascii=False)
        return EXIT_OK
    if not profiles:
        out.write(
            f"No saved connections in {store.path}. Add one with: bucketferry profiles add "
            "NAME --provider ... --bucket ... (see bucketferry profiles add --help)\n"
        )
        return EXIT_OK
    words = {True: "saved", False: "none", None: "unknown"}
    rows = [
        [
            p.name,
            p.provider,
            p.bucket if p.provider != "local" else f"{p.bucket} (in {p.key or 'data folder'})",
            _where(p),
            p.base_path or "-",
            words[saved[p.name]] if p.needs_secret else "not needed",
        ]
        for p in profiles
    ]
    print_table(["NAME", "PROVIDER", "BUCKET", "HOST", "BASE PATH", "SECRET"], rows, out)
    _print_bucket_backups(profiles, out)
    out.write(f"\nSaved in {store.path}.")
    if any(value is None for value in saved.values()):
        out.write(f" Secrets: {store.secrets.reason}")
    out.write("\n")
    return EXIT_OK


def _print_bucket_backups(profiles: list[Profile], out: TextIO) -> None:
    """The connections whose bucket backups are not the default, under the table (whose
    columns scripts may read, so it keeps them)."""
    unusual = [p for p in profiles if p.backup_prefix != DEFAULT_BACKUP_PREFIX]
    if not unusual:
        return
    words = ", ".join(
        f"'{p.name}' {'off' if p.backup_prefix is None else f'in {p.backup_prefix}/'}"
        for p in unusual
    )
    out.write(f"\nBucket backups ({DEFAULT_BACKUP_PREFIX}/ unless said here): {printable(words)}\n")


def _where(profile: Profile) -> str:
    if not profile.host:
        return "-"
    port = f":{profile.port}" if profile.port else ""
    return f"{profile.host}{port}" + ("" if profile.secure else " (http)")


def _add(
    store: ProfileStore, args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO
) -> int:
    from bucketferry.core.profiles import KeyringUnavailableError, Profile, ProfileNotFoundError

    name = args.name.strip()
    saved = store.list()
    existing = next((p for p in saved if p.name.casefold() == name.casefold()), None)
    if existing is not None and not args.update:
        err.write(
            f"A connection named '{existing.name}' already exists; nothing was changed. Add "
            f"--update to change it, or remove it first: bucketferry profiles remove "
            f"'{existing.name}'\n"
        )
        return EXIT_REFUSED
    given = given_options(args)
    if existing is not None:
        profile = dataclasses.replace(existing, **given)
    elif args.update:
        known = ", ".join(f"'{p.name}'" for p in saved) or "none yet"
        raise ProfileNotFoundError(
            f"There is no connection named '{name}' to update. Saved connections: {known}."
        )
    elif args.provider is None:
        raise ConfigurationError(
            "Give --provider (s3, google_storage, azure_blobs or local) or --preset (see: "
            "bucketferry presets) and --bucket for a new connection."
        )
    else:
        profile = Profile(
            name=name,
            provider=args.provider,
            key=args.key or "",
            bucket=args.bucket or "",
            region=args.region,
            host=args.host,
            port=args.port,
            secure=given.get("secure", True),
            base_path=args.base_path or "",
            backup_prefix=given.get("backup_prefix", DEFAULT_BACKUP_PREFIX),
        )
    profile.validate()
    secret = _secret_to_save(args, stdin, is_new=existing is None, err=err)
    if secret and not profile.needs_secret:
        if args.secret_stdin:
            err.write("A 'local' connection needs no secret; none was saved.\n")
        secret = None
    try:
        if secret and not store.secrets.available():
            raise KeyringUnavailableError(store.secrets.reason, reason=store.secrets.reason)
        _save(store, profile, secret, is_new=existing is None)
    except KeyringUnavailableError as exc:
        err.write(
            f"The connection '{profile.name}' was not saved: its secret can only go to the "
            f"system password store. {exc.reason} Add it without a secret (no "
            f"--secret-stdin, no {SECRET_VARIABLE}) and give the secret with each command "
            "instead.\n"
        )
        return EXIT_FAILED
    verb = "Updated" if existing is not None else "Saved"
    note = ""
    if secret:
        note = " Its secret is in the system password store."
    elif profile.needs_secret and not _secret_saved(store, profile):
        note = (
            f" No secret is saved: give it with each command ({SECRET_VARIABLE} or --secret-stdin)."
        )
    out.write(
        f"{verb} the connection '{profile.name}' ({profile.provider}, bucket "
        f"{profile.bucket}).{note}{_backups_note(profile)}\n"
    )
    return EXIT_OK


def _backups_note(profile: Profile) -> str:
    """Said when a connection's bucket backups differ from the default, which goes
    without saying."""
    if profile.backup_prefix is None:
        return (
            " It keeps no copies in the bucket of the objects a run replaces or deletes "
            "(unless the bucket keeps old versions, those runs cannot be undone there)."
        )
    if profile.backup_prefix != DEFAULT_BACKUP_PREFIX:
        return f" Bucket backups go to {profile.backup_prefix}/ in the bucket."
    return ""


def _secret_to_save(
    args: argparse.Namespace, stdin: TextIO, *, is_new: bool, err: TextIO
) -> str | None:
    """--secret-stdin, or for a new connection BUCKETFERRY_SECRET. An update takes only
    --secret-stdin: a variable exported for some other server must not silently replace
    a saved secret when only, say, the base path changes."""
    typed = read_typed_secret(args, stdin)
    if typed or is_new:
        return typed or secret_from_environment()
    if secret_from_environment():
        err.write(
            f"{SECRET_VARIABLE} was not used: with --update only --secret-stdin replaces "
            "the saved secret.\n"
        )
    return None


def _save(store: ProfileStore, profile: Profile, secret: str | None, *, is_new: bool) -> None:
    """Secret first, then the profile; if saving the profile fails, the secret is put
    back as it was, so a failed add leaves nothing behind."""
    if secret is None:
        if is_new and store.secrets.available():
            store.secrets.delete(profile.name)  # a stale entry must not become its secret
        store.save(profile)
        return
    previous = None if is_new else store.secrets.get(profile.name)
    store.secrets.set(profile.name, secret)
    try:
        store.save(profile)
    except BaseException:
        if previous is None:
            store.secrets.delete(profile.name)
        else:
            store.secrets.set(profile.name, previous)
        raise


def _remove(store: ProfileStore, name: str, out: TextIO, err: TextIO) -> int:
    profile = store.get(name)  # ProfileNotFoundError names the saved connections
    store.remove(name)
    if profile.needs_secret and _secret_saved(store, profile):
        err.write(
            f"The saved secret of '{name}' could not be removed from the password store "
            f"(service '{store.secrets.service}', user '{name}'); remove it there by hand.\n"
        )
    out.write(f"Removed the connection '{name}'.\n")
    return EXIT_OK
