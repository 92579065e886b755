"""Credit forms of the real published captions (tests/data/realworld/dev), one case per form
issue 12 lists, each from the development record named beside it (the caption's tail as
published). The forms are data (resources/credit_forms.toml, resources/agencies.toml); these
cases say the parser reads them."""

from __future__ import annotations

import pytest

from app.credits import parse_credits
from app.model import Item
from app.rules import check_item, make_context

AP, GETTY = "Associated Press", "Getty Images"


@pytest.mark.parametrize(("caption", "photographers", "agencies", "distributor", "flags"), [
    # credit on its own line, a lead-in in German (g2-0009) and in Polish (g2-0113)
    ("Bald zu begutachten: Dachdeckerin verarbeitet Reet am Bodensee.\nFoto: Felix Kästle/dpa",
     ["Felix Kästle"], ["dpa"], None, set()),
    ("Kobieta z plemienia Aymara w Boliwii  Fot. Juan Karita / AP Photo", ["Juan Karita"], [AP], None, set()),
    # "Photo by" with ranks kept out of the name (g1-0013, g1-0112)
    ("(U.S. Navy photo by Mass Communication Specialist 2nd Class Ryan M. Breeden/Released)",
     ["Ryan M. Breeden"], ["U.S. Navy"], None, set()),
    ("Year in the year. Army photo by Sgt. David Turner", ["David Turner"], ["Army"], None, set()),
    ("Photo by U.S. Army Staff Sgt. Sharon Matthias", ["Sharon Matthias"], ["U.S. Army"], None, set()),
    # "Name | Agency" (g3-0106), "Name, Publication" (g3-0130 restyle "Name, AFP / Getty Images")
    ("Floodwaters rise Tuesday, Aug. 29, 2017, in Houston.\nDavid J. Phillip | AP", ["David J. Phillip"], [AP],
     None, set()),
    ("Comic Con, New York.\nTimothy A. Clary, AFP / Getty Images", ["Timothy A. Clary"], ["AFP", GETTY], GETTY,
     set()),
    # "Name for Publication": the publication is the organisation (g3-0284)
    ("Minneapolis, MN — Victor J. Blue for The New York Times", ["Victor J. Blue"], ["The New York Times"], None,
     set()),
    # "© Name / Agency" on its own line (g1-0060), agency first (g2-0040, g3-0024)
    ("Travel chaos in the U.S.\n© Geoff ROBIN / AFP", ["Geoff ROBIN"], ["AFP"], None, set()),
    ("Un malade d'Ebola, le 15 novembre 2014 (AFP / Francisco Leong)", ["Francisco Leong"], ["AFP"], None, set()),
    ("Cape Canaveral, Fla. Photo Credit: (NASA/Bill Ingalls)", ["Bill Ingalls"], ["NASA"], None, set()),
    ("Menschen halten Plakate. Bildrechte: MDR/Alba-Marie Schmidt", ["Alba-Marie Schmidt"], ["MDR"], None, set()),
    # organisation tails and chains in written order (g1-0020, g1-0070)
    ("(Photo by Yousef Masoud/SOPA Images/Rex Features/Shutterstock)", ["Yousef Masoud"],
     ["SOPA Images", "Rex Features", "Shutterstock"], "Shutterstock", set()),
    ("(Photo by Owen Humphreys/AP Photo/PA Wire)", ["Owen Humphreys"], [AP, "PA Media"], "PA Media", set()),
    # an unknown organisation recognised by its slot (g3-0016)
    ("It's fun to have a dad who can coach and yell.\" Yehyun Kim/Missourian", ["Yehyun Kim"], ["Columbia Missourian"],
     None, set()),
    # a bare agency after the caption (g2-0039, g2-0105, g2-0243)
    ("El Ayuntamiento de Madrid prohíbe dar de comer a las palomas. EFE", [], ["EFE"], None, set()),
    ("Przyjechał do Ośrodka w Przemyślu. / PAP", [], ["PAP"], None, set()),
    ("Imagn glues the agency. Mandatory Credit: Jake Roth-USA TODAY Sports", ["Jake Roth"], ["Imagn Images"], None,
     set()),
    # a Getty client's acronym before the distributor; pools and handouts
    ("Foto: Frank Augstein/AP Pool/AP/dpa", ["Frank Augstein"], [AP, "dpa"], "dpa", {"pool"}),
    ("Seoul on April 21, 2025. (Pool photo) (Yonhap)", [], ["Yonhap"], None, {"pool"}),
    ("Minister at the ministry, in this photo provided by the ministry. (PHOTO NOT FOR SALE) (Yonhap)", [],
     ["Yonhap"], None, {"handout"}),
    ("(Photo by Cristian Mallocci/Handout via Reuters)", ["Cristian Mallocci"], ["Reuters"], "Reuters", {"handout"}),
    ("(AFP PHOTO / COURTESY OF JULIE BERDEAUX)", ["JULIE BERDEAUX"], ["AFP"], None, {"courtesy"}),
    # national distributors after a wire's prefix (g2-0123)
    ("Begravningsceremoni i Dublin. REUTERS / TT", [], ["Reuters", "TT News Agency"], "TT News Agency", set()),
    # Korean: "사진=Name 기자", "Org=Name 기자 (mail)", a freelance role, a name with its address (g4-0072,
    # g4-0075, g2-0335, g4-0026), a press pool (g4-0213), a wire moved by Yonhap
    ("국회 사랑재에서 신년 기자회견을 하고 있다. 사진=서동일 기자", ["서동일"], [], None, set()),
    ("대표연설을 하고 있다. 일요시사=나경식 기자(rusia1973@ilyosisa.co.kr)", ["나경식"], ["일요시사"], None, set()),
    ("해가 떠올랐다. (2023.1.1) / 사진 = 프리랜서 이강숙 기자", ["이강숙"], [], None, set()),
    ("잠을 자고있다 /최종욱 juchoi@hk.co.kr", ["최종욱"], [], None, set()),
    ("인사하고 있다. 인수위사진기자단·서재훈 기자", ["서재훈"], ["인수위사진기자단"], None, {"pool"}),
    ("비가 내렸다. AP 연합뉴스", [], [AP, "Yonhap"], "Yonhap", set()),
    ("떠나는 모습이 아름다운 시민들. ⓒ 윤연정", ["윤연정"], [], None, set()),
    # Chinese: "<Org>记者 Name 摄", "<Org>发(Name 摄)" (released by the organisation) (g4-0088, g4-0091)
    ("10月3日,游客在天安門廣場的彩車前拍照留影。新華社記者 楊宗友 攝", ["楊宗友"], ["Xinhua"], None, set()),
    ("這次潮水水位比預期低。新華社發(沈達 攝)", ["沈達"], ["Xinhua"], "Xinhua", set()),
    ("游客在上海静安雕塑公园赏花拍照。中新社记者 汤彦俊 摄", ["汤彦俊"], ["China News Service"], None, set()),
    ("杭州西湖斷橋上擠滿了游客。圖片來源:cfp", [], ["China Foto Press"], None, set()),
    # Japanese: "(Name撮影)", "、Name撮影" (g4-0146, g4-0147), "(Wire＝Kyodo)": Kyodo moved it
    ("石油施設に囲まれた三渓園=本社ヘリ「あさづる」から(安江実撮影)", ["安江実"], [], None, set()),
    ("菅義偉首相=2021年9月2日午後4時14分、首相官邸、上田幸一撮影", ["上田幸一"], [], None, set()),
    ("街頭演説を記録する有権者ら=20日、大田区で（ロイター＝共同）", [], ["Reuters", "Kyodo"], "Kyodo", set()),
    # Vietnamese and Arabic lead-ins (g2-0361)
    ("ở thành phố Chí Linh, tỉnh Hải Dương, ngày 3/3. (Nguồn: Reuters)", [], ["Reuters"], None, set()),
])
def test_real_forms(caption, photographers, agencies, distributor, flags):
    (c,) = parse_credits(caption)
    assert (c.photographers, c.agencies, c.distributor) == (photographers, agencies, distributor)
    assert {f for f in ("file", "pool", "handout", "courtesy") if getattr(c, f)} == flags


