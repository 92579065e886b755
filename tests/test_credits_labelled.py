"""The labelled set: hand-written captions and credit fields with the parse a photo editor expects.

An exact parse means the same credits in the same order, each with the same text, span,
photographers, agencies, distributor and flags. The set must parse at least 98% exactly;
the failures are listed in the assertion message.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from app.credits import FORMS, parse_credits
from app.fields import BY_KEY

DATA = Path(__file__).parent / "data" / "credits_labelled.jsonl"
FLAGS = ("file", "pool", "handout", "courtesy", "stringer")


def load() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def as_label(c) -> dict:
    return {"text": c.text, "start": c.start, "end": c.end, "photographers": c.photographers,
            "agencies": c.agencies, "distributor": c.distributor,
            "flags": sorted(f for f in FLAGS if getattr(c, f))}


def expected(row: dict) -> list[dict]:
    return [{k: v for k, v in c.items() if k not in ("form",)} for c in row["credits"]]


def test_labels_are_well_formed():
    rows = load()
    assert len(rows) >= 200
    for row in rows:
        assert row["field"] == "caption" or BY_KEY[row["field"]].credit_like
        for c in row["credits"]:
            assert row["text"][c["start"]:c["end"]] == c["text"], row
            assert set(c["flags"]) <= set(FLAGS)
            assert c["form"] in FORMS


def test_labels_cover_every_form_agency_and_broken_case():
    rows = load()
    forms = Counter(c["form"] for r in rows for c in r["credits"])
    assert set(FORMS) <= set(forms), f"forms without a label: {set(FORMS) - set(forms)}"
    agencies = {a for r in rows for c in r["credits"] for a in c["agencies"]}
    for name in ("Associated Press", "Reuters", "AFP", "Getty Images", "EPA", "Anadolu Agency", "Xinhua",
                 "PA Media", "Shutterstock", "Sipa", "ZUMA Press", "Alamy", "NurPhoto", "SOPA Images", "Bloomberg",
                 "dpa", "Kyodo", "Yonhap", "AAP", "Korean Central News Agency"):
        assert name in agencies, name
    texts = " ".join(r["text"] for r in rows)
    for broken in ("(AP Photo/Mateo Barrios", "Photo//", "( AFP PHOTO", "ap photo/", "REUETRS/", "KRANZTOBIAS"):
        assert broken in texts, broken
    assert sum(1 for r in rows if not r["credits"]) >= 10  # captions with no credit at all


def test_exact_parse_rate_is_at_least_98_percent():
    rows = load()
    failures = []
    for row in rows:
        got = [as_label(c) for c in parse_credits(row["text"], row["field"])]
        if got != expected(row):
            failures.append(f"{row['text']!r}\n    expected {expected(row)}\n    got      {got}")
    rate = 1 - len(failures) / len(rows)
    assert rate >= 0.98, f"exact parses {rate:.1%}; failures:\n" + "\n".join(failures)


def test_forms_agree_on_the_labelled_set():
    rows = load()
    total = agree = 0
    wrong = []
    for row in rows:
        got = parse_credits(row["text"], row["field"])
        for c, want in zip(got, row["credits"], strict=False):
            total += 1
            if c.form == want["form"]:
                agree += 1
            else:
                wrong.append((want["text"], want["form"], c.form))
    assert total and agree / total >= 0.95, wrong


@pytest.mark.parametrize("row", [r for r in load() if not r["credits"]], ids=lambda r: r["text"][:40])
def test_captions_without_credit_give_nothing(row):
    assert parse_credits(row["text"], row["field"]) == []
