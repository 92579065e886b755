"""Content Credentials (C2PA), digital source type and the signer in the desktop app.

- ``draw_provenance_badge``: the "CR" pill the grid and the table draw on a photo that has
  Content Credentials (green tick: valid; slate "?": intact, signer not trusted; red cross:
  invalid; red "!": unreadable). A photo without them gets none.
- ``ProvenancePanel``: the inspector's line under the preview, with the details on demand.
- ``attach_source_type_picker``: the digital source type field says in plain words what its
  URI means, and a menu picks a value from IPTC's vocabulary.
- ``SignerBox``: the Settings dialog's signer and trust list.
- ``ask_signed_mode``: before writing, what to do with photos whose Content Credentials a
  write would break.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import provenance as pv
from app.model import Item

BADGE_COLORS = {"valid": QColor("#1e8e3e"), "untrusted": QColor("#5f6b7a"), "invalid": QColor("#d93025"),
                "unreadable": QColor("#b3261e")}
BADGE_WORDS = {"valid": "Content Credentials valid", "untrusted": "Content Credentials intact, signer not trusted",
               "invalid": "Content Credentials invalid", "unreadable": "Content Credentials unreadable"}

_PILLS: dict[tuple[str, int, float], QPixmap] = {}


def draw_provenance_badge(p: QPainter, left: float, bottom: float, height: float, state: str | None) -> float:
    """The "CR" pill with its left-bottom corner at (left, bottom); nothing for no state. Returns
    the width drawn (0 for none), so what sits beside it (the "not written" chip) moves over."""
    if not state:
        return 0.0
    dpr = p.device().devicePixelRatioF() if p.device() else 1.0
    key = (state, int(height), dpr)
    pm = _PILLS.get(key)
    if pm is None:
        pm = _pill(state, height, dpr)
        _PILLS[key] = pm
    p.drawPixmap(int(left), int(bottom - pm.height() / dpr), pm)
    return pm.width() / dpr


def _pill(state: str, height: float, dpr: float) -> QPixmap:
    font = QFont()
    font.setBold(True)
    font.setPixelSize(max(8, int(height * 0.58)))
    from PySide6.QtGui import QFontMetricsF  # noqa: PLC0415

    fm = QFontMetricsF(font)
    glyph = height * 0.62
    width = height * 0.45 + fm.horizontalAdvance("CR") + height * 0.25 + glyph + height * 0.4
    pm = QPixmap(int(width * dpr) + 2, int(height * dpr) + 2)
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    bp = QPainter(pm)
    bp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    bp.setPen(QPen(QColor(255, 255, 255, 230), max(1.2, height / 12)))
    bp.setBrush(BADGE_COLORS.get(state, BADGE_COLORS["untrusted"]))
    bp.drawRoundedRect(QRectF(0.5, 0.5, width, height), height / 2.2, height / 2.2)
    bp.setPen(QColor("white"))
    bp.setFont(font)
    text_x = height * 0.45
    bp.drawText(QRectF(text_x, 0, fm.horizontalAdvance("CR") + 1, height), int(Qt.AlignmentFlag.AlignCenter), "CR")
    # A glyph as well as a colour: the state must not rely on colour vision alone.
    gx = text_x + fm.horizontalAdvance("CR") + height * 0.25
    gy = (height - glyph) / 2
    bp.setPen(QPen(QColor("white"), max(1.4, height / 7), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    if state == "valid":
        path = QPainterPath()
        path.moveTo(gx, gy + glyph * 0.55)
        path.lineTo(gx + glyph * 0.38, gy + glyph * 0.9)
        path.lineTo(gx + glyph, gy + glyph * 0.1)
        bp.setBrush(Qt.BrushStyle.NoBrush)
        bp.drawPath(path)
    elif state == "invalid":
        bp.drawLine(int(gx), int(gy + glyph * 0.1), int(gx + glyph * 0.8), int(gy + glyph * 0.9))
        bp.drawLine(int(gx), int(gy + glyph * 0.9), int(gx + glyph * 0.8), int(gy + glyph * 0.1))
    else:
        bp.setFont(font)
        bp.drawText(QRectF(gx - 2, 0, glyph + 4, height), int(Qt.AlignmentFlag.AlignCenter),
                    "?" if state == "untrusted" else "!")
    bp.end()
    return pm


def badge_pixmap(state: str, height: int = 18) -> QPixmap:
    return _pill(state, height, 1.0)


# -- the inspector's line ---------------------------------------------------------------------------

class ProvenancePanel(QWidget):
    """Content Credentials of the selection: a badge and a line; Details… opens the reading."""

    def __init__(self, catalog_of: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("provenancePanel")
        self._catalog_of = catalog_of  # () -> the session's current catalog
        self._items: list[Item] = []
        self.badge = QLabel()
        self.badge.setObjectName("provenanceBadge")
        self.text = QLabel()
        self.text.setObjectName("provenanceText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPushButton("Details…")
        self.details.setObjectName("provenanceDetails")
        self.details.setFlat(True)
        self.details.setCursor(Qt.CursorShape.PointingHandCursor)
        self.details.clicked.connect(self.show_details)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 0, 10, 0)
        row.setSpacing(6)
        row.addWidget(self.badge)
        row.addWidget(self.text, 1)
        row.addWidget(self.details)
        self.hide()

    def show_items(self, items: list[Item]) -> None:
        self._items = [it for it in items if it.kind == "photo"]
        if not self._items:
            self.hide()
            return
        states = Counter(it.c2pa_state for it in self._items)
        if len(self._items) == 1:
            state = self._items[0].c2pa_state
            p = self._catalog_of().provenance(self._items[0].id) if state else None
            line = escape(pv.STATE_LABELS.get(state, state or ""))
            if p is not None and p.signer:
                line += f" — signed by {escape(p.signer)}"
            if p is not None and p.state == "invalid" and p.codes:
                line += f" <span style='color:gray'>({escape(', '.join(p.codes))})</span>"
            if state == "unreadable" and p is not None:
                line += f" <span style='color:gray'>({escape(p.reason)})</span>"
            if p is not None and p.source_type and pv.is_generated(p.source_type):
                line += f"<br>The credentials declare it: {escape(pv.source_type_label(p.source_type))}"
        else:
            state = next((s for s in ("invalid", "unreadable", "untrusted", "valid") if states.get(s)), None)
            signed = sum(n for s, n in states.items() if s)
            parts = [f"{states[s]} {pv.STATE_WORDS[s]}" for s in ("valid", "untrusted", "invalid", "unreadable")
                     if states.get(s)]
            line = (f"Content Credentials: {signed:,} of {len(self._items):,} photos signed"
                    + (f" ({', '.join(parts)})" if parts else ""))
        if state:
            self.badge.setPixmap(badge_pixmap(state))
            self.badge.setToolTip(BADGE_WORDS[state])
            self.badge.show()
        else:
            self.badge.hide()
        self.text.setText(line)
        self.details.setVisible(any(it.c2pa_state for it in self._items))
        self.show()

    def show_details(self) -> None:
        """The full reading of each signed photo shown (the first 20)."""
        from app.commands.provenance import describe  # noqa: PLC0415 - the CLI's wording, one place

        signed = [it for it in self._items if it.c2pa_state][:20]
        readings = self._catalog_of().provenance_many([it.id for it in signed])
        blocks = []
        for it in signed:
            name = Path(it.path).name if it.path else f"item {it.id}"
            blocks.append(f"{name}\n{describe(readings.get(it.id))}")
        dlg = QDialog(self)
        dlg.setWindowTitle("Content Credentials")
        dlg.resize(640, 420)
        view = QPlainTextEdit("\n\n".join(blocks))
        view.setObjectName("provenanceDetailsText")
        view.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dlg.reject)
        layout = QVBoxLayout(dlg)
        layout.addWidget(view)
        layout.addWidget(buttons)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dlg
        dlg.open()


# -- the digital source type field ------------------------------------------------------------------

def attach_source_type_picker(field_editor: Any) -> QLabel:
    """Under the digital source type field, what it means in plain words; beside it a menu of
    IPTC's vocabulary that sets the URI (an edit like typing, saved and undoable the same way)."""
    editor = field_editor.editor
    hint = QLabel()
    hint.setObjectName("sourceTypeLabel")
    hint.setWordWrap(True)
    pal = hint.palette()
    pal.setColor(QPalette.ColorRole.WindowText, pal.color(QPalette.ColorRole.PlaceholderText))
    hint.setPalette(pal)

    def update(text: str) -> None:
        label = pv.source_type_label(text)
        if label and pv.is_generated(text):
            label += " — the caption must disclose it"
        hint.setText(label)
        hint.setVisible(bool(label))

    editor.textChanged.connect(update)
    update(editor.text())
    button = QToolButton()
    button.setObjectName("sourceTypeMenu")
    button.setText("Choose")
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for code, label in pv.SOURCE_TYPES.items():
        if code in ("digitalArt", "softwareImage"):
            continue  # retired codes: read, never offered

        def choose(_checked: bool = False, uri: str = pv.source_type_uri(code)) -> None:
            if editor.isReadOnly():
                return
            editor.setText(uri)
            editor.textEdited.emit(uri)  # as typed: the field's save and undo take it from here
            field_editor.flush()

        action = QAction(label, menu)
        action.triggered.connect(choose)
        menu.addAction(action)
    button.setMenu(menu)
    layout = field_editor.layout()
    index = layout.indexOf(editor)
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    layout.removeWidget(editor)
    row.addWidget(editor, 1)
    row.addWidget(button)
    layout.insertLayout(index, row)
    layout.insertWidget(index + 1, hint)
    field_editor.source_type_hint = hint
    field_editor.source_type_menu = button
    return hint


