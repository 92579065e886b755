"""Starting the desktop app: QApplication, icon, light and dark palettes, the window."""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHeaderView,
    QLabel,
    QListView,
    QMessageBox,
    QProxyStyle,
    QSplitterHandle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QTableView,
    QToolButton,
    QTreeWidget,
    QWidget,
)

from app import __version__
from app.paths import CATALOG_ENV, resource

LIGHT = {
    "Window": "#f3f3f1", "WindowText": "#1d1d1f", "Base": "#ffffff", "AlternateBase": "#f6f6f4",
    "ToolTipBase": "#ffffe8", "ToolTipText": "#1d1d1f", "Text": "#1d1d1f", "Button": "#ececea",
    "ButtonText": "#1d1d1f", "BrightText": "#d93025", "Highlight": "#1f5fae", "HighlightedText": "#ffffff",
    "Link": "#1a5fb4", "PlaceholderText": "#7c7c7c", "Mid": "#c8c8c4", "Midlight": "#e2e2df",
    "Dark": "#a0a09c", "Shadow": "#6f6f6c",
}
DARK = {
    "Window": "#26272a", "WindowText": "#e8e8e6", "Base": "#1c1d1f", "AlternateBase": "#232427",
    "ToolTipBase": "#34363a", "ToolTipText": "#e8e8e6", "Text": "#e8e8e6", "Button": "#313236",
    "ButtonText": "#e8e8e6", "BrightText": "#ff6b5e", "Highlight": "#3d7bd9", "HighlightedText": "#ffffff",
    "Link": "#7fb0ff", "PlaceholderText": "#8c8c8c", "Mid": "#3a3b3f", "Midlight": "#44464a",
    "Dark": "#151617", "Shadow": "#0b0b0c",
}
DISABLED_TEXT = {"light": "#9a9a98", "dark": "#6c6c6c"}
# A notice across the window (the read-only catalog's): amber, as the other "take note" marks are
# (the pending count, the inspector's "edited" badge): cream on the light palette, a dark amber
# on the dark one, where a cream bar glared and matched nothing. Text contrast 12.6:1 and 9.3:1.
NOTICE_COLOURS = {"light": {"background": "#fef7e0", "color": "#3c2c00", "border": "#f9d57a"},
                  "dark": {"background": "#3a3020", "color": "#f0d8a0", "border": "#6b5520"}}


def current_theme() -> str:
    """The theme in use ("light" or "dark"), as ``apply_theme`` left it."""
    app = QApplication.instance()
    return "dark" if app is not None and app.property("creditline_theme") == "dark" else "light"


def notice_sheet(object_name: str, theme: str | None = None) -> str:
    """The style sheet of a notice bar named ``object_name`` in ``theme`` (default: the current one)."""
    c = NOTICE_COLOURS["dark" if (theme or current_theme()) == "dark" else "light"]
    return (f"QLabel#{object_name} {{ background: {c['background']}; color: {c['color']};"
            f" border-bottom: 1px solid {c['border']}; padding: 6px 10px; }}")


def notice_row_sheet(object_name: str, theme: str | None = None) -> str:
    """The style sheet of a notice row (a frame named ``object_name`` holding its text and a
    Dismiss button): the notice bar's colours over the whole row, so the button sits on the bar."""
    c = NOTICE_COLOURS["dark" if (theme or current_theme()) == "dark" else "light"]
    return (f"QFrame#{object_name} {{ background: {c['background']}; border-bottom: 1px solid {c['border']}; }}"
            f" QFrame#{object_name} QLabel {{ color: {c['color']}; background: transparent; padding: 6px 10px; }}")

# The app's look beyond Fusion and the palettes, each rule on the widgets it styles
# (CreditlineStyle.polish gives them out as widgets are polished), never one application style
# sheet: with an application sheet every widget paints through QStyleSheetStyle, the two item
# views included, and its look-ups per cell were ~38 % of a page's paint in the table (8.3 ->
# 5.1-5.4 ms a repaint without it; docs/benchmarks.md, speedui3). So the item views carry no
# sheet: their frame is a frame shape, and only small widgets carry a sheet of their own.
SIDEBAR_STYLE = ("QTreeWidget { border: none; background: palette(window); }"
                 " QTreeWidget::item { padding: 3px 2px; }")
HEADER_STYLE = "QHeaderView::section { padding: 4px 6px; }"
TAG_FILTER_STYLE = ("QToolButton#tagFilter { padding: 3px 8px; border: 1px solid palette(mid); border-radius: 3px;"
                    " background: palette(button); }"
                    " QToolButton#tagFilter:checked { background: palette(highlight);"
                    " color: palette(highlighted-text); border-color: palette(highlight); }")
