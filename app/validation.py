"""The validation service: runs the rules with a catalog's settings and stores the findings.

The inspector calls ``refresh_findings(catalog, [item_id])`` as the user types (one
item: a few milliseconds); ``check_gallery`` checks a whole gallery, gallery rules
included, for the CLI and the gallery view. Settings read from the catalog:

* ``rules``: ``{rule_id: {"enabled": bool, "severity": "error"|"warning"|"info"}}``
* ``house_style``: the style fixes render credits in (default ``"agency-native"``)
* ``publish_date``: ISO date embargoes are judged against (default: today)
* ``house_agencies``: the catalog's own agencies (its newspaper, partners), known to the
  rules beside the bundled registry: ``[{"name": ..., "aliases": [...]}]``
* ``spelling_words``: the house dictionary of the ``spelling`` rule (``app.spelling``)

Change them with ``change_setting``, which makes the stored findings stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import operator
import os
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app.catalog import BUSY_TIMEOUT_S, CheckRecord, CheckState
from app.model import Credit, Finding, Item, Severity

if TYPE_CHECKING:
    from app.rules import RuleContext
    from app.rules.facts import ItemFacts

# The rules, the credit parser and the agency registry are imported where they are used: a
# check of an unchanged gallery reuses what is stored and needs none of them (~0.1 s of start-up).

SETTING_RULES, SETTING_HOUSE_STYLE, SETTING_PUBLISH_DATE = "rules", "house_style", "publish_date"
SETTING_HOUSE_AGENCIES = "house_agencies"  # app.agencies.HOUSE_SETTING (a test keeps them equal)
SETTING_SPELLING_WORDS = "spelling_words"  # app.spelling.SETTING_WORDS (likewise)
SETTING_DESK_LANGUAGE = "desk_language"  # app.spelling.SETTING_DESK_LANGUAGE: its captions' spelling
SETTING_SPELLING_VARIANT = "spelling_variant"  # app.spelling.SETTING_VARIANT: UK or US English only
# The settings a finding depends on: changing one makes every stored finding stale.
VALIDATION_SETTINGS = (SETTING_RULES, SETTING_HOUSE_STYLE, SETTING_PUBLISH_DATE, SETTING_HOUSE_AGENCIES,
                       SETTING_SPELLING_WORDS, SETTING_DESK_LANGUAGE, SETTING_SPELLING_VARIANT)


def change_setting(catalog: Any, key: str, value: Any) -> bool:
    """Store a catalog setting; when it is one the rules read and its value changed, every
    stored finding becomes stale, so no view, export or check shows findings made under the
    old settings (they are recomputed as they are needed). True when the value changed."""
    if catalog.get_setting(key) == value:
        return False
    catalog.set_setting(key, value)
    if key in VALIDATION_SETTINGS:
        catalog.mark_findings_stale()
    return True


def _settings(catalog: Any, publish_date: dt.date | str | None) -> tuple[dict, str, dt.date | None, Any]:
    """(rules config, house style, publish date or None for today, house agencies setting)."""
    config = catalog.get_setting(SETTING_RULES) or {}
    if not isinstance(config, dict):
        config = {}
    style = catalog.get_setting(SETTING_HOUSE_STYLE) or "agency-native"
    when = publish_date or catalog.get_setting(SETTING_PUBLISH_DATE)
    if isinstance(when, str):
        try:
            when = dt.date.fromisoformat(when)
        except ValueError:
            when = None  # a bad stored value falls back to today rather than failing every check
    return config, str(style), when, catalog.get_setting(SETTING_HOUSE_AGENCIES)


def context_for(catalog: Any, publish_date: dt.date | str | None = None) -> RuleContext:
    """A rule context from the catalog's settings; ``publish_date`` overrides the stored default."""
    from app.agencies import house_agencies  # noqa: PLC0415
    from app.rules import load_registry, make_context  # noqa: PLC0415

    config, style, when, house = _settings(catalog, publish_date)
    registry = load_registry(house_agencies(house))
    ctx = make_context(registry=registry, house_style=style, config=config, publish_date=when)
    ctx.desk_language = _desk_language(catalog)
    # The catalog's names and house dictionary, read only when the spelling rule runs.
    ctx.speller_factory = lambda: _speller(catalog, registry)
    return ctx


def _desk_language(catalog: Any) -> str:
    from app import spelling  # noqa: PLC0415 - light: Hunspell is imported only to check

    return spelling.desk_language_of(catalog)


def _speller(catalog: Any, registry: Any) -> Any:
    from app import spelling  # noqa: PLC0415

    return spelling.checker_for(catalog, registry)


def refresh_findings(catalog: Any, item_ids: Iterable[int] | None = None,
                     ctx: RuleContext | None = None, store: bool = True) -> dict[int, list[Finding]]:
    """Recompute and store the findings of ``item_ids`` (default: every stale item);
    ``store=False`` only recomputes them (a read-only catalog: ``Catalog.read_only``).

    Item rules only: gallery rules depend on the gallery and run in ``check_gallery``.
    """
    from app.rules import check_each  # noqa: PLC0415
    from app.rules.base import clip_for_check  # noqa: PLC0415
    from app.rules.facts import facts_of  # noqa: PLC0415

    ids = list(item_ids) if item_ids is not None else catalog.stale_item_ids()
    if not ids:
        return {}
    ctx = ctx or context_for(catalog)
    # The record says under which settings and purpose these findings were made, so a view of a
    # gallery of another purpose (a news one: an undisclosed AI picture is an error there, a
    # warning in the library) knows they are not its findings (``ids_to_check``).
    fingerprint = context_fingerprint(catalog, ctx) if store else ""
    memo = _purpose_memo(catalog) if store else None
    out: dict[int, list[Finding]] = {}
    for start in range(0, len(ids), 500):  # bounded memory on a whole-catalog refresh
        chunk = ids[start:start + 500]
        revisions = catalog.revisions(chunk)  # before the read: see store_findings
        found, credits, records = {}, {}, {}
        if memo is not None:
            for item_id, (kept, kept_credits, record) in memo.take(chunk, revisions, fingerprint).items():
                found[item_id], credits[item_id], records[item_id] = kept, kept_credits, record
        items = catalog.items([i for i in chunk if i not in found]) if found else catalog.items(chunk)
        items = [clip_for_check(item) for item in items]  # the copies check_each checks, so the facts are shared
        for at in range(0, len(items), RULE_GROUP):  # rule by rule, as a check's chunk (_check_chunk)
            group = items[at:at + RULE_GROUP]
            facts = [facts_of(item, ctx) for item in group]  # check_each finds them and drops them from ctx
            for item, item_found in zip(group, check_each(group, ctx), strict=True):
                found[item.id] = item_found
            for item, item_facts in zip(group, facts, strict=True):
                credits[item.id], cj = credit_texts(item_facts)
                records[item.id] = CheckRecord(fingerprint, None, cj, findings_json(found[item.id]))
                if memo is not None and item.id in revisions:
                    memo.keep(item.id, revisions[item.id], found[item.id], credits[item.id], records[item.id])
        if store:
            catalog.store_findings(found, credits, revisions, checks=records)
        out.update(found)
    return out


