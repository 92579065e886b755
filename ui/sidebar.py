"""The left column: the library's standing views and the galleries.

Library: All photos, Needs attention (items with errors), Recently imported,
Import errors. Galleries: new, rename, duplicate, delete, status
draft/ready/published. Photos dragged from the grid or table onto a gallery
are added to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app import validation
from app.model import Gallery, GalleryStatus
from ui.models import ID_MIME, ids_from_mime, read_only_notice
from ui.provenance import add_gallery_flag_actions
from ui.tasks import TaskRunner

SourceRole = Qt.ItemDataRole.UserRole + 20


class GalleryDialog(QDialog):
    """A gallery's name (the sidebar, the CLI's --gallery) and its title (the credit sheet's heading)."""

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Gallery name and title")
        self.setMinimumWidth(420)
        self.name = QLineEdit(name)
        self.title = QLineEdit(title)
        self.title.setPlaceholderText("Same as the name")
        hint = QLabel("The title heads the credit sheet (PDF, HTML, JSON); the name is how the\n"
                      "sidebar and the command line (--gallery) call the gallery.")
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._follow = not title or title == name  # the title follows the name while it is the name
        self.name.textEdited.connect(self._name_edited)
        self.title.textEdited.connect(self._title_edited)
        form = QFormLayout(self)
        form.addRow("Name:", self.name)
        form.addRow("Title:", self.title)
        form.addRow(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.name.selectAll()

    def _name_edited(self, text: str) -> None:
        if self._follow:
            self.title.setText(text.strip())

    def _title_edited(self, text: str) -> None:
        self._follow = not text.strip()

    def values(self) -> tuple[str, str]:
        """(name, title); a title left as the name follows the new name."""
        name = self.name.text().strip()
        title = self.title.text().strip()
        return name, name if self._follow or not title else title


class NewGalleryDialog(QDialog):
    """A new gallery's name, and whether the photos selected go in it (checked when there are
    some: the sixth walk made a gallery with 103 photos selected and got an empty one, and only
    dragging could fill it)."""

    def __init__(self, selected: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New gallery")
        self.setMinimumWidth(380)
        self.name = QLineEdit()
        self.add_selected = QCheckBox(f"Add the {selected:,} selected photo{'s' if selected != 1 else ''}")
        self.add_selected.setChecked(selected > 0)
        self.add_selected.setVisible(selected > 0)
        form = QFormLayout(self)
        form.addRow("Gallery name:", self.name)
        form.addRow(self.add_selected)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.name.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        form.addRow(self.buttons)


@dataclass(frozen=True)
class Source:
    """What the centre shows: a library view or one gallery."""

    kind: str  # "all" | "attention" | "recent" | "import_errors" | "gallery"
    gallery_id: int | None = None

    @property
    def is_gallery(self) -> bool:
        return self.kind == "gallery"


LIBRARY_VIEWS: tuple[tuple[str, str], ...] = (
    ("all", "All photos"),
    ("attention", "Needs attention"),
    ("recent", "Recently imported"),
    ("import_errors", "Import errors"),
)

STATUS_TEXT = {GalleryStatus.DRAFT: "draft", GalleryStatus.READY: "ready", GalleryStatus.PUBLISHED: "published"}
STATUS_TINT = {GalleryStatus.DRAFT: "#8a8a8a", GalleryStatus.READY: "#1e8e3e", GalleryStatus.PUBLISHED: "#1a73e8"}


def library_counts(catalog: Any, gallery_id: int | None = None, library: bool = True) -> dict[str, int]:
    """Counts beside the library entries (runs on a pool thread; the catalog is per-thread);
    with ``gallery_id``, "gallery_attention": that gallery's photos in error, as its tiles and
    the status bar show them (the findings its view stored, at its purpose's severities).
    ``library`` False: that count alone (another gallery shown: the library's did not change)."""
    counts = {
        "all": catalog.count_items(),
        "caption_only": catalog.count_items(caption_only=True),
        # The library's count, whatever a gallery's purpose stored (a news gallery shown last).
        "attention": len(validation.library_error_ids(catalog)),
        "recent": len(catalog.item_ids(recent=True)),
        "import_errors": len(catalog.import_errors()),
    } if library else {}
    if gallery_id is not None:
        try:
            counts["gallery_attention"] = len(catalog.item_ids(gallery=gallery_id, status="error"))
        except KeyError:  # deleted meanwhile: the reload that follows shows the library
            pass
    return counts


def _attention_words(n: int) -> str:
    """"4 photos need attention (errors)", "no photo needs attention"."""
    if not n:
        return "no photo needs attention"
    return f"{n:,} photo{'s need' if n != 1 else ' needs'} attention (errors)"


class _WrappingDelegate(QStyledItemDelegate):
    """Row heights for wrapped names. QTreeView asks a delegate's size with no width, so a name
    was measured as one line; this wraps it in the room its text gets when painted: the column,
    less the indentation, the item's padding (ui.app.STYLE) and the style's text margins."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802 - Qt's name
        base = super().sizeHint(option, index)  # one line, padding included
        view = self.parent()
        width = view.columnWidth(index.column())
        if index.column() == 0 and index.parent().isValid():
            width -= view.indentation()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        if width <= 0 or not opt.text:
            return base
        opt.rect = QRect(0, 0, width, base.height())
        style = view.style()
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, view)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        fm = opt.fontMetrics
        lines = fm.boundingRect(QRect(0, 0, max(1, text.width() - 2 * margin), 1 << 20),
                                int(Qt.TextFlag.TextWordWrap), opt.text).height()
        return QSize(base.width(), base.height() + max(0, lines - fm.height()))


class Sidebar(QTreeWidget):
    source_changed = Signal(object)  # Source
    galleries_changed = Signal()
    items_added = Signal(int, list)  # gallery id, item ids dropped onto it
    gallery_order_changed = Signal(int, list, list)  # gallery id, order before, order after (for undo)
    error = Signal(str)  # one line for the status bar

    def __init__(self, catalog: Any, runner: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.runner = runner
        self.setHeaderHidden(True)
        self.setColumnCount(2)
        self.setIndentation(10)
        self.setRootIsDecorated(False)
        # A long gallery name wraps over lines rather than end in "…": the walks' 'Sunday
        # edition: Sto…' was the only place the window named the gallery open.
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(_WrappingDelegate(self))
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setDropIndicatorShown(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.currentItemChanged.connect(self._current_changed)
        self._library_root = self._section("LIBRARY")
        self._gallery_root = self._section("GALLERIES")
        self._library_items: dict[str, QTreeWidgetItem] = {}
        for kind, label in LIBRARY_VIEWS:
            it = QTreeWidgetItem(self._library_root, [label, ""])
            it.setData(0, SourceRole, Source(kind))
            it.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._library_items[kind] = it
        self._counts: dict[str, int] = {}
        self.last_import = ""  # "0 new, 1 relinked": this session's last import, for Recently imported
        self._count_seq = 0  # the latest library count asked for: an older one landing late is dropped
        self._attention_seq = 0  # likewise for the gallery shown's count
        self._gallery_count_seq = 0  # likewise for the galleries' photo counts
        self._attention: tuple[int | None, int | None] = (None, None)  # the gallery shown's, when counted
        self._shown: list[tuple] = []  # gallery_look of each gallery listed
        self.expandAll()
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, self.header().ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, self.header().ResizeMode.ResizeToContents)
        # A wider or narrower sidebar wraps the names anew.
        self.header().sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())
        self.reload_galleries()

    def _section(self, title: str) -> QTreeWidgetItem:
        it = QTreeWidgetItem(self, [title])
        f = QFont(self.font())
        f.setBold(True)
        f.setPointSizeF(max(7.0, f.pointSizeF() * 0.85))
        it.setFont(0, f)
        it.setForeground(0, QColor("#8a8a8a"))
        it.setFlags(Qt.ItemFlag.ItemIsEnabled)
        it.setFirstColumnSpanned(True)
        return it

    # --- the keyboard -------------------------------------------------------------------
    _BACK = frozenset({QAbstractItemView.CursorAction.MoveUp, QAbstractItemView.CursorAction.MovePrevious,
                       QAbstractItemView.CursorAction.MovePageUp, QAbstractItemView.CursorAction.MoveHome})

    def moveCursor(self, action: QAbstractItemView.CursorAction,  # noqa: N802 - Qt's name
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """The arrows, Home, End and Page keys go from entry to entry: a section's title
        (LIBRARY, GALLERIES) is stepped over, and Left does not climb to it. On a title the
        cursor showed no source at all while the photos of the one left stayed in view (the
        fourteenth walk pressed Alt+Left, to move a photo, with the focus here)."""
        if action in (QAbstractItemView.CursorAction.MoveLeft, QAbstractItemView.CursorAction.MoveRight):
            return self.currentIndex()  # the sections are always open: nothing to fold or climb to
        target = super().moveCursor(action, modifiers)
        item = self.itemFromIndex(target)
        if item is None or item.data(0, SourceRole) is not None:
            return target
        order = [it for section in (self._library_root, self._gallery_root)
                 for it in (section, *(section.child(i) for i in range(section.childCount())))]
        at = order.index(item) if item in order else 0
        back = action in self._BACK
        ahead = [it for it in (reversed(order[:at]) if back else order[at + 1:]) if it.data(0, SourceRole) is not None]
        behind = [it for it in (order[at + 1:] if back else reversed(order[:at])) if it.data(0, SourceRole) is not None]
        for it in (*ahead[:1], *behind[:1]):
            return self.indexFromItem(it)
        return self.currentIndex()

    # --- state -------------------------------------------------------------------
    def current_source(self) -> Source | None:
        it = self.currentItem()
        return it.data(0, SourceRole) if it else None

    def select_source(self, source: Source) -> bool:
        for it in self._all_entries():
            if it.data(0, SourceRole) == source:
                self.setCurrentItem(it)
                return True
        return False

    def gallery_entry(self, gallery_id: int) -> QTreeWidgetItem | None:
        for i in range(self._gallery_root.childCount()):
            it = self._gallery_root.child(i)
            if it.data(0, SourceRole).gallery_id == gallery_id:
                return it
        return None

    def _all_entries(self) -> list[QTreeWidgetItem]:
        out = list(self._library_items.values())
        out += [self._gallery_root.child(i) for i in range(self._gallery_root.childCount())]
        return out

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: Any) -> None:
        src = current.data(0, SourceRole) if current else None
        if src is not None:
            self._show_attention(None, None)  # the gallery left: its count is not "here" any more
            if src.is_gallery:
                self.refresh_counts(library=False)
            self.source_changed.emit(src)

    def reload_galleries(self) -> None:
        keep = self.current_source()
        self.blockSignals(True)
        try:
            self._gallery_root.takeChildren()
            galleries = self.catalog.galleries()
            self._shown = [gallery_look(g) for g in galleries]
            for g in galleries:
                self._add_gallery_entry(g)
            self._show_attention(*self._attention)
            if keep is not None and not self.select_source(keep):
                keep = Source("all")
                self.select_source(keep)
        finally:
            self.blockSignals(False)
        if keep is not None and keep != self.current_source():
            self.source_changed.emit(self.current_source())

    def refresh_gallery_counts(self) -> None:
        """The galleries' photo counts recounted off the UI thread, the entries updated in place
        (no rebuild: the selection and scroll stay): an import into a gallery adds to it batch by
        batch, and the walk saw 67 beside a view of 467."""
        if self.runner is None:
            self._show_gallery_counts(self.catalog.galleries())
            return
        self._gallery_count_seq += 1
        seq = self._gallery_count_seq
        self.runner.submit(lambda ctx: self.catalog.galleries(), name="Counting", cancellable=False,
                           on_result=lambda galleries: self._show_gallery_counts(galleries, seq),
                           on_error=lambda m, tb: self.error.emit(m))

    def _show_gallery_counts(self, galleries: list[Gallery], seq: int | None = None) -> None:
        if seq is not None and seq != self._gallery_count_seq:
            # Counts run side by side: one begun before an import's next batch landing after
            # the count that followed it put "67" back beside a gallery of 467 (race38).
            return
        by_id = {g.id: g for g in galleries}
        for n in range(self._gallery_root.childCount()):
            it = self._gallery_root.child(n)
            g = by_id.get(it.data(0, SourceRole).gallery_id)
            if g is not None and g.name == it.text(0):  # renamed meanwhile: the reload that follows shows it
                self._show_gallery(it, g)
        self._shown = [(i, name, by_id[i].item_count if i in by_id else count, *rest)
                       for i, name, count, *rest in self._shown]
        self._show_attention(*self._attention)  # the tooltips were made anew

    def shown_galleries(self) -> list[tuple]:
        """``gallery_look`` of the galleries listed, in the catalog's order."""
        return list(self._shown)

    def _add_gallery_entry(self, g: Gallery) -> QTreeWidgetItem:
        it = QTreeWidgetItem(self._gallery_root, [g.name, f"{g.item_count:,}"])
        it.setData(0, SourceRole, Source("gallery", g.id))
        it.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        it.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDropEnabled)
        self._show_gallery(it, g)
        return it

    @staticmethod
    def _show_gallery(it: QTreeWidgetItem, g: Gallery) -> None:
        """A gallery entry's count, status tint and tooltip."""
        status = GalleryStatus(g.status)
        # The name wraps in the sidebar; the tooltip adds its sheet title, count and status.
        heading = g.name if not g.title or g.title == g.name else f"{g.name} — {g.title}"
        flags = ("" if g.news else " · not news") + (" · for the web" if g.web else "")
        it.setToolTip(0, f"{heading}\n{g.item_count:,} photo{'s' if g.item_count != 1 else ''} · {STATUS_TEXT[status]}{flags}")
        it.setText(1, f"{g.item_count:,}  ●")
        it.setForeground(1, QColor(STATUS_TINT[status]))

    def refresh_counts(self, library: bool = True) -> None:
        """Recount the library entries, and the gallery shown's photos in error, off the UI
        thread (a big library takes a moment); ``library`` False: only the gallery's."""
        src = self.current_source()
        gid = src.gallery_id if src is not None and src.is_gallery else None
        if library:
            self._count_seq += 1
        self._attention_seq += 1
        seqs = (self._count_seq if library else None, self._attention_seq)
        if self.runner is None:
            self._show_counts(library_counts(self.catalog, gid, library), gid, seqs)
            return
        catalog = self.catalog
        self.runner.submit(lambda ctx: library_counts(catalog, gid, library), name="Counting", cancellable=False,
                           on_result=lambda counts: self._show_counts(counts, gid, seqs),
                           on_error=lambda m, tb: self.error.emit(m))

    def _show_attention(self, gallery_id: int | None, n: int | None) -> None:
        """Say what needs attention where the editor is. Needs attention stays the library's
        count, as every LIBRARY entry counts what a click on it lists (and `creditline check`
        finds); while a gallery is shown, its tooltip and the gallery's give the gallery's own
        count (its photos in error at its purpose's severities: the status bar's "with errors"
        of it unfiltered). Only the gallery shown: another's stored findings may be another
        purpose's until it is shown and checked."""
        self._attention = (gallery_id, n)
        library = self._counts.get("attention", 0)
        tip = (f"{library:,} photo{'s' if library != 1 else ''} of the library with errors, by the library's"
               " rules (what creditline check finds without a gallery).")
        for i in range(self._gallery_root.childCount()):
            it = self._gallery_root.child(i)
            here = gallery_id is not None and n is not None and it.data(0, SourceRole).gallery_id == gallery_id
            base = it.toolTip(0).split("\n")[:2]  # name, size and status (_show_gallery)
            if here:
                line = _attention_words(n)
                it.setToolTip(0, "\n".join([*base, line]))
                tip += f"\nIn the gallery shown, {it.text(0)}: {n:,} with errors, by its own purpose."
            else:
                it.setToolTip(0, "\n".join(base))
        self._library_items["attention"].setToolTip(0, tip)

    def _show_counts(self, counts: dict[str, int], gallery_id: int | None = None,
                     seqs: tuple[int | None, int] | None = None) -> None:
        library, attention = seqs if seqs is not None else (self._count_seq, self._attention_seq)
        if attention == self._attention_seq:  # else another gallery was shown since: its count follows
            self._show_attention(gallery_id, counts.get("gallery_attention"))
        if library is None or library != self._count_seq:
            return  # the gallery's count alone, or a newer library count is on its way
        self._counts = {k: v for k, v in counts.items() if k != "gallery_attention"}
        self._show_attention(*self._attention)  # Needs attention's tooltip names the library's count
        # The status bar says "16 items (3 caption-only)": the entry above it must not say
        # "All photos 16" (the tenth walk). A library of photos only keeps its usual name.
        everything, captions = counts.get("all", 0), counts.get("caption_only", 0)
        entry = self._library_items["all"]
        entry.setText(0, "All items" if captions else LIBRARY_VIEWS[0][1])
        entry.setToolTip(0, f"{everything - captions:,} photo{'s' if everything - captions != 1 else ''} and "
                            f"{captions:,} caption-only item{'s' if captions != 1 else ''}" if captions else "")
        # "Recently imported 1" after "Imported 0 new, 1 relinked" (the sports-desk walk) is the
        # photo that import found at its new path: the entry is the whole last import, as the
        # summary's parts add up (new, updated, relinked, unchanged: the tenth walk), and says so.
        recent = counts.get("recent", 0)
        tip = f"The {recent:,} photo{'s' * (recent != 1)} of the last import, new or found again"
        self._library_items["recent"].setToolTip(0, tip + (f": {self.last_import}" if self.last_import else ""))
        for kind, it in self._library_items.items():
            n = counts.get(kind, 0)
            it.setText(1, f"{n:,}" if n else "")
            if kind == "attention":
                it.setForeground(1, QColor("#d93025") if n else QColor("#8a8a8a"))
            if kind == "import_errors":
                it.setForeground(1, QColor("#d93025") if n else QColor("#8a8a8a"))

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    # --- gallery CRUD (plain methods: the dialogs below and the tests call them) ---------
    def create_gallery(self, name: str) -> Gallery:
        g = self.catalog.create_gallery(name)
        self._after_change(Source("gallery", g.id))
        return g

    def rename_gallery(self, gallery_id: int, name: str, title: str | None = None) -> Gallery:
        """Rename; ``title`` (the credit sheet's heading) None: it follows the name unless it was
        set apart from it."""
        g = self.catalog.rename_gallery(gallery_id, name, title)
        self._after_change(Source("gallery", g.id))
        return g

    def duplicate_gallery(self, gallery_id: int, name: str) -> Gallery:
        g = self.catalog.duplicate_gallery(gallery_id, name)
        self._after_change(Source("gallery", g.id))
        return g

    def delete_gallery(self, gallery_id: int) -> None:
        """Deletes the gallery only; its photos stay in the library and on disk."""
        self.catalog.delete_gallery(gallery_id)
        self._after_change(Source("all"))

    def set_status(self, gallery_id: int, status: GalleryStatus | str) -> None:
        self.catalog.set_gallery_status(gallery_id, status)
        self._after_change(self.current_source())

    def request_status(self, gallery_id: int, status: GalleryStatus | str) -> None:
        """Gallery > Mark as Ready (or Published), and the sidebar's Status menu: a gallery with
        photos in error, or with edits not yet in the files, is marked only once the editor says
        so; `creditline check` would stop it. Counted off the UI thread; Draft is set at once."""
        status = GalleryStatus(status)
        if self._refused():
            self.galleries_changed.emit()  # the menu's tick goes back to the status it has
            return
        if status is GalleryStatus.DRAFT:
            self._guard(lambda: self.set_status(gallery_id, status))
            return
        catalog = self.catalog

        def count(_ctx: Any = None) -> tuple[int, int, str]:
            from app.pending import pending_names  # noqa: PLC0415

            ids = catalog.gallery_item_ids(gallery_id)
            pending = catalog.pending_ids(gallery=gallery_id)
            return (catalog.status_counts(ids).get("error", 0), len(pending),
                    pending_names(catalog, pending, gallery_id))  # which, by tile and file (walk22)

        if self.runner is None:
            self._confirm_status(gallery_id, status, count())
            return
        self.runner.submit(count, name="Counting", cancellable=False,
                           on_result=lambda counts: self._confirm_status(gallery_id, status, counts))

    def _confirm_status(self, gallery_id: int, status: GalleryStatus, counts: tuple[int, int, str]) -> None:
        errors, pending, names = counts
        if errors or pending:
            parts = []
            if errors:
                parts.append(f"{errors:,} photo{'s' if errors != 1 else ''} in error")
            if pending:
                parts.append(f"{pending:,} photo{'s' if pending != 1 else ''} with edits not yet written "
                             f"to {'their files' if pending != 1 else 'its file'}" + (f" ({names})" if names else ""))
            word = STATUS_TEXT[status]
            why = (["creditline check stops a gallery with errors"] if errors else []) + \
                (["edits reach other programs only once written (File > Write Pending Edits)"] if pending else [])
            answer = QMessageBox.question(
                self, f"Mark as {word.capitalize()}",
                f"This gallery has {' and '.join(parts)}.\n\nMark it {word} anyway? ({'; '.join(why)}.)",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                self.galleries_changed.emit()  # the menu's tick goes back to the status it has
                return
        self._guard(lambda: self.set_status(gallery_id, status))

    def _after_change(self, select: Source | None) -> None:
        self.reload_galleries()
        if select is not None:
            self.select_source(select)
        self.galleries_changed.emit()

    # --- the same, asking the user --------------------------------------------------
    def _ask_name(self, title: str, label: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self, title, label, text=text)
        return name.strip() if ok and name.strip() else None

    def new_gallery_dialog(self, selected: list[int] | None = None) -> None:
        """Gallery > New Gallery: a name, and the ``selected`` photos added to it unless unticked."""
        if self._refused():
            return
        selected = list(selected or [])
        dlg = NewGalleryDialog(len(selected), self)
        if dlg.exec() != QDialog.DialogCode.Accepted or not dlg.name.text().strip():
            return
        name, add = dlg.name.text().strip(), dlg.add_selected.isChecked() and bool(selected)

        def make() -> None:
            g = self.create_gallery(name)
            if add:
                self.add_to_gallery(g.id, selected)

        self._guard(make)

    def rename_dialog(self, gallery_id: int | None = None) -> None:
        """Name and credit-sheet title of a gallery, in one dialog (Gallery > Rename, F2)."""
        gid = gallery_id or self._current_gallery_id()
        if gid is None or self._refused():
            return
        g = self.catalog.gallery(gid)
        dlg = GalleryDialog(g.name, g.title, self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        name, title = dlg.values()  # a title that was the name has followed it (the dialog's rule)
        if name:
            self._guard(lambda: self.rename_gallery(gid, name, title))

    def duplicate_dialog(self, gallery_id: int | None = None) -> None:
        gid = gallery_id or self._current_gallery_id()
        if gid is None or self._refused():
            return
        name = self._ask_name("Duplicate gallery", "Name of the copy:", self.catalog.gallery(gid).name + " copy")
        if name:
            self._guard(lambda: self.duplicate_gallery(gid, name))

    def delete_dialog(self, gallery_id: int | None = None) -> None:
        gid = gallery_id or self._current_gallery_id()
        if gid is None or self._refused():
            return
        g = self.catalog.gallery(gid)
        answer = QMessageBox.question(
            self, "Delete gallery",
            f"Delete the gallery “{g.name}”?\n\n{'Its photo stays' if g.item_count == 1 else f'Its {g.item_count:,} photos stay'} in the library and on disk.")
        if answer == QMessageBox.StandardButton.Yes:
            self._guard(lambda: self.delete_gallery(gid))

    def _refused(self) -> bool:
        """A read-only catalog: the one line that says edits are off, and True."""
        notice = read_only_notice(self.catalog)
        if notice is not None:
            self.error.emit(notice)
        return notice is not None

    def _guard(self, fn: Any) -> None:
        try:
            fn()
        except (ValueError, KeyError) as exc:
            msg = str(exc.args[0]) if exc.args else str(exc)
            QMessageBox.warning(self, "Galleries", msg)
            self.error.emit(msg)

    def _current_gallery_id(self) -> int | None:
        src = self.current_source()
        return src.gallery_id if src and src.is_gallery else None

    def _context_menu(self, pos: QPoint) -> None:
        it = self.itemAt(pos)
        src = it.data(0, SourceRole) if it else None
        menu = QMenu(self)
        # A read-only catalog: the menu is shown (what could be done), nothing in it is enabled.
        writable = read_only_notice(self.catalog) is None
        menu.addAction("New gallery…", lambda: self.new_gallery_dialog()).setEnabled(writable)
        if src is not None and src.is_gallery:
            gid = src.gallery_id
            menu.addAction("Rename…", lambda: self.rename_dialog(gid)).setEnabled(writable)
            menu.addAction("Duplicate…", lambda: self.duplicate_dialog(gid)).setEnabled(writable)
            status_menu = menu.addMenu("Status")
            status_menu.setEnabled(writable)
            current = GalleryStatus(self.catalog.gallery(gid).status)
            for st in GalleryStatus:
                act = QAction(STATUS_TEXT[st].capitalize(), status_menu)
                act.setCheckable(True)
                act.setChecked(st == current)
                act.triggered.connect(lambda _=False, s=st: self.request_status(gid, s))
                status_menu.addAction(act)
            add_gallery_flag_actions(menu, self.catalog, gid,
                                     lambda: self._after_change(self.current_source()))
            for act in menu.actions():
                if act.objectName().startswith("galleryFlag_"):
                    act.setEnabled(writable)
            menu.addSeparator()
            menu.addAction("Delete…", lambda: self.delete_dialog(gid)).setEnabled(writable)
        menu.exec(self.viewport().mapToGlobal(pos))

    # --- dropping photos onto a gallery -------------------------------------------------
    def _gallery_at(self, pos: QPoint) -> int | None:
        it = self.itemAt(pos)
        src = it.data(0, SourceRole) if it else None
        return src.gallery_id if src is not None and src.is_gallery else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(ID_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(ID_MIME) and self._gallery_at(event.position().toPoint()) is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        gid = self._gallery_at(event.position().toPoint())
        ids = ids_from_mime(event.mimeData())
        if gid is None or not ids or self._refused():
            event.ignore()
            return
        self.add_to_gallery(gid, ids)
        # Copy, never move: the source view must not drop the rows it dragged.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def add_to_gallery(self, gallery_id: int, item_ids: list[int]) -> None:
        before = self.catalog.gallery_item_ids(gallery_id)
        self.catalog.add_to_gallery(gallery_id, item_ids)
        after = self.catalog.gallery_item_ids(gallery_id)
        self.reload_galleries()
        if after != before:
            self.gallery_order_changed.emit(gallery_id, before, after)
        self.items_added.emit(gallery_id, list(item_ids))
        self.galleries_changed.emit()


def gallery_look(g: Gallery) -> tuple:
    """What a gallery's sidebar entry shows (name, count, status tint; the tooltip's sheet title
    and purpose): when any of it changes, the entry is out of date. The window compares it after
    a change elsewhere; with name, count and status alone, a title or "for the web" set on the
    command line never reached the tooltip."""
    return g.id, g.name, g.item_count, GalleryStatus(g.status), g.title, g.news, g.web
