"""The command line's options and ``--help`` texts.

Help is written for someone who has never used Bucket Ferry: every command says what it
does and where files end up, and shows commands that work as written.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version

from bucketferry.core.config import DEFAULT_WORKERS
from bucketferry.core.logfile import log_file_path
from bucketferry.core.remote_storage import MAX_WORKERS

from .connection_options import (
    HELP_WIDTH,
    add_connection_fields,
    connection_parent,
    whole_number,
)
from .history_parser import add_history_commands
from .share_parser import add_share_commands

Command = Callable[..., argparse.ArgumentParser]
"""``build_parser``'s helper that adds one (sub)command with the shared parents, as
:mod:`.history_parser` and :mod:`.share_parser` take it."""


def program_version() -> str:
    try:
        return version("bucketferry")
    except PackageNotFoundError:
        return "unknown"


def _workers(text: str) -> int:
    """Refused above the engine's maximum rather than quietly lowered: ``--workers 1000``
    ran out of open files before there was a maximum, and a script that asks for more
    should learn that it does not get it."""
    return whole_number(text, 1, MAX_WORKERS, "the number of workers")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and examples; wraps option help at HELP_WIDTH."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=28, width=HELP_WIDTH)


def _verbose_parent() -> argparse.ArgumentParser:
    """``-v`` after the command, too. SUPPRESS keeps a subcommand from resetting a ``-v``
    given before it."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="also write the log to standard error",
    )
    return parent


def add_filter_options(sub: argparse.ArgumentParser, only: str, leave_out: str) -> None:
    """--include/--exclude as regular expressions (the API's meaning, matched from the
    start of each path below the base path), or the same as wildcards (--include-glob,
    --exclude-glob: '*.csv; raw/', the rules of core/wildcards.py); one of each kind."""
    include = sub.add_mutually_exclusive_group()
    include.add_argument(
        "--include",
        metavar="RE",
        help=f"{only} that this regular expression matches from their start, "
        "e.g. 'photos/' or '.*\\.jpg$' (paths as below the base path)",
    )
    include.add_argument(
        "--include-glob",
        metavar="PATTERNS",
        help=f"{only} that one of these wildcards matches, separated by ';': "
        "'*.csv' (in any folder), 'raw/' (a folder, at any depth), 'data/*.csv', '**/*.png'",
    )
    exclude = sub.add_mutually_exclusive_group()
    exclude.add_argument(
        "--exclude",
        metavar="RE",
        help=f"{leave_out} that this regular expression matches from their start, "
        "e.g. '.*\\.tmp$' (wins over the include filter)",
    )
    exclude.add_argument(
        "--exclude-glob",
        metavar="PATTERNS",
        help=f"{leave_out} that one of these wildcards matches, e.g. '*.tmp; cache/' "
        "(wins over the include filter)",
    )


def _transfer_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--dry-run",
        action="store_true",
        help="only show the plan (each file's state: new, changed here or in the bucket, "
        "conflict, differs, identical, only on the target...); change nothing",
    )
    sub.add_argument(
        "--force",
        action="store_true",
        help="also replace copies that changed on the target since the last sync, or that "
        "were never synced here (without it, such a run is refused; a file changed only on "
        "the source since the last sync is updated without it)",
    )
    add_filter_options(sub, "only paths", "leave out paths")
    sub.add_argument(
        "--workers",
        metavar="N",
        type=_workers,
        help=f"parallel transfers, 1 to {MAX_WORKERS} (default: {DEFAULT_WORKERS})",
    )
    sub.add_argument(
        "--json",
        action="store_true",
        help="print the plan (with --dry-run, or when the run is refused) or the result as "
        "JSON instead of text",
    )


TOP_DESCRIPTION = """\
Move files between a local folder and a bucket (Amazon S3, Google Cloud Storage, an
S3-compatible server such as MinIO, or a plain folder), and see exactly what will happen
before it happens. A sync record remembers both sides of every file at its last sync, so a
plan says which copy changed; nothing that changed on the target, or was never synced here,
is overwritten without --force; nothing is left half-written."""

