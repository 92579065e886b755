"""Spell checking of the prose fields: Hunspell, a house dictionary, and the names the desk knows.

The engine is Hunspell through ``chunspell`` (a maintained Cython binding whose wheels carry
libhunspell); the dictionaries, American and British English, are shipped in
``resources/dictionaries`` (licences beside them), so the packaged app needs nothing from the
system. A word is never flagged when it is

- in either dictionary (wires write "harbor" and "harbour"; Hunspell knows "Romania's",
  "doesn't", "ATTENTION"), or in the one the desk chose (setting ``spelling_variant``: "en_GB",
  a UK desk, flags "harbor"; "en_US" flags "harbour"; ``creditline spelling language en-GB``),
- in the catalog's house dictionary (setting ``spelling_words``: "Add to dictionary"),
- a name or place the catalog already holds (photographers, places, sources, credit lines:
  ``Catalog.known_names``) or the item being checked holds, or an agency of the registry,
- written in capitals (NATO, AFP's, TOPSHOT, a name in a credit: AFP PHOTO / JOHN DOE), holds a
  digit (5th, 1990s, A320), or is part of an address or HTML entity (reuters.com, &nbsp;),
- in the newsroom list shipped beside the dictionaries (``newsroom.txt``: Kyiv, Odesa and
  other spellings the wires adopted after the dictionaries were made).

A German, Spanish or French desk (the catalog's ``desk_language``, which also sets the credit sheet's
labels) has its captions checked in that language as well, with the Hunspell dictionary the
system has for it (Debian and Ubuntu: ``hunspell-de-de``, ``hunspell-es``, ``hunspell-fr``; ``$DICPATH`` first,
as Hunspell's own tools look): such dictionaries are large and licensed apart, so they are not
shipped. Without one the desk's captions are checked in English only, and every place that
says so names the package (``desk_note``).

Checking is a dictionary lookup per word with a cache in front, a few microseconds a word, so
the editors check as you type. Suggestions are another matter: Hunspell takes 100-300 ms a
word holding the GIL, so ``Suggester`` computes them in a worker process (the UI asks ahead,
as soon as a word is flagged). Without ``chunspell`` spell checking is off: nothing is
flagged and ``available()`` says why.
"""

from __future__ import annotations

import os
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from itertools import accumulate
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from app.datacache import resource_toml
from app.paths import resource
from app.wordtrie import word_alternation

SETTING_WORDS = "spelling_words"  # the house dictionary: a list of words
SETTING_DESK_LANGUAGE = "desk_language"  # app.export.labels.SETTING_LANGUAGE: "de", "es", "en"
LANGUAGES: tuple[str, ...] = ("en_US", "en_GB")
SETTING_VARIANT = "spelling_variant"  # one of LANGUAGES: English checked in it alone; unset: in both
# The English a desk can ask for, as a locale names it ("en-GB"), and how it is said.
VARIANTS: dict[str, tuple[str, str]] = {"en-GB": ("en_GB", "English (UK)"), "en-US": ("en_US", "English (US)")}
# A desk language whose captions are checked in it too: (Hunspell dictionary, its name in
# English, the Debian/Ubuntu package that installs it).
DESK_DICTIONARIES: dict[str, tuple[str, str, str]] = {
    "de": ("de_DE", "German", "hunspell-de-de"),
    "es": ("es_ES", "Spanish", "hunspell-es"),
    "fr": ("fr_FR", "French", "hunspell-fr"),
}
# Where a system keeps Hunspell dictionaries (after $DICPATH and the shipped folder).
SYSTEM_DICTIONARY_DIRS: tuple[str, ...] = ("/usr/share/hunspell", "/usr/local/share/hunspell",
                                           "/usr/share/myspell/dicts", "/usr/share/myspell",
                                           "/opt/homebrew/share/hunspell", "/Library/Spelling")
# Fields whose words are names: never flagged in any prose field of the catalog.
NAME_KEYS: tuple[str, ...] = ("creators", "credit_line", "source", "city", "state", "country", "sublocation",
                              "caption_writer", "creator_job_title")
