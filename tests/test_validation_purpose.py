"""The findings a rule context stores say what they were made for (the gallery's purpose: news,
web), so a view of a gallery of another purpose checks them again and `check --gallery` reuses
those made for it."""

from __future__ import annotations

from app import validation
from app.catalog import Catalog

AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
CAPTION = "A flooded street in Porto, Portugal, March 10, 2026. (AP Photo/Marta Quintela)"


def _ai_gallery(cat: Catalog, news: bool) -> tuple[int, list[int]]:
    g = cat.create_gallery("Floods")
    cat.set_gallery_flags(g.id, news=news, web=False)
    ids = cat.add_caption_items([{"caption": CAPTION, "digital_source_type": AI}, {"caption": CAPTION}], g.id)
    return g.id, ids


def _disclosure(cat: Catalog, item_id: int) -> list[str]:
    return [f.severity.value for f in cat.findings([item_id])[item_id] if f.rule == "ai-disclosure-missing"]


def _context(cat: Catalog, gallery_id: int | None):
    ctx = validation.context_for(cat)
    if gallery_id is not None:
        ctx.gallery.update(validation.gallery_purpose(cat.gallery(gallery_id)))
    return ctx


def test_findings_made_for_the_library_are_to_check_again_in_a_news_gallery(catalog):
    gid, ids = _ai_gallery(catalog, news=True)
    validation.refresh_findings(catalog, ids, ctx=_context(catalog, None))  # the library view's check
    assert _disclosure(catalog, ids[0]) == ["warning"]
    assert validation.ids_to_check(catalog, ids, _context(catalog, None)) == []
    news = _context(catalog, gid)
    assert validation.ids_to_check(catalog, ids, news) == ids  # made for the library, not for news
    validation.refresh_findings(catalog, ids, ctx=news)
    assert _disclosure(catalog, ids[0]) == ["error"]
    assert validation.ids_to_check(catalog, ids, news) == []
    # `check --gallery` finds what was stored, and reuses it: the record is of its fingerprint.
    report = validation.check_gallery(catalog, gid)
    assert report.reused == len(ids) and report.checked == 0
    assert report.findings == catalog.findings(ids)
    # An edit makes the item one to check again, whatever it was made for.
    catalog.set_fields(ids[1], {"caption": CAPTION + " Water rose overnight."})
    assert validation.ids_to_check(catalog, ids, news) == [ids[1]]


def test_a_gallery_for_neither_news_nor_the_web_shares_the_librarys_findings(catalog):
    gid, ids = _ai_gallery(catalog, news=False)
    validation.refresh_findings(catalog, ids, ctx=_context(catalog, None))
    assert validation.ids_to_check(catalog, ids, _context(catalog, gid)) == []
    assert validation.check_fingerprint(catalog, gallery=validation.gallery_purpose(catalog.gallery(gid))) \
        == validation.check_fingerprint(catalog)


def test_a_read_only_catalog_keeps_what_it_checked_now_for_the_purpose_it_was_checked_for(catalog):
    from app.unstored import UnstoredChecks

    gid, ids = _ai_gallery(catalog, news=True)
    kept = UnstoredChecks(catalog)
    news, library = _context(catalog, gid), _context(catalog, None)
    assert validation.ids_to_check(kept, ids, news) == ids
    validation.refresh_findings(kept, ids, ctx=news)
    assert validation.ids_to_check(kept, ids, news) == []
    assert validation.ids_to_check(kept, ids, library) == ids
    assert catalog.stale_item_ids() == ids  # nothing reached the file
