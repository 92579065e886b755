"""The seventeenth walk's German desk searches its photos as it spells: "ss" and "ß" alike."""

from __future__ import annotations

from app.catalog import spellings
from app.model import EmbeddedField, FileFacts, ReadResult


def test_a_search_finds_either_german_spelling_of_ss(catalog):
    """The walk: "weiss" found nothing in a gallery where the staff photographer is Jörg Weiß,
    nor "strassenkunst" the photo Dresden-Straßenkunst.jpg (Swiss German writes no ß; "görlitz"
    already found "Görlitz": the index folds case and accents, not ß)."""
    weiss, strasse, other = catalog.add_caption_items([
        {"caption": "Der Weihnachtsmarkt auf dem Görlitzer Untermarkt. Foto: Jörg Weiß", "city": "Görlitz"},
        {"caption": "Eine Tram in der Bahnhofstrasse in Zürich. Foto: KEYSTONE/Ennio Leanza"},
        {"caption": "Ein Schloss am Rhein. Foto: Thomas Frey/dpa"},
    ])
    assert catalog.item_ids(search="weiss") == [weiss]
    assert catalog.item_ids(search="WEISS") == [weiss]
    assert catalog.item_ids(search="Weiß") == [weiss]
    assert catalog.item_ids(search="bahnhofstraße") == [strasse]
    assert catalog.item_ids(search="Bahnhofstr") == [strasse]
    assert catalog.item_ids(search="schloss") == [other]  # a word spelt "ss" still finds itself
    assert catalog.item_ids(search="görlitz weiss") == [weiss]
    assert spellings("Porto") == ["Porto"]
    caption = "24.08.2018, Sachsen, Dresden: Ein Graffiti an einer Hauswand. Foto: Robert Michael/dpa"
    facts = FileFacts(path="/nacht/Dresden-Straßenkunst.jpg", size=10, mtime_ns=1, content_hash="ab" * 32, format="JPEG")
    named = catalog.apply_read(ReadResult(facts=facts, fields={"caption": EmbeddedField("caption", caption, "xmp",
                                                                                      {"xmp": caption})}), None).item_id
    assert catalog.item_ids(search="strassenkunst") == [named]  # the file name's trigram index too
