"""The validation service: runs the rules with a catalog's settings and stores the findings.

The inspector calls ``refresh_findings(catalog, [item_id])`` as the user types (one
item: a few milliseconds); ``check_gallery`` checks a whole gallery, gallery rules
included, for the CLI and the gallery view. Settings read from the catalog:

* ``rules``: ``{rule_id: {"enabled": bool, "severity": "error"|"warning"|"info"}}``
* ``house_style``: the style fixes render credits in (default ``"agency-native"``)
* ``publish_date``: ISO date embargoes are judged against (default: today)
* ``house_agencies``: the catalog's own agencies (its newspaper, partners), known to the
  rules beside the bundled registry: ``[{"name": ..., "aliases": [...]}]``
* ``spelling_words``: the house dictionary of the ``spelling`` rule (``app.spelling``)

Change them with ``change_setting``, which makes the stored findings stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app import spelling
from app.agencies import HOUSE_SETTING, house_agencies
from app.credits import parse_credits
from app.export.sheet import encode_caption_credits
from app.model import Credit, Finding, Item, Severity
from app.rules import RuleContext, check_item, load_registry, make_context
from app.rules import check_gallery as _check_gallery
from app.rules.base import clip_for_check
from app.rules.credit import defects_of
from app.rules.facts import ItemFacts, facts_of, parse_view

SETTING_RULES, SETTING_HOUSE_STYLE, SETTING_PUBLISH_DATE = "rules", "house_style", "publish_date"
SETTING_HOUSE_AGENCIES = HOUSE_SETTING
# The settings a finding depends on: changing one makes every stored finding stale.
VALIDATION_SETTINGS = (SETTING_RULES, SETTING_HOUSE_STYLE, SETTING_PUBLISH_DATE, SETTING_HOUSE_AGENCIES,
                       spelling.SETTING_WORDS)


def change_setting(catalog: Any, key: str, value: Any) -> bool:
    """Store a catalog setting; when it is one the rules read and its value changed, every
    stored finding becomes stale, so no view, export or check shows findings made under the
    old settings (they are recomputed as they are needed). True when the value changed."""
    if catalog.get_setting(key) == value:
        return False
    catalog.set_setting(key, value)
    if key in VALIDATION_SETTINGS:
        catalog.mark_findings_stale()
    return True


def context_for(catalog: Any, publish_date: dt.date | str | None = None) -> RuleContext:
    """A rule context from the catalog's settings; ``publish_date`` overrides the stored default."""
    config = catalog.get_setting(SETTING_RULES) or {}
    if not isinstance(config, dict):
        config = {}
    style = catalog.get_setting(SETTING_HOUSE_STYLE) or "agency-native"
    when = publish_date or catalog.get_setting(SETTING_PUBLISH_DATE)
    if isinstance(when, str):
        try:
            when = dt.date.fromisoformat(when)
        except ValueError:
            when = None  # a bad stored value falls back to today rather than failing every check
    house = house_agencies(catalog.get_setting(SETTING_HOUSE_AGENCIES))
    registry = load_registry(house)
    ctx = make_context(registry=registry, house_style=str(style), config=config, publish_date=when)
    # The catalog's names and house dictionary, read only when the spelling rule runs.
    ctx.speller_factory = lambda: spelling.checker_for(catalog, registry)
    return ctx


def refresh_findings(catalog: Any, item_ids: Iterable[int] | None = None,
                     ctx: RuleContext | None = None) -> dict[int, list[Finding]]:
    """Recompute and store the findings of ``item_ids`` (default: every stale item).

    Item rules only: gallery rules depend on the gallery and run in ``check_gallery``.
    """
    ids = list(item_ids) if item_ids is not None else catalog.stale_item_ids()
    if not ids:
        return {}
    ctx = ctx or context_for(catalog)
    out: dict[int, list[Finding]] = {}
    for start in range(0, len(ids), 500):  # bounded memory on a whole-catalog refresh
        revisions = catalog.revisions(ids[start:start + 500])  # before the read: see store_findings
        items = catalog.items(ids[start:start + 500])
        found, credits = {}, {}
        for item in items:
            item = clip_for_check(item)  # the copy check_item checks, so the facts are shared
            facts = facts_of(item, ctx)  # check_item finds it and drops it from ctx; we keep it
            found[item.id] = check_item(item, ctx)
            credits[item.id] = sheet_credits(facts)
        catalog.store_findings(found, credits, revisions)
        out.update(found)
    return out


