"""``bucketferry share``, ``request`` and ``shares list | revoke``: links that let people
without an account download from the bucket or send files into it, on the engine's
:meth:`RemoteStorage.share` and friends.

The link alone goes to standard output, so ``bucketferry share x > link.txt`` or
``$(bucketferry share x)`` keeps just the link; the words around it (what it covers, until
when, what revoking can and cannot do) go to standard error, which a person at the
terminal sees all the same. A link is a signature: it cannot be withdrawn before it
expires, and every command here says so where it matters, before the link is handed out
and before a revoke is confirmed.
"""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Sequence
from datetime import datetime
from typing import TextIO

from bucketferry.core import ConfigurationError, Provider, RemoteStorage
from bucketferry.core.display import printable
from bucketferry.core.paths import base_length
from bucketferry.core.sharing.lifetimes import describe
from bucketferry.core.sharing.shares import Revoked, Share
from bucketferry.core.stores.links import NEEDS_CLOUD
from bucketferry.core.units import files_count, human_size, local_time

from .exit_codes import EXIT_OK, EXIT_REFUSED
from .interaction import confirmed
from .output import StatusLine, WaitNotice, print_json, print_table


def run_shares(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    stdin: TextIO,
    line: StatusLine | None,
) -> int:
    """Run ``share``, ``request`` or ``shares list | revoke``; errors a user can cause
    are raised as BucketFerryError, for :mod:`.main` to print in words."""
    if args.command == "share":
        return _share(args, storage, out, err, line)
    if args.command == "request":
        return _request(args, storage, out, err, line)
    if args.action == "list":
        return _list(args, storage, out, err, line)
    return _revoke(args, storage, out, err, stdin, line)


def _until(moment: datetime) -> str:
    """'2026-12-03 18:16:32 CET': local time, with its zone, since the link is often
    handed to someone elsewhere."""
    zone = moment.astimezone().tzname()
    shown = local_time(moment) or moment.isoformat()
    return f"{shown} {zone}" if zone else shown


def _what(share: Share, bucket: str) -> str:
    """'the file 'a/b.pdf'', 'the folder 'photos'', 'the whole bucket 'b'': full names in
    the bucket, as ``shares list`` shows them."""
    if not share.path:
        return f"everything in bucket '{printable(bucket)}'"
    noun = "file" if share.kind == "file" else "folder"
    return f"the {noun} '{printable(share.path)}'"


def _contents(share: Share) -> str:
    """'1 file, 5 B', '2500 files, 3.4 GB, 3 pages', 'files up to 2.0 GB each'."""
    if share.kind == "request":
        return f"files up to {human_size(share.max_size or 0)} each"
    pages = f", {files_count(share.pages, 'page')}" if share.pages > 1 else ""
    return f"{files_count(share.files)}, {human_size(share.bytes)}{pages}"


def _connection_words(args: argparse.Namespace) -> str:
    """What to add to a suggested command so it reaches the same bucket."""
    if args.profile:
        return f" --profile {shlex.quote(args.profile)}"
    return ""


def _print_link(share: Share, out: TextIO) -> None:
    """The link alone, on standard output (see the module's docstring)."""
    out.write(f"{share.url}\n")
    out.flush()  # the link before the words after it, where both reach one terminal


def _relative(storage: RemoteStorage, full: str) -> str:
    """A full name in the bucket as the commands take it: below the base path."""
    base = storage.remote_base_path.strip("/")
    if base and full.startswith(base + "/"):
        return full[base_length(base) :]
    return full


def _share(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    line: StatusLine | None,
) -> int:
    with WaitNotice(err, line):
        share = storage.share(args.remote_path, expires=args.expires)
    if args.json:
        print_json(share.to_json(), out)
        return EXIT_OK
    what = _what(share, storage.conf.bucket)
    if share.kind == "folder":
        pages = "an index page" if share.pages == 1 else f"{share.pages} index pages"
        err.write(
            f"Shared {what}: {files_count(share.files)}, {human_size(share.bytes)}, "
            f"listed on {pages}.\n"
        )
    else:
        err.write(f"Shared {what} ({human_size(share.bytes)}).\n")
    _print_link(share, out)
    err.write(
        f"Anyone with this link can download {'it' if share.kind == 'file' else 'them'}, "
        f"without an account, until {_until(share.expires)} ({describe(args.expires)}).\n"
    )
    revoke = f"`bucketferry shares revoke {share.id}{_connection_words(args)}`"
    if share.kind == "file":
        err.write(
            "It cannot be withdrawn before then, except by deleting the file; "
            f"{revoke} only takes it off the list of links.\n"
        )
    else:
        err.write(
            "It cannot be withdrawn before then, except by deleting the files; "
            f"{revoke} removes the index page, so the link no longer opens.\n"
        )
    return EXIT_OK