# -- settings -----------------------------------------------------------------------------------------

PEM_FILTER = "PEM files (*.pem *.crt *.cer *.key);;All files (*)"


class SignerBox(QGroupBox):
    """The catalog's signer (what re-signing signs with) and trust list, for the Settings dialog."""

    def __init__(self, catalog: Any, parent: QWidget | None = None) -> None:
        super().__init__("Content Credentials (C2PA)", parent)
        self.catalog = catalog
        config = pv.signer_config(catalog)
        self.cert = self._path_row(config.cert if config else "", "Signing certificate chain")
        self.key = self._path_row(config.key if config else "", "Private key")
        self.alg = QComboBox()
        self.alg.setObjectName("signerAlg")
        self.alg.addItems(list(pv.ALGORITHMS))
        self.alg.setCurrentText(config.alg if config else "es256")
        self.tsa = QLineEdit(config.tsa_url if config else "")
        self.tsa.setObjectName("signerTsa")
        self.tsa.setPlaceholderText("optional: an RFC 3161 time-stamp authority URL")
        self.trust = self._path_row(catalog.get_setting(pv.SETTING_TRUST) or "", "Trust list")
        self.status = QLabel()
        self.status.setObjectName("signerStatus")
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Certificate", self.cert.parentWidget())
        form.addRow("Private key", self.key.parentWidget())
        signing = QHBoxLayout()  # one row: the dialog's rules table needs the height
        signing.addWidget(self.alg)
        signing.addWidget(QLabel("Time-stamps"))
        signing.addWidget(self.tsa, 1)
        form.addRow("Algorithm", signing)
        form.addRow("Trust list", self.trust.parentWidget())
        form.addRow("", self.status)
        for w in (self.cert, self.key, self.tsa, self.trust):
            w.textChanged.connect(self.update_status)
        self.alg.currentTextChanged.connect(self.update_status)
        self.update_status()

    def _path_row(self, value: str, title: str) -> QLineEdit:
        holder = QWidget(self)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(value, holder)
        edit.setObjectName("signer" + title.split()[0].capitalize() + ("Trust" if "Trust" in title else ""))
        browse = QPushButton("Browse…", holder)
        browse.clicked.connect(lambda: self._browse(edit, title))
        row.addWidget(edit, 1)
        row.addWidget(browse)
        return edit

    def _browse(self, edit: QLineEdit, title: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, title, str(Path(edit.text() or Path.home()).parent), PEM_FILTER)
        if path:
            edit.setText(path)

    def config(self) -> pv.SignerConfig | None:
        cert, key = self.cert.text().strip(), self.key.text().strip()
        if not cert and not key:
            return None
        return pv.SignerConfig(cert, key, self.alg.currentText(), self.tsa.text().strip())

    def changed(self) -> bool:
        """The user changed the signer or the trust list in the dialog."""
        return (self.config() != pv.signer_config(self.catalog)
                or (self.trust.text().strip() or None) != self.catalog.get_setting(pv.SETTING_TRUST))

    def problem(self) -> str | None:
        """Why these settings cannot be used as they are (None: they can)."""
        config = self.config()
        if config is not None:
            issue = pv.signer_problem(config)
            if issue:
                return f"Signer: {issue}"
        trust = self.trust.text().strip()
        if trust:
            try:
                text = Path(trust).expanduser().read_text(encoding="ascii")
            except (OSError, UnicodeDecodeError) as exc:
                return f"Trust list: {getattr(exc, 'strerror', None) or exc}"
            if "-----BEGIN CERTIFICATE-----" not in text:
                return "Trust list: no PEM certificate in it"
        return None

    def update_status(self) -> None:
        problem = self.problem()
        if problem:
            text = f"<span style='color:#d93025'>{escape(problem)}</span>"
        elif self.config() is None:
            text = "No signer: re-signing after a write is unavailable."
        else:
            text = "Ready to sign: written photos with Content Credentials can be signed again."
        if not self.trust.text().strip():
            text += "<br>No trust list: every signer shows as not trusted."
        self.status.setText(text)

    def apply(self) -> bool:
        """Store the settings the user changed; nothing when they changed nothing, or when what
        they typed cannot be used. True when the trust list changed (the signed photos are then
        judged again by the caller)."""
        if not self.changed() or self.problem():
            return False
        config = self.config()
        self.catalog.set_setting(pv.SETTING_SIGNER, config.to_json() if config else None)
        trust = self.trust.text().strip() or None
        changed = trust != self.catalog.get_setting(pv.SETTING_TRUST)
        self.catalog.set_setting(pv.SETTING_TRUST, trust)
        return changed


