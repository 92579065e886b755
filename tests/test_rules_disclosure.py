"""AI disclosure and alt text rules: the digital source type from XMP or the Content
Credentials, the house style's disclosure words, news and web galleries, the publication gate."""

from __future__ import annotations

import pytest

from app.catalog import Catalog
from app.cli import main
from app.house_style import HouseStyle
from app.importer import import_paths
from app.model import Item, Severity
from app.rules import check_item, make_context
from app.validation import check_gallery
from tests.c2pa_fixtures import IPTC, make_chain, sign
from tests.imagefactory import make_photo

AI = IPTC + "trainedAlgorithmicMedia"
CAPTION = "A flooded street in Porto, Portugal, March 10, 2026. (AP Photo/Marta Quintela)"


def _item(**fields) -> Item:
    extra = {k: fields.pop(k) for k in ("c2pa_state", "c2pa_source_type") if k in fields}
    fields.setdefault("caption", CAPTION)
    return Item(id=1, path="/x.jpg", kind="photo", fields=fields, **extra)


def _rules(item: Item, ctx=None, rule: str | None = None) -> list:
    found = check_item(item, ctx or make_context(publish_date="2026-03-12"))
    return [f for f in found if rule is None or f.rule == rule]


@pytest.mark.parametrize("code", ["trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia",
                                  "compositeSynthetic", "algorithmicMedia"])
def test_a_generated_picture_must_be_disclosed(code):
    [f] = _rules(_item(digital_source_type=IPTC + code), rule="ai-disclosure-missing")
    assert f.severity is Severity.WARNING and f.field == "caption"
    assert "per its XMP digital source type" in f.message and code in f.message
    assert "add “AI-generated”, “illustration” or “photo illustration”" in f.message
    assert f.fix.apply(CAPTION) == "AI-generated: " + CAPTION


@pytest.mark.parametrize("caption", [
    "AI-generated: a flooded street.", "An AI generated image of a street.", "Photo illustration: a street.",
    "A street (photo-illustration by the desk).", "ILLUSTRATION: a street"])
def test_any_disclosure_word_will_do(caption):
    assert not _rules(_item(caption=caption, digital_source_type=AI), rule="ai-disclosure-missing")


@pytest.mark.parametrize("code", ["digitalCapture", "compositeCapture", "algorithmicallyEnhanced", "humanEdits", ""])
def test_captured_or_edited_pictures_need_no_disclosure(code):
    assert not _rules(_item(digital_source_type=IPTC + code if code else ""), rule="ai-disclosure-missing")


def test_the_manifest_s_source_type_counts_too():
    [f] = _rules(_item(c2pa_state="valid", c2pa_source_type=AI), rule="ai-disclosure-missing")
    assert "per its Content Credentials" in f.message
    # an unreadable manifest declares nothing we can trust the reading of
    assert not _rules(_item(c2pa_state="unreadable", c2pa_source_type=AI), rule="ai-disclosure-missing")


def test_the_house_style_names_the_words():
    ctx = make_context(publish_date="2026-03-12")
    ctx._style = HouseStyle.from_dict("ours", {"disclosure": {"words": ["Computer-generated image"]}})
    [f] = _rules(_item(caption="AI-generated: a street.", digital_source_type=AI), ctx, "ai-disclosure-missing")
    assert "“Computer-generated image”" in f.message
    assert f.fix.replacement == "Computer-generated image: "
    assert not _rules(_item(caption="A street (computer generated image).", digital_source_type=AI), ctx,
                      "ai-disclosure-missing")
    assert HouseStyle.load("agency-native").disclosure_words == ("AI-generated", "illustration", "photo illustration")


def test_xmp_and_manifest_must_not_disagree():
    [f] = _rules(_item(digital_source_type=IPTC + "digitalCapture", c2pa_state="valid", c2pa_source_type=AI),
                 rule="source-type-mismatch")
    assert f.severity is Severity.ERROR and f.field == "digital_source_type"
    assert f.fix.replacement == AI
    [f] = _rules(_item(digital_source_type=IPTC + "digitalCapture", c2pa_state="untrusted",
                       c2pa_source_type=IPTC + "computationalCapture"), rule="source-type-mismatch")
    assert f.severity is Severity.WARNING
    [f] = _rules(_item(digital_source_type=IPTC + "digitalCapture", c2pa_state="invalid", c2pa_source_type=AI),
                 rule="source-type-mismatch")
    assert f.fix is None  # a broken manifest is no authority
    assert not _rules(_item(digital_source_type="https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
                            c2pa_state="valid", c2pa_source_type=AI), rule="source-type-mismatch")
    assert not _rules(_item(c2pa_state="valid", c2pa_source_type=AI), rule="source-type-mismatch")


# -- alt text ------------------------------------------------------------------------------------

