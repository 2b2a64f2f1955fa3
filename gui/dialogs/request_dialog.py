"""Request files…: a link to an upload page through which people without an account send
files into a folder of the bucket, and nowhere else.

The dialog says where the files will arrive, offers how long the link works and how large
each file may be, makes the link in a job, then shows it to copy, as a QR code, and inside
a message ready to paste into an e-mail. Files that arrive show in the bucket's tree on
View ▸ Refresh.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core.display import printable
from bucketferry.core.paths import join_remote
from bucketferry.core.sharing.shares import MAX_REQUEST_FILE, Share

from ..translation import Context
from .share_dialog import (
    LinkPanel,
    SnugLabel,
    chosen_lifetime,
    expiry_combo,
    fit_height,
    lifetime_note,
    place,
    problem_html,
    short_name,
    status_label,
    until_words,
)

if TYPE_CHECKING:  # the flow opens this dialog: imported for the types only
    from ..share_flow import LinkJobs

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


class RequestDialog(QDialog):
    """Asks for files into ``remote_path`` (a folder below the base path, ending in '/',
    or '' for the top) through ``links``. ``unavailable``: why this bucket makes no upload
    links (the engine's words), said instead of offering to make one."""

    def __init__(
        self,
        links: LinkJobs,
        remote_path: str,
        unavailable: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("requestDialog")
        self.links = links
        links.setParent(self)
        self.remote_path = remote_path
        self.share: Share | None = None
        """The last request made here."""
        storage = links.storage
        name = short_name(join_remote(storage.remote_base_path, remote_path), storage.conf.bucket)
        self.setWindowTitle(self.tr("Request files into {name}").format(name=name))
        where = html.escape(place(storage, remote_path))
        self.what_label = SnugLabel(
            self.tr(
                "A link to an upload page: whoever has it can send files into <b>{where}</b>, "
                "without an account, and can neither see nor change anything in the bucket. "
                "The files arrive below <b>{incoming}</b>, in a folder for this link."
            ).format(where=where, incoming=html.escape(place(storage, remote_path + "incoming")))
        )
        self.what_label.setObjectName("requestWhatLabel")
        self.expiry_combo = expiry_combo("requestExpiryCombo")
        self.size_combo = QComboBox()
        self.size_combo.setObjectName("requestMaxSizeCombo")
        self.size_combo.setAccessibleName(self.tr("Largest file a sender may send"))
        for size in SIZE_LIMITS:
            self.size_combo.addItem(size_words(size), size)
        self.size_combo.setCurrentIndex(SIZE_LIMITS.index(DEFAULT_SIZE_LIMIT))
        self.create_button = QPushButton(self.tr("C&reate link"))
        self.create_button.setObjectName("createRequestButton")
        self.create_button.setDefault(True)
        expiry_label = QLabel(self.tr("Link &works for:"))
        expiry_label.setBuddy(self.expiry_combo)
        size_label = QLabel(self.tr("Each file &up to:"))
        size_label.setBuddy(self.size_combo)
        note = SnugLabel(lifetime_note())
        note.setObjectName("requestLifetimeNote")
        self.status_label = status_label("requestStatusLabel")
        self.arrival_label = SnugLabel()
        self.arrival_label.setObjectName("requestArrivalLabel")
        self.arrival_label.hide()
        self.panel = LinkPanel("request")
        self.panel.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(expiry_label)
        row.addWidget(self.expiry_combo)
        row.addSpacing(12)
        row.addWidget(size_label)
        row.addWidget(self.size_combo)
        row.addWidget(self.create_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.what_label)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addSpacing(8)
        layout.addWidget(self.status_label)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.arrival_label)
        layout.addWidget(buttons)
        chars = self.fontMetrics().averageCharWidth()
        self.what_label.setMinimumWidth(chars * 90)
        self.resize(chars * 125, 0)  # room for the message beside the code; height: fit
        self.create_button.clicked.connect(self.make_link)
        links.created.connect(self._created)
        links.failed.connect(self._failed)
        links.ended.connect(self._update_buttons)
        self.unavailable = unavailable
        if unavailable is not None:
            self.status_label.setText(html.escape(unavailable))
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def _update_buttons(self) -> None:
        self.create_button.setEnabled(self.unavailable is None and not self.links.working)
        self.expiry_combo.setEnabled(self.unavailable is None)
        self.size_combo.setEnabled(self.unavailable is None)

    def max_size(self) -> int:
        return SIZE_LIMITS[max(0, self.size_combo.currentIndex())]

    @Slot()
    def make_link(self) -> None:
        if self.unavailable is not None:
            return
        lifetime = chosen_lifetime(self.expiry_combo)
        if self.links.request(self.remote_path, lifetime, self.max_size()):
            self.status_label.setText(self.tr("Making the link…"))
            self._update_buttons()

    @Slot(object)
    def _created(self, share: Share) -> None:
        self.show_request(share)

    def show_request(self, share: Share) -> None:
        """Shows a request made for this dialog."""
        self.share = share
        self.panel.show_link(share.url or "", request_message(share))
        first = self.panel.isHidden()
        self.panel.show()
        until = html.escape(until_words(share.expires))
        self.status_label.setText(
            self.tr("The link is ready. It works until <b>{until}</b>.").format(until=until)
        )
        incoming = printable(f"{self.links.storage.conf.bucket}/{share.incoming or ''}")
        self.arrival_label.setText(
            self.tr(
                "Files sent through this link arrive in <b>{incoming}</b> (a folder for each "
                "sending). View ▸ Refresh shows them in the bucket's tree."
            ).format(incoming=html.escape(incoming.rstrip("/")))
        )
        self.arrival_label.show()
        self.create_button.setText(self.tr("C&reate a new link"))
        if first:
            fit_height(self)

    @Slot(object)
    def _failed(self, error: Exception) -> None:
        self.status_label.setText(problem_html(error))
