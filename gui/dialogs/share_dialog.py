"""Share…: a link that downloads one file of the bucket, or a page listing a folder's files
each with its own link, for people without an account.

The dialog says what is shared, offers how long the link works (in plain words, at most 7
days, and why), makes the link in a job, then shows it to copy, as a QR code for a phone,
and inside a message ready to paste into an e-mail. What the request dialog does the same
way (the dialog's layout and behaviour: LinkDialog; the link, the code, the message:
LinkPanel) is here too.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core import RemoteStorage
from bucketferry.core.display import printable
from bucketferry.core.paths import join_remote
from bucketferry.core.sharing import lifetimes
from bucketferry.core.sharing.shares import Share
from bucketferry.core.units import human_size, local_time

from ..messages import error_words
from ..translation import Context
from ..widgets.qr_code import QrCode
from ..widgets.wrapped_label import WrappedLabel

if TYPE_CHECKING:  # the flow opens this dialog: imported for the types only
    from ..share_flow import LinkJobs

COPIED_FOR_MS = 2000
"""How long a copy button says "Copied"."""

share_dialog = Context("share_dialog")


# --- words ---------------------------------------------------------------------------------


def lifetime_words(lifetime: timedelta) -> str:
    """'1 hour', '3 days': the largest whole unit."""
    seconds = int(lifetime.total_seconds())
    if seconds and seconds % 86400 == 0:
        return share_dialog.tr("%n day(s)", "", seconds // 86400)
    if seconds and seconds % 3600 == 0:
        return share_dialog.tr("%n hour(s)", "", seconds // 3600)
    return share_dialog.tr("%n minute(s)", "", max(1, seconds // 60))


def until_words(moment: datetime) -> str:
    """When a link stops working, in this computer's time and time zone (the message goes
    to someone who may live in another)."""
    shown = local_time(moment) or ""
    zone = moment.astimezone().strftime("%Z")
    return f"{shown} {zone}".strip()


def place(storage: RemoteStorage, remote_path: str) -> str:
    """'bucket/base/path' for a path below the base path (a folder without its '/')."""
    full = join_remote(storage.remote_base_path, remote_path).rstrip("/")
    return printable(f"{storage.conf.bucket}/{full}".rstrip("/"))


def short_name(path: str, bucket: str) -> str:
    """A path's last part, or the bucket's name for the top."""
    return printable(path.rstrip("/").rpartition("/")[2] or bucket)


def lifetime_note() -> str:
    return share_dialog.tr(
        "A link works for at most 7 days: no storage service signs one for longer. It "
        "cannot be withdrawn before it expires, except by deleting the files it points to."
    )


def problem_html(error: BaseException) -> str:
    title, message = error_words(error)
    return f"<b>{html.escape(title)}</b>: {html.escape(message)}"


def expiry_combo(name: str) -> QComboBox:
    """How long the link works, in plain words; the engine's default chosen."""
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setAccessibleName(share_dialog.tr("How long the link works"))
    for _, lifetime in lifetimes.CHOICES:
        combo.addItem(lifetime_words(lifetime), lifetime)
    combo.setCurrentIndex([c[1] for c in lifetimes.CHOICES].index(lifetimes.DEFAULT))
    return combo


def chosen_lifetime(combo: QComboBox) -> timedelta:
    return lifetimes.CHOICES[max(0, combo.currentIndex())][1]


# --- the link, its code, the message -------------------------------------------------------


