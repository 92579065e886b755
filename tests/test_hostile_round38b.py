"""The slow paths hostile38 left open (hostile38b): the work grows linearly with the input.

As in test_hostile_round38.py: bounded, not timed. Python-level calls counted at n and 2n stay under
2.5x, or a direct assertion on what made the work quadratic (a pattern's start positions).
"""

from __future__ import annotations

import sys

from app.credits import parse_credits
from tests.hostile import python_calls as _calls


def test_the_address_search_starts_only_where_a_run_starts():
    # "." x 16,000 then a name: the search for a reporter's address tried from each full stop and ran to the end
    # (0.3 s in check_item, x4 a doubling); it starts only where a run of an address's characters starts now
    from app.credits import _EMAIL, _EMAIL_IN_TEXT, unplaced_credit  # noqa: PLC0415

    assert _EMAIL_IN_TEXT.match("." * 50, 1) is None
    assert _EMAIL_IN_TEXT.match("ab.cd@x.org", 1) is None
    for text in ("Text. ab.cd@x.org", "a-b@c.de, x.y@z.com", "..a@b.c", "no address @ here.", "x@y"):
        found = _EMAIL.search(text)
        m = _EMAIL_IN_TEXT.search(text)
        assert (m and m.span()) == (found and found.span()), text
    assert unplaced_credit("Warga berjalan. budi.s@antaranews.com") == (16, 37)


def test_many_leadin_credits_read_linearly():
    # "Foto: Anna Berg." x n: each credit asked whether its span was free of every credit taken before it
    # (2.8 s in parse_credits, x3.7 a doubling); the taken spans are kept in order and asked by bisection now
    def text(n: int) -> str:
        return "Foto: Anna Berg. " * n

    parse_credits(text(5))
    small, large = _calls(parse_credits, text(300)), _calls(parse_credits, text(600))
    assert large < 2.5 * small, (small, large)
    assert [c.photographers for c in parse_credits(text(3))] == [["Anna Berg"]] * 3


def test_a_long_run_of_capitalised_words_joins_a_bounded_number_of_tails():
    # "Caption. Abc Def/Abc Def/…": one run of n capitalised words, whose last n-1, n-2 … 2 words were each joined
    # and looked up as a place's name (n² characters; 8,000 links 0.9 s in check_item); no name has more words
    # than the gazetteer's longest, so the joins stop there: as many at 2n words as at n
    from app.rules.presence import _WORD, _gazetteer, _run_is_place  # noqa: PLC0415

    names, strong = _gazetteer()

    def joins(n: int) -> int:
        text = "Caption. " + "/".join(["Abc Def"] * n)
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        count = 0

        def hook(_frame, event, arg):
            nonlocal count
            if event == "c_call" and getattr(arg, "__name__", "") == "join":
                count += 1

        sys.setprofile(hook)
        try:
            assert _run_is_place(text, words, 1, len(words), names, strong) is False
        finally:
            sys.setprofile(None)
        return count

    assert joins(400) == joins(200)


def test_a_catalog_path_with_a_nul_is_a_usage_error_of_provenance(tmp_path, capsys):
    # `creditline provenance ID` read the item's path as it stood in the catalog: a NUL in it (a catalog another
    # program wrote) raised ValueError out of the command, a traceback; it is "no such file" now. import, list,
    # check, export (csv, pdf, html, json, text) and catalog check ran on such a path; write and reconcile count
    # the file as failed
    import sqlite3  # noqa: PLC0415

    from app.catalog import Catalog  # noqa: PLC0415
    from app.cli import main  # noqa: PLC0415
    from app.importer import import_paths  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    photo = make_photo(tmp_path / "a.jpg", fields={"caption": "A caption. AP Photo/Jane Roe"})
    cat = Catalog.open(tmp_path / "c.sqlite")
    item_id = import_paths(cat, [photo], jobs=1, thumbnails=False).item_ids[0]
    cat.close()
    db = sqlite3.connect(tmp_path / "c.sqlite")
    db.execute("UPDATE items SET path = ? WHERE id = ?", (str(tmp_path / "a\x00.jpg"), item_id))
    db.commit()
    db.close()
    assert main(["--catalog", str(tmp_path / "c.sqlite"), "provenance", str(item_id)]) == 2
    assert "no such file (embedded null byte)" in capsys.readouterr().err


def test_a_catalog_path_with_a_nul_is_no_such_file_to_write(tmp_path, capsys):
    # hostile38b's note: `write` counted such a file as failed with "unexpected error: ValueError: embedded null
    # byte", as if Creditline had crashed; it says what is wrong with the path now, and the edit stays pending
    import sqlite3  # noqa: PLC0415

    from app.catalog import Catalog  # noqa: PLC0415
    from app.cli import main  # noqa: PLC0415
    from app.importer import import_paths  # noqa: PLC0415
    from tests.imagefactory import make_photo  # noqa: PLC0415

    photo = make_photo(tmp_path / "a.jpg", fields={"caption": "A caption. AP Photo/Jane Roe"})
    cat = Catalog.open(tmp_path / "c.sqlite")
    item_id = import_paths(cat, [photo], jobs=1, thumbnails=False).item_ids[0]
    cat.close()
    gate = str(tmp_path / "c.sqlite")
    assert main(["--catalog", gate, "set", str(item_id), "caption=A new caption. AP Photo/Jane Roe"]) == 0
    db = sqlite3.connect(gate)
    db.execute("UPDATE items SET path = ? WHERE id = ?", (str(tmp_path / "a\x00.jpg"), item_id))
    db.commit()
    db.close()
    capsys.readouterr()
    assert main(["--catalog", gate, "write"]) != 0
    said = capsys.readouterr()
    text = said.out + said.err
    assert "holds a NUL character" in text and "unexpected error" not in text, text
    cat = Catalog.open(gate)
    try:
        assert cat.item(item_id).fields["caption"] == "A new caption. AP Photo/Jane Roe"
    finally:
        cat.close()
