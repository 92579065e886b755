"""The demo catalog: a dozen drawn news photos with captions and credits to check.

``build_demo(catalog_path)`` draws the photos with Pillow (1600 px, news-like
scenes), embeds each caption, credit and location with the write-back encoder
(``app.metadata.write.encode_file``, so IIM, XMP and the EXIF twins are real),
imports them with ``app.importer`` into the gallery ``DEMO_GALLERY`` and runs
the checks. It is done once: a catalog that already holds the gallery is left
alone unless ``rebuild`` is asked.

Every event, person and local paper in these captions is invented; the wire
credits follow the agencies' public credit formats so the credit rules have
something real to work on. Five photos carry a defect a desk editor would
catch: a wrong weekday, a "Photo credit should read" instruction left in the
caption, a doubled word, a credit field that disagrees with the caption, and no
credit at all.

Content Credentials (C2PA), signed with the bundled demo credential (``resources/demo``: a
test certificate authority and signer made for the demo, its private key public, never to be
trusted elsewhere): the Porto flood photo carries valid ones; the Peniche harbour photo was
signed by the wire and then edited by a tool that did not sign it again, so its credentials are
invalid (what any write does to a signed file); and an AI-generated illustration, declared so in
its XMP and its credentials, has a caption that does not disclose it. The demo catalog trusts the
demo authority and re-signs with the demo signer, so a write of the Porto photo can be tried
both ways. Every photo has alt text, and the gallery is marked for the web.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

from app import paths

DEMO_GALLERY = "Storm Elowen (demo)"
DEMO_HOUSE_AGENCIES = [{"name": "The Serra Courier", "aliases": ["Serra Courier"]}]
DEMO_TITLE = "Storm Elowen: a week of floods and gales in Portugal — invented demo gallery"
WIDTH, HEIGHT = 1600, 1067
DEMO_NOTE = "DEMO IMAGE: drawn by Creditline; the event and every person named are invented."


@dataclass
class DemoPhoto:
    slug: str
    scene: str
    headline: str
    caption: str
    creators: list[str]
    credit_line: str
    source: str
    city: str
    country: str
    date: dt.date
    defect: str | None = None  # what a desk editor should catch
    extra: dict[str, Any] = field(default_factory=dict)
    # Content Credentials: None, "signed" (valid), "edited-after-signing" (invalid), "generated"
    credentials: str | None = None

    def values(self) -> dict[str, Any]:
        v: dict[str, Any] = {
            "title": self.slug, "headline": self.headline, "caption": self.caption, "creators": self.creators,
            "credit_line": self.credit_line, "source": self.source, "city": self.city, "country": self.country,
            "country_code": "PRT" if self.country == "Portugal" else "", "date_created": self.date.isoformat(),
            "instructions": DEMO_NOTE, "keywords": ["storm", "Elowen", "demo"],
            "alt_text": ALT_TEXT.get(self.slug, ""),
        }
        v.update(self.extra)
        return {k: val for k, val in v.items() if val not in ("", [], None)}


ALT_TEXT = {
    "ELOWEN-PORTO-FLOOD": "Four people wade knee-deep through brown floodwater in a street of old red and cream "
                          "houses; one raises an arm.",
    "ELOWEN-PENICHE-HARBOUR": "Fishing boats in blue, red, white and green ride grey waves in a harbour under "
                              "dark clouds; spray rises at the left.",
    "ELOWEN-LEIRIA-SEARCH": "A helicopter flies over layers of green wooded hills under a cloudy sky.",
    "ELOWEN-COIMBRA-SANDBAGS": "People in coloured jackets stack rows of sandbags along a street of shopfronts.",
    "ELOWEN-AVEIRO-CANAL": "Wooden boats sit low in a flooded canal between cream and red houses.",
    "ELOWEN-NAZARE-DOG": "People in dark clothes cross a harbour front under heavy grey clouds; boats lie in "
                         "the water behind them.",
    "ELOWEN-LISBON-BRIEFING": "A woman in a dark suit speaks at a podium full of microphones, between the "
                              "flags of Portugal and the European Union.",
    "ELOWEN-BRAGA-TREES": "A worker in orange clears a fallen tree from three parked cars in a street.",
    "ELOWEN-GUIMARAES-STADIUM": "Three groundsmen walk across a striped football pitch dotted with puddles, "
                                "in front of a full stand.",
    "ELOWEN-ESTRELA-SNOW": "A snowplough clears a mountain road between snowbanks and dark pine trees as "
                           "snow falls.",
    "ELOWEN-SETUBAL-BLACKOUT": "Silhouettes of people sit at café tables lit only by candles, below dark "
                               "buildings at night.",
    "ELOWEN-FIGUEIRA-BEACH": "People gather driftwood and plastic debris on a wide sandy beach under a pale "
                             "blue sky.",
    "ELOWEN-NAZARE-WAVE": "A towering turquoise wave curls over a red and white lighthouse on a dark cliff "
                          "under a violet sky.",
}


def _day(d: dt.date) -> str:
    """AP style: "Tuesday, March 10, 2026" (March is never abbreviated)."""
    month = {1: "Jan.", 2: "Feb.", 8: "Aug.", 9: "Sept.", 10: "Oct.", 11: "Nov.", 12: "Dec."}.get(
        d.month, d.strftime("%B"))
    return f"{d.strftime('%A')}, {month} {d.day}, {d.year}"


def _plain(d: dt.date) -> str:
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def demo_photos() -> list[DemoPhoto]:
    tue, wed, thu, fri = (dt.date(2026, 3, d) for d in (10, 11, 12, 13))
    return [
        DemoPhoto(
            "ELOWEN-PORTO-FLOOD", "flood", "Douro bursts its banks in Porto",
            f"Residents wade through a flooded street in the Ribeira district of Porto, Portugal, {_day(tue)}, "
            "after Storm Elowen pushed the Douro River over its banks. Civil protection officials said about "
            "300 people spent the night in shelters. (AP Photo/Marta Quintela)",
            ["Marta Quintela"], "AP", "AP", "Porto", "Portugal", tue, credentials="signed"),
        DemoPhoto(
            "ELOWEN-PENICHE-HARBOUR", "harbour", "Fishing fleet stays in port",
            f"Fishing boats shelter in the harbour of Peniche, Portugal, {_plain(tue)}, as waves of up to nine "
            "metres hit the coast during Storm Elowen. REUTERS/Tomás Avelar",
            ["Tomás Avelar"], "REUTERS", "Reuters", "Peniche", "Portugal", tue,
            credentials="edited-after-signing"),
        DemoPhoto(
            "ELOWEN-LEIRIA-SEARCH", "hills", "Search for missing hikers",
            f"A rescue helicopter flies over the hills near Leiria, central Portugal, on {_plain(wed)}, during "
            "the search for two hikers missing since the storm reached the coast. "
            "(Photo by Inês RAMALHO / AFP)",
            ["Inês RAMALHO"], "AFP", "AFP", "Leiria", "Portugal", wed),
        DemoPhoto(
            "ELOWEN-COIMBRA-SANDBAGS", "sandbags", "Volunteers race the Mondego",
            # Defect: March 11, 2026 is a Wednesday, not a Monday.
            "Volunteers stack sandbags in front of shops in Coimbra, Portugal, Monday, March 11, 2026, as the "
            "Mondego River rose for a second day. (AP Photo/Duarte Bettencourt)",
            ["Duarte Bettencourt"], "AP", "AP", "Coimbra", "Portugal", wed, defect="wrong weekday"),
        DemoPhoto(
            "ELOWEN-AVEIRO-CANAL", "flood", "Canal boats swamped in Aveiro",
            # Defect: the agency's desk instruction was left in the caption.
            f"Moliceiro boats lie half sunk in the central canal of Aveiro, Portugal, on {_plain(wed)}. "
            "Photo credit should read: PAULO SERRA/AFP via Getty Images",
            ["Paulo SERRA"], "AFP via Getty Images", "AFP", "Aveiro", "Portugal", wed,
            defect="credit instruction left in caption"),
        DemoPhoto(
            "ELOWEN-NAZARE-DOG", "harbour", "Rescued by the lifeboat crew",
            # Defect: "his his".
            f"A lifeboat crew member carries his his dog ashore after the family was evacuated from a flooded "
            f"house in Nazaré, Portugal, {_day(wed)}. (AP Photo/Marta Quintela)",
            ["Marta Quintela"], "AP", "AP", "Nazaré", "Portugal", wed, defect="doubled word"),
        DemoPhoto(
            "ELOWEN-LISBON-BRIEFING", "podium", "Civil protection chief warns of landslides",
            # Defect: the caption credits AP; the credit and source fields say Reuters.
            f"Civil protection chief Helena Durão speaks to reporters in Lisbon, Portugal, {_day(thu)}, about "
            "the risk of landslides after four days of rain. (AP Photo/João Mendonça)",
            ["João Mendonça"], "REUTERS", "Reuters", "Lisbon", "Portugal", thu,
            defect="credit field disagrees with caption"),
        DemoPhoto(
            "ELOWEN-BRAGA-TREES", "gale", "Gale fells trees in Braga",
            # Defect: no credit anywhere.
            f"A municipal worker clears a tree that fell on parked cars in Braga, Portugal, on {_plain(thu)}, "
            "when gusts of 130 km/h swept the north of the country.",
            [], "", "", "Braga", "Portugal", thu, defect="missing credit"),
        DemoPhoto(
            "ELOWEN-GUIMARAES-STADIUM", "stadium", "Derby postponed, pitch under water",
            f"Groundsmen inspect the waterlogged pitch of the municipal stadium in Guimarães, Portugal, "
            f"{_plain(thu)}, before the league postponed the weekend derby. REUTERS/Sofia Lacerda",
            ["Sofia Lacerda"], "REUTERS", "Reuters", "Guimarães", "Portugal", thu),
        DemoPhoto(
            "ELOWEN-ESTRELA-SNOW", "snow", "Snow closes the Serra da Estrela road",
            f"A snowplough clears the road to the Torre summit in Serra da Estrela, Portugal, {_day(fri)}, "
            "as the storm's cold tail brought the first heavy snow of the month. "
            "(Photo by Rui Falcão/The Serra Courier)",
            ["Rui Falcão"], "Rui Falcão/The Serra Courier", "The Serra Courier", "Seia", "Portugal", fri),
        DemoPhoto(
            "ELOWEN-SETUBAL-BLACKOUT", "night", "A town in the dark",
            f"Candles light a cafe in Setubal, Portugal, {_day(fri)}, on the second night without power for "
            "about 40,000 homes south of Lisbon. (AP Photo/Duarte Bettencourt)",
            ["Duarte Bettencourt"], "AP", "AP", "Setubal", "Portugal", fri),
        DemoPhoto(
            "ELOWEN-FIGUEIRA-BEACH", "beach", "Clean-up begins on the coast",
            f"Residents collect debris washed up on the beach of Figueira da Foz, Portugal, on {_plain(fri)}, "
            "as the storm moved towards Spain. (Photo by Inês RAMALHO / AFP)",
            ["Inês RAMALHO"], "AFP", "AFP", "Figueira da Foz", "Portugal", fri),
        DemoPhoto(
            "ELOWEN-NAZARE-WAVE", "wave", "How high can Elowen's waves climb?",
            # Defect: generated by AI (its XMP and its Content Credentials say so); the caption does not.
            f"A giant wave breaks behind the lighthouse of Nazaré, Portugal, as Storm Elowen reaches the coast "
            f"on {_plain(tue)}. (Photo by Rui Falcão/The Serra Courier)",
            ["Rui Falcão"], "Rui Falcão/The Serra Courier", "The Serra Courier", "Nazaré", "Portugal", tue,
            defect="AI-generated image not disclosed",
            extra={"digital_source_type": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"},
            credentials="generated"),
    ]


# --- drawing ---------------------------------------------------------------------------

RGB = tuple[int, int, int]


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (int(a[0] + (b[0] - a[0]) * t), int(a[1] + (b[1] - a[1]) * t), int(a[2] + (b[2] - a[2]) * t))


def _sky(img: Image.Image, top: RGB, bottom: RGB, horizon: int) -> None:
    d = ImageDraw.Draw(img)
    for y in range(horizon):
        d.line([(0, y), (WIDTH, y)], fill=_mix(top, bottom, y / max(1, horizon)))


def _clouds(img: Image.Image, rng: random.Random, color: RGB, count: int, y_max: int) -> None:
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    for _ in range(count):
        cx, cy = rng.randint(-100, WIDTH + 100), rng.randint(-40, y_max)
        for _ in range(6):
            w, h = rng.randint(120, 320), rng.randint(50, 110)
            ox, oy = rng.randint(-140, 140), rng.randint(-30, 30)
            d.ellipse([cx + ox - w, cy + oy - h, cx + ox + w, cy + oy + h], fill=(*color, rng.randint(60, 140)))
    img.paste(layer.filter(ImageFilter.GaussianBlur(18)), (0, 0), layer.filter(ImageFilter.GaussianBlur(18)))


def _person(d: ImageDraw.ImageDraw, x: float, ground: float, h: float, color: RGB, rng: random.Random,
            arm_up: bool = False) -> None:
    head = h * 0.13
    d.ellipse([x - head / 2, ground - h, x + head / 2, ground - h + head], fill=color)
    body_top = ground - h + head * 1.05
    d.rounded_rectangle([x - h * 0.12, body_top, x + h * 0.12, ground - h * 0.42], radius=int(h * 0.05), fill=color)
    leg = h * 0.05
    d.rectangle([x - h * 0.1, ground - h * 0.44, x - h * 0.1 + leg * 1.6, ground], fill=color)
    d.rectangle([x + h * 0.1 - leg * 1.6, ground - h * 0.44, x + h * 0.1, ground], fill=color)
    if arm_up:
        d.line([(x + h * 0.1, body_top + h * 0.05), (x + h * 0.28, body_top - h * 0.18)], fill=color,
               width=max(2, int(leg * 1.4)))


def _buildings(d: ImageDraw.ImageDraw, rng: random.Random, base: int, palette: list[RGB], lit: float = 0.0) -> None:
    x = -20
    while x < WIDTH:
        w = rng.randint(150, 260)
        h = rng.randint(260, 520)
        color = rng.choice(palette)
        d.rectangle([x, base - h, x + w, base], fill=color)
        d.polygon([(x - 8, base - h), (x + w / 2, base - h - rng.randint(30, 70)), (x + w + 8, base - h)],
                  fill=_mix(color, (60, 30, 25), 0.55))
        for wy in range(base - h + 40, base - 60, 70):
            for wx in range(x + 22, x + w - 40, 52):
                window = (255, 214, 120) if rng.random() < lit else _mix(color, (30, 35, 45), 0.6)
                d.rectangle([wx, wy, wx + 26, wy + 38], fill=window)
        x += w + rng.randint(0, 12)


def _water(img: Image.Image, top: int, color: RGB, rng: random.Random) -> None:
    d = ImageDraw.Draw(img)
    for y in range(top, HEIGHT):
        d.line([(0, y), (WIDTH, y)], fill=_mix(color, (20, 25, 30), (y - top) / (HEIGHT - top) * 0.6))
    for _ in range(260):
        y = rng.randint(top, HEIGHT)
        x = rng.randint(0, WIDTH)
        w = rng.randint(20, 90) * (1 + (y - top) / 300)
        d.line([(x, y), (x + w, y)], fill=_mix(color, (235, 235, 230), 0.35), width=2)


def _scene_flood(img: Image.Image, rng: random.Random) -> None:
    horizon = 640
    _sky(img, (88, 98, 110), (168, 172, 170), horizon)
    _clouds(img, rng, (70, 75, 85), 14, 300)
    d = ImageDraw.Draw(img)
    _buildings(d, rng, 760, [(196, 120, 84), (222, 190, 140), (170, 160, 150), (140, 160, 170), (230, 215, 190)])
    _water(img, 700, (112, 100, 78), rng)
    d = ImageDraw.Draw(img)
    for i in range(4):
        _person(d, 380 + i * 230 + rng.randint(-40, 40), 930 + rng.randint(-20, 30), 330, (30, 32, 38), rng,
                arm_up=i == 1)
    d.rectangle([0, 860, WIDTH, HEIGHT], fill=None)
    for x in range(0, WIDTH, 3):  # water over the legs
        y = 860 + int(12 * math.sin(x / 40))
        d.line([(x, y), (x, HEIGHT)], fill=(98, 88, 70))


def _scene_harbour(img: Image.Image, rng: random.Random) -> None:
    horizon = 520
    _sky(img, (60, 72, 92), (150, 160, 168), horizon)
    _clouds(img, rng, (50, 55, 68), 16, 360)
    _water(img, horizon, (52, 78, 96), rng)
    d = ImageDraw.Draw(img)
    d.rectangle([0, 600, 600, 690], fill=(120, 118, 110))  # breakwater
    d.rectangle([1280, 330, 1330, 600], fill=(235, 235, 230))  # lighthouse
    d.rectangle([1280, 380, 1330, 410], fill=(200, 50, 45))
    d.rectangle([1270, 310, 1340, 335], fill=(60, 60, 60))
    for i in range(6):
        x, y = 120 + i * 250 + rng.randint(-40, 40), 760 + (i % 2) * 110
        hull = rng.choice([(32, 80, 150), (190, 50, 40), (240, 240, 235), (40, 120, 80)])
        d.polygon([(x, y), (x + 200, y), (x + 170, y + 60), (x + 30, y + 60)], fill=hull)
        d.rectangle([x + 60, y - 60, x + 130, y], fill=(235, 235, 228))
        d.line([(x + 95, y - 60), (x + 95, y - 200)], fill=(40, 40, 40), width=5)
        d.line([(x + 95, y - 190), (x + 20, y - 20)], fill=(60, 60, 60), width=2)
    for _ in range(40):  # spray
        x = rng.randint(0, 600)
        d.ellipse([x, 560 - rng.randint(0, 120), x + 30, 590], fill=(225, 230, 232))


def _scene_hills(img: Image.Image, rng: random.Random) -> None:
    _sky(img, (92, 110, 130), (190, 196, 196), 700)
    _clouds(img, rng, (110, 115, 125), 10, 260)
    d = ImageDraw.Draw(img)
    for layer, color in enumerate([(110, 125, 110), (80, 105, 80), (55, 82, 58), (40, 62, 44)]):
        base = 480 + layer * 130
        pts = [(0, HEIGHT)]
        for x in range(0, WIDTH + 80, 80):
            pts.append((x, base - 90 * math.sin(x / (260 + layer * 60) + layer) - rng.randint(0, 30)))
        pts.append((WIDTH, HEIGHT))
        d.polygon(pts, fill=color)
        for _ in range(30 + layer * 10):
            x = rng.randint(0, WIDTH)
            y = base + rng.randint(-40, 140)
            s = 18 + layer * 8
            d.polygon([(x, y - s * 2), (x - s, y), (x + s, y)], fill=_mix(color, (20, 40, 25), 0.5))
    # the helicopter
    hx, hy = 980, 250
    d.ellipse([hx - 110, hy - 45, hx + 70, hy + 45], fill=(200, 60, 40))
    d.polygon([(hx + 50, hy - 12), (hx + 260, hy - 8), (hx + 260, hy + 6), (hx + 50, hy + 20)], fill=(200, 60, 40))
    d.ellipse([hx - 100, hy - 30, hx - 40, hy + 15], fill=(150, 190, 215))
    d.line([(hx - 260, hy - 62), (hx + 200, hy - 70)], fill=(30, 30, 30), width=6)
    d.line([(hx - 20, hy - 45), (hx - 20, hy - 66)], fill=(30, 30, 30), width=8)
    d.line([(hx - 70, hy + 60), (hx + 40, hy + 60)], fill=(30, 30, 30), width=6)


def _scene_sandbags(img: Image.Image, rng: random.Random) -> None:
    _sky(img, (120, 128, 138), (185, 186, 180), 600)
    d = ImageDraw.Draw(img)
    _buildings(d, rng, 800, [(228, 214, 190), (200, 150, 110), (180, 190, 196), (236, 228, 212)])
    d.rectangle([0, 800, WIDTH, HEIGHT], fill=(92, 90, 88))
    for row in range(4):
        for i in range(18):
            x = i * 95 + (row % 2) * 45 - 40
            y = 930 - row * 42
            d.rounded_rectangle([x, y, x + 100, y + 48], radius=18, fill=_mix((196, 178, 130), (150, 130, 90),
                                                                              rng.random() * 0.5))
    for i in range(5):
        _person(d, 200 + i * 300 + rng.randint(-50, 50), 900, 360, rng.choice([(30, 60, 140), (200, 160, 30),
                                                                            (40, 40, 45), (180, 60, 40)]), rng,
                arm_up=i % 2 == 0)


def _scene_podium(img: Image.Image, rng: random.Random) -> None:
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, WIDTH, HEIGHT], fill=(24, 52, 96))
    for x in range(0, WIDTH, 200):  # backdrop logos
        for y in range(0, 700, 160):
            d.ellipse([x + 60, y + 40, x + 120, y + 100], outline=(60, 95, 150), width=6)
    d.rectangle([0, 760, WIDTH, HEIGHT], fill=(70, 58, 50))
    d.polygon([(620, 640), (980, 640), (940, 1000), (660, 1000)], fill=(120, 84, 56))
    d.rectangle([760, 700, 840, 760], fill=(240, 240, 235))
    _person(d, 800, 900, 620, (28, 28, 32), rng)
    d.ellipse([770, 300, 830, 370], fill=(210, 170, 140))  # face lit by the lights
    for i, x in enumerate(range(700, 920, 40)):
        d.line([(x, 640), (800 + (x - 800) * 0.3, 560)], fill=(20, 20, 20), width=5)
        d.ellipse([790 + (x - 800) * 0.3 - 10, 545, 810 + (x - 800) * 0.3 + 10, 575],
                  fill=[(200, 40, 40), (40, 40, 40), (230, 230, 230), (40, 90, 200), (30, 30, 30), (200, 160, 30)][i])
    for x in (250, 1350):  # flags: Portugal's green and red, the EU's ring of stars
        d.line([(x, 780), (x, 240)], fill=(200, 200, 200), width=8)
        if x < 800:
            d.rectangle([x + 4, 250, x + 200, 380], fill=(200, 20, 30))
            d.rectangle([x + 4, 250, x + 82, 380], fill=(0, 102, 0))
            d.ellipse([x + 62, 295, x + 102, 335], fill=(255, 204, 0))
        else:
            d.rectangle([x + 4, 250, x + 200, 380], fill=(0, 51, 153))
            for k in range(12):
                a = k * math.pi / 6
                sx, sy = x + 102 + 42 * math.cos(a), 315 + 42 * math.sin(a)
                d.ellipse([sx - 5, sy - 5, sx + 5, sy + 5], fill=(255, 204, 0))


def _scene_gale(img: Image.Image, rng: random.Random) -> None:
    _sky(img, (70, 80, 92), (160, 164, 160), 620)
    _clouds(img, rng, (60, 62, 70), 18, 320)
    d = ImageDraw.Draw(img)
    _buildings(d, rng, 700, [(216, 204, 186), (190, 176, 160), (170, 180, 186)])
    d.rectangle([0, 700, WIDTH, HEIGHT], fill=(72, 74, 78))
    for i, x in enumerate((260, 700, 1150)):  # cars
        color = [(180, 30, 30), (230, 230, 230), (30, 60, 120)][i]
        d.rounded_rectangle([x, 820, x + 320, 930], radius=30, fill=color)
        d.rounded_rectangle([x + 60, 760, x + 250, 840], radius=30, fill=_mix(color, (20, 20, 20), 0.3))
        for wx in (x + 60, x + 240):
            d.ellipse([wx - 36, 900, wx + 36, 972], fill=(20, 20, 20))
    d.line([(200, 760), (1400, 640)], fill=(86, 60, 40), width=60)  # the fallen trunk
    for _ in range(90):
        x = rng.randint(700, 1500)
        y = rng.randint(520, 760)
        d.ellipse([x - 60, y - 40, x + 60, y + 40], fill=_mix((50, 90, 45), (80, 120, 60), rng.random()))
    _person(d, 1480, 980, 380, (255, 140, 0), rng, arm_up=True)


def _scene_stadium(img: Image.Image, rng: random.Random) -> None:
    _sky(img, (110, 120, 132), (170, 174, 172), 300)
    d = ImageDraw.Draw(img)
    d.polygon([(0, 300), (WIDTH, 300), (WIDTH, 560), (0, 560)], fill=(60, 62, 70))
    for _ in range(3200):  # the crowd: heads and shirts
        x, y = rng.randint(0, WIDTH), rng.randint(310, 545)
        d.rectangle([x, y, x + 5, y + 9], fill=rng.choice([(200, 30, 40), (240, 240, 240), (30, 30, 35),
                                                         (200, 200, 60), (40, 70, 160)]))
        d.ellipse([x, y - 5, x + 5, y], fill=(200, 160, 130))
    for y in range(560, HEIGHT):
        shade = (y // 60) % 2
        d.line([(0, y), (WIDTH, y)], fill=(46, 120, 52) if shade else (52, 132, 58))
    for _ in range(14):  # puddles
        x, y = rng.randint(0, WIDTH), rng.randint(640, HEIGHT - 40)
        w = rng.randint(80, 260)
        d.ellipse([x - w, y - w / 5, x + w, y + w / 5], fill=(140, 150, 160))
    d.line([(0, 760), (WIDTH, 700)], fill=(235, 235, 235), width=6)
    for i in range(3):
        _person(d, 500 + i * 260, 940, 300, (30, 30, 30) if i else (230, 120, 20), rng)


def _scene_snow(img: Image.Image, rng: random.Random) -> None:
    _sky(img, (150, 165, 185), (215, 222, 228), 520)
    d = ImageDraw.Draw(img)
    d.polygon([(0, 560), (420, 230), (760, 470), (1100, 180), (1600, 520), (1600, 700), (0, 700)],
              fill=(236, 240, 245))
    d.polygon([(360, 280), (420, 230), (480, 290)], fill=(255, 255, 255))
    d.rectangle([0, 700, WIDTH, HEIGHT], fill=(244, 246, 250))
    d.polygon([(300, HEIGHT), (760, 700), (860, 700), (1300, HEIGHT)], fill=(120, 124, 130))
    for _ in range(40):
        x = rng.randint(0, WIDTH)
        if 300 < x < 1300:
            continue
        y = rng.randint(640, 900)
        s = rng.randint(30, 60)
        d.polygon([(x, y - s * 3), (x - s, y), (x + s, y)], fill=(40, 70, 50))
        d.polygon([(x, y - s * 3), (x - s * 0.5, y - s * 1.5), (x + s * 0.5, y - s * 1.5)], fill=(240, 244, 246))
    d.rectangle([640, 720, 980, 880], fill=(240, 150, 20))  # the snowplough
    d.rectangle([880, 640, 980, 730], fill=(240, 150, 20))
    d.rectangle([900, 660, 960, 710], fill=(160, 200, 220))
    d.polygon([(560, 820), (640, 760), (640, 900), (540, 900)], fill=(90, 90, 95))
    for wx in (700, 920):
        d.ellipse([wx - 50, 850, wx + 50, 950], fill=(25, 25, 25))
    for _ in range(500):
        x, y = rng.randint(0, WIDTH), rng.randint(0, HEIGHT)
        r = rng.randint(2, 5)
        d.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255))


def _scene_night(img: Image.Image, rng: random.Random) -> None:
    _sky(img, (8, 10, 22), (28, 32, 52), 700)
    d = ImageDraw.Draw(img)
    _buildings(d, rng, 720, [(34, 36, 46), (28, 30, 40), (40, 42, 52)], lit=0.0)
    d.rectangle([0, 720, WIDTH, HEIGHT], fill=(18, 18, 22))
    glow = Image.new("RGBA", img.size, (0, 0, 0, 0))
    g = ImageDraw.Draw(glow)
    for x in (420, 800, 1180):  # candle light on tables
        g.ellipse([x - 260, 560, x + 260, 1000], fill=(255, 170, 70, 90))
    glow = glow.filter(ImageFilter.GaussianBlur(60))
    img.paste(glow, (0, 0), glow)
    d = ImageDraw.Draw(img)
    for x in (420, 800, 1180):
        d.rectangle([x - 160, 820, x + 160, 840], fill=(90, 60, 40))
        d.rectangle([x - 10, 770, x + 10, 820], fill=(240, 230, 210))
        d.ellipse([x - 7, 748, x + 7, 772], fill=(255, 200, 80))
        _person(d, x - 220, 1000, 400, (12, 10, 12), rng)
        _person(d, x + 220, 1000, 380, (12, 10, 12), rng)


def _scene_beach(img: Image.Image, rng: random.Random) -> None:
    _sky(img, (150, 180, 205), (225, 220, 205), 430)
    _clouds(img, rng, (235, 235, 235), 8, 260)
    _water(img, 430, (70, 110, 130), rng)
    d = ImageDraw.Draw(img)
    d.polygon([(0, 620), (WIDTH, 560), (WIDTH, HEIGHT), (0, HEIGHT)], fill=(214, 196, 160))
    for _ in range(70):  # debris
        x, y = rng.randint(0, WIDTH), rng.randint(640, HEIGHT)
        w = rng.randint(20, 110)
        d.line([(x, y), (x + w, y + rng.randint(-20, 20))], fill=rng.choice([(90, 70, 50), (60, 50, 40),
                                                                            (40, 90, 160), (200, 60, 40)]),
               width=rng.randint(4, 14))
    for i in range(4):
        _person(d, 260 + i * 360 + rng.randint(-40, 40), 900 + rng.randint(-40, 60), 320,
                rng.choice([(200, 60, 40), (40, 60, 120), (230, 200, 40), (40, 40, 40)]), rng)


def _scene_wave(img: Image.Image, rng: random.Random) -> None:
    """The "AI-generated" illustration: too smooth, too saturated, a wave no camera saw."""
    _sky(img, (88, 40, 140), (250, 150, 120), 700)
    d = ImageDraw.Draw(img)
    d.polygon([(1050, 1067), (1120, 560), (1600, 600), (1600, 1067)], fill=(30, 26, 40))  # the cliff
    d.rectangle([1230, 360, 1300, 600], fill=(235, 235, 230))  # the lighthouse
    for y in range(380, 600, 60):
        d.rectangle([1230, y, 1300, y + 28], fill=(200, 40, 50))
    d.polygon([(1215, 360), (1315, 360), (1265, 310)], fill=(200, 40, 50))
    d.ellipse([1245, 330, 1285, 362], fill=(255, 240, 160))
    for i in range(40):  # the wave: layered arcs, turquoise to foam
        t = i / 39
        color = _mix((10, 90, 120), (120, 240, 230), t)
        r = 900 - i * 14
        d.pieslice([-300 + i * 6, 300 + i * 9, -300 + i * 6 + 2 * r, 300 + i * 9 + 2 * r], 180, 300, fill=color)
    for _ in range(500):  # foam
        x, y = rng.randint(0, 1100), rng.randint(250, 700)
        r = rng.randint(3, 12)
        d.ellipse([x - r, y - r, x + r, y + r], fill=(240, 255, 255))
    d.rectangle([0, 900, 1600, 1067], fill=(20, 60, 90))


SCENES: dict[str, Callable[[Image.Image, random.Random], None]] = {
    "flood": _scene_flood, "harbour": _scene_harbour, "hills": _scene_hills, "sandbags": _scene_sandbags,
    "podium": _scene_podium, "gale": _scene_gale, "stadium": _scene_stadium, "snow": _scene_snow,
    "night": _scene_night, "beach": _scene_beach, "wave": _scene_wave,
}


def render_scene(scene: str, seed: int) -> Image.Image:
    rng = random.Random(seed)
    img = Image.new("RGB", (WIDTH, HEIGHT), (128, 128, 128))
    SCENES[scene](img, rng)
    # A little softness and grain, so it reads as a photo rather than a diagram.
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.effect_noise((WIDTH // 2, HEIGHT // 2), 18).resize((WIDTH, HEIGHT)).convert("RGB")
    return Image.blend(img, noise, 0.05)


def photo_bytes(photo: DemoPhoto, seed: int) -> bytes:
    """The JPEG with the photo's caption, credit and place embedded (IIM, XMP, EXIF twins),
    and its Content Credentials when it has some (signed with the demo credential)."""
    from app.metadata.write import encode_file  # noqa: PLC0415 - exiv2 only when building

    buf = io.BytesIO()
    render_scene(photo.scene, seed).save(buf, "JPEG", quality=86)
    values = photo.values()
    if photo.credentials == "edited-after-signing":
        values["headline"] = photo.headline + " (wire)"  # what the wire signed; a desk tool changes it below
    data = encode_file(buf.getvalue(), values, "JPEG").data
    if photo.credentials is None:
        return data
    from app.provenance import sign_new  # noqa: PLC0415

    generated = photo.credentials == "generated"
    data = sign_new(data, "JPEG", demo_signer(), title=f"{photo.slug.lower()}.jpg",
                    source_type="trainedAlgorithmicMedia" if generated else "digitalCapture",
                    generator="Demo-Image-Generator 2.0" if generated else "Demo-Wire-Camera 1.0")
    if photo.credentials == "edited-after-signing":
        data = encode_file(data, {"headline": photo.headline}, "JPEG").data  # not signed again: invalid
    return data


def demo_signer() -> Any:
    """The bundled demo signer (resources/demo): a TEST credential whose key is public."""
    from app.provenance import SignerConfig  # noqa: PLC0415

    return SignerConfig(str(paths.resource("demo/demo-signer-chain.pem")),
                        str(paths.resource("demo/demo-signer-key.pem")), "es256")


# --- building the catalog ---------------------------------------------------------------

def default_demo_catalog() -> Path:
    """The demo catalog lives apart from the user's own (user data dir/demo)."""
    return paths.default_catalog_path().parent / "demo" / "catalog.sqlite"


