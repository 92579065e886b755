"""The caption against the embedded metadata; XMP, IIM and EXIF against each other; IIM limits."""

from __future__ import annotations

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()
CAPTION = "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin"


def found(rule: str, fields: dict, candidates: dict | None = None):
    item = Item(id=1, path="x.jpg", kind="photo", fields=fields, candidates=candidates or {})
    return [f for f in check_item(item, CTX) if f.rule == rule]


def test_caption_credit_against_byline_credit_line_and_source():
    fs = found("credit-metadata-mismatch", {"caption": CAPTION, "creators": ["Tom Hale"],
                                            "credit_line": "AFP via Getty Images", "source": "AFP"})
    assert {f.field for f in fs} == {"creators", "credit_line", "source"}
    assert any("Tom Hale" in f.message and "Ada Brin" in f.message for f in fs)


def test_agreeing_metadata_is_quiet_across_aliases_and_case():
    assert not found("credit-metadata-mismatch", {"caption": CAPTION, "creators": ["ADA BRIN"],
                                                  "credit_line": "REUTERS", "source": "Reuters"})
    ap = "Fans cheer in Chicago, Monday, June 7, 2021. (AP Photo/Ines Varga)"
    assert not found("credit-metadata-mismatch", {"caption": ap, "creators": ["Ines Varga"], "credit_line": "AP",
                                                  "source": "AP"})
    getty = "LYON, FRANCE - JUNE 3: Fans cheer. (Photo by Ada Brin/Getty Images)"
    assert not found("credit-metadata-mismatch", {"caption": getty, "creators": ["Ada Brin"],
                                                  "credit_line": "Getty Images", "source": "Getty Images Europe"})


def test_blocks_that_disagree_are_flagged():
    fs = found("credit-metadata-mismatch", {"caption": CAPTION, "city": "Lyon"},
               {"city": {"xmp": "Lyon", "iim": "Malmö"}})
    (f,) = fs
    assert f.field == "city" and "Lyon" in f.message and "Malmö" in f.message


def test_iim_cut_at_its_byte_limit_is_not_a_disagreement():
    long_credit = "Ada Brin for The Harbor Gazette via Getty Images"
    cut = long_credit.encode()[:32].decode("utf-8", "ignore")
    assert not found("credit-metadata-mismatch", {"caption": CAPTION},
                     {"credit_line": {"xmp": long_credit, "iim": cut}})
    # A cut through a two-byte character drops the half character.
    name = "Ada Brin for The Harbor Gazetté Ø"
    assert len(name.encode()) > 32
    cut = name.encode()[:32].decode("utf-8", "ignore")
    assert not found("credit-metadata-mismatch", {"caption": CAPTION}, {"credit_line": {"xmp": name, "iim": cut}})


def test_dates_compare_by_day_and_lists_by_value():
    assert not found("credit-metadata-mismatch", {"caption": CAPTION},
                     {"date_created": {"xmp": "2021-06-03T14:05:09+02:00", "iim": "2021-06-03"},
                      "creators": {"xmp": ["Ada Brin"], "iim": ["Ada Brin"], "exif": "Ada Brin"}})
    assert found("credit-metadata-mismatch", {"caption": CAPTION},
                 {"date_created": {"xmp": "2021-06-03T14:05:09+02:00", "iim": "2021-06-04"}})


def test_iim_too_long_counts_utf8_bytes():
    (f,) = found("iim-too-long", {"caption": CAPTION, "city": "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"})
    assert f.field == "city" and "32" in f.message
    # 16 characters, 32 bytes: fits; 17 two-byte characters: 34 bytes, too long.
    assert not found("iim-too-long", {"caption": CAPTION, "city": "é" * 16})
    assert found("iim-too-long", {"caption": CAPTION, "city": "é" * 17})
    assert found("iim-too-long", {"caption": CAPTION, "creators": ["Ada Brin", "A" * 33]})


def test_iim_too_long_on_a_getty_client_credit_says_why_there_is_no_fix():
    # walk18: "Getty Images for Harbor City Herons" is 35 bytes, IIM Credit holds 32. Without the client it
    # would fit, but a fix edits the one value XMP is written from too: the client (a commission) would go.
    (f,) = found("iim-too-long", {"caption": CAPTION, "credit_line": "Getty Images for Harbor City Herons"})
    assert f.fix is None
    assert "35 bytes" in f.message and "“for Harbor City Herons”" in f.message and "XMP keeps the whole" in f.message
    assert "shorten it by hand" not in f.message


