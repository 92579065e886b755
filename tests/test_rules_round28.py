"""Round 28, places: forms of place the missing-location rule did not read, each on two or more
open-fold development sites (tests/data/realworld/REVIEW.md "Round 28, places"). The captions here
are written for the test, in the forms the development records show."""

from __future__ import annotations

import pytest

from app.model import Item
from app.rules import check_item, make_context

CTX = make_context()


def rules_of(caption: str) -> set[str]:
    return {f.rule for f in check_item(Item(id=1, path=None, kind="caption", fields={"caption": caption}), CTX)}


@pytest.mark.parametrize("caption", [
    # the capital, as the paper's reader knows it (dev g13-0002, g13-0051, g2-0038, g2-0043, g13-0066, g2-0344)
    "Fog descends over two districts in the capital on Monday, May 4, 2020. Photo: Ada Brin",
    "The capital's main road lies empty on Monday, May 4, 2020. Photo: Ada Brin",
    "Decenas de personas pasean por las playas de la capital el domingo 3 de mayo de 2020. (Foto: Ada Brin)",
    "Les secours fouillent les décombres de la capitale le 15 août 2017. Crédit : Ada Brin",
    "La Capitale administrative vue d'en haut, le 15 août 2017. Crédit : Ada Brin",
    "Askerler 15 Ağustos 2017'de başkent sokaklarında devriye geziyor. Foto: Ada Brin",
    # Vietnamese: "at" and a kind before the name (dev g17-0026/0027, g17-0029/0030, g17-0031/0032)
    "Sáng 2/9, 100 cặp đôi đã tổ chức lễ cưới tập thể tại Cần Thơ. Ảnh: Ada Brin",
    "Người dân đi bộ quanh hồ Tây sáng 2/9. Ảnh: Ada Brin",
    "Du khách đi bộ trên vỉa hè tuyến đường Nguyễn Huệ sáng 2/9. Ảnh: Ada Brin",
    "Người dân xếp hàng vào Lăng Bác sáng 2/9. Ảnh: Ada Brin",
    # a stadium named by its kind in lower case, in English and Spanish (dev g13-0055, g7-0230)
    "Fans fill Zayed Cricket stadium for the second ODI on Friday, May 1, 2020. Photo: Ada Brin",
    "Los aficionados celebran en la cancha del estadio Azteca el domingo 3 de mayo de 2020. Foto: Ada Brin",
])
def test_the_place_is_seen(caption):
    assert "missing-location" not in rules_of(caption)


@pytest.mark.parametrize("caption", [
    # "capital" the money, and the word without its article, name no place
    "A founder pitches to venture capital investors on Monday, May 4, 2020. Photo: Ada Brin",
    "Capital markets traders watch the screens on Monday, May 4, 2020. Photo: Ada Brin",
    "A capital idea, says the chef on Monday, May 4, 2020. Photo: Ada Brin",
    # the Vietnamese kinds in other senses, with no name after them: "sugar", "a file"
    "Người bán hàng cân đường cho khách sáng 2/9. Ảnh: Ada Brin",
    "Cán bộ kiểm tra hồ sơ của người dân sáng 2/9. Ảnh: Ada Brin",
    # a stadium without its name
    "Fans leave the stadium after the final whistle on Friday, May 1, 2020. Photo: Ada Brin",
])
def test_a_caption_without_a_place_is_still_flagged(caption):
    assert "missing-location" in rules_of(caption)
