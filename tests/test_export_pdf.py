"""The PDF credit sheet: real text (pdftotext), page count and size (pdfinfo), row pagination."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from app.export.pdf import write_pdf
from app.model import Finding, Severity
from tests.test_export_formats import make_row, sample_sheet

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdfinfo"),
                                reason="poppler-utils (pdftotext, pdfinfo) not installed; .ci/run installs it")


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_info(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def squash(text: str) -> str:
    """Words only: wrapped lines and column layout change whitespace, not the words."""
    return " ".join(text.split())


def nospace(text: str) -> str:
    """A credit may wrap after its slash ("Ñúñez/ AFP"): compare without any whitespace."""
    return "".join(text.split())


def test_pdf_has_every_caption_credit_and_accented_name(tmp_path):
    sheet = sample_sheet(forced=True)
    out = tmp_path / "sheet.pdf"
    pages = write_pdf(sheet, out)
    assert pages == 1
    raw = pdf_text(out)
    text, flat = squash(raw), nospace(raw)
    for row in sheet.rows:
        assert nospace(row.caption) in flat
        assert nospace(row.credit) in flat
    for name in ("Jörg Müller", "Zoë Ångström", "François Ñúñez", "Zürich"):
        assert name in text
    assert "Page 1 of 1" in text
    assert "Climate march, Zürich" in text
    assert "1 error" in text and "1 warning" in text
    assert "Exported despite errors" in text
    assert "ERROR" in text


def test_pdf_pages_are_numbered_and_rows_never_split(tmp_path):
    long_caption = " ".join(f"word{i}" for i in range(260))  # ~ a third of a page in the caption column
    sheet = sample_sheet()
    sheet.rows = [make_row(i, f"Item{i:03d}start {long_caption} Item{i:03d}end", f"Credit{i:03d}",
                           creators=["Ana Nuñez"]) for i in range(1, 31)]
    out = tmp_path / "long.pdf"
    pages = write_pdf(sheet, out, paper="letter")
    info = pdf_info(out)
    assert int(info["Pages"]) == pages and pages >= 6
    assert info["Page size"].startswith("612 x 792")
    per_page = pdf_text(out).split("\f")[:pages]
    for n, page in enumerate(per_page, 1):
        assert f"Page {n} of {pages}" in page
    for i in range(1, 31):
        start = [n for n, p in enumerate(per_page) if f"Item{i:03d}start" in p]
        end = [n for n, p in enumerate(per_page) if f"Item{i:03d}end" in p]
        assert start == end and len(start) == 1, f"row {i} split across pages {start} / {end}"
    # Long captions wrap inside their column: every word survives.
    assert all(f"word{k}" in per_page[0] for k in (0, 130, 259))


def test_pdf_row_taller_than_a_page_is_split_not_lost(tmp_path):
    huge = " ".join(f"w{i}" for i in range(1800))
    sheet = sample_sheet()
    sheet.rows = [make_row(1, huge, "Credit One"), make_row(2, "After the giant.", "Credit Two")]
    out = tmp_path / "huge.pdf"
    pages = write_pdf(sheet, out)
    assert pages >= 2
    text = pdf_text(out)
    words = set(re.findall(r"w\d+", text))
    assert {f"w{i}" for i in range(1800)} <= words
    assert "After the giant." in text


def test_pdf_a4_size_and_cancel(tmp_path):
    out = tmp_path / "a4.pdf"
    write_pdf(sample_sheet(), out, paper="A4")
    assert pdf_info(out)["Page size"].startswith("595 x 841") or pdf_info(out)["Page size"].startswith("595 x 842")
    sheet = sample_sheet()
    sheet.rows = sheet.rows * 40
    assert write_pdf(sheet, tmp_path / "c.pdf", cancel=lambda: True) is None


def test_pdf_findings_are_printed_beside_their_item(tmp_path):
    sheet = sample_sheet()
    sheet.rows = [make_row(1, "Clean caption one.", "C1"),
                  make_row(2, "Caption two.", "C2", findings=[
                      Finding("credit-missing", Severity.ERROR, "caption", "No credit in the caption")])]
    out = tmp_path / "f.pdf"
    write_pdf(sheet, out)
    lines = [ln for ln in subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                                         text=True, check=True).stdout.splitlines()]
    row2 = next(ln for ln in lines if "Caption two." in ln)
    assert "No credit" in row2  # same line: beside the item, not in a separate list


def test_importing_app_export_does_not_load_qt():
    code = ("import sys, app.export, app.export.pdf, app.commands.export\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_pdf_draws_unreadable_thumbnail_as_grey_box(tmp_path):
    sheet = sample_sheet()
    sheet.thumbnail = lambda key: b"\xff\xd8\xff truncated jpeg"
    out = tmp_path / "grey.pdf"
    assert write_pdf(sheet, out) == 1
    assert pdf_text(out).count("no image") == 3


def test_an_odd_file_name_is_one_line_and_one_item_in_error_is_singular(tmp_path):
    """The fourth walk: "line<newline>break.jpg" printed over two lines of the sheet, and the forced
    sheet said "1 item(s) in error are marked"."""
    sheet = sample_sheet(forced=True)
    sheet.rows[0].path = "/wire/line\nbreak.jpg"
    out = tmp_path / "sheet.pdf"
    write_pdf(sheet, out)
    lines = pdf_text(out).splitlines()
    assert "line\\nbreak.jpg" in lines  # the escape on a line of its own, as the name is one
    assert not any(line.strip() == "break.jpg" for line in lines)
    text = squash(pdf_text(out))
    assert "Exported despite errors: 1 item in error is marked IN ERROR and must not be published as it is." in text


def test_an_arabic_or_hebrew_caption_starts_at_the_right_edge_of_its_cell(tmp_path):
    """The sixth walk: right-to-left captions were shaped and ordered right but set flush left.
    A paragraph takes its direction from its first strong letter, as the Unicode algorithm says."""
    from PySide6.QtGui import QPdfWriter

    from ui.pdf_sheet import PdfSheet, ensure_app

    ensure_app()
    doc = PdfSheet(sample_sheet(), QPdfWriter(str(tmp_path / "x.pdf")))
    width = doc.cap_w

    def left_edge(text: str) -> float:
        para = doc._para(text, doc.f_body, width)
        return para.layout.lineAt(0).naturalTextRect().left()

    assert left_edge("Protesters march in Zürich.") == pytest.approx(0, abs=1)
    for text in ("متظاهرون في القاهرة، مصر.", "מפגינים בתל אביב.", "«متظاهرون» في القاهرة"):
        assert left_edge(text) > width / 3, text  # a short line ends at the cell's right edge
    assert left_edge("2024: Protesters, مصر") == pytest.approx(0, abs=1)  # first strong letter is Latin


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_pdf_the_disk_refuses_midway_is_an_error_not_a_written_sheet(tmp_path):
    """The seventh walk exported onto a full disk: 'wrote sheet.pdf (7 pages)', exit 0, and the
    file was 0 bytes (QPdfWriter drops its write errors). A file size limit fails the writes
    the way a full disk does (EFBIG for ENOSPC)."""
    import resource
    import signal

    sheet = sample_sheet(forced=True)
    out = tmp_path / "sheet.pdf"
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, old_limit[1]))
    try:
        with pytest.raises(OSError, match="sheet.pdf"):
            write_pdf(sheet, out)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)
    assert write_pdf(sheet, out) == 1  # the same sheet with room to write: whole
    assert "Jörg Müller" in pdf_text(out)


def test_the_item_in_error_carries_the_mark_the_forced_sheet_names(tmp_path):
    """The twelfth walk's forced sheet said its items in error "are marked IN ERROR", and the
    item said "ERROR" under its number (the HTML sheet says "IN ERROR")."""
    out = tmp_path / "sheet.pdf"
    write_pdf(sample_sheet(forced=True), out)
    text = squash(pdf_text(out))
    assert text.count("IN ERROR") == 2  # the line at the top, and under photo 2's number
