"""Make resources/names.txt, the given and family names the credit parser weighs when it decides
whether a segment of a credit names a person or an organisation (app/credit_forms.py, ``names``).

    pip install faker          # in a scratch environment, or `pip install -e '.[train]'`: not a dependency
    python bench/make_names.py # rewrites resources/names.txt

Source: the person-name lists of Faker (https://github.com/joke2k/faker, MIT licence), one list
of given names and one of family names for each of its ~90 locales (English, German, French,
Spanish, Portuguese, Italian, the Nordic and Slavic languages, Greek, Turkish, Hebrew, Arabic,
Persian, Chinese, Japanese with its kana and romanised names, Korean, Vietnamese, Thai ...).

What is kept: names in Latin, Cyrillic, Greek, Hebrew, Arabic, Han, kana, Hangul and Thai
script, of two letters or more (one in Han and Hangul: "李", "김"), without digits; written case-folded, one a line,
under [given] and [family]. A name in both lists is in both. Nothing else is taken from the
package: the app ships only this derived file.
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "names.txt"
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "HEBREW", "ARABIC", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI")
GIVEN = ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary",
         "first_romanized_names", "first_kana_names")
FAMILY = ("last_names", "last_names_male", "last_names_female", "last_romanized_names", "last_kana_names")


def _listed(v: object) -> list[str]:
    if isinstance(v, dict):
        return [str(k) for k in v]
    if isinstance(v, (list, tuple, set, frozenset)):
        return [str(k) for k in v]
    return []


def _keep(name: str) -> str | None:
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name or any(ch.isdigit() for ch in name) or "." in name:
        return None
    letters = [ch for ch in name if ch.isalpha()]
    if not letters:
        return None
    if not all(unicodedata.name(ch, "").split(" ")[0] in SCRIPTS for ch in letters):
        return None
    han = all(unicodedata.name(ch, "").startswith(("CJK", "HANGUL")) for ch in letters)
    if len(letters) < (1 if han else 2):
        return None
    return name.casefold()


def collect() -> tuple[set[str], set[str]]:
    import faker.providers.person as person  # noqa: PLC0415 - only this script needs the package

    given: set[str] = set()
    family: set[str] = set()
    for mod in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"faker.providers.person.{mod.name}").Provider
        for attrs, into in ((GIVEN, given), (FAMILY, family)):
            for attr in attrs:
                for n in _listed(provider.__dict__.get(attr)):
                    k = _keep(n)
                    if k:
                        into.add(k)
    return given, family


def main() -> None:
    import faker  # noqa: PLC0415

    given, family = collect()
    lines = [
        "# Given and family names for the credit parser's person-or-organisation decision (app/credit_forms.py).",
        f"# Made by bench/make_names.py from the person-name lists of Faker {faker.VERSION}",
        "# (https://github.com/joke2k/faker, MIT licence, Copyright (c) 2012 Daniele Faraglia), every locale;",
        "# case-folded, one a line. Do not edit: run the script.",
        "[given]", *sorted(given), "[family]", *sorted(family), "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(given)} given names, {len(family)} family names, {OUT.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
