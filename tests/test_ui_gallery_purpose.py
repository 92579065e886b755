"""A gallery shown in the window shows what `creditline check --gallery` finds for it, though its
items were checked while the library (which has no purpose) was shown: a news gallery makes an
undisclosed AI picture an error, the library a warning, and the tile said warning where the check
and the Export gate said error. An unchanged gallery is not checked again when shown again."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from app import validation  # noqa: E402
from tests.uisession import open_window  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.models import ItemIdRole, StatusRole  # noqa: E402
from ui.sidebar import Source  # noqa: E402

AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
CAPTION = "A flooded street in Porto, Portugal, March 10, 2026. (AP Photo/Marta Quintela)"


def _idle(qtbot, w, timeout=60000):
    qtbot.waitUntil(lambda: w._stale_task is None and not w.runner.active(), timeout=timeout)


def _counting(monkeypatch) -> tuple[list[int], list[int]]:
    """The ids the window's item checks ran on (validation.refresh_findings, as it calls it), and
    the galleries its gallery rules ran over (validation.refresh_gallery_rules)."""
    checked: list[int] = []
    passes: list[int] = []
    real = validation.refresh_findings

    def counted(catalog, item_ids=None, ctx=None, store=True):
        ids = list(item_ids) if item_ids is not None else catalog.stale_item_ids()
        checked.extend(ids)
        return real(catalog, ids, ctx=ctx, store=store)

    monkeypatch.setattr(validation, "refresh_findings", counted)
    real_pass = validation.refresh_gallery_rules

    def gallery_pass(catalog, gallery_id, ctx=None):
        passes.append(gallery_id)
        return real_pass(catalog, gallery_id, ctx)

    monkeypatch.setattr(validation, "refresh_gallery_rules", gallery_pass)
    return checked, passes


def _shown(w, source: Source) -> None:
    w.sidebar.select_source(source)


def test_a_news_gallery_shows_what_check_gallery_finds_after_the_library_checked_it(qtbot, catalog, settings):
    g = catalog.create_gallery("Coast")
    catalog.set_gallery_flags(g.id, news=True, web=False)
    ids = catalog.add_caption_items([{"caption": CAPTION, "digital_source_type": AI},
                                     {"caption": CAPTION}, {"caption": "Waves."}], g.id)
    w = open_window(qtbot, catalog, settings, as_started=True)
    _shown(w, Source("all"))
    qtbot.waitUntil(lambda: not catalog.stale_item_ids(), timeout=20000)  # checked in the library
    _idle(qtbot, w)
    ai = [f.severity.value for f in catalog.findings([ids[0]])[ids[0]] if f.rule == "ai-disclosure-missing"]
    assert ai == ["warning"]  # the library has no purpose: a warning there

    _shown(w, Source("gallery", g.id))
    oracle = validation.check_gallery(catalog, g.id, store=False).findings

    def as_check_gallery() -> bool:
        return catalog.findings(ids) == oracle

    qtbot.waitUntil(as_check_gallery, timeout=20000)
    _idle(qtbot, w)
    assert as_check_gallery()
    # Same rules and severities per item in the tiles, the findings panel and the status counts.
    assert [f.severity.value for f in oracle[ids[0]] if f.rule == "ai-disclosure-missing"] == ["error"]
    model = w.grid_model
    tiles = {model.data(model.index(r, 0), ItemIdRole): model.data(model.index(r, 0), StatusRole)
             for r in range(model.rowCount())}
    worst = {i: _worst(oracle[i]) for i in ids}
    assert tiles == worst
    qtbot.waitUntil(lambda: sorted((r.item_id, r.finding.rule, r.finding.severity.value)
                                   for r in w.findings_panel.model.rows())
                    == sorted((i, f.rule, f.severity.value) for i in ids for f in oracle[i]), timeout=10000)
    errors = sum(1 for s in worst.values() if s == "error")
    warnings = sum(1 for s in worst.values() if s == "warning")
    qtbot.waitUntil(lambda: f"{errors} with errors · {warnings} with warnings" in w.count_label.text(),
                    timeout=10000)
    assert errors >= 1
    # The Export gate's check answers from what the window stored: nothing to check again.
    report = validation.check_gallery(catalog, g.id)
    assert report.checked == 0 and report.findings == oracle


def _worst(found) -> str:
    """The tile's status of an item with these findings: its worst severity, "clean" for none."""
    return max(found, key=lambda f: f.severity.rank).severity.value if found else "clean"