@pytest.mark.parametrize(("caption", "credit"), [
    ("Rally in central London, Britain July 1, 2017REUTERS/Peter Nicholls", "REUTERS/Peter Nicholls"),  # g3-0217
    ("A sign in front of City Hall during a rally there Saturday.Erin Clark/Globe Staff", "Erin Clark/Globe Staff"),
    ("The young rapper confirmed his death on MondayCredit: Spotify", "Credit: Spotify"),  # g3-0097
])
def test_a_credit_run_into_the_text_is_malformed_not_missing(caption, credit):
    (c,) = parse_credits(caption)
    assert c.text == credit
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert "malformed-credit" in found and "missing-credit" not in found


def test_wire_tags_and_image_numbers_never_in_a_name():
    (c,) = parse_credits("Project Morpheus. Photo credit: NASA/ Charisse Nahser KSC-2012-4029")  # g3-0039
    assert c.photographers == ["Charisse Nahser"]
    (c,) = parse_credits("Brexit. AFP PHOTO / Daniel LEAL-OLIVAS / TT / kod 444")  # g2-0121 and kin
    assert c.photographers == ["Daniel LEAL-OLIVAS"] and c.agencies == ["AFP", "TT News Agency"]


@pytest.mark.parametrize("caption", [
    "2011年4月29日、ロンドンで撮影した。",  # "taken in London": 撮影 after a place, no name
    "8月17日,香港各界人士在金钟添马公园举行集会(无人机拍摄)。",  # "shot by a drone"
    "‘5차 범국민대회‘가 열려 현장 취재기자가 집회에 참가한 시민들의 모습을 담았다.",  # a reporter in the prose
])
def test_words_of_the_cjk_grammars_in_prose_are_no_credit(caption):
    assert parse_credits(caption) == []


