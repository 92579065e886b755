"""Typing and encoding slips in the caption: doubled words, HTML entities, mojibake, spaces."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from operator import ne

from app.lazyre import lazy_compile
from app.model import Finding, Fix, Item, Severity
from app.rules.base import Example, RuleContext, field_label, finding, quote, rule, text_of
from app.rules.facts import facts_of, may_hold_mojibake

TEXT_FIELDS = ("caption", "headline", "title", "credit_line", "source", "city", "sublocation", "state",
               "country", "copyright", "instructions")

# also across an opening quotation mark ("conveyed the “the idea")
DOUBLED = re.compile(r"\b([^\W\d_]+)([ \t]+[\"“‘«]?)\1\b(?![-'’])", re.IGNORECASE)
# Repeats that are English ("had had", "that that") or names ("Duran Duran", "Bora Bora").
LEGIT_REPEATS = frozenset("""had that is bye ha knock tut bora walla pago sing sirhan duran mahi chop dum
    boo yo no so tsk hush pooh cha tom baden""".split())


@rule("doubled-word", Severity.WARNING, "Doubled word",
      """A word typed twice in a row ("in in", "the the"). Repeats that are good English
      ("had had", "that that") or names ("Duran Duran") are not flagged. The fix drops
      the second copy, unless it opens a desk instruction ("HANDOUT HANDOUT EDITORIAL USE
      ONLY"), which credit-directive's fix removes.""",
      Example({"caption": "Firefighters battle a blaze at a warehouse near the the harbor in Lyon, "
                          "France, June 3, 2021. REUTERS/Ada Brin"}))
def doubled_word(item: Item, ctx: RuleContext) -> list[Finding]:
    # A list, not a generator (here and in stray-whitespace): it runs on every item and
    # nearly always finds nothing, and a generator frame costs more than an empty list.
    out: list[Finding] = []
    for key in ("caption", "headline"):
        text = text_of(item, key)
        words = text.lower().split()
        if "“" in text or '"' in text or "‘" in text or "«" in text:  # a copy after an opening quote counts
            words = [w.lstrip("\"“‘«") for w in words]
        # operator.ne, not str.__eq__: a C function maps a third faster than a slot wrapper.
        if all(map(ne, words, words[1:])):
            continue  # no word follows itself: skip the slower pattern with its back-reference
        spans: list[tuple[int, int]] | None = None  # the desk instructions' spans, found once a text
        for m in DOUBLED.finditer(text):
            a = m.group(1)
            if a.lower() in LEGIT_REPEATS:
                continue
            mark = m.group(2).strip()  # an opening quote between the copies stays, before the word
            # and the quoted copy keeps its own letters: "for a ‘A Day of Rage’" is "for ‘A Day of
            # Rage’", not "‘a Day" (dev g1-0200)
            kept = text[m.end() - len(a):m.end()] if mark else a
            if key == "caption" and spans is None:
                spans = _instruction_spans(item, ctx, text)
            inside = key == "caption" and any(a0 < m.end() and b0 > m.start() for a0, b0 in spans)
            fix = None if inside else Fix(f"Write {kept!r} once", key, m.start(1), m.end(), mark + kept)
            out.append(finding("doubled-word", key, f"doubled word {quote(m.group(0))}", m.start(), m.end(),
                               fix, item))
    return out


def _instruction_spans(item: Item, ctx: RuleContext, text: str) -> list[tuple[int, int]]:
    """The desk instructions' spans in ``text``. A doubled word that overlaps one is left to it:
    in "EPA/NAME / HANDOUT HANDOUT EDITORIAL USE ONLY/NO SALES" the second copy opens the
    instruction, whose own fix (credit-directive) removes it; dropping it here would leave the
    credit's role word to the instruction and the credit ending in its separator
    (malformed-credit). Found once a text, not once a doubled word: a hostile caption holds
    hundreds of both."""
    from app.rules.directives import directive_matches, more_desk_words  # noqa: PLC0415 - directives imports facts

    if not (facts_of(item, ctx).directive_words or more_desk_words(text)):
        return []
    return [(m.start(), m.end()) for m in directive_matches(text)]


