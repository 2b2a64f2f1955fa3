"""Exceptions a user can cause, each with a title and a message that says what to do.

Every class keeps the built-in type that accsr raised in the same situation as a base
(``ValueError``, ``FileNotFoundError``, ``FileExistsError``), so code written against accsr
keeps catching what it caught before. The GUI shows ``title`` as a dialog heading and
``message`` as the body; the command line prints both. No exception ever carries a secret.
"""

from __future__ import annotations

import re


class BucketFerryError(Exception):
    """Base of all errors that are meant to be shown to a person."""

    title = "Bucket Ferry error"

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class ConfigurationError(BucketFerryError, ValueError):
    title = "Connection settings are incomplete"


class InvalidRegexError(BucketFerryError, ValueError, re.error):
    """Also a ``re.error``, which accsr let through for a bad filter, so code written for
    it still catches this; ``msg``, ``pattern`` and ``pos`` are the regex module's."""

    title = "Invalid filter"

    def __init__(self, message: str, cause: re.error) -> None:
        super().__init__(message)
        self.msg, self.pattern, self.pos = cause.msg, cause.pattern, cause.pos
        self.lineno, self.colno = cause.lineno, cause.colno


class PathNotChildError(BucketFerryError, ValueError):
    title = "Path outside the chosen folder"


class LocalPathNotFoundError(BucketFerryError, FileNotFoundError):
    title = "Nothing to push"


class BucketNotFoundError(BucketFerryError, FileNotFoundError):
    title = "Bucket not found"


class AuthenticationError(BucketFerryError, PermissionError):
    title = "Access denied"


class ConnectionFailedError(BucketFerryError, ConnectionError):
    title = "Cannot reach the storage server"


class TransientStorageError(BucketFerryError, ConnectionError):
    """A failure that may go away if the same request is sent again (resets, 5xx, throttling)."""

    title = "Temporary storage error"


class ServerNotAnsweringError(TransientStorageError):
    """The server accepted the connection but sent nothing within the timeout. Retried like
    any transient error; once the retries are used up it stops the whole run, since every
    other file would wait just as long."""

    title = "The storage server is not answering"


class StorageError(BucketFerryError):
    """A storage answer that retrying will not change (bad request, unexpected status)."""

    title = "Storage error"


class CollisionError(BucketFerryError, FileExistsError):
    title = "File and folder names collide"


class ForceRequiredError(BucketFerryError, FileExistsError):
    title = "Files would be overwritten"


class ChangedSincePreviewError(BucketFerryError, FileExistsError):
    title = "Changed since the preview"


class LinksUnavailableError(BucketFerryError):
    """Share or request links cannot be made for this bucket (see core/sharing)."""

    title = "Cannot make a link"


class UnsafeRemoteNameError(BucketFerryError, ValueError):
    title = "Unsafe name in the bucket"


class UnsafeLocalPathError(BucketFerryError, OSError):
    """A local path would lead through a symbolic link or outside the chosen folder."""

    title = "Unsafe local folder"


class IntegrityError(BucketFerryError):
    title = "Transferred data does not match"


class TooLargeToShowError(BucketFerryError):
    """An object is bigger than the cap a caller set for reading it into memory."""

    title = "Too large to compare here"

    def __init__(self, message: str, *, size: int, limit: int) -> None:
        super().__init__(message)
        self.size = size
        self.limit = limit


class CancelledError(BucketFerryError):
    title = "Cancelled"

    def __init__(self, message: str = "The transfer was cancelled.") -> None:
        super().__init__(message)