NAMES_MAX_AGE = 10.0  # seconds a catalog's name list is reused before it is read again
CACHE_LIMIT = 200_000  # words remembered per checker

# A word: letters with inner apostrophes ("Romania's"); a hyphen separates ("Ocasio-Cortez" is
# two). Not a word: letters touching a digit ("5th", "A320"), or part of an address, path,
# domain or HTML entity ("@ap", "reuters.com", "&nbsp;"). One pattern, possessive, so a caption
# is tokenised in one pass of the regex engine (the rule runs on every item of a check).
_WORD = re.compile(r"(?<![\w@/\\.&#])[^\W\d_]++(?:['\u2019][^\W\d_]++)*+(?![\w@/\\]|\.\w)")
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")  # _WORD as re.split's group: words and what is between
_PART = re.compile(r"[^\W\d_]+(?:[\u2019'][^\W\d_]+)*")


_UNAVAILABLE: list[str | None] = []  # the answer of available(), once known


def available() -> str | None:
    """None when spell checking works; else why not (one line). Asked per item by the rule,
    so the answer is kept once the dictionaries are loaded (or failed to load)."""
    if _UNAVAILABLE:
        return _UNAVAILABLE[0]
    try:
        _engines()
        why = None
    except ImportError:
        why = "spell checking is off: the chunspell package is not installed"
    except Exception as exc:  # noqa: BLE001 - a broken dictionary must not stop the app
        why = f"spell checking is off: {exc}"
    _UNAVAILABLE.append(why)
    return why


_ENGINE_LOCK = threading.Lock()  # Hunspell is not thread-safe; rules run on worker threads too


_LOADED: tuple[Any, ...] | None = None
_LOAD_LOCK = threading.Lock()


def _engines() -> tuple[Any, ...]:
    """One Hunspell per dictionary and process. Loading both takes ~0.3 s and holds the GIL
    (the binding never releases it), so the app does it early on a worker thread
    (``preload``); a second thread asking meanwhile waits for that load, never loads again."""
    global _LOADED
    if _LOADED is not None:
        return _LOADED
    with _LOAD_LOCK:
        if _LOADED is None:
            from hunspell import Hunspell  # noqa: PLC0415 - optional; imported on first use

            folder = resource("dictionaries")
            out = []
            for language in LANGUAGES:
                if not (folder / f"{language}.dic").is_file():
                    raise FileNotFoundError(f"no {language} dictionary in {folder}")
                out.append(Hunspell(language, hunspell_data_dir=str(folder)))
            _LOADED = tuple(out)
    return _LOADED


def preload(language: str = "en") -> str | None:
    """Load the dictionaries now (from a worker thread), the desk ``language``'s too: the
    first word checked then costs nothing. Returns ``available()``."""
    why = available()
    if why is None:
        desk_engine(language)
    return why


def desk_dictionary(language: str) -> Path | None:
    """The .dic file of the desk ``language``'s dictionary (an .aff beside it), or None: an
    English desk, or none installed. Looked for in ``$DICPATH``, the shipped folder, then the
    system's folders."""
    entry = DESK_DICTIONARIES.get(language)
    if entry is None:
        return None
    folders = [d for d in os.environ.get("DICPATH", "").split(os.pathsep) if d]
    folders += [str(resource("dictionaries")), *SYSTEM_DICTIONARY_DIRS]
    for folder in folders:
        dic = Path(folder) / f"{entry[0]}.dic"
        if dic.is_file() and dic.with_suffix(".aff").is_file():
            return dic
    return None


_DESK: dict[str, Any] = {}  # language -> its Hunspell, or None (none installed, or it failed)


def desk_engine(language: str) -> Any | None:
    """The desk ``language``'s Hunspell, loaded once a process (~0.3 s, the GIL held), or None."""
    if language not in DESK_DICTIONARIES:
        return None
    if language in _DESK:
        return _DESK[language]
    with _LOAD_LOCK:
        if language not in _DESK:
            dic = desk_dictionary(language)
            engine = None
            if dic is not None:
                try:
                    from hunspell import Hunspell  # noqa: PLC0415

                    engine = Hunspell(dic.stem, hunspell_data_dir=str(dic.parent))
                except Exception:  # noqa: BLE001 - a broken dictionary leaves the desk in English
                    engine = None
            _DESK[language] = engine
    return _DESK[language]


