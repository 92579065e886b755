"""Issue 12, round 10: general statements from the remaining development misses (dev10)."""

from __future__ import annotations

from app.credits import parse_credits


def _read(text: str) -> list[tuple]:
    return [(c.text, c.photographers, c.agencies) for c in parse_credits(text)]


def test_separator_run_into_the_full_stop_ends_the_sentence() -> None:
    # g1-0153: "… Park Won-soon./ Courtesy of …" names no photographer; the separator is the credit's
    got = parse_credits("Guests listen, among them Seoul Mayor Park Won-soon./ Courtesy of Ewha Womans University")
    assert [(c.text, c.photographers, c.agencies) for c in got] == [
        ("/ Courtesy of Ewha Womans University", [], ["Ewha Womans University"])]
    # spaced on both sides the separator stays outside, as before (the labelled set's form)
    assert _read("Migrants rest in Ciudad Juarez, Mexico, on May 9, 2023. / AFP / HERIBERTO RUIZ") == [
        ("AFP / HERIBERTO RUIZ", ["HERIBERTO RUIZ"], ["AFP"])]


def test_a_leadin_after_the_separator_is_read_whole() -> None:
    got = parse_credits("Lawmakers meet in Seoul, Tuesday./ Korea Times photo by Shim Hyun-chul")
    assert [(c.photographers, c.agencies) for c in got] == [(["Shim Hyun-chul"], ["Korea Times"])]


def test_a_date_is_never_a_name() -> None:
    # g3-0041, g5-0306: a month and its day, or a weekday, where a name would stand
    assert parse_credits("a launch window that opens at 2:00 p.m. EST, April 4 KSC-97pc564") == []
    assert _read("A man walks in Busan on Tuesday./Yonhap") == [("/Yonhap", [], ["Yonhap"])]
    assert not any("July 26" in c.photographers for c in parse_credits("(ROK) July 26, 2010. [Agencies]"))
    # a given name that is a month's stays one ("May Smith/AP")
    assert _read("Crowds gather in Rome. May Smith/AP") == [("May Smith/AP", ["May Smith"], ["Associated Press"])]


def test_free_leadin_credit_goes_on_past_the_slash() -> None:
    # g5-0262: "… on Friday/ Photo by Name/UPI" keeps UPI
    assert _read('… the film "Sybil" on Friday/ Photo by David Silpa/UPI') == [
        ("Photo by David Silpa/UPI", ["David Silpa"], ["UPI"])]


def test_role_word_before_photo_by_is_a_flag_not_an_organisation() -> None:
    # g5-0325: "© Pool photo by Name" is a pool picture by Name, no organisation "Pool"
    got = parse_credits("Putin attends a meeting in Moscow on Tuesday.\n© Pool photo by Mikhail Metzel")
    assert [(c.text, c.photographers, c.agencies, c.pool) for c in got] == [
        ("© Pool photo by Mikhail Metzel", ["Mikhail Metzel"], [], True)]
    got = parse_credits("Putin in Moscow. (Handout photo by Mikhail Metzel)")
    assert [(c.photographers, c.agencies, c.handout) for c in got] == [(["Mikhail Metzel"], [], True)]
    # an organisation there is still the source ("U.S. Navy photo by Name")
    got = parse_credits("Sailors in San Diego. (U.S. Navy photo by Jane Roe)")
    assert [(c.photographers, c.agencies) for c in got] == [(["Jane Roe"], ["U.S. Navy"])]


def test_a_wire_mark_in_capitals_starts_the_credit_after_unpunctuated_words() -> None:
    # g6-0036: Reuters' slideshow caption without its full stop before "REUTERS/Name"
    text = "Deyverson celebrates with Atletico Mineiro's Hulk REUTERS/Cris Mattos     TPX IMAGES OF THE DAY"
    assert _read(text) == [("REUTERS/Cris Mattos", ["Cris Mattos"], ["Reuters"])]


def test_quotes_around_a_name_are_typography() -> None:
    # g2-0372: Hebrew "''מעריב''"
    got = parse_credits("תערוכה בתל-אביב.\nצילום: ברקאי וולפסון, ''מעריב''")
    assert [(c.photographers, c.agencies) for c in got] == [(["ברקאי וולפסון"], ["מעריב"])]


def test_desk_markers_and_rights_notes_are_no_organisation() -> None:
    # g6-0082: Sipa's "***, Model Release: no" after the credit; g6-0139: "Crown Copyright"
    got = parse_credits("A strike on Gaza. Credit:IDF/GPO/SIPA/ Profimedia Images ***, Model Release: no")
    assert got and got[-1].agencies[-1] == "Profimedia Images"
    got = parse_credits("He was flown home. REUTERS/Sgt Ralph Merry/Royal Air Force/MoD/Crown Copyright/Handout via Reuters")
    assert "Crown Copyright" not in got[0].agencies and got[0].handout


def test_company_legal_form_after_a_comma_is_the_name_s_end() -> None:
    # g2-0086: ", Inc." is no separator and keeps its full stop
    got = parse_credits("A work by Warhol.\nPHOTOGRAPHER : REUTERS/The Andy Warhol Foundation for the Visual Arts, "
                        "Inc./Handout via Reuters")
    assert [(c.agencies, c.distributor, c.handout) for c in got] == [
        (["The Andy Warhol Foundation for the Visual Arts, Inc.", "Reuters"], "Reuters", True)]