class _PurposeMemo:
    """The findings of the items a purpose changes (``PURPOSE_RULES``), per revision and
    fingerprint, as this process last made them. The catalog keeps one set of findings an item,
    so a window switching between a library view and a news gallery checked those items again
    at every switch (a warning, an error, a warning...); unchanged (the same revision: marking
    an item stale bumps it, and a setting or purpose changes the fingerprint), what was found
    for that purpose is stored again instead."""

    LIMIT = 20_000  # items; the least recently used go first

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_item: dict[int, dict[str, tuple[int, list[Finding], str, CheckRecord]]] = {}

    def keep(self, item_id: int, revision: int, found: list[Finding], credits: str, record: CheckRecord) -> None:
        if not any(f.rule in PURPOSE_RULES for f in found):
            return  # its findings are the same under every purpose: never asked for again
        with self._lock:
            kept = self._by_item.pop(item_id, {})
            kept = {fp: v for fp, v in kept.items() if v[0] == revision}  # an older reading's: gone
            kept[record.fingerprint] = (revision, list(found), credits, record)
            self._by_item[item_id] = kept  # last: the most recently used
            while len(self._by_item) > self.LIMIT:
                del self._by_item[next(iter(self._by_item))]

    def take(self, item_ids: Sequence[int], revisions: dict[int, int],
             fingerprint: str) -> dict[int, tuple[list[Finding], str, CheckRecord]]:
        """What was found for those of ``item_ids`` at their current revision under
        ``fingerprint``."""
        out = {}
        with self._lock:
            for item_id in item_ids:
                kept = self._by_item.get(item_id, {}).get(fingerprint)
                if kept is not None and revisions.get(item_id) == kept[0]:
                    out[item_id] = (list(kept[1]), kept[2], kept[3])
        return out


_MEMOS: weakref.WeakKeyDictionary[Any, _PurposeMemo] = weakref.WeakKeyDictionary()
_MEMOS_LOCK = threading.Lock()


def _purpose_memo(catalog: Any) -> _PurposeMemo:
    """The memo of this open catalog (a catalog opened again starts afresh)."""
    with _MEMOS_LOCK:
        memo = _MEMOS.get(catalog)
        if memo is None:
            memo = _MEMOS[catalog] = _PurposeMemo()
        return memo


def context_fingerprint(catalog: Any, ctx: RuleContext | None) -> str:
    """``check_fingerprint`` of the findings ``ctx`` makes: the catalog's settings, the context's
    publish date and the purpose of the gallery it checks for (none: the library's)."""
    if ctx is None:
        return check_fingerprint(catalog)
    return check_fingerprint(catalog, ctx.publish_date, {k: ctx.gallery[k] for k in PURPOSE_KEYS if k in ctx.gallery})


def ids_to_check(catalog: Any, item_ids: Sequence[int], ctx: RuleContext | None) -> list[int]:
    """Those of ``item_ids`` whose stored findings are not what ``ctx`` would find: stale, or
    made under other settings or for another purpose (``context_fingerprint``), or never
    recorded; in id order."""
    return catalog.ids_to_check(item_ids, context_fingerprint(catalog, ctx))


# The rules whose findings a gallery's purpose changes (ctx.gallery "news", "web"): an
# undisclosed AI picture is an error in a news gallery, a missing alt text a warning in one for
# the web. Only their severity and wording change; whether they fire does not.
PURPOSE_RULES = ("ai-disclosure-missing", "missing-alt-text")


def purpose_bound_ids(catalog: Any, item_ids: Sequence[int], ctx: RuleContext | None) -> list[int]:
    """Those of ``item_ids`` whose stored findings hold one a purpose changes (``PURPOSE_RULES``)
    made under another context than ``ctx`` (a news gallery's, shown last): what a library view
    checks again so it shows what `check` without ``--gallery`` finds, without checking again
    every item a gallery of another purpose recorded (their other findings are the same)."""
    return catalog.ids_with_findings_not_under(item_ids, PURPOSE_RULES, context_fingerprint(catalog, ctx))


def library_error_ids(catalog: Any) -> list[int]:
    """The items `creditline check` (no gallery) finds errors in, as the library's Needs
    attention counts them: those stored in error, less those in error only by a severity a
    gallery's purpose set (a news gallery's undisclosed AI picture, stored while the gallery was
    shown: a warning for the library). Purposes only make findings stricter, so none is added."""
    from app.rules import RULES  # noqa: PLC0415

    errors = catalog.item_ids(status="error")
    ctx = context_for(catalog)
    bound = purpose_bound_ids(catalog, errors, ctx) if errors else []
    if not bound:
        return errors
    found = catalog.findings(bound)

    def library_severity(f: Finding) -> Severity:
        return ctx.severity(RULES[f.rule]) if f.rule in PURPOSE_RULES and f.rule in RULES else f.severity

    demoted = {i for i in bound if not any(library_severity(f) is Severity.ERROR for f in found.get(i, []))}
    return [i for i in errors if i not in demoted]


def refresh_gallery_rules(catalog: Any, gallery_id: int, ctx: RuleContext | None = None) -> list[int]:
    """The gallery rules (name-variant) over a gallery, merged into its items' stored findings:
    what the app runs after its item checks (``refresh_findings``, which leaves gallery findings
    out), so the window shows what ``check --gallery`` would. Items whose findings are stale are
    left to the item check. Only items whose findings change are stored. Returns their ids."""
    from app.rules import GALLERY_RULE_IDS, run_gallery_rules  # noqa: PLC0415

    ids = catalog.gallery_item_ids(gallery_id)
    if not ids:
        return []
    ctx = ctx or context_for(catalog)
    states = catalog.check_records(ids)  # before the read: see store_findings
    stale = {i for i, st in states.items() if st.stale}
    stored = catalog.findings(ids)
    extra: dict[int, list[Finding]] = {}
    if len(ids) > 1 and any(ctx.enabled(r) for r in GALLERY_RULE_IDS):
        light = catalog.items(ids, details=False)
        _known_caption_credits(light, catalog.stored_credits_json(ids), ctx)
        extra = run_gallery_rules(light, ctx)
    changed: dict[int, list[Finding]] = {}
    for i in ids:
        if i in stale:
            continue
        more = extra.get(i, [])
        for f in more:
            f.item_id = i
        now = _sorted([f for f in stored.get(i, []) if f.rule not in GALLERY_RULE_IDS] + more)
        if now != stored.get(i, []):
            changed[i] = now
    if changed:
        keep = catalog.stored_caption_credits(list(changed))
        # An item's check record stays, with the findings it now describes: without one the
        # next `check` would run the item rules on it again (an import into a gallery ends with
        # this pass, and its items must be current for that check).
        kept = [i for i in changed if states[i].fingerprint is not None
                and states[i].checked_revision == states[i].revision]
        credits = catalog.stored_credits_json(kept) if kept else {}
        records = {i: CheckRecord(states[i].fingerprint, states[i].scope, credits.get(i, "[]"),
                                  findings_json(changed[i])) for i in kept}
        catalog.store_findings(changed, {i: keep[i] for i in changed if i in keep},
                               {i: states[i].revision for i in changed}, checks=records)
    return list(changed)


