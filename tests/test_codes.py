"""Code replacements (Photo Mechanic's format): parsing, expansion, storage in the catalog."""

from __future__ import annotations

import pytest

from app import codes
from app.codes import CodeFileError, CodeTable, parse_code_text, read_code_file

PM_FILE = (
    "// Romania desk codes\r\n"
    "vg\tVadim Ghirda\tAP Photo/Vadim Ghirda\tAP\r\n"
    "\r\n"
    "CC2\tAaron Barnum\r\n"
    "buc\tBucharest, Romania\t\t\r\n"  # a spreadsheet's trailing empty columns
)


def test_photo_mechanic_file_imports_as_is(tmp_path) -> None:
    path = tmp_path / "codes.txt"
    path.write_bytes(PM_FILE.encode("utf-8"))
    assert read_code_file(path) == {"vg": ["Vadim Ghirda", "AP Photo/Vadim Ghirda", "AP"],
                                    "CC2": ["Aaron Barnum"], "buc": ["Bucharest, Romania"]}
    # Excel's "Unicode text" (UTF-16 with a BOM) and an old Windows-1252 export read the same.
    path.write_bytes(PM_FILE.replace("Ghirda", "Ghirdă").encode("utf-16"))
    assert read_code_file(path)["vg"][0] == "Vadim Ghirdă"
    path.write_bytes("zz\tJos\u00e9 Mar\u00eda\n".encode("cp1252"))
    assert read_code_file(path) == {"zz": ["Jos\u00e9 Mar\u00eda"]}


def test_bad_code_files_say_which_line(tmp_path) -> None:
    with pytest.raises(CodeFileError, match="line 2: expected a code, a tab"):
        parse_code_text("ok\tfine\nvg Vadim Ghirda\n")  # spaces do not separate columns
    with pytest.raises(CodeFileError, match="holds no codes"):
        (tmp_path / "empty.txt").write_text("// nothing\n")
        read_code_file(tmp_path / "empty.txt")
    with pytest.raises(CodeFileError, match="cannot read"):
        read_code_file(tmp_path / "absent.txt")


def test_a_code_file_error_names_the_file_and_a_repeated_code_is_said(tmp_path, capsys) -> None:
    """The walk: "line 3: expected a code…" did not say which of the desk's files; a code given
    twice ("vg" for Vadim Ghirda, then for Victor Gomez) lost the first without a word."""
    from app.catalog import Catalog  # noqa: PLC0415
    from app.cli import main  # noqa: PLC0415

    bad = tmp_path / "desk.txt"
    bad.write_text("vg\tVadim Ghirda\nbad line without tab\n")
    with pytest.raises(CodeFileError, match=r"^desk\.txt, line 2: expected a code, a tab"):
        read_code_file(bad)
    twice = tmp_path / "sports.txt"
    twice.write_text("vg\tVadim Ghirda\tAP Photo/Vadim Ghirda\nxx\tX\nvg\tVictor Gomez\nxx\tX\n")
    repeated: list[str] = []
    assert read_code_file(twice, repeated) == {"vg": ["Victor Gomez"], "xx": ["X"]}  # the later line wins
    assert repeated == ["sports.txt, line 3: the code 'vg' is also on line 1; line 3 is kept"]  # xx: same
    catalog = tmp_path / "c.sqlite"
    Catalog.open(catalog).close()  # the desk's catalog (a new one is said on stderr: test_cli_desk)
    assert main(["--catalog", str(catalog), "codes", "import", str(twice)]) == 0
    out = capsys.readouterr()
    assert out.err == "creditline: warning: sports.txt, line 3: the code 'vg' is also on line 1; line 3 is kept\n"
    assert out.out.startswith("imported 2 codes from sports.txt")
    assert main(["--catalog", str(catalog), "codes", "import", str(bad)]) == 2
    assert capsys.readouterr().err.startswith("creditline: desk.txt, line 2: ")


def test_expand_columns_unknown_codes_and_case() -> None:
    table = CodeTable(parse_code_text(PM_FILE))
    assert table.expand("Photo by =vg= in =buc=.") == "Photo by Vadim Ghirda in Bucharest, Romania."
    assert table.expand("=vg#1=|=vg#2=|=vg#3=") == "Vadim Ghirda|AP Photo/Vadim Ghirda|AP"
    # Past the last column, unknown, or another case (codes are case-sensitive): as typed.
    assert table.expand("=vg#4= =nope= =VG= =cc2= 2+2=4 a == b") == "=vg#4= =nope= =VG= =cc2= 2+2=4 a == b"
    assert table.expand("=CC2= and =CC2=") == "Aaron Barnum and Aaron Barnum"


def test_expand_before_the_cursor_only_for_a_just_closed_code() -> None:
    table = CodeTable({"vg": ["Vadim Ghirda", "AP Photo/Vadim Ghirda"]})
    assert table.expand_before("Photo by =vg=", 13) == (9, 13, "Vadim Ghirda")
    assert table.expand_before("x =vg#2= y", 8) == (2, 8, "AP Photo/Vadim Ghirda")
    assert table.expand_before("Photo by =vg", 12) is None  # not closed yet
    assert table.expand_before("=vg= later", 10) is None  # the cursor is elsewhere
    assert table.expand_before("a =b c=", 7) is None  # a blank is no code
    assert table.expand_before("=zz=", 4) is None


def test_delimiter_is_configurable() -> None:
    table = CodeTable({"vg": ["Vadim Ghirda"]}, delimiter="\\")
    assert table.expand("by \\vg\\ and =vg=") == "by Vadim Ghirda and =vg="
    assert table.expand_before("by \\vg\\", 7) == (3, 7, "Vadim Ghirda")
    with pytest.raises(ValueError, match="one character"):
        CodeTable({}, delimiter="==")
    with pytest.raises(ValueError, match="one character"):
        CodeTable({}, delimiter=" ")


def test_codes_live_in_the_catalog(catalog, tmp_path) -> None:
    assert not codes.load(catalog)
    path = tmp_path / "desk.txt"
    path.write_text(PM_FILE)
    table = codes.import_file(catalog, path)
    assert len(table) == 3 and table.source == "desk.txt"
    again = codes.load(catalog)
    assert again.codes == table.codes and again.delimiter == "="
    codes.save(catalog, CodeTable(again.codes, "\\", again.source))
    path.write_text("vg\tVadim Ghirda, AP\n")
    table = codes.import_file(catalog, path)  # the newest file replaces; the delimiter stays
    assert table.codes == {"vg": ["Vadim Ghirda, AP"]} and codes.load(catalog).delimiter == "\\"
