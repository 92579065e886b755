"""Issue 12, fourth round: name lists as data (resources/names.txt, from Faker's lists), Korean and
Chinese names read with them, place phrases the gazetteer lacked, and the person-or-organisation
model's machinery (trained by bench/train_credit_model.py, not shipped: it did not help on the
sealed group)."""

from __future__ import annotations

import pytest

from app import credits
from app.credit_forms import PersonModel, name_features, names, person_model, use_person_model
from app.credits import parse_credits
from app.rules.presence import says_where


def test_names_hold_given_and_family_names_of_many_languages() -> None:
    given, family = names()
    for g in ("john", "maría", "jean", "giuseppe", "ольга", "yuki"):
        assert g in given, g
    for f in ("smith", "müller", "rossi", "김", "李", "佐藤", "欧阳"):
        assert f in family, f
    assert "reuters" not in given and "reuters" not in family


def test_korean_title_of_two_words_is_not_a_second_name() -> None:
    # "선임기자" (senior reporter) is one title; the lazy list of names stops before it (g4-0086)
    got = parse_credits("국회 본회의장에서 참관객들이 본회의장을 관람하고 있다.\n이종원 선임기자 jongwon@seoul.co.kr")
    assert [c.photographers for c in got] == [["이종원"]]
    # two reporters are still two
    got = parse_credits("관람하고 있다.\n김철수 이영희 기자")
    assert [c.photographers for c in got] == [["김철수", "이영희"]]


@pytest.mark.parametrize(("run", "name"), [("李明", "李明"), ("欧阳修", "欧阳修"), ("图李明", "李明"), ("记者李明", "李明"), ("琚振華", "琚振華")])
def test_a_reporters_title_or_the_pictures_word_is_no_part_of_a_chinese_name(run: str, name: str) -> None:
    assert credits._han_name(run) == name


@pytest.mark.parametrize(("text", "where"), [
    ("Two people walk down a flooded section of Interstate 610 on Sunday.", True),
    ("Traffic backs up on I-95 on Monday.", True),
    ("Cars on Highway 1 near the coast.", True),
    ("Ein Unwetter, so wie im brandenburgischen Pösen.", True),
    ("V pražském Karolinu byla zahájena výstava.", True),
    ("Thunderbirds practice over the Charleston AFB flightline.", True),
    ("Dybbøl Mølle uden for Sønderborg fik onsdag fjernet vingerne.", True),
    ("The Model A-4 jet flies past.", False),
    ("The Route to success is long.", False),
    ("He scored 2 goals on Sunday.", False),
])
def test_roads_bases_and_region_adjectives_name_a_place(text: str, where: bool) -> None:
    assert says_where(text) is where


def test_name_features_weigh_evidence_that_holds_on_any_site() -> None:
    from app.credit_forms import forms

    f = forms()

    def feats(name: str) -> dict[str, float]:
        return name_features(name, f.org_words, f.org_endings, f.articles, f.particles, frozenset({"orlando"}),
                             lambda w: w == "AP")

    jane = feats("Jane Roe")
    assert jane["given_first"] == 1.0 and jane["words=2"] == 1.0 and jane["title_case"] == 1.0
    paper = feats("The Harbor Tribune")
    assert "given_first" not in paper and paper["article_first"] == 1.0 and paper["org_word"] == 1.0
    assert feats("KEMMLER")["all_upper"] == 1.0
    assert feats("ROSSI Mario").get("family_given") == 1.0  # the family name first
    assert feats("Orlando Sentinel")["place_first"] == 1.0
    kim = feats("김철수")
    assert kim["caseless"] == 1.0 and kim["cjk_family_first"] == 1.0
    assert feats("시사1")["digit"] == 1.0


def test_no_person_model_is_shipped_and_one_put_in_place_decides_unknown_slots() -> None:
    assert person_model() is None  # the rules alone decide (the model did not help: see the trainer)
    caption = "Fans cheer in Lyon on Sunday. (Dana Ortiz/Harbor Gazette via AP)"
    ruled = parse_credits(caption)[0]
    assert ruled.photographers == ["Dana Ortiz"] and ruled.agencies == ["Harbor Gazette", "Associated Press"]
    try:
        # a model that calls every slot a person: the second slot turns into a photographer
        use_person_model(PersonModel(5.0, {}, {}))
        credits.forget_parses()
        assert parse_credits(caption)[0].photographers == ["Dana Ortiz", "Harbor Gazette"]
    finally:
        use_person_model(None)
        credits.forget_parses()
    assert parse_credits(caption)[0].agencies == ["Harbor Gazette", "Associated Press"]


def test_trace_records_the_slots_the_rules_decide() -> None:
    credits.forget_parses()
    credits.TRACE = []
    try:
        parse_credits("Fans cheer in Lyon on Sunday. (Dana Ortiz/Bakersfield Californian via AP)")
        traced = credits.TRACE
    finally:
        credits.TRACE = None
        credits.forget_parses()
    rules = {name: [k for k in f if k.startswith("rule=")] for name, f in traced}
    assert rules["Dana Ortiz"] == ["rule=person"]
    assert rules["Bakersfield Californian"] == ["rule=org-later"]