def sheet_credits(facts: ItemFacts) -> str:
    """The credit sheet's summary of the caption's credits (``credit_texts``'s first)."""
    return credit_texts(facts)[0]


def credit_texts(facts: ItemFacts) -> tuple[str, str]:
    """(the credit sheet's summary of the caption's credits, the report's credits JSON) of a
    checked item, from the parse the rules made.

    The summary is ``app.export.sheet.encode_caption_credits``'s text. The rules parse a view
    with desk instructions and mojibake blanked; the sheet parses the caption as written, so
    when the two differ (rarely) the caption is parsed again. The credits JSON lists the
    caption's credits, then the credit line's, each with its fields and defects, as
    ``parse-credit`` prints them (compact, as a check record keeps it).

    Each credit is written around its offsets from ``_credit_parts``, kept by the credit's
    other values: a gallery repeats its credits ("(AP Photo/Jane Roe)") item after item, and
    building and encoding each credit's dict for both texts took 17 us an item (20,000
    captions, 168 distinct credits, time.process_time)."""
    credits_module, closing_credit = _CREDIT_TEXTS_NEEDS or _credit_texts_needs()
    generation = credits_module.GENERATION
    caption = facts.caption
    listed = []
    known = {}  # the summary's credit is nearly always one of these: its parts made once (speed39)
    for c in (*facts.caption_credits, *facts.field_credits.get("credit_line", ())):
        parts = known[id(c)] = _parts_of(c, generation)
        listed.append(f'{_credit_object(c, parts)[:-1]},"defects":[]}}' if parts[2] else _compact(_credit_json(c)))
    summary = ""
    written = facts.caption_credits if facts.credit_view is caption else \
        credits_module.parse_credits(caption, field="caption") if caption.strip() else ()
    if written:
        c = closing_credit(caption, written)
        kind = "e" if c is not None else "l"
        c = c or written[-1]
        summary = f'["{kind}",{_credit_object(c, known.get(id(c)) or _parts_of(c, generation))}]'
    return summary, f"[{','.join(listed)}]"


_CREDIT_TEXTS_NEEDS: tuple[Any, ...] = ()  # (app.credits, closing_credit) once credit_texts has imported them


def _credit_texts_needs() -> tuple[Any, ...]:
    """What credit_texts calls, imported on its first call (this module is imported by checks that
    parse nothing) and kept: an import statement run per item cost ~17,000 instructions an item
    (``from app import …`` runs importlib's Python fromlist handling, ``from app.export.sheet
    import …`` formats and drops an AttributeError for the module's ``__path__``; callgrind, the
    gate's gallery, speed37)."""
    global _CREDIT_TEXTS_NEEDS
    from app import credits as credits_module  # noqa: PLC0415
    from app.export.sheet import closing_credit  # noqa: PLC0415

    _CREDIT_TEXTS_NEEDS = (credits_module, closing_credit)
    return _CREDIT_TEXTS_NEEDS


def credits_json(facts: ItemFacts) -> str:
    """The report's credits JSON of a checked item (``credit_texts``'s second)."""
    return credit_texts(facts)[1]


def _credit_json(c: Credit) -> dict[str, Any]:
    """A credit as `creditline parse-credit` prints it: its fields and its defects."""
    from app.rules.credit import defects_of  # noqa: PLC0415

    out = c.to_json()
    out["defects"] = [vars(d) for d in defects_of(c)]
    return out


def _credit_object(c: Credit, parts: tuple[str, str, bool]) -> str:
    """``_compact(c.to_json())`` from its ``_credit_parts``."""
    return f'{parts[0]},"start":{c.start},"end":{c.end},{parts[1]}}}'


# Credit's fields in to_json()'s order: text and the offsets first (_credit_object writes them so),
# then the others, of which the lists are kept as tuples in _credit_parts' key.
_CREDIT_KEYS = tuple(f.name for f in dataclasses.fields(Credit))
if _CREDIT_KEYS[:3] != ("text", "start", "end"):
    raise RuntimeError(f"Credit's fields begin {_CREDIT_KEYS[:3]}, not text, start, end")
_LIST_KEYS = tuple(f.name for f in dataclasses.fields(Credit) if f.default_factory is list)
_SCALAR_KEYS = tuple(k for k in _CREDIT_KEYS[3:] if k not in _LIST_KEYS)
_scalars, _lists = operator.attrgetter(*_SCALAR_KEYS), operator.attrgetter(*_LIST_KEYS)


def _parts_of(c: Credit, generation: int) -> tuple[str, str, bool]:
    return _credit_parts(c.text, _scalars(c), tuple(map(tuple, _lists(c))), generation)


@functools.lru_cache(maxsize=16384)
def _credit_parts(text: str, scalars: tuple[Any, ...], lists: tuple[tuple[str, ...], ...],
                  generation: int) -> tuple[str, str, bool]:
    """(the JSON of a credit up to its offsets, after them, whether it has no defects) for a
    credit of ``text`` whose other fields are ``scalars`` and ``lists`` (``_SCALAR_KEYS``,
    ``_LIST_KEYS``; JSON writes a tuple as a list); ``generation``: the registry's, which
    the defects depend on."""
    from app.rules.credit import _defects_at_zero  # noqa: PLC0415

    values = dict(zip(_SCALAR_KEYS, scalars, strict=True)) | dict(zip(_LIST_KEYS, lists, strict=True))
    head = _compact({"text": text})[:-1]  # '{"text":"…"'
    tail = _compact({k: values[k] for k in _CREDIT_KEYS[3:]})[1:-1]
    return head, tail, not _defects_at_zero(text, values["field"], values["form"], generation)


