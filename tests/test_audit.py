"""Published-gallery text import: item boundaries, widgets, CMS credits, lead captions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.audit import parse_gallery_page, parse_gallery_text
from app.catalog import Catalog
from app.cli import main

DATA = Path(__file__).parent / "data" / "gallery_text"


def parsed(name: str) -> list[dict[str, str]]:
    return parse_gallery_text((DATA / name).read_text(encoding="utf-8"))


def test_huffpost_counters_widgets_and_cms_credit():
    items = parsed("huffpost_counters.txt")
    assert len(items) == 5  # "(02 of05)" counts as a counter too
    assert items[0]["caption"].startswith("Firefighters battle a blaze")
    assert items[0]["caption"].endswith("(Photo by ADA BRIN/AFP via Getty Images)")
    assert items[0]["credit_line"] == "ADA BRIN/AFP via Getty Images"
    assert items[1] == {"caption": "Commuters wait on a crowded platform during a transit strike in Madrid, Spain, "
                                   "on March 14, 2026.", "credit_line": "Tomas Ferrel via Getty Images"}
    assert "credit_line" not in items[2]
    text = " ".join(i["caption"] for i in items)
    for widget in ("Open Image Modal", "Share", "Advertisement", "By Harriet Quill"):
        assert widget not in text


def test_slash_counters_and_a_credit_line_of_its_own():
    items = parsed("slideshow_slash.txt")
    assert [i["caption"].split()[0] for i in items] == ["Artists", "Volunteers", "A", "Mourners"]
    assert items[3]["credit_line"] == "Ada Brin/Reuters"
    assert not any("Share" in i["caption"] or "Expand" in i["caption"] for i in items)


def test_of_counters_stop_at_the_credit_and_ignore_prose_fractions():
    items = parsed("of_counters.txt")
    assert len(items) == 3
    assert items[2]["caption"].endswith("REUTERS/Vadim Ghirda")  # "Readers said 3 of 4 …" is page text


def test_article_lead_photo_caption_counts_and_body_does_not():
    items = parsed("article_lead.txt")
    assert len(items) == 2
    assert items[0]["caption"].startswith("Engineers inspect a tram")
    assert items[1]["credit_line"] == "Lena Brautigam/AP"
    assert not any("city council voted" in i["caption"] for i in items)


def test_lead_caption_before_the_counters_is_the_first_item():
    text = ("Big story headline\nA crowd gathers in Lyon, France, June 3, 2026. REUTERS/Ada Brin\n"
            "Body text of the article without any credit.\n(1 of 2)\nFirst slide in Lyon. REUTERS/Ada Brin\n"
            "(2 of 2)\nSecond slide in Lyon. REUTERS/Ada Brin\n")
    items = parse_gallery_text(text)
    assert [i["caption"].split()[0] for i in items] == ["A", "First", "Second"]


@pytest.mark.parametrize("text", ["", "\n\n", "Just an article with no photos.\nAnd a second line."])
def test_text_without_captions_gives_no_items(text):
    assert parse_gallery_text(text) == []


def test_import_text_cli_adds_caption_items_in_order(catalog_path, capsys):
    rc = main(["--catalog", str(catalog_path), "import-text", str(DATA / "huffpost_counters.txt"),
               "--gallery", "Year in photos"])
    assert rc == 0
    assert "imported 5 captions" in capsys.readouterr().out
    with Catalog.open(catalog_path) as cat:
        g = cat.gallery("Year in photos")
        items = cat.items(cat.gallery_item_ids(g.id), gallery=g.id)
    assert [i.position for i in items] == [1, 2, 3, 4, 5]
    assert all(i.kind == "caption" and i.path is None for i in items)
    assert items[1].fields["credit_line"] == "Tomas Ferrel via Getty Images"
    # the audit runs the same checks; the JSON report lists them in page order
    rc = main(["--catalog", str(catalog_path), "check", "--gallery", "Year in photos", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert [i["position"] for i in report["items"]] == [1, 2, 3, 4, 5]
    assert rc in (0, 1)


def test_import_text_errors_are_one_line_and_exit_2(catalog_path, tmp_path, capsys):
    assert main(["--catalog", str(catalog_path), "import-text", str(tmp_path / "nope.txt"), "--gallery", "g"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nope.txt" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("No photos here.\n")
    assert main(["--catalog", str(catalog_path), "import-text", str(empty), "--gallery", "g"]) == 2
    assert "no captions found" in capsys.readouterr().err


def test_cms_credit_on_its_own_line_after_an_inline_credit_is_the_credit_line():
    # The caption ends with its own credit; the CMS credit stands on the next line
    # (directly, or after a blank line). Both must survive the import.
    items = parsed("cms_credit_own_line.txt")
    assert len(items) == 2
    for it in items:
        assert it["caption"].endswith("JOHN DOE/AFP/Getty Images")
        assert it["credit_line"] == "JOHN DOE via Getty Images"


def test_cms_credit_line_without_counters_is_not_an_item_of_its_own():
    text = ("Fans cheer in Lyon, France, on June 3, 2026. JOHN DOE/AFP/Getty Images\n"
            "(credit:JOHN DOE via Getty Images)\n\nBody text of the article.\n")
    assert parse_gallery_text(text) == [{"caption": "Fans cheer in Lyon, France, on June 3, 2026. "
                                                    "JOHN DOE/AFP/Getty Images",
                                         "credit_line": "JOHN DOE via Getty Images"}]


def test_import_text_keeps_a_cms_credit_line_so_check_reports_the_conflict(catalog_path, capsys):
    rc = main(["--catalog", str(catalog_path), "import-text", str(DATA / "cms_credit_own_line.txt"),
               "--gallery", "G"])
    assert rc == 0
    capsys.readouterr()
    with Catalog.open(catalog_path) as cat:
        g = cat.gallery("G")
        items = cat.items(cat.gallery_item_ids(g.id), gallery=g.id)
    assert [i.fields["credit_line"] for i in items] == ["JOHN DOE via Getty Images"] * 2
    main(["--catalog", str(catalog_path), "check", "--gallery", "G", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    for item in report["items"]:
        assert "conflicting-credits" in [f["rule"] for f in item["findings"]]


def test_counters_past_999_keep_every_item_and_an_empty_slot_is_an_empty_caption():
    page = parse_gallery_page((DATA / "thousand_counters.txt").read_text(encoding="utf-8"))
    assert len(page.items) == 8  # (997 of 1004) .. (1004 of 1004): one item per counter
    assert page.items[3]["caption"].startswith("Firefighters battle a wildfire")  # "(1000 of 1004)"
    assert page.items[4] == {"caption": ""}  # (1001 of 1004) shows a photo with no caption
    assert page.items[5]["credit_line"] == "Mara Ellis via Getty Images"
    assert page.items[7]["caption"].endswith("(AP Photo/Ines Varga)")
    # Title, byline, date, and the two paragraphs after the last caption.
    assert page.dropped == 5
    assert page.summary() == "kept 8 items, dropped 5 paragraphs of page text"


def test_a_long_gallery_loses_no_item_whatever_the_counter_form():
    for form in ("({n} of {t})", "{n}/{t}", "Image {n} of {t}", "{n} of {t}"):
        lines = ["Photos of the year", "By Harriet Quill"]
        for n in range(1, 2001):
            lines.append(form.format(n=f"{n:02d}", t=2000))
            lines.append(f"Photo {n} shows a street in Lyon, France, June 3, 2026. REUTERS/Ada Brin")
        page = parse_gallery_page("\n".join(lines))
        assert len(page.items) == 2000, form
        assert page.items[999]["caption"].startswith("Photo 1000 shows"), form
        assert page.dropped == 2, form


def test_a_repeated_counter_is_one_slot_and_a_year_range_is_no_counter():
    page = parse_gallery_page((DATA / "season_slashes.txt").read_text(encoding="utf-8"))
    assert [i["caption"][:10] for i in page.items] == ["Supporters", "", "Players ce"]
    # The heading, the "2025/2026 Season tickets" paragraph, the closing line.
    assert page.dropped == 3
    text = "1/2\n1/2\nA crowd in Lyon, June 3, 2026. REUTERS/Ada Brin\n2/2\nA bridge in Lyon. REUTERS/Ada Brin\n"
    assert [i["caption"][:7] for i in parse_gallery_page(text).items] == ["A crowd", "A bridg"]


def test_import_text_reports_kept_items_and_dropped_page_text_and_flags_the_empty_slot(catalog_path, capsys):
    rc = main(["--catalog", str(catalog_path), "import-text", str(DATA / "thousand_counters.txt"),
               "--gallery", "Year"])
    assert rc == 0
    out = capsys.readouterr().out
    assert "kept 8 items, dropped 5 paragraphs of page text" in out
    main(["--catalog", str(catalog_path), "check", "--gallery", "Year", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert len(report["items"]) == 8
    assert "missing-caption" in [f["rule"] for f in report["items"][4]["findings"]]


def test_batched_caption_items_are_stored_like_single_ones(catalog_path):
    entries = [{"caption": "A crowd in Lyon. REUTERS/Ada Brin", "credit_line": "Ada Brin/Reuters"},
               {"caption": ""}, {"caption": "Fans cheer. (AP Photo/Ines Varga)", "creators": ["Ines Varga"]}]
    with Catalog.open(catalog_path) as cat:
        g = cat.create_gallery("G")
        cat.add_to_gallery(g.id, [cat.add_caption_item({"caption": "already there"})])
        one = [cat.add_caption_item(e) for e in entries]
        many = cat.add_caption_items(entries, g.id)
        assert cat.gallery_item_ids(g.id)[1:] == many
        assert [i.position for i in cat.items(many, gallery=g.id)] == [2, 3, 4]
        for a, b in zip(cat.items(one), cat.items(many), strict=True):
            assert (a.kind, a.path, a.fields, a.embedded, a.sources, a.candidates, a.status) == \
                   (b.kind, b.path, b.fields, b.embedded, b.sources, b.candidates, b.status)
        assert set(many) <= set(cat.stale_item_ids())
        assert cat.item_ids(search="Varga") == [one[2], many[2]]
        with pytest.raises(KeyError):
            cat.add_caption_items([{"caption": "x"}, {"nope": "y"}], g.id)
        assert len(cat.gallery_item_ids(g.id)) == 4  # the failed call left nothing behind


def test_a_credit_line_after_a_blank_line_stays_with_its_counters_caption():
    # The eighth walk imported real gallery pages (dev g7-0030, g2-0083): a caption without a
    # credit of its own, a blank line, then "Photo : ©Name" or "PHOTOGRAPHER : AGENCY/Name".
    # The credit was dropped as page text, and check then called the caption uncredited.
    text = ("(1 of 2)\nLes rues étaient bondées de Belges, et de drapeaux tricolores.\n\n"
            "Photo : ©Nikolas Konstantin\n\n"
            "(2 of 2)\nLe président russe pose devant les photographes de presse.\n\n \n\n"
            "PHOTOGRAPHER : AP PHOTO/RIA NOVOSTI, ALEXEI DRUZHININ\n")
    page = parse_gallery_page(text)
    assert page.items == [
        {"caption": "Les rues étaient bondées de Belges, et de drapeaux tricolores.",
         "credit_line": "©Nikolas Konstantin"},
        {"caption": "Le président russe pose devant les photographes de presse.",
         "credit_line": "AP PHOTO/RIA NOVOSTI, ALEXEI DRUZHININ"},
    ]
    assert page.dropped == 0


def test_every_paragraph_keeps_the_caption_that_lost_its_credit(catalog_path, tmp_path, capsys):
    """The ninth walk: without counters, a caption with no credit was dropped as page text,
    the one caption an audit must catch."""
    text = ("Storm Elowen\n\nA crowd in Lyon, June 3, 2026. REUTERS/Ada Brin\n\n"
            "Boats in the harbour of Porto on June 3, 2026.\n\n"
            "A bridge in Lyon, June 3, 2026.\nPhoto: Ines Varga/AP\n")
    assert [i["caption"][:7] for i in parse_gallery_page(text).items] == ["A crowd", "A bridg"]
    page = parse_gallery_page(text, every_paragraph=True)
    assert page.items == [
        {"caption": "A crowd in Lyon, June 3, 2026. REUTERS/Ada Brin"},
        {"caption": "Boats in the harbour of Porto on June 3, 2026."},
        {"caption": "A bridge in Lyon, June 3, 2026.", "credit_line": "Ines Varga/AP"},
    ]
    assert page.dropped == 1  # the heading "Storm Elowen": page text
    page_file = tmp_path / "page.txt"
    page_file.write_text(text, encoding="utf-8")
    main(["--catalog", str(catalog_path), "import-text", str(page_file), "--gallery", "Page"])
    assert "import it again into a new gallery with --every-paragraph" in capsys.readouterr().out  # says how
    main(["--catalog", str(catalog_path), "import-text", str(page_file), "--gallery", "All", "--every-paragraph"])
    assert "--every-paragraph" not in capsys.readouterr().out
    main(["--catalog", str(catalog_path), "check", "--gallery", "All", "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert "missing-credit" in [f["rule"] for f in report["items"][1]["findings"]]


def test_import_text_that_finds_no_caption_says_what_it_read_and_why(catalog_path, tmp_path, capsys):
    """The fifteenth walk: a page with no caption must stop a pipeline (exit 2, documented in
    --help), with one line saying what was read and why none of it is a caption, and nothing
    imported, no gallery made."""
    from app.catalog import Catalog  # noqa: PLC0415

    def run(name: str, data: bytes, *more: str) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        assert main(["--catalog", str(catalog_path), "import-text", str(path), "--gallery", "Audit", *more]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1
        return err

    err = run("page.txt", b"Storm pictures\n\nThe storm passed over the city at night.\n\nMore to come.\n")
    assert "no captions found in 3 paragraphs: none carries a photo credit" in err
    assert err.rstrip().endswith("nothing imported")
    assert "the file is empty" in run("blank.txt", b"\n \n\n")
    assert "it is not text but binary" in run("page.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40)
    assert "1 paragraph: it is the page's heading" in run("head.txt", b"Pictures of the week\n", "--every-paragraph")
    cat = Catalog.open(catalog_path)
    try:
        assert all(g.name != "Audit" for g in cat.galleries())
    finally:
        cat.close()
    with pytest.raises(SystemExit):
        main(["import-text", "--help"])
    assert "\n       (and no caption found in FILE: nothing imported)" in capsys.readouterr().out


def test_a_counterless_page_of_local_credits_names_every_paragraph_when_nothing_is_found(catalog_path, tmp_path,
                                                                                       capsys):
    # The tenth walk: a gallery page credited the local way (a bare name), no counters, none of
    # it read as a credit: 'no captions found', exit 2, and no word of the option that keeps
    # every paragraph; with it, every caption is imported. ("Photo: Name" and "Pic Name" are
    # read as credits since: the next tests.)
    text = ("Pictures of the week\n\n"
            "Fog descends over Tejgaon in the capital, around noon yesterday. Rashed Shumon\n\n"
            "Vendors pack their wares in Dhaka after a raid by city police. Anisur Rahman\n")
    page_file = tmp_path / "page.txt"
    page_file.write_text(text, encoding="utf-8")
    assert main(["--catalog", str(catalog_path), "import-text", str(page_file), "--gallery", "Page"]) == 2
    err = capsys.readouterr().err
    assert "no captions found" in err and "--every-paragraph" in err and len(err.strip().splitlines()) == 1
    assert main(["--catalog", str(catalog_path), "import-text", str(page_file), "--gallery", "Page",
                 "--every-paragraph"]) == 0
    assert "imported 2 captions" in capsys.readouterr().out  # "Pictures of the week" is the page's heading


@pytest.mark.parametrize(("text", "kept"), [
    # The tenth walk: captions credited "Photo: Name", "PHOTO: REUTERS" or "Foto: dpa" inside the
    # paragraph were dropped as page text.
    ("Zimbabwe in pictures\n\n"
     "Workers clear debris in Harare on Monday. Photo: Tendai Moyo\n\n"
     "The storm cut power to half the city, officials said.\n\n"
     "Fans cheer at the stadium in Bulawayo, June 3, 2026. PHOTO: REUTERS\n\n"
     "Ein Mann räumt in Berlin Schnee. Foto: dpa\n", ["Workers ", "Fans che", "Ein Mann"]),
    # NewsDay's and the Daily Mirror's forms (dev records of g13): "Pic Name", "PIC Name" and "Pix
    # by Name" with no colon. "Pic" before a lower-case word is a peak's name, not a credit.
    ("Zimbabwe in pictures\n\n"
     "Vendors pack their wares in Harare after a raid by council police. Pic Aaron Ufumeli\n\n"
     "Hikers reach the Pic du Midi observatory in the Pyrenees.\n\n"
     "Fans vent their anger at the coach in Harare. PIC Shepherd Tozvireva\n\n"
     "Shops put up decorations in Colombo.  Pix by Nisal Baduge\n", ["Vendors ", "Fans ven", "Shops pu"]),
])
def test_a_counterless_page_keeps_captions_credited_inside_the_paragraph(text, kept):
    """A lead-in inside the caption's paragraph marks it as a caption; the heading and the
    paragraph between the captions stay page text."""
    page = parse_gallery_page(text)
    assert [i["caption"][:8] for i in page.items] == kept
    assert page.dropped == 2


# The eleventh walk's pages (the layouts of real ones; the captions here are invented). A
# broadcaster's weekly gallery writes each photo's credit before its caption, under labels:
# "Image source, NAME/AGENCY", then "Image caption," and the caption as its own paragraph.
_SOURCE_FIRST = (
    "Week in pictures: 4-10 May 2026\n\n  • Published\n\n"
    "A selection of news photographs taken around the world this week.\n\n"
    "Image source, ANIL MEHTA/Reuters\nImage caption,\n\n"
    "A nurse rests between shifts at a clinic in Pune, India.\n\n"
    "Image source, Lavandeira Jr / EPA\nImage caption,\n\n"
    "Smoke rises over a beach near Vigo, Spain.\n\n"
    "Image source, Ruth Aldous/PA Wire\nImage caption,\n\n"
    "A keeper feeds the penguins at a zoo in Bristol.\n\n"
    "More on this story\n")


def test_a_page_that_labels_each_credit_and_caption_keeps_every_photo():
    """The walk imported such a page: 3 of its 9 photos were kept, each as its "Image source"
    line with no caption, and the other six ("…/Reuters", "… / EPA") were page text."""
    page = parse_gallery_page(_SOURCE_FIRST)
    assert page.items == [
        {"caption": "A nurse rests between shifts at a clinic in Pune, India.", "credit_line": "ANIL MEHTA/Reuters"},
        {"caption": "Smoke rises over a beach near Vigo, Spain.", "credit_line": "Lavandeira Jr / EPA"},
        {"caption": "A keeper feeds the penguins at a zoo in Bristol.", "credit_line": "Ruth Aldous/PA Wire"},
    ]
    assert page.dropped == 4  # the heading, "• Published", the introduction and "More on this story"
    assert parse_gallery_page(_SOURCE_FIRST, every_paragraph=True).items == page.items  # the labels decide


def test_the_older_labelled_layout_keeps_the_alt_text_the_credit_and_the_caption():
    """The same broadcaster's older pages put the picture's alt text and "Image copyright NAME"
    on one line, then "Image caption" and the caption on the next: the walk kept one item, the
    first alt text, as a caption without a credit."""
    text = ("Week in Pictures: 12 to 18 May 2019\n\n"
            "Two boys on a wall Image copyright Omar Haddad/AFP\n"
            "Image caption Two boys watch the parade from a wall in Tunis.\n"
            "A ferry in fog Image copyright Getty Images Image caption A ferry leaves the harbour in thick fog.\n"
            "Image copyright Njoki Wanjiru/Reuters\n"
            "Image caption Runners cross the line in Nairobi, Kenya.\n")
    page = parse_gallery_page(text)
    assert page.items == [
        {"caption": "Two boys watch the parade from a wall in Tunis.", "credit_line": "Omar Haddad/AFP",
         "alt_text": "Two boys on a wall"},
        {"caption": "A ferry leaves the harbour in thick fog.", "credit_line": "Getty Images",
         "alt_text": "A ferry in fog"},
        {"caption": "Runners cross the line in Nairobi, Kenya.", "credit_line": "Njoki Wanjiru/Reuters"},
    ]
    assert page.dropped == 1


def test_a_labelled_credit_with_no_caption_is_still_an_item():
    page = parse_gallery_page("Image source, Getty Images\n\nImage source, Ali Kaya/AFP\nImage caption,\n\n"
                              "Fishermen mend nets in Izmir.\n")
    assert page.items == [{"caption": "", "credit_line": "Getty Images"},
                          {"caption": "Fishermen mend nets in Izmir.", "credit_line": "Ali Kaya/AFP"}]


def test_a_copyright_line_after_a_caption_is_its_credit_line():
    """An agency's weekly selection page: each caption, then "© NAME / AFP" on its own line.
    The walk kept the three credit lines as captions and dropped every caption; a footer's
    "© … All rights reserved" stays page text."""
    text = ("Topshots of the week\n\n"
            "Villagers push a boat into the river in Sylhet, on May 6, 2026.\n"
            "© Rafiq AHMED / AFP\n\n"
            "A man photographs a mural in Buenos Aires on May 7, 2026.\n\n"
            "Dancers rehearse in Seville on May 8, 2026.\n© Ana SOTO / AFP\n\n"
            "About us\n© 2026 AFP. All rights reserved.\n")
    page = parse_gallery_page(text)
    assert page.items == [
        {"caption": "Villagers push a boat into the river in Sylhet, on May 6, 2026.", "credit_line": "© Rafiq AHMED / AFP"},
        {"caption": "Dancers rehearse in Seville on May 8, 2026.", "credit_line": "© Ana SOTO / AFP"},
    ]
    assert page.dropped == 4  # the heading, the uncredited caption, "About us" and the footer
    every = parse_gallery_page(text, every_paragraph=True).items
    assert every[0:3] == [page.items[0], {"caption": "A man photographs a mural in Buenos Aires on May 7, 2026."},
                          page.items[1]]


def test_import_text_of_a_labelled_page_does_not_suggest_every_paragraph(catalog_path, tmp_path, capsys):
    page_file = tmp_path / "page.txt"
    page_file.write_text(_SOURCE_FIRST, encoding="utf-8")
    assert main(["--catalog", str(catalog_path), "import-text", str(page_file), "--gallery", "Week"]) == 0
    out = capsys.readouterr().out
    assert "imported 3 captions" in out and "--every-paragraph" not in out
    with Catalog.open(catalog_path) as cat:
        g = cat.gallery("Week")
        items = cat.items(cat.gallery_item_ids(g.id), gallery=g.id)
    assert [i.fields["credit_line"] for i in items] == ["ANIL MEHTA/Reuters", "Lavandeira Jr / EPA", "Ruth Aldous/PA Wire"]


# The head of https://theweek.com/photos/the-weeks-best-photos-june-27-2025 as stored: a heading,
# a dek, then captions with neither a credit nor a final stop.
_THE_WEEK = ("The week's best photos\nA daring leap, a plastic protest, and more\n\n"
             "More than 2,000 galaxies shine in the Virgo cluster, captured from a powerful new telescope in Chile\n"
             "A man dressed as the devil leaps over babies during El Salto del Colacho, a baby-jumping festival in "
             "Spain\nChildren dance during the summer solstice in Bucharest, Romania\n")
# The head of https://www.bbc.co.uk/news/world-africa-41598415 as stored: section, heading, date line,
# standfirst, then each caption with its credit.
_BBC = ("Africa\n\nAfrica's week in pictures: 6 - 12 October 2017\n\n  \u2022 13 October 2017\n"
        "A selection of the best photos from across Africa and of Africans elsewhere in the world this week.\n\n"
        "Somali children dive, play and swim in front of the ruins of an old building on the coastal district of "
        "Hamarweyne, in Mogadishu on Friday. Image copyright AFP\n")


@pytest.mark.parametrize(("text", "first", "dropped"), [
    (_THE_WEEK, "More than 2,000 galaxies", 2),
    (_BBC, "A selection of the best", 3),
])
def test_every_paragraph_drops_the_page_heading_before_the_first_caption(text, first, dropped, catalog_path,
                                                                         tmp_path, capsys):
    """The heading kept as an item (the ninth walk's leftover): a page's heading lines (a few
    words, no final stop, no credit) before its first caption are page text, and the summary
    counts them as dropped. A short caption without a stop after the first is still a caption."""
    page = parse_gallery_page(text, every_paragraph=True)
    assert page.items[0]["caption"].startswith(first) and page.dropped == dropped
    assert len(page.items) == sum(1 for x in text.splitlines() if x.strip()) - dropped
    page_file = tmp_path / "page.txt"
    page_file.write_text(text, encoding="utf-8")
    assert main(["--catalog", str(catalog_path), "import-text", str(page_file), "--gallery", "Week",
                 "--every-paragraph"]) == 0
    out = capsys.readouterr().out
    assert f"dropped {dropped} paragraphs of page text" in out
    assert f"the page's heading ({dropped} paragraphs before the first caption" in out


def test_a_page_whose_counters_close_each_slide_keeps_one_item_per_photo_in_order():
    # A wire service's picture page (the twelfth walk copied one): each slide's caption comes
    # first, repeated, then "Close" and its counter "1 / 31". Read as counters that open slots,
    # the first photo was three items, each later photo moved one place, and the nothing after
    # the last counter was an empty caption that check called an error.
    page = parse_gallery_page((DATA / "counters_after_captions.txt").read_text(encoding="utf-8"))
    assert [i["caption"][:12] for i in page.items] == ["Nadia Ferrei", "Rui Matos ba", "A statue of "]
    assert all(i["caption"].endswith("REUTERS/Tomas Avelar") for i in page.items)
    assert page.counted
    # The heading lines, each slide's two repeats and its "Reuters / date" line.
    assert page.dropped == 4 + 3 * 3
    # A page whose counters open the slides and whose last slide has no caption keeps that slot.
    text = "Storm pictures\n1 of 2\nA crowd in Lyon, June 3, 2026. REUTERS/Ada Brin\n2 of 2\n"
    assert parse_gallery_page(text).items == [
        {"caption": "A crowd in Lyon, June 3, 2026. REUTERS/Ada Brin"}, {"caption": ""}]


def test_the_same_page_imported_twice_into_one_gallery_says_so(catalog_path, capsys):
    """The fourteenth walk imported a page, then again (as the hint says, "import it again"):
    the gallery held every caption twice without a word, and `check` audited each twice."""
    page = str(DATA / "huffpost_counters.txt")
    assert main(["--catalog", str(catalog_path), "import-text", page, "--gallery", "Year"]) == 0
    assert "already held" not in capsys.readouterr().err
    assert main(["--catalog", str(catalog_path), "import-text", page, "--gallery", "Year"]) == 0
    err = capsys.readouterr().err
    assert "gallery 'Year' already held 5 of these 5 captions" in err
    assert "it has 10 items now" in err and "new gallery" in err
    assert err.count("\n") == 1
    with Catalog.open(catalog_path) as cat:
        assert len(cat.gallery_item_ids(cat.gallery("Year").id)) == 10  # appended, as before: nothing lost
    # Another page into the same gallery (a gallery of several pages) is no repeat.
    other = str(DATA / "of_counters.txt")
    assert main(["--catalog", str(catalog_path), "import-text", other, "--gallery", "Year"]) == 0
    assert "already held" not in capsys.readouterr().err
