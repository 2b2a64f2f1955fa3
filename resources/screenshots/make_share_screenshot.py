"""Make the README screenshot of the share dialog from the running application.

    QT_QPA_PLATFORM=offscreen python resources/screenshots/make_share_screenshot.py OUT.png

A local-folder bucket makes no links, so this starts moto's S3 server (the dev
environment's, on 127.0.0.1 and a free port), fills a bucket with a small project, opens
Share… for its report folder, makes a link and saves what the dialog shows. Settings and
caches go to throwaway folders under /tmp/bucketferry-share-shot (the user's own stay
untouched).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from make_screenshot import local_bucket, write  # the sibling script

BASE = Path("/tmp/bucketferry-share-shot")


def main(out: str) -> None:
    local_bucket(BASE)  # the application's folders under BASE, and a desktop-sized screen
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        shoot(out, host, port)
    finally:
        server.stop()


def shoot(out: str, host: str, port: int) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from bucketferry.core import RemoteStorage, RemoteStorageConfig
    from bucketferry.gui.dialogs.share_dialog import ShareDialog
    from bucketferry.gui.jobs import application_jobs
    from bucketferry.gui.share_flow import SHARE, LinkJobs, links_problem
    from bucketferry.gui.translation import install_translations

    storage = RemoteStorage(
        RemoteStorageConfig(
            provider="s3",
            key="AKIAIOSFODNN7EXAMPLE",
            secret="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            bucket="survey-2026",
            host=host,
            port=port,
            secure=False,
            use_pbar=False,
        )
    )
    storage.create_bucket()
    work = BASE / "Projects/survey-2026"
    for rel, content in {
        "report/final.pdf": "%PDF-1.7 " + "x" * 240_000,
        "report/figures/age.png": "png" * 20_000,
        "report/figures/region.png": "png" * 18_000,
        "data/responses.csv": "id,answer\n1,yes\n",
    }.items():
        write(work / rel, content)
    storage.push(".", local_path_prefix=str(work))

    app = QApplication(sys.argv[:1])
    install_translations()  # as the application does: LANG=de_DE.UTF-8 gives German
    parent = QWidget()
    links = LinkJobs(storage, application_jobs())
    dialog = ShareDialog(links, "report/", links_problem(storage, SHARE), parent)
    dialog.show()
    dialog.make_link()

    def save() -> None:
        if dialog.share is None or links.working:
            QTimer.singleShot(50, save)
            return
        dialog.grab().save(out)
        app.quit()

    QTimer.singleShot(300, save)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