# -- gallery checks ----------------------------------------------------------------------

# Below this many items to check, the rules run in this process: starting workers and reading
# the items in each would cost more than the second core gives back.
PARALLEL_MIN = 3000
PARALLEL_CHUNK = 2000  # items per worker task: few round trips, yet the cores end together
_STORE_CHUNK = 10_000  # items per transaction when findings are written: a few large ones
CATALOG_SCOPE = 0  # the scope of a check of the whole catalog (gallery ids start at 1)
# `check --format json`'s "schema": raised only when a key is renamed or removed or a value changes
# meaning (docs/cli.md, "What a pipeline may rely on"); keys added leave it as it is.
REPORT_SCHEMA = 1
_SCOPES_SETTING = "check_scopes"  # {scope: which items it held at its last check}


def check_fingerprint(catalog: Any, publish_date: dt.date | str | None = None,
                      gallery: dict[str, Any] | None = None) -> str:
    """What every finding depends on besides the item: the settings the rules read (their
    configuration, the house style, the publish date - today when none is set - and the
    catalog's own agencies), what the gallery says about itself (``gallery``, what the rules
    find in ``RuleContext.gallery``), and the code (the size and time of the rule, parser and
    registry files, so a rule changed in a development tree counts too; a frozen bundle's version).
    Findings stored under another fingerprint are never reused."""
    config, style, when, house = _settings(catalog, publish_date)
    # A purpose the gallery lacks reads as none (the rules ask ``ctx.gallery.get("news")``): a
    # gallery for neither news nor the web finds what the library finds, under its fingerprint.
    purpose = {k: v for k, v in (gallery or {}).items() if v}
    parts = {"config": config, "style": style, "date": (when or dt.date.today()).isoformat(),
             "house": house, "words": catalog.get_setting(SETTING_SPELLING_WORDS), "gallery": purpose,
             "desk": _desk_spelling(catalog), "code": _code_stamp()}
    variant = catalog.get_setting(SETTING_SPELLING_VARIANT)
    if variant:  # only when chosen: the fingerprints of every other catalog stay as they were
        parts["variant"] = variant
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _desk_spelling(catalog: Any) -> list[str] | None:
    """A German, Spanish or French desk's language and the dictionary its captions are checked with
    (none installed: None in its place): installing one changes what the spelling rule finds."""
    from app import spelling  # noqa: PLC0415 - light: Hunspell is imported only to check

    language = spelling.desk_language_of(catalog)
    if language == "en":
        return None
    dic = spelling.desk_dictionary(language)
    return [language, str(dic) if dic is not None else ""]


@functools.lru_cache(maxsize=1)
def _code_stamp() -> tuple[Any, ...]:
    """(file, size, mtime) of the modules and data findings come from, found without importing
    them; in a frozen bundle, which has no such files, the version (importlib.metadata costs
    ~25 ms, which the stat calls do not)."""
    root = Path(__file__).resolve().parent
    resources = root.parent / "resources"
    # Every module and every data file: a list of chosen ones missed the credit forms, the place
    # and name lists and the caption words, so findings outlived a change to them. Photos and
    # icons are no rule's input. ~150 stat calls, ~1 ms.
    files = [*sorted(root.rglob("*.py")),
             *sorted(f for f in resources.rglob("*") if f.is_file() and f.suffix not in (".pyc", ".png", ".jpg",
                                                                                         ".svg", ".pem"))]
    out = []
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        out.append((f.relative_to(root.parent).as_posix(), st.st_size, st.st_mtime_ns))
    if not out:
        from app import __version__  # noqa: PLC0415

        out.append(("version", __version__))
    return tuple(out)


_dumps = json.JSONEncoder(ensure_ascii=False).encode  # built once: json.dumps builds one a call
# What a check record keeps (CheckRecord): the report's lines are joined from it as it is.
_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def findings_json(found: list[Finding]) -> str:
    """An item's findings as the check report lists them (compact JSON text, as a check record
    keeps it)."""
    return _compact([f.to_json() for f in found]) if found else "[]"


def _spaced(compact: str) -> str:
    """Compact JSON text as the report's lines written in Python show it (with spaces)."""
    return compact if compact == "[]" else _dumps(json.loads(compact))