def test_an_unchanged_gallery_of_20000_shown_again_is_not_checked_again(qtbot, catalog, settings, monkeypatch):
    g = catalog.create_gallery("Big")
    catalog.set_gallery_flags(g.id, news=True, web=False)
    n = 20_000
    # Short captions keep the one real check of 20,000 short; every 2,000th an undisclosed AI picture.
    ids = catalog.add_caption_items(
        [{"caption": CAPTION, "digital_source_type": AI} if i % 2000 == 0 else {"caption": "Waves."}
         for i in range(n)], g.id)
    validation.check_gallery(catalog, g.id)  # `creditline check --gallery Big`: every item recorded
    library = validation.context_for(catalog)
    moved = ids[::2000]  # the ten AI pictures, checked since while the library was shown
    validation.refresh_findings(catalog, moved, ctx=library)
    checked, passes = _counting(monkeypatch)
    w = open_window(qtbot, catalog, settings, as_started=True)
    _idle(qtbot, w)
    assert checked == []  # the library view: nothing stale

    _shown(w, Source("gallery", g.id))
    qtbot.waitUntil(lambda: sorted(checked) == moved, timeout=60000)  # those ten, and only those
    _idle(qtbot, w)
    assert sorted(checked) == moved
    news = w.session.rule_context()
    assert validation.ids_to_check(catalog, ids, news) == []  # every record is of this gallery's purpose
    assert [f.severity.value for f in catalog.findings([ids[0]])[ids[0]] if f.rule == "ai-disclosure-missing"] \
        == ["error"]

    # The library view shows the library's severity: the ten whose findings the purpose sets are
    # checked again there (the catalog keeps one set of findings an item), and again in the
    # gallery (what it found for the gallery is stored again, no rule run: the next test); none
    # of the other 19,990.
    _shown(w, Source("all"))
    _idle(qtbot, w)
    assert sorted(checked) == sorted(moved * 2)
    _shown(w, Source("gallery", g.id))
    _idle(qtbot, w)
    assert sorted(checked) == sorted(moved * 3)
    assert passes == [g.id, g.id]  # the gallery rules after each show's ten checks
    other = catalog.create_gallery("Other")
    _shown(w, Source("gallery", other.id))
    _idle(qtbot, w)
    _shown(w, Source("gallery", g.id))
    _idle(qtbot, w)
    assert sorted(checked) == sorted(moved * 3)  # shown again, unchanged: no item checked again
    assert passes == [g.id, g.id]
    assert validation.check_gallery(catalog, g.id).checked == 0  # and `check --gallery` reuses all


def _tiles(w) -> dict[int, str]:
    model = w.grid_model
    return {model.data(model.index(r, 0), ItemIdRole): model.data(model.index(r, 0), StatusRole)
            for r in range(model.rowCount())}


