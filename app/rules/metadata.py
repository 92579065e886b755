"""The caption against the embedded metadata, and the metadata blocks against each other."""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.credit_lines import credit_line_for, source_for
from app.credit_lines import forms as credit_line_forms
from app.credits import parse_credits
from app.fields import BY_KEY, FIELDS, Kind
from app.metadata.formats import gets_iim
from app.model import Credit, Finding, Fix, Item, Severity, Value
from app.rules.base import (
    CLIPPED,
    MAX_CHECKED_CHARS,
    MAX_CHECKED_VALUES,
    Example,
    RuleContext,
    clip_for_check,
    finding,
    fold,
    quote,
    rule,
    text_of,
)
from app.rules.facts import facts_of
from app.terminal import around_diff

IIM_LIMITED = tuple(f for f in FIELDS if f.iim_limit and f.kind is not Kind.DATE)
# key -> (characters that always fit: even 4-byte characters, field)
IIM_FIT = {f.key: (f.iim_limit // 4, f) for f in IIM_LIMITED}  # type: ignore[operator]
# key -> characters that always fit, and the limit in bytes (= characters for ASCII text);
# a key without an IIM limit is never too long.
_SHORT_ENOUGH = {key: fits for key, (fits, _f) in IIM_FIT.items()}
_LIMIT = {key: f.iim_limit for key, (_fits, f) in IIM_FIT.items()}
_NO_LIMIT = 1 << 62


@rule("iim-too-long", Severity.WARNING, "Too long for its IIM dataset",
      """A value is longer, in UTF-8 bytes, than its IPTC IIM dataset allows (credit 32,
      headline 256, caption 2000 …; the limits are in the field table). Writing it back
      cuts the IIM copy, so readers that prefer IIM see a truncated value; when the file's IIM copy
      is already that cut, the finding says so. For the credit line and the source the fix writes
      each agency by its code, as the agency writes itself ("Agence France-Presse via Getty Images"
      becomes "AFP via Getty Images"), when that fits and reads as the same credit; otherwise the
      finding says why there is no fix (a distributor such as Getty Images keeps its name; a client's
      "Getty Images for Harbor City Herons" keeps its client, which a fix would drop from XMP too). Only for a photo
      whose file gets an IIM block when written (JPEG, TIFF, PNG, with or without one now): a
      caption-only item has no file, and WebP, RAW, HEIF and AVIF get XMP only.""",
      Example({"caption": "Hikers rest in Llanfairpwllgwyngyll, Wales, June 3, 2021. REUTERS/Ada Brin",
               "city": "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"}, extra={"kind": "photo"}))
def iim_too_long(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    if item.kind != "photo" or not gets_iim(item.facts.format if item.facts else None, item.path):
        return  # no IIM record will be written, so no IIM limit applies
    # One comprehension drops the values short enough whatever their characters (nearly all):
    # cheaper than a loop body per field. Lists (creators, keywords) go through to the loop.
    short, limit = _SHORT_ENOUGH.get, _LIMIT.get
    suspects = [(key, v) for key, v in item.fields.items()
                if v and not (v.__class__ is str and (len(v) <= short(key, _NO_LIMIT)
                                                      or (len(v) <= limit(key, _NO_LIMIT) and v.isascii())))]
    for key, v in suspects:
        fit = IIM_FIT.get(key)
        if fit is None:
            continue
        fits, f = fit
        if isinstance(v, str):
            # Short enough whatever its characters, or ASCII (a byte a character) within
            # the limit: no encode needed.
            if len(v) <= fits or (len(v) <= f.iim_limit and v.isascii()):
                continue
            values = [v]
        else:
            values = v
        for one in values:
            if len(one) <= fits or (len(one) <= f.iim_limit and one.isascii()):
                continue
            n = len(one.encode("utf-8"))
            if n > f.iim_limit:  # type: ignore[operator]
                # A value cut for the check (too-long-to-check) is longer still.
                size = f"more than {n:,}" if key in item.__dict__.get(CLIPPED, ()) else str(n)
                message = f"{f.label} {quote(one, 40)} is {size} bytes; IIM {f.iim_dataset} holds {f.iim_limit}"
                iim = (item.candidates.get(key) or {}).get("iim") if isinstance(v, str) else None
                if isinstance(iim, str) and iim != one and _iim_cut(one, iim, f.iim_limit):
                    # the file's two copies disagree, and the IIM one is the cut (walk16: not said)
                    message += f"; the file's IIM copy is cut to {quote(iim, 40)}"
                fix = None
                if key in AGENCY_FIELDS and isinstance(v, str):
                    fix, why = _agency_codes(ctx, key, one, f.iim_limit)  # type: ignore[arg-type]
                    if why:
                        message += f"; {why}"
                yield finding("iim-too-long", f.key, message, fix=fix, item=item)


# The fields that name agencies (IIM 2:110 Credit, 2:115 Source): an agency's code shortens them.
AGENCY_FIELDS = frozenset({"credit_line", "source"})
_CHAIN_SEPARATORS = re.compile(r"(\s*/\s*|\s+via\s+|\s*\|\s*|\s*[,;]\s*|\s+[-–]\s+)")


def _agency_codes(ctx: RuleContext, key: str, value: str, limit: int) -> tuple[Fix | None, str]:
    """The fix that writes every registered agency in ``value`` by its code ("Agence France-Presse
    via Getty Images" → "AFP via Getty Images"), as the agency writes itself, when that fits
    ``limit`` bytes and still reads as the same credit; else no fix and why not. A code is used only
    where the registry accepts it as the agency's own spelling, and never for a distributor: Getty
    writes "Getty Images" in full (its credit line "AFP via Getty Images")."""
    reg = ctx.registry
    if reg is None:
        return None, ""
    parts = _CHAIN_SEPARATORS.split(value)
    for i in range(0, len(parts), 2):  # the even items are the names, the odd ones separators
        name = parts[i].strip()
        canon = reg.canonical(name) if name else None
        agency = reg.find(canon) if canon else None
        if agency is None or agency.kind == "distributor" or reg.canonical(agency.code) != canon:
            continue
        if len(agency.code.encode("utf-8")) < len(name.encode("utf-8")):
            parts[i] = parts[i].replace(name, agency.code)
    new = "".join(parts)
    if new == value:
        return None, _client_why(key, value, limit) or "no agency in it has a shorter code: shorten it by hand"
    size = len(new.encode("utf-8"))
    if size > limit:
        return None, _client_why(key, new, limit) or \
            f"with the agencies' codes, {quote(new, 40)}, it is still {size} bytes"
    before = [(c.photographers, c.agencies, c.distributor) for c in parse_credits(value, key)]
    after = [(c.photographers, c.agencies, c.distributor) for c in parse_credits(new, key)]
    if before != after:
        return None, f"{quote(new, 40)} would read as another credit"
    return Fix(f"Shorten to {quote(new)} (the agency's code)", key, 0, len(value), new), ""


def _client_why(key: str, value: str, limit: int) -> str:
    """Why a credit made for a client ("Getty Images for Harbor City Herons", 35 bytes) gets no fix,
    or "". Without the client it would fit, but a fix edits the one value every copy is written from:
    it would drop the client from XMP too, where the credit is kept whole (walk18). The rights desk
    needs the client (the picture was commissioned), so the cut IIM copy is the lesser loss."""
    client = next((c.client for c in parse_credits(value, key) if c.client), None)
    if not client:
        return ""
    return (f"the client {quote('for ' + client)} makes it long; no fix is offered, since a fix changes "
            f"the value every copy is written from and would drop the client from XMP too. Written as "
            f"is, XMP keeps the whole credit and IIM its first {limit} bytes")


def _as_text(key: str, v: Value) -> str:
    if isinstance(v, list):
        return "; ".join(x.strip() for x in v if x.strip())
    v = v.strip()
    if BY_KEY[key].kind is Kind.DATE:
        return v[:10]  # IIM keeps date and time apart; compare the day
    return v


def _iim_cut(xmp: str, iim: str, limit: int | None) -> bool:
    """True when the IIM text is the XMP text cut at the IIM byte limit."""
    if not limit:
        return False
    raw = xmp.encode("utf-8")
    if len(raw) <= limit:
        return False
    cut = raw[:limit].decode("utf-8", "ignore")
    return iim.rstrip() == cut.rstrip() or (len(iim) < len(xmp) and xmp.startswith(iim.rstrip()))


def _same(a: str, b: str) -> bool:
    return a == b or fold(a) == fold(b)


def _agencies(credits) -> set[str]:
    out = set()
    for c in credits:
        out.update(a for a in c.agencies if a)
        if c.distributor:
            out.add(c.distributor)
    return out


def _is_role(ctx: RuleContext, name: str) -> bool:
    agency = ctx.registry.find(name) if ctx.registry is not None else None
    return bool(agency and agency.is_role)


def _is_registered_agency(ctx: RuleContext, name: str) -> bool:
    agency = ctx.registry.find(name) if ctx.registry is not None else None
    return bool(agency and not agency.is_role)


def _canonical_source(ctx: RuleContext, text: str) -> str | None:
    """The agency a source field names; None for unknown names and roles ("POOL", "HANDOUT")."""
    if ctx.registry is None or not text.strip():
        return None
    key = (id(ctx.registry), text.strip())
    if key not in _SOURCES:
        if len(_SOURCES) > 4096:
            _SOURCES.clear()
        canon = ctx.registry.canonical(key[1])
        agency = ctx.registry.find(canon) if canon else None
        _SOURCES[key] = canon if agency is not None and not agency.is_role else None
    return _SOURCES[key]


_SOURCES: dict[tuple[int, str], str | None] = {}  # keyed by registry identity: Registry is not hashable


@rule("credit-metadata-mismatch", Severity.WARNING, "Caption credit and metadata disagree",
      """The credit in the caption names a photographer that the by-line (creators) does
      not, or an agency that the credit line or source field does not — a credit line
      naming only the distributor ("Getty Images" for "JOHN DOE/AFP via Getty Images")
      drops the agency too, where the distributor's own line for a partner's picture names the
      partner (resources/credit_lines.toml); else it names a link of the chain ("Reuters" for
      "Name-Imagn Images via Reuters"), as a credit line naming the caption's chain does. Also flags a field
      whose XMP, IIM and EXIF copies disagree with each other — except when the IIM copy
      is only the XMP text cut at its byte limit, or when copyright notices differ only in
      how the sign is spelt ("(c) 2019 Ada Brin" in EXIF, "© 2019 Ada Brin" in XMP), or
      when the field is edited in the catalog and not yet written (the write puts the one
      edited value in every copy). A
      credit line that names another agency gets a fix setting it to the Credit Line the
      caption's agency asks for ("AP", "REUTERS", "Getty Images", "AFP via Getty Images";
      resources/credit_lines.toml), where the agency's own files or guidance say it; a source
      field that names another agency gets one setting it to the Source the picture's agency
      writes ("AP", "AFP", "PA").""",
      Example({"caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin",
               "creators": ["Ada Brin"], "credit_line": "AFP via Getty Images", "source": "AFP"}))
def credit_metadata_mismatch(item: Item, ctx: RuleContext) -> list[Finding]:
    # Lists, not generators: both parts run on every item and nearly always find nothing,
    # and three generator frames per item cost more than two empty lists.
    found = _caption_vs_fields(item, ctx)
    blocks = _blocks_disagree(item)
    if blocks:
        found += blocks
    return found


def _caption_vs_fields(item: Item, ctx: RuleContext) -> list[Finding]:
    facts = facts_of(item, ctx)
    credits = [c for c in facts.caption_credits if c.photographers or c.agencies or c.distributor]
    if not credits:
        return []
    first = credits[0]
    if len(credits) == 1:  # nearly always: the same sets without the generators
        names = tuple(first.photographers)
        agencies = first.agencies
        cap_agencies = frozenset(agencies) if all(agencies) else frozenset(a for a in agencies if a)
        if first.distributor and first.distributor not in cap_agencies:
            cap_agencies = cap_agencies | {first.distributor}
    else:
        names = tuple(p for c in credits for p in c.photographers)
        cap_agencies = frozenset(_agencies(credits))
    named = cap_agencies  # as the caption's credits name them, for the messages
    if ctx.registry is not None:  # a joint credit ("EPA-EFE") credits its members too
        cap_agencies = ctx.registry.with_members(cap_agencies)
    creators = tuple(facts.creators)
    distributors = frozenset(c.distributor for c in credits if c.distributor)
    credit_line, source = text_of(item, "credit_line"), text_of(item, "source")
    # The verdict depends on these few values alone, and a catalog repeats them item after
    # item (one photographer, one agency, one credit line): it is remembered, the messages
    # (which quote the caption's own credit) are not.
    key = (id(ctx.registry), names, cap_agencies, distributors, creators, credit_line, source)
    verdict = _VERDICTS.get(key)
    if verdict is None:
        if len(_VERDICTS) > 8192:
            _VERDICTS.clear()
        verdict = _VERDICTS[key] = _verdict(ctx, names, cap_agencies, distributors, creators,
                                            facts.field_credits.get("credit_line", []), source)
    by_line, line, src = verdict
    out = []
    if by_line:
        out.append(finding("credit-metadata-mismatch", "creators",
                           f"caption credit {quote(first.text)} names {quote(', '.join(names))} but the by-line is "
                           f"{quote('; '.join(creators))}", item=item))
    if line:
        out.append(finding("credit-metadata-mismatch", "credit_line",
                           f"caption credit {quote(first.text)} is {', '.join(sorted(named))} but the credit "
                           f"line says {quote(credit_line)}",
                           fix=_credit_line_fix(ctx, credits, cap_agencies, distributors, names, creators,
                                                credit_line, source),
                           item=item))
    if src:
        out.append(finding("credit-metadata-mismatch", "source",
                           f"caption credit {quote(first.text)} is {', '.join(sorted(named))} but the source "
                           f"is {quote(source)}", fix=_source_fix(ctx, credits, cap_agencies, source), item=item))
    return out


_VERDICTS: dict[tuple, tuple[bool, bool, bool]] = {}  # keyed by registry identity: Registry is not hashable


def _credit_line_fix(ctx: RuleContext, credits: list[Credit], cap_agencies: frozenset[str],
                     distributors: frozenset[str], names: tuple[str, ...], creators: tuple[str, ...], credit_line: str,
                     source: str) -> Fix | None:
    """Set the credit line to what the caption's agencies ask for (resources/credit_lines.toml),
    when exactly one of the lines its credits call for names every agency the caption credits
    and satisfies the rule; no fix beside a pool, handout or courtesy credit, or else."""
    if ctx.registry is None:
        return None
    if any(c.pool or c.handout or c.courtesy for c in credits):
        return None  # no agency's data says what these carry
    # A caption may credit one chain twice ("Name / AFP", which has no line of its own, and
    # "NAME/AFP via Getty Images"): of the lines its credits ask for, the one that keeps every
    # organisation the caption credits is the fix.
    wanted = {credit_line_for(c, ctx.registry) for c in credits} - {None, ""}
    fits = [new for new in sorted(wanted)
            if _line_fits(ctx, new, cap_agencies, distributors, names, creators, credit_line, source)]
    if len(fits) != 1:
        return None
    new = fits[0]
    return Fix(f"Set the credit line to {quote(new)}", "credit_line", 0, len(credit_line), new)


def _source_fix(ctx: RuleContext, credits: list[Credit], cap_agencies: frozenset[str], source: str) -> Fix | None:
    """Set the Source field to what the files of the agency that made the picture carry
    (resources/credit_lines.toml: "AP", "AFP", "PA"), when the caption's credits agree on one
    and it names an agency of the caption's chain; no fix where the data is silent."""
    if ctx.registry is None:
        return None
    wanted = {source_for(c, ctx.registry) for c in credits}
    if len(wanted) != 1 or None in wanted or "" in wanted:
        return None  # a credit whose agency the data does not know, or two agencies' pictures
    new = wanted.pop()
    if new == source or len(new.encode()) > (BY_KEY["source"].iim_limit or _NO_LIMIT) \
            or _canonical_source(ctx, new) not in cap_agencies:
        return None
    return Fix(f"Set the source to {quote(new)}", "source", 0, len(source), new)


def _line_fits(ctx: RuleContext, new: str, cap_agencies: frozenset[str], distributors: frozenset[str],
               names: tuple[str, ...], creators: tuple[str, ...], credit_line: str, source: str) -> bool:
    """Whether ``new`` may replace the credit line: a change its IIM copy keeps whole, naming
    every organisation the caption credits, and one the rule no longer objects to."""
    if new == credit_line or len(new.encode()) > (BY_KEY["credit_line"].iim_limit or _NO_LIMIT):
        return False  # nothing to change, or a line its IIM copy would cut
    parsed = parse_credits(new, "credit_line")
    named = {a for c in parsed for a in (*c.agencies, c.distributor) if a}
    if not {a for a in cap_agencies if not _is_role(ctx, a)} <= named:
        return False  # the line must keep every organisation the caption credits
    return not _verdict(ctx, names, cap_agencies, distributors, creators, parsed, source)[1]


def _verdict(ctx: RuleContext, names: tuple[str, ...], cap_agencies: frozenset[str], distributors: frozenset[str],
             creators: tuple[str, ...], field_credits: list, source: str) -> tuple[bool, bool, bool]:
    """(by-line disagrees, credit line disagrees, source disagrees) with the caption's credits."""
    by_line = bool(names and creators and not any(_same(n, c) for n in names for c in creators))
    if not cap_agencies:
        return by_line, False, False
    line = False
    # A credit line with a photographer in it is a credit statement: conflicting-credits judges it.
    if field_credits and not any(c.photographers and _agencies([c]) for c in field_credits):
        fa = _agencies(field_credits)
        if ctx.registry is not None:
            fa = set(ctx.registry.with_members(fa))
        # A bare unknown name ("The Harbor Gazette") must be one the caption credit names.
        bare = [p for c in field_credits for p in c.photographers]
        known = {fold(x) for x in [*cap_agencies, *names, *creators]}
        # Every source agency the credit line names must be in the caption's chain: "AFP via
        # Getty Images" against "(Photo by Jane Roe/Getty Images)" adds an agency. The distributor
        # (the chain's last link) is left to the test above: the caption may name it alone.
        sources = {a for c in field_credits for a in c.agencies
                   if a and a != c.distributor and not _is_role(ctx, a) and not _joint_in(ctx, a, cap_agencies)}
        # A credit line naming only the distributor drops the agency the picture is from: for
        # "JOHN DOE/AFP via Getty Images" Getty's line is "AFP via Getty Images", and "Getty
        # Images" alone loses AFP (shared/research/credit-conventions.md, Getty's credit field).
        # A handout's provider ("State Water Authority/Handout via REUTERS") is no agency of
        # the line: Reuters' line for a handout is "via REUTERS".
        # Only where the distributor's own data says its line for a partner's picture names the partner
        # (credit_lines.toml "via": Getty's): where it is silent ("Name-Imagn Images via Reuters" against
        # "Reuters"), the line naming the distributor alone names a link of the caption's chain (walk22).
        only_distributor = bool(fa and fa <= distributors and any(_via_form(d) for d in fa) and {
            a for a in cap_agencies - distributors if _is_registered_agency(ctx, a)})
        line = bool((fa and not fa & cap_agencies) or (sources - cap_agencies) or only_distributor or (
            not fa and bare and not any(fold(b) in known for b in bare)))
    canon = _canonical_source(ctx, source)
    return by_line, line, bool(canon and canon not in cap_agencies and not _joint_in(ctx, canon, cap_agencies))


def _via_form(distributor: str) -> bool:
    """Whether the agency's own data (resources/credit_lines.toml) gives its Credit Line for a
    picture another agency made that it moves ("{source} via Getty Images")."""
    form = credit_line_forms().get(distributor)
    return bool(form and (form.via or form.slash))


def _joint_in(ctx: RuleContext, name: str, cap_agencies: frozenset[str]) -> bool:
    """Whether ``name`` is a joint credit one of whose agencies the caption credits: a source
    or credit line saying "EPA-EFE" over a caption credit "EPA/NAME" names the same agency."""
    agency = ctx.registry.find(name) if ctx.registry is not None else None
    return bool(agency and agency.members and not cap_agencies.isdisjoint(agency.members))


def _blocks_disagree(item: Item) -> list[Finding]:
    out: list[Finding] = []
    sources = item.sources
    for key, by_source in item.candidates.items():
        if sources and sources.get(key) == "edited":
            continue  # edited in the catalog: the write puts the one new value in every copy
        n = len(by_source)
        if n == 2:  # IIM and XMP, the usual pair: unpacked, no list
            first, second = by_source.values()
            if first == second:
                continue  # the common case: every block says the same
            if key == "date_created" and str(first)[:10] == str(second)[:10]:
                continue  # IIM keeps the time apart: the same day is agreement
        elif n < 2:
            continue
        else:
            values = [*by_source.values()]
            first = values[0]
            if values.count(first) == n:
                continue
            if key == "date_created":
                day = str(first)[:10]
                if all(str(v)[:10] == day for v in values):
                    continue
        found = _disagreement(item, key, by_source)
        if found is not None:
            out.append(found)
    return out


# "(c)", "(C)" and "©", with or without a space after: ASCII-only writers (EXIF is ASCII) spell
# the sign in brackets, so the same notice reads "(c) 2019 X" in EXIF and "© 2019 X" in XMP.
_COPYRIGHT_SIGN = re.compile(r"(?:\([cC]\)|©)\s*")


def _notice_key(text: str) -> str:
    """A copyright notice compared without regard to how the sign is spelt, case or spacing."""
    return fold(_COPYRIGHT_SIGN.sub("© ", text))


def _disagreement(item: Item, key: str, by_source: dict[str, Value]) -> Finding | None:
    """The finding for a field whose blocks hold different values, unless the difference is
    one the rule accepts (blanks, an IIM copy cut at its limit, case in a list)."""
    if key not in BY_KEY:
        return None
    texts = {s: _as_text(key, v) for s, v in by_source.items() if v}
    texts = {s: t for s, t in texts.items() if t}
    if len(texts) < 2 or len(set(texts.values())) < 2:
        return None
    xmp, iim = texts.get("xmp"), texts.get("iim")
    limit = BY_KEY[key].iim_limit
    differing = []
    for src, t in texts.items():
        for other_src, other in texts.items():
            if other_src <= src or t == other:
                continue
            if {src, other_src} == {"xmp", "iim"} and xmp and iim and _iim_cut(xmp, iim, limit):
                continue
            if BY_KEY[key].is_list and fold(t) == fold(other):
                continue
            if key == "copyright" and _notice_key(t) == _notice_key(other):
                continue
            differing.append((src, t, other_src, other))
    if not differing:
        return None
    a, ta, b, tb = differing[0]
    # Long values are shown around where they differ: cut at one length, two notices that differ
    # at their end read the same ("… metadatamatters.blo…" twice in the fourth walk).
    ea, eb = around_diff(" ".join(ta.split()), " ".join(tb.split()), context=16, most=48)
    return finding("credit-metadata-mismatch", key,
                   f"{BY_KEY[key].label}: {a.upper()} says {quote(ea, 70)} but {b.upper()} says "
                   f"{quote(eb, 70)}", item=item)


@rule("too-long-to-check", Severity.WARNING, "Too long to check in full",
      f"""A value is longer than any desk writes: a text of more than {MAX_CHECKED_CHARS:,}
      characters or a list of more than {MAX_CHECKED_VALUES:,} values (a broken or hostile
      file). The rules check its first {MAX_CHECKED_CHARS:,} characters or
      {MAX_CHECKED_VALUES:,} values only, so a check never stalls on what a file holds;
      findings in the rest are not reported.""",
      Example({"caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/Ada Brin " * 1200}),
      gate=lambda f: CLIPPED in f.item.__dict__ or clip_for_check(f.item) is not f.item)
def too_long_to_check(item: Item, ctx: RuleContext) -> list[Finding]:
    notes: dict[str, tuple[int, int]] = getattr(clip_for_check(item), CLIPPED, {})
    out = []
    for key, (length, kept) in notes.items():
        f = BY_KEY.get(key)
        label = f.label if f else key
        unit = "values" if f is not None and f.is_list else "characters"
        out.append(finding("too-long-to-check", key, f"{label} holds {length:,} {unit}; only the first "
                           f"{kept:,} were checked", item=item))
    return out
