"""The inspector: a larger preview and every editorial field of the selection.

The form is built from ``app.fields.FIELDS``. Edits are saved as you type
(after a short pause, on Enter and when the field loses focus) through
``Session.edit_fields``; consecutive saves of one field while it keeps the focus
fold into one undo step.

With several items selected the inspector shows the selection, not its first
item: the header says how many are selected and counts their findings; a field
whose values differ shows "<multiple values>" and typing sets it on all of them
at once (one undo step); each field's findings line counts the selected items
each finding touches; the preview is a mosaic of the first photos with "+N" for
the rest.

A selection of more than ``SYNC_LIMIT`` items (Ctrl+A in a big library) is read on
the task runner, never on the UI thread: meanwhile the header says "Loading 5,000
photos…" and every field is blank and read-only, so no edit can be applied to a
stale or partial selection. Each read carries a generation number; a newer
selection (or a newer change to the items shown) supersedes an older read, whose
result is dropped. A small selection is read at once, so moving through photos
one at a time never flashes "Loading".

While the session saves an edit of the shown items in the background (more than
``ui.session.BACKGROUND_LIMIT`` of them), the header says "Saving 5,000 photos…" and
every field is read-only until it lands; the values stay shown.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.fields import FIELDS, PROSE_KEYS, Field, Kind, Reconcile, normalize_value, value_problem
from app.fixes import as_text
from app.model import Finding, Item, Severity, Value
from app.provenance_write import sidecar_note
from app.rules import RULES
from app.terminal import display_path
from app.thumbnails import ThumbnailCache
from ui.completion import ListCompleter, agency_words, photographer_words
from ui.highlighter import SEVERITY_COLORS, FindingHighlighter, FindingToolTips, tooltip_html
from ui.marks import MarksBar
from ui.models import image_reader, load_thumbnail_image, write_failure_now
from ui.provenance import ProvenancePanel, attach_source_type_picker
from ui.session import Session
from ui.tasks import Task, TaskContext
from ui.text_tools import install_text_tools, spell_service
from ui.undo import EditFieldsCommand
from ui.views import pending_ink_name

COMMIT_DELAY_MS = 400
MULTIPLE = "<multiple values>"
PREVIEW_BOX = QSize(640, 480)  # decode size; the label scales it down to its width
PREVIEW_HEIGHT, PREVIEW_MIN_HEIGHT = 240, 100  # px; less only in a short inspector (resizeEvent)
PREVIEW_RESERVE = 280  # px below the preview: the name line, the marks, Content Credentials, a field
MOSAIC_TILES = 4  # a multi-selection preview shows this many photos (the last one "+N" when more)
TILE_SIZE = 320  # decode size of a mosaic tile (the cached 256 px thumbnail when there is one)
TOOLTIP_LINES = 12
# Up to this many selected items are read on the UI thread: measured on a 5,000-photo catalog
# (2 cores), showing 100 takes 9 ms, 200 16 ms, 500 33 ms, 5,000 410 ms. 100 stays well inside
# a frame, so typing and arrow keys stay immediate; anything bigger loads in the background.
SYNC_LIMIT = 100
READ_CHUNK = 500  # items per query of a background read (it checks for cancellation between them)

# Badge text and colours per value source (what a photo editor needs to trust a value).
_BADGES: dict[str, tuple[str, str, str]] = {
    "xmp": ("XMP", "#e3ecf7", "#1f4f8a"),
    "iim": ("IIM", "#ece6f5", "#5b3a8c"),
    "exif": ("EXIF", "#e6f2e8", "#2f6b3a"),
    "edited": ("edited", "#fff1d6", "#8a5a00"),
    "mixed": ("mixed", "#eeeeee", "#555555"),
}
_SOURCE_NAMES = {"xmp": "XMP", "iim": "IPTC-IIM", "exif": "EXIF"}


def _short(text: str) -> str:
    """A value on one line, cut to fit the 'changed elsewhere' note in two short lines at most
    in the narrowest inspector (the walk saw three); the whole value is in its tooltip."""
    text = " ".join(text.split()) or "(blank)"
    return text if len(text) <= 32 else text[:31] + "…"


class FieldEditor(QWidget):
    """One field: its label, source badge, IIM byte budget, editor and findings line."""

    commit_requested = Signal(str)  # field key
    focus_entered = Signal(str)  # field key
    escape_pressed = Signal(str)  # field key: restore the value it had (the inspector knows how)

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.mixed = False
        self.dirty = False
        self.token = 0  # bumped when the editor loses focus: a new focus starts a new undo step
        self._loading = False
        self._baseline = ""  # the text as loaded or last saved: only a difference from it is an edit

        self.label = QLabel(field.label)
        self.label.setObjectName("fieldLabel")
        self.badge = QLabel()
        self.badge.setObjectName("sourceBadge")
        self.badge.hide()
        self.budget = QLabel()
        self.budget.setObjectName("byteBudget")
        _muted(self.budget, smaller=True)
        self.budget.hide()
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(6)
        header.addWidget(self.label)
        header.addWidget(self.badge)
        header.addStretch(1)
        header.addWidget(self.budget)

        self.highlighter: FindingHighlighter | None = None
        if field.kind is Kind.MULTILINE:
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.setUndoRedoEnabled(False)  # undo is the session's, across fields and items
            lines = 6 if field.key == "caption" else 3
            editor.setFixedHeight(editor.fontMetrics().lineSpacing() * lines + 14)
            self.highlighter = FindingHighlighter(editor.document())
            FindingToolTips(editor, self.highlighter)
            editor.textChanged.connect(self._on_text_changed)
        else:
            editor = QLineEdit()
            editor.textEdited.connect(self._on_text_changed)
            editor.returnPressed.connect(self.flush)
        self.editor: QLineEdit | QPlainTextEdit = editor
        editor.setObjectName(f"edit_{field.key}")
        editor.setPlaceholderText(self._placeholder())
        editor.installEventFilter(self)

        self.issues = QLabel()
        self.issues.setObjectName("fieldIssues")
        self.issues.setWordWrap(True)
        self.issues.setTextFormat(Qt.TextFormat.RichText)
        self.issues.hide()
        # The field changed elsewhere (another process) while it was being typed in: one line.
        self.elsewhere = QLabel()
        self.elsewhere.setObjectName("changedElsewhere")
        self.elsewhere.setWordWrap(True)
        self.elsewhere.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(header)
        layout.addWidget(editor)
        layout.addWidget(self.elsewhere)
        layout.addWidget(self.issues)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    # -- value -----------------------------------------------------------------------------------

    def text(self) -> str:
        if isinstance(self.editor, QPlainTextEdit):
            return self.editor.toPlainText()
        return self.editor.text()

    def value(self) -> Value:
        return normalize_value(self.field.key, self.text())

    def baseline_value(self) -> Value:
        """The value the typing started from (as loaded, or as last saved)."""
        return normalize_value(self.field.key, self._baseline)

    def note_changed_elsewhere(self, value: Value) -> None:
        """The stored value changed (another program, while this field was typed in): say so,
        and keep the typing; it is saved over that value as any edit is, one undo step."""
        self._say_elsewhere(f"Changed elsewhere to “{_short(as_text(value))}”; your typing is kept.",
                            f"Another program set this field to:\n{as_text(value) or '(blank)'}\n\n"
                            "Your typing is kept and saved over it; Undo brings that value back.")

    def take_value_from_elsewhere(self, value: Value) -> None:
        """The field has the focus, its typing already saved, and another program changed the
        value: show the stored value (nothing unsaved to keep), the caret where it was so the next
        keystroke lands where the editor looks, and one line saying the text was replaced."""
        before = self.text()
        if isinstance(self.editor, QPlainTextEdit):
            caret = self.editor.textCursor().position()
        else:
            caret = self.editor.cursorPosition()
        self.set_value(value)
        caret = min(caret, len(self.text()))
        if isinstance(self.editor, QPlainTextEdit):
            cursor = self.editor.textCursor()
            cursor.setPosition(caret)
            self.editor.setTextCursor(cursor)
        else:
            self.editor.setCursorPosition(caret)
        self._say_elsewhere(f"Changed elsewhere while you were in it; it said “{_short(before)}”.",
                            "Another program changed this field after your typing was saved. "
                            f"It said:\n{before or '(blank)'}")

    def _say_elsewhere(self, line: str, tooltip: str) -> None:
        self.elsewhere.setText(line)
        self.elsewhere.setToolTip(tooltip)
        _restyle(self.elsewhere, "QLabel { color: #b06000; }")
        self.elsewhere.show()

    def clear_elsewhere(self) -> None:
        self.elsewhere.hide()
        self.elsewhere.clear()

    def set_value(self, value: Value, mixed: bool = False) -> None:
        """Show a value from the catalog, leaving the user's text alone when it already says that
        (so the trailing space of a word being typed survives the save)."""
        if not mixed and not self.mixed and not self.dirty and self.value() == normalize_value(self.field.key, value):
            self._update_budget()
            return
        self._timer.stop()
        self.dirty = False
        self.mixed = mixed
        self.clear_elsewhere()
        self._loading = True
        try:
            text = "" if mixed else as_text(value)
            if isinstance(self.editor, QPlainTextEdit):
                self.editor.setPlainText(text)
            else:
                self.editor.setText(text)
                self.editor.setCursorPosition(0)  # a long credit reads from its start
            self.editor.setPlaceholderText(MULTIPLE if mixed else self._placeholder())
        finally:
            self._loading = False
        self._baseline = self.text()
        self._update_budget()

    def set_loading(self, loading: bool) -> None:
        """While a big selection loads: blank and read-only (typing must not reach the old or a
        half-read selection); afterwards editable again (``set_value`` then shows the values)."""
        self.editor.setReadOnly(loading)
        if not loading:
            self.editor.setPlaceholderText(MULTIPLE if self.mixed else self._placeholder())
            return
        self._timer.stop()
        self.dirty = False
        self.mixed = False
        self._loading = True
        try:
            if isinstance(self.editor, QPlainTextEdit):
                self.editor.setPlainText("")
            else:
                self.editor.setText("")
            if self.highlighter is not None:
                self.highlighter.set_findings([])
        finally:
            self._loading = False
        self._baseline = ""
        self.editor.setPlaceholderText("Loading…")
        self.editor.setToolTip("")
        _restyle(self.editor, "")
        for label in (self.badge, self.budget, self.issues):
            label.hide()

    def _placeholder(self) -> str:
        if self.field.kind is Kind.DATE:
            return "YYYY-MM-DD"
        if self.field.key == "creators":
            return "separate names with ;"
        if self.field.key == "keywords":
            return "separate keywords with ;"
        return ""

    def set_source(self, source: str | None, candidates: dict[str, Value] | None = None) -> None:
        """The badge beside the label: "edited", "mixed", or the copy of the file (XMP, IPTC-IIM,
        EXIF) the value shown is read from, when its copies differ. Copies that agree (a photo
        written by any tool: XMP and IIM alike, and EXIF once Creditline wrote it) show no badge:
        "EXIF" beside a caption every copy holds read as if the value had moved (race38)."""
        badge = _BADGES.get(source or "")
        cands = candidates or {}
        if source in _SOURCE_NAMES and cands:
            values = [normalize_value(self.field.key, v) for v in cands.values()]
            if all(v == values[0] for v in values):
                badge = None  # one copy, or every copy the same: nothing for the desk to weigh
        if badge is None:
            self.badge.hide()
            self.badge.setToolTip("")
            return
        text, bg, fg = badge
        self.badge.setText(text)
        _restyle(self.badge, f"QLabel {{ background: {bg}; color: {fg}; border-radius: 3px;"
                             f" padding: 0px 5px; font-size: 8pt; }}")
        lines = []
        if source == "edited":
            lines.append("Edited in Creditline; not yet written to the file.")
        elif source == "mixed":
            lines.append("The selected items take this value from different places.")
        elif not cands:
            lines.append(f"Value read from {_SOURCE_NAMES.get(source or '', source)}.")
        else:
            lines.append(f"The file's copies of this {self.field.label.lower()} differ: shown is the "
                         f"{_SOURCE_NAMES.get(source or '', source)} copy, {self._why(source)}.")
        shown = normalize_value(self.field.key, cands.get(source or ""))
        same = [_SOURCE_NAMES.get(src, src) for src, value in cands.items()
                if src != source and source in cands and normalize_value(self.field.key, value) == shown]
        if same:
            lines.append(f"{' and '.join(same)} {'holds' if len(same) == 1 else 'hold'} the same.")
        for src, value in cands.items():
            if _SOURCE_NAMES.get(src, src) not in same:
                lines.append(f"{_SOURCE_NAMES.get(src, src)}: {as_text(value) or '(blank)'}")
        if source in _SOURCE_NAMES and cands:
            lines.append("An edit written to the file puts one value in every copy.")
        self.badge.setToolTip("\n".join(lines))
        self.badge.show()

    def _why(self, source: str | None) -> str:
        """Why the copy shown is the one photo software reads (app.fields.Reconcile), in words."""
        label = self.field.label.lower()
        if source == "exif" and self.field.reconcile is Reconcile.MWG_EXIF:
            # A non-blank EXIF copy wins for a caption, creator or copyright (MWG).
            return f"the one ExifTool, Lightroom and other photo software read first for a {label}"
        if source == "iim":
            return ("the newer one: a program that knows only IPTC-IIM changed it after the XMP copy"
                    " was written, as the file's IPTC checksum says")
        return ("the one photo software reads first unless the file's IPTC checksum says a program"
                " changed the IPTC-IIM copy since")

    def set_findings(self, findings: list[Finding]) -> None:
        """The findings of the one item shown: underlined, and listed under the field."""
        ordered = sorted(findings, key=lambda f: -f.severity.rank)
        lines = [f"<span style='color:{SEVERITY_COLORS[f.severity]}'>{_icon(f.severity)}</span> "
                 f"{escape(f.message)}" for f in ordered]
        self._show_findings(findings, findings, tooltip_html(findings) if findings else "", lines)

    def set_selection_findings(self, findings: list[Finding], count: int, name_of: Callable[[int], str],
                               noun: str = "items") -> None:
        """The findings of ``count`` selected items in this field: each line is one rule, with
        how many of the items it touches; the tooltip names the items (``name_of(item_id)``)."""
        groups: dict[str, _RuleGroup] = {}
        for f in findings:
            group = groups.get(f.rule)
            if group is None:
                groups[f.rule] = group = _RuleGroup(f.severity, f.message)
            group.add(f)
        lines = []
        for rule, group in sorted(groups.items(), key=lambda kv: (-kv[1].worst.rank, -len(kv[1].items))):
            text = group.message if group.one_message else _rule_title(rule)
            lines.append(f"<span style='color:{SEVERITY_COLORS[group.worst]}'>{_icon(group.worst)}</span> "
                         f"{escape(text)} <span style='color:gray'>· {len(group.items):,} of {count:,} {noun}</span>")
        # Spans point into the text: underline them only when every item has this very text.
        underline = [] if self.mixed else list({(f.rule, f.start, f.end, f.message): f for f in findings}.values())
        self._show_findings(findings, underline, _selection_tooltip(findings, name_of), lines)

    def _show_findings(self, findings: list[Finding], underline: list[Finding], tooltip: str,
                       lines: list[str]) -> None:
        if self.highlighter is not None:
            self._loading = True  # re-highlighting emits textChanged although no character changed
            try:
                self.highlighter.set_findings(underline)
            finally:
                self._loading = False
        worst = max((f.severity for f in findings), key=lambda s: s.rank, default=None)
        color = SEVERITY_COLORS[worst] if worst else None
        kind = "QPlainTextEdit" if isinstance(self.editor, QPlainTextEdit) else "QLineEdit"
        # A style sheet border drops the palette background, so name it again (dark theme).
        _restyle(self.editor, f"{kind} {{ border: 1px solid {color}; border-radius: 2px;"
                              f" background: palette(base); color: palette(text); }}" if color else "")
        self.editor.setToolTip(tooltip)
        if not lines:
            self.issues.hide()
            return
        shown = lines[:3] if len(lines) <= 3 else lines[:2]  # never "and 1 more"
        if len(lines) > len(shown):
            shown.append(f"<span style='color:gray'>and {len(lines) - len(shown)} more</span>")
        self.issues.setText("<br>".join(shown))
        self.issues.show()

    def show_problem(self, message: str) -> None:
        """A value that cannot be saved (a date that is not ISO 8601), said under the field."""
        color = SEVERITY_COLORS[Severity.ERROR]
        kind = "QPlainTextEdit" if isinstance(self.editor, QPlainTextEdit) else "QLineEdit"
        _restyle(self.editor, f"{kind} {{ border: 1px solid {color}; border-radius: 2px;"
                              f" background: palette(base); color: palette(text); }}")
        self.issues.setText(f"<span style='color:{color}'>{_icon(Severity.ERROR)}</span> "
                            f"{escape(message)} <span style='color:gray'>· not saved</span>")
        self.issues.show()

    # -- editing ---------------------------------------------------------------------------------

    def _on_text_changed(self, *_: object) -> None:
        if self._loading:
            return
        if self.text() == self._baseline:  # typed and deleted again, or a format-only change
            self.dirty = False
            self._timer.stop()
        else:
            self.dirty = True
            self._timer.start()
        self._update_budget()

    def flush(self) -> None:
        """Save now what was typed (Enter, focus-out, pause, selection change)."""
        self._timer.stop()
        if self.dirty:
            self.commit_requested.emit(self.field.key)

    def discard_typing(self) -> None:
        """Forget what was typed and not saved: the next ``set_value`` shows the stored value."""
        self._timer.stop()
        self.dirty = False
        self.clear_elsewhere()
        self._loading = True
        try:
            if isinstance(self.editor, QPlainTextEdit):
                self.editor.setPlainText(self._baseline)
            else:
                self.editor.setText(self._baseline)
        finally:
            self._loading = False

    def mark_saved(self) -> None:
        self.dirty = False
        self._baseline = self.text()
        self.mixed = False
        self.editor.setPlaceholderText(self._placeholder())

    def saved_text(self) -> str:
        """The text as loaded or last saved."""
        return self._baseline

    def mark_unsaved(self, baseline: str) -> None:
        """Undo ``mark_saved`` for a save the catalog refused: the typing is still to save."""
        self._baseline = baseline
        self.dirty = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.editor:
            if event.type() == QEvent.Type.FocusIn:
                self.focus_entered.emit(self.field.key)
            elif event.type() == QEvent.Type.FocusOut:
                self.flush()
                self.token += 1
            elif (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape
                  and not event.modifiers()):
                self.escape_pressed.emit(self.field.key)
                return True
            elif event.type() == QEvent.Type.ShortcutOverride and (
                    event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
                # Ctrl+Z belongs to the session's undo stack, not to the line edit: save what
                # was typed so it is the step undone, and let the window's shortcut fire.
                self.flush()
                self.token += 1
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    def select_span(self, start: int | None, end: int | None) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        length = len(self.text())
        if start is None:
            start = end = length
        start = max(0, min(start, length))
        end = max(start, min(end if end is not None else start, length))
        if isinstance(self.editor, QPlainTextEdit):
            cursor = self.editor.textCursor()
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            self.editor.setTextCursor(cursor)
            self.editor.ensureCursorVisible()
        else:
            self.editor.setSelection(start, end - start)

    def _update_budget(self) -> None:
        limit = self.field.iim_limit
        if not limit or self.field.kind is Kind.DATE or (self.mixed and not self.dirty):
            self.budget.hide()
            return
        if self.field.is_list:
            values = normalize_value(self.field.key, self.text())
            used = max((len(v.encode("utf-8")) for v in values), default=0)
            what = "name" if self.field.key == "creators" else "keyword"
            self.budget.setText(f"{'longest ' if len(values) > 1 else ''}{used}/{limit} bytes")
            tip = f"IIM {self.field.iim_dataset} holds {limit} bytes per {what}"
        else:
            used = len(self.text().strip().encode("utf-8"))
            self.budget.setText(f"{used}/{limit} bytes")
            tip = f"IIM {self.field.iim_dataset} holds {limit} bytes"
        if used == 0:
            self.budget.setText(f"max {limit} bytes")
        over = used > limit
        self.budget.setToolTip(tip + ("; the IIM copy will be cut, XMP keeps it whole." if over else "."))
        _restyle(self.budget, "QLabel { color: #d32f2f; font-weight: bold; }" if over else "")
        self.budget.show()


def _muted(label: QLabel, smaller: bool = False) -> None:
    """Secondary text in the palette's placeholder colour, so it follows the light/dark theme."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    if smaller:
        font = label.font()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        label.setFont(font)


