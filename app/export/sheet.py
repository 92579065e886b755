"""The credit sheet: format-neutral rows built once from the catalog and its stored findings.

Every export format (CSV, HTML, JSON, text, PDF) renders the same ``Sheet``, so a sheet
never says one thing in the PDF and another in the CSV. Field names and labels come
from ``app.fields``; the few columns that are not fields (position, file name,
location, agencies, the published credit, status, findings) are derived here.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from app.export.labels import SheetLabels, desk_language, sheet_labels
from app.fields import BY_KEY, FIELD_KEYS, empty_value
from app.model import Credit, Finding, Severity, Value
from app.provenance import STATE_WORDS as PROVENANCE_WORDS
from app.provenance import source_type_label
from app.terminal import counted, display_name

SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)
# Severity -> rank by dict lookup: Severity is a str enum, so its members and their plain
# string values find the same entry, and no enum is constructed per finding (100,000 rows).
RANK: dict[str, int] = {s.value: s.rank for s in Severity}
_NAME: dict[str, str] = {s.value: s.value for s in Severity}  # a Severity or its value -> the plain word
LOCATION_KEYS: tuple[str, ...] = ("sublocation", "city", "state", "country")

ThumbnailLoader = Callable[[str], "bytes | None"]


class ExportError(Exception):
    """The export cannot run (unknown gallery, empty selection, unwritable output): one line."""


def as_text(value: Value | None, sep: str = "; ") -> str:
    """A field value as one string: list values joined, ``None`` as empty."""
    if value.__class__ is str:  # the common case first: this runs for every cell of every row
        return value  # type: ignore[return-value]
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return sep.join(str(v) for v in value if str(v).strip())
    return str(value)


@dataclass
class SheetRow:
    """One gallery item as every format shows it."""

    item_id: int
    position: int  # 1-based, in gallery (or selection) order
    path: str | None
    kind: str  # "photo" | "caption"
    fields: dict[str, Value]  # every key of app.fields, working values
    findings: list[Finding] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)  # credits parsed from the caption
    credit: str = ""  # the credit as published: as it stands in the caption or the field it comes from
    caption_has_credit: bool = False  # the caption already ends with its credit
    photographers: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    thumb_key: str | None = None
    # (start, end) of the caption's closing credit that ``credit`` replaces when published
    credit_span: tuple[int, int] | None = None
    c2pa_state: str | None = None  # the file's Content Credentials: app.model.Item.c2pa_state
    # the credit in the house style (a desk directive and an agency-native closing credit as
    # written); "" for a row built without one, which then uses ``credit``
    styled_credit: str = ""
    # whom the agency made the picture for ("Getty Images for Harbor City Herons": Credit.client), "" for none
    client: str = ""

    @property
    def house_credit(self) -> str:
        """The credit in the house style: what the publish-ready text carries."""
        return self.styled_credit or self.credit

    @property
    def provenance(self) -> str:
        """The Content Credentials in a word or two: "valid", "untrusted signer", "invalid", "none"."""
        return PROVENANCE_WORDS.get(self.c2pa_state, self.c2pa_state or "none")

    @property
    def source_type(self) -> str:
        """The digital source type in plain words ("AI-generated (trained model)"), "" when not set."""
        return source_type_label(self.text("digital_source_type"))

    def text(self, key: str) -> str:
        return as_text(self.fields.get(key))

    @property
    def file_name(self) -> str:
        return os.path.basename(self.path) if self.path else ""

    @property
    def shown_file_name(self) -> str:
        """The file name as a printed sheet shows it: on one line, odd characters escaped."""
        return display_name(self.file_name)

    @property
    def caption(self) -> str:
        return self.text("caption")

    @property
    def location(self) -> str:
        f = self.fields
        return ", ".join([p for p in (as_text(f.get(k)).strip() for k in LOCATION_KEYS) if p])

    @property
    def date(self) -> str:
        return self.text("date_created")

    @property
    def display_date(self) -> str:
        """The date for people: "2013-08-16 21:07" rather than "2013-08-16T21:07:13+00:00"."""
        d = self.date.strip()
        if "T" in d:
            day, _, time = d.partition("T")
            return f"{day} {time[:5]}" if time[:5].count(":") == 1 else day
        return d

    @property
    def status(self) -> str | None:
        """The worst severity among the findings, or None when clean."""
        if not self.findings:
            return None
        return Severity(max(self.findings, key=lambda f: RANK[f.severity]).severity).value

    @property
    def in_error(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    @property
    def published_text(self) -> str:
        """The caption as it would be published: followed by its credit, never credited twice.
        The credit is the house style's form (``house_credit``), which replaces a closing credit."""
        credit = self.styled_credit or self.credit
        if self.caption_has_credit and self.credit_span and credit:
            start, end = self.credit_span
            raw = self.caption
            head = raw[:start].rstrip()
            return f"{head} {credit}{raw[end:]}".strip() if head else f"{credit}{raw[end:]}".strip()
        caption = self.caption.strip()
        if self.caption_has_credit or not credit:
            return caption
        return f"{caption} {credit}" if caption else credit


