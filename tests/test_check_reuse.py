"""`check` at any size: fresh stored findings are reused, the rest spread over processes,
and whatever path a check takes, its findings and report are those of running every rule."""

from __future__ import annotations

import io
import json

import pytest

from app import rules, validation
from app.catalog import Catalog
from app.cli import main
from app.validation import change_setting, check_gallery, refresh_findings, refresh_gallery_rules

CAPTIONS = [
    "Police stand guard in Lyon, France, June 3, 2026. REUTERS/Vadim Ghirda",
    "A man walks in Lyon, France, June 4, 2026. REUTERS/Vadim Ghirda",
    "Fans cheer in Lyon, France, June 3, 2026. REUTERS/Vadim Girda",  # the rarer spelling
    "Fans cheer in Chicago, Monday, Nov. 18, 2014. (AP Photo/Ines Varga)",  # 2014-11-18 was a Tuesday
    "",  # missing-caption
    "Commuters wait in Madrid, Spain, March 14, 2026. AFP PHOTO / JOSE MARTIN",
]


@pytest.fixture
def cat(catalog_path):
    c = Catalog.open(catalog_path)
    g = c.create_gallery("week")
    c.add_caption_items([{"caption": t} for t in CAPTIONS], g.id)
    c.set_setting("publish_date", "2026-12-01")
    yield c
    c.close()


def every_rule(c: Catalog, gallery: str | None) -> dict[int, list]:
    """The oracle: every rule run on every item, nothing reused, nothing stored."""
    ids = c.gallery_item_ids(c.gallery(gallery).id) if gallery else c.item_ids()
    return rules.check_gallery(c.items(ids), validation.context_for(c))


def report_json(report) -> dict:
    out = io.StringIO()
    report.write_json(out)
    return json.loads(out.getvalue())


def test_an_unchanged_gallery_is_answered_from_what_was_stored(cat):
    first = check_gallery(cat, "week")
    assert (first.checked, first.reused) == (6, 0)
    assert first.findings == every_rule(cat, "week")
    again = check_gallery(cat, "week")
    assert (again.checked, again.reused) == (6 - 6, 6)
    assert again.findings == first.findings
    assert report_json(again) == report_json(first) == first.to_json()
    assert again.summary == first.summary and again.has_errors
    assert "name-variant" in [f.rule for f in again.findings[cat.gallery_item_ids(1)[2]]]


def test_the_apps_gallery_pass_shows_what_check_gallery_would(cat):
    """The app checks items one by one (no gallery rules); its gallery pass adds name-variant
    back, so the window and `check --gallery` agree, and stores only what moved."""
    ids = cat.gallery_item_ids(1)
    refresh_findings(cat, ids)
    assert not any(f.rule == "name-variant" for fs in cat.findings(ids).values() for f in fs)
    assert refresh_gallery_rules(cat, 1) == [ids[2]]  # Girda, the rarer spelling
    assert cat.findings(ids) == every_rule(cat, "week")
    assert refresh_gallery_rules(cat, 1) == []
    cat.set_fields(ids[1], {"caption": CAPTIONS[1].replace("Ghirda", "Girda")})  # now Girda is the commoner
    refresh_findings(cat, [ids[1]])
    assert sorted(refresh_gallery_rules(cat, 1)) == [ids[0], ids[2]]
    assert cat.findings(ids) == every_rule(cat, "week")


def test_an_edit_rechecks_that_item_only_and_the_gallery_rules_run_again(cat):
    check_gallery(cat, "week")
    ids = cat.gallery_item_ids(1)
    cat.set_fields(ids[1], {"caption": CAPTIONS[1].replace("Ghirda", "Girda")})  # now Girda is the commoner
    report = check_gallery(cat, "week")
    assert (report.checked, report.reused) == (1, 5)
    assert report.findings == every_rule(cat, "week")
    flagged = [i for i in ids if any(f.rule == "name-variant" for f in report.findings[i])]
    assert flagged == [ids[0]]  # the one Ghirda left
    assert cat.findings(ids) == report.findings  # stored, gallery findings of the reused items too
    assert report_json(check_gallery(cat, "week")) == report_json(report)


def test_a_changed_setting_or_publish_date_or_code_is_never_answered_from_old_findings(cat, monkeypatch):
    check_gallery(cat, "week")
    change_setting(cat, "rules", {"weekday-mismatch": {"enabled": False}})
    report = check_gallery(cat, "week")
    assert report.checked == 6 and report.findings == every_rule(cat, "week")
    assert not any(f.rule == "weekday-mismatch" for found in report.findings.values() for f in found)
    assert check_gallery(cat, "week", publish_date="2027-01-01").checked == 6  # a one-off date
    assert check_gallery(cat, "week").checked == 6  # and back
    monkeypatch.setattr(validation, "_code_stamp", lambda: (("credits.py", 1, 2),))  # a rule file changed
    assert check_gallery(cat, "week").checked == 6


