"""Dates in captions: weekdays that do not fit, dates far from the capture, month style."""

from __future__ import annotations

from app.model import Finding, Fix, Item, Severity
from app.rules.base import Example, RuleContext, finding, quote, rule
from app.rules.datefind import AP_ABBREV, MONTHS, WEEKDAYS, weekday_name
from app.rules.facts import facts_of


@rule("weekday-mismatch", Severity.ERROR, "Weekday does not match the date",
      """The caption names a weekday that the date it goes with did not fall on
      ("Monday, Nov. 18, 2014" was a Tuesday), or gives a date that does not exist
      (Feb. 30). AP, Reuters, EPA and PA date forms are understood, and a weekday with its
      date in the languages of resources/caption_words.toml [when.calendars] ("Dienstag,
      9. Dezember 2026", "el martes 9 de diciembre de 2026", "le lundi 7 décembre 2026"); a date without a year takes
      the year of the photo's date created. The fix puts in the right weekday, in the
      caption's language.""",
      Example({"caption": "Fans cheer in Chicago, Monday, Nov. 18, 2014. (AP Photo/Ines Varga)"}),
      gate=lambda f: f.dates or f.local_dates)
def weekday_mismatch(item: Item, ctx: RuleContext) -> list[Finding]:
    # Lists, not generators, in the three date rules: they run on nearly every caption and
    # nearly always find nothing, and a generator frame costs more than an empty list.
    facts = facts_of(item, ctx)
    out: list[Finding] = []
    for d in facts.dates:
        if not d.possible:
            out.append(finding("weekday-mismatch", "caption", f"impossible date {quote(facts.caption[d.start:d.end])}",
                               d.start, d.end, item=item))
            continue
        if not d.weekday:
            continue
        default_year = facts.item_date.year if facts.item_date else None
        real = d.date(default_year)
        if real is None:
            continue
        right = WEEKDAYS[real.weekday()]
        if right.lower() != d.weekday.lower():
            text = facts.caption[d.start:d.end]
            out.append(finding("weekday-mismatch", "caption",
                               f"{quote(text)}: {real.isoformat()} was a {right}, not a {d.weekday.capitalize()}",
                               d.wd_start, d.wd_end,
                               Fix(f"Change to {right}", "caption", d.wd_start, d.wd_end, right), item))
    for ld in facts.local_dates:
        text = facts.caption[ld.start:ld.end].rstrip(" ,(")
        if not ld.possible:
            out.append(finding("weekday-mismatch", "caption", f"impossible date {quote(text)}",
                               ld.start, ld.end, item=item))
            continue
        real = ld.date(facts.item_date.year if facts.item_date else None)
        if real is None or real.weekday() == ld.weekday:
            continue
        written = facts.caption[ld.wd_start:ld.wd_end]
        right = weekday_name(ld.language, real.weekday(), written)
        out.append(finding("weekday-mismatch", "caption",
                           f"{quote(text)}: {real.isoformat()} was a {right} ({WEEKDAYS[real.weekday()]}), "
                           f"not a {written}", ld.wd_start, ld.wd_end,
                           Fix(f"Change to {right}", "caption", ld.wd_start, ld.wd_end, right), item))
    return out


@rule("date-mismatch", Severity.WARNING, "Caption date far from the photo's date",
      """The first full date in the caption is more than a day away from the date
      created (or the camera's capture time), and nothing marks the photo as a file
      photo (FILE -, "file photo", a /File credit, FILE in the instructions).""",
      Example({"caption": "Crowds gather in Lyon, France, June 3, 2021. REUTERS/Ada Brin",
               "date_created": "2021-06-19"}),
      gate=lambda f: f.dates)
def date_mismatch(item: Item, ctx: RuleContext) -> list[Finding]:
    facts = facts_of(item, ctx)
    if not facts.dates or facts.item_date is None:
        return []
    for d in facts.dates:
        said = d.date() if d.year else None
        if said is None:
            continue
        gap = abs((said - facts.item_date).days)
        # Whether it is a file photo is asked last: it reads the instructions and every
        # credit, and nearly every caption's date is the photo's own.
        if gap > 1 and not facts.is_file_photo:
            return [finding("date-mismatch", "caption",
                            f"caption date {quote(facts.caption[d.start:d.end])} is {gap} days from the photo's "
                            f"date {facts.item_date.isoformat()}", d.start, d.end, item=item)]
        return []  # only the dateline date speaks for the photo; later dates may be background
    return []