def _only(caption: str):
    got = parse_credits(caption)
    assert len(got) == 1, got
    return got[0]


@pytest.mark.parametrize(("caption", "photographers", "agencies"), [
    # a title glued to a word before it is one title: citizen reporter (g7-0014, g7-0090)
    ("물놀이에 한참인 아이들.\n\n고학규 시민기자", ["고학규"], []),
    # "글·사진" (text and photo) before the name, with a space (g7-0091)
    ("풀리길 소망한다.\n\n글·사진 이철훈 시민기자", ["이철훈"], []),
    # an outlet before its reporter without "=" (g7-0087), an outlet word inside its name (g4-0318)
    ("축사를 하고 있다. [한국대학신문 한명섭 기자]", ["한명섭"], ["한국대학신문"]),
    ("시사1 윤여진 기자 | 공수처장이 기자간담회를 갖고 있다.", ["윤여진"], ["시사1"]),
    # the reporter's title after "圖/" is no part of the name (g7-0015)
    ("▲台北101四周開始起霧。(圖/記者楊佩琪攝)", ["楊佩琪"], []),
    # an outlet, a space, its photographer (g7-0071); a slash before 攝影 (g4-0250)
    ("兩部作品脫穎而出。(香港中通社 陳奕啟 攝)", ["陳奕啟"], ["香港中通社"]),
    ("表達對現今政策的不滿。(記者馬璿/攝影)", ["馬璿"], []),
    # 摄影报道 (photo report) after the name (g7-0009)
    ("莫要忘记带上“文明”。\n吕依霖 摄影报道", ["吕依霖"], []),
    # a Japanese honorific is no part of the name (g7-0180); カメラ・ (g7-0141)
    ("嵐山渓谷付近の桜並木(右) 撮影:黒木和美さん", ["黒木和美"], []),
    ("笑顔を見せる山本由伸(カメラ・義村 治子)", ["義村 治子"], []),
])
def test_korean_chinese_and_japanese_credit_forms(caption: str, photographers: list[str], agencies: list[str]) -> None:
    c = _only(caption)
    assert c.photographers == photographers
    assert c.agencies == agencies


def test_chinese_file_mark_agency_release_and_korean_pool() -> None:
    c = _only("贴纸相舖旺角分店已于2月底结束营业。(资料图片;余俊亮摄)")  # g7-0077
    assert c.photographers == ["余俊亮"] and c.file and c.text == "(资料图片;余俊亮摄)"
    c = _only("苏州各个园林景点迎来旅游高峰。新华社发")  # g4-0089: released by Xinhua, no name
    assert c.photographers == [] and c.agencies == ["Xinhua"] and c.distributor == "Xinhua"
    c = _only("국회에서 인사말을 하고 있다. (사진=공동취재단)")  # g6-0227: a press pool's picture
    assert c.agencies == ["공동취재단"] and c.pool
    c = _only("林良平さん(95)の当時の写真(本人提供)")  # g7-0171: the person's own, no organisation
    assert c.agencies == [] and c.handout


def test_a_korean_word_in_brackets_is_a_name_only_with_a_family_name() -> None:
    # "(아래)" (below) marks a picture's position; "(김철수)" names someone
    assert credits._person_like("김철수") and not credits._person_like("아래")


def test_a_name_run_into_the_last_word_is_a_credit_when_the_name_lists_know_it() -> None:
    # El País's gallery text: the credit glued to the caption's last full stop (g7-0116)
    c = _only("Gustavo Petro, en la Casa de Nariño, en Bogotá, el 21 de febrero.CHELO CAMACHO")
    assert c.photographers == ["CHELO CAMACHO"] and c.agencies == []
    # two capitalised words the lists do not know as a person's are no credit
    for tail in ("Rose Garden", "White House"):
        assert all(c.photographers != [tail] for c in parse_credits(f"Visitors tour the grounds on Tuesday.{tail}"))


def test_a_date_with_slashes_is_no_chain() -> None:
    # "19/08/2010" (g7-0114) is a date, not "19" / "08" / "2010"
    assert all("19" not in c.photographers for c in parse_credits("Rocha beach. Algarve. 19/08/2010. Augusto Brázio."))
    assert parse_credits("Fans. REUTERS/Jane Roe")[0].photographers == ["Jane Roe"]


def test_span_candidates_and_features_of_a_credit_standing_apart() -> None:
    from app.credit_forms import learned_model

    assert learned_model("credit_span_model") is None  # not shipped: the sealed group lost by it
    t = "Fans cheer in Lyon on Sunday.\nJane Roe/Harbor Gazette"
    cands = credits._span_candidates(t)
    spans = {t[a:b]: kind for a, b, kind in cands}
    assert spans.get("Jane Roe/Harbor Gazette") == "last"
    a = t.index("Jane")
    f = credits._span_features(t, a, len(t), "last")
    assert f["before=newline"] == 1.0 and f["separator"] == 1.0 and f["name_evidence=2"] == 1.0
    assert f["lower_words=0"] == 1.0 and "digit" not in f


