"""Help ▸ Getting started: a short guide inside the application, in plain words, with the
states' colours, shapes and words as the table shows them (:mod:`.guide_text`).

Not modal: the guide can stay open beside the window while one follows its steps. One
guide per window; asking again brings it to the front.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ..sync_states import state_icon
from .guide_text import GUIDE_STATES, guide_html, state_image

ICON_SIZE = 16


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("Getting started"))
        self.text = QTextBrowser()
        self.text.setObjectName("guideText")
        self.text.setAccessibleName(self.tr("Getting started"))
        self.text.setOpenLinks(False)  # no links lead out of the application
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("guideCloseButton")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        width = self.fontMetrics().averageCharWidth()
        self.resize(width * 110, self.fontMetrics().lineSpacing() * 42)
        self._fill()

    def _fill(self) -> None:
        """The guide in the colours of the current palette, with each state's icon."""
        document = self.text.document()
        ratio, palette = self.devicePixelRatioF(), self.palette()  # the text's, inherited
        for state in GUIDE_STATES:
            pixmap = state_icon(state, palette).pixmap(QSize(ICON_SIZE, ICON_SIZE), ratio)
            document.addResource(
                QTextDocument.ResourceType.ImageResource,
                QUrl(state_image(state)),
                pixmap.toImage(),
            )
        self.text.setHtml(guide_html(palette))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark: colours follow
            self._fill()


def show_guide(parent: QWidget) -> GuideDialog:
    """Shows the guide beside ``parent`` (the same one again if it is open)."""
    for existing in parent.findChildren(GuideDialog, "guideDialog"):
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    guide = GuideDialog(parent)
    guide.show()
    return guide