def test_library_views_show_the_library_s_severity_after_a_news_gallery_stored_its_own(qtbot, catalog, settings):
    """`check --gallery` of a news gallery stores its findings (an undisclosed AI picture: an
    error); the library views showed them as stored, so All photos, Needs attention and the
    status filter said error where `creditline check` (no gallery) says warning. Each library
    view shows the library's severity; tiles, panel, counts and filters agree."""
    g = catalog.create_gallery("Coast")
    catalog.set_gallery_flags(g.id, news=True, web=False)
    ids = catalog.add_caption_items([{"caption": CAPTION, "digital_source_type": AI},
                                     {"caption": CAPTION}, {"caption": "Waves."}], g.id)
    validation.check_gallery(catalog, g.id)  # `creditline check --gallery Coast`: stored
    assert _worst(catalog.findings([ids[0]])[ids[0]]) == "error"
    oracle = validation.check_gallery(catalog, None, store=False).findings  # `creditline check`
    worst = {i: _worst(oracle[i]) for i in ids}
    assert worst[ids[0]] == "warning"  # the premise: the library's severity differs
    errors = sorted(i for i in ids if worst[i] == "error")
    warnings = sorted(i for i in ids if worst[i] == "warning")

    w = open_window(qtbot, catalog, settings, as_started=True)
    # Needs attention first: it lists by the stored status, and must end as `check` says.
    _shown(w, Source("attention"))
    qtbot.waitUntil(lambda: sorted(_tiles(w)) == errors, timeout=20000)
    _idle(qtbot, w)
    assert sorted(_tiles(w)) == errors and w.sidebar.counts().get("attention") == len(errors)
    # All photos, filtered to warnings: the AI picture is among them.
    _shown(w, Source("all"))
    bar = w.filter_bar
    bar.status.setCurrentIndex(bar.status.findData("warning"))
    qtbot.waitUntil(lambda: sorted(_tiles(w)) == warnings, timeout=20000)
    _idle(qtbot, w)
    bar.status.setCurrentIndex(0)
    qtbot.waitUntil(lambda: sorted(_tiles(w)) == sorted(ids), timeout=20000)
    _idle(qtbot, w)
    assert catalog.findings(ids) == oracle
    assert _tiles(w) == worst
    qtbot.waitUntil(lambda: sorted((r.item_id, r.finding.rule, r.finding.severity.value)
                                   for r in w.findings_panel.model.rows())
                    == sorted((i, f.rule, f.severity.value) for i in ids for f in oracle[i]), timeout=10000)
    qtbot.waitUntil(lambda: f"{len(errors)} with errors · {len(warnings)} with warnings" in w.count_label.text(),
                    timeout=10000)
    # The gallery view still shows its purpose's; the library's Needs attention still counts
    # what the library finds (the gallery stored its own findings meanwhile).
    _shown(w, Source("gallery", g.id))
    qtbot.waitUntil(lambda: _tiles(w).get(ids[0]) == "error", timeout=20000)
    _idle(qtbot, w)
    assert _worst(catalog.findings([ids[0]])[ids[0]]) == "error"
    w.sidebar.refresh_counts()
    _idle(qtbot, w)
    assert w.sidebar.counts().get("attention") == len(errors)


def test_purpose_rules_are_the_rules_a_purpose_changes():
    """``validation.PURPOSE_RULES`` lists every rule whose findings differ in a news or web
    gallery (each rule's example, under each purpose): the library views check again only the
    items holding one of them, so a rule that came to read the purpose must be listed."""
    import datetime as dt  # noqa: PLC0415

    from app.rules import ITEM_RULES, check_item, make_context  # noqa: PLC0415
    from app.rules.docs import example_items  # noqa: PLC0415
    from app.validation import PURPOSE_RULES  # noqa: PLC0415

    def found(item, purpose):
        ctx = make_context(publish_date=dt.date(2026, 1, 1))
        ctx.gallery.update(purpose)
        return {(f.rule, f.severity.value, f.message) for f in check_item(item, ctx)}

    differ: set[str] = set()
    for r in ITEM_RULES:
        item = example_items(r)[0]
        base = found(item, {})
        for purpose in ({"news": True}, {"web": True}, {"news": True, "web": True}):
            differ |= {rule for rule, *_ in base ^ found(item, purpose)}
    assert differ == set(PURPOSE_RULES)


