"""Secrets of connection profiles in the OS password store, through the ``keyring`` package.

A secret is never written to disk by this module, never logged, and never part of a
``repr``/``str``. Without a usable password store, :class:`SecretStore` says so plainly
(:attr:`SecretStore.reason`) and only keeps a secret in memory when the caller asks for a
session-only secret. Kept apart from the profile file so that probing the keyring (which
can block while the OS asks the user to unlock it) never sits in the way of reading it.
"""

from __future__ import annotations

import logging
import sys
import threading

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import keyring.errors

from ..errors import BucketFerryError

log = logging.getLogger(__name__)

SERVICE = "bucketferry"
"""Keyring service name; the username is the profile name."""


class KeyringUnavailableError(BucketFerryError):
    """A secret should go to the OS password store, but there is no usable one."""

    title = "Password store not available"

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


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
