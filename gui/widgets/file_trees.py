"""The local folder and the bucket side by side, each under a heading that says what it
shows, each coloured by the current plan.

:meth:`FileTrees.show_folders` reads both sides afresh (the window calls it on every
preview, after every run and on View ▸ Refresh), keeping the folders that were open. The
bucket's tree lists one level at a time, in the worker, when a folder is expanded, always
below the root it was filled with. Every reset of the trees starts a new generation: a
listing asked for by an older one is dropped when it answers, since its names would mean
something else in the new tree.

Hidden files (a name starting with '.') are shown only with ``show_hidden``, as a preview
sends them only then (see filter_patterns).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QDir, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QSplitter, QTreeView, QVBoxLayout, QWidget

from bucketferry.core import RemoteObject, RemoteStorage
from bucketferry.core.paths import join_remote

from ..filter_patterns import is_hidden_name
from ..jobs import JobRunner, browse_job
from ..models.local_tree_model import COL_MODIFIED, COL_TYPE, LocalTreeModel
from ..models.remote_tree_model import FullNameRole, PathRole, RemoteTreeModel
from ..models.tree_colours import COL_NAME
from ..tree_states import TreeStates
from .tree_heading import TreeHeading, local_heading, remote_heading

NAME_WIDTH = 260
REMOTE_COL_MODIFIED = 2
"""The bucket tree's Modified column (remote_tree_model.py: Name, Size, Modified, Checksum)."""


def time_width(widget: QWidget) -> int:
    """Wide enough for a whole moment as the window writes them (units.local_time)."""
    return widget.fontMetrics().horizontalAdvance("2026-12-31 23:59:59") + 24