@dataclass
class Sheet:
    """A gallery (or a selection of it) ready to render."""

    gallery: str | None  # gallery name, None for a bare selection
    title: str
    rows: list[SheetRow]
    # When the sheet was made, local time with its offset. A sheet re-exported after a caption
    # changed said the same minute as the one it replaced (the fourteenth walk): the seconds and
    # the zone tell the newer one, on the desk and across time zones.
    exported_at: _dt.datetime = field(default_factory=lambda: _dt.datetime.now().astimezone())
    house_style: str | None = None
    forced: bool = False  # exported despite errors (--force); items in error are marked
    thumbnail: ThumbnailLoader | None = None  # content hash -> JPEG/PNG bytes, None when missing
    total: int | None = None  # items in the whole gallery when the rows are a selection of it
    # Photos of the sheet whose catalog edits are not yet in their files: the sheet prints the
    # catalog's text, which the files (and the newsroom's system, reading them) do not hold yet.
    unwritten: int = 0
    labels: SheetLabels = field(default_factory=lambda: sheet_labels(None))  # the desk's language

    @property
    def generated(self) -> str:
        """When the sheet was made, for people: "2026-12-07 07:59:12 UTC" ("UTC+01:00" elsewhere)."""
        return exported_text(self.exported_at)

    @property
    def gallery_size(self) -> int:
        return self.total if self.total is not None else len(self.rows)

    @property
    def counts(self) -> dict[str, int]:
        """Findings by severity over the whole sheet."""
        out = {s.value: 0 for s in SEVERITIES}
        for row in self.rows:
            for f in row.findings:
                out[f.severity] += 1  # a Severity finds its value's entry (str enum)
        return out

    @property
    def error_rows(self) -> list[SheetRow]:
        return [r for r in self.rows if r.in_error]

    @property
    def has_photos(self) -> bool:
        return any(r.kind == "photo" for r in self.rows)

    def thumbnail_bytes(self, row: SheetRow) -> bytes | None:
        """The row's thumbnail, or None (missing, unreadable, caption-only): never raises."""
        if not row.thumb_key or self.thumbnail is None:
            return None
        try:
            return self.thumbnail(row.thumb_key)
        except Exception:  # noqa: BLE001 - a broken cache entry is drawn as a grey box, never blocks
            return None

    def summary(self) -> dict[str, Any]:
        counts = self.counts
        return {
            "items": len(self.rows),
            "items_with_errors": len(self.error_rows),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "infos": counts["info"],
        }

    def counts_line(self) -> str:
        c, say = self.counts, self.labels.count
        return ", ".join([say("errors", c["error"]), say("warnings", c["warning"]), say("infos", c["info"])])


def unwritten_note(n: int, labels: SheetLabels | None = None) -> str:
    """The sheet's line for photos whose edits are not yet in their files ("" when none)."""
    if not n:
        return ""
    return (labels or sheet_labels(None)).count("unwritten", n)


