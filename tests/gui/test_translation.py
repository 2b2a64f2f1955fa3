"""The window speaks the user's language: every marked text is translated, the committed
translation files follow the code, the marking follows gui/translation.py's conventions,
and with the German translation installed, no English text of the code is left on screen.

Files not translated yet are listed in NOT_YET_TRANSLATED: their texts are not checked.
Mark a listed file's texts and translate them; once all its messages are translated, a
test says to take it off the list (from then on its texts are checked like any other);
the list ends empty.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSpinBox,
    QTabBar,
    QTableView,
    QTreeView,
    QWidget,
)

from bucketferry.core.sharing.shares import Share
from bucketferry.gui import MainWindow
from bucketferry.gui.dialogs.export_dialog import FILE_TYPES
from bucketferry.gui.dialogs.run_report import run_problems, run_status, show_replaced_copies
from bucketferry.gui.messages import show_error
from bucketferry.gui.translation import install_translations, remove_translations
from bucketferry.gui.widgets.progress_row import files_done_words
from bucketferry.gui.window_actions import APP_NAME, show_about
from tests.gui.window_driver import confirm, preview, wait_idle, when_shown
from tests.helpers import write

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "gui"
TS = GUI / "i18n" / "bucketferry_de.ts"
QM = TS.with_suffix(".qm")


def _script(name: str) -> ModuleType:
    """A script of packaging/ (no package) as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


update_translations = _script("update_translations")

NOT_YET_TRANSLATED: frozenset[str] = frozenset()
"""Source files whose texts are still English only (relative to gui/)."""

KEPT_IN_ENGLISH = frozenset({APP_NAME, FILE_TYPES})
"""Literals that read the same in every language: names."""


# --- the source: what is marked, and how -------------------------------------------------------


def sources() -> dict[str, ast.Module]:
    return {
        str(path.relative_to(GUI)): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(GUI.rglob("*.py"))
    }


def _is_tr_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute | ast.Name)
        and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
        in ("tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP")
    )


