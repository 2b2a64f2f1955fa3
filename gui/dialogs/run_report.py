"""What the window says after a run: one status line, a dialog for files that did not
arrive (failed, or left alone for safety), and where the versions a forced pull replaced
went."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from bucketferry.core import TransactionSummary
from bucketferry.core.display import by_reason, printable

from ..translation import Context

SHOWN = 5
"""Files (or reasons) named in a message before "and N more"."""

run_report = Context("run_report")


def run_status(summary: TransactionSummary) -> str:
    """'3 transferred, 1 failed, 2 refused (cancelled); the old versions of …'."""
    refused = summary.refused_files
    message = run_report.tr("{transferred} transferred, {failed} failed").format(
        transferred=len(summary.synced_files), failed=len(summary.failed_files)
    )
    if refused:
        message += ", " + run_report.tr("{refused} refused").format(refused=len(refused))
    if summary.cancelled:
        message += " " + run_report.tr("(cancelled)")
    kept = summary.replaced_copies
    if kept:
        message += "; " + run_report.tr(
            "the old versions of %n file(s) were kept for you", "", len(kept)
        )
    return message


def _refused_text(refused: list[tuple[str, str]]) -> str:
    """What a run left alone for safety, by reason: a few names under each of the first
    reasons, so a thousand refusals for one reason stay one short paragraph."""
    groups = by_reason(refused)
    lines = [
        run_report.tr(
            "%n file(s) were left alone, since they cannot be transferred safely:",
            "",
            len(refused),
        )
    ]
    for reason, names in groups[:SHOWN]:
        shown = ", ".join(printable(name) for name in names[:3])
        if len(names) > 3:
            shown += " " + run_report.tr("and %n more", "", len(names) - 3)
        count = run_report.tr("%n file(s)", "", len(names))
        lines.append(f"• {printable(reason)} ({count}): {shown}")
    if len(groups) > SHOWN:
        lines.append(
            run_report.tr("… and %n other reason(s) (see the log).", "", len(groups) - SHOWN)
        )
    return "\n".join(lines)


def run_problems(summary: TransactionSummary) -> tuple[str, str] | None:
    """(title, message) about the files that did not arrive; None if all did."""
    failed, refused = summary.failed_files, summary.refused_files
    parts = []
    if failed:
        reasons = "\n".join(
            f"• {printable(f.name)}: {printable(f.reason or '')}" for f in failed[:SHOWN]
        )
        said = run_report.tr(
            "%n file(s) failed; the others were transferred. Run again to retry.",
            "",
            len(failed),
        )
        parts.append(f"{said}\n\n{reasons}")
    if refused:
        parts.append(_refused_text([(f.name, f.reason or "") for f in refused]))
    if not parts:
        return None
    title = (
        run_report.tr("Some files were not transferred")
        if failed
        else run_report.tr("Some files were left alone")
    )
    return title, "\n\n".join(parts)


def show_replaced_copies(parent: QWidget, kept: dict[str, str], direction: str = "pull") -> None:
    """Says where the versions a forced run replaced are now (non-modal): a pull's on this
    computer, a push's in the bucket (``kept``: the local path -> where)."""
    lines = "\n".join(f"• {local}\n    → {where}" for local, where in list(kept.items())[:SHOWN])
    more = (
        "\n" + run_report.tr("… and %n more (see the log).", "", len(kept) - SHOWN)
        if len(kept) > SHOWN
        else ""
    )
    said = (
        run_report.tr(
            "The push replaced %n file(s) in the bucket. The old versions were kept first, "
            "and can be restored from there:",
            "",
            len(kept),
        )
        if direction == "push"
        else run_report.tr(
            "The pull replaced %n file(s) on this computer. The old versions were moved out "
            "of the way first, and can be restored from there:",
            "",
            len(kept),
        )
    )
    box = QMessageBox(
        QMessageBox.Icon.Information,
        run_report.tr("Replaced files are kept"),
        f"{said}\n\n{lines}{more}",
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("replacedCopiesDialog")
    box.open()