def exported_text(when: _dt.datetime) -> str:
    """A sheet's time to the second with its UTC offset ("2026-12-07 07:59:12 UTC+01:00")."""
    offset = when.utcoffset()
    zone = "UTC"
    if offset:
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes > 0 else "-"
        zone += f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{when:%Y-%m-%d %H:%M:%S} {zone}"


def findings_text(findings: Sequence[Finding], sep: str = "; ", names: Mapping[str, str] | None = None) -> str:
    """Findings as one line each ``severity: message``, worst first; ``names``: the severity
    words (by value: "info" -> "nota"), English by default."""
    name = _NAME if names is None else names
    if len(findings) == 1:
        f = findings[0]
        return f"{name[f.severity]}: {f.message}"
    ordered = sorted(findings, key=lambda f: -RANK[f.severity])
    return sep.join([f"{name[f.severity]}: {f.message}" for f in ordered])


# --- building rows from the catalog -------------------------------------------------------------

def _ends_with(caption: str, credit: Credit) -> bool:
    """True when nothing but closing punctuation and space follows the credit in the caption."""
    tail = caption[credit.end:]
    return not tail.strip(" \t\r\n.;,)]")


def closing_credit(caption: str, caption_credits: Sequence[Credit]) -> Credit | None:
    """The credit that closes the caption, if one does."""
    for c in reversed(caption_credits):
        if _ends_with(caption, c):
            return c
    return None


class _CreditMemo:
    """Parses and renders of the credit-like fields, by text: a gallery repeats a handful of
    credit lines ("AP", "Jane Roe/AFP") across hundreds of items, so each is parsed once."""

    def __init__(self, style: Any) -> None:
        from app.credits import parse_credits, render_credit  # noqa: PLC0415

        self.parse, self.render_credit, self.style = parse_credits, render_credit, style
        # A native style ("agency-native") publishes each agency's own form: a caption's
        # closing credit, as the agency sent it, stands as written (see ``publish``).
        self.native = style is None or getattr(getattr(style, "credit", None), "mode", None) == "native"
        self._parsed: dict[tuple[str, str], list[Credit]] = {}
        self._rendered: dict[tuple[Any, ...], str] = {}

    def field(self, key: str, text: str) -> list[Credit]:
        found = self._parsed.get((key, text))
        if found is None:
            found = self._parsed[(key, text)] = self.parse(text, field=key) if text.strip() else []
        return found

    def render(self, credit: Credit) -> str:
        if self.style is None:
            return credit.text
        key = (credit.field, credit.text, tuple(credit.photographers), tuple(credit.agencies), credit.distributor,
               credit.file, credit.pool, credit.handout, credit.courtesy, credit.stringer, credit.form)
        out = self._rendered.get(key)
        if out is None:
            out = self._rendered[key] = self.render_credit(credit, self.style)
        return out


def encode_caption_credits(caption: str, caption_credits: Sequence[Credit]) -> str:
    """What ``iter_rows`` takes from ``parse_credits(caption, field="caption")``, as stored
    with the findings: ``''`` when the caption states no credit; the closing credit whole,
    tagged "e" (the house style renders it in place of the caption's own form); otherwise
    the caption's last credit whole, tagged "l" (a house style renders it).

    Summaries stored before the closing credit was rendered (tag "c": its text and names
    only, no span or form) are not used: ``publish`` parses those captions again."""
    if not caption_credits:
        return ""
    c = closing_credit(caption, caption_credits)
    if c is not None:
        return _compact(["e", c.to_json()])
    return _compact(["l", caption_credits[-1].to_json()])


# Built once: json.dumps with these options builds an encoder each call (the check stores a
# summary for every item).
_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def decode_caption_credits(stored: str) -> tuple[Credit | None, bool]:
    """(the credit ``iter_rows`` would take from the caption, whether it closes the caption).
    Raises ``ValueError`` for a summary of the old form (tag "c"), which lacks what is needed."""
    if not stored:
        return None, False
    kind, *rest = json.loads(stored)
    if kind not in ("e", "l"):
        raise ValueError(f"caption-credit summary of an old form: {kind!r}")
    return Credit(**rest[0]), kind == "e"


