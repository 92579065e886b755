"""A catalog's own agencies: its newspaper's staff credits are not unknown agencies."""

from __future__ import annotations

import json

import pytest

from app import validation
from app.agencies import Registry, house_agencies
from app.cli import main as cli_main
from app.credits import parse_credits
from app.rules import make_context

STAFF = "Fans cheer in Boston, Monday, June 7, 2021. (Greg Roe/Harbor Gazette)"
GAZETTE = [{"name": "The Harbor Gazette", "aliases": ["Harbor Gazette"]}]


@pytest.fixture(autouse=True)
def bundled_parser_afterwards():
    yield
    make_context()  # the parser follows the last context: give the next test the bundled registry


def rules_of(catalog, item_id: int) -> list[str]:
    return [f.rule for f in validation.refresh_findings(catalog, [item_id])[item_id]]


def staff_item(catalog, caption: str = STAFF, **fields) -> int:
    return catalog.add_caption_item({"caption": caption, "creators": ["Greg Roe"],
                                     "source": "The Harbor Gazette", **fields})


def test_a_staff_credit_is_known_once_the_paper_is_a_house_agency(catalog):
    item = staff_item(catalog)
    assert "unknown-agency" in rules_of(catalog, item)
    validation.change_setting(catalog, "house_agencies", GAZETTE)
    assert rules_of(catalog, item) == []


def test_an_alias_names_the_same_agency_for_the_parser_and_the_rules(catalog):
    validation.change_setting(catalog, "house_agencies", GAZETTE)
    validation.context_for(catalog)
    (credit,) = parse_credits(STAFF)
    assert credit.photographers == ["Greg Roe"] and credit.agencies == ["The Harbor Gazette"]
    # The source field says the full name, the caption the alias: they agree.
    item = staff_item(catalog, credit_line="Harbor Gazette")
    assert rules_of(catalog, item) == []
    make_context()
    assert parse_credits(STAFF)[0].agencies == ["Harbor Gazette"]  # bundled registry: kept as written


def test_a_misspelt_house_agency_is_flagged_with_the_right_name(catalog):
    validation.change_setting(catalog, "house_agencies", GAZETTE)
    item = staff_item(catalog, caption=STAFF.replace("Gazette)", "Gazete)"))
    found = validation.refresh_findings(catalog, [item])[item]
    (unknown,) = [f for f in found if f.rule == "unknown-agency"]
    assert "Harbor Gazete" in unknown.message and "did you mean The Harbor Gazette?" in unknown.message


def test_a_house_agency_requires_a_photographer_like_a_wire(catalog):
    validation.change_setting(catalog, "house_agencies", GAZETTE)
    item = staff_item(catalog, caption="Fans cheer in Boston, Monday, June 7, 2021. (Harbor Gazette)")
    assert "missing-photographer" in rules_of(catalog, item)


def test_changing_a_validation_setting_makes_every_finding_stale(catalog):
    items = [staff_item(catalog), staff_item(catalog)]
    validation.refresh_findings(catalog, items)
    assert catalog.stale_item_ids() == []
    assert validation.change_setting(catalog, "house_agencies", GAZETTE) is True
    assert catalog.stale_item_ids() == items
    validation.refresh_findings(catalog)
    assert validation.change_setting(catalog, "house_agencies", GAZETTE) is False  # the same value
    assert catalog.stale_item_ids() == []
    validation.change_setting(catalog, "rules", {"missing-date": {"enabled": False}})
    assert catalog.stale_item_ids() == items
    validation.refresh_findings(catalog)
    validation.change_setting(catalog, "window_layout", "grid")  # not a setting the rules read
    assert catalog.stale_item_ids() == []


def test_the_setting_is_read_leniently():
    assert house_agencies(None) == ()
    assert house_agencies("The Harbor Gazette") == ()
    assert house_agencies(["  The  Harbor Gazette ", {"name": "the harbor gazette"}, 7, {"aliases": ["x"]},
                           {"name": "Metro Daily", "aliases": ["METRO", "", 3, "METRO"]}]) == (
        ("The Harbor Gazette", ()), ("Metro Daily", ("METRO",)))


def test_a_bundled_name_is_never_shadowed():
    reg = Registry.load()
    extended = reg.with_house((("Reuters", ("Harbor Gazette",)), ("The Harbor Gazette", ())))
    assert extended.get("Reuters") is reg.get("Reuters")
    assert extended.canonical("Harbor Gazette") is None
    assert extended.canonical("the harbor gazette") == "The Harbor Gazette"
    assert reg.with_house(()) is reg


def test_cli_adds_lists_and_removes_house_agencies(catalog_path, capsys):
    base = ["--catalog", str(catalog_path), "agencies"]
    assert cli_main([*base, "add", "The Harbor Gazette", "--alias", "Harbor Gazette"]) == 0
    assert cli_main([*base, "add", "harbor gazette", "--alias", "HG"]) == 0  # an alias: same agency
    capsys.readouterr()
    assert cli_main([*base, "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)["agencies"]
    assert listed == [{"name": "The Harbor Gazette", "aliases": ["Harbor Gazette", "HG"], "house": True}]
    assert cli_main([*base, "add", "REUTERS"]) == 2  # bundled already
    assert "already in the bundled registry" in capsys.readouterr().err
    assert cli_main([*base, "remove", "Metro Daily"]) == 2
    assert cli_main([*base, "remove", "the harbor gazette"]) == 0
    capsys.readouterr()
    assert cli_main(base) == 0
    assert "no agencies of this catalog's own" in capsys.readouterr().out


def test_check_stops_flagging_staff_credits_after_agencies_add(catalog_path, capsys):
    from app.catalog import Catalog

    with Catalog.open(catalog_path) as cat:
        staff_item(cat)
    base = ["--catalog", str(catalog_path)]
    cli_main([*base, "check", "--format", "json"])
    before = json.loads(capsys.readouterr().out)
    assert [f["rule"] for f in before["items"][0]["findings"]] == ["unknown-agency"]
    cli_main([*base, "agencies", "add", "The Harbor Gazette", "--alias", "Harbor Gazette"])
    capsys.readouterr()
    cli_main([*base, "check", "--format", "json"])
    after = json.loads(capsys.readouterr().out)
    assert after["items"][0]["findings"] == []
    assert after["items"][0]["credits"][0]["agencies"] == ["The Harbor Gazette"]


def test_parse_credit_knows_the_catalogs_agencies_and_never_creates_a_catalog(catalog_path, capsys):
    base = ["--catalog", str(catalog_path)]
    assert cli_main([*base, "parse-credit", "(Greg Roe/Harbor Gazette)"]) == 0
    assert json.loads(capsys.readouterr().out)["credits"][0]["agencies"] == ["Harbor Gazette"]
    assert not catalog_path.exists()  # a parse does not make a catalog
    cli_main([*base, "agencies", "add", "The Harbor Gazette", "--alias", "Harbor Gazette"])
    capsys.readouterr()
    assert cli_main([*base, "parse-credit", "(Greg Roe/Harbor Gazette)"]) == 0
    assert json.loads(capsys.readouterr().out)["credits"][0]["agencies"] == ["The Harbor Gazette"]