LABEL_STYLES = {
    "emptyHint": "QLabel#emptyHint { color: palette(placeholder-text); font-size: 15px; padding: 40px; }",
    "countLabel": "QLabel#countLabel { padding: 0 8px; }",
}


class _SplitterHandlePainter(QObject):
    """Paints a splitter's handle as a plain bar in the palette's mid colour, without Fusion's grip.

    Not a sheet: a handle paints through its splitter's style, and a sheet on the splitter would
    reach the item views inside it. (The old application sheet's "width: 1px" for horizontal
    handles never took effect: they were, and stay, the style's 4 px.)"""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Paint or not isinstance(watched, QSplitterHandle):
            return False
        painter = QPainter(watched)
        painter.fillRect(watched.rect(), watched.palette().color(QPalette.ColorRole.Mid))
        painter.end()
        return True


_HANDLE_PAINTER = _SplitterHandlePainter()


def _style_widget(widget: QWidget) -> None:
    """Give a widget being polished its part of the app's look (see SIDEBAR_STYLE above)."""
    if isinstance(widget, (QListView, QTableView)):
        widget.setFrameShape(QFrame.Shape.NoFrame)  # what "border: none" did
        return
    if isinstance(widget, QSplitterHandle):
        widget.installEventFilter(_HANDLE_PAINTER)
        return
    if isinstance(widget, QTreeWidget):
        sheet = SIDEBAR_STYLE
    elif isinstance(widget, QHeaderView):
        sheet = HEADER_STYLE
    elif isinstance(widget, QToolButton) and widget.objectName() == "tagFilter":
        sheet = TAG_FILTER_STYLE
    elif isinstance(widget, QLabel) and widget.objectName() in LABEL_STYLES:
        sheet = LABEL_STYLES[widget.objectName()]
    else:
        return
    if widget.styleSheet() != sheet:  # setting it polishes the widget again, which comes back here
        widget.setStyleSheet(sheet)


def _outline(painter: QPainter, colour: QColor, rect: QRectF) -> None:
    """A 1 px rounded outline in ``colour`` (the dark theme's field and check-box edges)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(colour, 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect, 2, 2)
    painter.restore()


class CreditlineStyle(QProxyStyle):
    """Fusion, with check boxes that show in the dark theme.

    Fusion outlines a check box with the window colour darkened, and fills it with
    the base colour: on the dark palette both are near-black, so an unticked box (the
    templates dialog's fields, the settings' rules) could not be seen. In the dark
    theme a light outline is drawn over Fusion's. Widgets being polished get their part of the
    app's look (``_style_widget``).
    """

    OUTLINED = (QStyle.PrimitiveElement.PE_IndicatorCheckBox, QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)
    # Text fields: Fusion's frame is the window colour darkened, invisible on the dark palette.
    FRAMES = (QStyle.PrimitiveElement.PE_FrameLineEdit, QStyle.PrimitiveElement.PE_Frame)

    def _outline_field(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                       widget: QWidget | None) -> None:
        try:  # a Qt virtual: nothing may escape it
            app = QApplication.instance()
            if app is None or app.property("creditline_theme") != "dark":
                return
            if element == QStyle.PrimitiveElement.PE_Frame and not (
                    widget is not None and (widget.inherits("QPlainTextEdit") or widget.inherits("QTextEdit"))):
                return  # only editable text areas, not every frame in the window
            colour = QColor(option.palette.color(QPalette.ColorRole.Text))
            colour.setAlpha(70 if option.state & QStyle.StateFlag.State_Enabled else 35)
            _outline(painter, colour, QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5))
        except Exception:  # noqa: BLE001, S110 - drawing an outline must never take the app down
            pass

    def polish(self, target: Any) -> Any:
        """Qt's polish (of a widget, a palette or the application); a widget also gets its part
        of the app's look here, once, as it is first shown."""
        result = super().polish(target)
        if isinstance(target, QWidget):
            _style_widget(target)
        return result

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:  # noqa: N802 - Qt's name
        super().drawPrimitive(element, option, painter, widget)
        if element in self.FRAMES:
            self._outline_field(element, option, painter, widget)
            return
        if element not in self.OUTLINED:
            return
        try:  # a Qt virtual: nothing may escape it
            app = QApplication.instance()
            if app is None or app.property("creditline_theme") != "dark":
                return
            colour = QColor(option.palette.color(QPalette.ColorRole.Text))
            colour.setAlpha(150 if option.state & QStyle.StateFlag.State_Enabled else 70)
            side = min(option.rect.width(), option.rect.height())
            box = QRectF(option.rect.x(), option.rect.y(), side, side).adjusted(0.5, 0.5, -0.5, -0.5)
            if element == QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck:
                box.moveCenter(QRectF(option.rect).center())
            _outline(painter, colour, box)
        except Exception:  # noqa: BLE001, S110 - drawing an outline must never take the app down
            pass