ENTITY = re.compile(r"&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,30});")
# A literal HTML tag a CMS printed as text ("<br />", "<p>", "<a href=…>"): the label policy
# counts it with the entities. Only tags HTML has, so "<3" or "<Name>" are left alone.
_TAG_NAMES = ("a|abbr|b|big|blockquote|br|center|cite|code|div|em|figcaption|figure|font|h[1-6]|hr|i|iframe|img"
              "|li|ol|p|pre|q|s|small|span|strike|strong|sub|sup|table|td|th|tr|tt|u|ul")
TAG = re.compile(rf"</?(?:{_TAG_NAMES})(?:\s[^<>]{{0,300}}?)?\s*/?>", re.IGNORECASE)
# Tags that stand between two words: removing them must leave a space.
_BREAKING = re.compile(r"</?(?:br|p|div|li|tr|td|h[1-6])\b", re.IGNORECASE)


def strip_tags(text: str) -> str:
    """``text`` without its literal HTML tags; a line-breaking tag between two words leaves a space.
    The blanks a tag kept inside it go with it: "… REUTERS/Finbarr O'Reilly </p>" ended in a blank
    (dev g6-0020 … g6-0193), "go <b><a …> here</a></b>" read "go  here" (dev g3-0038)."""

    def one(m: re.Match[str]) -> str:
        glued = m.start() > 0 and m.end() < len(text) and not text[m.start() - 1].isspace() \
            and not text[m.end()].isspace() and text[m.end()] != "<"
        return "\x00" if glued and _BREAKING.match(m.group(0)) else "\x01"

    out = TAG.sub(one, text)
    # where tags stood, blanks either side meet: one is kept between words, none at either end
    out = re.sub(r"[ \t]*\x01[\x01 \t]*", lambda m: " " if " " in m.group(0) or "\t" in m.group(0) else "", out)
    out = out.replace("\x00", " ")
    return out.strip(" \t") if text == text.strip(" \t") else out


@rule("html-entity", Severity.WARNING, "HTML entity or tag in text",
      """An HTML entity such as "&nbsp;" or "&amp;", or a literal tag ("<br />", "<p>"), left
      in a field by a web CMS; the fix writes the character the entity stands for, or
      removes the tags with the blanks they held (one is kept between two words).""",
      Example({"caption": "Fans cheer in Lyon,&nbsp;France, June 3, 2021. REUTERS/Ada Brin"}),
      gate=lambda f: "&" in f.all_text or "<" in f.all_text)