@pytest.mark.parametrize("caption", [
    "By Tuesday, fans had left the square in Lyon.",  # a bare lead-in word before prose
    "Photo Gallery: Fans in Lyon, June 3.",
    "The trade zone of Mercosur (Brazil, Argentina, Paraguay and Uruguay) would be the largest.",  # a list
])
def test_prose_that_looks_like_a_credit_is_none(caption):
    assert parse_credits(caption) == []


def test_a_bracket_that_spells_out_the_words_before_it_is_no_credit():
    caption = "Michael Griffin, National Aeronautics and Space Administration (NASA). Photo Credit: (NASA/Renee Bouchard)"
    assert [c.text for c in parse_credits(caption)] == ["Photo Credit: (NASA/Renee Bouchard)"]


def test_a_restriction_in_brackets_is_never_a_credit():
    assert [c.text for c in parse_credits("Seoul. (PHOTO NOT FOR SALE) (Yonhap)")] == ["(Yonhap)"]


@pytest.mark.parametrize(("caption", "rule"), [
    ("El Ayuntamiento de Madrid prohíbe dar de comer a las palomas. EFE", "missing-photographer"),  # g2-0039
    ("Leeds in northern England on May 17, 2021. (Photo by London News Pictures)", "missing-photographer"),
    ("Rain in Zurich, Monday, Sept. 23, 2024. (AP Photo/Peter Dejong)ASSOCIATED PRESS", "duplicate-credit"),
    ("Frisco on Saturday, Dec. 7, 2019. (Stewart F. House/Special Contributor)(Stewart F. House / Special "
     "Contributor)", "duplicate-credit"),  # g3-0298
])
def test_rules_on_real_forms(caption, rule):
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), make_context())
    assert rule in {f.rule for f in found}
    assert "conflicting-credits" not in {f.rule for f in found}


