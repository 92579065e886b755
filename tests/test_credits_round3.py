"""Issue 12, third round: kinds of credit the first two rounds missed on development folds other
than the sealed one, each case from a development record named beside it (the caption's tail as
published, sometimes shortened). Each kind was seen on at least two folds or is a generic
reading (an e-mail address, a word run into the credit), never one caption's pattern."""

from __future__ import annotations

import pytest

from app.credits import parse_credits

AP = "Associated Press"


def _one(caption: str):
    got = parse_credits(caption)
    assert len(got) == 1, got
    return got[0]


@pytest.mark.parametrize(("caption", "photographers", "agencies", "distributor"), [
    # brands that share an owner stay links of their own, in the order written (g5-0251, g2-0303, g4-0265)
    ("Cannes, France, Tuesday, May 15. Photo: Joel C Ryan/Invision/AP", ["Joel C Ryan"], ["Invision", AP], AP),
    ("Moscow\nAndrei Bok / SOPA Images / LightRocket via Getty Images", ["Andrei Bok"],
     ["SOPA Images", "LightRocket", "Getty Images"], "Getty Images"),
    ("Pyongyang. (Korean Central News Agency/Korea News Service via AP)", [],
     ["Korean Central News Agency", "Korea News Service", AP], AP),
    # "EPA/EFE" is two organisations, "EPA-EFE" one (the label policy; g1-0021, g1-0040)
    ("Kyiv, 28 June 2022. (Photo by Oleg Petrasyuk/EPA/EFE)", ["Oleg Petrasyuk"], ["EPA", "EFE"], "EFE"),
    ("Kyiv, 28 June 2022. EPA-EFE/OLEG PETRASYUK", ["OLEG PETRASYUK"], ["EPA-EFE"], None),  # the joint credit (round 35)
])
def test_chains_as_written(caption, photographers, agencies, distributor):
    c = _one(caption)
    assert (c.photographers, c.agencies, c.distributor) == (photographers, agencies, distributor)


def test_a_short_role_code_counts_only_in_capitals():
    # g1-0433: "Ho" ends the name; "HO" is Handout's code
    c = _one("(U.S. Navy photo by Mass Communication Specialist 2nd Class Billy Ho/Released)")
    assert c.photographers == ["Billy Ho"] and not c.handout
    assert _one("Seoul. (REUTERS/HO)").handout


@pytest.mark.parametrize(("caption", "name"), [
    # the photographer signs with an e-mail address, no outlet (g5-0054, g3-0151, g3-0150, g3-0152)
    ("Kids wait as the parade heads down Main Street Tuesday. Eric Johnson/photodesk@austindailyherald.com",
     "Eric Johnson"),
    ("Participants at a rally at Stone Mountain Park on Saturday. Ben Gray / bgray@ajc.com", "Ben Gray"),
    ("I jumped at the chance to make this photograph. Jason Getz jgetz@ajc.com", "Jason Getz"),
    ("A special 12-page print section. 04-18-2020 (Tyson Horne / tyson.horne@ajc.com)", "Tyson Horne"),
])
def test_a_name_and_its_address(caption, name):
    c = _one(caption)
    assert c.photographers == [name] and c.agencies == []


def test_an_address_in_prose_is_no_credit():
    assert parse_credits("Write to the desk at desk@example.com for more.") == []


def test_a_credit_run_into_a_word_starts_inside_it():
    # g5-0284: no space after the sentence's full stop, capitalised words before it
    c = _one("Cranes loom over the site of the Greenland King Blue Condominiums project.FRED LUM/The Globe and Mail")
    assert c.text == "FRED LUM/The Globe and Mail" and c.photographers == ["FRED LUM"]


@pytest.mark.parametrize(("caption", "text", "photographers", "agencies"), [
    # the credit starts after the caption's last words: read from a later word when that fills the
    # slots better (g2-0246, g2-0308, g5-0270)
    ("Pedro Sánchez y Juan Espadas, en el mitin de Dos Hermanas / EFE - Julio Muñoz", "EFE - Julio Muñoz",
     ["Julio Muñoz"], ["EFE"]),
    ("en el complejo «Навка Арена», Москва Сергей Булкин / ТАСС", "Сергей Булкин / ТАСС", ["Сергей Булкин"],
     ["TASS"]),
    ("the series-clinching win vs. the Pittsburgh Penguins Charles LeClaire, USA TODAY Sports",
     "Charles LeClaire, USA TODAY Sports", ["Charles LeClaire"], ["Imagn Images"]),
])
def test_the_credit_starts_where_its_slots_fit(caption, text, photographers, agencies):
    c = _one(caption)
    assert (c.text, c.photographers, c.agencies) == (text, photographers, agencies)


