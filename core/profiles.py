"""Named connection profiles in the user's config folder, their secrets in the OS keyring.

A profile is everything needed to reach a bucket except the secret. Profiles live in one
versioned JSON file (``<config_dir>/profiles.json``); secrets live in the OS password store
through the ``keyring`` package (service ``"bucketferry"``, username = profile name). The GUI
and the command line share this module, so it never imports Qt.

Guarantees:

- A secret is never written to disk by this module, never logged, and never part of a
  ``repr``/``str``. Without a usable password store, :class:`SecretStore` says so plainly
  (:attr:`SecretStore.reason`) and only keeps a secret in memory when the caller asks for a
  session-only secret.
- The profile file is replaced atomically (temporary file + ``os.replace``), so a crash never
  leaves half a file. A file that cannot be read as a profile list raises
  :class:`ProfileStoreError` and is left exactly as it is; nothing here deletes it.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import logging
import os
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import fasteners
import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import keyring.errors

from .bucket_names import bucket_name_problem
from .config import (
    EMBEDDED_BUCKET,
    Provider,
    RemoteStorageConfig,
)
from .errors import BucketFerryError, ConfigurationError
from .locations import backup_dir, config_dir, data_dir

log = logging.getLogger(__name__)

SERVICE = "bucketferry"
"""Keyring service name; the username is the profile name."""

DEFAULT_PROFILE_NAME = "Local folder"
DEFAULT_BUCKET = EMBEDDED_BUCKET

FILE_NAME = "profiles.json"
FILE_FORMAT = "bucketferry.profiles"
FILE_VERSION = 1

_PROVIDERS = {p.value for p in Provider}
_PROVIDER_LABELS = "s3 (Amazon S3 or S3-compatible), google_storage, local (a folder)"
_NEEDS_SECRET = {Provider.S3.value, Provider.GOOGLE_STORAGE.value}


class ProfileStoreError(BucketFerryError):
    """The profile file exists but cannot be used; it has been left untouched."""

    title = "Saved connections cannot be read"


class ProfileNotFoundError(BucketFerryError, KeyError):
    """No profile has the requested name (a ``KeyError``, as for a missing dict key)."""

    title = "Unknown connection"


class KeyringUnavailableError(BucketFerryError):
    """A secret should go to the OS password store, but there is no usable one."""

    title = "Password store not available"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Profile:
    """A named connection: everything :class:`RemoteStorageConfig` needs except the secret.

    There is deliberately no secret field, so a profile can be written to disk, logged and
    shown in a ``repr`` without leaking anything. Frozen: edit with ``dataclasses.replace``.
    """

    name: str
    provider: str
    key: str
    bucket: str
    region: str | None = None
    host: str | None = None
    port: int | None = None
    secure: bool = True
    base_path: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.provider, Provider):
            object.__setattr__(self, "provider", self.provider.value)

    def validate(self) -> None:
        """Raise :class:`ConfigurationError` with a plain message if the profile is unusable.

        Checks only what can be known without the network; whether the key and secret work
        is for a connection test to find out.
        """
        if not self.name.strip():
            raise ConfigurationError("Give the connection a name.")
        if self.provider not in _PROVIDERS:
            raise ConfigurationError(
                f"'{self.provider}' is not a storage type Bucket Ferry knows. "
                f"Choose one of: {_PROVIDER_LABELS}."
            )
        if not self.bucket.strip():
            raise ConfigurationError(f"Enter a bucket name for the connection '{self.name}'.")
        problem = bucket_name_problem(self.provider, self.bucket, custom_endpoint=bool(self.host))
        if problem is not None:
            raise ConfigurationError(
                f"{problem} Check the bucket name of '{self.name}'.", title="Invalid bucket name"
            )
        if self.port is not None and not 1 <= self.port <= 65535:
            raise ConfigurationError(
                f"The port must be a number from 1 to 65535 (it is {self.port}). "
                f"Leave it empty to use the provider's usual port."
            )

    @property
    def needs_secret(self) -> bool:
        """Whether connecting needs a secret (cloud providers do, a local folder does not)."""
        return self.provider in _NEEDS_SECRET

    def to_config(self, secret: str = "") -> RemoteStorageConfig:
        """The engine configuration for this profile with ``secret`` filled in.

        Validates first, so an unusable profile fails here with a plain message rather
        than deep inside a driver. Replaced local files are backed up in the profile's own
        folder, set here so that the window and the command line (which both come through
        here) keep the backups of one connection in one place.
        """
        self.validate()
        return RemoteStorageConfig(
            provider=self.provider,
            key=self.key,
            bucket=self.bucket,
            secret=secret,
            region=self.region,
            host=self.host,
            port=self.port,
            base_path=self.base_path,
            secure=self.secure,
            backup_dir=str(backup_dir(self.name)),
        )


def _is_file_backend(backend: keyring.backend.KeyringBackend) -> bool:
    """Backends from ``keyrings.alt`` keep secrets in files, which Bucket Ferry never does."""
    return type(backend).__module__.startswith("keyrings.alt")


def _detail(exc: Exception) -> str:
    """A backend's own words for a failure, trimmed to sit inside one of our sentences."""
    return str(exc).strip().rstrip(".") or type(exc).__name__