@pytest.mark.parametrize(("caption", "photographers", "agencies"), [
    # credits before the caption or on a line of their own (g3-0340, g5-0002, g2-0234, g5-0142)
    ("Scott Halasz | Greene County News\nCompetitors in the poultry fancy show wait to be judged.",
     ["Scott Halasz"], ["Greene County News"]),
    ("Jenny Rohl/The News\nA Lizo Basketball A player looks for an outlet during a game Tuesday.",
     ["Jenny Rohl"], ["The News"]),
    ("Politiken/Rasmus Baaner.\nLÍFVERÐIR — Lífverðir í hinni konunglegu lífvarðasveit.", ["Rasmus Baaner"],
     ["Politiken"]),
    ("Mario Tama, Getty Images. San Diego.  February 5, 2008", ["Mario Tama"], ["Getty Images"]),
    # "Special to the <paper>", run in or not (g3-0291, g3-0295), a web address as the outlet (g3-0347)
    ("Fans in Arlington, Texas, Oct. 6, 2017. Brad LoperSpecial to the Star-Telegram", ["Brad Loper"],
     ["Star-Telegram"]),
    ("Fans at AT&T Stadium in Arlington.\nSteve Nurenberg\nSpecial to the Star-Telegram", ["Steve Nurenberg"],
     ["Star-Telegram"]),
    ("091711-clark\nChristopher Mitchell/sportshotphoto.com", ["Christopher Mitchell"], ["sportshotphoto.com"]),
    # the maker's word after a name (g5-0049), a numbered lead-in (g2-0348), a Chinese outlet's ending (g4-0239)
    ("Fans at Lambeau Field last Sunday. Raymond T. Rivard photograph", ["Raymond T. Rivard"], []),
    ("Foto 1: Nico Garstman – 5/4/2020\n\nBLIJF THUIS! staat op een matrixbord bij Schiphol.", ["Nico Garstman"], []),
    ("无症状感染者2例。王勤/红星新闻 图", ["王勤"], ["红星新闻"]),
    # a person's name alone on the last line, after a bar, or in the bracket that ends the caption
    # (g3-0110, g2-0339, g4-0195, g3-0153, g4-0051), with the reporter's address (g4-0048)
    ("She paired the look with Christian Louboutin Pigalle heels.\nKevin Mazur", ["Kevin Mazur"], []),
    ("Průvod z Velvar dorazil do Prahy kolem 11 hodiny\n|\nZuzana Kábelová", ["Zuzana Kábelová"], []),
    ("Fotografie roku podle Czech Press Photo od Romana Vondrouše. | Roman Vondrouš", ["Roman Vondrouš"], []),
    ("The Haish Memorial Library in DeKalb, IL on Thursday, May 13, 2021. (Mark Black)", ["Mark Black"], []),
    ("People rest along Hongjecheon Stream in western Seoul, on Sunday afternoon. [JANG JIN YOUNG]",
     ["JANG JIN YOUNG"], []),
    ("Congratulations!\n\nHoon-Koo Lee ufo@donga.com", ["Hoon-Koo Lee"], []),
    # a bare lead-in word (g5-0101, g5-0005: a role after the outlet)
    ("The government kept from shutting down on December 15. Photo Leigh Vogel/UPI", ["Leigh Vogel"], ["UPI"]),
    ("The Raiders won 21-19. By Dave Weatherwax/Herald Staff Photographer", ["Dave Weatherwax"], ["Herald"]),
    # the source after "reprodução" (g4-0166), an acronym or brand never a photographer (g5-0110, g5-0201)
    ("Fernanda Montenegro (Foto: reprodução/Instagram/@fernandamonetengrooficial)", [],
     ["Instagram", "@fernandamonetengrooficial"]),
    ("Harassing a monk seal is a felony.\nPhoto: Kauai Visitors Bureau / SF", [], ["Kauai Visitors Bureau", "SF"]),
    ("The rover is due to land on Thursday\nPhotograph: NASA/JPL-Caltech/PA", [], ["NASA", "JPL-Caltech", "PA Media"]),
])
def test_credits_that_stand_apart(caption, photographers, agencies):
    (c,) = parse_credits(caption)
    assert (c.photographers, c.agencies) == (photographers, agencies)


@pytest.mark.parametrize("caption", [
    "Queen of Pop split from Sean Penn in 1987 |",  # g3-0100: missing-credit
    "Paris (France) – Le ministre de l’Economie a visité un grand magasin parisien.",
    "2017 NASA Earth Day at Union Station, Washington DC",
    "Jeune palestinien portant le deuil de son frère. Camp de réfugiés d'Al Am'ari",
])
def test_a_caption_without_anything_credit_like_is_missing_credit(caption):
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert "missing-credit" in found and "unrecognised-credit" not in found