def _restyle(widget: QWidget, css: str) -> None:
    """Set a style sheet only when it changes: each set re-polishes the widget (slow per keystroke)."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


def _icon(severity: Severity) -> str:
    return {Severity.ERROR: "\u25cf", Severity.WARNING: "\u25b2", Severity.INFO: "\u25c6"}[severity]


def _rule_title(rule: str) -> str:
    found = RULES.get(rule)
    return found.title if found is not None else rule


class _RuleGroup:
    """One rule's findings in a field across the selection."""

    __slots__ = ("worst", "message", "one_message", "items")

    def __init__(self, severity: Severity, message: str) -> None:
        self.worst, self.message, self.one_message = severity, message, True
        self.items: set[int | None] = set()

    def add(self, f: Finding) -> None:
        self.items.add(f.item_id)
        if f.severity.rank > self.worst.rank:
            self.worst = f.severity
        if self.one_message and f.message != self.message:
            self.one_message = False


def _selection_tooltip(findings: list[Finding], name_of: Callable[[int], str]) -> str:
    """Which selected item has which finding, worst first (at most TOOLTIP_LINES lines)."""
    first = heapq.nsmallest(TOOLTIP_LINES, findings, key=lambda f: (-f.severity.rank, f.rule))
    lines = [f"<span style='color:{SEVERITY_COLORS[f.severity]}'>{_icon(f.severity)}</span> "
             f"<b>{escape(name_of(f.item_id or 0))}</b>: {escape(f.message)}" for f in first]
    if len(findings) > TOOLTIP_LINES:
        lines.append(f"<span style='color:gray'>and {len(findings) - TOOLTIP_LINES} more</span>")
    return "<br>".join(lines)