def html_entity(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    all_text = facts_of(item, ctx).all_text
    if "&" not in all_text and "<" not in all_text:
        return
    for key in TEXT_FIELDS:
        text = text_of(item, key)
        if "&" in text:
            for m in ENTITY.finditer(text):
                ent = m.group(0)
                char = html.unescape(ent)
                if char == ent:
                    continue  # not an entity HTML knows: "&co;" in a company name
                repl = " " if char == "\xa0" else char
                yield finding("html-entity", key, f"HTML entity {quote(ent)} in the {field_label(key)}", m.start(),
                              m.end(), Fix(f"Replace {ent} with {repl!r}", key, m.start(), m.end(), repl), item)
        if "<" in text:
            tags = list(TAG.finditer(text))
            if tags:
                first = tags[0]
                shown = ", ".join(dict.fromkeys(quote(t.group(0), 24) for t in tags[:4]))
                yield finding("html-entity", key, f"HTML tag{'s' if len(tags) > 1 else ''} {shown} in the "
                              f"{field_label(key)}", first.start(), first.end(),
                              Fix("Remove the HTML tags", key, 0, len(text), strip_tags(text)), item)


# UTF-8 read as Latin-1/cp1252 leaves "Ã" or "Â" before a continuation-range character,
# or "â€" before a punctuation byte; a failed decode leaves U+FFFD.
MOJIBAKE = re.compile(r"[ÃÂ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|(?<=[\w.,])Â(?=[ \t])|â€[\u0080-\u00bf™œ\x9d˜“”’‘¦¢¡]?|Å[\u0080-\u00bf¡¸¾ ]|\ufffd")
MOJIBAKE_WORD = re.compile(r"\S*(?:[ÃÂÅ]|â€|\ufffd)\S*")
# The other lead bytes of a two- or three-byte UTF-8 sequence read as cp1252 ("ÄŤ" for "č",
# "Ð¿" for "п", "æ—¥" for "日"). Letters such as "Ñ" or "é" are ordinary before punctuation
# ("é»"), so a match counts only when its characters decode back to one character.
_CONT = "\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
# The patterns of this rule open with one character class, not a repeat, a look-behind or a
# choice of classes (each written so, matching the same spans): Python's engine then skips
# straight to the characters a match can start with instead of trying every position. The
# four run on every caption outside ASCII: 13.9 -> 5.4 us a caption together.
MOJIBAKE_MORE = re.compile(rf"[\u00c4-\u00ef](?:(?<=[\u00c4-\u00df])[{_CONT}]|(?<=[\u00e0-\u00ef])[{_CONT}]{{2}})")
# "?" for a character lost in a conversion, inside a Latin word ("nation?s", "Jos? Mar?a"):
# a question ends a word, it does not sit inside one.
# Also where no question mark stands: opening a word ("?Hello?" for quotes), between digits
# ("2019?2020" for a dash, "10?C" for a degree sign), alone between words when a lower-case
# word follows (" ? " for a dash: a question's next sentence opens with a capital).
LOST_CHAR = re.compile(r"(?<=[A-Za-zÀ-ÖØ-öø-ɏ])\?+(?=[a-zà-öø-ɏ])|(?<=[A-ZÀ-Ö])\?+(?=[A-ZÀ-Ö])"
                       r"|(?<![^\s(\[\"“])\?(?=[A-Za-zÀ-ÖØ-öø-ɏ])|(?<=\d)\?(?=\d|[CF]\b)|(?<=\w) \?(?= [a-z0-9])")
_URLISH = re.compile(r"[/=&]|www\.|\.(?:com|org|net|html?|php)\b")


def _as_utf8(chars: str) -> str | None:
    """The text ``chars`` stood for when they are UTF-8 bytes read as cp1252 (or Latin-1)."""
    data = bytearray()
    for ch in chars:
        try:
            data += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            data.append(ord(ch))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _garbled_span(text: str) -> tuple[int, int] | None:
    """Where ``text`` is first garbled, or None."""
    if may_hold_mojibake(text):
        m = MOJIBAKE.search(text)
        if m:
            return m.span()
    if not text.isascii():
        for m in MOJIBAKE_MORE.finditer(text):
            back = _as_utf8(m.group(0))
            if back and len(back) == 1 and (back.isalpha() or back in "’‘“”–—…€"):
                return m.span()
    if "?" in text:
        for m in LOST_CHAR.finditer(text):
            s = text.rfind(" ", 0, m.start()) + 1
            e = text.find(" ", m.end())
            if not _URLISH.search(text[s:len(text) if e < 0 else e]):
                return m.span()
        if not text.isascii():
            m = LOST_CJK.search(text)
            if m:
                return m.span()
    if not text.isascii():
        m = CP1251_PAIRS.search(text)
        if m and _as_utf8_in(m.group(0), "cp1251"):
            return m.span()
        for m in LEGACY_RUN.finditer(text):
            if _legacy_cjk(m.group(0)):
                return m.span()
        for codec, rx in LEGACY_IN_LATIN:
            for m in rx.finditer(text):
                if _latin_letter_in(m.group(0), codec):
                    return m.span()
    return None


def _latin_letter_in(chars: str, codec: str) -> bool:
    """Whether ``chars`` are the UTF-8 bytes of one Latin letter read in ``codec``."""
    try:
        back = chars.encode(codec).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return len(back) == 1 and back.isalpha() and back.lower() in _LATIN_ACCENTED


_LATIN_ACCENTED = frozenset("àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ")


# "?" between Han, kana or Hangul, or two beside them: those scripts write their question mark
# full width ("？"), so ASCII ones inside their words stand for characters a conversion lost
# ("在??谑忻"); one at a sentence's end ("你好?") is only a half-width question mark.
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3"
LOST_CJK = lazy_compile(rf"(?<=[{_CJK}])\?+(?=[{_CJK}])|(?<=[{_CJK}])\?{{2,}}|\?{{2,}}(?=[{_CJK}])")
# Cyrillic UTF-8 (lead bytes D0, D1) read as cp1251: "Р" or "С" and a character of bytes 80-BF,
# twice in a row ("РњРѕСЃРєРІР°" for "Москва"); one pair is a Ukrainian word ("Сіль").
_CP1251_CONT = "".join(bytes([b]).decode("cp1251") for b in range(0x80, 0xC0) if b != 0x98)
CP1251_PAIRS = re.compile(rf"[РС][{re.escape(_CP1251_CONT)}](?:[РС][{re.escape(_CP1251_CONT)}])+")
# UTF-8 of a Latin letter read in a single-byte code page of another script: two of that script's
# letters stuck to a Latin word ("Brรกzio" for "Brázio", cp874; dev g7-0114). A script is a line
# here: its code page and its letters; a real word of that script never touches a Latin letter
# and, read back, these two give one Latin letter.
_LEGACY_SCRIPTS = (("cp874", "\u0e01-\u0e5b"),)
LEGACY_IN_LATIN = tuple(
    # two letters after a Latin one, or before one
    (codec, re.compile(rf"[{letters}][{letters}](?:(?<=[A-Za-z][{letters}][{letters}])|(?=[A-Za-z]))"))
    for codec, letters in _LEGACY_SCRIPTS)
# Korean, Chinese or Japanese in a legacy code page (EUC-KR, GBK, Big5, Shift JIS) read as
# Latin-1: a run of Latin-1 letters and signs that no Western word writes ("³¶¸¸´ÚÅÍ").
LEGACY_RUN = re.compile(r"[\u00a1-\u00ff][\u00a1-\u00ff]{3,}")  # four or more
_CJK_ONLY = lazy_compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]+")


