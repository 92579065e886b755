"""Round 38's new caption paths against hostile input (hostile38): the work grows linearly with the input.

Bounded, not timed: the Python-level calls (functions and builtins such as ``str.strip``) that one
call makes are counted with a profile hook, on an input and on the same input twice as long; a
linear path makes about twice the calls, a quadratic one four times.
"""

from __future__ import annotations

from app.credits import parse_credits
from tests.hostile import python_calls as _calls


def _antara(n: int) -> str:
    return " ".join(f"Caption {i}. (ANTARA FOTO/Budi Santoso/foc/18)" for i in range(n))


def test_many_antara_credits_read_linearly():
    # every credit looked at every desk code of the text, cutting out the gap between (indo38's first reading):
    # 3,000 credits in one text, 9 million gaps; each looks only at the codes after it now
    parse_credits(_antara(10))  # caches filled
    small, large = _calls(parse_credits, _antara(300)), _calls(parse_credits, _antara(600))
    assert large < 2.5 * small, (small, large)


def test_antara_codes_still_taken_back():
    # the fix keeps what the codes' reading does: a credit ending before them takes them back into its text
    out = parse_credits("Warga berjalan di Jakarta. ANTARA FOTO/Budi Santoso/foc/18.")
    assert [c.text for c in out] == ["ANTARA FOTO/Budi Santoso/foc/18"]
    out = parse_credits(_antara(3))
    assert [c.text for c in out] == ["(ANTARA FOTO/Budi Santoso/foc/18)"] * 3


def _defects(text: str) -> None:
    from app.credits import credit_defects  # noqa: PLC0415

    for c in parse_credits(text):
        credit_defects(c, text)


def test_a_credit_of_many_possessive_links_checked_linearly():
    # "Domino’s" is an organisation's link since orgs38; the check asked, for each name link, whether any link of
    # the credit is a stock library's: links × links look-ups (4,000 links: 16 million, 6 s in check_item)
    def text(n: int) -> str:
        return "Photo: " + "/".join(["Domino’s", "Anna Berg"] * n)

    _defects(text(5))
    small, large = _calls(_defects, text(200)), _calls(_defects, text(400))
    assert large < 2.5 * small, (small, large)


def test_antara_foto_repeated_parsed_linearly():
    # "ANTARA FOTO/" repeated: every agency link asked the registry about every agency after the second, a question
    # only the first link's reading uses (16,000 repeats: 16 s in parse_credits)
    def text(n: int) -> str:
        return "ANTARA FOTO/ABC DEF/" * n + "foc/18."

    parse_credits(text(5))
    small, large = _calls(parse_credits, text(300)), _calls(parse_credits, text(600))
    assert large < 2.5 * small, (small, large)


def test_fragment_cuts_start_at_a_blank_runs_first_blank():
    # the cut before a bar or slash ("Name | Paper") was tried from every blank of a run: a run of n blanks not
    # before a bar scanned to the run's end from each of them (16,000 blanks after "le lundi 1er": 1.5 s in
    # check_item); now a cut starts at the run's first blank only, as the scan finds it
    from app.credits import _FRAGMENT_END  # noqa: PLC0415

    text = "Anna Berg" + " " * 50 + "| The Paper"
    assert [m.span() for m in _FRAGMENT_END.finditer(text)] == [(9, 61)]
    assert [i for i in range(10, 59) if _FRAGMENT_END.match(text, i)] == []


def test_a_catalog_path_with_a_nul_is_no_crash_of_the_follow():
    # a catalog file another program wrote may hold any text as a path; os.stat raises ValueError on a NUL
    # (not OSError), which stopped every look for changed files (the window's background reread)
    from app.catalog import FileRecord  # noqa: PLC0415
    from app.follow import _changed, disk_stamp  # noqa: PLC0415

    assert _changed(FileRecord(1, "/tmp/x\x00y.jpg", 1, 1, None)) is False
    assert disk_stamp("/tmp/x\x00y.jpg") is None