def test_an_unplaceable_credit_is_information_not_missing_credit():
    # g4-0191's shape with a word no list knows before the name (g4-0191's own "fb", a Facebook page, is an
    # organisation's word since round 38 and its credit is read: the test below)
    caption = "Václavské náměstí v Praze, 5. května 2019. FOTO: ab Milion chvilek"
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), make_context())
    rules = {f.rule: f for f in found}
    assert "missing-credit" not in rules
    f = rules["unrecognised-credit"]
    assert f.severity.value == "info" and caption[f.start:f.end] == "FOTO: ab Milion chvilek"


def test_a_facebook_page_credited_is_an_organisation():
    caption = "Václavské náměstí FOTO: fb Milion chvilek"  # g4-0191 (its lower-case last word still left out)
    (c,) = parse_credits(caption)
    assert c.photographers == [] and c.agencies[0].startswith("fb Milion")
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert "missing-photographer" in found and not found & {"missing-credit", "unrecognised-credit"}


def test_places_and_dates_in_other_languages():
    caption = "Warszawa, 03.08.2010. Kobieta trzyma się szarfy w Warszawie. / PAP"  # g2-0105
    rules = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert not rules & {"missing-date", "missing-location"}
    caption = "Die Sonne scheint. Fahrzeuge stehen zwischen Bäumen.\nFoto: Andreas Richter"
    rules = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert {"missing-date", "missing-location"} <= rules


def test_a_restriction_in_the_usage_terms_is_information_named_by_its_label():
    item = Item(id=1, path=None, kind="caption", fields={
        "caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin", "usage_terms": "EDITORIAL USE ONLY"})
    (f,) = [f for f in check_item(item, make_context()) if f.rule == "restriction"]
    assert f.severity.value == "info" and "usage terms" in f.message and "usage_terms" not in f.message


@pytest.mark.parametrize("caption", [
    "A worker rests on sacks at a steel factory on the outskirts of Jammu, July 10, 2014. REUTERS/Mukesh Gupta",
    "Манила, Филиппины. Люди катаются на карусели\nФото: Reuters / Lisa Marie David",  # g2-0144
    "Průvod z Velvar dorazil do Prahy kolem 11 hodiny\n|\nZuzana Kábelová",  # Prahy: Praha in the genitive
    "al confine tra Siria e Turchia, il 12 giugno 2015.\n(BULENT KILIC/AFP/Getty Images)",
    "23일 어린이들이 광화문 광장에 설치된 바닥 분수에서 놀고 있다. (사진=김혜선 기자)",
    "5月13日,救援人员正在都江堰市新建小学教学楼废墟里抢救被困小学生。 新华社记者姚大伟摄",
    "فتاة تفكر في حركة شطرنج في مدينة لاغوس النيجيرية، يوم الأربعاء. صدر الصورة، Reuters",
    "Kids wait as the Independence Day Parade heads down Main Street Tuesday morning. Eric Johnson/Herald",
    "Parts of the crowd in downtown Calgary on Friday July 7, 2017. DARREN MAKOWICHUK/Postmedia Network",
    # a US state as AP or the post office abbreviates it, after a comma (g3-0170, g5-0296)
    "Airmen drive onto the runway on Barksdale Air Force Base, La., Dec. 11, 2013. (U.S. Air Force photo/Ada Brin)",
    "Fairport, NY, Feb. 2—On arrival, crews found heavy smoke.\nPhoto by Jon Tenca",
    # an event named after its town places the picture there (dev g3-0103)
    "Ellie talks to her horse at the Waterford World’s Fair on Friday. (Ada Brin/Sun Journal)",
])
def test_places_of_the_gazetteer_and_place_phrases(caption):
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert "missing-location" not in found


@pytest.mark.parametrize("caption", [
    "Michael Jackson sings on stage on Tuesday. REUTERS/Ada Brin",  # a surname that is also a city
    "New York Islanders defenseman Ryan Pulock skates on Tuesday. REUTERS/Ada Brin",  # a team, not a place
    "Scott Halasz | Greene County News\nCompetitors in the poultry fancy show wait to be judged.",  # a paper
    "Queen of Pop split from Sean Penn in June 1987. REUTERS/Ada Brin",  # "in June" is no place
    # an event's name is no place (dev g5-0056, g5-0353); a holiday's word is no town
    "Military vehicles were driven in the Veterans Parade last year. Ada Brin/Herald",
    "A member of the Legion Riders in the Independence Day Parade. Eric Johnson/Herald",
])
def test_names_that_are_no_place(caption):
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert "missing-location" in found