def build_rows(items: Iterable[Any], positions: Iterable[int], findings: dict[int, list[Finding]],
               style: Any = None, memo: _CreditMemo | None = None,
               stored: Mapping[int, str] | None = None) -> list[SheetRow]:
    """Rows for ``items`` (``app.model.Item``), parsing each caption once (see ``iter_rows``)."""
    return list(iter_rows(items, positions, findings, style, memo, stored))


def iter_rows(items: Iterable[Any], positions: Iterable[int], findings: dict[int, list[Finding]],
              style: Any = None, memo: _CreditMemo | None = None,
              stored: Mapping[int, str] | None = None) -> Iterator[SheetRow]:
    """``build_rows`` as a stream.

    ``stored``: caption-credit summaries by item id (``Catalog.stored_caption_credits``); an
    item found there is not parsed again, and its row's ``credits`` hold only the credit the
    sheet uses from the caption (plus the credit line's), which is all the CSV shows.

    The one credit an item is published with: a credit that closes the caption wins (the
    caption already carries it); otherwise the credit-line field, with the photographers of
    the by-line when it names none; otherwise the source field; otherwise the caption's last
    credit; otherwise one built from the by-line (see ``publish``)."""
    memo = memo or _CreditMemo(style)
    nkeys = len(FIELD_KEYS)
    for item, pos in zip(items, positions, strict=True):
        values = item.fields  # the catalog gives every key; fill in any an older item lacks
        if len(values) < nkeys:
            values = {k: values[k] if k in values else empty_value(k) for k in FIELD_KEYS}
        published, styled, ends, photographers, agencies, credits, span, client = publish(
            memo, as_text(values.get("caption")), stored.get(item.id) if stored else None,
            as_text(values.get("credit_line")), as_text(values.get("source")),
            [str(v) for v in (values.get("creators") or ())])
        yield SheetRow(item.id, pos, item.path, item.kind, values, list(findings.get(item.id, ())),
                       credits, published, ends, photographers, agencies, item.thumb_key, span,
                       getattr(item, "c2pa_state", None), styled, client)


def publish(memo: _CreditMemo, caption: str, summary: str | None, credit_line: str, source: str,
            creators: list[str]) -> tuple[str, str, bool, list[str], list[str], list[Credit], tuple[int, int] | None,
                                          str]:
    """The credit an item is published with, as ``iter_rows`` describes: (the credit as
    published, the same credit in the house style, whether the caption ends with it, photographers, agencies, the credits of the
    caption then of the credit line, the span of the caption's closing credit that the
    published credit replaces or None, the client the agency made the picture for or "") ``summary``: the stored caption credits, None to parse.

    The credit as published is the credit as it stands where it was found (the caption's
    closing credit, the credit line, the source; for a by-line alone, its names): what the page
    or file prints, which an audit compares with the page (CSV "Credit as published", HTML,
    PDF, JSON ``credit_published``). The house style's form is its own value (CSV "Credit in
    house style", JSON ``credit_house_style``) and the one the publish-ready text carries, in
    place of a closing credit (the text carries the credit once). Two exceptions keep a closing credit as the caption states it: a native style
    ("agency-native": each agency's own form, which a credit sent by the agency already is;
    its renderer would also rewrite mandated forms such as "(Credit Image: © …)" and expand
    typos the rules report), and a desk directive ("Photo credit should read: …"), which the
    publication gate reports and an export never rewrites. Written out inline: it runs once
    per exported item."""
    if summary is not None and (summary[:5] not in _SUMMARY_KINDS or (summary and '"client":' not in summary)):
        summary = None  # stored by an older version (no client before round 36): parse the caption again
    if summary is None:
        caption_credits = memo.parse(caption, field="caption") if caption.strip() else []
        # A credit that closes the caption wins: the caption already carries it.
        credit = closing_credit(caption, caption_credits) if caption_credits else None
        ends = credit is not None
    elif summary:
        found, ends = decode_caption_credits(summary)
        caption_credits = [found]  # type: ignore[list-item]
        credit = found if ends else None  # a last credit that does not close comes after the fields
    else:
        caption_credits, credit, ends = [], None, False
    line_credits = memo.field("credit_line", credit_line)
    if credit is None:
        credit = _field_credit(line_credits, creators) or _field_credit(memo.field("source", source), creators)
    if credit is None:
        if caption_credits:
            credit = caption_credits[-1]
        elif any(c.strip() for c in creators):
            named = [c for c in creators if c.strip()]
            credit = Credit(text="; ".join(named), start=0, end=0, field="creators", photographers=named)
    span = None
    if credit is None:
        published = styled = ""
        photographers, agencies = creators, []
    elif ends:
        published = styled = credit.text
        if not memo.native and credit.form not in _AS_WRITTEN:
            rendered = memo.render(credit)
            if rendered.strip():
                styled, span = rendered, (credit.start, credit.end)
    else:
        published, styled = credit.text, memo.render(credit)
    if credit is not None:
        # The by-line is the photographer's name (what the inspector shows, edits and writes);
        # a caption spells it in the agency's typography ("PAULO SERRA/AFP"), which is the
        # credit's form, not the name. The caption's name stands in only for a blank by-line.
        named = [c for c in creators if c.strip()]
        photographers = named or list(credit.photographers)
        agencies = list(credit.agencies)
        if credit.distributor and credit.distributor not in agencies:
            agencies.append(credit.distributor)
    if not agencies:
        source = source.strip()
        if source:
            agencies = [source]
    return (published, styled, ends, photographers, agencies,
            caption_credits + line_credits if line_credits else list(caption_credits), span,
            (credit.client or "") if credit is not None else "")


