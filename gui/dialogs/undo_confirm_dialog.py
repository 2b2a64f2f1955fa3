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

from ..history_words import run_title
from ..keeping_words import Keeping, local_keeping
from ..models.undo_model import step_words
from ..translation import Context
from .confirm_dialog import add_confirm_buttons, file_listing, sentence

undo_confirm_dialog = Context("undo_confirm_dialog")


def keeping_words(plan: UndoPlan, keeping: Keeping | None) -> str:
    """Where what the undo replaces or removes goes first, for the sides it touches."""
    touched = [s for s in plan.to_do if s.current is not None]
    if not touched:
        return undo_confirm_dialog.tr(
            "Nothing that is there now is replaced: the undo only puts back missing files."
        )
    parts = []
    if any(s.file.side == LOCAL for s in touched):
        parts.append(
            undo_confirm_dialog.tr("What the undo replaces or removes: {where}.").format(
                where=local_keeping()
            )
        )
    if keeping is not None:
        parts.append(
            keeping.note(undo_confirm_dialog.tr("the objects the undo replaces or removes"))
        )
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
        self.setWindowTitle(self.tr("Undo {run}?").format(run=title))
        restore = [s for s in plan.to_do if s.action == RESTORE]
        remove = [s for s in plan.to_do if s.action == REMOVE]
        alone = [s for s in plan.steps if s.action is None]
        layout = QVBoxLayout(self)
        said = undo_confirm_dialog.tr(
            "<b>Undo</b> {run} on <b>{where}</b>: put back %n file(s), remove {remove}, "
            "leave {alone} alone.",
            "",
            len(restore),
        ).format(run=title, where=printable(where), remove=len(remove), alone=len(alone))
        layout.addWidget(sentence(said, "undoConfirmSummary"))
        if restore:
            layout.addWidget(
                sentence(
                    undo_confirm_dialog.tr(
                        "%n file(s) will be <b>put back</b> as before the run:", "", len(restore)
                    )
                )
            )
            listing = file_listing("undoRestoreList", [printable(s.path) for s in restore], 5)
            listing.setAccessibleName(self.tr("Files to put back"))
            layout.addWidget(listing)
        if remove:
            layout.addWidget(
                sentence(
                    undo_confirm_dialog.tr(
                        "%n file(s) the run created will be <b>removed</b>:", "", len(remove)
                    )
                )
            )
            listing = file_listing("undoRemoveList", [printable(s.path) for s in remove], 5)
            listing.setAccessibleName(self.tr("Files to remove"))
            layout.addWidget(listing)
        if alone:
            conflicts = len(plan.conflicts)
            left = (
                undo_confirm_dialog.tr(
                    "%n file(s) will be <b>left alone</b> ({changed} changed after the run):",
                    "",
                    len(alone),
                ).format(changed=conflicts)
                if conflicts
                else undo_confirm_dialog.tr("%n file(s) will be <b>left alone</b>:", "", len(alone))
            )
            layout.addWidget(sentence(left))
            lines = [f"{printable(s.path)} \u2014 {step_words(s)}" for s in alone]
            listing = file_listing("undoAloneList", lines, 5)
            listing.setAccessibleName(self.tr("Files left alone"))
            layout.addWidget(listing)
        layout.addWidget(sentence(keeping_words(plan, keeping), "undoKeepingNote"))
        self.confirm_button = add_confirm_buttons(
            self, layout, undo_confirm_dialog.tr("Undo %n file(s)", "", len(plan.to_do))
        )
