"""Code replacements: shorthand codes typed between delimiters expand to text.

Photo Mechanic's format, imported as is: a plain text file, one code a line, the code
then one or more replacements, separated by tabs; lines starting with ``//`` are
comments. Typing ``=vg=`` expands to the first replacement of ``vg``, ``=vg#2=`` to its
second (Photo Mechanic numbers the replacements from 1, so ``=vg#1=`` is ``=vg=``).
Codes are case-sensitive, as in Photo Mechanic. An unknown code, or a number past the
code's last replacement, stays as typed so the typo shows.

The table is a catalog setting (``code_replacements``): the desktop app expands codes
as you type in any text field, ``creditline set`` and templates expand them too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SETTING = "code_replacements"  # {"delimiter": "=", "codes": {code: [replacement, ...]}, "source": name}
DEFAULT_DELIMITER = "="


class CodeFileError(ValueError):
    """A code file that cannot be read; the message is one line for the user."""


@dataclass
class CodeTable:
    """Codes and their replacements, with the delimiter that marks a code in text."""

    codes: dict[str, list[str]] = field(default_factory=dict)
    delimiter: str = DEFAULT_DELIMITER
    source: str = ""  # the file they came from, for the settings dialog

    def __post_init__(self) -> None:
        if len(self.delimiter) != 1 or self.delimiter.isspace() or self.delimiter in "#":
            raise ValueError(f"the code delimiter must be one character other than a space or #,"
                             f" not {self.delimiter!r}")
        d = re.escape(self.delimiter)
        # A code is anything but blanks, the delimiter and '#' (which starts the column number).
        self._pattern = re.compile(rf"{d}([^\s{d}#]+)(?:#(\d+))?{d}")
        self._tail = re.compile(rf"{d}([^\s{d}#]+)(?:#(\d+))?{d}\Z")

    def __len__(self) -> int:
        return len(self.codes)

    def __bool__(self) -> bool:
        return bool(self.codes)

    def lookup(self, code: str, column: int = 1) -> str | None:
        """Replacement number ``column`` (1-based) of ``code``; None when there is none."""
        values = self.codes.get(code)
        if not values or column < 1 or column > len(values):
            return None
        return values[column - 1]

    def _replacement(self, m: re.Match[str]) -> str | None:
        return self.lookup(m.group(1), int(m.group(2)) if m.group(2) else 1)

    def expand(self, text: str) -> str:
        """Every known code in ``text`` replaced; unknown ones left as written."""
        if not self.codes or self.delimiter not in text:
            return text

        def sub(m: re.Match[str]) -> str:
            found = self._replacement(m)
            return m.group(0) if found is None else found

        return self._pattern.sub(sub, text)

    def expand_before(self, text: str, position: int) -> tuple[int, int, str] | None:
        """The code that ends exactly at ``position`` (the typist just closed it):
        ``(start, end, replacement)``, or None. What the editors call per keystroke, so it
        looks at one character first and runs the pattern only on a closing delimiter."""
        if not self.codes or position <= 0 or text[position - 1:position] != self.delimiter:
            return None
        start = text.rfind(self.delimiter, max(0, position - 200), position - 1)
        if start < 0:
            return None
        m = self._tail.match(text[start:position])
        if m is None:
            return None
        found = self._replacement(m)
        return None if found is None else (start, position, found)

    # -- storage --------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {"delimiter": self.delimiter, "codes": {k: list(v) for k, v in self.codes.items()},
                "source": self.source}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> CodeTable:
        if not isinstance(data, Mapping):
            return cls()
        codes = data.get("codes") or {}
        delimiter = str(data.get("delimiter") or DEFAULT_DELIMITER)
        try:
            return cls({str(k): [str(x) for x in v] for k, v in codes.items() if isinstance(v, list)},
                       delimiter, str(data.get("source") or ""))
        except ValueError:  # a bad stored delimiter must not stop editing
            return cls({str(k): [str(x) for x in v] for k, v in codes.items() if isinstance(v, list)},
                       DEFAULT_DELIMITER, str(data.get("source") or ""))


def parse_code_text(text: str, repeated: list[str] | None = None) -> dict[str, list[str]]:
    """Photo Mechanic's code replacement text: ``code<TAB>replacement[<TAB>replacement…]``.

    Blank lines and ``//`` comments are skipped; trailing empty columns (a spreadsheet's
    export) dropped; a later line for the same code replaces the earlier one, as a later
    file replaces an earlier one in Photo Mechanic. A line without a tab is an error
    naming its number: spaces do not separate columns, and silently skipping the line
    would lose the code. Each code given again is said in ``repeated`` ("line 9: the code 'vg'
    is also on line 2; line 9 is kept"): a desk file that gives one code to two photographers
    otherwise loses the first without a word.
    """
    codes: dict[str, list[str]] = {}
    first: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        code, tab, rest = line.partition("\t")
        code = code.strip()
        columns = [c.strip() for c in rest.split("\t")] if tab else []
        while columns and not columns[-1]:
            columns.pop()
        if not code or not columns:
            raise CodeFileError(f"line {number}: expected a code, a tab and its replacement, got {line.strip()[:60]!r}")
        if any(ch.isspace() or ch == "#" for ch in code):
            raise CodeFileError(f"line {number}: the code {code!r} holds a space or '#'")
        if code in first and repeated is not None and codes[code] != columns:
            repeated.append(f"line {number}: the code {code!r} is also on line {first[code]}; line {number} is kept")
        first[code] = first.get(code, number)
        codes[code] = columns
    return codes


def read_code_file(path: str | Path, repeated: list[str] | None = None) -> dict[str, list[str]]:
    """Read a code file: UTF-8 (Photo Mechanic's), with or without a BOM; UTF-16 with a BOM
    (Excel's "Unicode text"); else Windows-1252, what older spreadsheets write. An error, and
    each line of ``repeated`` (see ``parse_code_text``), begins with the file's name."""
    from app.files import read_bytes  # noqa: PLC0415 - a device or FIFO must not be read for ever

    try:
        data = read_bytes(str(path), 64 << 20)  # a code file is kilobytes
    except OSError as exc:
        raise CodeFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise CodeFileError(f"{Path(path).name} is not a text file")
    name = Path(path).name
    found: list[str] = []
    try:
        codes = parse_code_text(text, found)
    except CodeFileError as exc:  # "line 3: …" of which of the desk's files
        raise CodeFileError(f"{name}, {exc}") from None
    if repeated is not None:
        repeated.extend(f"{name}, {line}" for line in found)
    if not codes:
        raise CodeFileError(f"{Path(path).name} holds no codes (one a line: code, a tab, the replacement)")
    return codes


def load(catalog: Any) -> CodeTable:
    """The catalog's code table (empty when none was imported)."""
    return CodeTable.from_json(catalog.get_setting(SETTING))


def save(catalog: Any, table: CodeTable) -> None:
    catalog.set_setting(SETTING, table.to_json() if table.codes or table.delimiter != DEFAULT_DELIMITER else None)


def import_file(catalog: Any, path: str | Path, delimiter: str | None = None,
                repeated: list[str] | None = None) -> CodeTable:
    """Replace the catalog's codes with those of ``path`` (the most recent file wins, as in
    Photo Mechanic); the delimiter is kept unless given. Codes given twice: see ``read_code_file``."""
    current = load(catalog)
    table = CodeTable(read_code_file(path, repeated), delimiter or current.delimiter, Path(path).name)
    save(catalog, table)
    return table
