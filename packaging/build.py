"""Build Bucket Ferry's self-contained application folder with PyInstaller.

    python3 packaging/build.py        # -> dist/bucketferry/{bucketferry,bucketferry-gui,_internal/}

It makes a fresh virtual environment in build/package-venv, installs the project into it as
a user would (a wheel, not editable) with the ``package`` extra, then runs PyInstaller on
packaging/bucketferry.spec, and prints the time taken and the folder's size. A fresh
environment keeps the build's contents to what the project declares, whatever else the
calling Python has installed. Written in Python rather than shell so that the same command
works on Windows (the spec says what is untried there).

The smoke test of the result:
    BUCKETFERRY_FROZEN_APP=dist/bucketferry python -m pytest tests/packaging -q
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
VENV = BUILD / "package-venv"
DIST = ROOT / "dist"


def folder_size(folder: Path) -> int:
    """Bytes on disk, counting each file once (PyInstaller links some libraries twice)."""
    return sum(
        path.stat().st_size
        for path in folder.rglob("*")
        if not path.is_symlink() and path.is_file()
    )


def venv_program(name: str) -> str:
    scripts = VENV / ("Scripts" if sys.platform == "win32" else "bin")
    return str(scripts / name)


def main() -> int:
    started = time.monotonic()
    # setuptools reuses build/lib when it makes the wheel: a module deleted from the source
    # would otherwise still be packaged from there.
    for stale in (VENV, BUILD / "lib", BUILD / "pyinstaller", DIST / "bucketferry"):
        shutil.rmtree(stale, ignore_errors=True)
    venv.create(VENV, with_pip=True)
    subprocess.run(
        [venv_program("python"), "-m", "pip", "install", "--quiet", f"{ROOT}[package]"],
        check=True,
    )
    installed = time.monotonic()
    subprocess.run(
        [
            venv_program("pyinstaller"),
            "--noconfirm",
            "--log-level=WARN",
            f"--distpath={DIST}",
            f"--workpath={BUILD / 'pyinstaller'}",
            str(ROOT / "packaging" / "bucketferry.spec"),
        ],
        check=True,
    )
    done = time.monotonic()
    result = DIST / "bucketferry"
    print(
        f"Built {result}: {folder_size(result) / 1e6:.0f} MB in {done - started:.0f} s "
        f"(environment {installed - started:.0f} s, PyInstaller {done - installed:.0f} s)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
