"""Things every published caption needs: the caption itself, a date, a place."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache

from app.model import Finding, Item, Severity
from app.paths import resource
from app.rules.base import Example, RuleContext, finding, rule, text_of
from app.rules.datefind import WEEKDAY_WORD
from app.rules.facts import facts_of


@rule("missing-caption", Severity.ERROR, "No caption",
      """The caption is empty (or only spaces): nothing says who, what, where or when,
      and there is no credit to publish.""",
      Example({"caption": "", "credit_line": "AFP via Getty Images"}),
      gate=lambda f: f.blank)
def missing_caption(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    if not text_of(item, "caption").strip():
        yield finding("missing-caption", "caption", "the caption is empty", item=item)


GETTY_DATELINE = re.compile(r"\b(?:JAN|FEB|MARCH|APRIL|MAY|JUNE|JULY|AUG|SEPT?|OCT|NOV|DEC)[A-Z]*\.?\s+\d{1,2}\s*:")
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
# "yesterday", "in February 2023" (month and year only: AP spells the month out) also say when.
RELATIVE_DAY = re.compile(rf"\b(?:yesterday|today|tonight|on \d{{1,2}} (?:{_MONTH_NAMES})|(?:{_MONTH_NAMES}) (?:19|20)\d\d)\b")
# A dateline ("LYON, France -", "KYIV (Reuters) -"), "in/at <Place>" or "<City>, <Country>," names a place.
PLACE = re.compile(r"^(?:[A-Z][A-Z.'’ -]+,|[A-Z]{3,}\b)|\b(?:in|at|near|outside|from|over|across)\s+(?:the\s+)?[A-Z][\w'’.-]+"
                   r"|\b(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?"
                   r", (?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d)[A-Z][^\W\d_]+(?: [A-Z][^\W\d_]+)?[,.]")
LOCATION_FIELDS = ("city", "sublocation", "state", "country", "country_code")


@cache
def _words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(when, where) patterns from resources/caption_words.toml: month and weekday names,
    relative days and numeric dates in the languages captions are written in; prepositions
    before a place, kinds of place and place names."""
    with open(resource("caption_words.toml"), "rb") as fh:
        data = tomllib.load(fh)
    when, where = data["when"], data["where"]

    def words(ws: list[str]) -> str:
        out = set()
        for w in ws:
            out.add(re.escape(w))
            if w[:1].islower():
                out.add(re.escape(w[:1].upper() + w[1:]))
        return "|".join(sorted(out, key=len, reverse=True))

    months = "|".join(sorted((re.escape(m) for m in when["months"]), key=len, reverse=True))
    named = months + "|" + words([*when["weekdays"], *when["relative"]])
    when_rx = re.compile(rf"(?<!\w)(?:{named})(?!\w)|" + "|".join(when["patterns"]))
    preps = "|".join(sorted((re.escape(p) for p in where["prepositions"]), key=len, reverse=True))
    kinds = words(where["kinds"])
    names = "|".join(sorted((re.escape(n) for n in where["names"]), key=len, reverse=True))
    where_rx = re.compile(
        rf"(?<!\w)(?:{preps})\s+(?:the\s+)?[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁІЇЄ][\w'’.-]+"  # "in Lyon", "w Warszawie"
        rf"|(?<!\w)(?:{names})(?!\w)"  # "China's", "southern Lebanon"
        rf"|[A-ZÀ-Þ][\w'’-]+\s+(?:{kinds})(?!\w)|(?<!\w)(?:{kinds})\s+of\s+[A-Z]")  # "Kent County", "island of Kos"
    return when_rx, where_rx


def says_when(text: str) -> bool:
    """The caption places its picture in time: a date, a weekday, a month, a year, "yesterday"
    (in any language of resources/caption_words.toml)."""
    return bool(_words()[0].search(text))


def says_where(text: str) -> bool:
    """The caption names a place: a dateline, "in/at <Place>", a country, region, state or
    island (resources/caption_words.toml)."""
    return bool(PLACE.search(text) or _words()[1].search(text))


@rule("missing-date", Severity.WARNING, "Caption gives no date",
      """The caption states neither a date ("Nov. 18, 2014", "08 November 2017",
      "AUGUST 20:", "15. ledna 2019", "1月28日") nor a weekday, a month, a year or a relative
      day ("yesterday", "heute"), in any language resources/caption_words.toml lists, so the
      reader cannot tell when the photo was made.""",
      Example({"caption": "Fans cheer in Lyon, France. REUTERS/Ada Brin"}),
      gate=lambda f: not f.blank and not f.dates)
def missing_date(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    facts = facts_of(item, ctx)
    if not facts.caption.strip() or facts.dates or WEEKDAY_WORD.search(facts.caption):
        return
    if GETTY_DATELINE.search(facts.caption) or RELATIVE_DAY.search(facts.caption) or says_when(facts.caption):
        return
    yield finding("missing-date", "caption", "the caption gives no date", item=item)


@rule("missing-location", Severity.WARNING, "No place",
      """Neither the location fields (city, sublocation, state, country) nor the caption
      say where the photo was made; the caption test looks for a dateline, "in/at <Place>"
      in the languages of resources/caption_words.toml, a country, region, state or island
      ("Sichuan Province", "the Greek island of Kos").""",
      Example({"caption": "Fans cheer after the final whistle, June 3, 2021. REUTERS/Ada Brin"}),
      gate=lambda f: not f.blank)
def missing_location(item: Item, ctx: RuleContext) -> list[Finding]:
    # A list, not a generator: nearly every item names its city, and returns at once.
    fields = item.fields
    for k in LOCATION_FIELDS:  # a loop, not any(text_of(...)): every item with a city stops here
        v = fields.get(k)
        if v and (v if isinstance(v, str) else text_of(item, k)).strip():
            return []
    facts = facts_of(item, ctx)
    if not facts.caption.strip() or says_where(facts.caption):
        return []
    return [finding("missing-location", "caption", "neither the caption nor the location fields say where",
                    item=item)]
