"""The main window: sidebar, filter bar, grid/table, inspector, findings dock.

Every action sits in a menu with its shortcut. File and database work that can
take long (import, write-back, filtering a big library, counts) runs on the
one ``TaskRunner``; the status bar shows its progress with a Cancel button.
Geometry, splitters, dock layout, view mode and the last gallery are kept in
QSettings.

Switching catalogs and closing the window never wait on the UI thread for work
that can take long: running tasks are cancelled, the status bar says "Stopping
import…" (Cancel and the actions that would start new work on the old catalog
are disabled), and the switch or the close completes when the runner reports
``idle``. Only non-cancellable queries, quick by contract, get a short bounded wait.
A task that never stops (a stuck thread) gets a way out after ``STUCK_AFTER_MS``:
"Quit anyway" (see ``MainWindow.quit_anyway`` for why that, and only that, is safe).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.marks import label_color, label_for_key
from app.metadata.formats import SUPPORTED_EXTENSIONS
from app.model import Gallery, GalleryStatus
from app.terminal import display_path
from app.unstored import UnstoredChecks
from ui.filter_bar import FilterBar
from ui.import_worker import (
    ImportController,
    ImportDestinationDialog,
    ImportSummaryDialog,
    photo_parts,
    summary_text,
)
from ui.marks import label_icon, set_label, set_rating, toggle_tag
from ui.models import ItemGridModel, ItemsModel, ItemTableModel, ThumbnailLoader, read_only_notice
from ui.sidebar import STATUS_TEXT, Sidebar, Source, gallery_look
from ui.tasks import TaskContext, TaskRunner
from ui.undo import GalleryOrderCommand
from ui.views import TABLE_LAYOUT, ItemTable, ThumbnailGrid, pending_ink_name

GRID, TABLE, IMPORT_ERRORS = 0, 1, 2
CATALOG_FILTER = "Creditline catalogs (*.sqlite *.db);;All files (*)"
# QSettings keys: the catalog the next start opens (without --catalog), and the File menu's list.
LAST_CATALOG_KEY = "catalog/last"
# The catalog the background check found damaged: the next start checks it before opening it
# (ui.app.open_start_window), where damage in pages the window never read is otherwise unseen,
# and so offers its backup.
DAMAGED_CATALOG_KEY = "catalog/damaged"
RECENT_KEY = "recent_catalogs"  # the same list Session.settings.remember_catalog keeps
MAX_RECENT = 8
# The table's column widths and order, saved per column set: a state saved before the file-name
# column would give its widths and moves to the wrong columns (Qt restores sections by number).
TABLE_HEADER_KEY = "window/table_header_v2"
# The table layout (ui.views.TABLE_LAYOUT) the saved header state was saved under: columns a later
# layout moved or added are put in their new places when it is restored.
TABLE_LAYOUT_KEY = "window/table_layout"
# The longest the UI thread waits for background queries (non-cancellable, quick) before a
# catalog closes; anything else, or a query that takes longer, is waited for without blocking.
QUERY_WAIT_MS = 2000
# After this long winding down, the status bar offers "Quit anyway" (the work may be stuck).
STUCK_AFTER_MS = 10_000


def _end_process(code: int) -> None:
    """End the process now, threads and all (``MainWindow.quit_anyway``; tests replace it)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def _optional(module: str, name: str) -> Any:
    """A widget class another engineer owns, or None while it is not there yet."""
    try:
        mod = __import__(module, fromlist=[name])
    except ImportError:
        return None
    return getattr(mod, name, None)


def _shown_noun(shown: int, caption_only: int) -> str:
    """"13 photos", "3 caption-only items" (a published page's text, imported to audit it), or
    "16 items (3 caption-only)": the ninth walk's audit gallery of two captions read "2 photos"."""
    if not caption_only:
        return f"{shown:,} photo{'s' if shown != 1 else ''}"
    if caption_only >= shown:
        return f"{shown:,} caption-only item{'s' if shown != 1 else ''}"
    return f"{shown:,} items ({caption_only:,} caption-only)"


def _shown_catalog(catalog: Any) -> Any:
    """The catalog as the window reads it: a read-only one keeps the findings its background
    check finds in memory (app.unstored), so a stale item shows what the rules find now."""
    if getattr(catalog, "read_only", None) is None or isinstance(catalog, UnstoredChecks):
        return catalog
    return UnstoredChecks(catalog)


UNWRITABLE_LISTED = 8  # files named in the quit prompt; the rest are counted
SHOWN = object()  # import_paths' default destination: the gallery shown, if any
TEXT_PAGE_CHARS = 50_000_000  # of a gallery page's text read (import-text's limit); a page is kilobytes


