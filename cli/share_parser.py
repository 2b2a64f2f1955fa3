"""Options and ``--help`` of ``share``, ``request`` and ``shares list | revoke``: links that
let people without an account download files from the bucket or send files into it.

Apart from :mod:`.parser` so that neither grows past reading. The help says the two things
a person must know before handing out a link: it works for anyone who has it, and it
cannot be withdrawn before it expires (only deleting the files stops it sooner).
"""

from __future__ import annotations

import argparse
import re
import textwrap
from datetime import timedelta
from typing import TYPE_CHECKING

from bucketferry.core import ConfigurationError
from bucketferry.core.sharing.lifetimes import DEFAULT, describe, parse_lifetime
from bucketferry.core.sharing.shares import MAX_REQUEST_FILE
from bucketferry.core.units import human_size

if TYPE_CHECKING:
    from .parser import Command

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?|\.\d+)\s*([kmgt]?)(i?)(b?)\s*", re.IGNORECASE)
_POWERS = {"": 0, "k": 1, "m": 2, "g": 3, "t": 4}


def lifetime(text: str) -> timedelta:
    """``--expires``: the engine's own reading (30m, 12h, 3d, 1w; at most 7 days), so the
    command line and the window accept the same words. A bad one is a usage error before
    anything connects, in the engine's plain words."""
    try:
        return parse_lifetime(text)
    except ConfigurationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def byte_size(text: str) -> int:
    """``--max-size``: 2GB, 500MB, 1.5G, 100k or plain bytes. Units are decimal (1 KB =
    1000 bytes), as every size Bucket Ferry prints (``human_size``), so a limit typed as
    shown elsewhere means what it shows; KiB, MiB, GiB say 1024 in so many words. Refused
    outside 1 byte to 5 GB here, so a script learns it before anything connects."""
    found = _SIZE.fullmatch(text)
    if found is None or (found[3] and not found[2]):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a size: give a number, optionally followed by KB, MB or GB, "
            "e.g. 500MB, 2GB or 1.5G"
        )
    base = 1024 if found[3] else 1000
    size = int(float(found[1]) * base ** _POWERS[found[2].lower()])
    if not 1 <= size <= MAX_REQUEST_FILE:
        raise argparse.ArgumentTypeError(
            f"the size limit must lie between 1 byte and {human_size(MAX_REQUEST_FILE)} (the "
            f"most a browser can send to a bucket in one piece), not {human_size(size)}"
        )
    return size


_LINKS_NOTE = textwrap.fill(
    "A link works for anyone who has it, without an account, until it expires: after "
    f"{describe(DEFAULT)} unless --expires says otherwise, at most 7 days (the longest a "
    "storage service's signature is valid). It cannot be withdrawn before it expires, except "
    "by deleting the files it points to; 'bucketferry shares revoke ID' removes a folder's "
    "index page or a request's upload page, so that link no longer opens. Links need a cloud "
    "bucket (Amazon S3, Google Cloud Storage with an HMAC key, Azure, an S3-compatible "
    "server): a folder on this computer has no web address. Each link's pages and record are "
    "kept in the bucket, in .bucketferry-shares/, so 'bucketferry shares list' shows them on "
    "every computer.",
    90,
    break_on_hyphens=False,
)
"""Said in the help of ``share`` and ``request`` alike: what a person must know before
handing out a link. Wrapped here because the formatter keeps epilogs as written."""

SHARE_EPILOG = f"""\
REMOTE_PATH is a file or folder below the base path ('' for everything). For a file, the
link downloads it. For a folder, the link opens a web page that lists its files (as they
are now), each with its own download link; large folders get several pages.

The link alone goes to standard output, so 'bucketferry share report.pdf > link.txt' keeps
just the link; what it covers and until when go to standard error.

{_LINKS_NOTE}

examples:
  bucketferry share report.pdf
  bucketferry share photos/holiday --expires 7d --profile work
  bucketferry share photos --expires 12h --json"""

_MAX = human_size(MAX_REQUEST_FILE)