_SUMMARY_KINDS = frozenset(('', '["e",', '["l",'))
# Closing credits published as the caption states them: a desk directive is an instruction
# to the desk, which the publication gate reports; an export never rewrites it.
_AS_WRITTEN = frozenset(("should-read",))


def _field_credit(found: list[Credit], creators: list[str]) -> Credit | None:
    """The first credit of a credit-like field, with the by-line's photographers when it names none."""
    if not found:
        return None
    credit = found[0]
    named = [c for c in creators if c.strip()]
    if not credit.photographers and named:
        credit = replace(credit, photographers=named)  # the memo's copy stays as parsed
    return credit


def field_label(key: str) -> str:
    return BY_KEY[key].label


def _thumbnail_loader(catalog: Any) -> ThumbnailLoader | None:
    """Reads thumbnails from the catalog's cache by content hash; None when there is no cache."""
    try:
        from app.thumbnails import ThumbnailCache  # noqa: PLC0415
    except ImportError:
        return None
    cache = ThumbnailCache(catalog.thumbnails_dir)

    def load(key: str) -> bytes | None:
        return cache.get(key)

    return load


def load_style(catalog: Any, name: str | None) -> tuple[Any, str | None]:
    """The house style to credit with: ``name``, else the catalog's setting, else the first one shipped."""
    from app.house_style import HouseStyle, available_styles  # noqa: PLC0415

    if not name:
        name = catalog.get_setting("house_style", None) if catalog is not None else None
    if not name:
        styles = list(available_styles())
        if not styles:
            return None, None
        name = DEFAULT_STYLE if DEFAULT_STYLE in styles else styles[0]
    try:
        return HouseStyle.load(name), name
    except (KeyError, FileNotFoundError, ValueError) as exc:
        raise ExportError(exc.args[0] if exc.args else f"unknown house style {name!r}") from None


DEFAULT_STYLE = "agency-native"  # the validation service's default too
CHUNK = 2000


