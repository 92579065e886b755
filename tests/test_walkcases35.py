"""Round 35, a newcomer's wire cases (walk16's list): EPA-EFE's joint credit, the credit a
"Photo credit should read" fix leaves, an IIM copy cut at its byte limit."""

from __future__ import annotations

import pytest

from app.agencies import Registry
from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context

# -- a. "EPA-EFE/NAME": a joint credit of two agencies, not EPA alone -------------------------
# Real captions: dev g50 (rferl.org "(epa-EFE/Gailan Haji)", libertatea.ro "EPA-EFE/STRINGER").


@pytest.mark.parametrize("caption, photographers", [
    ("Female Peshmerga officers celebrate in Iraq's Kurdistan region. (epa-EFE/Gailan Haji)", ["Gailan Haji"]),
    ("Smoke billows after a drone attack in Kyiv, Ukraine, 19 December 2022. EPA-EFE/STRINGER", []),
    ("Storks nest on a chimney in Alcala, Spain, 12 March 2018. © epa-efe / Jorge Salinas", ["Jorge Salinas"]),
])
def test_epa_efe_reads_as_the_joint_credit_of_epa_and_efe(caption: str, photographers: list[str]) -> None:
    """Before: agencies ["EPA"], EFE lost (walk16); the registry now holds the joint credit
    with both agencies in chain order."""
    (credit,) = parse_credits(caption)
    assert credit.photographers == photographers
    assert credit.agencies == ["EPA-EFE"] and credit.distributor is None
    reg = Registry.load()
    assert reg.get("EPA-EFE").members == ("EPA", "EFE")
    assert reg.with_members(frozenset(credit.agencies)) == {"EPA-EFE", "EPA", "EFE"}


def test_epa_alone_and_epa_slash_efe_stay_as_they_were() -> None:
    """EPA's own credit before and after the joint one is EPA; "EPA/EFE" is two organisations."""
    (epa,) = parse_credits("Gravediggers pose in Debrecen. (epa/Zsolt Czegledi)")
    assert epa.agencies == ["EPA"]
    (two,) = parse_credits("Kyiv, 28 June 2022. (Photo by Oleg Petrasyuk/EPA/EFE)")
    assert two.agencies == ["EPA", "EFE"] and two.distributor == "EFE"


@pytest.mark.parametrize("credit_line, source", [("EPA", "EPA"), ("EPA-EFE", "EPA"), ("EFE", "EFE")])
def test_a_field_naming_a_member_agrees_with_the_joint_credit(credit_line: str, source: str) -> None:
    """EPA-EFE's files carry Credit "EPA-EFE" and Source "EPA": a field naming one of the
    joint credit's agencies is no mismatch with the caption's "EPA-EFE/NAME"."""
    item = Item(id=1, path=None, kind="caption", fields={
        "caption": "A boy plays in the snow in Kraków, Poland, 08 February 2026. EPA-EFE/MAREK OLSZAN",
        "creators": ["MAREK OLSZAN"], "credit_line": credit_line, "source": source})
    assert [f for f in check_item(item, make_context()) if f.rule == "credit-metadata-mismatch"] == []


def test_another_agency_still_disagrees_with_the_joint_credit() -> None:
    item = Item(id=1, path=None, kind="caption", fields={
        "caption": "A boy plays in the snow in Kraków, Poland, 08 February 2026. EPA-EFE/MAREK OLSZAN",
        "creators": ["MAREK OLSZAN"], "credit_line": "AFP", "source": "AFP"})
    found = [f for f in check_item(item, make_context()) if f.rule == "credit-metadata-mismatch"]
    assert {f.field for f in found} == {"credit_line", "source"}
    assert all("is EPA-EFE but" in f.message for f in found)


# -- b. "Photo credit should read …": the fix writes the agency's own caption form ------------
# Dev: g11-0073 (breitbart.com) and g50-0011/0012 (foreignpolicy.com) carry Getty's directive for
# an AFP picture after AFP's inline credit; g50-0009 (github.com, PA's delivered caption) PA's. The
# captions below keep a dev caption's body with the directive as its only credit, the case whose fix
# left the bare credit line ("Name/AFP via Getty Images", walk16).

BODY = "Chinese President Xi Jinping (L) shakes hand with Czech President Milos Zeman on March 29, 2016, in Prague."


def _directive_fix(caption: str) -> str | None:
    item = Item(id=1, path=None, kind="caption", fields={"caption": caption})
    found = [f for f in check_item(item, make_context()) if f.rule == "credit-directive"]
    assert len(found) == 1
    return found[0].fix.apply(caption) if found[0].fix else None


@pytest.mark.parametrize("directive, fixed", [
    # Getty moving AFP's picture: Getty's caption form (before: "MICHAL CIZEK/AFP via Getty Images")
    ("(Photo credit should read MICHAL CIZEK/AFP/Getty Images)", "(Photo by MICHAL CIZEK/AFP via Getty Images)"),
    ("(Photo credit should read MICHAL CIZEK/AFP via Getty Images)", "(Photo by MICHAL CIZEK/AFP via Getty Images)"),
    # a Getty staff picture (before: "Spencer Platt/Getty Images"; Getty writes g50-0013's form)
    ("(Photo credit should read Spencer Platt/Getty Images)", "(Photo by Spencer Platt/Getty Images)"),
    # AFP's own caption today (before: "MICHAL CIZEK / AFP")
    ("(Photo credit should read MICHAL CIZEK/AFP)", "(Photo by MICHAL CIZEK / AFP)"),
])
def test_a_directive_that_is_the_only_credit_becomes_the_agencys_caption_form(directive: str, fixed: str) -> None:
    assert _directive_fix(f"{BODY} {directive}") == f"{BODY} {fixed}"


