"""The list of named profiles in one locked, versioned JSON file (``<config_dir>/profiles.json``).

The GUI and the command line share this file, and may run at the same time, so every
change is made under a lock (threads and processes) and the file is replaced atomically
(:func:`~bucketferry.core.atomic_files.replacing`): a crash never leaves half a file. A
file that cannot be read as a profile list raises :class:`ProfileStoreError` and is left
exactly as it is; nothing here deletes it.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import fasteners

from ..atomic_files import replacing
from ..config import EMBEDDED_BUCKET, Provider, RemoteStorageConfig
from ..errors import BucketFerryError, ConfigurationError
from ..locations import config_dir, data_dir
from .profile import Profile, profile_from_json
from .secrets import KeyringUnavailableError, SecretStore

log = logging.getLogger(__name__)

DEFAULT_PROFILE_NAME = "Local folder"
DEFAULT_BUCKET = EMBEDDED_BUCKET

FILE_NAME = "profiles.json"
FILE_FORMAT = "bucketferry.profiles"
FILE_VERSION = 1


class ProfileStoreError(BucketFerryError):
    """The profile file exists but cannot be used; it has been left untouched."""

    title = "Saved connections cannot be read"


class ProfileNotFoundError(BucketFerryError, KeyError):
    """No profile has the requested name (a ``KeyError``, as for a missing dict key)."""

    title = "Unknown connection"


# One lock per file path across all ProfileStore instances of this process: the
# inter-process file lock does not exclude threads of the same process.
_thread_locks: dict[Path, threading.Lock] = {}
_thread_locks_guard = threading.Lock()


def _thread_lock(path: Path) -> threading.Lock:
    with _thread_locks_guard:
        return _thread_locks.setdefault(path, threading.Lock())


class ProfileStore:
    """The list of named profiles in ``<config_dir>/profiles.json``, plus their secrets.

    Every call reads the file again, so a GUI and a command line running at the same time
    see each other's changes; changes are made under a lock (threads and processes) and
    written atomically. Profile names are unique ignoring case, because some password
    stores (Windows Credential Manager) do not tell "Work" from "work".
    """

    def __init__(self, path: Path | str | None = None, secrets: SecretStore | None = None) -> None:
        self.path = Path(path) if path is not None else config_dir() / FILE_NAME
        self.secrets = secrets if secrets is not None else SecretStore()

    def __repr__(self) -> str:
        return f"<ProfileStore {str(self.path)!r}>"

    # reading

    def list(self) -> builtins.list[Profile]:
        """All profiles in the order they were added (empty if there is no file yet)."""
        return self._read()

    def get(self, name: str) -> Profile:
        """The profile called ``name``; :class:`ProfileNotFoundError` if there is none."""
        for profile in self._read():
            if profile.name == name:
                return profile
        raise self._not_found(name)

    def config_for(self, name: str) -> RemoteStorageConfig:
        """The engine configuration of profile ``name``, with its secret from :attr:`secrets`.

        Raises :class:`ConfigurationError` when the provider needs a secret and none is known,
        so the caller can ask the user for it.
        """
        profile = self.get(name)
        secret = self.secrets.get(name) or ""
        if profile.needs_secret and not secret:
            raise ConfigurationError(
                f"No secret is saved for the connection '{name}'. Enter the secret "
                "(secret access key) in the connection settings."
            )
        return profile.to_config(secret)

    # changing

    def save(self, profile: Profile) -> None:
        """Add ``profile``, or replace the one with the same name (keeping its position)."""
        profile.validate()
        with self._locked():
            profiles = self._read()
            for index, existing in enumerate(profiles):
                if existing.name == profile.name:
                    profiles[index] = profile
                    break
                if existing.name.casefold() == profile.name.casefold():
                    raise ConfigurationError(
                        f"A connection named '{existing.name}' already exists. Choose a name "
                        "that differs by more than upper and lower case."
                    )
            else:
                profiles.append(profile)
            self._write(profiles)
        log.info("Saved connection '%s' (%s)", profile.name, profile.provider)

    def remove(self, name: str) -> None:
        """Remove profile ``name`` and its saved secret.

        The profile is removed even if the password store is unusable right now; the secret
        left there is then reported in the log (it is not a risk on disk, only clutter).
        """
        with self._locked():
            profiles = self._read()
            kept = [p for p in profiles if p.name != name]
            if len(kept) == len(profiles):
                raise self._not_found(name, profiles)
            self._write(kept)
        log.info("Removed connection '%s'", name)
        try:
            self.secrets.delete(name)
        except KeyringUnavailableError as exc:
            log.warning("The saved secret of '%s' stays in the password store: %s", name, exc)

    def ensure_default(self) -> Profile | None:
        """On a first start (no profiles at all), add a ready "Local folder" profile.

        It points at a folder bucket in the user's data folder, which is created, so the
        whole flow can be tried without an account or a server. Returns the new profile, or
        ``None`` if there already were profiles.
        """
        with self._locked():
            if self._read():
                return None
            root = data_dir()
            profile = Profile(
                name=DEFAULT_PROFILE_NAME,
                provider=Provider.LOCAL.value,
                key=str(root),
                bucket=DEFAULT_BUCKET,
            )
            try:
                (root / DEFAULT_BUCKET).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ProfileStoreError(
                    f"The folder {root / DEFAULT_BUCKET} for the '{DEFAULT_PROFILE_NAME}' "
                    f"connection cannot be created ({exc.strerror}). Check that {root} is "
                    "writable, or set BUCKETFERRY_DATA_DIR to a writable folder.",
                    title="Cannot create the local folder bucket",
                ) from exc
            self._write([profile])
        log.info("Created the default connection '%s' at %s", profile.name, root)
        return profile

    # file handling

    def _not_found(
        self, name: str, profiles: builtins.list[Profile] | None = None
    ) -> ProfileNotFoundError:
        names = [p.name for p in (profiles if profiles is not None else self._read())]
        known = ", ".join(f"'{n}'" for n in names) if names else "none yet"
        return ProfileNotFoundError(
            f"There is no connection named '{name}'. Saved connections: {known}."
        )

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProfileStoreError(
                f"The settings folder {self.path.parent} cannot be created ({exc.strerror}). "
                "Check that it is writable."
            ) from exc
        lock_path = self.path.with_name(self.path.name + ".lock")
        with _thread_lock(self.path.resolve()), fasteners.InterProcessLock(str(lock_path)):
            yield

    def _read(self) -> builtins.list[Profile]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise ProfileStoreError(
                f"The connection list {self.path} cannot be read ({exc.strerror}). "
                "Check the file's permissions."
            ) from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise self._unusable("it is not a text file") from exc
        except json.JSONDecodeError as exc:
            raise self._unusable(
                f"it is not valid JSON ({exc.msg} at line {exc.lineno})", repair=True
            ) from exc
        if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
            raise self._unusable("it is not a Bucket Ferry connection list")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise self._unusable("its format version is missing", repair=True)
        if version > FILE_VERSION:
            raise ProfileStoreError(
                f"The connection list {self.path} was written by a newer Bucket Ferry (format "
                f"version {version}; this one reads version {FILE_VERSION}). Bucket Ferry has "
                "not changed it. Update Bucket Ferry, or move it away to start with an empty "
                "list."
            )
        entries = data.get("profiles")
        if not isinstance(entries, list):
            raise self._unusable("it has no list of connections", repair=True)
        profiles: builtins.list[Profile] = []
        for number, entry in enumerate(entries, start=1):
            try:
                profiles.append(profile_from_json(entry))
            except ValueError as exc:
                raise self._unusable(f"connection number {number} {exc}", repair=True) from None
        return profiles

    def _unusable(self, why: str, *, repair: bool = False) -> ProfileStoreError:
        fix = "Repair the file, or move it away" if repair else "Move it away"
        return ProfileStoreError(
            f"The connection list {self.path} cannot be used: {why}. Bucket Ferry has not "
            f"changed it. {fix} (or set BUCKETFERRY_CONFIG_DIR to another folder) to start "
            "with an empty list."
        )

    def _write(self, profiles: builtins.list[Profile]) -> None:
        payload = {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "profiles": [asdict(p) for p in profiles],
        }
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
        try:
            # The list names accounts and hosts: readable by the user only.
            with replacing(self.path, private=True) as handle:
                handle.write(text.encode("utf-8"))
        except OSError as exc:
            raise ProfileStoreError(
                f"The connection list {self.path} cannot be saved ({exc.strerror}). Check "
                "that the folder is writable and the disk is not full."
            ) from exc
