"""Metadata templates: named sets of field values applied to many items at once.

Like Photo Mechanic's "stationery pad": a template holds a value per field and a
tick per field; only ticked fields are applied. Values may name variables that
are expanded per item, so one template can write ``REUTERS/{photographer}`` into
the credit line of a whole take:

- ``{photographer}`` the item's photographer(s), joined with " and "
- ``{agency}``       the canonical agency of the item's source (or credit line)
- ``{credit}``       the item's credit line
- ``{date}``         the date created (``YYYY-MM-DD``), else the capture date
- ``{year}``         its year (``2025``), for a copyright notice: ``© {year} AFP``
- ``{date:FORMAT}``  the same date written with strftime-like directives, in the house style's
  language, or the desk's for a style that names none (``resources/date_words.toml``,
  ``style_date_words``; English months before a day in AP style):
  ``{date:%A, %b %-d, %Y}`` gives "Tuesday, Sept. 9, 2025" (see ``format_date``)
- ``{date:long}``, ``{date:short}``, ``{date:weekday}`` the language's own dates: "December 7,
  2026", "7. Dezember 2026", "7 de diciembre de 2026"; "Dec. 7, 2026", "7. Dez. 2026"
- ``{city}``, ``{state}``, ``{country}``, ``{sublocation}`` the place fields

Every field of a template takes them, the caption included. An unknown ``{name}`` is left
as typed so a typo shows up in the result instead of silently vanishing; ``{{`` and ``}}``
write literal braces. Code replacements (``app.codes``, ``=vg=``) are expanded after the
variables, so a template may hold them too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.codes import CodeTable
from app.date_words import DateWords, date_words
from app.fields import BY_KEY, FIELD_KEYS, is_blank, normalize_value, value_problem
from app.model import Item, Value

VARIABLES: tuple[str, ...] = ("photographer", "agency", "credit", "date", "year", "city", "state", "country",
                              "sublocation")
# Variables that take a format after a colon: {date:%A, %b %-d, %Y}
FORMATTED: tuple[str, ...] = ("date",)

_VAR = re.compile(r"\{\{|\}\}|\{([a-z_]+)(?::([^{}]*))?\}")
_DIRECTIVE = re.compile(r"%(-?)([A-Za-z%])(\.?)")
_ISO_PREFIX = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def style_date_words(style: str | None, desk_language: str | None = None) -> DateWords:
    """The date words of the house style ``style``: its ``language``; for a style that names
    none (agency-native keeps each agency's credit form, whatever language the desk writes
    captions in) the desk's language; English for neither, or an unknown style."""
    from app.house_style import HouseStyle  # noqa: PLC0415

    try:
        language = HouseStyle.load(style).language if style else None
    except (KeyError, ValueError, OSError):
        language = None
    return date_words(language or desk_language)


class _Canonicalizer(Protocol):
    def canonical(self, name: str) -> str | None: ...


@dataclass
class Template:
    """A named set of field values; ``enabled`` names the ticked fields (the only ones applied)."""

    name: str
    values: dict[str, Value] = field(default_factory=dict)
    enabled: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        unknown = [k for k in (*self.values, *self.enabled) if k not in BY_KEY]
        if unknown:
            raise ValueError(f"template {self.name!r} names unknown fields: {', '.join(sorted(set(unknown)))}")
        # Keep the table's order so a template reads the same everywhere it is shown.
        self.enabled = [k for k in FIELD_KEYS if k in set(self.enabled)]

    def applied_values(self) -> dict[str, Value]:
        """The ticked fields with their (unexpanded) values."""
        return {k: self.values.get(k, "" if not BY_KEY[k].is_list else []) for k in self.enabled}

    def problems(self) -> list[str]:
        """Values of ticked fields that no item could take (a date that is not ISO 8601);
        values with variables are judged per item when applied."""
        out = []
        for key, value in self.applied_values().items():
            problem = None if uses_variables(value) else value_problem(key, value)
            if problem:
                out.append(problem)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "values": dict(self.values), "enabled": list(self.enabled)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Template:
        return cls(name=str(data["name"]), values=dict(data.get("values") or {}),
                   enabled=list(data.get("enabled") or []))


def item_variables(fields: Mapping[str, Value], facts_date: str | None = None,
                   registry: _Canonicalizer | None = None) -> dict[str, str]:
    """The variable values of one item, from its working field values."""
    creators = normalize_value("creators", fields.get("creators"))
    agency = ""
    for key in ("source", "credit_line"):
        raw = normalize_value(key, fields.get(key))
        if is_blank(raw):
            continue
        canonical = registry.canonical(str(raw)) if registry is not None else None
        agency = canonical or str(raw)
        break
    date = str(normalize_value("date_created", fields.get("date_created")))[:10]
    if not date and facts_date:
        date = facts_date[:10]
    m = _ISO_PREFIX.match(date)
    out = {
        "photographer": " and ".join(creators),
        "agency": agency,
        "credit": str(normalize_value("credit_line", fields.get("credit_line"))),
        "date": date,
        "year": m.group(1) if m else "",
    }
    for key in ("city", "state", "country", "sublocation"):
        out[key] = str(normalize_value(key, fields.get(key)))
    return out


