"""Edit > Find and Replace: replace text in chosen fields of the selection, a gallery or the
whole library, after a preview of every change, as ONE undo step.

The search runs on the task runner (``app.replace.plan_replace`` over the items read in
chunks), so a library of thousands of photos never stalls the window; the preview follows
the search text as it is typed. "Replace All" searches once more (the values may have changed
since the preview) and hands the changes to ``Session.edit_fields``: one undo step, saved in
the background when it is big.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.fields import BY_KEY
from app.replace import DEFAULT_FIELDS, Change, ReplaceError, Search, as_changes, plan_replace
from ui.models import fit_dialog, read_only_line
from ui.tasks import Task, TaskContext

PREVIEW_ROWS = 2000  # changes listed in the preview; the count is always complete
SEARCH_DELAY_MS = 300
READ_CHUNK = 500
FIELDS_KEY = "find_replace/fields"  # QSettings: the fields ticked last time
DIALOG_SIZE = (900, 680)  # the size it opens at on a screen with room for it
PREVIEW_MIN_LINES = 5  # the preview keeps this many lines when the screen is short; the fields scroll


def plan_task(ctx: TaskContext, catalog: Any, ids: list[int], search: Search,
              fields: list[str]) -> tuple[list[Change], dict[int, str]]:
    """On the task runner: the changes, and a short name for each item changed."""
    plan: list[Change] = []
    names: dict[int, str] = {}
    for start in range(0, len(ids), READ_CHUNK):
        ctx.check()
        items = catalog.items(ids[start:start + READ_CHUNK])
        found = plan_replace(items, search, fields)
        changed = {c.item_id for c in found}
        for it in items:
            if it.id in changed:
                names[it.id] = Path(it.path).name if it.path else f"item {it.id}"
        plan.extend(found)
        ctx.progress(min(len(ids), start + READ_CHUNK), len(ids), "searching")
    return plan, names


class FindReplaceDialog(QDialog):
    """Find and replace across many items with a preview; one undo step."""

    replaced = Signal(int)  # items changed

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Find and Replace")
        self.plan: list[Change] = []
        self.search: Search | None = None
        self._task: Task | None = None
        self._generation = 0
        self._names: dict[int, str] = {}

        self.find = QLineEdit()
        self.find.setObjectName("findText")
        self.find.setPlaceholderText("Text to find, e.g. Bucharest")
        self.replace = QLineEdit()
        self.replace.setObjectName("replaceText")
        self.replace.setPlaceholderText("Replace with (empty: delete it)")
        self.match_case = QCheckBox("Match case")
        self.whole_word = QCheckBox("Whole words")
        self.regex = QCheckBox("Regular expression")
        self.regex.setToolTip("Python syntax; the replacement may use \\1 for a group")
        options = QHBoxLayout()
        for box in (self.match_case, self.whole_word, self.regex):
            options.addWidget(box)
        options.addStretch(1)

        self.scope = QComboBox()
        self.scope.setObjectName("replaceScope")
        self._fill_scopes()

        form = QFormLayout()
        form.addRow("Find", self.find)
        form.addRow("Replace with", self.replace)
        form.addRow("", options)
        form.addRow("In", self.scope)

        remembered = self._remembered_fields()
        self.field_checks: dict[str, QCheckBox] = {}
        fields_box = QGroupBox("Fields")
        grid = QGridLayout(fields_box)
        grid.setHorizontalSpacing(16)
        per_column = (len(DEFAULT_FIELDS) + 2) // 3
        for n, key in enumerate(DEFAULT_FIELDS):
            check = QCheckBox(BY_KEY[key].label)
            check.setChecked(key in remembered)
            check.toggled.connect(self._schedule)
            self.field_checks[key] = check
            grid.addWidget(check, n % per_column, n // per_column)
        all_btn, none_btn = QPushButton("All"), QPushButton("None")
        all_btn.clicked.connect(lambda: self._tick_all(True))
        none_btn.clicked.connect(lambda: self._tick_all(False))
        row = per_column
        grid.addWidget(all_btn, row, 0, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(none_btn, row, 1, Qt.AlignmentFlag.AlignLeft)

        self.summary = QLabel()
        self.summary.setObjectName("replaceSummary")
        self.summary.setWordWrap(True)
        self.preview = QTextBrowser()
        self.preview.setObjectName("replacePreview")
        self.preview.setOpenLinks(False)

        self.status = QLabel()
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.apply_btn = QPushButton("&Replace All")
        self.apply_btn.setObjectName("replaceAll")
        self.apply_btn.clicked.connect(self.replace_all)
        close_btn = QPushButton("Close")
        close_btn.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.apply_btn)
        buttons.addWidget(close_btn)

        layout = QVBoxLayout(self)
        # A read-only catalog (locked, a read-only share, a full disk): the dialog finds and lists
        # every match; replacing is off, its controls saying why, and one line at the top.
        self.read_only_line, reason = read_only_line(self, layout, session.catalog, "replaceReadOnly",
                                                     "Text can be found, not replaced")
        self.read_only = reason is not None
        if reason:
            for widget in (self.replace, self.apply_btn):
                widget.setEnabled(False)
                widget.setToolTip(f"Nothing can be replaced: {reason}")
            self.replace.setPlaceholderText("Off: this catalog is read-only")
            self.setWindowTitle("Find")
        layout.addLayout(form)
        # On a short screen the fields' boxes scroll rather than push the buttons off it
        fields_scroll = QScrollArea()
        fields_scroll.setObjectName("replaceFields")
        fields_scroll.setWidget(fields_box)
        fields_scroll.setWidgetResizable(True)
        fields_scroll.setFrameShape(QFrame.Shape.NoFrame)
        fields_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        fields_scroll.setMinimumHeight(3 * self.fontMetrics().lineSpacing())
        fields_scroll.setMaximumHeight(fields_box.sizeHint().height())
        layout.addWidget(fields_scroll)
        layout.addWidget(self.summary)
        self.preview.setMinimumHeight(PREVIEW_MIN_LINES * self.preview.fontMetrics().lineSpacing()
                                      + 2 * self.preview.frameWidth() + 8)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        # No default button: Enter typed in Find (as in any search box), with Replace still
        # empty, deleted every match in the scope. Enter in Find goes on to Replace; Enter in
        # Replace replaces (Alt+R anywhere).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.find.returnPressed.connect(lambda: self.replace.setFocus(Qt.FocusReason.TabFocusReason))
        self.replace.returnPressed.connect(self._replace_on_enter)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        for edit in (self.find, self.replace):
            edit.textChanged.connect(self._schedule)
        for box in (self.match_case, self.whole_word, self.regex):
            box.toggled.connect(self._schedule)
        self.scope.currentIndexChanged.connect(self._schedule)
        self._show_plan()
        screen = (parent.screen() if parent is not None else None) or self.screen()
        fit_dialog(self, DIALOG_SIZE, screen.availableGeometry() if screen is not None else None)

    # -- scope and fields ------------------------------------------------------------------------

    def _fill_scopes(self) -> None:
        selected = self.session.current_ids()
        gallery = self.session.current_gallery()
        if selected:
            noun = "photo" if len(selected) == 1 else "photos"
            self.scope.addItem(f"The {len(selected):,} selected {noun}", ("selection", None))
        if gallery is not None:
            self.scope.addItem(f"Gallery \u201c{gallery.name}\u201d", ("gallery", gallery.id))
        self.scope.addItem("The whole library", ("library", None))

    def scope_ids(self) -> list[int]:
        kind, value = self.scope.currentData()
        if kind == "selection":
            return self.session.current_ids()
        if kind == "gallery":
            return self.session.catalog.gallery_item_ids(value)
        return self.session.catalog.item_ids()

    def set_scope(self, kind: str) -> bool:
        for i in range(self.scope.count()):
            if self.scope.itemData(i)[0] == kind:
                self.scope.setCurrentIndex(i)
                return True
        return False

    def fields(self) -> list[str]:
        return [k for k, c in self.field_checks.items() if c.isChecked()]

    def _tick_all(self, on: bool) -> None:
        for c in self.field_checks.values():
            c.setChecked(on)

    def _remembered_fields(self) -> set[str]:
        qs = getattr(getattr(self.session, "settings", None), "qsettings", None)
        value = qs.value(FIELDS_KEY, None) if qs is not None else None
        if isinstance(value, str):
            value = [value]
        chosen = {str(v) for v in value} & set(DEFAULT_FIELDS) if isinstance(value, list) else set()
        return chosen or set(DEFAULT_FIELDS)

    # -- searching -------------------------------------------------------------------------------

    def _schedule(self, *_: object) -> None:
        self.apply_btn.setEnabled(False)
        self._timer.start()

    def run_search(self, apply: bool = False) -> None:
        """Search now (on the task runner); with ``apply``, replace when it lands."""
        self._timer.stop()
        self._generation += 1
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.plan, self.search = [], None
        if not self.find.text():
            self._show_plan()
            return
        try:
            search = Search(self.find.text(), self.replace.text(), match_case=self.match_case.isChecked(),
                            whole_word=self.whole_word.isChecked(), regex=self.regex.isChecked())
        except ReplaceError as exc:
            self._show_plan(error=str(exc))
            return
        fields = self.fields()
        if not fields:
            self._show_plan(error="Tick at least one field to search.")
            return
        generation = self._generation
        self.summary.setText("Searching\u2026")
        self._task = self.session.tasks.submit(
            plan_task, self.session.catalog, self.scope_ids(), search, fields, name="Find and replace",
            on_result=lambda r, g=generation, s=search, a=apply: self._found(g, s, r, a),
            on_error=lambda msg, _tb, g=generation: self._search_failed(g, msg))

    def is_searching(self) -> bool:
        return self._task is not None

    def _found(self, generation: int, search: Search, result: tuple[list[Change], dict[int, str]] | None,
               apply: bool) -> None:
        if generation != self._generation or result is None:
            return
        self._task = None
        self.plan, names = result
        self.search = search
        self._names = names
        self._show_plan()
        if apply:
            self._apply()

    def _search_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._task = None
            self._show_plan(error=message)

    def _show_plan(self, error: str = "") -> None:
        self.apply_btn.setEnabled(bool(self.plan) and not self.read_only)
        if error:
            self.summary.setText(f"<span style='color:#d32f2f'>{escape(error)}</span>")
            self.preview.clear()
            return
        if self.search is None:
            self.summary.setText("Type the text to find: every match is listed here." if self.read_only else
                                 "Type the text to find: every change is listed here before anything is replaced.")
            self.preview.clear()
            return
        if not self.plan:
            self.summary.setText(f"No match for \u201c{escape(self.search.find)}\u201d in the chosen fields.")
            self.preview.clear()
            return
        items = len({c.item_id for c in self.plan})
        total = sum(c.count for c in self.plan)
        fields = sorted({c.key for c in self.plan}, key=list(BY_KEY).index)
        what = f"{total:,} match{'es' * (total != 1)}" if self.read_only else \
            f"{total:,} replacement{'s' * (total != 1)}"
        self.summary.setText(f"<b>{what} in {items:,} item{'s' * (items != 1)}</b> "
                             f"({', '.join(BY_KEY[k].label for k in fields)})"
                             + ("" if self.read_only else " \u2014 one undo step"))
        rows = []
        for change in self.plan[:PREVIEW_ROWS]:
            name = escape(self._names.get(change.item_id, f"item {change.item_id}"))
            for left, old, new, right in change.excerpts(self.search):
                if self.read_only:  # what was found, marked: nothing would replace it
                    rows.append(
                        f"<tr><td style='padding:3px 10px 3px 0'>{name}</td>"
                        f"<td style='padding:3px 10px 3px 0; color:gray'>{escape(BY_KEY[change.key].label)}</td>"
                        f"<td style='padding:3px 0'>{escape(left)}"
                        f"<span style='background:#fff3cd; color:#664d03; font-weight:bold'>{escape(old)}</span>"
                        f"{escape(right)}</td></tr>")
                    name = ""
                    continue
                rows.append(
                    f"<tr><td style='padding:3px 10px 3px 0'>{name}</td>"
                    f"<td style='padding:3px 10px 3px 0; color:gray'>{escape(BY_KEY[change.key].label)}</td>"
                    f"<td style='padding:3px 0'>{escape(left)}"
                    f"<span style='background:#f8d7da; color:#842029; text-decoration:line-through'>{escape(old)}</span>"
                    f"<span style='color:gray'> \u2192 </span>"
                    f"<span style='background:#d1e7dd; color:#0f5132; font-weight:bold'>{escape(new) or '&#8203;'}</span>"
                    f"{escape(right)}</td></tr>")
                name = ""
        more = len(self.plan) - PREVIEW_ROWS
        tail = f"<p style='color:gray'>and {more:,} more fields</p>" if more > 0 else ""
        self.preview.setHtml(f"<table cellspacing='0'>{''.join(rows)}</table>{tail}")

    def preview_text(self) -> str:
        return self.preview.toPlainText()

    # -- replacing -------------------------------------------------------------------------------

    def replace_all(self) -> None:
        """Search again (values may have changed since the preview), then replace as one step."""
        if self.read_only:
            return
        self.apply_btn.setEnabled(False)
        self.run_search(apply=True)

    def _replace_on_enter(self) -> None:
        # Typed and Enter at once: the preview's search may not have run yet; replace_all
        # searches anyway. After a replacement (nothing planned, nothing pending) Enter does
        # nothing, as the button is off: a second pass would double "X" -> "X, Y".
        if self.find.text() and (self.apply_btn.isEnabled() or self._timer.isActive() or self.is_searching()):
            self.replace_all()

    def _apply(self) -> None:
        if not self.plan or self.search is None or self.read_only:
            return
        changes = as_changes(self.plan)
        n = len(changes)
        total = sum(c.count for c in self.plan)
        self.session.edit_fields(changes, f"Replace \u201c{self.search.find}\u201d with "
                                          f"\u201c{self.search.replace}\u201d ({n} item{'s' * (n != 1)})")
        qs = getattr(getattr(self.session, "settings", None), "qsettings", None)
        if qs is not None:
            qs.setValue(FIELDS_KEY, self.fields())
        self.status.setText(f"Replaced {total:,} in {n:,} item{'s' * (n != 1)}; Edit > Undo puts them back")
        self.replaced.emit(n)
        # No new search by itself: "Bucharest" -> "Bucharest, Romania" would match again, and a
        # second Replace All would double it. Editing the text or the options searches anew.
        self.plan = []
        self.apply_btn.setEnabled(False)
        self.summary.setText(f"<b>Done:</b> {total:,} replacement{'s' * (total != 1)} in {n:,} "
                             f"item{'s' * (n != 1)}.")
        self.preview.clear()

    def done(self, result: int) -> None:
        self._generation += 1
        self._timer.stop()
        if self._task is not None:
            self._task.cancel()
            self._task = None
        super().done(result)
