"""The credit sheet's labels in the desk's language (``resources/sheet_labels.toml``).

A German, Spanish or French desk hands the sheet on in its own language: the catalog's
``desk_language`` setting picks the table, English when none is set (or one no table has).
The labels are data: a language is a table in the TOML file, not code.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.paths import resource
from app.provenance import source_type_code, source_type_label

SETTING_LANGUAGE = "desk_language"  # the catalog setting: a language code of the table ("de")
DEFAULT_LANGUAGE = "en"
CSV_KEYS: tuple[str, ...] = (
    "csv_position", "csv_file_name", "csv_headline", "csv_caption", "csv_date_created", "csv_location",
    "csv_creators", "csv_agencies", "csv_client", "csv_credit_published", "csv_credit_house_style", "csv_source",
    "csv_copyright", "csv_usage_terms", "csv_alt_text", "csv_digital_source_type", "csv_provenance",
    "csv_status", "csv_findings",
)


# app.provenance's states (None: the file has no manifest) -> their key in each table.
PROVENANCE_KEYS: dict[str | None, str] = {
    "valid": "provenance_valid", "untrusted": "provenance_untrusted", "invalid": "provenance_invalid",
    "unreadable": "provenance_unreadable", None: "provenance_none",
}


@functools.cache
def _tables() -> dict[str, dict[str, str]]:
    with open(resource("sheet_labels.toml"), "rb") as fh:
        return tomllib.load(fh)


def languages() -> dict[str, str]:
    """Language code -> its name in that language, in the table's order ("de": "Deutsch")."""
    return {code: table["name"] for code, table in _tables().items()}


@dataclass(frozen=True)
class SheetLabels:
    """The labels of one language; a key a table lacks is said in English."""

    language: str

    def text(self, key: str, **values: Any) -> str:
        tables = _tables()
        template = tables.get(self.language, {}).get(key) or tables[DEFAULT_LANGUAGE][key]
        return template.format(**values) if values else template

    def count(self, key: str, n: int, **values: Any) -> str:
        """``KEY_one`` for one (and for none where the table's ``zero`` says so: French "0 erreur"),
        ``KEY_other`` for any other number, with ``{n}`` as "1,234"."""
        one = n == 1 or (n == 0 and self.text("zero") == "one")
        return self.text(f"{key}_{'one' if one else 'other'}", n=f"{n:,}", **values)

    def csv_headers(self) -> tuple[str, ...]:
        return tuple(self.text(k) for k in CSV_KEYS)

    def severity(self, value: str) -> str:
        """A finding's severity as the sheet prints it ("ERROR", "FEHLER")."""
        return self.text(value)

    def provenance(self, state: str | None) -> str:
        """The Content Credentials' state in a word ("valid", "gültig", "ninguna"); a state no
        table names is said as it is (walk20: 'Procedencia: none' in a Spanish CSV)."""
        key = PROVENANCE_KEYS.get(state or None)
        return self.text(key) if key else str(state)

    def source_type(self, value: str | None) -> str:
        """The digital source type in plain words of this language ("KI-generiert (trainiertes
        Modell)"): ``source_type_CODE`` of the table (walk20: it stayed English on German and
        Spanish sheets); a code no table knows as app.provenance says it; "" when not set."""
        code = source_type_code(value)
        if not code:
            return ""
        key = f"source_type_{code}"
        return self.text(key) if key in _tables()[DEFAULT_LANGUAGE] else source_type_label(value)

    def csv_words(self) -> CsvWords:
        """The CSV's status and finding words in this language (walk19: a Spanish desk's CSV
        said "Estado: info" and "Observaciones: info: …" under Spanish column names, where its
        PDF says NOTA)."""
        t = self.text
        return CsvWords(t("csv_status_ok"), {2: t("csv_status_error"), 1: t("csv_status_warning"),
                                             0: t("csv_status_info")},
                        {"error": t("csv_finding_error"), "warning": t("csv_finding_warning"),
                         "info": t("csv_finding_info")},
                        {state: t(key) for state, key in PROVENANCE_KEYS.items()}, self.source_type)


@dataclass(frozen=True)
class CsvWords:
    """``ok``: the Status of a row without findings; ``status``: by the worst finding's rank
    (2 error, 1 warning, 0 info); ``finding``: the word before a finding, by severity value."""

    ok: str
    status: dict[int, str]
    finding: dict[str, str]
    provenance: dict[str | None, str] = field(default_factory=dict)  # by Content Credentials state
    source_type: Callable[[str | None], str] | None = None  # a digital source type in plain words


def sheet_labels(language: str | None) -> SheetLabels:
    """The labels of ``language`` (a code of the table), English for None or an unknown one."""
    return SheetLabels(language if language in _tables() else DEFAULT_LANGUAGE)


def desk_language(catalog: Any) -> str:
    """The catalog's desk language (``SETTING_LANGUAGE``), English when none is set."""
    value = catalog.get_setting(SETTING_LANGUAGE, None) if catalog is not None else None
    return value if isinstance(value, str) and value in _tables() else DEFAULT_LANGUAGE
