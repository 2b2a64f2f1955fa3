"""Render Bucket Ferry's icon from its SVG master into every file that ships it.

    python resources/icons/render_icons.py

From ``resources/icons/bucketferry.svg`` it writes:

- ``resources/icons/hicolor/<N>x<N>/apps/bucketferry.png``: the freedesktop icon-theme
  layout that the ``.desktop`` entry's ``Icon=bucketferry`` is looked up in;
- ``gui/icons/bucketferry-<N>.png``: copies of the sizes the window uses, inside the
  ``bucketferry.gui`` package, so the window icon is found however the package is installed
  (wheel, editable, PyInstaller folder);
- ``resources/icons/bucketferry.ico`` and ``bucketferry.icns``: the Windows and macOS
  executable icons for PyInstaller, assembled from the same PNGs (PNG-compressed entries,
  which both formats accept), so no image library beyond Qt is needed.

Run it after changing the SVG and commit what it writes: tests/packaging/test_icons.py fails
when the files drift from the master or from each other.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Mapping
from pathlib import Path

ICONS = Path(__file__).resolve().parent
ROOT = ICONS.parent.parent
MASTER = ICONS / "bucketferry.svg"
NAME = "bucketferry"
THEME_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# The window and the taskbar never ask for more than 256 px; 512 only serves launchers.
PACKAGE_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size; '@2x' types reuse the same pixels.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def theme_png(size: int) -> Path:
    return ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"


def package_png(size: int) -> Path:
    return ROOT / "gui" / "icons" / f"{NAME}-{size}.png"


def render_png(svg: Path, size: int) -> bytes:
    """The master drawn at ``size`` x ``size`` pixels, antialiased, as PNG bytes. Needs a
    QGuiApplication (or QApplication) to exist."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    return bytes(data.data())


def pack_ico(pngs: Mapping[int, bytes]) -> bytes:
    """A Windows .ico holding the PNGs of ICO_SIZES (Windows Vista and later read PNG
    entries; a width or height of 256 is written as 0, as the format requires)."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    offset = len(header) + 16 * len(ICO_SIZES)
    entries, images = b"", b""
    for size in ICO_SIZES:
        png = pngs[size]
        side = size % 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def pack_icns(pngs: Mapping[int, bytes]) -> bytes:
    """A macOS .icns holding PNG elements for ICNS_TYPES (the layout ``iconutil`` writes)."""
    elements = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(elements)) + elements


def outputs(pngs: Mapping[int, bytes]) -> dict[Path, bytes]:
    """Every file this script writes, with its content, given the theme PNGs by size."""
    files = {theme_png(size): pngs[size] for size in THEME_SIZES}
    files.update({package_png(size): pngs[size] for size in PACKAGE_SIZES})
    files[ICONS / f"{NAME}.ico"] = pack_ico(pngs)
    files[ICONS / f"{NAME}.icns"] = pack_icns(pngs)
    return files


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # lives while rendering
    pngs = {size: render_png(MASTER, size) for size in THEME_SIZES}
    for path, data in outputs(pngs).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}  {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
