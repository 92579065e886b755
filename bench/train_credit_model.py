"""Train the credit parser's person-or-organisation model (resources/credit_model.json).

    pip install -e '.[train]'                       # scikit-learn, Faker: not dependencies of the app
    python bench/train_credit_model.py              # cross-validates, then rewrites resources/credit_model.json
    python bench/train_credit_model.py --dry-run    # cross-validation figures only

Where the registry, the role words and the lead-ins give no answer, the parser decides whether an
unknown segment of a credit names the photographer or an organisation (app/credits.py,
``_parse_uncached``). Each such decision is one example: its features
(``app.credit_forms.name_features`` of the text, the slot in the chain, the hand-written rules'
reading) and, from the development captions' labels, what the segment is (a labelled photographer
or a labelled organisation of the credit it stands in; a segment that is neither is left out).
The examples are collected by parsing each development caption with the rules alone.

The model is a logistic regression (scikit-learn, L2, liblinear), its weights written by feature
name with the training figures. Cross-validation is by site, in the benches' folds
(bench/realworld_eval.py); the sealed group (s4) is never read. Deterministic: the same records
give the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import realworld  # noqa: E402

import app.credits as credits  # noqa: E402
from app.credit_forms import PersonModel, use_person_model  # noqa: E402

OUT = ROOT / "resources" / "credit_model.json"
C = 1.0  # inverse L2 strength; chosen by the cross-validation below (0.3, 1, 3 within 0.3 % of each other)


def _norm(s: str) -> str:
    return " ".join(s.split())


def examples(records: list[dict]) -> list[tuple[dict[str, float], int, str]]:
    """(features, 1 for a person / 0 for an organisation, site) of every labelled slot decision."""
    from realworld_eval import org_key  # noqa: PLC0415

    reg = credits._registry()
    use_person_model(None)
    out = []
    for rec in records:
        credits.forget_parses()
        credits.TRACE = []
        try:
            credits.parse_credits(rec["text"], "caption")
            traced = credits.TRACE
        finally:
            credits.TRACE = None
        people = {_norm(p) for c in rec["credits"] for p in c["photographers"]}
        orgs = {org_key(o, reg) for c in rec["credits"] for o in c["organisations"]}
        seen = set()
        for name, feats in traced:
            n = _norm(name)
            parts = [_norm(credits._strip_rank(x)) for x in credits._split_names(name)]
            is_p = n in people or credits._strip_rank(n) in people or all(x in people for x in parts)
            is_o = org_key(credits._PHOTO_TAIL.sub("", name) or name, reg) in orgs or org_key(name, reg) in orgs
            if is_p == is_o:
                continue  # neither (a candidate start the parser dropped) or both
            key = (n, tuple(sorted(feats)))
            if key in seen:
                continue
            seen.add(key)
            out.append((feats, int(is_p), rec["site"]))
    credits.forget_parses()
    return out


DROP: tuple[str, ...] = ()  # feature name prefixes left out (--without-rules: "rule=")


def span_examples(records: list[dict]) -> list[tuple[dict[str, float], int, str]]:
    """(features, 1 when the fragment is a labelled credit / 0 when not, site) of every place a
    credit may stand apart in each caption (``app.credits._span_candidates``), whether or not
    the rules found a credit there: the model acts where they found none, but the shape of a
    credit standing apart is the same. A fragment is the credit when it and a labelled credit
    span cover most of each other (brackets and trailing punctuation aside)."""
    credits.forget_parses()
    out = []
    for rec in records:
        t = rec["text"].rstrip()
        spans = [(c["start"], c["end"]) for c in rec["credits"]]
        for a, b, kind in credits._span_candidates(t):
            feats = credits._span_features(t, a, b, kind)
            hit = 0
            for s0, e0 in spans:
                while s0 < e0 and t[s0:s0 + 1] in "([{ ":
                    s0 += 1
                while e0 > s0 and t[e0 - 1:e0] in ")]} .":
                    e0 -= 1
                overlap = min(b, e0) - max(a, s0)
                if overlap > 0 and overlap >= 0.7 * (b - a) and overlap >= 0.7 * (e0 - s0):
                    hit = 1
            out.append((feats, hit, rec["site"]))
    return out


def fit(exs: list[tuple[dict[str, float], int, str]], c: float = C) -> PersonModel:
    from sklearn.feature_extraction import DictVectorizer  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415

    vec = DictVectorizer(sparse=False)
    x = vec.fit_transform([{k: v for k, v in f.items() if not (DROP and k.startswith(DROP))} for f, _, _ in exs])
    y = [label for _, label, _ in exs]
    lr = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
    lr.fit(x, y)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), lr.coef_[0], strict=True)
               if abs(w) >= 1e-4}
    return PersonModel(round(float(lr.intercept_[0]), 4), dict(sorted(weights.items())), {})


def training_records(leave_out: int | None = None) -> list[dict]:
    """The development records a model may learn from: never the sealed group, and not fold
    ``leave_out`` (cross-validation)."""
    from realworld_eval import SEALED, fold_of  # noqa: PLC0415

    return [r for r in realworld.load("dev") if fold_of(r["site"]) not in (SEALED, leave_out)]


def cross_validate(exs: list[tuple[dict[str, float], int, str]], c: float) -> dict:
    """Slot accuracy of the rules and of the model, each fold scored by a model trained on the others."""
    from realworld_eval import FOLDS, fold_of  # noqa: PLC0415

    rule_ok = model_ok = n = 0
    per_fold = {}
    for k in range(FOLDS):
        train = [e for e in exs if fold_of(e[2]) != k]
        test = [e for e in exs if fold_of(e[2]) == k]
        if not test:
            continue
        m = fit(train, c)
        r_ok = sum((any(key.startswith("rule=person") for key in f)) == bool(y) for f, y, _ in test)
        m_ok = sum((m.logit(f) > 0) == bool(y) for f, y, _ in test)
        per_fold[f"f{k}"] = {"slots": len(test), "rules": r_ok, "model": m_ok}
        rule_ok += r_ok
        model_ok += m_ok
        n += len(test)
    return {"slots": n, "rules": rule_ok, "model": model_ok, "per_fold": per_fold}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="print the cross-validation, write nothing")
    ap.add_argument("--model", choices=("person", "span"), default="person",
                    help="person: person or organisation of a slot; span: is a fragment standing apart the credit")
    ap.add_argument("--without-rules", action="store_true",
                    help="leave the hand-written rules' reading out of the features (the words and the slot only)")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the model (default: resources/credit_model.json)")
    a = ap.parse_args()
    global DROP
    if a.without_rules:
        DROP = ("rule=",)
    if a.model == "span":
        return span_main(a)
    exs = examples(training_records())
    counts = Counter(y for _, y, _ in exs)
    print(f"{len(exs)} slot decisions from the development captions outside the sealed group: "
          f"{counts[1]} persons, {counts[0]} organisations")
    for c in (0.3, 1.0, 3.0):
        cv = cross_validate(exs, c)
        print(f"  C={c}: leave-one-fold-out slot accuracy: rules {cv['rules']}/{cv['slots']}, model {cv['model']}/{cv['slots']}"
              f"  {cv['per_fold']}")
    cv = cross_validate(exs, C)
    model = fit(exs, C)
    if a.dry_run:
        for k, w in sorted(model.weights.items(), key=lambda kv: -abs(kv[1]))[:30]:
            print(f"    {w:+.3f} {k}")
        return
    doc = {
        "about": "P(person) of an unknown credit segment = sigmoid(bias + sum of the weights of its features); "
                 "features: app.credit_forms.name_features and app.credits._slot_features. "
                 "Made by bench/train_credit_model.py; do not edit by hand.",
        "trained_on": {"slots": len(exs), "persons": counts[1], "organisations": counts[0],
                       "records": "tests/data/realworld/dev outside the sealed group s4", "C": C},
        "cross_validation": cv,
        "bias": model.bias,
        "weights": model.weights,
    }
    a.out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{a.out}: {len(model.weights)} weights")


def span_main(a) -> None:
    exs = span_examples(training_records())
    counts = Counter(y for _, y, _ in exs)
    print(f"{len(exs)} fragments of the development captions outside the sealed group: "
          f"{counts[1]} credits, {counts[0]} not")
    from realworld_eval import FOLDS, fold_of  # noqa: PLC0415

    tp = fp = fn = 0
    for k in range(FOLDS):
        m = fit([e for e in exs if fold_of(e[2]) != k])
        for f, y, site in exs:
            if fold_of(site) != k:
                continue
            z = m.logit(f) > 0
            tp += z and y
            fp += z and not y
            fn += (not z) and y
    print(f"  leave-one-fold-out: {tp} credits found, {fp} fragments wrongly taken for one, {fn} missed")
    model = fit(exs)
    if a.dry_run:
        for k, w in sorted(model.weights.items(), key=lambda kv: -abs(kv[1]))[:25]:
            print(f"    {w:+.3f} {k}")
        return
    out = a.out if a.out != OUT else OUT.with_name("credit_span_model.json")
    doc = {
        "about": "P(credit) of a fragment standing apart (app.credits._span_candidates) = sigmoid(bias + sum of "
                 "the weights of its features, app.credits._span_features); used only where the rules place no "
                 "credit. Made by bench/train_credit_model.py --model span; do not edit by hand.",
        "trained_on": {"fragments": len(exs), "credits": counts[1], "not": counts[0],
                       "records": "tests/data/realworld/dev outside the sealed group s4", "C": C},
        "cross_validation": {"found": tp, "wrong": fp, "missed": fn},
        "bias": model.bias,
        "weights": model.weights,
    }
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{out}: {len(model.weights)} weights")


if __name__ == "__main__":
    main()