class LinkPanel(QWidget):
    """A made link: a read-only field and Copy, its QR code, and a message to paste into
    an e-mail with Copy. Object names start with ``prefix`` ('share': ``shareLinkEdit``,
    ``copyShareLinkButton``, ``shareQrCode``, ``shareMessageEdit``,
    ``copyShareMessageButton``)."""

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = prefix[:1].upper() + prefix[1:]
        self.setObjectName(f"{prefix}LinkPanel")
        self.link_edit = QLineEdit()
        self.link_edit.setObjectName(f"{prefix}LinkEdit")
        self.link_edit.setReadOnly(True)
        self.link_edit.setAccessibleName(self.tr("Link"))
        self.copy_link_button = QPushButton(self.tr("&Copy link"))
        self.copy_link_button.setObjectName(f"copy{title}LinkButton")
        self.copy_link_button.setAutoDefault(False)
        self.qr_code = QrCode()
        self.qr_code.setObjectName(f"{prefix}QrCode")
        self.qr_code.setAccessibleName(self.tr("QR code of the link"))
        self.qr_code.setToolTip(self.tr("A phone's camera opens the link from this code"))
        self.message_edit = QPlainTextEdit()
        self.message_edit.setObjectName(f"{prefix}MessageEdit")
        self.message_edit.setReadOnly(True)
        self.message_edit.setAccessibleName(self.tr("Message to send"))
        self.message_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.message_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 15)
        self.copy_message_button = QPushButton(self.tr("Copy &message"))
        self.copy_message_button.setObjectName(f"copy{title}MessageButton")
        self.copy_message_button.setAutoDefault(False)
        link_label = QLabel(self.tr("&Link:"))
        link_label.setBuddy(self.link_edit)
        message_label = QLabel(self.tr("M&essage to paste into an e-mail:"))
        message_label.setBuddy(self.message_edit)
        scan = QLabel(self.tr("Scan with a phone"))
        scan.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        link_row = QHBoxLayout()
        link_row.addWidget(self.link_edit, 1)
        link_row.addWidget(self.copy_link_button)
        message_row = QHBoxLayout()
        message_row.addStretch()
        message_row.addWidget(self.copy_message_button)
        words = QVBoxLayout()
        words.setContentsMargins(0, 0, 0, 0)
        words.addWidget(link_label)
        words.addLayout(link_row)
        words.addSpacing(6)
        words.addWidget(message_label)
        words.addWidget(self.message_edit, 1)
        words.addLayout(message_row)
        code = QVBoxLayout()
        code.setContentsMargins(0, 0, 0, 0)
        code.addWidget(self.qr_code, 0, Qt.AlignmentFlag.AlignHCenter)
        code.addWidget(scan)
        code.addStretch()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.addLayout(words, 0, 0)
        grid.addLayout(code, 0, 1)
        grid.setColumnStretch(0, 1)
        self.copy_link_button.clicked.connect(self.copy_link)
        self.copy_message_button.clicked.connect(self.copy_message)

    def show_link(self, url: str, message: str) -> None:
        self.link_edit.setText(url)
        self.link_edit.setCursorPosition(0)
        self.qr_code.set_text(url)
        self.message_edit.setPlainText(message)

    @Slot()
    def copy_link(self) -> None:
        self._copy(self.link_edit.text(), self.copy_link_button)

    @Slot()
    def copy_message(self) -> None:
        self._copy(self.message_edit.toPlainText(), self.copy_message_button)

    def _copy(self, text: str, button: QPushButton) -> None:
        QGuiApplication.clipboard().setText(text)
        said = button.text()
        button.setText(self.tr("Copied"))
        # The button as context: no call after the dialog is gone.
        QTimer.singleShot(COPIED_FOR_MS, button, lambda: button.setText(said))


