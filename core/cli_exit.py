"""The command line's exit codes, and which errors end with which, in one place.

Scripts branch on these, so they never change meaning: 0 done (or nothing to do), 1 failed,
2 usage error (the command as typed cannot work: bad option, regex, path or connection),
3 refused because it would overwrite without ``--force`` or has collisions (nothing was
changed), 130 cancelled with Ctrl-C (the shell's code for SIGINT; nothing half-written).
"""

from __future__ import annotations

from .errors import (
    BucketFerryError,
    CollisionError,
    ConfigurationError,
    ForceRequiredError,
    InvalidRegexError,
    LocalPathNotFoundError,
    PathNotChildError,
)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_REFUSED = 3
EXIT_INTERRUPTED = 130

_USAGE_ERRORS = (ConfigurationError, InvalidRegexError, LocalPathNotFoundError, PathNotChildError)


def exit_code_for(exc: BucketFerryError) -> int:
    """The exit code for an error that ends a command."""
    # Imported here: the profile module loads the keyring, which most commands never need.
    from .profiles import ProfileNotFoundError

    if isinstance(exc, ForceRequiredError | CollisionError):
        return EXIT_REFUSED
    if isinstance(exc, (*_USAGE_ERRORS, ProfileNotFoundError)):
        return EXIT_USAGE
    return EXIT_FAILED
