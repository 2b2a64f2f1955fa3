"""The local folder and the bucket side by side, each coloured by the current plan.

The bucket's tree lists one level at a time, in the worker, when a folder is expanded.
Every reset of the trees starts a new generation: a listing asked for by an older one is
dropped when it answers, since its names would mean something else in the new tree.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QSplitter, QTreeView, QWidget

from bucketferry.core import RemoteObject, RemoteStorage
from bucketferry.core.paths import join_remote

from ..jobs import JobRunner, browse_job
from ..models.local_tree_model import COL_TYPE, LocalTreeModel
from ..models.remote_tree_model import FullNameRole, RemoteTreeModel
from ..models.tree_colours import COL_NAME
from ..tree_states import TreeStates

NAME_WIDTH = 260


class FileTrees(QSplitter):
    """``listing_failed`` carries the exception of a listing that did not work; the trees
    stay as they were."""

    listing_failed = Signal(object)

    def __init__(self, jobs: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._jobs = jobs
        self._generation = 0
        self._storage: RemoteStorage | None = None
        self._remote_path = ""
        self._listings: dict[QObject, tuple[int, str, int]] = {}
        """Per listing job: the generation that asked, the folder to fill, and how much
        of each listed name is the remote path (cut off: the tree starts below it)."""
        self.local_fs = LocalTreeModel(self)
        self.local_tree = QTreeView()
        self.local_tree.setObjectName("localTree")
        self.local_tree.setAccessibleName("Local files")
        self.local_tree.setModel(self.local_fs)
        self.local_tree.setColumnHidden(COL_TYPE, True)
        self.remote_model = RemoteTreeModel(self)
        self.remote_tree = QTreeView()
        self.remote_tree.setObjectName("remoteTree")
        self.remote_tree.setAccessibleName("Files in the bucket")
        self.remote_tree.setModel(self.remote_model)
        self.remote_tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for tree in (self.local_tree, self.remote_tree):
            tree.header().resizeSection(COL_NAME, NAME_WIDTH)
            self.addWidget(tree)
        self.remote_tree.expanded.connect(self.remote_model.on_expanded)
        self.remote_model.listing_requested.connect(self._list_remote)

    def show_folders(
        self, local_folder: str, storage: RemoteStorage | None, remote_path: str
    ) -> None:
        """Shows ``local_folder`` (if it is one) and, from the top, ``remote_path`` below the
        base path of ``storage`` (None: the bucket's tree stays empty)."""
        self._generation += 1
        self._storage, self._remote_path = storage, remote_path
        if local_folder and os.path.isdir(local_folder):
            self.local_tree.setRootIndex(self.local_fs.setRootPath(local_folder))
        root = join_remote(storage.remote_base_path if storage else "", remote_path).rstrip("/")
        self.remote_model.reset_root(root + "/" if root else "")

    def offer_on_remote(self, action: QAction, key: QKeySequence.StandardKey) -> None:
        """``action`` in the bucket's tree's context menu, and on ``key`` while that tree
        has the focus (an action's own shortcut would act anywhere in the window)."""
        self.remote_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.remote_tree.addAction(action)
        shortcut = QShortcut(key, self.remote_tree)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(action.trigger)

    def set_states(self, states: TreeStates | None) -> None:
        self.local_fs.set_states(states)
        self.remote_model.set_states(states)

    def selected_remote_paths(self) -> list[str]:
        """The selected rows of the bucket's tree, relative to the base path (folders end
        in '/'), without those inside another selected folder."""
        base = join_remote(self._storage.remote_base_path, "") if self._storage else ""
        names = sorted(
            {
                name[len(base) :]
                for index in self.remote_tree.selectionModel().selectedRows(COL_NAME)
                if isinstance(name := index.data(FullNameRole), str) and name.startswith(base)
            }
        )
        return [
            n
            for n in names
            if not any(n != f and n.startswith(f) for f in names if f.endswith("/"))
        ]

    @Slot(str)
    def _list_remote(self, path: str) -> None:
        if self._storage is None:
            return
        remote = self._remote_path
        full = join_remote(remote, path.strip("/")).rstrip("/")
        cut = len(remote) + 1 if remote else 0
        job = browse_job(self._storage, full)
        # Bound slots only: Qt delivers them in the main thread, where the model may be
        # changed; a lambda or partial would run in the worker's.
        job.succeeded.connect(self._remote_listed)
        job.failed.connect(self._listing_failed)
        self._listings[job] = (self._generation, path, cut)
        self._jobs.start(job)

    @Slot(object)
    def _remote_listed(self, result: tuple[str, list[str], list[RemoteObject]]) -> None:
        """Fills the folder the listing was asked for, unless the trees were reset since."""
        asked = self._listings.pop(self.sender(), None)
        if asked is None or asked[0] != self._generation:
            return
        _, path, cut = asked
        _, folders, objects = result
        self.remote_model.fill(path, [f[cut:] for f in folders], objects)

    @Slot(object)
    def _listing_failed(self, error: Exception) -> None:
        self._listings.pop(self.sender(), None)
        self.listing_failed.emit(error)
