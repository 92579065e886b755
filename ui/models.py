"""Qt models over the catalog: the item table and the thumbnail grid.

A model holds only item ids. Rows are fetched a page at a time through
``Catalog.items(ids)`` when a view asks for them and kept in a bounded LRU
cache, so a 100,000-item library costs one list of ints. Thumbnails load on a
small thread pool; until one arrives the delegate draws a placeholder.

In a gallery (unfiltered) the rows can be reordered by drag and drop; the new
order is written with ``Catalog.move_items`` and read back from the catalog.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QBuffer,
    QByteArray,
    QIODevice,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QImage, QImageReader, QPixmap

from app.fields import BY_KEY, is_blank
from app.marks import label_color
from app.model import Item, WriteFailure
from app.terminal import display_path
from ui.marks import label_icon, marks_text
from ui.tasks import TaskRunner

ID_MIME = "application/x-creditline-item-ids"

ItemIdRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
PositionRole = Qt.ItemDataRole.UserRole + 3
ItemRole = Qt.ItemDataRole.UserRole + 4
ThumbnailRole = Qt.ItemDataRole.UserRole + 5
ProvenanceRole = Qt.ItemDataRole.UserRole + 6  # Item.c2pa_state: the Content Credentials badge
PendingRole = Qt.ItemDataRole.UserRole + 7  # fields edited and not yet written to the file

# The status of an item whose stored findings are stale in a catalog that cannot store new ones
# (read-only): its stored status says nothing about its text now, so it is not shown as clean.
UNCHECKED = "unchecked"


def read_only_notice(catalog: Any) -> str | None:
    """The one line every refused edit says, and the window's notice: None when ``catalog``
    can be written."""
    why = getattr(catalog, "read_only", None)
    if why is None:
        return None
    return f"This catalog is read-only ({why}): you can browse, check and export; edits are off"


def read_only_line(parent: Any, layout: Any, catalog: Any, name: str, allowed: str) -> tuple[Any, str | None]:
    """The line at the top of a dialog on a read-only catalog ("{allowed}: this catalog is
    read-only (why).", added to ``layout``; hidden when the catalog can be written), and the
    reason for the dialog's disabled controls (None when writable)."""
    from PySide6.QtWidgets import QLabel  # noqa: PLC0415 - a widget, in the models' module

    line = QLabel(parent)
    line.setObjectName(name)
    if getattr(catalog, "read_only", None) is None:
        line.hide()
        return line, None
    reason = f"this catalog is read-only ({catalog.read_only})"
    line.setText(f"{allowed}: {reason}.")
    layout.addWidget(line)
    return line, reason


# Room left for the window manager's frame around a dialog (a title bar; Qt cannot know its
# height before the dialog is shown): 720 high plus a title bar and a panel overran a 1366x768 laptop.
FRAME_ALLOWANCE = (16, 40)


def fit_dialog(dialog: Any, size: tuple[int, int], area: Any) -> None:
    """Open ``dialog`` at ``size``, smaller where the screen's free ``area`` (a QRect, less the
    window frame) has not the room, and placed inside it; None: just ``size``."""
    w, h = size
    if area is None:
        dialog.resize(w, h)
        return
    w = min(w, area.width() - FRAME_ALLOWANCE[0])
    h = min(h, area.height() - FRAME_ALLOWANCE[1])
    dialog.resize(w, h)
    dialog.move(area.x() + (area.width() - w) // 2,
                area.y() + max(0, (area.height() - h - FRAME_ALLOWANCE[1]) // 2))


STATUS_LABEL = {"error": "Errors", "warning": "Warnings", "info": "Clean", None: "Clean", UNCHECKED: "Not checked"}

# The roles these models answer. Views ask every cell for a dozen more (font, colours,
# check state, size hint) on every paint; those get None before any row lookup.
SERVED_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.TextAlignmentRole, ItemIdRole, StatusRole, PositionRole, ItemRole, ThumbnailRole,
    PendingRole,
    ProvenanceRole,
})

Index = QModelIndex | QPersistentModelIndex


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def caption_excerpt(item: Item, limit: int = 140) -> str:
    text = " ".join(_text(item.fields.get("caption")).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def location_text(item: Item) -> str:
    parts = [_text(item.fields.get(k)) for k in ("sublocation", "city", "state", "country")]
    return ", ".join(p for p in parts if p.strip())


def headline_text(item: Item) -> str:
    """What names the photo in a grid cell: headline, else title, else the file name; a
    caption-only item (a published page's, from import-text) has no file: its caption's start,
    else "(caption only)"."""
    for key in ("headline", "title"):
        if not is_blank(item.fields.get(key)):
            return _text(item.fields[key])
    if item.path:
        return display_path(Path(item.path).name)
    return caption_excerpt(item, 60) or "(caption only)"


def item_name(item: Item) -> str:
    """The file name, or "caption only" for an item without a file (string work, not a Path:
    the table asks it for every row it paints)."""
    path = item.path
    if not path:
        return "caption only"
    return display_path(path[max(path.rfind("/"), path.rfind("\\")) + 1:])


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    text: Callable[[Item], str] | None  # None: drawn by a delegate (thumbnail, status)
    sort_key: str | None  # what Catalog.item_ids(sort=...) understands
    width: int = 120


def _field_column(name: str, key: str, header: str | None = None, width: int = 120) -> Column:
    return Column(name, header or BY_KEY[key].label, lambda it, k=key: _text(it.fields.get(k)), key, width)


def date_text(item: Item) -> str:
    """The date created as a desk reads it: "2026-03-10 14:05" (day and minute; the ISO "T",
    seconds and offset make the column wide for nothing, and the tooltip has them)."""
    value = _text(item.fields.get("date_created")).strip()
    day, sep, time = value.partition("T")
    return f"{day} {time[:5]}" if sep and len(time) >= 5 else day


TABLE_COLUMNS: tuple[Column, ...] = (
    Column("position", "#", None, "added", 56),
    Column("thumbnail", "", None, None, 56),
    Column("file", "File name", item_name, "file_name", 200),
    _field_column("headline", "headline", width=220),
    Column("caption", BY_KEY["caption"].label, caption_excerpt, "caption", 360),
    Column("date", "Date", date_text, "date_created", 132),
    Column("location", "Location", location_text, "city", 170),
    _field_column("photographer", "creators", "Photographer", 150),
    _field_column("credit", "credit_line", "Credit", 150),
    _field_column("agency", "source", "Agency", 120),
    Column("status", "Status", lambda it: STATUS_LABEL.get(it.status, "Clean"), "status", 150),
    # A label, the tag and three stars; more is elided, and the tooltip says it all in words.
    Column("marks", "Marks", lambda it: marks_text(it.fields, compact=True), "color_label", 124),
)
COLUMN_INDEX = {c.name: i for i, c in enumerate(TABLE_COLUMNS)}


class LruCache(OrderedDict):
    """A dict that forgets its least recently used entries beyond ``capacity``."""

    def __init__(self, capacity: int) -> None:
        super().__init__()
        self.capacity = capacity

    def get_lru(self, key: Any) -> Any:
        value = super().get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def put(self, key: Any, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.capacity:
            self.popitem(last=False)


def image_reader(path: str) -> QImageReader:
    """A reader of the image file at ``path``. Qt takes a file name as text, so a name whose
    bytes are not UTF-8 (Python holds them as surrogate escapes) never opens by name (the
    seventeenth walk's 'Straße-München.jpg' in Latin-1: a blank tile, "Preview unavailable"):
    such a file is read into memory and decoded from there."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        with open(path, "rb") as fh:
            data = fh.read()
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        reader.buffer = buffer  # the reader does not own its device: keep it alive with it
        return reader
    return QImageReader(path)


def load_thumbnail_image(path: str | None, thumb_file: str | None, size: int) -> QImage:
    """Decode a thumbnail off the UI thread (QImage, unlike QPixmap, is thread-safe).

    The catalog's cached 256 px thumbnail is preferred; otherwise the photo is
    decoded at reduced size (JPEG scales during decode, so this stays cheap).
    """
    for candidate in (thumb_file, path):
        if not candidate or not Path(candidate).is_file():
            continue
        reader = image_reader(candidate)
        reader.setAutoTransform(True)
        src = reader.size()
        if src.isValid() and max(src.width(), src.height()) > size:
            reader.setScaledSize(src.scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if not image.isNull():
            return image
    return QImage()


def thumbnail_file(thumbnails_dir: Path | None, thumb_key: str | None) -> str | None:
    """Where the catalog keeps the thumbnail named ``thumb_key`` (app.thumbnails decides)."""
    if not thumbnails_dir or not thumb_key:
        return None
    try:
        from app.thumbnails import ThumbnailCache  # noqa: PLC0415 - optional while being written

        cache = ThumbnailCache(thumbnails_dir)
        for attr in ("path_for", "path"):
            fn = getattr(cache, attr, None)
            if callable(fn):
                return str(fn(thumb_key))
    except (ImportError, TypeError, AttributeError):
        pass
    for ext in (".jpg", ".jpeg", ".webp", ".png"):
        p = Path(thumbnails_dir) / f"{thumb_key}{ext}"
        if p.is_file():
            return str(p)
    return None


class ThumbnailLoader(QObject):
    """Loads thumbnails in the background, newest request first, into a bounded cache.

    Requests go on a stack that one task at a time drains (through the TaskRunner),
    so a fast scroll costs a list append per row, and the rows on screen now are
    decoded before those scrolled past; requests beyond ``MAX_PENDING`` are dropped
    (they are asked again if their row shows again).

    The views say which photos they show (``set_visible``, at each paint): a request is
    decoded only once its photo has been on screen for ``SETTLE_S``, and dropped once it is
    no longer there. Holding Page Down through 100,000 rows, every row used to be decoded
    and posted back (16 a page, ~0.7 ms of the UI thread a page for the pixmaps and their
    repaints, and a decoding thread taking the interpreter lock from it) for a picture on
    screen for 20 ms; now the placeholders stay until the scroll pauses.
    """

    loaded = Signal(int)  # item id
    keys_changed = Signal(list)  # item ids whose thumbnail was made since their rows were read

    MAX_PENDING = 64
    # Long enough that a page passing at key-repeat speed (~30 a second) is never decoded,
    # short enough that the pictures of a page stopped at follow at once.
    SETTLE_S = 0.06

    def __init__(self, thumbnails_dir: Path | None = None, size: int = 256, capacity: int = 300,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thumbnails_dir = Path(thumbnails_dir) if thumbnails_dir else None
        self.size = size
        self.runner = TaskRunner(self, max_threads=1)
        self._cache: LruCache = LruCache(capacity)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._stack: list[tuple[int, str | None, str | None, float]] = []  # + when asked
        # The photos the views show (None: no view has said, so every request is decoded).
        self._visible: frozenset[int] | None = None
        self._queued: set[int] = set()
        self._failed: set[int] = set()
        self._task: Any = None
        # Bumped by stop(): what a drain of an earlier generation still delivers is dropped,
        # so stopping never has to wait for a decode in progress.
        self._generation = 0
        # Bumped per item by forget(): a decode begun before its thumbnail was made anew lands
        # after it and is dropped, not cached over the new one (race38).
        self._epochs: dict[int, int] = {}
        # While an import makes thumbnails, a photo without one shows the placeholder until
        # its own lands (``landed``), instead of a decode of the whole file here.
        self._expecting = False

    @property
    def _pending(self) -> set[int]:
        with self._lock:
            return set(self._queued)

    def pixmap(self, item: Item) -> QPixmap | None:
        pm = self._cache.get_lru(item.id)
        if pm is not None or item.id in self._failed or item.path is None and not item.thumb_key:
            return pm
        if self._expecting and not item.thumb_key:
            return None  # the placeholder: its thumbnail is on its way
        self._request(item)
        return None

    def expect_thumbnails(self, expecting: bool) -> None:
        """An import is making thumbnails (True) or has ended (False: photos still without one
        are decoded from the file again, as before)."""
        self._expecting = expecting

    def landed(self, item_ids: list[int]) -> None:
        """Thumbnails of ``item_ids`` were made: forget what is cached for them and tell the
        models to read their rows again (``keys_changed``), which repaints them."""
        self.forget(item_ids)
        self.keys_changed.emit(list(item_ids))

    def set_visible(self, item_ids: Iterable[int]) -> None:
        """The photos a view shows now (it calls this as it paints): only they are decoded."""
        self._visible = frozenset(item_ids)  # one reference swap: the drain reads it unlocked

    def _request(self, item: Item) -> None:
        with self._lock:
            if item.id in self._queued:
                return
            self._stack.append((item.id, item.path, item.thumb_key, time.monotonic()))
            self._queued.add(item.id)
            if len(self._stack) > self.MAX_PENDING:
                dropped = self._stack[: len(self._stack) - self.MAX_PENDING]
                del self._stack[: len(dropped)]
                self._queued.difference_update(d[0] for d in dropped)
            if len(self._stack) == 1:
                # Only a drain idling on an empty stack needs waking: one waiting for a photo to
                # settle looks at the newest request when it wakes anyway, and waking it per
                # row painted made it take the interpreter lock from the painting 16 times a page.
                self._wake.notify()
        if self._task is None:
            self._start_drain()

    def _start_drain(self) -> None:
        self._task = self.runner.submit(self._drain, self._generation, self.thumbnails_dir,
                                        name="thumbnails", cancellable=True,
                                        on_partial=self._arrived, on_done=self._drained,
                                        on_error=lambda msg, tb: None)

    def _drain(self, ctx: Any, generation: int, thumbnails_dir: Path | None) -> None:
        while True:
            with self._wake:
                if ctx.cancelled:  # under the lock: stop() cancels before it lets go of it
                    return
                if not self._stack:
                    # Linger a moment: while the user scrolls, requests keep coming, and
                    # starting a pool task per burst costs more than waiting for it.
                    self._wake.wait(0.3)
                    if ctx.cancelled or not self._stack:
                        return
                    continue
                item_id, path, thumb_key, asked = self._stack[-1]
                visible = self._visible
                if visible is not None:
                    if item_id not in visible:  # scrolled past: asked again if it shows again
                        self._stack.pop()
                        self._queued.discard(item_id)
                        continue
                    wait = asked + self.SETTLE_S - time.monotonic()
                    if wait > 0:
                        self._wake.wait(wait)
                        continue
                self._stack.pop()
                epoch = self._epochs.get(item_id, 0)
            image = load_thumbnail_image(path, thumbnail_file(thumbnails_dir, thumb_key), self.size)
            ctx.post((generation, item_id, image, epoch))

    def _drained(self) -> None:
        self._task = None
        with self._lock:
            more = bool(self._stack)
            if not more:
                self._epochs.clear()  # no decode under way: nothing left to tell apart
        if more:  # requests that came in as the task was finishing (or after a stop)
            self._start_drain()

    def _arrived(self, result: tuple[int, int, QImage] | tuple[int, int, QImage, int]) -> None:
        generation, item_id, image, *epoch = result
        if generation != self._generation:
            return  # decoded before stop() (another catalog's item ids): never shown
        if epoch and epoch[0] != self._epochs.get(item_id, 0):
            return  # of the thumbnail before the one just made: its own decode is asked for
        with self._lock:
            self._queued.discard(item_id)
        if image.isNull():
            self._failed.add(item_id)
            return
        self._cache.put(item_id, QPixmap.fromImage(image))
        self.loaded.emit(item_id)

    def forget(self, item_ids: Iterable[int]) -> None:
        ids = set(item_ids)
        with self._lock:
            # A request waiting, or a decode under way, is of what was there before: the next
            # paint asks again (not held back as queued), and the decode's result is dropped.
            for i in ids:
                self._epochs[i] = self._epochs.get(i, 0) + 1
            self._queued.difference_update(ids)
            self._stack[:] = [r for r in self._stack if r[0] not in ids]
        for i in ids:
            self._cache.pop(i, None)
            self._failed.discard(i)

    def cached_count(self) -> int:
        return len(self._cache)

    def idle(self) -> bool:
        with self._lock:
            return not self._stack and not self._queued and self._task is None

    def stop(self, wait_ms: int = 0) -> None:
        """Drop every request and end the drain without waiting for it: a decode still in
        progress is dropped when it arrives. ``wait_ms``: at most this long for that decode
        (the window closing; one 256 px decode)."""
        with self._wake:
            self._stack.clear()
            self._queued.clear()
            self._generation += 1
            self.runner.cancel_all()
            self._wake.notify_all()  # a drain lingering for requests ends now
        if wait_ms > 0:
            self.runner.wait(wait_ms)

    def set_dir(self, thumbnails_dir: Path | None) -> None:
        """Another catalog: its item ids mean other photos, so nothing cached may stay."""
        self.stop()
        self._cache.clear()
        self._failed.clear()
        self.thumbnails_dir = Path(thumbnails_dir) if thumbnails_dir else None


class ItemsModel(QAbstractTableModel):
    """Ids of the items shown, with rows fetched on demand through ``Catalog.items``."""

    files_dropped = Signal(list)  # paths dropped from the file manager
    order_changed = Signal()  # a gallery was reordered
    ids_reset = Signal()  # a new list of ids is shown

    PAGE = 60  # about two screens of the grid: a fetch costs ~0.1 ms a row

    def __init__(self, catalog: Any, thumbnails: ThumbnailLoader | None = None, cache_size: int = 1000,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.thumbnails = thumbnails
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._cache: LruCache = LruCache(cache_size)
        self._last: Item | None = None  # the row asked for last (one cell asks several roles)
        self.gallery_id: int | None = None
        self.reorderable = False  # true for an unfiltered gallery
        self.fetches = 0  # how many Catalog.items calls (tests and bench read it)
        # Items shown as "not checked" (UNCHECKED): stale in a read-only catalog (the window sets it).
        self.unchecked: frozenset[int] = frozenset()
        if thumbnails is not None:
            thumbnails.loaded.connect(self._thumbnail_loaded)
            thumbnails.keys_changed.connect(self.refresh_items)

    # --- ids -----------------------------------------------------------------
    def set_ids(self, ids: Sequence[int], gallery_id: int | None = None, reorderable: bool = False) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._row_of = None
        self._last = None
        self.gallery_id = gallery_id
        self.reorderable = reorderable and gallery_id is not None
        self.endResetModel()
        self.ids_reset.emit()

    def update_ids(self, ids: Sequence[int], gallery_id: int | None = None, reorderable: bool = False) -> None:
        """Show ``ids`` disturbing the view as little as possible: rows that landed at the
        end (an import in progress) are inserted, so scroll position and selection stay."""
        ids = list(ids)
        same_source = gallery_id == self.gallery_id
        if same_source and ids == self._ids:
            self.reorderable = reorderable and gallery_id is not None
            self.refresh_all()
            return
        n = len(self._ids)
        if same_source and n and len(ids) > n and ids[:n] == self._ids:
            self.beginInsertRows(QModelIndex(), n, len(ids) - 1)
            self._ids = ids
            self._row_of = None
            self.endInsertRows()
            self.reorderable = reorderable and gallery_id is not None
            return
        self._cache.clear()
        self.set_ids(ids, gallery_id, reorderable)

    def follow_ids(self, ids: Sequence[int], gallery_id: int | None = None, reorderable: bool = False) -> None:
        """Show ``ids`` after the catalog changed elsewhere (another process): every row is read
        again, and rows added, removed or moved are a layout change, not a reset, so the
        selection, the current photo and the scroll position stay on the photos they were on."""
        ids = list(ids)
        if gallery_id != self.gallery_id:
            self.update_ids(ids, gallery_id, reorderable)
            return
        self.reorderable = reorderable and gallery_id is not None
        n = len(self._ids)
        if ids == self._ids or (n and len(ids) > n and ids[:n] == self._ids):
            appended = ids != self._ids
            self.update_ids(ids, gallery_id, reorderable)  # the same rows (read again), or rows appended
            if appended:
                self.refresh_all()
            return
        self._relayout(ids)

    def _relayout(self, ids: list[int]) -> None:
        """Show ``ids`` in place of the current rows as a layout change, not a reset: the
        selection, the current index and the scroll stay on the items they were on."""
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_ids = [self._ids[p.row()] if 0 <= p.row() < len(self._ids) else None for p in old_persistent]
        self._ids = ids
        self._row_of = None
        self._last = None
        self._cache.clear()
        new_persistent = []
        for p, item_id in zip(old_persistent, old_ids, strict=True):
            r = self.row_of(item_id) if item_id is not None else None
            new_persistent.append(self.index(r, p.column()) if r is not None else QModelIndex())
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()

    def set_catalog(self, catalog: Any) -> None:
        """Show another catalog (empty until the window queries it); cached rows are dropped."""
        self.catalog = catalog
        self._cache.clear()
        self.set_ids([])

    def ids(self) -> list[int]:
        return list(self._ids)

    def ids_in(self, first: int, last: int) -> list[int]:
        """The ids of rows ``first`` to ``last`` (both included, clipped to the rows there are)."""
        return self._ids[max(0, first):max(0, last + 1)]

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, item_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {i: r for r, i in enumerate(self._ids)}
        return self._row_of.get(item_id)

    def cached_count(self) -> int:
        return len(self._cache)

    def item_at(self, row: int) -> Item | None:
        if not 0 <= row < len(self._ids):
            return None
        item_id = self._ids[row]
        last = self._last
        if last is not None and last.id == item_id:
            return last
        item = self._cache.get_lru(item_id)
        if item is None:
            self._fetch_page(row)
            item = self._cache.get_lru(item_id)
        self._last = item
        return item

    def _fetch_page(self, row: int) -> None:
        # A page around the row: views ask for rows in screen order, so one
        # query covers what is visible and a little beyond in both directions.
        start = max(0, row - self.PAGE // 4)
        wanted = [i for i in self._ids[start:start + self.PAGE] if i not in self._cache]
        if not wanted:
            return
        self.fetches += 1
        unchecked = self.unchecked
        items = self.catalog.items(wanted, gallery=self.gallery_id, details=False)
        # Why the last write of a photo failed: a red chip and a tooltip, after a restart too.
        pending = [i.id for i in items if i.pending]
        failures = self.catalog.write_failures(pending) if pending else {}
        for item in items:
            if item.id in unchecked:
                item.status = UNCHECKED
            item.write_failure = write_failure_now(item, failures.get(item.id))
            self._cache.put(item.id, item)

    def follow_files(self) -> list[int]:
        """Check again the files of the cached photos whose last write was refused (the file
        gone or locked): one put back or unlocked since is shown as not written yet, no longer
        as failed, and the other way round. A stat each; the ids whose state changed."""
        changed = []
        for item in list(self._cache.values()):
            if item.write_failure is None or not item.pending:
                continue
            now = write_failure_now(item, item.write_failure)
            if now is not item.write_failure:
                item.write_failure = now
                changed.append(item.id)
        if changed:
            self.refresh_rows(changed)
        return changed

    def refresh_items(self, item_ids: Iterable[int]) -> None:
        """Forget cached rows of ``item_ids`` (edited, rechecked) and repaint them."""
        self._last = None
        ids = list(item_ids)
        for i in ids:
            self._cache.pop(i, None)
        self.refresh_rows(ids)

    def refresh_rows(self, item_ids: Iterable[int]) -> None:
        """Repaint the rows of ``item_ids`` as cached."""
        rows = [r for r in map(self.row_of, item_ids) if r is not None]
        if rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last))

    def refresh_all(self) -> None:
        self._last = None
        self._cache.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, self.columnCount() - 1))

    def _thumbnail_loaded(self, item_id: int) -> None:
        r = self.row_of(item_id)
        if r is not None:
            col = self.thumbnail_column()
            idx = self.index(r, col)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole, ThumbnailRole])

    def thumbnail_column(self) -> int:
        return 0

    # --- Qt model ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def _common_role(self, item: Item, row: int, role: int) -> Any:
        if role == ItemIdRole:
            return item.id
        if role == StatusRole:
            return item.status or "clean"
        if role == PositionRole:
            return item.position if item.position is not None else (row + 1 if self.gallery_id else None)
        if role == ItemRole:
            return item
        if role == ThumbnailRole:
            return self.thumbnails.pixmap(item) if self.thumbnails else None
        if role == PendingRole:
            return item.pending
        if role == ProvenanceRole:
            return item.c2pa_state
        return None

    _ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
    _GALLERY_ROW_FLAGS = _ROW_FLAGS | Qt.ItemFlag.ItemIsDropEnabled

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            # Dropping between rows: only where dropping means something.
            return Qt.ItemFlag.ItemIsDropEnabled if self.gallery_id is not None else Qt.ItemFlag.NoItemFlags
        return self._GALLERY_ROW_FLAGS if self.gallery_id is not None else self._ROW_FLAGS

    # --- drag and drop ----------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [ID_MIME, "text/uri-list"]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return ids_mime([self._ids[r] for r in rows])

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        if data.hasUrls() and any(u.isLocalFile() for u in data.urls()):
            return True  # an import: the window refuses it in one line when the catalog is read-only
        return data.hasFormat(ID_MIME) and self.gallery_id is not None and read_only_notice(self.catalog) is None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not data.hasFormat(ID_MIME):
            paths = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
            if paths:
                self.files_dropped.emit(paths)
                return True
            return False
        if self.gallery_id is None or read_only_notice(self.catalog) is not None:
            return False
        ids = ids_from_mime(data)
        if not ids:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._ids)
        inside = [i for i in ids if self.row_of(i) is not None]
        outside = [i for i in ids if self.row_of(i) is None]
        if outside:
            self.catalog.add_to_gallery(self.gallery_id, outside, at=row)
        if inside and self.reorderable:
            self.catalog.move_items(self.gallery_id, inside, row)
        elif inside and not outside:
            return False
        self.reload_gallery()
        self.order_changed.emit()
        # False when the view would otherwise delete the "moved" source rows: the
        # catalog already holds the new order and rows are never removed here.
        return False

    def moveRows(self, source_parent: Index, source_row: int, count: int, destination_parent: Index,
                 destination_child: int) -> bool:
        if (self.gallery_id is None or not self.reorderable or source_parent.isValid()
                or destination_parent.isValid() or count <= 0
                or source_row < 0 or source_row + count > len(self._ids)
                or not 0 <= destination_child <= len(self._ids)
                or source_row <= destination_child <= source_row + count):
            return False
        moved = self._ids[source_row:source_row + count]
        if not self.beginMoveRows(QModelIndex(), source_row, source_row + count - 1, QModelIndex(),
                                  destination_child):
            return False
        # The catalog takes the drop row (before the item now there), as Qt does.
        self.catalog.move_items(self.gallery_id, moved, destination_child)
        at = gallery_index(self._ids, moved, destination_child)
        rest = [i for i in self._ids if i not in set(moved)]
        self._ids = rest[:at] + moved + rest[at:]
        self._row_of = None
        for i in self._ids:  # positions changed for everything between
            self._cache.pop(i, None)
        self._last = None
        self.endMoveRows()
        self.order_changed.emit()
        return True

    def reload_gallery(self) -> None:
        """Read the gallery order back from the catalog, keeping selection on the same items."""
        if self.gallery_id is None:
            return
        new_ids = list(self.catalog.gallery_item_ids(self.gallery_id))
        if set(new_ids) != set(self._ids):
            self._cache.clear()
            self.set_ids(new_ids, self.gallery_id, self.reorderable)
            return
        self._relayout(new_ids)


def gallery_index(current: Sequence[int], moved: Sequence[int], insert_row: int) -> int:
    """The 0-based index the first moved item gets once ``moved`` is inserted before
    row ``insert_row`` of ``current``."""
    moved_set = set(moved)
    return sum(1 for r, i in enumerate(current) if r < insert_row and i not in moved_set)


def ids_mime(ids: Sequence[int]) -> QMimeData:
    data = QMimeData()
    data.setData(ID_MIME, QByteArray(json.dumps(list(ids)).encode()))
    return data


def ids_from_mime(data: QMimeData) -> list[int]:
    try:
        raw = bytes(data.data(ID_MIME).data()).decode()
        return [int(i) for i in json.loads(raw)]
    except (ValueError, TypeError):
        return []


class ItemTableModel(ItemsModel):
    """The table: position, thumbnail, headline, caption, date, location, people, credit, agency, status."""

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TABLE_COLUMNS)

    def thumbnail_column(self) -> int:
        return COLUMN_INDEX["thumbnail"]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(TABLE_COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return TABLE_COLUMNS[section].header
            if role == Qt.ItemDataRole.SizeHintRole:
                return QSize(TABLE_COLUMNS[section].width, 24)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in SERVED_ROLES or not index.isValid() or not 0 <= index.column() < len(TABLE_COLUMNS):
            return None
        item = self.item_at(index.row())
        if item is None:
            return None
        col = TABLE_COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col.name == "position":
                # A gallery numbers its photos (the tiles' numbers); the library names them by id,
                # which `creditline show` and `set` take.
                pos = self._common_role(item, index.row(), PositionRole)
                return f"{pos:02d}" if pos is not None else f"#{item.id}"
            if col.text is None:
                return None
            if role == Qt.ItemDataRole.ToolTipRole and col.name == "caption":
                return _text(item.fields.get("caption"))
            if role == Qt.ItemDataRole.ToolTipRole and col.name == "date":
                return _text(item.fields.get("date_created"))
            if role == Qt.ItemDataRole.ToolTipRole and col.name == "marks":
                return marks_text(item.fields)
            if role == Qt.ItemDataRole.ToolTipRole and col.name == "file":
                return item.path or "caption only (no file)"
            if role == Qt.ItemDataRole.ToolTipRole and col.name == "status":
                return status_tooltip(item, col.text(item))
            return col.text(item)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.name == "position":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and col.name == "thumbnail":
            return self.thumbnails.pixmap(item) if self.thumbnails else None
        if role == Qt.ItemDataRole.DecorationRole and col.name == "marks":
            color = label_color(_text(item.fields.get("color_label")))
            return label_icon(color) if color else None
        return self._common_role(item, index.row(), role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the catalog's job (SQL over every row, not just the cached ones)."""
        if self.gallery_id is not None or not 0 <= column < len(TABLE_COLUMNS):
            return  # a gallery keeps its editorial order
        key = TABLE_COLUMNS[column].sort_key
        if key is None or self.sorter is None:
            return
        ids = self.sorter(key, order == Qt.SortOrder.DescendingOrder)
        if ids is not None:
            self.set_ids(ids)

    # Set by the window: (sort key, descending) -> ids for the current library filter.
    sorter: Callable[[str, bool], list[int] | None] | None = None


def status_tooltip(item: Item, text: str) -> str:
    """``text`` and, for a photo still waiting to be written whose last write did not write
    it, why (kept in the catalog: said after a restart as in the session that tried)."""
    failure = item.write_failure if item.pending else None
    if failure is None:
        return _with_sidecar_note(item, text)
    n = item.pending
    yet = " yet" if failure.lifted else ""
    return f"{text}\n\n{n} edit{'s' if n != 1 else ''} not written{yet}. {failure.text()}"


def _with_sidecar_note(item: Item, text: str) -> str:
    """``text`` and, for a signed photo whose edits go to an XMP sidecar, where they are written
    (a few stats, asked only when a tooltip shows): the tile's chip alone left "not written"
    for ever in the editor's mind."""
    if item.kind != "photo" or not item.c2pa_state or not item.path:
        return text
    from app.metadata.sidecar import find_sidecar  # noqa: PLC0415
    from app.provenance_write import sidecar_note  # noqa: PLC0415

    sidecar = find_sidecar(item.path)
    note = sidecar_note(item, str(sidecar)) if sidecar is not None else None
    return f"{text}\n\n{note[0].upper()}{note[1:]}." if note else text


def write_failure_now(item: Item, failure: WriteFailure | None) -> WriteFailure | None:
    """``failure`` checked against the photo's file (``app.writeback.failure_now``)."""
    if failure is None or failure.status != "failed":
        return failure  # a skipped write (Content Credentials, changed on disk) waits for a write
    from app.writeback import failure_now  # noqa: PLC0415 - the writer loads only when a write failed

    return failure_now(failure, item.path, item.facts.format if item.facts else None)


class ItemGridModel(ItemsModel):
    """The thumbnail grid: one cell per item; the delegate draws position and status badge."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in SERVED_ROLES or not index.isValid() or index.column() != 0:
            return None
        item = self.item_at(index.row())
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return headline_text(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return status_tooltip(item, f"#{item.id} · {item_name(item)}\n{caption_excerpt(item, 400)}")
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbnails.pixmap(item) if self.thumbnails else None
        return self._common_role(item, index.row(), role)