def test_switching_between_the_library_and_a_news_gallery_reuses_each_purpose_s_findings(qtbot, catalog, settings,
                                                                                          monkeypatch):
    """The catalog keeps one set of findings an item: each switch between a library view and a
    news gallery ran the rules again over the items whose findings the purpose changes (an
    undisclosed AI picture: a warning, then an error, then a warning...). Once an item was
    checked for each, switching back and forth stores what was found for that purpose and
    runs no rule, until the item changes."""
    import app.rules

    g = catalog.create_gallery("Coast")
    catalog.set_gallery_flags(g.id, news=True, web=False)
    ids = catalog.add_caption_items([{"caption": CAPTION, "digital_source_type": AI},
                                     {"caption": CAPTION}, {"caption": "Waves."}], g.id)
    library_oracle = validation.check_gallery(catalog, None, store=False).findings  # `creditline check`
    news_oracle = validation.check_gallery(catalog, g.id, store=False).findings  # `check --gallery Coast`
    assert _worst(library_oracle[ids[0]]) == "warning" and _worst(news_oracle[ids[0]]) == "error"
    w = open_window(qtbot, catalog, settings, as_started=True)
    _shown(w, Source("all"))
    _idle(qtbot, w)
    _shown(w, Source("gallery", g.id))
    _idle(qtbot, w)
    _shown(w, Source("all"))
    _idle(qtbot, w)
    assert catalog.findings(ids) == library_oracle  # each purpose checked once so far
    runs: list[int] = []
    check_item, check_each = app.rules.check_item, app.rules.check_each

    def counted(item, ctx):
        runs.append(item.id)
        return check_item(item, ctx)

    def counted_each(items, ctx):  # refresh_findings checks its items rule by rule
        runs.extend(item.id for item in items)
        return check_each(items, ctx)

    monkeypatch.setattr(app.rules, "check_item", counted)
    monkeypatch.setattr(app.rules, "check_each", counted_each)
    for _ in range(2):
        _shown(w, Source("gallery", g.id))
        qtbot.waitUntil(lambda: _tiles(w).get(ids[0]) == "error", timeout=20000)
        _idle(qtbot, w)
        assert catalog.findings(ids) == news_oracle
        _shown(w, Source("all"))
        qtbot.waitUntil(lambda: _tiles(w).get(ids[0]) == "warning", timeout=20000)
        _idle(qtbot, w)
        assert catalog.findings(ids) == library_oracle
    assert runs == []
    # Changed: checked for the purpose shown, once.
    catalog.set_fields(ids[0], {"caption": CAPTION.replace("Porto", "Lisbon")})
    _shown(w, Source("gallery", g.id))
    _idle(qtbot, w)
    assert runs == [ids[0]]
    assert _worst(catalog.findings([ids[0]])[ids[0]]) == "error"


def test_counts_shown_while_a_gallery_is_checked_again_are_never_the_library_s(qtbot, catalog, settings,
                                                                               monkeypatch):
    """left34: 2,000 photos checked in the library, their web gallery shown at start-up: the
    findings panel, the inspector and the status bar said "201 errors, 698 warnings, 2,815 notes"
    (the library's: a missing alt text a note) for as long as the check ran, then "202 errors,
    2,697 warnings, 815 notes". Each count is the gallery's, or says it is being checked."""
    import threading

    from ui.inspector import findings_count_html

    g = catalog.create_gallery("Coast")
    catalog.set_gallery_flags(g.id, news=True, web=False)
    ids = catalog.add_caption_items([{"caption": CAPTION, "digital_source_type": AI},
                                     {"caption": CAPTION}, {"caption": "Waves."}], g.id)
    news_oracle = validation.check_gallery(catalog, g.id, store=False).findings
    w = open_window(qtbot, catalog, settings, as_started=True)
    _shown(w, Source("all"))
    _idle(qtbot, w)
    library = catalog.findings(ids)
    assert _worst(library[ids[0]]) == "warning" and _worst(news_oracle[ids[0]]) == "error"
    # The gallery's check waits here until what the window says meanwhile has been read.
    gate, real = threading.Event(), validation.refresh_findings

    def held(catalog, item_ids=None, ctx=None, store=True):
        assert gate.wait(60)
        return real(catalog, item_ids, ctx=ctx, store=store)

    monkeypatch.setattr(validation, "refresh_findings", held)
    _shown(w, Source("gallery", g.id))
    qtbot.waitUntil(lambda: w._stale_task is not None and set(w.model.ids()) == set(ids), timeout=20000)
    w.select_ids(ids)
    qtbot.waitUntil(lambda: "3 " in w.inspector.summary.text() and "selected" in w.inspector.summary.text(),
                    timeout=10000)
    noun = w.inspector._noun()
    try:
        # The status bar's counts are counted on the task runner: until they land it shows none
        # ("3 photos · 3 selected", never the library's); wait for them, then read what it says.
        qtbot.waitUntil(lambda: "checking" in w.count_label.text() or "with errors" in w.count_label.text(),
                        timeout=10000)
        library_said = (w.findings_panel.counts.text(), w.count_label.text(), w.inspector.summary.text())
        assert library_said[0].startswith("Checking 3 ")
        assert library_said[1].endswith("· checking…") and "with errors" not in library_said[1]
        assert "Checking their findings" in library_said[2]
        assert findings_count_html(library, 3, noun) not in library_said[2]
    finally:
        gate.set()
    _idle(qtbot, w)
    assert catalog.findings(ids) == news_oracle
    worst = [_worst(news_oracle[i]) for i in ids]
    qtbot.waitUntil(lambda: f"{worst.count('error')} with errors · {worst.count('warning')} with warnings"
                    in w.count_label.text(), timeout=10000)
    panel = w.findings_panel.counts.text()
    severities = [f.severity.value for i in ids for f in news_oracle[i]]
    for value, word in (("error", "error"), ("warning", "warning"), ("info", "info")):
        n = severities.count(value)
        assert (f"{n} {word}{'s' if n != 1 and value != 'info' else ''}</span>" in panel) == (n > 0), panel
    assert findings_count_html(news_oracle, 3, noun) in w.inspector.summary.text()



