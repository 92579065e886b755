"""The two ways to look at items: a thumbnail grid and a table.

Both show the same model class family (``ui.models``); delegates draw the
thumbnail (or a placeholder while it loads), the gallery position "01" and a
status badge: red for errors, amber for warnings, green when clean.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QDataStream,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDrag,
    QFont,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.marks import is_tagged, stars
from ui.marks import draw_label_bar, draw_stars, draw_tag
from ui.models import (
    COLUMN_INDEX,
    ID_MIME,
    TABLE_COLUMNS,
    UNCHECKED,
    ItemRole,
    PendingRole,
    PositionRole,
    ProvenanceRole,
    StatusRole,
    ThumbnailRole,
    ids_from_mime,
)
from ui.provenance import draw_provenance_badge

STATUS_COLORS = {"error": QColor("#d93025"), "warning": QColor("#f29900"), "clean": QColor("#1e8e3e"),
                 "info": QColor("#1e8e3e"), UNCHECKED: QColor("#80868b")}
STATUS_WORDS = {"error": "Errors", "warning": "Warnings", "clean": "Clean", "info": "Clean",
                UNCHECKED: "Not checked"}

Index = QModelIndex | QPersistentModelIndex


_PLACEHOLDERS: dict[tuple[int, int, int, int], QPixmap] = {}


def draw_placeholder(p: QPainter, rect: QRect, palette: QPalette) -> None:
    """A quiet frame with a camera outline, drawn while the thumbnail loads (cached per size)."""
    key = (rect.width(), rect.height(), palette.color(QPalette.ColorRole.AlternateBase).rgba(),
           palette.color(QPalette.ColorRole.PlaceholderText).rgba())
    pm = _PLACEHOLDERS.get(key)
    if pm is None:
        if len(_PLACEHOLDERS) > 64:
            _PLACEHOLDERS.clear()
        pm = QPixmap(max(1, rect.width()), max(1, rect.height()))
        pp = QPainter(pm)
        _paint_placeholder(pp, QRect(0, 0, rect.width(), rect.height()), palette)
        pp.end()
        _PLACEHOLDERS[key] = pm
    p.drawPixmap(rect.topLeft(), pm)


def _paint_placeholder(p: QPainter, rect: QRect, palette: QPalette) -> None:
    base = palette.color(QPalette.ColorRole.AlternateBase)
    p.fillRect(rect, base)
    ink = palette.color(QPalette.ColorRole.PlaceholderText)
    ink.setAlpha(110)
    p.setPen(QPen(ink, max(1.0, rect.width() / 90)))
    w = min(rect.width(), rect.height()) * 0.36
    body = QRectF(rect.center().x() - w / 2, rect.center().y() - w * 0.3, w, w * 0.66)
    p.drawRoundedRect(body, w * 0.08, w * 0.08)
    p.drawEllipse(body.center(), w * 0.2, w * 0.2)
    p.drawRect(QRectF(body.left() + w * 0.12, body.top() - w * 0.1, w * 0.22, w * 0.1))


# Thumbnails scaled to the size they are drawn at, by (pixmap, size): a smooth 256 px -> 45 px
# scale per cell per paint was a fifth of the table's scrolling time once it showed more rows.
_SCALED: OrderedDict[tuple[int, int, int, float], QPixmap] = OrderedDict()
_SCALED_MAX = 300  # about ten screens of grid tiles (some 30 MB at most)


def draw_pixmap_fitted(p: QPainter, rect: QRect, pm: QPixmap) -> None:
    scaled = pm.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
    x = rect.x() + (rect.width() - scaled.width()) // 2
    y = rect.y() + (rect.height() - scaled.height()) // 2
    dpr = p.device().devicePixelRatioF() if p.device() else 1.0
    key = (pm.cacheKey(), scaled.width(), scaled.height(), dpr)
    small = _SCALED.get(key)
    if small is None:
        small = pm.scaled(scaled * dpr, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
        small.setDevicePixelRatio(dpr)
        _SCALED[key] = small
        if len(_SCALED) > _SCALED_MAX:
            _SCALED.popitem(last=False)
    else:
        _SCALED.move_to_end(key)
    p.drawPixmap(x, y, small)


_BADGES: dict[tuple[str, int, float], QPixmap] = {}


def draw_badge(p: QPainter, center_x: float, center_y: float, radius: float, status: str) -> None:
    """Draw the status badge from a cached pixmap (antialiased ellipses per cell per paint
    were the costliest part of scrolling)."""
    dpr = p.device().devicePixelRatioF() if p.device() else 1.0
    key = (status, int(radius * 2), dpr)
    pm = _BADGES.get(key)
    if pm is None:
        side = int(radius * 2 + 4)
        pm = QPixmap(int(side * dpr), int(side * dpr))
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        bp = QPainter(pm)
        _paint_badge(bp, side / 2, side / 2, radius, status)
        bp.end()
        _BADGES[key] = pm
    side = pm.width() / dpr
    p.drawPixmap(int(center_x - side / 2), int(center_y - side / 2), pm)


def _paint_badge(p: QPainter, center_x: float, center_y: float, radius: float, status: str) -> None:
    color = STATUS_COLORS.get(status, STATUS_COLORS["clean"])
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QPen(QColor(255, 255, 255, 230), max(1.5, radius / 4)))
    p.setBrush(color)
    p.drawEllipse(QRectF(center_x - radius, center_y - radius, 2 * radius, 2 * radius))
    # A glyph as well as a colour: a red/green badge must not rely on colour vision alone.
    p.setPen(QPen(QColor("white"), max(1.5, radius / 3.2), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    r = radius * 0.45
    if status == "error":
        p.drawLine(int(center_x - r), int(center_y - r), int(center_x + r), int(center_y + r))
        p.drawLine(int(center_x - r), int(center_y + r), int(center_x + r), int(center_y - r))
    elif status == "warning":
        p.drawLine(int(center_x), int(center_y - r * 1.2), int(center_x), int(center_y + r * 0.3))
        p.drawPoint(int(center_x), int(center_y + r * 1.1))
    elif status == UNCHECKED:  # a dash: neither a tick nor a mark, for a check the catalog does not hold
        p.drawLine(int(center_x - r), int(center_y), int(center_x + r), int(center_y))
    else:
        path = QPainterPath()
        path.moveTo(center_x - r, center_y)
        path.lineTo(center_x - r * 0.2, center_y + r * 0.8)
        path.lineTo(center_x + r * 1.1, center_y - r * 0.8)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)


class GridDelegate(QStyledItemDelegate):
    """A grid cell: the picture, its position chip, its status badge, the headline below."""

    def __init__(self, cell: int = 196, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cell = cell

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(self.cell, self.cell_height(self.cell, option.fontMetrics.height()))

    @staticmethod
    def picture_height(cell: int) -> int:
        # 3:2, the shape of nearly every news photo, so the picture fills its frame.
        return int((cell - 18) / 1.5)

    @classmethod
    def cell_height(cls, cell: int, line: int) -> int:
        return cls.picture_height(cell) + 2 * line + 30

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        p.save()
        pal = option.palette
        r = option.rect.adjusted(5, 5, -5, -5)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            hl = pal.color(QPalette.ColorRole.Highlight)
            p.setPen(QPen(hl, 3))
            fill = QColor(hl)
            fill.setAlpha(45)
            p.setBrush(fill)
            p.drawRoundedRect(QRectF(r).adjusted(-2, -2, 2, 2), 6, 6)
        elif option.state & QStyle.StateFlag.State_HasFocus:
            # The keyboard's place off the selection (Ctrl+arrows move it, Ctrl+Space picks
            # the photo there): without a mark, the photo Ctrl+Space would pick was a guess.
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(r).adjusted(-2, -2, 2, 2), 6, 6)
        pic = QRect(r.x() + 4, r.y() + 4, r.width() - 8, self.picture_height(r.width() + 10))
        pm = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pm, QPixmap) and not pm.isNull():
            p.fillRect(pic, QColor(0, 0, 0, 40))
            draw_pixmap_fitted(p, pic, pm)
        else:
            draw_placeholder(p, pic, pal)

        pos = index.data(PositionRole)
        top_left = pic.x() + 6.0  # where the stars go: after the position chip, if any
        if pos is not None:
            chip_font = QFont(option.font)
            chip_font.setBold(True)
            p.setFont(chip_font)
            text = f"{pos:02d}"
            tw = p.fontMetrics().horizontalAdvance(text) + 12
            th = p.fontMetrics().height() + 4
            chip = QRectF(pic.x() + 6, pic.y() + 6, tw, th)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(0, 0, 0, 175))
            p.drawRoundedRect(chip, 4, 4)
            p.setPen(QColor("white"))
            p.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
            top_left = chip.right() + 4

        status = index.data(StatusRole) or "clean"
        radius = max(8.0, self.cell / 20)
        draw_badge(p, pic.right() - radius - 5, pic.y() + radius + 5, radius, status)
        pill = draw_provenance_badge(p, pic.x() + 6, pic.bottom() - 5, max(16.0, radius * 1.9),
                                     index.data(ProvenanceRole))

        pending = index.data(PendingRole) or 0
        item = _item(index)
        if pending:  # beside the Content Credentials pill, not over it
            left = pic.x() + 6 + (pill + 4 if pill else 0)
            draw_pending_chip(p, QRectF(left, pic.bottom() - 5, 0, 0), pending, option.font,
                              failed=write_failed(item))
        fields = item.fields if item is not None else {}
        # The marks: the colour label as a bar under the picture, the tag ticked in its corner.
        draw_label_bar(p, QRectF(pic.x(), pic.bottom() + 3, pic.width(), 5), str(fields.get("color_label") or ""))
        tag = max(14.0, self.cell / 11)
        if is_tagged(fields.get("tagged")):
            draw_tag(p, pic.right() - 5.0 - tag / 2, pic.bottom() - tag / 2 - 5, tag)
        # Stars on the top line, after the number: the bottom line holds the other chips.
        draw_stars(p, top_left, pic.y() + 6 + (option.fontMetrics.height() + 4) / 2, stars(fields.get("rating")),
                   option.font)

        p.setFont(option.font)
        p.setPen(pal.color(QPalette.ColorRole.Text))
        text_rect = QRect(r.x() + 6, pic.bottom() + 10, r.width() - 12, r.bottom() - pic.bottom() - 10)
        headline = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        lines = _two_lines(headline, option.fontMetrics, text_rect.width())
        p.drawText(text_rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), lines)
        p.restore()


PENDING_INK = QColor("#8a5a00")  # the inspector's "edited" badge: amber on cream
PENDING_FILL = QColor("#fff1d6")
PENDING_INK_DARK = "#f0b449"  # the same amber on the dark theme, where the dark one is lost


def pending_ink_name() -> str:
    """The "not written yet" amber for text, as the theme shown wants it."""
    app = QApplication.instance()
    return PENDING_INK_DARK if app is not None and app.property("creditline_theme") == "dark" \
        else PENDING_INK.name()


FAILED_INK = QColor("#b3261e")  # the last write of the photo failed: the error red
FAILED_FILL = QColor("#fdecea")


def pending_text(n: int, failed: bool = False) -> str:
    """A photo's edits not yet in its file, as its tile says it: a pencil and the count, and a
    cross when its last write failed (the tooltip says why)."""
    return f"✎ {n} ✕" if failed else f"✎ {n}"


def write_failed(item: Any) -> bool:
    """Whether the photo waits to be written and its last write did not write it, for a reason
    that still holds (a file put back since is just not written yet)."""
    return item is not None and bool(item.pending) and item.write_failure is not None \
        and not item.write_failure.lifted


def draw_pending_chip(p: QPainter, anchor: QRectF, pending: int, font: QFont, failed: bool = False) -> None:
    """The "not written" chip, its bottom-left corner at ``anchor``'s top-left: the inspector's
    "edited" colours, so the tile and the field say the same thing; red with a cross when the
    last write failed, so a failure is seen without the write dialog that reported it."""
    p.save()
    chip_font = QFont(font)
    chip_font.setBold(True)
    p.setFont(chip_font)
    text = pending_text(pending, failed)
    fm = p.fontMetrics()
    w, h = fm.horizontalAdvance(text) + 12, fm.height() + 4
    chip = QRectF(anchor.x(), anchor.y() - h, w, h)
    ink, fill = (FAILED_INK, FAILED_FILL) if failed else (PENDING_INK, PENDING_FILL)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QPen(ink, 1))
    p.setBrush(fill)
    p.drawRoundedRect(chip, 4, 4)
    p.setPen(ink)
    p.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
    p.restore()


def _item(index: Index) -> Any:
    """The row's item straight from the model: through ``index.data(ItemRole)`` PySide turns the
    Python object into a QVariant and back (about 0.1 ms a cell, a third of a table's paint)."""
    model = index.model()
    item_at = getattr(model, "item_at", None)
    return item_at(index.row()) if item_at is not None else index.data(ItemRole)


def _two_lines(text: str, fm: Any, width: int) -> str:
    """Wrap to at most two lines, eliding the second: headlines are short but not that short."""
    words = text.split()
    first = ""
    while words and fm.horizontalAdvance((first + " " + words[0]).strip()) <= width:
        first = (first + " " + words.pop(0)).strip()
    if not first and words:  # one very long word
        return fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
    rest = " ".join(words)
    if not rest:
        return first
    return first + "\n" + fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)