def desk_note(language: str) -> str | None:
    """What a desk of ``language`` is told about its spelling: None for an English desk; else
    one line, whether its captions are checked in its language or, without the dictionary,
    in English only, and what to install."""
    entry = DESK_DICTIONARIES.get(language)
    if entry is None:
        return None
    code, name, package = entry
    dic = desk_dictionary(language)  # found, not loaded: the Settings dialog asks as a language is picked
    if dic is not None:
        return f"{name} captions are spell-checked in {name} and English ({code}: {dic})"
    return (f"no {name} dictionary is installed: {name} captions are spell-checked in English only"
            f" (Debian/Ubuntu: apt install {package})")


def desk_language_of(catalog: Any) -> str:
    """The catalog's desk language whose captions are checked in it ("de", "es"), else "en"."""
    try:
        value = catalog.get_setting(SETTING_DESK_LANGUAGE, None)
    except Exception:  # noqa: BLE001 - a catalog that cannot say is an English desk
        return "en"
    return value if isinstance(value, str) and value in DESK_DICTIONARIES else "en"


def spelling_variant_of(catalog: Any) -> str | None:
    """The English dictionary a desk chose ("en_GB", "en_US"), or None: both, US and UK spellings."""
    try:
        value = catalog.get_setting(SETTING_VARIANT, None)
    except Exception:  # noqa: BLE001 - a catalog that cannot say accepts both
        return None
    return value if isinstance(value, str) and value in LANGUAGES else None


def variant_named(code: str) -> str | None:
    """The English dictionary a desk-language code names ("en-GB", "en_gb" -> "en_GB"), or None."""
    region = code.replace("_", "-").lower()
    return next((v for c, (v, _name) in VARIANTS.items() if c.lower() == region), None)


def desk_code(catalog: Any) -> str:
    """The desk language as Settings and the CLI show it: "en-GB" or "en-US" for an English desk that
    chose one spelling, else the language ("en", "de")."""
    language, variant = desk_language_of(catalog), spelling_variant_of(catalog)
    if language != "en" or variant is None:
        return language
    return next(c for c, (v, _name) in VARIANTS.items() if v == variant)


def english_note(variant: str | None) -> str:
    """Which English dictionary the captions are checked with, in one line (menus, the CLI)."""
    if variant is None:
        return "English captions are spell-checked with the US and UK dictionaries: both spellings are accepted"
    name = next(n for _code, (v, n) in VARIANTS.items() if v == variant)
    other = "harbor, color" if variant == "en_GB" else "harbour, colour"
    return f"English captions are spell-checked in {name} only ({variant}): {other} are flagged"


def _english(variant: str | None) -> tuple[Any, ...]:
    engines = _engines()
    return (engines[LANGUAGES.index(variant)],) if variant in LANGUAGES else engines


def _hunspell_knows(word: str, language: str = "en", variant: str | None = None) -> bool:
    engines = _english(variant)
    desk = desk_engine(language) if language != "en" else None
    with _ENGINE_LOCK:
        return any(e.spell(word) for e in engines) or (desk is not None and desk.spell(word))


_NEWSROOM: frozenset[str] | None = None


def newsroom_words() -> frozenset[str]:
    """The shipped newsroom list (``resources/dictionaries/newsroom.txt``), folded."""
    global _NEWSROOM
    if _NEWSROOM is None:
        try:
            lines = resource("dictionaries/newsroom.txt").read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        _NEWSROOM = frozenset(w.strip().casefold() for w in lines if w.strip() and not w.lstrip().startswith("#"))
    return _NEWSROOM


def words_of(text: str) -> set[str]:
    """The words of a name or place, folded, for the known-words set."""
    return set(map(str.casefold, _PART.findall(text)))  # no match object a word: 1.18 -> 0.79 us a gate item


