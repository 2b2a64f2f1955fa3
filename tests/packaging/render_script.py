"""resources/icons/render_icons.py as a module, for the tests (it belongs to no package)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "resources" / "icons" / "render_icons.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_icons", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


render = _load()