@dataclass
class CheckedItem:
    item: Item
    findings: list[Finding]
    credits: list[dict[str, Any]]  # as in the JSON report

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "position": self.item.position,
            "path": self.item.path,
            "caption": self.item.fields.get("caption") or "",
            "credits": self.credits,
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass
class CheckReport:
    """A check's result. Findings and credits are kept by item id; the items themselves are
    read from the catalog when the report is written (``write_json``, ``rows``), so a gallery
    of 100,000 is never held whole. When every item's check record is stored (the usual case),
    the JSON lines come straight from the catalog."""

    gallery: str | None
    ids: list[int] = field(default_factory=list)
    catalog: Any = None
    gallery_id: int | None = None
    fingerprint: str = ""
    scope: int = CATALOG_SCOPE
    credits: dict[int, str] = field(default_factory=dict)  # credits_json() of the items checked now
    checked: int = 0  # items the rules ran on; the others' stored findings were fresh
    reused: int = 0
    _findings: dict[int, list[Finding]] | None = None  # every item's, when all are in memory
    _memory: dict[int, list[Finding]] = field(default_factory=dict)  # those not (or not yet) stored
    _counts: dict[str, int] | None = None
    _unwritten: int | None = None

    @property
    def unwritten(self) -> int:
        """Photos checked whose catalog edits are not yet in their files: the gate judged the
        catalog's text, which a pipeline shipping the files would not ship (the fourteenth walk)."""
        if self._unwritten is None:
            if self.catalog is None or not self.ids:
                self._unwritten = 0
            elif self.gallery_id is not None or self.gallery is None:  # a whole gallery, or the catalog
                self._unwritten = self.catalog.pending_count(self.gallery_id)
            else:
                self._unwritten = len(self.catalog.pending_counts(self.ids))
        return self._unwritten

    @property
    def findings(self) -> dict[int, list[Finding]]:
        if self._findings is None:
            self._findings = self.catalog.findings(self.ids)
            self._findings.update((i, f) for i, f in self._memory.items() if i in self._findings)
        return self._findings

    @property
    def summary(self) -> dict[str, int]:
        if self._counts is None:
            if self._findings is None and not self._memory:
                self._counts = self.catalog.finding_counts(self.ids)
            else:
                self._counts = {s.value: 0 for s in Severity}
                for found in self.findings.values():
                    for f in found:
                        self._counts[f.severity.value] += 1
        c = self._counts
        return {"items": len(self.ids), "errors": c.get("error", 0), "warnings": c.get("warning", 0),
                "infos": c.get("info", 0), "unwritten": self.unwritten}

    @property
    def has_errors(self) -> bool:
        return self.summary["errors"] > 0

    def rows(self, only_with_findings: bool = False) -> Iterator[tuple[Item, list[Finding], str]]:
        """(light item with its position, findings, credits JSON) in report order."""
        found = self.findings
        ids = [i for i in self.ids if found.get(i)] if only_with_findings else self.ids
        stored = {} if len(self.credits) >= len(ids) else self.catalog.stored_credits_json(ids)
        for item in self.catalog.iter_items(ids, gallery=self.gallery_id):
            cj = self.credits.get(item.id) or stored.get(item.id) or "[]"
            yield item, found.get(item.id, []), cj

    @property
    def items(self) -> list[CheckedItem]:
        return [CheckedItem(item, found, json.loads(cj)) for item, found, cj in self.rows()]

    def to_json(self) -> dict[str, Any]:
        return {"schema": REPORT_SCHEMA, "gallery": self.gallery, "items": [ci.to_json() for ci in self.items],
                "summary": self.summary}

    def write_json(self, out: TextIO) -> None:
        """The JSON report, streamed one item per line as the catalog gives them. The lines come
        as UTF-8 bytes: a stream with ``write_utf8(data)`` (the CLI's) takes them as they are,
        any other their text."""
        write = getattr(out, "write_utf8", None) or (lambda data: out.write(data.decode("utf-8", "surrogatepass")))
        out.write(f'{{"schema": {REPORT_SCHEMA}, "gallery": {_dumps(self.gallery)}, "items": [\n')
        lines: list[bytes] = []
        for rows in self.catalog.check_report_lines(self.ids, self.gallery_id, self.fingerprint, self.scope):
            if not rows:
                continue
            # A write per few thousand lines, not one per line; after the first, an empty first
            # line puts the separator before them. A line made here may hold a surrogate (a file
            # name that is no UTF-8, as os.fsdecode holds it): kept as it is ("surrogatepass"),
            # for the stream to escape as it escapes text.
            lines += [r[1] if r[1] is not None else self._own_line(*r).encode("utf-8", "surrogatepass") for r in rows]
            write(b",\n".join(lines))
            lines = [b""]
        out.write(f'\n], "summary": {_dumps(self.summary)}}}\n')

    def _own_line(self, item_id: int, _: None, path: str | None, position: int | None, caption: str) -> str:
        """An item's report line from what is in memory: its record is not current (edited while
        the rules ran)."""
        return (f'{{"id": {item_id}, "position": {_dumps(position)}, "path": {_dumps(path)}, '
                f'"caption": {_dumps(caption or "")}, "credits": {_spaced(self.credits.get(item_id, "[]"))}, '
                f'"findings": {_dumps([f.to_json() for f in self.findings.get(item_id, [])])}}}')


def check_gallery(catalog: Any, gallery_name: str | int | None = None,
                  publish_date: dt.date | str | None = None, store: bool = True, *,
                  jobs: int | None = None) -> CheckReport:
    """Check a gallery (or, with no name, the whole catalog) in order; store the findings.

    Items whose stored findings are fresh (unchanged since, same ``check_fingerprint``) are
    not checked again; when all are, and the gallery holds the items it held at its last
    check, nothing runs at all. The rest is checked in this process, or, from
    ``PARALLEL_MIN`` items, spread over ``jobs`` processes (default: the CPU count); the
    gallery rules then run across all items. Findings are written in a few large
    transactions. Raises KeyError when the gallery does not exist."""
    name: str | None = None
    gid: int | None = None
    if gallery_name is not None:
        g = catalog.gallery(gallery_name)
        name, gid = g.name, g.id
        ids = catalog.gallery_item_ids(g.id)
    else:
        ids = catalog.item_ids()
    scope = gid if gid is not None else CATALOG_SCOPE
    # What the gallery is for: the disclosure and alt-text rules read it.
    gallery_data = gallery_purpose(g) if gid is not None else {}
    fp = check_fingerprint(catalog, publish_date, gallery_data)
    report = CheckReport(name, ids, catalog, gid, fp, scope)
    # Nothing changed since the last check of this gallery: one count says so, where reading
    # every item's state took 82 -> 25 ms of CPU at 20,000 (time.process_time, a loaded machine).
    if store and _scope_members(catalog).get(str(scope)) == _members_key(ids) \
            and catalog.checks_current(ids, fp, scope):
        report.reused = len(ids)
        return report
    states = catalog.check_records(ids)  # before any read: see store_findings
    ids = report.ids = [i for i in ids if i in states]  # deleted meanwhile
    reusable = [i for i in ids if states[i].fresh(fp)]
    members = _members_key(ids)

    from app.export import gc_paused  # noqa: PLC0415
    from app.rules import GALLERY_RULE_IDS, gallery_parts, run_gallery_parts  # noqa: PLC0415

    # The check holds ~15 objects an item until it ends (light items, findings, credits) and
    # makes no reference cycles of its own; each full collection walked them all again (0.7 s
    # of the 7.2 s of CPU a one-process check of 20,000 captions took).
    with gc_paused():
        if store:
            # Until this check has stored everything, this gallery has no "unchanged" answer: a
            # check killed half-way must not leave one that the findings stored so far contradict.
            _set_scope_members(catalog, scope, None)
        ctx = context_for(catalog, publish_date)
        ctx.gallery.update(gallery_data)
        found: dict[int, list[Finding]] = {}  # item-rule findings held here (not stored by a worker)
        stored = catalog.findings(reusable) if reusable else {}
        for i in reusable:
            found[i] = [f for f in stored[i] if f.rule not in GALLERY_RULE_IDS]
        report.credits.update(catalog.stored_credits_json(reusable))
        todo = [i for i in ids if i not in stored]
        summaries: dict[int, str] = {}
        by_workers: set[int] = set()  # checked and stored (item rules, this scope) by a worker
        gallery = len(ids) > 1 and any(ctx.enabled(r) for r in GALLERY_RULE_IDS)
        # What the gallery rules need of each item (a photographer's names, as the item's check
        # found them) comes back with its findings, so the parent reads and parses nothing again
        # (it read every item and built its credits: 1.3 s of CPU at 100,000 items, 0.3 of them
        # after the workers ended) and only the gallery rules run once the workers end.
        parts: dict[int, tuple] = {}
        checks = _Checks(catalog, todo, ctx, jobs, (fp, scope) if store else None, gallery)  # workers start now
        try:
            for item_id, item_found, summary, cj, item_parts in checks:
                parts[item_id] = item_parts
                if item_found is None:
                    by_workers.add(item_id)
                    continue
                found[item_id] = item_found
                summaries[item_id] = summary
                report.credits[item_id] = cj
        finally:
            checks.close()
        report.checked, report.reused = len(todo), len(reusable)
        extra: dict[int, list[Finding]] = {}
        if gallery:
            reused = catalog.items([i for i in ids if i not in parts], details=False)
            _known_caption_credits(reused, report.credits, ctx)
            parts.update((item.id, gallery_parts(item, ctx)) for item in reused)
            ctx._facts.clear()
            extra = run_gallery_parts([(i, parts[i]) for i in ids if i in parts], ctx)
        if by_workers:
            # Stored by the workers with their item findings; those the gallery rules add to are
            # read back to be stored again whole.
            touched = [i for i in by_workers if extra.get(i)]
            found.update(catalog.findings(touched))
            report.credits.update(catalog.stored_credits_json(touched))
        for item_id, more in extra.items():
            if item_id in found:
                found[item_id] = found[item_id] + more
        report._memory = {i: _sorted(f) for i, f in found.items()}
        if not by_workers:
            report._findings = {i: report._memory.get(i, []) for i in ids}
        if store:
            _store(catalog, report, states, stored, summaries, by_workers)
            _set_scope_members(catalog, scope, members)
        return report


