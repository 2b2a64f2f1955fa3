"""The window in the user's language (Qt's translation system), and how to mark text.

Loading: :func:`install_translations`, called by ``gui/app.py`` before the window is built,
installs ``gui/i18n/bucketferry_<language>.qm`` for ``QLocale()`` (the system's, so
``LANG=de_DE.UTF-8`` gives German; tests call ``QLocale.setDefault``) and Qt's own
``qtbase_<language>.qm`` (standard buttons, file dialogs) when Qt ships it. English needs
no file.

Marking: every text a person reads or hears (labels, buttons, menus, titles, tooltips,
placeholders, accessible names, status and dialog texts) goes through one of these:

* In a method of a QObject subclass: ``self.tr("Close")`` (context: the class's name).
* Elsewhere (functions, plain classes): a module-level ``Context`` whose variable has
  exactly its name, by convention the module's, and the call written out in full::

      run_report = Context("run_report")
      run_report.tr("Some files were left alone")

  (lupdate takes the context from the word before ``.tr``: never alias it as ``tr``).
* Counts, also inside QObject classes: ``<context>.tr("%n file(s)", "", n)`` with a
  ``Context`` (English then reads "1 file"/"3 files"; German gets both plural forms).
  Not ``self.tr`` (PySide drops plurals in subclasses), not ``QCoreApplication.translate``
  (lupdate silently drops a count that is not a literal number).
* Values: named placeholders filled after translating, whole sentences, so word order
  can change: ``self.tr("Delete {count} from {where}?").format(count=..., where=...)``.
  Never an f-string, ``%`` or ``+`` inside ``tr()``.
* Text fixed at import time (class attributes, constants): ``QT_TRANSLATE_NOOP("<context>",
  "text")`` from this module (typed, unlike PySide's), translated where shown with
  ``Context("<context>").tr(text)``; table headers: see ``models/list_table.py``.
* A note for the translator: a ``#:`` comment on the line before the call (never a
  comment starting with the word TRANSLATOR: lupdate reads that as a context).

English on purpose: log lines (shared with the command line), the engine's messages
(``core/`` has no Qt), file names, objectNames, settings keys.

Updating: ``python packaging/update_translations.py`` runs lupdate over ``gui/`` into
``gui/i18n/bucketferry_de.ts`` (new text comes in unfinished), then lrelease into the
``.qm``. Translate the unfinished messages (``pyside6-linguist``, or the XML), run it again,
commit both files. ``tests/gui/test_translation.py`` fails while a message is unfinished or
either file lags; it also checks the windows in CHECKED_DIALOGS in German for English left
on screen. Files not translated yet are in its NOT_YET_TRANSLATED (not checked); a dialog
moves from NOT_YET_TRANSLATED_DIALOGS to CHECKED_DIALOGS once its files are done.

German words (keep them): push → Hochladen, pull → Herunterladen (the run buttons
"Hochladen…"/"Herunterladen…"), preview → Vorschau, bucket → Bucket (der), run (a recorded
push, pull, delete or undo) → Vorgang, undo → rückgängig machen, backup → Sicherung,
connection → Verbindung, this computer → dieser Computer, file → Datei, object → Objekt,
include/exclude → Einschließen/Ausschließen, wildcards → Platzhalter, regular expression
→ regulärer Ausdruck, differences → Unterschiede, overwrite → überschreiben, trash →
Papierkorb, left alone → unangetastet, hidden files → versteckte Dateien, log →
Protokoll, history → Verlauf. The user is "Sie"; quotes „so“.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

APP_CATALOGUE = "bucketferry"
"""``gui/i18n/bucketferry_<language>.qm``."""
QT_CATALOGUE = "qtbase"


def translations_folder() -> Path:
    """``gui/i18n`` inside the installed package (a wheel, an editable install or a
    PyInstaller folder all keep package files on disk)."""
    return Path(str(files("bucketferry.gui") / "i18n"))


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for lupdate, in ``context``, and returns it untranslated (mypy reads
    PySide's own as returning ``object``)."""
    return text


class Context:
    """The translations of one context, for code outside a QObject's methods (see the
    module's docstring). Thread-safe, like ``QCoreApplication.translate``."""

    def __init__(self, name: str) -> None:
        self.name = name

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """``text`` in the installed language. With ``n`` (a count), ``%n`` becomes the
        number, and an untranslated English "(s)" becomes the English plural."""
        said = QCoreApplication.translate(self.name, text, disambiguation, n)
        if n >= 0 and "(s)" in said:
            said = said.replace("(s)", "" if n == 1 else "s")
        return said


def _load(catalogue: str, folder: str | Path, locale: QLocale) -> QTranslator | None:
    translator = QTranslator(QCoreApplication.instance())
    if translator.load(locale, catalogue, "_", str(folder)):
        return translator
    translator.deleteLater()
    return None


def install_translations(locale: QLocale | None = None) -> list[QTranslator]:
    """Installs Bucket Ferry's and Qt's translations for ``locale`` (default: ``QLocale()``,
    the system's unless ``QLocale.setDefault`` changed it) into the running
    QCoreApplication; returns those found (none: English). The translators belong to the
    application and live as long as it, or until :func:`remove_translations`."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translations() needs a QApplication first")
    locale = locale if locale is not None else QLocale()
    remove_translations()
    found = [
        translator
        for catalogue, folder in (
            (QT_CATALOGUE, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            (APP_CATALOGUE, translations_folder()),
        )
        if (translator := _load(catalogue, folder, locale)) is not None
    ]
    for translator in found:
        translator.setObjectName("bucketferryTranslator")
        QCoreApplication.installTranslator(translator)
    return found


def remove_translations() -> None:
    """Back to English: removes what :func:`install_translations` installed (tests use it;
    widgets already built keep their text)."""
    app = QCoreApplication.instance()
    if app is None:
        return
    for translator in app.findChildren(QTranslator, "bucketferryTranslator"):
        QCoreApplication.removeTranslator(translator)
        translator.setParent(None)
        translator.deleteLater()