def _no_store_reason() -> str:
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return (
            "No password store (Secret Service / KWallet) is running, so secrets cannot be saved."
        )
    return "No usable password store was found, so secrets cannot be saved."


class SecretStore:
    """Secrets of profiles in the OS keyring, or in memory for this process when asked.

    ``backend`` pins a keyring backend (tests use this); by default the backend that
    ``keyring.get_keyring()`` returns at the time of each call is used, so a later
    ``keyring.set_keyring`` takes effect. Whether the password store works is probed once per
    backend (a harmless read) and remembered; a failure during use updates that answer.

    Session-only secrets belong to this instance: use one ``SecretStore`` per application
    (``ProfileStore.secrets``) so the profile list and the connection dialog see the same
    ones. Thread-safe. Calls may block while the OS asks the user to unlock the store, so a
    GUI calls them from a worker thread.
    """

    def __init__(
        self, backend: keyring.backend.KeyringBackend | None = None, *, service: str = SERVICE
    ) -> None:
        self._pinned = backend
        self.service = service
        self._session: dict[str, str] = {}
        self._lock = threading.RLock()
        self._probed: keyring.backend.KeyringBackend | None = None
        self._reason: str | None = None

    def __repr__(self) -> str:
        with self._lock:
            sessions = len(self._session)
        return f"<SecretStore service={self.service!r} session_secrets={sessions}>"

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        """The keyring backend in use right now."""
        return self._pinned if self._pinned is not None else keyring.get_keyring()

    def available(self) -> bool:
        """Whether secrets can be saved in the OS password store.

        False for keyring's fail and null backends, a chainer with nothing to chain, file
        backends (``keyrings.alt``), and a store that fails when read (missing, locked and
        not unlocked, no D-Bus session, ...). :attr:`reason` then says why in plain words.
        """
        return self._check() is None

    @property
    def reason(self) -> str:
        """Why the password store cannot be used, in plain words; empty when it can."""
        return self._check() or ""

    def recheck(self) -> bool:
        """Forget the remembered answer and probe the password store again.

        For a "Try again" button after the user started or unlocked their password store.
        """
        with self._lock:
            self._probed = self._reason = None
        return self.available()

    def _check(self) -> str | None:
        backend = self.backend
        with self._lock:
            if self._probed is backend:
                return self._reason
        reason = self._probe(backend)
        with self._lock:
            self._probed, self._reason = backend, reason
        if reason:
            log.info("Password store not usable (%s): %s", backend, reason)
        return reason

    def _probe(self, backend: keyring.backend.KeyringBackend) -> str | None:
        if isinstance(backend, keyring.backends.fail.Keyring):
            return _no_store_reason()
        if isinstance(backend, keyring.backends.null.Keyring):
            return (
                "Saving passwords is switched off in the keyring settings (the 'null' "
                "backend is selected), so secrets cannot be saved."
            )
        if isinstance(backend, keyring.backends.chainer.ChainerBackend):
            chained = list(backend.backends)
            if not chained:
                return _no_store_reason()
            if _is_file_backend(chained[0]):
                return self._file_backend_reason()
        elif _is_file_backend(backend):
            return self._file_backend_reason()
        try:
            backend.get_password(self.service, "bucketferry-availability-check")
        except keyring.errors.KeyringLocked:
            return (
                "The password store is locked and was not unlocked, so secrets cannot be "
                "saved or read. Unlock it (for example by logging in again) and retry."
            )
        except keyring.errors.NoKeyringError:
            return _no_store_reason()
        except Exception as exc:  # any backend failure means "not usable", never a crash
            return (
                f"The password store cannot be used ({_detail(exc)}), so secrets cannot be saved."
            )
        return None

    @staticmethod
    def _file_backend_reason() -> str:
        return (
            "The only password store found keeps secrets in a plain file (keyrings.alt), "
            "which Bucket Ferry does not use, so secrets cannot be saved."
        )

    def _failed(self, backend: keyring.backend.KeyringBackend, exc: Exception) -> str:
        """Remember that the store just failed, and return the reason to show."""
        if isinstance(exc, keyring.errors.KeyringLocked):
            reason = "The password store is locked and was not unlocked."
        elif isinstance(exc, keyring.errors.NoKeyringError):
            reason = _no_store_reason()
        else:
            reason = f"The password store cannot be used ({_detail(exc)})."
        with self._lock:
            self._probed, self._reason = backend, reason
        log.warning("Password store failed (%s): %s", type(exc).__name__, reason)
        return reason

    def is_session_only(self, name: str) -> bool:
        """Whether ``name`` has a secret kept in memory for this session only."""
        with self._lock:
            return name in self._session

    def get(self, name: str) -> str | None:
        """The secret of profile ``name``: the session secret first, then the password store.

        ``None`` means no secret can be found, so the caller should ask the user for one.
        Raises :class:`KeyringUnavailableError` only if a usable store fails while reading.
        """
        with self._lock:
            if name in self._session:
                return self._session[name]
        if not self.available():
            return None
        backend = self.backend
        try:
            return backend.get_password(self.service, name)
        except Exception as exc:
            reason = self._failed(backend, exc)
            raise KeyringUnavailableError(
                f"The saved secret of '{name}' cannot be read. {reason}", reason=reason
            ) from exc

    def set(self, name: str, secret: str, *, session_only: bool = False) -> None:
        """Remember the secret of profile ``name``.

        With ``session_only`` the secret stays in this process's memory and is forgotten
        when it exits; the password store is not touched. Otherwise it goes to the password
        store, or :class:`KeyringUnavailableError` is raised: there is never a silent
        fallback to memory or disk. An empty secret forgets the stored one.
        """
        if not secret:
            self.delete(name)
            return
        if session_only:
            with self._lock:
                self._session[name] = secret
            log.info("Secret of '%s' kept for this session only", name)
            return
        if not self.available():
            raise self._unavailable(name, self.reason)
        backend = self.backend
        try:
            backend.set_password(self.service, name, secret)
        except Exception as exc:
            raise self._unavailable(name, self._failed(backend, exc)) from exc
        with self._lock:
            self._session.pop(name, None)
        log.info("Secret of '%s' saved in the password store", name)

    @staticmethod
    def _unavailable(name: str, reason: str) -> KeyringUnavailableError:
        return KeyringUnavailableError(
            f"The secret of '{name}' was not saved. {reason} You can still use it for this "
            "session only: it is then kept in memory and forgotten when Bucket Ferry exits.",
            reason=reason,
        )

    def delete(self, name: str) -> None:
        """Forget the secret of ``name`` (session and password store); a missing one is fine.

        Raises :class:`KeyringUnavailableError` if a usable store fails for another reason.
        """
        with self._lock:
            self._session.pop(name, None)
        if not self.available():
            return
        backend = self.backend
        try:
            backend.delete_password(self.service, name)
        except keyring.errors.PasswordDeleteError:
            pass  # nothing was stored
        except Exception as exc:
            reason = self._failed(backend, exc)
            raise KeyringUnavailableError(
                f"The saved secret of '{name}' could not be removed. {reason}", reason=reason
            ) from exc


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
                profiles.append(_profile_from_json(entry))
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
        tmp: str | None = None
        try:
            # mkstemp creates the file readable by the user only; os.replace keeps that mode.
            fd, tmp = tempfile.mkstemp(
                dir=self.path.parent, prefix=f".{self.path.name}-", suffix=".tmp"
            )
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
            tmp = None
        except OSError as exc:
            raise ProfileStoreError(
                f"The connection list {self.path} cannot be saved ({exc.strerror}). Check "
                "that the folder is writable and the disk is not full."
            ) from exc
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "provider": (str,),
    "key": (str,),
    "bucket": (str,),
    "region": (str, type(None)),
    "host": (str, type(None)),
    "port": (int, type(None)),
    "secure": (bool,),
    "base_path": (str,),
}
_REQUIRED = ("name", "provider", "bucket")
_TYPE_WORDS = {str: "text", int: "a whole number", bool: "true or false", type(None): "null"}


def _profile_from_json(entry: Any) -> Profile:
    """Build a profile from one file entry, checking types; unknown keys are ignored.

    A ``"secret"`` key someone typed into the file is ignored too: secrets are only ever read
    from the password store.
    """
    if not isinstance(entry, dict):
        raise ValueError("is not an object")
    for field_name in _REQUIRED:
        if field_name not in entry:
            raise ValueError(f"has no '{field_name}'")
    values: dict[str, Any] = {}
    for field_name, types in _FIELD_TYPES.items():
        if field_name not in entry:
            continue
        value = entry[field_name]
        # bool is an int in Python, but true/false is not a port number
        wrong_bool = isinstance(value, bool) and bool not in types
        if wrong_bool or not isinstance(value, types):
            wanted = " or ".join(_TYPE_WORDS[t] for t in types)
            raise ValueError(f"has a '{field_name}' that is not {wanted}")
        values[field_name] = value
    values.setdefault("key", "")
    return Profile(**values)
