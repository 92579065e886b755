"""The desk's marks: colour labels, the tag, the star rating (no Qt).

Photo Mechanic is the reference: eight colour classes, keys 1-8 (0 clears), named as its
defaults name them; Photo Mechanic keeps its colour class and the XMP label in step, so the
name is what goes into ``xmp:Label`` (the ``color_label`` field). A label written by another
program (Bridge's "Select", Lightroom's "Red") is kept as it is and drawn in its colour.
The tag is Photo Mechanic's select mark (T), the ``tagged`` field ("True" or blank).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ColorClass:
    number: int  # the key that sets it
    name: str  # what xmp:Label holds
    color: str  # how tiles draw it


COLOR_CLASSES: tuple[ColorClass, ...] = (
    ColorClass(1, "Winner", "#d93025"),
    ColorClass(2, "Winner alt", "#f08c00"),
    ColorClass(3, "Superior", "#f2c200"),
    ColorClass(4, "Superior alt", "#2e9e44"),
    ColorClass(5, "Typical", "#1f6fd1"),
    ColorClass(6, "Typical alt", "#8e44ad"),
    ColorClass(7, "Extras", "#8a8a8a"),
    ColorClass(8, "Trash", "#3c3c3c"),
)
BY_NUMBER = {c.number: c for c in COLOR_CLASSES}

# Labels other programs write, by colour: Adobe Bridge's default names and the colour names
# Lightroom, digiKam and darktable use.
_OTHER_LABELS = {
    "red": "#d93025", "select": "#d93025", "orange": "#f08c00", "yellow": "#f2c200", "second": "#f2c200",
    "green": "#2e9e44", "approved": "#2e9e44", "blue": "#1f6fd1", "review": "#1f6fd1", "purple": "#8e44ad",
    "to do": "#8e44ad", "magenta": "#8e44ad", "gray": "#8a8a8a", "grey": "#8a8a8a",
}
_BY_NAME = {c.name.lower(): c.color for c in COLOR_CLASSES} | _OTHER_LABELS
UNKNOWN_LABEL_COLOR = "#b0b0b0"  # a label no colour is known for: drawn, in grey, with its text


def label_color(label: str) -> str | None:
    """The colour a label is drawn in; None for no label."""
    text = label.strip()
    if not text:
        return None
    return _BY_NAME.get(text.lower(), UNKNOWN_LABEL_COLOR)


def label_for_key(number: int) -> str:
    """The label key ``number`` sets (0: none)."""
    return BY_NUMBER[number].name if number in BY_NUMBER else ""


def is_tagged(value: object) -> bool:
    return str(value or "").strip() == "True"


def stars(value: object) -> int:
    """Whole stars of a rating value (-1 rejected, 0 unrated)."""
    try:
        return int(str(value or "0"))
    except ValueError:
        return 0


def marks_text(fields: dict[str, object], compact: bool = False) -> str:
    """The marks as words: "Winner · tagged · ★★★" (the CLI's list), or ``compact`` for a narrow
    column: "Winner ✓ ★★★"."""
    parts = []
    label = str(fields.get("color_label") or "").strip()
    if label:
        parts.append(label)
    if is_tagged(fields.get("tagged")):
        parts.append("✓" if compact else "tagged")
    n = stars(fields.get("rating"))
    if n > 0:
        parts.append("★" * n)
    elif n < 0:
        parts.append("rejected")
    return (" " if compact else " · ").join(parts)