def tokens(text: str) -> Iterable[tuple[int, int, str]]:
    """The words spell checking looks at: ``(start, end, word)`` (one letter is no word)."""
    for m in _WORD.finditer(text):
        if m.end() - m.start() > 1:
            yield m.start(), m.end(), m.group()


class SpellChecker:
    """Says which words of a text are misspelt, given the words the desk knows."""

    def __init__(self, known: Iterable[str] = (), house: Iterable[str] = ()) -> None:
        self._known: set[str] = set()
        self._house: set[str] = set()
        self._cache: dict[str, bool] = {}
        self.language = "en"  # the desk's: its dictionary is asked too (``set_language``)
        self.variant: str | None = None  # the English dictionary the desk chose: None, both
        self.add_known(known)
        self.set_house_words(house)

    def add_known(self, words: Iterable[str]) -> None:
        """Names and places (any text: split into words); the cache of verdicts is kept for the
        rest, only words now known change."""
        new = set()
        for text in words:
            new |= words_of(text)
        new -= self._known
        if new:
            self._known |= new
            for w in [w for w, ok in self._cache.items() if not ok and w.casefold() in new]:
                self._cache[w] = True

    def set_known(self, words: Iterable[str]) -> None:
        known = set()
        for text in words:
            known |= words_of(text)
        if known != self._known:
            self._known = known  # one assignment: a check on another thread sees the old or the new
            self._cache = {}

    def set_house_words(self, words: Iterable[str]) -> None:
        house = {w.strip().casefold() for w in words if w and w.strip()}
        if house != self._house:
            self._house = house
            self._cache.clear()

    def set_language(self, language: str) -> None:
        """Check in the desk ``language``'s dictionary too ("de", "es"; "en": English only)."""
        if language != self.language:
            self.language = language
            self._cache = {}

    def set_variant(self, variant: str | None) -> None:
        """Check English in the ``variant`` dictionary alone ("en_GB", "en_US"), or in both (None)."""
        if variant != self.variant:
            self.variant = variant
            self._cache = {}

    def checks_in(self) -> str | None:
        """The name of the desk language this checker checks in besides English ("German"), or
        None (an English desk, or its dictionary is not installed)."""
        entry = DESK_DICTIONARIES.get(self.language)
        return entry[1] if entry is not None and desk_engine(self.language) is not None else None

    def knows(self, word: str, extra: frozenset[str] | set[str] = frozenset()) -> bool:
        """True when ``word`` is not to be flagged (``extra``: folded words of the item itself)."""
        ok = self._cache.get(word)
        if ok is None:
            ok = self._judge(word)
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = ok
        if not ok and extra:
            return _base(word).casefold() in extra or word.casefold() in extra
        return ok

    def _judge(self, word: str) -> bool:
        if not latin(word):
            # The dictionaries are English: an Arabic, Hebrew, Cyrillic or Korean word is no more
            # "not in the dictionary" than a number is (the sixth walk: 50 notes on 6 captions).
            return True
        if _base(word).isupper():
            # Capitals: an acronym (AFP, NATO, FC's), a wire slug (TOPSHOT) or a name in a credit
            # (AFP PHOTO / JOHN DOE), which no dictionary knows; a typo in capitals is rare.
            return True
        folded = word.casefold()
        base = _base(word).casefold()
        if folded in self._known or base in self._known or folded in self._house or base in self._house:
            return True
        newsroom = newsroom_words()
        if folded in newsroom or base in newsroom:
            return True
        if _hunspell_knows(word, self.language, self.variant):
            return True
        # Curly apostrophes are what captions hold; some dictionaries list only straight ones.
        return "\u2019" in word and _hunspell_knows(word.replace("\u2019", "'"), self.language, self.variant)

    def misspelt(self, text: str, extra: frozenset[str] | set[str] = frozenset()) -> list[tuple[int, int, str]]:
        """The misspelt words of ``text``: ``(start, end, word)``. The hot path of the rule and
        of typing: a cached verdict per word, nothing else, for the words seen before."""
        # The words and what lies between them by one split, their verdicts by one map, both in C (a
        # match object a word cost more): a word's offset is the length of all that comes before it
        parts = _WORD_SPLIT.split(text)
        words = parts[1::2]
        oks = list(map(self._cache.get, words))
        if all(oks):
            return []
        out = []
        ends: list[int] | None = None
        for i, ok in enumerate(oks):
            if ok:
                continue
            word = words[i]
            if ok is None and self.knows(word) or len(word) < 2 \
                    or extra and (_base(word).casefold() in extra or word.casefold() in extra):
                continue
            if ends is None:
                ends = list(accumulate(map(len, parts)))
            start = ends[2 * i]
            if not _tail_of_a_name(text, start, word):
                out.append((start, start + len(word), word))
        return out


