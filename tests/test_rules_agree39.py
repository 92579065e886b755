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

