"""The shipped Hunspell dictionaries lack the packages' compound rules for ordinal numbers
(resources/dictionaries/README.md): Hunspell tried every split of every unknown word against
them (25-29 us a name no dictionary knows, 7 us without), and no word spell checking asks
about can be such a compound. These tests hold why that changes no verdict."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from app import spelling
from app.paths import resource

FOLDER = resource("dictionaries")
# The lines the packages had (hunspell-en-us 1:2020.12.07-2, hunspell-en-gb 1:7.5.0-1), after
# their ONLYINCOMPOUND line: compounds of the digit entries ("1/n1", "1st/p", "0th/pt"...).
PACKAGE_RULES = {"en_US": ("c", ["n*1t", "n*mp"]), "en_GB": ("_", ["#*0{", "#*@}"])}
REAL = Path(__file__).resolve().parent / "data" / "realworld" / "dev" / "g1.jsonl"


def test_the_shipped_dictionaries_hold_no_compound_rules():
    """Fails before speed31: both .aff files had COMPOUNDMIN 1 and two COMPOUNDRULE lines."""
    for language in spelling.LANGUAGES:
        lines = (FOLDER / f"{language}.aff").read_text(encoding="utf-8").splitlines()
        assert not [ln for ln in lines if ln.startswith(("COMPOUND", "CHECKCOMPOUND"))], language
        assert f"ONLYINCOMPOUND {PACKAGE_RULES[language][0]}" in lines  # "1th" stays no word


def test_a_compound_the_rules_made_holds_a_digit_and_no_word_checked_does():
    for language, (only, rules) in PACKAGE_RULES.items():
        flags = set(only) | {c for rule in rules for c in rule if c not in "*?"}
        entries = (FOLDER / f"{language}.dic").read_text(encoding="utf-8").splitlines()[1:]
        flagged = [e.split("/")[0] for e in entries if "/" in e and set(e.split("/", 1)[1].split()[0]) & flags]
        assert len(flagged) == 23 and all(re.search("[0-9]", w) for w in flagged), language
        aff = (FOLDER / f"{language}.aff").read_text(encoding="utf-8")
        # No affix gives a derived word a flag (a continuation class): the flags stay the entries'.
        assert not re.search(r"^(?:PFX|SFX) \S+ \S+ \S+/", aff, re.M)
    text = "The 5th, 21st and 123rd runners, 1990s A320 jets, 10th-place Ghirda's B52s"
    assert [w for _, _, w in spelling.tokens(text)] == ["The", "and", "runners", "jets", "place", "Ghirda's"]


@pytest.mark.skipif(spelling.available() is not None, reason="spell checking is off here (no chunspell)")
def test_the_dictionaries_judge_every_word_as_with_the_packages_rules(tmp_path):
    from hunspell import Hunspell  # noqa: PLC0415 - optional

    for language, (only, rules) in PACKAGE_RULES.items():
        aff = (FOLDER / f"{language}.aff").read_text(encoding="utf-8")
        restored = aff.replace(f"ONLYINCOMPOUND {only}\n", f"ONLYINCOMPOUND {only}\nCOMPOUNDMIN 1\nCOMPOUNDRULE 2\n"
                                                         f"COMPOUNDRULE {rules[0]}\nCOMPOUNDRULE {rules[1]}\n")
        assert restored != aff
        (tmp_path / f"{language}.aff").write_text(restored, encoding="utf-8")
        shutil.copy(FOLDER / f"{language}.dic", tmp_path / f"{language}.dic")
    package = [Hunspell(lang, hunspell_data_dir=str(tmp_path)) for lang in spelling.LANGUAGES]
    shipped = spelling._engines()
    assert [e.spell("21st") for e in package] == [True, True]  # the rules are back in the copy
    assert [e.spell("21st") for e in shipped] == [False, False]
    words = {w for line in REAL.read_text(encoding="utf-8").splitlines()
             for _, _, w in spelling.tokens(json.loads(line)["text"])}
    words |= {"Kerbrat", "Ghirda", "qxzvbn", "Qxzvbn", "KERBRAT", "Mülheim", "Zhang", "harbour", "harbor",
              "Romania's", "Romania\u2019s", "doesn't", "th", "st", "nd", "rd", "teh", "Teh"}
    assert len(words) > 300
    for word in sorted(words):
        assert [e.spell(word) for e in shipped] == [e.spell(word) for e in package], word
