"""Credit statements: present, well formed, agreeing with each other, naming known agencies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache

from app import credits as credits_module
from app.credit_forms import forms
from app.credits import on_registry_change
from app.datacache import resource_toml
from app.model import Credit, Finding, Fix, Item, Severity
from app.rules.base import Example, RuleContext, finding, fold, quote, rule, text_of
from app.rules.facts import facts_of, parsed_credits, reads_as
from app.rules.names import is_a_name

LEADING_YEAR = re.compile(r"^(?:19|20)\d\d\s+")
_ARTICLE = re.compile(r"^(?:the|le|la|les|der|die|das|el|il) ")
CREDIT_FILE = re.compile(r"[,/]\s*File(?:\s+Photo)?\b|\bFile\s+Photo\b", re.IGNORECASE)


def _render(credit: Credit, ctx: RuleContext) -> str | None:
    try:
        from app.credits import render_credit  # noqa: PLC0415

        return render_credit(credit, ctx.house_style) or None
    except Exception:  # noqa: BLE001 - no fix is better than a crash in the inspector
        return None


def _agency(ctx: RuleContext, name: str):
    reg = ctx.registry
    if reg is None or not name:
        return None
    canon = reg.canonical(name) or (name if reg.find(name) else None)
    return reg.find(canon) if canon else None


@rule("missing-credit", Severity.ERROR, "No credit",
      """Neither the caption nor the credit line carries a credit. A person's name alone after the
      caption's last sentence, line or bar is its credit when the item's By-line (or its Credit
      field's photographer) names that person; without them such a name gets unrecognised-credit,
      not this error. When the by-line or the source is known, the fix appends a credit built from
      them in the house style.""",
      Example({"caption": "Fans cheer in Lyon, France, June 3, 2021.", "creators": ["Ada Brin"],
               "source": "Reuters"}),
      gate=lambda f: not f.blank and not f.caption_credits)
def missing_credit(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    facts = facts_of(item, ctx)
    if not facts.caption.strip():
        return  # missing-caption says it
    if facts.caption_credits or text_of(item, "credit_line").strip():
        return
    if _unplaced(facts.caption) is not None:
        return  # unrecognised-credit says it: an error only when sure there is none
    fix = None
    names = facts.creators
    source = text_of(item, "source").strip()
    agency = _agency(ctx, source)
    if names or agency:
        # A file photo's credit says so too, or the fix would raise file-photo-unmarked.
        credit = Credit(text="", start=0, end=0, field="caption", photographers=list(names[:1]),
                        agencies=[agency.name] if agency else [], file=facts.caption_says_file)
        rendered = _render(credit, ctx)
        end = len(facts.caption.rstrip())
        # Offered only when the parser finds the credit it adds: a by-line such as "No one" or
        # "RIGHT1of2-EXIF-Creator" rendered "(No one)" is no credit, and the error would stay.
        if rendered and credits_module.parse_credits(facts.caption[:end] + " " + rendered, "caption"):
            fix = Fix(f"Add the credit {rendered}", "caption", end, len(facts.caption), " " + rendered)
    yield finding("missing-credit", "caption", "no credit in the caption or the credit line", fix=fix, item=item)


@lru_cache(maxsize=4096)
def _unplaced(caption: str) -> tuple[int, int] | None:
    from app.credits import unplaced_credit  # noqa: PLC0415

    return unplaced_credit(caption) or _credit_word_tail(caption)


@lru_cache(maxsize=1)
def _credit_words() -> re.Pattern[str]:
    """resources/caption_words.toml [credit_words], as whole words in any case ("Fot." too)."""
    words = resource_toml("caption_words.toml").get("credit_words", {}).get("words", [])
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _prose_before() -> frozenset[str]:
    """resources/caption_words.toml [credit_words] prose_before, case-folded: a sentence's opening word."""
    return frozenset(w.casefold() for w in resource_toml("caption_words.toml").get("credit_words", {}).get(
        "prose_before", []))


def _credit_word_tail(caption: str) -> tuple[int, int] | None:
    """The caption's last fragment when a credit word opens it or follows a capitalised word in
    it ("Tribune photo: Name", "(Left photo Name/USFWS, …)", "Fot.Urząd Miasta …"): a credit the
    parser could not place, so the absence of one is not sure (issue 12, section 3). The places a
    credit stands apart are the parser's own (app.credits.credit_fragments), so both tests look at the
    same pieces of the caption; a long piece is a sentence, and after a small word ("to take the
    picture") or a capitalised one that opens a sentence ("The screenshot went viral.") the word is prose."""
    t = caption.rstrip()
    words = _credit_words()
    for a, b, frag in credits_module.credit_fragments(t):
        if not frag or len(frag) > 60:
            continue
        for m in words.finditer(frag):
            before = frag[:m.start()].split()
            if not before or (before[-1][:1].isupper() and before[-1].casefold() not in _prose_before()):
                return a, b
    return None


@rule("unrecognised-credit", Severity.INFO, "Credit not recognised",
      """The caption holds something that reads like a credit (a lead-in such as "Photo:" or
      "Credit:", a short name on its last line, a photographer's e-mail address, a credit word
      opening the caption's last piece or after a capitalised word there that is no sentence's opening article or
      possessive: "Gazette photo: Name", not "The photo went viral.") but the
      parser cannot place a photographer or an organisation in it. Information only: a
      desk should look, and missing-credit (an error) is not raised while it is there.""",
      Example({"caption": "Fans cheer in Lyon, France, June 3, 2021.\nPhoto: see below"}),
      gate=lambda f: not f.blank and not f.caption_credits)
def unrecognised_credit(item: Item, ctx: RuleContext) -> list[Finding]:
    facts = facts_of(item, ctx)
    if facts.caption_credits or text_of(item, "credit_line").strip():
        return []
    span = _unplaced(facts.caption)
    if span is None:
        return []
    s, e = span
    return [finding("unrecognised-credit", "caption", f"credit not recognised: {quote(facts.caption[s:e])}", s, e,
                    item=item)]


@rule("malformed-credit", Severity.ERROR, "Malformed credit",
      """A credit with unbalanced or doubled brackets ("((NASA/Name))"), a wrong or doubled
      separator ("|", "/via", "//"), stray spaces inside it, an agency in lower case or misspelt ("REUETRS"), a
      credit word with two letters swapped where the word written right is a lead-in or a registered name
      ("Courtsey of Name", "AFP Phoot"; the fix writes it right), a
      name run into itself ("CHRISTOF STACHECHRISTOF STACHE"), or a lead-in written twice ("Foto: Bild: Name",
      the fix drops the second). The fix, when there is one,
      writes the credit in the house style; a separator with nothing after it goes with the
      blanks before it. A separator that ends the credit while words follow on its line ("Name /
      bildarchiv7") is not surely dangling: the parser left the word it may lead to unread, so
      it is information, no fix (spaced on one side only, "Name/ G1", it is an error, without a
      fix, as is such a separator just outside the credit: "… on Friday/ Photo by Name/UPI", "Name 기자
      |울산 …"; a wire's slug in capitals before it, "AFGHANISTAN-BOXING/ REUTERS/Name", stays clean); a
      credit run into the text before it gets a
      space (and the house style's form where the parser would not read it spaced). A separator spaced on
      one side inside a credit the parser reads whole ("EFE/ Juan Pérez", the form EFE's pictures often
      arrive in) is a warning with its fix: the credit is sound, its typography is not. A space just inside the credit's bracket ("(AP
      Photo/Ines Varga )") or a doubled space after its lead-in ("Photo:  Name") is cosmetic: information, not an error.""",
      Example({"caption": "Fans cheer in Lyon, France, on June 3, 2021. (Photo by ADA BRIN/AFP via Getty Images"}))
def malformed_credit(item: Item, ctx: RuleContext) -> list[Finding]:
    # A list, not a generator (here and in the rules below): these run on nearly every item
    # and nearly always find nothing, and a generator frame costs more than an empty list.
    facts = facts_of(item, ctx)
    out: list[Finding] = []
    spans = []
    for cs in (facts.caption_credits, *facts.field_credits.values()):
        for c in cs:
            if not _defects_at_zero(c.text, c.field, c.form, credits_module.GENERATION):
                continue  # nearly every credit: no offsets to move
            for d in _defects(c):
                spans.append((c.field, c.start, c.end))
                out.append(_defect_finding(item, ctx, c, d))
    caption = facts.caption
    for c in facts.caption_credits:
        # "…on Saturday.Erin Clark/Globe Staff", "2017REUTERS/Name", ")ASSOCIATED PRESS"; or the
        # lead-in the parser left outside the credit run in ("…defiance.Image source, NAME / AGENCY",
        # dev r12-0006..0008)
        s = c.start if _run_in(caption, c.start) else _leadin_run_in(caption, c.start)
        if s is None and c.start > 2 and caption[c.start - 1] in " \t":
            s = _dash_glued_to_stop(caption, c.start)
        if s is not None:
            out.append(finding("malformed-credit", "caption",
                               f"credit {quote(caption[s:c.end])} run into the text before it",
                               s, c.end, _space_fix(caption, s, c, ctx), item))
        elif ":" in caption:
            f = _glued_leadin(item, caption, c, ctx)
            if f is not None:
                out.append(f)
        if c.start > 0:
            f = _doubled_leadin(item, caption, c)
            if f is not None:
                out.append(f)
        f = _lopsided_edge(item, caption, c)
        if f is not None:
            out.append(f)
        f = _swapped_letters(item, c, ctx)
        if f is not None:
            out.append(f)
        if c.text[:1] == "(" and c.start > 0:
            o = _nested_in(caption, c.start)
            if o is not None:
                out.append(finding("malformed-credit", "caption",
                                   f"credit {quote(caption[o:c.end])} in a second bracket", o, c.end, None, item))
    if not facts.caption_credits and caption:
        out += _unplaced_run_in(item, caption)
    if caption.count("(") > caption.count(")"):  # _unclosed_credit's own first test, without its frame
        out += _unclosed_credit(item, caption, spans)
    return out


def _doubled_leadin(item: Item, caption: str, c: Credit) -> Finding | None:
    """A picture lead-in straight before the credit's own ("Foto: Bild: SN/APA/…", dev g41-0001): the
    parser reads the credit from the second, the first is left over; the fix drops the second, keeping
    the one the page's template writes ([doubled_leadins] in credit_forms.toml)."""
    fm = forms()
    opened = fm.doubled_leadin_open.match(c.text)
    if opened is None:
        return None
    line_start = caption.rfind("\n", 0, c.start) + 1
    before = fm.doubled_leadin_before.search(caption, line_start, c.start)
    if before is None:
        return None
    second = caption[c.start:c.start + opened.end()]
    return finding("malformed-credit", "caption",
                   f"doubled lead-in {quote(caption[before.start():c.start + opened.end()])} before the credit",
                   before.start(), c.end,
                   Fix(f"Remove the second lead-in {quote(second)}", "caption", c.start, c.start + opened.end(), ""),
                   item)


@lru_cache(maxsize=1)
def _swapped_credit_words() -> dict[str, str]:
    """Each credit word of the data (the first word of every lead-in in credit_forms.toml [leadins],
    five letters or more: "Photo", "Courtesy", "Credit", "Fotografía") with two neighbouring letters
    swapped, case-folded, to the word it misspells. A swap that is itself a credit word is left out."""
    leadins = resource_toml("credit_forms.toml").get("leadins", {})
    words: set[str] = set()
    for phrases in leadins.values():
        for p in phrases if isinstance(phrases, list) else []:
            m = _FIRST_WORD.match(p)
            if m and len(m.group(0)) >= 5:
                words.add(m.group(0).casefold())
    out: dict[str, str] = {}
    for w in words:
        for i in range(len(w) - 1):
            swapped = w[:i] + w[i + 1] + w[i] + w[i + 2:]
            if w[i] != w[i + 1] and swapped not in words:
                out[swapped] = w
    return out


_FIRST_WORD = re.compile(r"[^\W\d_]+")


def _cased(right: str, written: str) -> str:
    """``right`` in the case ``written`` has: capitals, a capital first letter, or small letters."""
    if written.isupper():
        return right.upper()
    return right[:1].upper() + right[1:] if written[:1].isupper() else right


@lru_cache(maxsize=4096)
def _may_hold_a_swap(text: str) -> bool:
    """Whether a word of the credit ``text`` is one of ``_swapped_credit_words()``. Nearly every credit has none: its
    words found in one call from C and looked up together, before a match object a word (in ASCII lower is casefold
    and keeps the length; every swapped word has 5 letters or more). Kept by text, as the answer depends on the text
    and the shipped data alone: a gallery repeats its credits item after item (the gate's 2,900 credits: 138 texts;
    1.2 us a credit -> 0.04 on a repeat)."""
    return not _swapped_credit_words().keys().isdisjoint(
        _FIRST_WORD.findall(text.lower()) if text.isascii() else
        (w.casefold() for w in _FIRST_WORD.findall(text) if len(w) >= 5))


def _swapped_letters(item: Item, c: Credit, ctx: RuleContext) -> Finding | None:
    """A credit's own word with two neighbouring letters swapped: "(Photo by JIJI Press/AFP Phoot)" (dev
    g1-0027 avax.news), "Courtsey of Name" (g52-0018 thestreet.com, where the page's other credits write
    "Courtesy of"). Sure only where the word, written right, completes what the data knows: a lead-in
    opening the credit ([leadins]) or a link the registry names ("AFP Photo"); a name that happens to be
    a swap ("Photo: Jean Fotso") completes neither. The fix writes the word right."""
    text = c.text
    if not _may_hold_a_swap(text):
        return None
    swapped = _swapped_credit_words()
    for m in _FIRST_WORD.finditer(text):
        right = swapped.get(m.group(0).casefold()) if len(m.group(0)) >= 5 else None
        if right is None:
            continue
        fixed = _cased(right, m.group(0))
        new = text[:m.start()] + fixed + text[m.end():]
        head = len(new) - len(new.lstrip("([{ \t"))
        sure = m.start() == head and forms().leadin.match(new, head) is not None
        if not sure and ctx.registry is not None:
            lo = max(text.rfind(sep, 0, m.start()) for sep in "/|(") + 1
            his = [i for i in (text.find(sep, m.end()) for sep in "/|)") if i >= 0]
            hi = min(his) if his else len(text)
            link = new[lo:hi + len(new) - len(text)].strip()
            sure = ctx.registry.canonical(link) is not None \
                and ctx.registry.canonical(text[lo:hi].strip()) is None
        if sure:
            s = c.start + m.start()
            return finding("malformed-credit", c.field, f"{quote(m.group(0))} is a misspelling of {fixed}",
                           s, s + len(m.group(0)), Fix(f"Write {fixed!r}", c.field, s, s + len(m.group(0)), fixed),
                           item)
    return None


# A sentence's end before a separator that opens a credit: "… Anny. / PAP" is a house form, spaced or not
_SENTENCE_END = ".!?\"'”’»)]"


def _lopsided_edge(item: Item, caption: str, c: Credit) -> Finding | None:
    """A separator just outside the credit, on its line, spaced on one side only: "… on Friday/ Photo by
    Name/UPI" (dev g5-0262), "Photo by - /AFP via Getty Images" (g19-0008: the parser keeps "AFP via Getty
    Images" and leaves the dash before it), "시사1 Name 기자 |울산 …" (g4-0316). Inside a credit the same
    spacing is malformed already (credit_defects); at its edge it is the same fault, and the parser's
    credit does not reach it. Two forms stay clean: a wire's slug in capitals before its credit
    ("To match feature AFGHANISTAN-BOXING/ REUTERS/Name", Reuters' form, g6-0210), and a separator
    opening the credit after a sentence ends or in a script other than Latin ("… 자고있다 /Name 기자",
    Korean papers' "/Name" form, g4-0026, g7-0085). No fix: which side is wrong, the page knows."""
    seps = forms().edge_separators
    if not seps:
        return None
    e = c.start
    while e > 0 and caption[e - 1] in " \t":
        e -= 1
    if e > 1 and caption[e - 1] in seps:
        s = e - 1
        b = s
        while b > 0 and caption[b - 1] in " \t":
            b -= 1
        after, before = e < c.start, b < s
        if after != before and b > 0 and caption[b - 1] != "\n":
            pre = caption[b - 1]
            if after:
                word = caption[max(0, s - 40):s].rsplit(None, 1)[-1]
                sure = not (len(word) > 1 and word.isupper())
            else:
                sure = pre not in _SENTENCE_END and (pre.isascii() or "\u00c0" <= pre <= "\u024f")
            if sure:
                return finding("malformed-credit", "caption",
                               f"space on one side of the separator {quote(caption[b:c.start])} before the credit",
                               b, c.end, None, item)
    line_end = caption.find("\n", c.end)
    rest = caption[c.end:len(caption) if line_end < 0 else line_end]
    gap = rest.lstrip(" \t")
    if gap[:1] and gap[0] in seps:
        after_sep = gap[1:]
        spaced_after = after_sep[:1] in (" ", "\t")
        spaced_before = len(gap) < len(rest)
        if spaced_after != spaced_before and after_sep.strip():
            end = c.end + (len(rest) - len(gap)) + 1 + (len(after_sep) - len(after_sep.lstrip(" \t")))
            return finding("malformed-credit", "caption",
                           f"space on one side of the separator {quote(caption[c.end:end])} after the credit",
                           c.start, end, None, item)
    return None


def _glued_leadin(item: Item, caption: str, c: Credit, ctx: RuleContext) -> Finding | None:
    """A capitalised lead-in glued to the letter before it, opening the credit or inside it
    ("… des ATP-TurniersBild: AFP/SID/Name", dev g40-0001; "… Picture by JOE ARMAOCredit:Joe Armao",
    dev r12-0003, where the parser took "ARMAOCredit" for the name): the credit is run into the text
    ([glued_leadins] in credit_forms.toml). A space is the fix only when the credit after the lead-in
    still reads with its names; inside a credit the parse would change, so no fix."""
    for m in forms().glued_leadin.finditer(caption, max(0, c.start - 24), c.end + 12):
        if m.end() <= c.start and not caption[m.end():c.start].strip(" \t"):
            return finding("malformed-credit", "caption", f"credit {quote(caption[m.start():c.end])} run into the text "
                           "before it", m.start(), c.end, _space_fix(caption, m.start(), c, ctx), item)
        if c.start < m.start() < c.end:
            end = caption.find("\n", m.start())
            end = len(caption.rstrip()) if end < 0 else end
            return finding("malformed-credit", "caption", f"lead-in {quote(caption[m.start():end])} run into the "
                           "credit before it", m.start(), end, None, item)
    return None


def _space_fix(caption: str, s: int, c: Credit, ctx: RuleContext) -> Fix | None:
    """A space before the credit run in at ``s``, offered only when the parser then reads the
    credit with its names ("…mayo. Fernando Vergara (AP)" reads as "(AP)" alone, which would trade
    the error for missing-photographer); else the credit in the house style after the space, if
    that reads; else no fix."""
    if reads_as(caption[:s] + " " + caption[s:], c):
        return Fix("Put a space before the credit", "caption", s, s, " ")
    rendered = _render(c, ctx)
    if rendered and reads_as(caption[:s] + " " + rendered + caption[c.end:], c):
        return Fix(f"Put a space before the credit and write it {rendered}", "caption", s, c.end, " " + rendered)
    return None


# Two words run together: a stop or bracket, or a small letter, straight before a letter
_GLUE = re.compile(r"[.,;)][^\W\d_]|[a-z][A-Z]")


def _leadin_run_in(caption: str, s: int) -> int | None:
    """Where a lead-in that ends just before the credit at ``s`` starts, when it is run into the
    word or full stop before it (the parser took the names after "Image source, " for the credit
    and left the lead-in out of it), else None."""
    if s <= 0 or not caption[s - 1].isspace() and caption[s - 1] not in ",:":
        return None
    lo = max(0, s - 48)
    if _GLUE.search(caption, lo, s) is None:
        return None  # nearly every credit: no word run into another before it, so no run-in lead-in
    m = forms().leadin_tail.search(caption[lo:s])
    if m is None or lo + m.start() == 0:
        return None
    return lo + m.start() if _run_in(caption, lo + m.start()) else None


def _dash_glued_to_stop(caption: str, s: int) -> int | None:
    """Where the dash before the credit at ``s`` stands when it is glued to the full stop of the caption's
    last word ("… Muhyiddin Yassin.- Foto Bernama", sinarharian.com.my g65-0018; "… 23 seconds.— KT photo by
    Shihab", shihabphotography.com g13-0056; round 39): the credit, its dash first, is run into the text, as
    "….Name" is; the dash is spaced on the credit's side only. A dash with no blank after it opens a house form
    that closes with one too (".-Indra-", sumeks.disway.id g65-0027, clean), and a stop after a capital is an
    abbreviation's ("U.S.-led"), no sentence's end; else None."""
    i = s
    while i > 0 and caption[i - 1] in " \t":
        i -= 1
    d = i - 1
    if d < 2 or i == s or caption[d] not in "-–—" or caption[d - 1] not in ".!?":
        return None
    word = caption[d - 2]
    return d if word.islower() or word.isdigit() else None


def _nested_in(caption: str, s: int) -> int | None:
    """Where the bracket opens that holds the bracketed credit at ``s`` with nothing else before
    it, or only a lead-in ("((NASA/Name))", "(Image credit: (China Daily via REUTERS))"): doubled
    brackets, as a doubled separator is (dev l12-0003, g6-0275, g6-0276); else None."""
    if caption[s - 1] == "(":
        return s - 1
    if caption[s - 1] not in " \t:":
        return None  # nearly every credit: a space before it, not a lead-in's
    lo = max(0, s - 40)
    if "(" not in caption[max(0, lo - 1):s]:
        # no bracket for a lead-in to sit in: the ~210-phrase search below cost 20-23 us a
        # caption (8 % of a check worker, bench/check_account.py) to find nearly always nothing
        return None
    m = forms().leadin_tail.search(caption[lo:s])
    if m is None or lo + m.start() == 0 or caption[lo + m.start() - 1] != "(":
        return None
    return lo + m.start() - 1


def _unplaced_run_in(item: Item, caption: str) -> list[Finding]:
    """A credit's lead-in run into the caption's last word or full stop when the parser could not
    place the names after it ("… gesperrt.Foto: Name, dpa", "… challenge.(Supplied: Name)"): the
    same defect as a placed credit run into the text (The Age's "… farmCredit:Name", dev r12),
    and as sure, because the lead-in says a credit starts there. Only a lead-in or a copyright
    sign opens the span; a bare fragment the parser merely suspects stays unrecognised-credit."""
    span = _unplaced(caption)
    if span is None:
        return []
    s, e = span
    if not (forms().leadin.match(caption, s) or caption.startswith("©", s)):
        return []
    at = s - 1 if s > 0 and caption[s - 1] in "([" else s  # "(Supplied: …)": the bracket is run in
    if not _run_in(caption, at):
        return []
    if at < s:
        close = caption.find(")" if caption[at] == "(" else "]", e)
        e = close + 1 if close >= 0 and caption.find("\n", e, close) < 0 else e
    return [finding("malformed-credit", "caption", f"credit {quote(caption[at:e])} run into the text before it",
                    at, e, Fix("Put a space before the credit", "caption", at, at, " "), item)]


def _run_in(caption: str, s: int) -> bool:
    """Whether the credit at ``s`` is run into the word before it (no space between)."""
    if s <= 0:
        return False
    before = caption[s - 1]
    if caption[max(0, s - 3):s].lower() == "(c)" or before.isspace() or before in "([{«„“\"'":
        return False
    if before == "." and s >= 2 and caption[s - 2].isupper() and caption[s] == "(":
        return False  # "… in Washington, D.C.(AP Photo/…)" reads as the abbreviation's stop
    if before == "." and caption[s:s + 1] in ("/", "|") and not caption[s + 1:s + 2].isspace():
        # "… 흔들고 있다./연합": the credit opens with its own separator after the full stop, unspaced
        # on both sides (spaced on one side only, "collector./ Yonhap", it stays malformed)
        return False
    # scripts written without spaces (Japanese, Chinese) run everything together by design
    latin = before.isascii() or "\u00c0" <= before <= "\u024f"
    return latin and (before.isalnum() or before in ".,;)")


def _unclosed_credit(item: Item, caption: str, spans: list) -> Iterator[Finding]:
    """A credit whose opening bracket is never closed, when the parser did not take it for a
    credit at all ("(Jane Roe - Anadolu Agency" at the end of the caption)."""
    if caption.count("(") <= caption.count(")"):
        return
    depth_at: list[int] = []
    for i, ch in enumerate(caption):
        if ch == "(":
            depth_at.append(i)
        elif ch == ")" and depth_at:
            depth_at.pop()
    if not depth_at:
        return
    i = depth_at[-1]
    if any(f == "caption" and s <= i < e for f, s, e in spans):
        return  # the credit parser reported it already
    tail = caption[i:].rstrip()
    if not tail or len(tail) > 160 or not parsed_credits(tail + ")", "caption"):
        return
    end = i + len(tail)
    fix = Fix("Close the bracket", "caption", end, end, ")")
    stray = _STRAY_OPENER.match(caption, i)
    if stray:
        # "(©(AP PHOTO/RODRIGO ABD)": the bracket opens only a sign before the credit's own
        # bracket; closing it doubles the brackets, removing it is the editor's fix (dev g2-0293).
        fix = Fix(f"Remove the stray {quote(stray.group(0))}", "caption", i, stray.end(), "")
    yield finding("malformed-credit", "caption", f"{quote(tail)} opens a bracket it never closes", i, end,
                  fix, item)


# An opening bracket with nothing but a copyright sign or blanks before another opening bracket.
_STRAY_OPENER = re.compile(r"\([\s©]*(?=\()")


@lru_cache(maxsize=32768)
def _defects_at_zero(text: str, field: str, form: str | None, _generation: int) -> tuple:
    from app.credits import credit_defects  # noqa: PLC0415

    return tuple(credit_defects(Credit(text=text, start=0, end=len(text), field=field, form=form), text))


on_registry_change(_defects_at_zero.cache_clear)


def defects_of(c: Credit) -> list:
    """``app.credits.credit_defects`` for a credit, with offsets into its field (cached)."""
    return _defects(c)


def _defects(c: Credit) -> list:
    """credit_defects for ``c``, remembered by the credit's own text: the same credits
    ("(AP Photo/Jane Roe)") come back item after item, and their defects do not depend on
    the caption around them."""
    return [replace(d, start=d.start + c.start, end=d.end + c.start)
            for d in _defects_at_zero(c.text, c.field, c.form, credits_module.GENERATION)]


def _defect_finding(item: Item, ctx: RuleContext, c: Credit, d) -> Finding:
    fix = None
    if d.kind == "empty-segment" and d.replacement == "":
        unread = _unread_after(text_of(item, c.field), c, d)
        if unread is not None:
            return _unread_finding(item, c, d, unread)
        fix = _dangling_separator_fix(text_of(item, c.field), c, d)
    elif d.replacement is not None:
        label = f"Write {d.replacement!r}" if d.replacement else "Remove it"
        fix = Fix(label, c.field, d.start, d.end, d.replacement)
    else:
        rendered = _render(c, ctx)
        if rendered and rendered != c.text:
            fix = Fix(f"Write {rendered}", c.field, c.start, c.end, rendered)
    # The defect message quotes the credit already.
    f = finding("malformed-credit", c.field, d.message, d.start, d.end, fix, item)
    if _padding(c, d):
        # "(REUTERS/Name )", "Photo:  Name": a space just inside the credit's bracket or after its
        # lead-in is cosmetic, and an error is
        # raised only when the credit's grammar is surely broken (issue 12, section 3); the space
        # is still shown, with its fix, as information
        f.severity = Severity.INFO
    elif d.kind == "separator-spacing":
        # "EFE/ Juan Pérez": the parser read every link on both sides of the slash, so the credit is
        # whole and only its typography is off. That is the form EFE's pictures reach Spanish
        # desks in (walk19; dev g7-0236, l9-0007): an error would stop every one of them at the
        # gate, which then gets switched off. A warning with the fix, not an error (issue 12, §3)
        f.severity = Severity.WARNING
    return f


def _unread_after(text: str, c: Credit, d) -> tuple[int, int] | None:
    """The blanks and the word after a separator that ends ``c`` when the credit's line goes on
    after it ("Name / bildarchiv7", "TT / kod 444", "Gomes/ G1"): (where the blanks end, where
    the word ends), else None. The parser stopped at the separator, so the separator is not
    surely "with nothing after it": what follows may be the organisation it leads to."""
    if d.end != c.end:
        return None  # inside the credit's own bracket ("(Name /)"): nothing follows in it
    line = text[c.end:].split("\n", 1)[0]
    word = line.lstrip(" \t")
    if not word or not word[0].isalnum():
        return None
    s = c.end + len(line) - len(word)
    return s, s + len(word.split(None, 1)[0])


def _unread_finding(item: Item, c: Credit, d, unread: tuple[int, int]) -> Finding:
    """A separator ending a credit, with words after it on the line (issue 12, section 3: an
    error only when sure). Spaced on one side only ("Gomes/ G1", dev g10-0006) it is malformed
    whatever the word is: an error (no fix: the fix builders leave a separator that words follow,
    _dangling_separator_fix). Spaced alike on both sides ("Name / word", dev g3-0087) or on
    neither, the credit's grammar is sound and the parser merely left the word unread:
    information, no fix."""
    text = text_of(item, c.field)
    after_blank = unread[0] > d.end
    before_blank = d.start > c.start and text[d.start - 1] in " \t"
    sep = text[d.start:d.end]
    if after_blank != before_blank:
        return finding("malformed-credit", c.field,
                       f"space on one side of the separator {quote(text[d.start:unread[0]] or sep)}",
                       d.start, unread[0], None, item)
    f = finding("malformed-credit", c.field,
                f"{quote(sep)} ends the credit, and {quote(text[unread[0]:unread[1]])} after it on its line was not read",
                d.start, unread[1], None, item)
    f.severity = Severity.INFO
    return f


def _dangling_separator_fix(text: str, c: Credit, d) -> Fix | None:
    """The removal of a separator with nothing after it in its credit ("EFE/", "Reuters |"), with
    the blanks before it ("TT /" became "TT ", dev g2-0121). Words after the credit on its line
    may be what the separator leads to, unread by the parser ("Gomes/ G1" became "Gomes G1", dev
    g10-0006), or a desk code whose own fix takes the separator ("TT / kod 444" became "TT  kod
    444", dev g3-0087): no fix then."""
    inside = text[d.end:c.end].strip(" \t)]}")
    if not inside and text[c.end:].split("\n", 1)[0].strip(" \t.)]}"):
        return None
    s = d.start
    if not inside:
        while s > c.start and text[s - 1] in " \t":
            s -= 1
    return Fix("Remove it", c.field, s, d.end, "")


def _padding(c: Credit, d) -> bool:
    """Whether ``d`` is a space just inside the bracket that opens or closes ``c``, or a doubled
    space between the lead-in and the first name ("Bild ©  Name/…", "Photo:  Name"): both leave
    every link and separator as they should be; dev hessenschau.de g11-0012/0013 and ledevoir.com
    g11-0091 are labelled stray-whitespace for it, not malformed-credit."""
    if d.kind == "leadin-space":
        return True
    return d.kind == "stray-space" and c.text[:1] in "([{（" and (d.start == c.start + 1 or d.end == c.end - 1)


def _statement(c: Credit) -> bool:
    return bool(c.photographers or c.agencies or c.distributor)


def _chain(c: Credit) -> frozenset[str]:
    return frozenset(a for a in [*c.agencies, c.distributor] if a)


def _names(c: Credit) -> frozenset[str]:
    # a rank or unit read as the photographer ("HHC 1ST BCT" in a credit line) names no one
    return frozenset(fold(p) for p in c.photographers if is_a_name(p))


def _statements(item: Item, ctx: RuleContext) -> list[Credit]:
    facts = facts_of(item, ctx)
    out = [c for c in facts.caption_credits if _statement(c)]
    # A credit line with a photographer is a second credit statement; an agency-only
    # credit line is metadata, which credit-metadata-mismatch compares.
    # A bare name ("The Harbor Gazette") is too ambiguous to compare: outlet or person; so is a
    # unit read as the photographer ("HHC 1ST BCT, 10TH MOUNTAIN": no one's name, names.is_a_name).
    out += [c for c in facts.field_credits.get("credit_line", [])
            if _chain(c) and any(is_a_name(p) for p in c.photographers)]
    return out


def _may_hold_two_statements(facts) -> bool:
    """Whether ``_statements`` can find two: it keeps caption credits and credit-line credits
    with a photographer. The usual item (one caption credit, an agency-only credit line) has one."""
    n = len(facts.caption_credits)
    return n >= 2 or n + sum(1 for c in facts.field_credits.get("credit_line", ()) if c.photographers) >= 2


def _as_organisations(a: tuple[frozenset[str], frozenset[str]], b: tuple[frozenset[str], frozenset[str]]) -> tuple:
    """Two statements' (names, chain), each name the other's chain gives as an organisation moved
    to its own chain: a credit line "FIFA via Getty Images" (read as "Name via Getty Images") against
    "(Photo by Name – FIFA/FIFA via Getty Images)" names FIFA, the caption's organisation, and no
    photographer (walk22)."""
    (na, ca), (nb, cb) = a, b
    orgs_a, orgs_b = {fold(x): x for x in ca}, {fold(x): x for x in cb}
    in_a, in_b = na & orgs_b.keys(), nb & orgs_a.keys()
    if in_a:
        na, ca = na - in_a, ca | {orgs_b[n] for n in in_a}
    if in_b:
        nb, cb = nb - in_b, cb | {orgs_a[n] for n in in_b}
    return (na, ca), (nb, cb)


def _two_wires_claim_it(a: Credit, b: Credit, ctx: RuleContext) -> bool:
    """Whether two credits of one caption are two agencies' full credits for one picture: each names
    a photographer and opens its chain with a different registered wire or agency ("(AP Photo/Name)
    … REUTERS/Other"). Which agency's picture it is decides who is paid: that is sure enough for a
    warning, where other pairs in one caption are as often two pictures' credits or a misreading."""
    if not (a.photographers and b.photographers and a.agencies and b.agencies):
        return False
    sa, sb = ctx.registry.find(a.agencies[0]), ctx.registry.find(b.agencies[0])
    return (sa is not None and sb is not None and sa.name != sb.name
            and sa.kind in _WIRE_KINDS and sb.kind in _WIRE_KINDS)


_WIRE_KINDS = frozenset({"wire", "agency"})


@rule("conflicting-credits", Severity.WARNING, "Credits disagree",
      """Two credit statements for one item disagree: different photographers, or an
      agency in the chain dropped or changed — inline "JOHN DOE/AFP/Getty Images" against a
      credit line "JOHN DOE via Getty Images". Two statements in one caption that disagree are
      information (there they are as often two pictures' credits, one credit in two scripts or words
      misread as a credit as a conflict), unless each names a photographer of a different wire or
      agency: "(AP Photo/Ines Varga) … REUTERS/Ada Brin" is a warning.""",
      Example({"caption": "Fans cheer in Lyon, France, on June 3, 2021. (Photo by ADA BRIN/AFP/Getty Images)",
               "credit_line": "Ada Brin via Getty Images"}),
      gate=lambda f: _may_hold_two_statements(f))
def conflicting_credits(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    st = _statements(item, ctx)
    if len(st) < 2:
        return
    seen: set[tuple[str, str]] = set()
    # each statement's names and chain once, not once a pair: a hostile caption holds hundreds
    keys = [(_names(c), _chain(c)) for c in st]
    for i, a in enumerate(st):
        for j in range(i + 1, len(st)):
            b = st[j]
            (na, ca), (nb, cb) = _as_organisations(keys[i], keys[j]) if a.field != b.field else (keys[i], keys[j])
            why = None
            if na and nb and not na & nb:
                why = "name different photographers"
            elif ca and cb and ca != cb and not (a.field == b.field and (ca <= cb or cb <= ca)):
                # in one caption a chain inside the other is the same credit given twice
                # (duplicate-credit); against the credit line a dropped link is a conflict
                why = "name different agencies"
            if not why or (a.text, b.text) in seen:
                continue
            seen.add((a.text, b.text))
            where = "the credit line" if b.field != a.field else "the same caption"
            f = finding("conflicting-credits", b.field,
                        f"{quote(a.text)} and {quote(b.text)} ({where}) {why}", b.start, b.end, item=item)
            if b.field == a.field and not _two_wires_claim_it(a, b, ctx):
                # Two statements of one caption that disagree: information, not a warning (issue 12, section 3).
                # In one caption they are as often two pictures' credits ("(left) … Staff photo by Name. (right) …
                # Staff photo by Other", a composite's "© Name/gettyimages, Other/gettyimages"), one credit in two
                # scripts, or words the parser took for a credit ("an installation … by Name and Other of STUDIO",
                # "(photo by NOAA permit.)", a reader's signature): of the 15 such findings on open-fold dev captions
                # at round 39's start, none was a conflict a label asks for. Against the credit line: a warning.
                f.severity = Severity.INFO
            yield f


@rule("duplicate-credit", Severity.INFO, "Credit given twice",
      """The same credit appears twice in one field ("(AP Photo/Ines Varga) … (AP
      Photo/Ines Varga)"), also when one copy drops the photographer or a distributor
      ("(AP Photo/Name)ASSOCIATED PRESS"), and when one statement gives its photographer twice,
      a CMS having joined a photographer field and a source field that hold the same ("Ines
      Varga, Ines Varga", "Ines Varga/Netflix, Ines Varga/Netflix", "Ines Varga, Ines Varga/NBC").
      The fix removes the second copy when the first names every photographer and organisation it
      names (else removing it would lose one), with its line when it stands alone on one and the
      brackets around it that hold nothing else; in one statement, only when it is two equal halves.""",
      Example({"caption": "Fans cheer in Chicago, Monday, June 7, 2021. (AP Photo/Ines Varga) (AP Photo/Ines Varga)"}),
      gate=lambda f: f.caption_credits)
def duplicate_credit(item: Item, ctx: RuleContext) -> list[Finding]:
    facts = facts_of(item, ctx)
    out: list[Finding] = []
    # One credit cannot repeat another: most captions skip straight to the pasted-twice test.
    credits = [c for c in facts.caption_credits if _statement(c)] if len(facts.caption_credits) > 1 else []
    for i, b in enumerate(credits):
        for a in credits[:i]:
            if _same_credit(a, b):
                # Removing the second copy loses nothing only when the first names everyone it
                # names: "Courtesy Dorothy Pelletier … —Dorothy Pelletier, Taylors, South Carolina"
                # would lose the reader's home town, the caption's only place (missing-location).
                fix = _copy_removal(facts.caption, b.start, b.end) \
                    if _names(b) <= _names(a) and _chain(b) <= _chain(a) else None
                if fix is not None and (len(facts.caption) > GUARDED_FIX_CHARS
                                        or not _leaves_the_rest(facts.caption, fix, facts.caption_credits, b)):
                    fix = None
                out.append(finding("duplicate-credit", "caption", f"credit {quote(b.text)} given twice", b.start,
                                   b.end, fix, item))
                break
    if not out:
        for c in facts.caption_credits:
            f = _photographer_twice(item, facts.caption, c)
            if f is not None:
                out.append(f)
    if not out and facts.caption_credits:
        return _doubled_tail(item, facts.caption.rstrip())
    return out


def _photographer_twice(item: Item, caption: str, c: Credit) -> Finding | None:
    """One credit statement that gives its photographer twice: a CMS joined the photographer
    field and the source field, both holding the name ("Michael Courtney, Michael Courtney",
    "Name/Netflix, Name/Netflix", "Name, Name/NBC": dev g59, usatoday.com), or the parser took two
    copies run together for one name ("REUTERS/Jane Roe Jane Roe/Reuters"). Each copy is a whole
    link of the chain (a separator of ``[separators] repeat`` or the credit's edge on both sides),
    so a photographer's own studio ("Jane Roe/Jane Roe Photography") is no second copy; an
    organisation given twice is not a duplicate ("Name / NTB / NTB", dev g13-0012)."""
    if not c.photographers:
        return None
    text = c.text
    seps = forms().repeat_separators
    for p in c.photographers:
        words = p.split()
        half = len(words) // 2
        if half >= 2 and len(words) % 2 == 0 and fold(" ".join(words[:half])) == fold(" ".join(words[half:])):
            return finding("duplicate-credit", "caption", f"credit {quote(text)} gives {quote(' '.join(words[:half]))}"
                           " twice", c.start, c.end, item=item)
        if len(p) < 4 or text.casefold().count(p.casefold()) < 2:
            continue
        rx = re.compile(rf"(?<![\w.'’-]){re.escape(p)}(?=\s*(?:[{re.escape(seps)}]|$))", re.IGNORECASE)
        at = [m for m in rx.finditer(text) if _link_start(text, m.start(), seps)]
        if len(at) < 2:
            continue
        fix = None
        # two equal halves ("Name/Netflix, Name/Netflix"): remove the separator and the second
        first, second = text[:at[1].start()].rstrip(), text[at[1].start():]
        if first[-1:] in seps and fold(first[:-1].rstrip()) == fold(second):
            s = c.start + len(first[:-1].rstrip())
            fix = Fix("Remove the second credit", "caption", s, c.end, "")
        return finding("duplicate-credit", "caption", f"credit {quote(text)} gives {quote(p)} twice",
                       c.start, c.end, fix, item)
    return None


def _link_start(text: str, at: int, seps: str) -> bool:
    """Whether a link of the chain starts at ``text[at]``: the credit's start, a separator before
    it, or the credit's lead-in ("Photo by ", "Credit: "), nothing else but blanks and brackets."""
    before = text[:at].rstrip()
    if not before or before[-1] in seps or before[-1] in "([":
        return True
    return before[-1] == ":" or re.search(r"(?:^|\s)by$", before, re.IGNORECASE) is not None


# The fix guard parses the whole caption again for each copy it would remove: on a caption of
# megabytes (a hostile file: bench/bench_hostile.py's 10 MB caption took 1.3 s before the guard,
# 9.7 s with it) that is seconds. No caption a desk writes comes near this (IIM's caption holds
# 2,000 bytes), so beyond it the finding stands without a fix.
GUARDED_FIX_CHARS = 20_000


def _leaves_the_rest(caption: str, fix: Fix, credits: list[Credit], removed: Credit) -> bool:
    """Whether the caption with ``fix`` applied still reads as the same credits less ``removed``:
    a copy removed from the end can leave a bracket there that the parser then reads as a credit
    ("(ABC/SCOTT GARFIELD) ELLEN POMPEO, PATRICK DEMPSEY (Via MerlinFTP Drop)\u00a0 Scott Garfield,
    ABC" without its last credit reads "(Via MerlinFTP Drop)" as one, and conflicting-credits
    follows: dev g59-0021), and a fix must not make the caption worse."""
    left = [c.text for c in credits_module.parse_credits(fix.apply(caption), "caption")]
    return left == [c.text for c in credits if c is not removed]


def _copy_removal(text: str, s: int, e: int) -> Fix:
    """The removal of the credit copy at ``text[s:e]`` with what would be left of it: the
    brackets around it that hold nothing else ("((NASA/Bill Ingalls))" left "()", dev l12-0003),
    its own line with the line break when it stands alone on one (an empty line, or a lone "."
    after "Photo: NASA/Bill Ingalls.", was left: dev g10-0004, g3-0350), else the blanks before it."""
    while 0 < s and e < len(text) and text[s - 1] in "([" and text[e] == {"(": ")", "[": "]"}[text[s - 1]]:
        s, e = s - 1, e + 1
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line_end = len(text) if line_end < 0 else line_end
    if not text[line_start:s].strip() and not text[e:line_end].strip(" \t."):
        if line_start > 0:
            return Fix("Remove the second credit", "caption", line_start - 1, line_end, "")
        if line_end < len(text):
            return Fix("Remove the second credit", "caption", 0, line_end + 1, "")
    while s > 0 and text[s - 1] in " \t":
        s -= 1
    return Fix("Remove the second credit", "caption", s, e, "")


def _same_credit(a: Credit, b: Credit) -> bool:
    """Two credits of one picture that say the same: the same photographer (or one names
    none) and the same source, one chain inside the other ("(AP Photo/Peter Dejong)" and
    "ASSOCIATED PRESS"; "(Tom Fox/The Dallas Morning News)" and "(Tom Fox / Staff
    Photographer)"; a distributor more or less). A credit naming only a person and one naming
    only an organisation share nothing to repeat: "(撮影・篠原岳夫)" and "Photo By スポニチ" give the
    photographer and the outlet, not one credit twice (dev g7-0140; issue 12: a duplicate is the
    same photographer and source)."""
    na, nb = _names(a), _names(b)
    ca, cb = _chain(a), _chain(b)
    if na and nb and na != nb:
        return False
    if not (na and nb) and not (ca and cb):
        return False
    return ca <= cb or cb <= ca


def _doubled_tail(item: Item, text: str) -> list[Finding]:
    """A credit pasted twice at the end ("REUTERS/Jane Roe REUTERS/Jane Roe"), which the
    parser reads as one long credit."""
    last = text[text.rfind(" ") + 1:]
    tail_start = max(0, len(text) - 90)
    if not last or text.count(last, tail_start) < 2:
        return []  # the last word is not repeated in the tail: nothing was pasted twice
    at = text.find(" ", tail_start)
    while at != -1:
        second = text[at + 1:]
        if len(second) >= 8 and any(ch in second for ch in "/:(") and text[:at].endswith(second):
            s = at - len(second)
            if s == 0 or text[s - 1] in " \t":
                return [finding("duplicate-credit", "caption", f"credit {quote(second)} given twice", at + 1,
                                len(text), Fix("Remove the second credit", "caption", at, len(text), ""), item)]
            return []
        at = text.find(" ", at + 1)
    return []


def _agency_credit_without_photographer(credits: list[Credit]) -> bool:
    """The check's own first test, as its gate: nearly every credit names its photographer."""
    for c in credits:
        if c.photographers and (c.agencies or c.distributor):
            return False
    return any(c.agencies or c.distributor for c in credits)


@rule("missing-photographer", Severity.WARNING, "Organisation credit without a photographer",
      """The caption's credits name organisations and no person ("(AP Photo)", "(Credit: AP)",
      "Bild: dpa", "| EFE", "Photo credit: NASA", "(Orlando Sentinel via AP)", "Yonhap"),
      and none says it is a handout, pool, stringer or courtesy picture. Judged per caption:
      a second, organisation-only credit does not raise it when another credit names the
      photographer. When the by-line has the name, the fix writes the credit with it.""",
      Example({"caption": "Fans cheer in Chicago, Monday, June 7, 2021. (AP Photo)"}),
      gate=lambda f: _agency_credit_without_photographer(f.caption_credits))
def missing_photographer(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    facts = facts_of(item, ctx)
    credits = [c for c in facts.caption_credits if c.agencies or c.distributor]
    if not credits or any(c.photographers for c in facts.caption_credits):
        return
    # Who made a handout, pool or stringer picture is not the desk's to name (label policy);
    # one such credit speaks for the picture.
    if any(c.handout or c.pool or c.stringer or c.courtesy for c in facts.caption_credits):
        return
    c = credits[0]
    name = (c.agencies or [c.distributor])[0] or ""
    agency = _agency(ctx, name)
    if agency is not None and agency.is_role:
        return
    shown = agency.name if agency is not None else name
    fix = None
    if facts.creators:
        fixed = Credit(text=c.text, start=c.start, end=c.end, field=c.field, photographers=facts.creators[:1],
                       agencies=list(c.agencies), distributor=c.distributor, file=c.file)
        rendered = _render(fixed, ctx)
        if rendered:
            fix = Fix(f"Write {rendered}", c.field, c.start, c.end, rendered)
    yield finding("missing-photographer", c.field, f"{quote(c.text)} names {shown} but no photographer",
                  c.start, c.end, fix, item)


_KNOWN: dict[tuple[int, str], bool] = {}


def _known(reg, name: str) -> bool:
    # Keyed by the registry's identity: the Registry dataclass is not hashable.
    key = (id(reg), name)
    hit = _KNOWN.get(key)
    if hit is None:
        if len(_KNOWN) > 8192:
            _KNOWN.clear()
        hit = _KNOWN[key] = bool(reg.find(name) or reg.canonical(name))
    return hit


_CHAINS: dict[tuple, tuple[tuple[str, str | None], ...]] = {}


def _unknown_in_chain(reg, agencies: tuple[str, ...], distributor: str | None,
                      not_an_agency: bool) -> tuple[tuple[str, str | None], ...]:
    """(name, hint) of each name in a credit's chain the registry does not know, in chain
    order; hint None: not to be flagged, but it still counts as seen. Remembered by the chain:
    the same few chains come back item after item, and ``Registry.closest`` is a fuzzy search."""
    key = (id(reg), agencies, distributor, not_an_agency)
    hit = _CHAINS.get(key)
    if hit is not None:
        return hit
    chain = [a for a in [*agencies, distributor] if a]
    known = [_known(reg, a) for a in chain]
    out = []
    if not all(known):
        # Courtesy and handout credits name an office or a family, not an agency.
        known_wire = any(known) or not_an_agency
        for name, is_known in zip(chain, known, strict=True):
            if is_known or _known(reg, LEADING_YEAR.sub("", name)):
                continue  # "©2025 Maxar Technologies": the year is not part of the name
            close = reg.closest(name)
            if close is not None and fold(name) in fold(close[0]):
                close = None  # "Coast Guard" is part of "U.S. Coast Guard", not a misspelling of it
            if known_wire and close is None:
                out.append((name, None))
            else:
                out.append((name, f"; did you mean {close[0]}?" if close else ""))
    if len(_CHAINS) > 8192:
        _CHAINS.clear()
    hit = _CHAINS[key] = tuple(out)
    return hit


def _likely_misspelt(reg, name: str, hint: str) -> bool:
    """Whether an unknown name close to a registered one is a misspelling of it, not another
    organisation: the words that differ are long enough for a typing slip. Acronyms a letter
    apart are other organisations ("CBC News" is not "CBS News", "ANP" not "AP"), and so is a
    name of five letters or fewer, and one that holds a registered name whole among other words."""
    canon = hint.removeprefix("; did you mean ").removesuffix("?")
    agency = reg.find(canon)
    if agency is None or len(fold(name)) < 6:
        return False
    from rapidfuzz import fuzz, process  # noqa: PLC0415 - only for an unknown name

    key = fold(name)
    for known in (canon, *agency.aliases):
        k = fold(known)
        at = key.find(k)
        if k != key and at >= 0 and (at == 0 or not key[at - 1].isalnum()) \
                and (at + len(k) == len(key) or not key[at + len(k)].isalnum()):
            # the registered name whole, with words or an address added: a unit of it or a sister
            # site, not a slip ("New York Air National Guard", "Daily Mail.com": dev g1-0172, g12-0009)
            return False
    best = process.extractOne(name, list(agency.aliases) or [canon], scorer=fuzz.ratio)
    alias = best[0] if best else canon
    a, b = name.split(), alias.split()
    if len(a) == len(b):
        for x, y in zip(a, b, strict=True):
            if x.casefold() != y.casefold() and (len(x) <= 4 or len(y) <= 4) and (x.isupper() or y.isupper()):
                return False  # "CBC" for "CBS": another acronym, another organisation
    return True


@rule("unknown-agency", Severity.WARNING, "Agency not in the registry",
      """A credit names an agency the registry does not know; the message suggests the
      closest known agency. A source moved by a known wire ("Regional Fire Service via
      AP") or named in a courtesy or handout credit is only flagged when it looks like a
      misspelt agency. A warning when the name is close to a registered one (a likely
      misspelling), information otherwise. Add house or partner agencies to the registry to
      silence it.""",
      Example({"caption": "Fans cheer in Lyon, France, June 3, 2021. (Photo by Ada Brin/Agense Frence-Presse)"}),
      gate=lambda f: f.caption_credits or f.field_credits)
def unknown_agency(item: Item, ctx: RuleContext) -> list[Finding]:
    reg = ctx.registry
    out: list[Finding] = []
    if reg is None:
        return out
    facts = facts_of(item, ctx)
    seen: set[str] = set()
    for cs in (facts.caption_credits, *facts.field_credits.values()):
        for c in cs:
            if not c.agencies and not c.distributor:
                continue
            for name, hint in _unknown_in_chain(reg, tuple(c.agencies), c.distributor, c.courtesy or c.handout):
                key = _ARTICLE.sub("", fold(name))  # "The Harbor Gazette" in the source, "Harbor Gazette" in the caption
                if key in seen:
                    continue
                seen.add(key)
                if hint is None:
                    continue  # an outlet or office whose picture a known wire moved ("… via AP")
                text = text_of(item, c.field)
                at = text.find(name, c.start, c.end)
                s, e = (at, at + len(name)) if at >= 0 else (c.start, c.end)
                f = finding("unknown-agency", c.field, f"agency {quote(name)} is not in the registry{hint}",
                            s, e, item=item)
                if not hint or not _likely_misspelt(reg, name, hint):
                    # an organisation nobody registered is news to the desk, not a fault: a warning
                    # only when it looks like a misspelt agency ("; did you mean …?")
                    f.severity = Severity.INFO
                out.append(f)
    return out


def _may_say_file(caption: str) -> bool:
    """The words either side of the comparison needs; most captions have none."""
    return ("file" in caption or "File" in caption or "FILE" in caption or "reissued" in caption
            or "archive" in caption)


@rule("file-photo-unmarked", Severity.WARNING, "File photo marked in only one place",
      """The caption says the picture is a file photo ("FILE -", "In this … file photo")
      but the credit does not ("/File", ", File)"), or the credit says so and the caption
      does not.""",
      Example({"caption": "FILE - Fans cheer in Chicago, Monday, June 7, 2021. (AP Photo/Ines Varga)"}),
      gate=lambda f: f.caption_credits and _may_say_file(f.caption))
def file_photo_unmarked(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    facts = facts_of(item, ctx)
    if not facts.caption_credits or not _may_say_file(facts.caption):
        return
    # Credit.file is also set when only the caption says FILE, so read the credit's own words.
    says = facts.caption_says_file
    credit_says = any(CREDIT_FILE.search(c.text) for c in facts.caption_credits)
    if says == credit_says:
        return
    c = facts.caption_credits[-1]
    if says:
        yield finding("file-photo-unmarked", "caption",
                      f"the caption says file photo but its credit {quote(c.text)} does not", c.start, c.end,
                      item=item)
    else:
        yield finding("file-photo-unmarked", "caption",
                      f"the credit {quote(c.text)} says file photo but the caption does not", c.start, c.end,
                      item=item)