REQUEST_EPILOG = f"""\
Makes a link to a web page where anyone who has it can choose files and send them to you,
no account needed. They arrive in REMOTE_PATH/incoming/ID/ in the bucket (REMOTE_PATH
below the base path; '' for the base path itself), each sending in a folder of its own,
and never anywhere else. See what arrived with 'bucketferry ls REMOTE_PATH/incoming' and
download it with 'bucketferry pull', as any other files. Each file may be up to --max-size,
at most {_MAX} (the default: the most a browser can send to a bucket in one piece).
Request links need Amazon S3, an S3-compatible server or Google Cloud Storage (Azure
cannot limit an upload to one folder).

The link alone goes to standard output; where files arrive and until when go to standard
error.

{_LINKS_NOTE}

examples:
  bucketferry request inbox
  bucketferry request projects/x --expires 2d --max-size 500MB --profile work
  bucketferry ls inbox/incoming                  what has arrived so far"""

SHARES_EPILOG = """\
Every share and request link made for this bucket, from this computer or another one: its
pages and a small record are kept in the bucket, in .bucketferry-shares/. PATH is the file
or folder's full name in the bucket (with the base path). --json also gives each link that
has not expired (a new one, valid for the time left).

'shares revoke ID' deletes a link's pages and record. The link to a folder's index page or
to a request's upload page then no longer opens. A link to a single file keeps working
until it expires, as do the links to single files that someone already copied from an
index page (a signed link cannot be withdrawn; only deleting the files stops them sooner).
Without --yes it shows the link and asks; when standard input is not a terminal (a script),
it refuses with exit code 3 and deletes nothing.

examples:
  bucketferry shares list
  bucketferry shares list --json --profile work
  bucketferry shares revoke 20261130-69d4b287"""


def add_share_commands(command: Command, connection: argparse.ArgumentParser) -> None:
    """``share``, ``request`` and ``shares list | revoke``, each with the connection
    options, since the links and their records live in the bucket."""
    expires_help = (
        f"how long the link works: 30m, 12h, 3d, 1w (default: {describe(DEFAULT)}; at most 7 days)"
    )
    share = command(
        "share",
        "make a link that lets anyone download a file or folder, no account needed",
        SHARE_EPILOG,
        [connection],
    )
    share.add_argument(
        "remote_path",
        metavar="REMOTE_PATH",
        help="file or folder below the base path ('' for everything)",
    )
    share.add_argument(
        "--expires", metavar="TIME", type=lifetime, default=DEFAULT, help=expires_help
    )
    share.add_argument("--json", action="store_true", help="print the link and its details as JSON")

    request = command(
        "request",
        "make a link to a page where anyone can send you files, no account needed",
        REQUEST_EPILOG,
        [connection],
    )
    request.add_argument(
        "remote_path",
        metavar="REMOTE_PATH",
        help="folder below the base path whose incoming/ folder receives the files ('' for "
        "the base path itself)",
    )
    request.add_argument(
        "--expires", metavar="TIME", type=lifetime, default=DEFAULT, help=expires_help
    )
    request.add_argument(
        "--max-size",
        metavar="SIZE",
        type=byte_size,
        help="the largest file that may be sent: 500MB, 2GB, 1.5G, 100k or bytes (default: "
        f"{human_size(MAX_REQUEST_FILE)}, the most possible)",
    )
    request.add_argument(
        "--json", action="store_true", help="print the link and its details as JSON"
    )

    shares = command(
        "shares",
        "list or revoke the share and request links made for the bucket",
        SHARES_EPILOG,
        [],
    )
    actions = shares.add_subparsers(title="actions", dest="action", metavar="ACTION", required=True)
    listing = command(
        "list",
        "show the links, newest first, with their expiry",
        None,
        [connection],
        actions,
    )
    listing.add_argument(
        "--json", action="store_true", help="print the links and their details as JSON"
    )
    revoke = command(
        "revoke",
        "delete a link's pages and record (a signed link works until it expires)",
        None,
        [connection],
        actions,
    )
    revoke.add_argument(
        "share_id", metavar="ID", help="the link's id from 'bucketferry shares list'"
    )
    revoke.add_argument("--yes", "-y", action="store_true", help="revoke without asking")
    revoke.add_argument(
        "--json",
        action="store_true",
        help="print what was revoked, how many objects were deleted and what stays reachable",
    )