def test_the_library_view_checks_again_at_once_when_the_gallery_s_photos_stay_selected(qtbot, catalog, settings):
    """counts34: a web gallery of 2,000 photos shown, all selected (Ctrl+A), then All photos: the
    library view kept the gallery's counts (202 errors / 2,697 warnings / 815 notes, where the
    library finds 201 / 698 / 2,815) for minutes. The selection kept was selected again a row at
    a time, each row telling the session, the inspector and the marks row (which read every
    photo selected so far: 2,000 reads of up to 2,000 photos) before the library's check could
    start. The selection comes back as one change, and the library view shows what `check` finds."""
    g = catalog.create_gallery("Coast")
    catalog.set_gallery_flags(g.id, news=True, web=False)
    ids = catalog.add_caption_items([{"caption": CAPTION, "digital_source_type": AI},
                                     {"caption": CAPTION}, {"caption": "Waves."}, {"caption": CAPTION}], g.id)
    library_oracle = validation.check_gallery(catalog, None, store=False).findings  # `creditline check`
    news_oracle = validation.check_gallery(catalog, g.id, store=False).findings
    assert _worst(library_oracle[ids[0]]) == "warning" and _worst(news_oracle[ids[0]]) == "error"
    w = open_window(qtbot, catalog, settings, as_started=True)
    _shown(w, Source("gallery", g.id))
    _idle(qtbot, w)
    assert catalog.findings(ids) == news_oracle
    w.select_all()
    qtbot.waitUntil(lambda: sorted(w.session.current_ids()) == sorted(ids), timeout=10000)
    _idle(qtbot, w)
    told: list[list[int]] = []
    w.session.current_changed.connect(lambda now: told.append(sorted(now)))
    _shown(w, Source("all"))
    qtbot.waitUntil(lambda: _tiles(w).get(ids[0]) == "warning", timeout=20000)
    _idle(qtbot, w)
    assert sorted(w.selected_ids()) == sorted(ids)  # the selection was kept
    # The session (inspector, marks row) is told at most once what is selected again, never a
    # row at a time ([ids[:1]], [ids[:2]], ... before).
    assert sorted(w.session.current_ids()) == sorted(ids)
    assert told in ([], [sorted(ids)]), told
    assert catalog.findings(ids) == library_oracle
    worst = [_worst(library_oracle[i]) for i in ids]
    qtbot.waitUntil(lambda: f"{worst.count('error')} with errors · {worst.count('warning')} with warnings"
                    in w.count_label.text(), timeout=10000)


