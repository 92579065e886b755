"""The PDF credit sheet, drawn with Qt (QPdfWriter + QPainter + QTextLayout).

Text is laid out line by line with QTextLayout, so it is real, searchable text in the PDF,
long captions wrap, and every row's height is known before anything is drawn: rows are
paginated whole (a row moves to the next page rather than splitting) and "Page n of m"
is printed on every page. Only a row taller than a whole page is split, line by line.

Called from the CLI without a running application, it creates an offscreen
QGuiApplication (fonts need one); from the app it runs in a worker thread, which Qt
allows for QPdfWriter/QImage painting.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QFile, QFileDevice, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)

from app.export.sheet import Sheet, SheetRow, unwritten_note

DPI = 300
PT = DPI / 72.0  # device units per point

MARGIN = 36.0  # pt, all sides
FOOTER = 18.0  # pt reserved at the bottom for "Page n of m"
THUMB = 60.0  # pt, thumbnail box
PAD = 5.0  # pt, vertical padding inside a row
GAP = 8.0  # pt between columns
BAR = 3.5  # pt, severity bar at the row's left edge
IMAGE_PPI = 200  # thumbnails are downscaled to this resolution at their printed size
# The most of one text a sheet prints (a caption is a few hundred characters, IIM holds 2,000):
# Qt's layout of one paragraph grows faster than its length (1 MB: 3 s, 3 MB: 31 s), so a broken
# or hostile 10 MB caption would take minutes and hundreds of pages. The rest is counted in a
# marker; the CSV, JSON, HTML and text exports keep every character.
MAX_PRINTED_CHARS = 10_000

SEVERITY_COLORS = {"error": QColor("#b3261e"), "warning": QColor("#a15c00"), "info": QColor("#38618c")}
ERROR_FILL = QColor("#fdecea")
GREY = QColor("#666666")
RULE = QColor("#c9c9c9")
BOX = QColor("#d6d6d6")
BLACK = QColor("black")

_app: QGuiApplication | None = None


def ensure_app() -> None:
    """Fonts need a QGuiApplication; make an offscreen one when none runs (CLI, tests).

    It is a QApplication, not a bare QGuiApplication: Qt keeps one application per process,
    and a widget created later in the same process (a test suite, a script that renders a
    sheet and then opens a window) aborts without QApplication."""
    global _app
    if QGuiApplication.instance() is None:
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QApplication([])


def _family() -> str:
    """A family with full Latin coverage when installed (accented names), else Qt's sans default."""
    families = set(QFontDatabase.families())
    for name in ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica"):
        if name in families:
            return name
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


def _font(family: str, size: float, bold: bool = False) -> QFont:
    f = QFont(family)
    f.setPointSizeF(size)
    f.setBold(bold)
    # Hinting snaps glyphs to the device grid and shifts widths; a PDF has no pixels.
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # Ligatures ("fl" as one glyph) extract as U+FB02, so a search for "flag" would miss.
    for tag in ("liga", "clig"):
        f.setFeature(QFont.Tag(tag), 0)
    return f


@dataclass
class Para:
    layout: QTextLayout
    color: QColor
    lines: list[tuple[float, float]]  # (top, height) in device units, relative to the cell
    space_after: float


@dataclass
class Cell:
    x: float  # device units from the left page edge
    width: float
    paras: list[Para] = field(default_factory=list)

    def line_boxes(self) -> list[tuple[Para, int, float, float]]:
        """Every line of the cell: (paragraph, line index, top, bottom)."""
        out = []
        for p in self.paras:
            for i, (top, h) in enumerate(p.lines):
                out.append((p, i, top, top + h))
        return out

    @property
    def height(self) -> float:
        boxes = self.line_boxes()
        return boxes[-1][3] if boxes else 0.0


@dataclass
class RowBox:
    row: SheetRow | None  # None for the header row
    cells: list[Cell]
    height: float  # device units, padding included


@dataclass
class Placement:
    box: RowBox
    y: float  # top on the page, device units
    height: float
    start: list[float]  # per cell: first line top drawn on this page (cell coordinates)
    end: float  # lines with bottom <= end (cell coordinates, per cell start-relative) are drawn
    first: bool  # the row's first slice (the thumbnail and the bar's label go there)