def _sorted(found: list[Finding]) -> list[Finding]:
    from app.rules import sort_findings  # noqa: PLC0415

    return sort_findings(found) if len(found) > 1 else found


@dataclass(frozen=True)
class RuleSettings:
    """What a rule context is made of, as plain values: sent to an import's worker processes,
    which make their context from it once (``context()``, cached) and check each reading."""

    config: dict[str, Any]
    house_style: str
    publish_date: dt.date | None
    house: Any  # the house agencies setting, as stored
    fingerprint: str
    catalog_path: str = ""  # the spelling rule reads the catalog's names and house dictionary
    gallery: tuple[tuple[str, Any], ...] = ()  # what the gallery the items go to is for (news, web)
    desk_language: str = "en"  # RuleContext.desk_language (in the fingerprint through _desk_spelling)

    def context(self, catalog: Any = None) -> RuleContext:
        """The rule context, made once per process for these settings. The spelling rule reads
        the catalog's names from ``catalog``, or in a worker from a connection of its own."""
        if catalog is not None:
            ctx = context_for(catalog, self.publish_date)
            ctx.gallery.update(self.gallery)
            return ctx
        ctx = _CONTEXTS.get(self.fingerprint)
        if ctx is None:
            from app.agencies import house_agencies  # noqa: PLC0415
            from app.rules import load_registry, make_context  # noqa: PLC0415

            registry = load_registry(house_agencies(self.house))
            ctx = make_context(registry=registry, house_style=self.house_style, config=self.config,
                               publish_date=self.publish_date)
            ctx.desk_language = self.desk_language
            ctx.gallery.update(self.gallery)
            if self.catalog_path:
                path = self.catalog_path
                ctx.speller_factory = lambda: _speller(_reader(path), registry)
            _CONTEXTS.clear()  # one set of settings at a time
            _CONTEXTS[self.fingerprint] = ctx
        return ctx


_CONTEXTS: dict[str, RuleContext] = {}


_READERS: dict[str, Any] = {}


def _reader(path: str) -> Any:
    """This process's connection to a catalog it only reads (an import worker's, for the names
    the spelling rule knows)."""
    cat = _READERS.get(path)
    if cat is None:
        from app.catalog import Catalog  # noqa: PLC0415

        cat = _READERS[path] = Catalog.open(path, check=False)
    return cat


def close_readers() -> None:
    """Close the connections ``_reader`` opened in this process (a command ending it)."""
    while _READERS:
        _READERS.popitem()[1].close()


def rule_settings(catalog: Any, publish_date: dt.date | str | None = None,
                  gallery: dict[str, Any] | None = None) -> RuleSettings:
    """The settings of the catalog's rules, for items going to a gallery (``gallery``: what it
    is for, as ``gallery_purpose`` gives it) or to none."""
    config, style, when, house = _settings(catalog, publish_date)
    return RuleSettings(config, style, when, house, check_fingerprint(catalog, publish_date, gallery),
                        str(catalog.path), tuple(sorted((gallery or {}).items())), _desk_language(catalog))


PURPOSE_KEYS = ("news", "web")  # what gallery_purpose gives; RuleContext.gallery holds more in a check


def gallery_purpose(g: Any) -> dict[str, Any]:
    """What a gallery is for, as its rules read it (``RuleContext.gallery``): news, web."""
    return {"news": g.news, "web": g.web}


# What a worker found on a reading: (fingerprint, item-rule findings, caption summary, credits JSON).
ReadingCheck = tuple[str, list[Finding], str, str]


def check_reading(result: Any, settings: RuleSettings) -> ReadingCheck:
    """The item rules on a file new to the catalog, from its reading alone (the item
    ``Catalog.item_from_read`` makes is the one the catalog will store), in a worker process;
    ``store_checked`` stores the result with the item."""
    from app.catalog import Catalog  # noqa: PLC0415
    from app.rules import check_item  # noqa: PLC0415
    from app.rules.base import clip_for_check  # noqa: PLC0415
    from app.rules.facts import facts_of  # noqa: PLC0415

    ctx = settings.context()
    item = clip_for_check(Catalog.item_from_read(result))
    facts = facts_of(item, ctx)  # check_item finds it and drops it from ctx; we keep it
    found = check_item(item, ctx)
    return settings.fingerprint, found, *credit_texts(facts)


def store_checked(catalog: Any, checks: dict[int, ReadingCheck]) -> dict[int, list[Finding]]:
    """Store what ``check_reading`` found for items just added (in the transaction that added
    them), with their check records."""
    found: dict[int, list[Finding]] = {}
    summaries: dict[int, str] = {}
    records: dict[int, CheckRecord] = {}
    for item_id, (fp, item_found, summary, cj) in checks.items():
        for f in item_found:
            f.item_id = item_id
        found[item_id] = item_found
        summaries[item_id] = summary
        records[item_id] = CheckRecord(fp, None, cj, findings_json(item_found))
    catalog.store_findings(found, summaries, checks=records)
    return found