def _tail_of_a_name(text: str, start: int, word: str) -> bool:
    """A lower-case piece joined by a hyphen to a capitalised word: the second syllable of a
    Korean given name ("Kim Jong-il", "Moon Jae-in"), which no dictionary holds apart; the walk
    of round 8 saw "il" flagged. The name as a whole is judged by its capitalised part."""
    if start < 2 or not word[:1].islower() or text[start - 1] not in "-\u2010\u2011":
        return False
    i = start - 1
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return i < start - 1 and text[i].isupper()


def latin(word: str) -> bool:
    """Whether every letter of ``word`` is a Latin one (with its accents: "Zürich", "Đà Nẵng")."""
    # isascii first: most words are, and a character at a time costs ~1 us a word
    return word.isascii() or all(ch < "\u0250" or not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN")
                                 for ch in word)


def latin_words(text: str) -> int:
    """How many of the words spell checking looks at in ``text`` are Latin ones (the share of
    them no dictionary knows tells a caption in another language)."""
    # the words of tokens(), without their offsets: 20 -> 13 us a real caption
    return sum(1 for word in _WORD.findall(text) if len(word) > 1 and latin(word))


@cache
def _function_words() -> tuple[re.Pattern[str], dict[str, tuple[int, ...]]]:
    """A pattern for the function words of caption_words.toml [languages], and each word ->
    the languages (by number) it is one of."""
    languages = resource_toml("caption_words.toml").get("languages", {}).get("function_words", {})
    of: dict[str, tuple[int, ...]] = {}
    for i, words in enumerate(languages.values()):
        for w in set(words):
            of[w] = (*of.get(w, ()), i)
    # a trie scan finds them at half the cost of reading every word and looking each up
    return re.compile(rf"(?<!\w)(?:{word_alternation(of)})(?!\w)" if of else r"(?!)"), of


def function_words(text: str) -> int:
    """The most lower-case function words of any one other language in ``text`` (caption_words.toml
    [languages]): "de", "la", "los" are English dictionary words, and told no Spanish caption."""
    pattern, of = _function_words()
    counts: dict[int, int] = {}
    for w in pattern.findall(text):
        for lang in of[w]:
            counts[lang] = counts.get(lang, 0) + 1
    return max(counts.values(), default=0)


def base_word(word: str) -> str:
    """"Ghirda's" -> "Ghirda"."""
    return _base(word)


def _base(word: str) -> str:
    """"Ghirda's" -> "Ghirda": a known name stays known in the possessive."""
    for suffix in ("'s", "\u2019s"):
        if word.endswith(suffix) or word.endswith(suffix.upper()):
            return word[:-2]
    return word


# -- the catalog's checker -----------------------------------------------------------------------

def house_words(catalog: Any) -> list[str]:
    value = catalog.get_setting(SETTING_WORDS, None)
    return [str(w) for w in value] if isinstance(value, list) else []


def add_house_word(catalog: Any, word: str) -> bool:
    """Add a word to the catalog's house dictionary; False when it was there already."""
    word = word.strip()
    if not word or any(c.isspace() for c in word):
        raise ValueError(f"a dictionary word is one word without spaces, not {word!r}")
    words = house_words(catalog)
    if word.casefold() in {w.casefold() for w in words}:
        return False
    _store(catalog, sorted([*words, word], key=str.casefold))
    return True


def remove_house_word(catalog: Any, word: str) -> bool:
    words = house_words(catalog)
    kept = [w for w in words if w.casefold() != word.strip().casefold()]
    if len(kept) == len(words):
        return False
    _store(catalog, kept)
    return True