def printed(text: str) -> str:
    """``text`` as the sheet prints it: past ``MAX_PRINTED_CHARS`` cut at a space, with
    "… (N more characters)" saying what was left out."""
    if len(text) <= MAX_PRINTED_CHARS:
        return text
    cut = text.rfind(" ", MAX_PRINTED_CHARS - 200, MAX_PRINTED_CHARS)
    cut = cut if cut > 0 else MAX_PRINTED_CHARS
    return f"{text[:cut].rstrip()} … ({len(text) - cut:,} more characters)"


class PdfSheet:
    def __init__(self, sheet: Sheet, writer: QPdfWriter):
        self.sheet = sheet
        self.writer = writer
        family = _family()
        self.f_body = _font(family, 8.0)
        self.f_bold = _font(family, 8.0, bold=True)
        self.f_small = _font(family, 7.0)
        self.f_head = _font(family, 6.5, bold=True)
        self.f_title = _font(family, 15.0, bold=True)
        self.f_meta = _font(family, 8.5)
        self.f_pos = _font(family, 10.0, bold=True)
        self.page_w = writer.width()
        self.page_h = writer.height()
        self.left = MARGIN * PT
        self.right = self.page_w - MARGIN * PT
        self.top = MARGIN * PT
        self.bottom = self.page_h - (MARGIN + FOOTER) * PT
        self._columns()

    # --- layout ------------------------------------------------------------------------------------

    def _columns(self) -> None:
        x = self.left + BAR * PT + 3 * PT
        self.thumb_x = x
        if self.sheet.has_photos:
            x += (THUMB + GAP) * PT
        self.pos_x, self.pos_w = x, 26 * PT
        x += self.pos_w + GAP * PT
        rest = self.right - x - 2 * GAP * PT
        self.cap_x, self.cap_w = x, rest * 0.47
        x += self.cap_w + GAP * PT
        self.det_x, self.det_w = x, rest * 0.30
        x += self.det_w + GAP * PT
        self.fin_x, self.fin_w = x, self.right - x

    def _fitting(self, font: QFont, text: str, width: float) -> QFont:
        """``font``, smaller when a word of ``text`` is wider than ``width`` (down to 60 %): the
        position column's "FEHLERHAFT" broke in the middle of the word."""
        widest = max((QFontMetricsF(font, self.writer).horizontalAdvance(w) for w in text.split()), default=0.0)
        if widest <= width:
            return font
        smaller = QFont(font)
        smaller.setPointSizeF(font.pointSizeF() * max(0.6, width / widest * 0.98))
        return smaller

    def _para(self, text: str, font: QFont, width: float, color: QColor = BLACK,
              label: str = "", space_after: float = 1.5) -> Para:
        text = printed(text)
        full = label + text
        layout = QTextLayout(full.replace("\r\n", "\n").replace("\n", "\u2028"), font, self.writer)
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        if not label and right_to_left(text):
            # an Arabic or Hebrew caption reads from the right edge of its cell; a labelled line
            # stays as its label reads
            opt.setTextDirection(Qt.LayoutDirection.RightToLeft)
            opt.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        layout.setTextOption(opt)
        if label:
            fmt = QTextCharFormat()
            fmt.setForeground(GREY)
            r = QTextLayout.FormatRange()
            r.start, r.length, r.format = 0, len(label), fmt
            layout.setFormats([r])
        lines = []
        y = 0.0
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            lines.append((y, line.height()))
            y += line.height()
        layout.endLayout()
        return Para(layout, color, lines, space_after * PT)

    def _stack(self, cell: Cell) -> Cell:
        """Give the cell's paragraphs their tops, one under the other."""
        y = 0.0
        for p in cell.paras:
            base = p.lines[0][0] if p.lines else 0.0
            p.lines = [(y + top - base, h) for top, h in p.lines]
            y += sum(h for _, h in p.lines) + p.space_after
        return cell

    def row_box(self, row: SheetRow) -> RowBox:
        cap = Cell(self.cap_x, self.cap_w)
        headline = row.text("headline").strip()
        if headline:
            cap.paras.append(self._para(headline, self.f_bold, self.cap_w))
        say = self.sheet.labels.text
        cap.paras.append(self._para(row.caption or say("no_caption"), self.f_body, self.cap_w,
                                    BLACK if row.caption else GREY))

        det = Cell(self.det_x, self.det_w)
        if row.credit:
            det.paras.append(self._para(row.credit, self.f_bold, self.det_w, space_after=3))
        if row.photographers:
            det.paras.append(self._para("; ".join(row.photographers), self.f_body, self.det_w,
                                        label=say("photographer")))
        if row.agencies:
            det.paras.append(self._para("; ".join(row.agencies), self.f_body, self.det_w, label=say("agency")))
        if row.client:  # "Getty Images for X": commissioned by X, which the rights desk needs
            det.paras.append(self._para(row.client, self.f_body, self.det_w, label=say("client")))
        if row.date:
            det.paras.append(self._para(row.display_date, self.f_body, self.det_w, label=say("date")))
        if row.location:
            det.paras.append(self._para(row.location, self.f_body, self.det_w, label=say("place")))
        source_type = self.sheet.labels.source_type(row.text("digital_source_type"))
        if source_type:
            det.paras.append(self._para(source_type, self.f_body, self.det_w, label=say("source_type")))
        if row.c2pa_state:
            det.paras.append(self._para(self.sheet.labels.provenance(row.c2pa_state), self.f_body, self.det_w,
                                        SEVERITY_COLORS["error"] if row.c2pa_state in ("invalid", "unreadable")
                                        else BLACK, label=say("content_credentials")))
        if row.text("alt_text").strip():
            det.paras.append(self._para(row.text("alt_text"), self.f_small, self.det_w, GREY, label=say("alt_text")))
        if row.file_name:
            det.paras.append(self._para(row.shown_file_name, self.f_small, self.det_w, GREY))

        fin = Cell(self.fin_x, self.fin_w)
        for f in sorted(row.findings, key=lambda f: -f.severity.rank):
            sev = f.severity.value
            fin.paras.append(self._para(f"{say(sev)}  {f.message}", self.f_small, self.fin_w,
                                        SEVERITY_COLORS[sev], space_after=2.5))
        if not row.findings:
            fin.paras.append(self._para(say("no_findings"), self.f_small, self.fin_w, GREY))

        pos = Cell(self.pos_x, self.pos_w)
        pos.paras.append(self._para(str(row.position), self.f_pos, self.pos_w))
        if row.in_error:
            pos.paras.append(self._para(say("in_error"), self._fitting(self.f_head, say("in_error"), self.pos_w),
                                        self.pos_w, SEVERITY_COLORS["error"]))

        cells = [self._stack(c) for c in (pos, cap, det, fin)]
        content = max(c.height for c in cells)
        if self.sheet.has_photos:
            content = max(content, THUMB * PT)
        return RowBox(row, cells, content + 2 * PAD * PT)

    def header_box(self) -> RowBox:
        say = self.sheet.labels.text
        cells = [
            Cell(self.pos_x, self.pos_w, [self._para("#", self.f_head, self.pos_w, GREY)]),
            Cell(self.cap_x, self.cap_w, [self._para(say("column_caption"), self.f_head, self.cap_w, GREY)]),
            Cell(self.det_x, self.det_w, [self._para(say("column_details"), self.f_head, self.det_w, GREY)]),
            Cell(self.fin_x, self.fin_w, [self._para(say("column_findings"), self.f_head, self.fin_w, GREY)]),
        ]
        if self.sheet.has_photos:
            cells.insert(0, Cell(self.thumb_x, THUMB * PT, [self._para(say("column_image"), self.f_head, THUMB * PT,
                                                                       GREY)]))
        cells = [self._stack(c) for c in cells]
        return RowBox(None, cells, max(c.height for c in cells) + 2 * 2 * PT)

    def title_block(self) -> list[Para]:
        s, labels = self.sheet, self.sheet.labels
        say = labels.text
        w = self.right - self.left
        title = s.title or s.gallery or say("sheet")
        meta = [say("gallery", name=s.gallery) if s.gallery else say("selection"),
                labels.count("items", len(s.rows)), say("exported", when=s.generated)]
        if s.house_style:
            meta.append(say("house_style", name=s.house_style))
        paras = [self._para(title, self.f_title, w, space_after=4),
                 self._para("  ·  ".join(meta), self.f_meta, w),
                 self._para(say("findings_line", counts=s.counts_line()), self.f_meta, w,
                            SEVERITY_COLORS["error"] if s.counts["error"] else BLACK)]
        if s.unwritten:
            paras.append(self._para(unwritten_note(s.unwritten, labels), self.f_meta, w,
                                    SEVERITY_COLORS["warning"]))
        if s.forced and s.error_rows:
            paras.append(self._para(labels.count("despite_errors", len(s.error_rows)), self.f_bold, w,
                                    SEVERITY_COLORS["error"]))
        y = 0.0
        for p in paras:
            p.lines = [(y + top, h) for top, h in p.lines]
            y += sum(h for _, h in p.lines) + p.space_after
        return paras

    # --- pagination --------------------------------------------------------------------------------

    def paginate(self, boxes: list[RowBox], header: RowBox, title_h: float) -> list[list[Placement]]:
        pages: list[list[Placement]] = []
        body_h = self.bottom - self.top - header.height

        def new_page(first: bool) -> tuple[list[Placement], float]:
            page: list[Placement] = []
            pages.append(page)
            y = self.top + (title_h if first else 0.0)
            page.append(Placement(header, y, header.height, [0.0] * len(header.cells), header.height, True))
            return page, y + header.height

        page, y = new_page(True)
        for box in boxes:
            if y + box.height <= self.bottom:
                page.append(Placement(box, y, box.height, [0.0] * len(box.cells), float("inf"), True))
                y += box.height
                continue
            if box.height <= body_h:  # fits on a fresh page: never split it
                page, y = new_page(False)
                page.append(Placement(box, y, box.height, [0.0] * len(box.cells), float("inf"), True))
                y += box.height
                continue
            # Taller than a whole page: split line by line, each cell continuing where it stopped.
            starts = [0.0] * len(box.cells)
            first = True
            if self.bottom - y < body_h / 3:
                page, y = new_page(False)
            while True:
                room = self.bottom - y - 2 * PAD * PT
                remaining = False
                next_starts = list(starts)
                for i, cell in enumerate(box.cells):
                    for _, _, top, bottom in cell.line_boxes():
                        if top < starts[i]:
                            continue
                        if bottom - starts[i] > room:
                            next_starts[i] = top
                            remaining = True
                            break
                    else:
                        next_starts[i] = float("inf")
                used = max((min(nb, c.height) - s for c, s, nb in zip(box.cells, starts, next_starts, strict=True)),
                           default=0.0)
                h = max(used, THUMB * PT if first and self.sheet.has_photos else 0.0) + 2 * PAD * PT
                page.append(Placement(box, y, h, list(starts), room, first))
                y += h
                if not remaining:
                    break
                starts, first = next_starts, False
                page, y = new_page(False)
        return pages

    # --- drawing -----------------------------------------------------------------------------------

    def draw_cell(self, p: QPainter, cell: Cell, y: float, start: float, room: float) -> None:
        for para, i, top, bottom in cell.line_boxes():
            if top < start or bottom - start > room:
                continue
            p.setPen(QPen(para.color))
            line = para.layout.lineAt(i)
            # QTextLine.draw places the line at its own position plus the offset.
            line.draw(p, QPointF(cell.x, y + (top - start) - line.position().y()))

    def draw_placement(self, p: QPainter, pl: Placement) -> None:
        box = pl.box
        if box.row is None:
            for c in box.cells:
                self.draw_cell(p, c, pl.y + 2 * PT, 0.0, float("inf"))
            p.setPen(QPen(BLACK, 0.8 * PT))
            p.drawLine(QPointF(self.left, pl.y + pl.height), QPointF(self.right, pl.y + pl.height))
            return
        row = box.row
        rect = QRectF(self.left, pl.y, self.right - self.left, pl.height)
        if row.in_error:
            p.fillRect(rect, ERROR_FILL)
        if row.status:
            p.fillRect(QRectF(self.left, pl.y + 1 * PT, BAR * PT, pl.height - 2 * PT), SEVERITY_COLORS[row.status])
        if pl.first and self.sheet.has_photos:
            self.draw_thumb(p, row, QRectF(self.thumb_x, pl.y + PAD * PT, THUMB * PT, THUMB * PT))
        for c, start in zip(box.cells, pl.start, strict=True):
            self.draw_cell(p, c, pl.y + PAD * PT, start, pl.end)
        if not pl.first:  # a row taller than a page: say whose continuation this is
            p.setPen(QPen(GREY))
            p.setFont(self.f_small)
            p.drawText(QRectF(self.pos_x, pl.y + PAD * PT, self.pos_w + GAP * PT, 30 * PT),
                       Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, f"{row.position}\n(cont.)")
        p.setPen(QPen(RULE, 0.5 * PT))
        p.drawLine(QPointF(self.left, pl.y + pl.height), QPointF(self.right, pl.y + pl.height))

    def draw_thumb(self, p: QPainter, row: SheetRow, box: QRectF) -> None:
        data = self.sheet.thumbnail_bytes(row) if row.kind == "photo" else None
        image = QImage.fromData(data) if data else QImage()
        if image.isNull():
            p.fillRect(box, BOX)
            p.setPen(QPen(GREY))
            p.setFont(self.f_small)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter,
                       self.sheet.labels.text("no_image" if row.kind == "photo" else "text_only"))
            return
        # Qt re-encodes images at high JPEG quality: 200 ppi is sharp in print and keeps a
        # 1,000-item sheet near 15 MB instead of 30.
        limit = int(THUMB * IMAGE_PPI / 72)
        if image.width() > limit or image.height() > limit:
            image = image.scaled(limit, limit, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        scale = min(box.width() / image.width(), box.height() / image.height())
        w, h = image.width() * scale, image.height() * scale
        target = QRectF(box.x() + (box.width() - w) / 2, box.y() + (box.height() - h) / 2, w, h)
        p.drawImage(target, image)

    def draw_footer(self, p: QPainter, n: int, m: int) -> None:
        y = self.page_h - (MARGIN + FOOTER * 0.4) * PT
        p.setFont(self.f_small)
        p.setPen(QPen(GREY))
        fm = QFontMetricsF(self.f_small, self.writer)
        say = self.sheet.labels.text
        text = say("page", n=n, m=m)
        p.drawText(QPointF(self.right - fm.horizontalAdvance(text), y), text)
        left = f"{say('sheet')} · {self.sheet.gallery or say('selection_short')} · {self.sheet.generated}"
        p.drawText(QPointF(self.left, y), fm.elidedText(left, Qt.TextElideMode.ElideRight,
                                                        (self.right - self.left) * 0.7))

    def draw_title(self, p: QPainter, paras: list[Para]) -> None:
        for para in paras:
            p.setPen(QPen(para.color))
            for i, (top, _) in enumerate(para.lines):
                line = para.layout.lineAt(i)
                line.draw(p, QPointF(self.left, self.top + top - line.position().y()))


# A script (the first word of its letters' Unicode names) and the writing systems a font may
# declare for it; Han is Chinese or Japanese, whichever font there is.
_SCRIPTS: dict[str, tuple[str, tuple[QFontDatabase.WritingSystem, ...]]] = {
    "HANGUL": ("Korean", (QFontDatabase.WritingSystem.Korean,)),
    "CJK": ("Chinese/Japanese (Han)", (QFontDatabase.WritingSystem.SimplifiedChinese,
                                       QFontDatabase.WritingSystem.TraditionalChinese,
                                       QFontDatabase.WritingSystem.Japanese)),
    "HIRAGANA": ("Japanese kana", (QFontDatabase.WritingSystem.Japanese,)),
    "KATAKANA": ("Japanese kana", (QFontDatabase.WritingSystem.Japanese,)),
    "ARABIC": ("Arabic", (QFontDatabase.WritingSystem.Arabic,)),
    "HEBREW": ("Hebrew", (QFontDatabase.WritingSystem.Hebrew,)),
    "GREEK": ("Greek", (QFontDatabase.WritingSystem.Greek,)),
    "CYRILLIC": ("Cyrillic", (QFontDatabase.WritingSystem.Cyrillic,)),
    "THAI": ("Thai", (QFontDatabase.WritingSystem.Thai,)),
    "DEVANAGARI": ("Devanagari", (QFontDatabase.WritingSystem.Devanagari,)),
    "BENGALI": ("Bengali", (QFontDatabase.WritingSystem.Bengali,)),
    "TAMIL": ("Tamil", (QFontDatabase.WritingSystem.Tamil,)),
    "GEORGIAN": ("Georgian", (QFontDatabase.WritingSystem.Georgian,)),
    "ARMENIAN": ("Armenian", (QFontDatabase.WritingSystem.Armenian,)),
    "KHMER": ("Khmer", (QFontDatabase.WritingSystem.Khmer,)),
    "MYANMAR": ("Myanmar", (QFontDatabase.WritingSystem.Myanmar,)),
}


def right_to_left(text: str) -> bool:
    """Whether the paragraph's first letter with a direction of its own is right-to-left (the
    Unicode bidirectional algorithm's rule for a paragraph's direction)."""
    import unicodedata  # noqa: PLC0415

    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def scripts_without_font(texts: Iterable[str]) -> list[str]:
    """The scripts of ``texts`` that no installed font writes: Qt draws their letters as empty
    boxes, and nothing else would tell the desk before the sheet reaches the rights desk (the
    sixth walk's Korean captions). Names in first-seen order."""
    import unicodedata  # noqa: PLC0415

    ensure_app()
    seen: dict[str, None] = {}
    for text in texts:
        for ch in set(text):
            if ch < "\u0370":  # Latin and its marks: every font the sheet asks for has them
                continue
            word = unicodedata.name(ch, "").split(" ", 1)[0]
            if word in _SCRIPTS:
                seen.setdefault(word, None)
    missing: list[str] = []
    for word in seen:
        name, systems = _SCRIPTS[word]
        if not any(QFontDatabase.families(ws) for ws in systems) and name not in missing:
            missing.append(name)
    return missing


def render_pdf(sheet: Sheet, path: str, *, paper: str = "A4",
               progress: Callable[[int, int], None] | None = None,
               cancel: Callable[[], bool] | None = None) -> int | None:
    """Write the sheet as a PDF at ``path``; the number of pages, or None when cancelled."""
    ensure_app()
    # QPdfWriter given a file name drops its write errors: a full disk left a 0-byte sheet that
    # the export called written (the seventh walk). Written through a QFile we can ask.
    # Opened here, not by name: Qt encodes a name as UTF-8, so a folder whose name is not UTF-8
    # (surrogate escapes in ``path``) was "No such file or directory".
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
    out = QFile()
    if not out.open(fd, QIODevice.OpenModeFlag.WriteOnly, QFileDevice.FileHandleFlag.AutoCloseHandle):
        os.close(fd)
        raise _write_error(out, path)
    writer = QPdfWriter(out)
    size = QPageSize(QPageSize.PageSizeId.Letter if paper.upper() == "LETTER" else QPageSize.PageSizeId.A4)
    writer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setResolution(DPI)
    say = sheet.labels.text
    writer.setTitle(f"{say('sheet')}: {sheet.title or sheet.gallery or say('selection_short')}")
    writer.setCreator("Creditline")

    doc = PdfSheet(sheet, writer)
    total = len(sheet.rows)
    boxes = []
    for n, row in enumerate(sheet.rows, 1):
        boxes.append(doc.row_box(row))
        if n % 50 == 0 and cancel and cancel():
            out.close()
            return None
    title = doc.title_block()
    title_h = (title[-1].lines[-1][0] + title[-1].lines[-1][1] + 10 * PT) if title else 0.0
    pages = doc.paginate(boxes, doc.header_box(), title_h)

    painter = QPainter()
    if not painter.begin(writer):
        out.close()
        raise OSError(f"cannot write a PDF to {path}")
    drawn = 0
    try:
        for index, page in enumerate(pages, 1):
            if index > 1:
                writer.newPage()
            if index == 1:
                doc.draw_title(painter, title)
            for pl in page:
                doc.draw_placement(painter, pl)
                if pl.box.row is not None and pl.first:
                    drawn += 1
                    if drawn % 20 == 0:
                        if cancel and cancel():
                            return None
                        if progress:
                            progress(drawn, total)
            doc.draw_footer(painter, index, len(pages))
    finally:
        painter.end()
        failed = not out.flush() or out.error() != QFileDevice.FileError.NoError
        out.close()
    if failed:
        raise _write_error(out, path)
    if progress:
        progress(total, total)
    return len(pages)


def _write_error(out: QFile, path: str) -> OSError:
    """The OSError for a failed write: ENOSPC when Qt's reason is the full disk's."""
    why = out.errorString() or "write failed"
    for code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        if os.strerror(code).lower() in why.lower():
            return OSError(code, os.strerror(code), path)
    return OSError(errno.EIO, why, path)
