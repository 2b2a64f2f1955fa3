"""The last look before an undo: which run, what will be put back, what removed, what left
alone and why, and where whatever the undo replaces or removes is kept first (the trash
for files on this computer; the bucket's versions or backups for objects)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QVBoxLayout,
    QWidget,
)

from bucketferry.core.display import printable
from bucketferry.core.journal import LOCAL
from bucketferry.core.undo import REMOVE, RESTORE, UndoPlan
from bucketferry.core.units import files_count

from ..history_words import run_title
from ..keeping_words import LOCAL_KEEPING, Keeping
from ..models.undo_model import step_words
from .confirm_dialog import add_confirm_buttons, file_listing, sentence


def keeping_words(plan: UndoPlan, keeping: Keeping | None) -> str:
    """Where what the undo replaces or removes goes first, for the sides it touches."""
    touched = [s for s in plan.to_do if s.current is not None]
    if not touched:
        return "Nothing that is there now is replaced: the undo only puts back missing files."
    parts = []
    if any(s.file.side == LOCAL for s in touched):
        parts.append(f"What the undo replaces or removes: {LOCAL_KEEPING}.")
    if keeping is not None:
        parts.append(keeping.note("the objects the undo replaces or removes"))
    return " ".join(parts)


class UndoConfirmDialog(QDialog):
    """Accepted: run the plan's steps that have an action; the others stay as they are."""

    def __init__(
        self, plan: UndoPlan, keeping: Keeping | None, where: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("undoConfirmDialog")
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)
        title = run_title(plan.run)
        self.setWindowTitle(f"Undo {title}?")
        restore = [s for s in plan.to_do if s.action == RESTORE]
        remove = [s for s in plan.to_do if s.action == REMOVE]
        alone = [s for s in plan.steps if s.action is None]
        layout = QVBoxLayout(self)
        layout.addWidget(
            sentence(
                f"<b>Undo</b> {title} on <b>{printable(where)}</b>: put back "
                f"{files_count(len(restore))}, remove {len(remove)}, leave "
                f"{len(alone)} alone.",
                "undoConfirmSummary",
            )
        )
        if restore:
            layout.addWidget(
                sentence(f"{files_count(len(restore))} will be <b>put back</b> as before the run:")
            )
            layout.addWidget(
                file_listing("undoRestoreList", [printable(s.path) for s in restore], 5)
            )
        if remove:
            layout.addWidget(
                sentence(f"{files_count(len(remove))} the run created will be <b>removed</b>:")
            )
            layout.addWidget(file_listing("undoRemoveList", [printable(s.path) for s in remove], 5))
        if alone:
            conflicts = len(plan.conflicts)
            said = f" ({conflicts} changed after the run)" if conflicts else ""
            layout.addWidget(
                sentence(f"{files_count(len(alone))} will be <b>left alone</b>{said}:")
            )
            lines = [f"{printable(s.path)} \u2014 {step_words(s)}" for s in alone]
            layout.addWidget(file_listing("undoAloneList", lines, 5))
        layout.addWidget(sentence(keeping_words(plan, keeping), "undoKeepingNote"))
        self.confirm_button = add_confirm_buttons(
            self, layout, f"Undo {files_count(len(plan.to_do))}"
        )