def _as_utf8_in(chars: str, codec: str) -> bool:
    """Whether ``chars`` are UTF-8 bytes read in ``codec`` (they decode back to other letters)."""
    try:
        back = chars.encode(codec).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return back != chars and any(ch.isalpha() for ch in back)


def _legacy_cjk(run: str) -> bool:
    data = run.encode("latin-1")
    for codec in ("euc_kr", "gbk", "big5", "shift_jis"):
        try:
            back = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _CJK_ONLY.fullmatch(back):
            return True
    return False


def _may_be_garbled(text: str) -> bool:
    return "?" in text or not text.isascii()


def repair_mojibake(text: str) -> str | None:
    # the Western code pages first; then those of _LEGACY_SCRIPTS ("Brรกzio" reads back in cp874)
    for enc in ("cp1252", "latin-1", *(codec for codec, _ in _LEGACY_SCRIPTS)):
        try:
            fixed = text.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return fixed
    return None


@rule("mojibake", Severity.WARNING, "Garbled letters (mojibake)",
      """Text whose UTF-8 bytes were read as Latin-1 or cp1252 ("JosÃ© NÃºÃ±ez" for "José
      Núñez", "ÄŤ" for "č"), that holds the replacement character "\ufffd" from a failed
      decode, or a "?" standing for a lost character inside a word ("nation?s"), as happens
      with IIM text written in Latin-1 without a character-set marker. When the bytes can be
      read back, the fix restores the letters.""",
      Example({"caption": "Fans cheer in Lyon, France, June 3, 2021. REUTERS/JosÃ© NÃºÃ±ez"}),
      gate=lambda f: _may_be_garbled(f.all_text))
