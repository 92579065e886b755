"""The rule registry: every rule is complete, its example fires, the docs page is current."""

from __future__ import annotations

import datetime as dt

import pytest

from app.model import Item, Severity
from app.rules import RULES, check_item, make_context
from app.rules.base import RULE_ID
from app.rules.docs import DOC_PATH, render, run_example

REQUIRED = """missing-credit malformed-credit credit-directive conflicting-credits duplicate-credit
missing-photographer unknown-agency credit-metadata-mismatch iim-too-long weekday-mismatch date-mismatch
file-photo-unmarked doubled-word month-style name-variant restriction missing-caption missing-date
missing-location html-entity mojibake stray-whitespace""".split()


def test_every_required_rule_is_registered():
    missing = sorted(set(REQUIRED) - set(RULES))
    assert not missing, f"rules not registered: {missing}"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_complete(rule_id):
    r = RULES[rule_id]
    assert RULE_ID.match(r.id)
    assert isinstance(r.severity, Severity)
    assert r.title and r.description and len(r.description) > 40
    assert r.example.fields, "a rule needs an example"
    assert (r.check is None) != (r.check_gallery is None)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_example_triggers_its_rule(rule_id):
    found = run_example(RULES[rule_id])
    assert found, f"the example of {rule_id} does not trigger it"
    caption = RULES[rule_id].example.fields.get("caption", "")
    for f in found:
        assert f.message
        if f.start is not None and f.field == "caption":
            assert 0 <= f.start <= f.end <= len(caption)


def test_docs_page_is_current_and_lists_every_rule():
    text = DOC_PATH.read_text(encoding="utf-8")
    assert text == render(), "docs/rules.md is stale: run `python -m app.rules.docs`"
    for rule_id in RULES:
        assert f"### {rule_id}\n" in text


def _item(caption: str, **fields) -> Item:
    return Item(id=7, path=None, kind="caption", fields={"caption": caption, **fields})


def test_catalog_config_disables_a_rule_and_changes_a_severity():
    item = _item("Fans cheer in Chicago, Monday, Nov. 18, 2014, near the the lake. (AP Photo/Ines Varga)")
    plain = {f.rule: f.severity for f in check_item(item, make_context())}
    assert plain["weekday-mismatch"] is Severity.ERROR and plain["doubled-word"] is Severity.WARNING
    ctx = make_context(config={"doubled-word": {"enabled": False}, "weekday-mismatch": {"severity": "info"}})
    configured = {f.rule: f.severity for f in check_item(item, ctx)}
    assert "doubled-word" not in configured
    assert configured["weekday-mismatch"] is Severity.INFO


def test_bad_severity_in_settings_keeps_the_default():
    item = _item("Fans cheer in Chicago, Monday, Nov. 18, 2014. (AP Photo/Ines Varga)")
    ctx = make_context(config={"weekday-mismatch": {"severity": "fatal"}})
    assert [f.severity for f in check_item(item, ctx) if f.rule == "weekday-mismatch"] == [Severity.ERROR]


def test_findings_carry_the_item_id_and_most_severe_come_first():
    item = _item("TOPSHOT - Fans cheer in Chicago, Monday, Sep. 8, 2014. (AP Photo/Ines Varga)")
    found = check_item(item, make_context(publish_date=dt.date(2026, 1, 1)))
    assert found and all(f.item_id == 7 for f in found)
    ranks = [f.severity.rank for f in found]
    assert ranks == sorted(ranks, reverse=True)
