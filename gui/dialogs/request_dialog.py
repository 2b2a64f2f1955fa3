"""Request files…: a link to an upload page through which people without an account send
files into a folder of the bucket, and nowhere else.

The dialog says where the files will arrive, offers how long the link works and how large
each file may be, makes the link in a job, then shows it to copy, as a QR code, and inside
a message ready to paste into an e-mail. Files that arrive show in the bucket's tree on
View ▸ Refresh.
"""

from __future__ import annotations

import html
from datetime import timedelta

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout

from bucketferry.core.display import printable
from bucketferry.core.sharing.shares import MAX_REQUEST_FILE, Share

from ..translation import Context
from .share_dialog import LinkDialog, SnugLabel, place, until_words

MB, GB = 1000**2, 1000**3
SIZE_LIMITS = (100 * MB, 1 * GB, 2 * GB, MAX_REQUEST_FILE)
"""The largest file a sender may send, as offered; 5 GB is the most one browser upload
can carry."""
DEFAULT_SIZE_LIMIT = 2 * GB

request_dialog = Context("request_dialog")


def size_words(size: int) -> str:
    """'100 MB', '2 GB': the round sizes offered, as people say them."""
    return f"{size // GB} GB" if size % GB == 0 else f"{size // MB} MB"


def request_message(share: Share) -> str:
    """The message to send with a request's link: what to do, the link, the limit, until
    when."""
    return request_dialog.tr(
        "Please send me your files here:\n\n{url}\n\nChoose the files on that page and "
        "press Send. Each file can be up to {size}. The link works until {until}; no account "
        "is needed."
    ).format(
        url=share.url,
        size=size_words(share.max_size or MAX_REQUEST_FILE),
        until=until_words(share.expires),
    )


class RequestDialog(LinkDialog):
    """Asks for files into ``remote_path`` (a folder below the base path, ending in '/',
    or '' for the top) through ``links``: a link to an upload page, with the largest file
    a sender may send."""

    prefix = "request"

    def title_words(self, name: str) -> str:
        return self.tr("Request files into {name}").format(name=name)

    def what_words(self, where: str) -> str:
        incoming = place(self.links.storage, self.remote_path + "incoming")
        return self.tr(
            "A link to an upload page: whoever has it can send files into <b>{where}</b>, "
            "without an account, and can neither see nor change anything in the bucket. "
            "The files arrive below <b>{incoming}</b>, in a folder for this link."
        ).format(where=where, incoming=html.escape(incoming))

    def add_choices(self, row: QHBoxLayout) -> None:
        self.size_combo = QComboBox()
        self.size_combo.setObjectName("requestMaxSizeCombo")
        self.size_combo.setAccessibleName(self.tr("Largest file a sender may send"))
        for size in SIZE_LIMITS:
            self.size_combo.addItem(size_words(size), size)
        self.size_combo.setCurrentIndex(SIZE_LIMITS.index(DEFAULT_SIZE_LIMIT))
        size_label = QLabel(self.tr("Each file &up to:"))
        size_label.setBuddy(self.size_combo)
        row.addSpacing(12)
        row.addWidget(size_label)
        row.addWidget(self.size_combo)

    def add_below_panel(self, layout: QVBoxLayout) -> None:
        self.arrival_label = SnugLabel()
        self.arrival_label.setObjectName("requestArrivalLabel")
        self.arrival_label.hide()
        layout.addWidget(self.arrival_label)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self.size_combo.setEnabled(self.unavailable is None)

    def max_size(self) -> int:
        return SIZE_LIMITS[max(0, self.size_combo.currentIndex())]

    def start(self, lifetime: timedelta) -> bool:
        return self.links.request(self.remote_path, lifetime, self.max_size())

    def show_request(self, share: Share) -> None:
        """Shows a request made for this dialog."""
        incoming = printable(f"{self.links.storage.conf.bucket}/{share.incoming or ''}")
        self.arrival_label.setText(
            self.tr(
                "Files sent through this link arrive in <b>{incoming}</b> (a folder for each "
                "sending). View ▸ Refresh shows them in the bucket's tree."
            ).format(incoming=html.escape(incoming.rstrip("/")))
        )
        self.arrival_label.show()
        until = html.escape(until_words(share.expires))
        ready = self.tr("The link is ready. It works until <b>{until}</b>.").format(until=until)
        self.show_link(share, request_message(share), ready)

    show_made = show_request