def _store(catalog: Any, words: list[str]) -> None:
    from app.validation import change_setting  # noqa: PLC0415 - validation imports this module

    change_setting(catalog, SETTING_WORDS, words)  # findings made without these words go stale


def registry_names(registry: Any) -> list[str]:
    """Every agency name and alias the registry knows."""
    out: list[str] = []
    for agency in getattr(registry, "agencies", ()) or ():
        out.append(str(getattr(agency, "name", "") or ""))
        out.extend(str(a) for a in (getattr(agency, "aliases", ()) or ()))
    return out


_CHECKERS: dict[str, tuple[float, SpellChecker]] = {}
_REFRESHING: set[str] = set()
_CHECKERS_LOCK = threading.Lock()


def _read_names(catalog: Any, registry: Any) -> list[str]:
    names = catalog.known_names(NAME_KEYS)
    names.extend(registry_names(registry))
    return names


def checker_for(catalog: Any, registry: Any = None, max_age: float = NAMES_MAX_AGE) -> SpellChecker:
    """The checker of a catalog: its house dictionary, its names, the registry's agencies.

    Shared per catalog file. The names are read on first use; later, once they are older than
    ``max_age`` seconds, they are read again on a thread of their own while the checker goes
    on with the ones it has (reading them takes ~40 ms on 5,000 photos: never a stall in
    typing), so a name imported a moment ago is known a few seconds later; the item's own
    names always are (the rule passes them). ``max_age`` 0 reads them again now. The house
    dictionary is read every time: it is one setting.
    """
    key = str(getattr(catalog, "path", id(catalog)))
    now = time.monotonic()
    with _CHECKERS_LOCK:
        entry = _CHECKERS.get(key)
    if entry is None or max_age <= 0:
        checker = entry[1] if entry is not None else SpellChecker()
        checker.set_known(_read_names(catalog, registry))
        entry = (now, checker)
        with _CHECKERS_LOCK:
            _CHECKERS[key] = entry
    elif now - entry[0] > max_age:
        with _CHECKERS_LOCK:
            start = key not in _REFRESHING
            _REFRESHING.add(key)
        if start:
            threading.Thread(target=_refresh, args=(key, catalog, registry, entry[1]), daemon=True,
                             name="spelling-names").start()
    entry[1].set_house_words(house_words(catalog))
    entry[1].set_language(desk_language_of(catalog))  # one setting, like the house dictionary
    entry[1].set_variant(spelling_variant_of(catalog))
    return entry[1]


def _refresh(key: str, catalog: Any, registry: Any, checker: SpellChecker) -> None:
    try:
        checker.set_known(_read_names(catalog, registry))
    except Exception:  # noqa: BLE001 - a catalog closed meanwhile: the old names serve on
        pass
    finally:
        with _CHECKERS_LOCK:
            _REFRESHING.discard(key)
            if key in _CHECKERS:
                _CHECKERS[key] = (time.monotonic(), checker)


def forget(catalog: Any) -> None:
    """Read the catalog's names again on next use (after an import, or a name edited)."""
    with _CHECKERS_LOCK:
        _CHECKERS.pop(str(getattr(catalog, "path", id(catalog))), None)


def item_words(fields: dict[str, Any]) -> frozenset[str]:
    """The folded words of an item's own name fields: known while checking that item."""
    out: set[str] = set()
    for key in NAME_KEYS:
        value = fields.get(key)
        if not value:
            continue  # most name fields of most items are blank: no pattern run on ""
        for text in value if isinstance(value, list) else [value]:
            out |= words_of(str(text))
    return frozenset(out)


# -- suggestions, in a worker process ------------------------------------------------------------

def in_case_of(original: str, suggestion: str) -> str:
    """``suggestion`` written in the case of ``original``: all capitals, a first capital or
    lower case; a suggestion with capitals of its own inside (a name) is kept as it is. One in
    capitals (Hunspell's for a word in capitals) has no case of its own to keep."""
    if original.isupper() and len(original) > 1:
        return suggestion.upper()
    if suggestion.isupper() and len(suggestion) > 1:
        suggestion = suggestion.lower()
    if suggestion[1:] != suggestion[1:].lower():
        return suggestion
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    if original[:1].islower():
        return suggestion[:1].lower() + suggestion[1:]
    return suggestion


