"""Per-item derived data that several rules share, computed at most once per check.

Parsing credits and dates is the expensive part of validation; rules ask for
``facts_of(item, ctx)`` and get the same object back within one ``check_item``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache

from app import credits as credits_module
from app.credit_forms import forms
from app.credits import caption_says_file, on_registry_change, parse_credits
from app.model import Credit, Item
from app.rules.base import RuleContext, fold, text_of
from app.rules.datefind import DateMention, LocalDate, find_dates, find_local_dates, parse_iso_date

CREDIT_FIELDS = ("credit_line", "source")
FILE_WORDS = re.compile(r"\b(?:file|archive) (?:photo|photograph|picture|image)\b", re.IGNORECASE)


class lazy:  # noqa: N801 - reads like the decorator it replaces
    """functools.cached_property without its per-access lock (Python 3.11 takes one), which
    costs more than most rules when every rule asks for the same facts."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


def parsed_credits(text: str, field: str) -> tuple[Credit, ...]:
    """``parse_credits``; credit lines and sources, which repeat across a catalog, are
    remembered. Captions are nearly all different, so caching them would only churn.
    Cached credits are shared between callers: rules must not change them."""
    if field == "caption":
        return tuple(parse_credits(text, field))
    return _parsed_field(text, field, credits_module.GENERATION)


@lru_cache(maxsize=8192)
def _parsed_field(text: str, field: str, _generation: int) -> tuple[Credit, ...]:
    return tuple(parse_credits(text, field))


on_registry_change(_parsed_field.cache_clear)


@lru_cache(maxsize=8192)
def _field_credits(line: str, source: str, generation: int) -> dict[str, tuple[Credit, ...]]:
    """``ItemFacts.field_credits`` by the two values it reads: a catalog repeats the same few
    credit line and source pairs item after item, so one lookup replaces two."""
    out: dict[str, tuple[Credit, ...]] = {}
    for key, text in zip(CREDIT_FIELDS, (line, source), strict=True):
        if text.strip():
            out[key] = _parsed_field(text, key, generation)
    return out


on_registry_change(_field_credits.cache_clear)


def has_directive_words(text: str) -> bool:
    """Whether ``text`` holds any of ``directives.QUICK`` (the words a desk instruction needs:
    the structural patterns' and those of the phrase data in caption_words.toml [directives]).
    Substring tests over a tuple made once: this runs on every caption."""
    for word in _directive_quick():
        if word in text:
            return True
    return False


@lru_cache(maxsize=1)
def _directive_quick() -> tuple[str, ...]:
    # Imported here: directives imports this module.
    from app.rules.directives import QUICK  # noqa: PLC0415

    return QUICK


def directive_spans(caption: str) -> list[tuple[int, int]]:
    """Where ``directives.directive_matches`` finds desk instructions, in its order."""
    # Imported here, not at the top: directives imports this module.
    from app.rules.directives import directive_matches  # noqa: PLC0415

    return [m.span() for m in directive_matches(caption)]


def may_hold_mojibake(text: str) -> bool:
    """Whether ``text`` holds a character every ``text.MOJIBAKE`` match starts with; most
    non-ASCII captions ("Düsseldorf") have none, and five character tests beat the pattern."""
    return not text.isascii() and ("Ã" in text or "Â" in text or "â" in text or "Å" in text or "\ufffd" in text)


def parse_view(caption: str, directive_words: bool | None = None,
               known_spans: list[tuple[int, int]] | None = None) -> str:
    """The caption as the credit parser should see it: desk instructions ("MANDATORY
    CREDIT", "TOPSHOT -") and mojibake ("Ã©" holds a "©") blanked out character for
    character, so offsets stay those of the caption and a credit next to them still parses.
    ``directive_words``: ``has_directive_words(caption)`` when the caller knows it already;
    ``known_spans``: ``directive_spans(caption)``, likewise."""
    spans = []
    if has_directive_words(caption) if directive_words is None else directive_words:
        spans += directive_spans(caption) if known_spans is None else known_spans
    if may_hold_mojibake(caption):
        from app.rules.text import MOJIBAKE  # noqa: PLC0415

        spans += [m.span() for m in MOJIBAKE.finditer(caption)]
    if not spans:
        return caption
    chars = list(caption)
    for s, e in spans:
        # Desk words become spaces; in mojibake only the "©" that "Ã©" hides is blanked,
        # so the garbled name stays one word for the parser.
        chars[s:e] = " " * (e - s) if caption[s:e].isascii() else caption[s:e].replace("©", "\x7f")
    return "".join(chars)


