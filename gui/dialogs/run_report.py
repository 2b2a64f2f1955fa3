"""What the window says after a run: one status line, a dialog for files that did not
arrive (failed, or left alone for safety), and where the versions a forced pull replaced
went."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from bucketferry.core import TransactionSummary
from bucketferry.core.display import by_reason, printable
from bucketferry.core.units import files_count

SHOWN = 5
"""Files (or reasons) named in a message before "and N more"."""


def run_status(summary: TransactionSummary) -> str:
    """'3 transferred, 1 failed, 2 refused (cancelled); the old versions of …'."""
    refused = summary.refused_files
    message = f"{len(summary.synced_files)} transferred, {len(summary.failed_files)} failed"
    message += f", {len(refused)} refused" if refused else ""
    message += " (cancelled)" if summary.cancelled else ""
    kept = summary.replaced_copies
    if kept:
        message += f"; the old versions of {files_count(len(kept))} were kept for you"
    return message


def _refused_text(refused: list[tuple[str, str]]) -> str:
    """What a run left alone for safety, by reason: a few names under each of the first
    reasons, so a thousand refusals for one reason stay one short paragraph."""
    groups = by_reason(refused)
    count = files_count(len(refused))
    lines = [f"{count} were left alone, since they cannot be transferred safely:"]
    for reason, names in groups[:SHOWN]:
        shown = ", ".join(printable(name) for name in names[:3])
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        lines.append(f"• {printable(reason)} ({files_count(len(names))}): {shown}{more}")
    if len(groups) > SHOWN:
        lines.append(f"… and {len(groups) - SHOWN} other reasons (see the log).")
    return "\n".join(lines)


def run_problems(summary: TransactionSummary) -> tuple[str, str] | None:
    """(title, message) about the files that did not arrive; None if all did."""
    failed, refused = summary.failed_files, summary.refused_files
    parts = []
    if failed:
        reasons = "\n".join(
            f"• {printable(f.name)}: {printable(f.reason or '')}" for f in failed[:SHOWN]
        )
        parts.append(
            f"{len(failed)} files failed; the others were transferred. Run again to retry."
            f"\n\n{reasons}"
        )
    if refused:
        parts.append(_refused_text([(f.name, f.reason or "") for f in refused]))
    if not parts:
        return None
    title = "Some files were not transferred" if failed else "Some files were left alone"
    return title, "\n\n".join(parts)


def show_replaced_copies(parent: QWidget, kept: dict[str, str]) -> None:
    """Says where the local versions a forced pull replaced are now (non-modal)."""
    lines = "\n".join(f"• {local}\n    → {where}" for local, where in list(kept.items())[:SHOWN])
    more = f"\n… and {len(kept) - SHOWN} more (see the log)." if len(kept) > SHOWN else ""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "Replaced files are kept",
        f"The pull replaced {files_count(len(kept))} on this computer. The old versions "
        f"were moved out of the way first, and can be restored from there:\n\n{lines}{more}",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("replacedCopiesDialog")
    box.open()
