"""Validation rules: one module per family, one registry, two entry points.

``check_item(item, ctx)`` runs every enabled item rule on one item (the inspector
calls it per keystroke through ``app.validation``); ``check_gallery(items, ctx)``
runs the item rules on each item and then the gallery rules (name-variant) over all.
The rules themselves are listed in docs/rules.md, generated from ``RULES``.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.model import Finding, Item
from app.rules import (  # noqa: F401
    alttext,
    credit,
    dates,
    directives,
    disclosure,
    metadata,
    names,
    presence,
    restrictions,
    spelling,
    text,
)
from app.rules.base import (
    RULES,
    Example,
    Rule,
    RuleContext,
    cap_findings,
    clip_for_check,
    load_registry,
    make_context,
)
from app.rules.facts import facts_of

__all__ = ["GALLERY_RULE_IDS", "RULES", "Example", "Rule", "RuleContext", "check_each", "check_gallery", "check_item",
           "gallery_parts", "load_registry", "make_context", "run_gallery_parts", "run_gallery_rules",
           "sort_findings"]

ITEM_RULES: tuple[Rule, ...] = tuple(r for r in RULES.values() if r.check is not None)
GALLERY_RULES: tuple[Rule, ...] = tuple(r for r in RULES.values() if r.check_gallery is not None)
GALLERY_RULE_IDS: frozenset[str] = frozenset(r.id for r in GALLERY_RULES)
_ITEM_PLAN = tuple((r.check, r.gate) for r in ITEM_RULES)


def _configure(f: Finding, r: Rule, ctx: RuleContext) -> Finding:
    # The catalog's severity replaces the default; a finding a rule escalated itself
    # (an embargo still running) keeps its escalation.
    sev = ctx.severity(r)
    if f.severity is r.severity and sev is not r.severity:
        f.severity = sev
    return f


def check_item(item: Item, ctx: RuleContext) -> list[Finding]:
    """Findings of every enabled item rule, most severe first. Values past the bounds of
    ``base.clip_for_check`` are not checked (the too-long-to-check rule says so)."""
    item = clip_for_check(item)
    try:
        out = cap_findings(_run_item_rules(item, ctx))
    finally:
        ctx._facts.pop(id(item), None)
    return sort_findings(out) if len(out) > 1 else out


def check_each(items: Sequence[Item], ctx: RuleContext) -> list[list[Finding]]:
    """``[check_item(item, ctx) for item in items]``, each rule run over all of ``items`` before
    the next one: a rule's code and data (its patterns, word lists and caches) then stay in the
    CPU's caches from one item to the next, where item by item each rule found them pushed out by
    the others (a check worker's rules, first sight: the 20,000 gallery 360-385 -> 283-307 us an
    item, the real captions 1,280-1,370 -> 936-942; speed35 in docs/benchmarks.md). A rule reads
    nothing of another item, and each item's findings are gathered in check_item's order, so
    each gets what check_item gives it. Hold a few dozen items: their facts live until the end."""
    items = [clip_for_check(item) for item in items]
    outs: list[list[Finding]] = [[] for _ in items]
    try:
        facts = [facts_of(item, ctx) for item in items]
        if not ctx.config:  # the common case: every rule on, default severities
            for check, gate in _ITEM_PLAN:
                for item, f, out in zip(items, facts, outs, strict=True):
                    if gate is None or gate(f):
                        out.extend(check(item, ctx))  # type: ignore[misc]
        else:
            for r in ITEM_RULES:
                if not ctx.enabled(r.id):
                    continue
                for item, f, out in zip(items, facts, outs, strict=True):
                    if r.gate is None or r.gate(f):
                        out.extend(_configure(found, r, ctx) for found in r.check(item, ctx))  # type: ignore[misc]
    finally:
        for item in items:
            ctx._facts.pop(id(item), None)
    result = []
    for item, out in zip(items, outs, strict=True):
        for f in out:
            f.item_id = item.id
        out = cap_findings(out)
        result.append(sort_findings(out) if len(out) > 1 else out)
    return result


def _run_item_rules(item: Item, ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    facts = facts_of(item, ctx)
    if not ctx.config:  # the common case: every rule on, default severities
        for check, gate in _ITEM_PLAN:
            if gate is None or gate(facts):
                out.extend(check(item, ctx))  # type: ignore[misc]
        if out:
            for f in out:
                f.item_id = item.id
        return out
    for r in ITEM_RULES:
        if not ctx.enabled(r.id) or (r.gate is not None and not r.gate(facts)):
            continue
        for f in r.check(item, ctx):  # type: ignore[misc]
            f.item_id = item.id
            out.append(_configure(f, r, ctx))
    return out


def run_gallery_rules(items: Sequence[Item], ctx: RuleContext) -> dict[int, list[Finding]]:
    """The gallery rules alone across ``items`` (unsorted), for a caller that has the item
    rules' findings already (stored by an earlier check, or made in other processes)."""
    items = list(items)
    out: dict[int, list[Finding]] = {}
    ctx.gallery["items"] = items
    try:
        _add_gallery_findings(items, ctx, out)
    finally:
        ctx._facts.clear()
        ctx.gallery.pop("items", None)
    return out


def gallery_parts(item: Item, ctx: RuleContext) -> tuple:
    """What each enabled gallery rule needs of ``item`` (``Rule.gallery_part``; None for a rule
    turned off), for ``run_gallery_parts``: plain values, made where the item is checked."""
    return tuple(r.gallery_part(item, ctx) if ctx.enabled(r.id) else None  # type: ignore[misc]
                 for r in GALLERY_RULES)


def run_gallery_parts(parts: Sequence[tuple[int, tuple]], ctx: RuleContext) -> dict[int, list[Finding]]:
    """``run_gallery_rules`` from each item's ``gallery_parts``: [(item id, parts)] in gallery
    order, the items themselves not needed."""
    out: dict[int, list[Finding]] = {}
    for n, r in enumerate(GALLERY_RULES):
        if not ctx.enabled(r.id):
            continue
        mine = [(item_id, p[n]) for item_id, p in parts]
        for item_id, found in r.check_parts(mine, ctx).items():  # type: ignore[misc]
            out.setdefault(item_id, []).extend(_configure(f, r, ctx) for f in found)
    return out


def _add_gallery_findings(items: list[Item], ctx: RuleContext, out: dict[int, list[Finding]]) -> None:
    for r in GALLERY_RULES:
        if not ctx.enabled(r.id):
            continue
        for item_id, found in r.check_gallery(items, ctx).items():  # type: ignore[misc]
            out.setdefault(item_id, []).extend(_configure(f, r, ctx) for f in found)


def check_gallery(items: Sequence[Item], ctx: RuleContext) -> dict[int, list[Finding]]:
    """Item rules on each item plus gallery rules across them, keyed by item id (values past
    the bounds of ``base.clip_for_check`` are not checked)."""
    items = [clip_for_check(i) for i in items]
    out: dict[int, list[Finding]] = {}
    ctx.gallery["items"] = items  # gallery-level data any rule may consult
    try:
        for item in items:  # facts stay cached for the gallery rules below
            out[item.id] = _run_item_rules(item, ctx)
        _add_gallery_findings(items, ctx, out)
    finally:
        ctx._facts.clear()
        ctx.gallery.pop("items", None)
    return {k: sort_findings(cap_findings(v)) for k, v in out.items()}


def sort_findings(found: list[Finding]) -> list[Finding]:
    return sorted(found, key=lambda f: (-f.severity.rank, f.field, f.start if f.start is not None else -1, f.rule))
