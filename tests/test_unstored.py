"""app.unstored: a read-only catalog's stale items, checked now, their findings kept in memory and
seen by every read that shows findings or status; nothing reaches the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.catalog import Catalog, CatalogReadOnly
from app.unstored import UnstoredChecks
from app.validation import refresh_findings

WEEKDAY = "Floods in Porto, Portugal, Monday, March 11, 2026. REUTERS/Ana Costa"
CLEAN = "Floods in Porto, Portugal, March 10, 2026. REUTERS/Ana Costa"


@pytest.fixture
def read_only(tmp_path: Path):
    """Four caption items: two checked and stored (one clean, one with a wrong weekday), two
    never checked (the same pair); opened as a read-only catalog, wrapped."""
    path = tmp_path / "c.sqlite"
    fields = {"headline": "Floods", "source": "Reuters", "creators": ["Ana Costa"]}
    with Catalog.open(path) as cat:
        ids = [cat.add_caption_item({**fields, "caption": c}) for c in (CLEAN, WEEKDAY, CLEAN, WEEKDAY)]
        refresh_findings(cat, ids[:2])
    cat = Catalog(path, read_only="no write permission on the file")
    try:
        yield cat, UnstoredChecks(cat), ids
    finally:
        cat.close()


def test_stale_items_checked_on_a_read_only_catalog_are_seen_everywhere_and_stored_nowhere(read_only):
    cat, shown, (clean, wrong, new_clean, new_wrong) = read_only
    with pytest.raises(CatalogReadOnly):
        refresh_findings(cat, [new_wrong])  # the catalog itself: refused, as before
    before = cat.status_counts([clean, wrong, new_clean, new_wrong])
    assert before["clean"] == 3 and before["error"] == 1  # the two never checked count as clean
    assert shown.stale_item_ids() == [new_clean, new_wrong]

    found = refresh_findings(shown, shown.stale_item_ids())
    assert "weekday-mismatch" in {f.rule for f in found[new_wrong]}
    assert shown.stale_item_ids() == []
    assert shown.item(new_wrong).status == "error"
    assert [it.status for it in shown.items([new_clean, new_wrong], details=False)] == \
        [cat.item(clean).status, "error"]
    assert [it.status for it in shown.iter_items([new_wrong])] == ["error"]
    assert shown.findings([new_wrong])[new_wrong] == found[new_wrong]
    assert shown.finding_counts([new_wrong]).get("error", 0) == cat.finding_counts([wrong]).get("error", 0)
    counts = shown.status_counts([clean, wrong, new_clean, new_wrong])
    assert counts["error"] == 2 and counts["clean"] + counts["info"] + counts["warning"] == 2
    assert shown.item_ids(status="error") == [wrong, new_wrong]
    assert new_wrong not in shown.item_ids(status="clean") and new_clean in shown.item_ids(status="clean")
    assert shown.item_ids(status="error", sort="id", descending=True) == [new_wrong, wrong]
    assert shown.item_ids() == cat.item_ids()
    with pytest.raises(ValueError):
        shown.item_ids(status="purple")
    # The file holds what it held.
    assert cat.stale_item_ids() == [new_clean, new_wrong]
    assert cat.item(new_wrong).status is None and cat.findings([new_wrong]) == {new_wrong: []}
