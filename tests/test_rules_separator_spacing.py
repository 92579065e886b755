"""A slash spaced on one side inside a credit the parser reads whole ("EFE/ Juan Pérez") is a typographic
fault, not a broken credit: a warning with the fix, so a gate does not stop every EFE picture as
delivered (walk19, a Spanish desk). Where the parser stopped at such a slash and left a word unread
("Gomes/ G1") the credit is not surely read, and it stays an error."""

from app.model import Item, Severity
from app.rules import check_item, make_context

CTX = make_context(publish_date="2026-12-07")
BODY = "Varias personas pasean por la Puerta del Sol de Madrid, España, el 7 de diciembre de 2026."


def malformed(caption: str) -> list:
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)
    return [f for f in found if f.rule == "malformed-credit"]


def test_efe_with_a_space_after_the_slash_is_a_warning_with_the_fix():
    caption = f"{BODY} EFE/ Juan Pérez"
    (f,) = malformed(caption)
    assert f.severity is Severity.WARNING
    assert "one side" in f.message
    assert f.fix is not None
    fixed = caption[:f.fix.start] + f.fix.replacement + caption[f.fix.end:]
    assert fixed.endswith("EFE/Juan Pérez")
    assert malformed(fixed) == []


def test_a_space_before_the_slash_only_is_a_warning_too():
    (f,) = malformed(f"{BODY} Juan Pérez /EFE")
    assert f.severity is Severity.WARNING


def test_a_slash_the_parser_stopped_at_stays_an_error():
    (f,) = malformed(f"{BODY} Foto: Ada Brin/ G1")
    assert f.severity is Severity.ERROR


def test_a_credit_without_the_space_gets_nothing():
    assert malformed(f"{BODY} EFE/Juan Pérez") == []
