"""The layers stay layers: the engine imports nothing of the command line or the window, has
no import cycles, and its modules stay small enough to read in one sitting.

Imports are read from the source with ``ast`` (every import counts, also those inside
functions or under ``TYPE_CHECKING``: a cycle hidden there is still a cycle).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"core": "bucketferry.core", "cli": "bucketferry.cli", "gui": "bucketferry.gui"}


def modules(folder: str) -> dict[str, Path]:
    """Dotted module name -> source file, for every module of one top-level folder."""
    found = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join([PACKAGES[folder], *parts])] = path
    return found


def imported_names(name: str, path: Path) -> set[str]:
    """Every module (or module.attribute) the file imports, as absolute dotted names."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


CORE = modules("core")
IMPORTS = {name: imported_names(name, path) for name, path in CORE.items()}


def engine_imports(name: str) -> set[str]:
    return {other for other in IMPORTS[name] if other in CORE and other != name}


def test_the_engine_imports_neither_the_command_line_nor_the_window_nor_qt():
    clients = ("bucketferry.cli", "bucketferry.gui", "PySide6", "shiboken6")
    offenders = {
        name: sorted(i for i in names if i.startswith(clients))
        for name, names in IMPORTS.items()
        if any(i.startswith(clients) for i in names)
    }
    assert offenders == {}


def test_the_engine_has_no_import_cycle():
    visiting: list[str] = []
    done: set[str] = set()

    def visit(name: str) -> None:
        if name in visiting:
            cycle = [*visiting[visiting.index(name) :], name]
            pytest.fail("import cycle in core/: " + " -> ".join(cycle))
        if name in done:
            return
        visiting.append(name)
        for other in sorted(engine_imports(name)):
            visit(other)
        visiting.pop()
        done.add(name)

    for name in sorted(CORE):
        visit(name)


@pytest.mark.parametrize("leaf", ["errors", "remote_object", "states", "locations"])
def test_errors_records_and_states_import_nothing_of_the_engine(leaf: str):
    assert engine_imports(f"bucketferry.core.{leaf}") == set()


def test_no_module_is_too_long_to_read_in_one_sitting():
    limits = {path: 500 for path in CORE.values()}
    limits[ROOT / "gui" / "main_window.py"] = 400
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path, limit in limits.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > limit
    }
    assert too_long == {}


def test_a_local_folder_run_loads_no_network_library(tmp_path: Path):
    """requests and libcloud cost a process 10 MB and a tenth of a second before it does
    anything: a push and a pull on the embedded local-folder bucket import neither (the
    S3, Google and Azure stores are imported when a connection asks for one)."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src/a.txt").write_text("a")
    (tmp_path / "buckets/plan").mkdir(parents=True)
    code = f"""
import sys
from bucketferry.cli.main import main
where = ["--provider", "local", "--key", {str(tmp_path / "buckets")!r}, "--bucket", "plan"]
assert main(["push", ".", "--local-prefix", {str(tmp_path / "src")!r}, *where]) == 0
assert main(["pull", "", {str(tmp_path / "back")!r}, *where]) == 0
print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"requests", "libcloud", "urllib3"}}))
"""
    env = {
        **os.environ,
        "BUCKETFERRY_DATA_DIR": str(tmp_path / "data"),
        "BUCKETFERRY_CACHE_DIR": str(tmp_path / "cache"),
        "BUCKETFERRY_CONFIG_DIR": str(tmp_path / "config"),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "back/a.txt").read_text() == "a"
