"""Readable colours: the WCAG 2 contrast ratio, and a colour moved just far enough from its
background to be read on it.

Text in a state colour must stay readable on whatever the palette's background is, light or
dark, and whichever palette the system gives: rather than trusting a fixed pair of colours,
every colour is checked against the background it is drawn on and, where too faint, made
darker (on a light background) or lighter (on a dark one) in its own hue.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

MIN_CONTRAST = 4.5
"""WCAG 2 level AA for normal text."""
_MIDDLE = 0.179
"""The luminance at which black and white text contrast equally with a background."""


def _channel(value: int) -> float:
    share = value / 255
    return share / 12.92 if share <= 0.04045 else ((share + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: QColor) -> float:
    """WCAG 2's relative luminance: 0 for black, 1 for white."""
    return (
        0.2126 * _channel(colour.red())
        + 0.7152 * _channel(colour.green())
        + 0.0722 * _channel(colour.blue())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """From 1 (the same) to 21 (black on white); the order of the two does not matter."""
    darker, lighter = sorted((relative_luminance(first), relative_luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)


def mix(base: QColor, colour: QColor, share: float) -> QColor:
    """``colour`` laid over ``base`` at ``share`` (0: only base, 1: only colour), opaque."""
    return QColor(
        round(base.red() + (colour.red() - base.red()) * share),
        round(base.green() + (colour.green() - base.green()) * share),
        round(base.blue() + (colour.blue() - base.blue()) * share),
    )


def readable(colour: QColor, background: QColor, ratio: float = MIN_CONTRAST) -> QColor:
    """``colour`` if it contrasts with ``background`` by at least ``ratio``; else the
    nearest colour of the same hue that does (darker on a light background, lighter on a
    dark one); black or white where no shade of that hue can."""
    if contrast_ratio(colour, background) >= ratio:
        return QColor(colour)
    towards_black = relative_luminance(background) > _MIDDLE
    hue, saturation = colour.hslHueF(), colour.hslSaturationF()
    lightness, alpha = colour.lightnessF(), colour.alphaF()
    low, high = (0.0, lightness) if towards_black else (lightness, 1.0)
    found: QColor | None = None
    for _ in range(20):  # bisect the lightness: the closest one that is readable
        middle = (low + high) / 2
        candidate = QColor.fromHslF(max(hue, 0.0), saturation, middle, alpha)
        if contrast_ratio(candidate, background) >= ratio:
            found = candidate
            low, high = (middle, high) if towards_black else (low, middle)
        else:
            low, high = (low, middle) if towards_black else (middle, high)
    if found is not None:
        return found
    return QColor("#000000") if towards_black else QColor("#ffffff")