def mojibake(item: Item, ctx: RuleContext) -> Iterator[Finding]:
    if not _may_be_garbled(facts_of(item, ctx).all_text):
        return
    for key in (*TEXT_FIELDS, "creators"):
        text = text_of(item, key)
        if not _may_be_garbled(text):
            continue
        span = _garbled_span(text)
        if span is None:
            continue
        s = text.rfind(" ", 0, span[0]) + 1  # the garbled word, for the message and the fix
        e = text.find(" ", span[1])
        e = len(text) if e < 0 else e
        word = text[s:e].strip(".,;:()\"“”")
        s = text.find(word, s)
        e = s + len(word)
        fixed = repair_mojibake(word)
        fix = None
        if key != "creators":
            whole = repair_mojibake(text)  # all the garbled words at once when the field reads back whole
            if whole:
                fix = Fix("Repair the accented letters", key, 0, len(text), whole)
            elif fixed:
                fix = Fix(f"Write {fixed!r}", key, s, e, fixed)
        yield finding("mojibake", key, f"garbled text {quote(word)} in the {field_label(key)}"
                      + (f" (probably {quote(fixed)})" if fixed else ""), s, e, fix, item)


# doubled spaces, a space before punctuation (the Arabic comma and CJK marks too) or at a line's
# end, leading and trailing blanks, no-break spaces; and blanks before a literal closing tag
# ("… REUTERS/Name </p>", dev g6-0020 … g6-0193): the text a CMS printed inside its tags ends
# there, so they are that text's trailing blanks (html-entity reports the tags themselves)
SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)|[ \t]+(?=[,;:!?](?:\s|$))|[ \t]+(?=\.(?:\s|$))|[ \t]+(?=[،、。，])"
                    r"|(?<=\S)[ \t]+(?=\n)|^[ \t\n]+|[ \t\n]+$|\xa0"
                    rf"|(?<=\S)[ \t]+(?=</(?:{_TAG_NAMES})>)")


# A comma or full stop doubled across blanks ("Paris.  . AFP"), not a spaced ellipsis (". . .")
DOUBLED_MARK = re.compile(r"(?<=[^\s.,])([.,])[ \t]+\1(?=\s|$)")


# A word no clause ends with, before a blank and a comma: the words between were lost (dev g3-0188,
# "Monday, Aug. 21, 2017 from , Northern Cascades"), which the editor must see, not a tidy hide.
_BEFORE_GAP = re.compile(r"(?<![\w'’-])(?:from|to|in|at|of|by|with|for|on|into|the|a|an|and|or)$", re.IGNORECASE)


def _french_space(text: str, m: re.Match[str]) -> bool:
    """Whether the blank ``m`` is French typography's: one (no-break) space before ":", ";", "!",
    "?" or "»", or after "«" ("Photo : Nom", "«\u00a0Nous tiendrons le cap\u00a0»")."""
    return m.group(0) in (" ", "\xa0") and (text[m.end():m.end() + 1] in (":", ";", "!", "?", "»")
                                             or text[m.start() - 1:m.start()] == "«")