def test_a_gallery_that_lost_an_item_runs_its_gallery_rules_again(cat):
    check_gallery(cat, "week")
    ids = cat.gallery_item_ids(1)
    cat.remove_from_gallery(1, [ids[0]])  # one Ghirda left, one Girda: no majority, both flagged
    report = check_gallery(cat, "week")
    assert report.checked == 0 and report.reused == 5
    assert report.findings == every_rule(cat, "week")
    assert all(any(f.rule == "name-variant" for f in report.findings[i]) for i in (ids[1], ids[2]))


def test_other_scopes_and_one_item_refreshes_do_not_leak_into_a_reused_check(cat):
    ids = cat.gallery_item_ids(1)
    other = cat.create_gallery("other")
    cat.add_to_gallery(other.id, ids[1:3])  # one Ghirda, one Girda
    week = check_gallery(cat, "week")
    check_gallery(cat, "other")  # overwrites the gallery findings of the two shared items
    assert check_gallery(cat, "week").findings == week.findings == every_rule(cat, "week")
    check_gallery(cat, "week")
    refresh_findings(cat, [ids[2]])  # the inspector re-checks an item: item rules only, no record
    assert "name-variant" not in [f.rule for f in cat.findings([ids[2]])[ids[2]]]
    report = check_gallery(cat, "week")
    assert (report.checked, report.reused) == (1, 5) and report.findings == week.findings
    whole = check_gallery(cat)  # the catalog as a scope of its own
    assert whole.findings == every_rule(cat, None)
    assert check_gallery(cat).reused == 6


def test_the_rules_spread_over_processes_find_what_one_process_finds(cat, monkeypatch):
    more = [{"caption": c.replace("June", "July") + f" {n}"} for n in range(40) for c in CAPTIONS]
    cat.add_caption_items(more, 1)
    monkeypatch.setattr(validation, "PARALLEL_MIN", 10)
    monkeypatch.setattr(validation, "PARALLEL_CHUNK", 50)
    report = check_gallery(cat, "week", jobs=2)
    assert report.checked == 246
    assert report.findings == every_rule(cat, "week")
    assert json.loads(json.dumps(report.to_json())) == report_json(check_gallery(cat, "week"))


def test_a_workers_store_takes_its_turn_and_goes_on_when_the_turn_never_comes(cat, monkeypatch):
    """The workers' stores take turns on a lock (not SQLite's sleeping busy handler); a worker
    whose turn never comes (a sibling killed holding it) stores all the same: SQLite keeps
    the writes apart."""
    import threading  # noqa: PLC0415

    monkeypatch.setattr(validation, "_WORKER", {})
    ids = cat.gallery_item_ids(1)
    g = cat.gallery("week")
    fp = validation.check_fingerprint(cat, None, validation.gallery_purpose(g))
    lock = threading.Lock()
    validation._worker_start(str(cat.path), None, validation.gallery_purpose(g), None, lock)
    rows = validation._worker_check(ids[:3], (fp, g.id))
    assert [r[0] for r in rows] == ids[:3] and all(r[1] is None for r in rows)  # stored by the worker
    assert lock.acquire(blocking=False)  # and the turn given back
    monkeypatch.setattr(validation, "BUSY_TIMEOUT_S", 0.01)
    rows = validation._worker_check(ids[3:], (fp, g.id))  # the lock still held: waits, then stores
    assert [r[0] for r in rows] == ids[3:] and all(r[1] is None for r in rows)
    lock.release()
    validation._WORKER["catalog"].close()
    report = check_gallery(cat, "week")
    assert report.reused == len(ids)  # every item's item-rule findings were stored by the "worker"
    assert report.findings == every_rule(cat, "week")


