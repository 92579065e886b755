"""Metadata templates: variable expansion and the changes a template makes (no Qt)."""

from __future__ import annotations

import pytest

from app.model import FileFacts, Item
from app.templates import Template, expand, item_variables, template_changes, uses_variables


class FakeRegistry:
    """Only the one method templates use; the real registry has its own tests."""

    def canonical(self, name: str) -> str | None:
        return {"ap": "Associated Press", "reuters": "Reuters"}.get(name.strip().lower())


def make_item(item_id: int, **fields) -> Item:
    return Item(id=item_id, path=None, kind="photo", fields=dict(fields))


def test_expand_replaces_known_variables_and_keeps_unknown_ones() -> None:
    out = expand("{photographer}/{agency} in {city} {nope} {{x}}", {
        "photographer": "Jane Doe", "agency": "Reuters", "city": "Paris", "date": ""})
    assert out == "Jane Doe/Reuters in Paris {nope} {x}"


def test_uses_variables() -> None:
    assert uses_variables("REUTERS/{photographer}")
    assert uses_variables(["a", "{city}"])
    assert not uses_variables("plain {unknown} text")


def test_item_variables_use_registry_date_and_capture_fallback() -> None:
    v = item_variables({"creators": ["Jane Doe", "John Roe"], "source": "AP", "city": "Lyon"},
                       facts_date="2024-04-13T14:05:09", registry=FakeRegistry())
    assert v == {"photographer": "Jane Doe and John Roe", "agency": "Associated Press",
                 "date": "2024-04-13", "city": "Lyon"}
    # The date created wins over the capture time; an unknown agency is kept as written.
    v = item_variables({"date_created": "2023-01-02T10:00:00", "credit_line": "Tiny Agency"},
                       facts_date="2024-04-13T14:05:09", registry=FakeRegistry())
    assert v["date"] == "2023-01-02" and v["agency"] == "Tiny Agency"


def test_template_changes_expand_per_item_and_only_ticked_fields() -> None:
    t = Template("Reuters take", values={"source": "Reuters", "credit_line": "REUTERS/{photographer}",
                                         "city": "Ignored because unticked"},
                 enabled=["credit_line", "source"])
    a = make_item(1, creators=["Jane Doe"], source="AFP", city="Oslo")
    b = make_item(2, creators=["John Roe"], source="Reuters", credit_line="REUTERS/John Roe")
    c = make_item(3, creators=[], source="")
    changes = template_changes(t, [a, b, c], FakeRegistry())
    # b already matches: nothing to write for it.
    assert changes == {
        1: {"credit_line": "REUTERS/Jane Doe", "source": "Reuters"},
        3: {"credit_line": "REUTERS/", "source": "Reuters"},
    }


def test_template_literal_values_feed_variables() -> None:
    t = Template("AP", values={"source": "AP", "copyright": "{agency} {date}"}, enabled=["source", "copyright"])
    item = make_item(7, source="Reuters", date_created="2024-05-01")
    changes = template_changes(t, [item], FakeRegistry())
    assert changes == {7: {"source": "AP", "copyright": "Associated Press 2024-05-01"}}


def test_template_list_fields_are_normalised_and_expanded() -> None:
    t = Template("kw", values={"keywords": ["news", "{city}"], "creators": "Pool; {photographer}"},
                 enabled=["keywords", "creators"])
    item = make_item(1, city="Rome", creators=["Ann Bee"], keywords=["old"])
    item.facts = FileFacts(path="x.jpg", size=1, mtime_ns=1, content_hash="h", format="JPEG")
    changes = template_changes(t, [item])
    assert changes == {1: {"keywords": ["news", "Rome"], "creators": ["Pool", "Ann Bee"]}}


def test_template_json_round_trip_and_field_order() -> None:
    t = Template("x", values={"city": "Paris", "headline": "H"}, enabled=["city", "headline"])
    assert t.enabled == ["headline", "city"]  # the field table's order
    assert Template.from_json(t.to_json()) == t


def test_template_rejects_unknown_fields() -> None:
    with pytest.raises(ValueError, match="unknown fields: colour"):
        Template("bad", values={"colour": "red"}, enabled=["colour"])
