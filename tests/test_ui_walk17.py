"""The seventeenth walk: a German regional desk and its pipeline gate (Xvfb, /tmp/walk17)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from tests.uisession import wait_idle  # noqa: E402
from ui.sidebar import Sidebar  # noqa: E402


def test_a_gallery_count_is_written_as_the_library_counts_are(qtbot, catalog):
    """The walk: two gate runs put 4,000 photos in each of two galleries; the sidebar said
    "All photos 4,000" and, under it, "Big A 4000" (its tooltip "4000 photos")."""
    gal = catalog.create_gallery("Big A")
    catalog.add_caption_items(({"caption": f"Caption {n}. Foto: Jörg Weiß/dpa"} for n in range(1234)), gallery_id=gal.id)
    bar = Sidebar(catalog)
    qtbot.addWidget(bar)
    bar.reload_galleries()
    bar.refresh_counts()
    entry = bar.gallery_entry(gal.id)
    qtbot.waitUntil(lambda: bar.counts().get("all") == 1234)
    assert entry.text(1).split()[0] == "1,234"
    assert "1,234 photos" in entry.toolTip(0)
    library = [bar.topLevelItem(0).child(j).text(1) for j in range(bar.topLevelItem(0).childCount())]
    assert "1,234" in library  # the library's own count, the form the gallery's now follows


def test_a_gallery_count_begun_earlier_and_landing_later_is_not_shown(qtbot, catalog, monkeypatch):
    """race38: the galleries' counts run side by side on the task runner: one begun before an
    import's batch, landing after the count that followed it, put the older number back."""
    import threading

    from ui.tasks import TaskRunner

    gal = catalog.create_gallery("Big A")
    catalog.add_caption_items(({"caption": f"Caption {n}."} for n in range(3)), gallery_id=gal.id)
    runner = TaskRunner()
    bar = Sidebar(catalog, runner)
    qtbot.addWidget(bar)
    bar.reload_galleries()
    entered, gate, real, main = threading.Event(), threading.Event(), catalog.galleries, threading.current_thread()

    def held():
        galleries = real()
        if threading.current_thread() is not main and not entered.is_set():
            entered.set()  # the first count read 3 photos, and waits
            assert gate.wait(60)
        return galleries

    monkeypatch.setattr(catalog, "galleries", held)
    bar.refresh_gallery_counts()
    qtbot.waitUntil(entered.is_set, timeout=10000)
    catalog.add_caption_items(({"caption": f"Caption {n}."} for n in range(3, 5)), gallery_id=gal.id)
    bar.refresh_gallery_counts()
    entry = bar.gallery_entry(gal.id)
    qtbot.waitUntil(lambda: entry.text(1).split()[0] == "5", timeout=10000)
    gate.set()
    wait_idle(qtbot, runner)
    assert entry.text(1).split()[0] == "5" and "5 photos" in entry.toolTip(0)


# A dpa caption as the Süddeutsche Zeitung published it (the walk's Dresden photo):
# https://www.sueddeutsche.de/politik/pegida-demo-in-dresden-poebelnder-lka-mitarbeiter-verlaesst-polizeidienst-1.4110464
DRESDEN = ("24.08.2018, Sachsen, Dresden: Ein Graffiti mit der Aufschrift 'Pegizei' ist an einer Hauswand in der "
           "Dresdner Neustadt zu sehen. Thematisiert ist der umstrittene Polizeieinsatz gegen ein ZDF-Team am Rande "
           "einer Pegida-Demonstration gegen den Besuch von Kanzlerin Merkel. Foto: Robert Michael/dpa")


def test_a_caption_the_spelling_rule_takes_to_be_german_is_not_underlined_word_by_word(session, inspector, qtbot):
    """The walk: the findings said "spelling not checked: 24 of 40 words are in no English
    dictionary (in another language?)" under a dpa caption while the inspector drew a red line
    under "Graffiti", "Aufschrift", "Hauswand" and twenty more of its words."""
    from app import spelling  # noqa: PLC0415
    from tests.uisession import add_caption_items  # noqa: PLC0415
    from ui.text_tools import SPELL_COLOR, spell_service  # noqa: PLC0415

    if spelling.available() is not None:
        pytest.skip("chunspell is not installed")
    service = spell_service(session)
    ids = add_caption_items(session, {"caption": DRESDEN}, {"caption": "Firefigters work near the harbour in Lisbon."})
    session.set_current(ids[:1])
    qtbot.waitUntil(lambda: service.ready, timeout=10000)
    from app.validation import check_items  # noqa: PLC0415

    check_items(session.catalog, ids[:1])
    assert any(f.message.startswith("spelling not checked") for f in session.catalog.findings([ids[0]])[ids[0]])
    marks = inspector.spell_marks["caption"]
    marks.recheck()
    assert marks.marks() == []
    block = inspector.editors["caption"].editor.document().firstBlock()
    assert not [r for r in block.layout().formats() if r.format.underlineColor().name() == SPELL_COLOR]
    session.set_current(ids[1:])  # an English caption keeps its underline
    qtbot.waitUntil(lambda: [w for _s, _e, w in marks.marks()] == ["Firefigters"], timeout=5000)


def test_a_photo_named_in_latin1_bytes_is_decoded_for_its_tile_and_preview(tmp_path):
    """The walk: the gate imported 'Straße-München.jpg' (Latin-1 bytes) with --no-thumbnails, and
    the app, which then decodes the file itself, drew a blank tile and said "Preview unavailable:
    the file is missing or unreadable" for a file that is neither (Xvfb, /tmp/walk17/48.png)."""
    import os  # noqa: PLC0415

    from tests.imagefactory import make_photo  # noqa: PLC0415
    from ui.inspector import _read_preview  # noqa: PLC0415
    from ui.models import load_thumbnail_image  # noqa: PLC0415

    class Ctx:
        def check(self) -> None:
            pass

    path = os.fsdecode(os.fsencode(str(tmp_path)) + b"/Stra\xdfe-M\xfcnchen.jpg")
    make_photo(path, fields={"caption": "Eine Straßenbahn in München. Foto: Sven Hoppe/dpa"})
    tile = load_thumbnail_image(path, None, 256)
    assert not tile.isNull() and max(tile.width(), tile.height()) == 256
    preview = _read_preview(Ctx(), path, None)
    assert preview is not None and not preview.isNull()
