"""Settings > Typing: the catalog's code replacements and house dictionary.

Nothing is written until the settings dialog's OK (``apply``); Cancel leaves both as they
were. Codes come from a Photo Mechanic code replacement file (``app.codes``), which replaces
the ones before (the newest file wins, as in Photo Mechanic).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import codes, spelling, validation

CODE_FILTER = "Code replacement files (*.txt *.tsv *.tab);;All files (*)"
SHOWN_COLUMNS = 3  # replacement columns in the table; more are joined in the last one


def _muted(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class TypingSettings(QWidget):
    """Code replacements and the house dictionary of the session's catalog."""

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.table_data = codes.load(session.catalog)
        self._stored_codes = self.table_data.to_json()
        self._stored_words = spelling.house_words(session.catalog)

        # -- code replacements
        self.code_source = QLabel()
        self.delimiter = QLineEdit(self.table_data.delimiter)
        self.delimiter.setObjectName("codeDelimiter")
        self.delimiter.setMaxLength(1)
        self.delimiter.setFixedWidth(self.delimiter.fontMetrics().horizontalAdvance("MM") + 16)
        self.delimiter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.delimiter.setToolTip("The character around a code: =vg= with the default")
        import_btn = QPushButton("Import File\u2026")
        import_btn.setObjectName("importCodes")
        import_btn.clicked.connect(self._choose_file)
        clear_btn = QPushButton("Clear")
        clear_btn.clicked.connect(self.clear_codes)
        top = QHBoxLayout()
        top.addWidget(self.code_source, 1)
        top.addWidget(QLabel("Delimiter"))
        top.addWidget(self.delimiter)
        top.addWidget(import_btn)
        top.addWidget(clear_btn)
        self.code_error = QLabel()
        self.code_error.setObjectName("codeError")
        self.code_error.setStyleSheet("color: #d32f2f;")
        self.code_error.hide()
        self.codes_view = QTableWidget(0, 1 + SHOWN_COLUMNS)
        self.codes_view.setObjectName("codesTable")
        self.codes_view.setHorizontalHeaderLabels(["Code", "Replacement", "#2", "#3 and more"])
        self.codes_view.verticalHeader().hide()
        self.codes_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.codes_view.setAlternatingRowColors(True)
        header = self.codes_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for c in range(1, 1 + SHOWN_COLUMNS):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        codes_box = QGroupBox("Code replacements")
        codes_layout = QVBoxLayout(codes_box)
        codes_layout.addLayout(top)
        codes_layout.addWidget(self.code_error)
        codes_layout.addWidget(self.codes_view, 1)
        codes_layout.addWidget(_muted(QLabel(
            "Type a code between delimiters in any text field, <b>=vg=</b>, and it becomes its replacement as"
            " you type; <b>=vg#2=</b> gives the second one. The file is Photo Mechanic's: one code a line,"
            " a tab, then its replacements separated by tabs; lines starting with // are comments."
            " <code>creditline set</code> and templates expand the same codes.")))

        # -- house dictionary
        self.words = QListWidget()
        self.words.setObjectName("houseWords")
        self.words.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.words.addItems(self._stored_words)
        self.new_word = QLineEdit()
        self.new_word.setObjectName("newWord")
        self.new_word.setPlaceholderText("A word spell checking should know")
        # Enter adds the word, and stops there: it also reached the dialog's OK, which closed
        # Settings after every word. An empty box lets Enter through (OK, as anywhere else).
        self.new_word.installEventFilter(self)
        add_btn = QPushButton("Add")
        add_btn.clicked.connect(self.add_word)
        remove_btn = QPushButton("Remove")
        remove_btn.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.new_word, 1)
        row.addWidget(add_btn)
        row.addWidget(remove_btn)
        why = spelling.available()
        words_box = QGroupBox("House dictionary")
        words_layout = QVBoxLayout(words_box)
        words_layout.addWidget(self.words, 1)
        words_layout.addLayout(row)
        words_layout.addWidget(_muted(QLabel(
            (f"<b>{why[0].upper() + why[1:]}.</b> " if why else "")
            + "Words never flagged by spell checking (captions, headlines, titles, instructions). Names and"
            " places the catalog already holds and the agencies of the registry are known without being"
            " added; right click a flagged word and choose Add to Dictionary to add it here.")))

        layout = QVBoxLayout(self)
        layout.addWidget(codes_box, 3)
        layout.addWidget(words_box, 2)
        self._show_codes()

    # -- codes -----------------------------------------------------------------------------------

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import code replacements", str(Path.home()), CODE_FILTER)
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> bool:
        """Read a code file into the table (written on OK); a bad file leaves the table as it was."""
        repeated: list[str] = []
        try:
            found = codes.read_code_file(path, repeated)
        except codes.CodeFileError as exc:
            self.code_error.setText(str(exc))
            self.code_error.show()
            return False
        if repeated:  # imported all the same (the later line wins, as in Photo Mechanic): said
            more = f" (and {len(repeated) - 1} more)" if len(repeated) > 1 else ""
            self.code_error.setText(f"Imported; {repeated[0]}{more}.")
            self.code_error.setToolTip("\n".join(repeated))
            self.code_error.show()
        else:
            self.code_error.hide()
        self.table_data = codes.CodeTable(found, self.table_data.delimiter, Path(path).name)
        self._show_codes()
        return True

    def clear_codes(self) -> None:
        self.table_data = codes.CodeTable({}, self.table_data.delimiter)
        self._show_codes()

    def _show_codes(self) -> None:
        t = self.table_data
        self.code_source.setText(f"<b>{len(t):,} code{'s' * (len(t) != 1)}</b>"
                                 + (f" from {t.source}" if t.source else "") if t else "No codes yet")
        rows = sorted(t.codes.items(), key=lambda kv: kv[0].casefold())
        self.codes_view.setRowCount(len(rows))
        for r, (code, values) in enumerate(rows):
            cells = [code, *values[:SHOWN_COLUMNS - 1]]
            if len(values) >= SHOWN_COLUMNS:
                cells.append("  |  ".join(values[SHOWN_COLUMNS - 1:]))
            for c in range(1 + SHOWN_COLUMNS):
                item = QTableWidgetItem(cells[c] if c < len(cells) else "")
                item.setToolTip(item.text())
                self.codes_view.setItem(r, c, item)

    def code_table(self) -> codes.CodeTable:
        """The table as it would be saved (raises ValueError for a bad delimiter)."""
        return codes.CodeTable(self.table_data.codes, self.delimiter.text() or codes.DEFAULT_DELIMITER,
                               self.table_data.source)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (watched is self.new_word and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.new_word.text().strip()):
            self.add_word()
            return True
        return super().eventFilter(watched, event)

    # -- words -----------------------------------------------------------------------------------

    def word_list(self) -> list[str]:
        return [self.words.item(i).text() for i in range(self.words.count())]

    def add_word(self) -> None:
        word = self.new_word.text().strip()
        if not word or any(c.isspace() for c in word):
            return
        if word.casefold() not in {w.casefold() for w in self.word_list()}:
            words = sorted([*self.word_list(), word], key=str.casefold)
            self.words.clear()
            self.words.addItems(words)
        self.new_word.clear()

    def remove_selected(self) -> None:
        for item in self.words.selectedItems():
            self.words.takeItem(self.words.row(item))

    # -- OK --------------------------------------------------------------------------------------

    def validate(self) -> str | None:
        try:
            self.code_table()
        except ValueError as exc:
            return str(exc)
        return None

    def apply(self) -> bool:
        """Write what changed; True when the spelling words changed (findings go stale)."""
        catalog = self.session.catalog
        table = self.code_table()
        if table.to_json() != self._stored_codes:
            codes.save(catalog, table)
            self.session.settings.changed.emit(codes.SETTING)
        words = self.word_list()
        if words != self._stored_words:
            validation.change_setting(catalog, spelling.SETTING_WORDS, words)
            self.session.settings.changed.emit(spelling.SETTING_WORDS)
            return True
        return False
