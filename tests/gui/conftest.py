"""Fixtures of the window tests: a shown MainWindow, and an S3 profile on the moto server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bucketferry.gui import MainWindow
from tests.gui.window_driver import s3_dialog


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    yield win
    win.jobs.cancel_all()
    win.jobs.wait_all()


@pytest.fixture
def s3_profile(window: MainWindow, s3_conf) -> Iterator[tuple[str, object]]:
    """A profile made through the connections dialog, pointing at a fresh moto bucket."""
    conf = s3_conf()
    dialog = s3_dialog(
        window,
        conf.bucket,
        conf.bucket,
        conf.host,
        conf.port,
        key=conf.key,
        secret=conf.secret,
        secure=False,
    )
    if not window.secrets.available():
        dialog.session_check.setChecked(True)
    assert dialog.save(), dialog.status_label.text()
    dialog.close()
    window.connection_bar.load_profiles(select=conf.bucket)
    window._connection_changed()
    assert window.connection_bar.connection_combo.currentText() == conf.bucket
    yield conf.bucket, conf
    window.profiles.remove(conf.bucket)
