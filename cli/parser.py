"""The command line's options and ``--help`` texts.

Help is written for someone who has never used Bucket Ferry: every command says what it
does and where files end up, and shows commands that work as written.
"""

from __future__ import annotations

import argparse
import textwrap
from importlib.metadata import PackageNotFoundError, version

from bucketferry.core import ConfigurationError, Provider, RemoteStorageConfig
from bucketferry.core.config import DEFAULT_WORKERS, EMBEDDED_BUCKET
from bucketferry.core.locations import data_dir
from bucketferry.core.logfile import log_file_path
from bucketferry.core.remote_storage import MAX_WORKERS
from bucketferry.core.reserved import DEFAULT_BACKUP_PREFIX, clean_prefix

from .history_parser import add_history_commands

HELP_WIDTH = 96

CONNECTION_FIELDS = (
    "provider",
    "bucket",
    "key",
    "region",
    "host",
    "port",
    "base_path",
    "backup_prefix",
)
"""Connection options that map one to one onto a profile's fields (``--no-tls`` sets
``secure=False``, ``--no-bucket-backups`` ``backup_prefix=None``)."""


def program_version() -> str:
    try:
        return version("bucketferry")
    except PackageNotFoundError:
        return "unknown"


def _whole_number(text: str, low: int, high: int | None, what: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if number < low or (high is not None and number > high):
        limit = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise argparse.ArgumentTypeError(f"{what} must be {limit}, not {number}")
    return number


def _port(text: str) -> int:
    return _whole_number(text, 1, 65535, "the port")


def _workers(text: str) -> int:
    """Refused above the engine's maximum rather than quietly lowered: ``--workers 1000``
    ran out of open files before there was a maximum, and a script that asks for more
    should learn that it does not get it."""
    return _whole_number(text, 1, MAX_WORKERS, "the number of workers")


def _backup_folder(text: str) -> str:
    """A folder at the bucket's root for backups, checked as the engine checks it, so a
    bad one is a usage error before anything connects. Empty is refused rather than read
    as "off": turning backups off is --no-bucket-backups, said in so many words."""
    try:
        cleaned = clean_prefix(text)
    except ConfigurationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
    if cleaned is None:
        raise argparse.ArgumentTypeError(
            "give a folder name, e.g. .bucketferry-backups; to keep no copies in the "
            "bucket, use --no-bucket-backups"
        )
    return cleaned


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not 1 <= seconds <= 3600:  # (also refuses nan and inf)
        raise argparse.ArgumentTypeError(f"the timeout must be from 1 to 3600 seconds, not {text}")
    return seconds


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and examples; wraps option help at HELP_WIDTH."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=28, width=HELP_WIDTH)


def add_connection_fields(group: argparse._ArgumentGroup) -> None:
    """Where the bucket is and how to reach it: for every command that reaches a bucket,
    and for ``profiles add``.

    Every default is None, so "not given" can be told from "given": that matters when the
    options adjust a profile.
    """
    group.add_argument(
        "--provider",
        choices=[p.value for p in Provider],
        help="s3 (Amazon S3, or S3-compatible such as MinIO), google_storage, "
        "or local (a folder used as a bucket)",
    )
    group.add_argument(
        "--bucket", metavar="B", help="bucket name (for 'local': a folder inside --key)"
    )
    group.add_argument(
        "--key",
        metavar="K",
        help="access key ID (S3), HMAC key or service-account e-mail (Google); "
        "for 'local': the folder that holds the buckets",
    )
    group.add_argument("--region", metavar="R", help="region, e.g. eu-west-1 (S3)")
    group.add_argument(
        "--host",
        metavar="H",
        help="S3-compatible server, e.g. minio.example.org (default: Amazon's)",
    )
    group.add_argument(
        "--port", metavar="N", type=_port, help="server port (default: 443, or 80 with --no-tls)"
    )
    group.add_argument(
        "--no-tls",
        action="store_true",
        default=None,
        help="plain HTTP instead of HTTPS (for servers on your own machine or network)",
    )
    group.add_argument(
        "--base-path",
        metavar="P",
        help="folder in the bucket to work below; remote paths are relative to it",
    )
    backups = group.add_mutually_exclusive_group()
    backups.add_argument(
        "--backup-prefix",
        metavar="FOLDER",
        type=_backup_folder,
        help="folder at the bucket's root where a run first copies each object it replaces "
        f"or deletes, so 'bucketferry undo' can put it back (default: {DEFAULT_BACKUP_PREFIX}; "
        "a bucket that keeps old versions needs no copies)",
    )
    backups.add_argument(
        "--no-bucket-backups",
        action="store_true",
        default=None,
        help="copy nothing in the bucket before replacing or deleting objects: unless the "
        "bucket keeps old versions, what a run replaces or deletes there cannot be undone",
    )
    group.add_argument(
        "--secret-stdin",
        action="store_true",
        help="read the secret (secret access key, HMAC secret, or path of the service "
        "account's JSON key file) from the first line of standard input; on a terminal it "
        "is asked for without echo",
    )


def _connection_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    about = (
        "Without --profile or --provider, commands work on the local-folder bucket "
        f"'{EMBEDDED_BUCKET}' in {data_dir()} (no account, no server). The secret "
        "comes from --secret-stdin, else the profile's saved secret, else the "
        "BUCKETFERRY_SECRET environment variable; never from an argument, which would "
        "show in the process list."
    )
    # The formatter keeps descriptions as written (for the examples), so wrap this one.
    group = parent.add_argument_group("connection", textwrap.fill(about, HELP_WIDTH - 4))
    group.add_argument(
        "--profile",
        metavar="NAME",
        help="a saved connection (see 'bucketferry profiles list'). Connection options "
        "given as well replace the profile's values for this run; with --key, the "
        "profile's saved secret is not used",
    )
    add_connection_fields(group)
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        help="how long to wait for an answer from the server before a request is sent "
        f"again (default: {_default_timeout():g}); after a few such tries the command stops",
    )
    return parent


