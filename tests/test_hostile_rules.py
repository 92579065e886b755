"""A wire file must not be able to stall the gate (issue 11 #10): huge values are checked in
bounded time, name-variant is near-linear, and one item cannot flood the findings."""

from __future__ import annotations

import random
import string

from rapidfuzz import fuzz

from app.model import Item
from app.rules import check_gallery, check_item, make_context
from app.rules import names as names_rule
from app.rules.base import MAX_CHECKED_CHARS, MAX_CHECKED_VALUES, MAX_FINDINGS_PER_RULE, fold
from tests.hostile import deadline

CTX = make_context()


def _name(rnd: random.Random, first: str | None = None) -> str:
    def word(n: int) -> str:
        return rnd.choice(string.ascii_uppercase) + "".join(rnd.choice(string.ascii_lowercase) for _ in range(n))
    given = (first or rnd.choice(string.ascii_uppercase)) + word(rnd.randint(3, 7))[1:]
    return f"{given} {word(rnd.randint(4, 9))}"


def _typo(rnd: random.Random, s: str) -> str:
    i = rnd.randrange(1, len(s))
    return s[:i] + rnd.choice(string.ascii_lowercase) + s[i + 1:]


def _brute_pairs(folded: list[str]) -> set[tuple[int, int]]:
    return {(i, j) for i in range(len(folded)) for j in range(i + 1, len(folded))
            if folded[i][:1] == folded[j][:1] and fuzz.ratio(folded[i], folded[j]) >= names_rule.SIMILAR}


def test_similar_pairs_are_exact_within_a_block():
    rnd = random.Random(5)
    base = [_name(rnd) for _ in range(300)]
    names = base + [_typo(rnd, n) for n in base[:60]]
    folded = [fold(n) for n in names]
    assert len(folded) <= names_rule.BLOCK * 26  # blocks by first letter stay under BLOCK here
    got = set(names_rule.similar_pairs(folded))
    assert got == _brute_pairs(folded)
    assert len(got) >= 60  # every typo found its original


def test_a_block_bigger_than_the_bound_still_finds_typos_at_either_end():
    rnd = random.Random(6)
    names = list(dict.fromkeys(_name(rnd, first="M") for _ in range(3 * names_rule.BLOCK)))
    planted = []
    for n in names[:40]:
        # A typo near the end keeps the start sorted together; one near the start, the end.
        i = rnd.choice([2, len(n) - 2])
        variant = n[:i] + ("x" if n[i] != "x" else "y") + n[i + 1:]
        planted.append((n, variant))
    all_names = names + [v for _, v in planted]
    folded = [fold(n) for n in all_names]
    with deadline(30, "similar_pairs on a big block"):
        got = set(names_rule.similar_pairs(folded))
    index = {f: i for i, f in enumerate(folded)}
    found = sum(1 for a, b in planted
                if tuple(sorted((index[fold(a)], index[fold(b)]))) in got)
    assert found == len(planted)


def test_twenty_thousand_creators_do_not_stall_the_gallery_check():
    rnd = random.Random(7)
    base = "Vadim Ghirdaescu"
    creators = list(dict.fromkeys([_typo(rnd, _typo(rnd, base)) for _ in range(20_000)]))
    item = Item(id=1, path=None, kind="caption",
                fields={"caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Vadim Ghirdaescu",
                        "creators": creators})
    other = Item(id=2, path=None, kind="caption",
                 fields={"caption": "Police in Lyon, France, June 3, 2021. REUTERS/Vadim Ghirdaescu",
                         "creators": [_name(rnd) for _ in range(20_000)]})
    with deadline(60, "check_gallery with 40,000 creators"):
        found = check_gallery([item, other], CTX)
    for fs in found.values():
        by_rule: dict[str, int] = {}
        for f in fs:
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        assert max(by_rule.values()) <= MAX_FINDINGS_PER_RULE + 1
    notes = [f for f in found[1] if f.rule == "too-long-to-check"]
    assert [f.field for f in notes] == ["creators"]
    assert f"{len(creators):,} values" in notes[0].message and f"first {MAX_CHECKED_VALUES:,}" in notes[0].message
    assert any(f.rule == "name-variant" for f in found[1])


def test_a_ten_megabyte_caption_is_checked_up_to_the_bound():
    sentence = "Fans cheer in Lyon, France, Monday, June 3, 2021, near the the lake. REUTERS/Ada Brin "
    caption = sentence * (10_000_000 // len(sentence))
    item = Item(id=3, path="wire.jpg", kind="photo", fields={"caption": caption, "keywords": ["k"] * 20_000})
    with deadline(60, "check_item on a 10 MB caption"):
        found = check_item(item, CTX)
    notes = {f.field: f.message for f in found if f.rule == "too-long-to-check"}
    assert set(notes) == {"caption", "keywords"}
    assert f"{len(caption):,} characters" in notes["caption"]
    # iim-too-long knows it saw only part of the caption
    assert any(f.rule == "iim-too-long" and "is more than 65,5" in f.message for f in found)
    # Spans point into the first part of the caption, which the whole caption starts with.
    spans = [f for f in found if f.field == "caption" and f.start is not None]
    assert spans and all(f.end <= MAX_CHECKED_CHARS for f in spans)
    doubled = [f for f in found if f.rule == "doubled-word"]
    assert len(doubled) == MAX_FINDINGS_PER_RULE + 1
    (more,) = [f for f in doubled if f.start is None]
    # Every sentence within the bound holds one "the the": what is not listed is counted.
    checked = caption[:caption.rfind(" ", MAX_CHECKED_CHARS - 1000, MAX_CHECKED_CHARS)]
    assert f"… and {checked.count('the the') - MAX_FINDINGS_PER_RULE:,} more like these" in more.message
    # The item given is left as it was.
    assert item.fields["caption"] is caption and len(item.fields["keywords"]) == 20_000


def test_values_within_the_bound_are_not_copied():
    item = Item(id=4, path=None, kind="caption", fields={"caption": "x" * 5000, "creators": ["a"] * 10})
    from app.rules.base import clip_for_check  # noqa: PLC0415

    assert clip_for_check(item) is item
    assert not [f for f in check_item(item, CTX) if f.rule == "too-long-to-check"]


def test_check_command_on_a_hostile_item_ends_with_its_findings(tmp_path, capsys):
    from app.catalog import Catalog  # noqa: PLC0415
    from app.cli import main  # noqa: PLC0415

    cat_path = tmp_path / "c.sqlite"
    with Catalog.open(cat_path) as cat:
        cat.add_caption_item({"caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin " * 200_000,
                              "creators": [f"Ada Brin{i}" for i in range(20_000)]})
    with deadline(120, "creditline check"):
        code = main(["--catalog", str(cat_path), "check"])
    out = capsys.readouterr().out
    assert code in (0, 1)  # findings, never a crash (2)
    assert out.count("too-long-to-check") == 2 and "catalog: 1 item" in out
    assert "iim-too-long" not in out  # a caption-only item has no file, so no IIM to cut