@pytest.mark.parametrize("caption", [
    "우원식 국회의장이 5일 서울 여의도 국회 사랑재에서 신년 기자회견을 하고 있다. 사진=서동일 기자",  # g4-0072
    "시민들이 새해 첫 일출을 바라보고 있다. 2023.1.1 오장환 기자",
    "スマートフォンなどを掲げ、街頭演説を記録する有権者ら=20日、大田区で",  # g4-0145
    "一群婦女二十一日在羅馬反川普集會中舉著標語。(法新社)",
    "ở thành phố Chí Linh, tỉnh Hải Dương, ngày 3/3. (Nguồn: Reuters)",
    "امرأة تبيع جوز الكولا في لاغوس، يوم السبت. صدر الصورة، EPA",
    "Le Palais de l'Elysée, le 14 mai 2017 à Paris.  . AFP",
    "The young rapper’s grandparents confirmed his death on MondayCredit: Spotify",
    # a month with its day number, before or after it
    "Fiji- Ada Brin at Olosara beach, Sigatoka. 11th July 2022, The Age news Picture by JOE ARMAO",
    "Der Papst segnet die Gläubigen am 28. Mai in Rom. Foto: Ada Brin/dpa",
    "El presidente, en Madrid, el 3 de marzo. EFE/Ada Brin",
    "Prezydent w Warszawie, 3 maja. Fot. Ada Brin/PAP",
    "Fans cheer in Lyon, France, Sept. 11. REUTERS/Ada Brin",
])
def test_dates_in_other_languages(caption):
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert "missing-date" not in found


@pytest.mark.parametrize("caption", [
    "バングラデシュのシャーポリルウイップで2017年9月撮影(2019年 ロイター/Danish Siddiqui)",  # g2-0324
    # a month and a year, or a month alone, in words (dev g1-0197, g3-0210, g5-0011)
    "A bus in Karachi, September 2013 (AFP Photo / Asif Hassan)",
    "Flood damaged furniture in Lismore in the wake of the March 2022 flood. Image by Ada Brin",
    "Sandpipers fly over Kachemak Bay, site of a May festival. Credit: Ada Brin/USFWS",
    "Bodies of victims are prepared for burial in Jos, July, 2015. (AFP/stringer)",
])
def test_a_month_alone_is_no_date(caption):
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert "missing-date" in found


@pytest.mark.parametrize("caption", [
    "Riot police stand guard in Minsk on March 25, 2017. / AFP PHOTO / Sergei GAPON / TT /",  # g2-0122
    "A girl picked a pumpkin at Shelburne Farm in Stow. (JohnTlumacki/Globe Staff)",  # g3-0229: a name run together
    "Fans in Arlington, Texas, Oct. 6, 2017. Brad LoperSpecial to the Star-Telegram",  # g3-0291
])
def test_malformed_credits_of_real_captions(caption):
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert "malformed-credit" in found


@pytest.mark.parametrize("caption", [
    "Fans cheer in Chicago. (Photo by Lucas DeKalb/NurPhoto via Getty Images)",
    "Fans cheer in Chicago. (Ronald McDonald/AP Photo)",
    "Fans cheer in Chicago. / AFP",  # a bare slash before a credit after the caption is a house form
])
def test_names_that_join_capitals_are_not_run_together(caption):
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert "malformed-credit" not in found


@pytest.mark.parametrize("caption", [
    "Putin at Konstantin Palace, September 5, 2013. REUTERS/Grigory Dukor (RUSSIA – Tags: POLITICS) – RTX1388I",
    "Parade in Calgary on July 3, 2015. Photo Leah Hennel/Calgary Herald ORG XMIT: POS 2015070312443353",
])
def test_desk_codes_are_directives(caption):
    found = {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}),
                                        make_context())}
    assert "credit-directive" in found