def reads_as(text: str, credit: Credit) -> bool:
    """Whether the parser, reading the caption ``text`` as the rules do, finds a credit there
    that names every photographer and agency ``credit`` names. A fix is offered only when the
    caption it makes passes this for the credit it keeps or writes: one that lost the credit would
    trade its finding for missing-credit or missing-photographer."""
    names = {fold(p) for p in credit.photographers}
    agencies = set(credit.agencies)
    return any(names <= {fold(p) for p in c.photographers} and agencies <= {*c.agencies, c.distributor}
               for c in parse_credits(parse_view(text), "caption"))


class ItemFacts:
    def __init__(self, item: Item, ctx: RuleContext) -> None:
        self.item = item
        self.ctx = ctx
        self.caption = text_of(item, "caption")
        self.blank = not self.caption.strip()

    @lazy
    def directive_words(self) -> bool:
        """The caption holds a word a desk instruction needs (parse_view and credit-directive ask)."""
        return has_directive_words(self.caption)

    @lazy
    def credit_view(self) -> str:
        """The caption as the credit parser reads it (``parse_view``); the caption itself, the
        same object, when it holds no desk instruction or mojibake. Kept: the credit sheet's
        summary asks again (``validation.sheet_credits``)."""
        words = self.directive_words
        return parse_view(self.caption, words, self.directive_spans if words else None)

    @lazy
    def directive_spans(self) -> list[tuple[int, int]]:
        """Where the caption's desk instructions are (``directive_spans``): the parser's view
        blanks them and credit-directive reports them, and one scan serves both (it takes
        ~85 us a caption that holds a desk word)."""
        return directive_spans(self.caption)

    @lazy
    def caption_credits(self) -> list[Credit]:
        if not self.caption.strip():
            return []
        view = self.credit_view
        if view is self.caption:
            found = parse_credits(view, "caption")  # a fresh list: nothing else holds it
            return found or self._named_by_metadata()
        credits = parsed_credits(view, "caption")
        if not credits:
            return self._named_by_metadata()
        # Messages and the JSON report quote the caption as written, not the parser's view.
        return [replace(c, text=self.caption[c.start:c.end],
                        photographers=[p.replace("\x7f", "©") for p in c.photographers]) for c in credits]

    def _named_by_metadata(self) -> list[Credit]:
        """The caption's last words as its credit when they are exactly a person the item's own
        metadata names as the photographer (the By-line, or the Credit field's photographer):
        "… on Tuesday. Jane Roe" with By-line "Jane Roe". A bare name after the caption is a credit
        in some house styles only, and the parser reads it alone only where its typography says so
        (its own line, capitals after the last full stop); the photo's own fields settle the rest.
        Only the piece after the caption's last sentence, line or bar, and only when it is the name
        and nothing else: "… said Jane Roe." stays the caption's sentence (issue 12, round 27)."""
        names = [*self.creators, *(p for c in self.field_credits.get("credit_line", ()) for p in c.photographers)]
        if not names:
            return []
        return metadata_name_credit(self.caption, names)

    @lazy
    def field_credits(self) -> dict[str, tuple[Credit, ...]]:
        """Credits stated in credit_line and source (the by-line is names only)."""
        fields = self.item.fields
        line, source = fields.get("credit_line"), fields.get("source")
        if line.__class__ is not str or source.__class__ is not str:  # a list or a missing field
            line, source = text_of(self.item, "credit_line"), text_of(self.item, "source")
        # A copy: the cached dict is every item's with this pair, its tuples cannot be changed.
        return dict(_field_credits(line, source, credits_module.GENERATION))

    @lazy
    def all_text(self) -> str:
        """Every value as text, joined, so a rule can skip an item with one substring test of
        single characters. A list is joined as its repr, which keeps every printable character
        ("&", "Ã", "\ufffd" …), so this holds at least the characters of every string: no item
        is skipped wrongly, and it is made in one step instead of two filtering passes."""
        return "\n".join(map(str, self.item.fields.values()))

    @lazy
    def creators(self) -> list[str]:
        v = self.item.fields.get("creators") or []
        return [v] if isinstance(v, str) else [c for c in v if c.strip()]

    @lazy
    def dates(self) -> list[DateMention]:
        return find_dates(self.caption)

    @lazy
    def local_dates(self) -> list[LocalDate]:
        """A weekday with its date in German, Spanish … ("Dienstag, 9. Dezember 2026")."""
        return find_local_dates(self.caption)

    @lazy
    def item_date(self) -> dt.date | None:
        """When the photo was made: date created, else the camera's capture time."""
        d = parse_iso_date(text_of(self.item, "date_created"))
        if d is None and self.item.facts is not None:
            d = parse_iso_date(self.item.facts.capture_time)
        return d

    @lazy
    def caption_says_file(self) -> bool:
        lower = self.caption.lower()
        if "file" not in lower and "archive" not in lower and "reissued" not in lower:
            return False
        if caption_says_file(self.caption) is not None:
            return True
        # "In this Tuesday, Jan. 12, 2021 file photo": the date's points hide it from the lead-in
        # pattern; look for the words outside the credits ("/File Photo" in a credit is the credit's).
        if "file" not in lower:
            return False
        text = self.caption
        for c in self.caption_credits:
            text = text[:c.start] + " " * (c.end - c.start) + text[c.end:]
        return bool(FILE_WORDS.search(text))

    @lazy
    def is_file_photo(self) -> bool:
        instr = text_of(self.item, "instructions")
        return (self.caption_says_file or "FILE" in instr.upper()
                or any(c.file for cs in (self.caption_credits, *self.field_credits.values()) for c in cs))