def test_credit_line_with_a_bare_outlet_name():
    staff = "Fans cheer in Lyon, France, June 3, 2021. (Greg Paltrow/The Harbor Gazette)"
    assert not found("credit-metadata-mismatch", {"caption": staff, "credit_line": "The Harbor Gazette"})
    (f,) = found("credit-metadata-mismatch", {"caption": CAPTION, "credit_line": "The Harbor Gazette"})
    assert f.field == "credit_line" and "The Harbor Gazette" in f.message


def test_pool_and_handout_sources_are_roles_not_agencies():
    pool = "Fans cheer in Chicago, Monday, June 7, 2021. (AP Photo/Ines Varga, Pool)"
    assert not found("credit-metadata-mismatch", {"caption": pool, "source": "POOL", "credit_line": "AP"})


def test_credit_line_adding_an_agency_the_caption_does_not_name():
    getty = "LYON, FRANCE - JUNE 3: Fans cheer. (Photo by Ada Brin/Getty Images)"
    (f,) = found("credit-metadata-mismatch", {"caption": getty, "credit_line": "AFP via Getty Images"})
    assert f.field == "credit_line" and "AFP via Getty Images" in f.message
    afp = "Fans cheer in Lyon on June 3, 2021. (Photo by ADA BRIN/AFP via Getty Images)"
    assert not found("credit-metadata-mismatch", {"caption": afp, "credit_line": "AFP via Getty Images"})
    pool = "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin/Pool"
    assert not found("credit-metadata-mismatch", {"caption": pool, "credit_line": "POOL"})


def test_a_credit_line_naming_only_the_distributor_drops_the_agency():
    """The mission's example: the caption says "JOHN DOE/AFP via Getty Images" and the CMS
    Credit field "Getty Images". Getty's line for a partner's picture is "AFP via Getty
    Images": the field alone loses AFP."""
    afp = "Fans cheer in Lyon on June 3, 2021. JOHN DOE/AFP via Getty Images"
    (f,) = found("credit-metadata-mismatch", {"caption": afp, "credit_line": "Getty Images"})
    assert f.field == "credit_line" and f.fix.replacement == "AFP via Getty Images"
    # Getty's own picture, the partner named in the line, or one agency as source and distributor
    staff = "LYON, FRANCE - JUNE 3: Fans cheer. (Photo by Ada Brin/Getty Images)"
    assert not found("credit-metadata-mismatch", {"caption": staff, "credit_line": "Getty Images"})
    assert not found("credit-metadata-mismatch", {"caption": afp, "credit_line": "AFP"})
    tv = "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin via Reuters TV"
    assert not found("credit-metadata-mismatch", {"caption": tv, "credit_line": "REUTERS"})


def test_copyright_sign_spelt_c_in_brackets_is_the_same_notice():
    """Issue 13, defect 9: EXIF often holds "(c)" where XMP holds "©" (ASCII-only EXIF writers)."""
    for exif, xmp in (("(c) 2019 Ada Brin", "© 2019 Ada Brin"), ("(C)2019 Ada Brin", "© 2019 Ada Brin"),
                      ("Copyright (c) 2019 Ada Brin", "Copyright © 2019 Ada Brin"),
                      ("(c) 2019 ADA BRIN", "©2019 Ada Brin")):
        assert not found("credit-metadata-mismatch", {"caption": CAPTION, "copyright": xmp},
                         {"copyright": {"exif": exif, "xmp": xmp, "iim": exif}}), (exif, xmp)
    # A different year or holder is still a disagreement.
    assert found("credit-metadata-mismatch", {"caption": CAPTION, "copyright": "© 2019 Ada Brin"},
                 {"copyright": {"exif": "(c) 2018 Ada Brin", "xmp": "© 2019 Ada Brin"}})
    assert found("credit-metadata-mismatch", {"caption": CAPTION, "copyright": "© 2019 Ada Brin"},
                 {"copyright": {"exif": "(c) 2019 Tom Hale", "xmp": "© 2019 Ada Brin"}})


def test_long_values_that_differ_at_their_end_are_shown_where_they_differ():
    """The fourth walk: two copyright notices cut at one length read the same in the message."""
    exif = "© Copyright 2017 Carl Seibert  metadatamatters.blog (Exif)"  # the corpus's demo files
    iim = "© Copyright 2017 Carl Seibert  metadatamatters.blog (IIM)"
    (f,) = found("credit-metadata-mismatch", {"caption": CAPTION, "copyright": iim},
                 {"copyright": {"exif": exif, "iim": iim}})
    assert "(Exif)" in f.message and "(IIM)" in f.message
    short = found("credit-metadata-mismatch", {"caption": CAPTION, "city": "Lyon"},
                  {"city": {"xmp": "Lyon", "iim": "Malmö"}})
    assert "“Lyon”" in short[0].message and "“Malmö”" in short[0].message  # short values whole