def check_items(catalog: Any, item_ids: list[int], ctx: RuleContext | None = None,
                fingerprint: str | None = None) -> dict[int, list[Finding]]:
    """The item rules on ``item_ids`` (in this process), stored with their check records, so
    a later gallery check reuses them and runs only the gallery rules (an import checks its
    new items this way, a batch at a time, inside the batch's transaction)."""
    if not item_ids:
        return {}
    ctx = ctx or context_for(catalog)
    fingerprint = fingerprint or check_fingerprint(catalog, ctx.publish_date)
    revisions = catalog.revisions(item_ids)  # before the read: see store_findings
    found: dict[int, list[Finding]] = {}
    summaries: dict[int, str] = {}
    records: dict[int, CheckRecord] = {}
    for start in range(0, len(item_ids), 500):
        for item_id, item_found, summary, cj, _ in _check_chunk(catalog, item_ids[start:start + 500], ctx):
            found[item_id] = item_found
            summaries[item_id] = summary
            records[item_id] = CheckRecord(fingerprint, None, cj, findings_json(item_found))
    catalog.store_findings(found, summaries, revisions, checks=records)
    return found


def _known_caption_credits(items: list[Item], credits: dict[int, str], ctx: RuleContext) -> None:
    """The caption credits of each item as its last check stored them (``credits``: the JSON
    of a reused item), handed to the gallery rules instead of parsing every caption again."""
    from app.rules.facts import known_facts  # noqa: PLC0415

    keys = _CREDIT_KEYS
    for item in items:
        cj = credits.get(item.id)
        if cj is None:
            continue  # nothing known: the gallery rules parse it
        cc = [Credit(**{k: d[k] for k in keys if k in d}) for d in json.loads(cj) if d.get("field") == "caption"]
        known_facts(item, ctx, caption_credits=cc)


def _store(catalog: Any, report: CheckReport, states: dict[int, CheckState], stored: dict[int, list[Finding]],
           summaries: dict[int, str], by_workers: set[int]) -> None:
    """Write what the workers did not: items checked here, reused items whose gallery findings
    moved or whose record is another gallery's, and worker-stored items the gallery rules
    added to; in transactions of ``_STORE_CHUNK`` items. Each item's revision as read before
    the check keeps an edit made meanwhile stale."""
    found = report._memory
    scope = report.scope
    write = [i for i in report.ids if i in found and (
        i in by_workers or i not in stored or stored[i] != found[i] or states[i].scope != scope)]
    kept = catalog.stored_caption_credits([i for i in write if i not in summaries])  # stored again as they are
    for start in range(0, len(write), _STORE_CHUNK):
        chunk = write[start:start + _STORE_CHUNK]
        catalog.store_findings(
            {i: found[i] for i in chunk}, {i: summaries[i] if i in summaries else kept.get(i) for i in chunk},
            {i: states[i].revision for i in chunk},
            checks={i: CheckRecord(report.fingerprint, scope, report.credits.get(i, "[]"), findings_json(found[i]))
                    for i in chunk})


def _set_scope_members(catalog: Any, scope: int, members: str | None) -> None:
    value = _scope_members(catalog)
    if value.get(str(scope)) != members:
        if members is None:
            value.pop(str(scope), None)
        else:
            value[str(scope)] = members
        catalog.set_setting(_SCOPES_SETTING, value)


def _members_key(ids: list[int]) -> str:
    """Which items a gallery holds (not their order, which no rule reads)."""
    return hashlib.sha256(json.dumps(sorted(ids)).encode()).hexdigest()[:32]


def _scope_members(catalog: Any) -> dict[str, str]:
    value = catalog.get_setting(_SCOPES_SETTING) or {}
    return value if isinstance(value, dict) else {}


