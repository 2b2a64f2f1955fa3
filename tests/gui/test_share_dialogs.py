"""Share…, Request files… and Shares… driven as a user would: real dialogs (offscreen), a
real moto server over HTTP, and the links opened with urllib, without credentials."""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
import segno
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from bucketferry.core import RemoteStorage, RemoteStorageConfig
from bucketferry.core.sharing.shares import Share
from bucketferry.core.stores.links import AZURE_CANNOT_REQUEST, NEEDS_CLOUD
from bucketferry.gui import MainWindow
from bucketferry.gui.dialogs.request_dialog import RequestDialog
from bucketferry.gui.dialogs.share_dialog import ShareDialog
from bucketferry.gui.dialogs.shares_dialog import COL_KIND, SharesDialog
from bucketferry.gui.jobs import application_jobs
from bucketferry.gui.models.remote_tree_model import FullNameRole
from bucketferry.gui.models.tree_colours import COL_NAME
from bucketferry.gui.share_flow import LinkJobs
from tests.gui.window_driver import visible_error, wait_idle, when_shown
from tests.helpers import s3_client

CSV = b"id,answer\n1,yes\n2,no\n"
PNG = bytes(range(256)) * 40


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def s3_window(window: MainWindow, s3_profile) -> Iterator[tuple[MainWindow, Any]]:
    """The window on a moto bucket holding data/a.csv, data/pics/b.png and notes.txt."""
    _, conf = s3_profile
    client = s3_client(conf.host, conf.port, conf.key, conf.secret)
    for key, body in (
        ("data/a.csv", CSV),
        ("data/pics/b.png", PNG),
        ("notes.txt", b"call Ana"),
    ):
        client.put_object(Bucket=conf.bucket, Key=key, Body=body)
    window.menu_actions.refresh.trigger()
    yield window, conf


def open_dialog(name: str) -> QWidget:
    """The open dialog of that name (closed ones of earlier tests may linger)."""
    return next(
        w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()
    )


def tree_row(qtbot, window: MainWindow, full_name: str) -> QModelIndex:
    """The bucket tree's row of ``full_name``, opening the folders on the way."""
    model, tree = window.trees.remote_model, window.trees.remote_tree
    parts = full_name.rstrip("/").split("/")
    path = ["/".join(parts[:depth]) + "/" for depth in range(1, len(parts))] + [full_name]

    def rows(parent: QModelIndex) -> dict[str, QModelIndex]:
        found = (model.index(r, COL_NAME, parent) for r in range(model.rowCount(parent)))
        return {index.data(FullNameRole): index for index in found}

    parent = QModelIndex()
    for depth, name in enumerate(path):
        if depth:
            tree.expand(parent)
        qtbot.waitUntil(lambda p=parent, n=name: n in rows(p), timeout=10_000)
        parent = rows(parent)[name]
    return parent


def make_current(qtbot, window: MainWindow, full_name: str) -> None:
    index = tree_row(qtbot, window, full_name)
    window.trees.remote_tree.setCurrentIndex(index)


def wait_for_link(qtbot, dialog: ShareDialog | RequestDialog) -> str:
    qtbot.waitUntil(lambda: dialog.share is not None and not dialog.links.working, timeout=20_000)
    return dialog.panel.link_edit.text()