def _default_timeout() -> float:
    """The engine's own default, so the help never disagrees with what a run does."""
    return RemoteStorageConfig(Provider.LOCAL.value, "", "", "").timeout


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
    sub.add_argument(
        "--include",
        metavar="RE",
        help="only paths that this regular expression matches from their start, "
        "e.g. 'photos/' or '.*\\.jpg$' (paths as below the base path)",
    )
    sub.add_argument(
        "--exclude",
        metavar="RE",
        help="leave out paths that this regular expression matches from their start, "
        "e.g. '.*\\.tmp$' (wins over --include)",
    )
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
  bucketferry profiles add work --provider s3 --bucket my-bucket --key AKIA... --secret-stdin
  bucketferry push photos --profile work

exit codes:
  0    done, or nothing to do (a --dry-run, whatever its plan says)
  1    failed (a connection problem, or some files; the others were transferred)
  2    usage error: bad option, invalid regex, missing path, incomplete connection
  3    refused: it would overwrite, without --force, a copy that changed on the
       target since the last sync or was never synced here, or it has file/folder
       name collisions, or rm, undo or backups prune was not confirmed; nothing
       was changed
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
--provider and --bucket are required for a new connection. The secret comes from
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
  bucketferry profiles add aws --update --secret-stdin        (a new secret, nothing else)"""


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
    verbose, connection = _verbose_parent(), _connection_parent()
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
    rm.add_argument(
        "--include",
        metavar="RE",
        help="only delete paths that this regular expression matches from their start",
    )
    rm.add_argument(
        "--exclude",
        metavar="RE",
        help="keep paths that this regular expression matches from their start",
    )
    rm.add_argument("--yes", "-y", action="store_true", help="delete without asking")
    rm.add_argument(
        "--json",
        action="store_true",
        help="print the objects as JSON, each with its status: deleted, or refused (left "
        "alone) with the reason",
    )

    add_history_commands(command, connection, _workers)

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

    command(
        "gui", "open the window (also: 'bucketferry' without arguments, on a desktop)", None, []
    )
    return parser
