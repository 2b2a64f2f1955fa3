"""Smoke test of the PyInstaller folder that packaging/build.py makes, run as a user runs it.
Only when asked, because it needs a build:

    BUCKETFERRY_FROZEN_APP=dist/bucketferry python -m pytest tests/packaging -q

What it proves: both executables start; the version metadata, the window icon, libcloud's
S3 and Google Cloud Storage drivers and keyring's backends (all found by name at run time,
out of PyInstaller's sight) are in the folder; the window opens offscreen and closes with
exit code 0; and no bundled library links one that is neither bundled nor on this machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest

from bucketferry.core import RemoteStorage, RemoteStorageConfig
from bucketferry.core.profiles import SecretStore
from tests.gcs_endpoint import gcs_config, gcs_endpoint
from tests.helpers import write

FROZEN = os.environ.get("BUCKETFERRY_FROZEN_APP", "")
pytestmark = pytest.mark.skipif(
    not FROZEN, reason="set BUCKETFERRY_FROZEN_APP to a folder made by packaging/build.py"
)
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""

Run = subprocess.CompletedProcess[str]


def frozen(program: str, *args: str, env: dict[str, str] | None = None) -> Run:
    """A program of the built folder, with this test's (temporary) user folders."""
    path = Path(FROZEN) / f"{program}{EXE_SUFFIX}"
    assert path.is_file(), f"{path} does not exist: build it with packaging/build.py"
    return subprocess.run(
        [str(path), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def succeeded(result: Run) -> bool:
    return result.returncode == 0 and "Traceback" not in result.stderr


def connection_options(conf: RemoteStorageConfig) -> list[str]:
    assert conf.host is not None and conf.port is not None
    return [
        *("--provider", conf.provider, "--bucket", conf.bucket, "--key", conf.key),
        *("--host", conf.host, "--port", str(conf.port), "--no-tls"),
    ]


def test_version_is_the_installed_projects():
    result = frozen("bucketferry", "--version")
    assert succeeded(result), result.stderr
    assert result.stdout.strip() == f"bucketferry {version('bucketferry')}"


def test_push_and_list_on_the_embedded_bucket(tmp_path: Path):
    write(tmp_path / "src/photos/a.txt", "alpha")
    pushed = frozen("bucketferry", "push", "photos", "--local-prefix", str(tmp_path / "src"))
    assert succeeded(pushed), pushed.stderr
    listed = frozen("bucketferry", "ls")
    assert succeeded(listed), listed.stderr
    assert "photos/a.txt" in listed.stdout


def assert_frozen_push_lands(conf: RemoteStorageConfig, tmp_path: Path) -> None:
    """The built command pushes a file to ``conf``'s bucket, where the engine finds it."""
    write(tmp_path / "src/data/a.txt", "alpha")
    result = frozen(
        "bucketferry",
        *("push", "data", "--local-prefix", str(tmp_path / "src"), *connection_options(conf)),
        env={"BUCKETFERRY_SECRET": conf.secret},
    )
    assert succeeded(result), result.stderr
    assert [o.name for o in RemoteStorage(conf).list_objects("data")] == ["data/a.txt"]


def test_push_to_s3_through_the_bundled_driver(
    s3_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
):
    assert_frozen_push_lands(s3_conf(), tmp_path)


def test_push_to_google_cloud_storage_through_the_bundled_driver(tmp_path: Path):
    with gcs_endpoint() as (host, port, _):
        conf = gcs_config(host, port)
        RemoteStorage(conf).create_bucket()
        assert_frozen_push_lands(conf, tmp_path)


def test_push_to_azure_through_the_bundled_driver(
    azure_conf: Callable[..., RemoteStorageConfig], tmp_path: Path
):
    assert_frozen_push_lands(azure_conf(), tmp_path)


@pytest.mark.parametrize("command", [["bucketferry-gui"], ["bucketferry", "gui"]])
def test_the_window_opens_offscreen_and_closes_cleanly(command: list[str]):
    result = frozen(
        *command,
        env={"QT_QPA_PLATFORM": "offscreen", "BUCKETFERRY_CLOSE_AFTER_MS": "1000"},
    )
    assert succeeded(result), result.stderr
    # The first start made the local-folder connection; closing saved the window's state.
    config = Path(os.environ["BUCKETFERRY_CONFIG_DIR"])
    assert (config / "profiles.json").is_file()
    assert (config / "settings.ini").is_file()


def test_the_window_finds_the_password_store_the_installed_package_finds():
    """keyring chooses its backend through entry points: without its metadata and backend
    modules in the folder, the frozen window would say there is no password store."""
    if not SecretStore().available():
        pytest.skip("no usable password store here (.ci/run starts one)")
    result = frozen(
        "bucketferry-gui",
        env={"QT_QPA_PLATFORM": "offscreen", "BUCKETFERRY_CLOSE_AFTER_MS": "1000"},
    )
    assert succeeded(result), result.stderr
    log = Path(os.environ["XDG_STATE_HOME"]) / "bucketferry" / "log" / "bucketferry.log"
    assert "Password store not usable" not in log.read_text(encoding="utf-8")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd is Linux's")
def test_every_bundled_library_resolves_its_dependencies():
    """PyInstaller bundles the libraries it finds on the build machine; one it cannot find
    (e.g. libxcb-icccm for Qt's X11 plugin) is silently left out."""
    internal = Path(FROZEN) / "_internal"
    unresolved = []
    for library in internal.rglob("*.so*"):
        if library.is_symlink() or not library.is_file():
            continue
        result = subprocess.run(
            ["ldd", str(library)],
            capture_output=True,
            text=True,
            env={**os.environ, "LD_LIBRARY_PATH": str(internal)},
            timeout=60,
        )
        unresolved += [
            f"{library.name}: {line.strip()}"
            for line in result.stdout.splitlines()
            if "not found" in line
        ]
    assert not unresolved, "\n".join(unresolved)
