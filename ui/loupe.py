"""The loupe: one photo as large as the screen allows, fit or at 100 %.

Space or a double-click on a photo opens it; the arrow keys go to the next or previous photo
of the view (the main window's selection follows, so the inspector shows the photo in the
loupe); Z, or a click, switches between fit and 100 % (a click zooms in on the point clicked);
at 100 % the photo is dragged to pan; Space or Escape closes.

Nothing is decoded on the UI thread: the catalog's 256 px thumbnail shows at once (a read of
a small file), then a task on the runner posts the embedded preview (``app.thumbnails.
loupe_preview``: a camera JPEG's or RAW's preview of 1,000 px or more) and then the photo
decoded at full size (a RAW has no decoder here: its preview is what shows). The fit view is
scaled on that task too. Moving to another photo cancels the decode under way and drops what
it would bring.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QTransform
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.thumbnails import ThumbnailCache, decode_full, loupe_preview
from ui.models import image_reader
from ui.tasks import Task, TaskContext

BACKGROUND = QColor("#1b1b1b")
_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
         Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Z, Qt.Key.Key_Space, Qt.Key.Key_Escape}
DRAG_SLOP = 4  # pixels a press may move and still be a click (zoom), not a drag (pan)


def oriented(image: QImage, orientation: int) -> QImage:
    """``image`` turned as the EXIF orientation says (1-8)."""
    if orientation in (2, 4):
        return image.mirrored(orientation == 2, orientation == 4)
    rotation = {3: 180, 5: 90, 6: 90, 7: 270, 8: 270}.get(orientation)
    if rotation is None:
        return image
    turned = image.transformed(QTransform().rotate(rotation))
    return turned.mirrored(True, False) if orientation in (5, 7) else turned


def _fit(image: QImage, box: QSize) -> QImage:
    if box.width() <= 0 or box.height() <= 0 or image.isNull():
        return image
    if image.width() <= box.width() and image.height() <= box.height():
        return image
    return image.scaled(box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def decode_photo(ctx: TaskContext, path: str, box: QSize) -> tuple[QImage, QImage] | None:
    """On the task runner: post ``("preview", image, fit)`` from the embedded preview, then
    return ``(full, fit)``, the photo decoded at full size and scaled to ``box`` (None: no
    decoder for it, e.g. a RAW)."""
    found = loupe_preview(path)
    ctx.check()
    if found is not None:
        data, orientation = found
        image = QImage.fromData(data)
        if not image.isNull():
            image = oriented(image, orientation)
            ctx.post(("preview", image, _fit(image, box)))
    ctx.check()
    reader = image_reader(path)
    reader.setAutoTransform(True)  # EXIF orientation
    reader.setAllocationLimit(1024)  # MB: a 100-megapixel photo still decodes
    full = reader.read()
    if full.isNull():
        # Qt has no HEIF or AVIF reader: the decoder that made the thumbnail reads the photo
        # (the fifteenth walk's HEIC stayed a 256 px thumbnail, "loading…" for good).
        decoded = decode_full(path)
        ctx.check()
        if decoded is None:
            return None
        width, height, rgb = decoded
        full = QImage(rgb, width, height, 3 * width, QImage.Format.Format_RGB888).copy()  # owns its pixels
    ctx.check()
    return full, _fit(full, box)


class LoupeView(QWidget):
    """Paints one image, fit to the widget or at 100 % with panning."""

    zoom_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(320, 240)
        self.setMouseTracking(False)
        self.image = QImage()  # the best picture so far, at its own size
        self.fit_image = QImage()  # the same scaled to the widget (made off the UI thread)
        self.photo_size = QSize()  # the photo's real size (the thumbnail stands in for it first)
        self.actual = False  # 100 %
        self.center = QPointF(0.5, 0.5)  # the point of the photo at the middle of the view (at 100 %)
        self._press: QPoint | None = None
        self._press_center = QPointF()
        self._dragged = False

    def set_image(self, image: QImage, fit: QImage | None = None, photo_size: QSize | None = None) -> None:
        self.image = image
        self.fit_image = fit if fit is not None and not fit.isNull() else QImage()
        if photo_size is not None and photo_size.isValid():
            self.photo_size = photo_size
        self.update()

    def clear(self) -> None:
        self.image = QImage()
        self.fit_image = QImage()
        self.photo_size = QSize()
        self.actual = False
        self.center = QPointF(0.5, 0.5)
        self.update()

    def scale(self) -> float:
        """Screen pixels per photo pixel as shown."""
        size = self.photo_size if self.photo_size.isValid() else self.image.size()
        if size.isEmpty():
            return 1.0
        if self.actual:
            return 1.0
        return min(1.0, self.width() / size.width(), self.height() / size.height())

    def set_actual(self, actual: bool, at: QPointF | None = None) -> None:
        """100 % (``at``: the widget point to zoom in on) or fit."""
        if actual and at is not None:
            target = self._image_rect()
            if target.width() > 0 and target.height() > 0:
                self.center = QPointF(min(1.0, max(0.0, (at.x() - target.x()) / target.width())),
                                      min(1.0, max(0.0, (at.y() - target.y()) / target.height())))
        self.actual = actual
        self._clamp()
        self.update()
        self.zoom_changed.emit()

    def _image_rect(self) -> QRectF:
        """Where the photo is drawn, in widget coordinates."""
        size = self.photo_size if self.photo_size.isValid() else self.image.size()
        s = self.scale()
        w, h = size.width() * s, size.height() * s
        if self.actual:
            return QRectF(self.width() / 2 - self.center.x() * w, self.height() / 2 - self.center.y() * h, w, h)
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _clamp(self) -> None:
        size = self.photo_size if self.photo_size.isValid() else self.image.size()
        if size.isEmpty():
            return
        # A photo smaller than the view stays centred; a larger one never leaves a gap at an edge.
        for axis, view, extent in (("x", self.width(), size.width()), ("y", self.height(), size.height())):
            half = view / 2 / extent if extent else 0.5
            low, high = (0.5, 0.5) if half >= 0.5 else (half, 1 - half)
            value = min(high, max(low, getattr(self.center, axis)()))
            if axis == "x":
                self.center.setX(value)
            else:
                self.center.setY(value)

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        if self.image.isNull():
            painter.end()
            return
        target = self._image_rect()
        source = self.image
        if not self.actual and not self.fit_image.isNull() and \
                abs(self.fit_image.width() - target.width()) <= 2 and abs(self.fit_image.height() - target.height()) <= 2:
            source = self.fit_image  # made on the task: drawn 1:1, nothing scaled here
        else:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, source.width() < target.width())
        painter.drawImage(target, source, QRectF(source.rect()))
        painter.end()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._clamp()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self._press_center = QPointF(self.center)
            self._dragged = False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None:
            return
        delta = event.position().toPoint() - self._press
        if not self._dragged and delta.manhattanLength() < DRAG_SLOP:
            return
        self._dragged = True
        if self.actual:
            rect = self._image_rect()
            if rect.width() and rect.height():
                self.center = QPointF(self._press_center.x() - delta.x() / rect.width(),
                                      self._press_center.y() - delta.y() / rect.height())
                self._clamp()
                self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            if not self._dragged:
                self.set_actual(not self.actual, event.position())
            self._press = None


class Loupe(QDialog):
    """The loupe window over the photos of a view."""

    current_changed = Signal(int)  # the item shown (the main window selects it)

    def __init__(self, catalog: Any, tasks: Any, ids: Sequence[int], index: int = 0,
                 parent: QWidget | None = None, on_current: Callable[[int], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loupe")
        self.setWindowTitle("Loupe")
        self.catalog = catalog
        self.tasks = tasks
        self.ids = list(ids)
        self.index = max(0, min(index, len(self.ids) - 1)) if self.ids else 0
        self.stage = ""  # "thumbnail", "preview", "full" or "missing": what is shown now
        self._task: Task | None = None
        self._generation = 0
        self._name = ""
        self._path = ""
        self.view = LoupeView(self)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.zoom_changed.connect(self._update_status)
        self.caption = QLabel(self)
        self.caption.setObjectName("loupeCaption")
        self.caption.setWordWrap(True)
        self.info = QLabel(self)
        self.info.setObjectName("loupeInfo")
        hint = QLabel("\u2190 \u2192 previous / next \u00b7 Z or click: fit / 100 % \u00b7 drag to pan"
                      " \u00b7 Space or Esc: close", self)
        hint.setObjectName("loupeHint")
        for label in (self.caption, self.info, hint):
            label.setStyleSheet("color: #d8d8d8;")
        hint.setStyleSheet("color: #9a9a9a;")
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 6, 12, 8)
        bar.addWidget(self.info, 1)
        bar.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.view, 1)
        cap = QHBoxLayout()
        cap.setContentsMargins(12, 6, 12, 0)
        cap.addWidget(self.caption)
        layout.addLayout(cap)
        layout.addLayout(bar)
        self.setStyleSheet("QDialog#loupe { background: #1b1b1b; }")
        if on_current is not None:
            self.current_changed.connect(on_current)
        self._place()
        self.show_index(self.index)

    def _place(self) -> None:
        """Most of the screen the window is on, centred on it: a loupe is for looking."""
        screen = (self.parentWidget().screen() if self.parentWidget() is not None else None) or self.screen()
        if screen is None:
            self.resize(1200, 820)
            return
        area = screen.availableGeometry()
        w, h = int(area.width() * 0.92), int(area.height() * 0.92)
        self.setGeometry(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2, w, h)

    # -- navigation ------------------------------------------------------------------------------

    def current_id(self) -> int | None:
        return self.ids[self.index] if self.ids else None

    def step(self, delta: int) -> None:
        if self.ids:
            self.show_index(max(0, min(len(self.ids) - 1, self.index + delta)))

    def show_index(self, index: int) -> None:
        if not self.ids:
            self.view.clear()
            self.info.setText("No photos")
            return
        self.index = index
        self._generation += 1
        if self._task is not None:
            self._task.cancel()  # its results are dropped by the generation check too
            self._task = None
        item_id = self.ids[index]
        items = self.catalog.items([item_id])
        item = items[0] if items else None
        self.view.clear()
        self.stage = ""
        if item is None:
            self.info.setText("This item is no longer in the catalog")
            return
        self._name = Path(item.path).name if item.path else f"item {item.id}"
        self._path = item.path or ""
        headline = item.fields.get("headline") or ""
        caption = str(item.fields.get("caption") or "")
        self.caption.setText(" \u2014 ".join(t for t in (str(headline), caption[:300]) if t))
        size = QSize(item.facts.width or 0, item.facts.height or 0) if item.facts else QSize()
        thumb = ThumbnailCache(self.catalog.thumbnails_dir).path(item.thumb_key) if item.thumb_key else None
        if thumb is not None and Path(thumb).is_file():
            image = QImage(str(thumb))  # 256 px, a few KB: at once, so the loupe never opens empty
            if not image.isNull():
                self.view.set_image(image, None, size if size.isValid() else None)
                self.stage = "thumbnail"
        if not item.path:
            self.stage = self.stage or "missing"
        else:
            generation = self._generation
            box = self.view.size()
            self._task = self.tasks.submit(
                decode_photo, item.path, box, name="Loupe", show_progress=False,
                on_partial=lambda p, g=generation: self._partial(g, p),
                on_result=lambda r, g=generation: self._decoded(g, r),
                on_error=lambda msg, _tb, g=generation: self._failed(g, msg))
        self._update_status()
        self.setWindowTitle(f"{self._name} \u2014 {index + 1} of {len(self.ids)}")
        self.current_changed.emit(item_id)

    def _partial(self, generation: int, payload: Any) -> None:
        if generation != self._generation or self.stage == "full":
            return
        _kind, image, fit = payload
        size = self.view.photo_size if self.view.photo_size.isValid() else image.size()
        self.view.set_image(image, fit, size)
        self.stage = "preview"
        self._update_status()

    def _decoded(self, generation: int, result: tuple[QImage, QImage] | None) -> None:
        if generation != self._generation:
            return
        self._task = None
        if result is None:
            if not self.stage or self.stage == "thumbnail":
                self.stage = self.stage or "missing"
            # Said for the thumbnail too: its stage reads "loading…", and nothing more will come.
            shown = {"preview": "its preview", "thumbnail": "its thumbnail"}.get(self.stage)
            why = "no decoder for this file" if Path(self._path).is_file() else "the photo file is missing"
            self._update_status(note=f"{why}: showing {shown}" if shown else "")
            return
        full, fit = result
        self.view.set_image(full, fit, full.size())
        self.stage = "full"
        self._update_status()

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._task = None
            self._update_status(note=f"cannot decode: {message}")

    def _update_status(self, note: str = "") -> None:
        size = self.view.photo_size
        bits = [self._name]
        if size.isValid() and not size.isEmpty():
            bits.append(f"{size.width()} \u00d7 {size.height()}")
        bits.append("100 %" if self.view.actual else f"fit ({round(self.view.scale() * 100)} %)")
        stage = {"thumbnail": "thumbnail, loading\u2026", "preview": "embedded preview",
                 "full": "full resolution", "missing": "no photo file"}.get(self.stage, "loading\u2026")
        bits.append(note or stage)
        bits.append(f"{self.index + 1} of {len(self.ids)}")
        self.info.setText("  \u00b7  ".join(bits))

    # -- keys ------------------------------------------------------------------------------------

    def event(self, event: Any) -> bool:
        # Space and the arrows are the loupe's own, whatever shortcut the window behind has.
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in _KEYS:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self.step(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.step(-1)
        elif key == Qt.Key.Key_Home:
            self.show_index(0)
        elif key == Qt.Key.Key_End:
            self.show_index(len(self.ids) - 1)
        elif key == Qt.Key.Key_Z:
            self.view.set_actual(not self.view.actual, QPointF(self.view.width() / 2, self.view.height() / 2))
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Escape):
            self.close()
        else:
            super().keyPressEvent(event)

    def done(self, result: int) -> None:
        self._generation += 1
        if self._task is not None:
            self._task.cancel()
            self._task = None
        super().done(result)
