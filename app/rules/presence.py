"""Things every published caption needs: the caption itself, a date, a place."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache

from app.credit_forms import names as person_names
from app.datacache import cached, resource_toml
from app.lazyre import lazy_compile
from app.model import Finding, Item, Severity
from app.paths import resource
from app.prefilter import Prefilter
from app.rules.base import Example, RuleContext, finding, rule, text_of
from app.rules.datefind import WEEKDAY_WORD
from app.rules.facts import facts_of
from app.wordtrie import word_alternation, word_start_alternation


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
# "yesterday", "on 3 February" also say when; "in February 2023" does not (a month and a year
# alone are no date: label policy, dev g1-0197, g1-0379, g3-0210).
RELATIVE_DAY = re.compile(rf"\b(?:yesterday|today|tonight|on \d{{1,2}} (?:{_MONTH_NAMES}))\b")
# A dateline ("LYON, France -", "KYIV (Reuters) -"), "in/at <Place>" or "<City>, <Country>," names a place.
# A month counts however the house style writes it: "Gaza Strip Dec. 28" is a place then a date, as
# "Gaza Strip December 28" is (month-style's fix writes the one for the other).
_NOT_A_PLACE = ("(?!(?:January|February|March|April|May|June|July|August|September|October|November|December"
                "|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Game|Week|Round|Half|Period)\\b"
                "|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.)")
# A dateline ("LYON, France -", "KYIV (Reuters) -", "LONDONDERRY 2017-03-21") or "in/at <Place>" (not
# "in June", "in Game 3") names a place; "<City>, <Country>" and "from <City>" are the gazetteer's
# (names_place): "split from Sean Penn" names a person.
PLACE = re.compile(r"^(?:[A-Z][A-Z.'’ -]+,|[A-Z]{3,}(?=\s*\(|\s+\d|,))"
                   rf"|\b(?:in|at|near|outside|across)\s+(?:the\s+)?{_NOT_A_PLACE}[A-Z][\w'’.-]+")
# PLACE's two branches apart, for says_where (_place_matches): a pattern whose first branch opens
# with "^" is tried whole at every position; the second alone opens with its words' letters, and
# the engine skips every position that opens none (its matches 3.84 -> 1.91 us a gate caption).
_PLACE_HEAD = re.compile(r"[A-Z][A-Z.'’ -]+,|[A-Z]{3,}(?=\s*\(|\s+\d|,)")
_PLACE_IN = re.compile(word_start_alternation(["in", "at", "near", "outside", "across"])
                       + rf"\s+(?:the\s+)?{_NOT_A_PLACE}[A-Z][\w'’.-]+")
# Where the where pattern (_words) can start: every branch opens at a word's start ((?<!\w),
# (?<![\w-])) or on a capital of this class ("Kent County", "Fairport, NY"). Said once before the
# branches, it lets a position inside a word in lower case fail one test instead of each branch's
# (tests/test_prefilter.py checks that every branch implies it, so no match is lost or moved).
# Latin Extended-A's capitals (Ł, Š, Ž, Ř …): the block alternates capital and small letter, so the
# range "Ā-Ž" held "ł", "č", "ś" too, and "w łódzkim", "ve čtvrtek", "w środę" read as "in <Place>".
LATIN_A_CAPITALS = "".join(c for c in map(chr, range(0x100, 0x180)) if c.isupper())
WHERE_CAPITALS = f"A-ZÀ-Þ{LATIN_A_CAPITALS}А-ЯЁІЇЄΑ-Ω"


def _gated(branches: str) -> str:
    return rf"(?:(?<!\w)|(?=[{WHERE_CAPITALS}]))(?:{branches})"


LOCATION_FIELDS = ("city", "sublocation", "state", "country", "country_code")


@cache
def _words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(when, where) patterns from resources/caption_words.toml: month and weekday names,
    relative days and numeric dates in the languages captions are written in; prepositions
    before a place, kinds of place and place names."""
    data = resource_toml("caption_words.toml")
    when, where = data["when"], data["where"]

    # The word lists as tries (app.wordtrie): the same matches as the longest-first joins they
    # replace, at ~60 % of the cost of a scan (both patterns scan every caption that names no
    # place or date: missing-location's 71 -> 44 us, missing-date's 62 -> 39).
    def words(ws: list[str]) -> str:
        out = set()
        for w in ws:
            out.add(w)
            if w[:1].islower():
                out.add(w[:1].upper() + w[1:])
        return word_alternation(out)

    months = word_alternation(when["months"])
    unless = when.get("relative_unless", {})
    days = words([*when["weekdays"], *(w for w in when["relative"] if w not in unless),
                  *when.get("holiday_dates", [])])  # "the Fourth of July", "Primo maggio": a date in words
    _RELATIVE_UNLESS[:] = [(re.compile(rf"(?<!\w)(?:{words([w])})(?!\w)"),
                            re.compile(rf"(?<!\w)(?:{words(other)})(?!\w)")) for w, other in unless.items()]
    named = months + "|" + days  # words that are no place after "in" ("in June", "in Tuesday's game")
    if where.get("not_places"):  # German nouns after "im" that say when or how ("im Sommer", "im Gespräch")
        named += "|" + word_alternation(where["not_places"])
    # a month only with its day number: "March 2022", "a May festival" are no date (label policy)
    suffix = "|".join(re.escape(x) for x in when.get("day_suffixes", []))
    joiner = "|".join(re.escape(x) for x in when.get("day_joiners", []))
    dated_month = (rf"(?<![\w.])\d{{1,2}}(?:{suffix})?[ \t]*(?:(?:{joiner})[ \t]+)?(?:{months})"
                   rf"|(?<!\w)(?:{months})[ \t]*\d{{1,2}}(?!\d)")
    # a word run into the next one still counts ("… on MondayCredit: Spotify"); the patterns that
    # need a letter outside ASCII ("20日", "5일") run only on text that has one
    plain = [x for x in when["patterns"] if x.isascii()]
    other = [x for x in when["patterns"] if not x.isascii()]
    # capitals: a weekday alone, a month after its day number ("MARDI 1ER SEPTEMBRE", "22 MARS.")
    skip = set(when.get("not_in_capitals", []))

    def capitals(ws: list[str], shortest: int, leave: set[str]) -> str:
        out = {w.upper() for w in ws if len(w) >= shortest and w.isalpha()} - leave
        return word_alternation(out)

    # run on every caption, whatever its script (the lists mix ASCII and accented words)
    # a weekday in capitals counts where a date stands: before a day number, a comma or a dash
    plain += [rf"(?<!\w)(?:{capitals(when['weekdays'], 4, skip)})(?=[ \t]*(?:\d|[,–—-]))",
              rf"(?<!\w)\d{{1,2}}(?:ER|E|\.)?[ \t]+(?:{capitals(when['months'], 3, set())})(?!\w)"]
    when_rx = re.compile(rf"(?<!\w)(?:{days})(?![^\W\d_A-ZÀ-Þ])|(?:{dated_month})(?![^\W\d_A-ZÀ-Þ])|"
                         + "|".join(plain))
    _WHEN_OTHER[0] = re.compile("|".join(other)) if other else None
    _NAME_DAYS[0] = frozenset(w[:1].upper() + w[1:] for w in when.get("name_weekdays", []))
    _WHERE_OTHER[0] = re.compile("|".join(where["patterns"])) if where.get("patterns") else None
    preps = word_alternation(where["prepositions"])
    articles = word_alternation(where.get("articles", ["the"]))
    directions = word_alternation(where.get("directions", [])) or "(?!)"
    kinds = words(where["kinds"])
    before = word_alternation(where.get("kinds_before", []))
    genitive_kinds = word_alternation(where.get("genitive_kinds", []))
    names = word_alternation(where["names"])
    states = word_alternation(where.get("state_abbreviations", []))
    roads = word_alternation(where.get("roads", []))
    codes = word_alternation(where.get("road_codes", []))
    adjectives = word_alternation(where.get("region_adjectives", []))
    city_adjectives = word_alternation(where.get("city_adjectives", [])) or "(?!)"
    suffixes = word_alternation(where.get("kind_suffixes", []))
    # as written, opening a sentence, or as a title ("La Capitale administrative")
    alone = word_alternation({v for w in where.get("alone", []) for v in (w, w[:1].upper() + w[1:], w.title())})
    where_rx = re.compile(_gated(
        rf"(?<!\w)(?:{roads})[ \t]+\d{{1,4}}(?!\w)|(?<![\w-])(?:{codes})-\d{{1,4}}(?![\w-])|"  # "Interstate 610", "I-95"
        rf"(?<!\w)(?:{adjectives})[^\W\d_]{{0,3}}[ \t]+[A-ZÀ-Þ{LATIN_A_CAPITALS}А-ЯЁІЇЄ]|"  # "im brandenburgischen Pösen"
        rf"(?<!\w)(?:{city_adjectives})[^\W\d_]{{0,4}}(?!\w)|"  # "w getcie łódzkim": a city's adjective alone
        rf"(?<![^\W\d_])[A-Z][^\W\d_]*,[ \t]+(?:{states})(?=[,;.)\n]|[ \t]*$)|"  # "… Base, La.", "Fairport, NY,"
        rf"(?<!\w)(?:{preps})\s+(?:(?:{articles})\s+)?(?:(?:{directions})[ \t]+){{0,2}}"  # "in far western NSW"
        rf"(?!(?:{named})(?!\w))[A-ZÀ-ÖØ-Þ{LATIN_A_CAPITALS}А-ЯЁІЇЄ][\w'’.-]+"  # "in Lyon", not "in June"
        # "China's", "southern Lebanon"; not the start of a longer name ("New York Islanders",
        # "Greene County News", "Tampa Bay Times": a team, a paper)
        rf"|(?<!\w)(?:{names})(?!\w)(?![ \t]+{_NOT_A_PLACE}[A-Z])"
        rf"|[A-ZÀ-Þ{LATIN_A_CAPITALS}А-ЯЁІЇЄΑ-Ω][\w'’-]+\s+(?:{kinds})(?!\w)(?![ \t]+{_NOT_A_PLACE}[A-Z])"  # "Kent County"
        rf"|(?<![\w-])[A-ZÄÖÜ][^\W\d_]{{2,}}(?:{suffixes})(?!\w)"  # "Petersplatz", "Westufer": a kind as a word's end
        # "Perin galleriassa", "Tesoman uimarannan": a Finnish genitive, then the kind in its case
        + (rf"|(?<![\w-])[A-ZÄÖÅ][^\W\d_]*n[ \t]+[a-zäöå-]*(?:{genitive_kinds})(?!\w)" if genitive_kinds else "")
        + rf"|(?<!\w)(?:{kinds})\s+of\s+[A-Z]"
        + (rf"|(?<!\w)(?:{alone})(?!\w)" if alone else "")  # "in the capital", "başkent Trablus"
        + rf"|(?<!\w)(?:{before})\s+(?:(?:de|du|des|del|della|di|la|le|of|the|d')\s*)*[A-ZÀ-Þ{LATIN_A_CAPITALS}]"))  # "rue Etienne Marcel"
    return when_rx, where_rx


