"""Spelling of the published prose: title, headline, caption."""

from __future__ import annotations

from functools import lru_cache

from app import spelling
from app.fields import FIELDS, PROSE_KEYS
from app.model import Finding, Item, Severity
from app.rules.base import Example, RuleContext, finding, rule, text_of
from app.rules.facts import facts_of

# What is published. Special instructions and usage terms are desk notes (checked as they are
# typed in the app, not reported here): boilerplate in them would repeat a note on every photo.
CHECKED = ("title", "headline", "caption")
_PROSE = tuple(f.key for f in FIELDS if f.key in PROSE_KEYS and f.key in CHECKED)  # the table's order
MAX_PER_FIELD = 20  # a caption in another language is not 200 findings
# A field in another language: this many unknown words at least, and this share of its Latin
# words. Over the real captions of tests/data/realworld/dev (1,086 in English) no English one
# reaches both; 54 of 67 French and 45 of 49 German ones do.
FOREIGN_MIN_WORDS, FOREIGN_SHARE = 6, 0.3
# Or: this many unknown words, this many lower-case function words of one other language
# ("de", "la", "los": English dictionary words too) and this share of the two together. Over the
# real captions of tests/data/realworld (both splits) no English one more of 2,029 is taken to be
# in another language (still 2); Spanish 145 -> 156 of 176 (word notes 94 -> 37), French 117 -> 128
# of 148 (111 -> 57), Portuguese 59 -> 67 of 96 (117 -> 85), German 249 -> 251 of 346.
FOREIGN_FUNCTION_MIN, FOREIGN_FUNCTION_UNKNOWN, FOREIGN_FUNCTION_SHARE = 3, 3, 0.4


def _foreign(unknown: int, text: str) -> int:
    """The field's count of Latin words when it reads as another language, else 0. The word
    counts only when needed: each reads every word of the field (~13-35 us a real caption)."""
    total = 0
    if unknown >= FOREIGN_MIN_WORDS:
        total = spelling.latin_words(text)
        if unknown >= FOREIGN_SHARE * total:
            return total
    if unknown < FOREIGN_FUNCTION_UNKNOWN:
        return 0
    function = spelling.function_words(text)
    if function < FOREIGN_FUNCTION_MIN:
        return 0
    total = total or spelling.latin_words(text)
    return total if unknown + function >= FOREIGN_FUNCTION_SHARE * total else 0


def reads_as_another_language(unknown: int, text: str) -> bool:
    """Whether ``text``, with ``unknown`` words no dictionary knows, reads as another language:
    the rule gives it one note, not a note a word, and the app's live spell check follows it."""
    return bool(_foreign(unknown, text))


def _dictionaries(checker: spelling.SpellChecker) -> str:
    """ "English", or "English or German" on a desk checked in German too."""
    other = checker.checks_in() if hasattr(checker, "checks_in") else None
    return f"English or {other}" if other else "English"


def _desk_hint(checker: spelling.SpellChecker) -> str:
    """On a German, Spanish or French desk without its dictionary, what to install (its captions read
    as another language here, because they are checked in English only)."""
    language = getattr(checker, "language", "en")
    entry = spelling.DESK_DICTIONARIES.get(language)
    if entry is None or spelling.desk_engine(language) is not None:
        return ""
    return f"; no {entry[1]} dictionary is installed ({entry[2]})"


@lru_cache(maxsize=4096)
def _credited_words(names: str) -> frozenset[str]:
    """``spelling.words_of(names)``, kept by text: it depends on the text alone, and a gallery credits the same few
    photographers item after item (0.79 us a gate item, most of it on repeats)."""
    return frozenset(spelling.words_of(names))


