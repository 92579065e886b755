"""Round 39, a second reader of the round (REVIEW.md, "Round 39, a second reader of the round").

A credit word (caption_words.toml [credit_words]: "photo", "Bild", and round 39's "screenshot") that opens a short
last piece of the caption, or follows a capitalised word there ("Tribune photo: Name"), marks a credit the parser
could not place, so missing-credit is not sure. A sentence's first word is capitalised too: after a capitalised
article, demonstrative or possessive ("The screenshot went viral.", "Das Bild zeigt …") the word is a noun of the
sentence, prose as after a small word, and the caption without a credit keeps its error."""

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()
BODY = "Fans cheer in Lyon, France, on June 3, 2021."


def _rules(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


def test_a_credit_word_after_a_sentence_opening_determiner_is_prose():
    for tail in ("The screenshot went viral.", "A photo of it hangs in the hall.", "Her picture hangs in the hall.",
                 "Das Bild zeigt den Platz."):
        got = _rules(f"{BODY} {tail}")
        assert "missing-credit" in got and "unrecognised-credit" not in got, (tail, got)


def test_a_credit_word_after_a_name_or_alone_still_marks_an_unplaced_credit():
    # the forms the word list is for (dev g10-0011 "Paper photo: Name"; correctiv.org g46's "Screenshot aus …")
    for tail in ("Tribune photo: see below", "Screenshot aus dem Archiv", "(Left photo see below)"):
        got = _rules(f"{BODY}\n{tail}")
        assert "missing-credit" not in got and "unrecognised-credit" in got, (tail, got)
