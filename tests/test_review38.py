"""Round 38's second reader: what the round's change left saying something the code no longer does."""

from __future__ import annotations

import re

from app.cli import main
from app.export.labels import languages


def test_spelling_language_help_lists_every_desk_language(capsys):
    # The help said "(en, de, es)" after French became a desk language (its labels and hunspell-fr)
    try:
        main(["spelling", "--help"])
    except SystemExit:
        pass
    said = " ".join(capsys.readouterr().out.split())
    listed = re.search(r"set the desk language \(([^)]*)\)", said)
    assert listed is not None
    assert [c.strip() for c in listed[1].split(",")] == list(languages())


def _cells(row: str) -> int:
    """The cells of a Markdown table row: "|" not escaped and not inside `code`."""
    n, code, prev = 0, False, ""
    for ch in row.strip().strip("|"):
        if ch == "`":
            code = not code
        elif ch == "|" and not code and prev != "\\":
            n += 1
        prev = ch
    return n + 1


def test_docs_tables_have_as_many_cells_a_row_as_their_header():
    # french-press's edit doubled the month_style row's meaning into a fourth cell of house-styles.md's
    # three-column table
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    bad = []
    for path in [*sorted((root / "docs").glob("*.md")), root / "README.md"]:
        header = None
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.startswith("|"):
                header = None
            elif header is None:
                header = _cells(line)
            elif _cells(line) != header:
                bad.append(f"{path.name}:{i}")
    assert bad == []


def _fixed(text: str, d) -> str:
    return text[:d.start] + d.replacement + text[d.end:]


def test_a_defect_after_an_agencys_desk_codes_fixes_the_text_as_written():
    # credit_defects reads the credit with Antara's desk codes taken out; a defect after them kept the
    # offsets of that shortened text: the fix of "… /foc/18 )" deleted the "/" before "foc", and a
    # bracket never closed was closed before the codes
    from app.credits import credit_defects, parse_credits

    text = "Pemain merayakan gol (ANTARA FOTO/Budi Santoso/foc/18 )."
    (credit,) = parse_credits(text)
    (d,) = credit_defects(credit, text)
    assert d.kind == "stray-space"
    assert _fixed(text, d) == "Pemain merayakan gol (ANTARA FOTO/Budi Santoso/foc/18)."
    text = "Pemain merayakan gol (ANTARA FOTO/Budi Santoso/foc/18"
    (credit,) = parse_credits(text)
    (d,) = credit_defects(credit, text)
    assert d.kind == "unbalanced-bracket"
    assert _fixed(text, d) == "Pemain merayakan gol (ANTARA FOTO/Budi Santoso/foc/18)"
    # before the codes nothing moves: a doubled space inside the name
    text = "Pemain merayakan gol (ANTARA FOTO/Budi  Santoso/foc/18)."
    (credit,) = parse_credits(text)
    assert [_fixed(text, d) for d in credit_defects(credit, text)] == [
        "Pemain merayakan gol (ANTARA FOTO/Budi Santoso/foc/18)."]
