"""Make the README screenshot of the differences view from the running application.

    QT_QPA_PLATFORM=offscreen python resources/screenshots/make_diff_screenshot.py OUT.png

Builds a small project in throwaway folders under /tmp/bucketferry-diff-shot (the user's own
settings and buckets stay untouched), pushes it to a local-folder bucket, edits a file,
previews the push and saves what the differences view shows for that file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from make_screenshot import local_bucket, write  # the sibling script

BASE = Path("/tmp/bucketferry-diff-shot")

BEFORE = """\
# Survey 2026: cleaning the responses

import csv
from pathlib import Path

SOURCE = Path("data/responses.csv")
MINIMUM_AGE = 16


def clean(row: dict[str, str]) -> dict[str, str] | None:
    \"\"\"One response, trimmed; None for the ones we cannot use.\"\"\"
    if int(row["age"]) < MINIMUM_AGE:
        return None
    row["region"] = row["region"].strip().title()
    row["answer"] = row["answer"].strip().lower()
    return row


def main() -> None:
    with SOURCE.open(newline="") as stream:
        rows = [clean(row) for row in csv.DictReader(stream)]
    kept = [row for row in rows if row is not None]
    print(f"kept {len(kept)} of {len(rows)} responses")


if __name__ == "__main__":
    main()
"""

AFTER = (
    BEFORE.replace("MINIMUM_AGE = 16\n", "MINIMUM_AGE = 18\nREGIONS = {'North', 'South', 'East'}\n")
    .replace(
        '    row["region"] = row["region"].strip().title()\n',
        '    row["region"] = row["region"].strip().title()\n'
        '    if row["region"] not in REGIONS:\n'
        "        return None\n",
    )
    .replace('    row["answer"] = row["answer"].strip().lower()\n', "")
    .replace('print(f"kept {len(kept)} of', 'print(f"kept {len(kept):,} of')
)


def main(out: str) -> None:
    bucket = local_bucket(BASE)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from bucketferry.gui.dialogs.diff_dialog import DiffDialog
    from bucketferry.gui.models.preview_model import PreviewModel

    work = BASE / "Projects/survey-2026"
    write(work / "clean.py", BEFORE)
    write(work / "README.md", "# Survey 2026\n")
    bucket.push(".", local_path_prefix=str(work))
    write(work / "clean.py", AFTER)

    app = QApplication(sys.argv[:1])
    model = PreviewModel()
    model.set_summary(bucket.plan_push(".", str(work)))
    row = next(r for r in range(model.rowCount()) if model.item_at(r).name == "clean.py")
    parent = QWidget()
    dialog = DiffDialog(parent, bucket, model, row)
    dialog.resize(1180, 640)
    dialog.show()

    def save() -> None:
        if dialog.busy:
            QTimer.singleShot(50, save)
            return
        dialog.local_view.scroll_to_row(0)
        dialog.grab().save(out)
        app.quit()

    QTimer.singleShot(200, save)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