TOP_EPILOG = """\
examples:
  bucketferry push photos --dry-run      what would be uploaded, grouped by state
  bucketferry push photos                upload what is new or changed here (refuses
                                         to overwrite other changes)
  bucketferry pull photos ~/restore      download photos/ into ~/restore/photos
  bucketferry ls                         list the bucket
  bucketferry history                    every recorded run, newest first, with its id
  bucketferry undo RUN_ID                put back what that run replaced, deleted or added
  bucketferry share photos --expires 7d  a link that lets anyone download photos/ for 7 days
  bucketferry request inbox              a link to a page where anyone can send you files
  bucketferry profiles add work --provider s3 --bucket my-bucket --key AKIA... --secret-stdin
  bucketferry push photos --profile work
  bucketferry presets                    ready-made endpoints: Backblaze B2, Cloudflare R2,
                                         Wasabi, DigitalOcean Spaces, Scaleway, MinIO...
  bucketferry ls --preset b2 --region eu-central-003 --key 0034... --bucket my-bucket

exit codes:
  0    done, or nothing to do (a --dry-run, whatever its plan says)
  1    failed (a connection problem, or some files; the others were transferred)
  2    usage error: bad option, invalid regex, missing path, incomplete connection
  3    refused: it would overwrite, without --force, a copy that changed on the
       target since the last sync or was never synced here, or it has file/folder
       name collisions, or rm, undo, backups prune or shares revoke was not
       confirmed; nothing was changed
  4    done, but some files or objects were refused and left alone for safety
       (unsafe names, links leading out of the folder, unreadable files; for undo,
       files that changed after the run; the output lists them with the reason);
       nothing else failed
  130  cancelled with Ctrl-C; no half-written files are left

environment:
  BUCKETFERRY_SECRET       the secret, when not saved in a profile nor given on stdin
  BUCKETFERRY_CONFIG_DIR   folder of the saved connections (shared with the window)
  BUCKETFERRY_DATA_DIR     folder of the local-folder buckets
  BUCKETFERRY_CACHE_DIR    folder of the hash cache (safe to delete)

log file: {log}
  (rotated at 2 MB, shared with the window; -v shows the log on standard error too)

Run 'bucketferry COMMAND --help' for the options of a command."""

PUSH_EPILOG = """\
PATH is a file, a folder or a glob ('*.csv'), relative to --local-prefix (default: the
current folder). It lands at the same relative place below the base path in the bucket:
'bucketferry push photos --local-prefix ~/work' uploads ~/work/photos/a.jpg as
photos/a.jpg, or as BASE/photos/a.jpg with --base-path BASE. Symbolic links that lead
outside --local-prefix (or nowhere), pipes, unreadable files and names that are not valid
UTF-8 are left alone and listed with the reason (exit code 4); --follow-links sends what
such links point to.

examples:
  bucketferry push photos --dry-run
  bucketferry push photos --exclude '.*\\.tmp$' --force
  bucketferry push data --include-glob '*.csv; raw/'   only CSV files and the raw folders
  BUCKETFERRY_SECRET=... bucketferry push results --local-prefix ~/work \\
      --provider s3 --bucket my-bucket --key AKIA... --region eu-west-1 --json"""

PULL_EPILOG = """\
REMOTE_PATH is a file or folder below the base path ('' for everything). Files land in
LOCAL_DIR at the same relative place: 'bucketferry pull photos ~/restore' writes
~/restore/photos/a.jpg. Each file is downloaded to a hidden temporary file beside its
target, checked, and only then renamed into place. Objects whose names cannot safely
become files here (absolute, with '..', control characters...) are left alone and listed
with the reason (exit code 4).

examples:
  bucketferry pull photos ~/restore --dry-run
  bucketferry pull '' ~/mirror --profile work --force"""

