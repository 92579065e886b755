"""The metadata templates dialog (Photo Mechanic's "stationery pad").

A template is a named set of field values with a tick per field; applying it
writes the ticked fields to every selected item as one undo step, expanding
``{photographer}``, ``{agency}``, ``{date}`` and ``{city}`` per item
(``app.templates``). Templates are stored in the catalog.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import codes
from app.fields import FIELDS, Kind, normalize_value
from app.fixes import as_text
from app.model import Value
from app.templates import VARIABLES, Template, format_date, template_changes
from ui.models import read_only_line, read_only_notice
from ui.session import Session

PREVIEW_LINES = 6  # the preview's fixed height, in lines


class TemplatesDialog(QDialog):
    """Edit, save and apply metadata templates."""

    applied = Signal(int)  # number of items changed

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Metadata templates")
        self.resize(860, 640)
        self._loading = False
        self._loaded_name: str | None = None  # the stored name of the template in the form
        self.read_only = read_only_notice(session.catalog) is not None

        # -- left: the stored templates
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._on_pick)
        self.new_btn = QPushButton("New")
        self.new_btn.clicked.connect(self.new_template)
        self.delete_btn = QPushButton("Delete")
        self.delete_btn.clicked.connect(self.delete_template)
        left_buttons = QHBoxLayout()
        left_buttons.addWidget(self.new_btn)
        left_buttons.addWidget(self.delete_btn)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Templates</b>"))
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(left_buttons)

        # -- right: the form, built from the field table
        self.name = QLineEdit()
        self.name.setPlaceholderText("Template name, e.g. Reuters take")
        self.checks: dict[str, QCheckBox] = {}
        self.values: dict[str, QLineEdit | QPlainTextEdit] = {}
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(6)
        for row, f in enumerate(FIELDS):
            check = QCheckBox(f.label)
            check.setToolTip("Ticked fields are written when the template is applied")
            editor: QLineEdit | QPlainTextEdit
            if f.key == "caption":
                editor = QPlainTextEdit()
                editor.setTabChangesFocus(True)
                editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 3 + 12)
                editor.textChanged.connect(lambda k=f.key: self._on_value_edited(k))
            else:
                editor = QLineEdit()
                editor.textEdited.connect(lambda _t, k=f.key: self._on_value_edited(k))
                if f.is_list:
                    editor.setPlaceholderText("separate with ;")
                elif f.kind is Kind.DATE:
                    editor.setPlaceholderText("YYYY-MM-DD or {date}")
                elif f.key == "copyright":
                    editor.setPlaceholderText("e.g. \u00a9 {year} {agency}")
            check.toggled.connect(self._update_preview)
            self.checks[f.key] = check
            self.values[f.key] = editor
            align = Qt.AlignmentFlag.AlignTop if f.key == "caption" else Qt.AlignmentFlag.AlignVCenter
            grid.addWidget(check, row, 0, align)
            grid.addWidget(editor, row, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)

        # Dates are written in the house style's language (else the desk's): the examples are too.
        words = session.date_words()
        dates = ", ".join(f"<code>{{date:{name}}}</code> ({escape(format_date('2025-09-09', name, words))})"
                          for name in ("long", "short", "weekday"))
        hint = QLabel("Values may use " + " ".join(f"<code>{{{v}}}</code>" for v in VARIABLES)
                      + f", dates such as {dates} in the desk's language (or the house style's own), and code replacements"
                      " (<code>=code=</code>): they are filled in for each photo.")
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.preview = QLabel()
        self.preview.setObjectName("templatePreview")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.preview.setContentsMargins(6, 6, 6, 6)
        # The preview has a place of its own, of a fixed height (scrolling when a template writes
        # many fields): growing with each typed value, it pushed the form under the pointer.
        self.preview_box = QScrollArea()
        self.preview_box.setObjectName("templatePreviewBox")
        self.preview_box.setWidgetResizable(True)
        self.preview_box.setWidget(self.preview)
        self.preview_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview_box.setFixedHeight(self.preview.fontMetrics().lineSpacing() * PREVIEW_LINES + 16)
        self.preview_box.setStyleSheet("QScrollArea#templatePreviewBox { background: palette(alternate-base);"
                                       " border: 1px solid palette(mid); }"
                                       " QLabel#templatePreview { background: palette(alternate-base); }")

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel("Name"))
        name_row.addWidget(self.name, 1)
        right_layout.addLayout(name_row)
        right_layout.addWidget(scroll, 1)
        right_layout.addWidget(hint)
        right_layout.addWidget(self.preview_box)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 640])

        self.save_btn = QPushButton("Save template")
        self.save_btn.clicked.connect(self.save_template)
        self.apply_btn = QPushButton()
        # Not the default button: Enter typed in the name or a field (to end it, as in the
        # inspector) wrote the half-made template into every selected photo.
        self.apply_btn.clicked.connect(self.apply_to_selection)
        close_btn = QPushButton("Close")
        close_btn.clicked.connect(self.accept)
        self.status = QLabel()
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_btn)
        buttons.addWidget(self.apply_btn)
        buttons.addWidget(close_btn)

        layout = QVBoxLayout(self)
        # A read-only catalog (locked, a read-only share, a full disk): its templates are shown
        # as they are, and what each would write to the selection; nothing is saved or applied,
        # and one line at the top says why (as Settings does).
        self.read_only_line, reason = read_only_line(self, layout, session.catalog, "templatesReadOnly",
                                                     "Templates can be viewed, not saved or applied")
        if reason:
            self._view_only(f"Off: {reason}")
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # else the dialog makes the first one (New) the default

        self.name.textEdited.connect(lambda _t: self._update_buttons())
        # Bound methods, dropped in done(): a lambda outlives the dialog (deleted on close) and
        # every later selection change then reached its deleted buttons.
        session.current_changed.connect(self._on_selection)
        session.items_changed.connect(self._update_preview)
        self.reload()

    def _view_only(self, tip: str) -> None:
        """Every value shown, none editable; the buttons that would store something off, ``tip``
        saying why. The list stays on: picking a template shows it."""
        for editor in self.values.values():
            editor.setReadOnly(True)
        self.name.setReadOnly(True)
        for check in self.checks.values():
            check.setEnabled(False)
        for button in (self.new_btn, self.delete_btn, self.save_btn, self.apply_btn):
            button.setEnabled(False)
            button.setToolTip(tip)

    def done(self, result: int) -> None:
        for signal, slot in ((self.session.current_changed, self._on_selection),
                             (self.session.items_changed, self._update_preview)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass  # already disconnected (done() may run twice)
        super().done(result)

    def _on_selection(self, _ids: object = None) -> None:
        self._update_buttons()
        self._update_preview()

    # -- templates -------------------------------------------------------------------------------

    def reload(self, select: str | None = None) -> None:
        templates = self.session.catalog.templates()
        self._loading = True
        try:
            self.list.clear()
            for t in templates:
                QListWidgetItem(t.name, self.list)
        finally:
            self._loading = False
        names = [t.name for t in templates]
        if select in names:
            self.list.setCurrentRow(names.index(select))
        elif names:
            self.list.setCurrentRow(0)
        else:
            self.show_template(Template("", {}, []))
        self._update_buttons()

    def show_template(self, t: Template) -> None:
        self._loading = True
        try:
            self._loaded_name = t.name or None
            self.name.setText(t.name)
            for f in FIELDS:
                text = as_text(t.values.get(f.key))
                editor = self.values[f.key]
                if isinstance(editor, QPlainTextEdit):
                    editor.setPlainText(text)
                else:
                    editor.setText(text)
                self.checks[f.key].setChecked(f.key in t.enabled)
        finally:
            self._loading = False
        self._update_buttons()
        self._update_preview()

    def current_template(self) -> Template:
        values: dict[str, Value] = {}
        for f in FIELDS:
            editor = self.values[f.key]
            text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
            if text.strip():
                values[f.key] = normalize_value(f.key, text)
        enabled = [k for k, c in self.checks.items() if c.isChecked()]
        return Template(self.name.text().strip(), values, enabled)

    def new_template(self) -> None:
        self.list.setCurrentRow(-1)
        self.show_template(Template("", {}, []))
        self.name.setFocus()

    def save_template(self) -> bool:
        if self.read_only:
            return False
        t = self.current_template()
        if not t.name:
            self.status.setText("Give the template a name first")
            return False
        if t.problems():
            self.status.setText(t.problems()[0])
            return False
        if t.name != self._loaded_name and t.name in {x.name for x in self.session.catalog.templates()}:
            answer = QMessageBox.question(self, "Replace template",
                                          f"A template named \u201c{t.name}\u201d exists. Replace it?")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.session.catalog.save_template(t)
        if self._loaded_name and self._loaded_name != t.name:  # renamed: the old name goes
            self.session.catalog.delete_template(self._loaded_name)
        self.reload(select=t.name)
        self.status.setText(f"Saved \u201c{t.name}\u201d")
        return True

    def delete_template(self) -> None:
        if not self._loaded_name or self.read_only:
            return
        self.session.catalog.delete_template(self._loaded_name)
        self.status.setText(f"Deleted \u201c{self._loaded_name}\u201d")
        self.reload()

    def apply_to_selection(self) -> int:
        ids = self.session.current_ids()
        t = self.current_template()
        if not ids or not t.enabled or self.read_only:
            return 0
        count = self.session.apply_template(t, ids)
        self.status.setText(f"Changed {count} of {len(ids)} selected item{'s' if len(ids) != 1 else ''}"
                            if count else "The selection already has these values")
        self.applied.emit(count)
        return count

    # -- reactions -------------------------------------------------------------------------------

    def _on_pick(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        if self._loading or current is None:
            return
        for t in self.session.catalog.templates():
            if t.name == current.text():
                self.show_template(t)
                return

    def _on_value_edited(self, key: str) -> None:
        if self._loading:
            return
        # Typing a value means the user wants it applied; unticking stays possible.
        self.checks[key].setChecked(True)
        self._update_preview()

    def _update_buttons(self) -> None:
        n = len(self.session.current_ids())
        self.apply_btn.setText(f"Apply to {n} selected" if n else "Apply to selection")
        self.apply_btn.setEnabled(n > 0 and not self.read_only)
        self.delete_btn.setEnabled(bool(self._loaded_name) and not self.read_only)

    def _update_preview(self, *_: object) -> None:
        if self._loading:
            return
        ids = self.session.current_ids()
        t = self.current_template()
        if not t.enabled:
            if self.read_only:  # nothing can be ticked: say what there is instead
                self.preview.setText("<i>This template writes no field.</i>" if self.list.count()
                                     else "<i>This catalog has no templates.</i>")
            else:
                self.preview.setText("<i>Tick the fields this template should write.</i>")
            return
        if not ids:
            self.preview.setText("<i>Select photos in the main window to apply this template.</i>")
            return
        items = self.session.catalog.items(ids[:1])
        if not items:
            self.preview.clear()
            return
        changes = template_changes(t, items, self.session.registry, codes.load(self.session.catalog),
                                   self.session.date_words()).get(items[0].id, {})
        labels = {f.key: f.label for f in FIELDS}
        if not changes:
            self.preview.setText("<b>First selected item:</b> already has these values.")
            return
        rows = "".join(f"<tr><td style='padding-right:8px'>{escape(labels[k])}</td>"
                       f"<td>{escape(as_text(v)) or '<i>(blank)</i>'}</td></tr>" for k, v in changes.items())
        self.preview.setText(f"<b>First selected item would get:</b><table>{rows}</table>")
