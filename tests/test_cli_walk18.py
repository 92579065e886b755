"""The eighteenth walk (a US sports desk on deadline) on the command line."""

from __future__ import annotations

import pytest

from app.catalog import Catalog
from app.cli import main


@pytest.fixture
def game(catalog_path):
    cat = Catalog.open(catalog_path)
    g = cat.create_gallery("Herons vs. Lakeview")
    ids = [cat.add_caption_item({"headline": h, "caption": f"{h}. (AP Photo/Julio Cortez)"})
           for h in ("Bell throws", "Ruiz scores", "Coach reacts", "Fans cheer", "Herons celebrate")]
    cat.add_to_gallery(g.id, ids)
    cat.close()
    return str(catalog_path), ids


def order(path: str) -> list[int]:
    cat = Catalog.open(path)
    try:
        return cat.gallery_item_ids(cat.gallery("Herons vs. Lakeview").id)
    finally:
        cat.close()


def test_move_puts_a_gallery_s_photos_where_the_desk_wants_them(game, capsys):
    """The walk ordered the gallery in the app (Alt+Home on the celebration) and could not on the
    command line: no command changed a gallery's order."""
    path, (a, b, c, d, e) = game
    assert main(["--catalog", path, "move", "--gallery", "Herons vs. Lakeview", "5", "--to", "1"]) == 0
    assert order(path) == [e, a, b, c, d]
    assert capsys.readouterr().out.splitlines() == [f"#{e}  Herons celebrate: 5 -> 1"]
    # Several, in the order given, as a block; a position past the end is the end.
    assert main(["--catalog", path, "move", "Herons vs. Lakeview#2", f"#{c}", "--to", "99"]) == 0
    assert order(path) == [e, b, d, a, c]
    assert main(["--catalog", path, "move", "--gallery", "Herons vs. Lakeview", "4", "--to", "2"]) == 0
    assert order(path) == [e, a, b, d, c]


def test_move_refuses_what_the_gallery_does_not_hold(game, capsys):
    path, ids = game
    cat = Catalog.open(path)
    other = cat.add_caption_item({"caption": "Elsewhere. (AP Photo/Nick Wass)"})
    cat.close()
    assert main(["--catalog", path, "move", "--gallery", "Herons vs. Lakeview", f"#{other}", "--to", "1"]) == 2
    assert capsys.readouterr().err.strip() == f"creditline: no item with id {other} in gallery 'Herons vs. Lakeview'"
    with pytest.raises(SystemExit) as exited:  # argparse's own refusal
        main(["--catalog", path, "move", "--gallery", "Herons vs. Lakeview", "1", "--to", "0"])
    assert exited.value.code == 2 and "positions start at 1" in capsys.readouterr().err
    assert main(["--catalog", path, "move", f"#{ids[0]}", "--to", "1"]) == 2  # which gallery?
    assert "--gallery" in capsys.readouterr().err
    assert order(path) == ids