@cache
def _when_prefilter() -> Prefilter:
    """RE2's answer to where the when pattern can first match (``app.prefilter``): a caption that
    names no date (most of those the rule reads) need not be scanned by it.

    Only the when pattern: in a check, between one caption and the next, the rest of the rules
    push RE2's automaton out of the CPU's caches, so each search walks cold states. Over the real
    captions of tests/data/realworld, first sight, as check_item runs (speed34,
    docs/benchmarks.md): says_when 83-87 us an item with RE2 against 93-94 without; says_where
    131-141 without RE2 against 175-189 with it (RE2's where search ~90 us a call, cold, where
    Python's own scan of the caption is cheaper), and on the generated gallery the same either way."""
    return Prefilter(_words()[0])


_WHEN_OTHER: list[re.Pattern[str] | None] = [None]
# caption_words.toml [when] name_weekdays as capitalised ("Domingo"), filled by _words()
_NAME_DAYS: list[frozenset[str]] = [frozenset()]
_CAPITALISED_NEXT = re.compile(rf"[ \t]+[A-ZÀ-ÖØ-Þ{LATIN_A_CAPITALS}]")
_CAPITALISED_LAST = re.compile(rf"(?<![^\W\d_])[A-ZÀ-ÖØ-Þ{LATIN_A_CAPITALS}][^\W\d_]*[ \t]+$")