LS_EPILOG = """\
Names are shown relative to the base path, as pull and rm take them. Objects that pull and
rm leave alone (a symbolic link in a folder bucket, say) are marked "(refused: why)".
Control characters in names are shown escaped ('\\x1b'), here and in every other output
for people; --json gives the names exactly.

examples:
  bucketferry ls
  bucketferry ls photos --profile work --json"""

RM_EPILOG = """\
Deletes the file REMOTE_PATH, or everything below the folder REMOTE_PATH (relative to the
base path). Without --yes it lists what would be deleted and asks; when standard input is
not a terminal (a script), it refuses with exit code 3 and deletes nothing. Objects that
cannot be deleted safely (names with '.', '..' or empty folders, which a server would take
for another object's name) are listed with the reason and left alone (exit code 4).
Ctrl-C stops it between objects (exit code 130) and says how many were deleted.

examples:
  bucketferry rm photos/old
  bucketferry rm logs --include '.*\\.log$' --yes --profile work"""

PROFILES_EPILOG = """\
A profile is a named connection, shared with the window. Everything but the secret is
kept in profiles.json in Bucket Ferry's settings folder ('profiles list' shows where;
BUCKETFERRY_CONFIG_DIR moves it). The secret goes to the system password store (Secret
Service, KWallet, macOS Keychain, Windows Credential Manager), never to a file.

examples:
  bucketferry profiles list
  printf '%s\\n' "$SECRET" | bucketferry profiles add minio --provider s3 --bucket data \\
      --key minio --host localhost --port 9000 --no-tls --secret-stdin
  bucketferry push photos --profile minio
  bucketferry profiles remove minio"""

PROFILES_ADD_EPILOG = """\
--provider (or --preset) and --bucket are required for a new connection. The secret comes from
--secret-stdin or BUCKETFERRY_SECRET and is saved in the system password store; 'local'
needs none. Without a usable password store, adding a connection with a secret fails
(exit code 1) and nothing is saved: add it without a secret (no --secret-stdin, no
BUCKETFERRY_SECRET) and give the secret with each command instead.

A name that is already saved is refused (exit code 3) unless --update is given: then the
options given replace the saved values and the others are kept; the saved secret is
replaced only by --secret-stdin (not by BUCKETFERRY_SECRET). To drop a value (a region, a
host), remove the connection and add it again.

examples:
  bucketferry profiles add shared --provider local --key /srv/buckets --bucket shared
  bucketferry profiles add aws --provider s3 --bucket my-bucket --key AKIA... \\
      --region eu-west-1 --secret-stdin
  bucketferry profiles add aws --update --base-path projects/x
  bucketferry profiles add aws --update --secret-stdin        (a new secret, nothing else)
  bucketferry profiles add backup --preset b2 --region eu-central-003 --key 0034... \\
      --bucket my-backups --secret-stdin
  bucketferry profiles add r2 --preset r2 --account-id 0123456789abcdef0123456789abcdef \\
      --key KEY --bucket photos --secret-stdin

--preset (see 'bucketferry presets') fills in --provider, --host, --port and --region; a
--provider or --host that says otherwise is refused, --port and --no-tls still apply."""

PRESETS_EPILOG = """\
Each preset says where that service shows the access key and the secret. A profile saved
from a preset keeps only the fields it filled in (provider, host, port, region), so it
needs no preset to work.

examples:
  bucketferry presets
  bucketferry presets --json"""