def make_palette(theme: str) -> QPalette:
    colors = DARK if theme == "dark" else LIGHT
    pal = QPalette()
    for role_name, hex_color in colors.items():
        role = getattr(QPalette.ColorRole, role_name)
        pal.setColor(QPalette.ColorGroup.All, role, QColor(hex_color))
    # A disabled field's placeholder dims too: the filter bar of Import errors is disabled,
    # and its search, Agency and Photographer boxes (placeholders) looked as usable as ever.
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.PlaceholderText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT["dark" if theme == "dark" else "light"]))
    return pal


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = getattr(hints, "colorScheme", None)
    return bool(scheme and scheme() == Qt.ColorScheme.Dark)


def apply_theme(theme: str = "system") -> str:
    """Apply "light", "dark" or "system"; returns the theme actually used."""
    app = QApplication.instance()
    if app is None:
        return "light"
    used = ("dark" if system_prefers_dark() else "light") if theme == "system" else theme
    app.setProperty("creditline_theme", used)
    app.setPalette(make_palette(used))
    # A widget with a style sheet keeps the colours it was polished with (palette(mid) and the
    # like, resolved then): setting its sheet again polishes it anew in the new palette.
    for widget in QApplication.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)
    return used


def app_icon() -> QIcon:
    icon = QIcon(str(resource("icons/creditline.svg")))
    return icon if not icon.isNull() else QIcon()


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QApplication.setApplicationName("Creditline")
        QApplication.setOrganizationName("Creditline")
        QApplication.setApplicationVersion(__version__)
        QGuiApplication.setDesktopFileName("io.github.creditline.Creditline")
        app = QApplication(argv if argv is not None else sys.argv[:1])
    # Background work in Python threads (checking findings, reading rows) holds the interpreter
    # lock; the UI thread waits up to the switch interval each time it needs it back, several
    # times per repaint. 1 ms instead of Python's 5 keeps scrolling smooth while they run.
    sys.setswitchinterval(min(sys.getswitchinterval(), 0.001))
    # The same look on every desktop; the palettes below are made for Fusion.
    app.setStyle(CreditlineStyle(QStyleFactory.create("Fusion")))
    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def report_failures_in(window: Any) -> None:
    """Whatever a slot lets escape is said in one line in ``window``'s status bar, not only as
    a traceback on a terminal the editor never sees (the traceback still goes to stderr).
    A catalog error is put in words (the disk is full, another program holds it)."""
    previous = sys.excepthook
    ref = weakref.ref(window)

    def hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
        previous(exc_type, exc, tb)
        w = ref()
        if w is not None and shiboken6.isValid(w) and isinstance(exc, Exception):
            w.report_failure(exc)

    sys.excepthook = hook


def tune_gc() -> None:
    """Keep the collector from pausing the UI: everything alive once the window is up
    (modules, Qt wrappers, the window) is frozen out of collection, and full
    collections come a tenth as often. A full pass over the heap took 120 ms mid-scroll.

    And collect only on the UI thread: left automatic, a collection runs in whichever thread
    happens to allocate, and a Qt object it frees there (a closed dialog's wrapper, a session
    in a reference cycle) is deleted outside its thread, which crashed a test run (a segfault
    "Garbage-collecting" in a save task). The collector is switched off and a timer runs the
    generations it would have run, as often, on the UI thread."""
    gc.collect()
    gc.freeze()
    gen0, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(gen0, gen1, max(gen2, 100))
    _UiThreadCollector.start()


class _UiThreadCollector:
    """Runs the collections the automatic collector would, on a UI-thread timer."""

    _timer: QTimer | None = None

    @classmethod
    def start(cls, interval_ms: int = 500) -> None:
        if cls._timer is not None:
            return
        gc.disable()
        cls._timer = QTimer()
        cls._timer.setInterval(interval_ms)
        cls._timer.timeout.connect(cls.tick)
        cls._timer.start()

    @staticmethod
    def tick() -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):  # the oldest generation whose count passed its threshold
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return


def startup_catalog(cli_value: Any, settings: QSettings) -> tuple[Path | None, str]:
    """The catalog to open at start, and a status-bar note when the remembered one is gone.

    ``--catalog`` and ``$CREDITLINE_CATALOG`` win; then the catalog last switched to in
    the app; then the default (None lets ``Catalog.open`` pick it).
    """
    from ui.main_window import LAST_CATALOG_KEY  # noqa: PLC0415 - the window module loads after the app

    if cli_value:
        return Path(cli_value).expanduser(), ""
    if os.environ.get(CATALOG_ENV):
        return None, ""
    remembered = str(settings.value(LAST_CATALOG_KEY, "") or "")
    if not remembered:
        return None, ""
    if Path(remembered).is_file():
        return Path(remembered), ""
    settings.remove(LAST_CATALOG_KEY)
    return None, f"The last catalog, {remembered}, is no longer there; the default catalog is open."


