"""The icon files are what resources/icons/render_icons.py makes from the SVG master, and
every copy (the package's PNGs, the .ico and .icns) matches the theme PNGs byte for byte.
A failure here means: run ``python resources/icons/render_icons.py`` and commit the result.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from bucketferry.gui import icons
from tests.packaging.render_script import render

RERENDER = "run `python resources/icons/render_icons.py` and commit what it writes"
# Antialiasing may differ by a few levels between Qt versions; an edit of the SVG that
# was not rendered changes whole shapes, far more than this.
MAX_CHANNEL_DIFFERENCE = 16


def committed_theme_pngs() -> dict[int, bytes]:
    return {size: render.theme_png(size).read_bytes() for size in render.THEME_SIZES}


def channel_difference(first: QImage, second: QImage) -> int:
    """The largest difference of one colour or alpha channel between two same-size images."""
    a = first.convertToFormat(QImage.Format.Format_ARGB32)
    b = second.convertToFormat(QImage.Format.Format_ARGB32)
    return max(abs(x - y) for x, y in zip(bytes(a.constBits()), bytes(b.constBits()), strict=True))


def test_package_copies_ico_and_icns_match_the_theme_pngs():
    for path, data in render.outputs(committed_theme_pngs()).items():
        assert path.is_file(), f"{path} is missing: {RERENDER}"
        assert path.read_bytes() == data, f"{path} has drifted: {RERENDER}"


def test_the_package_ships_exactly_the_sizes_the_window_loads():
    assert icons.ICON_SIZES == render.PACKAGE_SIZES
    shipped = {path.name for path in (render.ROOT / "gui" / "icons").iterdir()}
    assert shipped == {render.package_png(size).name for size in render.PACKAGE_SIZES}


def test_theme_pngs_are_the_master_rendered_at_their_size(qapp):
    for size in render.THEME_SIZES:
        committed = QImage(str(render.theme_png(size)))
        assert committed.size() == QSize(size, size)
        fresh = QImage.fromData(render.render_png(render.MASTER, size))
        difference = channel_difference(committed, fresh)
        assert difference <= MAX_CHANNEL_DIFFERENCE, f"{size} px differs from the SVG: {RERENDER}"


def test_app_icon_offers_every_shipped_size(qapp):
    icon = icons.app_icon()
    assert {size.width() for size in icon.availableSizes()} == set(icons.ICON_SIZES)
