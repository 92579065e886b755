"""Credit parsing, grammar defects, house styles and rendering, and ``creditline parse-credit``."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.credits import Defect, caption_says_file, credit_defects, parse_credits, render_credit
from app.house_style import HouseStyle, available_styles
from tests.creditcase import one

# ---------------------------------------------------------------------------
# parsing


def test_ap_signoff_span_and_fields():
    text = "Voters queue in Dover, Del., Tuesday, Sept. 9, 2025. (AP Photo/Ines Varga)"
    c = one(text)
    assert (c.text, c.photographers, c.agencies, c.form) == ("(AP Photo/Ines Varga)", ["Ines Varga"],
                                                             ["Associated Press"], "ap-signoff")
    assert text[c.start:c.end] == c.text and c.end == len(text)
    assert c.distributor is None and not (c.file or c.pool or c.handout or c.stringer or c.courtesy)
    assert c.field == "caption"


def test_two_credits_in_one_caption_in_order():
    text = "Crowds gather in Lima. (AP Photo/Rosa Quispe) (credit:ASSOCIATED PRESS)"
    a, b = parse_credits(text)
    assert a.form == "ap-signoff" and b.form == "cms"
    assert a.end <= b.start
    assert b.photographers == [] and b.agencies == ["Associated Press"]


def test_whole_field_is_one_statement():
    c = one("JOHN DOE/AFP via Getty Images", "credit_line")
    assert (c.start, c.end, c.photographers, c.agencies, c.distributor) == (
        0, 29, ["JOHN DOE"], ["AFP", "Getty Images"], "Getty Images")
    assert one("AFP/Getty Images", "credit_line").photographers == []
    assert one("AFP", "source").agencies == ["AFP"]


def test_source_first_then_wire():
    c = one("A man walks. (Lena Hoffmann/The Boston Globe via AP)")
    assert c.agencies == ["The Boston Globe", "Associated Press"]
    c = one("Missiles on parade. REUTERS/KCNA")
    assert c.agencies == ["Korean Central News Agency", "Reuters"] and c.photographers == []


AP, GETTY, KCNA = "Associated Press", "Getty Images", "Korean Central News Agency"


@pytest.mark.parametrize(("text", "agencies", "distributor"), [
    # one agency alone: its staff's credit
    ("(AP Photo/Jane Roe)", [AP], None),
    ("REUTERS/Jane Roe", ["Reuters"], None),
    ("Jane Roe/Getty Images", [GETTY], None),
    ("Jane Roe/Getty Images for MTV", [GETTY], None),  # Getty staff on assignment for a client
    ("(Photo by Jane Roe/AP Photo/File)", [AP], None),
    # a chain: the last agency moved the picture, however it is written
    ("Kent Nishimura/AFP via Getty Images", ["AFP", GETTY], GETTY),
    ("KENT NISHIMURA/AFP/Getty Images", ["AFP", GETTY], GETTY),
    ("Lars Baron/Bongarts/Getty Images", ["Bongarts", GETTY], GETTY),  # a Getty collection
    ("Keystone/Hulton Archive/Getty Images", ["Keystone", "Hulton Archive", GETTY], GETTY),
    ("Brian Gottesman/The New York Times via AP", ["The New York Times", AP], AP),
    ("REUTERS/KCNA", [KCNA, "Reuters"], "Reuters"),  # the wire's prefix before a third party
    ("AFP PHOTO/ARASH KHAMOOSHI/ISNA", ["ISNA", "AFP"], "AFP"),
    # written order: a wire's mark in the middle is a link like any other (real dev g1-0070)
    ("Owen Humphreys/AP Photo/PA Wire", [AP, "PA Media"], "PA Media"),
    ("Name for The Times via Getty Images", ["The Times", GETTY], GETTY),
    ("REUTERS/Wilson Dias/Agencia Brasil/Handout via Reuters", ["Agencia Brasil", "Reuters"], "Reuters"),
    # "via" names a distributor even when it is the only agency
    ("Handout via REUTERS", ["Reuters"], "Reuters"),
    ("Stephen Crowley/Pool Photo via AP", [AP], AP),
    ("JOHN DOE via Getty Images", [GETTY], GETTY),
    # roles are flags, not links of the chain
    ("AFP PHOTO / POOL / Emmanuel DUNAND", ["AFP"], None),
    ("Aaron Chown - Pool/Getty Images", [GETTY], None),
    ("REUTERS/Handout", ["Reuters"], None),
    ("State Department photo by Chuck Kennedy/ Public Domain", ["State Department"], None),
])
def test_agencies_are_the_chain_and_the_distributor_is_its_last_link(text, agencies, distributor):
    c = one(text, "credit_line")
    assert (c.agencies, c.distributor) == (agencies, distributor)


@pytest.mark.parametrize("text, flag", [
    ("A man walks. REUTERS/Stringer", "stringer"),
    ("A man walks. (Photo by STR / AFP)", "stringer"),
    ("A man walks. (Carl Mendes/Pool Photo via AP)", "pool"),
    ("A man walks. Jonas Ek/Handout via REUTERS", "handout"),
    ("A man walks. Courtesy Alma Ruiz", "courtesy"),
    ("A man walks. REUTERS/Chidi Obi/File Photo", "file"),
    ("A man walks. (AP Photo/Gregory Amsel, File)", "file"),
])
def test_role_words_are_flags_not_names(text, flag):
    c = one(text)
    assert getattr(c, flag)
    lowered = {p.casefold() for p in c.photographers}
    assert not lowered & {"str", "stringer", "pool", "pool photo", "handout", "file", "file photo", "courtesy"}


def test_agency_in_the_name_slot_means_no_photographer():
    assert one("Keystone/Hulton Archive/Getty Images", "credit_line").photographers == []
    assert one("VCG/VCG via Getty Images", "credit_line").photographers == []
    assert one("A man walks. (AP Photo)").photographers == []


def test_via_getty_is_never_a_person():
    for text in ("via Getty Images", "Via Getty Images", "Brent Stirling via Getty Images"):
        c = one(text, "credit_line")
        assert all("getty" not in p.casefold() and "via" not in p.casefold() for p in c.photographers)
        assert c.distributor == "Getty Images"


def test_names_as_written():
    assert one("A man. (Photo by Lucas BRANDT / AFP)").photographers == ["Lucas BRANDT"]
    assert one("A man. (AP Photo/Renée Beaulieu)").photographers == ["Renée Beaulieu"]
    assert one("A man. EPA/RAMÓN DE LA ROSA").photographers == ["RAMÓN DE LA ROSA"]
    assert one("A man. (AP Photo/Tsvangirayi Mukwazhi Jr.)").photographers == ["Tsvangirayi Mukwazhi Jr."]


def test_file_prefix_marks_the_caption_credits():
    text = "FILE - A worker inspects panels in Lancaster, Calif., Sept. 2, 2019. (AP Photo/Yusuf Abdi)"
    assert one(text).file
    assert caption_says_file(text) == (0, 6)
    assert text[slice(*caption_says_file(text))] == "FILE -"
    assert not one("A worker inspects panels. (AP Photo/Yusuf Abdi)").file


@pytest.mark.parametrize("text, marker", [
    ("In this Tuesday, Jan. 29, 2008 file photo, a ship is unloaded.", "In this Tuesday, Jan. 29, 2008 file photo"),
    ("TOPSHOT - FILE - Fans cheer.", "FILE -"),
    ("A flamingo wades, 28 January 2019 (reissued 10 April 2019). EPA-EFE/KATIA CHRISTODOULOU",
     "(reissued 10 April 2019)"),
])
def test_caption_says_file_spans(text, marker):
    span = caption_says_file(text)
    assert span is not None and text[span[0]:span[1]] == marker


@pytest.mark.parametrize("text", ["", "Fans cheer in Lyon.", "The file was sent on Monday.", "Profile photos."])
def test_caption_says_file_negative(text):
    assert caption_says_file(text) is None


@pytest.mark.parametrize("text", [
    "LONDON (Reuters) - The minister said talks would continue.",
    "A Reuters/Ipsos poll showed support falling.",
    "North Korea's Korean Central News Agency (KCNA) said the test was a success.",
    "The band AC/DC performs in Sydney.",
    "He traveled via Heathrow on Monday.",
    "Fans cheer the A/B team in Lyon.",
    "Voters chose (Yes/No) on the ballot.",
])
def test_mentions_of_agencies_are_not_credits(text):
    assert parse_credits(text) == []


def test_broken_credits_are_still_found():
    c = one("A vendor sells bread in Caracas. (AP Photo/Mateo Barrios")
    assert c.text == "(AP Photo/Mateo Barrios" and c.photographers == ["Mateo Barrios"]
    assert one("Crowds. (AP Photo//Gerald Boudreaux)").photographers == ["Gerald Boudreaux"]
    assert one("Smoke. ( AFP PHOTO / NABIL HADDAD)").agencies == ["AFP"]
    assert one("Floods. (ap photo/Dita Putri)").agencies == ["Associated Press"]
    assert one("Police. REUETRS/Santiago Arcos").agencies == ["Reuters"]
    c = one("Skiers. AFP PHOTO / TOBIAS KRANZTOBIAS KRANZ/AFP/Getty Images")
    assert c.photographers == ["TOBIAS KRANZ"] and c.agencies == ["AFP", "Getty Images"]
    assert c.distributor == "Getty Images"


@pytest.mark.parametrize("text", [None, 42, "   ", "(", ")", "()", "(/)", "//", "via", "© ", "(AP Photo/",
                                  "Photo by", "credit:", "\x00\x01", "(" * 500, "a/" * 2000])
def test_garbage_never_raises(text):
    for field in ("caption", "credit_line", "creators"):
        for c in parse_credits(text, field):  # type: ignore[arg-type]
            assert text[c.start:c.end] == c.text


# ---------------------------------------------------------------------------
# defects


def kinds(text: str, field: str = "caption") -> dict[str, Defect]:
    c = one(text, field)
    return {d.kind: d for d in credit_defects(c, text)}


def fixed(text: str, field: str = "caption") -> str:
    c = one(text, field)
    out = text
    for d in sorted(credit_defects(c, text), key=lambda d: d.start, reverse=True):
        assert d.replacement is not None and d.message
        out = out[:d.start] + d.replacement + out[d.end:]
    return out


def test_clean_credits_have_no_defects():
    for text in ("A man. (AP Photo/Ines Varga)", "A man. REUTERS/Tiago Fonseca", "A man. AFP PHOTO / FARID NOORI",
                 "A man. (Photo by Martin Crowe/Getty Images)", "A man. ( Mahmut Demir – Anadolu Agency )",
                 "A man. epa/Rakesh Verma", "A man. (Jane Roe/Pool Photo via AP)"):
        c = one(text)
        assert credit_defects(c, text) == [], text


def test_unbalanced_bracket_is_closed():
    text = "A vendor sells bread. (AP Photo/Mateo Barrios"
    assert "unbalanced-bracket" in kinds(text)
    assert fixed(text) == "A vendor sells bread. (AP Photo/Mateo Barrios)"


def test_wrong_closing_bracket():
    assert fixed("The Rev. Ada Nwosu. (AP Photo/Trent Jasper}") == "The Rev. Ada Nwosu. (AP Photo/Trent Jasper)"


def test_doubled_separator_and_stray_spaces():
    assert fixed("Crowds. (AP Photo//Gerald Boudreaux)") == "Crowds. (AP Photo/Gerald Boudreaux)"
    assert fixed("Smoke. ( AFP PHOTO / NABIL HADDAD)") == "Smoke. (AFP PHOTO / NABIL HADDAD)"
    assert fixed("Gas. (AFP PHOTO /EMRE KAYA)") == "Gas. (AFP PHOTO / EMRE KAYA)"
    assert fixed("Debris. © Rami AL-SAYED/ AFP") == "Debris. © Rami AL-SAYED / AFP"
    assert fixed("Rally. (Photo by Jane Roe /Getty Images)") == "Rally. (Photo by Jane Roe/Getty Images)"


def test_agency_case_and_misspelling():
    d = kinds("Floods. (ap photo/Dita Putri)")["agency-case"]
    assert d.replacement == "AP Photo"
    d = kinds("Police. REUETRS/Santiago Arcos")["misspelt-agency"]
    assert d.replacement == "REUTERS" and "REUETRS" in d.message
    assert fixed("Farm. RETUERS/Mohammad Ponir") == "Farm. REUTERS/Mohammad Ponir"


def test_run_together_name():
    text = "Skiers. AFP PHOTO / TOBIAS KRANZTOBIAS KRANZ/AFP/Getty Images"
    d = kinds(text)["run-together-name"]
    assert text[d.start:d.end] == "TOBIAS KRANZTOBIAS KRANZ" and d.replacement == "TOBIAS KRANZ"


def test_wrong_separators():
    assert fixed("Train. Kyodo/via REUTERS") == "Train. Kyodo via REUTERS"
    # "|" separates like "/" ("Name | Agency"; real dev captions g2-0037, g3-0106 are labelled clean)
    assert fixed("Bus. (AP Photo/Rajib Dhar | Pool)") == "Bus. (AP Photo/Rajib Dhar | Pool)"


# ---------------------------------------------------------------------------
# house styles and rendering


def test_styles_are_bundled_and_documented():
    names = available_styles()
    assert {"agency-native", "publisher"} <= set(names)
    from app.paths import resource

    for name in names:
        head = resource(f"house-styles/{name}.toml").read_text(encoding="utf-8")[:400]
        assert head.startswith("#") and "Keys" in head
        style = HouseStyle.load(name)
        assert style.name == name
    with pytest.raises(KeyError, match="unknown house style"):
        HouseStyle.load("no-such-style")


def test_style_agency_names_are_registry_aliases():
    from app.agencies import Registry

    reg = Registry.load()
    for name in available_styles():
        for canonical, written in HouseStyle.load(name).credit.agency_names.items():
            assert reg.canonical(written) == canonical, (name, written)


@pytest.mark.parametrize("month, ap, full", [(1, "Jan.", "January"), (3, "March", "March"), (7, "July", "July"),
                                             (9, "Sept.", "September"), (12, "Dec.", "December")])
def test_month_conventions(month, ap, full):
    native = HouseStyle.load("agency-native")
    assert native.month_spelling(month, "Associated Press") == ap
    assert native.month_spelling(month, "Xinhua") == ap
    assert native.month_spelling(month, "Reuters") == full
    assert HouseStyle.load("publisher").month_spelling(month, "Reuters") == ap


@pytest.mark.parametrize("source, native, publisher", [
    ("A man. (AP Photo/Jane Roe)", "(AP Photo/Jane Roe)", "Jane Roe/AP"),
    ("A man. REUTERS/Jane Roe", "REUTERS/Jane Roe", "Jane Roe/Reuters"),
    ("A man. (Photo by John Doe/AFP via Getty Images)", "(Photo by John Doe/AFP via Getty Images)",
     "John Doe/AFP via Getty Images"),
    ("A man. EPA-EFE/JANE ROE", "EPA-EFE/JANE ROE", "JANE ROE/EPA-EFE"),  # a joint credit, not EPA alone
    ("A man. EPA/JANE ROE", "EPA/JANE ROE", "JANE ROE/EPA"),
    ("A man. (AP Photo/Jane Roe, File)", "(AP Photo/Jane Roe, File)", "File photo: Jane Roe/AP"),
    ("A man. REUTERS/Stringer", "REUTERS/Stringer", "Stringer/Reuters"),
    ("A man. (Xinhua/Li Ming)", "(Xinhua/Li Ming)", "Li Ming/Xinhua"),
    ("A man. (Official White House Photo by Pete Souza)", "(White House photo by Pete Souza)",
     "Pete Souza/White House"),
    # AFP's own caption today (walk14: the fix offered "AFP PHOTO / Name", its 2009-2015 form)
    ("A man. AFP PHOTO / JANE ROE", "(Photo by JANE ROE / AFP)", "JANE ROE/AFP"),
    ("A man. (Photo by Jane ROE / AFP)", "(Photo by Jane ROE / AFP)", "Jane ROE/AFP"),
    ("A man. (Photo by STR / AFP)", "(Photo by STR / AFP)", "Stringer/AFP"),
    ("A man. (Photo by Ludovic MARIN / POOL / AFP)", "(Photo by Ludovic MARIN / Pool / AFP)", "Ludovic MARIN/Pool/AFP"),
])
def test_render_examples(source, native, publisher):
    c = one(source)
    assert render_credit(c, "agency-native") == native
    assert render_credit(c, HouseStyle.load("publisher")) == publisher
    for rendered in (native, publisher):  # and each rendering reads back as the same credit
        back = one("A man. " + rendered)
        assert (back.photographers, back.agencies, back.distributor, back.file, back.handout) == (
            c.photographers, c.agencies, c.distributor, c.file, c.handout)


def test_render_in_a_credit_field_has_no_caption_parentheses():
    c = one("John Doe/AFP via Getty Images", "credit_line")
    assert render_credit(c, "agency-native") == "John Doe/AFP via Getty Images"


# ---------------------------------------------------------------------------
# CLI


def run_cli(capsys, *argv: str) -> tuple[int, dict | None, str]:
    code = main(["parse-credit", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def test_cli_prints_credits_as_json(capsys):
    code, data, _ = run_cli(capsys, "Fans cheer. (AP Photo/Jane Roe)")
    assert code == 0
    (c,) = data["credits"]
    assert c["photographers"] == ["Jane Roe"] and c["agencies"] == ["Associated Press"]
    assert c["start"] == 12 and c["text"] == "(AP Photo/Jane Roe)" and c["defects"] == []


def test_cli_field_style_and_defects(capsys):
    code, data, _ = run_cli(capsys, "REUETRS/Jane Roe", "--field", "credit_line", "--style", "publisher")
    assert code == 0
    (c,) = data["credits"]
    assert c["field"] == "credit_line" and c["rendered"] == "Jane Roe/Reuters"
    assert [d["kind"] for d in c["defects"]] == ["misspelt-agency"]


def test_cli_no_credit_exits_1(capsys):
    code, data, _ = run_cli(capsys, "Fans cheer in Lyon.")
    assert code == 1 and data == {"credits": []}


@pytest.mark.parametrize("argv, needle", [(["x", "--field", "city"], "--field"),
                                          (["x", "--style", "tabloid"], "unknown house style")])
def test_cli_usage_errors_exit_2(capsys, argv, needle):
    code, data, err = run_cli(capsys, *argv)
    assert code == 2 and data is None and needle in err and "Traceback" not in err


def test_cli_reads_stdin(capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Smoke. Handout via REUTERS\n"))
    code, data, _ = run_cli(capsys, "-")
    assert code == 0 and data["credits"][0]["handout"] is True


def test_defects_need_only_the_span():
    """The rules engine asks with a bare Credit(text, start, end): same defects as for the parsed credit."""
    from app.model import Credit

    for text in ("Gas. (AFP PHOTO /EMRE KAYA)", "Floods. (ap photo/Dita Putri)", "Police. REUETRS/Santiago Arcos",
                 "Skiers. AFP PHOTO / TOBIAS KRANZTOBIAS KRANZ/AFP/Getty Images", "Train. Kyodo/via REUTERS"):
        c = one(text)
        bare = Credit(text=c.text, start=c.start, end=c.end, field=c.field)
        assert credit_defects(bare, text) == credit_defects(c, text) != [], text
        shifted = "x" * 7 + text
        moved = Credit(text=c.text, start=c.start + 7, end=c.end + 7, field=c.field)
        assert [(d.kind, d.start - 7, d.end - 7, d.replacement) for d in credit_defects(moved, shifted)] == [
            (d.kind, d.start, d.end, d.replacement) for d in credit_defects(c, text)]


@pytest.mark.parametrize("text, photographers, agencies", [
    ("Fans cheer. AP Photo", [], ["Associated Press"]),  # NY Post restyle: no brackets, no name
    ("Fans cheer on Tuesday. REUTERS", [], ["Reuters"]),
    ("Fans cheer. Jane Roe | AP Photo", ["Jane Roe"], ["Associated Press"]),  # Sacramento Bee
    ("Fans cheer. Photograph by Jane Roe for The Guardian", ["Jane Roe"], ["The Guardian"]),
    ("Fans cheer. (AP Photo/Jane Roe and John Doe)", ["Jane Roe", "John Doe"], ["Associated Press"]),
    ("Fans cheer. (Texas Parks and Wildlife via AP)", [], ["Texas Parks and Wildlife", "Associated Press"]),
    ("Fans cheer. REUTERS/Jane Roe/Illustration/File Photo", ["Jane Roe"], ["Reuters"]),
])
def test_publisher_restyles(text, photographers, agencies):
    c = one(text)
    assert (c.photographers, c.agencies) == (photographers, agencies)


@pytest.mark.parametrize("text", ["Fans cheer at the AP Photo", "Fans cheer. The photo was taken by AP staff."])
def test_bare_agency_words_inside_a_sentence_are_not_credits(text):
    assert parse_credits(text) == []


@pytest.mark.parametrize("text, agencies", [
    ("A woman votes in Montréal. (Regional Fire Service via AP", ["Regional Fire Service", "Associated Press"]),
    ("Containers in Düsseldorf. (Çağlar Öztürk - Anadolu Agency", ["Anadolu Agency"]),
    ("Fans. (AP Photo", ["Associated Press"]),
])
def test_unclosed_brackets_that_name_an_agency_are_credits(text, agencies):
    c = one(text)
    assert c.agencies == agencies and c.end == len(text)
    assert [d.kind for d in credit_defects(c, text)] == ["unbalanced-bracket"]


@pytest.mark.parametrize("text", ["The mayor (who was elected in 2019", "Fans cheer (see the AP story"])
def test_unclosed_asides_are_not_credits(text):
    assert parse_credits(text) == []


def test_free_standing_official_credit():
    # An organisation's own "photo by" is its staff's picture, not a handout; the rank stays
    # out of the name (real dev g1-0013 to g1-0017)
    text = "Sailors man the rails in San Diego. U.S. Navy photo by Petty Officer Dana Kim. (RELEASE)"
    c = one(text)
    assert c.text == "U.S. Navy photo by Petty Officer Dana Kim" and c.form == "official"
    assert c.agencies == ["U.S. Navy"] and not c.handout and c.photographers == ["Dana Kim"]


def test_free_credit_stops_at_a_bracket():
    c = parse_credits("Sailors. U.S. Navy photo by Mate 3rd Class (AW) Dana Kim")[0]
    assert "(" not in c.text and c.photographers == ["Mate 3rd Class"]


def test_a_lower_case_joining_word_does_not_start_a_name():
    text = "(AP Photo/Jane Roe) and JOHN DOE/AFP/Getty Images"
    first, second = parse_credits(text)
    assert first.photographers == ["Jane Roe"]
    assert second.text == "JOHN DOE/AFP/Getty Images" and text[second.start:second.end] == second.text
    assert second.photographers == ["JOHN DOE"]
    # A particle inside a name still belongs to it.
    (c,) = parse_credits("Lucas de Souza/AFP via Getty Images", field="credit_line")
    assert c.photographers == ["Lucas de Souza"]


def test_a_getty_client_is_kept_as_the_credits_client_and_in_every_rendering():
    # walk18: "(Photo by Scott Taetsch/Getty Images for Harbor City Herons)" kept the client nowhere; it is no
    # agency of the chain (tests/data/README.md), so it is its own field, and a house style keeps "for …"
    (c,) = parse_credits("Herons fans cheer. (Photo by Scott Taetsch/Getty Images for Harbor City Herons)")
    assert c.agencies == ["Getty Images"] and c.distributor is None and c.client == "Harbor City Herons"
    assert render_credit(c, HouseStyle.load("agency-native")) == \
        "(Photo by Scott Taetsch/Getty Images for Harbor City Herons)"
    assert render_credit(c, HouseStyle.load("publisher")).endswith("Getty Images for Harbor City Herons")
    (line,) = parse_credits("Getty Images for Harbor City Herons", field="credit_line")
    assert line.agencies == ["Getty Images"] and line.client == "Harbor City Herons"
    (staff,) = parse_credits("Fans cheer. (Photo by Scott Taetsch/Getty Images)")
    assert staff.client is None


def test_a_name_for_a_publication_is_a_name_agency_form():
    # walk18: "Dana Ortiz for The Harbor Tribune" was parsed right but reported as form "agency-only"
    (c,) = parse_credits("Fans cheer at Harbor Arena. Dana Ortiz for The Harbor Tribune")
    assert c.photographers == ["Dana Ortiz"] and c.agencies == ["The Harbor Tribune"]
    assert c.form == "name-agency" and c.client is None
    (bare,) = parse_credits("(Associated Press)")
    assert bare.form == "agency-only"


def test_a_starred_file_mark_after_the_credit_is_the_captions_file_mark():
    # dev g55-0019, g4-0265 (highergroundtimes.com): "… (AP Photo/Mark Tenally, file) **FILE**" marks the
    # file picture in the caption; it is no desk instruction, and it makes the credit a file photo's
    text = "A general view of FedEx Field in Landover, Md. (AP Photo/Mark Tenally, file) **FILE**"
    assert text[slice(*caption_says_file(text))] == "**FILE**"
    (c,) = parse_credits("Kim Jong Un inspects a site. (Korean Central News Agency/Korea News Service via AP) **FILE**")
    assert c.file and c.distributor == "Associated Press"