def _refresh_stale(catalog: Any, gallery_id: int | None, ids: Sequence[int]) -> dict[int, list[Finding]]:
    """Findings of items edited since their last check are recomputed first: a stale clean
    status must not let an error through the publication gate. A read-only catalog cannot
    store them: they are given back (item id -> findings) for the sheet to use instead."""
    from app.agencies import HOUSE_SETTING, Registry, house_agencies  # noqa: PLC0415
    from app.credits import use_registry  # noqa: PLC0415

    # Published credits are parsed with the catalog's own agencies, as its checks are.
    use_registry(Registry.load(house_agencies(catalog.get_setting(HOUSE_SETTING))))
    stale = set(catalog.stale_item_ids()) & set(ids)
    if not stale:
        return {}
    from app import validation  # noqa: PLC0415 - the rules load only when something is stale

    store = getattr(catalog, "read_only", None) is None
    if gallery_id is not None:
        report = validation.check_gallery(catalog, gallery_id, store=store)  # gallery rules too
        return {} if store else report.findings
    # Items read per catalog call: keeps memory flat and lets Cancel answer quickly.
    found = validation.refresh_findings(catalog, sorted(stale), store=store)
    return {} if store else found


@dataclass
class SheetSource:
    """What a sheet is built from, before any row is: the items in order, their positions,
    the house style. ``rows()`` streams the rows, so a CSV of 100,000 items is written as it
    is read instead of held whole; ``findings`` come first, for the publication gate."""

    catalog: Any
    gallery: str | None
    title: str
    order: list[int]  # item ids, in sheet order
    positions: list[int]
    total: int  # items in the whole gallery
    style: Any
    style_name: str | None
    _findings: dict[int, list[Finding]] | None = None
    # Findings checked now that a read-only catalog could not store (``_refresh_stale``): they
    # stand in for the stale ones stored.
    unstored: dict[int, list[Finding]] = field(default_factory=dict)
    gallery_id: int | None = None  # the gallery's id (None: a bare selection)
    labels: SheetLabels = field(default_factory=lambda: sheet_labels(None))  # the desk's language

    @property
    def findings(self) -> dict[int, list[Finding]]:
        """Stored findings of every item on the sheet (read once), or those checked now."""
        if self._findings is None:
            self._findings = self._with_unstored(self.catalog.findings(self.order), self.order)
        return self._findings

    def _with_unstored(self, stored: dict[int, list[Finding]], ids: Sequence[int]) -> dict[int, list[Finding]]:
        if self.unstored:
            stored.update((i, self.unstored[i]) for i in ids if i in self.unstored)
        return stored

    def error_positions(self) -> list[tuple[int, int]]:
        """(item id, position) of the items in error, in sheet order: what ``Sheet.error_rows`` gives."""
        found = self.findings
        return [(i, p) for i, p in zip(self.order, self.positions, strict=True)
                if any(f.severity == "error" for f in found.get(i, ()))]

    def counts(self) -> dict[str, int]:
        """Findings by severity, as ``Sheet.counts``."""
        out = {s.value: 0 for s in SEVERITIES}
        for items in self.findings.values():
            for f in items:
                out[f.severity] += 1
        return out

    def rows(self, cancel: Callable[[], bool] | None = None,
             progress: Callable[[int, int], None] | None = None) -> Iterator[SheetRow]:
        """The rows in order, read ``CHUNK`` items at a time; stops early when cancelled."""
        memo = _CreditMemo(self.style)
        order, total, done = self.order, len(self.order), 0
        for start in range(0, total, CHUNK):
            if cancel and cancel():
                return
            ids = order[start:start + CHUNK]
            items = self.catalog.items(ids, details=False)  # working values only: no per-field JSON
            if len(items) != len(ids):
                raise ExportError("some items vanished from the catalog while exporting; try again")
            findings = self.findings if self._findings is not None else \
                self._with_unstored(self.catalog.findings(ids), ids)
            yield from iter_rows(items, self.positions[start:start + CHUNK], findings, self.style, memo)
            done += len(ids)
            if progress:
                progress(done, total)

    def value_chunks(self, keys: Sequence[str]) -> Iterator[tuple[list[int], list[tuple]]]:
        """For a writer that needs only a few fields (the CSV): (positions, rows of
        ``Catalog.iter_values(ids, keys)``) ``CHUNK`` items at a time, in sheet order."""
        order = self.order
        read = self.catalog.iter_values
        for start in range(0, len(order), CHUNK):
            ids = order[start:start + CHUNK]
            records = list(read(ids, keys, CHUNK))
            if len(records) != len(ids):
                raise ExportError("some items vanished from the catalog while exporting; try again")
            yield self.positions[start:start + CHUNK], records

    def sheet(self, rows: list[SheetRow]) -> Sheet:
        return Sheet(gallery=self.gallery, title=self.title, rows=rows, house_style=self.style_name,
                     thumbnail=_thumbnail_loader(self.catalog), total=self.total,
                     unwritten=self.unwritten([r.item_id for r in rows]), labels=self.labels)

    def unwritten(self, shown: Sequence[int] | None = None) -> int:
        """Photos of the sheet (``shown``, default its order) with edits not yet in their files."""
        ids = self.order if shown is None else shown
        if self.gallery_id is not None and len(ids) == self.total:  # the gallery, not a selection of it
            return self.catalog.pending_count(self.gallery_id)
        return len(self.catalog.pending_counts(list(ids))) if ids else 0

    def unwritten_names(self, shown: Sequence[int] | None = None) -> str:
        """The first few of those photos by position and file name, "and N more" (walk22)."""
        from app.pending import pending_in, pending_names  # noqa: PLC0415

        ids = self.order if shown is None else shown
        whole = self.gallery_id is not None and len(ids) == self.total
        return pending_names(self.catalog, pending_in(self.catalog, self.gallery_id, None if whole else ids),
                             self.gallery_id)