@pytest.mark.parametrize(("caption", "name"), [
    # names of three words stay whole: a given name that is also a place, an initial, a double name
    ("A lighting festival in Bangkok, Thailand, on March 29, 2022. # Soe Zeya Tun / Reuters", "Soe Zeya Tun"),
    ("Damage in Nashville, Tenn. George Walker IV / Tennessean.com", "George Walker IV"),
    ("Dinner. Juan Carlos Hidalgo/EFE", "Juan Carlos Hidalgo"),
    ("Dinner. Joel C Ryan/Invision/AP", "Joel C Ryan"),
])
def test_three_word_names_stay_whole(caption, name):
    assert _one(caption).photographers == [name]


@pytest.mark.parametrize(("caption", "span"), [
    # a registered organisation beside a separator, run into the caption's words (g5-0228)
    ("Mark Humphrey/AP Faith Patton looks over buildings destroyed by storms Tuesday.", "Humphrey/AP"),
    # a short last unit that holds a credit word in Chinese (g4-0236, g4-0250)
    ("陵园内瞻仰侯宝林等中国文化名人的雕像,形式多样,内容丰富。\n龚红斌 摄影报道", "龚红斌 摄影报道"),
    ("表達對現今政策的不滿。(記者馬璿/攝影)", "(記者馬璿/攝影)"),
])
def test_credits_the_parser_cannot_place_are_no_missing_credit(caption, span):
    from app.credits import unplaced_credit

    got = unplaced_credit(caption)
    assert got is not None and caption[got[0]:got[1]] == span


@pytest.mark.parametrize("caption", [
    "Soldiers train on M240b machine guns during an advanced leader course.",
    "成千上万的抗议者聚集在白宫附近的第16街西北角",
    "記者会見に臨む菅義偉官房長官。東日本大震災発生から丸5年を迎え、背景の日の丸には喪章がついている",
])
def test_prose_alone_is_sure_to_have_no_credit(caption):
    from app.credits import unplaced_credit

    assert unplaced_credit(caption) is None


@pytest.mark.parametrize(("caption", "severity"), [
    # another broadcaster's acronym a letter away is another organisation, not a misspelling
    ("Crowds gather in Toronto on Monday, June 3, 2024. (Jane Roe/CBC News)", "info"),
    # a long name a letter or two away is a likely misspelling: a warning
    ("Crowds gather in Toronto on Monday, June 3, 2024. (Jane Roe/Agense France-Presse)", "warning"),
])
def test_unknown_agency_warns_only_on_a_likely_misspelling(caption, severity):
    from app.model import Item
    from app.rules import check_item, make_context

    found = [f for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                   make_context()) if f.rule == "unknown-agency"]
    assert [f.severity.value for f in found] == [severity]


def test_national_agencies_and_broadcasters_are_registered():
    c = _one("Rescuers search the rubble in Kuwait City on Monday. (KUNA/Handout via Reuters)")
    assert c.agencies == ["Kuwait News Agency", "Reuters"] and c.handout
    assert _one("Tokyo, Tuesday. Photo: NHK").agencies == ["NHK"]


@pytest.mark.parametrize(("text", "garbled"), [
    ("³¶¸¸´ÚÅÍ ±è»çºÎ, À¯ÀνÄ", True),  # EUC-KR read as Latin-1 (g6-0074)
    ("10月13日,在??谑忻利惿陈犯浇暮", True),  # "?" for lost Han characters (g2-0163)
    ("РњРѕСЃРєРІР° вчера", True),  # Cyrillic UTF-8 read as cp1251
    ("S?O PAULO", True), ("He said ?Hello? to them", True), ("the 2019?2020 season", True),
    ("Paris ? the capital", True), ("Madrid,Â the city", True),
    # no garbling: a question, a French question's space, a half-width question mark in Chinese,
    # Ukrainian, a web address
    ("What? No way.", False), ("Est-ce vrai ? Oui.", False), ("你好?", False), ("Сіль і хліб", False),
    ("see http://x.com/?id=3", False), ("Москва", False),
])
def test_mojibake_is_found_by_how_encodings_fail(text, garbled):
    from app.rules.text import _garbled_span

    assert (_garbled_span(text) is not None) == garbled