def _ask_restore(problem: str, backup: Path) -> bool:
    box = QMessageBox(QMessageBox.Icon.Critical, "Creditline", "The catalog is damaged.")
    box.setInformativeText(f"{problem}\n\nRestore the newest backup, {backup.name}, now? The damaged file "
                           "is kept beside the catalog. Edits made since that backup are not in it (those "
                           "written to the files come back with the next import).")
    restore = box.addButton(f"Restore {backup.name}", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def open_start_window(path: Path | None, settings: QSettings,
                      ask_restore: Callable[[str, Path], bool] | None = None) -> tuple[Any, Any, str] | None:
    """The catalog to start on and its window, and a note for the status bar (a restore); None
    when it cannot be opened (said in a box). A catalog found damaged here, with a backup,
    offers to restore that backup (``ask_restore(problem, backup)``): the editor of the
    bundled app has no terminal for `creditline catalog restore`, which was all the box said."""
    from app.catalog import (  # noqa: PLC0415 - after the app exists, for the dialog
        Catalog,
        CatalogDamaged,
        CatalogError,
        backups_of,
        describe_error,
        restore_backup,
    )
    from app.paths import resolve_catalog_path  # noqa: PLC0415
    from ui.main_window import DAMAGED_CATALOG_KEY, MainWindow  # noqa: PLC0415

    ask = ask_restore or _ask_restore
    target = resolve_catalog_path(path)
    # Checked off the UI thread (MainWindow.verify_catalog), unless that check found it damaged
    # last time: then here, first, so that damage the window never reads is found and its
    # backup offered, not met again after the window is up.
    flagged = str(settings.value(DAMAGED_CATALOG_KEY, "") or "") == str(target.resolve())
    restored = ""
    while True:
        try:
            cat = Catalog.open(path, check=flagged and not restored)
        except CatalogDamaged as exc:
            problem = str(exc)
        except (CatalogError, OSError, sqlite3.Error) as exc:
            QMessageBox.critical(None, "Creditline", f"Cannot open the catalog.\n\n{exc}")
            return None
        else:
            if flagged:
                settings.remove(DAMAGED_CATALOG_KEY)  # sound now (or restored)
            try:
                return cat, MainWindow(cat, settings), restored
            except sqlite3.DatabaseError as exc:  # damage the background check had no time to find
                cat.close()
                problem = describe_error(exc, cat.path)
                code = getattr(exc, "sqlite_errorcode", None)
                if not (isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)):
                    QMessageBox.critical(None, "Creditline", f"Cannot open the catalog.\n\n{problem}")
                    return None
        newest = next(iter(backups_of(target)), None)
        if restored or newest is None:  # no backup, or the restored one is damaged too
            QMessageBox.critical(None, "Creditline", f"Cannot open the catalog.\n\n{problem}")
            return None
        if not ask(problem, newest):
            return None
        try:
            used, moved = restore_backup(target)
        except (CatalogError, OSError, sqlite3.Error) as exc:
            QMessageBox.critical(None, "Creditline", f"Cannot restore the catalog.\n\n{exc}")
            return None
        restored = (f"Restored the catalog from the backup {used.name}"
                    + (f"; the damaged file is kept as {moved.name}" if moved is not None else "") + ".")


def run_app(catalog: Any = None, demo: bool = False) -> int:
    """Open the window on ``catalog`` (a path, or None for the default) and run until closed.

    ``demo``: the catalog is the demo catalog; open its gallery first.
    """
    app = make_application()
    settings = QSettings("Creditline", "Creditline")
    apply_theme(str(settings.value("appearance/theme", "system") or "system"))

    path, note = startup_catalog(catalog, settings)
    opened = open_start_window(path, settings)
    if opened is None:
        return 2
    cat, window, restored = opened
    note = restored or note
    window.warn_unwritten = True  # quitting with edits not yet in the files asks first
    report_failures_in(window)
    window.verify_catalog(cat)
    if note:
        window.show_note(note)  # the status bar is the start checks' ("Checking…", Cancel): it was cut there
    if demo:
        from app.demo import DEMO_GALLERY  # noqa: PLC0415

        window.open_gallery(DEMO_GALLERY)
        window.set_view_mode(0)
    window.show()
    tune_gc()
    quit_after = os.environ.get("CREDITLINE_QUIT_AFTER_MS", "")
    if quit_after.isdigit():  # smoke tests of a built bundle: open the window, then leave by itself
        QTimer.singleShot(int(quit_after), app.quit)
    try:
        return int(app.exec())
    finally:
        window.catalog.close()  # the one open now: the user may have switched catalogs
        if window.catalog is not cat:
            cat.close()