@dataclass
class DemoResult:
    catalog_path: Path
    photos_dir: Path
    built: bool  # False: it was already there
    item_ids: list[int]  # the demo gallery's, with any photo imported into it since
    failures: list[tuple[str, str]] = field(default_factory=list)
    demo_photos: int = 0  # the gallery's photos whose files are the demo's own, in photos_dir
    catalog_photos: int = 0  # every photo of the catalog (caption-only items aside)


DEMO_HOUSE_WORDS = ("Creditline", "Elowen")


def build_demo(catalog_path: str | Path | None = None, rebuild: bool = False,
               progress: Callable[[str], None] | None = None) -> DemoResult:
    from app.catalog import Catalog  # noqa: PLC0415
    from app.importer import import_paths  # noqa: PLC0415

    path = Path(catalog_path).expanduser() if catalog_path else default_demo_catalog()
    photos_dir = path.parent / "demo-photos"
    cat = Catalog.open(path)
    try:
        try:
            existing = cat.gallery(DEMO_GALLERY)
        except KeyError:
            existing = None
        if existing is not None and not rebuild:
            ids = cat.gallery_item_ids(existing.id)
            return DemoResult(path, photos_dir, False, ids, demo_photos=_own(cat, ids, photos_dir),
                              catalog_photos=cat.count_items() - cat.count_items(caption_only=True))
        if existing is not None:
            cat.delete_gallery(existing.id)
        photos_dir.mkdir(parents=True, exist_ok=True)
        files = []
        for n, photo in enumerate(demo_photos(), start=1):
            target = photos_dir / f"{n:02d}-{photo.slug.lower()}.jpg"
            if progress:
                progress(f"drawing {target.name}")
            target.write_bytes(photo_bytes(photo, seed=1000 + n))
            files.append(str(target))
        gallery = cat.create_gallery(DEMO_GALLERY, DEMO_TITLE)
        cat.set_gallery_flags(gallery.id, web=True)
        from app import provenance  # noqa: PLC0415

        # The demo trusts its own test authority and re-signs with the demo signer (see above).
        cat.set_setting(provenance.SETTING_TRUST, str(paths.resource("demo/demo-ca.pem")))
        cat.set_setting(provenance.SETTING_SIGNER, demo_signer().to_json())
        summary = import_paths(cat, files, gallery=gallery.name, jobs=1)
        ids = cat.gallery_item_ids(gallery.id)
        try:
            from app import validation  # noqa: PLC0415
        except ImportError:
            validation = None  # type: ignore[assignment]
        if validation is not None and ids:
            # The demo desk's own paper: its staff credits are not unknown agencies.
            validation.change_setting(cat, validation.SETTING_HOUSE_AGENCIES, DEMO_HOUSE_AGENCIES)
            # Its house dictionary knows the storm's invented name and the app's.
            validation.change_setting(cat, "spelling_words", list(DEMO_HOUSE_WORDS))
            validation.check_gallery(cat, DEMO_GALLERY)  # gallery rules and flags (news, web) too
        return DemoResult(path, photos_dir, True, ids, list(summary.failures), demo_photos=_own(cat, ids, photos_dir),
                          catalog_photos=cat.count_items() - cat.count_items(caption_only=True))
    finally:
        cat.close()


def _own(cat: Any, ids: list[int], photos_dir: Path) -> int:
    """How many of ``ids`` are the demo's own photos (files in ``photos_dir``): the demo
    catalog is a catalog like any other, and photos from elsewhere may be imported into it."""
    folder = photos_dir.resolve()
    return sum(1 for i in ids if (p := cat.item(i).path) and Path(p).resolve().parent == folder)
