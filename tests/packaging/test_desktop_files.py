"""The freedesktop entry and the AppStream metainfo: valid by the reference validators
(when installed), and consistent with each other, with pyproject.toml and with the icons.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest

from bucketferry.gui.app import APP_ID
from tests.packaging.render_script import render

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ElementTree.Element:
    return ElementTree.parse(METAINFO).getroot()


def project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["project"]


def declared_scripts() -> set[str]:
    meta = project()
    return {*meta["scripts"], *meta["gui-scripts"]}


def run_validator(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (Debian: desktop-file-utils, appstream)")
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_desktop_entry_passes_desktop_file_validate():
    result = run_validator("desktop-file-validate", str(DESKTOP))
    # It prints errors, warnings and hints alike; a clean file prints nothing.
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_metainfo_passes_appstreamcli_without_warnings():
    result = run_validator("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout
    # Errors and warnings start with E: and W:. Information lines (I:) may remain: Debian
    # 12's appstream 0.16 does not know AppStream 1.0's <developer> tag, which newer
    # validators require instead of the deprecated <developer_name>.
    problems = [line for line in result.stdout.splitlines() if line.startswith(("E:", "W:"))]
    assert not problems, result.stdout


def test_one_id_names_the_desktop_file_the_metainfo_and_the_running_application():
    root = metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name


def test_desktop_entry_starts_a_script_that_pyproject_installs():
    entry = desktop_entry()
    assert entry["Exec"].split()[0] in project()["gui-scripts"]
    assert entry["TryExec"] == entry["Exec"].split()[0]


def test_metainfo_provides_every_installed_command():
    binaries = {element.text for element in metainfo().iterfind("provides/binary")}
    assert binaries == declared_scripts()


def test_the_icon_name_has_a_png_in_every_theme_size():
    icon = desktop_entry()["Icon"]
    assert metainfo().findtext("icon[@type='stock']") == icon
    assert icon == render.NAME
    for size in render.THEME_SIZES:
        assert render.theme_png(size).is_file()


def test_the_screenshot_url_points_at_the_screenshot_in_this_repository():
    url = metainfo().findtext("screenshots/screenshot/image") or ""
    assert url.startswith("https://")
    assert url.endswith("/resources/screenshots/preview-push.png")
    assert (RESOURCES / "screenshots" / "preview-push.png").is_file()


def test_the_newest_release_is_the_project_version():
    """Software centres show the newest <release>: a version bump needs its release entry."""
    releases = [release.get("version") for release in metainfo().iterfind("releases/release")]
    assert releases and releases[0] == project()["version"]
