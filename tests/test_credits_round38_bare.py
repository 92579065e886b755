"""Round 38 (issue 12): a photographer's bare name after the caption, and El País's "NAME (AGENCY)".

A page that joins its caption field and its credit field leaves the photographer's name in mixed case
alone after the caption's last full stop ("… shoes. Whitney Hayes"; dev g66 teenvogue.com,
businessinsider.com, usatoday.com, with g53 elpais.com, g33 iltalehti.fi). The parser reads it when the
name lists know one of its words, two or three words, no title's stop before it, no organisation in it;
an unsure name stays unrecognised-credit (information), never missing-credit (an error).
"""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def rules_of(caption: str) -> set[tuple[str, str]]:
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)
    return {(f.rule, f.severity.value if hasattr(f.severity, "value") else str(f.severity)) for f in found}


def people(caption: str) -> list[tuple[list[str], list[str]]]:
    return [(c.photographers, c.agencies) for c in parse_credits(caption, "caption")]


@pytest.mark.parametrize("caption, name", [
    ("Aoki Lee Simmons wears Chanel jacket, shorts, belt and shoes. Whitney Hayes", "Whitney Hayes"),
    ("Roma Jayne underwent bariatric weight loss surgery in 2023. Emma Roma Jayne", "Emma Roma Jayne"),
    # the caption field ends in a no-break space before the credit field (USA TODAY's galleries)
    ("It's heartwarming and really tense during one scene (you know the one).\u00a0 Bill Heitzel", "Bill Heitzel"),
])
def test_a_listed_name_after_the_last_full_stop_is_the_credit(caption, name):
    (c,) = parse_credits(caption, "caption")
    assert c.photographers == [name] and not c.agencies and caption[c.start:c.end] == name
    assert not any(rule == "missing-credit" for rule, _ in rules_of(caption))


@pytest.mark.parametrize("caption", [
    "Das ist die Fernsehkarriere von Dr. Peter Scholl-Latour.",  # a title's stop: the name is the sentence's
    "Julia is a new character, scheduled to debut on April 10, who has autism. Zach Hyman Sesame Workshop",
    "Fans gather in the square on Tuesday. Buenos Aires",  # a place
    "Residents clear debris on Tuesday, March 3, 2020, said Jane Roe.",  # in its sentence
    "Fans gather in the square on Tuesday. JANE ROE AP",  # capitals: the older forms' business
])
def test_look_alikes_are_not_read_as_a_bare_name(caption):
    assert all(ph != ["Zach Hyman"] and "Jane Roe" not in ph and "Buenos Aires" not in ph
               and "Peter Scholl-Latour" not in ph for ph, _ in people(caption))


def test_a_name_the_lists_do_not_know_gets_information_never_an_error():
    caption = "She turned her talents on a legend of music: Billie Holliday.\u00a0 Evgenia Eliseeva"
    assert parse_credits(caption, "caption") == []
    found = {rule for rule, _ in rules_of(caption)}
    assert "unrecognised-credit" in found and "missing-credit" not in found


@pytest.mark.parametrize("caption, name", [
    ("Campamento para migrantes en Shengjin (Albania), el 1 de agosto de 2024. Alketa Misja "
     "(dpa/picture alliance via Getty)", "Alketa Misja"),
    ("Agentes de la policía italiana en Gjadër (Albania), el 11 de octubre. Florion Goga (REUTERS)", "Florion Goga"),
    ("Gustavo Petro, en la Casa de Nariño, en Bogotá, el 2 de mayo.Fernando Vergara (AP)", "Fernando Vergara"),
])
def test_el_pais_name_before_the_agencys_bracket_is_the_photographer(caption, name):
    (c,) = parse_credits(caption, "caption")
    assert c.photographers == [name] and c.agencies
    assert caption[c.start:c.end].startswith(name)


def test_an_unknown_bracket_after_a_name_is_no_slot():
    # the slot is vouched for by a registered agency's bracket only
    assert all("Jane Doe" not in ph for ph, _ in people("The team trained on Tuesday. Jane Doe (Oakwood Rovers)"))
