"""Photographers spelled two ways across a gallery (or the whole catalog)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.process import extract

from app.model import Finding, Fix, Item, Severity
from app.rules.base import Example, RuleContext, finding, fold, quote, rule
from app.rules.facts import facts_of

SIMILAR = 88.0  # rapidfuzz ratio on folded names; "John Smith"/"Jane Smith" scores 80


@dataclass
class NameUse:
    name: str  # as written
    item: Item
    field: str
    start: int | None
    end: int | None


def _uses(item: Item, ctx: RuleContext) -> list[NameUse]:
    out: list[NameUse] = []
    facts = facts_of(item, ctx)
    for c in facts.caption_credits:
        for p in c.photographers:
            at = facts.caption.find(p, c.start, c.end)
            out.append(NameUse(p, item, "caption", at if at >= 0 else None, at + len(p) if at >= 0 else None))
    for p in facts.creators:
        out.append(NameUse(p, item, "creators", None, None))
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
      gallery=True)
def name_variant(items: list[Item], ctx: RuleContext) -> dict[int, list[Finding]]:
    uses: list[NameUse] = []
    for item in items:
        uses.extend(_uses(item, ctx))
    by_key: dict[str, list[NameUse]] = defaultdict(list)
    for u in uses:
        by_key[" ".join(u.name.casefold().split())].append(u)
    keys = list(by_key)
    out: dict[int, list[Finding]] = defaultdict(list)
    if len(keys) < 2:
        return out
    # Accents are folded for scoring only, so "Jose Nunez" is a variant of "José Núñez".
    folded = [fold(k) for k in keys]
    counts = Counter({k: len({id(u.item) for u in v}) for k, v in by_key.items()})
    # Join similar spellings into groups (union-find over the score matrix).
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, q in enumerate(folded):
        for _match, _score, j in extract(q, folded, scorer=fuzz.ratio, score_cutoff=SIMILAR, limit=None):
            if j > i and _first_letters_agree(q, folded[j]):
                parent[root(i)] = root(j)
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
                    _add(out, u, by_key[k][0].name, None)
            for u in by_key[k]:
                _add(out, u, top_written, top_written if counts[k] < counts[top] else None)
    return out


def _first_letters_agree(a: str, b: str) -> bool:
    # Different initials ("Ana Ruiz" / "Ina Ruiz") are more often two people than one typo.
    return a[:1] == b[:1]


def _add(out: dict[int, list[Finding]], u: NameUse, other: str, replacement: str | None) -> None:
    fix = None
    if replacement and u.start is not None and u.end is not None:
        fix = Fix(f"Write {replacement}", u.field, u.start, u.end, replacement)
    f = finding("name-variant", u.field, f"photographer {quote(u.name)} is also spelled {quote(other)} here",
                u.start, u.end, fix, u.item)
    bucket = out[u.item.id]
    if not any(x.field == f.field and x.message == f.message for x in bucket):
        bucket.append(f)