def build_parser() -> argparse.ArgumentParser:
    """The whole command line. No parser takes abbreviated options (``allow_abbrev``): a
    mistyped option must be a usage error, not quietly another option. ``--secret s3cr3t``
    would run as ``--secret-stdin`` with the secret taken for REMOTE_PATH, and be used,
    shown and logged as a path."""
    parser = argparse.ArgumentParser(
        prog="bucketferry",
        description=TOP_DESCRIPTION,
        epilog=TOP_EPILOG.format(log=log_file_path()),
        formatter_class=_Formatter,
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"bucketferry {program_version()}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also write the log to standard error"
    )
    verbose, connection = _verbose_parent(), connection_parent()
    commands = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", required=True
    )

    def command(
        name: str,
        summary: str,
        epilog: str | None,
        parents: list[argparse.ArgumentParser],
        group: argparse._SubParsersAction[argparse.ArgumentParser] = commands,
    ) -> argparse.ArgumentParser:
        return group.add_parser(
            name,
            help=summary,
            description=summary[0].upper() + summary[1:] + ".",
            epilog=epilog,
            parents=[verbose, *parents],
            formatter_class=_Formatter,
            allow_abbrev=False,
        )

    push = command(
        "push", "upload files from a local folder to the bucket", PUSH_EPILOG, [connection]
    )
    push.add_argument(
        "path", metavar="PATH", help="file, folder or glob, relative to --local-prefix"
    )
    push.add_argument(
        "--local-prefix",
        metavar="DIR",
        help="the local folder PATH is relative to (default: the current folder)",
    )
    push.add_argument(
        "--follow-links",
        action="store_true",
        help="also send what symbolic links point to outside the local folder (by default "
        "such links are left alone and listed as refused)",
    )
    _transfer_options(push)

    pull = command(
        "pull", "download files from the bucket into a local folder", PULL_EPILOG, [connection]
    )
    pull.add_argument(
        "remote_path",
        metavar="REMOTE_PATH",
        help="file or folder below the base path ('' for everything)",
    )
    pull.add_argument("local_dir", metavar="LOCAL_DIR", help="local folder to download into")
    _transfer_options(pull)

    ls = command("ls", "list the files in the bucket", LS_EPILOG, [connection])
    ls.add_argument(
        "remote_path",
        metavar="REMOTE_PATH",
        nargs="?",
        default="",
        help="folder or file below the base path (default: everything)",
    )
    ls.add_argument("--json", action="store_true", help="print the objects as JSON")

    rm = command("rm", "delete files from the bucket", RM_EPILOG, [connection])
    rm.add_argument("remote_path", metavar="REMOTE_PATH", help="file or folder below the base path")
    add_filter_options(rm, "only delete paths", "keep paths")
    rm.add_argument("--yes", "-y", action="store_true", help="delete without asking")
    rm.add_argument(
        "--json",
        action="store_true",
        help="print the objects as JSON, each with its status: deleted, or refused (left "
        "alone) with the reason",
    )

    add_history_commands(command, connection, _workers)
    add_share_commands(command, connection)

    profiles = command(
        "profiles",
        "list, add and remove saved connections (shared with the window)",
        PROFILES_EPILOG,
        [],
    )
    actions = profiles.add_subparsers(
        title="actions", dest="action", metavar="ACTION", required=True
    )
    listing = command(
        "list", "show the saved connections and whether a secret is saved", None, [], actions
    )
    listing.add_argument("--json", action="store_true", help="print the connections as JSON")
    add = command(
        "add",
        "save a connection under a name, its secret in the password store",
        PROFILES_ADD_EPILOG,
        [],
        actions,
    )
    add.add_argument("name", metavar="NAME", help="the connection's name (unique, ignoring case)")
    add_connection_fields(add.add_argument_group("connection"))
    add.add_argument(
        "--update",
        action="store_true",
        help="change the saved connection NAME: options given replace its values, the "
        "others are kept (the secret too, unless --secret-stdin gives a new one)",
    )
    remove = command(
        "remove",
        "delete a saved connection and its secret in the password store",
        None,
        [],
        actions,
    )
    remove.add_argument("name", metavar="NAME", help="the connection's name")

    presets = command(
        "presets",
        "list the ready-made endpoints for --preset, and where each service shows its keys",
        PRESETS_EPILOG,
        [],
    )
    presets.add_argument("--json", action="store_true", help="print the presets as JSON")

    command(
        "gui", "open the window (also: 'bucketferry' without arguments, on a desktop)", None, []
    )
    return parser