def _suggest_in_worker(word: str, language: str = "en", variant: str | None = None) -> list[str]:
    """Up to eight suggestions for ``word``, each in its case when it is capitalised or in
    capitals. Such a word is looked up as written and in lower case, the two lists taken in
    turn: Hunspell's capitalised lookup misses lower-case words ("Teh" got no "The"), and its
    lower-case one ranks names lower ("Lisbonn": "Liaison" before "Lisbon")."""
    asked = [word]
    if (word[:1].isupper() and word[1:] == word[1:].lower()) or word.isupper():
        asked.append(word.lower())
    lists = []
    for ask in asked:
        got: list[str] = []
        desk = desk_engine(language) if language != "en" else None
        for engine in (*((desk,) if desk is not None else ()), *_english(variant)):  # the desk's language first
            got.extend(s for s in engine.suggest(ask) if s not in got)
        lists.append(got)
    found: list[str] = []
    for rank in range(max(map(len, lists))):
        for got in lists:
            if rank < len(got):
                # A lower-case word's suggestions as the dictionary has them: a name keeps its capital.
                shown = in_case_of(word, got[rank]) if word[:1].isupper() else got[rank]
                if shown not in found and shown != word:
                    found.append(shown)
    return found[:8]


class Suggester:
    """Hunspell's suggestions, computed in one worker process and remembered.

    ``ask(word)`` returns the suggestions when known, else None and starts computing them;
    ``on_ready(word)`` is called (on the worker's callback thread) once they are in."""

    def __init__(self, on_ready: Callable[[str], None] | None = None, language: str = "en") -> None:
        self.on_ready = on_ready
        self.language = language  # the desk's: its dictionary suggests first
        self.variant: str | None = None  # the English dictionary the desk chose (None: both)
        self._done: dict[str, list[str]] = {}
        self._pending: dict[str, Future[list[str]]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def ask(self, word: str) -> list[str] | None:
        with self._lock:
            if word in self._done:
                return self._done[word]
            if word in self._pending:
                return None
            if self._pool is None:
                # spawn: the UI process runs Qt threads, which a fork would copy half-locked.
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"))
            future = self._pool.submit(_suggest_in_worker, word, self.language, self.variant)
            self._pending[word] = future
        future.add_done_callback(lambda f, w=word: self._landed(w, f))
        return None

    def set_language(self, language: str) -> None:
        """Suggest from the desk ``language``'s dictionary first; what was suggested before is
        asked again."""
        with self._lock:
            if language != self.language:
                self.language = language
                self._done.clear()

    def set_variant(self, variant: str | None) -> None:
        """Suggest from the English ``variant`` dictionary alone (a UK desk: "harbour")."""
        with self._lock:
            if variant != self.variant:
                self.variant = variant
                self._done.clear()

    def _landed(self, word: str, future: Future[list[str]]) -> None:
        try:
            found = future.result()
        except Exception:  # noqa: BLE001 - no suggestions is an answer too
            found = []
        with self._lock:
            self._pending.pop(word, None)
            self._done[word] = found
        if self.on_ready is not None:
            self.on_ready(word)

    def suggestions_now(self, word: str, timeout: float = 5.0) -> list[str]:
        """Wait for the suggestions (tests, the CLI)."""
        found = self.ask(word)
        if found is not None:
            return found
        with self._lock:
            future = self._pending.get(word)
        if future is not None:
            try:
                future.result(timeout)
            except Exception:  # noqa: BLE001
                pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if word in self._done:
                    return self._done[word]
            time.sleep(0.01)
        return []

    def close(self, wait: bool = False) -> None:
        """Stop the worker. ``wait``: until it has gone (a command about to exit: left to go on
        its own, the pool's manager thread met the interpreter's teardown and printed "Bad file
        descriptor" now and then); the window does not wait."""
        with self._lock:
            pool, self._pool = self._pool, None
            self._pending.clear()
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=True)
