"""Real published captions, hand-labelled: loading, validating and splitting them.

The records live in ``tests/data/realworld/{dev,test}/*.jsonl`` (schema in
``tests/data/README.md``). Which split a record belongs to is decided by the site it was
published on, never by hand, so the frozen test split holds only pages (indeed whole sites)
that no development record comes from.

    python tests/realworld.py check FILE...     # schema, offsets, split, duplicates
    python tests/realworld.py split URL         # which split a page belongs to
    python tests/realworld.py stats             # counts over every record
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent / "data" / "realworld"
SPLITS = ("dev", "test")
# Defects a labeller may assign: the rules whose verdict follows from the caption text alone.
# (unknown-agency depends on the registry, month-style on the house style, date-mismatch and
# credit-metadata-mismatch on metadata the published caption does not carry.)
DEFECTS = frozenset({
    "missing-credit", "malformed-credit", "credit-directive", "duplicate-credit", "conflicting-credits",
    "missing-photographer", "file-photo-unmarked", "weekday-mismatch", "doubled-word", "html-entity",
    "mojibake", "stray-whitespace", "restriction", "missing-date", "missing-location", "iim-too-long",
})
CREDIT_KEYS = ("text", "start", "end", "photographers", "organisations", "distributor", "file", "handout", "pool")
RECORD_KEYS = ("id", "url", "site", "split", "lang", "gathered_from", "text", "credits", "defects", "note")
_TEST_SHARE = 33  # percent of sites (by hash) in the frozen test split


def site_of(url: str) -> str:
    """The site a page belongs to: its host without "www." (and without "m." / "amp.")."""
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "m.", "amp.", "edition.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host


def split_of(site: str) -> str:
    """"test" for about a third of sites, fixed by a hash of the site's name."""
    h = int(hashlib.sha256(site.encode("utf-8")).hexdigest(), 16)
    return "test" if h % 100 < _TEST_SHARE else "dev"


def norm_text(text: str) -> str:
    """What counts as the same caption when one is syndicated to several sites."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def load(split: str | None = None) -> list[dict]:
    """Every record of ``split`` (or both), in file and line order."""
    out = []
    for s in ([split] if split else SPLITS):
        for path in sorted((ROOT / s).glob("*.jsonl")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    rec = json.loads(line)
                    rec["_where"] = f"{path.name}:{n}"
                    out.append(rec)
    return out


def problems(rec: dict, folder: str | None = None) -> list[str]:
    """What is wrong with one record (empty when it is well formed)."""
    out = []
    missing = [k for k in RECORD_KEYS if k not in rec]
    if missing:
        return [f"missing keys {missing}"]
    if rec["site"] != site_of(rec["url"]):
        out.append(f"site {rec['site']!r} is not the url's site {site_of(rec['url'])!r}")
    if rec["split"] != split_of(rec["site"]):
        out.append(f"split {rec['split']!r}, but site {rec['site']!r} belongs to {split_of(rec['site'])!r}")
    if folder and rec["split"] != folder:
        out.append(f"a {rec['split']} record in the {folder}/ folder")
    text = rec["text"]
    if not isinstance(text, str) or not text.strip():
        out.append("empty text")
        return out
    bad = set(rec["defects"]) - DEFECTS
    if bad:
        out.append(f"unknown defects {sorted(bad)}")
    last = 0
    for c in rec["credits"]:
        if tuple(sorted(c)) != tuple(sorted(CREDIT_KEYS)):
            out.append(f"credit keys {sorted(c)} != {sorted(CREDIT_KEYS)}")
            continue
        if text[c["start"]:c["end"]] != c["text"]:
            out.append(f"text[{c['start']}:{c['end']}] is {text[c['start']:c['end']]!r}, not {c['text']!r}")
        if c["start"] < last:
            out.append("credits out of order or overlapping")
        last = c["end"]
        if c["distributor"] is not None and (not c["organisations"] or c["organisations"][-1] != c["distributor"]):
            out.append("distributor must be the last organisation")
        for flag in ("file", "handout", "pool"):
            if not isinstance(c[flag], bool):
                out.append(f"{flag} must be true or false")
        if not all(isinstance(p, str) and p.strip() for p in c["photographers"] + c["organisations"]):
            out.append("empty name")
    if not rec["credits"] and "missing-credit" not in rec["defects"] and "credit-directive" not in rec["defects"]:
        out.append("no credit labelled, and no missing-credit defect")
    return out


def check(paths: list[Path]) -> int:
    bad = 0
    seen_ids: dict[str, str] = {}
    texts: dict[str, tuple[str, str]] = {}
    for rec in load():
        seen_ids.setdefault(rec["id"], rec["_where"])
        texts.setdefault(norm_text(rec["text"]), (rec["split"], rec["_where"]))
    for path in paths:
        folder = path.parent.name if path.parent.name in SPLITS else None
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                rec = json.loads(line)
            except ValueError as exc:
                print(f"{where}: not JSON: {exc}")
                bad += 1
                continue
            found = problems(rec, folder)
            if seen_ids.get(rec.get("id"), where) != where:
                found.append(f"id {rec['id']} also at {seen_ids[rec['id']]}")
            other = texts.get(norm_text(rec.get("text", "")))
            if other and other[1] != where:
                found.append(f"same caption as {other[1]} ({other[0]})")
            for p in found:
                print(f"{where}: {p}")
            bad += bool(found)
    print(f"{bad} record(s) with problems")
    return 1 if bad else 0


def stats() -> None:
    recs = load()
    by_split = Counter(r["split"] for r in recs)
    pages = {s: len({r["url"] for r in recs if r["split"] == s}) for s in SPLITS}
    sites = {s: len({r["site"] for r in recs if r["split"] == s}) for s in SPLITS}
    print(f"records {len(recs)}: " + ", ".join(f"{s} {by_split[s]} ({pages[s]} pages, {sites[s]} sites)" for s in SPLITS))
    print("languages:", dict(Counter(r["lang"] for r in recs).most_common()))
    print(f"with a defect: {sum(bool(r['defects']) for r in recs)}")
    print("defects:", dict(Counter(d for r in recs for d in r["defects"]).most_common()))
    orgs = Counter(o.casefold() for r in recs for c in r["credits"] for o in c["organisations"])
    print(f"distinct organisations (as written, case-folded): {len(orgs)}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "check":
        sys.exit(check([Path(p) for p in sys.argv[2:]]))
    if len(sys.argv) == 3 and sys.argv[1] == "split":
        print(split_of(site_of(sys.argv[2])))
        sys.exit(0)
    if len(sys.argv) == 2 and sys.argv[1] == "stats":
        stats()
        sys.exit(0)
    print(__doc__)
    sys.exit(2)