def test_the_lead_in_prefilter_never_skips_where_a_lead_in_opens():
    """The parser tries its big case-insensitive lead-in pattern only where the next four
    characters are non-ASCII or start like a lead-in's first word (credit_forms.leadin_prefixes).
    That holds because no non-ASCII letter of a first word matches an ASCII one without case,
    and because the pattern, tried everywhere on every lead-in and its case variants, matches
    only where the prefilter lets it."""
    import re  # noqa: PLC0415

    from app.credit_forms import forms  # noqa: PLC0415

    f = forms()
    firsts = {k.split()[0][:4] for k in f.leadin_kind}
    for first in firsts:
        for ch in first:
            if not ch.isascii():
                assert not [a for a in map(chr, range(128)) if re.fullmatch(re.escape(ch), a, re.IGNORECASE)], ch

    def allowed(text: str, pos: int) -> bool:
        head = text[pos:pos + 4]
        return not head.isascii() or any(head.lower()[:n] in words for n, words in f.leadin_prefixes)

    for phrase in f.leadin_kind:
        for variant in (phrase, phrase.upper(), phrase.title(), phrase.lower()):
            text = f"Fans cheer. {variant} Jane Roe"
            for pos in range(len(text)):
                if f.leadin.match(text, pos):
                    assert allowed(text, pos), (variant, pos)


@pytest.mark.parametrize(("caption", "photographers"), [
    # a regional paper's staff photographer in capitals after the caption's full stop (l15-0001, l15-0003)
    ("Una turista saca una foto de la iglesia de la Peregrina. DAVID FREIRE", ["DAVID FREIRE"]),
    ("Presentación del III Festival de las Culturas en la sala Ámbito Cultural de El Corte Inglés de Pamplona (15). "
     "IÑIGO ALZUGARAY", ["IÑIGO ALZUGARAY"]),
    # not: the pictured person named in mixed case in the caption's sentence (l15-0006), a trailer, a place
    ("El fotógrafo Xermán Cruces.", None),
    ("A protester holds a sign in Paris. NO SALES", None),
    ("A protester holds a sign on the bridge. NEW YORK CITY", None),
    # a name run into the full stop with its agency keeps its own form (g2-0100)
    ("em 20 de janeiro.PATRICK SEMANSKY AP", ["PATRICK SEMANSKY"]),
])
def test_a_bare_name_in_capitals_after_the_caption(caption, photographers):
    credits = parse_credits(caption, "caption")
    if photographers is None:
        assert credits == []
    else:
        assert [c.photographers for c in credits] == [photographers]


@pytest.mark.parametrize(("caption", "agencies"), [
    # a public body alone after a photo lead-in is the organisation, no one named (k11-0009, k17-0003, g7-0154)
    ("오세훈 서울시장이 현충원을 찾아 참배하고 있다. (사진=서울시)", ["서울시"]),
    ("군수가 축제장을 둘러보고 있다. [사진=봉화군]", ["봉화군"]),
    ("장관이 회의를 주재하고 있다. (사진=국방부)", ["국방부"]),
    ("部隊が訓練を行っています。\n\n写真:ウクライナ陸軍", ["ウクライナ陸軍"]),
    ("艦艇が入港した。写真:米軍", ["米軍"]),
])
def test_a_public_body_after_a_cjk_lead_in_is_the_organisation(caption, agencies):
    (c,) = parse_credits(caption, "caption")
    assert c.photographers == [] and c.agencies == agencies
    found = check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), make_context())
    assert "missing-photographer" in {f.rule for f in found}


@pytest.mark.parametrize(("caption", "photographers"), [
    # a person keeps the slot: with a title after the lead-in, a two-syllable name, or a name ending otherwise
    ("국회에서 열린 행사에 참석하고 있다. (사진=김영구 기자)", ["김영구"]),
    ("국회에서 열린 행사에 참석하고 있다. (사진=김구)", ["김구"]),
    ("部隊が訓練を行っています。\n\n写真:山田太郎", ["山田太郎"]),
])
def test_a_person_after_a_cjk_lead_in_stays_the_photographer(caption, photographers):
    (c,) = parse_credits(caption, "caption")
    assert c.photographers == photographers and c.agencies == []


