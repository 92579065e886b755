"""Accuracy on tests/data/captions_labelled.jsonl (labels written by hand or by construction)."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from app.rules import RULES
from app.rules.labelled import SCORED, evaluate, load

DATA = Path(__file__).parent / "data"
RECORDS = load(DATA / "captions_labelled.jsonl")


@pytest.fixture(scope="module")
def evaluation():
    return evaluate(RECORDS)


def test_the_data_set_is_large_and_covers_every_rule_and_agency():
    assert len(RECORDS) >= 200
    assert sum(not r["expected"] for r in RECORDS) >= 50
    positives = Counter(rule for r in RECORDS for rule in r["expected"])
    assert set(positives) == set(SCORED), f"rules without a labelled example: {set(SCORED) - set(positives)}"
    # Only the dictionary rule is scored elsewhere, and too-long-to-check (a bound on what is read,
    # not a caption defect) in tests/test_hostile_rules.py.
    assert set(SCORED) >= set(RULES) - {"spelling", "too-long-to-check"}
    notes = " ".join(r["note"] for r in RECORDS)
    for style in ("ap", "reuters", "afp", "getty", "epa", "anadolu", "xinhua"):
        assert f"clean {style}" in notes and f"{style} with " in notes


def test_the_file_is_what_its_generator_writes():
    spec = importlib.util.spec_from_file_location("make_captions_labelled", DATA / "make_captions_labelled.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.render(mod.build()) == (DATA / "captions_labelled.jsonl").read_text(encoding="utf-8")


def test_no_error_finding_on_a_clean_caption(evaluation):
    assert evaluation.clean_records >= 50
    assert not evaluation.false_errors, [(i, f.rule, f.message) for i, f in evaluation.false_errors]


def test_overall_precision_and_recall(evaluation):
    total = evaluation.total
    assert total.precision >= 0.95, evaluation.mistakes
    assert total.recall >= 0.95, evaluation.mistakes


def test_every_rule_is_found_on_its_examples(evaluation):
    for rule_id, score in evaluation.per_rule.items():
        assert score.tp >= 1, f"{rule_id} never found on its labelled examples"
        if score.tp + score.fn >= 5:
            assert score.recall >= 0.8, (rule_id, score)
