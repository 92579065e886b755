"""says_where reads PLACE's two branches apart (presence._place_matches): the same matches, in order."""

from __future__ import annotations

import json
import random
from pathlib import Path

from app.rules.presence import PLACE, _place_matches

REALWORLD = Path(__file__).parent / "data" / "realworld"


def _spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in matches]


def test_the_real_captions_give_the_matches_place_gives() -> None:
    texts = [json.loads(line)["text"] for f in sorted(REALWORLD.glob("*/*.jsonl"))
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(texts) > 4000
    found = 0
    for text in texts:
        want = _spans(PLACE.finditer(text))
        assert _spans(_place_matches(text)) == want, text
        found += bool(want)
    assert found > 1000  # datelines and "in <Place>" are common: the comparison saw them


def test_made_up_texts_give_the_matches_place_gives() -> None:
    rng = random.Random(38)
    pieces = ["LYON, ", "KYIV (Reuters) ", "NY", "in ", "at ", "near ", "outside ", "across ", "the ", "Paris", "June",
              "Game 3", "x", "in", "Lin ", "_at ", "2at ", "éin ", "\n", " ", "’s", "LONDONDERRY 2017", "Jan. ", "O'Hare"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert _spans(_place_matches(text)) == _spans(PLACE.finditer(text)), text