def test_a_cancelled_check_shows_the_gallery_s_findings_and_says_what_it_did_not_reach(qtbot, catalog, settings,
                                                                                       monkeypatch):
    """left35: a news gallery's check cancelled half way (the status bar's Cancel) left the
    view showing the library's stored findings for every photo as if they were the gallery's:
    the panel counted the library's warning for the undisclosed AI picture the gallery makes an
    error. After Cancel the photos checked show the gallery's findings, the one not reached is
    "not checked" (tile, panel, status bar, inspector) with none of its findings listed; shown
    again, it is checked."""

    from ui.models import UNCHECKED

    g = catalog.create_gallery("Coast")
    catalog.set_gallery_flags(g.id, news=True, web=False)
    ids = catalog.add_caption_items([{"caption": CAPTION}, {"caption": "Waves."},
                                     {"caption": CAPTION, "digital_source_type": AI}], g.id)
    news_oracle = validation.check_gallery(catalog, g.id, store=False).findings
    w = open_window(qtbot, catalog, settings, as_started=True)
    _shown(w, Source("all"))
    _idle(qtbot, w)
    library = catalog.findings(ids)
    assert _worst(library[ids[2]]) == "warning" and _worst(news_oracle[ids[2]]) == "error"
    # One photo a chunk; the second waits until the check has been cancelled.
    calls = _gallery_shown_and_cancelled_after_one_photo(qtbot, monkeypatch, w, g.id)
    _idle(qtbot, w)
    assert calls == [[ids[0]], [ids[1]]]
    left = ids[2]
    panel = w.findings_panel
    qtbot.waitUntil(lambda: "1 item not checked" in panel.counts.text() or "1 not checked" in panel.counts.text(),
                    timeout=10000)
    listed = {r.item_id for r in panel.model.rows()}
    assert left not in listed
    for i in ids[:2]:
        assert [r.finding for r in panel.model.rows() if r.item_id == i] == news_oracle[i] or not news_oracle[i]
    assert "cancelled" in panel.counts.toolTip()
    tiles = {w.model.index(r, 0).data(ItemIdRole): w.model.index(r, 0).data(StatusRole)
             for r in range(w.model.rowCount())}
    assert tiles[left] == UNCHECKED and tiles[ids[0]] != UNCHECKED
    qtbot.waitUntil(lambda: "1 not checked" in w.count_label.text() and "checking" not in w.count_label.text(),
                    timeout=10000)
    worst = [_worst(news_oracle[i]) for i in ids[:2]]
    assert f"{worst.count('error')} with errors" in w.count_label.text() or not worst.count("error")
    assert w.count_label.text().startswith("3 caption-only items")  # every item, checked or not
    # The inspector: the photo not reached says so and shows none of its findings.
    w.select_ids([left])
    qtbot.waitUntil(lambda: "Not checked for this view yet" in w.inspector.summary.text(), timeout=10000)
    assert w.inspector.finding_counts() == {}
    w.select_ids(ids)
    qtbot.waitUntil(lambda: "1 not checked for this view yet" in w.inspector.summary.text(), timeout=10000)
    assert sum(w.inspector.finding_counts().values()) == sum(len(news_oracle[i]) for i in ids[:2])
    # Shown again, it is checked: the gallery's findings, nothing "not checked".
    _shown(w, Source("all"))
    _idle(qtbot, w)
    _shown(w, Source("gallery", g.id))
    _idle(qtbot, w)
    assert catalog.findings(ids) == news_oracle
    qtbot.waitUntil(lambda: "not checked" not in panel.counts.text(), timeout=10000)
    assert {r.item_id for r in panel.model.rows()} >= {i for i in ids if news_oracle[i]}
    assert "not checked" not in w.count_label.text()


WEEKDAY = ("Groundsmen inspect the waterlogged pitch in Guimaraes, Portugal, Monday, March 11, 2026, "
           "after Storm Elowen. (AP Photo/Marta Quintela)")


def test_the_errors_filter_lists_no_photo_a_cancelled_check_did_not_reach(qtbot, catalog, settings, monkeypatch):
    """leftb35: a news gallery's check cancelled under the Errors filter left the photo it did
    not reach listed as an error by the library's stored findings (and the view's reload after
    Cancel started the check again). "Not checked" is its own state: not under Errors, the
    filter bar says how many it leaves out, and the check stays cancelled until the view is
    shown again."""


    g = catalog.create_gallery("Coast")
    catalog.set_gallery_flags(g.id, news=True, web=False)
    ids = catalog.add_caption_items([{"caption": CAPTION}, {"caption": "Waves."}, {"caption": WEEKDAY}], g.id)
    w = open_window(qtbot, catalog, settings, as_started=True)
    _shown(w, Source("all"))
    _idle(qtbot, w)
    library = catalog.findings([ids[2]])[ids[2]]
    assert _worst(library) == "error"  # the library's stored status: what the filter read
    w.filter_bar.status.setCurrentIndex(w.filter_bar.status.findData("error"))
    _idle(qtbot, w)
    calls = _gallery_shown_and_cancelled_after_one_photo(qtbot, monkeypatch, w, g.id)
    _idle(qtbot, w)
    qtbot.wait(300)  # a reload after Cancel would have started the check again by now
    _idle(qtbot, w)
    assert calls == [[ids[0]], [ids[1]]]  # cancelled stays cancelled
    assert ids[2] in w.session.not_checked_ids()
    assert ids[2] not in w.model.ids()
    assert "1 not checked" in w.filter_bar.count_label.text()
    assert "cancelled" in w.filter_bar.count_label.toolTip()
    # Shown again, it is checked, and listed by the gallery's findings.
    _shown(w, Source("all"))
    _idle(qtbot, w)
    _shown(w, Source("gallery", g.id))
    _idle(qtbot, w)
    qtbot.waitUntil(lambda: ids[2] in w.model.ids(), timeout=10000)
    assert "not checked" not in w.filter_bar.count_label.text()