def _headed(heading: TreeHeading, tree: QTreeView) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(heading)
    column.addWidget(tree)
    return box


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
        """The path field's text when the bucket's tree was filled: its root, below the
        base path. Listings always start from it, whatever the field says now."""
        self._listings: dict[QObject, tuple[int, str, int]] = {}
        """Per listing job: the generation that asked, the folder to fill, and how much
        of each listed name is the remote path (cut off: the tree starts below it)."""
        self._reopen: set[str] = set()
        """Folders of the bucket's tree that were open before it was read again."""
        self._states: TreeStates | None = None
        self.show_hidden = False
        self.local_label = TreeHeading("localTreeLabel")
        self.remote_label = TreeHeading("remoteTreeLabel")
        self.local_fs = LocalTreeModel(self)
        self._no_folder = QStandardItemModel(0, self.local_fs.columnCount(), self)
        """Shown instead of the file-system model while there is no folder to show."""
        self._no_folder.setHorizontalHeaderLabels(
            [
                str(self.local_fs.headerData(column, Qt.Orientation.Horizontal))
                for column in range(self.local_fs.columnCount())
            ]
        )
        self.local_tree = QTreeView()
        self.local_tree.setObjectName("localTree")
        self.local_tree.setAccessibleName(self.tr("Files on this computer"))
        self._set_local_model(self._no_folder)
        self.remote_model = RemoteTreeModel(self)
        self.remote_tree = QTreeView()
        self.remote_tree.setObjectName("remoteTree")
        self.remote_tree.setAccessibleName(self.tr("Files in the bucket"))
        self.remote_tree.setModel(self.remote_model)
        self.remote_tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.remote_tree.header().resizeSection(COL_NAME, NAME_WIDTH)
        self.remote_tree.header().resizeSection(REMOTE_COL_MODIFIED, time_width(self))
        self.addWidget(_headed(self.local_label, self.local_tree))
        self.addWidget(_headed(self.remote_label, self.remote_tree))
        self.remote_tree.expanded.connect(self.remote_model.on_expanded)
        self.remote_model.listing_requested.connect(self._list_remote)
        self.local_label.say(local_heading(""))
        self.remote_label.say(remote_heading(None, ""))

    def show_folders(
        self, local_folder: str, storage: RemoteStorage | None, remote_path: str
    ) -> None:
        """Reads both sides afresh: ``local_folder`` (nothing if it is not a folder) and,
        from the top, ``remote_path`` below the base path of ``storage`` (None: the
        bucket's tree stays empty). Folders open before stay open where they still are."""
        self._generation += 1
        self._show_local(local_folder)
        root = join_remote(storage.remote_base_path if storage else "", remote_path).rstrip("/")
        root = root + "/" if root else ""
        same_root = storage is not None and self._storage is not None and root == self._root()
        self._reopen = self._open_remote_folders() if same_root else set()
        self._storage, self._remote_path = storage, remote_path
        self.remote_label.say(remote_heading(storage, remote_path))
        self.remote_tree.setAccessibleDescription(self.remote_label.text())
        self.remote_model.reset_root(root)

    def _root(self) -> str:
        """The full name of the bucket tree's root (ending in '/'), or '' for the top."""
        base = self._storage.remote_base_path if self._storage else ""
        root = join_remote(base, self._remote_path).rstrip("/")
        return root + "/" if root else ""

    # --- the local tree ------------------------------------------------------------------

    def _set_local_model(self, model: QStandardItemModel | LocalTreeModel) -> None:
        """Shows ``model`` in the local tree, keeping the column widths a person set."""
        if self.local_tree.model() is model:
            return
        header = self.local_tree.header()
        widths = header.saveState() if self.local_tree.model() is not None else None
        old_selection = self.local_tree.selectionModel()
        self.local_tree.setModel(model)
        if old_selection is not None:
            old_selection.deleteLater()
        if widths is not None:
            header.restoreState(widths)
        else:
            header.resizeSection(COL_NAME, NAME_WIDTH)
            header.resizeSection(COL_MODIFIED, time_width(self))
        self.local_tree.setColumnHidden(COL_TYPE, True)

    def _show_local(self, folder: str) -> None:
        self.local_label.say(local_heading(folder))
        self.local_tree.setAccessibleDescription(self.local_label.text())
        if not (folder and os.path.isdir(folder)):
            self._set_local_model(self._no_folder)
            return
        shown_entries = QDir.Filter.AllEntries | QDir.Filter.AllDirs | QDir.Filter.NoDotAndDotDot
        if self.show_hidden:
            shown_entries |= QDir.Filter.Hidden
        self.local_fs.setFilter(shown_entries)
        shown = self.local_tree.model() is self.local_fs
        was_open = self._open_local_folders() if shown else []
        root = QDir.fromNativeSeparators(os.path.abspath(folder))
        self._reread(root, [p for p in was_open if p.startswith(root.rstrip("/") + "/")])
        self._set_local_model(self.local_fs)
        self.local_tree.setRootIndex(self.local_fs.index(root))

    def _reread(self, root: str, open_folders: list[str]) -> None:
        """Makes ``root`` the file-system model's root, its content and that of
        ``open_folders`` read again. Qt notices files added or removed, not a file
        rewritten in place (its size and time would stay old); it reads a folder again
        only when it is fetched after having been the root. So each folder becomes the
        root for a moment, then is fetched."""
        model = self.local_fs
        for path in [*open_folders, ""]:  # '': the list of drives, quick to read
            model.setRootPath(path)
        model.setRootPath(root)
        for path in sorted(open_folders, key=len):
            model.fetchMore(model.index(path))

    def _open_local_folders(self) -> list[str]:
        found: list[str] = []
        pending = [self.local_tree.rootIndex()]
        while pending:
            parent = pending.pop()
            for row in range(self.local_fs.rowCount(parent)):
                index = self.local_fs.index(row, COL_NAME, parent)
                if self.local_tree.isExpanded(index):
                    found.append(self.local_fs.filePath(index))
                    pending.append(index)
        return found

    # --- the bucket's tree ------------------------------------------------------------------

    def _open_remote_folders(self) -> set[str]:
        found: set[str] = set()
        pending = [QModelIndex()]
        while pending:
            parent = pending.pop()
            for row in range(self.remote_model.rowCount(parent)):
                index = self.remote_model.index(row, COL_NAME, parent)
                path = index.data(PathRole)
                if isinstance(path, str) and self.remote_tree.isExpanded(index):
                    found.add(path)
                    pending.append(index)
        return found

    def offer_on_remote(self, action: QAction, key: QKeySequence.StandardKey) -> None:
        """``action`` in the bucket's tree's context menu, and on ``key`` while that tree
        has the focus (an action's own shortcut would act anywhere in the window)."""
        self.remote_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.remote_tree.addAction(action)
        shortcut = QShortcut(key, self.remote_tree)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(action.trigger)

    def offer_in_remote_menu(self, *actions: QAction) -> None:
        """``actions`` in the bucket's tree's context menu, then a separator."""
        self.remote_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.remote_tree.addActions(list(actions))
        separator = QAction(self.remote_tree)
        separator.setSeparator(True)
        self.remote_tree.addAction(separator)

    def current_remote_path(self) -> str | None:
        """The bucket tree's current row, relative to the base path (a folder ends in
        '/'); None when no row is current."""
        index = self.remote_tree.currentIndex()
        if not index.isValid():
            return None
        name = index.sibling(index.row(), COL_NAME).data(FullNameRole)
        base = join_remote(self._storage.remote_base_path, "") if self._storage else ""
        return name[len(base) :] if isinstance(name, str) and name.startswith(base) else None

    def set_states(self, states: TreeStates | None) -> None:
        self._states = states
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
        """Lists ``path`` (relative to the tree's root) below the root the tree was filled
        with."""
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
        """Fills the folder the listing was asked for, unless the trees were reset since;
        opens again the folders in it that were open before the reset."""
        asked = self._listings.pop(self.sender(), None)
        if asked is None or asked[0] != self._generation:
            return
        _, path, cut = asked
        _, listed_folders, objects = result
        folders = [f[cut:] for f in listed_folders]
        if not self.show_hidden:
            folders = [f for f in folders if not is_hidden_name(f)]
            objects = [o for o in objects if not is_hidden_name(o.name)]
        self.remote_model.fill(path, folders, objects)
        parent = self.remote_model.find_folder(path)
        if parent is None or not self._reopen:
            return
        for row in range(parent.rowCount()):
            child = parent.child(row)
            if child is not None and child.data(PathRole) in self._reopen:
                self._reopen.discard(child.data(PathRole))
                self.remote_tree.expand(child.index())

    @Slot(object)
    def _listing_failed(self, error: Exception) -> None:
        self._listings.pop(self.sender(), None)
        self.listing_failed.emit(error)
