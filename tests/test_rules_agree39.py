"""Round 39 (agree39): a caption's credit against the credit field, and the credit directive's fix, on the
captions walk22's sports desk wrote in the agencies' documented forms (REVIEW "Round 39, walk22")."""

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def _found(fields: dict) -> dict[str, list]:
    out: dict[str, list] = {}
    for f in check_item(Item(id=1, path=None, kind="caption", fields=fields), CTX):
        out.setdefault(f.rule, []).append(f)
    return out


def test_directive_fix_keeps_the_brackets_the_directive_gives():
    caption = ("Harbor City Mariners quarterback Jordan Lee (3) kneels to end the game, Saturday, Dec. 5, 2026, in "
               "Harbor City, Md. Photo credit should read: (AP Photo/Nick Wass)")
    (f,) = _found({"caption": caption})["credit-directive"]
    assert f.fix.replacement.strip() == "(AP Photo/Nick Wass)"
    # without brackets the directive's credit is still written as the credit line gives it
    (f,) = _found({"caption": caption.replace("(AP Photo/Nick Wass)", "AP Photo/Nick Wass")})["credit-directive"]
    assert f.fix.replacement.strip() == "AP Photo/Nick Wass"


FIFA = ("WASHINGTON, DC - DECEMBER 05: A general view of the stage during the FIFA World Cup 2026 draw at the Kennedy "
        "Center on December 05, 2026 in Washington, DC. (Photo by Justin Setterfield – FIFA/FIFA via Getty Images)")
IMAGN = ("Dec 5, 2026; Washington, District of Columbia, USA; Fans watch during the second half at Capital One Arena. "
         "Mandatory Credit: Reggie Hildred-Imagn Images via Reuters")


def test_credit_line_naming_the_captions_organisations_is_the_same_credit():
    # the credit line is the caption credit's chain without the photographer: its "FIFA" is the caption's
    # organisation, not a photographer
    found = _found({"caption": FIFA, "credit_line": "FIFA via Getty Images", "source": "FIFA",
                    "creators": ["Justin Setterfield"]})
    assert "conflicting-credits" not in found
    assert "credit-metadata-mismatch" not in found
    # a photographer's name in the credit line that the caption does not give is still a conflict
    (f,) = _found({"caption": FIFA, "credit_line": "Jane Roe via Getty Images"})["conflicting-credits"]
    assert "different photographers" in f.message


def test_credit_line_naming_the_distributor_alone_is_a_link_of_the_chain():
    # Reuters' data says nothing of its line for a partner's picture: "Reuters" names the chain's distributor
    found = _found({"caption": IMAGN, "credit_line": "Reuters", "source": "Reuters", "creators": ["Reggie Hildred"]})
    assert "credit-metadata-mismatch" not in found
    # an organisation the caption does not name is still a disagreement
    (f,) = _found({"caption": IMAGN, "credit_line": "AFP"})["credit-metadata-mismatch"]
    assert "AFP" in f.message
    # Getty's data says its line for a partner's picture names the partner ("AFP via Getty Images"): kept
    caption = "Fans cheer in Lyon, France, on June 3, 2021. (Photo by Jane Roe/AFP via Getty Images)"
    (f,) = _found({"caption": caption, "credit_line": "Getty Images"})["credit-metadata-mismatch"]
    assert f.fix.replacement == "AFP via Getty Images"


def test_staff_photo_by_after_a_sentence_that_ends_in_an_initial_is_the_staff_credit():
    from app.credits import parse_credits

    # "STAFF PHOTO BY Name": the newspaper's staff photographer, no organisation; the sentence before it ends
    # in "Lot C.", which reads like an initial
    caption = "Fans tailgate in Lot C before the Mariners game, Saturday, Dec. 5, 2026. STAFF PHOTO BY Jerry Jackson"
    for text in (caption, "Fans tailgate in Lot C. STAFF PHOTO BY Jerry Jackson",
                 "Fans tailgate in Lot C. Staff photo by Jerry Jackson"):
        (c,) = parse_credits(text)
        assert (c.photographers, c.agencies) == (["Jerry Jackson"], [])
        assert c.text.casefold() == "staff photo by jerry jackson"
    (c,) = parse_credits("Fans tailgate in Lot C. Pool photo by Jerry Jackson")
    assert (c.photographers, c.agencies, c.pool) == (["Jerry Jackson"], [], True)
    # an organisation's own "<Source> photo by" keeps its source, full stops and all
    (c,) = parse_credits("Sailors stand on the deck of the USS Ford. U.S. Navy photo by Jerry Jackson")
    assert (c.photographers, c.agencies) == (["Jerry Jackson"], ["U.S. Navy"])