def _status_texts(w) -> list[str]:
    """Every text the status bar's count label is given from now on, in order."""
    said: list[str] = []
    real_set = w.count_label.setText

    def told(text: str) -> None:
        said.append(text)
        real_set(text)

    w.count_label.setText = told
    return said


def _news_gallery_checked_as_library(catalog):
    """A news gallery of three photos (one AI-made) whose findings were stored by a check of the
    library: the gallery, its own status-bar counts and the library's, which differ."""
    g = catalog.create_gallery("Coast")
    catalog.set_gallery_flags(g.id, news=True, web=False)
    catalog.add_caption_items([{"caption": CAPTION, "digital_source_type": AI}, {"caption": CAPTION},
                               {"caption": "Waves."}], g.id)
    validation.refresh_findings(catalog, catalog.item_ids())  # checked in the library: a warning
    news = [_worst(f) for f in validation.check_gallery(catalog, g.id, store=False).findings.values()]
    library = [_worst(f) for f in catalog.findings(catalog.item_ids()).values()]
    gallery_counts = f"{news.count('error')} with errors · {news.count('warning')} with warnings"
    library_counts = f"{library.count('error')} with errors · {library.count('warning')} with warnings"
    assert gallery_counts != library_counts
    return g, gallery_counts, library_counts


def test_a_gallery_shown_at_start_never_shows_the_library_s_counts(qtbot, catalog, settings):
    """leftb35: at start (creditline demo) the window shows the gallery before its panels, and
    the session that knows the gallery's purpose, are built: its check then ran as the
    library's, found nothing to check, and the status bar counted the gallery's photos by the
    findings the library stored ("1 with errors · 1 with warnings") until the gallery's own
    check began. It says "checking…" until the gallery's findings are counted."""
    g, gallery_counts, _ = _news_gallery_checked_as_library(catalog)
    w = MainWindow(catalog, settings, import_jobs=1)
    qtbot.addWidget(w)
    said = _status_texts(w)
    _shown(w, Source("gallery", g.id))
    # Listed and counted before the panels are built (they wait for the first paint, or 1.5 s).
    qtbot.waitUntil(lambda: w.model.rowCount() == 3 and w._stale_task is None and not w.runner.active(),
                    timeout=10000)
    assert not w._panels_built
    w.show()
    qtbot.waitUntil(lambda: gallery_counts in w.count_label.text(), timeout=20000)
    _idle(qtbot, w)
    counted = [t for t in said if "with errors" in t]
    assert counted and all(gallery_counts in t for t in counted), said


