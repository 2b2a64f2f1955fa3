"""The words of Help ▸ Getting started: eight short steps from choosing a connection to
undoing a run, for people who have never used a sync tool.

The states' words are the engine's (:class:`~bucketferry.core.states.PlanState`: ``label``
and ``meaning``) and their colours and shapes the window's (:mod:`..sync_states`), so the
guide cannot tell a different story from the table. Where copies are kept is read from
:mod:`bucketferry.core.locations` and :mod:`bucketferry.core.reserved`, not written down
twice.
"""

from __future__ import annotations

import html
import os

from PySide6.QtGui import QPalette

from bucketferry.core.locations import backup_dir
from bucketferry.core.reserved import DEFAULT_BACKUP_PREFIX
from bucketferry.core.states import PLAN_STATES, PlanState

from ..sync_states import state_color, state_label, state_meaning
from ..translation import Context

guide_text = Context("guide_text")

GUIDE_STATES = (*PLAN_STATES, PlanState.SYNCED, PlanState.FAILED)
"""The states the guide explains: a preview's, then a run's."""


def state_image(state: PlanState) -> str:
    """The name under which the dialog adds the state's icon to the document."""
    return f"state-{state.value}.png"


def _home_short(path: str) -> str:
    home = os.path.expanduser("~").rstrip(os.sep)
    if home and (path == home or path.startswith(home + os.sep)):
        return "~" + path[len(home) :]
    return path


def _sentence(words: str) -> str:
    return words[:1].upper() + words[1:] + "."


def states_table(palette: QPalette) -> str:
    """One row per state: its icon, its word in its colour, what it means."""
    rows = []
    for state in GUIDE_STATES:
        colour = state_color(state, palette).name()
        rows.append(
            f'<tr><td><img src="{state_image(state)}" width="16" height="16"></td>'
            f'<td style="color:{colour}"><b>{html.escape(state_label(state))}</b></td>'
            f"<td>{html.escape(_sentence(state_meaning(state)))}</td></tr>"
        )
    return '<table cellspacing="0" cellpadding="3">' + "".join(rows) + "</table>"


def guide_html(palette: QPalette) -> str:
    """The whole guide as rich text for a QTextBrowser (colours for ``palette``)."""
    # Local backups: one folder per connection, in this one.
    backups = html.escape(_home_short(str(backup_dir("any connection").parent)))
    in_bucket = html.escape(DEFAULT_BACKUP_PREFIX)
    steps = [
        (
            guide_text.tr("Pick a connection"),
            guide_text.tr(
                "<i>Connection</i> at the top says which bucket to use. <i>Local folder</i> "
                "needs no account: it is a folder on this computer that acts as a bucket, so "
                "you can try everything safely. <i>Manage…</i> adds your own (Amazon S3, "
                "Google Cloud Storage, Azure, MinIO…); <i>Test connection</i> checks it."
            ),
        ),
        (
            guide_text.tr("Choose the two places"),
            guide_text.tr(
                "<i>Local</i> is the folder on this computer. The <i>bucket</i> is the "
                "storage the connection points to; <i>Remote</i> picks a folder inside it "
                "(empty: all of it), and the same folder is used on both sides: Local "
                "<code>~/work</code> with Remote <code>photos</code> compares "
                "<code>~/work/photos</code> with <code>photos</code> in the bucket."
            ),
        ),
        (
            guide_text.tr("Preview first"),
            guide_text.tr(
                "<i>Preview push ▲</i> (F5) shows what sending your files to the bucket would "
                "do; <i>Preview pull ▼</i> (Shift+F5) what fetching them from the bucket would "
                "do. A preview changes nothing."
            ),
        ),
        (
            guide_text.tr("Read the states"),
            guide_text.tr(
                "Every file gets a state, shown by a colour, a shape and a word (the colours "
                "alone are never the only sign):{states}"
            ).format(states=states_table(palette)),
        ),
        (
            guide_text.tr("Tick what should be copied"),
            guide_text.tr(
                "Only ticked rows are copied; untick a row to leave that file alone. The "
                "buttons above the table (New, Differs…) show only the rows in one state, and "
                "the filter field finds files by name."
            ),
        ),
        (
            guide_text.tr("Look before you replace"),
            guide_text.tr(
                "Select a row and press <i>Show differences</i> (or double-click it) to see "
                "both copies side by side: text line by line, pictures next to each other."
            ),
        ),
        (
            guide_text.tr("Push or pull"),
            guide_text.tr(
                "The <i>Push…</i> or <i>Pull…</i> button (Ctrl+Enter) opens a last check: "
                "what goes where, how much, and which files would be replaced. A copy that "
                "was changed on the other side is replaced only if you tick <i>Overwrite</i> "
                "there."
            ),
        ),
        (
            guide_text.tr("Changed your mind? Undo"),
            guide_text.tr(
                "<i>View ▸ History</i> lists every run; <i>Undo this run…</i> puts back what "
                "it changed. Copies a push replaced are kept in the bucket, under "
                "<code>{in_bucket}/</code> (or as the bucket's own older versions); files a "
                "pull replaced on this computer go to the trash, or where there is none to "
                "<code>{backups}</code>. <i>View ▸ History ▸ Backups</i> removes old copies "
                "once you no longer need them."
            ).format(in_bucket=in_bucket, backups=backups),
        ),
    ]
    items = "".join(f"<li><p><b>{title}.</b> {text}</p></li>" for title, text in steps)
    intro = guide_text.tr(
        "<p>Bucket Ferry copies files between a folder on this computer and a "
        "<b>bucket</b>: storage on a server, such as Amazon S3, or a folder used as "
        "one. It always shows you what it will do before it does anything.</p>"
    )
    return f"{intro}<ol>{items}</ol>"
