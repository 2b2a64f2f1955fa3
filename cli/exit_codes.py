"""The command line's exit codes, and which errors end with which, in one place.

Scripts branch on these, so they never change meaning: 0 done (or nothing to do), 1 failed
(some files, or the whole command), 2 usage error (the command as typed cannot work: bad
option, regex, path or connection), 3 refused because it would overwrite, without
``--force``, a copy that changed on the target since the last sync or was never synced
here, or has collisions, or because a person (or, without ``--yes``, the lack of one) did
not confirm ``rm``, ``undo`` or ``backups prune`` (nothing was changed), 4 done, but some
files or objects were refused and left alone for safety (unsafe names, links leading out of
the folder, unreadable files, files that changed after the run an undo puts back...;
nothing else failed), 130 cancelled with Ctrl-C (the shell's code for SIGINT; nothing
half-written).

An undo that leaves alone a file changed after the run is 4, not 3: like ``rm`` leaving
alone an object it cannot delete safely, it did everything else it was asked, and 3 keeps
its promise that nothing was changed.

4 exists because "done" must mean everything asked for was done: a pull that quietly left
out nine objects with hostile names, or an ``rm`` that left five objects in the bucket,
would otherwise look to a script exactly like a complete one. Failures win over refusals
(1), since the failed files need a second run and the refused ones never will. A dry run
exits 0 whatever its plan holds: it did what was asked, show the plan.
"""

from __future__ import annotations

from bucketferry.core import (
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
EXIT_SOME_REFUSED = 4
EXIT_INTERRUPTED = 130

_USAGE_ERRORS = (ConfigurationError, InvalidRegexError, LocalPathNotFoundError, PathNotChildError)


def exit_code_for(exc: BucketFerryError) -> int:
    """The exit code for an error that ends a command."""
    # Imported here: the profile module loads the keyring, which most commands never need.
    from bucketferry.core.profiles import ProfileNotFoundError

    if isinstance(exc, ForceRequiredError | CollisionError):
        return EXIT_REFUSED
    if isinstance(exc, (*_USAGE_ERRORS, ProfileNotFoundError)):
        return EXIT_USAGE
    return EXIT_FAILED