@pytest.mark.parametrize("n", [1, 199, 3000, 4001, 20_000, 100_000, 123_457])
def test_worker_tasks_take_every_item_once_in_order_and_end_small(n):
    chunk = max(validation.PARALLEL_MIN_TASK, min(validation.PARALLEL_CHUNK, -(-n // 8)))
    bounds = validation._chunk_bounds(n, chunk, 2)
    assert [i for a, b in bounds for i in range(a, b)] == list(range(n))
    sizes = [b - a for a, b in bounds]
    assert max(sizes) <= chunk
    if n > 2 * chunk:  # the last two chunks' worth or so goes in small pieces, so the workers end together
        small = max(validation.PARALLEL_MIN_TASK, chunk // 4)
        tail = [s for s in sizes if s < chunk]
        assert len(tail) >= 2 and max(tail) <= small and sum(tail) < 3 * chunk
        assert sizes == [chunk] * (len(sizes) - len(tail)) + tail


def test_check_json_streams_every_item_of_a_big_gallery_from_the_cli(catalog_path, capsys):
    with Catalog.open(catalog_path) as c:
        g = c.create_gallery("big")
        c.add_caption_items([{"caption": CAPTIONS[n % len(CAPTIONS)]} for n in range(5000)], g.id)
    for _ in range(2):  # checked, then answered from what was stored
        assert main(["--catalog", str(catalog_path), "check", "--gallery", "big", "--format", "json",
                     "--publish-date", "2026-12-01"]) == 1
        report = json.loads(capsys.readouterr().out)
        assert [i["position"] for i in report["items"]] == list(range(1, 5001))
        assert report["summary"]["items"] == 5000
        assert report["items"][4]["findings"][0]["rule"] == "missing-caption"


def test_the_validation_service_names_the_house_agencies_setting_as_the_registry_does():
    from app.agencies import HOUSE_SETTING

    assert validation.SETTING_HOUSE_AGENCIES == HOUSE_SETTING  # spelled out there to keep start-up light


def test_a_credit_as_json_is_dataclasses_asdict_without_sharing_its_lists():
    from dataclasses import asdict

    from app.credits import parse_credits

    for c in parse_credits("Fans cheer. (AP Photo/Ines Varga, File) REUTERS/Ada Brin via Getty Images"):
        d = c.to_json()
        assert d == asdict(c)
        d["photographers"].append("someone else")
        assert "someone else" not in c.photographers


@pytest.mark.parametrize("parallel", [False, True])
def test_a_check_stopped_half_way_leaves_no_unchanged_answer(cat, monkeypatch, parallel):
    """Workers store the item findings before the gallery rules run: a check that dies in
    between must not let the next one answer from those findings, which lack the gallery's."""
    if parallel:
        monkeypatch.setattr(validation, "PARALLEL_MIN", 2)
    check_gallery(cat, "week", jobs=2)
    ids = cat.gallery_item_ids(1)
    cat.set_fields(ids[2], {"caption": CAPTIONS[2].replace("Fans cheer", "Fans sing")})  # checked again
    cat.set_fields(ids[3], {"caption": CAPTIONS[3].replace("Fans cheer", "Fans sing")})

    def dies(parts, ctx):
        raise KeyboardInterrupt

    monkeypatch.setattr(rules, "run_gallery_parts", dies)
    with pytest.raises(KeyboardInterrupt):
        check_gallery(cat, "week", jobs=2)
    monkeypatch.undo()
    report = check_gallery(cat, "week", jobs=2)
    # The workers had stored the two edited items (fresh now, reused); the check in this process had not.
    assert (report.checked, report.reused) == ((0, 6) if parallel else (2, 4))
    assert report.findings == every_rule(cat, "week")
    assert "name-variant" in [f.rule for f in report.findings[ids[2]]]


def test_every_module_and_data_file_a_check_reads_is_in_the_code_stamp(tmp_path):
    """Findings are reused only while what they came from is unchanged: every app module a check
    runs and every resource file it reads is in the stamp (a hand-picked list missed the credit
    forms, the caption words and the place and name lists)."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    root = Path(validation.__file__).resolve().parents[1]
    # A fresh interpreter, so nothing is loaded before the check starts; it lists what it opened.
    script = f"""
import builtins, io, json, sys
opened = set()
real_open, real_io_open = builtins.open, io.open
def spy(f, *a, **k):
    opened.add(str(f)); return real_open(f, *a, **k)
builtins.open = io.open = spy
from app.catalog import Catalog
from app.validation import check_gallery, _code_stamp
cat = Catalog.open({str(tmp_path / 'c.sqlite')!r})
ids = [cat.add_caption_item({{"caption": "Fans cheer in Lyon, France, Monday, June 7, 2021. REUTERS/Ada Brin"}}),
       cat.add_caption_item({{"caption": "금요일 서울 광화문광장에서 시민들이 걷고 있다. /연합뉴스"}})]
g = cat.create_gallery("G"); cat.add_to_gallery(g.id, ids)
check_gallery(cat, "G", jobs=1)
modules = [m.__file__ for m in list(sys.modules.values()) if getattr(m, "__file__", None)]
print(json.dumps({{"opened": sorted(opened), "modules": modules, "stamp": [s[0] for s in _code_stamp()]}}))
"""
    # The word lists' cache off (app.datacache): each list is then read from its file, where the spy
    # sees it (a cached list is keyed by the same files' size and time as the stamp).
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root,
                         env={**__import__("os").environ, "PYTHONPATH": str(root), "CREDITLINE_DATA_CACHE": ""})
    got = __import__("json").loads(out.stdout.strip().splitlines()[-1])
    stamp = set(got["stamp"])

    def ours(path: str) -> str | None:
        p = Path(path).resolve()
        if p.is_file() and p.is_relative_to(root) and p.suffix != ".pyc" and p.parts[len(root.parts)] in ("app", "resources"):
            return p.relative_to(root).as_posix()
        return None

    # A file looked for and not there (an optional model) counts once it exists: it is then listed.
    read = {ours(p) for p in got["opened"] + got["modules"]} - {None}
    assert {"resources/credit_forms.toml", "resources/places.txt", "app/credit_forms.py"} <= read  # it looked
    assert read <= stamp, sorted(read - stamp)


def test_the_rules_read_finds_what_the_full_read_finds(tmp_path, catalog_path):
    """A check reads items without what no rule reads (embedded values, sources, warnings):
    on photos whose blocks disagree, with file facts, and on caption-only items, every rule
    finds what it finds on the full item."""
    from app.importer import import_paths
    from tests.imagefactory import make_photo

    make_photo(tmp_path / "a.jpg", fields={"caption": "Fans cheer in Lyon, June 3, 2026. REUTERS/Vadim Ghirda",
                                           "creators": ["Vadim Ghirda"], "city": "Lyon"},
               xmp={"caption": "Fans sing in Lyon, June 3, 2026. REUTERS/Vadim Girda", "city": "Paris"})
    make_photo(tmp_path / "b.jpg", fields={"caption": "A man walks. (AP Photo/Ines Varga)", "credit_line": "AFP"},
               exif={"caption": "A man walks."})
    with Catalog.open(catalog_path) as c:
        import_paths(c, [tmp_path], jobs=1, thumbnails=False, check=False)
        c.add_caption_items([{"caption": t} for t in CAPTIONS])
        ids = c.item_ids()
        ctx = validation.context_for(c)
        full, light = c.items(ids), c.items_to_check(ids)
        assert [i.id for i in light] == ids and [i.kind for i in light].count("photo") == 2
        for whole, read in zip(full, light, strict=True):
            assert (read.fields, read.facts, read.kind, read.path) == (whole.fields, whole.facts, whole.kind, whole.path)
            assert {k: v for k, v in read.candidates.items() if v} == {k: v for k, v in whole.candidates.items() if v}
            assert rules.check_item(read, ctx) == rules.check_item(whole, ctx)
        # The blocks' disagreement is found from the candidates the read kept.
        assert [f.field for f in rules.check_item(light[0], ctx) if f.message.startswith("City: IIM says")] == ["city"]


def test_the_rules_read_knows_which_fields_wait_to_be_written(tmp_path, catalog_path):
    """The check's own read (items_to_check) leaves the sources out, yet a field edited in the
    catalog must not be flagged for the file's copies that disagree: the write replaces every
    copy (the eleventh walk). The full read and the check's read agree before and after."""
    from app.importer import import_paths
    from tests.imagefactory import make_photo

    make_photo(tmp_path / "a.jpg", fields={"caption": "Fans cheer in Lyon, June 3, 2026. REUTERS/Vadim Ghirda",
                                           "creators": ["Vadim Ghirda"], "city": "Lyon"},
               xmp={"city": "Paris"})
    with Catalog.open(catalog_path) as c:
        (pid,) = import_paths(c, [tmp_path], jobs=1, thumbnails=False, check=False).item_ids
        ctx = validation.context_for(c)

        def flagged(item) -> list[str]:
            return [f.field for f in rules.check_item(item, ctx) if f.message.startswith("City: ")]

        assert flagged(c.items_to_check([pid])[0]) == flagged(c.items([pid])[0]) == ["city"]
        c.set_fields(pid, {"city": "Marseille"})
        assert flagged(c.items_to_check([pid])[0]) == flagged(c.items([pid])[0]) == []


def test_checks_current_says_what_every_items_check_state_says(cat):
    report = check_gallery(cat, "week")
    ids, fp, scope = report.ids, report.fingerprint, report.scope

    def by_state() -> bool:
        states = cat.check_records(ids)
        return len(states) == len(ids) and all(states[i].fresh(fp) and states[i].scope == scope for i in ids)

    assert cat.checks_current(ids, fp, scope) and by_state()
    assert not cat.checks_current(ids, "another fingerprint", scope)
    assert not cat.checks_current(ids, fp, scope + 1)
    assert not cat.checks_current([*ids, max(ids) + 1], fp, scope)  # an item deleted meanwhile
    cat.set_fields(ids[3], {"caption": "Fans cheer in Lyon, France, June 3, 2026."})
    assert not cat.checks_current(ids, fp, scope) and not by_state()
    assert not cat.checks_current(ids[3:4], fp, scope) and cat.checks_current(ids[:3], fp, scope)
    check_gallery(cat, "week")
    assert cat.checks_current(ids, fp, scope)
    cat.mark_findings_stale()
    assert not cat.checks_current(ids, fp, scope) and not by_state()