def format_date(iso: str, fmt: str, words: DateWords | None = None) -> str:
    """``iso`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD…``) written as ``fmt`` says, in the
    language of ``words`` (English by default) whatever the machine's locale, the same on every
    platform:

    ``%A`` Tuesday, ``%a`` Tue, ``%B`` September, ``%b`` the month before a day: in English the
    AP month "Sept." (Jan. Feb. Aug. Sept. Oct. Nov. Dec. abbreviated, March to July spelled
    out), "Dez." in German, "dic." in Spanish; a "." typed after ``%b`` is not doubled, so
    ``%b. %-d`` gives "Sept. 9" and "May 9"), ``%d`` 09, ``%-d`` 9, ``%m`` 09, ``%-m`` 9,
    ``%Y`` 2025, ``%y`` 25, ``%%`` %. An unknown directive stays as written. ``fmt`` may
    instead name one of the language's formats: "long" ("7. Dezember 2026"), "short", "weekday".
    Returns "" when the date lacks a part the format asks for (or is not a date).
    """
    words = words or date_words(None)
    fmt = words.formats.get(fmt.strip(), fmt)
    m = _ISO_PREFIX.match(iso or "")
    if m is None:
        return ""
    year, month, day = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
    try:
        when = dt.date(year, month or 1, day or 1)
    except ValueError:
        return ""
    missing = False
    named_month = "%B" in fmt or "%b" in fmt

    def sub(d: re.Match[str]) -> str:
        nonlocal missing
        bare, code, dot = d.group(1) == "-", d.group(2), d.group(3)
        if code in "AaBbdme" and (not month or (code in "Aade" and not day)):
            missing = True
            return ""
        if code == "A":
            text = words.weekdays[when.weekday()]
        elif code == "a":
            text = words.weekdays_short[when.weekday()]
        elif code == "B":
            text = words.months[month - 1]
        elif code == "b":
            return words.months_short[month - 1]  # its own period, or none: the typed one is dropped
        elif code in "de":
            text = str(day) if bare or code == "e" else f"{day:02d}"
            if text == "1" and named_month:
                text = words.first_day  # "1er décembre"; not in "1/12/2026"
        elif code == "m":
            text = str(month) if bare else f"{month:02d}"
        elif code == "Y":
            text = str(year)
        elif code == "y":
            text = f"{year % 100:02d}"
        elif code == "%":
            text = "%"
        else:
            return d.group(0)
        return text + dot

    out = _DIRECTIVE.sub(sub, fmt)
    return "" if missing else out


def expand(text: str, variables: Mapping[str, str], words: DateWords | None = None) -> str:
    """Replace ``{name}`` (and ``{date:FORMAT}``, in the language of ``words``) by its value;
    unknown names stay as written."""

    def sub(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name, fmt = m.group(1), m.group(2)
        if name not in variables:
            return token
        if fmt is None:
            return variables[name]
        if name in FORMATTED:
            return format_date(variables[name], fmt, words)
        return token  # a format on a variable that takes none: shown, not guessed

    return _VAR.sub(sub, text)


def uses_variables(value: Value) -> bool:
    texts = value if isinstance(value, list) else [value]
    return any(m.group(1) in VARIABLES for t in texts for m in _VAR.finditer(t) if m.group(1))


def template_changes(template: Template, items: Iterable[Item],
                     registry: _Canonicalizer | None = None,
                     codes: CodeTable | None = None,
                     words: DateWords | None = None) -> dict[int, dict[str, Value]]:
    """What applying ``template`` to ``items`` would write: ``{item_id: {key: new value}}``.

    Only values that differ from the item's current ones are listed, so applying a
    template twice is a no-op. Variables are expanded against the item's values with
    the template's literal values already applied: a template that sets the source to
    "Reuters" and the credit line to ``REUTERS/{photographer}`` works in one pass. With
    ``codes``, code replacements are expanded after the variables. ``words``: the language
    dates are written in (the house style's, ``style_date_words``; English by default).
    """
    wanted = template.applied_values()
    literal = {k: v for k, v in wanted.items() if not uses_variables(v)}
    out: dict[int, dict[str, Value]] = {}
    for item in items:
        merged = {**item.fields, **{k: normalize_value(k, v) for k, v in literal.items()}}
        facts_date = item.facts.capture_time if item.facts else None
        variables = item_variables(merged, facts_date, registry)
        changes: dict[str, Value] = {}
        for key, value in wanted.items():
            if isinstance(value, list):
                expanded: Value = [_codes(expand(v, variables, words), codes) for v in value]
            else:
                expanded = _codes(expand(value, variables, words), codes)
            if value_problem(key, expanded):
                continue  # a date that is not one (a template saved before dates were checked)
            new = normalize_value(key, expanded)
            if new != normalize_value(key, item.fields.get(key)):
                changes[key] = new
        if changes:
            out[item.id] = changes
    return out


def _codes(text: str, codes: CodeTable | None) -> str:
    return codes.expand(text) if codes else text
