"""Updates the translations from the code, then compiles them for the application.

    python packaging/update_translations.py          # after changing marked text
    python packaging/update_translations.py --check  # exit 1 if the .ts lags the code

Runs ``pyside6-lupdate`` over every ``.py`` file in ``gui/`` into
``gui/i18n/bucketferry_<language>.ts`` for each language in LANGUAGES (new messages come
in unfinished, messages no longer in the code are dropped, source locations are not
written, so the file changes only when the text does), then ``pyside6-lrelease`` into the
``.qm`` beside it, which the application loads (gui/translation.py). Translate the
unfinished messages (``pyside6-linguist gui/i18n/bucketferry_de.ts``, or edit the XML),
run this again, and commit both files: ``tests/gui/test_translation.py`` fails while a
message is unfinished or either file is out of date.

The tools come with PySide6 (the dev environment's ``.venv/bin``); the script finds them
beside the running Python first, then on PATH.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUI = ROOT / "gui"
I18N = GUI / "i18n"
LANGUAGES = ("de",)
CATALOGUE = "bucketferry"


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install the project's dev dependencies (PySide6)")
    return found


def sources() -> list[str]:
    return sorted(str(path.relative_to(ROOT)) for path in GUI.rglob("*.py"))


def ts_file(language: str) -> Path:
    return I18N / f"{CATALOGUE}_{language}.ts"


def update_ts(ts: Path, language: str) -> None:
    """lupdate: ``ts`` follows the marked text in gui/ (run from the project's root, so
    the file names nothing of this machine)."""
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *sources(),
            "-locations",
            "none",
            "-no-obsolete",
            "-target-language",
            language,
            "-silent",
            "-ts",
            str(ts.relative_to(ROOT) if ts.is_relative_to(ROOT) else ts),
        ],
        cwd=ROOT,
        check=True,
    )


def release(ts: Path, qm: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True
    )


def lags_behind(language: str) -> bool:
    """Whether lupdate would change the committed .ts (run on a copy)."""
    committed = ts_file(language)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / committed.name
        shutil.copyfile(committed, copy)
        update_ts(copy, language)
        return copy.read_bytes() != committed.read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether a .ts lags")
    args = parser.parse_args(argv)
    if args.check:
        late = [language for language in LANGUAGES if lags_behind(language)]
        for language in late:
            print(f"{ts_file(language).relative_to(ROOT)} lags behind the code: run {__file__}")
        return 1 if late else 0
    I18N.mkdir(exist_ok=True)
    for language in LANGUAGES:
        ts = ts_file(language)
        update_ts(ts, language)
        release(ts, ts.with_suffix(".qm"))
        print(f"updated {ts.relative_to(ROOT)} and its .qm")
    return 0


if __name__ == "__main__":
    sys.exit(main())