def prepare_sheet(catalog: Any, gallery: Any = None, *, item_ids: Sequence[int] | None = None,
                  house_style: str | None = None, language: str | None = None) -> SheetSource:
    """Resolve what to export (a gallery in gallery order, a selection within it, or a bare
    selection), re-check stale items and load the house style; rows are read later. The labels
    are in ``language``, else the desk's (``app.export.labels.desk_language``)."""
    labels = sheet_labels(language or desk_language(catalog))
    name: str | None = None
    title = ""
    if gallery is not None:
        try:
            g = catalog.gallery(gallery if not hasattr(gallery, "id") else gallery.id)
        except KeyError:
            raise ExportError(f"no gallery named {gallery!r}") from None
        name, title = g.name, g.title or g.name
        order = list(catalog.gallery_item_ids(g.id))
        pos_of = {iid: i + 1 for i, iid in enumerate(order)}
        if item_ids is not None:
            wanted = set(item_ids)
            missing = wanted - pos_of.keys()
            if missing:
                raise ExportError(f"{counted(len(missing), 'selected item')} {'is' if len(missing) == 1 else 'are'} not in gallery {name!r}")
            order = [i for i in order if i in wanted]
        positions = [pos_of[i] for i in order]
        total = len(pos_of)
    elif item_ids is not None:
        order = list(dict.fromkeys(item_ids))
        positions = list(range(1, len(order) + 1))
        total = len(order)
        title = labels.text("selection_title")
    else:
        raise ExportError("nothing to export: give a gallery or a selection of items")
    if not order:
        raise ExportError(f"gallery {name!r} is empty" if name else "the selection is empty")

    unstored = _refresh_stale(catalog, g.id if name else None, order)
    style, style_name = load_style(catalog, house_style)
    return SheetSource(catalog, name, title, order, positions, total, style, style_name, unstored=unstored,
                       gallery_id=g.id if name else None, labels=labels)


def build_sheet(catalog: Any, gallery: Any = None, *, item_ids: Sequence[int] | None = None,
                house_style: str | None = None, cancel: Callable[[], bool] | None = None,
                progress: Callable[[int, int], None] | None = None, language: str | None = None) -> Sheet:
    """The sheet for a gallery (in gallery order), a selection within it, or a bare selection."""
    source = prepare_sheet(catalog, gallery, item_ids=item_ids, house_style=house_style, language=language)
    return source.sheet(list(source.rows(cancel=cancel, progress=progress)))
