"""Metadata templates: named sets of field values applied to many items at once.

Like Photo Mechanic's "stationery pad": a template holds a value per field and a
tick per field; only ticked fields are applied. Values may name variables that
are expanded per item, so one template can write ``REUTERS/{photographer}`` into
the credit line of a whole take:

- ``{photographer}`` the item's photographer(s), joined with " and "
- ``{agency}``       the canonical agency of the item's source (or credit line)
- ``{date}``         the date created (``YYYY-MM-DD``), else the capture date
- ``{city}``         the city

An unknown ``{name}`` is left as typed so a typo shows up in the result instead
of silently vanishing; ``{{`` and ``}}`` write literal braces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.fields import BY_KEY, FIELD_KEYS, is_blank, normalize_value, value_problem
from app.model import Item, Value

VARIABLES: tuple[str, ...] = ("photographer", "agency", "date", "city")

_VAR = re.compile(r"\{\{|\}\}|\{([a-z_]+)\}")


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
    return {
        "photographer": " and ".join(creators),
        "agency": agency,
        "date": date,
        "city": str(normalize_value("city", fields.get("city"))),
    }


def expand(text: str, variables: Mapping[str, str]) -> str:
    """Replace ``{name}`` by its value; unknown names stay as written."""

    def sub(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        name = m.group(1)
        return variables[name] if name in variables else token

    return _VAR.sub(sub, text)


def uses_variables(value: Value) -> bool:
    texts = value if isinstance(value, list) else [value]
    return any(m.group(1) in VARIABLES for t in texts for m in _VAR.finditer(t) if m.group(1))


def template_changes(template: Template, items: Iterable[Item],
                     registry: _Canonicalizer | None = None) -> dict[int, dict[str, Value]]:
    """What applying ``template`` to ``items`` would write: ``{item_id: {key: new value}}``.

    Only values that differ from the item's current ones are listed, so applying a
    template twice is a no-op. Variables are expanded against the item's values with
    the template's literal values already applied: a template that sets the source to
    "Reuters" and the credit line to ``REUTERS/{photographer}`` works in one pass.
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
                expanded: Value = [expand(v, variables) for v in value]
            else:
                expanded = expand(value, variables)
            if value_problem(key, expanded):
                continue  # a date that is not one (a template saved before dates were checked)
            new = normalize_value(key, expanded)
            if new != normalize_value(key, item.fields.get(key)):
                changes[key] = new
        if changes:
            out[item.id] = changes
    return out