class ThumbnailGrid(QListView):
    """Icon-mode list: wraps, keeps cell size fixed so layout never waits for data."""

    activated_edit = Signal()  # Enter: edit the caption

    def __init__(self, parent: QWidget | None = None, cell: int = 196) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)  # reorder through the model, not QListView
        self.setWrapping(True)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(400)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        # setMovement(Static) turned drops off on the viewport, where drops arrive: a drag to
        # reorder ended nowhere.
        self.viewport().setAcceptDrops(True)
        self.delegate = GridDelegate(cell, self)
        self.setItemDelegate(self.delegate)
        self._drop_row: int | None = None  # the insertion bar while photos are dragged over the grid
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        # A reorder drag held still near the top or bottom edge keeps scrolling (Qt's own
        # auto-scroll is QAbstractItemView's drag handling, which the reorder drag replaces):
        # one step per mouse move left a 40-photo gallery's end out of reach.
        self._edge_pos: QPoint | None = None
        self._edge_timer = QTimer(self)
        self._edge_timer.setInterval(30)
        self._edge_timer.timeout.connect(self._scroll_at_edge)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _move_key(self, event):
            return
        super().keyPressEvent(event)

    def selectionCommand(self, index: Index, event: QEvent | None = None) -> QItemSelectionModel.SelectionFlag:  # noqa: N802 - Qt's name
        return super().selectionCommand(index, _selecting(event))

    # --- drag to reorder ------------------------------------------------------------------------
    # QListView's icon mode handles a drag that starts and ends in the view by moving the cells
    # on screen (its "free" layout) or, dropped on a cell, by passing that cell to the model,
    # which read as "before it": with a static layout a drop between tiles did nothing. The
    # grid does it itself: the drop point gives an insertion row (the left or right half of a
    # tile, or the spacing between two), a bar shows where the photos will land, and the model
    # moves them there in the catalog (one undo step, the window's).

    def drop_row(self) -> int | None:
        """Where the photos being dragged would land (an insertion row), while a drag is over the grid."""
        return self._drop_row

    def _own_photos(self, event: Any) -> bool:
        """The drag carries photos this view shows (a reorder, not photos from elsewhere)."""
        model = self.model()
        if model is None or not event.mimeData().hasFormat(ID_MIME):
            return False
        ids = ids_from_mime(event.mimeData())
        return bool(ids) and all(model.row_of(i) is not None for i in ids)

    def _reorder_drag(self, event: Any) -> bool:
        """A drag of this view's photos onto an unfiltered gallery: reordering, done here."""
        return bool(getattr(self.model(), "reorderable", False)) and self._own_photos(event)

    def insertion_row(self, pos: QPoint) -> int:
        """The row the photos dropped at ``pos`` (viewport coordinates) land before."""
        model = self.model()
        n = model.rowCount() if model is not None else 0
        idx = self.indexAt(pos)
        if idx.isValid():
            return idx.row() + (1 if pos.x() > self.visualRect(idx).center().x() else 0)
        step = max(4, self.gridSize().width() // 8)
        for dx in range(step, self.gridSize().width() + step, step):  # the spacing between tiles
            left = self.indexAt(pos - QPoint(dx, 0))
            if left.isValid():
                return left.row() + 1
            right = self.indexAt(pos + QPoint(dx, 0))
            if right.isValid():
                return right.row()
        return n  # below the last line

    def startDrag(self, supportedActions: Qt.DropAction) -> None:  # noqa: N802 - Qt's name
        # QAbstractItemView's drag, not icon mode's (which removes the "moved" rows afterwards).
        indexes = [i for i in self.selectedIndexes() if i.isValid()]
        model = self.model()
        if not indexes or model is None:
            return
        drag = QDrag(self)
        drag.setMimeData(model.mimeData(indexes))
        first = self.visualRect(indexes[0])
        pixmap = self.viewport().grab(first)
        if not pixmap.isNull():
            drag.setPixmap(pixmap.scaledToWidth(max(60, first.width() // 2),
                                                Qt.TransformationMode.SmoothTransformation))
        drag.exec(supportedActions, Qt.DropAction.MoveAction)
        self._stop_edge_scroll()  # a drag cancelled with Escape, or dropped elsewhere
        self._set_drop_row(None)

    def _set_drop_row(self, row: int | None) -> None:
        if row != self._drop_row:
            self._drop_row = row
            self.viewport().update()

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if self._reorder_drag(event):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if not self._reorder_drag(event):
            self._set_drop_row(None)
            if self._own_photos(event):
                event.ignore()  # a filtered gallery or the library: no order to change here
                return
            super().dragMoveEvent(event)
            return
        pos = event.position().toPoint()
        self._set_drop_row(self.insertion_row(pos))
        self._edge_pos = pos  # near an edge, scroll to reach the rest of the gallery
        if self._edge_step(pos) and not self._edge_timer.isActive():
            self._scroll_at_edge()
            self._edge_timer.start()
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()

    EDGE_MARGIN = 40

    def _edge_step(self, pos: QPoint) -> int:
        """How far a drag at ``pos`` scrolls per tick: up near the top, down near the bottom."""
        step = self.verticalScrollBar().singleStep()
        if pos.y() < self.EDGE_MARGIN:
            return -step
        if pos.y() > self.viewport().height() - self.EDGE_MARGIN:
            return step
        return 0

    def _scroll_at_edge(self) -> None:
        pos = self._edge_pos
        step = self._edge_step(pos) if pos is not None else 0
        bar = self.verticalScrollBar()
        before = bar.value()
        if step:
            bar.setValue(before + step)
        if bar.value() == before:  # left the edge, or at the end
            self._edge_timer.stop()
            return
        self._set_drop_row(self.insertion_row(pos))

    def _stop_edge_scroll(self) -> None:
        self._edge_timer.stop()
        self._edge_pos = None

    def dragLeaveEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self._stop_edge_scroll()
        self._set_drop_row(None)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self._stop_edge_scroll()
        if not self._reorder_drag(event):
            self._set_drop_row(None)
            super().dropEvent(event)
            return
        row = self.insertion_row(event.position().toPoint())
        self._set_drop_row(None)
        self.model().dropMimeData(event.mimeData(), Qt.DropAction.MoveAction, row, 0, QModelIndex())
        # Copy, not move, for the drag's source: the catalog holds the new order; no row is removed.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        grid, model = self.gridSize(), self.model()
        if model is not None and grid.width() > 0 and grid.height() > 0:
            # The cells are laid out on the grid in model order, a line at a time; a line
            # more either way is harmless (and covers the layout's margins).
            columns = max(1, self.viewport().width() // grid.width())
            top = self.verticalScrollBar().value()
            first = (top // grid.height() - 1) * columns
            last = ((top + self.viewport().height()) // grid.height() + 2) * columns - 1
            _show_rows(model, first, last)
        super().paintEvent(event)
        row = self._drop_row
        model = self.model()
        if row is None or model is None or model.rowCount() == 0:
            return
        if row < model.rowCount():
            rect = self.visualRect(model.index(row, 0))
            x = rect.left() - self.spacing() // 2 + 2
        else:
            rect = self.visualRect(model.index(model.rowCount() - 1, 0))
            x = rect.right() + self.spacing() // 2 - 1
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.palette().color(QPalette.ColorRole.Highlight))
        p.drawRoundedRect(QRectF(x - 2, rect.top() + 6, 4, GridDelegate.picture_height(rect.width()) + 4), 2, 2)
        p.end()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit_cells()

    def fit_cells(self) -> None:
        """Share the width out between whole columns, so no strip of empty grid is left."""
        # Reserve the scroll bar's width whether or not it shows yet: it appears after the
        # layout, and a last column that no longer fits would wrap and leave a strip.
        bar = 0 if self.verticalScrollBar().isVisible() else self.verticalScrollBar().sizeHint().width()
        width = self.viewport().width() - bar - 2 * self.spacing() - 2
        if width <= 0:
            return
        columns = max(1, width // self.MIN_CELL)
        cell = width // columns
        size = QSize(cell, GridDelegate.cell_height(cell, self.fontMetrics().height()))
        if size != self.gridSize():
            self.delegate.cell = cell
            self.setGridSize(size)

    MIN_CELL = 180


# The table's columns as a first start shows them: the status beside the picture (what the desk
# looks at first), then the file name and the marks (the desk's picks, not past the caption:
# with the marks before it, a 1024 px window's table had no room left for the file name).
TABLE_DEFAULT_ORDER: tuple[str, ...] = ("position", "thumbnail", "status", "file", "marks", "headline", "caption",
                                        "date", "location", "photographer", "credit", "agency")
# What each table layout added or moved in that order, oldest first: a header state saved under
# an older layout gets these columns where the default order now puts them (restore_header).
# Append an entry (and so bump TABLE_LAYOUT) whenever the default order changes.
TABLE_LAYOUT_CHANGES: tuple[tuple[str, ...], ...] = (
    ("marks",),  # 1: the Marks column, added after the Agency
    ("file", "marks"),  # 2: the file name after the status, the marks after it
)
TABLE_LAYOUT = len(TABLE_LAYOUT_CHANGES)


def _header_state_sections(state: QByteArray) -> int | None:
    """How many columns a saved QHeaderView state holds (None: not such a state): its stream
    starts with a marker (0xff), a version, the orientation, the sort order and section, whether
    the sort is shown, then the visual indices, one per section (QHeaderView::saveState)."""
    stream = QDataStream(state)
    if stream.readInt32() != 0xFF:
        return None
    for _ in range(4):
        stream.readInt32()
    stream.readBool()
    count = stream.readInt32()
    return count if stream.status() == QDataStream.Status.Ok and count >= 0 else None


class ItemTable(QTableView):
    """The dense view: one row per item, thumbnails small, sorting done by the catalog."""

    activated_edit = Signal()  # Enter: edit the caption

    # Room for a small 3:2 thumbnail and one line of text: a screen shows twice the rows it did
    # at 58 px (the grid is the view for looking at pictures).
    ROW_HEIGHT = 34

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(False)  # Tab goes on to the inspector, as from the grid
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(self.ROW_HEIGHT // 2)
        vh = self.verticalHeader()
        vh.setVisible(False)
        # Fixed row height: the view never asks every row for its size hint.
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.ROW_HEIGHT)
        hh = self.horizontalHeader()
        hh.setHighlightSections(False)
        hh.setStretchLastSection(False)
        hh.setSectionsMovable(True)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setItemDelegateForColumn(COLUMN_INDEX["thumbnail"], ThumbnailCellDelegate(self))
        self.setItemDelegateForColumn(COLUMN_INDEX["status"], StatusCellDelegate(self))
        self.setItemDelegateForColumn(COLUMN_INDEX["file"], FileNameDelegate(self))
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def apply_default_widths(self) -> None:
        hh = self.horizontalHeader()
        for i, col in enumerate(TABLE_COLUMNS):
            hh.resizeSection(i, col.width)
        hh.setSectionResizeMode(COLUMN_INDEX["thumbnail"], QHeaderView.ResizeMode.Fixed)
        hh.setSectionResizeMode(COLUMN_INDEX["caption"], QHeaderView.ResizeMode.Interactive)
        for name in TABLE_DEFAULT_ORDER[1:]:
            self._place_by_default(name)

    def restore_header(self, state: QByteArray, layout: int) -> bool:
        """Restore a header state saved under table layout ``layout`` (0: saved before layouts
        were numbered): widths, sort and the user's order as saved, then each column moved or
        added by a later layout placed where the default order now puts it (after its
        neighbour there): Qt restores the order by section number, so a state from before a
        version moved the Marks column kept its old place, and one from before the column
        existed showed it last. False when Qt refuses the state (the defaults stay)."""
        hh = self.horizontalHeader()
        saved = _header_state_sections(state)
        if saved == hh.count():
            if not hh.restoreState(state):
                return False
        elif saved is not None and 0 < saved < hh.count():
            if not self._restore_fewer(state, saved):
                return False
        else:  # a newer version's columns, or not a header state
            return False
        for changed in TABLE_LAYOUT_CHANGES[max(0, layout):]:
            for name in changed:
                self._place_by_default(name)
        return True

    def _restore_fewer(self, state: QByteArray, saved: int) -> bool:
        """A state saved when the table had ``saved`` columns, fewer than now. Qt restores it,
        but its header length then misses the new columns, and every state saved after is
        refused (the order and widths forgotten at the next start): read it on a header of its
        own size instead, and carry the widths, what is hidden, the order and the sort over."""
        scratch = QTableView()
        scratch.setModel(QStandardItemModel(0, saved, scratch))
        old = scratch.horizontalHeader()
        old.setSectionsMovable(True)
        if not old.restoreState(state):
            return False
        hh = self.horizontalHeader()
        for logical in range(saved):
            hh.resizeSection(logical, old.sectionSize(logical))
            hh.setSectionHidden(logical, old.isSectionHidden(logical))
        for visual in range(saved):
            hh.moveSection(hh.visualIndex(old.logicalIndex(visual)), visual)
        if 0 <= old.sortIndicatorSection() < saved:
            hh.setSortIndicator(old.sortIndicatorSection(), old.sortIndicatorOrder())
        hh.setSortIndicatorShown(old.isSortIndicatorShown())
        for col in TABLE_COLUMNS[saved:]:  # added since: where the default order puts them
            self._place_by_default(col.name)
        return True

    def _place_by_default(self, name: str) -> None:
        """Move column ``name`` just after the column the default order puts before it."""
        hh = self.horizontalHeader()
        at = TABLE_DEFAULT_ORDER.index(name)
        current = hh.visualIndex(COLUMN_INDEX[name])
        if at == 0:
            hh.moveSection(current, 0)
            return
        after = hh.visualIndex(COLUMN_INDEX[TABLE_DEFAULT_ORDER[at - 1]])
        hh.moveSection(current, after if current < after else after + 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _move_key(self, event):
            return
        super().keyPressEvent(event)

    def selectionCommand(self, index: Index, event: QEvent | None = None) -> QItemSelectionModel.SelectionFlag:  # noqa: N802 - Qt's name
        return super().selectionCommand(index, _selecting(event))

    def moveCursor(self, action: QAbstractItemView.CursorAction,  # noqa: N802 - Qt's name
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        # A row is a photo: Home and End go to the first and last photo, as in the grid (Qt's
        # table goes to the first and last column of the same row, which showed no change).
        model = self.model()
        if action in (self.CursorAction.MoveHome, self.CursorAction.MoveEnd) and model is not None \
                and model.rowCount():
            cur = self.currentIndex()
            row = 0 if action == self.CursorAction.MoveHome else model.rowCount() - 1
            return model.index(row, cur.column() if cur.isValid() else 0)
        return super().moveCursor(action, modifiers)

    def scrollTo(self, index: Index,  # noqa: N802 - Qt's name
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        # A row is a photo and is selected whole: showing it scrolls up or down only. Qt also
        # scrolled sideways to the clicked cell, and a click on a wide caption carried the "#"
        # and file columns out of view (walk20); the horizontal bar stays where the desk put it.
        bar = self.horizontalScrollBar()
        x = bar.value()
        super().scrollTo(index, hint)
        bar.setValue(x)

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        model = self.model()
        if model is not None:
            first = self.rowAt(0)  # -1: no rows
            last = self.rowAt(self.viewport().height() - 1)  # -1: the rows end above the bottom
            _show_rows(model, first, last if last >= 0 else model.rowCount() - 1)
        super().paintEvent(event)


def _show_rows(model: Any, first: int, last: int) -> None:
    """Tell the model's thumbnail loader which photos the view shows, as it paints: it decodes
    only those (``ThumbnailLoader.set_visible``)."""
    loader = getattr(model, "thumbnails", None)
    if loader is not None:
        loader.set_visible(model.ids_in(first, last) if first >= 0 or last >= 0 else ())


# Keys that jump far. Qt's extended selection moves only the focus on Ctrl with them: Ctrl+End
# showed the last photo with the inspector still editing the one selected before, off screen.
# The arrows keep Qt's way (a file manager's): Ctrl+arrows move the focus a photo at a time,
# beside the selection, and Ctrl+Space adds the photo there to it or takes it out.
_JUMP_KEYS = frozenset({Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})


def _selecting(event: QEvent | None) -> QEvent | None:
    """``event`` as the views' selection reads it: a jump key with Ctrl selects where it lands
    (with Shift too, it extends the selection there), so the photo the view jumps to is the
    one the inspector edits. Ctrl+arrows and Ctrl+click are Qt's: the focus alone moves, a
    photo is added to the selection."""
    if (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() in _JUMP_KEYS
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
        return QKeyEvent(event.type(), event.key(), event.modifiers() & ~Qt.KeyboardModifier.ControlModifier,
                         event.text(), event.isAutoRepeat(), event.count())
    return event


def _move_key(view: QAbstractItemView, event: QKeyEvent) -> bool:
    """J/K move like Down/Up (photo editors keep a hand on the keyboard); Enter asks to
    edit the caption. The window's shortcuts do the same; this covers an inactive window."""
    if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    key = event.key()
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        edit = getattr(view, "activated_edit", None)
        if edit is not None:
            edit.emit()
            return True
        return False
    if key not in (Qt.Key.Key_J, Qt.Key.Key_K):
        return False
    model = view.model()
    if model is None or model.rowCount() == 0:
        return True
    cur = view.currentIndex()
    row = cur.row() if cur.isValid() else -1
    if cur.isValid() and not view.selectionModel().hasSelection():
        pass  # the row Qt made current, unselected, on focus (walk22: J skipped photo 1): select it
    else:
        row = min(model.rowCount() - 1, row + 1) if key == Qt.Key.Key_J else max(0, row - 1)
    idx = model.index(row, cur.column() if cur.isValid() else 0)
    view.setCurrentIndex(idx)
    view.scrollTo(idx)
    return True


def _cell_background(p: QPainter, option: QStyleOptionViewItem) -> None:
    """The row's background and selection, as the other cells draw it. No initStyleOption:
    it asks the model for every role of the cell on every paint."""
    style = option.widget.style() if option.widget else None
    if style:
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, p, option.widget)


class ThumbnailCellDelegate(QStyledItemDelegate):
    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        _cell_background(p, option)
        rect = option.rect.adjusted(4, 2, -4, -2)
        pm = index.data(ThumbnailRole)
        p.save()
        if isinstance(pm, QPixmap) and not pm.isNull():
            draw_pixmap_fitted(p, rect, pm)
        else:
            draw_placeholder(p, rect, option.palette)
        draw_provenance_badge(p, rect.x() + 1, rect.bottom() - 1, 13.0, index.data(ProvenanceRole))
        p.restore()


class FileNameDelegate(QStyledItemDelegate):
    """A file name too long for its column loses its middle: its start and its end (the frame
    number and the extension, what tells "IMG_0412.jpg" from "IMG_0412.NEF") stay; the
    tooltip has the whole path."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # Elided to the part of the cell the pane shows: a column wider than what is left of a
        # narrow pane (1024 px, the inspector open) had its name cut by the pane's edge, the
        # extension gone ("02-elowen-peniche-harbour.jp"), though it fitted the column.
        view = option.widget
        viewport = view.viewport() if isinstance(view, QAbstractItemView) else None
        if viewport is not None:
            left, right = max(option.rect.left(), 0), min(option.rect.right(), viewport.width() - 1)
            if right - left + 1 < option.rect.width() and right > left:
                shown = QStyleOptionViewItem(option)
                shown.rect = QRect(left, option.rect.top(), right - left + 1, option.rect.height())
                super().paint(p, shown, index)
                return
        super().paint(p, option, index)


class StatusCellDelegate(QStyledItemDelegate):
    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        _cell_background(p, option)
        item = _item(index)  # one lookup for the status and the pending count
        status = (item.status if item is not None else None) or "clean"
        pending = item.pending if item is not None else 0
        p.save()
        rect = option.rect
        radius = 7.0
        draw_badge(p, rect.x() + 8 + radius, rect.center().y() + 0.5, radius, status)
        p.setPen(option.palette.color(QPalette.ColorRole.HighlightedText
                                      if option.state & QStyle.StateFlag.State_Selected
                                      else QPalette.ColorRole.Text))
        p.setFont(option.font)
        text_rect = rect.adjusted(int(16 + 2 * radius), 0, -4, 0)
        word = STATUS_WORDS.get(status, "Clean")
        p.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), word)
        if pending:  # after the status word: a photo with edits not yet in its file
            x = text_rect.x() + option.fontMetrics.horizontalAdvance(word) + 8
            h = option.fontMetrics.height() + 4
            draw_pending_chip(p, QRectF(x, rect.center().y() + h / 2, 0, 0), pending, option.font,
                              failed=write_failed(item))
        p.restore()