def fetch(url: str) -> tuple[bytes, Any]:
    """GET without credentials, as someone who only has the link would."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read(), answer.headers


def texts_of(root: QWidget) -> list[str]:
    """Every text a widget of ``root`` shows."""
    found = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        found += [widget.toolTip(), widget.accessibleName(), widget.windowTitle()]
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            found.append(widget.text())
        if isinstance(widget, QPlainTextEdit):
            found.append(widget.toPlainText())
        if isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    found.append(str(model.index(row, column).data()))
    return [text for text in found if text]


def dark_modules_drawn(qr: QWidget) -> list[list[bool]]:
    """Reads the QR code back from the pixels the widget drew: the centre of each module."""
    image = qr.grab().toImage()
    ratio = image.devicePixelRatio()
    size = len(qr.modules)
    read = []
    for row in range(size):
        line = []
        for column in range(size):
            centre = qr.module_rect(row, column).center()
            colour = image.pixelColor(int(centre.x() * ratio), int(centre.y() * ratio))
            line.append(colour.lightness() < 128)
        read.append(line)
    return read


def segno_modules(text: str) -> list[list[bool]]:
    return [[bool(m) for m in row] for row in segno.make(text, error="m").matrix]


# --- sharing ---------------------------------------------------------------------------------


def test_a_shared_file_downloads_its_exact_bytes_without_credentials(qtbot, s3_window):
    window, conf = s3_window
    make_current(qtbot, window, "data/a.csv")
    assert window.menu_actions.share in window.trees.remote_tree.actions()  # context menu
    window.menu_actions.share.trigger()
    dialog = open_dialog("shareDialog")
    assert isinstance(dialog, ShareDialog)
    assert "data/a.csv" in dialog.what_label.text()
    combo = dialog.findChild(QComboBox, "shareExpiryCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "1 hour",
        "1 day",
        "3 days",
        "7 days",
    ]
    assert combo.currentText() == "3 days"
    assert "7 days" in dialog.findChild(QLabel, "shareLifetimeNote").text()
    dialog.findChild(QAbstractButton, "createShareButton").click()
    url = wait_for_link(qtbot, dialog)
    link_edit = dialog.findChild(QLineEdit, "shareLinkEdit")
    assert link_edit.text() == url and link_edit.isReadOnly()
    body, headers = fetch(url)
    assert body == CSV
    assert "a.csv" in headers["Content-Disposition"]
    # about three days from now, said in this computer's time
    assert dialog.share is not None
    left = dialog.share.expires - datetime.now(UTC)
    assert timedelta(days=3) - timedelta(minutes=1) < left <= timedelta(days=3)
    message = dialog.findChild(QPlainTextEdit, "shareMessageEdit").toPlainText()
    assert url in message and "a.csv" in message and "until" in message
    assert dialog.share.expires.astimezone().strftime("%Y-%m-%d %H:%M") in message
    # the QR code: the link's symbol, drawn as segno makes it
    qr = dialog.findChild(QWidget, "shareQrCode")
    assert qr.modules == segno_modules(url)
    assert qr.width() >= (len(qr.modules) + 8) * 2
    assert dark_modules_drawn(qr) == segno_modules(url)
    # copy
    copy = dialog.findChild(QAbstractButton, "copyShareLinkButton")
    copy.click()
    assert QGuiApplication.clipboard().text() == url
    assert copy.text() == "Copied"
    dialog.findChild(QAbstractButton, "copyShareMessageButton").click()
    assert QGuiApplication.clipboard().text() == message
    # nothing on screen (or in the link) gives the secret away
    assert not any(conf.secret in text for text in texts_of(dialog))
    assert conf.secret not in url
    dialog.grab().save("/tmp/share-dialog.png")
    assert visible_error(window) is None
    dialog.close()


def test_a_shared_folder_opens_a_page_of_its_files(qtbot, s3_window):
    window, _ = s3_window
    make_current(qtbot, window, "data/")
    window.menu_actions.share.trigger()
    dialog = open_dialog("shareDialog")
    assert "lists the files" in dialog.what_label.text()
    dialog.findChild(QComboBox, "shareExpiryCombo").setCurrentIndex(0)  # 1 hour
    dialog.findChild(QAbstractButton, "createShareButton").click()
    url = wait_for_link(qtbot, dialog)
    page, headers = fetch(url)
    assert headers["Content-Type"].startswith("text/html")
    text = page.decode()
    assert text.startswith("<!DOCTYPE html>") and "a.csv" in text and "pics/b.png" in text
    links = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', text)]
    assert len(links) == 2
    assert {fetch(link)[0] for link in links} == {CSV, PNG}
    assert "2 files" in dialog.status_label.text()
    message = dialog.panel.message_edit.toPlainText()
    assert "2 files" in message and url in message
    dialog.close()


def test_sync_share_without_a_current_row_shares_the_top_of_the_base_path(qtbot, s3_window):
    window, _ = s3_window
    tree_row(qtbot, window, "notes.txt")
    window.trees.remote_tree.setCurrentIndex(QModelIndex())
    window.menu_actions.share.trigger()
    dialog = open_dialog("shareDialog")
    assert dialog.remote_path == ""
    dialog.make_link()
    page = fetch(wait_for_link(qtbot, dialog))[0].decode()
    assert "notes.txt" in page and "data/a.csv" in page
    dialog.close()


def test_an_engine_refusal_is_said_in_the_dialog(qtbot, s3_window):
    window, _ = s3_window
    dialog = window.share_flow.share("nothing/here/")
    assert dialog is not None
    dialog.make_link()
    qtbot.waitUntil(lambda: not dialog.links.working, timeout=20_000)
    qtbot.waitUntil(lambda: "Nothing to share" in dialog.status_label.text(), timeout=5_000)
    assert dialog.panel.isHidden()
    assert visible_error(window) is None
    dialog.close()


# --- requests --------------------------------------------------------------------------------


def test_a_request_link_opens_an_upload_page_and_files_arrive_in_the_tree(qtbot, s3_window):
    window, conf = s3_window
    make_current(qtbot, window, "data/a.csv")  # a file: the request goes to its folder
    assert window.menu_actions.request_files in window.trees.remote_tree.actions()
    window.menu_actions.request_files.trigger()
    dialog = open_dialog("requestDialog")
    assert isinstance(dialog, RequestDialog)
    assert dialog.remote_path == "data/"
    assert "data/incoming" in dialog.what_label.text()
    expiry = dialog.findChild(QComboBox, "requestExpiryCombo")
    sizes = dialog.findChild(QComboBox, "requestMaxSizeCombo")
    assert expiry.currentText() == "3 days"
    assert [sizes.itemText(i) for i in range(sizes.count())] == ["100 MB", "1 GB", "2 GB", "5 GB"]
    assert sizes.currentText() == "2 GB"
    sizes.setCurrentIndex(0)
    dialog.findChild(QAbstractButton, "createRequestButton").click()
    url = wait_for_link(qtbot, dialog)
    assert dialog.findChild(QLineEdit, "requestLinkEdit").text() == url
    page = fetch(url)[0].decode()
    assert "<title>Send files to data</title>" in page and 'type="file"' in page
    message = dialog.findChild(QPlainTextEdit, "requestMessageEdit").toPlainText()
    assert message.startswith("Please send me your files here:")
    assert url in message and "100 MB" in message and "until" in message
    share = dialog.share
    assert share is not None and share.max_size == 100 * 1000**2
    assert share.incoming is not None and share.incoming.startswith("data/incoming/")
    assert share.incoming.rstrip("/") in dialog.arrival_label.text()
    assert dialog.findChild(QWidget, "requestQrCode").modules == segno_modules(url)
    dialog.findChild(QAbstractButton, "copyRequestLinkButton").click()
    assert QGuiApplication.clipboard().text() == url
    assert not any(conf.secret in text for text in texts_of(dialog))
    dialog.grab().save("/tmp/request-dialog.png")
    dialog.close()
    # Someone sends a file the way the page does: the signed form, straight to the bucket.
    form = json.loads(
        re.search(r'<script type="application/json" id="upload-form">(.*?)</script>', page).group(1)
    )
    fields = {**form["fields"], "key": form["prefix"] + "2026-11-30_120000-ab12/answers.txt"}
    fields["Content-Type"] = "text/plain"
    sent = requests.post(form["url"], data=fields, files={"file": ("answers.txt", b"42")})
    assert sent.status_code == 201
    # View ▸ Refresh: the folder shows in the bucket's tree.
    window.menu_actions.refresh.trigger()
    wait_idle(qtbot, window)
    tree_row(qtbot, window, "data/incoming/")


# --- the list --------------------------------------------------------------------------------


def test_the_shares_dialog_lists_copies_and_revokes(qtbot, s3_window):
    window, conf = s3_window
    storage = RemoteStorage(conf)
    shared = storage.share("data/a.csv", expires=timedelta(days=1))
    requested = storage.request_files("data/", expires=timedelta(hours=1))
    window.menu_actions.shares.trigger()
    dialog = open_dialog("sharesDialog")
    assert isinstance(dialog, SharesDialog)
    table = dialog.findChild(QTableView, "sharesTable")
    qtbot.waitUntil(lambda: table.model().rowCount() == 2, timeout=20_000)
    qtbot.waitUntil(lambda: not dialog.links.working, timeout=20_000)
    model = table.model()
    rows = {
        model.index(r, COL_KIND).data(): [model.index(r, c).data() for c in range(5)]
        for r in range(2)
    }
    assert rows["File link"][1] == "data/a.csv" and rows["File link"][4] == f"{len(CSV)} B"
    assert rows["Request for files"][1] == "data"
    assert rows["Request for files"][4] == "each file up to 5 GB"
    file_row = next(r for r in range(2) if model.index(r, COL_KIND).data() == "File link")
    # copy a row's link: a fresh signature for the time left, which downloads the file
    table.selectRow(file_row)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("http") and fetch(copied)[0] == CSV
    assert fetch(shared.url or "")[0] == CSV
    # revoke the request: asked first, with what will happen; then said honestly
    table.selectRow(1 - file_row)
    questions: list[str] = []

    def confirm(box: QWidget) -> None:
        questions.append(box.text())
        box.findChild(QAbstractButton, "confirmRevokeButton").click()

    when_shown("revokeConfirmDialog", confirm)
    dialog.findChild(QAbstractButton, "revokeShareButton").click()
    qtbot.waitUntil(lambda: bool(questions), timeout=5_000)
    assert "upload page" in questions[0] and "no longer opens" in questions[0]
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=20_000)
    qtbot.waitUntil(lambda: not dialog.links.working, timeout=20_000)
    said = dialog.status_label.text()
    assert "Revoked" in said and html.escape("The upload page is gone") in said
    assert model.index(0, COL_KIND).data() == "File link"
    with pytest.raises(urllib.error.HTTPError):
        fetch(requested.url or "")
    assert not any(conf.secret in text for text in texts_of(dialog))
    dialog.grab().save("/tmp/shares-dialog.png")
    dialog.close()


# --- buckets that make no links --------------------------------------------------------------


def test_a_local_folder_bucket_explains_that_links_need_a_cloud_bucket(qtbot, window: MainWindow):
    assert window.connection_bar.connection_combo.currentText() == "Local folder"
    for action, name, button in (
        (window.menu_actions.share, "shareDialog", "createShareButton"),
        (window.menu_actions.request_files, "requestDialog", "createRequestButton"),
    ):
        action.trigger()
        dialog = open_dialog(name)
        assert NEEDS_CLOUD in html.unescape(dialog.status_label.text())
        assert not dialog.findChild(QAbstractButton, button).isEnabled()
        dialog.make_link()  # does nothing
        assert not dialog.links.working and dialog.panel.isHidden()
        dialog.close()
    window.menu_actions.shares.trigger()
    dialog = open_dialog("sharesDialog")
    assert NEEDS_CLOUD in html.unescape(dialog.note_label.text())
    qtbot.waitUntil(lambda: not dialog.links.working, timeout=10_000)
    assert dialog.model.rowCount() == 0
    assert "No links" in dialog.status_label.text()
    dialog.close()
    assert visible_error(window) is None


def test_azure_shares_but_says_why_it_cannot_request(qtbot, qapp, tmp_path):
    storage = RemoteStorage(
        RemoteStorageConfig(
            provider="azure_blobs", key="account", secret="c2VjcmV0", bucket="box", base_path=""
        )
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    request = RequestDialog(
        LinkJobs(storage, application_jobs()), "data/", AZURE_CANNOT_REQUEST, parent
    )
    assert AZURE_CANNOT_REQUEST in html.unescape(request.status_label.text())
    assert not request.create_button.isEnabled()
    from bucketferry.gui.share_flow import REQUEST, SHARE, links_problem

    assert links_problem(storage, REQUEST) == AZURE_CANNOT_REQUEST
    assert links_problem(storage, SHARE) is None


def test_a_made_up_share_reads_in_plain_words(qtbot, qapp, local_conf):
    """What the dialogs say for each kind, without a server: the words only."""
    storage = RemoteStorage(local_conf())
    now = datetime.now(UTC)
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ShareDialog(LinkJobs(storage, application_jobs()), "reports/", None, parent)
    folder = Share(
        "20261130-ab12cd34", "folder", "reports", now, now + timedelta(days=7), files=3,
        bytes=1_500_000, url="https://example.com/index.html?X-Amz-Signature=0",
    )  # fmt: skip
    dialog.show_share(folder)
    message = dialog.panel.message_edit.toPlainText()
    assert "“reports” (3 files, 1.5 MB)" in message
    assert dialog.panel.qr_code.modules == segno_modules(folder.url or "")


def test_the_window_says_the_engines_reasons_word_for_word():
    """The reasons are marked for translation as the engine words them: in English the
    window shows exactly the engine's text."""
    from bucketferry.gui.share_flow import ENGINE_REASONS

    assert ENGINE_REASONS == (NEEDS_CLOUD, AZURE_CANNOT_REQUEST)