# Agencies whose own month style is known (research notes: AP and Xinhua abbreviate;
# Reuters, EPA, AFP, Getty and Anadolu spell out). For others agency-native has no rule.
KNOWN_MONTH_HABITS = frozenset({"Associated Press", "Xinhua", "Reuters", "EPA", "AFP", "Getty Images",
                                "Anadolu Agency"})


def month_convention(item: Item, ctx: RuleContext) -> str | None:
    """"ap", "full", "short" (the agency's own form: Imagn), or None when the style follows the agency and
    its habit is unknown."""
    style = ctx.style
    if style.month_style != "agency":
        return style.month_style
    for c in facts_of(item, ctx).caption_credits:
        for agency in [*c.agencies, c.distributor]:
            if agency in KNOWN_MONTH_HABITS or agency in style.month_forms:
                return style.month_convention(agency)
            joint = ctx.registry.find(agency) if ctx.registry is not None and agency else None
            for member in joint.members if joint is not None else ():  # "EPA-EFE" writes as EPA does
                if member in KNOWN_MONTH_HABITS:
                    return style.month_convention(member)
    return None


def expected_month(month: int, convention: str | None, token: str, ctx: RuleContext) -> str | None:
    """The spelling the convention wants before a day number, or None when any is fine."""
    if convention == "ap":
        return ctx.style.months.get(MONTHS[month - 1], AP_ABBREV.get(month, MONTHS[month - 1]))
    if convention == "full":
        return MONTHS[month - 1]
    if convention == "short" and token == MONTHS[month - 1][:3]:
        return None  # the agency's own form ("Oct 5, 2025;": Imagn); anything else as with no convention
    # No known convention: only outright errors ("Sep.", an abbreviation without its point).
    if token.rstrip(".").lower() == "sep":
        return "Sept."
    if token.lower() in ("jan", "feb", "aug", "sept", "oct", "nov", "dec"):
        return AP_ABBREV[month]
    return None


@rule("month-style", Severity.INFO, "Month not in house style",
      """Month spelling before a day number follows the house style. AP style (and
      agency-native for AP and Xinhua credits): Jan. Feb. Aug. Sept. Oct. Nov. Dec.,
      March to July spelled out, never "Sep.". Reuters, EPA, AFP, Getty and Anadolu
      spell months out; Imagn writes the name's first three letters, no point ("Oct 5, 2025;"),
      which agency-native accepts on its credits. With no known convention only "Sep." and a missing point
      ("Nov 18") are flagged. Upper-case datelines (AUGUST 20:) are left alone. The fix writes
      the month the house's way, except in a day-first date written without an abbreviation's
      point ("13 Sep 2012"), where "Sept." would mix two forms: no fix there.""",
      Example({"caption": "Voters queue in Des Moines, Iowa, Tuesday, Sep. 8, 2020. (AP Photo/Ines Varga)"}),
      gate=lambda f: f.dates)
def month_style(item: Item, ctx: RuleContext) -> list[Finding]:
    facts = facts_of(item, ctx)
    out: list[Finding] = []
    if not facts.dates:
        return out
    convention = month_convention(item, ctx)
    for d in facts.dates:
        token = d.month_token
        if token.isupper() and len(token) >= 3:
            continue  # upper-case datelines (MAY 16:, AUGUST 20:) are the agency's own form
        want = expected_month(d.month, convention, token, ctx)
        if want is None or want == token:
            continue
        # A day-first date ("13 Sep 2012") written with an abbreviation's point would be neither
        # its own form nor the house's ("13 Sept. 2012", dev g10-0032): no fix there.
        hybrid = d.form == "eu" and want.endswith(".") and not token.endswith(".")
        out.append(finding("month-style", "caption",
                           f"{quote(token)} should be {quote(want)} in this house style"
                           if convention in ("ap", "full") else f"{quote(token)} should be {quote(want)}",
                           d.month_start, d.month_end,
                           None if hybrid else Fix(f"Write {want}", "caption", d.month_start, d.month_end, want),
                           item))
    return out