def _a_name_not_a_day(text: str, m: re.Match[str]) -> bool:
    """Whether the weekday word ``m`` found is a name ([when] name_weekdays): capitalised next to
    another capitalised word ("Domingo Guerra", "Plácido Domingo"), not before a number or comma."""
    if m.group(0) not in _NAME_DAYS[0]:
        return False
    return (_CAPITALISED_NEXT.match(text, m.end()) is not None
            or _CAPITALISED_LAST.search(text, max(0, m.start() - 40), m.start()) is not None)
# caption_words.toml [when] relative_unless: (the relative day, the other language's words), filled by _words()
_RELATIVE_UNLESS: list[tuple[re.Pattern[str], re.Pattern[str]]] = []
# caption_words.toml [where] patterns: shapes that place a picture in scripts without capitals
# (a Japanese dateline in the caption's bracket), run only on text outside ASCII
_WHERE_OTHER: list[re.Pattern[str] | None] = [None]


def says_when(text: str) -> bool:
    """The caption places its picture in time: a date, a weekday, a month with its day number,
    "yesterday" (in any language of resources/caption_words.toml); a month or a year alone does not."""
    at = _when_prefilter().start(text)
    if at is not None:
        for m in _words()[0].finditer(text, at):
            if not _a_name_not_a_day(text, m):
                return True
    for day, other in _RELATIVE_UNLESS:
        # "hier" in a French caption, not among German or Dutch words ([when] relative_unless)
        if day.search(text) and len({m.casefold() for m in other.findall(text)}) < 2:
            return True
    return not text.isascii() and _WHEN_OTHER[0] is not None and _WHEN_OTHER[0].search(text) is not None


def says_where(text: str, credits: list[tuple[int, int]] | tuple = ()) -> bool:
    """The caption names a place: a dateline, "in/at <Place>", a country, region, state or
    island (resources/caption_words.toml), or a place of the gazetteer (resources/places.txt).
    ``credits``: the (start, end) of the caption's credits, whose words say who made and moved the
    picture, not where: a pattern that matches only inside one ("KCNA via REUTERS" read as the
    Italian street word "via") names no place."""
    where = _words()[1]
    rxs = (PLACE, where)
    if not text.isascii() and _WHERE_OTHER[0] is not None:
        rxs += (_WHERE_OTHER[0],)
    for rx in rxs:
        for m in _place_matches(text) if rx is PLACE else rx.finditer(text):
            if any(a <= m.start() < b for a, b in credits):
                continue
            if m.group(0)[:1].islower() and _only_an_event(text, m.start(0) + m.group(0).rfind(" ") + 1):
                continue  # "in the Veterans Parade": an event's name, not a place
            return True
    return names_place(text, credits)


def _place_matches(text: str) -> Iterator[re.Match[str]]:
    """``PLACE.finditer(text)``'s matches, the same spans in the same order: the dateline at the
    start, if there is one, then "in/at <Place>" after it (a dateline is capitals and
    punctuation, so no "in" starts inside one)."""
    head = _PLACE_HEAD.match(text)
    if head is not None:
        yield head
    yield from _PLACE_IN.finditer(text, head.end() if head is not None else 0)


def _only_an_event(text: str, at: int) -> bool:
    """Whether the capitalised name at ``at`` is an event's that holds no place of the gazetteer:
    "the Veterans Parade", "the Independence Day Parade" (a holiday's name) name none, "the
    Waterford World's Fair" (dev g3-0103) and "the Calgary Stampede Parade" name the town the
    event is held in."""
    m = _events().match(text, at)
    if m is None:
        return False
    names = _gazetteer()[0]
    words = m.group(0).split()
    # "Independence Day", "Veterans Day": a word before "Day" names a holiday, not a town
    return not any(_clean(w) in names and words[i + 1:i + 2] != ["Day"] for i, w in enumerate(words))


@cache
def _event_words() -> frozenset[str]:
    """caption_words.toml [where] events: the words that end an event's name."""
    return frozenset(resource_toml("caption_words.toml")["where"].get("events", []))