@rule("spelling", Severity.INFO, "Unknown word",
      """A word of the title, headline or caption that neither Hunspell dictionary (American
      and British English; a desk that chose one spelling, `creditline spelling language en-GB`
      or `en-US`, only that one: "harbor" flagged on a UK desk) knows, nor, on a German, Spanish or French desk (the catalog's desk
      language), the system's Hunspell dictionary of that language (Debian/Ubuntu:
      hunspell-de-de, hunspell-es, hunspell-fr; without it that desk is checked in English only, and its
      notes say so). (The app also underlines unknown words in special
      instructions and usage terms as they are typed; they are desk notes, not reported.) Never flagged: words of the catalog's
      house dictionary ("Add to dictionary" in the app, `creditline spelling add`), names and
      places the catalog already holds (photographers, cities, countries, sources, credit
      lines) or the item itself holds, photographers its caption credits, agencies of the registry, acronyms of up to four
      capitals, words with digits, and words in another script than Latin. A field where at
      least six words, and at least 30 % of its words, are unknown is taken to be in another
      language (or three unknown words and three lower-case function words of one other language,
      "de", "la", "los", together 40 % of its words): one note says it was not checked, instead
      of a note a word; a title or headline as foreign as its caption goes with it. A word that occurs
      more than once is one note with every place it occurs. No fix: the app offers Hunspell's
      suggestions on right click.""",
      Example({"caption": "Firefighters battle a blaze at a warehouse near the harbour in Lyon, "
                          "France, June 3, 2021. The fire destroyed three housess. REUTERS/Ada Brin"}))
def spelling_rule(item: Item, ctx: RuleContext) -> list[Finding]:
    if spelling.available() is not None:
        return []
    checker = ctx.speller
    extra: frozenset[str] | None = None
    unknown_of: dict[str, tuple[str, list[tuple[int, int, str]]]] = {}
    foreign_caption = False
    for key in _PROSE:
        text = text_of(item, key)
        if not text:
            continue
        unknown = checker.misspelt(text)
        if not unknown:
            continue  # the common case: no need to gather the item's own names
        if extra is None:
            # The item's own names, and the photographers its caption credits ("REUTERS/Ada Brin").
            credited = [p for c in facts_of(item, ctx).caption_credits for p in c.photographers]
            extra = spelling.item_words(item.fields) | _credited_words(" ".join(credited))
        unknown = [u for u in unknown if spelling.base_word(u[2]).casefold() not in extra
                   and u[2].casefold() not in extra]
        if unknown:
            unknown_of[key] = (text, unknown)
    notes: dict[str, list[Finding]] = {}
    for key in sorted(unknown_of, key=lambda k: k != "caption"):  # the caption's language first
        text, unknown = unknown_of[key]
        total = _foreign(len(unknown), text)
        if total:
            foreign_caption = foreign_caption or key == "caption"
            notes[key] = [finding("spelling", key, f"spelling not checked: {len(unknown)} of {total} words are in "
                                  f"no {_dictionaries(checker)} dictionary (in another language?){_desk_hint(checker)}",
                                  item=item)]
            continue
        # A title or headline is too short to be judged alone, but it is published in the
        # caption's language: one as foreign as that caption goes with it (the fifteenth walk's
        # German desk had "Hochwasser am Rhein" flagged a word at a time under its caption's note).
        if foreign_caption and len(unknown) >= FOREIGN_SHARE * spelling.latin_words(text):
            continue
        # One finding a word, with every place it occurs: an editor corrects a word, not each
        # of its places (the eleventh walk's caption gave two findings for one word).
        places: dict[str, list[tuple[int, int, str]]] = {}
        for u in unknown:
            places.setdefault(u[2].casefold(), []).append(u)
        notes[key] = []
        for spots in list(places.values())[:MAX_PER_FIELD]:
            start, end, word = spots[0]
            f = finding("spelling", key, f"\u201c{word}\u201d is not in the dictionary"
                        + (f" ({len(spots)} places)" if len(spots) > 1 else ""), start, end, item=item)
            if len(spots) > 1:
                f.spans = tuple((a, b) for a, b, _ in spots)
            notes[key].append(f)
    return [f for key in _PROSE for f in notes.get(key, ())]