class _Checks:
    """The item rules on ``ids``: iterate for (id, item-rule findings, caption summary, credits
    JSON, the item's ``gallery_parts`` when ``parts``, else None), in no set order. From
    ``PARALLEL_MIN`` items on, the work is spread over ``jobs`` processes, started at once (so
    the caller can do other work meanwhile), each reading its chunks from the catalog itself
    (WAL: readers never wait) and, given ``store`` (fingerprint, scope), storing them with their
    check records, one transaction a chunk: then findings, summary and credits come back as
    None for every item it stored. Forked workers inherit this process's rule context, warmed
    first (``_warm``), instead of each making and loading its own."""

    def __init__(self, catalog: Any, ids: list[int], ctx: RuleContext, jobs: int | None,
                 store: tuple[str, int] | None, parts: bool = False) -> None:
        self.catalog, self.ids, self.ctx, self.parts = catalog, ids, ctx, parts
        self.pool: Any = None
        self.futures: list[Any] = []
        jobs = max(1, jobs or os.cpu_count() or 1)
        if jobs > 1 and len(ids) >= PARALLEL_MIN:
            from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415
            from multiprocessing import get_all_start_methods, get_context  # noqa: PLC0415

            methods = get_all_start_methods()
            if "fork" in methods and threading.active_count() == 1:
                _warm(ctx)  # before the fork, so the workers inherit what it loads
            # fork is cheapest (the rules are loaded already), but forking a process that runs
            # other threads (the app; or a thread the warm-up started to read the catalog's
            # names again) can deadlock the child: then forkserver, or spawn.
            method = "fork" if "fork" in methods and threading.active_count() == 1 else \
                "forkserver" if "forkserver" in methods else "spawn"
            chunk = max(PARALLEL_MIN_TASK, min(PARALLEL_CHUNK, -(-len(ids) // (jobs * 4))))
            gallery = {k: v for k, v in ctx.gallery.items() if k != "items"}
            self.token = None
            if method == "fork":
                self.token = f"{os.getpid()}-{id(ctx)}"
                _FORKED[self.token] = ctx
            # The workers' stores take turns on this lock rather than on SQLite's busy handler, which
            # sleeps 1, 2, 5, 10 … 100 ms between tries: a worker woke up to 100 ms after the other's
            # commit (93-161 such sleeps, 1.8-4.5 s, in a check of 100,000 on a loaded machine).
            lock = get_context(method).Lock() if store is not None else None
            self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context(method),
                                            initializer=_worker_start,
                                            initargs=(str(catalog.path), ctx.publish_date, gallery, self.token, lock))
            self.futures = [self.pool.submit(_worker_check, ids[a:b], store, parts)
                            for a, b in _chunk_bounds(len(ids), chunk, jobs)]

    def __iter__(self) -> Iterator[tuple[int, Any, Any, Any, list[Any]]]:
        if self.pool is None:
            for start in range(0, len(self.ids), 500):  # bounded memory
                yield from _check_chunk(self.catalog, self.ids[start:start + 500], self.ctx, self.parts)
            return
        from concurrent.futures import as_completed  # noqa: PLC0415

        for fut in as_completed(self.futures):
            yield from fut.result()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            _FORKED.pop(self.token, None)


def _chunk_bounds(n: int, chunk: int, jobs: int) -> list[tuple[int, int]]:
    """(start, end) of the worker tasks over ``n`` items: ``chunk`` items each, but the last
    ``jobs`` chunks' worth or so in even pieces of about a quarter. A worker that finds no task
    left waits for the others' last ones: a full last chunk left one core idle for 0.14-0.65 s
    at the end of a check of 20,000 or 100,000 (the workers' last chunks ended that far apart,
    five runs)."""
    start = max(0, (n - jobs * chunk) // chunk) * chunk
    rest = n - start
    pieces = -(-rest // max(PARALLEL_MIN_TASK, chunk // 4))
    return [(a, a + chunk) for a in range(0, start, chunk)] + \
        [(start + rest * i // pieces, start + rest * (i + 1) // pieces) for i in range(pieces)]


PARALLEL_MIN_TASK = 200  # items of a worker task at the least: each one is a transaction and a round trip
RULE_GROUP = 50  # items whose rules run rule by rule (rules.check_each): 20 and 100 gained as much


def _check_chunk(catalog: Any, ids: list[int], ctx: RuleContext,
                 parts: bool = False) -> list[tuple[int, Any, Any, Any, Any]]:
    """(id, findings, caption summary, credits JSON, ``gallery_parts`` when ``parts``) of each item."""
    from app.rules import check_each, gallery_parts  # noqa: PLC0415
    from app.rules.base import clip_for_check  # noqa: PLC0415
    from app.rules.facts import facts_of, known_facts  # noqa: PLC0415

    wholes = catalog.items_to_check(ids)
    checked = []
    for start in range(0, len(wholes), RULE_GROUP):
        group = wholes[start:start + RULE_GROUP]
        items = [clip_for_check(whole) for whole in group]  # long values cut as the rules cut them
        facts = [facts_of(item, ctx) for item in items]  # check_each finds them and drops them from ctx; we keep them
        checked += zip(group, items, facts, check_each(items, ctx), strict=True)
    # What an item's check gives besides its findings is made once the chunk's rules have all run:
    # between two items the rules push this code's data out of the CPU's caches, and credit_texts
    # took 30-48 us an item so against ~8 in a run of its own (first sight, 20,000 captions).
    out = []
    for whole, item, facts, item_found in checked:
        mine = None
        if parts:
            # The gallery rules see the whole item (as they would read it) with the credits found:
            # nearly always the item checked itself, whose facts are at hand (a new set of facts
            # for it took 6.6 -> 4.3 us an item, 5,000 captions, time.process_time).
            if item is whole:
                ctx._facts[id(whole)] = facts
            else:
                known_facts(whole, ctx, caption_credits=facts.caption_credits)
            mine = gallery_parts(whole, ctx)
            ctx._facts.pop(id(whole), None)
        out.append((item.id, item_found, *credit_texts(facts), mine))
    return out


_WORKER: dict[str, Any] = {}  # a check worker's catalog and rule context, made once per process
_FORKED: dict[str, RuleContext] = {}  # the rule context of a check whose workers fork, by its token

# Made-up items the rules check once before workers fork: what they load on first use (the
# Hunspell dictionaries, the gazetteer, the credit forms, the place and name lists) is then
# loaded once, in the checking process, instead of in every worker (~0.55 s of CPU each). The
# second caption names no place and no time, so the caption words, the gazetteer and the event
# names of the missing-location and missing-date tests load too: the first alone never reached
# them, and each worker loaded them on its first such caption (~75 ms of CPU a worker).
_WARM_UP = ({"caption": "TOPSHOT - Fans cheer in Lyon, France, on Monday, June 3, 2021, after the final. "
                        "The fire destroyed three housess. (AP Photo/Jane Doe, File) REUTERS/Ada Brin via Getty Images",
             "creators": ["Jane Doe"], "credit_line": "AP", "source": "Associated Press", "city": "Lyon",
             "country": "France", "date_created": "2021-06-03", "usage_terms": "Editorial use only"},
            {"caption": "Fans cheer at the Veterans Parade. REUTERS/Ada Brin"})


def _warm(ctx: RuleContext) -> None:
    from app.fields import FIELDS  # noqa: PLC0415
    from app.rules import check_item, gallery_parts  # noqa: PLC0415
    from app.rules.facts import facts_of  # noqa: PLC0415

    for values in _WARM_UP:
        fields: dict[str, Any] = {f.key: [] if f.is_list else "" for f in FIELDS}
        fields.update((k, list(v) if isinstance(v, list) else v) for k, v in values.items())
        item = Item(0, None, "caption", fields)
        facts = facts_of(item, ctx)
        check_item(item, ctx)
        credit_texts(facts)
        facts_of(item, ctx)
        gallery_parts(item, ctx)
        ctx._facts.clear()


def _worker_start(catalog_path: str, publish_date: dt.date | None, gallery: dict[str, Any],
                  token: str | None = None, store_lock: Any = None) -> None:
    from app.catalog import Catalog  # noqa: PLC0415

    catalog = Catalog.open(catalog_path, check=False)  # the checking process opened it, checked
    ctx = _FORKED.get(token) if token else None  # forked: the checking process's, warm
    if ctx is None:
        ctx = context_for(catalog, publish_date)
        ctx.gallery.update(gallery)
    _WORKER.update(catalog=catalog, ctx=ctx, lock=store_lock)


def _worker_check(ids: list[int], store: tuple[str, int] | None,
                  parts: bool = False) -> list[tuple[int, Any, Any, Any, Any]]:
    """A worker's chunk: checked, and stored here when ``store`` is (fingerprint, scope), so
    the findings do not travel back to be written by one process."""
    from app.export import gc_paused  # noqa: PLC0415

    catalog = _WORKER["catalog"]
    revisions = catalog.revisions(ids) if store else {}  # before the read: see store_findings
    with gc_paused():  # as in check_gallery (a forked worker inherits its paused collector)
        rows = _check_chunk(catalog, ids, _WORKER["ctx"], parts)
    if store is None:
        return rows
    fp, scope = store
    found, summaries = {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}
    checks = {r[0]: CheckRecord(fp, scope, r[3], findings_json(r[1])) for r in rows}
    lock = _WORKER.get("lock")
    # Only a turn: SQLite keeps the writes apart whatever happens here, so a worker that waited
    # as long as SQLite would (a sibling killed while holding the lock) goes on without it.
    held = lock is not None and lock.acquire(timeout=BUSY_TIMEOUT_S)
    try:
        kept = catalog.store_findings(found, summaries, revisions, checks=checks)
    finally:
        if held:
            lock.release()
    return [(r[0], None, None, None, r[4]) if r[0] in kept else r for r in rows]
