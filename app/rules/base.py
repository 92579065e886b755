"""What a rule is, the registry that holds them, and the context they run in.

A rule is data (id, default severity, title, description, a triggering example)
plus one small function ``(item, ctx) -> Iterable[Finding]``. Rules never read
the catalog: everything they need arrives in the ``Item`` and the ``RuleContext``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from app.model import Finding, Fix, Item, Severity, Value

CheckFn = Callable[[Item, "RuleContext"], Iterable[Finding]]
GalleryFn = Callable[[list[Item], "RuleContext"], dict[int, list[Finding]]]
PartFn = Callable[[Item, "RuleContext"], Any]
PartsFn = Callable[[list[tuple[int | None, Any]], "RuleContext"], dict[int, list[Finding]]]

RULE_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Example:
    """An item that triggers the rule: the docs print it, a test runs it."""

    fields: dict[str, Value]
    # Extra item attributes, e.g. {"candidates": {...}} or {"capture_time": "..."}.
    extra: dict[str, Any] = field(default_factory=dict)
    publish_date: str | None = None  # ISO date, for embargo examples
    # Gallery rules: the other items' fields, checked together with this one.
    gallery: tuple[dict[str, Value], ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    description: str
    family: str  # the module it lives in: "credit", "dates", ...
    example: Example
    check: CheckFn | None = None  # item rules
    check_gallery: GalleryFn | None = None  # gallery rules (name-variant): gallery_part, then check_parts
    # A gallery rule in two steps: ``gallery_part(item, ctx)`` takes what the rule needs of one
    # item, as plain values a check worker computes beside the item rules (the item's facts at
    # hand) and sends back; ``check_parts([(item id, part), ...], ctx)``, in gallery order,
    # judges the gallery from them, with no item read or parsed again.
    gallery_part: PartFn | None = None
    check_parts: PartsFn | None = None
    # A cheap test on the item's facts (app.rules.facts.ItemFacts) that must hold for the
    # check to find anything: check_item skips the check when it fails, so a clean caption
    # costs a few attribute reads per rule instead of a call into each rule.
    gate: Callable[[Any], Any] | None = None

    @property
    def scope(self) -> str:
        return "gallery" if self.check_gallery else "item"


RULES: dict[str, Rule] = {}


def rule(id: str, severity: Severity, title: str, description: str, example: Example,
         gallery: bool = False, gate: Callable[[Any], Any] | None = None,
         part: PartFn | None = None) -> Callable[[Any], Any]:
    """Register the decorated function as the check of rule ``id``; ``gate(facts)`` false
    must mean the check finds nothing. A gallery rule gives its ``part`` (see
    ``Rule.gallery_part``) and decorates its ``check_parts``."""
    if not RULE_ID.match(id):
        raise ValueError(f"rule id {id!r} is not kebab-case")
    if id in RULES:
        raise ValueError(f"rule id {id!r} registered twice")
    if gallery and part is None:
        raise ValueError(f"gallery rule {id!r} gives no part")

    def deco(fn: Any) -> Any:
        family = fn.__module__.rsplit(".", 1)[-1]
        if gallery:
            def whole(items: list[Item], ctx: RuleContext) -> dict[int, list[Finding]]:
                return fn([(item.id, part(item, ctx)) for item in items], ctx)

            RULES[id] = Rule(id, severity, title, " ".join(description.split()), family, example,
                             check_gallery=whole, gallery_part=part, check_parts=fn, gate=gate)
        else:
            RULES[id] = Rule(id, severity, title, " ".join(description.split()), family, example, fn, gate=gate)
        return fn

    return deco


# ---------------------------------------------------------------------------
# context


@dataclass
class RuleContext:
    """Everything a rule may consult besides the item itself."""

    registry: Any = None  # app.agencies.Registry (canonical/closest/get)
    house_style: str = "agency-native"
    config: dict[str, dict[str, Any]] = field(default_factory=dict)  # {id: {"enabled", "severity"}}
    publish_date: dt.date | None = None
    # Gallery-level data computed by check_gallery, e.g. the spellings of each photographer.
    gallery: dict[str, Any] = field(default_factory=dict)
    _facts: dict[int, Any] = field(default_factory=dict, repr=False)
    _style: Any = field(default=None, repr=False)
    # Makes the app.spelling.SpellChecker of the catalog (its names, its house dictionary);
    # called once, the first time the spelling rule runs. None: the registry's names only.
    speller_factory: Callable[[], Any] | None = field(default=None, repr=False)
    _speller: Any = field(default=None, repr=False)
    # The desk's language (Settings > Desk language, "en" unset): a house style naming no language
    # writes and reads captions in it, as its template dates do.
    desk_language: str = "en"

    @property
    def speller(self) -> Any:
        """The spell checker the ``spelling`` rule asks (``app.spelling.SpellChecker``)."""
        if self._speller is None:
            from app import spelling  # noqa: PLC0415 - keeps `import app.rules` cheap

            if self.speller_factory is not None:
                self._speller = self.speller_factory()
            else:
                self._speller = spelling.SpellChecker(spelling.registry_names(self.registry))
        return self._speller

    @property
    def style(self) -> Any:
        """The HouseStyle object for ``house_style`` (agency-native when that name is unknown)."""
        if self._style is None:
            from app.house_style import HouseStyle  # noqa: PLC0415

            try:
                self._style = HouseStyle.load(self.house_style)
            except (KeyError, OSError, ValueError):
                self._style = HouseStyle.load("agency-native")
        return self._style

    @property
    def caption_language(self) -> str:
        """The language the desk's captions are written in: the house style's, else the desk's."""
        return self.style.language or self.desk_language

    def enabled(self, rule_id: str) -> bool:
        return bool(self.config.get(rule_id, {}).get("enabled", True))

    def severity(self, r: Rule) -> Severity:
        sev = self.config.get(r.id, {}).get("severity")
        if sev:
            try:
                return Severity(sev)
            except ValueError:
                pass  # a bad value in settings must not stop validation
        return r.severity

    @property
    def effective_publish_date(self) -> dt.date:
        return self.publish_date or dt.date.today()


