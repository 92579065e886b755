"""Round 39, clean captions' dates (tests/data/realworld/REVIEW.md "Round 39, clean captions' dates and photographers").

Date forms the missing-date rule did not read, each from an open-fold dev caption labelled with a day and given
missing-date (caption_words.toml [when]): Croatian months in the genitive and weekdays (g39-0003, g76-0010),
Icelandic "á föstudag" (g20-0006), German "Mittwochvormittag" (g27-0006), Czech "čtvrtečních" (g23-0016), Malay
"hari ini", "semalam" (g65-0018, g65-0020, g76-0002), Thai day and month (g17-0046), a Nordic desk's compact
"OSLO 19820820" (g13-0012, g76-0001) and "27-06-2012" (g11-0088). The guards are look-alikes that name no day: a
year, a holiday, a season, an eight-digit number that is no desk date, a score, a span of years."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def rules(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    "Na Trgu bana Jelačića u Zagrebu i ove se godine, 31. prosinca, okupilo na tisuće građana. | Foto: Ana Horvat/PIXSELL",
    "Prosvjednici na Markovu trgu u Zagrebu 5. svibnja. Foto: Ana Horvat/PIXSELL",
    "Na Mandraču nas je dočekala vesela gomila, a neki već u ponedjeljak kreću na posao.",
    "Navijači na Poljudu u subotu navečer. Foto: Ana Horvat/PIXSELL",
    "Bára Marvin steig fram í viðtali á föstudag. Mynd: Elín Edda Þorsteinsdóttir",
    "So sah das Aussichtshäusle am Mittwochvormittag aus. Foto: Dold",
    "Der Marktplatz in Calw am Sonntagabend. Foto: Dold",
    "Po čtvrtečních protestech zanechali lidé v Brně vzkazy. | Foto: Deník/Renata Spotzová",
    "Perdana Menteri di Wisma Chinese Chamber hari ini. - Foto Bernama",
    "Anwar Ibrahim di Kota Kinabalu semalam. - Foto Bernama",
    "23 ต.ค. 60 - ประชาชนต่อแถวยาวที่ถนนหน้าพระลาน / ภาพ / ชาลินี ถิระศุภะ",
    "ในวันนี้ (23 ตุลาคม 2560) ประชาชนเดินทางมาที่ถนนหน้าพระลาน / ภาพ / ชาลินี ถิระศุภะ",
    "OSLO 19820820 Ordfører Albert Nordengen i Studenterlunden. Foto: Bjørn Sigurdsøn / NTB / NTB",
    "LILLEHAMMER 19940214: Prinsesse Astrid på Birkebeiner skistadion. Foto: Bjørn-Owe Holmberg NTB / NTB",
    "TROMSØ 19940214: Folk i sentrum. Foto: Ola Nordmann / NTB",
    "El juez José Castro en Palma. / 27-06-2012 / | Efe",
])
def test_a_day_in_these_forms_is_a_date(caption: str) -> None:
    assert "missing-date" not in rules(caption)


@pytest.mark.parametrize("caption", [
    "Izbor najboljih fotografija u 2025. godini Izvor: Pixsell / Autor: Pixsell",  # dev g76-0006: a year alone
    "Atmosfera na Badnjak u središtu Zagreba Izvor: Cropix / Autor: Damjan Tadic",  # g76-0003: a holiday alone
    "Anwar di Dataran Putrajaya sempena Hari Kebangsaan 2025. --fotoBERNAMA",  # a holiday and a year
    "A wonderful spring day in Oslo indeed",  # g76-0014: a season alone
    "Myndin er tekin í búðarglugga í Austurstræti árið 1982. Ólafur Stephensen",  # g76-0007: a year alone
    "Passengers in Oslo, picture ID 19940214. Foto: Ola Nordmann / NTB",  # eight digits, no dateline before them
    "Supporters in Oslo celebrate a 3-1 win, 2010-2012 champions. Foto: Ola Nordmann / NTB",  # a score, years
    "ราคาผักที่ตลาดในกรุงเทพฯ 23 บาท / ภาพ / ชาลินี ถิระศุภะ",  # a Thai number with no month
])
def test_a_look_alike_is_no_date(caption: str) -> None:
    assert "missing-date" in rules(caption)
