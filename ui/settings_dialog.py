"""Settings: which catalog, house style, rules on/off and severity, default publication date;
on a second page, code replacements and the house dictionary (``ui.typing_settings``).

House style, rules and publication date are the catalog's settings (the CLI
gates publication with the same ones); the dialog writes them through
``Session.settings``. Opening or creating another catalog is the main window's
job: the dialog only emits ``catalog_requested``.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QRect, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import spelling, validation
from app.export.labels import SETTING_LANGUAGE, desk_language, languages
from app.house_style import available_styles
from app.model import Severity
from app.rules import RULES
from ui.house_agencies import HouseAgenciesEditor
from ui.models import fit_dialog, read_only_line
from ui.provenance import SignerBox, recheck_signed
from ui.session import Session
from ui.typing_settings import TypingSettings

DEFAULT_STYLE = "agency-native"  # what validation uses when the catalog names none
CATALOG_FILTER = "Creditline catalogs (*.sqlite *.db);;All files (*)"
SETTINGS_SIZE = (760, 720)  # the size Settings opens at on a screen with room for it


class SettingsDialog(QDialog):
    """Edit the session's settings; OK writes them, Cancel leaves everything as it was."""

    catalog_requested = Signal(str, bool)  # path, create (True: a new catalog)
    settings_applied = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Settings")
        settings = session.settings

        # -- catalog
        self.catalog_path = QLabel(str(session.catalog.path))
        self.catalog_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.catalog_path.setWordWrap(True)
        open_btn = QPushButton("Open another catalog…")
        open_btn.clicked.connect(self._open_catalog)
        new_btn = QPushButton("New catalog…")
        new_btn.clicked.connect(self._new_catalog)
        catalog_buttons = QHBoxLayout()
        catalog_buttons.addWidget(open_btn)
        catalog_buttons.addWidget(new_btn)
        catalog_buttons.addStretch(1)
        catalog_box = QGroupBox("Catalog")
        catalog_layout = QVBoxLayout(catalog_box)
        catalog_layout.addWidget(self.catalog_path)
        catalog_layout.addLayout(catalog_buttons)

        # -- checking
        self.house_style = QComboBox()
        styles = available_styles() or [DEFAULT_STYLE]
        self.house_style.addItems(styles)
        current = settings.house_style or DEFAULT_STYLE
        if current not in styles:
            self.house_style.addItem(current)  # a style from another install: keep, do not lose it
        self.house_style.setCurrentText(current)
        self.house_style.setToolTip("How credits are written when a fix renders one")

        self.fixed_date = QCheckBox("Fixed date")
        self.publish_date = QDateEdit()
        self.publish_date.setCalendarPopup(True)
        self.publish_date.setDisplayFormat("yyyy-MM-dd")
        stored = settings.publish_date
        date = QDate.fromString(stored, "yyyy-MM-dd") if stored else QDate()
        self.fixed_date.setChecked(date.isValid())
        self.publish_date.setDate(date if date.isValid() else QDate.currentDate())
        self.publish_date.setEnabled(date.isValid())
        self.fixed_date.toggled.connect(self.publish_date.setEnabled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.fixed_date)
        date_row.addWidget(self.publish_date)
        date_row.addStretch(1)
        date_hint = QLabel("Embargoes and “today” in captions are judged against this date;"
                           " without a fixed date, against the day of checking.")
        date_hint.setWordWrap(True)
        date_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.agencies = HouseAgenciesEditor(settings.house_agencies)

        # The credit sheet's labels (PDF, CSV, HTML) in the desk's language: data, one table a language.
        self.desk_language = QComboBox()
        for code, name in languages().items():
            self.desk_language.addItem(f"{name}, US and UK spellings ({code})" if code == "en" else f"{name} ({code})",
                                       code)
            if code == "en":  # a desk that writes one English: the other's spellings are flagged
                for region, (_dic, said) in spelling.VARIANTS.items():
                    self.desk_language.addItem(f"{said} ({region})", region)
        self.desk_language.setCurrentIndex(max(0, self.desk_language.findData(spelling.desk_code(session.catalog))))
        self.desk_language.setToolTip("The language of the credit sheet's labels and column names (PDF, CSV, HTML "
                                      "exports), and of the captions' spelling on a German, Spanish or French desk; the "
                                      "findings' messages stay in English")
        # Whether the desk's captions are checked in its language: a dictionary is the system's.
        self.desk_spelling = QLabel()
        self.desk_spelling.setObjectName("deskSpelling")
        self.desk_spelling.setWordWrap(True)
        self.desk_spelling.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.desk_language.currentIndexChanged.connect(self._show_desk_spelling)
        self._show_desk_spelling()

        checking_box = QGroupBox("Checking")
        form = QFormLayout(checking_box)
        form.addRow("House style", self.house_style)
        form.addRow("Publication date", date_row)
        form.addRow("", date_hint)
        form.addRow("Our agencies", self.agencies)
        form.addRow("Desk language", self.desk_language)
        form.addRow("", self.desk_spelling)

        # -- rules
        self.rules = QTableWidget(len(RULES), 3)
        self.rules.setHorizontalHeaderLabels(["Rule", "Group", "Severity"])
        self.rules.verticalHeader().hide()
        self.rules.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rules.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.rules.setAlternatingRowColors(True)
        header = self.rules.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        config = settings.rules
        self._severity_boxes: dict[str, QComboBox] = {}
        self._rule_items: dict[str, QTableWidgetItem] = {}
        for row, r in enumerate(sorted(RULES.values(), key=lambda r: (r.family, r.title))):
            chosen = config.get(r.id, {})
            name = QTableWidgetItem(r.title)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked if chosen.get("enabled", True) else Qt.CheckState.Unchecked)
            name.setToolTip(f"{r.id}: {r.description}")
            name.setData(Qt.ItemDataRole.UserRole, r.id)
            self.rules.setItem(row, 0, name)
            family = QTableWidgetItem(r.family + (" (gallery)" if r.scope == "gallery" else ""))
            family.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.rules.setItem(row, 1, family)
            box = QComboBox()
            for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
                label = sev.value.capitalize() + (" (default)" if sev is r.severity else "")
                box.addItem(label, sev.value)
            box.setCurrentIndex(box.findData(chosen.get("severity") or r.severity.value))
            self.rules.setCellWidget(row, 2, box)
            self._severity_boxes[r.id] = box
            self._rule_items[r.id] = name
        self.rules.resizeRowsToContents()
        rules_box = QGroupBox("Rules")
        rules_layout = QVBoxLayout(rules_box)
        rules_layout.addWidget(self.rules)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        # -- typing aids (code replacements, house dictionary): a second page
        self.typing = TypingSettings(session)
        checking_page = QWidget()
        checking_layout = QVBoxLayout(checking_page)
        checking_layout.addWidget(catalog_box)
        checking_layout.addWidget(checking_box)
        checking_layout.addWidget(rules_box, 1)
        self.tabs = QTabWidget()
        # Each page scrolls inside its tab: on a short screen nothing is cut off below the fold.
        self.tabs.addTab(_scrolling(checking_page), "Catalog and Checking")
        self.tabs.addTab(_scrolling(self.typing), "Codes and Spelling")
        # -- Content Credentials (C2PA): the signer re-signing uses, the trust list: a third page
        self.signer = SignerBox(session.catalog, self)
        self.signer_page = QWidget()
        signer_layout = QVBoxLayout(self.signer_page)
        signer_layout.addWidget(self.signer)
        signer_layout.addStretch(1)
        self.tabs.addTab(_scrolling(self.signer_page), "Content Credentials")

        layout = QVBoxLayout(self)
        # A read-only catalog (locked, a read-only share, a full disk): its settings are shown as
        # they are, nothing can be changed, and one line at the top says why (app.unstored).
        self.read_only_line, reason = read_only_line(self, layout, session.catalog, "settingsReadOnly",
                                                     "Settings can be viewed, not changed")
        self.read_only = reason is not None
        if reason:
            self._view_only((checking_box, rules_box, self.typing, self.signer))
            buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        screen = (parent.screen() if parent is not None else None) or self.screen()
        self.fit_to(screen.availableGeometry() if screen is not None else None)

    def fit_to(self, area: QRect | None) -> None:
        """Open at SETTINGS_SIZE, smaller where the screen's free ``area`` (less the window
        frame) has not the room; placed inside it. The pages scroll when that is short."""
        fit_dialog(self, SETTINGS_SIZE, area)

    def show_page(self, page: QWidget) -> None:
        """Bring the tab holding ``page`` to the front."""
        for i in range(self.tabs.count()):
            tab = self.tabs.widget(i)
            if tab is page or (isinstance(tab, QScrollArea) and tab.widget() is page):
                self.tabs.setCurrentIndex(i)
                return

    def _view_only(self, pages: tuple[QWidget, ...]) -> None:
        """Every control on ``pages`` shows its value and takes no change: lists and tables stay
        enabled (they scroll and select), text stays selectable, the rest is off."""
        for page in pages:
            for w in page.findChildren(QWidget):
                if isinstance(w, QLineEdit):
                    w.setReadOnly(True)
                elif isinstance(w, (QComboBox, QAbstractButton, QAbstractSpinBox)):
                    w.setEnabled(False)
                elif isinstance(w, QAbstractItemView):
                    w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for item in self._rule_items.values():
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)

    # -- results ---------------------------------------------------------------------------------

    def rules_config(self) -> dict[str, dict[str, object]]:
        """Only what differs from each rule's defaults, so new defaults reach old catalogs."""
        out: dict[str, dict[str, object]] = {}
        for rule_id, item in self._rule_items.items():
            entry: dict[str, object] = {}
            if item.checkState() != Qt.CheckState.Checked:
                entry["enabled"] = False
            severity = self._severity_boxes[rule_id].currentData()
            if severity != RULES[rule_id].severity.value:
                entry["severity"] = severity
            if entry:
                out[rule_id] = entry
        return out

    def accept(self) -> None:
        if self.read_only:  # nothing could be changed: nothing is stored
            self.reject()
            return
        problem = self.typing.validate()
        if problem is not None:
            self.show_page(self.typing)
            QMessageBox.warning(self, "Settings", problem)
            return
        # A signer typed here that cannot sign: nothing is stored, the dialog stays open on the
        # line that says why. (One set earlier whose files have gone does not block the rest.)
        if self.signer.changed() and self.signer.problem():
            self.show_page(self.signer_page)
            self.signer.update_status()
            self.signer.status.setFocus()
            return
        if self.signer.apply():  # the trust list changed: the signed photos are judged again
            ids = recheck_signed(self.session.catalog)
            if ids:
                self.session.items_changed.emit(ids)
        s = self.session.settings
        style = self.house_style.currentText()
        date = self.publish_date.date().toString("yyyy-MM-dd") if self.fixed_date.isChecked() else None
        rules = self.rules_config()
        agencies = self.agencies.agencies()
        changed = (style != (s.house_style or DEFAULT_STYLE), date != s.publish_date, rules != s.rules,
                   agencies != s.house_agencies)
        if changed[0]:
            s.house_style = style
        if changed[1]:
            s.publish_date = date
        if changed[2]:
            s.rules = rules
        if changed[3]:
            s.house_agencies = agencies
        chosen = str(self.desk_language.currentData())
        language, variant = chosen.split("-")[0], spelling.variant_named(chosen)
        desk_changed = language != desk_language(self.session.catalog)
        if desk_changed:
            # The labels, and a German, Spanish or French desk's spelling: findings made under the old
            # language go stale, and the live spell check takes the new one up.
            validation.change_setting(self.session.catalog, SETTING_LANGUAGE, language)
            s.changed.emit(SETTING_LANGUAGE)
        if validation.change_setting(self.session.catalog, spelling.SETTING_VARIANT, variant):
            desk_changed = True  # English in one spelling (or both again): findings go stale likewise
            s.changed.emit(spelling.SETTING_VARIANT)
        if self.typing.apply() or any(changed) or desk_changed:
            self._recheck()
        self.settings_applied.emit()
        super().accept()

    def _show_desk_spelling(self) -> None:
        chosen = str(self.desk_language.currentData())
        # English: which dictionary, the US and UK ones or one of them (race38: en-GB was en, unsaid)
        note = spelling.desk_note(chosen) or spelling.english_note(spelling.variant_named(chosen))
        self.desk_spelling.setText(note[0].upper() + note[1:] + "." if note else "")
        self.desk_spelling.setVisible(bool(note))

    def _recheck(self) -> None:
        """Findings of what the editor is looking at follow the new settings at once."""
        self.session.recheck_shown()

    # -- catalog ---------------------------------------------------------------------------------

    def _open_catalog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open catalog", str(self.session.catalog.path.parent),
                                              CATALOG_FILTER)
        if path:
            self.catalog_requested.emit(path, False)

    def _new_catalog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New catalog", str(self.session.catalog.path.parent /
                                                                      "catalog.sqlite"), CATALOG_FILTER)
        if path:
            self.catalog_requested.emit(path, True)


def _scrolling(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)  # the page fills the tab when there is room, scrolls when not
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
