"""Share…, Request files… and Shares…: links that hand data to people without an account.

:class:`ShareFlow` belongs to the window: it offers the three commands (the Sync menu, and
the first two in the bucket's tree's context menu), picks what they are about (the tree's
current row, or the top of the base path) and opens the dialog. Each dialog asks the
engine through its own :class:`LinkJobs`, whose calls go over the network and so run as
jobs of the application's runner, one at a time, like the undo flow's. A bucket that
cannot make links (a folder on this computer; an upload link on Azure) is said at once, in
the engine's words, before anything is tried.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance, Slot
from PySide6.QtWidgets import QWidget

from bucketferry.core import BucketFerryError, RemoteStorage
from bucketferry.core.sharing.shares import Revoked, Share

from .dialogs.request_dialog import RequestDialog
from .dialogs.share_dialog import ShareDialog
from .dialogs.shares_dialog import SharesDialog
from .jobs import Job, JobRunner, application_jobs
from .messages import show_failure
from .translation import QT_TRANSLATE_NOOP, Context
from .widgets.connection_bar import ConnectionBar
from .widgets.file_trees import FileTrees
from .window_actions import WindowActions

SHARE, REQUEST, LIST = "share", "request", "list"
"""What a dialog is for, as :func:`links_problem` asks."""

share_flow = Context("share_flow")

ENGINE_REASONS = (
    QT_TRANSLATE_NOOP(
        "share_flow",
        "Links need a cloud bucket: a folder on this computer has no web address that someone "
        "else could open. Connect to Amazon S3, Google Cloud Storage, Azure or an S3-compatible "
        "server to share files or to ask for them.",
    ),
    QT_TRANSLATE_NOOP(
        "share_flow",
        "Azure cannot limit an upload link to one folder and a size limit, so request links "
        "need Amazon S3, an S3-compatible server or Google Cloud Storage. Sharing (download "
        "links) works on Azure.",
    ),
)
"""The engine's reasons (NEEDS_CLOUD and AZURE_CANNOT_REQUEST of core/stores/links.py), word
for word, marked so that the window says them in its language (a test compares them).
Should the engine's words change, they are shown as the engine says them until these
follow."""


def links_problem(storage: RemoteStorage, purpose: str) -> str | None:
    """Why this bucket cannot make the links ``purpose`` needs, as the engine decides it
    (in the window's language where ENGINE_REASONS has the words), or None."""
    try:
        storage.check_links(uploads=purpose == REQUEST)
    except BucketFerryError as exc:
        return share_flow.tr(exc.message)
    return None


def folder_of(remote_path: str) -> str:
    """The folder a request goes into: ``remote_path`` if it is one (ends in '/', or ''
    for the top), else the folder that holds that file."""
    if not remote_path or remote_path.endswith("/"):
        return remote_path
    parent = remote_path.rpartition("/")[0]
    return parent + "/" if parent else ""


class LinkJobs(QObject):
    """The engine's link calls for one dialog, each as a job; one at a time. Results come
    by signal, in the main thread."""

    created = Signal(object)
    """The Share just made (a share or a request), with its link."""
    listed = Signal(object)
    """The bucket's shares and requests (list[Share]), newest first."""
    revoked = Signal(object)
    """The Revoked: what was deleted, and what stays reachable."""
    failed = Signal(object)
    """The exception of a call that did not work."""
    ended = Signal()
    """The job's thread has stopped, after one of the above."""

    def __init__(
        self, storage: RemoteStorage, jobs: JobRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.storage = storage
        self._jobs = jobs
        self._job: Job | None = None
        jobs.job_finished.connect(self._job_finished)

    @property
    def working(self) -> bool:
        return self._job is not None

    def share(self, remote_path: str, lifetime: timedelta) -> bool:
        """A link to ``remote_path`` (below the base path; a folder ends in '/')."""
        storage = self.storage

        def work(job: Job) -> Share:
            return storage.share(remote_path, expires=lifetime)

        return self._start(Job("Sharing", work), self.created)

    def request(self, remote_path: str, lifetime: timedelta, max_size: int) -> bool:
        """An upload link into ``remote_path`` (a folder below the base path)."""
        storage = self.storage

        def work(job: Job) -> Share:
            return storage.request_files(remote_path, expires=lifetime, max_size=max_size)

        return self._start(Job("Requesting files", work), self.created)

    def list(self) -> bool:
        storage = self.storage

        def work(job: Job) -> list[Share]:
            return storage.shares()

        return self._start(Job("Listing the shares", work), self.listed)

    def revoke(self, share_id: str) -> bool:
        storage = self.storage

        def work(job: Job) -> Revoked:
            return storage.revoke_share(share_id)

        return self._start(Job("Revoking a share", work), self.revoked)

    def _start(self, job: Job, result: SignalInstance) -> bool:
        """False if a call is under way already."""
        if self._job is not None:
            return False
        # Signals of this object: Qt delivers them in the main thread, where the dialog
        # may change its widgets.
        job.succeeded.connect(result)
        job.failed.connect(self.failed)
        self._job = job
        self._jobs.start(job)
        return True

    @Slot(object)
    def _job_finished(self, job: Job) -> None:
        if job is self._job:
            self._job = None
            self.ended.emit()


class ShareFlow(QObject):
    """Opens the link dialogs for the window's connection, about what the bucket's tree
    shows as current."""

    def __init__(
        self,
        window: QWidget,
        actions: WindowActions,
        bar: ConnectionBar,
        trees: FileTrees,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._bar = bar
        self._trees = trees
        self._jobs = application_jobs()
        actions.share.triggered.connect(self.share)
        actions.request_files.triggered.connect(self.request_files)
        actions.shares.triggered.connect(self.show_shares)
        trees.offer_in_remote_menu(actions.share, actions.request_files)

    def _storage(self) -> RemoteStorage | None:
        try:
            return self._bar.storage()
        except BucketFerryError as exc:
            show_failure(self._window, exc)
            return None

    def _current(self) -> str:
        """The bucket tree's current row below the base path, or '' (the top of it)."""
        return self._trees.current_remote_path() or ""

    def _open(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # type: ignore[attr-defined]

    @Slot()
    def share(self, remote_path: str | None = None) -> ShareDialog | None:
        """Share… for ``remote_path`` (default: the tree's current row)."""
        storage = self._storage()
        if storage is None:
            return None
        path = remote_path if isinstance(remote_path, str) else self._current()
        links = LinkJobs(storage, self._jobs)
        dialog = ShareDialog(links, path, links_problem(storage, SHARE), self._window)
        self._open(dialog)
        return dialog

    @Slot()
    def request_files(self, remote_path: str | None = None) -> RequestDialog | None:
        """Request files… into ``remote_path`` (default: the tree's current folder, or the
        folder of its current file)."""
        storage = self._storage()
        if storage is None:
            return None
        path = folder_of(remote_path if isinstance(remote_path, str) else self._current())
        links = LinkJobs(storage, self._jobs)
        dialog = RequestDialog(links, path, links_problem(storage, REQUEST), self._window)
        self._open(dialog)
        return dialog

    @Slot()
    def show_shares(self) -> SharesDialog | None:
        """Sync ▸ Shares…: the links recorded in the bucket, to copy again or revoke."""
        storage = self._storage()
        if storage is None:
            return None
        links = LinkJobs(storage, self._jobs)
        dialog = SharesDialog(links, links_problem(storage, LIST), self._window)
        self._open(dialog)
        return dialog
