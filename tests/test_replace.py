"""Find and replace (app/replace.py) and `creditline replace`."""

from __future__ import annotations

import json

import pytest

from app.catalog import Catalog
from app.cli import main
from app.model import Item
from app.replace import ReplaceError, Search, as_changes, plan_replace


def item(item_id: int, **fields) -> Item:
    return Item(id=item_id, path=None, kind="caption", fields=dict(fields))


def test_plan_lists_every_change_in_the_chosen_fields_only() -> None:
    items = [item(1, caption="Fans in Bucharest. BUCHAREST police said.", headline="Bucharest fire",
                  city="Bucharest"),
             item(2, caption="Nothing here", keywords=["bucharest", "fire"]),
             item(3, caption="Bucharesti is a suburb")]
    search = Search("bucharest", "Bucharest, Romania", whole_word=True)
    plan = plan_replace(items, search, ["caption", "headline", "keywords"])
    assert [(c.item_id, c.key, c.count) for c in plan] == [(1, "caption", 2), (1, "headline", 1), (2, "keywords", 1)]
    assert plan[0].after == "Fans in Bucharest, Romania. Bucharest, Romania police said."
    assert plan[2].after == ["Bucharest, Romania", "fire"]  # a list field value by value
    assert as_changes(plan) == {1: {"caption": plan[0].after, "headline": "Bucharest, Romania fire"},
                                2: {"keywords": ["Bucharest, Romania", "fire"]}}
    # The city is not among the chosen fields: untouched.
    assert all(c.key != "city" for c in plan)
    left, old, new, right = plan[0].excerpts(search)[0]
    assert (left, old, new) == ("Fans in ", "Bucharest", "Bucharest, Romania") and right.startswith(". BUCHAREST")


def test_match_case_regex_and_errors() -> None:
    items = [item(1, caption="Photo by Jane DOE and Jane Doe (2024)")]
    assert plan_replace(items, Search("Doe", "Roe", match_case=True), ["caption"])[0].after == \
        "Photo by Jane DOE and Jane Roe (2024)"
    assert plan_replace(items, Search(r"\((\d{4})\)", r"[\1]", regex=True), ["caption"])[0].after == \
        "Photo by Jane DOE and Jane Doe [2024]"
    # Literal text with regex characters is literal unless --regex.
    assert plan_replace([item(2, caption="a.b a+b")], Search("a.b", "x"), ["caption"])[0].after == "x a+b"
    with pytest.raises(ReplaceError, match="empty"):
        Search("", "x")
    with pytest.raises(ReplaceError, match="bad regular expression"):
        Search("(", "x", regex=True)
    with pytest.raises(ReplaceError, match="bad replacement"):
        plan_replace(items, Search("Doe", r"\2", regex=True), ["caption"])
    with pytest.raises(ReplaceError, match="unknown field 'colour'"):
        plan_replace(items, Search("a", "b"), ["colour"])


def test_cli_replace_dry_run_then_one_transaction(tmp_path, capsys) -> None:
    path = tmp_path / "c.sqlite"
    cat = Catalog.open(path)
    a = cat.add_caption_item({"caption": "Storm hits Lisbon.", "headline": "Lisbon storm"})
    b = cat.add_caption_item({"caption": "Lisbon again"})
    g = cat.create_gallery("Storm")
    cat.add_to_gallery(g.id, [a])
    cat.close()
    base = ["--catalog", str(path)]

    assert main(["replace", "Lisbon", "Porto", "--gallery", "Storm", "--dry-run", *base]) == 0
    out = capsys.readouterr().out
    assert f"#{a} caption: Storm hits [Lisbon -> Porto]." in out and "would replace 2 matches in 1 item" in out
    with Catalog.open(path) as cat:
        assert cat.item(a).fields["caption"] == "Storm hits Lisbon."

    assert main(["replace", "lisbon", "Porto", "--field", "caption", "--format", "json", *base]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["items"] == 2 and report["replacements"] == 2
    with Catalog.open(path) as cat:
        assert cat.item(a).fields["caption"] == "Storm hits Porto."
        assert cat.item(a).fields["headline"] == "Lisbon storm"  # not a chosen field
        assert cat.item(b).fields["caption"] == "Porto again"

    assert main(["replace", "x", "y", "--gallery", "Nope", *base]) == 2
    assert "no gallery named 'Nope'" in capsys.readouterr().err
    assert main(["replace", "(", "y", "--regex", *base]) == 2
    assert "bad regular expression" in capsys.readouterr().err


def test_cli_replace_ids_as_check_prints_them(tmp_path, capsys) -> None:
    # The second walk: `check` prints "#2", `write 2 #5` takes that, `replace --ids '#2'` refused it.
    path = tmp_path / "c.sqlite"
    with Catalog.open(path) as cat:
        a = cat.add_caption_item({"caption": "Storm hits Lisbon."})
        b = cat.add_caption_item({"caption": "Lisbon again"})
        cat.add_caption_item({"caption": "Lisbon, third"})
    assert main(["replace", "Lisbon", "Porto", "--ids", f"#{a}, {b}", "--dry-run", "--catalog", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"#{a} caption:" in out and f"#{b} caption:" in out and "would replace 2 matches in 2 items" in out
    assert main(["replace", "Lisbon", "Porto", "--ids", "#x", "--catalog", str(path)]) == 2
    assert "--ids takes comma-separated item ids" in capsys.readouterr().err


def test_a_lower_case_replacement_takes_the_case_of_what_it_replaces() -> None:
    """The walk: "calif." -> "california" without Match case made "Sacramento, Calif.," into
    "Sacramento, california,"; a word processor keeps the capital."""
    items = [item(1, caption="in Sacramento, Calif., Friday", headline="SACRAMENTO, CALIF. - STRIKE",
                  keywords=["calif."])]
    plan = plan_replace(items, Search("calif.", "california"), ["caption", "headline", "keywords"])
    assert [c.after for c in plan] == ["in Sacramento, California, Friday", "SACRAMENTO, CALIFORNIA - STRIKE",
                                       ["california"]]
    assert plan[0].excerpts(Search("calif.", "california"))[0][2] == "California"  # the preview agrees
    # Typed with a capital, with Match case, or as a regular expression: as typed.
    assert Search("calif.", "CA").apply("Calif. and calif.")[0] == "CA and CA"
    assert Search("Calif.", "california", match_case=True).apply("Calif.")[0] == "california"
    assert Search(r"calif\.", "california", regex=True).apply("Calif.")[0] == "california"
    assert Search("x", "").apply("X marks")[0] == " marks"
