"""ui.models: model contracts (qtmodeltester), paging with a bounded cache, reorder persisting.

qtmodeltester runs Qt's own C++ QAbstractItemModelTester (its default with PySide6): the
pure-Python tester (force_py=True) corrupts the refcount of True/False under PySide6 6.12
on Python 3.11 and the interpreter aborts at exit.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt  # noqa: E402

from app.model import Item  # noqa: E402
from ui.models import (  # noqa: E402
    COLUMN_INDEX,
    ItemGridModel,
    ItemsModel,
    ItemTableModel,
    PositionRole,
    StatusRole,
    gallery_index,
    ids_from_mime,
    ids_mime,
)


class CountingCatalog:
    """Just the reading side of the Catalog API, counting what the model asks for.

    The model must never ask for every row: these tests check the number and size
    of ``items`` calls, which a real catalog would hide.
    """

    def __init__(self, n: int) -> None:
        self.rows = {
            i: Item(id=i, path=None, kind="caption",
                    fields={"headline": f"Headline {i}", "caption": f"Caption number {i}. " * 20,
                            "creators": [f"Photographer {i % 7}"], "credit_line": "Wire Agency",
                            "source": "WIRE", "city": "Lisbon", "country": "Portugal",
                            "date_created": "2026-11-24"},
                    status=("error", "warning", None)[i % 3])
            for i in range(1, n + 1)
        }
        self.calls: list[list[int]] = []

    def items(self, ids, gallery=None, details=True):
        self.calls.append(list(ids))
        return [self.rows[i] for i in ids]


@pytest.mark.parametrize("cls", [ItemTableModel, ItemGridModel])
def test_models_pass_qtmodeltester(qtmodeltester, cls):
    cat = CountingCatalog(50)
    model = cls(cat)
    model.set_ids(list(cat.rows))
    qtmodeltester.check(model)


@pytest.mark.parametrize("cls", [ItemTableModel, ItemGridModel])
def test_empty_model_passes_qtmodeltester(qtmodeltester, cls):
    model = cls(CountingCatalog(0))
    qtmodeltester.check(model)


def test_rows_are_fetched_a_page_at_a_time_and_cache_is_bounded():
    cat = CountingCatalog(20_000)
    model = ItemTableModel(cat, cache_size=500)
    model.set_ids(list(cat.rows))
    assert cat.calls == []  # ids only until a row is shown
    assert model.rowCount() == 20_000
    head = model.index(0, COLUMN_INDEX["headline"])
    assert model.data(head) == "Headline 1"
    assert len(cat.calls) == 1 and len(cat.calls[0]) <= ItemsModel.PAGE
    for r in range(0, ItemsModel.PAGE - 10):  # the rest of the first screen comes from the same page
        model.data(model.index(r, COLUMN_INDEX["credit"]))
    assert len(cat.calls) == 1
    for r in range(0, 20_000, 37):  # scroll through everything
        model.data(model.index(r, COLUMN_INDEX["headline"]))
    assert model.cached_count() <= 500
    assert max(len(c) for c in cat.calls) <= ItemsModel.PAGE
    fetched = sum(len(c) for c in cat.calls)
    assert fetched < 2 * 20_000  # each row fetched about once, not once per paint


def test_table_columns_show_editorial_values():
    cat = CountingCatalog(3)
    model = ItemTableModel(cat)
    model.set_ids([3, 1, 2], gallery_id=9)

    def cell(row, name):
        return model.data(model.index(row, COLUMN_INDEX[name]))

    assert cell(0, "position") == "01" and cell(2, "position") == "03"
    assert cell(0, "headline") == "Headline 3"
    assert cell(0, "photographer") == "Photographer 3"
    assert cell(0, "location") == "Lisbon, Portugal"
    assert cell(0, "date") == "2026-11-24"
    # ids 3, 1, 2 -> error, warning, clean (the fake's status is id % 3)
    assert [cell(r, "status") for r in range(3)] == ["Errors", "Warnings", "Clean"]
    excerpt = cell(0, "caption")
    assert excerpt.startswith("Caption number 3.") and excerpt.endswith("…") and len(excerpt) <= 140
    assert [model.data(model.index(r, 0), StatusRole) for r in range(3)] == ["error", "warning", "clean"]


def test_grid_roles():
    cat = CountingCatalog(12)
    grid = ItemGridModel(cat)
    grid.set_ids(list(cat.rows), gallery_id=1)
    idx = grid.index(10, 0)
    assert grid.data(idx) == "Headline 11"
    assert grid.data(idx, PositionRole) == 11
    assert grid.data(idx, StatusRole) == "clean"  # 11 % 3 == 2: no findings
    assert grid.data(grid.index(8, 0), StatusRole) == "error"  # id 9
    library = ItemGridModel(cat)
    library.set_ids(list(cat.rows))
    assert library.data(library.index(0, 0), PositionRole) is None  # no position outside a gallery


def test_a_caption_only_tile_is_named_by_its_caption_when_it_has_no_headline():
    """The eleventh walk: a published page imported with `import-text` showed three tiles each
    named "(caption only)"; a desk tells them apart by their captions."""
    from ui.models import headline_text  # noqa: PLC0415

    def named(fields: dict) -> str:
        return headline_text(Item(id=1, path=None, kind="caption", fields=fields))

    caption = "A nurse rests between shifts at a clinic in Pune, India, after a night of admissions."
    assert named({"caption": caption}) == caption[:59].rstrip() + "…"
    assert named({"caption": "Fishermen mend nets in Izmir."}) == "Fishermen mend nets in Izmir."
    assert named({"headline": "Nurses rest", "caption": caption}) == "Nurses rest"
    assert named({"caption": "  "}) == "(caption only)"
    assert headline_text(Item(id=2, path="/p/a.jpg", kind="photo", fields={"caption": caption})) == "a.jpg"


def test_refresh_items_drops_cache_and_signals_rows(qtbot):
    cat = CountingCatalog(10)
    model = ItemTableModel(cat)
    model.set_ids(list(cat.rows))
    assert model.data(model.index(4, COLUMN_INDEX["headline"])) == "Headline 5"
    old = cat.rows[5]
    cat.rows[5] = Item(id=5, path=None, kind="caption", fields={**old.fields, "headline": "Corrected headline"})
    assert model.data(model.index(4, COLUMN_INDEX["headline"])) == "Headline 5"  # cached
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.refresh_items([5])
    assert blocker.args[0].row() == 4 and blocker.args[1].row() == 4
    assert model.data(model.index(4, COLUMN_INDEX["headline"])) == "Corrected headline"


def test_mime_round_trip_and_gallery_index():
    assert ids_from_mime(ids_mime([4, 2, 9])) == [4, 2, 9]
    # move [2] before row 0 of [1,2,3,4] -> index 0; move [1] before row 3 -> lands at index 2
    assert gallery_index([1, 2, 3, 4], [2], 0) == 0
    assert gallery_index([1, 2, 3, 4], [1], 3) == 2
    assert gallery_index([1, 2, 3, 4], [1, 3], 4) == 2


def test_library_model_refuses_reorder():
    cat = CountingCatalog(5)
    model = ItemTableModel(cat)
    model.set_ids(list(cat.rows))
    assert not model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    assert not model.dropMimeData(ids_mime([1]), Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert model.ids() == [1, 2, 3, 4, 5]


# --- with the real catalog ------------------------------------------------------------------

@pytest.fixture
def gallery_catalog(catalog_path):
    from app.catalog import Catalog

    cat = Catalog.open(catalog_path)
    ids = [cat.add_caption_item({"headline": f"Photo {n}", "caption": f"Caption {n}."}) for n in range(1, 7)]
    gal = cat.create_gallery("Storm", "Storm over the coast")
    cat.add_to_gallery(gal.id, ids)
    yield cat, gal, ids
    cat.close()


def _gallery_model(cat, gal, cls=ItemTableModel):
    model = cls(cat)
    model.set_ids(cat.gallery_item_ids(gal.id), gallery_id=gal.id, reorderable=True)
    return model


def test_real_catalog_model_passes_qtmodeltester(qtmodeltester, gallery_catalog):
    cat, gal, ids = gallery_catalog
    qtmodeltester.check(_gallery_model(cat, gal))
    qtmodeltester.check(_gallery_model(cat, gal, ItemGridModel))


def test_move_rows_persists_in_catalog(qtbot, gallery_catalog):
    cat, gal, ids = gallery_catalog
    model = _gallery_model(cat, gal, ItemGridModel)
    with qtbot.waitSignal(model.rowsMoved):
        assert model.moveRows(QModelIndex(), 0, 2, QModelIndex(), 5)  # first two before the sixth
    expected = [ids[2], ids[3], ids[4], ids[0], ids[1], ids[5]]
    assert model.ids() == expected
    assert cat.gallery_item_ids(gal.id) == expected
    assert [model.data(model.index(r, 0), PositionRole) for r in range(6)] == [1, 2, 3, 4, 5, 6]
    assert model.data(model.index(3, 0)) == "Photo 1"
    # moving onto itself is refused, as Qt requires
    assert not model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 2)


def test_drop_reorders_and_keeps_selection_on_same_items(qtbot, gallery_catalog):
    cat, gal, ids = gallery_catalog
    model = _gallery_model(cat, gal)
    sixth = QPersistentModelIndex(model.index(5, COLUMN_INDEX["headline"]))
    data = model.mimeData([model.index(5, 0)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    # False: the view must not delete "moved" source rows; the catalog already has the order.
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, QModelIndex()) is False
    expected = [ids[0], ids[5], ids[1], ids[2], ids[3], ids[4]]
    assert cat.gallery_item_ids(gal.id) == expected
    assert model.ids() == expected
    assert sixth.row() == 1 and model.data(model.index(sixth.row(), COLUMN_INDEX["headline"])) == "Photo 6"
    assert model.data(model.index(1, COLUMN_INDEX["position"])) == "02"


def test_drop_from_library_adds_to_gallery(gallery_catalog):
    cat, gal, ids = gallery_catalog
    extra = cat.add_caption_item({"headline": "Late arrival"})
    model = _gallery_model(cat, gal)
    model.dropMimeData(ids_mime([extra]), Qt.DropAction.CopyAction, 2, 0, QModelIndex())
    assert cat.gallery_item_ids(gal.id) == [ids[0], ids[1], extra, *ids[2:]]
    assert model.rowCount() == 7


def test_library_sort_goes_through_catalog(gallery_catalog):
    cat, gal, ids = gallery_catalog
    model = ItemTableModel(cat)
    model.sorter = lambda key, desc: cat.item_ids(sort=key, descending=desc)
    model.set_ids(cat.item_ids())
    model.sort(COLUMN_INDEX["headline"], Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, COLUMN_INDEX["headline"])) for r in range(6)] == [
        f"Photo {n}" for n in range(6, 0, -1)]


def test_thumbnail_loader_stops_without_waiting_and_drops_what_was_decoded_before(qtbot, tmp_path):
    import time  # noqa: PLC0415

    from PySide6.QtGui import QColor, QImage  # noqa: PLC0415

    from ui.models import ThumbnailLoader  # noqa: PLC0415

    photos = []
    for i in range(3):
        image = QImage(64, 48, QImage.Format.Format_RGB32)
        image.fill(QColor("#336699"))
        path = tmp_path / f"p{i}.png"
        assert image.save(str(path))
        photos.append(Item(id=i + 1, path=str(path), kind="photo", fields={}))
    loader = ThumbnailLoader(None, size=32)
    assert loader.pixmap(photos[0]) is None  # asked for: decoded in the background
    qtbot.waitUntil(lambda: loader.cached_count() == 1, timeout=5000)
    # The drain lingers for more requests; stopping does not wait for it to notice.
    started = time.monotonic()
    loader.stop()
    assert time.monotonic() - started < 0.1
    # Something decoded for the old generation (another catalog's ids) is never shown.
    loader._arrived((loader._generation - 1, 2, QImage(8, 8, QImage.Format.Format_RGB32)))
    assert loader.cached_count() == 1
    loader.set_dir(None)  # another catalog: the cache is emptied
    assert loader.cached_count() == 0
    for photo in photos[1:]:  # requests after a stop are served
        loader.pixmap(photo)
    qtbot.waitUntil(lambda: loader.cached_count() == 2 and loader.idle(), timeout=5000)
    loader.stop(wait_ms=1000)


def test_a_thumbnail_decoded_before_it_was_made_anew_is_not_shown_after_it(qtbot, tmp_path, monkeypatch):
    """race38: an import (or a re-read) makes a photo's thumbnail anew while its old one is being
    decoded for the grid: the paint after ``landed`` asked again, but the request was held back as
    already queued, and the old decode landed last and stayed in the cache."""
    import threading  # noqa: PLC0415

    from PySide6.QtGui import QImage  # noqa: PLC0415

    import ui.models as models  # noqa: PLC0415
    from ui.models import ThumbnailLoader  # noqa: PLC0415

    entered, gate, widths = threading.Event(), threading.Event(), iter([11, 22])

    def decode(path, thumb, size):
        width = next(widths)
        if width == 11:  # the old thumbnail, decoded slowly
            entered.set()
            assert gate.wait(60)
        return QImage(width, 8, QImage.Format.Format_RGB32)

    monkeypatch.setattr(models, "load_thumbnail_image", decode)
    loader = ThumbnailLoader(None, size=32)
    loader.SETTLE_S = 0.0
    old = Item(id=1, path=str(tmp_path / "p.jpg"), kind="photo", fields={}, thumb_key="old")
    assert loader.pixmap(old) is None
    qtbot.waitUntil(entered.is_set, timeout=5000)
    loader.landed([1])  # the import made its thumbnail anew
    new = Item(id=1, path=str(tmp_path / "p.jpg"), kind="photo", fields={}, thumb_key="new")
    assert loader.pixmap(new) is None  # the repaint asks for it
    gate.set()
    qtbot.waitUntil(loader.idle, timeout=5000)
    shown = loader.pixmap(new)
    assert shown is not None and shown.width() == 22
    loader.stop(wait_ms=1000)


def test_thumbnails_of_rows_scrolled_past_are_never_decoded(qtbot, tmp_path):
    """Page Down through the table: the rows passing by keep their placeholders and cost no
    decode; the page the scroll stops on fills in."""
    from PySide6.QtGui import QColor, QImage  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from ui.models import ThumbnailLoader  # noqa: PLC0415
    from ui.views import ItemTable  # noqa: PLC0415

    cat = CountingCatalog(300)
    for i, item in cat.rows.items():
        image = QImage(48, 32, QImage.Format.Format_RGB32)
        image.fill(QColor("#336699"))
        item.path, item.kind = str(tmp_path / f"p{i}.png"), "photo"
        assert image.save(item.path)
    loader = ThumbnailLoader(None, size=32)
    # Long enough that the scroll below is always faster, on however busy a machine.
    loader.SETTLE_S = 3.0
    loaded: list[int] = []
    loader.loaded.connect(loaded.append)
    model = ItemTableModel(cat, loader)
    model.set_ids(list(cat.rows))
    table = ItemTable()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(600, 12 * ItemTable.ROW_HEIGHT)
    table.show()
    qtbot.waitExposed(table)
    bar = table.verticalScrollBar()
    for _ in range(15):
        bar.setValue(bar.value() + bar.pageStep())
        QApplication.processEvents()
    first, last = table.rowAt(0), table.rowAt(table.viewport().height() - 1)
    assert first > 100 and last > first
    on_screen = set(model.ids_in(first, last))
    qtbot.waitUntil(lambda: on_screen <= set(loaded), timeout=15000)
    qtbot.waitUntil(loader.idle, timeout=5000)
    assert set(loaded) == on_screen  # nothing scrolled past was decoded
    loader.stop(wait_ms=1000)


def test_showing_a_row_in_the_table_never_scrolls_sideways(qtbot):
    """walk20: a click on a wide cell scrolled the table to it, carrying the "#" and file columns
    out of view. A row is selected whole: showing it scrolls up or down only."""
    from ui.views import ItemTable  # noqa: PLC0415

    cat = CountingCatalog(200)
    model = ItemTableModel(cat)
    model.set_ids(list(cat.rows))
    view = ItemTable()
    qtbot.addWidget(view)
    view.setModel(model)
    view.apply_default_widths()
    view.resize(320, 240)
    view.show()
    qtbot.waitExposed(view)
    assert view.horizontalScrollBar().maximum() > 0  # columns wider than the view
    far = model.index(150, model.columnCount() - 1)
    view.scrollTo(far)
    assert view.horizontalScrollBar().value() == 0
    assert view.verticalScrollBar().value() > 0  # the row itself came into view
    assert view.rowAt(view.visualRect(far).center().y()) == 150
