"""Delete remote…: list what would go (filters applied), ask, then delete exactly that list.

Both steps run as run-like jobs of the preview session: Cancel stops them and the inputs
stay locked meanwhile. What the confirmation listed is what is deleted, even if more
matching files arrive in the bucket while the dialog is open.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from bucketferry.core import BucketFerryError, CancelledError, RemoteObjectProtocol, RemoteStorage

from .dialogs.delete_dialog import DeleteDialog
from .jobs import DeleteListing, delete_job, delete_listing_job
from .messages import error_words, show_error, show_failure
from .preview_session import PreviewSession
from .translation import Context
from .widgets.connection_bar import ConnectionBar
from .widgets.file_trees import FileTrees

remote_delete = Context("remote_delete")


class RemoteDelete(QObject):
    """Deletes what is selected in the bucket's tree, with the connection bar's connection
    and filters."""

    bucket_changed = Signal(str)
    """Deleting ended (all of the list, part of it, or none): the bucket's tree and a plan
    made before are out of date. The words say what happened."""

    def __init__(
        self, window: QWidget, session: PreviewSession, bar: ConnectionBar, trees: FileTrees
    ) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self._bar = bar
        self._trees = trees
        self._target: tuple[RemoteStorage, str] | None = None
        """The bucket of the deletion under way, and its name for the confirmation."""

    def start(self) -> None:
        """Lists what deleting the selection would remove; or says why it cannot start."""
        paths = self._trees.selected_remote_paths()
        if not paths:
            show_error(
                self._window,
                self.tr("Nothing selected"),
                self.tr(
                    "Select files or folders in the bucket's tree (right side), then choose "
                    "Delete remote… again."
                ),
            )
            return
        try:
            storage = self._bar.storage()
        except BucketFerryError as exc:
            show_failure(self._window, exc)
            return
        if self._bar.filter_problem():
            return  # the bar says what is wrong with the filter
        where = f"{self._bar.connection_name()}: {storage.conf.bucket}"
        job = delete_listing_job(storage, paths, *self._bar.filters())
        # Bound slots only: Qt delivers them in the main thread, where dialogs may be shown;
        # a lambda would run in the worker's.
        job.succeeded.connect(self._confirm)
        job.failed.connect(self._listing_failed)
        self._target = storage, where
        self._session.operate(job, self.tr("Listing what to delete…"))

    def _listing_failed(self, error: Exception) -> None:
        show_failure(self._window, error)

    def _confirm(self, listing: DeleteListing) -> None:
        assert self._target is not None  # set with the listing job
        storage, where = self._target
        objects = listing.objects
        if not objects:
            left = (
                " "
                + remote_delete.tr(
                    "%n object(s) that match cannot be deleted safely and are left alone.",
                    "",
                    len(listing.refused),
                )
                if listing.refused
                else ""
            )
            # not modal-blocking: the window (and a test driving it) goes on
            notice = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Nothing to delete"),
                self.tr(
                    "No file in the bucket matches the selection and the include/exclude filters."
                )
                + left,
                QMessageBox.StandardButton.Ok,
                self._window,
            )
            notice.setObjectName("nothingToDeleteNotice")
            notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            notice.open()
            return
        dialog = DeleteDialog(where, objects, listing.keeping, self._window, listing.refused)
        # After the listing job's own bookkeeping, so the session is idle when the next starts.
        dialog.accepted.connect(lambda: self._delete(storage, objects))
        dialog.open()

    def _delete(self, storage: RemoteStorage, objects: list[RemoteObjectProtocol]) -> None:
        job = delete_job(storage, objects)
        job.succeeded.connect(self._deleted)
        job.failed.connect(self._failed)
        self._session.operate(job, remote_delete.tr("Deleting %n file(s)…", "", len(objects)))

    def _deleted(self, objects: list[RemoteObjectProtocol]) -> None:
        self.bucket_changed.emit(
            remote_delete.tr("Deleted %n file(s) from the bucket.", "", len(objects))
        )

    def _failed(self, error: Exception) -> None:
        """Part of the list may be gone already: say so; the tree then shows what is left."""
        title, message = error_words(error)
        cancelled = isinstance(error, CancelledError)
        if not cancelled:
            show_error(
                self._window,
                title,
                message
                + "\n\n"
                + self.tr(
                    "Files deleted before this stay deleted; the tree of the bucket shows "
                    "what is left."
                ),
            )
        said = (
            self.tr("Deleting was cancelled; the bucket's tree shows what is left.")
            if cancelled
            else self.tr("{problem}; the bucket's tree shows what is left.").format(problem=title)
        )
        self.bucket_changed.emit(said)