def _item_name(item: Item) -> str:
    if item.path:
        return display_path(Path(item.path).name)
    headline = item.fields.get("headline") or item.fields.get("title")
    return str(headline) if headline else f"item {item.id}"


_COUNT_WORDS = {Severity.ERROR: ("error", "errors"), Severity.WARNING: ("warning", "warnings"),
                Severity.INFO: ("info", "info")}  # the CLI's and docs/rules.md's word


def findings_count_html(by_item: dict[int, list[Finding]], count: int, noun: str) -> str:
    """"● 2 errors · ▲ 1 warning in 3 of 5 photos", or "No findings"."""
    severities = Counter(f.severity for findings in by_item.values() for f in findings)
    if not severities:
        return "<span style='color:gray'>No findings</span>"
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        n = severities.get(severity, 0)
        if n:
            one, many = _COUNT_WORDS[severity]
            parts.append(f"<span style='color:{SEVERITY_COLORS[severity]}'>{_icon(severity)} {n:,} "
                         f"{one if n == 1 else many}</span>")
    hit = sum(1 for findings in by_item.values() if findings)
    return " · ".join(parts) + f" in {hit:,} of {count:,} {noun}"


def _read_tiles(ctx: TaskContext, sources: list[tuple[str | None, str | None]]) -> list[QImage]:
    """Decode the mosaic's photos off the UI thread (a null image: no picture for that item)."""
    images = []
    for path, thumb in sources:
        ctx.check()
        images.append(load_thumbnail_image(path, thumb, TILE_SIZE))
    return images