def credit_line_fix(caption: str, credit_line: str, source: str = ""):
    fields = {"caption": caption, "credit_line": credit_line, "source": source}
    (f,) = [f for f in found("credit-metadata-mismatch", fields) if f.field == "credit_line"]
    return f.fix


def test_a_credit_line_that_names_another_agency_is_set_to_the_one_the_caption_credits():
    """The desk's Credit field says what the agency asks for, in one click (issue 12)."""
    ap = "A runner finishes the race in Athens, Greece, Nov. 3, 2019. (AP Photo/Sara Lindqvist)"
    fix = credit_line_fix(ap, "REUTERS")
    assert (fix.field, fix.start, fix.end, fix.replacement) == ("credit_line", 0, 7, "AP")
    assert fix.label == "Set the credit line to “AP”"
    assert credit_line_fix(CAPTION, "AP", "Reuters").replacement == "REUTERS"
    getty = "LYON, FRANCE - JUNE 3: Fans cheer. (Photo by Ada Brin/Getty Images)"
    assert credit_line_fix(getty, "AFP via Getty Images").replacement == "Getty Images"
    nur = "Fans cheer in Lyon, France, June 3, 2021. (Photo by Ada Brin/NurPhoto via Getty Images)"
    assert credit_line_fix(nur, "REUTERS").replacement == "NurPhoto via Getty Images"
    # the caption's own era of Getty's form: "Name/AFP/Getty Images" (2015-2019) gives "AFP/Getty Images"
    old = "Fans cheer in Lyon, France, June 3, 2015. (Photo by ADA BRIN/AFP/Getty Images)"
    assert credit_line_fix(old, "REUTERS").replacement == "AFP/Getty Images"


def test_the_fixed_credit_line_satisfies_the_rule_and_keeps_every_organisation():
    for caption in (CAPTION, "Fans cheer in Lyon, France, June 3, 2021. (Photo by ADA BRIN/AFP via Getty Images)",
                    "Fans cheer in Lyon, France, June 3, 2021. (Photo by Ada Brin/Anadolu via Getty Images)"):
        fix = credit_line_fix(caption, "Xinhua")
        assert not [f for f in found("credit-metadata-mismatch", {"caption": caption, "credit_line": fix.replacement})
                    if f.field == "credit_line"]
    assert credit_line_fix("Fans cheer. (Photo by Ada Brin/Anadolu via Getty Images)", "AP").replacement == \
        "Anadolu via Getty Images"  # the agency as the caption writes it, and the distributor


def test_no_credit_line_fix_where_the_agency_research_gives_no_form():
    """EPA, Xinhua, partners of AP and Reuters, pool pictures: nothing says what the Credit
    field of those should read, so the finding stays without a fix."""
    for caption in ("A boy plays in the snow in Kraków, Poland, 08 February 2026. EPA-EFE/MAREK OLSZAN",
                    "Fans cheer in Lyon, France, June 3, 2021. (Xinhua/Fatou Ndiaye-Camara)",
                    "Fans cheer in Lyon, France, June 3, 2021. (Brian Gottesman/The New York Times via AP)",
                    "Fans cheer in Lyon, France, June 3, 2021. REUTERS/KCNA"):
        assert credit_line_fix(caption, "Getty Images") is None, caption


def test_a_caption_crediting_the_agency_twice_gets_the_line_that_names_the_whole_chain():
    """The tenth walk: a caption credits AFP, then AFP via Getty Images (the wire's line and
    Getty's, as a site republished it), and the CMS Credit field says only 'Getty Images'. The
    rule flags it; the two credits ask for 'AFP' and 'AFP via Getty Images', and only the second
    keeps every agency the caption credits: that is the fix, as for the single credit."""
    twice = ("Fans cheer in Lyon, France, June 3, 2021. (Photo by Ada Brin / AFP) "
             "(Photo by ADA BRIN/AFP via Getty Images)")
    fix = credit_line_fix(twice, "Getty Images")
    assert fix is not None and fix.replacement == "AFP via Getty Images"
    assert not [f for f in found("credit-metadata-mismatch", {"caption": twice, "credit_line": fix.replacement})
                if f.field == "credit_line"]
    # two agencies' pictures in one caption: no line names both, so no fix is guessed
    two = "Fans cheer in Lyon, France, June 3, 2021. (AP Photo/Sara Lindqvist) REUTERS/Ada Brin"
    assert credit_line_fix(two, "Getty Images") is None


