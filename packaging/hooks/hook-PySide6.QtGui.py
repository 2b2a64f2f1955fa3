"""Replaces PyInstaller's hook for PySide6.QtGui (a hook on the spec's ``hookspath`` takes
precedence): the same collection, less Qt plugins that Bucket Ferry never loads. Dropping a
plugin here, before PyInstaller follows library dependencies, also drops the system
libraries it links; after Analysis it would be too late for those.
"""

from pathlib import PurePath

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# Plugin folders for embedded devices without a window system (EGL full-screen and its
# evdev input): a desktop application never uses them.
UNUSED_FOLDERS = {"egldeviceintegrations", "generic"}
# Plugins by file name without "lib" and extension. Platforms: framebuffer, VNC, Vulkan
# display and test platforms (xcb, wayland, and offscreen for smoke tests stay). qgtk3: the
# GTK 3 theme, which would bundle the build machine's GTK, a poor match for another
# desktop; Qt's own style and the XDG desktop portal theme are used instead.
UNUSED_PLUGINS = {"qeglfs", "qlinuxfb", "qminimal", "qminimalegl", "qvkkhrdisplay", "qvnc", "qgtk3"}


def used(source: str, destination: str) -> bool:
    folder = PurePath(destination).name
    plugin = PurePath(source).stem.removeprefix("lib")
    return folder not in UNUSED_FOLDERS and plugin not in UNUSED_PLUGINS


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, destination) for source, destination in binaries if used(source, destination)]