def recheck_signed(catalog: Any, ids: list[int] | None = None) -> list[int]:
    """Read the Content Credentials of signed photos again (after the trust list changed); the ids."""
    try:
        trust = pv.trust_anchors(catalog)
    except pv.ProvenanceError:
        trust = None
    ids = catalog.signed_item_ids() if ids is None else ids
    for item in catalog.items(ids, details=False):
        if item.path:
            try:
                catalog.set_provenance(item.id, pv.read_path(item.path, trust))
            except OSError:
                continue
    return ids


# -- gallery flags ------------------------------------------------------------------------------------

def add_gallery_flag_actions(menu: QMenu, catalog: Any, gallery_id: int, changed: Any) -> None:
    """The gallery's context menu: "News gallery" and "For the web", checkable (the rules judge
    its photos by them: an undisclosed AI picture is an error in a news gallery, a photo without
    alt text a warning in one for the web)."""
    g = catalog.gallery(gallery_id)
    for text, attr, tip in (
            ("News gallery", "news", "An AI-generated picture must be disclosed in its caption before publication"),
            ("For the web", "web", "Every photo needs alt text")):
        act = QAction(text, menu)
        act.setObjectName(f"galleryFlag_{attr}")
        act.setCheckable(True)
        act.setChecked(getattr(g, attr))
        act.setToolTip(tip)

        def toggle(checked: bool, a: str = attr) -> None:
            catalog.set_gallery_flags(gallery_id, **{a: checked})
            changed()

        act.toggled.connect(toggle)
        menu.addAction(act)