_TAIL_TRIM = " \t."


def metadata_name_credit(caption: str, names: list[str]) -> list[Credit]:
    """``[Credit]`` for the caption's last piece (after its last sentence end, line break or bar:
    ``credit_fragments``) when that piece, bare of brackets and its full stop, is one of ``names``
    (blanks and case aside); else ``[]``."""
    t = caption.rstrip()
    pieces = credits_module.credit_fragments(t)
    if not pieces:
        return []
    a, b, _ = pieces[0]  # the piece after the last sentence, line or bar ends the caption
    while a < b and t[a] in " \t|/–—-":
        a += 1
    while b > a and t[b - 1] in _TAIL_TRIM:
        b -= 1
    if b - a >= 2 and t[a] in "([" and t[b - 1] in ")]":
        a, b = a + 1, b - 1
    piece = " ".join(t[a:b].split()).casefold()
    if not piece or t[b:].strip(_TAIL_TRIM + ")]"):
        return []
    before = t[:a].split()
    if before and before[-1] in forms().abbreviations:
        return []  # "… the career of Dr. Peter Scholl-Latour.": a title's stop ends no sentence
    for name in names:
        if " ".join(name.split()).casefold() == piece and len(piece.split()) >= 2:
            return [Credit(text=caption[a:b], start=a, end=b, field="caption", photographers=[caption[a:b]],
                           form="name")]
    return []


def known_facts(item: Item, ctx: RuleContext, **known: object) -> ItemFacts:
    """``facts_of(item, ctx)`` with some of its lazy facts already known (computed in another
    process, or stored by an earlier check), so the rules that ask for them do not compute
    them again: ``known_facts(item, ctx, caption_credits=[...])``."""
    f = facts_of(item, ctx)
    for name, value in known.items():
        if not isinstance(getattr(ItemFacts, name, None), lazy):
            raise AttributeError(f"ItemFacts has no lazy fact {name!r}")
        f.__dict__[name] = value
    return f


def facts_of(item: Item, ctx: RuleContext) -> ItemFacts:
    f = ctx._facts.get(id(item))
    if f is None or f.item is not item:
        f = ItemFacts(item, ctx)
        ctx._facts[id(item)] = f
    return f