def test_a_library_check_ending_after_a_gallery_is_shown_never_shows_the_library_s_counts(
        qtbot, monkeypatch, catalog, settings):
    """race38: the window opens on the library and checks it in the background; a gallery shown
    while that check still runs was counted (its photos by the library's findings) and, when the
    library's check said it had nothing to make again, the status bar showed those counts ("1
    with errors · 1 with warnings"), not "checking…", until the gallery's own check began: 1 run
    in 45 of the test above. A check's news applies to the view it was started for only."""
    import threading

    g, gallery_counts, library_counts = _news_gallery_checked_as_library(catalog)
    entered, gate, real = threading.Event(), threading.Event(), validation.purpose_bound_ids

    def held(*args, **kwargs):  # the library's check, held before it says what it makes again
        entered.set()
        assert gate.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(validation, "purpose_bound_ids", held)
    w = MainWindow(catalog, settings, import_jobs=1)
    qtbot.addWidget(w)
    qtbot.waitUntil(entered.is_set, timeout=20000)
    said = _status_texts(w)
    _shown(w, Source("gallery", g.id))
    # Listed and counted (the second count: the library was the first) while the library is checked.
    qtbot.waitUntil(lambda: w.model.rowCount() == 3 and w._counted_seq >= 2, timeout=10000)
    gate.set()
    qtbot.waitUntil(lambda: w._stale_task is None and not w.runner.active(), timeout=20000)
    monkeypatch.setattr(validation, "purpose_bound_ids", real)
    w.show()
    qtbot.waitUntil(lambda: gallery_counts in w.count_label.text(), timeout=20000)
    _idle(qtbot, w)
    counted = [t for t in said if "with errors" in t]
    assert counted and all(gallery_counts in t for t in counted), said


def _gallery_shown_and_cancelled_after_one_photo(qtbot, monkeypatch, w, gallery_id: int) -> list[list[int]]:
    """Show the gallery with its check one photo a chunk, and cancel while the second chunk
    waits: returns the item ids of every chunk the check was asked for."""
    import threading

    import ui.main_window as main_window

    monkeypatch.setattr(main_window, "STALE_CHUNK", 1)
    entered, gate, real = threading.Event(), threading.Event(), validation.refresh_findings
    calls: list[list[int]] = []

    def held(catalog, item_ids=None, ctx=None, store=True):
        calls.append(list(item_ids))
        if len(calls) == 2:
            entered.set()
            assert gate.wait(60)
        return real(catalog, item_ids, ctx=ctx, store=store)

    monkeypatch.setattr(validation, "refresh_findings", held)
    _shown(w, Source("gallery", gallery_id))
    qtbot.waitUntil(entered.is_set, timeout=20000)
    w.cancel_jobs()
    gate.set()
    return calls


def test_the_gallery_shown_says_how_many_of_its_photos_need_attention(qtbot, catalog, settings):
    """Needs attention counted the library while a news gallery was shown (the demo: 3 beside a
    gallery whose status bar said 4 with errors), and nothing said what needed attention there.
    It stays the library's count, as every LIBRARY entry counts what a click on it lists (and
    `creditline check` finds); the gallery shown gives its own count, by its purpose, in its
    tooltip and in Needs attention's; leaving the gallery takes it away."""
    g = catalog.create_gallery("Coast")
    catalog.set_gallery_flags(g.id, news=True, web=False)
    ids = catalog.add_caption_items([{"caption": CAPTION, "digital_source_type": AI},
                                     {"caption": CAPTION}, {"caption": "Waves."}], g.id)
    oracle = validation.check_gallery(catalog, g.id, store=False).findings  # `check --gallery Coast`
    here = sum(1 for i in ids if _worst(oracle[i]) == "error")
    library = validation.check_gallery(catalog, None, store=False).findings
    assert here == sum(1 for i in ids if _worst(library[i]) == "error") + 1  # the premise: the AI picture
    w = open_window(qtbot, catalog, settings, as_started=True)
    _shown(w, Source("gallery", g.id))
    qtbot.waitUntil(lambda: _tiles(w).get(ids[0]) == "error", timeout=20000)
    _idle(qtbot, w)
    entry, attention = w.sidebar.gallery_entry(g.id), w.sidebar._library_items["attention"]
    line = f"{here} photos need attention (errors)"
    qtbot.waitUntil(lambda: entry.toolTip(0).endswith(line), timeout=10000)
    assert f"{here} with errors" in w.count_label.text()
    assert w.sidebar.counts()["attention"] == here - 1  # still the library's
    assert attention.toolTip(0).startswith(f"{here - 1} photo")
    assert f"In the gallery shown, Coast: {here} with errors, by its own purpose." in attention.toolTip(0)
    _shown(w, Source("all"))
    _idle(qtbot, w)
    assert line not in entry.toolTip(0) and "gallery shown" not in attention.toolTip(0)
    assert entry.toolTip(0).startswith("Coast\n3 photos")
    w.close()