@cache
def _events() -> re.Pattern[str]:
    """A capitalised name that ends in an event's word (caption_words.toml [where] events):
    "Independence Day Parade", "Veterans Parade"."""
    events = resource_toml("caption_words.toml")["where"].get("events", [])
    alt = "|".join(sorted((re.escape(e) for e in events), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?:[A-Z][\w'’.-]*[ \t]+){{0,4}}(?:{alt})(?!\w)")


@cache
def _gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    """(names, strong) of resources/places.txt. A strong name counts wherever it stands: a
    country, region or state, a name of more than one word or in a script without capitals, a
    city of 500,000 people or more whose name is no person's ([big cities]).
    A city's one-word name is weak: it is also a surname ("Jackson", "Houston"), so it counts
    only where a place stands (below)."""
    # Parsed once per machine (app.datacache): each process that checks loads it in ~30 ms, not ~70.
    return cached("gazetteer", _parse_gazetteer, [resource("places.txt"), resource("caption_words.toml")])


def _parse_gazetteer() -> tuple[frozenset[str], frozenset[str]]:
    # Whole sections at a time (set() over a list of lines, one filter per section): every
    # process that checks pays this once, an import's workers each (~75 -> ~30 ms).
    names: set[str] = set()
    strong: set[str] = set()
    parts = re.split(r"^(\[[^\]\n]*\])$", resource("places.txt").read_text(encoding="utf-8"), flags=re.MULTILINE)
    for section, body in zip(["", *parts[1::2]], parts[0::2], strict=True):
        lines = [line for line in body.split("\n") if line and line[0] != "#"]
        names.update(lines)
        if section in ("[regions]", "[big cities]"):
            strong.update(lines)  # a big city's one-word name too: no person's (bench/make_places.py)
        else:
            strong.update(line for line in lines if " " in line or "-" in line or not line[:1].isupper())
    listed = resource_toml("caption_words.toml")["where"]["names"]
    strong.update(listed)
    names.update(listed)
    return frozenset(names), frozenset(strong)


@cache
def _towns() -> frozenset[str]:
    """resources/towns.txt: towns of 1,000 people or more and district seats that places.txt does not
    hold ("Sitka", "Lemvig", "Zingst", "Rembang", "Green River"; bench/make_places.py --towns). Read only
    where nothing but a place stands (``_where_a_town_stands``): a small town's name is a person's, a
    brand's or a word elsewhere. Loaded on first need, parsed once per machine (app.datacache)."""
    return cached("towns", _parse_towns, [resource("towns.txt")])


def _parse_towns() -> frozenset[str]:
    return frozenset(line for line in resource("towns.txt").read_text(encoding="utf-8").split("\n")
                     if line and line[0] != "#")


_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_CASELESS_RUN = lazy_compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]{2,}")
_RTL_WORD = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\u1200-\u137f]{2,}")
# Words that join the words of a place's name ("Rio de Janeiro", "Frankfurt am Main", "Isle of Man").
_JOINERS = frozenset("de del do da dos das la le di am an der of and y i e et und sur".split())
# Joiners between two names, not inside one: "Siria e Turchia", "Bosnia and Herzegovina" is one name.
_LIST_JOINERS = frozenset("and y i e et und".split())
# Capitalised words a sentence may start with before a place ("In Karachi", "W Warszawie").
_LEADING = frozenset("the in at on a an near from le la les l' el los las der die das il lo w v na ve em ao no do "
                     "au aux en im am bei à".split())
# Where a one-word city name stands for the place: after these words or before a comma, colon or
# bracket, or opening the caption (a dateline).
_PLACE_BEFORE = frozenset("in at near from of outside off around across to into inside on over "
                          "de du des di da do em en à au aux dans près bei im aus nach von vom zu zur ob "
                          "a ad al nel nella dal della w we v ve na z ze u в во на из под у στην στη στο στον "
                          "της του σε downtown central northern southern eastern western suburban rural "
                          "outskirts".split())
# Where a small town's name (resources/towns.txt) stands for the place: _PLACE_BEFORE less the words that
# as often lead to a person or a thing ("talks to", "on", "over", "off", "into"; "A", Hungarian's and
# English's article opening a sentence: "A Belmondo zenekar", dev g61-0005).
_TOWN_BEFORE = _PLACE_BEFORE - frozenset("to into on over off a".split())
# A family name's particle after a given name is no "from" ("Philipp von Ditfurth", "Jessica von
# Bredow-Werndl"): the town after it is the family's name.
_NAME_PARTICLES = frozenset("von vom van de du da di do dos del della zu".split())
# The prepositions after which a town's name takes a Slavic case ending ("do Broumova", "w Zakopanem").
_CASE_BEFORE = frozenset("w we v ve na z ze u do в во на из под у".split())
# A year after a caption's first word, before its colon or after its comma: a dateline ("Blankenberge 1961:",
# dev g10-0031; "Carbonia, 1950 –", g71-0003). An age is no year ("Jackson, 34, poses").
_DATELINE_YEAR = re.compile(r"[ \t]+(?:1[89]|20)\d\d[ \t]*[:,]|,[ \t]*(?:1[89]|20)\d\d(?!\d)")
# Arabic and Hebrew write "in", "and", "the", "to" on the word: ب و ال ل ف ك, ב ו ה ל מ ש.
# Amharic the same with በ ለ ከ የ.
_RTL_PREFIXES = ("وال", "بال", "لل", "فال", "ال", "ب", "و", "ل", "ف", "ك", "וה", "בה", "ב", "ו", "ה", "ל", "מ", "ש",
                 "በ", "ለ", "ከ", "የ")
# Slavic and Baltic case endings a place's name takes in a sentence ("w Warszawie", "z Prahy",
# "в Москве"): stripped, then the name's own ending tried.
_ENDINGS = ("iem", "ach", "ami", "ie", "ii", "ją", "ou", "ě", "y", "u", "e", "i", "ą", "ę", "a", "o",
            "ом", "ой", "ей", "ах", "ях", "е", "у", "ы", "и", "а", "я", "і", "ї", "ю", "ς", "ας", "ης", "ου")
_BASE_ENDINGS = ("", "a", "o", "e", "y", "ie", "а", "я", "ь", "о", "и", "ы", "α", "η", "ο")
# A month or weekday ends a run of capitalised words: "in central Pyongyang October 15, 2005",
# "southeast of Baghdad February 15" (Reuters writes the date straight after the place).
_DATE_WORDS = frozenset(
    "January February March April May June July August September October November December "
    "Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


@cache
def _place_nouns() -> frozenset[str]:
    """Words after which a city's one-word name is where the picture was made ("a Baltimore
    resident"): caption_words.toml [where] after_city."""
    return frozenset(w.casefold() for w in resource_toml("caption_words.toml")["where"].get("after_city", []))


@cache
def _titles_before_of() -> frozenset[str]:
    """caption_words.toml [where] titles_before_of: a title whose "of" names what it is of ("Duchess of
    York"), not where its bearer is from."""
    return frozenset(resource_toml("caption_words.toml")["where"].get("titles_before_of", []))


@cache
def _case_endings() -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """caption_words.toml [where] case_endings, case_endings_long_stem and case_gradation: the endings
    a language writes on a place's name for "in", "from", "of" (Finnish, Turkish, Hungarian), longest
    first, and the grade changes that give its stem back."""
    where = resource_toml("caption_words.toml")["where"]
    endings = tuple(sorted([*where.get("case_endings", []), *where.get("case_endings_long_stem", [])],
                           key=len, reverse=True))
    return endings, tuple((a, b) for a, b in where.get("case_gradation", []))


@cache
def _long_stem_endings() -> frozenset[str]:
    """caption_words.toml [where] case_endings_long_stem: endings other languages' words end in too
    ("Garden", "Milion", "Kongen"), read only on a stem of five letters or more."""
    return frozenset(resource_toml("caption_words.toml")["where"].get("case_endings_long_stem", []))


def _case_form_of_place(word: str, names: frozenset[str]) -> bool:
    """Whether ``word`` is a gazetteer name with a case ending of caption_words.toml ("Tampereella",
    "Helsingissä", "Kaarinan"): the ending taken off, the stem restored (a doubled vowel undone, "e"
    back to "i", a weak consonant grade back to the strong one)."""
    endings, gradation = _case_endings()
    if not any(word.endswith(end) for end in endings):
        return False
    given, family = person_names()
    if word.casefold() in given or word.casefold() in family:
        return False  # a person's name that ends so ("Warren", "Shannon", "Peralta": dev g3-0125, g6-0004, g7-0219)
    long_stem = _long_stem_endings()
    for end in endings:
        if not word.endswith(end) or len(word) - len(end) < (5 if end in long_stem else 4):
            continue
        stem = word[: -len(end)]
        stems = {stem}
        if stem[-1] == stem[-2] and stem[-1] in "aeiouyäö":
            stems.add(stem[:-1])  # "Tamperee-" -> "Tampere"
        for s in list(stems):
            for weak, strong in gradation:
                at = s.rfind(weak, len(s) - 4)
                if at > 0:
                    stems.add(s[:at] + strong + s[at + len(weak):])  # "Helsingi-" -> "Helsinki"
        stems |= {s[:-1] + "i" for s in stems if s.endswith("e")}  # "Suome-" -> "Suomi", "Lahte-" -> "Lahti"
        if len(end) == 1:
            # the genitive's lone "-n" only with a stem the language changed: a name plus "n" is
            # English's adjective of a place ("Tasmanian", "Indian", dev g13-0041: no place)
            stems.discard(stem)
        if any(s in names for s in stems):
            return True
    return False


@cache
def _region_genitives() -> tuple[str, ...]:
    """caption_words.toml [where] region_genitives: the endings German and Icelandic write on a country's
    or region's name for "of" ("Madagaskars", "Íslands")."""
    return tuple(resource_toml("caption_words.toml")["where"].get("region_genitives", []))


def _genitive_of_region(run: list[str], k: int, strong: frozenset[str]) -> bool:
    """Whether ``run[k]`` is a strong name with a genitive ending of caption_words.toml ("Simbabwes
    Ex-Präsident"): a stem of five letters or more, not a person's name ("Frances"), not after a given
    name ("Michael Jordans")."""
    ends = _region_genitives()
    if not ends or not run[k].rstrip(".").endswith(ends):
        return False  # most words: no ending to look at, and no _clean to pay for
    word = _clean(run[k])
    for end in ends:
        if word.endswith(end) and len(word) - len(end) >= 5 and word[: -len(end)] in strong:
            given, family = person_names()
            folded = word.casefold()
            return folded not in given and folded not in family and not (k > 0 and run[k - 1].casefold() in given)
    return False


@cache
def _cjk_kinds() -> re.Pattern[str]:
    """A name and the kind of place after it in scripts without spaces ("都江堰市", "영등포구",
    "天安門廣場", "광화문광장"), from caption_words.toml [where] cjk_kinds."""
    kinds = resource_toml("caption_words.toml")["where"].get("cjk_kinds", [])
    alt = "|".join(sorted((re.escape(k) for k in kinds), key=len, reverse=True))
    return re.compile(rf"[\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\u30a0-\u30ff]{{2,}}[ ]?(?:{alt})")


def names_place(text: str, credits: list[tuple[int, int]] | tuple = ()) -> bool:
    """Whether ``text`` names a place of the gazetteer: a run of capitalised words that is one
    (a strong name anywhere; a city's one-word name where a place stands), a name in Han, kana
    or Hangul inside the text, an Arabic or Hebrew word with its prefix taken off. A run that ends
    a name inside one of ``credits`` (start, end) is the credit's, not where the picture is
    (``_of_a_credits_name``)."""
    names, strong = _gazetteer()
    if not text.isascii() and _cjk_kinds().search(text):
        return True
    for m in _CASELESS_RUN.finditer(text) if not text.isascii() else ():
        run = m.group(0)
        n = len(run)
        for i in range(n - 1):
            for j in range(min(n, i + 8), i + 1, -1):
                if run[i:j] in names:
                    return True
    if not text.isascii():
        prev = ""
        for m in _RTL_WORD.finditer(text):
            w = m.group(0)
            if w in names or any(w.startswith(p) and w[len(p):] in names for p in _RTL_PREFIXES):
                return True
            if prev and (f"{prev} {w}" in names or any(prev.startswith(p) and f"{prev[len(p):]} {w}" in names
                                                       for p in _RTL_PREFIXES)):
                return True  # "أديس أبابا", "الرأس الأخضر": names of two words
            prev = w
    if _names_a_town_by_its_adjective(text, credits):
        return True  # "na českobudějovickém náměstí", "na ljubljanski ulici": the town's adjective
    if _names_a_town_by_its_i_adjective(text, credits):
        return True  # "a debreceni temető", "a szegedieket": a Hungarian town's adjective
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        if not words[i][2][:1].isupper():
            i += 1
            continue
        j = i + 1  # the run of capitalised words (and joiners between them) from i
        while j < len(words) and (words[j][2][:1].isupper() or (
                words[j][2] in _JOINERS and j + 1 < len(words) and words[j + 1][2][:1].isupper())) \
                and words[j][0] - words[j - 1][1] <= 1 and words[j][2] not in _DATE_WORDS \
                and not _ends_sentence(words[j - 1][2]):
            j += 1
        if not _of_a_credits_name(words, i, credits) and _run_is_place(text, words, i, j, names, strong):
            return True
        for k in range(i + 2, j - 1):
            # "Jenna Freese of Sitka", county10.com's form (dev g5-0069's "of Pavillion", a hamlet of 231
            # people the list does not hold): a person's name (a given name and at least
            # one more word), "of", the small town (resources/towns.txt) the person is from. Not a city of the
            # gazetteer: "Jay Rodriguez of Burnley", "Florence Welch of Florence + the Machine" name a team or
            # a band after it; nor a title's "of" ("Sarah Ferguson Duchess of Kent": [where] titles_before_of).
            if words[k][2] == "of" and words[i][2].casefold() in person_names()[0] \
                    and words[k - 1][2] not in _titles_before_of() \
                    and not _of_a_credits_name(words, k + 1, credits) \
                    and _is_a_town(text, words, k + 1, j, [*(w for _, _, w in words[k + 1:j - 1]), _clean(words[j - 1][2])]):
                return True
        i = j
    return False


# Letters a town's name and its adjective write differently that NFD does not take apart ("Łódź", "łódzki").
_FOLD = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ı": "i", "ß": "ss"})
_LATIN_SMALL = "a-zß-öø-ÿ" + "".join(c for c in map(chr, range(0x100, 0x180)) if c.islower())


def _fold(word: str) -> str:
    """``word`` case-folded, its diacritics dropped: how a town's name and its adjective are compared."""
    word = unicodedata.normalize("NFD", word.casefold().translate(_FOLD))
    return "".join(c for c in word if not unicodedata.combining(c))


def _town_stem(name: str) -> str:
    """A town's name as its adjective writes it before "-sk-"/"-k-": folded, one final vowel left off."""
    name = _fold(name)
    return name[:-1] if name[-1:] in "aeiouy" else name


# A country's name less its ending is its adjective's stem ("Alžírsko": "alžírský", "Mexiko": "mexický",
# "Albánie": "albánský", "Jordánsko", "Venezuela"): a town of the same name ("Alžír", Algiers; Mexico in the
# Philippines; Albany) does not make the nationality's adjective a town's. "ko" leaves a "c" ("mexic-k-ý").
_COUNTRY_ENDINGS = (("sko", ""), ("cko", "c"), ("ko", "c"), ("ija", ""), ("ie", ""), ("ia", ""), ("ja", ""),
                    ("a", ""), ("o", ""), ("y", ""), ("e", ""), ("i", ""))


def _build_town_adjectives() -> frozenset[str]:
    keys = set()
    text = resource("places.txt").read_text(encoding="utf-8")
    regions = set(text[:text.index("\n[cities]\n")].split("\n"))
    towns_too = set(text[text.index("\n[towns that are regions]\n"):].split("\n")) \
        if "\n[towns that are regions]\n" in text else set()
    nations = set()
    for name in regions - towns_too:
        if name and name[0] not in "[#" and " " not in name:
            folded = _fold(name)
            nations.update(folded[: -len(end)] + add for end, add in _COUNTRY_ENDINGS if folded.endswith(end))
    for line in text[text.index("\n[cities]\n"):].split("\n")[2:]:
        words = line.split()
        if not words or line[0] in "[#" or not line.isascii() and any(unicodedata.name(c, "").split()[0] not in ("LATIN", "SPACE")
                                                   for c in line if c.isalpha()):
            continue  # a name in a script without Latin letters: its adjective is not written this way
        if len(words) == 1:
            keys.add(_town_stem(words[0]))
        elif len(words) == 2:
            first, second = _town_stem(words[0]), _town_stem(words[1])
            keys.add(first.rstrip("aeiouy") + "o" + second)  # "České Budějovice": "českobudějovický"
            keys.add(_fold(words[1]) + _town_stem(words[0]))  # "Hradec Králové": "královéhradecký"
    return frozenset(k for k in keys - nations if len(k) >= 5)


@cache
def _town_adjectives() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """(pattern, its tail, stems): caption_words.toml [where] town_adjective_endings and the towns of
    places.txt. The tail ("-sk-ém", "-ck-ý" ending a word) is in every match of the pattern: searched
    first, it rules out most captions in one scan from C (2 -> 0.3 us a caption, where the pattern
    tries every word's start)."""
    endings = resource_toml("caption_words.toml")["where"].get("town_adjective_endings", [])
    alt = word_alternation(endings) or "(?!)"
    rx = re.compile(rf"(?<![\w-])([{_LATIN_SMALL}]{{3,}}[scz])k(?:{alt})(?![\w-])")
    tail = re.compile(rf"[scz]k(?:{alt})(?![\w-])")
    stems = cached("town_adjectives", _build_town_adjectives, [resource("places.txt"), resource("caption_words.toml")])
    return rx, tail, stems


def _names_a_town_by_its_adjective(text: str, credits: list[tuple[int, int]] | tuple) -> bool:
    """Whether a lower-case word of ``text`` outside ``credits`` is a town's adjective ("na
    českobudějovickém náměstí", "w łódzkim getcie"): caption_words.toml [where] town_adjective_endings."""
    rx, tail, stems = _town_adjectives()
    if tail.search(text) is None:
        return False
    for m in rx.finditer(text):
        stem = _fold(m.group(1))
        if stem.endswith("s"):
            stem = stem[:-1]  # "ostravs-k-ém": Ostrava; "olomouc-k-ého", "łódz-k-im" keep theirs
        if stem in stems and not any(a <= m.start() < b for a, b in credits):
            return True
    return False


@cache
def _i_adjectives() -> tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """(pattern, endings longest first, letters, the language's own words): caption_words.toml [where]
    town_adjective_i_endings, town_adjective_i_letters and town_adjective_i_words. The pattern finds a
    lower-case word of five letters or more and an ending."""
    where = resource_toml("caption_words.toml")["where"]
    endings = tuple(sorted(where.get("town_adjective_i_endings", []), key=len, reverse=True))
    alt = word_alternation(endings) or "(?!)"
    rx = re.compile(rf"(?<![\w-])[{_LATIN_SMALL}]{{5,}}(?:{alt})(?![\w-])")
    return rx, endings, tuple(where.get("town_adjective_i_letters", [])), frozenset(where.get("town_adjective_i_words", []))


def _names_a_town_by_its_i_adjective(text: str, credits: list[tuple[int, int]] | tuple) -> bool:
    """Whether a lower-case word of ``text`` outside ``credits`` is a town's name and "-i" (Hungarian's
    adjective, "debreceni", and its noun, "szegedieket") in a caption that writes a letter of
    town_adjective_i_letters: caption_words.toml [where]. The town as town_adjective_endings takes it
    (places.txt [cities], folded, a final vowel off, five letters or more, no nation's); not a word of
    town_adjective_i_words, the language's own ("olimpiai", Olympic)."""
    rx, endings, letters, own = _i_adjectives()
    if not any(c in text for c in letters):
        return False
    stems = _town_adjectives()[2]
    for m in rx.finditer(text):
        if any(a <= m.start() < b for a, b in credits):
            continue
        word = m.group(0)
        if word in own:
            continue  # "olimpiai", "pokoli": the language's own word (town_adjective_i_words)
        for end in endings:
            if word.endswith(end):
                stem = _fold(word[: -len(end)])
                if stem in stems or (stem[-1:] in "aeiouy" and stem[:-1] in stems):
                    return True
    return False


# The joining word of a person's or a body's name before a place's ("Michael von Lingen", "Univ. of Arizona").
_NAME_JOINERS = frozenset(("of", "von", "van", "de", "di", "da", "du", "del", "della", "zu"))


def _of_a_credits_name(words: list, i: int, credits: list[tuple[int, int]] | tuple) -> bool:
    """Whether the run at ``words[i]`` is the end of a name inside a credit, after its joining word:
    the photographer's "von Lingen" (dev g12-0039 dbjr.de), the lab's "Univ. of Arizona" (g16-0003
    iflscience.com). A place a credit sets off by a comma or a dash ("Gallery, San Francisco",
    "– LILLE –") still counts."""
    return bool(credits) and i > 0 and words[i - 1][2].casefold() in _NAME_JOINERS \
        and any(a <= words[i][0] < b for a, b in credits)


def _ends_sentence(word: str) -> bool:
    """A word with its sentence's full stop ("Bonnière." in "Photo Pascal Bonnière. Lille, mercredi"):
    the capitalised words after it start a new run. Not an abbreviation ("St.", "Mt.", "U.S.",
    "Jr."): those are short or have no small letter before the stop."""
    return len(word) > 4 and word[-1] == "." and word[-2].islower() and "." not in word[:-1]


def _clean(word: str) -> str:
    for tail in ("'s", "’s", "'", "’", "."):
        if word.endswith(tail):
            word = word[: -len(tail)]
    return word


@lru_cache(maxsize=4)
def _most_words(names: frozenset) -> int:
    """The most words a name of ``names`` has (blanks + 1): a longer run of words joined is none of them."""
    return 1 + max((n.count(" ") for n in names), default=0)


def _run_is_place(text: str, words: list, i: int, j: int, names: frozenset, strong: frozenset) -> bool:
    run = [w for _, _, w in words[i:j]]
    run[-1] = _clean(run[-1])
    if len(run) > 1 and run[0].casefold() in _LEADING:
        run, i = run[1:], i + 1
    whole = " ".join(run)
    if whole in strong or (len(run) > 1 and whole in names):
        return True
    # "Downtown Los Angeles": a name of two words or more that ends it; no longer than the gazetteer's longest name
    # (a run of n words joined its last n-1, n-2 … words: n² on a long slash chain, "Abc Def/" × 8,000 0.9 s)
    for k in range(min(len(run) - 1, _most_words(names)), 1, -1):
        if " ".join(run[len(run) - k:]) in names:  # (a name it starts is a team's: "New York Islanders")
            return True
    if len(run) > 1 and run[-1] in _event_words():
        # an event's name holds the town it is held in ("the Cannes Film Festival", "Quincy Veterans
        # Parade", "the Riyadh Summit"; review escalation 5); a word before "Day" is a holiday's
        if any(w in names and run[k + 1] != "Day" for k, w in enumerate(run[:-1])):
            return True
    cuts = [k for k, w in enumerate(run) if w in _LIST_JOINERS]
    if cuts:  # "Siria e Turchia": two names
        bounds = [-1, *cuts, len(run)]
        for a, b in zip(bounds, bounds[1:], strict=False):
            part = run[a + 1:b]
            if part and (" ".join(part) in strong or (len(part) > 1 and " ".join(part) in names)):
                return True
    if any(_genitive_of_region(run, k, strong) for k in range(len(run))):
        return True  # "die Infrastruktur Madagaskars", "Simbabwes Ex-Präsident": the country's
    if len(run) == 1:
        w = run[0]
        if len(w) > 3 and w.isupper():
            w = w.title()  # a name in capitals ("PHOTO NAME – LILLE – LUNDI"): the gazetteer's spelling
            if w in strong:
                return True
        if w in names and _where_a_place_stands(text, words, i):
            return True
        if len(w) >= 6 and _case_form_of_place(w, names):
            return True
        if len(w) >= 5 and (not w.isascii() or (i > 0 and words[i - 1][2].casefold() in _PLACE_BEFORE)):
            for end in _ENDINGS:
                if w.endswith(end) and len(w) - len(end) >= 3:
                    stem = w[: -len(end)]
                    if any(stem + b in names for b in _BASE_ENDINGS):
                        return True
        if w.endswith("-based") and len(w) > 9 and (w[:-6] in names or w[:-6] in _towns()):
            return True  # "a Houston-based firm", "the Sitka-based crew": the town the subject is at
    return _is_a_town(text, words, i, j, run)


def _is_a_town(text: str, words: list, i: int, j: int, run: list[str]) -> bool:
    """Whether the run ``words[i:j]`` (``run``, its words cleaned) is a small town of resources/towns.txt
    where only a place stands (``_where_a_town_stands``): "Jenna Freese of Sitka", "in downtown Sitka",
    "Lemvig: Deltagerne …", "podívat do Broumova" (a case ending off, after a preposition)."""
    if not run[0][:1].isupper() or not _where_a_town_stands(text, words, i, j):
        return False
    towns = _towns()
    if " ".join(run) in towns:
        return True
    w = run[0]
    if len(run) == 1 and len(w) >= 5 and i > 0 and words[i - 1][2].casefold() in _CASE_BEFORE:
        for end in _ENDINGS:
            if w.endswith(end) and len(w) - len(end) >= 3 and any(w[: -len(end)] + b in towns for b in _BASE_ENDINGS):
                return True
    return False


def _date_at(text: str, at: int) -> bool:
    """Whether a date of caption_words.toml [when] starts at ``at``, blanks skipped."""
    while at < len(text) and text[at] in " \t":
        at += 1
    return _words()[0].match(text, at) is not None


def _where_a_place_stands(text: str, words: list, i: int) -> bool:
    start, end, _ = words[i]
    if i > 0 and words[i - 1][2].casefold() in _PLACE_BEFORE:
        return True
    after = text[end:end + 3].lstrip("'’s")
    if words[i][2][-1:] == ".":
        after = "." + after  # the word took its full stop ("Донецк. Женщина …")
    if i == 0 and start < 3:
        # a dateline: "Esbjerg: Color Run", "Донецк. Женщина …", "Сеул, Южная Корея" (a person's
        # name opens a caption too: "Vera, mãe de dois filhos")
        # … or a date in figures after the comma ("Warszawa, 03.08.2010.", "Warszawa, 1946-07-01.": dev
        # g2-0106 rmf24.pl, g23-0007 dsh.waw.pl); an age is no date ("Jackson, 34, poses …")
        return after[:1] in (":", ".") or (after[:1] == "," and (
            text[end + 1:end + 3].strip()[:1].isupper() or _date_at(text, end + 1))) \
            or _DATELINE_YEAR.match(text, end) is not None
    if after[:2] in (" –", " —") or after[:1] in (",", ":", "(") or after[:2] == " (":
        return True  # "Lille, mercredi", "LILLE – LUNDI", "Kyiv (Reuters)"
    # a city as the adjective of a word that says where ("Baltimore resident", "Guangzhou residents")
    nxt = text[end:end + 24].split(None, 1)
    return bool(nxt) and nxt[0].rstrip(".,;:'’s").casefold() in _place_nouns()


def _where_a_town_stands(text: str, words: list, i: int, j: int) -> bool:
    """Whether the run ``words[i:j]`` stands where nothing but a place does, for a small town's name
    (resources/towns.txt): after "in", "of", "from", "downtown" … (_TOWN_BEFORE: "the streets of
    Lismore", "in downtown Sitka"), as a dateline opening the caption before its colon, a comma and a
    capital or a date, or a year ("Lemvig: Deltagerne …", "Blankenberge 1961:"), or before a word that
    says where ("a Sitka resident"). Not before any comma, as a city's name is read: a person's, which a
    small town's often is, stands there too ("Freese, left, and …")."""
    if i > 0 and words[i - 1][2].casefold() in _TOWN_BEFORE:
        return not (words[i - 1][2] in _NAME_PARTICLES and i > 1 and words[i - 2][2].casefold() in person_names()[0])
    end = words[j - 1][1]
    if i == 0 and words[0][0] < 3:
        after = text[end:end + 3]
        if after[:1] == ":" or (after[:1] == "," and (text[end + 1:end + 3].strip()[:1].isupper()
                                                       or _date_at(text, end + 1))):
            return True
        if _DATELINE_YEAR.match(text, end) is not None:
            return True
    nxt = text[end:end + 24].split(None, 1)
    return bool(nxt) and nxt[0].rstrip(".,;:'’s").casefold() in _place_nouns()


@rule("missing-date", Severity.WARNING, "Caption gives no date",
      """The caption states neither a date ("Nov. 18, 2014", "08 November 2017",
      "AUGUST 20:", "15. ledna 2019", "1月28日") nor a weekday or a relative day
      ("yesterday", "heute"), in any language resources/caption_words.toml lists, so the
      reader cannot tell when the photo was made. A month or a year without a day ("in
      September 2013", "a May festival") does not say when.""",
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
      ("Sichuan Province", "the Greek island of Kos"; a kind written as a word's end, "den
      Petersplatz"), a road by its number ("Interstate 610",
      "I-95"), a base ("Charleston AFB"), a region's adjective before a name ("im
      brandenburgischen Pösen", "v pražském Karolinu"), a town's adjective ("na
      českobudějovickém náměstí"), a city of 500,000 people or more wherever it stands, a smaller city
      or a town of 1,000 people or more (resources/towns.txt) where only a place stands ("Lemvig:",
      "Jenna Freese of Sitka", "in downtown Sitka", "a Sitka-based crew"). An event's name after "in the"
      ("in the Veterans Parade") is no place unless it holds one ("the Waterford World's Fair").""",
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
    if not facts.caption.strip() or says_where(facts.caption, [(c.start, c.end) for c in facts.caption_credits]):
        return []
    return [finding("missing-location", "caption", "neither the caption nor the location fields say where",
                    item=item)]