def _cover(image: QImage, target: QRectF) -> QRectF:
    """The part of ``image`` that fills ``target`` without distortion (centre crop)."""
    iw, ih = image.width(), image.height()
    if target.width() <= 0 or target.height() <= 0 or not iw or not ih:
        return QRectF(0, 0, iw, ih)
    scale = max(target.width() / iw, target.height() / ih)
    w, h = target.width() / scale, target.height() / scale
    return QRectF((iw - w) / 2, (ih - h) / 2, w, h)


def paint_mosaic(tiles: list[QImage], more: int, size: QSize, dpr: float = 1.0) -> QPixmap:
    """Up to four photos in a 2 × 2 grid (two: one row; three: two and one); ``more`` > 0
    darkens the last tile and writes "+more" on it (the photos not shown)."""
    pixmap = QPixmap(max(1, round(size.width() * dpr)), max(1, round(size.height() * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    n = len(tiles)
    if not n:
        return pixmap
    gap = 4.0
    width, height = float(size.width()), float(size.height())
    rows = 1 if n <= 2 else 2
    cell_w = (width - gap) / 2
    cell_h = min((height - gap) / 2, cell_w * 2 / 3) if rows == 2 else min(height, cell_w * 2 / 3)
    top = (height - (rows * cell_h + (rows - 1) * gap)) / 2
    left = (width - (2 * cell_w + gap)) / 2
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for i, image in enumerate(tiles):
        row, col = divmod(i, 2)
        x = left + col * (cell_w + gap)
        if n == 3 and i == 2:
            x = left + (cell_w + gap) / 2  # the third one centred under the first two
        rect = QRectF(x, top + row * (cell_h + gap), cell_w, cell_h)
        if image.isNull():
            painter.fillRect(rect, QColor("#3c3c3c"))
            painter.setPen(QColor("#9a9a9a"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "No photo")
        else:
            painter.drawImage(rect, image, _cover(image, rect))
        if more and i == n - 1:
            painter.fillRect(rect, QColor(0, 0, 0, 150))
            font = QFont(painter.font())
            font.setPixelSize(max(12, int(cell_h * 0.3)))
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"+{more}")
    painter.end()
    return pixmap


def _read_preview(ctx: TaskContext, path: str | None, thumb: str | None) -> QImage | None:
    """Decode a preview off the UI thread: the file scaled at decode time, else the cached thumbnail."""
    for candidate in (path, thumb):
        if not candidate or not Path(candidate).is_file():
            continue
        ctx.check()
        reader = image_reader(candidate)
        reader.setAutoTransform(True)  # EXIF orientation
        size = reader.size()
        if size.isValid() and (size.width() > PREVIEW_BOX.width() or size.height() > PREVIEW_BOX.height()):
            reader.setScaledSize(size.scaled(PREVIEW_BOX, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if not image.isNull():
            return image
    return None


@dataclass
class SelectionRead:
    """What the inspector shows of a selection, read in one go (on a pool thread when big).

    ``values``: per field key, the first item's value, whether the items differ, and the
    source badge with its candidates. A part that was not asked for stays None."""

    items: list[Item] | None = None
    values: dict[str, tuple[Value, bool, str | None, dict[str, Value] | None]] | None = None
    findings: dict[int, list[Finding]] | None = None
    per_field: dict[str, list[Finding]] | None = None


def read_selection(ctx: TaskContext | None, catalog: object, ids: list[int], values: bool = True,
                   findings: bool = True) -> SelectionRead:
    """Read the items and/or the stored findings of a selection and summarise them per field
    (``ctx`` None: on the UI thread, for a small selection)."""
    out = SelectionRead()
    if values:
        items: list[Item] = []
        for start in range(0, len(ids), READ_CHUNK):
            if ctx is not None:
                ctx.check()
            items.extend(catalog.items(ids[start:start + READ_CHUNK]))  # type: ignore[attr-defined]
        out.items = items
        out.values = {}
        for f in FIELDS:
            key = f.key
            first = normalize_value(key, items[0].fields.get(key)) if items else ""
            mixed = any(normalize_value(key, it.fields.get(key)) != first for it in items[1:])
            sources = {it.sources.get(key) for it in items if it.fields.get(key)}
            if len(sources) > 1:
                out.values[key] = (first, mixed, "mixed", None)
            elif len(items) == 1:
                out.values[key] = (first, mixed, next(iter(sources), None), items[0].candidates.get(key))
            else:
                out.values[key] = (first, mixed, next(iter(sources), None), None)
    if findings:
        if ctx is not None:
            ctx.check()
        by_item = catalog.findings(ids) if ids else {}  # type: ignore[attr-defined]
        per_field: dict[str, list[Finding]] = {}
        for found in by_item.values():
            for f in found:
                per_field.setdefault(f.field, []).append(f)
        out.findings, out.per_field = by_item, per_field
    return out


class Inspector(QWidget):
    """Preview and editable fields of the session's current selection."""

    loaded = Signal()  # the selection is shown in full (at once, or when its background read landed)
    leave_requested = Signal()  # Escape in a field with nothing to restore: back to the photos

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._ids: list[int] = []
        self._items: list[Item] = []
        self._findings: dict[int, list[Finding]] = {}  # stored findings of the selection
        # Background reads of a big selection: the newest generation wins, older results are dropped.
        self._generation = 0
        self._elsewhere = False  # the values being read again were changed by another program
        self._loading = False  # a big selection's first read is under way: fields blank and read-only
        self._saving = False  # a background save writes shown items: fields read-only
        self._checking = False  # the window's background check makes the findings shown again
        self._read_task: Task | None = None
        self._reading = (False, False)  # what the read under way reads: values, findings
        self._pending_focus: tuple[str, int | None, int | None] | None = None
        self._image: QImage | None = None
        self._tiles: list[QImage] = []  # the mosaic of a multi-selection
        self._more = 0  # selected photos the mosaic does not show ("+N")
        self._preview_request = 0

        self.preview = QLabel()
        self.preview.setObjectName("inspectorPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.preview.setFixedHeight(PREVIEW_HEIGHT)
        self.preview.setStyleSheet("QLabel#inspectorPreview { background: #2b2b2b; color: #bbbbbb; }")
        self.summary = QLabel()
        self.summary.setObjectName("inspectorSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.editors: dict[str, FieldEditor] = {}
        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(10, 6, 10, 10)
        form_layout.setSpacing(10)
        for f in FIELDS:
            if f.is_mark:
                continue  # label, tag and stars: the marks row under the file line (ui.marks)
            ed = FieldEditor(f, form)
            ed.commit_requested.connect(self._commit)
            ed.escape_pressed.connect(self._escape)
            self.editors[f.key] = ed
            form_layout.addWidget(ed)
        form_layout.addStretch(1)
        attach_source_type_picker(self.editors["digital_source_type"])
        self.provenance = ProvenancePanel(lambda: self.session.catalog, self)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(form)

        self.empty = QLabel("Select a photo to see and edit its caption and credits.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setContentsMargins(20, 20, 20, 20)
        _muted(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.preview)
        summary_box = QHBoxLayout()
        summary_box.setContentsMargins(10, 0, 10, 0)
        summary_box.addWidget(self.summary)
        layout.addLayout(summary_box)
        # Read-only fields look like the others: this line says why typing does nothing.
        self.locked_note = QLabel("Read-only catalog: these fields can be selected and copied, not changed.")
        self.locked_note.setObjectName("inspectorLocked")
        self.locked_note.setWordWrap(True)
        self.locked_note.setContentsMargins(10, 0, 10, 0)
        _muted(self.locked_note)
        self.locked_note.hide()
        layout.addWidget(self.locked_note)
        self.marks = MarksBar(session, self)
        layout.addWidget(self.marks)
        layout.addWidget(self.provenance)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.empty, 1)

        # Completions are read when the field gets the focus (a catalog query), not per selection.
        self.completers = {"creators": ListCompleter(parent=self, multi=True), "source": ListCompleter(parent=self)}
        for key, completer in self.completers.items():
            editor = self.editors[key].editor
            if isinstance(editor, QLineEdit):
                editor.setCompleter(completer)
            self.editors[key].focus_entered.connect(self.refresh_completions)

        # Code replacements in every field, spell checking in the prose ones (ui/text_tools.py).
        self.spell_marks = install_text_tools(self.editors, session, lambda key: key in PROSE_KEYS)
        self.loaded.connect(lambda: spell_service(session).set_items(self._items))

        session.current_changed.connect(self.load)
        session.items_changed.connect(self._on_items_changed)
        session.findings_changed.connect(self._on_findings_changed)
        session.saving_changed.connect(self._on_saving_changed)
        session.checking_changed.connect(self._on_checking_changed)
        session.not_checked_changed.connect(lambda _ids: self._ids and self._reload_findings())
        if hasattr(session, "edit_refused"):
            session.edit_refused.connect(self._on_edit_refused)
        session.catalog_changed.connect(lambda: self.load([]))
        self.load(session.current_ids())

    # -- public ----------------------------------------------------------------------------------

    def item_ids(self) -> list[int]:
        return list(self._ids)

    def is_saving(self) -> bool:
        """A background save writes some of the shown items: the fields are read-only."""
        return self._saving

    def is_loading(self) -> bool:
        """A big selection is being read: the fields are blank and read-only until ``loaded``."""
        return self._loading

    def load(self, ids: list[int]) -> None:
        """Show these items (saving first whatever was typed for the previous ones)."""
        self.flush()
        if list(ids) != self._ids:
            self.scroll.verticalScrollBar().setValue(0)  # another photo is read from its top
            for ed in self.editors.values():
                ed.clear_elsewhere()
        self._ids = list(ids)
        self._pending_focus = None
        for ed in self.editors.values():
            ed.token += 1
        has_items = bool(self._ids)
        locked = self.session.read_only_notice() is not None
        self.empty.setText("Select a photo to see its caption and credits." if locked
                           else "Select a photo to see and edit its caption and credits.")
        self.locked_note.setVisible(has_items and locked)
        self.scroll.setVisible(has_items)
        self.empty.setVisible(not has_items)
        if not has_items:
            self.provenance.show_items([])
        self.preview.setVisible(has_items)
        self.summary.setVisible(has_items)
        self._items, self._findings = [], {}
        self._saving = bool(set(self.session.saving_ids()) & set(self._ids))
        self._checking = bool(self.session.checking_ids().intersection(self._ids))
        if len(self._ids) > SYNC_LIMIT:
            self._set_loading(True)
            self._read(values=True, findings=True)
            return
        self._supersede()
        self._set_loading(False)
        self._apply_read_only()
        if not has_items:
            self._preview_request += 1
            self._image = None
            self._tiles, self._more = [], 0
            self.loaded.emit()
            return
        result = read_selection(None, self.session.catalog, self._ids)
        self._show_values(result)
        self._show_findings(result)
        self._load_preview(self._items)
        self.loaded.emit()

    def refresh_completions(self, key: str) -> None:
        if key == "creators":
            self.completers[key].set_words(photographer_words(self.session.catalog))
        elif key == "source":
            self.completers[key].set_words(agency_words(self.session.registry, self.session.catalog))

    def flush(self) -> None:
        """Save pending typing now."""
        for ed in self.editors.values():
            ed.flush()

    def focus_field(self, key: str, start: int | None = None, end: int | None = None) -> None:
        """Put the cursor in a field, selecting ``start:end`` (no span: the end of the text);
        while a big selection loads, once it has loaded."""
        if self._loading:
            self._pending_focus = (key, start, end)
            return
        ed = self.editors[key]
        self.scroll.ensureWidgetVisible(ed, 0, 40)
        ed.select_span(start, end)

    # -- reading ---------------------------------------------------------------------------------

    def _supersede(self) -> int:
        """A new generation: whatever a read under way returns is dropped."""
        self._generation += 1
        if self._read_task is not None:
            self._read_task.cancel()
            self._read_task = None
        self._reading = (False, False)
        return self._generation

    def _read(self, values: bool, findings: bool) -> None:
        """Read the selection on the task runner (a read under way is superseded, and what it
        would have read is read by this one too)."""
        values, findings = values or self._reading[0], findings or self._reading[1]
        generation = self._supersede()
        self._reading = (values, findings)
        self._read_task = self.session.tasks.submit(
            read_selection, self.session.catalog, list(self._ids), values, findings,
            name="Reading the selection",
            on_result=lambda result, g=generation: self._selection_read(g, result),
            on_error=lambda message, _tb, g=generation: self._selection_failed(g, message))

    def _selection_read(self, generation: int, result: SelectionRead | None) -> None:
        if generation != self._generation:
            return  # a newer selection, or a newer change, has superseded this read
        self._read_task = None
        self._reading = (False, False)
        if result is None:  # cancelled by a wind-down (catalog switch, close): nothing to show
            self.summary.setText(f"<b>{len(self._ids):,} {self._noun()} selected</b> — not loaded")
            return
        was_loading = self._loading
        if was_loading:
            self._set_loading(False)
        if result.values is not None:
            self._show_values(result)
        if result.findings is not None:
            self._show_findings(result)
        else:
            self._update_summary(self._items)
        if was_loading:
            self._load_preview(self._items)
            if self._pending_focus is not None:
                focus, self._pending_focus = self._pending_focus, None
                self.focus_field(*focus)
        self.loaded.emit()

    def _selection_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._read_task = None
        self._reading = (False, False)
        # The fields stay read-only when the selection never loaded: an edit needs its values.
        self.summary.setText(f"<b>Could not read the {len(self._ids):,} selected items</b><br>{escape(message)}")

    def _set_loading(self, loading: bool) -> None:
        if loading == self._loading and not loading:
            return
        self._loading = loading
        for ed in self.editors.values():
            ed.set_loading(loading)
        if not loading:
            self._apply_read_only()
            return
        n = len(self._ids)
        self.summary.setText(f"<b>Loading {n:,} photos…</b>")
        self.summary.setToolTip("")
        self._preview_request += 1  # a preview still decoding for the previous selection is dropped
        self._image = None
        self._tiles, self._more = [], 0
        self.preview.setToolTip("")
        self.preview.setPixmap(QPixmap())
        self.preview.setText("Loading previews…")

    def _apply_read_only(self) -> None:
        # A read-only catalog (self.session.read_only_notice): the fields can be read, selected
        # and copied, never typed in; the window's notice says why.
        locked = self.session.read_only_notice() is not None
        for ed in self.editors.values():
            ed.editor.setReadOnly(self._loading or self._saving or locked)

    # -- reactions -------------------------------------------------------------------------------

    def _on_checking_changed(self, ids: list[int]) -> None:
        if ids and not set(ids).isdisjoint(self._ids):
            self._checking = True
            self._update_summary(self._items)
        elif self._checking and self._read_task is None:
            # None of them to check, or the check's findings_changed read them again already;
            # a read under way clears it when it lands (``_show_findings``).
            self._checking = False
            self._update_summary(self._items)

    def _on_saving_changed(self, ids: list[int]) -> None:
        saving = bool(set(ids) & set(self._ids))
        if saving == self._saving:
            return
        # Typing not saved yet stays in its field and is saved after this save (the session queues it).
        self._saving = saving
        self._apply_read_only()
        if not self._loading:
            self._update_summary(self._items)

    def _on_edit_refused(self, ids: list[int], keys: list[str], why: str) -> None:
        """A background save the catalog refused (its disk full, another program holding it for
        minutes): what was typed stays in its field, as still to save, with the reason, and is
        saved again when the field is left (Enter, another field, another photo); the views'
        re-read that follows does not replace it."""
        if set(ids) != set(self._ids):
            return
        for key in keys:
            ed = self.editors.get(key)
            if ed is None:
                continue
            values = {normalize_value(key, it.fields.get(key)) for it in self._items}
            stored = as_text(values.pop()) if len(values) == 1 else ""
            ed.mark_unsaved(stored)
            ed.show_problem(why)

    def _on_items_changed(self, ids: list[int]) -> None:
        if set(ids) & set(self._ids):
            self._reload_values()

    def _on_findings_changed(self, ids: list[int]) -> None:
        if set(ids) & set(self._ids):
            self._reload_findings()

    def _reload_values(self) -> None:
        if len(self._ids) > SYNC_LIMIT:
            self._read(values=True, findings=False)
            return
        self._show_values(read_selection(None, self.session.catalog, self._ids, findings=False))
        self._update_summary(self._items)

    @contextmanager
    def news_from_elsewhere(self) -> Iterator[None]:
        """Values read again within are another program's changes: a field being typed in then
        says when its text was replaced (an undo or an Escape of this window's is no news)."""
        self._elsewhere = True
        try:
            yield
        finally:
            self._elsewhere = False

    def reread_findings(self) -> None:
        """Read the selection's stored findings again (the catalog changed elsewhere)."""
        if self._ids:
            self._reload_findings()

    def follow_files(self) -> None:
        """The window regained focus: the one photo shown whose last write was refused says
        what its file allows now (put back or unlocked meanwhile), a stat, no read."""
        if len(self._items) == 1 and self._items[0].write_failure is not None and not self._loading:
            self._update_summary(self._items)

    def _reload_findings(self) -> None:
        if len(self._ids) > SYNC_LIMIT:
            self._read(values=False, findings=True)
            return
        self._show_findings(read_selection(None, self.session.catalog, self._ids, values=False))

    def _show_values(self, result: SelectionRead) -> None:
        items = result.items or []
        self._ids = [it.id for it in items]  # an item deleted meanwhile drops out
        self._items = items
        for key, ed in self.editors.items():
            value, mixed, source, candidates = (result.values or {}).get(key, ("", False, None, None))
            if ed.dirty:
                # Typed while this was read: the typing wins, and is saved on the next pause; a
                # value changed meanwhile (the CLI on the same catalog) is said, not lost silently.
                if not mixed and not ed.mixed and normalize_value(key, value) != ed.baseline_value():
                    ed.note_changed_elsewhere(value)
                    ed.set_source(source, candidates)  # the badge says where the stored value is from
                continue
            if (self._elsewhere and ed.editor.hasFocus() and not mixed and not ed.mixed
                    and normalize_value(key, value) != ed.value()):
                ed.take_value_from_elsewhere(value)
            else:
                ed.set_value(value, mixed)
            ed.set_source(source, candidates)
        self.provenance.show_items(items)

    def _show_findings(self, result: SelectionRead) -> None:
        """The stored findings of every selected item, per field."""
        by_item = result.findings or {}
        shown = set(self._ids)
        per_field = result.per_field or {}
        not_here = self.session.not_checked_ids().intersection(shown)
        if not_here:
            # A cancelled check did not reach them: what they hold is another purpose's.
            by_item = {i: fs for i, fs in by_item.items() if i not in not_here}
            per_field = {}
            for found in by_item.values():
                for f in found:
                    per_field.setdefault(f.field, []).append(f)
        self._findings = {i: fs for i, fs in by_item.items() if i in shown}
        if self._checking and self.session.checking_ids().isdisjoint(shown):
            self._checking = False  # read after the check: the counts are the view's
        if len(self._ids) > 1:
            by_id = {it.id: it for it in self._items}

            def name_of(item_id: int) -> str:
                item = by_id.get(item_id)
                return _item_name(item) if item is not None else f"item {item_id}"

            noun = self._noun()
            for key, ed in self.editors.items():
                ed.set_selection_findings(per_field.get(key, []), len(self._ids), name_of, noun)
        else:
            for key, ed in self.editors.items():
                ed.set_findings(per_field.get(key, []))
        self._update_summary(self._items)

    def _noun(self) -> str:
        return "photos" if self._items and all(it.path for it in self._items) else "items"

    def finding_counts(self) -> dict[Severity, int]:
        """Findings of the whole selection by severity (what the header counts)."""
        return dict(Counter(f.severity for fs in self._findings.values() for f in fs))

    def _commit(self, key: str) -> None:
        ed = self.editors[key]
        if not self._ids or self._loading:  # read-only while loading: nothing typed can be here
            ed.mark_saved()
            return
        value = ed.value()
        problem = value_problem(key, value)
        if problem is not None:  # not saved: the text stays as typed, with the reason under it
            ed.show_problem(problem)
            return
        changes = {item_id: {key: value} for item_id in self._ids}
        merge_key = (key, tuple(self._ids), ed.token)
        baseline = ed.saved_text()
        ed.mark_saved()
        label = ed.field.label if len(self._ids) == 1 else f"{ed.field.label} on {len(self._ids):,} items"
        self.session.edit_fields(changes, f"Edit {label}", merge_key=merge_key)
        if self.session.edit_error is not None:  # the catalog refused it: kept as typed, tried again
            ed.mark_unsaved(baseline)
            ed.show_problem(self.session.edit_error)

    def _escape(self, key: str) -> None:
        """Escape in a field: the value it had when the field got the focus comes back, in the
        field and in the catalog (for every selected item, each its own); the edit is undone, not
        answered by a second one. Nothing to restore: the keyboard goes back to the photos."""
        ed = self.editors[key]
        stack = self.session.undo_stack
        top = stack.command(stack.index() - 1) if stack.index() > 0 else None
        saved = (isinstance(top, EditFieldsCommand) and not top.isObsolete()
                 and top.merge_key == (key, tuple(self._ids), ed.token))
        if not ed.dirty and not saved:
            self.leave_requested.emit()
            return
        ed.discard_typing()
        if saved:
            stack.undo()  # the values come back through items_changed
        ed.token += 1  # what is typed next is a new step
        self._reload_values()

    # -- summary and preview ---------------------------------------------------------------------

    def _update_summary(self, items: list[Item]) -> None:
        if self._saving:
            n = len(self.session.saving_ids())
            self.summary.setText(f"<b>Saving {n:,} {self._noun()}…</b>" if n > 1 else "<b>Saving…</b>")
            return
        if len(items) > 1:
            noun = self._noun()
            shown = set(self._ids)
            by_item = {i: fs for i, fs in self._findings.items() if i in shown}
            # Findings stored under other settings or for another purpose are being checked
            # again: their counts would not be the view's.
            counts = ("<span style='color:gray'>Checking their findings…</span>" if self._checking
                      else findings_count_html(by_item, len(items), noun))
            not_here = len(self.session.not_checked_ids().intersection(shown)) if not self._checking else 0
            if not_here:
                counts += f" · <span style='color:gray'>{not_here:,} not checked for this view yet</span>"
            self.summary.setText(f"<b>{len(items):,} {noun} selected</b> — an edit applies to all of them<br>"
                                 + counts)
            names = [_item_name(it) for it in items[:TOOLTIP_LINES]]
            more = f"\nand {len(items) - TOOLTIP_LINES:,} more" if len(items) > TOOLTIP_LINES else ""
            self.summary.setToolTip("\n".join(names) + more)
            return
        if not items:
            self.summary.setText("")
            return
        item = items[0]
        if item.kind == "caption" or not item.path:
            self.summary.setText(f"<b>Caption-only item</b> #{item.id} (no photo file)" + self._not_checked_line(item))
            return
        facts = item.facts
        # The id beside the name: what the findings panel, the library's table and the CLI call it.
        bits = [f"<b>{escape(display_path(Path(item.path).name))}</b>", f"#{item.id}"]
        # Non-breaking spaces: a narrow inspector wraps between the pieces, never inside one
        # ("taken" over "2021-05-25 22:14:33" in the eleventh walk).
        if facts and facts.width and facts.height:
            bits.append(f"{facts.width}&nbsp;×&nbsp;{facts.height}")
        if facts and facts.format:
            bits.append(escape(facts.format))
        if facts and facts.capture_time:
            bits.append("taken&nbsp;" + escape(facts.capture_time).replace("T", "&nbsp;", 1))
        text, tip = " · ".join(bits), display_path(item.path)
        if note := sidecar_note(item):
            # A signed photo's edits go to its sidecar: without this it looked never written.
            text += "<br>" + escape(note[0].upper() + note[1:]) + "."
            if facts and facts.sidecar:
                tip += f"\n\nXMP sidecar: {display_path(facts.sidecar)}"
        if item.warnings:
            # What the reader could not read cleanly (an XMP packet that is not well-formed XML, a
            # damaged IIM block): the editor must see it before trusting blank fields or writing.
            first = escape(item.warnings[0] if len(item.warnings[0]) <= 140 else item.warnings[0][:139] + "…")
            more = f" (and {len(item.warnings) - 1} more)" if len(item.warnings) > 1 else ""
            text += (f"<br><span style='color:{SEVERITY_COLORS[Severity.WARNING]}'>{_icon(Severity.WARNING)}</span>"
                     f" Read with problems: {first}{more}")
            tip += "\n\nRead with problems:\n" + "\n".join(f"• {w}" for w in item.warnings)
        # Checked against the file each time the photo is shown (a stat): a file put back since
        # the write was refused is not written yet, no longer "failed: the file is missing".
        if item.pending:
            item.write_failure = write_failure_now(item, item.write_failure)
        failure = item.write_failure if item.pending else None
        if failure is not None:
            # Kept in the catalog: after a restart the photo says why it is still not written,
            # not only that it is not.
            said = escape(failure.reason if len(failure.reason) <= 140 else failure.reason[:139] + "…")
            if failure.lifted:
                # The status bar's "not written" amber, not the error red.
                text += (f"<br><span style='color:{pending_ink_name()}'>✎ Not written "
                         f"yet</span>: the last write was refused ({said}); {escape(failure.lifted)}.")
            else:
                text += (f"<br><span style='color:{SEVERITY_COLORS[Severity.ERROR]}'>{_icon(Severity.ERROR)}</span>"
                         f" Last write {escape(failure.status)}: {said}")
            tip += f"\n\n{failure.text()}"
        text += self._not_checked_line(item)
        self.summary.setText(text)
        self.summary.setToolTip(tip)

    def _not_checked_line(self, item: Item) -> str:
        """Said of an item the view's check was cancelled before reaching: the findings it holds
        were made for another purpose or under other settings, so none are shown."""
        if item.id not in self.session.not_checked_ids():
            return ""
        noun = "photo" if item.path else "item"
        return (f"<br><span style='color:gray'>Not checked for this view yet: the check was cancelled before it "
                f"reached this {noun}, so no findings are shown (showing the view again checks it)</span>")

    def _load_preview(self, items: list[Item]) -> None:
        self._preview_request += 1
        request = self._preview_request
        self._image = None
        self._tiles, self._more = [], 0
        if len(items) > 1:
            self._load_mosaic(request, items)
            return
        self.preview.setToolTip("")
        item = items[0] if items else None
        if item is None or not item.path:
            self.preview.setPixmap(QPixmap())
            self.preview.setText("No photo" if item else "")
            return
        self.preview.setPixmap(QPixmap())
        self.preview.setText("Loading preview…")
        thumb = None
        if item.thumb_key:
            thumb = str(ThumbnailCache(self.session.catalog.thumbnails_dir).path(item.thumb_key))
        self.session.tasks.submit(
            _read_preview, item.path, thumb, name="preview",
            on_result=lambda image, r=request: self._show_preview(r, image),
            on_error=lambda message, _tb, r=request: self._preview_failed(r, message))

    def _load_mosaic(self, request: int, items: list[Item]) -> None:
        """The selection, not its first photo: up to four photos, the last "+N" when there are more."""
        shown = items[:MOSAIC_TILES]
        self._more = len(items) - (MOSAIC_TILES - 1) if len(items) > MOSAIC_TILES else 0
        cache = ThumbnailCache(self.session.catalog.thumbnails_dir)
        sources = [(it.path, str(cache.path(it.thumb_key)) if it.thumb_key else None) for it in shown]
        self.preview.setPixmap(QPixmap())
        self.preview.setText("Loading previews…")
        names = [_item_name(it) for it in items[:TOOLTIP_LINES]]
        more = f"\nand {len(items) - TOOLTIP_LINES:,} more" if len(items) > TOOLTIP_LINES else ""
        self.preview.setToolTip("\n".join(names) + more)
        self.session.tasks.submit(
            _read_tiles, sources, name="preview",
            on_result=lambda images, r=request: self._show_tiles(r, images),
            on_error=lambda message, _tb, r=request: self._preview_failed(r, message))

    def _show_tiles(self, request: int, images: list[QImage] | None) -> None:
        if request != self._preview_request or images is None:
            return  # the selection moved on (or the decode was cancelled)
        self._tiles = images
        self._scale_preview()

    def _show_preview(self, request: int, image: QImage | None) -> None:
        if request != self._preview_request:
            return  # the selection moved on while this decoded
        if image is None:
            self.preview.setText("Preview unavailable: the file is missing or unreadable")
            return
        self._image = image
        self._scale_preview()

    def _preview_failed(self, request: int, message: str) -> None:
        if request == self._preview_request:
            self.preview.setText(f"Preview unavailable: {message}")

    def _scale_preview(self) -> None:
        if self._tiles:
            self.preview.setPixmap(paint_mosaic(self._tiles, self._more, self.preview.size() - QSize(8, 8),
                                                self.devicePixelRatioF()))
            return
        if self._image is None:
            return
        box = self.preview.size() - QSize(8, 8)
        pixmap = QPixmap.fromImage(self._image).scaled(
            box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(pixmap)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt's name and type
        super().resizeEvent(event)
        # A short inspector (a 1024 x 700 screen) gives the preview what the name line, the
        # marks and the first fields leave: at a fixed 240 px the name was drawn over the photo.
        height = max(PREVIEW_MIN_HEIGHT, min(PREVIEW_HEIGHT, self.height() - PREVIEW_RESERVE))
        if height != self.preview.height():
            self.preview.setFixedHeight(height)
        self._scale_preview()

    def preview_image(self) -> QImage | None:
        return self._image

    def preview_tiles(self) -> list[QImage]:
        """The photos of a multi-selection's mosaic (empty for one item, or while loading)."""
        return list(self._tiles)

    def preview_more(self) -> int:
        """The N of the mosaic's "+N" (selected photos it does not show), else 0."""
        return self._more