def _told_key(catalog: Any) -> str:
    """The QSettings key of the files quitting said cannot be written, per catalog file."""
    where = str(Path(str(catalog.path)).resolve())
    return "quit/toldUnwritable/" + hashlib.sha1(where.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _read_only_way_out(why: str) -> str:
    """What makes a read-only catalog (``Catalog.read_only`` says ``why``) editable again."""
    again = "then open it again (File > Open Catalog)"
    if why.startswith("the disk is full"):
        return f"To edit it, free some space on its disk, {again}."
    if "mounted read-only" in why:
        return "To edit it, copy it (with its thumbnails folder) to a disk that can be written, and open the copy."
    return f"To edit it, give write permission on the catalog file and its folder (or work on a copy), {again}."


def _selected_rows(sm: QItemSelectionModel) -> list[int]:
    """The selected rows, from the selection's ranges: Ctrl+A on 5,000 photos is one range, where
    ``selectedIndexes``/``selectedRows`` build an index per cell (55 and 40 ms on the UI thread)."""
    rows: set[int] = set()
    for r in sm.selection():
        rows.update(range(r.top(), r.bottom() + 1))
    return sorted(rows)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive rows: Ctrl+A's 2,000 photos are one."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


def _stopping_text(name: str) -> str:
    return f"Stopping {name[:1].lower() + name[1:]}…"  # "Stopping import…"


def _job_text(name: str, done: int, total: int, text: str) -> str:
    """The status bar's line for a job: "Import: 99 of 150"; no count but words: what it waits for
    ("waiting for the catalog: …")."""
    return f"{name}: {done:,} of {total:,}" if total else f"{name}: {text}" if text else f"{name}…"


class _PendingSwitch:
    """A catalog switch waiting for the old catalog's tasks to end."""

    def __init__(self, catalog: Any, target: Path, existed: bool) -> None:
        self.catalog, self.target, self.existed = catalog, target, existed


# During an import the sidebar's counts are recounted at most this often (seconds).
COUNTS_EVERY_S = 3.0
# The background check of stale findings: items per chunk, and the pause between chunks.
STALE_CHUNK, STALE_PAUSE_S = 50, 0.005
GALLERY_PASS_DELAY_MS = 800
# How often the window looks whether another process (the CLI, a colleague's script) committed
# to the catalog: one PRAGMA on the UI thread when nothing changed.
OUTSIDE_POLL_MS = 1000
# Photos another program changed on disk (a sidecar Lightroom rewrote, a photo Photo Mechanic
# saved) are read again in the background: the selected ones when selected (at most this many),
# the view's when the window is active again (a view of at most this many; a bigger one, the
# selection only: a stat of 100,000 files on a share at each return to the window is too much).
FOLLOW_SELECTION_MAX = 500
FOLLOW_VIEW_MAX = 5000
FOLLOW_NAMED = 3  # photos read again named in the status bar; more are counted
PENDING_GUARD_S = 0.6  # after a job's Cancel goes, a click where it was is not for the button that moved there


def _local_when(stamp: str) -> tuple[str, str]:
    """A stored UTC time stamp as the editor reads it: local minutes, and seconds with the
    zone for the tooltip. A stamp that does not parse is shown as stored."""
    try:
        local = dt.datetime.fromisoformat(stamp).astimezone()
    except (TypeError, ValueError):
        return stamp, stamp
    return local.strftime("%Y-%m-%d %H:%M"), local.strftime("%Y-%m-%d %H:%M:%S %Z").strip()


def catalog_title(path: Any) -> str:
    """The window's title: the catalog's file name, with its folder when it is a "catalog.sqlite"
    other than the default one. The walk: `make run` opened the demo's catalog.sqlite, titled as
    the default catalog is, and `creditline galleries` in a shell (the default) had none of it."""
    from app import paths  # noqa: PLC0415

    p = Path(str(path))
    name = p.name
    try:
        default = paths.default_catalog_path().resolve() == p.resolve()
    except OSError:
        default = False
    if name == paths.default_catalog_path().name and not default and p.parent.name:
        name = f"{p.parent.name}/{name}"
    return f"Creditline — {name}"



def _file_names(paths: Sequence[str]) -> str:
    """The photos' file names, for a sentence: the first ``UNWRITABLE_LISTED``, the rest counted."""
    names = [Path(p).name if p else "(no file)" for p in paths[:UNWRITABLE_LISTED]]
    more = len(paths) - len(names)
    return ", ".join(names) + (f" and {more:,} more" if more > 0 else "")


def unwritten_text(count: int, blocked: Sequence[tuple[str, str]] = (),
                   failed: Sequence[tuple[str, str]] = (), told: int = 0,
                   resolved: Sequence[tuple[str, str]] = (), signed: Sequence[str] = (),
                   skipped: Sequence[tuple[str, str]] = ()) -> str:
    """The quit prompt's words: ``count`` photos with edits not yet in their files, ``blocked``
    those of them whose files cannot be written, (path, why). The advice follows the reason:
    a missing file is put back, a locked one unlocked (telling someone to make a file that is
    not there writable sends them looking for the wrong thing). ``failed``: (path, why) the last
    write of each of the others failed, if it did; each reason is said once, with the photos it
    names (Write is offered again, as the disk may have room now, but not as if nothing had been
    tried). ``resolved``: (path, why) of those whose last write was refused for a reason that no
    longer holds (the file put back): said as such, not as a failure that stands. ``signed``: the
    paths of those whose last write skipped them to keep their Content Credentials valid, named
    with why (quitting must not leave the editor believing every photo was written);
    ``skipped``: (path, why) of those skipped for another reason (changed on disk). ``told``:
    photos whose files cannot be written, said at an earlier quit and not asked about again:
    counted, not listed."""
    from app.metadata.write import FILE_MISSING, missing_note  # noqa: PLC0415 - loads the writer only at quit

    writable = count - len(blocked)
    lines = []
    if writable:
        lines.append(f"{writable:,} photo{'s have' if writable != 1 else ' has'} edits that are in the catalog "
                     "but not yet in the files.")
        by_reason: dict[str, list[str]] = {}
        for path, why in failed:
            by_reason.setdefault(why, []).append(path)
        for why, paths in by_reason.items():
            n = len(paths)
            # Named: "this photo" left the editor to guess which of the waiting ones it was.
            which = _file_names(paths) if n == 1 else (
                f"these {writable:,} photos ({_file_names(paths)})" if n == writable
                else f"{n:,} of these {writable:,} photos ({_file_names(paths)})")
            lines.append(f"The last write of {which} failed: {why}."
                         + (" Free some space on that disk before writing again." if why.startswith("the disk is full")
                            else ""))
        by_reason = {}
        for path, why in resolved:
            by_reason.setdefault(why, []).append(path)
        for why, paths in by_reason.items():
            n = len(paths)
            now = ("the file is back now" if n == 1 else "the files are back now") if why == FILE_MISSING else \
                ("it can be written now" if n == 1 else "they can be written now")
            lines.append(f"The last write of {_file_names(paths)} was refused ({why}); {now}.")
        if signed:
            n = len(signed)
            it, its = ("it", "its") if n == 1 else ("them", "their")
            which = _file_names(signed) if n == 1 else f"{n:,} photos ({_file_names(signed)})"
            lines.append(f"The last write of {which} skipped {it}: {'it carries' if n == 1 else 'they carry'} "
                         f"Content Credentials that writing would invalidate, so {its} edits are only in the "
                         f"catalog. Write… asks what to do with {it}: an XMP sidecar beside the photo, or "
                         "write and sign again.")
        by_reason = {}
        for path, why in skipped:
            by_reason.setdefault(why, []).append(path)
        for why, paths in by_reason.items():
            lines.append(f"The last write of {_file_names(paths)} skipped {'it' if len(paths) == 1 else 'them'}: "
                         f"{why}.")
    if blocked:
        n = len(blocked)
        head = (f"{n:,} {'other ' if writable else ''}photo{'s have' if n != 1 else ' has'} edits that "
                f"cannot be written to {'their files' if n != 1 else 'its file'}:")
        shown = [f"    {display_path(path) if path else '(no file)'}: {why}" for path, why in blocked[:UNWRITABLE_LISTED]]
        if n > UNWRITABLE_LISTED:
            shown.append(f"    and {n - UNWRITABLE_LISTED:,} more")
        lines.append("\n".join([head, *shown]))
        missing = sum(1 for _path, why in blocked if why == FILE_MISSING)
        locked = n - missing
        fixes = []
        if missing:
            fixes.append("put the missing file back where it was" if missing == 1 else
                         "put the missing files back where they were")
        if locked:
            fixes.append("make the file (or its folder) writable" if locked == 1 else
                         "make the files (or their folders) writable")
        them = "it" if n == 1 else "them"
        lines.append(f"{'Its' if n == 1 else 'Their'} edits stay in the catalog: {' and '.join(fixes)}, and write "
                     f"{them} then. Quitting does not ask about {them} again unless {'it is' if n == 1 else 'they are'} "
                     "edited.")
        if missing:
            lines.append(missing_note(missing))
    if writable:
        lines.append("They stay in the catalog if you quit; other programs (and the newsroom's system) see "
                     "them only once they are written.")
    if told:
        lines.append(f"Not counted: {told:,} photo{'s' if told != 1 else ''} whose "
                     f"file{'s' if told != 1 else ''} cannot be written, as said at an earlier quit.")
    return "\n\n".join(lines)


START_SIZE = (1440, 900)
FINDINGS_DOCK_MAX = 225  # five findings in view (190 px showed four: the sixth walk)
FINDINGS_DOCK_SHARE = 0.26  # of the window's height: 225 px of a 1440 x 860 window


def findings_dock_height(window_height: int) -> int:
    """The findings dock's height on a first start. A fixed 225 px in a 1024 x 660 window left
    the photos one and a half rows of thumbnails; a share of the window keeps nearly two there
    (and three findings), and five findings at the design size."""
    return min(FINDINGS_DOCK_MAX, round(window_height * FINDINGS_DOCK_SHARE))


def start_size(available: QRect | None) -> QSize:
    """The window's size on a first start: ``START_SIZE``, but never larger than the screen's
    free area (``available``, less a title bar's height). A fixed 1440x900 ran past the right
    edge of a 1024x700 or 1366x768 screen, the inspector off it and the photo count cut."""
    width, height = START_SIZE
    if available is None or available.isEmpty():
        return QSize(width, height)
    return QSize(min(width, available.width()), min(height, available.height() - 40))


class MainWindow(QMainWindow):
    ids_applied = Signal()  # the views show the result of the latest query (tests and bench wait on it)
    panels_ready = Signal()  # the session, inspector and findings panel exist
    catalog_switched = Signal(str)  # the path of the catalog now shown (a switch completed)

    def __init__(self, catalog: Any, settings: QSettings | None = None, session: Any = None,
                 import_jobs: int | None = None) -> None:
        super().__init__()
        catalog = _shown_catalog(catalog)
        self.catalog = catalog
        self.settings = settings if settings is not None else QSettings("Creditline", "Creditline")
        self.runner = TaskRunner(self)
        # The session, inspector and findings panel (and the rules they import) are built
        # just after the first screen of photos is painted: startup shows photos sooner.
        self.session: Any = session
        self._panels_built = False
        self.setWindowTitle(catalog_title(catalog.path))
        self.setAcceptDrops(True)
        self.last_error: str | None = None
        self._generation = 0
        self._counts_at = 0.0  # when an import's batch last recounted the library
        self._job_counts: dict[int, tuple[int, int, str]] = {}  # task id: its last (done, total, text)
        self._watch: Any = None  # the catalog's ChangeWatch: commits by another process
        self._follow_task: Any = None  # reading again photos changed on disk (app.follow)
        self._follow_more: set[int] = set()  # asked for while it ran: looked at when it ends
        self._follow_failed: dict[int, str] = {}  # item id -> the failure said for it (said once)
        self._follow_unread: dict[int, tuple] = {}  # item id -> its file when it could not be read
        self.follow_conflict_dialog: QMessageBox | None = None  # the last conflict said
        self._pending_shown: tuple[dict[int, int], int, int] = ({}, 0, 0)  # what the status bar counts
        self._sort: tuple[str, bool] | None = None
        self._source = Source("all")
        # Winding down (tasks cancelled, waiting for them to end): a switch or a close pending.
        self._stopping = False
        self._stale_task: Any = None  # the background check of stale findings of what is shown
        self._stale_again = False  # asked for while it ran: run once more when it ends
        self._stale_gen = 0  # the generation (view) the running check was started for
        # A read-only catalog: its items whose stored findings are stale, shown "Not checked"
        # (their check cannot be stored, and the stored status is of older text).
        self._unchecked: frozenset[int] = frozenset()
        # Items of the view a cancelled background check did not reach: their stored findings
        # are another purpose's (the library's, in a gallery) or other settings'.
        self._not_checked_here: frozenset[int] = frozenset()
        # Items the background check makes again, and whether the status bar's counts wait
        # for it (or for the count after it).
        self._checking: frozenset[int] = frozenset()
        self._counts_checking = False
        self._recounts = self._recount_after_check = 0  # recount() calls; the first after a check
        self._counted_seq = 0  # the newest count shown: an older one landing after it is dropped
        self._writable_tips: dict[QAction, str] = {}  # tooltips the read-only notice stands in for
        self._announcing = False  # the background check is telling the session what it changed
        self._passed_gallery: int | None = None  # the gallery whose gallery rules are current
        # An edit in a gallery moves name-variant across it: the gallery pass follows a moment
        # after the last edit, not per keystroke.
        self._gallery_pass = QTimer(self)
        self._gallery_pass.setSingleShot(True)
        self._gallery_pass.setInterval(GALLERY_PASS_DELAY_MS)
        self._gallery_pass.timeout.connect(self._gallery_pass_due)
        self._pending_switch: _PendingSwitch | None = None
        self._close_pending = False
        self._held: dict[QAction, bool] = {}  # actions disabled while stopping, and their state before
        # A wind-down that takes longer than this offers "Quit anyway"; both are injectable (tests).
        self.stuck_after_ms = STUCK_AFTER_MS
        # Ask before closing with edits not written to the files (ui.app.run_app turns it on;
        # windows made by tests and benchmarks close without asking).
        self.warn_unwritten = False
        self._not_asked_again: set[int] = set()  # blocked photos the quit prompt said it would not ask about again
        self.end_process: Callable[[int], None] = _end_process
        self._exit_lock: contextlib.ExitStack | None = None  # the catalog's write lock, held to the end
        self._stuck_timer = QTimer(self)
        self._stuck_timer.setSingleShot(True)
        self._stuck_timer.timeout.connect(self._wind_down_stuck)

        self.thumbnails = ThumbnailLoader(getattr(catalog, "thumbnails_dir", None), parent=self)
        self.table_model = ItemTableModel(catalog, self.thumbnails, parent=self)
        self.grid_model = ItemGridModel(catalog, self.thumbnails, parent=self)
        self.table_model.sorter = self._sorted_ids
        self.importer = ImportController(catalog, self.runner, self, jobs=import_jobs)
        self.import_destination_dialog: ImportDestinationDialog | None = None  # while File > Import asks
        self._show_after_import: str | None = None  # the gallery File > Import put the photos in

        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self.resize(start_size(self.screen().availableGeometry() if self.screen() is not None else None))
        self._restore_settings()
        self._apply_read_only()
        self.reload(sync=True)
        self._watch_catalog(catalog)
        self._outside_timer = QTimer(self)
        self._outside_timer.setInterval(OUTSIDE_POLL_MS)
        self._outside_timer.timeout.connect(self.check_outside_changes)
        self._outside_timer.start()
        self._remember_catalog(str(Path(str(catalog.path)).resolve()), last=False)
        # After the first paint of the photos; the timer covers a window never shown.
        for view in (self.grid, self.table):
            view.viewport().installEventFilter(self)
        self._panel_timer = QTimer(self)  # a child: it dies with the window
        self._panel_timer.setSingleShot(True)
        self._panel_timer.timeout.connect(self._build_panels)
        self._panel_timer.start(1500)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self._dock_height_due:
            # Here, not at construction: the window has its size now (a saved geometry, the
            # screen's, or a test's resize), and the dock's share is of that.
            self._dock_height_due = False
            self.resizeDocks([self.findings_dock], [findings_dock_height(self.height())],
                             Qt.Orientation.Vertical)
        super().showEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self.check_outside_changes()
            self.follow_files()
            self.follow_disk(self._follow_view_ids())
        return super().event(event)

    def _follow_view_ids(self) -> list[int]:
        """What a return to the window looks at for files changed on disk: the view's photos,
        or only the selected ones in a view too big to stat at each return."""
        ids = self.model.ids() if self._panels_built else []
        return ids if len(ids) <= FOLLOW_VIEW_MAX else self.selected_ids()[:FOLLOW_SELECTION_MAX]

    def follow_disk(self, ids: Sequence[int]) -> None:
        """Read again, in the background, those of ``ids`` whose file or XMP sidecar another
        program changed since the catalog read it (``app.follow.reread_changed``: a stat or two
        each when nothing changed). What was read again is shown as a change from elsewhere
        (``refresh_from_catalog``: typing not saved yet stays); a field edited here and not yet
        written keeps the edit, and a file that now says otherwise is said
        (``_say_follow_conflicts``). One at a time: ids asked for meanwhile wait for it."""
        if (self._stopping or not self._panels_built or not ids or self.catalog.read_only is not None
                or getattr(self, "_damaged", None) is self.catalog):
            return
        if self._follow_task is not None:
            self._follow_more.update(ids)
            return
        catalog, wanted, unread = self.catalog, list(ids), dict(self._follow_unread)

        def work(ctx: TaskContext) -> Any:
            from app.follow import reread_changed  # noqa: PLC0415

            # A file left unreadable is read again once it changes again, not at every look.
            return reread_changed(catalog, wanted, cancel=ctx.cancel, unread=unread)

        def done(report: Any) -> None:
            if catalog is not self.catalog or self._stopping:
                return
            # A changed file that could not be read again keeps its old reading: said once for
            # that failure (read again when it changes again, in case the other program finishes)
            fresh = [(i, p, why) for i, p, why in report.failures if self._follow_failed.get(i) != why]
            self._follow_failed.update({i: why for i, _p, why in report.failures})
            self._follow_unread.update(report.unread)
            for i in report.updated:
                self._follow_failed.pop(i, None)
                self._follow_unread.pop(i, None)
            if not (report.updated or fresh):
                return
            if report.updated:
                self.refresh_from_catalog()  # this window's own write: the catalog's watch stays quiet
            n = len(report.updated)
            if report.conflicts:
                self._say_follow_conflicts(report.conflicts)
                return
            said = ""
            if n:
                # Named (the first three), so the desk knows which badges changed and why
                shown = [self._file_name(i) for i in report.updated[:FOLLOW_NAMED]]
                names = (", ".join(shown) + f" and {n - FOLLOW_NAMED:,} more" if n > FOLLOW_NAMED else
                         ", ".join(shown[:-1]) + " and " + shown[-1] if n > 1 else shown[0])
                said = (f"Read again {n:,} photos changed on disk by another program: {names}" if n != 1 else
                        f"Read again {names}: changed on disk by another program")
            if fresh:
                # A file cut short, a folder, a sidecar caught half written, the catalog locked:
                # the catalog keeps what it held, and the next look tries again.
                m = len(fresh)
                item_id, _path, reason = fresh[0]
                first = f"{self._file_name(item_id)}: {reason}"
                said += ("; " if said else "") + (
                    f"{first} (changed on disk, not read again: kept as it was)" if m == 1 else
                    f"{m:,} photos changed on disk could not be read again, kept as they were ({first}…)")
            self.statusBar().showMessage(said, 15000)

        def error(message: str, _tb: str) -> None:
            self.statusBar().showMessage(f"Files changed on disk could not be read again: {message}", 8000)

        def finished() -> None:
            self._follow_task = None
            more, self._follow_more = self._follow_more, set()
            if more and catalog is self.catalog:
                self.follow_disk(sorted(more))

        self._follow_task = self.runner.submit(work, name="Reading changed files", on_result=done,
                                               on_error=error, on_done=finished, priority=-1)

    def _file_name(self, item_id: int) -> str:
        try:
            rec = self.catalog.file_records([item_id])
        except sqlite3.Error:
            rec = []
        return display_path(os.path.basename(rec[0].path)) if rec else f"photo #{item_id}"

    def _say_follow_conflicts(self, conflicts: dict[int, list[str]]) -> None:
        """Photos read again whose file now says something else than the edit not yet written:
        the edit was kept; say which fields, and what the file says instead."""
        from app.fields import BY_KEY  # noqa: PLC0415

        named = list(conflicts.items())[:10]  # the box names ten; the rest are counted
        try:
            items = {it.id: it for it in self.catalog.items([item_id for item_id, _keys in named])}
        except sqlite3.Error:
            items = {}
        lines = []
        for item_id, keys in named:
            it = items.get(item_id)
            parts = []
            for key in keys:
                said = it.embedded.get(key) if it is not None else None
                said = ", ".join(said) if isinstance(said, list) else (said or "")
                short = said if len(said) <= 80 else said[:79] + "…"
                parts.append(f"{BY_KEY[key].label} (the file now says “{short}”)" if said
                             else f"{BY_KEY[key].label} (cleared in the file)")
            lines.append(f"{self._file_name(item_id)}: {'; '.join(parts)}")
        if len(conflicts) > 10:
            lines.append(f"and {len(conflicts) - 10:,} more photos")
        n = len(conflicts)
        text = (f"{'A photo' if n == 1 else f'{n:,} photos'} you edited changed on disk in another program "
                f"and {'was' if n == 1 else 'were'} read again. Your edits, not written to the files yet, are "
                "kept; writing (Ctrl+S) puts them in the files over the other program's values. "
                "To take a file's value instead, type it in the inspector.")
        self.statusBar().showMessage(f"Edits kept over changes made on disk: {lines[0]}", 15000)
        if self.follow_conflict_dialog is not None and shiboken6.isValid(self.follow_conflict_dialog):
            self.follow_conflict_dialog.close()
        box = QMessageBox(QMessageBox.Icon.Information, "Changed in another program", text,
                          QMessageBox.StandardButton.Close, self)
        box.setInformativeText("\n".join(lines))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal but not blocking
        self.follow_conflict_dialog = box

    def _watch_catalog(self, catalog: Any) -> None:
        try:
            self._watch = catalog.watch_changes()
        except (sqlite3.Error, AttributeError):
            self._watch = None

    def check_outside_changes(self) -> None:
        """Every second, and back in the window: if another program (``creditline`` in a
        terminal, a pipeline's script) committed to the catalog, show what it did
        (``refresh_from_catalog``). ``ChangeWatch.poll`` is one PRAGMA when nothing changed, and
        tells this window's own background writes (checks, saves, imports) from another's: they
        show their results themselves, and never cause a reload of their own."""
        # A closed window polls no more: its catalog may be closed under it (a switch, the end).
        if self._stopping or not self._panels_built or self._watch is None or not self.isVisible():
            return
        try:
            changed = self._watch.poll()
        except sqlite3.Error:
            return
        if changed:
            self.refresh_from_catalog()

    def follow_files(self) -> None:
        """Back in the window: a photo whose last write was refused (its file gone or locked)
        and whose file was put back or unlocked meanwhile, in the Finder or a shell, is shown
        as not written yet, no longer as failed (a stat for each such photo shown)."""
        if self._stopping or not self._panels_built:
            return
        for model in (self.grid_model, self.table_model):
            model.follow_files()
        follow = getattr(self.inspector, "follow_files", None)  # the stand-in label has none
        if follow is not None:
            follow()

    def refresh_from_catalog(self) -> None:
        """Read again what the window shows (View > Refresh, F5; or the catalog changed
        elsewhere): galleries, counts, the photos of the view (added, removed, changed; the
        selection, the current photo and the scroll stay), the findings panel and the inspector
        (typing not saved yet stays: ``Inspector`` says so when its field changed meanwhile)."""
        if self._stopping:
            return
        shown = self.sidebar.shown_galleries()
        try:
            galleries = [gallery_look(g) for g in self.catalog.galleries()]
        except sqlite3.Error as exc:
            self.statusBar().showMessage(f"Could not read the catalog: {exc}", 8000)
            return
        if galleries != shown:
            self.sidebar.reload_galleries()  # the gallery shown deleted elsewhere: the library
            self._update_gallery_actions()
        self.sidebar.refresh_counts()
        self._refresh_filter_choices()
        if self.catalog.read_only is not None:
            self._apply_read_only()  # another program may have checked (or staled) some items
        self.reload(outside=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._panels_built:
            for view in (self.grid, self.table):
                view.viewport().removeEventFilter(self)
            self._panel_timer.start(0)
        return super().eventFilter(watched, event)

    def _build_panels(self) -> None:
        """Session, inspector, findings; then the background counts. Runs once, just after
        the first paint of the photos."""
        if self._panels_built:
            return
        self._panels_built = True
        if self.session is None:
            self.session = self._make_session()
        Inspector = _optional("ui.inspector", "Inspector") if self.session is not None else None
        if Inspector is not None:
            inspector = Inspector(self.session, self)
            inspector.setMinimumWidth(300)
            sizes = self.splitter.sizes()
            old = self.inspector
            self.splitter.replaceWidget(2, inspector)
            old.deleteLater()
            self.inspector = inspector
            self.inspector.setVisible(self.act_inspector.isChecked())
            self.splitter.setSizes(sizes)
            if hasattr(inspector, "leave_requested"):
                inspector.leave_requested.connect(lambda: self.view.setFocus(Qt.FocusReason.ShortcutFocusReason))
        FindingsPanel = _optional("ui.findings_panel", "FindingsPanel") if self.session is not None else None
        if FindingsPanel is not None:
            self.findings_panel = FindingsPanel(self.session, self)
            old = self.findings_dock.widget()
            self.findings_dock.setWidget(self.findings_panel)
            if old is not None:
                old.deleteLater()
        self._connect_session()
        if self.session is not None:
            self.session.set_current(self.selected_ids())
            self.set_source(self._source)
        self._apply_read_only()
        self.sidebar.refresh_counts()
        self._refresh_filter_choices()
        self.panels_ready.emit()

    # --- construction -----------------------------------------------------------------
    def _make_session(self) -> Any:
        Session = _optional("ui.session", "Session")
        if Session is None:
            return None
        return Session(self.catalog, qsettings=self.settings, tasks=self.runner, parent=self)

    def _build_central(self) -> None:
        self.sidebar = Sidebar(self.catalog, self.runner, self)
        self.sidebar.setMinimumWidth(180)
        self.filter_bar = FilterBar(self)
        self.grid = ThumbnailGrid(self)
        self.grid.setModel(self.grid_model)
        self.table = ItemTable(self)
        self.table.setModel(self.table_model)
        self.table.apply_default_widths()
        # No sort until the user clicks a header: a library lists in import order.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.import_errors = QTableWidget(0, 3, self)
        self.import_errors.setHorizontalHeaderLabels(["File", "Reason", "When"])
        self.import_errors.verticalHeader().setVisible(False)
        self.import_errors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The path takes what the reason and the date leave, elided at its start (the file name
        # and its folder stay; the tooltip has it whole): a fixed 380 px cut the reason at a
        # 1024 px window.
        header = self.import_errors.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.import_errors.setTextElideMode(Qt.TextElideMode.ElideLeft)
        self.import_errors.setWordWrap(False)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.grid)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.import_errors)
        self.empty_hint = QLabel(self)
        self.empty_hint.setObjectName("emptyHint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.hide()

        center = QWidget(self)
        self.center = center
        lay = QVBoxLayout(center)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.filter_bar)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.empty_hint, 1)

        # A stand-in until _build_panels puts the real inspector here (or when it is absent).
        self.inspector: QWidget = QLabel("", self)
        self.inspector.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.inspector.setMinimumWidth(300)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.inspector)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        # The middle pane as wide as the filter bar in one row (832 px with the app's font).
        self.splitter.setSizes([210, 832, 390])
        self.splitter.setChildrenCollapsible(False)
        # A read-only catalog is said once, for as long as it is open, across the window: not a
        # dialog per refused step (ui.models.read_only_notice; _apply_read_only shows it).
        self.read_only_bar = QLabel(self)
        self.read_only_bar.setObjectName("readOnlyNotice")
        self.read_only_bar.setWordWrap(True)
        self.read_only_bar.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_bar.hide()
        # A note said once at start (a restored catalog, the remembered one gone): the status bar
        # holds the start's checks then ("Checking…", its progress, Cancel) and cut its end off.
        self.note_row = QFrame(self)
        self.note_row.setObjectName("startNote")
        row = QHBoxLayout(self.note_row)
        row.setContentsMargins(0, 0, 8, 0)
        self.note_bar = QLabel(self.note_row)
        self.note_bar.setWordWrap(True)
        self.note_bar.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.note_bar, 1)
        self.dismiss_note = QPushButton("Dismiss", self.note_row)
        self.dismiss_note.clicked.connect(self.note_row.hide)
        row.addWidget(self.dismiss_note, 0, Qt.AlignmentFlag.AlignVCenter)
        self.note_row.hide()
        self._style_notice()
        outer = QWidget(self)
        outer_lay = QVBoxLayout(outer)
        outer_lay.setContentsMargins(0, 0, 0, 0)
        outer_lay.setSpacing(0)
        outer_lay.addWidget(self.read_only_bar)
        outer_lay.addWidget(self.note_row)
        outer_lay.addWidget(self.splitter, 1)
        self.setCentralWidget(outer)

    def _build_docks(self) -> None:
        self.findings_panel: QWidget | None = None  # built by _build_panels
        self.findings_dock = QDockWidget("Findings", self)
        self.findings_dock.setObjectName("findingsDock")
        self.findings_dock.setWidget(QLabel("", self))
        self.findings_dock.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea
                                           | Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings_dock)
        # Its first height is set as the window is first shown, to its size (showEvent).
        self._dock_height_due = True

    def _action(self, text: str, slot: Callable[..., Any], shortcut: str | QKeySequence | Sequence[Any] | None = None,
                tip: str = "", local: bool = False, icon: QIcon | None = None) -> QAction:
        act = QAction(text, self)
        if icon is not None:
            act.setIcon(icon)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                act.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(f"{tip} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                           if shortcut else tip)
        if local:
            # Plain keys (J, K, Enter, Delete) act on the photos only: typed into the
            # inspector they are text, so they are bound to the grid/table area.
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.stack.addAction(act)
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def _build_actions(self) -> None:
        st = self.style()
        a = self._action
        self.act_import = a("&Import Photos…", self.import_dialog, "Ctrl+I", "Import photos into the library and, as you choose, a gallery",
                            icon=st.standardIcon(st.StandardPixmap.SP_DialogOpenButton))
        self.act_import_folder = a("Import &Folder…", self.import_folder_dialog, "Ctrl+Shift+I",
                                   "Import every photo in a folder")
        self.act_import_text = a("Import &Gallery Text…", self.import_gallery_text, None,
                                 "Audit a published gallery: import its page's text (copied from a browser) "
                                 "as captions, into a gallery of its own (creditline import-text)")
        self.act_open_catalog = a("&Open Catalog…", self.open_catalog_dialog, QKeySequence.StandardKey.Open,
                                  "Open another catalog (the one open now is closed)")
        self.act_new_catalog = a("New Ca&talog…", self.new_catalog_dialog, "Ctrl+Shift+N",
                                 "Create an empty catalog and switch to it")
        self.act_export = a("&Export Credit Sheet…", self.export_dialog, "Ctrl+E",
                            "Export the gallery's credit sheet",
                            icon=st.standardIcon(st.StandardPixmap.SP_DialogSaveButton))
        self.act_write = a("&Write Selection to Files…", self.write_metadata, "Ctrl+Shift+W",
                           "Write the selected photos' edits into their files (a list of the changes first)")
        self.act_reconcile = a("Reconcile Metadata &Blocks…", self.reconcile_blocks, None,
                               "Make the XMP, IPTC and EXIF copies of each field agree, where a file's copies "
                               "disagree (a list of the changes first)")
        self.act_write_pending = a("Write &Pending Edits…", self.write_pending, QKeySequence.StandardKey.Save,
                                   "Write every edit not yet in the files, of this gallery or of the library "
                                   "(a list of the changes first)")
        self.act_settings = a("&Settings…", self.settings_dialog, QKeySequence.StandardKey.Preferences
                              if not QKeySequence(QKeySequence.StandardKey.Preferences).isEmpty() else "Ctrl+,",
                              "House style, rules, publication date")
        self.act_quit = a("&Quit", self.close, QKeySequence.StandardKey.Quit)

        self.act_undo = a("&Undo", self._undo, QKeySequence.StandardKey.Undo)
        self.act_redo = a("&Redo", self._redo, QKeySequence.StandardKey.Redo)
        self.act_edit_caption = a("Edit &Caption", self.edit_caption, ["Return", "Enter"],
                                  "Put the cursor in the caption", local=True)
        self.act_select_all = a("Select &All", self.select_all, QKeySequence.StandardKey.SelectAll, local=True)
        self.act_apply_fix = a("Apply &Fix", self.apply_fix_key, "F",
                               "Apply the fix the findings panel shows for the photo (J and K pick a photo's first "
                               "finding)", local=True)
        self.act_remove = a("&Remove from Gallery", self.remove_from_gallery, ["Delete", "Backspace"],
                            "Remove the selected photos from this gallery (files stay on disk)", local=True)
        # Ordering a gallery from the keyboard: dragging was the only way (the seventh walk
        # ordered 200 photos on deadline, hands on the keys).
        self.act_move_earlier = a("Move &Earlier", lambda: self.move_selected("earlier"), ["Alt+Left", "Alt+Up"],
                                  "Move the selected photos one place earlier in the gallery", local=True)
        self.act_move_later = a("Move &Later", lambda: self.move_selected("later"), ["Alt+Right", "Alt+Down"],
                                "Move the selected photos one place later in the gallery", local=True)
        self.act_move_first = a("Move to &Start", lambda: self.move_selected("start"), "Alt+Home",
                                "Move the selected photos to the start of the gallery", local=True)
        self.act_move_last = a("Move to E&nd", lambda: self.move_selected("end"), "Alt+End",
                               "Move the selected photos to the end of the gallery", local=True)
        self.act_templates = a("&Templates…", self.templates_dialog, "Ctrl+T", "Apply a metadata template")
        self.act_replace = a("Find and &Replace…", self.find_replace_dialog, "Ctrl+H",
                             "Replace text in chosen fields of the selection, the gallery or the library")
        self.act_loupe = a("&Loupe", self.open_loupe, "Space", "The photo full size: fit or 100 %, arrows for "
                           "next and previous", local=True)
        self.act_find = a("&Find…", self.filter_bar.focus_search, QKeySequence.StandardKey.Find,
                          "Search captions, credits and places")
        self.act_clear_filter = a("C&lear Filter", self.filter_bar.clear, "Ctrl+Shift+F")

        self.act_grid = a("&Grid", lambda: self.set_view_mode(GRID), "Ctrl+1")
        self.act_table = a("&Table", lambda: self.set_view_mode(TABLE), "Ctrl+2")
        group = QActionGroup(self)
        for act in (self.act_grid, self.act_table):
            act.setCheckable(True)
            group.addAction(act)
        self.act_grid.setChecked(True)
        self.act_refresh = a("&Refresh", self.refresh_from_catalog, "F5",
                             "Show what other programs (creditline in a terminal) changed in the catalog; "
                             "the window also follows it on its own within a second")
        self.act_next = a("&Next Photo", lambda: self.move_current(1), "J", local=True)
        self.act_prev = a("&Previous Photo", lambda: self.move_current(-1), "K", local=True)
        # Ctrl+3 and Ctrl+4 show a panel and move to it; from inside it they hide it (walk22: Ctrl+3
        # hid the findings the editor wanted to go to). The check mark says whether it is shown.
        self.act_findings = a("&Findings Panel", self._toggle_findings, "Ctrl+3",
                              "Show the findings panel and move to it; in it, hide it")
        self.act_findings.setCheckable(True)
        self.act_findings.setChecked(not self.findings_dock.isHidden())
        self.findings_dock.toggleViewAction().toggled.connect(self.act_findings.setChecked)  # its own ×, a restore
        self.act_inspector = a("&Inspector", self._toggle_inspector, "Ctrl+4",
                               "Show the inspector and move to its first field; in it, hide it")
        self.act_inspector.setCheckable(True)
        self.act_inspector.setChecked(True)
        self.theme_actions: dict[str, QAction] = {}
        theme_group = QActionGroup(self)
        for key, label in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
            act = a(label, lambda k=key: self.set_theme(k))
            act.setCheckable(True)
            theme_group.addAction(act)
            self.theme_actions[key] = act

        self.act_new_gallery = a("&New Gallery…", lambda: self.sidebar.new_gallery_dialog(self.selected_ids()),
                                 QKeySequence.StandardKey.New)
        self.act_rename_gallery = a("&Rename Gallery…", lambda: self.sidebar.rename_dialog(), "F2",
                                    "Change the gallery's name and the title its credit sheet prints")
        self.act_duplicate_gallery = a("&Duplicate Gallery…", lambda: self.sidebar.duplicate_dialog(),
                                       "Ctrl+Shift+D")
        self.act_delete_gallery = a("De&lete Gallery…", lambda: self.sidebar.delete_dialog(), "Ctrl+Shift+Delete")
        self.status_actions: dict[GalleryStatus, QAction] = {}
        status_group = QActionGroup(self)
        for n, st_ in enumerate(GalleryStatus, start=1):
            act = a(f"Mark as {STATUS_TEXT[st_].capitalize()}", lambda s=st_: self.set_gallery_status(s),
                    f"Ctrl+Alt+{n}")
            act.setCheckable(True)
            status_group.addAction(act)
            self.status_actions[st_] = act
        self.act_about = a("&About Creditline", self.about_dialog)
        self.act_shortcuts = a("&Keyboard Shortcuts", self.shortcuts_dialog, "F1",
                               "Every key of the menus, the fields and the loupe")

        # The marks (ui.marks): plain keys on the photos, like J and K; typed in a field they are text.
        self.label_actions: list[QAction] = []
        for number in range(0, 9):
            name = label_for_key(number)
            act = a(f"&{number}  {name}" if name else "&0  No Label", lambda n=number: self._mark("label", n),
                    str(number), f"Colour label {name}" if name else "Remove the colour label", local=True)
            act.setIcon(label_icon(label_color(name) if name else None))
            self.label_actions.append(act)
        self.act_tag = a("&Tag / Untag", lambda: self._mark("tag", 0), "T",
                         "Tag the selected photos (untag them when all are tagged)", local=True)
        self.rating_actions = [a(f"{n} Star{'s' if n != 1 else ''}" if n else "No Stars",
                                 lambda n=n: self._mark("rating", n), f"Alt+{n}", local=True) for n in range(0, 6)]

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("&File")
        m.addAction(self.act_open_catalog)
        m.addAction(self.act_new_catalog)
        self.recent_menu = m.addMenu("&Recent Catalogs")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        m.addSeparator()
        for act in (self.act_import, self.act_import_folder, self.act_import_text, None, self.act_export,
                    self.act_write_pending,
                    self.act_write, self.act_reconcile, None, self.act_settings, None, self.act_quit):
            m.addSeparator() if act is None else m.addAction(act)
        m = mb.addMenu("&Edit")
        for act in (self.act_undo, self.act_redo, None, self.act_edit_caption, self.act_select_all,
                    self.act_remove, self.act_apply_fix, None, self.act_templates, None, self.act_find, self.act_replace,
                    self.act_clear_filter):
            m.addSeparator() if act is None else m.addAction(act)
        m = mb.addMenu("&View")
        for act in (self.act_grid, self.act_table, None, self.act_refresh, None, self.act_loupe, self.act_next,
                    self.act_prev, None, self.act_inspector, self.act_findings):
            m.addSeparator() if act is None else m.addAction(act)
        theme_menu = m.addMenu("&Appearance")
        for act in self.theme_actions.values():
            theme_menu.addAction(act)
        m = mb.addMenu("&Gallery")
        for act in (self.act_new_gallery, self.act_rename_gallery, self.act_duplicate_gallery, None,
                    self.act_move_earlier, self.act_move_later, self.act_move_first, self.act_move_last, None):
            m.addSeparator() if act is None else m.addAction(act)
        for act in self.status_actions.values():
            m.addAction(act)
        m.addSeparator()
        m.addAction(self.act_delete_gallery)
        self.gallery_menu = m
        m = mb.addMenu("&Mark")
        for act in self.label_actions[1:]:
            m.addAction(act)
        m.addAction(self.label_actions[0])
        m.addSeparator()
        m.addAction(self.act_tag)
        m.addSeparator()
        stars_menu = m.addMenu("&Stars")
        for act in self.rating_actions[1:] + self.rating_actions[:1]:
            stars_menu.addAction(act)
        self.mark_menu = m
        m = mb.addMenu("&Help")
        m.addAction(self.act_shortcuts)
        m.addSeparator()
        m.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tb = self.addToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.addAction(self.act_import)
        tb.addAction(self.act_write_pending)
        tb.addAction(self.act_export)
        tb.addSeparator()
        tb.addAction(self.act_grid)
        tb.addAction(self.act_table)
        tb.addSeparator()
        tb.addAction(self.act_new_gallery)
        tb.addAction(self.act_settings)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.job_label = QLabel(self)
        self.job_bar = QProgressBar(self)
        self.job_bar.setMaximumWidth(220)
        self.job_bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Stop after the file in progress; nothing is lost")
        self.cancel_button.clicked.connect(self.cancel_jobs)
        self.quit_button = QPushButton("Quit anyway", self)
        self.quit_button.setObjectName("quitAnyway")
        self.quit_button.clicked.connect(self.quit_anyway)
        for w in (self.job_label, self.job_bar, self.cancel_button, self.quit_button):
            sb.addPermanentWidget(w)
            w.hide()
        # Edits not yet in the files, of what is shown: stays until they are written (a click writes).
        self.pending_button = QPushButton("", self)
        self.pending_button.setObjectName("pendingButton")
        self.pending_button.setFlat(True)
        self.pending_button.setCursor(Qt.CursorShape.PointingHandCursor)
        # Out of the Tab round (Ctrl+S does the same): it came first after the photos.
        self.pending_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pending_button.clicked.connect(self._pending_clicked)
        self._pending_guard_until = 0.0
        sb.addPermanentWidget(self.pending_button)
        sb.addPermanentWidget(self.count_label)

    def _connect(self) -> None:
        self.sidebar.source_changed.connect(self.set_source)
        self.sidebar.galleries_changed.connect(self._sidebar_galleries_changed)
        self.sidebar.items_added.connect(lambda gid, ids: self._galleries_changed())
        self.sidebar.gallery_order_changed.connect(self._gallery_added_to)
        self.sidebar.error.connect(self.statusBar().showMessage)
        self.filter_bar.changed.connect(lambda _q: self.reload())
        self.filter_bar.escaped.connect(lambda: self.view.setFocus(Qt.FocusReason.ShortcutFocusReason))
        for model in (self.grid_model, self.table_model):
            model.files_dropped.connect(self.import_paths)
            model.order_changed.connect(self._order_changed)
        for view in (self.grid, self.table):
            view.selectionModel().selectionChanged.connect(self._selection_changed)
            view.doubleClicked.connect(lambda index: self.open_loupe(index.row()))
            view.activated_edit.connect(self.edit_caption)
        self.runner.error.connect(self._task_error)
        self.runner.progress.connect(self._task_progress)
        self.runner.active_changed.connect(self._tasks_changed)
        self.runner.idle.connect(self._runner_idle)
        self.importer.batch_landed.connect(self._batch_landed)
        self.importer.checked.connect(self._import_checked)
        # Placeholders until each photo's thumbnail lands (ui.import_worker).
        self.importer.started.connect(lambda: self.thumbnails.expect_thumbnails(True))
        self.importer.thumbnails_landed.connect(self.thumbnails.landed)
        self.importer.finished.connect(lambda _s: self.thumbnails.expect_thumbnails(False))
        self.importer.finished.connect(self._import_finished)
        self.importer.failed.connect(lambda msg: self._show_error("Import failed", msg))
        for act in (self.act_undo, self.act_redo, self.act_export, self.act_templates, self.act_settings,
                    self.act_replace):
            act.setEnabled(False)  # until _build_panels has what they need

    def _style_notice(self) -> None:
        from ui.app import notice_row_sheet, notice_sheet  # noqa: PLC0415 - ui.app imports this module

        self.read_only_bar.setStyleSheet(notice_sheet("readOnlyNotice"))
        self.note_row.setStyleSheet(notice_row_sheet("startNote"))

    def show_note(self, text: str) -> None:
        """Say ``text`` across the window, wrapped, until Dismiss or a switch of catalog."""
        self.note_bar.setText(text)
        self.note_row.show()

    def _apply_read_only(self) -> None:
        """Show what a read-only catalog allows: the notice across the window, the actions that
        would change it off, and its stale items "Not checked". Called when a catalog is shown
        (start, switch) and when the panels are built; a writable catalog gets it all back."""
        notice = read_only_notice(self.catalog)
        self._set_not_checked_here(())  # another catalog's items
        self.read_only_bar.setText(notice or "")
        self.read_only_bar.setToolTip(_read_only_way_out(self.catalog.read_only) if notice else "")
        self.read_only_bar.setVisible(notice is not None)
        writable = notice is None
        try:
            self._set_unchecked(frozenset() if writable else frozenset(self.catalog.stale_item_ids()))
        except sqlite3.Error:
            self._set_unchecked(frozenset())
        # Menus and toolbar: what would change the catalog is off (its tooltip says why); the
        # keys on the photos (marks, Delete, Alt+arrows) stay on and answer with the notice.
        for act in (self.act_import, self.act_import_folder, self.act_import_text, self.act_write,
                    self.act_write_pending, self.act_reconcile, self.act_new_gallery):
            self._enable(act, writable)
            tip = self._writable_tips.setdefault(act, act.toolTip())
            act.setToolTip(notice or tip)
        if self._panels_built and self.session is not None:
            # Settings and templates are viewed on a read-only catalog too, and Find and Replace
            # finds: each dialog takes no change, and says why.
            self._enable(self.act_templates, _optional("ui.templates", "TemplatesDialog") is not None)
            self._enable(self.act_settings, _optional("ui.settings_dialog", "SettingsDialog") is not None)
            self._enable(self.act_replace, _optional("ui.find_replace", "FindReplaceDialog") is not None)
            for act, viewed in ((self.act_templates, "View the metadata templates"),
                                (self.act_replace, "Find text in chosen fields")):
                tip = self._writable_tips.setdefault(act, act.toolTip())
                act.setToolTip(tip if writable else f"{viewed}; {notice}")
        self._update_gallery_actions()

    def _set_unchecked(self, ids: frozenset[int]) -> None:
        """The items shown "Not checked": stale in a read-only catalog, not checked yet."""
        self._unchecked = ids
        self._show_unchecked()

    def _set_not_checked_here(self, ids: Iterable[int]) -> None:
        """The items a cancelled check did not reach: "Not checked" until a check reaches them
        (the view shown again, an edit), their findings listed nowhere."""
        self._not_checked_here = frozenset(ids)
        self._show_unchecked()
        if self.session is not None:
            self.session.set_not_checked(self._not_checked_here)


    def _show_unchecked(self) -> None:
        ids = self._unchecked | self._not_checked_here
        for model in (self.grid_model, self.table_model):
            if model.unchecked != ids:
                model.unchecked = ids
                model.refresh_all()
        if self.findings_panel is not None and hasattr(self.findings_panel, "unchecked"):
            self.findings_panel.unchecked = ids

    def _refuse_edit(self) -> bool:
        """On a read-only catalog: the notice's one line in the status bar, and True."""
        notice = read_only_notice(self.catalog)
        if notice is not None:
            self.statusBar().showMessage(notice, 10000)
        return notice is not None

    def _undo_text(self, text: str) -> None:
        if shiboken6.isValid(self.act_undo):  # the window's children may be going already
            self.act_undo.setText(f"&Undo {text}" if text else "&Undo")

    def _undo_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"Could not undo {message}", 8000)

    def report_failure(self, exc: Exception) -> None:
        """An action failed in a way nothing caught (ui.app.report_failures_in): one line."""
        from app.catalog import CatalogReadOnly, describe_error  # noqa: PLC0415

        if isinstance(exc, CatalogReadOnly):  # a step not guarded: the notice's line, no "Not done"
            self._refuse_edit()
            return
        if isinstance(exc, sqlite3.Error):
            why = describe_error(exc, self.catalog.path)
        else:
            why = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        self.statusBar().showMessage(f"Not done: {why.splitlines()[0]} (details on stderr)", 15000)

    def _edit_failed(self, message: str) -> None:
        self.statusBar().showMessage(f"Not saved: {message}", 15000)

    def _edit_saved(self, _index: int) -> None:
        if self.statusBar().currentMessage().startswith("Not saved: "):  # the retry went in: stale
            self.statusBar().clearMessage()

    def _redo_text(self, text: str) -> None:
        if shiboken6.isValid(self.act_redo):
            self.act_redo.setText(f"&Redo {text}" if text else "&Redo")

    def _sidebar_galleries_changed(self) -> None:
        if self.session is not None:
            # Everyone listening to the session (export, templates) hears of gallery edits.
            self.session.galleries_changed.emit()
        else:
            self._galleries_changed()

    def _connect_session(self) -> None:
        if self.session is not None:
            self.session.items_changed.connect(self._items_changed)
            self.session.findings_changed.connect(self._items_changed)
            self.session.findings_changed.connect(self._edited_findings)
            self.session.recheck_wanted.connect(self._recheck_in_background)
            self.session.galleries_changed.connect(self._galleries_changed)
            self.session.undo_stack.canUndoChanged.connect(self.act_undo.setEnabled)
            self.session.undo_stack.canRedoChanged.connect(self.act_redo.setEnabled)
            # Bound methods, not lambdas: Qt drops them when the window goes, and the
            # undo stack still signals while it is being destroyed.
            self.session.undo_stack.undoTextChanged.connect(self._undo_text)
            self.session.undo_stack.redoTextChanged.connect(self._redo_text)
            if hasattr(self.session, "undo_failed"):
                self.session.undo_failed.connect(self._undo_failed)
            if hasattr(self.session, "edit_failed"):
                self.session.edit_failed.connect(self._edit_failed)
                self.session.undo_stack.indexChanged.connect(self._edit_saved)
            self.act_undo.setEnabled(self.session.undo_stack.canUndo())
            self.act_redo.setEnabled(self.session.undo_stack.canRedo())
            self._undo_text(self.session.undo_stack.undoText())  # a step kept from the last session
        if self.findings_panel is not None and hasattr(self.findings_panel, "jump_requested"):
            self.findings_panel.jump_requested.connect(self.jump_to)
        if self.findings_panel is not None and hasattr(self.findings_panel, "select_requested"):
            self.findings_panel.select_requested.connect(self.show_item)
        self._enable(self.act_export, _optional("ui.export_dialog", "ExportDialog") is not None)
        self._enable(self.act_templates, _optional("ui.templates", "TemplatesDialog") is not None
                     and self.session is not None)
        self._enable(self.act_settings, _optional("ui.settings_dialog", "SettingsDialog") is not None
                     and self.session is not None)
        self._enable(self.act_replace, _optional("ui.find_replace", "FindReplaceDialog") is not None
                     and self.session is not None)

    # --- what is shown ------------------------------------------------------------------
    @property
    def view(self) -> QAbstractItemView:
        return self.table if self.stack.currentIndex() == TABLE else self.grid

    @property
    def model(self) -> ItemsModel:
        return self.table_model if self.view is self.table else self.grid_model

    def view_mode(self) -> int:
        return TABLE if self.act_table.isChecked() else GRID

    def set_view_mode(self, mode: int) -> None:
        keep = self.selected_ids()
        (self.act_table if mode == TABLE else self.act_grid).setChecked(True)
        if self._source.kind != "import_errors":
            self.stack.setCurrentIndex(mode)
            self.select_ids(keep)

    def set_source(self, source: Source) -> None:
        self._source = source
        if self.session is not None:
            gallery = None
            if source.is_gallery:
                try:
                    gallery = self.catalog.gallery(source.gallery_id)
                except KeyError:
                    gallery = None
            self.session.set_current_gallery(gallery)
        if source.kind == "import_errors":
            self._generation += 1  # a query of the view left behind lands nowhere
            self._show_import_errors()
            self.stack.setCurrentIndex(IMPORT_ERRORS)
            self.stack.show()  # an empty gallery before it hid the view for its hint
            self.empty_hint.hide()
            self.filter_bar.setEnabled(False)
            # Nothing of the gallery left behind stays on screen: its count, findings, photo.
            self.filter_bar.count_label.clear()
            if self.session is not None:
                self.session.set_current([])
            if self.findings_panel is not None and hasattr(self.findings_panel, "set_item_ids"):
                self.findings_panel.set_item_ids([])
        else:
            self.filter_bar.setEnabled(True)
            self.stack.setCurrentIndex(self.view_mode())
            self.reload()
        self._update_header_sort()
        self._update_gallery_actions()

    def _update_header_sort(self) -> None:
        """A gallery keeps its editorial order: its headers neither sort nor show an arrow."""
        header = self.table.horizontalHeader()
        library = not self._source.is_gallery
        header.setSectionsClickable(library)
        header.setSortIndicatorShown(library and self._sort is not None)

    def source(self) -> Source:
        return self._source

    def query(self) -> dict[str, Any]:
        q: dict[str, Any] = {}
        kind = self._source.kind
        if kind == "attention":
            q["status"] = "error"
        elif kind == "recent":
            q["recent"] = True
        elif kind == "gallery":
            q["gallery"] = self._source.gallery_id
        q.update(self.filter_bar.query())
        if self._sort is not None and kind != "gallery":
            q["sort"], q["descending"] = self._sort
        return q

    def reload(self, sync: bool = False, outside: bool = False, recheck: bool = True) -> None:
        """Query the ids for the current source and filter; off the UI thread unless ``sync``.
        ``outside``: the catalog changed elsewhere, every row is read again (``_apply_ids``).
        ``recheck``: False after a cancelled check, which the listing must not start again."""
        if self._source.kind == "import_errors":
            self._show_import_errors()
            return
        if self._stopping and not sync:
            return  # the catalog is being left (or the window closed): the switch reloads
        self._generation += 1
        gen, q = self._generation, self.query()
        catalog, unchecked = self.catalog, self._unchecked | self._not_checked_here
        not_here = self._not_checked_here

        def ids_of(q: dict[str, Any]) -> list[int]:
            ids = catalog.item_ids(**q)
            if unchecked and q.get("status") == "clean":  # "Not checked" is not clean
                ids = [i for i in ids if i not in unchecked]
            elif not_here and q.get("status"):
                # What a cancelled check did not reach is in error (or warning) only by another
                # purpose's findings: "not checked", listed under no status (the filter bar says).
                ids = [i for i in ids if i not in not_here]
            return ids

        if sync:
            self._apply_ids(gen, q, ids_of(q), recheck=recheck)
            return
        self.runner.submit(lambda ctx: ids_of(q), name="Filtering", cancellable=False,
                           on_result=lambda ids: self._apply_ids(gen, q, ids, outside, recheck),
                           on_error=lambda msg, tb: self._query_failed(gen, msg))

    def recount(self) -> None:
        """Errors and warnings of the photos shown, counted off the UI thread (100,000 ids)."""
        if self._stopping:
            return
        gen, ids = self._generation, self.model.ids() if hasattr(self.model, "ids") else []
        self._recounts += 1
        seq, catalog, unchecked = self._recounts, self.catalog, self._unchecked | self._not_checked_here
        not_here = self._not_checked_here
        gallery_id = self._source.gallery_id if self._source.is_gallery else None

        def work(ctx: TaskContext) -> tuple[dict[str, int], dict[int, int], int, int]:
            # Edits not written are few: the catalog's list, kept to the photos shown (no query
            # over 100,000 ids, and no set of them when nothing is waiting).
            everywhere = catalog.pending_counts()
            shown = set(ids) if everywhere else set()
            # Photos of the gallery a filter hides are not "elsewhere": Ctrl+S writes them too.
            hidden = 0
            if everywhere and gallery_id is not None and len(shown) < len(everywhere):
                hidden = len(set(catalog.gallery_item_ids(gallery_id)).intersection(everywhere) - shown)
            # What a cancelled check did not reach is counted as not checked, never by the
            # findings another purpose stored for it.
            counts = catalog.status_counts([i for i in ids if i not in not_here] if not_here else ids)
            if not_here:
                counts["caption_only"] += catalog.status_counts([i for i in ids if i in not_here])["caption_only"]
            if unchecked:
                counts["unchecked"] = sum(1 for i in ids if i in unchecked)
            if isinstance(catalog, UnstoredChecks):
                kept = catalog.unstored_ids()
                counts["unstored"] = sum(1 for i in ids if i in kept) if kept else 0
            return (counts, {i: n for i, n in everywhere.items() if i in shown}, len(everywhere), hidden)

        self.runner.submit(work, name="Counting", cancellable=False,
                           on_result=lambda result: self._counted(gen, *result, seq=seq))

    def _counted(self, gen: int, counts: dict[str, int], pending: dict[int, int] | None = None,
                 pending_all: int = 0, hidden: int = 0, seq: int = 0) -> None:
        if gen == self._generation:
            if seq < self._counted_seq:
                # Counts run on the task runner side by side: one begun before the check ended
                # can land after the count that followed it, and would say "checking" for good.
                return
            self._counted_seq = seq
            self._status_counts = counts
            # A count begun before the check ended counted findings it had not made yet.
            self._counts_checking = bool(self._checking) or seq < self._recount_after_check
            self._update_counts()
            self._show_pending(pending or {}, pending_all, hidden)

    def _show_pending(self, pending: dict[int, int], pending_all: int, hidden: int = 0) -> None:
        """The status bar's count of photos shown whose edits are not yet in their files;
        ``hidden``: those of the gallery shown that its filter hides (walk 5: a gallery filtered
        to its errors said "27 not written elsewhere" of 27 photos all in that gallery)."""
        photos, fields = len(pending), sum(pending.values())
        where = "this gallery" if self._source.is_gallery else "this view"
        elsewhere = pending_all - photos - hidden
        if hidden and not photos:
            self.pending_button.setText(f"✎ {hidden:,} photo{'s' if hidden != 1 else ''} hidden by the filter not written")
            tip = (f"{hidden:,} photo{'s' if hidden != 1 else ''} of {where}, not shown by the filter,"
                   " edited in Creditline and not yet written to the files.")
        elif photos:
            self.pending_button.setText(f"✎ {photos:,} photo{'s' if photos != 1 else ''} not written")
            tip = (f"{photos:,} photo{'s' if photos != 1 else ''} in {where} ({fields:,} field{'s' if fields != 1 else ''})"
                   " edited in Creditline and not yet written to the files.")
        elif elsewhere > 0:
            # In words: "✎ 3 not written elsewhere" left the editor to work out what was not written, and where.
            self.pending_button.setText(f"✎ {elsewhere:,} photo{'s' if elsewhere != 1 else ''} outside {where} not written")
            tip = f"Nothing waiting in {where}; {elsewhere:,} photo{'s' if elsewhere != 1 else ''} elsewhere in the library."
        else:
            self.pending_button.setText("All edits in the files")
            tip = "Every edit made in Creditline is in the files."
        if photos and hidden:
            tip += f" {hidden:,} more of {where} hidden by the filter."
        if (photos or hidden) and elsewhere > 0:
            tip += f" {elsewhere:,} more elsewhere in the library."
        if photos or hidden or elsewhere > 0:
            tip += f"\nClick, or {self.act_write_pending.shortcut().toString(QKeySequence.SequenceFormat.NativeText)},"
            tip += " to see what would be written, then write it."
        self.pending_button.setToolTip(tip)
        self._pending_shown = (pending, pending_all, hidden)
        ink = pending_ink_name()  # the inspector's "edited" amber
        self.pending_button.setStyleSheet(f"QPushButton#pendingButton {{ color: {ink}; font-weight: bold;"
                                          " padding: 0 6px; }" if photos else
                                          "QPushButton#pendingButton { padding: 0 6px; }")
        self._fit_status_bar()

    def _apply_ids(self, gen: int, q: dict[str, Any], ids: list[int], outside: bool = False,
                   recheck: bool = True) -> None:
        if gen != self._generation:  # a later keystroke already asked again
            return
        keep = self.selected_ids()
        gid = self._source.gallery_id if self._source.is_gallery else None
        reorderable = gid is not None and not self.filter_bar.is_active()
        for model in (self.grid_model, self.table_model):
            if outside:
                model.follow_ids(ids, gid, reorderable)
            else:
                model.update_ids(ids, gid, reorderable)
        if keep and not self.selected_ids():
            self.select_ids(keep)
            if not self.selected_ids() and ids:
                # What was shown is not among the results: show the first result, so the
                # inspector never edits a photo the view no longer shows.
                self.select_ids([ids[0]])
        # A model reset clears the selection without a signal: tell the session what is selected.
        self._selection_changed()
        self.filter_bar.set_count(len(ids), self._library_total(len(ids)))
        self._say_not_listed(q)
        self._update_empty_hint(len(ids))
        self._status_counts = None
        self._update_counts()
        self.recount()
        if self.findings_panel is not None and hasattr(self.findings_panel, "set_item_ids"):
            # The findings of a gallery, or of a small result; never of a 100,000-photo library.
            shown = ids if gid is not None or len(ids) <= 500 else self.selected_ids()
            self.findings_panel.empty_text = "" if shown is ids else (
                f"Select photos to see their findings ({len(ids):,} are too many to list at once; "
                "Needs attention lists those with errors)")
            self.findings_panel.set_item_ids(shown, self._gallery_positions(gid))
        if outside:
            self._reread_selection()
        self.ids_applied.emit()
        if recheck:
            self._check_stale(ids)

    def _say_not_listed(self, q: dict[str, Any]) -> None:
        """Under a status filter (or Needs attention), the filter bar's count says how many of
        the view a cancelled check did not reach: listed under no status until checked."""
        n = len(self._not_checked_here) if q.get("status") and q.get("status") != "clean" else 0
        label = self.filter_bar.count_label
        if n:
            self.filter_bar.add_count_note(f"{n:,} not checked")
        label.setToolTip(f"{n:,} photo{'s' if n != 1 else ''} of this view not checked for it: the check was "
                         "cancelled before it reached them, so whether they have errors or warnings is not "
                         "known and they are not listed here. Showing the view again checks them." if n else "")

    def _reread_selection(self) -> None:
        """The inspector (and the marks row) read the selected photos again: the values and
        findings another process may have changed."""
        ids = self.selected_ids()
        if self.session is None or not ids:
            return
        with getattr(self.inspector, "news_from_elsewhere", contextlib.nullcontext)():
            self.session.items_changed.emit(ids)  # a replaced field being typed in says so
        reread = getattr(self.inspector, "reread_findings", None)
        if reread is not None:
            reread()

    def _library_total(self, shown: int) -> int | None:
        """The size for "N of TOTAL", when the view is a part of it: the gallery's when a filter
        narrows a gallery (the tenth walk's search in a gallery of 42 read "12 photos", where the
        library's read "12 of 75"), else the library's; None for a whole gallery or the whole
        library. A count not caught up yet (an import landing) is never shown below the number
        shown."""
        if not self.filter_bar.is_active() and (self._source.is_gallery or self._source.kind == "all"):
            return None
        if self._source.is_gallery:
            total = len(self.catalog.gallery_item_ids(self._source.gallery_id))
        else:
            total = self.sidebar.counts().get("all")
        return total if total is not None and total >= shown else None

    def _gallery_positions(self, gid: int | None) -> dict[int, int] | None:
        """Item id -> its number in the gallery (a filtered view keeps the gallery's numbers)."""
        if gid is None:
            return None
        return {item_id: n for n, item_id in enumerate(self.catalog.gallery_item_ids(gid), start=1)}

    def _recheck_in_background(self) -> None:
        """A setting changed and the gallery shown is too big to recheck at once: its stale
        findings are checked in the background, as after a write."""
        self._check_stale(self.model.ids())

    def _check_stale(self, ids: list[int], again: bool = False) -> None:
        """Findings of the items shown that are stale (a rule setting changed, a file was written),
        or made for another purpose than the view's (in a gallery: any other; in a library view:
        a gallery's, where it changed a severity), are recomputed in the background, a chunk at a
        time, and the badges follow; then, in a gallery, the gallery rules (name-variant), which
        the item checks leave out, so the window shows what ``creditline check --gallery`` finds
        (a library view: what ``creditline check`` finds). ``again``: asked for by an edit, so a
        check already running runs once more when it ends."""
        if self._stale_task is not None and again:
            self._stale_again = True
        if self._stale_task is not None and self._stale_gen != self._generation and not self._stopping:
            # The check running is of a view shown before (the library the window opened on):
            # its end checks this one. Until then this view's counts say "checking", not the
            # findings another purpose stored (race38: "1 with errors" of the library, 1 run in 45).
            self._set_checking(list(ids))
        # An empty view chosen by status may be empty only by what its stored findings say.
        if self._stopping or self._stale_task is not None or not (ids or "status" in self.query()):
            return
        if self.importer.running:
            return  # the import checks what it adds; its end reloads, which comes back here
        catalog, shown = self.catalog, list(ids)
        # The purpose of the gallery shown (web, news) counts, as it does at import.
        rule_ctx = self.session.rule_context() if self.session is not None else None
        gallery_id = self._source.gallery_id if self._source.is_gallery else None
        if gallery_id is not None and self.session is None:
            # At start, before the panels (and the session, which knows the gallery's purpose)
            # are built: checked now, it was checked as the library, and the status bar counted
            # the library's findings for it. Its counts say "checking" until the panels, once
            # built, list the view again and check it for its purpose.
            self._set_checking(shown)
            return
        # A view chosen by status (Needs attention, the Errors filter) lists what the stored
        # findings say: those not current for this view may belong in it or not, so the view's
        # photos of any status are looked at, and the view is listed again if any changed.
        q = self.query()
        by_status = "status" in q
        scope_q = {k: v for k, v in q.items() if k not in ("status", "sort", "descending")}
        # A filter keystroke reloads the view: the gallery pass (~1 s on 20,000 photos) runs only
        # for a gallery just shown, after an edit, or when stale findings were checked.
        pass_anyway = gallery_id is not None and (again or gallery_id != self._passed_gallery)
        passed: list[int] = []  # the gallery id, once its pass has run (or was not needed)

        def work(ctx: Any) -> list[int]:
            from app import validation  # noqa: PLC0415 - optional, like the import's check

            pool = catalog.item_ids(**scope_q) if by_status else shown
            if gallery_id is not None:
                # Stale, or checked for another purpose (in the library, or another gallery):
                # what the gallery is for changes severities (a news gallery's undisclosed AI
                # picture is an error, the library's a warning), so they are checked again, and
                # the view shows what `check --gallery` finds. An unchanged gallery: none.
                stale = validation.ids_to_check(catalog, pool, rule_ctx)
            else:
                # Stale, or holding a finding whose severity a gallery's purpose set (stored while
                # a news gallery was shown): the library view shows what `check` finds, with the
                # library's severities (the tile said error, the panel and counts too, where
                # `check` says warning). Only those: the rest is what the library finds.
                wanted = set(pool)
                stale = sorted({i for i in catalog.stale_item_ids() if i in wanted}
                               | set(validation.purpose_bound_ids(catalog, pool, rule_ctx)))
            ctx.post(("checking", stale))  # narrows the "checking" said of the whole view
            spent = 0.0
            for start in range(0, len(stale), STALE_CHUNK):
                if start:
                    # The rules are Python and hold the interpreter lock while they run: pausing
                    # twice as long as each chunk took leaves the UI thread two thirds of the
                    # time, so scrolling stays smooth while a whole library is checked.
                    ctx.cancel.wait(max(STALE_PAUSE_S, 2 * spent))
                ctx.check()
                chunk = stale[start:start + STALE_CHUNK]
                began = time.perf_counter()
                validation.refresh_findings(catalog, chunk, ctx=rule_ctx)
                spent = time.perf_counter() - began
                ctx.post(chunk)
                ctx.progress(min(start + STALE_CHUNK, len(stale)), len(stale), "checking")
            if gallery_id is not None and (stale or pass_anyway):
                ctx.check()
                moved = validation.refresh_gallery_rules(catalog, gallery_id, ctx=rule_ctx)
                if moved:
                    ctx.post(moved)
                stale = sorted(set(stale) | set(moved))
            if gallery_id is not None:
                passed.append(gallery_id)
            return stale

        gen, failed = self._generation, []
        left: set[int] = set()  # what the check is to make again and has not made yet
        made: list[int] = []  # what it made again, chunk by chunk

        def finished() -> None:
            task, self._stale_task = self._stale_task, None
            # Cancelled: what it did not reach keeps another purpose's findings, said as not
            # checked (before the counts that follow the check's end are made).
            cut = bool(task is not None and task.was_cancelled and not failed and not self._stopping
                       and gen == self._generation)
            self._set_not_checked_here(left if cut else ())
            self._set_checking([])
            if passed and not self._stale_again:
                self._passed_gallery = passed[0]
            again, self._stale_again = self._stale_again, False
            # Another source or filter was shown meanwhile (its items may be stale too), or an
            # edit landed while this ran.
            if (gen != self._generation or again) and not failed and hasattr(self.model, "ids"):
                self._check_stale(self.model.ids())
            elif cut and by_status:
                # A view chosen by status lists what was made and what was not reached anew
                # (under no status), and does not start the cancelled check again.
                self.reload(recheck=False)

        def error(msg: str, tb: str) -> None:
            failed.append(msg)
            self._show_error("Checking failed", msg)

        def landed(chunk: list[int] | tuple[str, list[int]]) -> None:  # badges; counts once at the end
            if isinstance(chunk, tuple):  # the items to check: until they are, counts say "checking"
                # None: what was counted when the view was shown stands (no second count).
                left.update(chunk[1])
                if gen != self._generation:
                    return  # of a view no longer shown: this one waits for its own check
                self._set_checking(chunk[1], made=bool(chunk[1]))
                return
            left.difference_update(chunk)
            made.extend(chunk)
            if self._unchecked:  # a read-only catalog: checked now, kept in memory (app.unstored)
                self._set_unchecked(self._unchecked.difference(chunk))
            for model in (self.grid_model, self.table_model):
                model.refresh_items(chunk)

        def done(stale: list[int] | None) -> None:
            # Cancelled (None): the findings it made before are the view's, and are shown too.
            cancelled = stale is None
            stale = stale if stale is not None else list(made)
            if not stale:
                return
            if by_status and gen == self._generation and not cancelled:  # cancelled: finished() lists
                self.reload()  # what is in the view depends on the findings just made
            if self.session is not None:
                # The findings panel and the inspector read the findings stored: they hear which
                # changed (the badges too, and the counts). The walk: a catalog of an older
                # Creditline, opened, showed "No findings" beside photos marked with warnings.
                self._announcing = True
                try:
                    self.session.findings_changed.emit(list(stale))
                finally:
                    self._announcing = False
            else:
                self.sidebar.refresh_counts()
                self.recount()

        # Until the check says which of them it makes again, the stored findings of the view
        # may be another purpose's (a web gallery's missing alt text a note, not a warning):
        # the counts say "checking", not numbers the view does not find.
        self._set_checking(shown)
        self._stale_gen = gen
        self._stale_task = self.runner.submit(
            work, name="Checking", show_progress=True, on_partial=landed, on_result=done, on_error=error,
            on_done=finished)

    def _set_checking(self, ids: list[int], made: bool = True) -> None:
        """The items whose findings the background check makes again: their counts (status bar,
        findings panel, inspector) say "checking" until it is done and they are counted again.
        ``made``: False when none were made again, so the counts already made stand."""
        was = self._checking
        self._checking = frozenset(ids)
        if self.session is not None:
            self.session.set_checking(self._checking)
        if was and not self._checking and not made:
            self._counts_checking = self._recounts < self._recount_after_check
        elif was and not self._checking:
            self._counts_checking = True  # what the status bar counted is older: count again
            self._recount_after_check = self._recounts + 1
            self.recount()
        elif self._checking:
            self._counts_checking = True
        self._update_counts()

    def _query_failed(self, gen: int, message: str) -> None:
        if gen == self._generation:
            # A search the FTS engine cannot parse is a typo, not a crash; anything else is the
            # catalog's trouble, said as such (the ninth walk read "Search not understood: disk
            # I/O error" with the search box empty, and the photos of the import not listed).
            if "fts5" in message.lower():
                self.statusBar().showMessage(f"Search not understood: {message}", 6000)
            else:
                self.statusBar().showMessage(f"The photos could not be listed: {message}", 15000)

    def _update_empty_hint(self, n: int) -> None:
        # The hint takes the empty view's place (centred in it), not a strip under a blank grid.
        if n:
            self.empty_hint.hide()
            self.stack.show()
            return
        if self.stack.currentWidget() in (self.grid, self.table):
            self.stack.hide()
        if getattr(self, "_damaged", None) is self.catalog:
            # Not "Import photos": the eighth walk's damaged catalog invited an import into it.
            text = ("This catalog is damaged: do not import into it. Restore its newest backup, or start a "
                    "new catalog (File > New Catalog) and import the photos there.")
        elif self.filter_bar.is_active():
            text = "No photo matches the filter. Ctrl+Shift+F clears it."
        elif self._source.is_gallery:
            text = "This gallery is empty. Drag photos here from the library, or drop files to import them."
        elif self._source.kind == "all":
            text = "No photos yet. Import photos (Ctrl+I) or drop files or folders onto this window."
        else:
            text = "Nothing here."
        self.empty_hint.setText(text)
        self.empty_hint.show()

    def _sorted_ids(self, key: str, descending: bool) -> list[int] | None:
        """A header click: the catalog sorts every row, off the UI thread; the ids arrive
        through ``_apply_ids`` like any other query (so None: nothing to show yet)."""
        self._sort = (key, descending)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.reload()
        return None

    def _show_import_errors(self) -> None:
        failures = self.catalog.import_errors()
        t = self.import_errors
        t.setRowCount(len(failures))
        for r, f in enumerate(failures):
            when, when_tip = _local_when(f.when)
            for c, (text, tip) in enumerate(((display_path(f.path),) * 2, (f.reason,) * 2, (when, when_tip))):
                cell = QTableWidgetItem(text)
                cell.setToolTip(tip)
                t.setItem(r, c, cell)
        t.resizeColumnToContents(2)  # the date whole, never "2026-12-06T…" (ResizeToContents too)
        self._update_empty_hint(len(failures) or 1)
        self._update_counts()

    # --- selection --------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        sm = self.view.selectionModel()
        if sm is None:
            return []
        model = self.model
        n = model.rowCount()
        return [model.id_at(r) for r in _selected_rows(sm) if r < n]

    def select_ids(self, ids: Sequence[int]) -> None:
        model, view = self.model, self.view
        sm = view.selectionModel()
        rows = [r for r in (model.row_of(i) for i in ids) if r is not None]
        # One selection of runs of rows, selected at once: a row at a time told the session (the
        # inspector and marks row read every photo selected so far) 2,000 times for 2,000 photos,
        # minutes before a view switched to with them kept could check its findings (counts34).
        selection = QItemSelection()
        for first, last in _runs(sorted(set(rows))):
            selection.select(model.index(first, 0), model.index(last, 0))
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        sm.select(selection, flags)
        if rows:
            sm.setCurrentIndex(model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            view.scrollTo(model.index(rows[0], 0))

    def _selection_changed(self, *_: Any) -> None:
        ids = self.selected_ids()
        if self.session is not None:
            self.session.set_current(ids)
        self.follow_disk(ids[:FOLLOW_SELECTION_MAX])  # shown: its file as it is on disk now
        if (self.findings_panel is not None and not self._source.is_gallery
                and self.model.rowCount() > 500 and hasattr(self.findings_panel, "set_item_ids")):
            self.findings_panel.set_item_ids(ids)
        follow = getattr(self.findings_panel, "follow", None)
        if follow is not None:
            follow(ids)
        self._update_counts()

    def move_current(self, step: int) -> None:
        view, model = self.view, self.model
        n = model.rowCount()
        if not n:
            return
        cur = view.currentIndex()
        if cur.isValid() and not view.selectionModel().hasSelection():
            step = 0  # Qt made a row current, unselected, as the view took the focus: show that one first
        row = max(0, min(n - 1, (cur.row() if cur.isValid() else -1) + step))
        idx = model.index(row, 0)
        view.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        view.scrollTo(idx)

    def _mark(self, kind: str, number: int) -> None:
        """A mark key on the selected photos: one undo step, in the catalog at once."""
        ids = self.selected_ids()
        if self.session is None or not ids or self._refuse_edit():
            return
        self._flush_inspector()
        if kind == "label":
            set_label(self.session, ids, number)
        elif kind == "tag":
            toggle_tag(self.session, ids)
        else:
            set_rating(self.session, ids, number)

    def apply_fix_key(self) -> None:
        """F on the photos: the fix of the finding the findings panel has picked (J or K picks a
        photo's first; the panel's line says "Fix: …"). walk22: from the keyboard the panel's
        "Apply fix" was 27 Tabs away, through the inspector."""
        panel = self.findings_panel
        if self._refuse_edit() or panel is None or not hasattr(panel, "fix_button"):
            return
        if not panel.fix_button.isEnabled():
            self.statusBar().showMessage("No fix to apply: the finding picked has none, or none is picked", 4000)
            return
        self._flush_inspector()
        panel.apply_fix()

    def select_all(self) -> None:
        self.view.selectAll()

    def edit_caption(self) -> None:
        if not self.selected_ids():
            self.move_current(0)
        focus = getattr(self.inspector, "focus_field", None)
        if focus is not None and self.selected_ids():
            focus("caption")

    def show_item(self, item_id: int) -> None:
        """A finding was picked: select its photo (the focus stays in the findings list)."""
        if self.model.row_of(item_id) is not None and self.selected_ids() != [item_id]:
            self.select_ids([item_id])

    def jump_to(self, item_id: int, field: str, start: int, end: int) -> None:
        """A finding was double-clicked: show its photo, put the cursor on the words."""
        if self.model.row_of(item_id) is None:
            self.sidebar.select_source(Source("all"))
            self.filter_bar.clear()
            self.reload(sync=True)
        self.select_ids([item_id])
        focus = getattr(self.inspector, "focus_field", None)
        if focus is not None:
            focus(field, start if start >= 0 else None, end if end >= 0 else None)

    # --- changes coming back ------------------------------------------------------------
    def _items_changed(self, ids: list[int]) -> None:
        for model in (self.grid_model, self.table_model):
            model.refresh_items(ids)
        self.sidebar.refresh_counts()
        self.recount()

    def _edited_findings(self, ids: list[int]) -> None:
        if not self._announcing and self._source.is_gallery:
            self._passed_gallery = None
            self._gallery_pass.start()

    def _gallery_pass_due(self) -> None:
        if self._source.is_gallery and hasattr(self.model, "ids"):
            self._check_stale(self.model.ids(), again=True)

    def _galleries_changed(self) -> None:
        self.sidebar.reload_galleries()
        if self._source.is_gallery:
            self.reload()
        self._update_gallery_actions()

    def _order_changed(self) -> None:
        # Both models show the same gallery: the one not dragged in catches up.
        src = self.sender()
        other = self.table_model if src is self.grid_model else self.grid_model
        gid = src.gallery_id
        if (self.session is not None and gid is not None and other.gallery_id == gid
                and not self.filter_bar.is_active()):
            # The model not dragged in still shows the order before the drop: that is what undo restores.
            before, after = other.ids(), self.catalog.gallery_item_ids(gid)
            if before != after:
                text = "Reorder Gallery" if set(before) == set(after) else "Add Photos to Gallery"
                self.session.undo_stack.push(GalleryOrderCommand(self.session, gid, before, after, text,
                                                                 applied=True))
        other.update_ids(src.ids(), src.gallery_id, src.reorderable)
        if self.findings_panel is not None and hasattr(self.findings_panel, "set_item_ids") and gid is not None:
            self.findings_panel.set_item_ids(src.ids(), self._gallery_positions(gid))  # the new numbers
        self.sidebar.reload_galleries()
        self.statusBar().showMessage("Gallery order saved", 2500)

    def _gallery_added_to(self, gallery_id: int, before: list[int], after: list[int]) -> None:
        """Photos dropped onto a gallery in the sidebar: one undo step (already applied)."""
        if self.session is not None:
            n = len(after) - len(before)
            self.session.undo_stack.push(GalleryOrderCommand(
                self.session, gallery_id, before, after,
                f"Add {n} Photo{'s' if n != 1 else ''} to Gallery", applied=True))

    def _update_gallery_actions(self) -> None:
        in_gallery = self._source.is_gallery
        writable = self.catalog.read_only is None
        # Removing and moving stay enabled on a read-only catalog: they are keys (Delete, Alt+arrows),
        # and a key that does nothing says nothing; they answer with the notice's line instead.
        for act in (self.act_remove, self.act_move_earlier, self.act_move_later, self.act_move_first,
                    self.act_move_last):
            act.setEnabled(in_gallery)
        for act in (self.act_rename_gallery, self.act_duplicate_gallery, self.act_delete_gallery,
                    *self.status_actions.values()):
            act.setEnabled(in_gallery and writable)
        if in_gallery:
            try:
                status = GalleryStatus(self.catalog.gallery(self._source.gallery_id).status)
            except KeyError:
                return
            self.status_actions[status].setChecked(True)

    def _update_counts(self) -> None:
        if self._source.kind == "import_errors":
            n = self.import_errors.rowCount()
            self.count_label.setText(f"{n:,} import error{'s' if n != 1 else ''}")
            self._fit_status_bar()
            return
        shown = self.model.rowCount()
        sm = self.view.selectionModel()
        selected = len(_selected_rows(sm)) if sm is not None else 0
        counts = getattr(self, "_status_counts", None)
        text = _shown_noun(shown, (counts or {}).get("caption_only", 0))
        # Short above the grid, where the filters need the width ("5 captions" squeezed the
        # sidebar): "16 items" whenever the status bar says some are caption-only.
        if (counts or {}).get("caption_only", 0):
            self.filter_bar.name_count(f"{shown:,} item{'s' if shown != 1 else ''}")
        if selected > 1:
            text += f" · {selected:,} selected"
        if counts and self._counts_checking:
            text += " · checking…"
        elif counts:
            errors, warnings = counts.get("error", 0), counts.get("warning", 0)
            text += f" · {errors:,} with errors · {warnings:,} with warnings"
            if counts.get("unchecked"):
                text += f" · {counts['unchecked']:,} not checked"
            if counts.get("unstored"):  # a read-only catalog: what its badges say is not in the catalog
                text += f" · {counts['unstored']:,} checked now, not stored"
        self.count_label.setText(text)
        self._fit_status_bar()

    def _fit_status_bar(self) -> None:
        """Give the status bar's texts their widths now, not at its layout's posted event: the
        first frame was painted in between (the counts land, then the window is exposed) and
        cut "All edits in the files" to "s in tl" while the window went on building its panels."""
        layout = self.statusBar().layout()
        if layout is not None:
            layout.activate()

    # --- commands ---------------------------------------------------------------------
    def import_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Import photos", self.settings.value("last_import_dir", str(Path.home())),
            f"Photos ({' '.join('*' + e for e in sorted(SUPPORTED_EXTENSIONS))});;All files (*)")
        if files:
            self.settings.setValue("last_import_dir", str(Path(files[0]).parent))
            what = f"{len(files):,} photo{'s' * (len(files) != 1)}"
            self._import_asking(files, what, Path(files[0]).parent.name)

    def import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder",
                                                  self.settings.value("last_import_dir", str(Path.home())))
        if folder:
            self.settings.setValue("last_import_dir", folder)
            self._import_asking([folder], f"the folder \u201c{Path(folder).name}\u201d", Path(folder).name)

    def _shown_gallery_name(self) -> str | None:
        gallery = self._shown_gallery()
        return gallery.name if gallery is not None else None

    def _shown_gallery(self) -> Gallery | None:
        if not self._source.is_gallery:
            return None
        try:
            return self.catalog.gallery(self._source.gallery_id)
        except KeyError:
            return None

    def _import_asking(self, paths: list[str], what: str, suggested_name: str) -> None:
        """File > Import: the editor says where the photos go (the walk's first import went into
        the demo gallery that happened to be selected). A drop onto the window still goes where
        it was dropped: the gallery shown."""
        if self._refuse_edit() or self._stopping or self.importer.running:
            self.import_paths(paths)  # says why not
            return
        shown = self._shown_gallery()
        dialog = ImportDestinationDialog(what, shown.name if shown is not None else None, self.settings, self,
                                         suggested_name=suggested_name,
                                         existing=[g.name for g in self.catalog.galleries()],
                                         shown_empty=shown is not None and shown.item_count == 0)
        self.import_destination_dialog = dialog  # reachable by tests while it is open
        try:
            if not dialog.exec():
                return
            into = dialog.gallery()
            self.import_paths(paths, into=into)
            if into is not None and into != self._shown_gallery_name() and self.importer.running:
                self._show_after_import = into  # the editor named it: the photos are looked at there next
        finally:
            self.import_destination_dialog = None
            dialog.deleteLater()

    def import_gallery_text(self, path: str | None = None, name: str | None = None) -> None:
        """File > Import Gallery Text…: a published gallery's page, as `creditline import-text`
        reads it, into a gallery of its own (the eighteenth walk could audit the paper's page
        only from the command line). The gallery is shown, and checked as any is."""
        from app.audit import parse_gallery_page  # noqa: PLC0415

        if self._refuse_edit() or self._stopping:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import a published gallery's text",
                                                  self.settings.value("last_import_dir", str(Path.home())),
                                                  "Text (*.txt);;All files (*)")
            if not path:
                return
        if name is None:
            name, ok = QInputDialog.getText(self, "Import Gallery Text", "Into the new gallery:",
                                            text=f"Audit: {Path(path).stem}")
            if not ok or not name.strip():
                return
        name = name.strip()
        cat = self.catalog

        def work(ctx: TaskContext) -> tuple[str, Any]:
            # Off the UI thread: a page may hold tens of thousands of captions (import-text reads
            # 100,000 in ~4 s), and the window stays live, with the status bar's Cancel.
            try:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read(TEXT_PAGE_CHARS + 1)
            except OSError as exc:
                return "error", f"{path}: {exc.strerror or exc}"
            ctx.check()
            page = parse_gallery_page(text[:TEXT_PAGE_CHARS])
            if not page.items:
                return "empty", None
            ctx.check()  # the last moment a cancel leaves the catalog as it was
            try:
                gallery = cat.gallery(name)
            except KeyError:
                gallery = cat.create_gallery(name)
            ids = cat.add_caption_items(page.items, gallery.id)  # the whole page or nothing
            return "imported", (gallery.id, len(ids), page.summary())

        def done(result: tuple[str, Any] | None) -> None:
            if result is None:  # cancelled before anything was written
                self.statusBar().showMessage("Import of the gallery text cancelled: nothing was imported", 10000)
                return
            kind, value = result
            if kind == "error":
                self._show_error("Import gallery text", value)
            elif kind == "empty":
                self._show_error("Import gallery text",
                                 f"No captions found in {Path(path).name}: no paragraph carries a photo credit, "
                                 "and the page has no slide counters (“3 of 12”) or caption labels. Nothing was "
                                 "imported. (`creditline import-text --every-paragraph` keeps every paragraph "
                                 "of a list of captions.)")
            else:
                gallery_id, n, summary = value
                self.sidebar.reload_galleries()
                self.sidebar.refresh_counts()
                self.sidebar.select_source(Source("gallery", gallery_id))
                # The gallery is shown and selected in the sidebar: its name would push the
                # summary past the status bar's permanent texts at 1024 px (cut after "dropped").
                self.statusBar().showMessage(f"Imported {n} caption{'s' if n != 1 else ''} ({summary})", 15000)

        self.runner.submit(work, name="Importing gallery text", show_progress=True, on_result=done,
                           on_error=lambda message, _tb: self._show_error("Import gallery text", message))

    def import_paths(self, paths: Sequence[str], into: str | None | object = SHOWN) -> None:
        """Import into the library and into the gallery ``into`` (None: the library only; by
        default, as for files dropped onto the window, the gallery shown if any)."""
        if self._refuse_edit():
            return
        if self._stopping:
            self.statusBar().showMessage("Not imported: the running work is still stopping", 4000)
            return
        if self.importer.running:
            self.statusBar().showMessage("An import is already running", 4000)
            return
        gallery = self._shown_gallery_name() if into is SHOWN else into
        self.importer.start(list(paths), gallery)  # type: ignore[arg-type]

    def _batch_landed(self) -> None:
        self.reload()
        # The library's counts follow a long import too (recounted at most every few seconds).
        now = time.monotonic()
        if now - self._counts_at >= COUNTS_EVERY_S:
            self._counts_at = now
            self.sidebar.refresh_counts()
            self.sidebar.refresh_gallery_counts()

    def _import_checked(self) -> None:
        """The import's photos are all in the catalog, checked; thumbnails come next (~20 s for
        150 photos of 6000 x 4000 on the walk22 machine). The sidebar lists a new gallery and counts
        them now: it said "All photos 1" beside a grid of 40, and left the new gallery out, until
        the last thumbnail."""
        self._counts_at = time.monotonic()
        self.sidebar.reload_galleries()
        self.sidebar.refresh_counts()

    def _import_finished(self, summary: Any) -> None:
        if summary is not None:
            self.sidebar.last_import = ", ".join(photo_parts(summary))  # before the recount shows it
        self.sidebar.reload_galleries()
        self.sidebar.refresh_counts()
        self._refresh_filter_choices()
        self.reload()
        show, self._show_after_import = self._show_after_import, None
        if show is not None:
            with contextlib.suppress(KeyError):  # gone: an import cancelled before any photo went in
                self.sidebar.select_source(Source("gallery", self.catalog.gallery(show).id))
        if summary is None:
            return
        self.last_import = summary
        self.statusBar().showMessage(summary_text(summary), 10000)
        if (summary.relinked or summary.updated) and set(summary.item_ids) & set(self.selected_ids()):
            # A photo shown was found at a new path, or read again from its changed file: the
            # inspector named the old file (the eighteenth walk) until another photo was clicked.
            self._reread_selection()
        if summary.failures or summary.skipped_files:  # each named, with why: the count alone says neither
            dlg = ImportSummaryDialog(summary, self)
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dlg.open()
            self.import_summary_dialog = dlg

    def _pending_scope(self) -> tuple[str, Callable[[Any], list[int]]]:
        """What "write pending" means here: this gallery's photos, else the library's."""
        if self._source.is_gallery:
            gid = self._source.gallery_id
            try:
                name = self.catalog.gallery(gid).name
            except KeyError:
                name = "this gallery"
            return f"the gallery “{name}”", lambda cat, g=gid: cat.pending_ids(gallery=g)
        return "the library", lambda cat: cat.pending_ids()

    def write_pending(self) -> None:
        """Ctrl+S: every edit not yet in the files, of the gallery shown (else of the library),
        listed first (a dry run), written when the editor says so."""
        scope, ids_fn = self._pending_scope()
        self._open_write_dialog(scope, ids_fn)

    def write_metadata(self) -> None:
        """The selection's edits not yet in their files (every photo shown when none is selected),
        listed first; a selection with none offers the gallery's (or the library's)."""
        selected = self.selected_ids()
        ids = selected or self.model.ids()
        n = len(ids)
        if selected:
            scope = f"the {n:,} selected photo{'s' if n != 1 else ''}" if n != 1 else "the selected photo"
        else:
            scope = "the photos shown"
        self._open_write_dialog(scope, lambda cat, i=list(ids): cat.pending_ids(item_ids=i),
                                other=self._pending_scope())

    def reconcile_blocks(self) -> None:
        """The selection's photos (every photo shown when none is selected) whose XMP, IPTC and
        EXIF copies of a field disagree: listed per field and copy first, reconciled on OK."""
        selected = self.selected_ids()
        ids = selected or self.model.ids()
        n = len(ids)
        scope = (f"the {n:,} selected photo{'s' if n != 1 else ''}" if n != 1 else "the selected photo") \
            if selected else "the photos shown"
        self._open_write_dialog(scope, lambda _cat, i=list(ids): i, reconcile=True)

    def _open_write_dialog(self, scope: str, ids_fn: Callable[[Any], list[int]],
                           other: tuple[str, Callable[[Any], list[int]]] | None = None,
                           reconcile: bool = False) -> None:
        if self._stopping or self._refuse_edit():
            return
        from ui.write_dialog import WriteDialog  # noqa: PLC0415 - opened on demand

        self._flush_inspector()  # what was just typed is written too
        dlg = WriteDialog(self.catalog, self.runner, ids_fn, scope, parent=self, settings=self.settings, other=other,
                          reconcile=reconcile,
                          gallery_id=self._source.gallery_id if self._source.is_gallery else None)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.written.connect(self._write_finished)
        dlg.open()
        self.open_dialog = dlg

    def _write_finished(self, report: Any) -> None:
        if report is None:
            return
        # No timeout: the outcome stays until something else is said (the dialog shows it too).
        self.statusBar().showMessage(f"Write metadata: {report.summary()}")
        written = [o.item_id for o in report.outcomes if o.item_id is not None]
        if self.session is not None:  # the inspector shows the file's new values and credentials too
            self.session.items_changed.emit(written)
        else:
            self._items_changed(written)
        if hasattr(self.model, "ids"):
            self._check_stale(self.model.ids())  # writing made the written items' findings stale
        # Files that failed are listed, in red with their reason, in the dialog that wrote them.

    def move_selected(self, where: str) -> None:
        """Move the selected photos of the gallery shown (together, in their order) one place
        ``earlier`` or ``later``, or to the ``start`` or ``end``: one undo step, as a drag."""
        ids = self.selected_ids()
        if not self._source.is_gallery or not ids or self.session is None or self._refuse_edit():
            return
        if self.filter_bar.is_active():  # the places between the photos shown are not all shown
            self.statusBar().showMessage("Clear the filter to reorder the gallery (Ctrl+Shift+F)", 6000)
            return
        gid = self._source.gallery_id
        before = self.catalog.gallery_item_ids(gid)
        chosen = set(ids)
        block = [i for i in before if i in chosen]
        rest = [i for i in before if i not in chosen]
        if not block:
            return
        ahead = {i: n for n, i in enumerate(before)}
        first = sum(1 for i in rest if ahead[i] < ahead[block[0]])  # others before the first chosen
        last = sum(1 for i in rest if ahead[i] < ahead[block[-1]])
        at = {"start": 0, "end": len(rest), "earlier": max(0, first - 1),
              "later": min(len(rest), last + 1)}[where]
        after = rest[:at] + block + rest[at:]
        if after == before:
            return
        n = len(block)
        self.session.undo_stack.push(GalleryOrderCommand(
            self.session, gid, before, after, f"Move {n} Photo{'s' if n != 1 else ''}"))
        self.reload(sync=True)
        self.select_ids(block)
        self.statusBar().showMessage("Gallery order saved", 2500)

    def remove_from_gallery(self) -> None:
        if not self._source.is_gallery:
            return
        ids = self.selected_ids()
        if not ids or self._refuse_edit():
            return
        gid = self._source.gallery_id
        row = min(self.model.row_of(i) or 0 for i in ids)
        if self.session is not None:
            before = self.catalog.gallery_item_ids(gid)
            drop = set(ids)
            n = len(ids)
            self.session.undo_stack.push(GalleryOrderCommand(
                self.session, gid, before, [i for i in before if i not in drop],
                f"Remove {n} Photo{'s' if n != 1 else ''} from Gallery"))
        else:
            self.catalog.remove_from_gallery(gid, ids)
        self.reload(sync=True)
        self.sidebar.reload_galleries()
        n = self.model.rowCount()
        if n:
            # The photo that took the first removed one's place, or the new last one: the reload
            # left no current row, so a step from it went back to the first photo.
            self.select_ids([self.model.id_at(min(row, n - 1))])
        self.statusBar().showMessage(
            f"Removed {len(ids)} photo{'s' if len(ids) != 1 else ''} from the gallery (the files are untouched)",
            5000)

    def set_gallery_status(self, status: GalleryStatus) -> None:
        if self._source.is_gallery:
            self.sidebar.request_status(self._source.gallery_id, status)

    def export_dialog(self) -> None:
        ExportDialog = _optional("ui.export_dialog", "ExportDialog")
        if ExportDialog is None:
            return
        gallery = None
        if self._source.is_gallery:
            try:
                gallery = self.catalog.gallery(self._source.gallery_id)
            except KeyError:
                gallery = None
        selected = self.selected_ids()
        # A gallery exports whole unless several photos are picked; the library exports the selection.
        ids = selected if len(selected) > 1 or gallery is None else None
        if gallery is None and not ids:
            ids = self.model.ids()
        style = getattr(getattr(self.session, "settings", None), "house_style", None)
        dlg = ExportDialog(self.catalog, self.runner, gallery=gallery, item_ids=ids, house_style=style, parent=self,
                           settings=self.settings)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        self.open_dialog = dlg

    def templates_dialog(self) -> None:
        TemplatesDialog = _optional("ui.templates", "TemplatesDialog")
        if TemplatesDialog is not None and self.session is not None:  # read-only: viewed (it says so)
            dlg = self._make_dialog(TemplatesDialog)
            if dlg is not None:
                dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                dlg.open()  # window-modal, and background work keeps reporting meanwhile
                self.open_dialog = dlg

    def open_loupe(self, row: int | None = None) -> None:
        """The loupe on the current photo (Space, a double-click), over the photos of the view."""
        from ui.loupe import Loupe  # noqa: PLC0415 - opened on demand

        ids = self.model.ids()
        if not ids:
            return
        if row is None:
            cur = self.view.currentIndex()
            row = cur.row() if cur.isValid() else 0
        loupe = Loupe(self.catalog, self.runner, ids, row, self, on_current=lambda i: self.select_ids([i]))
        loupe.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        loupe.open()
        loupe.activateWindow()  # its keys (arrows, Space, Escape) go to it, not to the grid
        loupe.view.setFocus()
        self.open_loupe_window = loupe

    def find_replace_dialog(self) -> None:
        FindReplaceDialog = _optional("ui.find_replace", "FindReplaceDialog")
        if FindReplaceDialog is not None and self.session is not None:  # read-only: it finds (it says so)
            dlg = self._make_dialog(FindReplaceDialog)
            if dlg is not None:
                dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                dlg.open()
                self.open_dialog = dlg

    def settings_dialog(self) -> None:
        SettingsDialog = _optional("ui.settings_dialog", "SettingsDialog")
        if SettingsDialog is not None and self.session is not None:
            dlg = self._make_dialog(SettingsDialog)
            if dlg is not None:
                dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                dlg.accepted.connect(self.reload)  # rule changes can change what is shown
                if hasattr(dlg, "catalog_requested"):
                    dlg.catalog_requested.connect(
                        lambda path, create, d=dlg: self._catalog_from_settings(d, path, create))
                dlg.open()
                self.open_dialog = dlg

    def _catalog_from_settings(self, dlg: QWidget, path: str, create: bool) -> None:
        # The dialog shows (and would save to) the old catalog: it closes once the switch is made.
        if self.switch_catalog(path, create) and shiboken6.isValid(dlg):
            dlg.close()

    # --- catalogs -----------------------------------------------------------------------
    def open_catalog_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open catalog", str(Path(str(self.catalog.path)).parent),
                                              CATALOG_FILTER)
        if path:
            self.switch_catalog(path, create=False)

    def new_catalog_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New catalog",
                                              str(Path(str(self.catalog.path)).parent / "catalog.sqlite"),
                                              CATALOG_FILTER)
        if path:
            self.switch_catalog(path, create=True)

    def recent_catalogs(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # QSettings (INI) gives a one-element list back as a string
            value = [value]
        return [str(v) for v in value or []]

    def _remember_catalog(self, path: str, last: bool = True) -> None:
        """Put ``path`` first in the recent list; ``last``: also reopen it at the next start
        (only a catalog chosen in the app, so ``--catalog`` once does not stick)."""
        if last:
            self.settings.setValue(LAST_CATALOG_KEY, path)
        recent = [path] + [p for p in self.recent_catalogs() if p != path]
        self.settings.setValue(RECENT_KEY, recent[:MAX_RECENT])
        self.settings.sync()

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        current = str(Path(str(self.catalog.path)).resolve())
        shown = 0
        for path in self.recent_catalogs():
            if str(Path(path).resolve()) == current:
                continue
            act = menu.addAction(path, lambda p=path: self.switch_catalog(p, create=False))
            act.setEnabled(Path(path).is_file())
            shown += 1
        if not shown:
            menu.addAction("No other catalogs yet").setEnabled(False)

    def confirm_cancel_tasks(self, names: list[str]) -> bool:
        """Ask before cancelling work in progress (tests replace this)."""
        answer = QMessageBox.question(
            self, "Switch catalog",
            f"{', '.join(names)} is still running on this catalog.\n\nCancel it and switch?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def switch_catalog(self, path: str | Path, create: bool = False) -> bool:
        """Close this catalog and show another (``create``: a new one at ``path``).

        Nothing changes unless the new catalog opens: a file that is not a catalog, or
        one that cannot be created, is a message and the current catalog stays open.
        Work running on this catalog is cancelled (after asking, for an import or a
        write-back); when it cannot end at once, the switch completes when it has ended,
        without blocking the window (``catalog_switched`` is emitted then). True: switched,
        or switching; False: refused, nothing changed.
        """
        from app.catalog import Catalog, CatalogError  # noqa: PLC0415 - Catalog is passed in at start

        target = Path(path).expanduser()
        if self._stopping:
            self.statusBar().showMessage(
                f"Catalog not switched: {self._stopping_names()} is still stopping", 6000)
            return False
        if target.resolve() == Path(str(self.catalog.path)).resolve() and self.catalog.read_only is None:
            # (A read-only one is opened again: the permission given back, or space freed since.)
            self.statusBar().showMessage(f"{target.name} is already open", 4000)
            return True
        if not create and not target.is_file():
            self._show_error("Cannot open the catalog", f"{target}: no such file")
            return False
        existed = target.is_file()
        # The background check of stale findings loses nothing when cancelled: no need to ask.
        busy = [t for t in self.runner.visible_tasks() if t is not self._stale_task]
        if busy:
            names = [t.name for t in busy]
            if not self.confirm_cancel_tasks(names):
                self.statusBar().showMessage(f"Catalog not switched: {', '.join(names)} is still running", 6000)
                return False
        try:
            # Checked here (0.2 s for 100,000 items from the page cache): a switch is a rare, explicit
            # step, and a damaged catalog must be refused before the window is pointed at it.
            new = Catalog.open(target.resolve())
        except (CatalogError, OSError, sqlite3.Error) as exc:
            # A CatalogError names the file already: "dmg.sqlite: dmg.sqlite: the catalog is damaged".
            said = str(exc)
            named = said.startswith((f"{target}:", f"{target.resolve()}:"))
            self._show_error("Cannot open the catalog", said if named else f"{target}: {said}")
            return False
        self._flush_inspector()  # the last typed words belong to the old catalog
        # Everything running reads or writes the old catalog: it closes once they have ended.
        pending = _PendingSwitch(new, target, existed)
        if self._stop_all():
            self._finish_switch(pending)
        else:
            self._pending_switch = pending
            self._begin_stopping(f"The catalog switches to {target.name} when it has stopped")
        return True

    def _finish_switch(self, pending: _PendingSwitch) -> None:
        """Nothing runs on the old catalog any more: show the new one, close the old."""
        new, target = _shown_catalog(pending.catalog), pending.target
        self._flush_inspector()  # typed while the old catalog's work was stopping
        old = self.catalog
        self.catalog = new
        self.thumbnails.set_dir(getattr(new, "thumbnails_dir", None))
        for model in (self.grid_model, self.table_model):
            model.set_catalog(new)
        self.importer.catalog = new
        self.sidebar.catalog = new
        if self.session is not None:
            self.session.set_catalog(new)  # undo history, selection, inspector, findings panel
        dialog = getattr(self, "open_dialog", None)
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.close()  # an export or templates dialog of the old catalog
        self._sort = None
        self._apply_read_only()
        self.note_row.hide()  # said of the catalog left
        self.filter_bar.clear()
        self.sidebar.reload_galleries()
        self.sidebar.select_source(Source("all"))
        self.set_source(Source("all"))
        self.reload(sync=True)
        self._watch_catalog(new)
        self.sidebar.refresh_counts()
        self._refresh_filter_choices()
        self.setWindowTitle(catalog_title(target))
        old.close()
        self._remember_catalog(str(target.resolve()))
        self.statusBar().showMessage(f"{'Opened' if pending.existed else 'Created'} catalog {target}", 6000)
        self.catalog_switched.emit(str(target.resolve()))
        self.verify_catalog(new, checked=True)

    def verify_catalog(self, catalog: Any, checked: bool = False) -> None:
        """``PRAGMA quick_check`` on the task runner (0.2 s for 100,000 items with the file in
        the page cache, seconds from disk), then the day's backup; a damaged catalog is said,
        with the backup to restore and the command, as soon as the check ends. ``checked``:
        ``Catalog.open`` checked it already, only the backup is due."""
        from app.catalog import backups_of, damaged_message  # noqa: PLC0415

        def work(_ctx: Any) -> str | None:
            problem = None if checked else catalog.quick_check()
            if problem is None:
                catalog.backup_if_due()
            return problem

        def done(problem: str | None) -> None:
            if problem and self.catalog is catalog:
                self._damaged = catalog
                self.settings.setValue(DAMAGED_CATALOG_KEY, str(Path(catalog.path).resolve()))
                text = damaged_message(catalog.path, problem)
                if backups_of(catalog.path):
                    # The command refuses a catalog open here (app.catalog.restore_backup).
                    text += ("\n\nThe command works once Creditline is closed. Or quit Creditline and start it "
                             "again: it checks the catalog first and offers to restore the backup.")
                self._show_error("The catalog is damaged", text)
                if not self.empty_hint.isHidden():
                    self._update_empty_hint(0)

        self.runner.submit(work, name="Checking the catalog", cancellable=False, on_result=done,
                           on_error=lambda message, _tb: self.statusBar().showMessage(
                               f"Catalog check or backup failed: {message}", 15000))

    def _flush_inspector(self) -> None:
        if self.session is not None and hasattr(self.inspector, "flush"):
            self.inspector.flush()

    # --- winding down: cancelled work ends in the background, the window stays live -------
    def stopping(self) -> bool:
        """Cancelled work is still ending; a switch or a close waits for it."""
        return self._stopping

    def _stopping_names(self) -> str:
        tasks = self.runner.visible_tasks() or [t for t in self.runner.active() if t.cancellable]
        return ", ".join(dict.fromkeys(t.name for t in tasks)) or "background work"

    def _work_actions(self) -> list[QAction]:
        """What would start new work on the catalog being left (or read it in a dialog)."""
        return [self.act_import, self.act_import_folder, self.act_import_text, self.act_write, self.act_write_pending,
                self.act_export,
                self.act_templates,
                self.act_settings, self.act_open_catalog, self.act_new_catalog, self.recent_menu.menuAction()]

    def _enable(self, act: QAction, on: bool) -> None:
        """Enable an action, or, while stopping, the state it gets back afterwards."""
        if act in self._held:
            self._held[act] = on
        else:
            act.setEnabled(on)

    def _stop_all(self) -> bool:
        """``runner.stop_all``, for a close or a switch that goes on at once when it is True.

        A background save that has just ended is still "saving" until its queued report lands:
        the undo history kept then needs its values (an editor who quit at that moment lost
        every undo step). A save queued behind it starts then, and is waited for like any work.
        """
        stopped = self.runner.stop_all(QUERY_WAIT_MS)
        while stopped and self.session is not None and self.session.is_saving() and self.runner.deliver_reports():
            stopped = self.runner.stop_all(QUERY_WAIT_MS)
        return stopped

    def _begin_stopping(self, outcome: str) -> None:
        self._stopping = True
        if not self._held:
            self._held = {a: a.isEnabled() for a in self._work_actions()}
            for act in self._held:
                act.setEnabled(False)
        self._tasks_changed()
        self.statusBar().showMessage(f"{_stopping_text(self._stopping_names())} {outcome}.")
        if not self._stuck_timer.isActive():
            self._stuck_timer.start(max(0, int(self.stuck_after_ms)))

    def _wind_down_stuck(self) -> None:
        """The cancelled work has not ended after ``stuck_after_ms``: offer "Quit anyway".

        There is no "Switch anyway": the old catalog cannot be closed under a thread that
        still uses it (``Catalog.close`` closes that thread's connection too), and leaving it
        open would let the stuck work report into a window showing another catalog. Quitting
        is the way out, for a switch as for a close; a switch's catalog opens at the next start.
        """
        if not self._stopping or self.runner.is_idle():
            return
        seconds = max(1, round(self.stuck_after_ms / 1000))
        names = self._stopping_names()
        # Short: the status bar's permanent widgets leave the message little room.
        self.statusBar().showMessage(f"{names[:1].upper() + names[1:]} has not stopped after {seconds} s.")
        tip = f"End Creditline now without waiting for {names[:1].lower() + names[1:]} to stop."
        if self._pending_switch is not None and not self._close_pending:
            tip += f"\nThe next start opens {self._pending_switch.target.name}."
        self.quit_button.setToolTip(tip + "\nThe catalog stays consistent: a write in progress is finished first.")
        self.quit_button.show()

    def quit_anyway(self) -> None:
        """End Creditline although cancelled work has not stopped (a stuck thread).

        A Python thread cannot be stopped from outside, Qt's thread pool waits for its work
        when it is destroyed, and ``Catalog.close`` would close the stuck thread's connection
        under it: the only way out is ending the process. What makes that safe:

        1. What belongs to the UI is saved first: typed text (the inspector's flush, a short
           transaction of its own), the window's settings; a pending switch's catalog is
           remembered, so the next start opens it as the finished switch would have.
        2. The UI thread takes the catalog's write lock (``Catalog.batch``: BEGIN IMMEDIATE).
           That waits (at most the busy timeout, 10 s) until a write transaction the stuck
           thread has open commits, and no new one can begin after it: the process never ends
           in the middle of a transaction. The catalog's transactions are short, and a commit
           is atomic in SQLite (WAL), so the file holds every committed batch and nothing half
           done. A thread stuck *inside* a transaction for longer than the busy timeout never
           commits it; it is rolled back when the catalog is next opened - consistent too.
        3. The process ends at once (``os._exit``) while the lock is held, so nothing writes
           after it. Write-back replaces files atomically (temp file, ``os.replace``): a file is
           the old or the new one, never half written (a temp file may stay beside it).

        The window hides first: the wait for the lock, if any, happens out of sight.
        """
        self._stuck_timer.stop()
        self._flush_inspector()
        pending = self._pending_switch
        if pending is not None and not self._close_pending:
            self._remember_catalog(str(pending.target.resolve()))
        self.save_settings()
        self.hide()
        if pending is not None:
            pending.catalog.close()  # never used by any task: nothing runs on it
        stack = contextlib.ExitStack()
        try:
            if self.catalog.read_only is None:  # a read-only catalog: nothing of ours can be writing
                stack.enter_context(self.catalog.batch())
        except sqlite3.Error:
            pass  # still locked after the busy timeout: that transaction can only be rolled back
        self._exit_lock = stack  # held until the process ends (a test's end_process returns)
        self.end_process(0)

    def _runner_idle(self) -> None:
        """The runner's last task ended: complete the pending switch, or the close."""
        if not self._stopping or not self.runner.is_idle():
            return
        self._stopping = False
        self._stuck_timer.stop()
        self.quit_button.hide()
        pending, self._pending_switch = self._pending_switch, None
        held, self._held = self._held, {}
        if self._close_pending:
            if pending is not None:
                pending.catalog.close()  # the window closes: the switch is not made
            self.close()
            return
        for act, was in held.items():
            act.setEnabled(was)
        self._tasks_changed()
        if pending is not None:
            self._finish_switch(pending)

    def _make_dialog(self, cls: Any) -> Any:
        try:
            return cls(self.session, self)
        except TypeError as exc:
            self._show_error("Cannot open the dialog", str(exc))
            return None

    def shortcuts_dialog(self) -> None:
        from ui.about import ShortcutsDialog  # noqa: PLC0415 - rarely opened

        dlg = ShortcutsDialog(self.menuBar(), self)
        self.open_dialog = dlg
        dlg.show()  # not modal: it can stay open beside the photos while the keys are tried

    def about_dialog(self) -> None:
        from ui.about import AboutDialog  # noqa: PLC0415 - rarely opened

        AboutDialog(self).exec()

    def _undo(self) -> None:
        if self.session is not None:
            if hasattr(self.inspector, "flush"):
                self.inspector.flush()
            self.session.undo_stack.undo()

    def _redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def _focus_in(self, widget: QWidget) -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and (focused is widget or widget.isAncestorOf(focused))

    def _toggle_findings(self) -> None:
        """View > Findings Panel (Ctrl+3): shown and focused (its list); hidden when it has the focus."""
        dock = self.findings_dock
        if not dock.isHidden() and self._focus_in(dock):
            dock.hide()
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            dock.show()
            dock.raise_()
            target = getattr(self.findings_panel, "view", None) or dock.widget()
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.act_findings.setChecked(not dock.isHidden())

    def _toggle_inspector(self) -> None:
        """View > Inspector (Ctrl+4): shown and focused (its first field that takes text); hidden when
        it has the focus, as Ctrl+3 does the findings panel."""
        inspector = self.inspector
        if not inspector.isHidden() and self._focus_in(inspector):
            inspector.hide()
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            inspector.show()
            editors = getattr(inspector, "editors", {})
            target = next((ed.editor for ed in editors.values()
                           if ed.isVisibleTo(inspector) and ed.editor.isEnabled()), inspector)
            # Not ShortcutFocusReason: a line edit then selects its whole text, and the next key typed
            # would replace the title (seen under Xvfb).
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.act_inspector.setChecked(not inspector.isHidden())

    def set_theme(self, theme: str) -> None:
        from ui.app import apply_theme  # noqa: PLC0415 - ui.app imports this module

        self.settings.setValue("appearance/theme", theme)
        apply_theme(theme)
        self._show_pending(*self._pending_shown)  # its amber follows the theme
        self._style_notice()  # and the notice bar's
        if theme in self.theme_actions:
            self.theme_actions[theme].setChecked(True)

    def _refresh_filter_choices(self) -> None:
        def work(ctx: TaskContext) -> tuple[list[str], list[str], list[str]]:
            return (self.catalog.distinct_values("source"), self.catalog.distinct_values("creators"),
                    self.catalog.distinct_values("color_label"))

        def show(result: tuple[list[str], list[str], list[str]]) -> None:
            self.filter_bar.set_choices(result[0], result[1])
            self.filter_bar.set_labels(result[2])

        self.runner.submit(work, name="Completions", cancellable=False, on_result=show)

    # --- background jobs in the status bar ----------------------------------------------
    def _pending_clicked(self) -> None:
        if time.monotonic() >= self._pending_guard_until:
            self.write_pending()

    def _tasks_changed(self) -> None:
        if not shiboken6.isValid(self.job_label):
            return  # the window's children are going already
        shown = self.runner.visible_tasks()
        if not shown and self._stopping:  # e.g. an export: the switch or close waits for it too
            shown = [t for t in self.runner.active() if t.cancellable]
            if shown:
                self.job_bar.setRange(0, 0)  # busy: it reports no progress here
        if self.cancel_button.isVisible() and not shown:
            # The pending-edits button slides to where Cancel was: a Cancel clicked as the job
            # ends must not open the write dialog (the third walk did just that).
            self._pending_guard_until = time.monotonic() + PENDING_GUARD_S
        for w in (self.job_label, self.job_bar, self.cancel_button):
            w.setVisible(bool(shown))
        # The count a job last reported outlives other work coming and going (walk22: the
        # recounts of an import's batches set "Import…" back beside a bar at 66 %).
        self._job_counts = {t.id: c for t, c in ((t, self._job_counts.get(t.id)) for t in shown) if c}
        if shown:
            stopping = all(t.cancel_event.is_set() for t in shown)
            count = self._job_counts.get(shown[0].id)
            self.job_label.setText(_stopping_text(shown[0].name) if stopping
                                   else _job_text(shown[0].name, *count) if count else shown[0].name + "…")
            # A save runs to its end: Cancel is offered only for work it can stop.
            self.cancel_button.setEnabled(any(t.stoppable and not t.cancel_event.is_set() for t in shown))
        else:
            self.job_bar.reset()

    def _task_progress(self, task: Any, done: int, total: int, text: str) -> None:
        if task.cancel_event.is_set():
            self.job_label.setText(_stopping_text(task.name))
        else:
            self._job_counts[task.id] = (done, total, text)
            self.job_label.setText(_job_text(task.name, done, total, text))
        self.job_bar.setMaximum(max(total, 1))
        self.job_bar.setValue(min(done, max(total, 1)))

    def cancel_jobs(self) -> None:
        for t in self.runner.visible_tasks():
            if t.stoppable:
                t.cancel()
        self._tasks_changed()  # "Stopping import…", Cancel disabled

    def _task_error(self, name: str, message: str, tb: str) -> None:
        if message.startswith("CatalogReadOnly") and self._refuse_edit():
            return  # what the window's notice says already: one line, not a dialog
        self._show_error(f"{name} failed", message)

    def _show_error(self, title: str, message: str) -> None:
        self.last_error = f"{title}: {message}"
        self.statusBar().showMessage(self.last_error.splitlines()[0], 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Close, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal but not blocking: work in progress keeps running

    # --- drag and drop of files onto the window -----------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)
        else:
            super().dropEvent(event)

    # --- settings -----------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            # The dock's height as the user left it (dragged, or the share of that first start).
            self._dock_height_due = not self.restoreState(state)
        split = s.value("window/splitter")
        if isinstance(split, QByteArray) and not split.isEmpty():
            self.splitter.restoreState(split)
        header = s.value(TABLE_HEADER_KEY)
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.table.restore_header(header, int(s.value(TABLE_LAYOUT_KEY, 0) or 0))
        mode = int(s.value("window/view_mode", GRID) or GRID)
        self.set_view_mode(TABLE if mode == TABLE else GRID)
        theme = str(s.value("appearance/theme", "system") or "system")
        if theme in self.theme_actions:
            self.theme_actions[theme].setChecked(True)
        kind = str(s.value("window/source_kind", "all") or "all")
        gid = s.value("window/gallery_id")
        source = Source("gallery", int(gid)) if kind == "gallery" and gid not in (None, "") else Source(kind)
        if not self.sidebar.select_source(source):
            self.sidebar.select_source(Source("all"))
        self._source = self.sidebar.current_source() or Source("all")
        self.set_source(self._source)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue(TABLE_HEADER_KEY, self.table.horizontalHeader().saveState())
        s.setValue(TABLE_LAYOUT_KEY, TABLE_LAYOUT)
        s.setValue("window/view_mode", self.view_mode())
        s.setValue("window/source_kind", self._source.kind)
        s.setValue("window/gallery_id", self._source.gallery_id if self._source.is_gallery else "")
        s.sync()

    def open_gallery(self, name_or_id: int | str) -> bool:
        try:
            g = self.catalog.gallery(name_or_id)
        except KeyError:
            return False
        return self.sidebar.select_source(Source("gallery", g.id))

    def confirm_unwritten(self, count: int, blocked: Sequence[tuple[str, str]] = ()) -> str:
        """Ask before quitting with edits not yet in the files: "write", "quit" or "cancel"
        (tests replace this). ``count`` photos wait; ``blocked`` are those of them whose files
        cannot be written, (path, why): said here, once, as Write would only refuse them."""
        writable = count - len(blocked)
        text = self.unwritten_prompt(count, blocked)
        box = QMessageBox(QMessageBox.Icon.Question if writable else QMessageBox.Icon.Information,
                          "Edits not written" if writable else "Edits that cannot be written", text,
                          QMessageBox.StandardButton.NoButton, self)
        write = box.addButton("Write…", QMessageBox.ButtonRole.AcceptRole) if writable else None
        quit_ = box.addButton("Quit Without Writing" if writable else "Quit",
                              QMessageBox.ButtonRole.DestructiveRole if writable else QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(write or quit_)
        box.exec()
        clicked = box.clickedButton()
        return "write" if write is not None and clicked is write else "quit" if clicked is quit_ else "cancel"

    def unwritten_prompt(self, count: int, blocked: Sequence[tuple[str, str]] = ()) -> str:
        """The quit prompt's words, with why the last write failed for the photos that still
        wait and are not ``blocked`` (said there already): kept in the catalog, so a write that
        failed in an earlier session is said too."""
        try:
            failures = self.catalog.write_failures(self.catalog.pending_ids())
        except sqlite3.Error:
            failures = {}
        said = {path for path, _why in blocked}
        waiting = [(item_id, f) for item_id, f in failures.items() if f.status in ("failed", "skipped")
                   and (f.path or "") not in said and item_id not in self._not_asked_again]
        failed: list[tuple[str, str]] = []
        resolved: list[tuple[str, str]] = []
        signed: list[str] = []
        skipped: list[tuple[str, str]] = []
        if waiting:
            from app.provenance_write import is_refusal  # noqa: PLC0415 - only at quit
            from app.writeback import failure_now  # noqa: PLC0415 - loads the writer only at quit

            try:
                formats = {item_id: fmt for item_id, _path, fmt, _m in self.catalog.pending_files()}
            except sqlite3.Error:
                formats = {}
            for item_id, f in waiting:
                if f.status == "skipped":
                    # Not a failure, but not written either: said, so no one quits believing it was.
                    if is_refusal(f.reason):
                        signed.append(f.path or "")
                    else:
                        skipped.append((f.path or "", f.reason))
                    continue
                # Checked again: a file put back since the write was refused is not "missing"
                # (the fifteenth walk was told so after putting it back).
                stale = bool(f.path) and failure_now(f, f.path, formats.get(item_id)).lifted
                (resolved if stale else failed).append((f.path or "", f.reason))
        return unwritten_text(count, blocked, failed, len(self._not_asked_again), resolved, signed, skipped)

    def _unwritten_question(self) -> tuple[int, list[tuple[str, str]]] | None:
        """What quitting asks about: (photos waiting, those whose files cannot be written, as
        (path, why)); None: nothing to ask, because nothing waits or only files already said
        to be unwritable wait, their edits unchanged since (the prompt said so at every quit)."""
        from app.metadata.write import why_not_writable  # noqa: PLC0415 - loads the writer only at quit

        try:
            files = self.catalog.pending_files()
        except sqlite3.Error:
            return None
        if not files:
            return None
        blocked: list[tuple[str, str]] = []
        told_now: list[str] = []
        blocked_ids: list[int] = []
        read_only = getattr(self.catalog, "read_only", None)
        for item_id, path, fmt, modified in files:
            # A read-only catalog could not record a write (Write is off there): no file can be.
            why = (f"the catalog is read-only ({read_only}): a write could not be recorded" if read_only
                   else why_not_writable(path, fmt))
            if why is not None:
                blocked.append((path or "", why))
                told_now.append(f"{item_id}|{modified}|{why}")
                blocked_ids.append(item_id)
        key = _told_key(self.catalog)
        try:
            told_before = set(json.loads(str(self.settings.value(key, "[]"))))
        except (ValueError, TypeError):
            told_before = set()
        # Kept to what is blocked now: a file made writable and locked again is news again.
        if told_now:
            self.settings.setValue(key, json.dumps(told_now))
        else:
            self.settings.remove(key)
        if len(blocked) == len(files) and set(told_now) <= told_before:
            return None
        # The prompt said of these "Quitting does not ask about them again unless edited": when
        # others wait, they are left out of its count, its list and its failed writes.
        again = {n for n, told in enumerate(told_now) if told in told_before}
        self._not_asked_again = {blocked_ids[n] for n in again}
        return len(files) - len(again), [b for n, b in enumerate(blocked) if n not in again]

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close once nothing runs: running work is cancelled and, when it cannot end at once,
        the window stays (responsive, saying "Stopping …") and closes when it has ended."""
        self._flush_inspector()
        if self.warn_unwritten and not self._stopping and not self._close_pending:
            question = self._unwritten_question()
            if question is not None:
                answer = self.confirm_unwritten(*question)
                if answer != "quit":
                    event.ignore()
                    if answer == "write":
                        self._open_write_dialog("the library", lambda cat: cat.pending_ids())
                    return
        if self._stopping:
            # A switch or an earlier close is already waiting: this close joins it (no second wind-down).
            event.ignore()
            if not self._close_pending:
                self._close_pending = True
                self.statusBar().showMessage(
                    f"{_stopping_text(self._stopping_names())} The window closes when it has stopped.")
            return
        if not self._stop_all():
            event.ignore()
            self._close_pending = True
            self._begin_stopping("The window closes when it has stopped")
            return
        self._close_pending = False
        self._outside_timer.stop()
        # A window closed before its panels were built (or an edit's gallery pass was due) would
        # still build them, and start counts on the catalog being closed, when the timer fired.
        self._panel_timer.stop()
        self._gallery_pass.stop()
        self.save_settings()
        if self.session is not None:
            self.session.save_history()  # Undo undoes the last edit when the catalog is opened again
        self.thumbnails.stop(wait_ms=1000)  # at most one 256 px decode in progress
        super().closeEvent(event)