def tidy_spaces(text: str, french: bool = False) -> str:
    """``text`` with its stray spaces tidied. Two marks the blank kept apart are not run
    together: the second of a doubled mark goes too ("Paris.  . AFP" became "Paris.. AFP", dev
    g4-0319; "disturbance, , erosion", g5-0112). French typography's space before a colon or
    semicolon set off on both sides ("PHOTOGRAPHER : REUTERS/…", "Crédit : Name") stays: it is
    the language's rule, not a slip (dev g2-0076 … g2-0088, g7-0029 …); so does the blank before a
    comma after "from", "the", "and" …, where a word is missing ("from , Northern"). ``french``
    (a house style in French) keeps every French space as written, no-break ones too (walk21)."""
    if "." in text or "," in text:
        text = DOUBLED_MARK.sub(r"\1", text)

    def one(m: re.Match[str]) -> str:
        if m.start() == 0 or m.end() == len(text):
            return ""
        if french and _french_space(text, m):
            return m.group(0)
        nxt = text[m.end():m.end() + 1]
        if m.group(0) == "\xa0" and nxt == "\n":
            return ""  # a no-break space ending a line (dev g25-0040): as a space would, it goes
        if m.group(0)[0] in " \t" and (nxt in ",;:!?.،、。，\n" or text.startswith("</", m.end())):
            if nxt in ":;" and m.group(0) == " " and text[m.end() + 1:m.end() + 2] in (" ", "\t"):
                return " "  # French spacing: "Photo : Name"
            if nxt == "," and _BEFORE_GAP.search(text, max(0, m.start() - 12), m.start()):
                return m.group(0)  # "from , Northern": a word is missing there; tidied, the gap would hide
            return ""  # a space before punctuation, a line break or a closing tag goes
        return " "

    return SPACES.sub(one, text)


@rule("stray-whitespace", Severity.INFO, "Stray whitespace",
      """Doubled spaces, a space before a comma or full stop (or "،", "、", "。") or at a
      line's end, leading or trailing spaces (also before a literal closing tag a web CMS left,
      "… REUTERS/Name </p>"), or a no-break space in the caption or headline. The fix tidies it,
      without running two marks together ("Paris. . AFP" becomes "Paris. AFP"); French spacing
      before a colon or semicolon ("Photo : Name") it keeps (under a house style in French,
      french-press, or on a French desk whose style names no language, no French space is stray:
      before ":", ";", "!", "?", "»" and after "«", no-break or not), and a blank before a comma after
      "from", "the", "and" … ("from , Northern": a word is missing, which the editor must see),
      so where those are the only stray spaces no fix is offered.""",
      Example({"caption": "Fans cheer in Lyon , France, June 3, 2021.  REUTERS/Ada Brin"}))
def stray_whitespace(item: Item, ctx: RuleContext) -> list[Finding]:
    out: list[Finding] = []
    for key in ("caption", "headline"):
        text = text_of(item, key)
        stripped = text.strip()
        if not stripped:
            continue  # an empty caption is missing-caption's business
        # Same length stripped: no blank at either end (strip only ever shortens).
        if "  " not in text and " ," not in text and " ." not in text and "\xa0" not in text and \
                " ;" not in text and " :" not in text and len(stripped) == len(text) and " \n" not in text \
                and " </" not in text \
                and (text.isascii() or not (" ،" in text or " 、" in text or " 。" in text or " ，" in text)):
            continue
        spans = list(SPACES.finditer(text))
        # French captions (a French style, or a French desk's style naming no language): its spaces are the language's
        french = bool(spans) and ctx.caption_language == "fr"
        if french:
            spans = [m for m in spans if not _french_space(text, m)]
        if not spans:
            continue
        fixed = tidy_spaces(text, french)
        first = spans[0]
        shown = quote(text[max(0, first.start() - 12): first.end() + 12])
        out.append(finding("stray-whitespace", key,
                           f"{len(spans)} stray space{'s' if len(spans) > 1 else ''} in the {field_label(key)}, first near {shown}",
                           first.start(), first.end(),
                           # French spaces alone: no fix that would break the language's rule
                           Fix("Tidy spaces", key, 0, len(text), fixed) if fixed != text else None, item))
    return out