def _request(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    line: StatusLine | None,
) -> int:
    with WaitNotice(err, line):
        share = storage.request_files(
            args.remote_path, expires=args.expires, max_size=args.max_size
        )
    if args.json:
        print_json(share.to_json(), out)
        return EXIT_OK
    incoming = share.incoming or ""
    err.write(
        f"Anyone with this link can send you {_contents(share)}, without an account, until "
        f"{_until(share.expires)} ({describe(args.expires)}).\n"
    )
    _print_link(share, out)
    where = shlex.quote(_relative(storage, incoming).rstrip("/"))
    also = _connection_words(args)
    err.write(
        f"Files arrive in '{printable(incoming)}' in bucket '{printable(storage.conf.bucket)}'. "
        f"`bucketferry ls {printable(where)}{also}` shows what has arrived; pull it as usual: "
        f"`bucketferry pull {printable(where)} DIR{also}`.\n"
    )
    err.write(
        "The link cannot be withdrawn before it expires; "
        f"`bucketferry shares revoke {share.id}{also}` removes the upload page, so the link "
        "no longer opens.\n"
    )
    return EXIT_OK


def _expiry(share: Share) -> str:
    return "expired" if share.expired else local_time(share.expires) or "-"


def _print_shares(shares: Sequence[Share], out: TextIO) -> None:
    """One line per link, newest first: id, kind, path, made, expiry, contents."""
    rows = [
        [
            share.id,
            share.kind,
            share.path or "/",
            local_time(share.created) or "-",
            _expiry(share),
            _contents(share),
        ]
        for share in shares
    ]
    print_table(["ID", "KIND", "PATH", "CREATED", "EXPIRES", "FILES / SIZE"], rows, out)


def _list(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    line: StatusLine | None,
) -> int:
    with WaitNotice(err, line):
        shares = storage.shares()
    if args.json:
        print_json([share.to_json() for share in shares], out)
        return EXIT_OK
    if not shares:
        out.write(f"No share or request links in bucket '{printable(storage.conf.bucket)}'.\n")
        if storage.conf.provider == Provider.LOCAL.value:
            err.write(f"Note: {NEEDS_CLOUD}\n")
        return EXIT_OK
    _print_shares(shares, out)
    if out.isatty():
        expired = sum(share.expired for share in shares)
        also = f" ({expired} expired)" if expired else ""
        out.write(f"{files_count(len(shares), 'link')}{also}; --json also gives the links.\n")
    return EXIT_OK


def _before_revoking(share: Share) -> str:
    """What revoking will and will not stop, said before the question: for a single file
    it stops nothing, which a person may not expect."""
    if share.expired:
        return "It has expired already; revoking deletes its record.\n"
    if share.kind == "file":
        return (
            "The link itself keeps working until it expires (a signed link cannot be "
            "withdrawn); revoking only takes it off the list. Deleting the file stops it.\n"
        )
    if share.kind == "folder":
        return (
            "Its index page is deleted, so the link no longer opens; links to single files "
            "that someone already took from the page keep working until they expire.\n"
        )
    return (
        "Its upload page is deleted, so the link no longer opens; a page already open in "
        "someone's browser can still send files until the link expires.\n"
    )


def _find(storage: RemoteStorage, share_id: str, err: TextIO, line: StatusLine | None) -> Share:
    """The share to revoke, to show it before asking. An unknown id is a usage error
    (exit 2), as an unknown run is for ``undo``."""
    with WaitNotice(err, line):
        shares = storage.shares()
    for share in shares:
        if share.id == share_id:
            return share
    raise ConfigurationError(
        f"There is no share '{share_id}' in bucket '{storage.conf.bucket}' "
        "(`bucketferry shares list` shows them).",
        title="Unknown share",
    )


def _revoked_data(revoked: Revoked) -> dict[str, object]:
    """What ``shares revoke --json`` prints."""
    return {
        "share": revoked.share.to_json(),
        "deleted": revoked.deleted,
        "still_reachable": revoked.still_reachable,
    }


def _revoke(
    args: argparse.Namespace,
    storage: RemoteStorage,
    out: TextIO,
    err: TextIO,
    stdin: TextIO,
    line: StatusLine | None,
) -> int:
    """Shows the link and what revoking stops, asks (unless --yes), revokes."""
    share = _find(storage, args.share_id, err, line)
    if not args.yes:
        err.write(
            f"Would revoke the {share.kind} link {printable(share.id)} to "
            f"{_what(share, storage.conf.bucket)} ({_contents(share)}), made "
            f"{local_time(share.created) or '-'}, {_expiry_words(share)}.\n"
        )
        err.write(_before_revoking(share))
        if not confirmed(
            stdin,
            err,
            question="Revoke this link?",
            nothing_done="nothing was revoked",
            verb="revoke",
        ):
            return EXIT_REFUSED
    with WaitNotice(err, line):
        revoked = storage.revoke_share(share.id)
    if args.json:
        print_json(_revoked_data(revoked), out)
        return EXIT_OK
    what = "its record" if revoked.share.kind == "file" else "its pages and record"
    out.write(
        f"Revoked the {revoked.share.kind} link {printable(revoked.share.id)}: deleted "
        f"{files_count(revoked.deleted, 'object')} ({what} in the bucket).\n"
    )
    out.write(f"{printable(revoked.still_reachable)}\n")
    return EXIT_OK


def _expiry_words(share: Share) -> str:
    """'expired', or 'expires 2026-12-03 18:16:32 CET'."""
    return "expired" if share.expired else f"expires {_until(share.expires)}"