def test_a_span_model_put_in_place_reads_a_credit_the_rules_miss() -> None:
    from app.credit_forms import PersonModel, use_learned_model

    # a lone name after the last sentence that the name lists do not know: the rules leave it (round 38 reads
    # a listed one, "Jane Roe")
    caption = "Fans cheer in Lyon on Sunday. Evgenia Eliseeva"
    assert all(c.photographers != ["Evgenia Eliseeva"] for c in parse_credits(caption))
    try:
        use_learned_model("credit_span_model", PersonModel(-5.0, {"kind=last": 8.0}, {}))
        credits.forget_parses()
        got = parse_credits(caption)
        assert got and got[0].photographers == ["Evgenia Eliseeva"]
    finally:
        use_learned_model("credit_span_model", None)
        credits.forget_parses()


@pytest.mark.parametrize(("caption", "photographers", "agencies", "distributor"), [
    # El País: the photographer's name run into the caption before the agency's bracket (g7-0117, g7-0276)
    ("Varias quinceañeras viajan en una limusina, en Bogotá, el 2 de mayo.Fernando Vergara (AP)",
     ["Fernando Vergara"], ["Associated Press"], None),
    # an outlet's picture word after it ends the caption (g7-0210); 通信 ends a news agency's name (g7-0240)
    ("臨近聖誕節,聖誕節氣氛濃厚。  香港中通社圖片", [], ["香港中通社"], None),
    ("兵士らが出迎える。(出典:朝鮮中央通信)", [], ["朝鮮中央通信"], None),
    # a date's day mark is no part of the name after it (g7-0203)
    ("婦女站在被摧毀的房屋前。 2022 年 9 月 12 日胡安巴雷托/法新社", ["胡安巴雷托"], ["AFP"], None),
    # a handout and the agency that moved it, a date between: one credit (g7-0082)
    ("회의에서 논의하고 있다. (문화체육관광부 제공) 2022.8.10/뉴스1", [], ["문화체육관광부", "News1"], "News1"),
    # an outlet written in Latin letters before its reporter (g7-0247)
    ("의사봉을 두드리고 있다. ⓒ News1 임세영 기자", ["임세영"], ["News1"], None),
])
def test_round4_forms_of_g7(caption: str, photographers: list[str], agencies: list[str], distributor: str | None) -> None:
    c = _only(caption)
    assert (c.photographers, c.agencies, c.distributor) == (photographers, agencies, distributor)


def test_file_mark_in_brackets_and_a_private_picture_are_no_names() -> None:
    got = parse_credits("槟州的本地及外国投资公司并无意永久性关闭。(档案照)")  # g7-0252: "file photo"
    assert all(not c.photographers for c in got)
    got = parse_credits("Walnice Nogueira Galvão - Foto: Arquivo Pessoal")  # g7-0216: the family's own
    assert all(c.photographers != ["Arquivo Pessoal"] for c in got)


def test_a_bracket_closed_inside_a_joined_credit_is_balanced() -> None:
    caption = "회의에서 논의하고 있다. (문화체육관광부 제공) 2022.8.10/뉴스1"
    c = _only(caption)
    assert not [d for d in credits.credit_defects(c, caption) if d.kind == "unbalanced-bracket"]


@pytest.mark.parametrize("text", [
    "10月6日,遊客在浙江海寧鹽官觀看錢塘江大潮。",  # g4-0091: a province by its short name, a river
    "7일 국회 본회의장에서 참관객들이 본회의장을 관람하고 있다.",  # g4-0086: the National Assembly
])
def test_chinese_provinces_rivers_and_the_korean_assembly_are_places(text: str) -> None:
    assert says_where(text)


def test_an_epa_picture_number_opening_the_caption_is_an_info_finding_not_an_error() -> None:
    """The agency's delivered format ("epa10488624 A man …", as the shared make_corpus tool and
    EPA's feed write it): not desk matter to stop the gate on, but worth removing before
    publication (lead's decision, replacing round 4's credit-directive)."""
    from app.model import Item
    from app.rules import check_item, make_context

    ctx = make_context()

    def findings(caption: str) -> list[tuple[str, str, str | None]]:
        item = Item(id=1, path=None, kind="caption", fields={"caption": caption})
        return [(f.rule, f.severity.value, f.fix.apply(caption) if f.fix else None) for f in check_item(item, ctx)
                if f.rule in ("credit-directive", "agency-picture-number")]

    caption = "epa10488624 Ukrainian President Volodymyr Zelensky responds in Kyiv, 12 March 2023. EPA/ADA BRIN"
    assert findings(caption) == [("agency-picture-number", "info", caption[len("epa10488624 "):])]
    assert findings("Fans cheer in Kyiv, 12 March 2023. EPA/ADA BRIN") == []
