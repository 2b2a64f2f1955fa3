"""Options and ``--help`` of ``history``, ``undo`` and ``backups``: the commands about what
runs did, apart from :mod:`.parser` so that neither grows past reading.

The help says where runs are recorded and where replaced versions are kept, and what each
exit code means for an undo: a person deciding whether to trust it needs both.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from bucketferry.core.reserved import DEFAULT_BACKUP_PREFIX

if TYPE_CHECKING:
    from .parser import Command

_AGE = re.compile(r"\s*(\d{1,6})\s*([hdw])\s*", re.IGNORECASE)
_AGE_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def age(text: str) -> timedelta:
    """'12h', '30d', '2w': how old a backup must be to be pruned."""
    found = _AGE.fullmatch(text)
    if found is None:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an age: give a whole number followed by h (hours), d (days) or "
            "w (weeks), e.g. 12h, 30d or 2w"
        )
    return int(found[1]) * _AGE_UNITS[found[2].lower()]


def _limit(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"the limit must be at least 1, not {number}")
    return number


HISTORY_EPILOG = """\
Every push, pull, rm and undo on this computer is recorded as it runs, file by file: what
each file was before and where the version it replaced or deleted was kept (the trash for
local files; a copy in the bucket's backup folder, or an old version, for objects). The
list covers every connection, newest first. OUTCOME is finished, cancelled (Ctrl-C),
stopped (the server went away; NOTE says why) or interrupted (killed, or still running).
FILES counts the files by what happened to them ("unknown": a run that was interrupted
did not record their end). Give a run's id, or its start, to 'bucketferry undo'.

examples:
  bucketferry history
  bucketferry history --limit 5 --json"""

UNDO_EPILOG = f"""\
Puts back what the run RUN_ID changed (see 'bucketferry history'; the start of an id will
do): each file it replaced or deleted gets its version from before the run again (from the
trash, the bucket's backup folder or an old version), each file it created is removed. It
changes the side the run changed: the bucket for push and rm, the local folder for pull.
Give the connection the run used (the same --profile or connection options).

Each file is first compared with what the run left there. A file that changed after the
run is left alone and listed with the reason, as is a file whose old version was not kept;
the others are undone, and the exit code is 4. A file already as before the run needs
nothing, so undoing twice changes nothing the second time. What an undo replaces or
removes is kept too (the trash; {DEFAULT_BACKUP_PREFIX} in the bucket), and the undo is a
run of its own in the history, which can be undone in turn.

Without --yes it shows what it would do and asks; when standard input is not a terminal
(a script), it refuses with exit code 3 and changes nothing. Ctrl-C stops it between files
(exit code 130); the same command again finishes it.

exit codes: 0 undone, or nothing to undo; 1 some files failed (the same command again
retries them); 2 no such run, or the run was on another bucket; 3 not confirmed, nothing
was changed; 4 undone, except the files left alone (listed with the reason); 130 cancelled.

examples:
  bucketferry undo 20261130-121501.042-3fa2 --dry-run
  bucketferry undo 20261130-121501 --profile work
  bucketferry undo 20261130-121501.042-3fa2 --yes --json"""

BACKUPS_EPILOG = f"""\
Before a run replaces or deletes an object in a bucket that keeps no old versions, it
copies the object on the server to FOLDER/RUN_ID/NAME at the bucket's root. FOLDER is
{DEFAULT_BACKUP_PREFIX} unless the connection says otherwise (--backup-prefix;
--no-bucket-backups keeps no copies); while a connection keeps its copies there, no plan,
listing, pull or rm of it touches that folder.
'bucketferry undo' puts objects back from there. The copies take space in the bucket until
they are pruned; after that, the runs concerned can no longer be undone in the bucket.

examples:
  bucketferry backups list
  bucketferry backups prune --older-than 30d --dry-run
  bucketferry backups prune --older-than 2w --yes --profile work"""

PRUNE_EPILOG = """\
AGE is a whole number of hours, days or weeks: 12h, 30d, 2w (0d: every backup). A run's
age is read from its id, when it started, so backups made on other computers age alike.
Without --yes it lists what it would remove and asks; when standard input is not a
terminal (a script), it refuses with exit code 3 and removes nothing.

It also aborts the uploads in the bucket left unfinished for more than 7 days (whichever
program began them; their parts take space that no listing shows), after listing them,
also where the connection keeps no copies (--no-bucket-backups). Bucket Ferry aborts its
own such uploads by itself at the next push or pull; an interrupted push of a big file
that is pushed again within the week goes on where it stopped.

examples:
  bucketferry backups prune --older-than 30d --dry-run
  bucketferry backups prune --older-than 12h --yes --json"""


def add_history_commands(
    command: Command, connection: argparse.ArgumentParser, workers: Callable[[str], int]
) -> None:
    """``history``, ``undo`` and ``backups list | prune``; ``workers`` checks --workers as
    push and pull do."""
    history = command("history", "list the recorded runs, newest first", HISTORY_EPILOG, [])
    history.add_argument(
        "--limit", metavar="N", type=_limit, help="only the N newest runs (default: all)"
    )
    history.add_argument(
        "--json", action="store_true", help="print the runs as JSON, each with its counts"
    )

    undo = command("undo", "put back what a recorded run changed", UNDO_EPILOG, [connection])
    undo.add_argument(
        "run_id", metavar="RUN_ID", help="the run's id from 'bucketferry history', or its start"
    )
    undo.add_argument(
        "--dry-run",
        action="store_true",
        help="only show what the undo would do for each file, and why; change nothing",
    )
    undo.add_argument("--yes", "-y", action="store_true", help="undo without asking")
    undo.add_argument(
        "--workers",
        metavar="N",
        type=workers,
        help="files undone in parallel (default: as for transfers)",
    )
    undo.add_argument(
        "--json",
        action="store_true",
        help="print the undo (each file with its action, state, reason and status) as JSON",
    )

    backups = command(
        "backups",
        "list or prune the copies that runs kept in the bucket",
        BACKUPS_EPILOG,
        [],
    )
    actions = backups.add_subparsers(
        title="actions", dest="action", metavar="ACTION", required=True
    )
    listing = command("list", "show the kept copies, one line per run", None, [connection], actions)
    listing.add_argument("--json", action="store_true", help="print the runs' backups as JSON")
    prune = command(
        "prune",
        "remove the copies of runs older than an age, abort week-old unfinished uploads",
        PRUNE_EPILOG,
        [connection],
        actions,
    )
    prune.add_argument(
        "--older-than",
        metavar="AGE",
        type=age,
        required=True,
        help="remove the copies of runs that started longer ago than this: 12h, 30d, 2w",
    )
    prune.add_argument("--dry-run", action="store_true", help="only show what would be removed")
    prune.add_argument("--yes", "-y", action="store_true", help="remove without asking")
    prune.add_argument(
        "--json", action="store_true", help="print the runs whose copies were removed as JSON"
    )