def contexts_of(tree: ast.Module) -> set[str]:
    """The translation contexts a file's marked text lands in (as lupdate names them)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and inner.func.attr == "tr"
                    and isinstance(inner.func.value, ast.Name)
                    and inner.func.value.id == "self"
                ):
                    found.add(node.name)
        elif _is_tr_call(node):
            assert isinstance(node, ast.Call)
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "tr":
                if isinstance(func.value, ast.Name) and func.value.id != "self":
                    found.add(func.value.id)
            elif isinstance(func, ast.Name) and func.id == "QT_TRANSLATE_NOOP":
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.add(first.value)
    return found


def marks_text(tree: ast.Module) -> bool:
    return any(_is_tr_call(node) for node in ast.walk(tree))


@cache
def unchecked_contexts() -> frozenset[str]:
    """Contexts only files on NOT_YET_TRANSLATED use."""
    listed: set[str] = set()
    checked: set[str] = set()
    for name, tree in sources().items():
        (listed if name in NOT_YET_TRANSLATED else checked).update(contexts_of(tree))
    return frozenset(listed - checked)


def convention_problems(name: str, tree: ast.Module) -> list[str]:
    """How a file's marking breaks gui/translation.py's rules (see its docstring)."""
    problems = []
    contexts = {
        target.id: node.value.args[0].value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "Context"
        and node.value.args
        and isinstance(node.value.args[0], ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for variable, context in contexts.items():
        if variable != context:
            problems.append(f'{variable} = Context("{context}"): the names must match')
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func, where = node.func, f"{name}:{node.lineno}"
        if isinstance(func, ast.Name) and func.id in ("tr", "_"):
            problems.append(f"{where}: a bare {func.id}() (an alias?) lands in no context")
            continue
        if not (isinstance(func, ast.Attribute) and func.attr in ("tr", "translate")):
            continue
        owner = func.value.id if isinstance(func.value, ast.Name) else None
        if func.attr == "translate" and owner not in ("QCoreApplication", "QApplication"):
            continue  # QPainter.translate and the like
        args = node.args[1:] if func.attr == "translate" else node.args
        text = args[0] if args else None
        if isinstance(text, ast.JoinedStr | ast.BinOp | ast.Call):
            problems.append(f"{where}: the text is built in the call (f-string, % or +)")
        counted = len(args) >= 3 or any(k.arg == "n" for k in node.keywords)
        if counted and owner in ("self", "QCoreApplication", "QApplication"):
            problems.append(f"{where}: a count needs a Context's tr(), not {owner}")
        if func.attr == "tr" and owner not in (None, "self") and owner not in contexts:
            problems.append(f"{where}: {owner}.tr() without {owner} = Context('{owner}')")
    return problems


def test_marked_text_follows_the_conventions():
    problems = [
        problem
        for name, tree in sources().items()
        if name != "translation.py"  # the machinery itself
        for problem in convention_problems(name, tree)
    ]
    assert problems == []


def test_every_listed_file_exists():
    assert sorted(NOT_YET_TRANSLATED - set(sources())) == []


# --- the translation files ---------------------------------------------------------------------


@cache
def messages() -> list[tuple[str, str, bool, ET.Element]]:
    """(context, source, numerus, translation element) for each message of the .ts."""
    found = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found.append(
                (
                    name,
                    message.findtext("source") or "",
                    message.get("numerus") == "yes",
                    message.find("translation"),
                )
            )
    return found


def translations(element: ET.Element | None, numerus: bool) -> list[str]:
    if element is None:
        return []
    if numerus:
        return [form.text or "" for form in element.iter("numerusform")]
    return [element.text or ""]


PLACEHOLDER = re.compile(r"\{\w*\}")
FILLED = r"\{\w*\}|%n|%s|%d"
"""Where a value goes into a text."""
ACCELERATOR = re.compile(r"&(?!&|amp;|lt;|gt;|quot;|apos;|nbsp;)\S")


def translation_problems(context: str, source: str, numerus: bool, element) -> list[str]:
    said = f"{context}: {source!r}"
    if element is None or element.get("type") in ("unfinished", "obsolete", "vanished"):
        return [f"{said} is {element.get('type') if element is not None else 'missing'}"]
    forms = translations(element, numerus)
    problems = []
    if numerus and len(forms) != 2:
        problems.append(f"{said}: German has 2 plural forms, not {len(forms)}")
    for form in forms:
        if not form.strip() and source.strip():
            problems.append(f"{said}: an empty translation")
        if sorted(PLACEHOLDER.findall(form)) != sorted(PLACEHOLDER.findall(source)):
            problems.append(f"{said}: {form!r} has other {{placeholders}}")
        if ("%n" in source) != ("%n" in form):
            problems.append(f"{said}: {form!r} drops or adds %n")
        if len(ACCELERATOR.findall(form)) != len(ACCELERATOR.findall(source)):
            problems.append(f"{said}: {form!r} has no (or another number of) & shortcut")
    return problems


def test_translated_files_leave_the_not_yet_translated_list():
    """A listed file whose marked messages are all translated is done: take it off the
    list, so its texts are checked on screen too."""
    done = []
    for name, tree in sources().items():
        contexts = contexts_of(tree) if name in NOT_YET_TRANSLATED else set()
        found = [m for m in messages() if m[0] in contexts]
        if found and not any(translation_problems(*m) for m in found):
            done.append(name)
    assert done == [], "take these off NOT_YET_TRANSLATED"


def test_every_message_is_translated():
    skipped = unchecked_contexts()
    problems = [
        problem
        for context, source, numerus, element in messages()
        if context not in skipped
        for problem in translation_problems(context, source, numerus, element)
    ]
    assert problems == []


def test_shortcut_letters_are_unique_in_each_menu_and_the_toolbar(german_window: MainWindow):
    def letters(texts: list[str]) -> list[str]:
        return [m.group()[1].lower() for t in texts for m in ACCELERATOR.finditer(t)]

    groups = {"menu bar": [a.text() for a in german_window.menuBar().actions()]}
    for action in german_window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            groups[action.text()] = [a.text() for a in menu.actions() if a.text()]
    bar = german_window.connection_bar
    groups["toolbar"] = groups["menu bar"] + [
        w.text() for w in bar.findChildren(QLabel) + bar.findChildren(QAbstractButton)
    ]
    clashes = {
        name: texts
        for name, texts in groups.items()
        if len(set(letters(texts))) != len(letters(texts))
    }
    assert clashes == {}


needs_tools = pytest.mark.skipif(
    shutil.which("pyside6-lupdate") is None
    and not (Path(sys.executable).parent / "pyside6-lupdate").exists(),
    reason="pyside6-lupdate/lrelease (PySide6's tools) are not installed",
)


@needs_tools
def test_the_ts_file_follows_the_code():
    assert not update_translations.lags_behind("de"), "run python packaging/update_translations.py"


@needs_tools
def test_the_qm_file_is_compiled_from_the_ts(tmp_path: Path):
    made = tmp_path / "made.qm"
    update_translations.release(TS, made)
    assert made.read_bytes() == QM.read_bytes(), "run python packaging/update_translations.py"


def test_the_qm_file_ships_with_the_package():
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "i18n/*.qm" in data["package-data"]["bucketferry.gui"]


# --- loading ---------------------------------------------------------------------------------


def test_a_german_system_gets_german_and_qts_own_german():
    """As a user starts it: LANG picks the language (a fresh process: QLocale.system() is
    read once)."""
    script = (
        "from PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from bucketferry.gui.translation import install_translations\n"
        "app = QApplication([])\n"
        "found = install_translations()\n"
        "print(len(found))\n"
        "print(QCoreApplication.translate('window_actions', '&File'))\n"
        "print(QCoreApplication.translate('QPlatformTheme', 'Cancel'))\n"
    )
    env = {**os.environ, "LANG": "de_DE.UTF-8", "LANGUAGE": "", "LC_ALL": ""}
    env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[1] == "&Datei"
    if out[0] == "2":  # Qt's own translations are there (PySide6 ships them)
        assert out[2] == "Abbrechen"


def test_english_needs_no_translation_and_counts_read_as_english(qapp):
    found = install_translations(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        assert not any("bucketferry" in translator.filePath() for translator in found)
        assert files_done_words(1, 1) == "1/1 file"
        assert files_done_words(2, 3) == "2/3 files"
        assert files_done_words(0, 0) == "0/0 files"
    finally:
        remove_translations()


# --- on screen: no English left ----------------------------------------------------------------


@pytest.fixture
def german(qapp) -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    found = install_translations()
    assert found, "bucketferry_de.qm did not load"
    yield
    remove_translations()
    QLocale.setDefault(before)


@pytest.fixture
def german_window(german, qtbot) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    yield win
    win.jobs.cancel_all()
    win.jobs.wait_all()


Visit = Callable[[QWidget], None]
"""Called with each window or dialog while it is open."""
Opener = Callable[..., None]
"""(qtbot, window, tmp_path, visit): brings up a dialog as a user would, visits it."""


def bucket_folder(window: MainWindow) -> Path:
    profile = window.profiles.get(window.connection_bar.connection_name())
    return Path(profile.key) / profile.bucket


def forced_push(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """A run to look back on: a file pushed over the bucket's own (its copy kept), and a
    new one."""
    write(bucket_folder(window) / "a.txt", "theirs")
    write(tmp_path / "data/a.txt", "mine, longer")
    write(tmp_path / "data/c.txt", "new")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    preview(qtbot, window, "push")
    confirm(force=True)
    window.run()
    wait_idle(qtbot, window)


def when_visible(kind: type[QWidget], handle: Visit) -> None:
    """Act on a top-level ``kind`` (say a QFileDialog that a static function runs modally)
    as soon as it shows."""

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                handle(widget)
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def open_main_window(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    forced_push(qtbot, window, tmp_path)
    preview(qtbot, window, "push")  # the status bar says what it found
    visit(window)


def open_history(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    forced_push(qtbot, window, tmp_path)
    dialog = window.show_history()
    page = dialog.page
    qtbot.waitUntil(lambda: page.files_model.rowCount() > 0, timeout=10_000)
    visit(dialog)
    dialog.tabs.setCurrentWidget(dialog.backups_tab)
    tab = dialog.backups_tab
    qtbot.waitUntil(
        lambda: tab.model.rowCount() > 0 and tab.refresh_button.isEnabled(), timeout=10_000
    )
    visit(dialog)
    seen: list[QWidget] = []

    def look_and_cancel(box: QWidget) -> None:
        visit(box)
        seen.append(box)
        box.reject()

    when_shown("pruneConfirmDialog", look_and_cancel)
    tab.days_spin.setValue(0)
    tab.prune_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    dialog.reject()


def open_undo_confirmation(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    forced_push(qtbot, window, tmp_path)
    dialog = window.show_history()
    qtbot.waitUntil(lambda: dialog.page.undo_button.isEnabled(), timeout=10_000)
    seen: list[QWidget] = []

    def look_and_cancel(confirmation: QWidget) -> None:
        visit(confirmation)
        seen.append(confirmation)
        confirmation.reject()

    when_shown("undoConfirmDialog", look_and_cancel)
    dialog.page.undo_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    qtbot.waitUntil(lambda: not dialog.undoing, timeout=20_000)
    visit(dialog)  # the plan in the table, and what the status line says after Cancel
    dialog.reject()


def open_delete_confirmation(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    forced_push(qtbot, window, tmp_path)
    tree = window.trees.remote_tree
    qtbot.waitUntil(lambda: tree.model().rowCount() > 0, timeout=10_000)
    selection = tree.selectionModel()
    selection.select(
        tree.model().index(0, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    )
    seen: list[QWidget] = []

    def look_and_cancel(dialog: QWidget) -> None:
        visit(dialog)
        seen.append(dialog)
        dialog.reject()

    when_shown("deleteDialog", look_and_cancel)
    window.menu_actions.delete_remote.trigger()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    wait_idle(qtbot, window)


def open_export(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    write(tmp_path / "data/a.txt", "a")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    preview(qtbot, window, "push")
    seen: list[QWidget] = []

    def look_and_cancel(dialog: QWidget) -> None:
        visit(dialog)
        seen.append(dialog)
        dialog.reject()

    when_visible(QFileDialog, look_and_cancel)
    window.menu_actions.export.trigger()  # returns once the dialog is closed
    assert seen


def open_run_report(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    """What a run with failures, refusals and kept copies says (the engine's reasons
    themselves are the engine's words)."""
    failed = [SimpleNamespace(name=f"f{i}.txt", reason="reason") for i in range(7)]
    refused = [SimpleNamespace(name=f"r{i}.txt", reason=f"why {i % 7}") for i in range(20)]
    kept = {f"/here/k{i}.txt": f"/trash/k{i}.txt" for i in range(7)}
    summary = SimpleNamespace(
        synced_files=[1, 2],
        failed_files=failed,
        refused_files=refused,
        cancelled=True,
        replaced_copies=kept,
    )
    problems = run_problems(summary)
    assert problems is not None
    show_error(window, *problems)
    show_replaced_copies(window, kept)
    window.statusBar().showMessage(run_status(summary))
    for name in ("errorDialog", "replacedCopiesDialog"):
        box = next(w for w in window.findChildren(QMessageBox, name) if w.isVisible())
        visit(box)
        box.close()
    visit(window)


def open_about(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    seen: list[QWidget] = []

    def look_and_close(box: QWidget) -> None:
        visit(box)
        seen.append(box)
        box.close()

    when_visible(QMessageBox, look_and_close)
    show_about(window)  # modal: returns once closed
    assert seen


def open_connections(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    seen: list[QWidget] = []

    def look_and_close(dialog: QWidget) -> None:
        visit(dialog)
        seen.append(dialog)
        dialog.reject()

    when_shown("connectionDialog", look_and_close)
    window.menu_actions.manage.trigger()  # modal: returns once closed
    assert seen


def open_confirmation(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    """The push confirmation with a file that only overwriting would replace."""
    write(bucket_folder(window) / "a.txt", "theirs")
    write(tmp_path / "data/a.txt", "mine, longer")
    write(tmp_path / "data/c.txt", "new")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    preview(qtbot, window, "push")
    seen: list[QWidget] = []

    def look_and_cancel(dialog: QWidget) -> None:
        visit(dialog)
        seen.append(dialog)
        dialog.reject()

    when_shown("confirmDialog", look_and_cancel)
    window.run()
    assert seen


def open_differences(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    write(bucket_folder(window) / "a.txt", "theirs\n")
    write(tmp_path / "data/a.txt", "mine\n")
    window.connection_bar.local_edit.setText(str(tmp_path / "data"))
    preview(qtbot, window, "push")
    window.show_differences()
    dialog = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "diffDialog")
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    visit(dialog)
    dialog.close()


def open_guide(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    from bucketferry.gui.dialogs.guide_dialog import show_guide

    guide = show_guide(window)
    visit(guide)
    guide.close()


def made_up_share(kind: str, expired: bool = False) -> Share:
    """A share as the engine returns one, to show a made link's words without a server (the
    window's bucket is a local folder, which makes no links)."""
    now = datetime.now(UTC) - (timedelta(days=8) if expired else timedelta())
    return Share(
        f"20261130-{kind}",
        kind,
        "reports/a.csv" if kind == "file" else "reports",
        now,
        now + timedelta(days=3),
        files=1 if kind == "file" else 3,
        bytes=1500,
        max_size=2 * 1000**3 if kind == "request" else None,
        incoming="reports/incoming/20261130-request/" if kind == "request" else None,
        url=None if expired else f"https://example.com/{kind}?X-Amz-Signature=0",
    )


def open_share(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    """Share… on the local-folder bucket (which says why it makes no links), then a made
    link's words."""
    from bucketferry.gui.dialogs.share_dialog import ShareDialog

    window.menu_actions.share.trigger()
    dialog = next(w for w in window.findChildren(ShareDialog) if w.isVisible())
    visit(dialog)
    for kind in ("file", "folder"):
        dialog.show_share(made_up_share(kind))
        visit(dialog)
    dialog.panel.copy_link_button.click()
    visit(dialog)
    dialog.close()


def open_request(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    from bucketferry.gui.dialogs.request_dialog import RequestDialog

    window.menu_actions.request_files.trigger()
    dialog = next(w for w in window.findChildren(RequestDialog) if w.isVisible())
    visit(dialog)
    dialog.show_request(made_up_share("request"))
    visit(dialog)
    dialog.close()


def open_shares(qtbot, window: MainWindow, tmp_path: Path, visit: Visit) -> None:
    """Sync ▸ Shares… with a row of each kind, copying one, and the question before each
    revoke (cancelled)."""
    from bucketferry.gui.dialogs.shares_dialog import SharesDialog

    window.menu_actions.shares.trigger()
    dialog = next(w for w in window.findChildren(SharesDialog) if w.isVisible())
    qtbot.waitUntil(lambda: not dialog.links.working, timeout=10_000)
    visit(dialog)
    shares = [made_up_share(k) for k in ("file", "folder", "request")]
    shares.append(made_up_share("folder", expired=True))
    dialog.model.set_items(shares)
    dialog.table.selectRow(0)
    dialog.copy_button.click()
    visit(dialog)
    for row in range(len(shares)):
        dialog.table.selectRow(row)
        seen: list[QWidget] = []

        def look_and_cancel(box: QWidget, seen: list[QWidget] = seen) -> None:
            visit(box)
            seen.append(box)
            box.reject()

        when_shown("revokeConfirmDialog", look_and_cancel)
        dialog.revoke_button.click()
        qtbot.waitUntil(lambda seen=seen: bool(seen), timeout=5_000)
    dialog.close()


CHECKED_DIALOGS: dict[str, Opener] = {
    "main window": open_main_window,
    "history": open_history,
    "undo confirmation": open_undo_confirmation,
    "delete confirmation": open_delete_confirmation,
    "export": open_export,
    "run report": open_run_report,
    "about": open_about,
    "connections": open_connections,
    "confirmation": open_confirmation,
    "differences": open_differences,
    "guide": open_guide,
    "share": open_share,
    "request": open_request,
    "shares": open_shares,
}
"""The windows checked in German and for accessible names."""

NOT_YET_TRANSLATED_DIALOGS: dict[str, Opener] = {}
"""Checked for accessible names only, until their files are translated: then move each
into CHECKED_DIALOGS."""


def shown_texts(root: QWidget) -> list[str]:
    """What a person reads (or hears) in ``root`` and its children: titles, labels,
    buttons, menus, tabs, headers, placeholders, tooltips, accessible names."""
    texts: list[str] = [root.windowTitle()]
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        texts += [
            widget.toolTip(),
            widget.whatsThis(),
            widget.accessibleName(),
            widget.accessibleDescription(),
        ]
        if widget.isWindow() or widget.windowTitle():
            texts.append(widget.windowTitle())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QAbstractSpinBox):
            texts.append(widget.specialValueText())
            if isinstance(widget, QSpinBox):
                texts += [widget.prefix(), widget.suffix()]
        if isinstance(widget, QTabBar):
            for index in range(widget.count()):
                texts += [widget.tabText(index), widget.tabToolTip(index)]
        if isinstance(widget, QMessageBox):
            texts += [widget.text(), widget.informativeText(), widget.detailedText()]
        header = (
            widget.horizontalHeader()
            if isinstance(widget, QTableView)
            else widget.header()
            if isinstance(widget, QTreeView)
            else None
        )
        if header is not None and widget.model() is not None:
            model = widget.model()
            for column in range(header.count()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    said = model.headerData(column, Qt.Orientation.Horizontal, role)
                    texts.append(said if isinstance(said, str) else "")
        if isinstance(widget, QMenu):
            texts.append(widget.title())
        for action in widget.actions():
            texts += [action.text(), action.toolTip(), action.statusTip()]
            if isinstance(menu := action.menu(), QMenu):
                texts.append(menu.title())
                texts += [a.text() for a in menu.actions()] + [a.toolTip() for a in menu.actions()]
    if isinstance(root, QMainWindow):
        texts.append(root.statusBar().currentMessage())
    return [text for text in texts if text and re.search("[A-Za-z]{2}", text)]


def literal_pattern(node: ast.AST) -> tuple[str, re.Pattern[str]] | None:
    """The English a string in the code shows, as a pattern that matches it with any
    values filled in ({placeholders} and f-string values: any text; %n: a number; "(s)":
    an English plural)."""
    parts: list[str | None]  # None: a value filled in
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
        parts = [
            None if re.fullmatch(FILLED, piece) else piece
            for piece in re.split(f"({FILLED})", text)
        ]
        counts = re.findall(FILLED, text)
    elif isinstance(node, ast.JoinedStr):
        parts = [
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else None
            for v in node.values
        ]
        text = "".join(p if p is not None else "{}" for p in parts)
        counts = ["{}" for p in parts if p is None]
    else:
        return None
    # words a person reads: markup ("<b style='color:{}'>") is not English
    words = re.findall("[A-Za-z]{3,}", re.sub("<[^>]*>", " ", " ".join(p for p in parts if p)))
    if len(words) < (2 if counts else 1) or not (" " in text or text[:1].isupper()):
        return None  # a name, a key, or a pattern that would match any text
    values = iter(counts)
    regex = "".join(
        (r"\d+" if next(values) == "%n" else "(.+?)")
        if p is None
        else re.escape(p).replace(r"\(s\)", "s?")
        for p in parts
    )
    return text, re.compile(regex, re.DOTALL)


@cache
def english_literals() -> list[tuple[str, str, re.Pattern[str], list[str]]]:
    """(file, text, pattern, phrases) for every English string in the checked files;
    ``phrases``: its pieces of three words or more, which must not appear anywhere."""
    kept_as_is = {
        source
        for _, source, numerus, element in messages()
        if source in translations(element, numerus)
    } | KEPT_IN_ENGLISH
    found = []
    for name, tree in sources().items():
        if name in NOT_YET_TRANSLATED:
            continue
        docstrings = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        inside_fstrings = {
            id(value)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for value in node.values
        }
        for node in ast.walk(tree):
            if id(node) in docstrings or id(node) in inside_fstrings:
                continue
            made = literal_pattern(node)
            if made is None or made[0] in kept_as_is:
                continue
            text, pattern = made
            pieces = re.split(FILLED, text)
            phrases = [p.strip() for p in pieces if len(re.findall(r"[A-Za-z]+", p)) >= 3]
            found.append((name, text, pattern, phrases))
    return found


def english_left(texts: list[str]) -> list[str]:
    left = []
    for shown in texts:
        for name, text, pattern, phrases in english_literals():
            if pattern.fullmatch(shown) or any(phrase in shown for phrase in phrases):
                left.append(f"{shown!r} is {text!r} of gui/{name}")
    return left


@pytest.mark.parametrize("dialog", CHECKED_DIALOGS)
def test_no_english_is_left_on_screen_in_german(
    dialog: str, german_window: MainWindow, qtbot, tmp_path: Path
):
    seen: list[str] = []
    CHECKED_DIALOGS[dialog](qtbot, german_window, tmp_path, lambda w: seen.extend(shown_texts(w)))
    assert seen
    assert english_left(seen) == []


def test_the_check_would_see_english(qtbot, qapp):
    """Without the German translation the same walk finds English: the check works."""
    remove_translations()
    win = MainWindow()
    qtbot.addWidget(win)
    try:
        assert any("&File" in text for text in shown_texts(win))
        assert english_left(shown_texts(win))
    finally:
        win.jobs.cancel_all()
        win.jobs.wait_all()