def make_context(registry: Any = None, house_style: str | None = None, config: dict | None = None,
                 publish_date: dt.date | str | None = None) -> RuleContext:
    if isinstance(publish_date, str):
        publish_date = dt.date.fromisoformat(publish_date)
    if registry is None:
        registry = load_registry()
    from app.credits import use_registry  # noqa: PLC0415 - keeps `import app.rules.base` cheap

    use_registry(registry)  # the parser must know the agencies the rules know
    return RuleContext(registry=registry, house_style=house_style or "agency-native",
                       config=dict(config or {}), publish_date=publish_date)


def load_registry(house: tuple = ()) -> Any:
    """The agency registry, loaded once per process (it is read-only data); with ``house``
    (``app.agencies.house_agencies`` of a catalog's setting), that catalog's own agencies too."""
    from app.agencies import Registry  # noqa: PLC0415 - keeps `import app.rules` cheap

    return Registry.load(house)


# ---------------------------------------------------------------------------
# bounds: what a file can hold must not decide how long a check takes

# Rules see at most this much of each value. No desk writes a caption of 65,536 characters or
# 1,000 keywords, but a broken or hostile file can hold 10 MB or 20,000 (issue 11 #10), and some
# rules are quadratic in the credits a caption holds. The rest is not checked, and the
# too-long-to-check rule says so.
MAX_CHECKED_CHARS = 65_536
MAX_CHECKED_VALUES = 1_000
# A clipped item carries {key: (length, kept)} under this attribute (for too-long-to-check).
CLIPPED = "_clipped_for_check"
# Findings of one rule on one item beyond this many are counted, not listed: one line saying
# how many more, so a hostile item cannot fill the catalog or the findings panel.
MAX_FINDINGS_PER_RULE = 100


def clip_for_check(item: Item) -> Item:
    """``item`` itself when every value is within the bounds (nearly always, one pass); else a
    copy whose long texts are cut (at a space near the limit, so no half word starts a finding
    of its own) and long lists shortened, with ``CLIPPED`` set. Spans and fixes found in a cut
    text hold for the whole text, which starts the same."""
    fields = item.fields
    if not fields or CLIPPED in item.__dict__:
        return item
    try:
        if max(map(len, fields.values())) <= MAX_CHECKED_VALUES:
            return item
    except TypeError:  # a None among the values (rules take it as blank): look at each
        pass
    clipped: dict[str, Value] = {}
    notes: dict[str, tuple[int, int]] = {}
    for key, v in fields.items():
        if isinstance(v, str) and len(v) > MAX_CHECKED_CHARS:
            cut = v.rfind(" ", MAX_CHECKED_CHARS - 1000, MAX_CHECKED_CHARS)
            v = v[:cut if cut > 0 else MAX_CHECKED_CHARS]
            notes[key] = (len(fields[key]), len(v))
        elif isinstance(v, list) and len(v) > MAX_CHECKED_VALUES:
            v = v[:MAX_CHECKED_VALUES]
            notes[key] = (len(fields[key]), len(v))
        clipped[key] = v
    if not notes:
        return item
    out = replace(item, fields=clipped)
    setattr(out, CLIPPED, notes)
    return out


def cap_findings(found: list[Finding]) -> list[Finding]:
    """``found`` with at most ``MAX_FINDINGS_PER_RULE`` findings of each rule, the rest
    counted in one finding of that rule ("… and 2,431 more like these")."""
    if len(found) <= MAX_FINDINGS_PER_RULE:
        return found
    by_rule: dict[str, list[Finding]] = {}
    for f in found:
        by_rule.setdefault(f.rule, []).append(f)
    out: list[Finding] = []
    for fs in by_rule.values():
        out += fs[:MAX_FINDINGS_PER_RULE]
        if len(fs) > MAX_FINDINGS_PER_RULE:
            first = fs[0]
            out.append(Finding(first.rule, first.severity, first.field,
                               f"… and {len(fs) - MAX_FINDINGS_PER_RULE:,} more like these (not listed)",
                               item_id=first.item_id))
    return out


# ---------------------------------------------------------------------------
# helpers shared by the rule modules


def text_of(item: Item, key: str) -> str:
    v = item.fields.get(key)
    if v.__class__ is str:  # nearly always: skip the other tests
        return v
    if v is None:
        return ""
    if isinstance(v, list):
        return "; ".join(v)
    return v


def finding(rule_id: str, field_key: str, message: str, start: int | None = None, end: int | None = None,
            fix: Fix | None = None, item: Item | None = None) -> Finding:
    """A finding at the rule's default severity; check_item applies the catalog's override."""
    return Finding(rule_id, RULES[rule_id].severity if rule_id in RULES else Severity.WARNING,
                   field_key, message, start, end, fix, item.id if item else None)


def field_label(key: str) -> str:
    """A field as a message names it: its label from app/fields.py ("usage terms", "special
    instructions"), never its internal key."""
    from app.fields import BY_KEY  # noqa: PLC0415 - keeps `import app.rules.base` cheap

    f = BY_KEY.get(key)
    if f is None:
        return key.replace("_", " ")
    label = f.label
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def quote(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"\u201c{text}\u201d"


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive key, for comparing names and agencies."""
    if text.isascii():
        return " ".join(text.casefold().split())
    nfkd = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in nfkd if not unicodedata.combining(c)).casefold().replace("ı", "i").split())
