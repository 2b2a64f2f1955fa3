"""Sync ▸ Shares…: the share and request links recorded in the bucket (by any computer with
this connection), newest first; copy one's link again, or revoke it.

Revoking asks first and says what it can and cannot do: a signed link cannot be withdrawn
before it expires, so revoking deletes the pages (which stops a folder's or a request's
link) and the record; afterwards the engine's sentence says what stays reachable. Every
call runs as a job.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Slot
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core.display import printable
from bucketferry.core.sharing.shares import Revoked, Share
from bucketferry.core.units import human_size, local_time

from ..models.list_table import MISSING, ListTableModel
from ..translation import Context
from ..widgets.file_trees import time_width
from ..widgets.record_table import record_table
from .request_dialog import size_words
from .share_dialog import SnugLabel, fit_height, problem_html, status_label, until_words

if TYPE_CHECKING:  # the flow opens this dialog: imported for the types only
    from ..share_flow import LinkJobs

COL_KIND, COL_PATH, COL_CREATED, COL_EXPIRES, COL_FILES = range(5)
HEIGHT = 480

shares_dialog = Context("shares_dialog")


def shown_path(share: Share) -> str:
    return printable(share.path) if share.path else shares_dialog.tr("(the whole bucket)")


class SharesModel(ListTableModel):
    HEADERS = (
        str(QT_TRANSLATE_NOOP("SharesModel", "Kind")),
        str(QT_TRANSLATE_NOOP("SharesModel", "Path")),
        str(QT_TRANSLATE_NOOP("SharesModel", "Created")),
        str(QT_TRANSLATE_NOOP("SharesModel", "Expires")),
        str(QT_TRANSLATE_NOOP("SharesModel", "Files / size")),
    )

    def text(self, item: Any, column: int) -> str:
        share: Share = item
        if column == COL_KIND:
            if share.kind == "file":
                return self.tr("File link")
            if share.kind == "folder":
                return self.tr("Folder link")
            return self.tr("Request for files")
        if column == COL_PATH:
            return shown_path(share)
        if column == COL_CREATED:
            return local_time(share.created) or MISSING
        if column == COL_EXPIRES:
            return self.tr("expired") if share.expired else local_time(share.expires) or MISSING
        if share.kind == "request":
            return shares_dialog.tr("each file up to {size}").format(
                size=size_words(share.max_size or 0)
            )
        if share.kind == "file":
            return human_size(share.bytes)
        return shares_dialog.tr("%n file(s), {size}", "", share.files).format(
            size=human_size(share.bytes)
        )

    def tooltip(self, item: Any, column: int) -> str | None:
        share: Share = item
        if share.kind == "request" and share.incoming:
            return shares_dialog.tr("Files arrive in {folder}").format(
                folder=printable(share.incoming)
            )
        return None


def share_words(share: Share) -> str:
    """'the link to the file a.csv', 'the request for files into data' (HTML)."""
    path = html.escape(shown_path(share))
    if share.kind == "file":
        return shares_dialog.tr("the link to the file <b>{path}</b>").format(path=path)
    if share.kind == "folder":
        return shares_dialog.tr("the link to the folder <b>{path}</b>").format(path=path)
    return shares_dialog.tr("the request for files into <b>{path}</b>").format(path=path)


def revoke_question(share: Share) -> str:
    """What revoking ``share`` will do, and what it cannot."""
    path = html.escape(shown_path(share))
    until = html.escape(until_words(share.expires))
    if share.expired:
        return shares_dialog.tr(
            "The link to <b>{path}</b> expired on {until}: it no longer works. Revoking "
            "deletes its page and takes it off this list."
        ).format(path=path, until=until)
    if share.kind == "file":
        return shares_dialog.tr(
            "Revoking takes the link to the file <b>{path}</b> off this list. It does not "
            "stop the link: a signed link cannot be withdrawn, so whoever has it can still "
            "download the file until {until}, unless you delete or rename the file."
        ).format(path=path, until=until)
    if share.kind == "folder":
        return shares_dialog.tr(
            "Revoking deletes the page that lists the files of <b>{path}</b>, so the link "
            "you handed out no longer opens. Whoever already opened the page may have kept "
            "the links to single files: those work until {until}, unless you delete the "
            "files."
        ).format(path=path, until=until)
    return shares_dialog.tr(
        "Revoking deletes the upload page for <b>{path}</b>, so the link you handed out no "
        "longer opens. A page someone already has open can still send files until {until}. "
        "Files that arrived stay where they are."
    ).format(path=path, until=until)


class SharesDialog(QDialog):
    """Lists on opening; ``unavailable``: why this bucket makes no links (the engine's
    words), said above the (then likely empty) list."""

    def __init__(
        self, links: LinkJobs, unavailable: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sharesDialog")
        self.setWindowTitle(self.tr("Shares and requests"))
        self.links = links
        links.setParent(self)
        self._revoked = ""
        """What the last revoke did: said again with the fresh listing that follows it."""
        bucket = html.escape(printable(links.storage.conf.bucket))
        intro = SnugLabel(
            self.tr(
                "The links made for the bucket <b>{bucket}</b>, from any computer, newest "
                "first. Select one to copy its link again or to revoke it."
            ).format(bucket=bucket)
        )
        intro.setObjectName("sharesIntroLabel")
        self.note_label = status_label("sharesNoteLabel")
        self.note_label.setVisible(unavailable is not None)
        if unavailable is not None:
            self.note_label.setText(html.escape(unavailable))
        self.model = SharesModel(self)
        self.table = record_table(
            "sharesTable", self.tr("Shares and requests"), self.model, {}, COL_PATH
        )
        header, chars = self.table.horizontalHeader(), self.fontMetrics().averageCharWidth()
        for column, width in ((COL_KIND, chars * 20), (COL_FILES, chars * 26)):
            header.resizeSection(column, width)
        for column in (COL_CREATED, COL_EXPIRES):
            header.resizeSection(column, time_width(self))
        self.copy_button = QPushButton(self.tr("&Copy link"))
        self.copy_button.setObjectName("copySharesLinkButton")
        self.revoke_button = QPushButton(self.tr("&Revoke…"))
        self.revoke_button.setObjectName("revokeShareButton")
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setObjectName("refreshSharesButton")
        for button in (self.copy_button, self.revoke_button, self.refresh_button):
            button.setAutoDefault(False)
        self.status_label = status_label("sharesStatusLabel")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.revoke_button)
        row.addStretch()
        row.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.note_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        self.resize(980, HEIGHT)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self.copy_link)
        self.copy_button.clicked.connect(self.copy_link)
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.refresh_button.clicked.connect(self.refresh)
        links.listed.connect(self._listed)
        links.revoked.connect(self._revoked_one)
        links.failed.connect(self._failed)
        links.ended.connect(self._ended)
        self._list_again = False
        self._update_buttons()
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_height(self, HEIGHT)

    def selected(self) -> Share | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        share, idle = self.selected(), not self.links.working
        self.copy_button.setEnabled(share is not None and share.url is not None)
        self.revoke_button.setEnabled(idle and share is not None)
        self.refresh_button.setEnabled(idle)

    @Slot()
    def refresh(self) -> None:
        if self.links.list():
            self.status_label.setText(self.tr("Reading the list…"))
            self._update_buttons()

    @Slot(object)
    def _listed(self, shares: list[Share]) -> None:
        self.model.set_items(shares)
        said = (
            shares_dialog.tr("%n link(s).", "", len(shares))
            if shares
            else self.tr("No links have been made for this bucket.")
        )
        self.status_label.setText(f"{self._revoked} {html.escape(said)}".strip())
        self._revoked = ""
        self._update_buttons()

    @Slot()
    def copy_link(self) -> None:
        share = self.selected()
        if share is None or share.url is None:
            return
        QGuiApplication.clipboard().setText(share.url)
        self.status_label.setText(
            self.tr("Copied the link to <b>{path}</b>. It works until {until}.").format(
                path=html.escape(shown_path(share)), until=html.escape(until_words(share.expires))
            )
        )

    @Slot()
    def ask_revoke(self) -> None:
        share = self.selected()
        if share is None or self.links.working:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Revoke this link?"),
            revoke_question(share),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("revokeConfirmDialog")
        revoke = box.addButton(self.tr("Revoke"), QMessageBox.ButtonRole.DestructiveRole)
        revoke.setObjectName("confirmRevokeButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        revoke.clicked.connect(lambda: self._revoke(share))
        box.open()

    def _revoke(self, share: Share) -> None:
        if self.links.revoke(share.id):
            self.status_label.setText(self.tr("Revoking…"))
            self._update_buttons()

    @Slot(object)
    def _revoked_one(self, revoked: Revoked) -> None:
        self._revoked = self.tr("<b>Revoked:</b> {what}. {reachable}").format(
            what=share_words(revoked.share), reachable=html.escape(revoked.still_reachable)
        )
        self.status_label.setText(self._revoked)
        self._list_again = True

    @Slot(object)
    def _failed(self, error: Exception) -> None:
        self.status_label.setText(problem_html(error))

    @Slot()
    def _ended(self) -> None:
        self._update_buttons()
        if self._list_again:  # after a revoke, now that the flow is free for it
            self._list_again = False
            self.refresh()
