"""Photographers spelled two ways across a gallery (or the whole catalog)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz
from rapidfuzz.process import extract

from app.datacache import resource_toml
from app.model import Finding, Fix, Item, Severity
from app.rules.base import Example, RuleContext, finding, fold, quote, rule
from app.rules.facts import facts_of

SIMILAR = 88.0  # rapidfuzz ratio on folded names; "John Smith"/"Jane Smith" scores 80
# Work stays linear in the number of spellings, whatever a file holds (an item with 20,000
# creators, a catalog-wide check): names are compared only within a block sharing their first
# letter (a variant must share it anyway); a block of up to BLOCK spellings is compared all
# against all, a bigger one each spelling against its WINDOW neighbours in sorted order, once
# by the name and once by the name reversed (a typo at either end leaves the other end sorted
# together). At most max(BLOCK, 2 * WINDOW) comparisons per spelling.
BLOCK = 500
WINDOW = 40


@cache
def _ordinal() -> re.Pattern[str]:
    """A number with an ordinal suffix (caption_words.toml [names] ordinal_suffixes), any case."""
    suffixes = resource_toml("caption_words.toml").get("names", {}).get("ordinal_suffixes", [])
    alt = "|".join(re.escape(s) for s in suffixes) or "(?!)"
    return re.compile(rf"(?<![^\W\d_])\d+(?:{alt})(?!\w)", re.IGNORECASE)


def is_a_name(value: str) -> bool:
    """Whether a photographer's value can be a person's name: a name holds no ordinal number,
    so "Photographer's Mate 3rd Class" (a rating the credit left in) and "HHC 1ST BCT" (a unit
    in the credit line) are no one's name, and no other name is compared with them (the fourth
    newcomer walk: a by-line cut to "…3rd Class (A" was flagged as a variant of "…3rd Class")."""
    return not (any(map(str.isdigit, value)) and _ordinal().search(value))


# What name-variant needs of one item: each photographer's name as written, the field it is in,
# and its span in that field (None for a by-line name). Plain values, so a check worker makes
# them beside the item rules and the parent judges the gallery without reading or parsing the
# items again (``name_uses`` / ``name_variant_of``).
Use = tuple[str, str, int | None, int | None]


@dataclass
class NameUse:
    name: str  # as written
    at: int  # which item of the gallery (its place in the parts list): items are counted by it
    item_id: int | None
    field: str
    start: int | None
    end: int | None


def name_uses(item: Item, ctx: RuleContext) -> list[Use]:
    """The item's part of name-variant (see ``Use``)."""
    out: list[Use] = []
    facts = facts_of(item, ctx)
    for c in facts.caption_credits:
        for p in c.photographers:
            if not is_a_name(p):
                continue
            at = facts.caption.find(p, c.start, c.end)
            out.append((p, "caption", at if at >= 0 else None, at + len(p) if at >= 0 else None))
    out += [(p, "creators", None, None) for p in facts.creators if is_a_name(p)]
    return out


def _is_same_spelling(a: str, b: str) -> bool:
    # "JOHN DOE" (AFP upper case) and "John Doe" are one spelling in two cases.
    return a.casefold() == b.casefold()


@rule("name-variant", Severity.WARNING, "Photographer spelled two ways",
      """The same photographer appears under two spellings in one gallery (or, when no
      gallery is given, in the catalog): "Vadim Ghirda" and "Vadim Girda". Names are
      compared with rapidfuzz after folding case and accents; the items using the rarer
      spelling are flagged, and the fix writes the commoner one.""",
      Example({"caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Vadim Girda"},
              gallery=({"caption": "Police stand guard in Lyon, France, June 3, 2021. REUTERS/Vadim Ghirda"},
                       {"caption": "A man walks in Lyon, France, June 4, 2021. REUTERS/Vadim Ghirda"})),
      gallery=True, part=name_uses)
def name_variant_of(parts: list[tuple[int | None, list[Use]]], ctx: RuleContext) -> dict[int, list[Finding]]:
    """The gallery's findings from each item's ``name_uses``, in gallery order: (item id, uses)."""
    uses = [NameUse(name, at, item_id, key, start, end)
            for at, (item_id, item_uses) in enumerate(parts) for name, key, start, end in item_uses]
    by_key: dict[str, list[NameUse]] = defaultdict(list)
    for u in uses:
        by_key[" ".join(u.name.casefold().split())].append(u)
    keys = list(by_key)
    out: dict[int, list[Finding]] = defaultdict(list)
    if len(keys) < 2:
        return out
    # Accents are folded for scoring only, so "Jose Nunez" is a variant of "José Núñez".
    folded = [fold(k) for k in keys]
    counts = Counter({k: len({u.at for u in v}) for k, v in by_key.items()})
    # Join similar spellings into groups (union-find over the score matrix).
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in similar_pairs(folded):
        parent[root(i)] = root(j)
    seen: set[tuple[int, str, str]] = set()
    groups: dict[int, list[str]] = defaultdict(list)
    for i, k in enumerate(keys):
        groups[root(i)].append(k)
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda k: (-counts[k], k))
        top = members[0]
        top_written = Counter(u.name for u in by_key[top]).most_common(1)[0][0]
        for k in members[1:]:
            if counts[k] == counts[top]:
                # No majority: flag both sides, suggest nothing.
                for u in by_key[top]:
                    _add(out, seen, u, by_key[k][0].name, None)
            for u in by_key[k]:
                _add(out, seen, u, top_written, top_written if counts[k] < counts[top] else None)
    return out


def similar_pairs(folded: list[str]) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of spellings similar enough to be one name. Different initials
    ("Ana Ruiz" / "Ina Ruiz") are more often two people than one typo, so only names with the
    same first letter are compared: that is the blocking key."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(folded):
        blocks[name[:1]].append(i)
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) <= BLOCK:
            names = [folded[i] for i in members]
            for a, q in enumerate(names):
                for _m, _score, b in extract(q, names[a + 1:], scorer=fuzz.ratio, score_cutoff=SIMILAR,
                                             limit=None):
                    yield members[a], members[a + 1 + b]
            continue
        for key in (lambda i: folded[i], lambda i: folded[i][::-1]):
            ordered = sorted(members, key=key)
            for a, i in enumerate(ordered):
                near = ordered[a + 1:a + 1 + WINDOW]
                for _m, _score, b in extract(folded[i], [folded[j] for j in near], scorer=fuzz.ratio,
                                             score_cutoff=SIMILAR, limit=None):
                    yield (i, near[b]) if i < near[b] else (near[b], i)


def _add(out: dict[int, list[Finding]], seen: set[tuple[int, str, str]], u: NameUse, other: str,
         replacement: str | None) -> None:
    message = f"photographer {quote(u.name)} is also spelled {quote(other)} here"
    key = (u.item_id, u.field, message)
    if key in seen:  # a set, not a scan of the item's findings: one item may hold thousands
        return
    seen.add(key)
    fix = None
    if replacement and u.start is not None and u.end is not None:
        fix = Fix(f"Write {replacement}", u.field, u.start, u.end, replacement)
    f = finding("name-variant", u.field, message, u.start, u.end, fix)
    f.item_id = u.item_id
    out[u.item_id].append(f)  # type: ignore[index]
