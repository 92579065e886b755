"""A credit sheet of a read-only catalog (locked with ``chmod a-w``, on a read-only share, on a
full disk): its stale items are checked for the sheet and its gate, not stored. Before, the
export re-checked them to store the findings and stopped: "is read-only ...: it can be listed,
shown and checked, not changed", though exporting changes nothing in the catalog."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.catalog import Catalog
from app.cli import main
from app.validation import refresh_findings

WEEKDAY = ("Groundsmen inspect the waterlogged pitch in Guimaraes, Portugal, Monday, March 11, 2026, "
           "before the derby was postponed. REUTERS/Sofia Lacerda")
CLEAN = "Volunteers fill sandbags in Porto, Portugal, March 10, 2026. REUTERS/Ana Costa"


@pytest.fixture
def locked(tmp_path: Path):
    """A gallery of two items checked and stored and one (the wrong weekday) never checked;
    the catalog file and its folder locked. Yields the catalog's path and the stale item's id."""
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "catalog.sqlite"
    with Catalog.open(path) as cat:
        fields = {"headline": "Derby postponed", "source": "Reuters", "creators": ["Sofia Lacerda"]}
        checked = [cat.add_caption_item({**fields, "caption": CLEAN}) for _ in range(2)]
        stale = cat.add_caption_item({**fields, "caption": WEEKDAY})
        gallery = cat.create_gallery("Storm")
        cat.add_to_gallery(gallery.id, [*checked, stale])
        refresh_findings(cat, checked)
        assert cat.stale_item_ids() == [stale] and cat.item(stale).status is None
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield path, stale
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


def test_a_read_only_catalog_exports_with_its_stale_items_checked_not_stored(locked, tmp_path, capsys):
    path, stale = locked
    out = tmp_path / "sheet.csv"
    base = ["--catalog", str(path), "export", "--gallery", "Storm", "--format", "csv", "-o", str(out)]
    # The gate sees the error the catalog does not hold (the item was never checked).
    assert main(base) == 1
    err = capsys.readouterr().err
    assert "1 item in error (photo 3)" in err and "read-only" not in err, err
    assert main([*base, "--force"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["Status"] for r in rows][2] == "ERROR" and "Wednesday, not a Monday" in rows[2]["Findings"]
    with Catalog.open(path) as cat:  # nothing stored: the catalog is as it was
        assert cat.read_only is not None and cat.stale_item_ids() == [stale]
        assert cat.item(stale).status is None
