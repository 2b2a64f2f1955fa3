"""Make the README screenshot from the running application.

    QT_QPA_PLATFORM=offscreen python resources/screenshots/make_screenshot.py OUT.png

Builds a small project in throwaway folders under /tmp/bucketferry-shot (the user's own
settings and buckets stay untouched), pushes it to a local-folder bucket, changes a few
files, previews the push and saves what the window shows.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

BASE = Path("/tmp/bucketferry-shot")


def write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)


def big_offscreen_screen(base: Path) -> None:
    """Qt's offscreen screen is 800x600 unless told otherwise, and the window fits itself
    to its screen: give it a desktop-sized one (1600x1000) for the screenshots."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform == "offscreen":
        base.mkdir(parents=True, exist_ok=True)
        screen = {"name": "shot", "x": 0, "y": 0, "width": 1600, "height": 1000}
        config = base / "screens.json"
        config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96}]}))
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def local_bucket(base: Path) -> Any:
    """A fresh local-folder bucket under ``base``, with the application's settings, buckets
    and cache there too (set before Bucket Ferry reads them), so screenshots never touch
    the user's own."""
    shutil.rmtree(base, ignore_errors=True)
    os.environ.update(
        BUCKETFERRY_CONFIG_DIR=str(base / "config"),
        BUCKETFERRY_DATA_DIR=str(base / "buckets"),
        BUCKETFERRY_CACHE_DIR=str(base / "cache"),
    )
    big_offscreen_screen(base)
    from bucketferry.core import RemoteStorage, RemoteStorageConfig

    bucket = RemoteStorage(
        RemoteStorageConfig("local", str(base / "buckets"), "default", "", use_pbar=False)
    )
    bucket.create_bucket()
    return bucket


def main(out: str) -> None:
    bucket = local_bucket(BASE)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from bucketferry.gui import MainWindow
    from bucketferry.gui.translation import install_translations

    work = BASE / "Projects/survey-2026"
    for rel, content in {
        "README.md": "# Survey 2026\n",
        "data/responses.csv": "id,answer\n1,yes\n",
        "data/weights.csv": "w\n1\n",
        "report/draft.docx": "draft v1",
        "report/figures/age.png": "png",
        "report/figures/region.png": "png",
        "notes/todo.txt": "call Ana",
        "scratch.tmp": "tmp",
    }.items():
        write(work / rel, content)
    bucket.push(".", local_path_prefix=str(work), exclude_regex=r".*\.tmp$")
    write(work / "report/draft.docx", "draft v2 with comments")
    write(work / "data/cleaned.csv", "id,answer\n1,yes\n")
    write(work / "report/figures/income.png", "png2")

    app = QApplication(sys.argv[:1])
    install_translations()  # as the application does: LANG=de_DE.UTF-8 gives German
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    window.connection_bar.local_edit.setText(str(work))
    window.connection_bar.exclude_edit.setText("*.tmp")
    QTimer.singleShot(200, lambda: window.preview("push"))

    def expand() -> None:  # the trees colour folders and files by the plan
        window.trees.local_tree.expandAll()
        window.trees.remote_tree.expandAll()

    def save() -> None:
        window.grab().save(out)
        app.quit()

    for delay in (1200, 1800, 2400):  # folders list lazily, one level at a time
        QTimer.singleShot(delay, expand)
    QTimer.singleShot(3200, save)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
