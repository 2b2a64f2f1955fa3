"""The application icon, from PNGs shipped inside this package.

The PNGs in ``icons/`` beside this module are rendered from ``resources/icons/bucketferry.svg``
by ``resources/icons/render_icons.py``. They live in the package, not in ``resources/``, so
the icon is found wherever the package is: a wheel, an editable install or a PyInstaller
folder. Pixel-exact sizes (rather than one SVG) keep small icons sharp and need no Qt SVG
plugin at run time.
"""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QIcon, QPixmap

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """Bucket Ferry's icon in every shipped size. A missing or unreadable file raises: it
    means a broken package, which the packaging tests are there to catch."""
    folder = files("bucketferry.gui") / "icons"
    icon = QIcon()
    for size in ICON_SIZES:
        name = f"bucketferry-{size}.png"
        pixmap = QPixmap()
        if not pixmap.loadFromData((folder / name).read_bytes(), "PNG"):
            raise ValueError(f"The icon file {name} is not a readable PNG")
        icon.addPixmap(pixmap)
    return icon