@pytest.mark.parametrize("caption, fixed", [
    # beside AFP's own inline credit (dev g50-0012, g11-0073's form): Getty's form already
    (f"{BODY} / AFP / Michal Cizek (Photo credit should read MICHAL CIZEK/AFP/Getty Images)",
     f"{BODY} (Photo by MICHAL CIZEK/AFP via Getty Images)"),
    # PA's credit is its own form in a caption too (dev g50-0009): no brackets, no lead-in
    ("England's Moeen Ali plays at Headingley, Leeds, June 24, 2014. Photo credit should read Martin Rickett/PA Wire.",
     "England's Moeen Ali plays at Headingley, Leeds, June 24, 2014. Martin Rickett/PA Wire"),
])
def test_the_forms_that_were_right_stay(caption: str, fixed: str) -> None:
    assert _directive_fix(caption) == fixed


# -- c. An IIM Credit cut at its 32 bytes while the XMP copy holds it whole ------------------
# Files made by ExifTool, which cuts IPTC:Credit at its limit as a wire's system does; ExifTool is
# also the oracle of the fix's write: the two copies agree and every other tag reads the same.

CAPTION = ("Chinese President Xi Jinping shakes hand with Czech President Milos Zeman on March 29, 2016, "
           "in Prague. (Photo by MICHAL CIZEK/AFP via Getty Images)")


def _exiftool_photo(tmp_path, exiftool: str, credit: str):
    import subprocess

    from tests.imagefactory import jpeg_bytes

    path = tmp_path / "cut.jpg"
    path.write_bytes(jpeg_bytes())
    # without -m: ExifTool cuts the IIM copy at its limit ("[Minor] IPTC:Credit exceeds length limit")
    subprocess.run([exiftool, "-q", "-overwrite_original", "-IPTC:CodedCharacterSet=UTF8",
                    f"-XMP-photoshop:Credit={credit}", f"-IPTC:Credit={credit}", f"-XMP-dc:Description={CAPTION}",
                    f"-IPTC:Caption-Abstract={CAPTION}", "-XMP-dc:Creator=MICHAL CIZEK", "-IPTC:By-line=MICHAL CIZEK",
                    "-XMP-photoshop:Source=AFP", "-IPTC:Source=AFP", "-IPTC:City=Prague", str(path)],
                   check=True, capture_output=True)
    return path


def _too_long(item):
    return [f for f in check_item(item, make_context()) if f.rule == "iim-too-long" and f.field == "credit_line"]


@pytest.mark.exiftool
def test_a_credit_cut_in_iim_is_named_and_shortened_with_the_agencys_code(tmp_path, exiftool):
    from app.metadata.write import write_file
    from tests.test_write import item_for
    from tests.test_write_oracle import exiftool_json

    path = _exiftool_photo(tmp_path, exiftool, "Agence France-Presse via Getty Images")
    before = exiftool_json(exiftool, path, copies=False)
    assert before["IPTC:Credit"] == "Agence France-Presse via Getty I"  # ExifTool cut it at 32 bytes
    item = item_for(path)
    (found,) = _too_long(item)
    assert "the file's IIM copy is cut to “Agence France-Presse via Getty I”" in found.message
    assert found.fix is not None and found.fix.replacement == "AFP via Getty Images"  # Getty's own line
    new = found.fix.apply(item.fields["credit_line"])
    outcome = write_file(item_for(path, credit_line=new))
    assert outcome.status == "written", outcome.message
    after = exiftool_json(exiftool, path, copies=False)
    assert after["IPTC:Credit"] == after["XMP-photoshop:Credit"] == "AFP via Getty Images"
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    # File:CurrentIPTCDigest is ExifTool's MD5 of the IIM block it reads, not a tag the file stores
    assert changed <= {"IPTC:Credit", "XMP-photoshop:Credit", "File:CurrentIPTCDigest"}, changed
    assert "Photoshop:IPTCDigest" not in after  # the file had no stored digest; the write adds none
    assert _too_long(item_for(path)) == []


@pytest.mark.exiftool
def test_a_credit_the_codes_cannot_shorten_enough_says_why(tmp_path, exiftool):
    from tests.test_write import item_for

    path = _exiftool_photo(tmp_path, exiftool, "MICHAL CIZEK/Agence France-Presse via Getty Images")
    (found,) = _too_long(item_for(path))
    assert found.fix is None
    assert "the file's IIM copy is cut to “MICHAL CIZEK/Agence France-Press”" in found.message
    assert "with the agencies' codes, “MICHAL CIZEK/AFP via Getty Images”, it is still 33 bytes" in found.message


@pytest.mark.exiftool
def test_a_credit_without_an_agency_code_says_so(tmp_path, exiftool):
    from tests.test_write import item_for

    path = _exiftool_photo(tmp_path, exiftool, "Photographed for The Harbor Gazette Weekend")
    (found,) = _too_long(item_for(path))
    assert found.fix is None and "no agency in it has a shorter code" in found.message


def test_the_joint_credit_keeps_epas_month_habit() -> None:
    """Dev g5-0224 (EPA-EFE spells months out, as EPA does): month-style still asks for
    "January" once the credit reads as EPA-EFE rather than EPA."""
    caption = ("People stand on an overlook above the fog line on the Uetliberg in Zurich, Switzerland on Jan. 2, 2020. "
               "WALTER BIERI, EPA-EFE")
    item = Item(id=1, path=None, kind="caption", fields={"caption": caption})
    found = [f for f in check_item(item, make_context()) if f.rule == "month-style"]
    assert len(found) == 1 and found[0].fix is not None and "January" in found[0].fix.replacement