@pytest.mark.parametrize(("caption", "credit", "photographers", "agencies"), [
    # a "Name/Agency" credit opening the caption, parted from its first words by a blank only
    # (g5-0228, g10-0013, g3-0278): the credit ends after the registered name
    ("Mark Humphrey/AP Faith Patton looks over buildings destroyed by storms Tuesday.", "Mark Humphrey/AP",
     ["Mark Humphrey"], [AP]),
    ("Emmanuel Adegboye / EPA Un cracheur de feu épate les gens lundi à Lagos.", "Emmanuel Adegboye / EPA",
     ["Emmanuel Adegboye"], ["EPA"]),
    ("Khalil Senosi | The Associated Press Ann Gakii, left, reacts at the Nairobi City Mortuary.",
     "Khalil Senosi | The Associated Press", ["Khalil Senosi"], [AP]),
])
def test_an_opening_credit_ends_at_the_registered_name(caption, credit, photographers, agencies):
    (c,) = parse_credits(caption, "caption")
    assert (c.text, c.photographers, c.agencies) == (credit, photographers, agencies)


@pytest.mark.parametrize("caption", [
    # a brand that extends a registered name is the credit's own, lower-case or registered
    "Max Rossi / Reuters/NTB scanpix Fans celebrate in the square on Sunday.",
    "Max Rossi / Reuters/NTB Scanpix Fans celebrate in the square on Sunday.",
])
def test_an_opening_credit_keeps_a_brand_that_extends_a_registered_name(caption):
    (c,) = parse_credits(caption, "caption")
    assert c.text == caption[:caption.index(" Fans")] and c.photographers == ["Max Rossi"]


@pytest.mark.parametrize(("caption", "credit", "photographers"), [
    # dpa's lower-case brand "picture alliance" is an organisation, never the bare lead-in "Picture"
    # and a person "alliance", nor prose that cuts the credit (g11-0002, g11-0018, g11-0038, g11-0059)
    ("Der Abgeordnete verschickte Bilder. (Foto: picture alliance/Fabian Sommer/dpa)",
     "(Foto: picture alliance/Fabian Sommer/dpa)", ["Fabian Sommer"]),
    ("Dietmar Bartsch in der Bundespressekonferenz © picture alliance/SZ Photo|Jürgen Heinrich",
     "© picture alliance/SZ Photo|Jürgen Heinrich", ["Jürgen Heinrich"]),
    ("Ein Schild am Hafen. © picture-alliance/dpa", "© picture-alliance/dpa", []),
])
def test_picture_alliance_is_an_organisation(caption, credit, photographers):
    (c,) = parse_credits(caption, "caption")
    assert (c.text, c.photographers) == (credit, photographers) and "dpa" in c.agencies


def test_a_lead_in_with_its_colon_opens_the_next_statement():
    # NDR's "© holder Foto: Name": the rights holder's credit ends before "Foto:" (g11-0018, g11-0019)
    caption = "Der Virologe Christian Drosten © picture alliance/dpa Foto: Christophe Gateau"
    assert [c.text for c in parse_credits(caption, "caption")] == ["© picture alliance/dpa", "Foto: Christophe Gateau"]


def test_the_file_phrase_pretest_lets_only_file_words_through():
    """Every [caption_file] phrase passes the pre-test, and a plain wire caption does not: keyed
    by "photo" or "image", the pre-test let nearly every caption into the phrase search."""
    import tomllib  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from app.credit_forms import forms  # noqa: PLC0415

    data = tomllib.loads((Path(__file__).parents[1] / "resources" / "credit_forms.toml").read_text("utf-8"))
    words = forms().caption_file_words
    for phrase in [*data["caption_file"]["phrases"], *data["caption_file"]["openers"]]:
        assert any(w in phrase.casefold() for w in words), phrase
    plain = "Fans cheer in Chicago, Monday, Nov. 18, 2014. (AP Photo/Ines Varga, Pool image)".casefold()
    assert not any(w in plain for w in words)
    assert parse_credits("This Oct. 21, 2011, file photo shows the port. (AP Photo/Ines Varga)")[0].file
    assert parse_credits("Des manifestants à Paris (photo d'archives). AFP")[0].file