def sheet_credits(facts: ItemFacts) -> str:
    """The credit sheet's summary of the caption's credits, from the parse the rules made.
    The rules parse a view with desk instructions and mojibake blanked; the sheet parses the
    caption as written, so when the two differ (rarely) the caption is parsed again."""
    caption = facts.caption
    if not caption.strip():
        return ""
    if parse_view(caption, facts.directive_words) is caption:
        return encode_caption_credits(caption, facts.caption_credits)
    return encode_caption_credits(caption, parse_credits(caption, field="caption"))


@dataclass
class CheckedItem:
    item: Item
    findings: list[Finding]
    credits: list[Credit]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "position": self.item.position,
            "path": self.item.path,
            "caption": self.item.fields.get("caption") or "",
            "credits": [_credit_json(c) for c in self.credits],
            "findings": [f.to_json() for f in self.findings],
        }


def _credit_json(c: Credit) -> dict[str, Any]:
    """A credit as `creditline parse-credit` prints it: its fields and its defects."""
    out = c.to_json()
    out["defects"] = [vars(d) for d in defects_of(c)]
    return out


@dataclass
class CheckReport:
    gallery: str | None
    items: list[CheckedItem] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in Severity}
        for ci in self.items:
            for f in ci.findings:
                counts[f.severity] += 1
        return {"items": len(self.items), "errors": counts[Severity.ERROR],
                "warnings": counts[Severity.WARNING], "infos": counts[Severity.INFO]}

    @property
    def has_errors(self) -> bool:
        return self.summary["errors"] > 0

    def to_json(self) -> dict[str, Any]:
        return {"gallery": self.gallery, "items": [ci.to_json() for ci in self.items], "summary": self.summary}


def check_gallery(catalog: Any, gallery_name: str | int | None = None,
                  publish_date: dt.date | str | None = None, store: bool = True) -> CheckReport:
    """Check a gallery (or, with no name, the whole catalog) in order; store the findings.

    Raises KeyError when the gallery does not exist.
    """
    name: str | None = None
    if gallery_name is not None:
        g = catalog.gallery(gallery_name)
        name = g.name
        ids = catalog.gallery_item_ids(g.id)
    else:
        ids = catalog.item_ids()
    revisions = catalog.revisions(ids) if store else None  # before the read: see store_findings
    items = catalog.items(ids, gallery=g.id) if gallery_name is not None else catalog.items(ids)
    ctx = context_for(catalog, publish_date)
    if gallery_name is not None:  # what the gallery is for: the disclosure and alt-text rules read it
        ctx.gallery.update(news=g.news, web=g.web)
    # Facts made first are the ones the rules use (and then drop from ctx): what they parsed
    # is reused below instead of parsed again.
    # Long values cut as the rules cut them (the report keeps the items as they are).
    checked = [clip_for_check(item) for item in items]
    all_facts = [facts_of(item, ctx) for item in checked]
    found = _check_gallery(checked, ctx)
    credits = {}
    summaries = {}
    for item, facts in zip(items, all_facts, strict=True):
        credits[item.id] = [*facts.caption_credits, *facts.field_credits.get("credit_line", [])]
        summaries[item.id] = sheet_credits(facts)
    ctx._facts.clear()
    if store:
        catalog.store_findings(found, summaries, revisions)
    return CheckReport(name, [CheckedItem(it, found.get(it.id, []), credits[it.id]) for it in items])