# -- before writing ----------------------------------------------------------------------------------

def ask_signed_mode(parent: QWidget, catalog: Any, ids: list[int]) -> str | None:
    """What to do with the photos among ``ids`` whose Content Credentials are intact (a write
    would break them): "skip", "sidecar", "resign", "break"; "skip" when there are none; None
    when the user cancels."""
    signed = catalog.intact_signed_ids(ids)
    if not signed:
        return "skip"
    problem = pv.signer_problem(pv.signer_config(catalog))
    box = QMessageBox(parent)
    box.setObjectName("signedWriteQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Photos with Content Credentials")
    n = len(signed)
    box.setText(f"{n:,} of the photos to write {'has' if n == 1 else 'have'} valid Content Credentials. "
                "Writing metadata into a signed file invalidates its signature.")
    info = ("Skip them: their edits stay in the catalog.\n"
            "XMP sidecar: the edits go to a NAME.xmp file beside each; the photo is untouched.\n")
    info += ("Re-sign: write, then sign with the organisation's certificate (the old credentials are kept "
             "as the parent)." if not problem else f"Re-signing is unavailable: {problem}.")
    box.setInformativeText(info)
    skip = box.addButton("Skip them", QMessageBox.ButtonRole.AcceptRole)
    sidecar = box.addButton("XMP sidecar only", QMessageBox.ButtonRole.AcceptRole)
    resign = box.addButton("Write and re-sign", QMessageBox.ButtonRole.AcceptRole)
    resign.setEnabled(problem is None)
    if problem:
        resign.setToolTip(problem)
    brk = box.addButton("Write anyway", QMessageBox.ButtonRole.DestructiveRole)
    brk.setToolTip("Their Content Credentials become invalid")
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(skip)
    box.exec()
    return {skip: "skip", sidecar: "sidecar", resign: "resign", brk: "break"}.get(box.clickedButton())