def test_a_field_edited_in_the_catalog_is_not_flagged_for_the_copies_its_write_replaces():
    """The eleventh walk: a caption whose IIM and XMP copies disagreed was retyped in the
    inspector, and "Caption: IIM says … but XMP says …" stayed beside the new text until the
    write, which puts the one edited value in every copy. A field not edited is still flagged."""
    item = Item(id=1, path="x.jpg", kind="photo", fields={"caption": CAPTION, "city": "Lyon", "headline": "Fans"},
                candidates={"caption": {"iim": "red beetle on a leaf", "xmp": "OLYMPUS DIGITAL CAMERA"},
                            "city": {"xmp": "Lyon", "iim": "Malmö"}},
                sources={"caption": "edited", "city": "xmp", "headline": "xmp"})
    assert [f.field for f in check_item(item, CTX) if f.rule == "credit-metadata-mismatch"] == ["city"]


def source_fix(caption: str, source: str):
    [f] = [f for f in found("credit-metadata-mismatch", {"caption": caption, "source": source})
           if f.field == "source"]
    return f.fix


def test_a_source_that_names_another_agency_is_set_to_the_one_the_picture_comes_from():
    """The Source field (IIM 2:115) as the agency's own files write it: AP's 'AP', PA's 'PA', and
    for an AFP picture Getty moves, 'AFP' (resources/credit_lines.toml names where each is read)."""
    ap = "A runner finishes the race in Athens, Greece, Nov. 3, 2019. (AP Photo/Sara Lindqvist)"
    fix = source_fix(ap, "REUTERS")
    assert (fix.field, fix.start, fix.end, fix.replacement, fix.label) == ("source", 0, 7, "AP",
                                                                          "Set the source to “AP”")
    afp = "Fans cheer in Lyon, France, June 3, 2021. (Photo by ADA BRIN/AFP via Getty Images)"
    assert source_fix(afp, "Xinhua").replacement == "AFP"
    pa = "Fans cheer in Lyon, France, June 3, 2021. Photo: Ada Brin/PA Wire"
    assert source_fix(pa, "AFP").replacement == "PA"
    for caption in (ap, afp, pa):  # the fixed field satisfies the rule
        new = source_fix(caption, "Xinhua").replacement
        assert not [f for f in found("credit-metadata-mismatch", {"caption": caption, "source": new})
                    if f.field == "source"]


def test_no_source_fix_where_the_agency_research_gives_no_form():
    """Reuters, EPA, a Getty staff picture (its files carry regional sources: 'Getty Images
    Europe', 'Getty Images North America'), pool and two agencies: the finding has no fix."""
    for caption in (CAPTION,
                    "A boy plays in the snow in Kraków, Poland, 08 February 2026. EPA-EFE/MAREK OLSZAN",
                    "LYON, FRANCE - JUNE 3: Fans cheer. (Photo by Ada Brin/Getty Images)",
                    "Fans cheer in Lyon, France, June 3, 2021. (AP Photo/Sara Lindqvist, Pool)",
                    "Fans cheer in Lyon, France, June 3, 2021. (AP Photo/Sara Lindqvist) REUTERS/Ada Brin"):
        assert source_fix(caption, "Xinhua") is None, caption


LONG_CITY = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"


def _iim(item: Item) -> list:
    return [f for f in check_item(item, CTX) if f.rule == "iim-too-long"]


def test_iim_limits_apply_only_where_an_iim_block_will_be_written():
    """The eleventh walk: a page imported with import-text (caption-only items, no file) got
    iim-too-long, though nothing will ever write an IIM record for it. A photo whose format the
    writer gives IIM gets it, with or without an IIM block now (the writer makes one)."""
    from app.model import FileFacts  # noqa: PLC0415

    fields = {"caption": CAPTION, "city": LONG_CITY}
    assert not _iim(Item(id=1, path=None, kind="caption", fields=dict(fields)))
    for path in ("a.jpg", "a.TIF", "a.png", None):
        assert _iim(Item(id=1, path=path, kind="photo", fields=dict(fields))), path
    for path in ("a.webp", "a.heic", "a.avif", "a.NEF", "a.dng"):
        assert not _iim(Item(id=1, path=path, kind="photo", fields=dict(fields))), path

    def facts(fmt: str) -> FileFacts:
        return FileFacts(path="photo", size=1, mtime_ns=0, content_hash="0", format=fmt)
    # The format read from the file's bytes decides over the name.
    assert _iim(Item(id=1, path="photo", kind="photo", fields=dict(fields), facts=facts("JPEG")))
    assert not _iim(Item(id=1, path="photo.jpg", kind="photo", fields=dict(fields), facts=facts("WEBP")))
