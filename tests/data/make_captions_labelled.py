#!/usr/bin/env python3
"""Write captions_labelled.jsonl: captions with the rule ids a careful photo editor expects.

Two parts, both written by hand here (names, places and events are invented):

* HAND: individual captions, many of them traps (legitimate repeats, handouts, file
  photos marked both ways, lower-case "no sale", Getty datelines), each with its label;
* generated: clean captions in each agency's own style, then the same captions with
  one defect put in on purpose. The label comes from the defect that was put in,
  never from running the rules.

    python tests/data/make_captions_labelled.py     # rewrites the .jsonl beside it

Record keys: id, fields, expected (sorted rule ids), and optionally gallery (records
sharing one are checked together, for name-variant), publish_date, candidates, note.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("captions_labelled.jsonl")

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

NAMES = ["Ines Varga", "Tomas Ferrel", "Ada Brin", "Marek Olszan", "Priya Venkatesh-Hale", "Jonah Kettering",
         "Lucía Ortega Sáez", "Björn Ahlqvist", "Fatou Ndiaye-Camara", "Kenji Morisaki", "Oksana Hrytsenko",
         "Hugo Marchetti", "Sara Lindqvist", "Rafael Quintero", "Noor Haddad", "Elif Demirtaş"]
SCENES = [
    "Demonstrators march toward the town hall during a protest against higher bus fares",
    "Firefighters battle a blaze at a timber yard near the river port",
    "Supporters of candidate Marta Quillon cheer during a campaign rally",
    "Rescue workers search the rubble of a collapsed parking garage",
    "A man wades through a flooded street after a night of heavy rain",
    "Fans celebrate after the final whistle of the regional cup final",
    "Farmers drive tractors through the city center to protest new water rules",
    "Commuters wait on a crowded platform during a rail strike",
    "A child looks at a display of paper lanterns during the autumn festival",
    "Volunteers hand out blankets at a shelter run by a local charity",
    "Runners cross a bridge during the annual harbor half marathon",
    "Workers repair power lines damaged by the storm",
    "Students hold banners during a march demanding cheaper student housing",
    "A woman casts her ballot at a polling station set up in a library",
    "Members of the youth orchestra rehearse ahead of the season opening concert",
    "A vendor arranges peppers at a market stall as food prices climb",
    "Snowplows clear a highway after the first heavy snowfall of the winter",
    "Activists form a human chain around the old customs house",
    "Engineers inspect a tram that left the rails near the central station",
    "A heron stands in a dried-up canal during a long drought",
]
PLACES = [("Lyon", "France"), ("Kraków", "Poland"), ("Athens", "Greece"), ("Kyiv", "Ukraine"), ("Madrid", "Spain"),
          ("Nairobi", "Kenya"), ("Montréal", "Canada"), ("Bogotá", "Colombia"), ("Malmö", "Sweden"),
          ("Porto", "Portugal")]
STYLES = ["ap", "reuters", "afp", "getty", "epa", "anadolu", "xinhua"]


def ap_date(d: dt.date, weekday: str | None = None) -> str:
    return f"{weekday or WEEKDAYS[d.weekday()]}, {AP_MONTHS[d.month - 1]} {d.day}, {d.year}"


def long_date(d: dt.date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def clean(style: str, rng: random.Random) -> dict:
    """A caption with its metadata that every rule should pass."""
    name = rng.choice(NAMES)
    scene = rng.choice(SCENES)
    city, country = rng.choice(PLACES)
    d = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(14 * 365))
    f: dict = {"date_created": d.isoformat(), "city": city, "country": country}
    if style == "ap":
        f |= {"caption": f"{scene} in {city}, {country}, {ap_date(d)}. (AP Photo/{name})",
              "creators": [name], "credit_line": "AP", "source": "AP"}
    elif style == "reuters":
        f |= {"caption": f"{scene} in {city}, {country}, {long_date(d)}. REUTERS/{name}",
              "creators": [name], "credit_line": "REUTERS", "source": "Reuters"}
    elif style == "afp":
        f |= {"caption": f"{scene} in {city} on {long_date(d)}. (Photo by {name.upper()}/AFP via Getty Images)",
              "creators": [name.upper()], "credit_line": "AFP via Getty Images", "source": "AFP"}
    elif style == "getty":
        f |= {"caption": f"{city.upper()}, {country.upper()} - {MONTHS[d.month - 1].upper()} {d.day}: {scene} on "
                         f"{long_date(d)} in {city}, {country}. (Photo by {name}/Getty Images)",
              "creators": [name], "credit_line": "Getty Images", "source": "Getty Images Europe"}
    elif style == "epa":
        f |= {"caption": f"{scene} in {city}, {country}, {d.day:02d} {MONTHS[d.month - 1]} {d.year}. "
                         f"EPA-EFE/{name.upper()}",
              "creators": [name.upper()], "credit_line": "EPA-EFE", "source": "EPA"}
    elif style == "anadolu":
        f |= {"caption": f"{city.upper()}, {country.upper()} - {MONTHS[d.month - 1].upper()} {d.day}: {scene} in "
                         f"{city}, {country} on {long_date(d)}. (Photo by {name}/Anadolu via Getty Images)",
              "creators": [name], "credit_line": "Anadolu via Getty Images", "source": "Anadolu"}
    else:  # xinhua
        f |= {"caption": f"{scene} in {city}, {country}, {AP_MONTHS[d.month - 1]} {d.day}, {d.year}. "
                         f"(Xinhua/{name})",
              "creators": [name], "credit_line": "Xinhua", "source": "Xinhua"}
    return f


def _credit_span(style: str, caption: str) -> int:
    """Where the credit starts in a clean caption."""
    marks = {"ap": " (AP Photo/", "reuters": " REUTERS/", "afp": " (Photo by ", "getty": " (Photo by ",
             "epa": " EPA-EFE/", "anadolu": " (Photo by ", "xinhua": " (Xinhua/"}
    return caption.rindex(marks[style])


def inject(kind: str, style: str, f: dict, rng: random.Random) -> tuple[dict, list[str], dict]:
    """The record with one defect of ``kind`` put in, its expected rules, and extra record keys."""
    f = dict(f)
    cap = f["caption"]
    cut = _credit_span(style, cap)
    body, credit = cap[:cut], cap[cut + 1:]
    extra: dict = {}
    d = dt.date.fromisoformat(f["date_created"])
    if kind == "missing-credit":
        f["caption"] = body
        f.pop("credit_line")
    elif kind == "malformed-credit":
        if credit.endswith(")"):
            f["caption"] = cap[:-1]  # the closing bracket lost
        else:
            f["caption"] = body + " " + credit.replace("/", "//", 1)
    elif kind == "credit-directive":
        choice = rng.randrange(4)
        if choice == 0:
            f["caption"] = "TOPSHOT - " + cap
        elif choice == 1:
            core = credit.strip("()").removeprefix("Photo by ")
            f["caption"] = f"{body} (Photo credit should read {core})"
        elif choice == 2:
            f["caption"] = f"{cap} ({f['country'].upper()} - Tags: SOCIETY TPX IMAGES OF THE DAY)"
        else:
            f["caption"] = f"{cap} ATTENTION EDITORS - THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY."
    elif kind == "conflicting-credits":
        other = rng.choice([n for n in NAMES if n[0] != f["creators"][0][0]])
        agency = {"ap": "AP", "reuters": "Reuters", "afp": "AFP/Getty Images", "getty": "Getty Images",
                  "epa": "EPA-EFE", "anadolu": "Anadolu Agency", "xinhua": "Xinhua"}[style]
        f["credit_line"] = f"{other}/{agency}"
    elif kind == "duplicate-credit":
        f["caption"] = f"{cap} {credit}"
    elif kind == "credit-metadata-mismatch":
        f["credit_line"] = {"ap": "REUTERS", "reuters": "AP", "afp": "EPA-EFE", "getty": "AFP", "epa": "AP",
                            "anadolu": "Xinhua", "xinhua": "AFP"}[style]
    elif kind == "weekday-mismatch":
        if style == "ap":
            wrong = WEEKDAYS[(d.weekday() + rng.randrange(1, 7)) % 7]
            f["caption"] = cap.replace(ap_date(d), ap_date(d, wrong), 1)
        else:
            day = long_date(d) if style in ("reuters", "afp", "getty", "anadolu") else None
            if style == "epa":
                day = f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"
            elif style == "xinhua":
                day = f"{AP_MONTHS[d.month - 1]} {d.day}, {d.year}"
            wrong = WEEKDAYS[(d.weekday() + rng.randrange(1, 7)) % 7]
            f["caption"] = cap.replace(day, f"{wrong}, {day}", 1)
    elif kind == "date-mismatch":
        f["date_created"] = (d + dt.timedelta(days=rng.choice([-40, -9, 5, 12, 300]))).isoformat()
    elif kind == "doubled-word":
        words = body.split(" ")
        k = rng.choice([i for i, w in enumerate(words[1:-2], 1) if w.isalpha() and w.islower()])
        words.insert(k, words[k])
        f["caption"] = " ".join(words) + " " + credit
    elif kind == "missing-location":
        f["caption"] = cap.replace(f" in {f['city']}, {f['country']}", "", 1).replace(f" in {f['city']}", "", 1)
        if f["caption"].startswith(f["city"].upper()):
            f["caption"] = f["caption"].split(": ", 1)[1]
        for k in ("city", "country"):
            f.pop(k)
    elif kind == "restriction":
        f["instructions"] = rng.choice(["NO ARCHIVES. NO SALES.", "EDITORIAL USE ONLY", "ONE TIME USE ONLY",
                                        "EMBARGOED UNTIL 0001 GMT NOV. 27, 2026"])
        extra["publish_date"] = "2026-11-20"
    elif kind == "html-entity":
        f["caption"] = cap.replace(", ", ",&nbsp;", 1)
    elif kind == "stray-whitespace":
        f["caption"] = body.replace(" ", "  ", 1) + " " + credit
    elif kind == "iim-too-long":
        f["headline"] = ("Thousands gather across the region as " + body) * 3
    else:
        raise ValueError(kind)
    return f, [kind], extra


GENERATED_KINDS = ["missing-credit", "malformed-credit", "credit-directive", "conflicting-credits",
                   "duplicate-credit", "credit-metadata-mismatch", "weekday-mismatch", "date-mismatch",
                   "doubled-word", "missing-location", "restriction", "html-entity", "stray-whitespace",
                   "iim-too-long"]

# Hand-written records: (caption, other fields, expected rules, note)
HAND: list[tuple[str, dict, list[str], str]] = [
    # --- clean traps ---------------------------------------------------------
    ("She had had enough of the waiting, a voter said in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {}, [],
     "had had is English"),
    ("The mayor said that that decision was final, in Porto, Portugal, May 4, 2022. REUTERS/Tomas Ferrel", {}, [],
     "that that is English"),
    ("Duran Duran perform on stage in Madrid, Spain, July 9, 2019. REUTERS/Ines Varga", {}, [], "a band's name"),
    ("Former minister Boutros Boutros-Halim arrives in Athens, Greece, March 2, 2018. REUTERS/Ada Brin", {}, [],
     "hyphenated repeat"),
    ("FILE - Workers repair power lines in Kyiv, Ukraine, Tuesday, Jan. 12, 2021. (AP Photo/Oksana Hrytsenko, File)",
     {"date_created": "2021-01-12"}, [], "file photo marked in caption and credit"),
    ("In this Tuesday, Jan. 12, 2021 file photo, workers repair power lines in Kyiv, Ukraine. "
     "(AP Photo/Oksana Hrytsenko, File)", {}, [], "older AP file lead"),
    ("FILE - Workers repair power lines in Kyiv, Ukraine, Tuesday, Jan. 12, 2021. (AP Photo/Oksana Hrytsenko, File)",
     {"date_created": "2025-05-30"}, [], "file photo: an old date is expected"),
    ("In this photo provided by the Regional Fire Service, firefighters battle a blaze in Porto, Portugal, "
     "Sunday, Aug. 4, 2024. (Regional Fire Service via AP)", {}, [], "handout via AP names no photographer"),
    ("Smoke rises over the port in Malmö, Sweden, March 3, 2023. STR/AFP via Getty Images", {}, [],
     "stringer: no name needed"),
    ("Fans queue for a SOLD OUT show in Lyon, France, June 3, 2021; no sale was made at the door. "
     "REUTERS/Ada Brin", {}, [], "prose, not restrictions"),
    ("Traders discuss the oil embargo in Madrid, Spain, March 8, 2022. REUTERS/Tomas Ferrel", {}, [],
     "the news word embargo"),
    ("LONDON, ENGLAND - AUGUST 20: Fans arrive before the match on August 20, 2019 in London, England. "
     "(Photo by Hugo Marchetti/Getty Images)", {"credit_line": "Getty Images", "source": "Getty Images Europe",
                                                "creators": ["Hugo Marchetti"]}, [], "Getty dateline"),
    ("Voters queue in Des Moines, Iowa, Tuesday, Sept. 8, 2020. (AP Photo/Jonah Kettering)", {}, [], "AP Sept."),
    ("Voters queue in Des Moines, Iowa, Tuesday, March 3, 2020. (AP Photo/Jonah Kettering)", {}, [],
     "AP spells March out"),
    ("Cranes stand idle in Porto, Portugal, in February 2023. REUTERS/Rafael Quintero", {}, ["missing-date"],
     "month with year only: no day, so no date (the real captions' label policy, tests/data/README.md)"),
    ("A boy plays in the snow in Kraków, Poland, 08 February 2026. EPA-EFE/MAREK OLSZAN",
     {"creators": ["MAREK OLSZAN"], "credit_line": "EPA-EFE", "source": "EPA"}, [], "EPA clean"),
    ("Children play at a fountain in Beijing, China, Aug. 2, 2023. (Xinhua/Wei Lanfang)", {}, [], "Xinhua clean"),
    ("Police officers patrol in Nairobi, Kenya, on Friday. REUTERS/Noor Haddad", {}, [], "weekday only"),
    ("Firefighters battle a blaze in Lyon, France, June 3, 2021. (Photo by ADA BRIN/AFP via Getty Images)",
     {"creators": ["Ada Brin"], "credit_line": "AFP via Getty Images", "source": "AFP"}, [],
     "by-line in another case is the same name"),
    ("A runner finishes the race in Athens, Greece, Nov. 3, 2019. (AP Photo/Sara Lindqvist)",
     {"creators": ["Sara Lindqvist"], "credit_line": "The Associated Press", "source": "AP"}, [], "alias"),
    ("The price of rice rose 24 24-hour periods in a row, traders said in Bogotá, Colombia, May 5, 2021. "
     "REUTERS/Rafael Quintero", {}, [], "numbers are not doubled words"),
    ("Crowds gather in Phoenix, Monday, Nov. 17, 2014. (AP Photo/Jonah Kettering)", {"date_created": "2014-11-17"},
     [], "right weekday"),
    ("A crowd at the Procter &co; stand in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {}, [],
     "not an HTML entity"),
    ("Fans cheer in Malmö and Łódź, June 3, 2021. REUTERS/José Núñez", {}, [], "real accents are not mojibake"),
    ("Pedestrians walk past a mural in Montréal, Canada, Oct. 12, 2022. (AP Photo/Fatou Ndiaye-Camara)",
     {"instructions": "Photo shot on assignment"}, [], "harmless instructions"),
    ("Wildfire smoke covers Athens, Greece, July 24, 2023. Satellite image ©2025 Maxar Technologies", {},
     ["missing-photographer"], "an organisation-only credit that is no handout (realworld label policy)"),
    # --- other agencies and credit forms, clean -------------------------------
    ("Hikers walk along the cliffs near Dover, England, Tuesday June 24, 2014. See PA Story WEATHER Coast. "
     "(Jonah Kettering/PA Wire)", {}, [], "PA"),
    ("A cyclist rides past a mural in Berlin, Germany, 12 March 2024. (Photo by Ada Brin/picture alliance via "
     "Getty Images)", {}, [], "dpa picture alliance via Getty"),
    ("Protesters gather in Warsaw, Poland, on May 3, 2023. (Photo by Marek Olszan/NurPhoto via Getty Images)", {}, [],
     "NurPhoto"),
    ("Supporters wave flags in Manila, Philippines, on May 9, 2022. (Photo by Noor Haddad/SOPA Images/LightRocket via "
     "Getty Images)", {}, [], "SOPA"),
    ("Firefighters work at the scene in Sydney, Australia, Sunday, Jan. 5, 2020. (Credit Image: © Sara Lindqvist/"
     "ZUMA Wire)", {}, [], "ZUMA credit image"),
    ("Artists perform in Paris, France, on June 21, 2023. (Photo by Hugo Marchetti/Sipa USA)", {}, [], "Sipa"),
    ("Fans cheer in Munich, Germany, 12 March 2024. Photo: Ada Brin/dpa", {}, [], "dpa photo:"),
    ("Children swim in Shanghai, China, July 12, 2022. (Photo by Wei Lanfang/VCG via Getty Images)", {}, [], "VCG"),
    ("Soccer Football - Premier League - Harbor FC v Port United - Harbor Stadium, Lyon, France - June 28, 2019 "
     "Harbor FC's Tom Hale celebrates. Action Images via Reuters/Ada Brin", {}, [], "Reuters sports"),
    ("A satellite image shows the port in Odesa, Ukraine, June 3, 2023. Satellite image ©2023 Maxar Technologies/"
     "Handout via REUTERS", {}, [], "satellite handout"),
    ("The aftermath of the storm in Key West, Fla., Thursday, Sept. 29, 2022. (Orlando Sentinel via AP)", {},
     ["missing-photographer"], "partner via AP: organisation-only, no handout (realworld label policy)"),
    ("Pope visits the hospital in Rome, Italy, March 29, 2023. Vatican Media/Handout via REUTERS", {}, [],
     "Reuters handout"),
    ("Members of the crowd in London, Britain, May 6, 2023. REUTERS/Hannah McKay/Pool", {}, [], "Reuters pool"),
    ("The new city library opens its doors in Porto, Portugal, on Monday. Courtesy Porto City Council", {}, [],
     "courtesy credit"),
    ("(240413) -- BEIJING, April 13, 2024 (Xinhua) -- Children play in a park in Beijing, capital of China, "
     "April 13, 2024. (Xinhua/Wei Lanfang)", {}, [], "Xinhua wire dateline"),
    ("GAZA CITY, GAZA – MAY 13: People walk through rubble in Gaza City, Gaza on May 13, 2021. ( Ashraf Amra – "
     "Anadolu Agency )", {}, [], "Anadolu's own spaced form"),
    ("epa10954012 Activists protest in front of the parliament in Athens, Greece, 08 November 2023. EPA/ADA BRIN", {},
     ["agency-picture-number"], "EPA's picture number at the caption's start: the agency's delivered format, "
     "an info finding with a fix, not desk matter (lead's decision)"),
    ("FILE PHOTO: President Tom Hale speaks in Porto, Portugal, March 4, 2024. REUTERS/Ada Brin/File Photo",
     {"date_created": "2024-03-04"}, [], "Reuters file photo marked both ways"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {"instructions": ""}, [], "empty instructions"),
    ("Police secure the area in Kyiv, Ukraine, on Sunday, June 4, 2023, after an overnight attack. "
     "REUTERS/Oksana Hrytsenko", {}, [], "weekday with on and a following clause"),
    ("Protesters march in Bogotá, Colombia, during the 2022 election campaign, May 2, 2022. REUTERS/Rafael Quintero",
     {}, [], "a year that is not a date"),
    ("Traders work in Madrid, Spain, March 8, 2022. A 1:30 p.m. auction was delayed. REUTERS/Tomas Ferrel", {}, [],
     "a time is not a date"),
    # --- other agencies, with defects ------------------------------------------
    ("U.S. President Tom Hale speaks in Porto, Portugal, March 4, 2024. REUTERS/Ada Brin/File Photo",
     {"date_created": "2024-03-04"}, ["file-photo-unmarked"], "Reuters /File Photo without FILE PHOTO:"),
    ("Rescue teams search in Antakya, Turkey, on Feb. 8, 2023. (Photo by Elif Demirtas/Anadolu Agency via Getty "
     "Images)", {}, ["month-style"], "Getty-distributed captions spell months out"),
    ("Firefighters work at the scene in Sydney, Australia, Sunday, Jan. 5, 2020. (Credit Image: © Sara Lindqvist/"
     "ZUMA Wire", {}, ["malformed-credit"], "ZUMA bracket never closed"),
    ("Fans cheer in Munich, Germany, 12 March 2024. Photo: Ada Brin/dpa Photo: Ada Brin/dpa", {},
     ["duplicate-credit"], "dpa credit twice"),
    # --- defects, written out by hand -----------------------------------------
    ("Fans cheer in Chicago, Monday, Nov. 18, 2014. (AP Photo/Ines Varga)", {}, ["weekday-mismatch"], "AP wrong day"),
    ("Cricket fans in London, England. Picture date: Wednesday June 24, 2014. (Jonah Kettering/PA Wire)", {},
     ["weekday-mismatch"], "PA date form"),
    ("Protesters in Athens, Greece, on Friday, 08 November 2017. EPA-EFE/ADA BRIN", {}, ["weekday-mismatch"],
     "EPA date form"),
    ("Snow falls in Kyiv, Ukraine, Feb. 30, 2021. (AP Photo/Oksana Hrytsenko)", {}, ["weekday-mismatch"],
     "impossible date"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin REUTERS/Ada Brin", {}, ["duplicate-credit"],
     "credit twice"),
    ("Fans cheer in Lyon, France, June 3, 2021. (AP Photo/Ines Varga) REUTERS/Ada Brin", {},
     ["conflicting-credits"], "two agencies"),
    ("Fans cheer in Lyon, France, on June 3, 2021. (Photo by ADA BRIN/AFP/Getty Images)",
     {"credit_line": "ADA BRIN via Getty Images"}, ["conflicting-credits"], "AFP dropped from the chain"),
    ("Fans cheer in Chicago, Monday, June 7, 2021. (AP Photo)", {}, ["missing-photographer"], "AP without a name"),
    ("Smoke rises over Malmö, Sweden, March 3, 2023. REUTERS", {}, ["missing-photographer"], "Reuters alone"),
    ("Fans cheer in Lyon, France, June 3, 2021. (Photo by Ada Brin/Agense Frence-Presse)", {}, ["unknown-agency"],
     "misspelt beyond the registry"),
    ("Fans cheer in Lyon, France, June 3, 2021. (Photo by Ada Brin/Harbor Gazette)", {}, ["unknown-agency"],
     "an outlet the registry does not know"),
    ("FILE - Fans cheer in Chicago, Monday, June 7, 2021. (AP Photo/Ines Varga)", {"date_created": "2021-06-07"},
     ["file-photo-unmarked"], "FILE in caption only"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin/File Photo", {"date_created": "2021-06-03"},
     ["file-photo-unmarked"], "File in credit only"),
    ("Voters queue in Des Moines, Iowa, Tuesday, Sep. 8, 2020. (AP Photo/Jonah Kettering)", {}, ["month-style"],
     "never Sep."),
    ("Voters queue in Des Moines, Iowa, Tuesday, Mar. 3, 2020. (AP Photo/Jonah Kettering)", {}, ["month-style"],
     "AP spells March out"),
    ("Voters queue in Madrid, Spain, Nov. 3, 2020. REUTERS/Tomas Ferrel", {}, ["month-style"],
     "Reuters spells months out"),
    ("Voters queue in Phoenix, Tuesday, Nov 3, 2020. (AP Photo/Jonah Kettering)", {}, ["month-style"],
     "abbreviation without its point"),
    ("Fans cheer in Lyon, France. REUTERS/Ada Brin", {}, ["missing-date"], "no date"),
    ("Fans cheer after the final whistle, June 3, 2021. REUTERS/Ada Brin", {}, ["missing-location"], "no place"),
    ("", {"credit_line": "REUTERS"}, ["missing-caption"], "empty caption"),
    ("   ", {}, ["missing-caption"], "blank caption"),
    ("Fans cheer in Lyon, France, June 3, 2021.", {}, ["missing-credit"], "no credit anywhere"),
    ("Fans cheer in Lyon, France, June 3, 2021. MANDATORY CREDIT REUTERS/Ada Brin", {}, ["credit-directive"],
     "mandatory credit in caption"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin EDITORIAL USE ONLY", {},
     ["credit-directive", "restriction"], "restriction leaked into the caption"),
    ('Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin SEARCH "LYON FANS" FOR THIS STORY.', {},
     ["credit-directive"], "Reuters search trailer"),
    ("TOPSHOT - Fans cheer in Lyon on June 3, 2021. (Photo credit should read ADA BRIN/AFP via Getty Images)", {},
     ["credit-directive"], "two desk leaks"),
    ("Fans cheer in Lyon, France, June 3, 2021. ( AFP PHOTO / ADA BRIN)", {}, ["malformed-credit"],
     "spaces inside the brackets"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUETRS/Ada Brin", {}, ["malformed-credit"], "misspelt agency"),
    ("Fans cheer in Lyon, France, June 3, 2021. (ap Photo/Ines Varga)", {}, ["malformed-credit"],
     "lower-case agency"),
    ("Fans cheer in Lyon, France, June 3, 2021. AFP PHOTO / CHRISTOF STACHECHRISTOF STACHE/AFP/Getty Images", {},
     ["malformed-credit"], "name run into itself"),
    ("Fans cheer in Lyon, France, June 3, 2021. (Ines Varga/via AP)", {}, ["malformed-credit"],
     "wrong separator"),
    ("Crowds gather in Lyon, France, June 3, 2021.\nPhoto: taken by a reader", {}, ["unrecognised-credit"],
     "a lead-in with nothing the parser can place: information, not missing-credit"),
    ("Fans cheer in Lyon,&nbsp;France, June 3, 2021. REUTERS/Ada Brin", {}, ["html-entity"], "entity"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/JosÃ© NÃºÃ±ez", {}, ["mojibake"], "mojibake"),
    ("Fans cheer in Lyon , France, June 3, 2021. REUTERS/Ada Brin", {}, ["stray-whitespace"], "space before comma"),
    ("Fans cheer in in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {}, ["doubled-word"], "in in"),
    ("The the crowd waits in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {}, ["doubled-word"], "The the"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {"creators": ["Tomas Ferrel"]},
     ["credit-metadata-mismatch"], "by-line names someone else"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {"source": "AFP"},
     ["credit-metadata-mismatch"], "source is another agency"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin",
     {"instructions": "EMBARGOED UNTIL 0001 GMT NOV. 27, 2026"}, ["restriction"], "embargo still running"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {"usage_terms": "Netherlands OUT"},
     ["restriction"], "territory ban"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin",
     {"city": "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"}, ["iim-too-long"], "city too long"),
    ("Crowds gather in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {"date_created": "2021-06-19"},
     ["date-mismatch"], "16 days off"),
]

# Records carrying candidates (the file's XMP/IIM/EXIF readings).
CANDIDATES = [
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {"city": "Lyon"},
     {"city": {"xmp": "Lyon", "iim": "Malmö"}}, ["credit-metadata-mismatch"], "XMP and IIM cities differ"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {"creators": ["Ada Brin"]},
     {"creators": {"xmp": ["Ada Brin"], "iim": ["Tomas Ferrel"]}}, ["credit-metadata-mismatch"], "creators differ"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin",
     {"credit_line": "Ada Brin for The Harbor Gazette via Getty"},
     {"credit_line": {"xmp": "Ada Brin for The Harbor Gazette via Getty", "iim": "Ada Brin for The Harbor Gazette v"}},
     ["iim-too-long", "conflicting-credits"], "IIM cut at 32 bytes is not a mismatch; credit line is long"),
    ("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin", {"date_created": "2021-06-03"},
     {"date_created": {"xmp": "2021-06-03T14:05:09+02:00", "iim": "2021-06-03"}}, [], "same day"),
]

# Galleries for name-variant: (gallery, [(caption, expected)]).
GALLERIES = [
    ("kyiv", [("Police stand guard in Kyiv, Ukraine, June 3, 2021. REUTERS/Vadim Ghirda", []),
              ("A man walks in Kyiv, Ukraine, June 3, 2021. REUTERS/Vadim Girda", ["name-variant"]),
              ("Smoke rises in Kyiv, Ukraine, June 4, 2021. REUTERS/Vadim Ghirda", [])]),
    ("lyon", [("Fans cheer in Lyon, France, June 3, 2021. REUTERS/Lucía Ortega Sáez", []),
              ("Fans leave in Lyon, France, June 3, 2021. REUTERS/Lucía Ortega Sáez", []),
              ("Fans sing in Lyon, France, June 3, 2021. REUTERS/Lucia Ortega Saez", ["name-variant"])]),
    ("smiths", [("Police in Porto, Portugal, May 2, 2022. REUTERS/John Smith", []),
                ("Smoke in Porto, Portugal, May 2, 2022. REUTERS/Jane Smith", []),
                ("Rain in Porto, Portugal, May 2, 2022. REUTERS/Ana Ruiz", []),
                ("Wind in Porto, Portugal, May 2, 2022. REUTERS/Ina Ruiz", [])]),
    ("afp-case", [("Fans in Lyon on June 3, 2021. (Photo by ADA BRIN/AFP via Getty Images)", []),
                  ("Police in Lyon on June 3, 2021. (Photo by Ada Brin/AFP via Getty Images)", [])]),
]


# Digital source type (XMP and Content Credentials) and alt text: (fields, item attributes,
# expected, note). Item attributes: what the import stores beside the fields (a photo's kind,
# the manifest's state and declared source type).
_DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"
_CLEAN = "Fans cheer after the final whistle in Lyon, France, June 3, 2021. REUTERS/Ada Brin"
_ALT = "Fans in blue shirts wave scarves and flags in a packed stadium stand."
PROVENANCE = [
    ({"caption": _CLEAN, "digital_source_type": _DST + "trainedAlgorithmicMedia"}, {},
     ["ai-disclosure-missing"], "generated picture, XMP, no disclosure"),
    ({"caption": _CLEAN}, {"c2pa_state": "valid", "c2pa_source_type": _DST + "compositeWithTrainedAlgorithmicMedia"},
     ["ai-disclosure-missing"], "generated parts declared by the manifest, no disclosure"),
    ({"caption": "Photo illustration: " + _CLEAN, "digital_source_type": _DST + "compositeSynthetic"}, {},
     [], "composite disclosed as a photo illustration"),
    ({"caption": _CLEAN.replace("Fans cheer", "AI-generated image: fans cheer"),
      "digital_source_type": _DST + "algorithmicMedia"}, {}, [], "generated picture disclosed"),
    ({"caption": _CLEAN, "digital_source_type": _DST + "digitalCapture"},
     {"c2pa_state": "valid", "c2pa_source_type": _DST + "trainedAlgorithmicMedia"},
     ["ai-disclosure-missing", "source-type-mismatch"], "XMP says photo, manifest says generated"),
    ({"caption": _CLEAN, "digital_source_type": _DST + "digitalCapture"},
     {"c2pa_state": "untrusted", "c2pa_source_type": _DST + "computationalCapture"},
     ["source-type-mismatch"], "XMP and manifest name different capture types"),
    ({"caption": _CLEAN, "digital_source_type": _DST + "digitalCapture"},
     {"c2pa_state": "valid", "c2pa_source_type": _DST + "digitalCapture"}, [], "XMP and manifest agree"),
    ({"caption": _CLEAN}, {"kind": "photo"}, ["missing-alt-text"], "photo without alt text"),
    ({"caption": _CLEAN, "alt_text": _ALT}, {"kind": "photo"}, [], "photo with alt text"),
    ({"caption": _CLEAN, "alt_text": (_ALT + " ") * 4}, {"kind": "photo"}, ["alt-text-too-long"],
     "alt text over 250 characters"),
    ({"caption": _CLEAN, "headline": "Lyon fans celebrate the title", "alt_text": "Lyon fans celebrate the title"},
     {"kind": "photo"}, ["alt-text-repeats-caption"], "alt text repeats the headline"),
    ({"caption": _CLEAN, "alt_text": "Image of " + _ALT[0].lower() + _ALT[1:]}, {"kind": "photo"},
     ["alt-text-redundant-start"], "alt text starts image of"),
]


def build() -> list[dict]:
    rng = random.Random(20261125)
    records: list[dict] = []

    def add(fields: dict, expected: list[str], note: str, **extra) -> None:
        if "iim-too-long" in expected:  # IIM limits are a photo's: a caption-only item has no file
            fields, extra = {**fields, "alt_text": _ALT}, {**extra, "item": {"kind": "photo"}}
        records.append({"id": f"c{len(records) + 1:03d}", "fields": fields, "expected": sorted(set(expected)),
                        "note": note, **extra})

    for caption, fields, expected, note in HAND:
        add({"caption": caption, **fields}, expected, note)
    for caption, fields, cands, expected, note in CANDIDATES:
        add({"caption": caption, **fields}, expected, note, candidates=cands)
    for name, members in GALLERIES:
        for caption, expected in members:
            add({"caption": caption}, expected, f"gallery {name}", gallery=name)
    # Clean captions in every style, then each with one defect.
    for i in range(56):
        style = STYLES[i % len(STYLES)]
        add(clean(style, rng), [], f"clean {style}")
    for i, kind in enumerate(GENERATED_KINDS * 5):
        style = STYLES[(i * 3) % len(STYLES)]
        base = clean(style, rng)
        fields, expected, extra = inject(kind, style, base, rng)
        add(fields, expected, f"{style} with {kind}", **extra)
    for fields, item, expected, note in PROVENANCE:
        add(fields, expected, note, **({"item": item} if item else {}))
    return records


def render(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def main() -> None:
    records = build()
    OUT.write_text(render(records), encoding="utf-8")
    print(f"wrote {OUT} ({len(records)} records, {sum(not r['expected'] for r in records)} clean)")


if __name__ == "__main__":
    main()