class SnugLabel(WrappedLabel):
    """A wrapped label whose preferred height is what its text needs at its width, once
    shown (a word-wrapped QLabel guesses a narrow width, and layouts leave gaps for it)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.minimumHeight() > 0:
            hint.setHeight(self.minimumHeight())
        return hint


def fit_height(dialog: QDialog, at_least: int = 0) -> None:
    """Soon (once the layout has placed the wrapped labels at their width): as high as
    the dialog's content needs (or ``at_least``), no higher. A word-wrapped label's size
    hint guesses a narrow width, and tall gaps would follow from it."""

    def fit() -> None:
        dialog.resize(dialog.width(), max(at_least, dialog.minimumSizeHint().height()))

    QTimer.singleShot(0, dialog, fit)


def status_label(name: str) -> SnugLabel:
    label = SnugLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


# --- the dialogs ---------------------------------------------------------------------------


class LinkDialog(QDialog):
    """What the share and request dialogs have in common: what the link gives, how long it
    works and Create, a note on lifetimes, the status, the made link (a LinkPanel) and
    Close; the link made in a job through ``links`` for ``remote_path`` (below the base
    path). ``unavailable``: why this bucket makes no such links (the engine's words), said
    instead of offering to make one.

    A subclass sets ``prefix`` (object names: ``{prefix}Dialog``, ``{prefix}WhatLabel``,
    ``{prefix}ExpiryCombo``, ``create{Prefix}Button``, ``{prefix}LifetimeNote``,
    ``{prefix}StatusLabel`` and the panel's) and gives its words and its engine call:
    ``title_words``, ``what_words``, ``start``, ``show_made``; ``add_choices`` and
    ``add_below_panel`` add widgets to the row and under the panel."""

    prefix = ""

    def __init__(
        self,
        links: LinkJobs,
        remote_path: str,
        unavailable: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        prefix = self.prefix
        self.setObjectName(f"{prefix}Dialog")
        self.links = links
        links.setParent(self)
        self.remote_path = remote_path
        self.share: Share | None = None
        """The last link made here."""
        storage = links.storage
        name = short_name(join_remote(storage.remote_base_path, remote_path), storage.conf.bucket)
        self.setWindowTitle(self.title_words(name))
        self.what_label = SnugLabel(self.what_words(html.escape(place(storage, remote_path))))
        self.what_label.setObjectName(f"{prefix}WhatLabel")
        self.expiry_combo = expiry_combo(f"{prefix}ExpiryCombo")
        self.create_button = QPushButton(self.tr("C&reate link"))
        self.create_button.setObjectName(f"create{prefix[:1].upper()}{prefix[1:]}Button")
        self.create_button.setDefault(True)
        expiry_label = QLabel(self.tr("Link &works for:"))
        expiry_label.setBuddy(self.expiry_combo)
        note = SnugLabel(lifetime_note())
        note.setObjectName(f"{prefix}LifetimeNote")
        self.status_label = status_label(f"{prefix}StatusLabel")
        self.panel = LinkPanel(prefix)
        self.panel.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(expiry_label)
        row.addWidget(self.expiry_combo)
        self.add_choices(row)
        row.addWidget(self.create_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.what_label)
        layout.addLayout(row)
        layout.addWidget(note)
        layout.addSpacing(8)
        layout.addWidget(self.status_label)
        layout.addWidget(self.panel, 1)
        self.add_below_panel(layout)
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

    # What a subclass says and does:

    def title_words(self, name: str) -> str:
        """The window's title, for the place's short ``name``."""
        raise NotImplementedError

    def what_words(self, where: str) -> str:
        """What the link gives, as rich text, for ``where`` (the place, escaped)."""
        raise NotImplementedError

    def add_choices(self, row: QHBoxLayout) -> None:
        """More choices in the row, after how long the link works, before Create."""

    def add_below_panel(self, layout: QVBoxLayout) -> None:
        """More widgets under the made link, above Close."""

    def start(self, lifetime: timedelta) -> bool:
        """Asks ``links`` for the link: whether a job started."""
        raise NotImplementedError

    def show_made(self, share: Share) -> None:
        """Shows a link made for this dialog, with ``show_link``."""
        raise NotImplementedError

    # The rest is the same for both:

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self)

    def _update_buttons(self) -> None:
        self.create_button.setEnabled(self.unavailable is None and not self.links.working)
        self.expiry_combo.setEnabled(self.unavailable is None)

    @Slot()
    def make_link(self) -> None:
        if self.unavailable is not None:
            return
        if self.start(chosen_lifetime(self.expiry_combo)):
            self.status_label.setText(self.tr("Making the link…"))
            self._update_buttons()

    @Slot(object)
    def _created(self, share: Share) -> None:
        self.show_made(share)

    def show_link(self, share: Share, message: str, ready: str) -> None:
        """Shows ``share``'s link and ``message`` in the panel, and ``ready`` (rich text) as
        the status."""
        self.share = share
        self.panel.show_link(share.url or "", message)
        first = self.panel.isHidden()
        self.panel.show()
        self.status_label.setText(ready)
        self.create_button.setText(self.tr("C&reate a new link"))
        if first:
            fit_height(self)

    @Slot(object)
    def _failed(self, error: Exception) -> None:
        self.status_label.setText(problem_html(error))


def share_message(share: Share, bucket: str) -> str:
    """The message to send with a share's link: what it is, the link, until when."""
    name = short_name(share.path, bucket)
    until = until_words(share.expires)
    if share.kind == "file":
        return share_dialog.tr(
            "Here is the file “{name}” ({size}) for you to download:\n\n{url}\n\n"
            "The link works until {until}. No account is needed."
        ).format(name=name, size=human_size(share.bytes), url=share.url, until=until)
    return share_dialog.tr(
        "Here are the files of the folder “{name}” (%n file(s), {size}) for you to "
        "download:\n\n{url}\n\nThe page lists each file with its own download link. The "
        "links work until {until}. No account is needed.",
        "",
        share.files,
    ).format(name=name, size=human_size(share.bytes), url=share.url, until=until)


class ShareDialog(LinkDialog):
    """Shares ``remote_path`` (below the base path; a folder ends in '/', '' is the top)
    through ``links``: a link that downloads the file, or a page of the folder's files."""

    prefix = "share"

    def title_words(self, name: str) -> str:
        return self.tr("Share {name}").format(name=name)

    def what_words(self, where: str) -> str:
        if not self.remote_path or self.remote_path.endswith("/"):  # a folder
            return self.tr(
                "A link to a page that lists the files in <b>{where}</b>, each with its own "
                "download link. Whoever has the link can download them, without an account."
            ).format(where=where)
        return self.tr(
            "A link that downloads the file <b>{where}</b>. Whoever has the link can "
            "download it, without an account."
        ).format(where=where)

    def start(self, lifetime: timedelta) -> bool:
        return self.links.share(self.remote_path, lifetime)

    def show_share(self, share: Share) -> None:
        """Shows a link made for this dialog."""
        bucket = self.links.storage.conf.bucket
        what = (
            f"{short_name(share.path, bucket)}, {human_size(share.bytes)}"
            if share.kind == "file"
            else share_dialog.tr("%n file(s), {size}", "", share.files).format(
                size=human_size(share.bytes)
            )
        )
        ready = self.tr("The link is ready ({what}). It works until <b>{until}</b>.").format(
            what=html.escape(what), until=html.escape(until_words(share.expires))
        )
        self.show_link(share, share_message(share, bucket), ready)

    show_made = show_share
