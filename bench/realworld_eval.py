"""Scoring the credit parser and the rules on the real published captions (tests/data/realworld).

Shared by bench/bench_credits.py and bench/bench_rules.py, which print the development and the
test split side by side. Only aggregate figures are ever computed for the test split; the
per-record lists (``failures``) are for the development split alone: no code change is made
to fix a test record (tests/data/README.md).

A caption record is checked as an item whose caption is the text and nothing else (no
metadata), so the metadata rules are silent.

Cross-validation by site: the development records fall into ``FOLDS`` folds by a hash of
their site (as the test split does), so a fold is a set of sites the others never saw. Every
figure is also kept per fold; a learned component is trained on the other folds before a
fold is scored (``prepare``), so the pooled held-out figure ("dev-CV") is what unseen sites
get.

The sealed group (``SEALED``, printed "s4"): round 4 took about a fifth of the development sites
(30 % of the sites no earlier round had cited, by a seeded hash: ``sealed_site``) out of the
folds. Its records are never listed, no rule or data line is written from them and no learned
part is trained on them, so its figure is the honest one for the hand-written and the learned
parts alike. Fold ``OLD_SEALED`` (2, sealed in rounds 3 and before, partly written against) is
not listed either; its figure is a second, weaker check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import realworld  # noqa: E402  (tests/realworld.py: load and split)

from app.agencies import Registry  # noqa: E402
from app.credits import parse_credits  # noqa: E402
from app.model import Credit, Item, Severity  # noqa: E402
from app.rules import check_item, make_context  # noqa: E402

SPLITS = ("dev", "test")
PUBLISH = dt.date(2026, 1, 1)
FOLDS = 5
# Fold 4 was sealed for rounds 1 and 2 and open from round 3 on; fold 2 was sealed in round 3
# (in-sample for rounds 1-2) and is not listed still. Round 4 sealed a group of its own.
OLD_SEALED = 2
SEALED = FOLDS  # the group index of round 4's sealed sites (after the folds 0 .. FOLDS-1)
SEAL_SHARE = 30  # percent of the sites not cited before round 4
SEAL_EXCLUDE = frozenset(
    line.strip() for line in (ROOT / "bench" / "sealed_exclude.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#"))
UNLISTED = (SEALED, OLD_SEALED)


def sealed_site(site: str) -> bool:
    """Whether a development site is in round 4's sealed group: a seeded hash of its name (so a
    new site lands in it as often), never a site some record of which was cited before."""
    return site not in SEAL_EXCLUDE and int(hashlib.sha256(f"seal-r4:{site}".encode()).hexdigest(), 16) % 100 < SEAL_SHARE


def fold_of(site: str) -> int:
    """The cross-validation group of a development site: ``SEALED`` for the sealed group, else a
    hash of its name, so a site's records stay together and a new record of a known site lands
    where its site is."""
    if sealed_site(site):
        return SEALED
    return int(hashlib.sha256(f"cv:{site}".encode()).hexdigest(), 16) % FOLDS


def _norm(s: str) -> str:
    return " ".join(s.split())


def org_key(name: str, reg: Registry) -> str:
    """An organisation as the comparison sees it: the registry's canonical name, case-folded
    ("AP", "AP Photo", "The Associated Press" meet; an unknown one as written)."""
    name = _norm(name)
    return (reg.canonical(name) or name).casefold()


def org_keys(names: list[str], reg: Registry) -> tuple[str, ...]:
    """The chain's organisations as the comparison sees them. Two names in a row that the
    registry calls one organisation count once: "picture alliance/dpa" is dpa's brand beside
    dpa (round 21), written as two links, one organisation."""
    keys: list[str] = []
    for name in names:
        key = org_key(name, reg)
        if not keys or keys[-1] != key:
            keys.append(key)
    return tuple(keys)


def label_key(c: dict, reg: Registry) -> tuple:
    return (tuple(_norm(p) for p in c["photographers"]), org_keys(c["organisations"], reg),
            org_key(c["distributor"], reg) if c["distributor"] else None, c["file"], c["handout"], c["pool"])


def credit_key(c: Credit, reg: Registry) -> tuple:
    return (tuple(_norm(p) for p in c.photographers), org_keys(c.agencies, reg),
            org_key(c.distributor, reg) if c.distributor else None, c.file, c.handout or c.courtesy, c.pool)


def show_key(k: tuple) -> str:
    ph, orgs, dist, f, h, p = k
    flags = "".join(x for x, on in (("F", f), ("H", h), ("P", p)) if on)
    return f"{list(ph)} {list(orgs)} dist={dist} {flags}".rstrip()


def miss_kind(want: list[tuple], have: list[tuple]) -> str:
    """How a parse missed, in one word an aggregate may show: a credit not found at all, one too
    many found (on a caption with none, or besides the right ones), or, credit for credit, the
    first difference: photographers, organisations, distributor, flags."""
    if not have:
        return "credit not found"
    if not want:
        return "credit on a caption without one"
    if len(have) > len(want):
        return "more credits than labelled"
    if len(have) < len(want):
        return "fewer credits than labelled"
    for w, h in zip(want, have, strict=True):
        if w == h:
            continue
        if w[0] != h[0]:
            if set(w[0]) & set(h[1]) or set(x.casefold() for x in h[0]) & set(w[1]):
                return "person and organisation swapped"
            if not h[0]:
                return "photographer missed"
            if not w[0]:
                return "photographer where none is"
            if len(w[0]) == len(h[0]) and all(a in b for a, b in zip(w[0], h[0], strict=True)):
                return "photographer with words too many"
            if len(w[0]) == len(h[0]) and all(b in a for a, b in zip(w[0], h[0], strict=True)):
                return "photographer with words too few"
            return "photographers differ"
        if w[1] != h[1]:
            return "organisations differ" if set(w[1]) != set(h[1]) else "organisations in another order"
        if w[2] != h[2]:
            return "distributor differs"
        return "flags differ"
    return "other"


def org_kinds(rec: dict, reg: Registry) -> set[str]:
    """The kinds (registry kind, "unknown" when not registered) of every labelled organisation;
    "none" for a record whose credits name no organisation, "no credit" for one without any."""
    if not rec["credits"]:
        return {"no credit"}
    out = set()
    for c in rec["credits"]:
        for o in c["organisations"]:
            canon = reg.canonical(_norm(o))
            a = reg.find(canon) if canon else None
            out.add(a.kind if a else "unknown")
    return out or {"none"}


@dataclass
class Tally:
    n: int = 0
    ok: int = 0

    def add(self, good: bool) -> None:
        self.n += 1
        self.ok += bool(good)

    def __str__(self) -> str:
        return f"{self.ok}/{self.n} {self.ok / self.n:6.1%}" if self.n else "–"


@dataclass
class SplitResult:
    records: int = 0
    exact: Tally = field(default_factory=Tally)
    by_lang: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    miss_kinds: Counter = field(default_factory=Counter)  # how the missed parses missed (miss_kind)
    recall: Tally = field(default_factory=Tally)
    recall_by_rule: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    clean: int = 0
    clean_error: int = 0
    clean_warning: int = 0
    clean_error_rules: Counter = field(default_factory=Counter)
    clean_warning_rules: Counter = field(default_factory=Counter)
    # precision: findings of a labellable rule on captions not labelled with it
    extra_by_rule: Counter = field(default_factory=Counter)
    check_us: list[float] = field(default_factory=list)
    parse_failures: list[tuple] = field(default_factory=list)  # dev only
    rule_failures: list[tuple] = field(default_factory=list)  # dev only
    by_fold: dict[int, SplitResult] = field(default_factory=dict)  # dev only: the same figures per fold


def evaluate(split: str, registry: Registry | None = None, parse: bool = True, rules: bool = True,
             prepare=None) -> SplitResult:
    """Figures of ``split``; for dev also per fold. ``prepare(fold)`` runs before the records of
    a development fold are scored (``prepare(None)`` before the test split): where a learned
    component loads the model trained without that fold."""
    recs = realworld.load(split)
    ctx = make_context(registry=registry, publish_date=PUBLISH)
    reg = ctx.registry
    res = SplitResult(records=len(recs))
    keep = split == "dev"
    if keep:
        recs.sort(key=lambda r: fold_of(r["site"]))  # stable: file order within a fold
        for k in range(FOLDS + 1):
            res.by_fold[k] = SplitResult(records=sum(fold_of(r["site"]) == k for r in recs))
    elif prepare is not None:
        prepare(None)
    # patterns and data files load on first use: not part of a check's time
    check_item(Item(id=-1, path=None, kind="caption", fields={"caption": "Warm-up. Foto: Jane Roe/dpa"}), ctx)
    current = None
    for n, rec in enumerate(recs):
        text = rec["text"]
        fold = fold_of(rec["site"]) if keep else None
        if keep and fold != current:
            current = fold
            if prepare is not None:
                prepare(fold)
        targets = [res, res.by_fold[fold]] if keep else [res]
        listed = keep and fold not in UNLISTED
        if parse:
            got = parse_credits(text, "caption")
            want = [label_key(c, reg) for c in rec["credits"]]
            have = [credit_key(c, reg) for c in got]
            good = want == have
            kinds = org_kinds(rec, reg)
            how = None if good else miss_kind(want, have)
            for t in targets:
                t.exact.add(good)
                if how:
                    t.miss_kinds[how] += 1
                    t.miss_kinds[f"{how} [{rec['lang'] if rec['lang'] in ('en', 'ja', 'ko', 'zh') else 'other'}]"] += 1
                t.by_lang[rec["lang"]].add(good)
                for k in kinds:
                    t.by_kind[k].add(good)
            if listed and not good:
                res.parse_failures.append((rec["id"], text, [c["text"] for c in rec["credits"]], want,
                                           [c.text for c in got], have))
        if rules:
            item = Item(id=n, path=None, kind="caption", fields={"caption": text})
            # CPU time: on a machine shared by other sessions the wall clock counts their work
            t0 = time.process_time()
            found = check_item(item, ctx)
            res.check_us.append((time.process_time() - t0) * 1e6)
            fired = {f.rule for f in found}
            expected = set(rec["defects"])
            for t in targets:
                _score(t, fired, expected, found)
            if listed and (expected - fired or {r for r in fired - expected if r in realworld.DEFECTS}):
                res.rule_failures.append((rec["id"], text, sorted(expected), [
                    (f.rule, f.severity.value, f.message) for f in found]))
    return res


def _score(res: SplitResult, fired: set[str], expected: set[str], found) -> None:
    for d in expected:
        res.recall.add(d in fired)
        res.recall_by_rule[d].add(d in fired)
    for r in fired - expected:
        if r in realworld.DEFECTS:
            res.extra_by_rule[r] += 1
    if not expected:
        res.clean += 1
        errs = {f.rule for f in found if f.severity is Severity.ERROR}
        warns = {f.rule for f in found if f.severity is Severity.WARNING}
        res.clean_error += bool(errs)
        res.clean_warning += bool(warns)
        res.clean_error_rules.update(errs)
        res.clean_warning_rules.update(warns)


def folds_line(res: SplitResult, measure) -> str:
    """A measure per fold ("f0 91% f1 88% … s4* 90%", the unlisted ones marked *), from ``measure(r) -> (ok, n)``."""
    parts = []
    for k, r in sorted(res.by_fold.items()):
        ok, n = measure(r)
        name = "s4" if k == SEALED else f"f{k}"
        mark = "*" if k in UNLISTED else ""
        parts.append(f"{name}{mark} {ok / n:4.0%}" if n else f"{name}{mark} –")
    return "  ".join(parts)


def pct(a: int, b: int) -> str:
    return f"{a}/{b} {a / b:6.1%}" if b else "–"


def row(label: str, dev: object, test: object, width: int = 34, *middle: object) -> str:
    cols = "".join(f"   {m!s:>18}" for m in middle)
    return f"  {label:{width}} {dev!s:>18}{cols}   {test!s:>18}"


def row4(label: str, dev: object, cv: object, sealed: object, test: object, width: int = 34) -> str:
    """dev (in-sample), dev-CV (each fold scored by what the other folds taught), the sealed
    fold alone (never read record by record), test."""
    return row(label, dev, test, width, cv, sealed)


def sealed(res: SplitResult) -> SplitResult:
    return res.by_fold.get(SEALED, SplitResult())


def percentile(xs: list[float], q: float) -> float:
    if not xs:
        return 0.0
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))]


def evaluate_cv(parse: bool = True, rules: bool = True) -> tuple[SplitResult, SplitResult, SplitResult]:
    """(dev in-sample, dev-CV, test). dev-CV scores each fold with what the other folds
    taught a learned component; without one it is the in-sample figure, computed once."""
    prepare = cv_prepare()
    dev = evaluate("dev", parse=parse, rules=rules, prepare=full_prepare())
    cv = evaluate("dev", parse=parse, rules=rules, prepare=prepare) if prepare is not None else dev
    test = evaluate("test", parse=parse, rules=rules, prepare=full_prepare())
    return dev, cv, test


LEARNED = ("credit_model", "credit_span_model")  # resources/<name>.json, app.credit_forms.learned_model


def cv_prepare():
    """The hook that loads, before a development fold, the learned parts trained without it (by
    bench/train_credit_model.py on the other folds; never on the sealed group, which gets the
    shipped ones). None when no learned part is shipped or scikit-learn is not installed
    (``pip install -e '.[train]'``): then dev-CV is the in-sample figure."""
    from app.credit_forms import learned_model  # noqa: PLC0415

    shipped = {name: learned_model(name) for name in LEARNED}
    if not any(shipped.values()) or os.environ.get("CREDITLINE_NO_MODEL"):
        return None
    try:
        import sklearn  # noqa: F401, PLC0415
    except ImportError:
        return None
    import train_credit_model as tcm  # noqa: PLC0415

    from app import credits  # noqa: PLC0415
    from app.credit_forms import use_learned_model  # noqa: PLC0415

    for name in LEARNED:
        use_learned_model(name, None)
    records = tcm.training_records()
    per_fold: dict[str, dict[int, object]] = {}
    if shipped["credit_model"] is not None:
        exs = tcm.examples(records)
        per_fold["credit_model"] = {k: tcm.fit([e for e in exs if fold_of(e[2]) != k]) for k in range(FOLDS)}
    if shipped["credit_span_model"] is not None:
        exs = tcm.span_examples(records)
        per_fold["credit_span_model"] = {k: tcm.fit([e for e in exs if fold_of(e[2]) != k]) for k in range(FOLDS)}

    def prepare(fold: int | None) -> None:
        for name in LEARNED:
            models = per_fold.get(name, {})
            use_learned_model(name, models.get(fold, shipped[name]) if fold is not None else shipped[name])
        credits.forget_parses()

    return prepare


def full_prepare():
    """The hook that loads the shipped learned parts (resources/credit_model.json,
    resources/credit_span_model.json, when there); with CREDITLINE_NO_MODEL=1 the rules alone."""
    from app import credits  # noqa: PLC0415
    from app.credit_forms import learned_model, use_learned_model  # noqa: PLC0415

    shipped = {name: learned_model(name) for name in LEARNED}

    def prepare(_fold: int | None) -> None:
        for name in LEARNED:
            use_learned_model(name, None if os.environ.get("CREDITLINE_NO_MODEL") else shipped[name])
        credits.forget_parses()

    return prepare