def test_missing_alt_text_is_info_and_a_warning_for_the_web():
    [f] = _rules(_item(), rule="missing-alt-text")
    assert f.severity is Severity.INFO and f.field == "alt_text"
    ctx = make_context(publish_date="2026-03-12")
    ctx.gallery["web"] = True
    [f] = _rules(_item(), ctx, "missing-alt-text")
    assert f.severity is Severity.WARNING
    configured = make_context(publish_date="2026-03-12", config={"missing-alt-text": {"severity": "info"}})
    configured.gallery["web"] = True
    [f] = _rules(_item(), configured, "missing-alt-text")
    assert f.severity is Severity.INFO  # the desk's own choice wins
    off = make_context(config={"missing-alt-text": {"enabled": False}})
    off.gallery["web"] = True
    assert not _rules(_item(), off, "missing-alt-text")
    assert not _rules(_item(alt_text="Two men carry a canoe through a flooded street."), rule="missing-alt-text")
    caption_only = Item(id=2, path=None, kind="caption", fields={"caption": CAPTION})
    assert not _rules(caption_only, rule="missing-alt-text")


def test_alt_text_too_long():
    alt = "Two men carry a red canoe through a flooded street lined with shops. " * 4
    [f] = _rules(_item(alt_text=alt), rule="alt-text-too-long")
    assert (f.start, f.end) == (250, len(alt)) and str(len(alt)) in f.message
    assert not _rules(_item(alt_text=alt[:250]), rule="alt-text-too-long")


def test_alt_text_repeating_the_caption_or_headline():
    [f] = _rules(_item(headline="Douro bursts its banks", alt_text="Douro bursts its banks."),
                 rule="alt-text-repeats-caption")
    assert "headline" in f.message
    [f] = _rules(_item(alt_text="A flooded street in Porto, Portugal"), rule="alt-text-repeats-caption")
    assert "caption" in f.message
    assert not _rules(_item(headline="Douro bursts its banks", alt_text="Water covers a street of old houses."),
                      rule="alt-text-repeats-caption")


@pytest.mark.parametrize(("alt", "fixed"), [
    ("Image of a man crossing a flooded street", "A man crossing a flooded street"),
    ("photo of two boats", "Two boats"),
    ("A photograph showing a crowd at a stadium", "A crowd at a stadium"),
    ("This picture shows: firefighters", "Firefighters"),
])
def test_alt_text_that_starts_image_of(alt, fixed):
    [f] = _rules(_item(alt_text=alt), rule="alt-text-redundant-start")
    assert f.fix.apply(alt) == fixed


def test_imagery_words_later_in_the_alt_text_are_fine():
    assert not _rules(_item(alt_text="A photographer holds up an image of the missing boy"),
                      rule="alt-text-redundant-start")


# -- galleries and the gate ------------------------------------------------------------------------

@pytest.fixture
def gallery(tmp_path):
    chain = make_chain(tmp_path / "chain")
    ai = tmp_path / "ai.jpg"
    ai.write_bytes(sign(make_photo(tmp_path / "src.jpg", fields={"caption": CAPTION}).read_bytes(), chain,
                        source_type="trainedAlgorithmicMedia"))
    (tmp_path / "src.jpg").unlink()
    cat = Catalog.open(tmp_path / "c.sqlite")
    import_paths(cat, [ai], gallery="Storm", jobs=1)
    yield cat
    cat.close()


def test_a_news_gallery_refuses_an_undisclosed_generated_picture(gallery, capsys):
    cat = gallery
    g = cat.gallery("Storm")
    assert g.news and not g.web
    report = check_gallery(cat, "Storm")
    [f] = [f for f in report.items[0].findings if f.rule == "ai-disclosure-missing"]
    assert f.severity is Severity.ERROR and "news gallery" in f.message and report.has_errors
    assert "per its Content Credentials" in f.message
    assert main(["--catalog", str(cat.path), "check", "--gallery", "Storm"]) == 1
    capsys.readouterr()

    assert main(["--catalog", str(cat.path), "gallery-flags", "Storm", "--not-news", "--web"]) == 0
    assert "not news, for the web" in capsys.readouterr().out
    assert cat.stale_item_ids() == cat.gallery_item_ids(g.id)  # the flags changed what the rules say
    report = check_gallery(cat, "Storm")
    found = {f.rule: f.severity for f in report.items[0].findings}
    assert found["ai-disclosure-missing"] is Severity.WARNING
    assert found["missing-alt-text"] is Severity.WARNING
    assert main(["--catalog", str(cat.path), "check", "--gallery", "Storm"]) == 0

    item_id = report.items[0].item.id
    cat.set_fields(item_id, {"caption": "Photo illustration: " + CAPTION,
                             "alt_text": "Water fills a street between old houses."})
    report = check_gallery(cat, "Storm")
    rules = {f.rule for f in report.items[0].findings}
    assert not rules & {"ai-disclosure-missing", "missing-alt-text"}


def test_duplicated_gallery_keeps_its_flags(gallery):
    cat = gallery
    g = cat.set_gallery_flags(cat.gallery("Storm").id, web=True)
    copy = cat.duplicate_gallery(g.id, "Storm web")
    assert (copy.news, copy.web) == (True, True)
