"""The desk's marks in the app: keys that set them, how tiles draw them, the inspector's row.

Colour labels (keys 1-8, 0 clears), the tag (T) and stars (Alt+1-5, Alt+0 clears) are fields
(``app.fields``, group "mark"), so setting one is an edit like any other: one undo step per key,
in the catalog at once, counted as not yet written until "Write" puts it in the file's XMP.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from app.marks import COLOR_CLASSES, is_tagged, label_color, label_for_key, marks_text, stars

MARK_KEYS = ("color_label", "tagged", "rating")
__all__ = ["MarksBar", "draw_label_bar", "draw_stars", "draw_tag", "label_icon", "marks_text", "set_label",
           "set_rating", "toggle_tag"]
READ_LIMIT = 2000  # a bigger selection's marks are not read for the inspector's row (it says "—")


def set_label(session: Any, ids: Sequence[int], number: int) -> bool:
    name = label_for_key(number)
    text = f"Label {name}" if name else "Remove Label"
    return bool(ids) and session.edit_fields({i: {"color_label": name} for i in ids}, text)


def toggle_tag(session: Any, ids: Sequence[int]) -> bool:
    """Tag the photos, or untag them when every one is tagged already (Photo Mechanic's T)."""
    if not ids:
        return False
    values = _marks(session.catalog, ids)
    tag = not all(is_tagged(values.get(i, {}).get("tagged")) for i in ids)
    return session.edit_fields({i: {"tagged": "True" if tag else ""} for i in ids}, "Tag" if tag else "Untag")


def set_rating(session: Any, ids: Sequence[int], count: int) -> bool:
    text = f"Rate {count} Star{'s' if count != 1 else ''}" if count else "Remove Rating"
    return bool(ids) and session.edit_fields({i: {"rating": str(count) if count else ""} for i in ids}, text)


def _marks(catalog: Any, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The marks of ``ids``: {id: {key: value}} (the narrowest read there is)."""
    return {row[0]: dict(zip(MARK_KEYS, row[3:], strict=True)) for row in catalog.iter_values(list(ids), MARK_KEYS)}


# --- drawing -----------------------------------------------------------------------------------

_ICONS: dict[tuple[str | None, int], QIcon] = {}


def label_icon(color: str | None, size: int = 14) -> QIcon:
    """A label's colour as a small disc (a dashed circle for no label); cached."""
    icon = _ICONS.get((color, size))
    if icon is None:
        icon = _ICONS[(color, size)] = _paint_label_icon(color, size)
    return icon


def _paint_label_icon(color: str | None, size: int) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if color:
        p.setPen(QPen(QColor("#8a8a8a"), 1))  # a grey edge shows on both themes (Trash is near-black)
        p.setBrush(QColor(color))
    else:
        p.setPen(QPen(QColor("#8a8a8a"), 1, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QRectF(1.5, 1.5, size - 3, size - 3))
    p.end()
    return QIcon(pm)


def draw_label_bar(p: QPainter, rect: QRectF, label: str) -> None:
    """A tile's colour label: a bar under its picture, in the label's colour."""
    color = label_color(label)
    if color is None:
        return
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    p.drawRoundedRect(rect, 2, 2)
    p.restore()


def draw_tag(p: QPainter, center_x: float, center_y: float, size: float) -> None:
    """A tagged photo: a ticked box (Photo Mechanic draws its tag in the tile's corner)."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    box = QRectF(center_x - size / 2, center_y - size / 2, size, size)
    p.setPen(QPen(QColor(255, 255, 255, 230), max(1.5, size / 9)))
    p.setBrush(QColor("#1f5fae"))
    p.drawRoundedRect(box, 3, 3)
    p.setPen(QPen(QColor("white"), max(1.6, size / 7), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                  Qt.PenJoinStyle.RoundJoin))
    p.drawPolyline([box.topLeft() + QRectF(0, 0, size * 0.25, size * 0.52).bottomRight(),
                    box.topLeft() + QRectF(0, 0, size * 0.43, size * 0.72).bottomRight(),
                    box.topLeft() + QRectF(0, 0, size * 0.77, size * 0.3).bottomRight()])
    p.restore()


def draw_stars(p: QPainter, left: float, center_y: float, count: int, font: QFont) -> float:
    """Stars (or "rejected") on a dark chip starting at ``left``; returns the chip's right."""
    if count == 0:
        return left
    text = "✕ rejected" if count < 0 else "★" * count
    p.save()
    f = QFont(font)
    f.setBold(count < 0)
    p.setFont(f)
    fm = p.fontMetrics()
    w, h = fm.horizontalAdvance(text) + 10, fm.height() + 2
    chip = QRectF(left, center_y - h / 2, w, h)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(0, 0, 0, 165))
    p.drawRoundedRect(chip, 4, 4)
    p.setPen(QColor("#ffd54a") if count > 0 else QColor("#ff8a80"))
    p.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
    p.restore()
    return chip.right()


# --- the inspector's row -----------------------------------------------------------------------

class MarksBar(QWidget):
    """The selection's marks, under the inspector's file line: a colour label chip per class,
    the tag, the stars. Clicking sets them on the whole selection (the keys do the same)."""

    changed = Signal()

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._ids: list[int] = []
        self._label: str | None = ""  # None: the selection's labels differ (or were not read)
        self._tagged: bool | None = False
        self.buttons: list[QToolButton] = []
        # Never wider than the inspector is: the row must not push the photos aside.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 0, 10, 0)
        lay.setSpacing(0)
        for number in range(0, len(COLOR_CLASSES) + 1):
            b = QToolButton(self)
            b.setAutoRaise(True)
            b.setCheckable(True)
            b.setIconSize(QSize(14, 14))
            name = label_for_key(number)
            b.setIcon(label_icon(label_color(name) if name else None))
            b.setToolTip(f"{name} ({number})" if name else "No label (0)")
            b.clicked.connect(lambda _c=False, n=number: self._pick(n))
            b.installEventFilter(self)
            self.buttons.append(b)
            lay.addWidget(b)
        lay.addStretch(1)
        self.tag = QCheckBox("Tagged")
        self.tag.setToolTip("Tagged (T)")
        self.tag.clicked.connect(self._tag_clicked)
        lay.addWidget(self.tag)
        self.rating = QLabel("")
        self.rating.setToolTip("Stars: Alt+1 to Alt+5 (Alt+0 clears)")
        self.rating.setContentsMargins(8, 0, 0, 0)
        lay.addWidget(self.rating)
        session.current_changed.connect(self.load)
        session.items_changed.connect(self._items_changed)
        self.load(session.current_ids())

    def load(self, ids: list[int]) -> None:
        self._ids = list(ids)
        self.setVisible(bool(self._ids))
        # Shown, not clickable, on a read-only catalog (the window's notice says why).
        self.setEnabled(getattr(self.session.catalog, "read_only", None) is None)
        if not self._ids:
            return
        if len(self._ids) > READ_LIMIT:
            labels, tags, ratings = {None}, {None}, {None}
        else:
            values = _marks(self.session.catalog, self._ids).values()
            labels = {str(v.get("color_label") or "") for v in values}
            tags = {is_tagged(v.get("tagged")) for v in values}
            ratings = {stars(v.get("rating")) for v in values}
        self._label = next(iter(labels)) if len(labels) == 1 else None
        self._tagged = next(iter(tags)) if len(tags) == 1 else None
        names = {c.name.lower(): c.number for c in COLOR_CLASSES}
        current = names.get((self._label or "").lower(), 0 if self._label == "" else -1)
        for number, b in enumerate(self.buttons):
            b.setChecked(number == current)
        self._tab_stop(max(current, 0))
        label = "several labels" if self._label is None else self._label or "no label"
        self.setToolTip(f"Colour label: {label} (keys 1-8, 0 clears)")
        self.tag.setTristate(self._tagged is None)
        self.tag.setCheckState(Qt.CheckState.PartiallyChecked if self._tagged is None
                               else Qt.CheckState.Checked if self._tagged else Qt.CheckState.Unchecked)
        rating = next(iter(ratings)) if len(ratings) == 1 else None
        self.rating.setText("" if not rating else "rejected" if rating < 0 else "★" * rating)

    def _items_changed(self, ids: list[int]) -> None:
        if set(ids) & set(self._ids):
            self.load(self._ids)

    def _tab_stop(self, number: int) -> None:
        """The nine chips are one stop of the Tab chain, as a radio group is (the seventh walk
        tabbed nine times through them from the photos to the fields); the arrows go along."""
        for n, b in enumerate(self.buttons):
            b.setFocusPolicy(Qt.FocusPolicy.StrongFocus if n == number else Qt.FocusPolicy.ClickFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and watched in self.buttons:
            step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}.get(event.key())
            if step is not None and not event.modifiers():
                n = min(max(self.buttons.index(watched) + step, 0), len(self.buttons) - 1)
                self._tab_stop(n)
                self.buttons[n].setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _pick(self, number: int) -> None:
        set_label(self.session, self._ids, number)
        self.load(self._ids)
        self.changed.emit()

    def _tag_clicked(self) -> None:
        toggle_tag(self.session, self._ids)
        self.load(self._ids)
        self.changed.emit()

    def label_name(self) -> str | None:
        return self._label

    def is_tagged(self) -> bool | None:
        return self._tagged
