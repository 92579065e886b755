"""Applying the fixes the rules offer: several on one field at once, or every fix of an item as
a desk expects "fix everything" to act. Core logic with no UI: the session applies fixes with
it, and ``bench/bench_fixes.py`` judges the result on real captions the same way."""

from __future__ import annotations

import difflib
from dataclasses import replace as dc_replace
from typing import Any

from app.fields import BY_KEY, normalize_value
from app.model import Finding, Fix, Item, Value
from app.rules import check_item

__all__ = ["FIX_ROUNDS", "apply_fixes", "as_text", "fix_all"]


def as_text(value: Value | None) -> str:
    """A field's value as one string: the text editors show and findings' spans point into."""
    if isinstance(value, list):
        return "; ".join(value)
    return value or ""


def apply_fixes(value: Value | None, key: str, fixes: list[Fix]) -> Value | None:
    """Apply non-overlapping fixes to one field, last span first so earlier offsets stay valid.

    Returns None when a fix no longer fits the text (the finding is stale).
    """
    text = as_text(value)
    for fix in fixes:
        if fix.start < 0 or fix.end > len(text) or fix.start > fix.end:
            return None
    if len(fixes) > 1:
        # A tidy of the whole caption ("Tidy spaces") would overlap every other fix and be
        # dropped, or drop them: split it into the blanks and marks it changes.
        fixes = [part for fix in fixes for part in _tidy_parts(text, fix)]
    for fix in reversed(_merge_overlapping(fixes)):
        text = fix.apply(text)
    return normalize_value(key, text) if BY_KEY[key].is_list else text


def _tidy_parts(text: str, fix: Fix) -> list[Fix]:
    """``fix`` as the separate edits it makes when it changes blanks only (a tidy of spaces),
    each a Fix of its own; otherwise ``[fix]``. Applied together the parts are the fix itself.
    A fix that rewrites marks ("Write '/'") stays whole: two of those that overlap are one
    defect's two readings, and the first is kept."""
    old = text[fix.start:fix.end]
    new = fix.replacement
    if old == new or len(old) < 2 or "".join(old.split()) != "".join(new.split()):
        return [fix]
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op != "equal":
            parts.append(Fix(fix.label, fix.field, fix.start + i1, fix.start + i2, new[j1:j2]))
    return parts or [fix]


FIX_ROUNDS = 3  # a fix can leave what another rule fixes (a removal's doubled blank): a few rounds, never a loop


def fix_all(item: Item, ctx: Any, findings: list[Finding] | None = None) -> dict[str, Value]:
    """Every fix the rules offer on ``item``, applied as a desk expects "fix everything" to act:
    the fixes of each field at once (overlapping ones merged, a tidy split into the blanks it
    changes), then the item checked again and what is offered next applied, up to ``FIX_ROUNDS``
    rounds. ``findings``: the item's findings as shown (else it is checked first). Returns the new
    values of the fields that changed."""
    fields = dict(item.fields)
    changed: dict[str, Value] = {}
    for _round in range(FIX_ROUNDS):
        if findings is None:
            findings = check_item(dc_replace(item, fields=fields), ctx)
        by_field: dict[str, list[Fix]] = {}
        for f in findings:
            if f.fix is not None:
                by_field.setdefault(f.fix.field, []).append(f.fix)
        step = {}
        for key, fixes in by_field.items():
            fixed = apply_fixes(fields.get(key), key, fixes)
            if fixed is not None and fixed != fields.get(key):
                step[key] = fixed
        if not step:
            break
        fields.update(step)
        changed.update(step)
        findings = None
    return changed


def _merge_overlapping(fixes: list[Fix]) -> list[Fix]:
    """Fixes in text order, overlapping ones merged: two removals become one removal of both
    spans; a fix inside another gives way to the one around it (two findings of one defect
    must not undo each other, nor leave half of it)."""
    out: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: (f.start, -f.end)):
        last = out[-1] if out else None
        if last is None or fix.start >= last.end and not (fix.start == last.end == last.start):
            out.append(fix)
            continue
        if fix.end <= last.end:
            continue  # inside the one before: that one's replacement wins
        if last.replacement == "" and fix.replacement == "":
            out[-1] = Fix(last.label, last.field, last.start, fix.end, "")
        # otherwise the two edits disagree about the shared characters: keep the first only
    return out
