"""Credit statements: finding them in captions, parsing them, checking their grammar, rendering them.

A credit is a chain of segments joined by "/" (or " via ", or the Anadolu dash),
optionally after a lead-in ("Photo by", "©", "credit:", "Credit Image:", "Photo credit
should read", "Courtesy", "Official White House Photo by") and optionally followed by
", File" / ", Pool". Each segment is an agency (registry alias), a role word
(STR, Stringer, Pool, Handout, File, Courtesy) or a name. Position decides what a name
is: the first name is the photographer, later names are sources (outlets). An agency
the registry knows is given by its canonical name; an outlet it does not know ("The
Boston Globe") is kept as written, so a rule can look it up and suggest ``Registry.closest``.

The chain: ``agencies`` is every agency the credit names, source first, then each agency
that moved the picture, the distributor last, without repeats. ``distributor`` is the
agency that moved a third party's picture, so it is always ``agencies[-1]`` or None:

- one agency alone is that agency's staff credit, distributor None: "(AP Photo/Jane Roe)",
  "REUTERS/Jane Roe", "Jane Roe/Getty Images", "Jane Roe/Getty Images for MTV" (Getty
  staff on assignment), "( Name – Anadolu Agency )", "(Photo by Name/AP Photo/File)";
- two agencies or more: the last moved the others' picture and is the distributor, however
  it is written: "Name/AFP via Getty Images" and "NAME/AFP/Getty Images" -> [AFP, Getty
  Images]; "Name/Hulton Archive/Getty Images" (a Getty collection) -> [Hulton Archive, Getty
  Images]; "Name/The New York Times via AP" -> [The New York Times, Associated Press];
  "REUTERS/KCNA" and "AFP PHOTO/NAME/ISNA" (a wire's prefix before a third party) -> [KCNA,
  Reuters], [ISNA, AFP]; "Name/AFP Photo/DPA" (AFP's own mark on a partner's picture) ->
  [dpa, AFP]; "Name/Source/ZUMA Wire" -> [Source, ZUMA Press];
- "via X" always names a distributor, even when X is the only agency, because the picture
  is not X's own: "Handout via REUTERS", "Name/Pool Photo via AP", "Name/Pool via REUTERS",
  "JOHN DOE via Getty Images" -> [X], distributor X;
- role words (Pool, Handout, STR, File, Courtesy) are flags, never links of the chain, so
  "AFP PHOTO / POOL / Name", "Name - Pool/Getty Images" and "REUTERS/Handout" stay one
  agency with no distributor; a staff prefix repeated by the handout label ("REUTERS/Name/
  Agencia Brasil/Handout via Reuters") is one link: [Agencia Brasil, Reuters];
- an official lead-in names the source ("Official White House Photo by Name" -> [White
  House]); "Public Domain" is a rights statement, not an agency.

Everything here is precompiled once; a caption without any credit costs a few
substring tests, and parsed statements are cached by their text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from app.agencies import Registry, fold
from app.credit_forms import (
    english_words,
    forms,
    learned_model,
    name_features,
    names,
    person_model,
    phrase_pattern,
)
from app.lazyre import lazy_compile
from app.model import Credit
from app.wordtrie import any_in, word_alternation, word_start_alternation

if TYPE_CHECKING:
    from app.house_style import HouseStyle

__all__ = ["Defect", "caption_says_file", "credit_defects", "credit_fragments", "parse_credits", "render_credit",
           "unplaced_credit", "FORMS"]

# Forms (``Credit.form``), in the order a lead-in or structure decides them.
FORMS = (
    "should-read",  # Photo credit should read: Name/PA Wire
    "credit-image",  # (Credit Image: © Name/Source/ZUMA Wire)
    "cms",  # (credit:NAME via Getty Images)
    "photo-by",  # (Photo by Name/Getty Images)
    "official",  # (Official White House Photo by Name)
    "copyright",  # © Firstname SURNAME / AFP
    "courtesy",  # Courtesy Name
    "ap-signoff",  # (AP Photo/Name), (AP Photo)
    "agency-prefix",  # REUTERS/Name, EPA-EFE/NAME, AFP PHOTO / NAME, (Xinhua/Name), AAP Image/Name
    "via",  # (Name/Outlet via AP), Name/AFP via Getty Images, Handout via REUTERS
    "dash",  # ( Name – Anadolu Agency )
    "name-agency",  # Name/PA Wire, (Name/Reuters), NAME/AFP/Getty Images
    "agency-only",  # (Associated Press), AFP
    "name",  # a by-line value with no agency
)

_FORMS = forms()
# Role words: what they set on the credit (resources/credit_forms.toml). They are never names.
ROLES: dict[str, str | None] = _FORMS.roles
NAME_PARTICLES = _FORMS.particles
# Words that make a segment an organisation, not a person ("Official Khamenei website/Handout").
ORG_WORDS = _FORMS.org_words
# Words a desk appends after a credit; a name never contains them.
TRAILER_WORDS = frozenset({"TPX", "SEARCH", "ATTENTION", "EDITORIAL", "MANDATORY", "THIS", "NO", "RESTRICTED",
                           "TEMPLATE", "Tags:", "WARNING"})
# "<Organisation> photo by Name": the organisation's own picture ("U.S. Navy photo by …").
_OFFICIAL = re.compile(
    r"(?:(?:" + "|".join(re.escape(w) for w in _FORMS.official_prefixes) + r")\s+)?"
    r"(?P<src>[A-Z][\w.'’&\- ]{1,40}?)\s+(?:" + "|".join(phrase_pattern(w) for w in _FORMS.official_words)
    + r")[ \t]*:?[ \t]*", re.IGNORECASE)
_OFFICIAL_COLON = re.compile(r"[ \t]photo[ \t]*:", re.IGNORECASE)
_FILE_WORDS = frozenset(w for w, flag in _FORMS.roles.items() if flag == "file" and " " not in w)  # folded
# A lead-in at the end of free caption text, just before a chain.
_LEADIN_TAIL = _FORMS.leadin_tail
_SUFFIX_FLAG = re.compile(r"\s*,\s*(?P<w>file(?:\s+photo)?|pool(?:\s+photo)?|handout|stringer)\s*\.?\s*$",
                          re.IGNORECASE)
# The leading lookaheads let the regex engine skip positions that cannot start a separator.
# Japanese writes the wire that moved a picture after a full-width "＝" ("ロイター＝共同"): a "via".
_VIA = re.compile(r"(?=[ \t/v＝])(?:[ \t]*/?[ \t]*\bvia\b[ \t]*/?[ \t]*|[ \t]*＝[ \t]*)", re.IGNORECASE)
_SEP = re.compile(r"(?=[ \t/|–—,،])(?:[ \t]*(?:(?<!\d)/+|/+(?!\d)|\|)[ \t]*|[ \t]+[–—-][ \t]+|[ \t]+[–—][ \t]*|[ \t]*[–—][ \t]+"
                  # " & " joins two organisations only when one is registered after it (_split decides)
                  r"|[ \t]+&[ \t]+"
                  r"|[,،][ \t]+(?!(?:Jr|Sr|II|III|IV)\b)"
                  # ", Inc.": a company's legal form is its name's end ([organisations] company_suffixes)
                  + "".join(rf"(?!{re.escape(w)}(?!\w))" for w in _FORMS.company_suffixes) + ")")
_FOR = _FORMS.assignment  # "Name for The Times", "Name Special to the Star-Telegram"
_SPACES = re.compile(r"\s+")
_KEEP_DOT = re.compile(r"(?:\b[A-Z]|\bJr|\bSr|\bSt|\bDr)\.$")

# Brackets: balanced, a wrong closer, or open to the end of the line (desks drop the ")").
_BRACKET = re.compile(r"[(\[（{](?P<c>[^()\[\]{}（）\n]{1,300})(?:(?P<close>[)\]}）])|(?P<open>[ \t]*(?=\n|$)))")
# Words of free text that may belong to a credit chain.
_WORDCH = r"[^\s/()\[\]{}|,;:!?\"“”<>©]"
_WORD = rf"{_WORDCH}+"
# The rest of a chain from its first separator on: separator, segment, separator, segment ...
_CHAIN_RIGHT = re.compile(
    rf"(?:(?:[ \t]*/+[ \t]*|[ \t]*\|[ \t]*|[ \t]*/?[ \t]*\b(?:via|VIA|Via)\b[ \t]+)(?:{_WORD}(?:[ \t]+{_WORD}){{0,8}}))+")
_WORD_STOP = frozenset(" \t\n\r/()[]{}|,;:!?\"“”<>©")
# Up to nine words joined by blanks, matched on reversed text (a word is a run of characters
# outside _WORD_STOP; only spaces and tabs join words).
_NOT_STOP = "[^" + "".join(re.escape(ch) for ch in sorted(_WORD_STOP)) + "]"
_WORDS_LEFT = re.compile(rf"{_NOT_STOP}+(?:[ \t]+{_NOT_STOP}+){{0,8}}")
_QUICK_WORDS = ("via", "courtesy", "credit", "photo", "foto", "picture", "reuters")
_FREE_LEADIN = re.compile(
    r"(?:photo\s+credit\s+should\s+read\s*:?"
    r"|(?<![\w-])(?P<src>(?:official\s+)?(?:[A-Z][\w.'’&-]*[ \t]+){1,4})?(?:(?:photo(?:graph)?|picture)\s+by"
    # "Tribune photo: Name", "VNA Photo: Name": with its source before it, the colon's lead-in is the source's
    r"|(?(src)photo[ \t]*:|(?!)))"
    r"|courtesy(?:\s+of)?|©|\([cC]\))[ \t]*"
    r"(?P<seg>[^\s,;:!?()\[\]{}/]+(?:[ \t]+[^\s,;:!?()\[\]{}/]+){0,6})", re.IGNORECASE)
# What _FREE_LEADIN needs besides "©" and "courtesy": one literal-led test instead of its scan.
_FREE_LEADIN_WORDS = re.compile(r"photo\s+credit\s+should\s+read|(?:photo(?:graph)?|picture)\s+by|(?<=[A-Za-z])[ \t]+photo[ \t]*:",
                                re.IGNORECASE)
_DASH_AFTER = re.compile(r"\s*[-–—]")
_NONSPACE = re.compile(r"\S+")
_ABBREV_LEFT = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]{0,2}\.")
_ABBREV_RIGHT = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]?\.|Jr\.|Sr\.")
_ENDS_SENTENCE = re.compile(r"[ \t]*(?:$|[.\n(\[])")
_FILE_MARK = re.compile(
    r"^\s*(?:TOPSHOT\s*[-–—]\s*)?(?P<m>FILE(?:\s+PHOTO)?\s*[-–—:])"
    r"|(?P<t>\bIn\s+(?:this|these|an?)\s+(?:[^()\n]{0,80}?\s)?(?:file|archive)\s+(?:photo|photograph|picture|image)s?\b)"
    r"|(?P<r>\(reissued\b[^)]*\)?)"
    r"|(?P<c>\b(?:composite|undated)\s+(?:file|archive)\s+(?:photo|photograph|picture|image)s?\b)"
    # a news site's starred mark after the credit ("… via AP) **FILE**", dev g4-0265, g55-0019)
    r"|(?P<s>\*{2,3}[ \t]*FILE[ \t]*\*{2,3})", re.IGNORECASE)


@dataclass(frozen=True)  # callers cache defects; nobody may change one in place
class Defect:
    """A fault in a credit's grammar, with the replacement for ``text[start:end]`` that fixes it."""

    kind: str  # unbalanced-bracket | wrong-bracket | doubled-separator | separator-spacing | stray-space
    #            | wrong-separator | agency-case | misspelt-agency | run-together-name | empty-segment
    #            | doubled-leadin | leadin-space
    start: int
    end: int
    message: str
    replacement: str | None


@dataclass
class _Seg:
    text: str  # as written, stripped
    start: int  # offsets into the field text
    end: int
    kind: str = "name"  # name | agency | role | getty-for | glued | contact (an e-mail address)
    canonical: str | None = None  # agency canonical name, or the role's flag
    misspelt: bool = False
    flag: str | None = None  # a role written with the agency ("AP Pool", "Pool/AFP" is two segments)
    client: str | None = None  # a "getty-for" segment's client, as written ("for Harbor City Herons")


@dataclass(slots=True)  # one per statement found, on nearly every caption
class _Parsed:
    credit: Credit
    segs: list[_Seg] = field(default_factory=list)  # shared with the cache: read, never change
    strong: bool = False  # an explicit lead-in ("Photo by", "©", "credit:") says this is a credit
    offset: int = 0  # add to a segment's start/end for a position in the field text


_REGISTRY: Registry | None = None
# Bumped with every registry change, and part of the key of every cache of parses (here and
# in app.rules): a parse another thread finishes with the old registry after the change
# lands under the old generation, where no one looks, instead of poisoning the new one.
GENERATION = 0
_ON_REGISTRY_CHANGE: list = []  # cache_clear of every cache elsewhere that holds parses


def _registry() -> Registry:
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = Registry.load()
    return _REGISTRY


def use_registry(registry: Registry) -> None:
    """Parse with ``registry`` from now on: the bundled one, or a catalog's with its own
    agencies added (``Registry.with_house``), so "(Name/Harbor Gazette)" names an agency.
    One per process at a time (the CLI and the app work on one catalog); every remembered
    parse is forgotten when it changes. ``app.rules.make_context`` calls it."""
    global _REGISTRY, GENERATION
    if registry is _REGISTRY:
        return
    _REGISTRY = registry
    GENERATION += 1  # after the registry: whoever reads the new generation parses with the new registry
    for clear in (_classify_text.cache_clear, _parse_cached.cache_clear, _distributors.cache_clear,
                  _preferred_spelling.cache_clear, *_ON_REGISTRY_CHANGE):
        clear()


def on_registry_change(clear) -> None:
    """Register ``clear`` (a cache's ``cache_clear``) to run when the parse registry changes
    (to free memory: such a cache must also take ``GENERATION`` in its key)."""
    _ON_REGISTRY_CHANGE.append(clear)


@lru_cache(maxsize=4)
def _distributors(_generation: int) -> frozenset[str]:
    return frozenset(a.name for a in _registry().agencies if a.distributor)


@lru_cache(maxsize=4)
def _preferred_spelling(_generation: int) -> dict[str, str]:
    """folded alias -> the first spelling the registry lists for it (what a case fix writes)."""
    out: dict[str, str] = {}
    for spelling, _canon, wrong in _registry().all_spellings():
        if not wrong:
            out.setdefault(fold(spelling), spelling)
    return out


# ---------------------------------------------------------------------------
# segments


def _classify(text: str, start: int, end: int) -> _Seg:
    kind, canonical, misspelt, flag, client = _classify_text(text, GENERATION)
    return _Seg(text, start, end, kind, canonical, misspelt, flag, client)


@lru_cache(maxsize=8192)
def _classify_text(text: str, _generation: int) -> tuple[str, str | None, bool, str | None, str | None]:
    seg = _classify_uncached(text)
    return seg.kind, seg.canonical, seg.misspelt, seg.flag, seg.client


def _role_of(text: str) -> str | None:
    """The role a segment that is only a role word stands for ("" when it is not one). A role
    of three letters or fewer ("HO", "STR") counts only in capitals, or written exactly as listed
    ("zvg", "zVg": the Swiss desks' lower-case "supplied"): "Ho" ends Billy Ho's name."""
    key = " ".join(text.casefold().split()).rstrip(".")
    if len(key) <= 3 and not text.isupper() and text.isascii() and text.strip().rstrip(".") not in _FORMS.roles_written:
        return ""
    if key[:2] == "cc" or key[:8] == "creative":
        if _FORMS.licence.fullmatch(text.strip().rstrip(".,")):
            return None  # "cc by sa 2.0": how the picture may be used, no one's name, no flag
    return ROLES.get(key, "")  # type: ignore[return-value]


def _classify_uncached(text: str) -> _Seg:
    reg = _registry()
    seg = _Seg(text, 0, 0)
    if "@" in text and _EMAIL.fullmatch(text.strip("()<>[] ")):
        seg.kind = "contact"  # "Ben Gray / bgray@ajc.com": the photographer's address, no organisation
        return seg
    role = _role_of(text)
    if role != "":
        seg.kind, seg.canonical = "role", role
        return seg
    canon = reg.canonical(text)
    if canon is not None:
        a = reg.find(canon)
        if a is not None and a.is_role and len(text.strip()) <= 3 and not text.isupper():
            return seg  # "Ho", "Str": a name's word; the role's code is written in capitals
        if a is not None and a.is_role:
            seg.kind, seg.canonical = "role", {"Pool": "pool", "Handout": "handout", "Courtesy": "courtesy"}[canon]
        else:
            seg.kind, seg.canonical = "agency", canon
        return seg
    wrong = reg.misspelt(text)
    if wrong is not None:
        seg.kind, seg.canonical, seg.misspelt = "agency", wrong, True
        return seg
    words = text.split()
    if len(words) >= 2:
        # a role word written with the agency: "AP Pool", "Reuters Handout", "Pool AFP"
        for agency_part, role_part in ((" ".join(words[:-1]), words[-1]), (" ".join(words[1:]), words[0])):
            r = _role_of(role_part)
            if r == "":
                continue
            c = reg.canonical(agency_part)
            a = reg.find(c) if c else None
            if a is not None and not a.is_role:
                seg.kind, seg.canonical, seg.flag = "agency", c, r
                return seg
    if "-" in text:
        head = _glued_head(text)
        if head != text and head.strip() and " " in head.strip() and _person_like(head.strip()):
            # "Jake Roth-USA TODAY Sports": Imagn glues the agency to the name with a hyphen; a paper's own
            # hyphenated name is no glue ("Special to the Star-Telegram": "Telegram" is registered too)
            seg.kind, seg.canonical = "glued", reg.canonical(text[len(head) + 1:])
            return seg
    m = _FOR.search(text) if " for " in text.lower() or "pecial to" in text else None
    if m:  # "Getty Images for MTV": the agency, made for a client
        head = text[: m.start()]
        c = reg.canonical(head)
        if c is not None:
            seg.kind, seg.canonical = "getty-for", c
            seg.client = text[m.end():].strip() or None
            return seg
    return seg


# A date in a name's slot: a weekday ("… on Tuesday./Yonhap"), or a month and its day ("… (ROK) July 26,
# 2010. [Agencies]", "… EST, April 4 KSC-97pc564"). It is the caption's, never a person's or an
# organisation's name; the English names as app/rules/datefind.py reads them.
_DATE_NAME = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY)\b\.?$"
    r"|(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?\.?|July?\.?|Aug(?:ust|\.)?"
    r"|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)[ \t]+\d\d?(?:st|nd|rd|th)?\b")
_YEAR_HEAD = re.compile(r"^(?:(?:19|20)\d\d\S?\s+)+")  # "© 2018 Ron F", "(2019年 ロイター/…)"
_YEAR_AT = re.compile(r"(?:(?:19|20)\d\d\S?\s+)+")  # the same, matched at a position
# A copyright notice's year after the organisation that opens the credit ("© AFP 2022 / Name",
# "© AFP 2024 Name": Sputnik's editions, dev g15): the notice's, never the picture's date or a name.
_YEAR_WORD = re.compile(r"(?:19|20)\d\d")
_AGENCY_YEAR = re.compile(r"(?P<org>\S.*?)[ \t]+(?:19|20)\d\d$")
_COURTESY_HEAD = re.compile(r"(?:photo\s+)?courtesy(?:\s+of)?\s+", re.IGNORECASE)
_ACRONYM = re.compile(r"[A-ZÄÖÜ]{2,5}")
_ORG_RANK = _FORMS.rank_inside
_PHOTO_TAIL = re.compile(r"\s+(?:photo|photos|foto|PHOTO|FOTO)$", re.IGNORECASE)


def _glued_head(text: str) -> str:
    """The name before a glued agency ("Jake Roth-USA TODAY Sports" -> "Jake Roth")."""
    reg = _registry()
    i = text.find("-")
    while i >= 0:
        if reg.canonical(text[i + 1:]) is not None:
            return text[:i]
        i = text.find("-", i + 1)
    return text


# "JPL-Caltech", "NurPhoto", "@account": a brand; a name run together ("JohnTlumacki") is told
# apart by its slot, before a known agency (below). A page's typography may turn the brand's hyphen
# into an en dash inside the word ("NASA/JPL–Caltech/SwRI/MSSS/Brian Swift", dev l13-0006): the
# same brand, not a person's name
_BRAND = re.compile(r"[A-Z]{2,}(?:[-–][A-Z]?[a-z]+)+|[A-Z][a-z]+[A-Z][A-Za-z]*|@\w+")
_DOMAIN = re.compile(r"(?:[\w-]+\.)+(?:com|org|net|edu|gov|info|news|tv|co|[a-z]{2})(?:\.[a-z]{2})?", re.IGNORECASE)


def _org_like(name: str) -> bool:
    """An unknown segment that names an organisation, not a person: a word organisations use
    ("The Harbor Tribune", "London News Pictures", "Official Khamenei website"), a web address
    ("sportshotphoto.com"), an outlet's ending in scripts without spaces ("红星新闻")."""
    words = _ORG_SPLIT.split(name.casefold())
    if not ORG_WORDS.isdisjoint(words):
        return True
    if any(len(w) >= 9 and w.endswith(_COMPOUND_ENDS) for w in words):
        return True  # German writes the organisation word at a compound's end: "Kantonspolizei", "Bundeswehr"
    if "." in name and _DOMAIN.fullmatch(name.strip()):
        return True
    if " " not in name and _BRAND.fullmatch(name):  # "JPL-Caltech", "NurPhoto", "SFGate": a brand, not a person
        return True
    if not name.isascii() and name.endswith(_FORMS.org_endings):
        return True
    first = name.split(" ", 1)[0]
    return first in _FORMS.articles and " " in name


_NAME_ACRONYM = re.compile(r"[A-ZÀ-ÞА-ЯЁ]{2,6}\d*|[A-ZÀ-ÞА-ЯЁ]+\d+")
_POSSESSIVE = re.compile(r"\w['’]s\b")


def _org_evidence(name: str) -> bool:
    """What says organisation in a name of two capitalised words or more that the registry and the organisation
    words do not know, when no rank opens it ("Mass Communication Specialist 2nd Class Name", "Photographer's Mate
    Name": the rank is cut off later): an ordinal first ("20th Century Fox"); a possessive ("Tom's Hardware"); an upper-case
    article opening an upper-case name ("LA NACION", "DER SPIEGEL"; the article list is in title case); an
    acronym of three letters or more opening capitalised words none of which is a given or family name of
    resources/names.txt ("FKP Scorpio", "LYFE Marketing", "SDSU Athletics"); two to four ordinary English words
    (``english_words``) whose first is no given name or courtesy title, not all of them family names ("Just Stop Oil",
    "Best Buy"). A person's surname written in capitals comes last ("Jalaa
    MAREY", AFP's style), and an all-capitals person ("ZIPI ARAGON") opens with no article: both stay people."""
    words = name.split()
    if len(words) == 1 and name[:1].isupper() and name.endswith(("'s", "’s")) and len(name) > 3:
        return True  # one possessive word, a shop's or a house's name ("Starship Technologies/Domino’s", "Christie's")
    if len(words) < 2 or not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        return False
    if _ORG_RANK.search(name) is not None or _strip_rank(name) != name:
        return False  # "Mass Communication Specialist 2nd Class Name", "Photographer's Mate Name": a rank, cut off later
    if _ORDINAL.fullmatch(words[0]) or _POSSESSIVE.search(name):
        return True  # a person's name never opens with an ordinal ("20th Century Fox"); a hull number ("DDG 119") is no name either way
    if name.isupper():
        return words[0].title() in _FORMS.articles
    given, family = names()
    folded = [w.casefold() for w in words]
    if len(words) <= 4 and folded[0] not in given and folded[0] not in _COURTESY \
            and not all(w in family for w in folded) and all(w in english_words() for w in folded):
        # ordinary words only, no given name or courtesy title first: "Just Stop Oil", "Best Buy", "Our Own Brand";
        # a title and its holder are a person's ("Miss World, Ms Rosanna Davison", dev g5-0275), and so is a name
        # whose every word is a family name ("Peng Yuan": pinyin syllables that English also spells)
        return True
    if not _NAME_ACRONYM.fullmatch(words[0]) or len(words[0]) < 3 or any(_NAME_ACRONYM.fullmatch(w) for w in words[1:]):
        return False  # two capitals open a person's name too, as initials: "JP Yim", "AJ Mast"
    return not any(w.casefold().strip(".,'’") in given or w.casefold().strip(".,'’") in family for w in words)


def _surname_link(text: str) -> bool:
    """One capitalised word that names no place, organisation or particle: a surname written alone."""
    name = _clean_name(text)
    return _SURNAME.fullmatch(name) is not None and not _org_like(name) \
        and name.casefold() not in _places_folded() and name.casefold() not in NAME_PARTICLES


def _ko_public_body(name: str) -> bool:
    """A Korean word that names a city's, county's or ministry's office ("서울시", "봉화군", "국방부"): two
    syllables at least, then an ending of [cjk] ko_leadin_org_ends. Asked only of one word alone after a
    lead-in, where a person's name would carry a title ("사진=Name 기자")."""
    return len(name) >= 3 and "\uac00" <= name[0] <= "\ud7a3" and name.endswith(_FORMS.ko_leadin_org_ends)


_COURTESY = frozenset(("ms", "ms.", "mr", "mr.", "mrs", "mrs.", "miss", "sir", "dame", "dr", "dr."))


def _a_persons_name(text: str) -> bool:
    """Whether ``text`` is a person's name: person-like, its first word (after a courtesy title, "Ms
    Rosanna Davison") a given name of resources/names.txt."""
    words = text.split()
    if words and words[0].casefold() in _COURTESY:
        words = words[1:]
    return bool(words) and _person_like(" ".join(words)) and words[0].casefold() in names()[0]


def _names_office(text: str) -> bool:
    """Whether ``text`` opens with an office of credit_forms.toml [names] offices ("Prime Minister of New
    Zealand", "CEO"), as whole words."""
    folded = fold(text)
    return any(folded == o or folded.startswith(o + " ") or folded.startswith(o + ",") for o in _FORMS.offices)


def _person_like(name: str) -> bool:
    """Two to five capitalised words (initials and particles allowed), nothing an
    organisation would write: what a photographer's name looks like."""
    if ":" in name or ";" in name or "!" in name or "?" in name:
        return False  # "Photo Gallery: Fans …": a name holds no sentence punctuation
    words = name.split()
    if len(words) == 1 and _CJK_NAME.fullmatch(name):
        # "황금빛", "楊宗友": scripts without capitals write a name as one word; a Korean one opens
        # with a family name (resources/names.txt), so "(아래)" (below) is none
        return not ("\uac00" <= name[0] <= "\ud7a3") or name[0] in names()[1] or name[:2] in names()[1]
    if not 2 <= len(words) <= 5 or _org_like(name):
        return False
    return all((w[0].isupper() or w.casefold() in NAME_PARTICLES) and not any(ch.isdigit() for ch in w)
               for w in words)


# One capitalised word, letters only ("Schwark", "Bösinger"): a surname as a credit writes it alone
_SURNAME = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,}")


def surname_alone(name: str, lead_said: str) -> bool:
    """Whether ``name``, alone after the lead-in ``lead_said``, is read as a photographer's surname:
    the lead-in is one of credit_forms.toml [names] surname_leadins and the word is one capitalised
    word that names no place. The caller has already asked the registry and the organisation words."""
    if " ".join(lead_said.casefold().split()) not in _FORMS.surname_leadins or not _SURNAME.fullmatch(name):
        return False
    # "Foto: Von Name, CC BY-SA …": a particle opens a name, it is none
    return name.casefold() not in _places_folded() and name.casefold() not in NAME_PARTICLES


def source_names_org(name: str, lead_said: str) -> bool:
    """Whether ``name``, after the lead-in ``lead_said``, names an organisation because the lead-in says where
    the picture comes from (credit_forms.toml [names] source_leadins: "Source:", "Forrás:") and the name of two
    words or more holds no given name of resources/names.txt ("Source: Casamigos Tequila"), or the name is one word
    in capitals of three letters or more ("SOURCE: FACTSET"); a person's name there keeps its given name ("Forrás:
    Vida Márton Péter")."""
    if " ".join(lead_said.casefold().split()) not in _FORMS.source_leadins:
        return False
    words = [w.casefold().strip(".,'’()") for w in name.split()]
    given = names()[0]
    if len(words) == 1:
        # one word in capitals there, a brand's or an acronym's shape ("SOURCE: FACTSET, DATATREK RESEARCH",
        # marketwatch.com g51-0010): no labelled person after a source lead-in is one word in capitals ("Zdroj: mh")
        return name.isalpha() and name.isupper() and len(name) >= 3
    return not any(w in given for w in words)


def _subject_credit(text: str, out: list[Credit]) -> None:
    """"… Schirmherr der Paneuropa-Tage … Bild: Paneuropa": a surname-alone credit (``surname_alone``) whose
    word the caption itself uses, alone or opening a compound, names the caption's subject, whose own
    picture it is: an organisation, as before the surname reading (dev g2-0188)."""
    for c in out:
        if c.agencies or len(c.photographers) != 1 or c.form != "photo-by":
            continue
        word = c.photographers[0]
        if not _SURNAME.fullmatch(word) or word not in text:
            continue
        body = c.text.lstrip("([ \t")
        if not surname_alone(word, body[: body.find(word)]):
            continue
        hit = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w])")
        if any(not (c.start <= m.start() < c.end) for m in hit.finditer(text)):
            c.agencies, c.photographers = [word], []


def _dash_splits(piece: str) -> bool:
    """Whether a spaced dash before ``piece`` separates links of a chain: an agency or a role
    follows ("Ashraf Amra – Anadolu Agency"), or a client's acronym ("Name – FIFA/FIFA via …")."""
    c = _classify(piece, 0, 0)
    if c.kind != "name":
        return True
    return 2 <= len(piece) <= 8 and piece.isupper() and piece.isalpha()


def _outlet_after_person(before: str, piece: str) -> bool:
    """"Jorge Cerdán - Trome": one capitalised word after a person's full name and a spaced dash,
    ending the credit, is the outlet in the organisation's slot even when the registry does not know
    it: a name has no one-word tail after a dash. A place ("Name - Lima") is the dateline, not an
    outlet; a given name ("Ana - María") may be the name's own part."""
    if " " in piece or not piece[:1].isupper() or not piece.replace("-", "").isalpha() or not _person_like(before):
        return False
    folded = piece.casefold()
    return folded not in _places_folded() and folded not in names()[0] and folded not in names()[1]


def _split(text: str, lo: int, hi: int) -> list[_Seg]:
    """Segments of ``text[lo:hi]`` between separators ("/", "|", a spaced dash); neighbours
    that together are one registered name ("EPA/EFE", "REX/Shutterstock") stay one."""
    segs: list[_Seg] = []
    pos = lo
    for m in _SEP.finditer(text, lo, hi):
        sep = m.group(0).strip()
        if sep and sep[0] in "–—-":
            nxt = _SEP.search(text, m.end(), hi)
            piece = text[m.end(): nxt.start() if nxt else hi].strip()
            before = text[pos:m.start()].strip()
            if not _dash_splits(piece) and _registry().canonical(before) is None \
                    and not (nxt is None and _outlet_after_person(before, piece)):
                continue  # a dash separates after an agency ("EFE - Julio Muñoz") or before one
        elif sep in (",", "،"):
            nxt = _SEP.search(text, m.end(), hi)
            piece = text[m.end(): nxt.start() if nxt else hi].strip()
            if not piece or not _is_name_like(piece):
                continue
        elif sep == "&":
            # "ESA/Hubble & NASA": "&" lists a second organisation when a registered one follows it;
            # between people ("Jane Roe & John Doe") or inside a firm's name ("Simon & Schuster") it
            # is the name's own word (_split_names reads the people)
            nxt = _SEP.search(text, m.end(), hi)
            piece = text[m.end(): nxt.start() if nxt else hi].strip()
            if _registry().canonical(piece) is None or _person_like(text[pos:m.start()].strip()):
                continue
        _add_seg(segs, text, pos, m.start())
        pos = m.end()
    _add_seg(segs, text, pos, hi)
    if len(segs) > 1:
        reg = _registry()
        i = 0
        while i < len(segs) - 1:
            a, b = segs[i], segs[i + 1]
            joined = text[a.start:b.end]
            canon = reg.canonical(joined) if "/" in joined else None
            if canon is not None and a.canonical != b.canonical and (
                    (a.kind != "name" and b.kind != "name")
                    # "ESA/Hubble": a registered organisation whose name holds a "/" stays one even when
                    # a side alone reads as a name ("Hubble"); not an alias that is only the first
                    # organisation's ("NASA/JPL-Caltech" keeps its lab as a link of its own)
                    or (a.kind != "role" and b.kind != "role" and canon not in (a.canonical, b.canonical))):
                segs[i:i + 2] = [_classify(joined, a.start, b.end)]
                continue
            i += 1
        _join_client(segs, text)
    return segs


def _join_client(segs: list[_Seg], text: str) -> None:
    """A Getty client may itself hold a slash ("Getty Images for The Met Museum/Vogue", dev g58):
    the names after it, up to a registered organisation or a role, are still the client's, not
    links of the chain; "… for Mercedes-Benz Fashion Week/AFP" ends the client at the wire (dev g1)."""
    for i, s in enumerate(segs):
        if s.kind != "getty-for" or not s.client:
            continue
        j = i + 1
        while j < len(segs) and segs[j].kind == "name" and text[segs[j - 1].end:segs[j].start].strip() == "/":
            j += 1
        if j > i + 1:
            segs[i:j] = [_classify(text[s.start:segs[j - 1].end], s.start, segs[j - 1].end)]
        return


_EMAIL_END = re.compile(r"[(<]?[\w.+-]+@[\w-]+\.[\w.]+[)>]?$")
_CJK_TAIL = re.compile(r"[ \t]*(?:图|圖|摄|攝|供图|供圖)$")


def _add_seg(segs: list[_Seg], text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    if b - a > 2 and text[b - 1] in "图圖摄攝":  # "Name/人民视觉 图": the picture's word after the outlet
        m = _CJK_TAIL.search(text, a, b)
        if m and m.start() > a:
            b = m.start()
    y = _YEAR_AT.match(text, a, b)
    if y and _registry().canonical(text[y.end():b].strip()) is not None:
        a = y.end()  # "(2019年 ロイター/Name)": the year before the agency is not part of it
    while b > a and text[b - 1].isspace():
        b -= 1
    y = _AGENCY_YEAR.fullmatch(text, a, b) if b - a > 5 and text[b - 1].isdigit() else None
    if y and _registry().canonical(y["org"]) is not None:
        b = y.end("org")  # "© AFP 2022 / Name": the notice's year after the agency is not part of it
    if a < b:
        seg = _classify(text[a:b], a, b)
        if seg.kind == "name" and "@" in seg.text:
            m = _EMAIL_END.search(text, a, b)
            if m and m.start() > a and text[m.start() - 1] in " \t(<":
                # "Jason Getz jgetz@ajc.com": a name, then the photographer's address
                head_end = m.start()
                while head_end > a and text[head_end - 1] in " \t(<":
                    head_end -= 1
                segs.append(_classify(text[a:head_end], a, head_end))
                segs.append(_classify(text[m.start():b], m.start(), b))
                return
        if seg.kind == "name" and " " in seg.text:
            words = seg.text.split()
            # "© AFP 2024 Name": the copyright notice's year may stand between the two (dev g15)
            k = 2 if len(words) >= 4 and _YEAR_WORD.fullmatch(words[1]) else 1
            if len(words) >= 3 and _ACRONYM.fullmatch(words[0]) and _person_like(" ".join(words[k:])):
                a0 = _classify(words[0], a, a + len(words[0]))
                if a0.kind == "agency":
                    # "© ANP Lex van Lieshout", "Fot. PAP Jerzy Muszyński": an agency's acronym, then its
                    # photographer with no separator; the agency's slot is the chain's first
                    cut = a + seg.text.index(words[k], len(words[0]))
                    segs.append(a0)
                    segs.append(_classify(text[cut:b], cut, b))
                    return
            # "Herald Staff Photographer": an outlet, then a role word after it
            words = seg.text.split()
            if len(words) >= 3 and _role_of(words[0]) in ("file", "handout"):
                # "Dok. Bagian Prokompim Kota Malang": a word that flags the picture (archive, supplied) opens
                # the link, its source after it ("COURTESY OF Name" is the courtesy phrase's, read elsewhere)
                cut = a + seg.text.index(words[1], len(words[0]))
                segs.append(_classify(words[0], a, a + len(words[0])))
                segs.append(_classify(text[cut:b], cut, b))
                return
            for k in (2, 1):
                if len(words) > k and _role_of(" ".join(words[-k:])) != "":
                    cut = a + seg.text.rindex(words[-k])
                    head_end = cut
                    while head_end > a and text[head_end - 1].isspace():
                        head_end -= 1
                    segs.append(_classify(text[a:head_end], a, head_end))
                    segs.append(_classify(text[cut:b], cut, b))
                    return
        segs.append(seg)


_COMPANY_DOT = tuple(f" {w}" for w in _FORMS.company_suffixes if w.endswith("."))
_QUOTES = "\"'“”„«»‘’‚״"


def _partner_slot(main: list[_Seg], reg: Registry) -> int:
    """The index of the partner agency in a credit that opens with a registered agency crediting its
    partners' pictures after its own name (registry ``partners``: "IMAGO/Jan Huebner/Florian Ulrich",
    "Imago/Contrast"), or -1. The link after the agency is the partner when a person's name follows
    it and ends the chain, or when it is one word and ends the chain itself: a name is two words or
    more, a partner often one (on dev no one-word link after an agency's own name ends a chain as a
    person: 15 organisations, 4 role words). A name followed by the agency's own name again
    ("IMAGO/Mahmoud Issa/imago-images-bilder", dev g47-0014) is a person's."""
    if len(main) < 2 or main[0].kind != "agency" or main[1].kind != "name":
        return -1
    a = reg.find(main[0].canonical or "")
    if a is None or not a.partners:
        return -1
    rest = [g for g in main[2:] if g.kind != "role"]
    if not rest:
        return 1 if " " not in _clean_name(main[1].text) else -1
    last = _clean_name(rest[0].text)
    if len(rest) == 1 and rest[0].kind == "name" and _person_like(last) \
            and not fold(last).startswith(fold(a.name)):
        return 1
    return -1


def _clean_name(name: str) -> str:
    name = _SPACES.sub(" ", name).strip(" ,;:-–—")
    if len(name) > 2 and name[0] in _QUOTES and name[-1] in _QUOTES:
        # quotation marks around a whole name are typography, not its letters ("''מעריב''", "«Известия»")
        name = name.strip(_QUOTES).strip() or name
    # "Jr.", "Jae C." and a company's "Inc." keep their point
    if name.endswith(".") and not _KEEP_DOT.search(name) and not name.endswith(_COMPANY_DOT):
        name = name.rstrip(". ")
    half = len(name) // 2
    if half >= 3 and len(name) % 2 == 0 and name[:half] == name[half:]:
        return name[:half]  # "CHRISTOF STACHECHRISTOF STACHE": the desk pasted the name twice
    return name


_ORG_SPLIT = re.compile(r"[\s.,'’]+")
# Organisation words long enough to end a compound without ending a surname by chance.
_COMPOUND_ENDS = tuple(sorted({*(w for w in ORG_WORDS if len(w) >= 6 and w.isalpha()), *_FORMS.compound_ends}))
_AND = re.compile(r"\s+(?:and|&)\s+")


def _split_names(name: str) -> list[str]:
    """"Jane Roe and John Doe" is two photographers; "Texas Parks and Wildlife" is not split
    because each side must look like a person's name (two to four capitalised words)."""
    if " and " not in name and " & " not in name:
        return [name]
    parts = _AND.split(name)
    if all(2 <= len(p.split()) <= 4 and _is_name_like(p) for p in parts):
        return parts
    return [name]


def _is_name_like(text: str) -> bool:
    """Words of a person's or outlet's name: capitalised, initials, particles, numbers, a web
    address; "Special to the" between a name and its publication."""
    if "pecial to" in text:
        text = _FOR.sub(" for ", text)
    words = text.split()
    if not words or len(words) > 9:
        return False
    for w in words:
        c = w[0]
        if c.isupper() or c.isdigit() or c in "'’\"(“" or any(ch.isupper() for ch in w) or w.casefold() in NAME_PARTICLES \
                or w.casefold() in ORG_WORDS:
            continue
        if w.casefold() in _FORMS.org_joiners and _org_like(text):  # "Bundesverband des …": inside a body's name
            continue
        if c.isalpha() and not c.islower() and not c.isupper():  # scripts without case (新华社)
            continue
        if "." in w and _DOMAIN.fullmatch(w.strip(".,;:")):  # "sportshotphoto.com"
            continue
        return False
    return True


# ---------------------------------------------------------------------------
# one statement


def _parse_statement(text: str, lo: int, hi: int, field_key: str, outer: tuple[int, int] | None = None,
                     lenient: bool = False) -> _Parsed | None:
    """Parse the credit statement in ``text[lo:hi]``; ``outer`` is the span to report (with brackets).
    ``lenient``: a credit-like field, where a lone name is a credit.

    The parse depends only on the statement's own text, and a gallery repeats the same few
    statements ("(AP Photo/Jane Roe)") hundreds of times, so parses are cached by that text."""
    s0, e0 = outer if outer else (lo, hi)
    base = _parse_cached(text[s0:e0], lo - s0, hi - s0, field_key, outer is not None, lenient,
                         GENERATION)
    if base is None:
        return None
    c = base.credit
    # A copy the caller may change (the cached one is shared), moved to the statement's place.
    # Through __dict__: a third faster than Credit(...) with thirteen keywords, once per credit found.
    credit = Credit.__new__(Credit)
    d = credit.__dict__
    d.update(c.__dict__)
    d["start"], d["end"] = c.start + s0, c.end + s0
    d["photographers"], d["agencies"] = c.photographers[:], c.agencies[:]
    return _Parsed(credit, base.segs, base.strong, s0)


@lru_cache(maxsize=32768)
def _parse_cached(sub: str, lo: int, hi: int, field_key: str, bracketed: bool, lenient: bool,
                  _generation: int) -> _Parsed | None:
    return _parse_uncached(sub, lo, hi, field_key, (0, len(sub)) if bracketed else None, lenient)


_LEAD_FORM = {"photo-by": "photo-by", "byline": "photo-by", "cms": "cms", "should-read": "should-read", "credit-image": "credit-image",
              "copyright": "copyright", "courtesy": "courtesy"}


def _leadin_at(text: str, lo: int, hi: int) -> tuple[str, int, str | None] | None:
    """(kind, end, source) of the lead-in that starts at ``lo``: a form's own words from
    resources/credit_forms.toml, or an organisation's "<Source> photo by"."""
    m = _FORMS.leadin.match(text, lo, hi)
    if m:
        src = _FORMS.leadin_sources.get(" ".join(m.group(0).casefold().split()).rstrip(" :"))
        return ("official" if src else _FORMS.leadin_kind_of(m.group(0))), m.end(), src
    if " by" in text[lo:hi].lower() or " By" in text[lo:hi] or _OFFICIAL_COLON.search(text, lo, hi):
        m = _OFFICIAL.match(text, lo, hi)
        if m and not (m.group(0).rstrip().endswith(":") and " by" not in m.group(0).lower()
                      and not all(w[:1].isupper() for w in m.group("src").split())):
            # "<Source> photo:" only after a name ("Tribune photo:"), not after a lead-in ("Photographs by Photo:")
            return "official", m.end(), m.group("src").strip()
    return None


def _registered_head(text: str, lo: int, hi: int) -> int | None:
    """The end of the longest name the registry knows (up to three words) that starts at ``lo``,
    within the link before the first separator; None when none does."""
    m = _SEP.search(text, lo, hi)
    words = list(_NONSPACE.finditer(text, lo, m.start() if m else hi))
    reg = _registry()
    for k in (3, 2, 1):
        if k <= len(words) and reg.canonical(text[words[0].start():words[k - 1].end()]) is not None:
            return words[k - 1].end()
    return None


def _strip_rank(name: str) -> str:
    """A photographer's name without the ranks and titles before it ("Staff Sgt.", "Mass
    Communication Specialist 2nd Class", "Dr."), when a name is left after them."""
    m = _FORMS.rank.match(name)
    if m and m.end() < len(name) and name[m.end():].strip()[:1].isupper():
        return name[m.end():].strip()
    return name


# (name, features) of every slot the person model decides, while a bench collects them to train it
TRACE: list[tuple[str, dict[str, float]]] | None = None


def forget_parses() -> None:
    """Forget every remembered parse (after the person model changed: ``use_person_model``)."""
    global GENERATION
    GENERATION += 1
    for clear in (_classify_text.cache_clear, _parse_cached.cache_clear, _name_feats.cache_clear,
                  *_ON_REGISTRY_CHANGE):  # the rules' caches of parses are among these
        clear()


@lru_cache(maxsize=8192)
def _name_feats(name: str, _generation: int) -> dict[str, float]:
    reg = _registry()
    places = _places_folded()
    return name_features(name, ORG_WORDS, _FORMS.org_endings, _FORMS.articles, NAME_PARTICLES, places,
                         lambda w: reg.canonical(w) is not None and reg.canonical(w) not in ("Pool", "Handout",
                                                                                                "Courtesy"))


@lru_cache(maxsize=1)
def _places_folded() -> frozenset[str]:
    from app.rules.presence import _gazetteer  # noqa: PLC0415 - the gazetteer loads on first use

    _names, strong = _gazetteer()
    return frozenset(n.casefold() for n in strong if " " not in n)


def _slot_features(name: str, rule: str, i: int, main: list[_Seg], via: list[_Seg], lead: str | None,
                   has_photographer: bool, has_orgs: bool) -> dict[str, float]:
    """A slot's features: the name's own (``name_features``), where it stands in the chain, what the
    rules say."""
    f = dict(_name_feats(name, GENERATION))
    nxt = main[i + 1] if i + 1 < len(main) else None
    prv = main[i - 1] if i > 0 else None
    f[f"next={nxt.kind if nxt else ('via' if via else 'end')}"] = 1.0
    f[f"prev={prv.kind if prv else 'start'}"] = 1.0
    f[f"lead={lead or 'none'}"] = 1.0
    if has_photographer:
        f["after_photographer"] = 1.0
    if has_orgs:
        f["after_org"] = 1.0
    if len(main) == 1 and not via:
        f["alone"] = 1.0
    f[f"rule={rule}"] = 1.0
    return f


def _parse_uncached(text: str, lo: int, hi: int, field_key: str, outer: tuple[int, int] | None,
                    lenient: bool) -> _Parsed | None:
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1] in " \t\n.。":
        if text[hi - 1] == "." and (_KEEP_DOT.search(text, lo, hi) or text.endswith(_COMPANY_DOT, lo, hi)):
            break  # "Jr.", "Corp.", ", Inc.": the abbreviation owns the stop (as _clean_name keeps it)
        hi -= 1
    if lo >= hi:
        return None
    start, end = outer if outer else (lo, hi)
    flags: dict[str, bool] = {}
    lead = None
    bare = False  # "By", "Photo" without a colon: a credit only before a person's or a known name
    lead_agency: str | None = None
    lead_said = ""  # the photo lead-in's own words ("Foto:"), for [names] surname_leadins
    # lead-ins; "Credit Image: ©" and "credit:" may precede another one
    for _ in range(3):
        found = _leadin_at(text, lo, hi)
        if found is None:
            break
        kind, lead_end, src = found
        if kind == "file":  # "File photo: Jane Roe/AP" (a publisher's file marker)
            flags["file"] = True
            lo = lead_end
            continue
        if kind == "official":
            assert src is not None
            role = _role_of(src)
            if role != "":
                # "Pool photo by Name", "Handout photo by Name": a role word where the organisation of
                # "<Organisation> photo by" stands sets its flag; it names no organisation
                if role:
                    flags[role] = True
                lead = lead or "photo-by"
                lo = lead_end
                while lo < hi and text[lo] in " \t:":
                    lo += 1
                continue
            lead_agency = _registry().canonical(src) or src
        if kind == "courtesy":
            flags["courtesy"] = True
        if kind == "source":
            return _source_statement(text, start, end, lead_end, hi, field_key)
        if kind == "byline" and (_registered_head(text, lo, hi) or 0) > lead_end:
            # the bare word opens a registered organisation's name ("picture alliance/dpa",
            # "picture-alliance/dpa"): the organisation is written, no lead-in
            break
        bare = bare or kind == "byline"
        if lead is None:
            lead_said = text[lo:lead_end]
        lead = lead or _LEAD_FORM.get(kind, kind)
        lo = lead_end
        while lo < hi and text[lo] in " \t:":
            lo += 1
    # a lead-in that is a source role word of credit_forms.toml [roles] ("Screenshot:"): what follows is copied
    lead_source = bool(lead_said) and ROLES.get(fold(lead_said.rstrip(" \t:"))) == "source"
    low = text[lo:hi].lower()
    # trailing ", File" / ", Pool"
    while "," in text[lo:hi]:
        m = _SUFFIX_FLAG.match(text, text.rindex(",", lo, hi), hi)
        if not m:
            m = _SUFFIX_FLAG.search(text, lo, hi)  # "File ." with spaces before the comma
        if not m:
            break
        flags[ROLES.get(fold(m.group("w"))) or "file"] = True
        hi = m.start()
    if lo >= hi:
        if lead_agency is None:
            return None
    # split off "via X" parts
    parts: list[tuple[int, int]] = []
    pos = lo
    for m in _VIA.finditer(text, lo, hi) if "via" in low or "＝" in low else ():
        parts.append((pos, m.start()))  # empty when the value starts with "via" ("via Getty Images")
        pos = m.end()
    parts.append((pos, hi))
    main = _split(text, *parts[0]) if parts[0][0] < parts[0][1] else []
    via = [s for p in parts[1:] for s in _split(text, *p)]
    segs = main + via

    photographers: list[str] = []
    orgs: list[str] = []  # in the order written
    prefix_wire: str | None = None
    reg = _registry()
    structure = None
    via_distributor = any(v.kind == "agency" and v.canonical in _distributors(GENERATION) for v in via)
    n_main = len(main)
    last_person = -2  # the index in ``main`` of the last link read as a person
    partner_at = _partner_slot(main, reg)
    for i, s in enumerate(main):
        if s.kind == "contact":
            continue
        if s.kind == "role":
            if s.canonical:
                flags[s.canonical] = True
            continue
        if s.flag:
            flags[s.flag] = True
        if s.kind in ("agency", "getty-for"):
            a = reg.find(s.canonical or "")
            nxt_a = reg.find(main[1].canonical or "") if n_main > 1 and main[1].kind == "agency" else None
            # the first link's question only: asked at every agency link, 4,000 agencies were 16 million look-ups
            later = [reg.find(g.canonical or "") for g in main[2:] if g.kind == "agency"] if i == 0 else []
            if i == 0 and n_main > 1 and a is not None and a.prefix and prefix_wire is None and not (
                    nxt_a is not None and (nxt_a.distributor or nxt_a.kind in ("agency", "collection", "stock")
                                           or (nxt_a.kind == "wire" and nxt_a.prefix))) \
                    and not any(b is not None and b.distributor for b in later):
                # the wire's own mark before the photographer: "REUTERS/Name", "AFP PHOTO/NAME/ISNA";
                # it moved the picture of any other source the chain names ("REUTERS/KCNA"). Not before
                # a second wire that writes its own mark ("EFE - EPA - NAME", "PHOTOS: EPA-EFE, REUTERS"):
                # wires are no third party, the two stand in the order written (dev g2-0245, g5-0256/0257)
                prefix_wire = s.canonical
                structure = "ap-signoff" if s.canonical == "Associated Press" else "agency-prefix"
                continue
            if i == 0 and n_main == 1 and not via and a is not None and a.prefix and not lead \
                    and s.canonical == "Associated Press" and "photo" in s.text.casefold():
                structure = "ap-signoff"
            orgs.append(s.canonical or s.text)
            continue
        if s.kind == "glued":  # "Name-USA TODAY Sports"
            head = _strip_rank(_clean_name(_glued_head(s.text)))
            if not photographers and any(ch.isalpha() for ch in head):  # "–  –  - AP Photo": dashes, no name
                photographers.append(head)
            orgs.append(s.canonical or s.text)
            continue
        name = _clean_name(_YEAR_HEAD.sub("", s.text))
        if not name or not any(ch.isalpha() for ch in name):
            continue
        if i == partner_at:  # the partner agency's name as written ("Gonzales Photo" is its name)
            orgs.append(reg.canonical(name) or name)
            continue
        if _DATE_NAME.match(name):
            return None  # a date where a name stands: the caption's words, not a credit
        if not name.isascii() and name.startswith(_ZH_REPORTER) and _CJK_NAME.fullmatch(name):
            name = _han_name(name[len(next(w for w in _ZH_REPORTER if name.startswith(w))):])  # "記者楊佩琪" -> "楊佩琪"
            name = name.removesuffix("攝").removesuffix("摄") if len(name) > 3 else name
        ranked = _ORG_RANK.search(name) if not photographers else None
        if ranked and ranked.start() > 0:
            head = name[: ranked.start()].strip()
            if reg.canonical(head) is not None or _org_like(head):
                # "U.S. Army Staff Sgt. Sharon Matthias": the unit, then its photographer
                orgs.append(reg.canonical(head) or head)
                name = name[ranked.start():]
        cm = _COURTESY_HEAD.match(name)
        if cm and cm.end() < len(name):  # "AFP PHOTO / COURTESY OF JULIE BERDEAUX"
            flags["courtesy"] = True
            name = name[cm.end():]
        fm = _FOR.match(name) if photographers and ("pecial" in name or name[:4].casefold() == "for ") else None
        if fm and fm.end() < len(name):  # "Jane Roe, Special To SFGate": the publication she shot for
            name = name[fm.end():].strip()
            orgs.append(reg.canonical(name) or name)
            continue
        if name.startswith("the ") and len(name) > 4:  # "courtesy of the Syracuse Fire Department"
            name = name[4:]
        if photographers and name in photographers:
            continue  # "Credit: Muyi Li , Muyi Li": the name given twice is one photographer
        if not photographers and (" for " in name.lower() or "pecial to" in name):
            fm = _FOR.search(name)
            if fm and fm.start() > 0 and not _org_like(name[: fm.start()]):
                # "Jane Roe for The Times": the photographer and the publication she shot for
                client = name[fm.end():].strip()
                # "Name for the Navy": a lower-case article is the sentence's, a capital one the name's
                # ("for The Times"), as after "courtesy of the" (dev l16-0003)
                if client.startswith("the ") and len(client) > 4:
                    client = client[4:]
                photographers.extend(_strip_rank(n) for n in _split_names(name[: fm.start()]))
                orgs.append(reg.canonical(client) or client)
                continue
        person = _person_like(name)
        # "(Orlando Sentinel via AP)": a lone name a wire moved is its source, unless it reads as
        # a person's ("(Chris Hasson via AP)")
        lone_before_wire = n_main == 1 and via and not via_distributor and not person
        nxt = main[i + 1] if i + 1 < n_main else None
        # an acronym first, a person after it: "SR/C. Ohnesorg", "MDR/Alba-Marie Schmidt"; or alone
        # after a lead-in: "(Foto: SR)", "(Photo: USFWS)"
        # so is one capitalised word before a person's name ("Politiken/Rasmus Baaner"): a name is
        # two words or more, an outlet often one; or one lower-case word, a brand written so
        # ("xcitepress/Thomas Baier", "ccnull/Marco Verch": dev tag24.de g10-0017, evang.at g11-0098)
        acronym = (_ACRONYM.fullmatch(name) is not None
                   or (" " not in name and (name[:1].isupper() or name[:1].islower()))) and (
            (not photographers and nxt is not None and nxt.kind == "name" and _person_like(_clean_name(nxt.text))
             and not _person_like(name))
            or (n_main == 1 and lead is not None and not via and _ACRONYM.fullmatch(name) is not None))
        # an acronym (digits allowed) before one capitalised word that ends the chain: the outlet, then its
        # photographer's surname ("© NEWS5/Fricke", "Bildquelle: DTB/Rösler": dev tag24.de g10-0018, dtb.de g11-0046);
        # a word that names a place or an organisation after it is none ("NOAA/Fisheries")
        acronym = acronym or (not photographers and nxt is not None and nxt.kind == "name" and i + 2 == n_main
                              and not via and _NAME_ACRONYM.fullmatch(name) is not None and _surname_link(nxt.text))
        # an acronym of four letters or more alone before a registered agency: the source whose picture the agency
        # moved ("© BMEL / Photothek", "(Picture: EOSDIS/Nasa/SWNS)": dev bmel.de, metro.co.uk); two or three capitals
        # there are as often a photographer's initials ("NDZ/STAR MAX/IPx", the labelled set), so "SWR/picture
        # alliance/dpa" and "SN/APA/KEYSTONE/Name" (dev ostbelgiendirekt.be, sn.at) stay as they were
        acronym = acronym or (not photographers and not orgs and nxt is not None and nxt.kind == "agency"
                              and _NAME_ACRONYM.fullmatch(name) is not None and name.isalpha() and len(name) >= 4)
        # after "Reprodução" (a copy of someone's post) every name is the source: "reprodução/Instagram"; so after
        # a lead-in that is such a word ("Screenshot: Kotaku / Capcom", kotaku.com g47-0001), save a user's handle
        # in lower case, who posted what the screen shows ("(Screenshots: Instagram/ kimkardashian)", g11-0099)
        source = flags.get("source", False) or (lead_source and not name[:1].islower())
        run_together = (not photographers and not orgs and " " not in name and nxt is not None
                        and nxt.kind == "agency" and _BRAND.fullmatch(name) is not None and name[0] != "@")
        if run_together:  # "(SaulLoeb/Getty Images)": the photographer's slot
            photographers.append(name)
            continue
        if source:
            orgs.append(_PHOTO_TAIL.sub("", name) or name)
            continue
        # the hand-written rules' reading of the slot ...
        if _org_like(name) or lone_before_wire or (lead == "courtesy" and not person) or acronym \
                or (not photographers and _org_evidence(name)) \
                or (not photographers and bool(lead_said) and source_names_org(name, lead_said)) \
                or (_ACRONYM.fullmatch(name) is not None and len(main) > 1 and (orgs or prefix_wire)):
            rule = "org"
        elif not photographers and lead == "photo-by" and not bare and not via \
                and sum(g.kind != "role" for g in main) == 1 and surname_alone(name, lead_said):
            # "Foto: Schwark", "Fotos: Borho": German local papers credit their photographer by surname
            # ([names] surname_leadins); what says organisation (the registry, [organisations] words, a
            # brand's or an acronym's shape) was asked above
            rule = "person"
        elif not photographers and lead in ("cms", "photo-by", "copyright") and not bare and not via \
                and sum(g.kind != "role" for g in main) == 1 \
                and " " not in name and not (name.isupper() and len(name) > 4) \
                and (not _CJK_NAME.fullmatch(name) or _ko_public_body(name)):
            # "Credit: Spotify", "Bild: Paneuropa": a one-word source is an organisation; in Korean, where a
            # name is one word too, only a public body's ("(사진=서울시)", dev k11-0009)
            rule = "org-one-word"
        elif not photographers:
            rule = "person"
        elif not orgs and nxt is not None and nxt.kind == "agency" and person:
            rule = "person-more"  # "Name/Name/GC Images": two photographers, one agency
        elif orgs and person and last_person == i - 1 and all(g.kind == "name" for g in main[i + 1:]):
            # "NASA/JPL-Caltech/SwRI/MSSS/Gerald Eichstadt/Sean Doran": once a chain that opened with
            # its organisations reaches its people, a further person's name after a person is a second
            # person (dev l13-0008), not an organisation: the sources come first. A chain
            # that opens with the person ("Jane Roe/Harbor Tribune") keeps its outlet after her
            rule = "person-more"
        else:
            rule = "org-later"
        is_person = rule.startswith("person")
        # ... weighed with the evidence of the words themselves when a person model is in use
        # (app.credit_forms.person_model; none is shipped: bench/train_credit_model.py says why)
        model = person_model()
        if model is not None or TRACE is not None:
            feats = _slot_features(name, rule, i, main, via, lead, bool(photographers), bool(orgs or prefix_wire))
            if TRACE is not None:
                TRACE.append((name, feats))
            if model is not None:
                is_person = model.logit(feats) > 0.0
        if is_person:
            last_person = i
        if is_person and not photographers:
            photographers.extend(_strip_rank(n) for n in _split_names(name))
        elif is_person:
            photographers.append(_strip_rank(name))
        else:
            orgs.append(_PHOTO_TAIL.sub("", name) or name)
    wires: list[str] = []
    for s in via:
        if s.kind == "contact":
            continue
        if s.kind == "role":
            if s.canonical:
                flags[s.canonical] = True
            continue
        if s.flag:
            flags[s.flag] = True
        canon = s.canonical if s.kind in ("agency", "getty-for") else _clean_name(s.text)
        if s.kind == "name" and not photographers and (orgs or prefix_wire or wires) and canon \
                and not _org_like(canon):
            photographers.append(canon)  # "Action Images via Reuters/Carl Recine"
            continue
        if canon:
            wires.append(canon)
    if lead_agency and lead == "official":
        orgs.insert(0, lead_agency)
    if bare and not (any(g.kind == "agency" for g in segs)
                     or (photographers and _person_like(photographers[0]) and not photographers[0][:1].islower())
                     or any(flags.values())):
        # "By Tuesday, …", "Photo Gallery": prose, not a credit; nor a bare word before lower-case
        # words ("Photo of the week", "Pic du Midi"), though particles may sit inside a name
        return None
    agencies: list[str] = []
    for a in [*orgs, *([prefix_wire] if prefix_wire else []), *wires]:
        if a and a not in agencies:
            agencies.append(a)
    # The last agency moved the image when someone else made it: an agency before it in the
    # chain, or a "via" that says so (a pool or handout picture "via AP"). One agency alone
    # ("Jane Roe/Getty Images", "REUTERS/Jane Roe") is its own staff's credit.
    via_moved = any(s.kind in ("agency", "getty-for") or (s.kind == "name" and _clean_name(s.text)) for s in via)
    distributor = agencies[-1] if agencies and (len(agencies) > 1 or via_moved) else None
    if distributor is None and len(agencies) == 1 and _one_agency_two_names(segs, agencies[0]):
        distributor = agencies[0]
    if distributor and not via and not photographers and len(main) > 1 and all(
            s.kind == "agency" and getattr(reg.find(s.canonical or ""), "kind", None) == "wire" for s in main) \
            and all("," in text[a.end:b.start] for a, b in zip(main, main[1:], strict=False)):
        # "PHOTOS: EPA-EFE, REUTERS": wires listed with commas are the sources of several pictures, one
        # each; none moved another's (dev g5-0256/0257). A chain ("EFE - EPA", "Lusa/EPA") keeps its last
        distributor = None
    has_sep = len(segs) > 1
    if not lead and not agencies and not any(flags.values()):
        # "(Tom Fox / Staff Photographer)", "Ben Gray / bgray@ajc.com": a name with a role word or
        # the photographer's address says credit too
        if not (lenient and photographers) and not (photographers and any(g.kind in ("role", "contact")
                                                                          for g in segs)):
            return None
    if not lenient and not lead:
        # free-standing text must look like a credit, not a phrase that mentions an agency
        if any(s.kind == "name" and not _is_name_like(s.text) for s in segs):
            return None
    form = lead or structure
    if form is None:
        if via:
            form = "via"
        elif any("–" in text[a.end:b.start] or "—" in text[a.end:b.start] or " - " in text[a.end:b.start]
                 for a, b in zip(segs, segs[1:], strict=False)):
            form = "dash"
        elif has_sep and any(s.kind == "name" for s in segs):
            form = "name-agency"
        elif agencies:
            # "Dana Ortiz for The Harbor Tribune": one link, but a photographer in it (walk18)
            form = "name-agency" if photographers else "agency-only"
        else:
            form = "name"
    if _FORMS.ko_pool and any(a.endswith(_FORMS.ko_pool) for a in agencies):
        flags["pool"] = True  # "(사진=공동취재단)": a press pool's picture
    credit = Credit(text=text[start:end], start=start, end=end, field=field_key, photographers=photographers,
                    agencies=agencies, distributor=distributor, file=flags.get("file", False),
                    pool=flags.get("pool", False), handout=flags.get("handout", False),
                    courtesy=flags.get("courtesy", False), stringer=flags.get("stringer", False), form=form,
                    client=next((s.client for s in segs if s.kind == "getty-for" and s.client), None))
    return _Parsed(credit, segs, strong=lead is not None)


def _one_agency_two_names(segs: list[_Seg], canonical: str) -> bool:
    """The chain writes an agency's brand, then the agency under its own name: "picture alliance/dpa",
    "picture alliance/Name/dpa" (dpa's picture brand, then the wire; dev ndr.de, fr.de, correctiv.org,
    ostbelgiendirekt.be, br.de). Two links, so the last moved the picture, as for two organisations.
    Not the brand last ("Name/dpa/picture alliance", "Name/PA Archive/PA Images": the written set's one
    organisation, no distributor), a name written twice ("NTB / NTB"), nor the agency's own mark beside
    its name ("AFP PHOTO/AFP")."""
    names = [" ".join(fold(s.text).split()) for s in segs if s.kind == "agency" and s.canonical == canonical]
    own = " ".join(fold(canonical).split())
    if len(names) < 2 or names[-1] != own or own in names[:-1]:
        return False
    return not any(own in a.split() for a in names[:-1])


def _source_statement(text: str, start: int, end: int, lo: int, hi: int, field_key: str) -> _Parsed | None:
    """After a "taken from" lead-in ([leadins] source: "圖/翻攝自"), the rest of the statement names one
    source as written, whatever marks it holds ("東海岸即時影像 - 金樽遊憩區YT" is one channel's name): the
    organisation, with no one named. A person's name never follows these words."""
    while lo < hi and text[lo] in " \t:：":
        lo += 1
    while hi > lo and text[hi - 1] in " \t,，、":
        hi -= 1
    if lo >= hi:
        return None
    name = text[lo:hi]
    org = _registry().canonical(name) or name
    seg = _Seg(name, lo, hi, "agency", org)
    credit = Credit(text=text[start:end], start=start, end=end, field=field_key, photographers=[], agencies=[org],
                    form="cms")
    return _Parsed(credit, [seg], strong=True)


# ---------------------------------------------------------------------------
# finding statements


def caption_says_file(text: str, low: str | None = None) -> tuple[int, int] | None:
    """The span of the caption's own file-photo marker ("FILE - ", "In this 2019 file photo",
    "(reissued …)"), or None. ``low``: ``text.lower()`` when the caller has it."""
    if not text:
        return None
    if low is None:
        low = text.lower()
    if "file" not in low and "reissued" not in low and "archive" not in low:
        return None
    m = _FILE_MARK.search(text)
    if not m:
        return None
    g = m.lastgroup or "m"
    return m.start(g), m.end(g)


_RUN_IN_NAME = re.compile(r"(?<=[^\W\d_]{2}\.)(?P<n>[A-ZÀ-Þ][^\W\d_]+(?:[ \t]+[A-ZÀ-Þ][^\W\d_]+){1,2})[ \t]+$")
# the same name after the caption's full stop and one blank ("… de 2024. Alketa Misja (dpa/…)")
_SPACED_NAME = re.compile(r"(?<=[^\W_)]\.[ \t])(?P<n>[A-ZÀ-Þ][^\W\d_]+(?:[ \t]+[A-ZÀ-Þ][^\W\d_]+){1,2})[ \t]+$")


def _bracket_credits(text: str, field_key: str, out: list[Credit]) -> list[tuple[int, int]]:
    spans = []
    for m in _BRACKET.finditer(text):
        # Spans and groups by number, read once: nearly every caption has a bracket.
        span = m.span()
        ms, me = span
        spans.append(span)
        inner_lo, inner_hi = m.span(1)
        close, opened = m.group(2, 3)  # (?P<close>, (?P<open>
        unclosed = opened is not None
        # "LONDON (Reuters) - " is a dateline, not a credit
        if close and _DASH_AFTER.match(text, me, me + 4) and "/" not in text[inner_lo:inner_hi]:
            continue
        if text[inner_lo:inner_hi].strip().lower() in ("c", "c)"):
            spans.pop()  # "(c)" is a copyright sign, read as "©" is (_FREE_LEADIN): left unmasked
            continue
        if _FORMS.stop.match(text, inner_lo):
            continue  # "(PHOTO NOT FOR SALE)" is a restriction
        p = _parse_statement(text, inner_lo, inner_hi, field_key, outer=span)
        if p is None:
            inner = text[inner_lo:inner_hi].strip()
            tail = _PHOTO_TAIL.search(inner)
            if close and not text[me:].strip(" \t.") and tail and _is_name_like(inner[:tail.start()]) \
                    and len(inner[:tail.start()].split()) <= 4:
                # "(DHA Photo)", "(Post Today photo)": an outlet's own picture at the caption's end
                org = inner[:tail.start()]
                out.append(Credit(text=text[ms:me], start=ms, end=me, field=field_key,
                                  agencies=[_registry().canonical(org) or org], form="agency-only"))
                continue
            if close and not text[me:].strip(" \t.") and _short_name_alone(text, ms, inner):
                out.append(Credit(text=text[ms:me], start=ms, end=me, field=field_key, agencies=[inner],
                                  form="agency-only"))
                continue
            if close and not text[me:].strip(" \t.") and _person_like(inner):
                # "… DeKalb, IL on Thursday, May 13, 2021. (Mark Black)", "[KIM KYOUNG-ROK]": a name alone in
                # the bracket that ends the caption is its photographer
                p = _parse_statement(text, inner_lo, inner_hi, field_key, outer=span, lenient=True)
                if p is not None and p.credit.photographers and not p.credit.agencies:
                    out.append(p.credit)
            continue
        if len(p.segs) == 1 and not p.strong and p.segs[0].kind == "agency" and _expands(text, ms, p.segs[0].text):
            continue  # "… Space Administration (NASA).": the bracket spells out the words before it
        if not p.strong and not any(g.kind == "agency" for g in p.segs) and "/" not in text[inner_lo:inner_hi] \
                and sum(g.kind == "name" for g in p.segs) >= 2 \
                and not (p.credit.photographers and _person_like(p.credit.photographers[0])
                         and any(_org_like(a) for a in p.credit.agencies)) and not (p.credit.handout or p.credit.courtesy):
            continue  # "(Brazil, Argentina, Paraguay and Uruguay)": a list, not "(Name, Outlet)"
        if not p.strong and not p.credit.agencies and not (p.credit.handout or p.credit.courtesy) and not (
                len(p.segs) == 2 and p.segs[1].kind == "role" and p.credit.photographers
                and _person_like(p.credit.photographers[0])) and not _signed(p):
            continue  # "(Tom Fox / Staff Photographer)": a name and a role word is a credit too
        if len(p.segs) == 1 and not p.strong and not _ENDS_SENTENCE.match(text, me):
            continue  # "North Korea's Korean Central News Agency (KCNA) said": an abbreviation, not a credit
        if not p.strong and all(g.kind == "name" for g in p.segs) and all(len(g.text.split()) < 2 for g in p.segs):
            continue  # "(Yes/No)": an unknown outlet is only believed after a full name
        if unclosed and not p.strong and len(p.segs) < 2 and all(g.kind == "name" for g in p.segs):
            continue  # an unclosed bracket is a broken credit only when it names an agency or reads "Name/Outlet"
        if p.credit.agencies and not p.credit.photographers and not p.strong and not text[me:].strip(" \t.") \
                and ms > 0 and text[ms - 1] in " \t":
            # "… el 2 de mayo.Fernando Vergara (AP)": the photographer's name run into the caption's last
            # word before the agency's bracket (El País), a name the name lists know
            run = _RUN_IN_NAME.search(text, max(0, ms - 60), ms)
            spaced = None if run else _SPACED_NAME.search(text, max(0, ms - 60), ms)
            if spaced and _person_like(spaced.group("n")) and not _org_like(spaced.group("n")) \
                    and any(_registry().canonical(a) is not None for a in p.credit.agencies) \
                    and spaced.group("n").casefold() not in _places_folded():
                # "… el 1 de agosto de 2024. Alketa Misja (dpa/picture alliance via Getty)": the same slot after
                # the full stop and a blank (El País's caption and credit spans joined; dev g60-0018 … 0021,
                # g66-0025 … 0028): a registered agency's bracket closing the caption vouches for the slot, so
                # a name the lists do not know ("Florion Goga") is read too
                run = spaced
            if run and (run is spaced or _name_evidence(run.group("n")) >= 1) and _person_like(run.group("n")):
                p.credit.photographers = [run.group("n")]
                p.credit.start, p.credit.text = run.start("n"), text[run.start("n"):p.credit.end]
        if unclosed:  # the credit runs to the end of the line: report it without trailing blanks
            e = inner_hi
            while e > ms and text[e - 1].isspace():
                e -= 1
            p.credit.end, p.credit.text = e, text[ms: e]
        out.append(p.credit)
    return spans


def _short_name_alone(text: str, at: int, inner: str) -> bool:
    """Whether the bracket at ``at`` that closes the caption holds an organisation's short name
    and nothing else: an acronym in capitals ("… Riyadh Summit (SPA)", "… Parade(WGEM)"; l11-0001,
    g6-0132, g5-0352). The caption's own words never end in a lone acronym unless it spells out the
    words before it ("… the Gulf Cooperation Council (GCC)"), names a place ("in Dubai (UAE)") or is
    a role word ("(FILE)", "(HO)"): those are no credit."""
    if len(inner) < 3 or not _ACRONYM.fullmatch(inner) or _role_of(inner) != "" or _expands(text, at, inner):
        return False
    # French and Spanish write a name's later words in lower case ("la Confédération nationale du
    # travail (CNT)", g4-0184): their initials, particles left out, spell it out just the same
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text[max(0, at - 120):at])
             if w.casefold() not in NAME_PARTICLES]
    if "".join(w[0] for w in words[-len(inner):]).upper() == inner:
        return False
    return inner.casefold() not in _places_folded() and not _FORMS.stop.match(inner)


def _expands(text: str, at: int, acronym: str) -> bool:
    """Whether the capitalised words before ``at`` spell ``acronym`` ("National Aeronautics and
    Space Administration (NASA)"): the bracket explains a name, it credits nobody."""
    letters = [ch for ch in acronym if ch.isalpha()]
    if not 2 <= len(letters) <= 8 or not acronym.isupper():
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text[max(0, at - 120):at])
             if w[0].isupper()]
    initials = "".join(w[0] for w in words[-len(letters):]).upper()
    return initials == "".join(letters).upper()


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank the inside of brackets (same length, so offsets hold). The bracket characters stay:
    a free-standing credit must stop at them, not run across "(AW)" into the next words."""
    if not spans:
        return text
    parts = []
    pos = 0
    for a, b in spans:
        parts.append(text[pos:a])
        closed = b - a >= 2 and text[b - 1] in ")]}）"
        parts.append(text[a] + " " * (b - a - 1 - closed) + (text[b - 1] if closed else ""))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


# Where a credit run into the text starts inside a word: after a sentence's full stop or a
# bracket with no space ("Saturday.Erin Clark", ")ASSOCIATED PRESS"), after digits ("2017REUTERS"),
# after a year run into a name that a chain follows ("Festival 2020Szymon Aksienionek/REPORTER / East News").
# Every branch needs a capital next, tested first: the engine tried the five look-behinds at every
# position (a scan of a caption's last 90 characters 12 -> 4.3 us).
_RUN_IN = re.compile(r"(?=[A-ZÀ-Þ])(?:(?<=[^\W\d_]{2}[.)])|(?<=[\d)][.)])|(?<=\))(?=[A-Z]{2})"
                     r"|(?<=\d)(?=[A-Z]{2})|(?<=\d{4})(?=[A-ZÀ-Þ][^\W\d_]+[ \t]+[A-ZÀ-Þ][^\W\d_/]+/))")


_HANGUL_STOP = lazy_compile(r"[\uac00-\ud7a3][.!?]")


# A stock library's contributor as the library writes the user name: one token, lower case and digits allowed
# ("aremac", "user123", "jane-doe", "filmfoto")
_USER = re.compile(r"\w[\w.\-]{1,39}")
_NEXT_LINK = re.compile(r"[ \t]*(?:[/|]|[-–—](?=[ \t]))[ \t]*([^\s/|,]+)(?:[ \t]+([^\s/|,]+))?")


def _stock(name: str) -> bool:
    """Whether ``name`` is a registered stock library (agencies.toml kind stock: "Pixabay", "stock.adobe.com")."""
    reg = _registry()
    a = reg.find(reg.canonical(name.strip(".")) or "")
    return a is not None and a.kind == "stock"


def _stock_after(text: str, sep: int) -> bool:
    """Whether the link after the separator at ``sep`` is a stock library, named in one or two words."""
    m = _NEXT_LINK.match(text, sep)
    return m is not None and (_stock(m[1]) or bool(m[2]) and _stock(f"{m[1]} {m[2]}"))


def _trim_left(text: str, lo: int, first_sep: int) -> int:
    """Move ``lo`` right past words that cannot start a credit: sentence ends, lower-case words,
    and dates, so ". REUTERS/Jane Roe" starts at REUTERS."""
    if not text.isascii():
        # scripts without spaces end a sentence with "。" inside what reads as one word here
        k = max(text.rfind(ch, lo, first_sep) for ch in "。！？；，、")
        if k >= 0:
            lo = k + 1
        # a Korean sentence ends in a full stop run into what follows ("… 흔들고 있다./연합")
        for m in _HANGUL_STOP.finditer(text, lo, first_sep):
            lo = m.end()
    words = [(m.start(), m[0]) for m in _NONSPACE.finditer(text[lo:first_sep])]
    keep = len(words)
    last = keep - 1
    for i in range(last, -1, -1):
        if i < last and _RUN_IN.search(words[i][1]):
            keep = i  # "… project.FRED LUM/The Globe": the credit starts inside this word (below)
            break
        may_credit, ends_sentence = _left_word(words[i][1], GENERATION)
        if not ends_sentence and words[i][1] in _FORMS.state_abbreviations \
                and text[:lo + words[i][0]].rstrip().endswith(","):
            # "…in Harbor City, Md. Rob Carr/Getty Images": a state after its city closes the
            # sentence, where a short abbreviation alone ("Md. Manik/ZUMA") may open a name
            ends_sentence = True
        if not may_credit and i == last and _USER.fullmatch(words[i][1]) and _stock_after(text, first_sep):
            keep = i  # "© aremac / Clipdealer", "Foto: user123 / Pixabay": the library's user name, one token
            break
        if not may_credit and not _registered_around(tuple(w for _, w in words[max(0, i - 2):i + 3]),
                                                     i - max(0, i - 2), GENERATION):
            break
        wend = lo + words[i][0] + len(words[i][1])
        if ends_sentence and (i < last or text[wend:first_sep].strip(" \t") == ""
                              and (first_sep > wend or text[first_sep + 1:first_sep + 2] in " \t")):
            # a sentence ends here ("… św. Anny. / PAP"), also when the separator after its full
            # stop is spaced on its right only ("… Park Won-soon./ Courtesy of …"): a name's last
            # word never ends in a full stop, a slash and a blank; unspaced ("Doe./AP") it stays open
            break
        keep = i
    # A lower-case particle joins name words ("Lucas de Souza"); it never starts a name, so
    # "(AP Photo/Jane Roe) and JOHN DOE/AFP" credits JOHN DOE, not "and JOHN DOE".
    while keep < len(words) and words[keep][1][0].islower() and words[keep][1].casefold() in NAME_PARTICLES:
        keep += 1
    if keep >= len(words):
        return first_sep
    at = lo + words[keep][0]
    run = _RUN_IN.search(words[keep][1])
    if run:  # "Saturday.Erin Clark/Globe Staff", "2017REUTERS/Name": the credit starts inside the word
        at += run.start()
    return at


@lru_cache(maxsize=8192)
def _left_word(w: str, _generation: int) -> tuple[bool, bool]:
    """(may belong to a credit, ends a sentence) for a word before a chain separator. The words
    there repeat item after item ("2017.", "REUTERS", a photographer's name), so they are
    remembered; the registry decides some, so a registry change forgets them."""
    # "Has an upper-case letter" without a generator when ASCII, where lower() changes
    # exactly the letters isupper() accepts.
    ok = (w[0].isupper() or (w[0].isalpha() and not w[0].islower())
          or (w.lower() != w if w.isascii() else any(ch.isupper() for ch in w))
          or w.casefold() in NAME_PARTICLES or w.casefold() in ORG_WORDS
          or _registry().canonical(w) is not None or fold(w) in ROLES or _ORDINAL.fullmatch(w) is not None)
    return ok, w.endswith(".") and not _ABBREV_LEFT.fullmatch(w)


on_registry_change(_left_word.cache_clear)


def _registered_pair(before: str, word: str) -> bool:
    """Whether a word a credit would stop at ends a registered name with the word before it:
    the lower-case brand "picture alliance" in "SWR/picture alliance/dpa". Only the link each word
    has on that side counts ("SWR/picture" gives "picture", "alliance/dpa" gives "alliance")."""
    head = _AFTER_SEPARATOR.sub("", word)
    tail = _BEFORE_SEPARATOR.sub("", before)
    return bool(head and tail) and _registry().canonical(f"{tail} {head}") is not None


_AFTER_SEPARATOR = re.compile(r"[/|].*$")  # a word's part from its first separator on ("alliance/dpa")
_BEFORE_SEPARATOR = re.compile(r"^.*[/|]")  # ... up to its last separator ("SWR/picture")


@lru_cache(maxsize=8192)
def _registered_around(words: tuple[str, ...], i: int, _generation: int) -> bool:
    """Whether ``words[i]`` is part of a registered name of two or three words around it
    ("© picture alliance/SZ Photo": "picture" and "alliance" are dpa's brand, not prose).
    ``words``: the words around it, two either side at most, which is all it reads; the words
    before a chain repeat item after item ("2018.", "REUTERS"), and the up to five registry
    lookups of names joined on the fly took ~13 us a chain (first sight, the gate's gallery)."""
    reg = _registry()
    for a in range(max(0, i - 2), i + 1):
        for b in range(i, min(len(words), a + 3)):
            if b > a and reg.canonical(" ".join(_AFTER_SEPARATOR.sub("", words[k]) if k == b else words[k]
                                                 for k in range(a, b + 1))) is not None:
                return True
    return False


on_registry_change(_registered_around.cache_clear)


@lru_cache(maxsize=8)
def _stop_starts(text: str) -> tuple[int, ...]:
    """Every position a stop phrase starts at in ``text``, overlapping ones too, found in one
    pass: a long text's credits each looked for their stop up to the text's end, and a text of
    65,536 characters without one was read once per credit."""
    return tuple(m.start() for m in _FORMS.stop_at.finditer(text))


# Below this many characters a stop is searched for directly: a caption's usual case, no table built.
_STOP_DIRECT = 4096


def _stop_start(text: str, lo: int, hi: int) -> int | None:
    """Where ``_FORMS.stop.search(text, lo, hi)`` starts, None without a match, exactly. The
    search sees the text end at ``hi``, so only a match ending there can differ from one in
    the whole text ("WARNING" in a cut "WARNINGS"); one starting more than the longest phrase
    before ``hi`` ends before it, and the table of ``_stop_starts`` answers for those."""
    near = hi - _FORMS.stop_longest
    if near - lo > _STOP_DIRECT:
        starts = _stop_starts(text)
        i = bisect_left(starts, lo)
        if i < len(starts) and starts[i] < near:
            return starts[i]
        lo = near  # none before: only the last phrase's length can still hold one
    stop = _FORMS.stop.search(text, lo, hi)
    return stop.start() if stop else None


def _trim_right(text: str, lo: int, hi: int) -> int:
    """Where a free-standing credit that runs from ``lo`` ends: before a desk's trailer or tag
    (resources/credit_forms.toml [stops]), a run of blanks, a word a name never holds (lower
    case prose, digits: "KSC-2012-4029"), or after the word that ends the sentence."""
    stop = _stop_start(text, lo, hi)
    if stop is not None:
        hi = stop
    last = 0  # where the credit ends when its first word is a desk's trailer
    prev_end = 0
    prev_word = ""
    for n, m in enumerate(_NONSPACE.finditer(text[lo:hi])):
        w = m[0]
        if n == 1 and _YEAR_WORD.fullmatch(w) and _registry().canonical(prev_word) is not None:
            last = prev_end = m.end()  # "© AFP 2022 / Name": the notice's year after the opening agency
            continue
        if w.rstrip(".") in TRAILER_WORDS:
            break
        at = w.rfind("/") + 1
        if (last or at) and (w[at:at + 2].casefold() == "cc" or w[at:at + 8].casefold() == "creative"):
            lic = _FORMS.licence.match(text, lo + m.start() + at, hi)
            if lic is not None and (lic.end() == hi or not text[lic.end()].isalnum()):
                return _after_licence(text, lic.end(), hi)  # read whole: "Name/cc by sa 2.0"
        if prev_end and m.start() - prev_end >= 2 and "  " in text[lo + prev_end:lo + m.start()]:
            break  # "Credit: NASA/Paul E. Alers  To read more": a run of blanks ends it
        if last and not _right_word(w, GENERATION) and not _registered_pair(prev_word, w) \
                and not _inside_org(text, lo + m.end(), hi, prev_word, w):
            if _stock_user_right(text, prev_word, w, lo + m.end(), hi):
                last = m.end()  # "iStockphoto | filmfoto", "Pixabay / user123": the user name ends the line
            break
        if last and w[0].isupper() and (lead := _FORMS.leadin.match(text, lo + m.start())) \
                and lead.group(0).rstrip().endswith(":"):
            break  # "© picture alliance/dpa Foto: Name": a lead-in with its colon opens the next statement
        last = m.end()
        prev_end = m.end()
        prev_word = w
        # "Smith/U.S. Office of War Information": the word after a separator is judged alone
        tail = w.rsplit("/", 1)[-1] if "/" in w else w
        if w.endswith(".") and not _ABBREV_RIGHT.fullmatch(tail) and tail not in _FORMS.abbreviations:
            break  # the sentence (and the credit) ends here
    else:
        return hi
    return lo + last


def _org_word(w: str) -> bool:
    """Whether one word is an organisation word of [organisations] or ends a German compound with one."""
    key = w.strip(".,;:()[]\"“”'’").casefold()
    return key in ORG_WORDS or (len(key) >= 9 and key.endswith(_COMPOUND_ENDS))


def _inside_org(text: str, w_end: int, hi: int, prev_word: str, w: str) -> bool:
    """Whether a word that ends a person's credit (lower case, digits) goes on an organisation's name: a joiner of
    [organisations] joiners after an organisation word and before a capitalised word ("Bundesverband des
    Schornsteinfegerhandwerks", "ArGe Medien im ZVEH"); a short code with digits before an organisation word
    ("Alfa Romeo F1 Team", "Mai 36 Galerie"); a legal form in lower case ("… Bäckerhandwerks e.V.")."""
    core = w.strip(".,;:()[]\"“”'’")
    key = core.casefold()
    if key.replace(".", "") in _FORMS.lower_forms:
        return True
    nxt = _NEXT_WORD.match(text, w_end, hi)
    if nxt is None:
        return False
    if key in _FORMS.org_joiners:
        return nxt[1][:1].isupper() and _org_word(prev_word)
    return core.isalnum() and len(core) <= 4 and any(ch.isdigit() for ch in core) and _org_word(nxt[1])


def _stock_user_right(text: str, prev_word: str, w: str, w_end: int, hi: int) -> bool:
    """Whether ``w``, a word after a separator that no name would hold, is a stock library's user name: one
    token right after the library and its separator ("iStockphoto | filmfoto", "iStock/username"), ending
    the line."""
    if text[w_end:hi].split("\n", 1)[0].strip(" \t."):
        return False
    if "/" in w:
        head, _, user = w.rpartition("/")
        return bool(_USER.fullmatch(user.rstrip("."))) and _stock(head.rsplit("/", 1)[-1])
    if prev_word not in ("/", "|") or not _USER.fullmatch(w.rstrip(".")):
        return False
    k = text.rfind(prev_word, 0, w_end - len(w))
    before = text[:k].rstrip(" \t").rsplit(None, 1)
    return bool(before) and _stock(before[-1].rsplit("/", 1)[-1])


def _ends_in_licence(text: str) -> bool:
    """``text`` ends in a Creative Commons licence ("…, CC BY-SA 3.0", "…, CC-BY-SA")."""
    if text.endswith("]") and "[" in text:  # Wikimedia's "[CC-BY-SA-3.0 (http://…) or GFDL (http://…)]"
        return _FORMS.licence.match(text, text.rfind("[") + 1) is not None
    return any(_FORMS.licence.fullmatch(text, k) for k in range(len(text)) if k == 0 or text[k - 1] in " \t,/([")


_VIA_SITE = re.compile(r",[ \t]*(?:via[ \t]+)?")


def _after_licence(text: str, end: int, hi: int) -> int:
    """Where a credit ends after its licence: at the licence, or after the site that moved the
    picture when a registered one follows alone ("Name, CC-BY-SA, Wikimedia Commons", "…], via
    Wikimedia Commons")."""
    m = _VIA_SITE.match(text, end, hi)
    if m is not None:
        site = _registered_head(text, m.end(), hi)
        if site is not None and not text[site:hi].strip(" \t."):
            return site
    return end


# A name's last word that is an initial or a suffix keeps its full stop at the credit's end
# ("Foto: EFE - Ronald Peña R.", "photo by Gene Sweeney Jr."): the stop is the abbreviation's,
# and the caption's own final stop, when there is one, is the same character.
_NAME_END_ABBREV = re.compile(r"(?:(?<=[\s/|–—-])|^)(?:[A-ZÀ-ÞА-ЯЁ]|Jr|Sr)$")


def _keep_name_dot(masked: str, lo: int, hi: int) -> int:
    """``hi`` moved past a full stop that belongs to the name's last word (an initial, Jr, Sr)."""
    if hi < len(masked) and masked[hi] == "." and (_NAME_END_ABBREV.search(masked, max(lo, hi - 3), hi)
                                                   or masked.endswith(_COMPANY_DOT, lo, hi + 1)) \
            and (hi + 1 == len(masked) or masked[hi + 1] in " \t\n"):
        return hi + 1
    return hi


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)\.?")


@lru_cache(maxsize=8192)
def _right_word(w: str, _generation: int) -> bool:
    """Whether a word after the start of a credit may still belong to it: not lower-case
    prose (particles, "via" and registered names such as "dpa" may), no digits but ordinals."""
    core = w.strip(".,;:()[]\"“”'’")
    if not core:
        return True
    if not core.strip("*#+"):
        return False  # a desk's markers ("***, Model Release: no", "+++"): no name holds them
    if any(ch.isdigit() for ch in core):
        return bool(_ORDINAL.fullmatch(core))
    if core[0].islower():
        key = core.casefold()
        if key in NAME_PARTICLES or key == "via" or key in ROLES or _registry().canonical(core) is not None:
            return True
        # a registered lower-case name and the next link run together ("… via dpa/Archivbild", the
        # german-press style's file credit): the name decides, as it does alone
        head = core.split("/", 1)[0]
        return head != core and _registry().canonical(head) is not None
    return True


on_registry_change(_right_word.cache_clear)


_FREE_SUFFIX = re.compile(r"[ \t]*,[ \t]*(?:file(?:[ \t]+photo)?|pool(?:[ \t]+photo)?|handout|stringer)\b", re.IGNORECASE)


def _with_suffix(masked: str, hi: int) -> int:
    """Take a trailing ", File" / ", Pool" into a free-standing credit."""
    while True:
        m = _FREE_SUFFIX.match(masked, hi)
        if not m:
            return hi
        hi = m.end()


def _separators(masked: str, low: str) -> list[int]:
    """Where chain separators start: each "/" and each word "via" (with the blanks before it)."""
    out = []
    for ch in "/|":
        i = masked.find(ch)
        while i >= 0:
            if ch == "/" and 0 < i < len(masked) - 1 and masked[i - 1].isdigit() and masked[i + 1].isdigit():
                i = masked.find(ch, i + 1)  # "19/08/2010", "24/7": a date or a number, no chain
                continue
            k = i
            while ch == "|" and k > 0 and masked[k - 1] in " \t":
                k -= 1
            out.append(k)
            i = masked.find(ch, i + 1)
    i = low.find("via")
    while i >= 0:
        j = i + 3
        if (i == 0 or low[i - 1] in " \t/") and (j == len(low) or low[j] in " \t"):
            k = i
            while k > 0 and masked[k - 1] in " \t":
                k -= 1
            out.append(k)
        i = low.find("via", j)
    out.sort()
    return out


def _chains(masked: str, low: str) -> list[tuple[int, int, int]]:
    """(start, first separator, end) of every run of words joined by "/" or "via" in free text.
    Scanning from the separators keeps this linear in the number of separators, not of words."""
    out: list[tuple[int, int, int]] = []
    done = -1
    for sep in _separators(masked, low):
        if sep < done:
            continue
        m = _CHAIN_RIGHT.match(masked, sep)
        if not m:
            continue
        chain_end = m.end()
        while masked.startswith(", ", chain_end):
            # ", Inc./Handout via Reuters": a company's legal form ends a link's name, the chain goes on
            suffix = next((w for w in _FORMS.company_suffixes if masked.startswith(w, chain_end + 2)
                           and not masked[chain_end + 2 + len(w):chain_end + 3 + len(w)].isalnum()), None)
            if suffix is None:
                break
            chain_end += 2 + len(suffix)
            more = _CHAIN_RIGHT.match(masked, chain_end)
            if more:
                chain_end = more.end()
        # up to nine words to the left, stopping at punctuation, a line break or the text start:
        # one match on the text before the separator read backwards, not a loop per character
        j = sep
        while j > 0 and masked[j - 1] in " \t":
            j -= 1
        left = _WORDS_LEFT.match(masked[j - 1::-1]) if j else None
        start = j - left.end() if left else j
        out.append((start, sep, chain_end))
        done = chain_end
    return out


# A wire's name alone after the last sentence: "… on Tuesday. AP Photo" (publishers' restyle).
_BARE_END = re.compile(r"(?:AP Photo|AP PHOTO|AFP PHOTO|AFP Photo|REUTERS)[ \t]*\.?[ \t]*$")


def _bare_end_credit(text: str, masked: str, field_key: str, out: list[Credit], free) -> None:
    tail = masked.rstrip()
    if not tail.endswith(("Photo", "PHOTO", "REUTERS", ".")):
        return
    m = _BARE_END.search(masked, max(0, len(tail) - 12))
    if not m:
        return
    before = masked[:m.start()].rstrip()
    if before and before[-1] not in ".!?\"”’)":
        return
    end = m.start() + len(m.group(0).rstrip(" \t."))
    if not free(m.start(), end):
        return
    p = _parse_statement(text, m.start(), end, field_key)
    if p is not None and p.credit.agencies:
        out.append(p.credit)


_NEXT_WORD = re.compile(r"[ \t]*([^\W\d_]\w*)")


def p_strong_at(masked: str, start: int) -> bool:
    """Whether a lead-in opens the credit at ``start`` (then the words after it are the credit's)."""
    return _leadin_at(masked, start, len(masked)) is not None


def _fit(p: _Parsed) -> float:
    """How well a parse fills a credit's slots: a person's name (two or three words best) where the
    photographer stands, registered organisations, and no person's name where an organisation
    stands ("… Liverpool / EFE - EPA - FILIP SINGER" read from "Liverpool" puts a photographer
    among the organisations). Compares readings of one credit that start at different words."""
    reg = _registry()
    c = p.credit
    score = 0.0
    for name in c.photographers:
        n = len(name.split())
        score += (2.0 if _person_like(name) else -1.0) + {2: 1.0, 3: 0.5}.get(n, -0.5 * max(0, n - 3) - (n == 1))
    for org in c.agencies:
        if reg.canonical(org) is not None:
            score += 3.0
        elif _org_like(org):
            score += 1.0
        elif _person_like(org):
            score -= 2.0
    return score


def _better_start(text: str, masked: str, p: _Parsed, hi: int, field_key: str) -> _Parsed:
    """The same credit read from a later word when the words it opens with belong to the caption:
    after the first separator ("… frente al Liverpool / EFE - EPA - FILIP SINGER", the Spanish
    "caption / AGENCY - Name"), or inside a photographer's name of three words or more whose
    first words are a place after a comma or make it too long for a name ("…, Москва Сергей Булкин / ТАСС",
    "vs. the Pittsburgh Penguins Charles LeClaire, USA TODAY Sports"). A later start wins only
    when it fills the slots better (``_fit``); a name never starts at an initial."""
    segs = p.segs
    if not segs or segs[0].kind != "name":
        return p
    off = p.offset
    first = segs[0]
    cands: list[int] = []
    if len(segs) >= 3 and segs[1].kind == "agency":
        cands.append(segs[1].start + off)
    words = list(_NONSPACE.finditer(text, first.start + off, first.end + off))
    if len(words) >= 3:
        from app.rules.presence import _gazetteer  # noqa: PLC0415 - the gazetteer loads on first use

        # a country, region or big city (the gazetteer's strong names) after a comma ends a list of
        # places, not a name ("«Навка Арена», Москва Сергей Булкин"); "Santiago", "Jordan" open names
        _names, strong = _gazetteer()
        before = masked[:words[0].start()].rstrip(" \t")
        placed = before.endswith(",") and words[0][0].rstrip(",.") in strong
        # particles and initials make long names ("JANE VAN DER BERG", "Mary J. R. Smith"): not counted
        full = [w for w in words if w[0].casefold() not in NAME_PARTICLES and len(w[0].rstrip(".")) > 1]
        if placed or len(full) >= 4:
            for k, w in enumerate(words[1:-1], 1):
                if w[0][:1].isupper() and not _ABBREV_LEFT.fullmatch(w[0]) and len(w[0].rstrip(".")) > 1 \
                        and w[0].casefold() not in NAME_PARTICLES \
                        and words[k - 1][0].casefold() not in NAME_PARTICLES:
                    cands.append(w.start())
    best, best_fit = p, _fit(p)
    for a in cands:
        q = _parse_statement(text, a, hi, field_key)
        if q is None or not q.credit.photographers:
            continue
        f = _fit(q)
        if f > best_fit + 0.25:
            best, best_fit = q, f
    return best


def _signed(p: _Parsed) -> bool:
    """A person's name and an e-mail address, nothing else ("Ben Gray / bgray@ajc.com", "Jason
    Getz jgetz@ajc.com"): the photographer signs with the address, a credit without an outlet."""
    c = p.credit
    return len(c.photographers) == 1 and not c.agencies and any(g.kind == "contact" for g in p.segs) \
        and all(g.kind in ("name", "contact") for g in p.segs) and _person_like(c.photographers[0])


def _person_and_outlet(masked: str, lo: int, hi: int, p: _Parsed) -> bool:
    """Two unknown names a separator joins are a credit when one is a person's and the other an
    outlet's ("Scott Halasz | Greene County News", "Jenny Rohl/The News", "Name/sportshotphoto.com"),
    or when they fill a line of their own ("Politiken/Rasmus Baaner" above the caption)."""
    c = p.credit
    if len(p.segs) != 2 or len(c.photographers) != 1 or len(c.agencies) != 1:
        return False
    person, outlet = c.photographers[0], c.agencies[0]
    if not _person_like(person):
        return False
    if _org_like(outlet):
        return True
    a = lo
    while a > 0 and masked[a - 1] in " \t":
        a -= 1
    b = hi
    while b < len(masked) and masked[b] in " \t.":
        b += 1
    return (a == 0 or masked[a - 1] == "\n") and (b == len(masked) or masked[b] == "\n")


def _ends_leadin_word(low: str, lo: int) -> bool:
    """Whether the word just before ``lo`` ends some lead-in ("by", "foto:", "©"): one set lookup
    spares the search with the whole lead-in alternation before nearly every chain."""
    j = lo
    while j > 0 and low[j - 1] in " \t":
        j -= 1
    k = j
    while k > 0 and not low[k - 1].isspace():
        k -= 1
    word = low[k:j]
    return word in _FORMS.tail_words or word.rstrip(":：") in _FORMS.tail_words or word[-1:] in ("©", ":", "ⓒ")


def _wire_mark_start(masked: str, lo: int, first_sep: int) -> int:
    """Where a chain starts when the words before its first separator end in a wire's own mark,
    written in capitals as the wire writes it ("… celebrates with Hulk REUTERS/Cris Mattos"): at the
    mark. A name never ends in a wire's name; the words before it are the caption's, its full stop
    left out (Reuters' slideshow captions)."""
    reg = _registry()
    if reg.canonical(masked[lo:first_sep].strip()) is not None:
        return lo  # the whole segment is one registered name ("EPA EFE/LESZEK NOWAK")
    words = list(_NONSPACE.finditer(masked, lo, first_sep))
    for k, w in enumerate(words[1:], 1):
        cand = masked[w.start():first_sep].strip()
        if cand != cand.upper() or not any(ch.isalpha() for ch in cand):
            continue
        if reg.canonical(words[k - 1][0]) is not None:
            return lo  # an organisation before the mark is the credit's too ("EPA EFE/LESZEK NOWAK")
        canon = reg.canonical(cand)
        a = reg.find(canon) if canon else None
        if a is not None and a.prefix:
            return w.start()
    return lo


def _opening_credit_end(masked: str, start: int, first_sep: int, hi: int) -> int:
    """Where a "Name/Agency" credit that opens the caption ends when only a blank parts it from
    the caption's first words ("Mark Humphrey/AP Faith Patton looks …", "Jalal Morchidi / EPA Des
    mariés …", "Khalil Senosi | The Associated Press Ann Gakii, left, …"): after the longest name the
    registry knows at the head of the last segment. Nothing marks the end but the name itself, so
    the credit must open the caption with a person before its first separator; elsewhere capitalised
    words after an agency may be the credit's own ("AP Photo", "EPA-EFE")."""
    if masked[:start].strip() or not _person_like(masked[start:first_sep].strip()):
        return hi
    cut = max(masked.rfind("/", first_sep, hi), masked.rfind("|", first_sep, hi))
    if cut < 0:
        return hi
    words = list(_NONSPACE.finditer(masked, cut + 1, hi))
    reg = _registry()
    for k in range(len(words) - 1, 0, -1):  # the longest registered head first, never the whole segment
        if reg.canonical(masked[words[0].start():words[k - 1].end()]) is not None:
            nxt = words[k][0]
            # the caption's first word is capitalised and no name of its own: "Reuters/NTB scanpix",
            # "NTB Scanpix" are one organisation's brand, not a credit and a caption
            if nxt[0].isupper() and reg.canonical(nxt) is None:
                return words[k - 1].end()
            return hi
    return hi


class _Taken(list):
    """The spans the credits found so far take, in the order they were taken, and ``free(a, b)``: whether ``a``-``b``
    overlaps none. Asked of every span in turn, the question was a pass over all the taken spans each time (16,000
    "Foto: Name." in one text: 2.6 s); here a copy ordered by start answers by bisection while their ends rise in
    that order too (credits do not overlap): the one span starting last before ``b`` ends after ``a`` or none does.
    Spans whose ends do not rise are asked the long way, as before."""

    def __init__(self, spans) -> None:
        super().__init__(spans)
        self._reindex()

    def _reindex(self) -> None:
        self._sorted = sorted(self)
        self._starts = [s for s, _ in self._sorted]
        self._rising = all(self._sorted[k][1] <= self._sorted[k + 1][1] for k in range(len(self._sorted) - 1))

    def append(self, span) -> None:
        super().append(span)
        if not self._rising:
            return
        k = bisect_left(self._sorted, span)
        self._sorted.insert(k, span)
        self._starts.insert(k, span[0])
        if (k and self._sorted[k - 1][1] > span[1]) or (k + 1 < len(self._sorted) and span[1] > self._sorted[k + 1][1]):
            self._rising = False

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self._reindex()

    def free(self, a: int, b: int) -> bool:
        if not self._rising:
            return all(b <= s or a >= e for s, e in self)
        k = bisect_left(self._starts, b)  # the spans before k start before b; the last of them ends last
        return k == 0 or self._sorted[k - 1][1] <= a


def _free_credits(text: str, masked: str, field_key: str, out: list[Credit]) -> None:
    taken = _Taken((c.start, c.end) for c in out)
    free = taken.free

    low = masked.lower()
    # Chains need a "/", a "|" or a "via" outside brackets; most captions credit in brackets.
    chains = _chains(masked, low) if "/" in masked or "|" in masked or "via" in low else ()
    for chain_lo, first_sep, chain_hi in chains:
        lo = _trim_left(masked, chain_lo, first_sep)
        if first_sep - lo > 3 and masked[lo] in "日号號" and masked[max(0, lo - 3):lo].strip()[-1:].isdigit():
            lo += 1  # "2022 年 9 月 12 日胡安巴雷托/法新社": the day's mark ends the date, not the name
        hi = _trim_right(masked, first_sep, chain_hi)
        if lo < first_sep and " " in masked[lo:first_sep].strip():
            lo = _wire_mark_start(masked, lo, first_sep)
        relay = False
        bare_sep = -1
        after_sep = lo >= first_sep
        if lo >= first_sep:
            # nothing credit-like before the separator ("2023. / AFP / NAME"): start after it
            sm = _SEP.match(masked, first_sep)
            lo = sm.end() if sm else first_sep
            if sm is not None and masked[first_sep] in "/|" and first_sep and not masked[first_sep - 1].isspace():
                bare_sep = first_sep  # run into the caption's full stop ("… Won-soon./ Courtesy"), not " / "
            if sm is None and low.startswith("via", first_sep + len(masked[first_sep:]) - len(masked[first_sep:].lstrip())):
                # "Foto: Xi Jinping (Archiv), via dts Nachrichtenagentur": a relay after the caption's
                # words, nothing before it. The organisation's slot (after "via") says what it is, once
                # the registry knows it or its name says organisation ("Nachrichtenagentur"), never a
                # place in prose ("flew to Kyiv, via Poland")
                v = first_sep + len(masked[first_sep:]) - len(masked[first_sep:].lstrip())
                if _ends_in_licence(masked[max(0, v - 200):v].rstrip(" \t,")):
                    continue  # "Name, CC BY-SA 3.0, via Wikimedia Commons": the site is the licensed credit's
                rest = masked[v + 3:chain_hi].strip().rstrip(".")
                if rest and (_registry().canonical(rest) is not None or _org_like(rest)):
                    lo, relay = v, True
        start = lo
        window = low[max(0, lo - 40):lo]
        if (":" in window or "©" in window or "by" in window or "courtesy" in window) and _ends_leadin_word(low, lo):
            tail = _LEADIN_TAIL.search(masked, max(0, lo - 40), lo)
            if tail:
                start = tail.start()
        if start == lo:
            # "… w Boliwii  Fot. Juan Karita / AP Photo": a lead-in among the words before
            for b in _BOUNDARY.finditer(masked, lo, first_sep):
                m = _FORMS.leadin.match(masked, b.end(), first_sep)
                if m and m.start() > lo and _FORMS.leadin_kind_of(m.group(0)) != "file":
                    start = lo = m.start()
                    break
        if start == lo and masked[max(0, lo - 2):lo] == ", ":
            # "Timothy A. Clary, AFP / Getty Images": the photographer before a comma
            j = lo - 2
            left = _WORDS_LEFT.match(masked[j - 1::-1]) if j else None
            if left:
                k = _trim_left(masked, j - left.end(), j)
                if k < j and _person_like(masked[k:j]) and _at_boundary(masked, k):
                    start = k
        if hi < chain_hi and masked[hi:hi + 1] in " \t":
            # a lead-in is read whole before the credit's end is looked for: "… Tuesday./ Korea Times
            # photo by Name" ends after the name, not at the lead-in's lower-case "by"
            lead = _leadin_at(masked, start, chain_hi)
            if lead is not None and lead[1] > hi:
                hi = _trim_right(masked, lead[1], chain_hi)
        while hi > lo and masked[hi - 1] in " \t.":
            hi -= 1
        hi = _with_suffix(masked, hi)
        if masked.startswith(", ", hi) and _leadin_at(masked, start, hi) is not None:
            # "Credit: ESA/Hubble & NASA, R. Massey": a person after a comma that ends the line of a
            # lead-in's credit is its photographer, as in "Credit: NASA, R. Massey" without a "/"
            nl = masked.find("\n", hi)
            rest = masked[hi + 2:len(masked) if nl < 0 else nl].rstrip(" \t")
            name = rest[:-1] if rest.endswith(".") and not _NAME_END_ABBREV.search(rest[:-1]) else rest
            if _person_like(name.strip()):
                hi = hi + 2 + len(rest)
        if masked[hi:].strip() in ("/", "|"):  # "… / TT /": a separator left at the end belongs to the credit
            hi = len(masked.rstrip())
        hi = _opening_credit_end(masked, start, first_sep, hi)
        if not free(start, hi) or lo >= hi:
            continue
        after = _NEXT_WORD.match(masked, hi)
        if after and after.group(1)[:1].islower() and not p_strong_at(masked, start) \
                and not _FORMS.stop.match(masked, after.start(1)):
            continue  # "'Reuters/AP/AFP go home'": the words run on into prose
        p = _parse_statement(text, start, hi, field_key)
        if p is not None and not p.strong:
            p = _better_start(text, masked, p, hi, field_key)
        # "… enfants. | DR": a role word alone after the separator that closes the caption is its credit,
        # one that names no one (droits réservés, supplied); elsewhere a lone role word is prose
        bar = first_sep + len(masked[first_sep:]) - len(masked[first_sep:].lstrip(" \t"))
        if p is None and after_sep and not masked[hi:].strip() and masked[bar:bar + 1] in ("/", "|") \
                and (role := _role_of(masked[start:hi].strip())) != "":
            flags = {role: True} if role else {}
            seg = _classify(masked[start:hi].strip(), start, hi)
            p = _Parsed(Credit(text=text[bar:hi], start=bar, end=hi, field=field_key,
                               form="agency-only", **flags), [seg])
        no_one = after_sep and p is not None and bool(p.segs) and all(g.kind == "role" for g in p.segs) \
            and not masked[hi:].strip()
        if p is None or not (p.credit.agencies or p.credit.handout or p.credit.pool or p.credit.stringer
                             or _signed(p) or no_one):
            continue
        if len(p.segs) < 2 and not p.strong and not relay and not no_one:
            continue
        if no_one and p.credit.start == lo and masked[bar:bar + 1] in ("/", "|"):
            p.credit.start, p.credit.text = bar, text[bar:p.credit.end]  # "| DR": the bar is the credit's
        if not p.strong and all(g.kind == "name" for g in p.segs) and not _person_and_outlet(masked, start, hi, p):
            continue  # "the A/B test", "Tom/Jerry": free text needs an agency or role word it knows
        if bare_sep >= 0 and p.credit.start == lo:
            # the bare separator between the caption and its credit belongs to the credit ("… Park
            # Won-soon./ Courtesy of …"), as after the last sentence ("/ EFE"): its spacing is the credit's
            p.credit.start, p.credit.text = bare_sep, text[bare_sep:p.credit.end]
        out.append(p.credit)
        taken.append((p.credit.start, p.credit.end))
    if "©" in low or "courtesy" in low or "(c)" in low or ("photo" in low or "picture" in low) and _FREE_LEADIN_WORDS.search(masked):
        _old_leadins(text, masked, field_key, out, free, taken)
    if not text.isascii() and _CJK_CHARS.search(text):
        _cjk_credits(text, masked, field_key, out, free, taken)
    _leadin_credits(text, masked, low, field_key, out, free, taken)
    _tail_credit(text, masked, field_key, out, free, taken)
    if not out:
        _head_credit(text, masked, field_key, out, free, taken)


# ---------------------------------------------------------------------------
# Korean, Chinese and Japanese credits: the grammar around the name ([cjk] of credit_forms.toml)

_CJK_CHARS = re.compile(r"[\uac00-\ud7a3\u4e00-\u9fff\u3040-\u30ff]")
_CJK_NAME = re.compile(r"[\uac00-\ud7a3]{2,4}|[\u4e00-\u9fff\u3400-\u4dbf々]{2,6}|[\u30a0-\u30ff・]{2,12}")
_CJK_NAME_SPLIT = re.compile(r"[\s,·、]+")
_MARKS = "■▲△●◆ \t"


def _ends_unit(text: str, i: int) -> int | None:
    """Where the unit a credit ends is closed: the text's or a line's end, or the bracket that
    closes it (its position, the bracket included), with only blanks in between; else None."""
    j = i
    while j < len(text) and text[j] in " \t.。":
        j += 1
    if j == len(text) or text[j] == "\n":
        return i
    if text[j] in ")]）」":
        return j + 1
    if text[j] == "|":  # "시사1 Name 기자 | caption": a credit before the caption, then a bar
        return i
    return None


def _provided(text: str, reg: Registry, found: list) -> None:
    """"写真提供: 財団" aside, "<Organisation>提供", "<Organisation> 제공" ending the text or a
    bracket: a handout from that organisation. A date in it ("(2012年2月12日…財団提供)") makes it
    a note about the picture, not its credit."""
    for m in _FORMS.cjk_provided.finditer(text):
        org = m.group("org")
        if any(ch.isdigit() for ch in org):
            continue
        # "(本人提供)": the pictured person's own, no organisation
        orgs = [] if org in _FORMS.ja_not_names else [reg.canonical(org) or org]
        found.append((m.start(), m.end(), [], orgs, None, "courtesy", False))


def _ja_wire_end(text: str, reg: Registry, found: list) -> None:
    """"…(2月25日)=ロイター", "=AP", "=ロイター＝共同": registered organisations after "=" end a Japanese
    caption, an agency's credit with no one named (the last of two moved it). An unknown word there
    is left alone: "=Name撮影" and "=<Organisation>提供" have grammars of their own."""
    m = _FORMS.ja_wire_end.search(text)
    if not m:
        return
    parts = [p for p in re.split("[=＝]", m.group("org")) if p]
    canon = [reg.canonical(p) for p in parts]
    if not parts or not all(canon):
        return
    orgs = [c for c in canon if c]
    # the span starts after "=": it is the caption's separator before the credit, as "/" is in "…있다./연합",
    # so the credit is not run into the bracket before it ("(2月25日)=ロイター" is the house form)
    found.append((m.start("org"), m.end(), [], orgs, orgs[-1] if len(orgs) > 1 else None, "agency-only", False))


def _ja_relay_end(text: str, reg: Registry, found: list) -> None:
    """"(AP=共同)", "【朝鮮通信=時事】" ending a Japanese caption: the source's picture moved by a registered
    agency, a relay credit with no one named (the agency distributes). The source must be registered or
    named as an outlet is ("…通信"), so a dateline's city before "=" ("【ワシントン=共同】") is no source."""
    m = _FORMS.ja_relay_end.search(text)
    if not m:
        return
    groups = {k: v for k, v in m.groupdict().items() if v}
    src = next(v for k, v in groups.items() if k.startswith("src"))
    agency = reg.canonical(next(v for k, v in groups.items() if k.startswith("org")))
    if not agency:
        return
    source = reg.canonical(src) or (src if src.endswith(_FORMS.org_endings) else None)
    if not source:
        return
    found.append((m.start(), m.end(), [], [source, agency], agency, "agency-only", False))


_ZH_REPORTER = tuple(sorted(forms().zh_reporter, key=len, reverse=True))
_KO_POOL_MARK = re.compile(r"[(（](" + "|".join(sorted(map(re.escape, forms().ko_pool), key=len, reverse=True))
                           + r")[)）]")


def _family_last(name: str) -> bool:
    """Whether a name ends in a family name of resources/names.txt ("Ferley Ospina", "CHELO CAMACHO")."""
    words = [w.casefold() for w in name.split() if w.casefold() not in NAME_PARTICLES]
    return len(words) >= 2 and words[-1] in names()[1]


def _name_evidence(name: str) -> int:
    """How much of a person's name the name lists know (resources/names.txt): a given name first,
    a family name last, one point each ("Fernando Vergara" 2, "Ferley Ospina" 1, "Prensa Libre" 0)."""
    given, family = names()
    words = [w.casefold() for w in name.split() if w.casefold() not in NAME_PARTICLES]
    if not words:
        return 0
    return (words[0] in given) + (len(words) > 1 and words[-1] in family)


def _ja_name(name: str) -> str:
    """A Japanese name without the honorific after it ("黒木和美さん" -> "黒木和美")."""
    for h in _FORMS.ja_honorifics:
        if name.endswith(h) and len(name) > len(h) + 1:
            return name[: -len(h)]
    return name


def _han_name(run: str) -> str:
    """A Chinese name out of the run of Han characters before "摄": a reporter's title or the
    picture's word before it is no part of it ("记者李明" -> "李明", "图李明" -> "李明"). (Trimming
    at the first family name of resources/names.txt instead cost a sealed-group record.)"""
    for w in (*_ZH_REPORTER, "图", "圖"):
        if run.startswith(w) and len(run) - len(w) >= 2:
            return run[len(w):]
    return run


def _cjk_credits(text: str, masked: str, field_key: str, out: list[Credit], free, taken) -> None:
    """"사진=Name 기자", "Org=Name 기자 mail@x.kr", "新华社记者 Name 摄", "新华社发(Name 摄)",
    "(Name撮影)": a credit these grammars find where it ends the text, a line or a bracket."""
    reg = _registry()
    found: list[tuple[int, int, list[str], list[str], str | None, str, bool]] = []
    if _FORMS.ko_credit.pattern and re.search("[\uac00-\ud7a3]", text):
        for m in _FORMS.ko_credit.finditer(text):
            end = _ends_unit(text, m.end())
            if end is None or (m.group("title") and not m.group("lead")):
                continue
            org = m.group("org") or m.group("org_sp")
            orgs = []
            if org and (reg.canonical(org) or any(w in org for w in _FORMS.ko_org_words)
                        or (m.group("org_sp") and not org.isdigit() and any(ch.isalpha() for ch in org))):
                orgs = [reg.canonical(org) or org]
            if m.group("pool"):
                orgs.append(m.group("pool"))
            dist = None
            if m.group("org_pre") and orgs:  # "뉴스1 ⓒ News1 Name 기자": the outlet named twice, as written
                orgs.insert(0, reg.canonical(m.group("org_pre")) or m.group("org_pre"))
                dist = orgs[-1]
            names = [n for n in _CJK_NAME_SPLIT.split(m.group("names") or m.group("names_m") or "") if n]
            found.append((m.start(), m.end(), names, orgs, dist, "photo-by" if m.group("lead") else "name",
                          bool(m.group("pool"))))
        # a press pool alone at the end ("… 2017. 05. 19 청와대사진기자단")
        m = _FORMS.ko_pool_end.search(text)
        if m:
            found.append((m.start(), m.end(), [], [m.group(0)], None, "agency-only", True))
        # "(공동취재)" alone in brackets: a pool picture, whoever's credit follows (News1's form)
        pooled = [b for b in _KO_POOL_MARK.finditer(text)]
        if pooled:
            found = [(a, b, n, o, d, f, True) for a, b, n, o, d, f, _ in found]
            found += [(b.start(1), b.end(1), [], [], None, "agency-only", True) for b in pooled]
    if re.search("[\u4e00-\u9fff]", text):
        for m in _FORMS.zh_credit.finditer(text):
            if m.group("open") and not m.group("close"):
                continue
            if not m.group("rel") and m.group(0).rstrip(" \t)）").endswith(_FORMS.zh_sent):
                continue  # "Name傳真" is a reporter's: only after 记者
            said = m.group("rel") or m.group("released") or m.group("org2")
            if not said and m.start() and text[m.start() - 1] not in "(（[" \
                    and "\n" not in text[max(0, m.start() - 2):m.start()] and not m.group("open"):
                # "Name 摄" alone must stand apart: after a bracket or on its own line, or end a sentence's words
                prev = text[:m.start()].rstrip(" \t")
                if prev and prev[-1] not in "。.!?！？)）■▲;；/":
                    continue
            if _ends_unit(text, m.end()) is None and not said:
                continue
            org = m.group("org") or m.group("org2")
            orgs = [reg.canonical(org) or org] if org and org not in ("本报", "本報") else []
            dist = orgs[-1] if orgs and m.group("released") else None
            names = [_han_name(n) for n in _CJK_NAME_SPLIT.split(m.group("names")) if n]
            found.append((m.start(), m.end(), names, orgs, dist, "name", False))
        _provided(text, reg, found)
        for m in _FORMS.zh_released_end.finditer(text):  # "… 新华社发": the agency released it, no name
            org = m.group("org")
            canon = reg.canonical(org) or org
            found.append((m.start("org"), m.end(), [], [canon], canon if m.group("released") else None, "agency-only",
                          False))
        for m in _FORMS.ja_credit.finditer(text):
            if m.group("names") in _FORMS.ja_picture_kinds:
                continue
            if m.group("names") in _FORMS.ja_pool:  # "(代表撮影)": the pool's representative, no one named
                found.append((m.start(), m.end(), [], [], None, "name", True))
                continue
            names = [_ja_name(n) for n in (m.group("names") or m.group("names2"),) if n not in _FORMS.ja_not_names]
            orgs = [reg.canonical(n) for n in names if reg.canonical(n)]  # "写真:ロイター": an agency
            head = names[0].split()[0] if names and len(names[0].split()) == 2 else ""
            if orgs:  # "写真:ロイター": the agency, no one named
                names = []
            elif head and head.endswith(_FORMS.ja_org_ends):  # "撮影:編集室 柳瀬": the office, its photographer
                orgs, names = [head], [names[0].split()[1]]
            elif m.group("lead") and len(names) == 1 and len(names[0]) > 1 \
                    and names[0].endswith(_FORMS.ja_leadin_org_ends):
                orgs, names = names, []  # "写真:ウクライナ陸軍": the army, no one named (dev k17-0003)
            found.append((m.start(), m.end(), names, orgs, None, "photo-by" if m.group("lead") else "name", False))
        for m in _FORMS.zh_dateline_reporter.finditer(text):  # "(東京=新華社記者/賈浩成)"
            org = m.group("org")
            found.append((m.start(), m.end(), [n for n in _CJK_NAME_SPLIT.split(m.group("names")) if n],
                          [reg.canonical(org) or org], None, "name", False))
    if re.search("[\u3040-\u30ff]", text):
        _ja_wire_end(text, reg, found)
        _ja_relay_end(text, reg, found)
    if re.search("[\uac00-\ud7a3]", text) and not re.search("[\u4e00-\u9fff]", text):
        _provided(text, reg, found)
    for start, end, names, orgs, dist, form, pool in found:
        while end > start and text[end - 1] in " \t\n":
            end -= 1
        filed = False
        b = max(text.rfind("(", max(0, start - 12), start), text.rfind("（", max(0, start - 12), start))
        if b >= 0 and start > b + 1 and not any(ch in text[b:start] for ch in ")）") \
                and (text[end - 1:end] in (")", "）") or text[end:end + 1] in (")", "）")):
            # "(资料图片;余俊亮摄)": a file mark before the credit inside its bracket
            prefix = text[b + 1:start].strip(" \t;；,，、:：/")
            if ROLES.get(fold(prefix), "") == "file":
                start, filed = b, True
                if text[end - 1] not in ")）":
                    end += 1
        # the bracket around it, or a mark before it ("■ 新华社记者 …"), belongs to the credit
        if start > 0 and text[start - 1] in "(（[":
            if end < len(text) and text[end] in ")）]":
                start, end = start - 1, end + 1
            elif text[end - 1] in ")）]":
                start -= 1
        k = start
        while k > 0 and text[k - 1] in " \t":
            k -= 1
        if k > 0 and text[k - 1] in _MARKS:
            start = k - 1
        if not free(start, end):
            # a bracket the bracket finder read without this grammar ("(사진=Name 기자)"): this reading wins;
            # so does a wider one round a bracket read alone when it adds the organisation before it and keeps
            # its names ("新华社发(Name摄)" with no blank before 摄: "(Name摄)" was read, Xinhua lost)
            inner = [i for i, c in enumerate(out) if start <= c.start and c.end <= end
                     and ((c.start, c.end) == (start, end)
                          or len(orgs) > len(c.agencies) and all(n in names for n in c.photographers))]
            spans = {(out[i].start, out[i].end) for i in inner}
            if not inner or not all(b <= start or a >= end for a, b in taken if (a, b) not in spans):
                continue
            for i in reversed(inner):
                del out[i]
            taken[:] = [t for t in taken if t not in spans]
        c = Credit(text=text[start:end], start=start, end=end, field=field_key, photographers=names,
                   agencies=orgs, distributor=dist, form=form, pool=pool, handout=form == "courtesy", file=filed)
        out.append(c)
        taken.append((start, end))


# Where a lead-in may start a credit in free text: the text's or a line's start, a sentence's
# end, a bracket, a bar, or a run of blanks before it.
_BOUNDARY_CHARS = frozenset(".!?)]\"”’|:;\n。，、；：！？」』）")


# Where a lead-in may start: the only places the lead-in pattern is tried (a scan of the
# whole caption with it would cost more than the rest of the parse). In the second branch the
# look-ahead comes first: the two tests hold at the same place in either order, and the
# look-ahead's words fail at once at nearly every position (a scan of a caption 10.5 -> 9.1 us).
_BOUNDARY = re.compile(r"(?:^|[.!?)\]\"”’|:;\n。，、；：！？」』）]|[ \t]{2})[ \t]*"
                       r"|(?=Credit|Image source|Photo:|Foto:|PHOTO:|Photos:)(?<=[a-z\d])")


def _at_boundary(masked: str, i: int) -> bool:
    j = i
    while j > 0 and masked[j - 1] in " \t\xa0":
        j -= 1
    return j == 0 or masked[j - 1] in _BOUNDARY_CHARS or i - j >= 2


# The first four characters of a lead-in (credit_forms.toml) at a position: a non-ASCII one among
# them, or the first letters of a lead-in's first word in any ASCII case ("Foto", "AP", "(c)"). A
# lead-in matches nowhere else, so the parser tries its big alternation only where this holds.
_LEADIN_HEAD = re.compile(r"(?=[\x00-\x7f]{0,3}+[^\x00-\x7f]|(?ai:" + word_alternation(
    w for _, words in _FORMS.leadin_prefixes for w in words) + "))")
# A boundary of ``_BOUNDARY``'s first branch with a lead-in's head after it, found in one scan: a
# mark or a blank run's first blank (a pattern that opens with one character class is searched
# fast), its blanks (possessive: never given back), not one blank after a word, then the head.
# Against every boundary, then the head tested in Python at each (4.2 places a caption, 3.5 % of
# them a lead-in's): _leadin_starts 13.5 -> 6.3 us a gallery caption with lead-in words, 22 -> 11 real.
_BOUNDARY_MARKS = r".!?)\]\"”’|:;\n。，、；：！？」』）"  # _BOUNDARY_CHARS
_LEADIN_AFTER_BOUNDARY = re.compile(
    rf"[{_BOUNDARY_MARKS} \t](?<![ \t]{{2}})[ \t]*+(?<![^{_BOUNDARY_MARKS} \t][ \t])" + _LEADIN_HEAD.pattern)
# _BOUNDARY's second branch, a lead-in run into the caption's word ("TikTokCredit: Spotify"): the
# words first, the letter before them tested after (with the look-behind first: 3.5 -> 1.2 us a scan)
_LEADIN_RUN_IN = re.compile(r"Credit|Image source|Photo:|Foto:|PHOTO:|Photos:")
_RUN_IN_AFTER = re.compile(r"[a-z\d]")
# A spaced en or em dash after the caption's words, then a lead-in: the dash sets the credit apart as a bar
# does ("… Roma 1938 – Foto Name.": the picture word without its colon after a dash, dev g71, five captions;
# u18's 'Foto Name' kind). A bare lead-in word still needs a person's or a known name after it (_parse_uncached).
_DASH_BEFORE_LEADIN = re.compile(r"(?<=\S)[ \t]+[–—][ \t]+" + _LEADIN_HEAD.pattern)


def _leadin_starts(masked: str) -> list[int]:
    """Where a lead-in may start, in order: at a boundary (``_BOUNDARY``), or a capitalised lead-in
    that ends in a colon after a word of the caption ("… after the rains Foto: Name", "… náměstí
    FOTO: Name"): a colon after such words in mid-sentence is a credit's, not prose. Only the
    places whose first characters can open a lead-in (``_LEADIN_HEAD``)."""
    starts = [m.end() for m in _LEADIN_AFTER_BOUNDARY.finditer(masked)]
    if masked[:1] not in " \t" and _LEADIN_HEAD.match(masked):
        starts.insert(0, 0)
    starts += [m.start() for m in _LEADIN_RUN_IN.finditer(masked)
               if m.start() and _RUN_IN_AFTER.match(masked, m.start() - 1)]
    if "–" in masked or "—" in masked:
        starts += [m.end() for m in _DASH_BEFORE_LEADIN.finditer(masked)]
    seen = set(starts)  # asked at every colon: a list's look-up was a pass over all the starts (n² on n lead-ins)
    i = masked.find(":")
    while i > 0:
        # the word before the colon must end some lead-in ("Foto", "credit"): one set lookup
        # spares the search with the lead-in alternation at nearly every colon
        j = i
        while j > 0 and masked[j - 1] in " \t":
            j -= 1
        k = j
        while k > 0 and not masked[k - 1].isspace():
            k -= 1
        if masked[k:j].casefold() not in _FORMS.colon_words:
            i = masked.find(":", i + 1)
            continue
        m = _LEADIN_TAIL.search(masked, max(0, i - 30), i + 1)
        if m is not None:
            a = m.start()
            if a > 0 and masked[a - 1] in " \t" and not masked[a].islower() and a not in seen \
                    and _LEADIN_HEAD.match(masked, a):
                starts.append(a)
                seen.add(a)
        i = masked.find(":", i + 1)
    return sorted(starts) if len(starts) > 1 else starts


def _leadin_credits(text: str, masked: str, low: str, field_key: str, out: list[Credit], free, taken) -> None:
    """Credits a lead-in of resources/credit_forms.toml opens in free text ("Foto: Name",
    "Photo credit: NASA", "Staff photo by Name", "Fotoğraf: Name/AA"), up to the end of the
    line, a stop or the sentence's end. ``low``: ``masked.lower()``."""
    if not any_in(_FORMS.first_words, low):
        return
    for pos in _leadin_starts(masked):
        m = _FORMS.leadin.match(masked, pos)
        if m is None and pos and masked[pos - 1].isalnum():
            m = _FORMS.leadin.match(masked[pos:pos + 60])  # run into the text: "TikTokCredit: Spotify"
        if m is None:
            continue
        start, lead_end = (m.start(), m.end()) if m.string is masked else (pos, pos + m.end())
        if not free(start, lead_end):
            continue
        if _FORMS.leadin_kind_of(m.group(0)) == "file":
            continue  # "FILE PHOTO: A logo …" marks the caption, the credit is elsewhere
        body = lead_end
        while body < len(masked) and masked[body] in " \t:":
            body += 1
        nl = masked.find("\n", body)
        line_end = len(masked) if nl < 0 else nl
        if body >= line_end:
            continue
        if masked[body] in "([":  # "Photo Credit: (NASA/Bill Ingalls)": the bracket's credit gets the lead-in
            _extend_bracketed(text, masked, start, body, out, taken)
            continue
        hi = _trim_right(masked, body, line_end)
        if masked[hi - 1:hi] in ("(", "[") and not masked[masked.find(")]"[masked[hi - 1] == "["], hi) + 1:line_end].strip(" \t."):
            hi -= 1  # a bracket ending the line after the name holds a note, not the name ("Foto: Name (CC BY 2.0)")
        while hi > body and masked[hi - 1] in " \t.,;:–—-":
            hi -= 1
        hi = _with_suffix(masked, _keep_name_dot(masked, body, hi))
        if hi <= body or not free(start, hi):
            continue
        p = _parse_statement(text, start, hi, field_key)
        if p is not None and p.segs and all(g.kind == "role" and fold(g.text) in _FORMS.private for g in p.segs):
            out.append(p.credit)  # "Foto: Arquivo Pessoal": a private picture's credit, no name, no organisation
            taken.append((p.credit.start, p.credit.end))
            continue
        if p is None or not (p.credit.photographers or p.credit.agencies or p.credit.handout or p.credit.courtesy):
            continue  # "Photo: submitted" says whose picture it is not: a handout
        if not all(_is_name_like(s.text) or s.kind != "name" for s in p.segs):
            continue
        if not p.credit.agencies and not all(_person_like(n) or (n.isupper() and " " not in n)
                                             or surname_alone(n, m.group(0)) for n in p.credit.photographers):
            continue  # "FILE PHOTO: A logo is seen": prose after the words, not a credit
        if len(p.credit.photographers) == 1 and surname_alone(p.credit.photographers[0], m.group(0)) \
                and masked.startswith(".", p.credit.end) and masked[p.credit.end + 1:line_end].strip():
            # "Foto: Dok. Bagian Prokompim …": a word cut short before the credit goes on is no surname; read
            # as the organisation it was before the surname reading (dev g17-0024)
            p.credit.agencies, p.credit.photographers = p.credit.photographers, []
        out.append(p.credit)
        taken.append((p.credit.start, p.credit.end))


def _extend_bracketed(text: str, masked: str, start: int, body: int, out: list[Credit], taken) -> None:
    """A lead-in written before a bracketed credit becomes part of it."""
    for i, c in enumerate(out):
        if c.start == body:
            q = _parse_statement(text, c.start + 1, c.end - 1 if text[c.end - 1] in ")]}" else c.end, c.field,
                                 outer=(c.start, c.end))
            credit = q.credit if q else c
            credit.start, credit.text = start, text[start:c.end]
            lead = _leadin_at(text, start, body + 1)
            if lead is not None and lead[0] == "courtesy":
                credit.courtesy = True
            out[i] = credit
            taken.append((start, c.end))
            return


# a no-break space counts as a blank: a page's caption field that ends in "&#160;" before its credit field
# ("… acted.&#160; Name", USA TODAY's galleries, dev g59, g66-0011 … 0014)
_SENTENCE_END = re.compile(r"(?<=[.!?\"”’)])(?<![ \t\u00a0][A-Z]\.)[ \t\u00a0]+(?=\S)|\n+")


def _tail_credit(text: str, masked: str, field_key: str, out: list[Credit], free, taken) -> None:
    """A credit alone after the caption's last sentence or on its last line, as publishers
    restyle them: a bare agency ("… palomas. EFE", ". AFP", "/ EFE", "| EFE"), "Name/Outlet"
    ("Yehyun Kim/Missourian") or "Agency/Name"."""
    t = masked.rstrip()
    end = len(t)
    while end > 0 and t[end - 1] == ".":
        end -= 1
    if end <= 0 or not free(end - 1, end):
        return
    window = max(0, end - 90)
    starts = [m.end() for m in _SENTENCE_END.finditer(masked, window, end)]
    run_in = {m.start() for m in _RUN_IN.finditer(masked, window, end)}
    starts += run_in
    starts += [m.start() for m in _TAIL_SEP.finditer(masked, window, end)]
    starts = sorted(set(starts))
    fallback: _Parsed | None = None
    for s0 in reversed(starts[-4:] or ([0] if window == 0 else [])):
        s1 = s0
        while s1 < end and masked[s1] in " \t/|–—-.:":
            s1 += 1
        if s1 >= end or not free(s1, end) or "(" in masked[s1:end] or ")" in masked[s1:end]:
            continue
        if _caps_name_after_sentence(masked, s0, s1, end) or _mixed_name_after_sentence(masked, s0, s1, end):
            # "… de la Peregrina. DAVID FREIRE": a regional paper's staff photographer, named alone; "… with
            # D'Accori shoes. Whitney Hayes": a page's caption and credit fields joined (below)
            q = _parse_statement(text, s1, end, field_key, lenient=True)
            if q is not None and len(q.credit.photographers) == 1 and not q.credit.agencies \
                    and not (q.credit.file or q.credit.handout or q.credit.pool):
                out.append(q.credit)
                taken.append((q.credit.start, q.credit.end))
                return
        p = _agency_run(text, masked, s1, end, field_key) if " " in masked[s1:end] else None
        if p is None:
            p = _parse_statement(text, s1, end, field_key)
        if p is None:
            p = _name_then_agency(text, masked, s1, end, field_key)
        maker = False
        if p is None:
            p = _name_then_word(text, masked, s1, end, field_key)
            maker = p is not None
        if p is None and s0 in run_in and s0 == s1 and _family_last(masked[s1:end]) \
                and _person_like(masked[s1:end]) and not _org_like(masked[s1:end]):
            # "… el 21 de febrero.CHELO CAMACHO", "… el 22 de enero.Ferley Ospina": a photographer's name
            # run into the caption's last word, ending in a family name (resources/names.txt: the given
            # names of a country the lists lack, "Ferley", are many; "Rose Garden" ends in none)
            p = _parse_statement(text, s1, end, field_key, lenient=True)
            maker = p is not None and len(p.credit.photographers) == 1 and not p.credit.agencies
            if not maker:
                p = None
        if p is None and _caps_word_alone(masked, s0, s1, end):
            # "…\nWITTERS", a figure caption that is "USATSI" alone: an organisation's credit (below), with the
            # lead-in that stands alone on the line before it ("Foto:\nWITTERS")
            head = masked[:s1].rstrip()
            line = head.rsplit("\n", 1)[-1]
            lead_at = len(head) - len(line.lstrip()) if line.strip() and _FORMS.leadin.fullmatch(line.strip()) else s1
            c = Credit(text=text[lead_at:end], start=lead_at, end=end, field=field_key, agencies=[masked[s1:end]],
                       form="agency-only")
            out.append(c)
            taken.append((c.start, c.end))
            return
        if p is None and _alone_on_its_line(masked, s0, s1, end):
            p = _parse_statement(text, s1, end, field_key, lenient=True)
            maker = p is not None and len(p.credit.photographers) == 1 and not p.credit.agencies \
                and _person_like(_EMAIL.sub("", p.credit.photographers[0]).strip())
            if maker:
                p.credit.photographers = [_EMAIL.sub("", p.credit.photographers[0]).strip()]
            else:
                p = None
        if p is None:
            continue
        if not maker and not p.strong:
            p = _better_start(text, masked, p, end, field_key)
        c = p.credit
        if maker:
            out.append(c)
            taken.append((c.start, c.end))
            return
        known = [g for g in p.segs if g.kind == "agency"]
        names = [g for g in p.segs if g.kind == "name"]
        if _signed(p):
            out.append(c)
            taken.append((c.start, c.end))
            return
        if not c.agencies and not (all(g.kind == "role" for g in p.segs) and (c.handout or c.courtesy or c.pool)):
            continue  # a role alone is a credit only when it says whose picture it is not ("Photo provided")
        registered = any(_registry().canonical(a) is not None for a in c.agencies)
        if names and not known and not registered and len(c.agencies) == 1 and len(p.segs) == 2 \
                and c.text[p.segs[0].end:p.segs[1].start].strip() == "," and _a_persons_name(c.agencies[0]):
            # "Owner of Johnny's Young Coconuts, Aaron Johnny Nerahoo", "Miss World, Ms Rosanna Davison": a
            # person's name after a comma is a portrait's subject, not an outlet (dev g40-0008 guardian.co.tt,
            # g5-0275 irishtimes.com, g25-0039 modabot.de); "Name/FLORIDA TODAY" keeps its outlet
            continue
        if names and not known and not registered and len(c.agencies) == 1 and len(p.segs) == 2 \
                and c.text[p.segs[0].end:p.segs[1].start].strip() == "," and _names_office(c.agencies[0]) \
                and _person_like(p.segs[0].text):
            # "Jacinda Ardern, Prime Minister of New Zealand": a portrait's subject and the office held, no
            # outlet ([names] offices; dev g46-0009 en.wikipedia.org, g40-0005 erp-news.info)
            continue
        assigned = len(p.segs) == 1 and c.photographers and _person_like(c.photographers[0]) \
            and _FOR.search(text, s1, end) is not None  # "Name Special to the Star-Telegram"
        # an unknown organisation alone, set off from the caption by a separator or a line of its own, whose words
        # say organisation ("… du journal. - Le Soir", plus.lesoir.be g10-0031; "Symbolbild / Salzgitter Flachstahl
        # AG", cleanthinking.de g12-0030): what the slot reading put among the organisations, no person. Kept
        # for the end: a longer credit that ends with it ("OCTAVIO JONES | Times") starts further back, and a
        # copyright mark before the separator opens one ("© Name – Dreamstime.com")
        lone_org = len(p.segs) == 1 and len(names) == 1 and not c.photographers and len(c.agencies) == 1 \
            and (any(ch in masked[s0:s1] for ch in "/|–—-\n") or _alone_on_its_line(masked, s0, s1, end)) \
            and not _copyright_before(masked, s0)
        if names and not known and not registered and not assigned \
                and not (len(p.segs) >= 2 and c.photographers
                         and all(_person_like(_clean_name(n.text)) or len(n.text.split()) <= 3 for n in names)):
            if lone_org and fallback is None:
                fallback = p
            continue  # an unknown outlet is believed only after a photographer's name: "Name/Outlet"
        # the bare separator before a bare agency ("/ EFE", "| EFE") belongs to the credit
        j = s1
        while j > s0 and masked[j - 1] in " \t":
            j -= 1
        if j > s0 and masked[j - 1] in "/|":
            c.start, c.text = j - 1, text[j - 1:c.end]
        out.append(c)
        taken.append((c.start, c.end))
        return
    if fallback is not None:
        out.append(fallback.credit)
        taken.append((fallback.credit.start, fallback.credit.end))


def _copyright_before(masked: str, s0: int) -> bool:
    """Whether a copyright mark stands between the caption's last sentence end and ``s0``."""
    head = masked[max(0, s0 - 80):s0]
    cut = max(head.rfind(". "), head.rfind("\n"))
    return "©" in head[cut + 1:] or "(c)" in head[cut + 1:].casefold()


# a separator before a credit after the caption, spaced ("… Anny. / PAP") or not ("… collector./ Yonhap")
_TAIL_SEP = re.compile(r"(?<=\S)[ \t]+(?=[/|—–][ \t]+\S)|(?<=[.!?])(?=[/|][ \t]*\S)")


def _name_then_agency(text: str, masked: str, lo: int, hi: int, field_key: str) -> _Parsed | None:
    """"PATRICK SEMANSKY AP", "ANDREJ ISAKOVIC AFP": a name and an agency with no separator,
    as a publisher's restyle leaves them after the caption."""
    words = list(_NONSPACE.finditer(masked, lo, hi))
    if not 2 <= len(words) <= 7:
        return None
    reg = _registry()
    for k in (1, 2, 3):
        if len(words) - k < 2:
            break
        agency = masked[words[-k].start():hi]
        name = masked[lo:words[-k - 1].end()]
        if reg.canonical(agency) is not None and _person_like(name):
            c = Credit(text=text[lo:hi], start=lo, end=hi, field=field_key, photographers=[_clean_name(name)],
                       agencies=[reg.canonical(agency) or agency], form="name-agency")
            return _Parsed(c, [_classify(name, lo, words[-k - 1].end()), _classify(agency, words[-k].start(), hi)])
    return None


_NAME_WORD = re.compile(r"[A-ZÀ-Þ](?:[^\W\d_]|['’-](?=[^\W\d_]))*\.?|[A-ZÀ-Þ]\.")


def _mixed_name_after_sentence(masked: str, s0: int, s1: int, end: int) -> bool:
    """Whether ``masked[s1:end]`` is a person's name in mixed case standing alone after the caption's last
    sentence, with nothing between the full stop and the name but blanks: a page's caption field and its
    credit field joined ("… with D'Accori shoes. Whitney Hayes", teenvogue.com; "… surgery in 2023. Emma Roma
    Jayne", businessinsider.com; "… antártica. Camila Buvinic", elpais.com; "… koettavaa riittää. Linda Laine",
    iltalehti.fi; "… tearing up just a little bit.&#160; Louis Goldman", usatoday.com: dev g53, g33, g66, five
    open-fold sites). Round 27 left this form unread for want of a second site; every open-fold dev caption
    whose last piece after a full stop is such a name credits that person (round 38: 31 of 31), and the two
    captions that look alike are kept out: a name after a title's stop ("… von Dr. Peter Scholl-Latour.",
    sr.de g2-0191: the abbreviations of ``[ranks]``) and a name and an organisation with no separator ("Zach
    Hyman Sesame Workshop", sacbee.com g13-0043: two or three words only). The name lists must know one of
    its words (a given name first or a family name last): "Evgenia Eliseeva", whom they do not know, stays
    unread (unrecognised-credit, information), as a caption's last sentence naming its subject or a place
    alone can look the same."""
    if s1 != s0 or s0 == 0 or masked[s0 - 1] not in " \t\u00a0" or "\n" in masked[s0:end]:
        return False
    before = masked[:s0].rstrip(" \t\u00a0")
    name = masked[s1:end]
    if not before.endswith((".", "!", "?")) or name.isupper() or not any(ch.islower() for ch in before[-200:]):
        return False
    last = before.rsplit(None, 1)[-1]
    if last in _FORMS.abbreviations or re.fullmatch(r"[A-ZÀ-Þ]\.", last):
        return False  # "… von Dr. Peter Scholl-Latour.": the stop is a title's, the name is in the sentence
    words = [w for w in name.split() if w.casefold() not in NAME_PARTICLES]
    if not 2 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words) or any(w in TRAILER_WORDS for w in words):
        return False
    reg = _registry()
    if any(reg.canonical(" ".join(words[i:])) is not None for i in range(len(words))):
        return False  # an organisation, or a name and an organisation
    if name.casefold() in _places_folded() or len({w.casefold() for w in words}) < len(words):
        return False  # "… a las afueras. Buenos Aires" (a word of a name may be a place's: "Emma Roma Jayne");
        # a word said twice is a place's or a brand's ("Bora Bora", "Miu Miu"), not a person's
    return _person_like(name) and not _org_like(name) and _name_evidence(name) >= 1


def _caps_name_after_sentence(masked: str, s0: int, s1: int, end: int) -> bool:
    """Whether ``masked[s1:end]`` is a person's name in capitals standing alone after the caption's
    last sentence, with nothing between the full stop and the name ("… de la Peregrina. DAVID
    FREIRE", "… de Pamplona (15). IÑIGO ALZUGARAY": Spanish regional papers print their staff
    photographer so). Capitals after a mixed-case caption are the credit's typography: a person the
    caption names is written in mixed case, in its sentence ("El fotógrafo Xermán Cruces."). Not a
    wire's trailer after a quote or a bracket ("… FOR ALL STORIES.", "…) TEMPLATE OUT"): the name
    must follow a full stop, "!" or "?", and hold no trailer word ("NO SALES", "EDITORIAL USE ONLY")."""
    if s1 != s0 or "\n" in masked[s0:end] or s0 == 0 or masked[s0 - 1] not in " \t":
        return False  # a separator, a line of its own or a name run into the full stop: their own statements
    before = masked[:s0].rstrip(" \t")
    name = masked[s1:end]
    words = name.split()
    if not before.endswith((".", "!", "?")) or not 2 <= len(words) <= 4 or not name.isupper():
        return False
    if not any(ch.islower() for ch in before[-200:]) or any(w in TRAILER_WORDS for w in words):
        return False  # a caption in capitals throughout has no typography to go by
    reg = _registry()
    if any(reg.canonical(" ".join(words[i:])) is not None for i in range(len(words))):
        return False  # "PATRICK SEMANSKY AP": a name and an agency (_name_then_agency), or an agency alone
    return _person_like(name)


_CAPS_WORD = re.compile(r"[A-ZÀ-Þ][A-ZÀ-Þ&-]{1,9}")


def _caps_word_alone(masked: str, s0: int, s1: int, end: int) -> bool:
    """Whether ``masked[s1:end]`` is one word in capitals that is the caption's whole text or stands on its last
    line after a mixed-case caption, and that no list knows as anything else (a registered name, a role word, a
    trailer, a place): an organisation credited alone as pages print it
    ("…\nFoto:\nWITTERS", the agency, mopo.de g12-0024/0025, fold 1; "WWE", "USATSI" as a figure's whole caption,
    cbssports.com g51-0021/0022, fold 1). Every open-fold dev caption whose last line or whole text is one word in
    capitals credits an organisation (7 of 7, round 36), none a person: a person is never credited by a surname
    alone in capitals. English words are not left out: the agency "WITTERS" is one ("to witter")."""
    word = masked[s1:end]
    if _CAPS_WORD.fullmatch(word) is None:
        return False
    if masked[:s1].strip():
        if not _alone_on_its_line(masked, s0, s1, end) or not any(ch.islower() for ch in masked[:s1]):
            return False  # a caption in capitals throughout has no typography to go by
    folded = word.casefold()
    return (_registry().canonical(word) is None and _role_of(word) == "" and word not in TRAILER_WORDS
            and folded not in _places_folded())


def _alone_on_its_line(masked: str, s0: int, s1: int, end: int) -> bool:
    """Whether ``masked[s1:end]`` stands on a line of its own after the caption ("…\nJacey Fortin",
    "…\n|\nZuzana Kábelová", "… | Roman Vondrouš")."""
    gap = masked[s0:s1]
    before = masked[:s0].rstrip(" \t")
    return (before.endswith(("\n", "|")) or "\n" in gap or "|" in gap) and "\n" not in masked[s1:end]


def _name_then_word(text: str, masked: str, lo: int, hi: int, field_key: str) -> _Parsed | None:
    """"Raymond T. Rivard photograph": a person's name and the word that says it made the picture."""
    m = _FORMS.after_name.search(masked, lo, hi)
    if m is None or not _person_like(masked[lo:m.start()].strip()):
        return None
    name = _clean_name(masked[lo:m.start()])
    c = Credit(text=text[lo:hi], start=lo, end=hi, field=field_key, photographers=[name], form="name")
    return _Parsed(c, [_classify(name, lo, m.start())])


def _head_credit(text: str, masked: str, field_key: str, out: list[Credit], free, taken) -> None:
    """A credit before the caption, ending at its first sentence or line: "Mario Tama, Getty
    Images. San Diego." (a photographer and a known organisation, a comma between)."""
    m = _FRAGMENT_END.search(masked, 0, 120)
    if m is None:
        return
    hi = m.start()
    while hi > 0 and masked[hi - 1] in " \t.":
        hi -= 1
    if hi <= 0 or ", " not in masked[:hi] or len(masked[:hi].split()) > 8 or not free(0, hi):
        return
    p = _parse_statement(text, 0, hi, field_key)
    if p is None or len(p.credit.photographers) != 1 or not _person_like(p.credit.photographers[0]) \
            or not any(g.kind == "agency" for g in p.segs):
        return
    out.append(p.credit)
    taken.append((p.credit.start, p.credit.end))


def _agency_run(text: str, masked: str, lo: int, hi: int, field_key: str) -> _Parsed | None:
    """"AP 연합뉴스", "EPA 연합뉴스": known organisations with only a blank between them after
    the caption; the last moved the others' picture."""
    words = list(_NONSPACE.finditer(masked, lo, hi))
    if not 2 <= len(words) <= 6:
        return None
    reg = _registry()
    segs: list[_Seg] = []
    i = 0
    while i < len(words):
        for k in (3, 2, 1):  # the longest registered name first ("Anadolu Agency")
            if i + k <= len(words) and reg.canonical(masked[words[i].start():words[i + k - 1].end()]):
                a, b = words[i].start(), words[i + k - 1].end()
                segs.append(_classify(text[a:b], a, b))
                i += k
                break
        else:
            return None
    if len(segs) < 2 or any(g.kind != "agency" for g in segs):
        return None
    agencies = list(dict.fromkeys(g.canonical or g.text for g in segs))
    c = Credit(text=text[lo:hi], start=lo, end=hi, field=field_key, agencies=agencies,
               distributor=agencies[-1] if len(agencies) > 1 else None, form="agency-only")
    return _Parsed(c, segs)


def _role_after_stop(text: str, lo: int, hi: int) -> int:
    """Where the "<Source>" of "<Source> photo by" starts when its last words are role words after a
    word ending in a full stop: "… in Lot C. STAFF PHOTO BY Name" is the sentence's end and the staff
    lead-in ("Staff photo by", no organisation), not an organisation "Lot C. STAFF" (walk22); a
    source that names one ("U.S. Navy photo by") is left whole."""
    words = list(_NONSPACE.finditer(text, lo, hi))
    for k in range(1, len(words)):
        if words[k - 1][0].endswith(".") and all(_role_of(w[0]) != "" for w in words[k:]):
            return words[k].start()
    return lo


def _old_leadins(text: str, masked: str, field_key: str, out: list[Credit], free, taken) -> None:
    for m in _FREE_LEADIN.finditer(masked):
        start = m.start()
        if masked[start] == "(" and masked[m.end("seg"):].split("\n", 1)[0].strip(" \t."):
            continue  # "(c)" is a copyright sign only before a credit that ends the line: "Name (C) and Name arrive"
        src = m.group("src")
        if src:  # "… San Diego. U.S. Navy photo by …": the source starts after the sentence
            start = _role_after_stop(masked, _trim_left(masked, m.start("src"), m.end("src")), m.end("src"))
            named = masked[start:m.end("src")].split()
            if ":" in masked[m.end("src"):m.start("seg")] and (
                    not named or not all(w[:1].isupper() for w in named) or fold(named[-1]) in _FILE_WORDS):
                # "<Source> photo:" needs its source's name: not "FILE PHOTO: A logo …" (the caption's
                # mark), nor "Photographs by Photo: Name" (two lead-ins, _leadin_credits reads them)
                continue
        seg_end = m.end("seg")
        # "© A.M. Best Company, Inc. — used by permission": a company's legal form after a comma ends its
        # name ([organisations] company_suffixes; dev g36-0015 beinsure.com, g12-0027 rosa-mag.de)
        suffix = next((w for w in _FORMS.company_suffixes if masked.startswith(w, seg_end + 2)
                       and not masked[seg_end + 2 + len(w):seg_end + 3 + len(w)].isalnum()), None) \
            if masked.startswith(", ", seg_end) else None
        if suffix is not None:
            seg_end += 2 + len(suffix)
        if masked[seg_end:seg_end + 1] == ":":
            lead = _leadin_at(masked, m.start("seg"), seg_end + 1)
            if lead is not None and lead[1] >= seg_end:
                continue  # "© Foto: Skoda": the lead-in with its colon opens the credit (_leadin_credits)
        chain = _CHAIN_RIGHT.match(masked, seg_end) if masked[seg_end:seg_end + 1] in ("/", "|", " ") else None
        if chain is not None:
            # the lead-in's credit is a chain like any other: "… on Friday/ Photo by Name/UPI" goes on
            # past the name's "/" to the agency (the chain that started at "Friday" was no credit)
            seg_end = chain.end()
        seg_lo = m.start("seg")
        whole = None if src else _leadin_at(masked, m.start(), seg_end)
        if whole is not None and whole[1] > seg_lo:
            # the data's lead-in runs past this pattern's own words ("Courtesy of the artist and Perrotin"):
            # the lower-case words in it would otherwise end the credit at "the"
            seg_lo = whole[1]
        seg_hi = _trim_right(masked, seg_lo, seg_end)
        inner = _leadin_at(masked, m.start("seg"), seg_end) if seg_hi < seg_end else None
        if inner is not None and inner[1] > seg_hi:
            seg_hi = _trim_right(masked, inner[1], seg_end)  # "© Pool photo by Name": the lead-in read whole
        while seg_hi > start and masked[seg_hi - 1] in " \t.":
            seg_hi -= 1
        seg_hi = _with_suffix(masked, _keep_name_dot(masked, start, seg_hi))
        if not free(start, seg_hi):
            continue
        p = _parse_statement(text, start, seg_hi, field_key)
        if p is None:
            continue
        if not all(_is_name_like(s.text) or s.kind != "name" for s in p.segs):
            continue
        out.append(p.credit)
        taken.append((p.credit.start, p.credit.end))


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
# the same address, searched for: a match starts only where a run of the local part's characters starts, as the
# leftmost match always does; without that the search tried from every character of a long run ("." × n: n²)
_EMAIL_IN_TEXT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+")
_LAST_LINE_NAME = re.compile(r"\n[ \t]*([^\W\d_][^\n]{2,60}?)[ \t.]*$")


def unplaced_credit(text: str) -> tuple[int, int] | None:
    """The span of something in a caption that reads like a credit the parser could not place,
    or None. Callers ask only when ``parse_credits`` found none, and raise missing-credit (an
    error) only on None, so the test is generous: a lead-in in any language anywhere, a
    copyright sign, a reporter's e-mail address, the Korean, Chinese and Japanese credit words,
    or a short fragment that is no sentence (names, organisation words, a known organisation;
    no prose word) on the first or last line, after the last sentence, before a bar or slash
    that opens the caption, or in the last bracket."""
    if not text or not text.strip():
        return None
    for b in _BOUNDARY.finditer(text):
        m = _FORMS.leadin.match(text, b.end())
        if m is not None and _FORMS.leadin_kind_of(m.group(0)) != "file":
            nl = text.find("\n", m.end())
            return m.start(), len(text.rstrip()) if nl < 0 else nl
    for pos in _leadin_starts(text):
        m = _FORMS.leadin.match(text, pos)
        if m is not None and _FORMS.leadin_kind_of(m.group(0)) != "file":
            nl = text.find("\n", m.end())
            return m.start(), len(text.rstrip()) if nl < 0 else nl
    for sign in ("©", "ⓒ", "(c)", "(C)"):
        i = text.find(sign)
        if i >= 0:
            nl = text.find("\n", i)
            return i, len(text.rstrip()) if nl < 0 else nl
    m = _EMAIL_IN_TEXT.search(text) if "@" in text else None
    if m:
        return m.start(), m.end()
    if not text.isascii():
        m = _CJK_CREDIT_WORD.search(text)
        if m:
            return m.start(), m.end()
    t = text.rstrip()
    for a, b, strict in _fragments(t):
        if _credit_like(t[a:b], strict) or (b == len(t) and not strict and _lone_word(t[a:b])):
            return a, b
    return _known_beside_separator(t) or (_cjk_tail(t) or _latin_in_other_script(t) if not t.isascii() else None)


# A person's name in Latin letters (two capitalised words or more) or a word the registry knows ("AFP").
_LATIN_NAME = re.compile(r"(?<![^\W\d_])[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+(?![^\W\d_])|(?<![^\W\d_])[A-Z][A-Za-z]+(?![^\W\d_])")


def _latin_in_other_script(t: str) -> tuple[int, int] | None:
    """In a caption written mostly in another script (Thai, Japanese, Korean, Chinese, Cyrillic, Arabic …), the
    last person's name in Latin letters or registered organisation: a credit the parser could not place, not the
    caption's words ("… ภาพ / ชาลินี ถิระศุภะ (Chalinee Thirasupa) #NationPhoto", komchadluek.net g17-0046). Of
    the open-fold dev captions mostly in another script, the 29 that hold such a name and the 17 that hold
    such an organisation all have a credit; none is labelled missing-credit, so the absence of one is not sure."""
    if _LATIN_NAME.search(t) is None:
        return None
    letters = other = 0
    for ch in t:
        if ch.isalpha():
            letters += 1
            other += ch > "\u024f"
    if other * 2 < letters:
        return None
    reg = _registry()
    last = None
    for m in _LATIN_NAME.finditer(t):
        if " " in m.group(0) or "-" in m.group(0) or reg.canonical(m.group(0)) is not None:
            last = m
    return (last.start(), last.end()) if last is not None else None


def _lone_word(frag: str) -> bool:
    """One capitalised word of letters alone after the caption's last sentence, line break, bar or slash: as
    likely a credit the parser cannot place ("… kuka kuvassa on. Poliisi", iltalehti.fi g21-0008; "… Premier League |
    LÍBERO", libero.pe g36-0018; "… Steven Muvunyi. File.", newtimes.co.rw g13-0031) as a word of prose, so the
    absence of a credit is not sure. No open-fold dev caption of that shape is labelled missing-credit."""
    words = frag.strip(_CREDIT_TRIM).split()
    return (len(words) == 1 and len(words[0]) >= 3 and words[0][:1].isupper() and words[0].isalpha()
            and words[0].casefold() not in _month_words())


@lru_cache(maxsize=1)
def _month_words() -> frozenset[str]:
    """Month names of resources/caption_words.toml [when] and of every date_words.toml table, case-folded: a month
    alone in the caption's last bracket ("… na Kazimierzu. (Lipiec)", July: dev g64-0012 … 0018 kgnat.pl) dates the
    picture loosely and is no credit, so it does not stand in for one."""
    from app.datacache import resource_toml  # noqa: PLC0415
    from app.date_words import date_tables  # noqa: PLC0415

    words = [*resource_toml("caption_words.toml")["when"]["months"],
             *(m for t in date_tables().values() for m in t["months"])]
    return frozenset(w.casefold() for w in words)


_SEP_WORD = re.compile(r"(?P<a>[^\s/|()\[\]]{2,30})[ \t]*[/|][ \t]*(?P<b>[^\s/|()\[\]]{2,30})")


def _known_beside_separator(t: str) -> tuple[int, int] | None:
    """A registered organisation joined to a neighbour by "/" or "|" anywhere, even run into the
    caption's words ("Mark Humphrey/AP Faith Patton looks …"): a credit the parser could not place."""
    if "/" not in t and "|" not in t:
        return None
    reg = _registry()
    for m in _SEP_WORD.finditer(t):
        for g in ("a", "b"):
            w = m.group(g).strip(".,;:")
            if len(w) >= 2 and not w.islower() and reg.canonical(w) is not None:
                return m.start(), m.end()
    return None


# What a credit in Korean, Chinese or Japanese holds, in a short unit that ends the caption:
# shot, photo, picture, reporter, provided, released ("龚红斌 摄影报道", "新华社发", "(記者馬璿/攝影)")
_CJK_CREDIT_CHARS = re.compile(r"摄|攝|撮影|写真|图|圖|提供|供图|供圖|发|發|記者|记者|기자|사진|제공")
_CJK_UNIT_END = re.compile(r"[。！？!?\n]")


def _cjk_tail(t: str) -> tuple[int, int] | None:
    """The caption's last unit (after its last sentence mark or line break, or its last bracket)
    when it is short and holds a credit word or a registered organisation: a credit in a
    grammar the parser does not know."""
    body = t.rstrip(" \t。.")
    cands = []
    ends = list(_CJK_UNIT_END.finditer(body))
    if ends and len(body) - ends[-1].end() <= 25:
        cands.append(ends[-1].end())
    if body.endswith((")", "）", "]", "】")):
        i = max(body.rfind("("), body.rfind("（"), body.rfind("["), body.rfind("【"))
        if i >= 0 and len(body) - i <= 25:
            cands.append(i)
    reg = _registry()
    for a in cands:
        unit = body[a:].strip()
        if not unit or not _CJK_CHARS.search(unit):
            continue
        core = unit.strip("()（）[]【】 \t")
        if _CJK_CREDIT_CHARS.search(core) or any(reg.canonical(w) for w in re.split(r"[\s/|=＝·、,]+", core) if w):
            return a + (len(body[a:]) - len(body[a:].lstrip())), len(body)
    return None


# The words the Korean, Chinese and Japanese credit grammars turn on, anywhere ([cjk] of
# credit_forms.toml): a reporter, "shot by", a photo lead-in.
_CJK_CREDIT_WORD = lazy_compile(r"[\uac00-\ud7a3]{2,4}[ \t]*(?:기자|특파원)(?![\uac00-\ud7a3])|사진[ \t]*[=:]"
                              r"|(?:记者|記者)[ \t]*[\u4e00-\u9fff]{2,4}[ \t]*(?:摄|攝)|[\u4e00-\u9fff]{2,4}[ \t]*(?:摄|攝|撮影)(?=[)）]|\s*$)"
                              r"|(?:图|圖|摄影|攝影)[ \t]*[/:：]|(?:撮影|写真)[・:：]")
# the bar's or slash's blanks are tried from the run's first only: from each blank of a long run of them the scan
# ran to the run's end (16,000 blanks in one caption: 1.5 s)
_FRAGMENT_END = re.compile(r"(?<=[.!?\"”’)。！？])(?<![ \t\u00a0][A-Z]\.)[ \t\u00a0]+(?=\S)|\n+|(?<![ \t])[ \t]+[|/–—][ \t]+")
_CREDIT_TRIM = " \t.,;:-–—|/"


def credit_fragments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the piece trimmed as a credit is) of each place in ``text`` where a credit
    stands apart (see ``_fragments``): for a rule that must look where the parser looks."""
    return [(a, b, text[a:b].strip(_CREDIT_TRIM)) for a, b, _strict in _fragments(text)]


def _fragments(t: str) -> list[tuple[int, int, bool]]:
    """(start, end, strict) of the places a credit stands apart: the text after the last
    sentence end, line break, bar or slash, and the line before the last; the text before a
    bar or slash that opens the caption; the first line (strict: a title stands there too, so
    only a chain of names or a known organisation counts); the last bracket when it ends the
    text. Never the whole text."""
    out: list[tuple[int, int, bool]] = []
    cuts = list(_FRAGMENT_END.finditer(t))
    if cuts:
        out.append((cuts[-1].end(), len(t), False))  # after the last sentence, line, bar or slash
        first = cuts[0]
        sep = first.group(0).strip()
        if sep in ("|", "/"):
            out.append((0, first.start(), False))  # "Scott Halasz | Greene County News …"
        elif "\n" in first.group(0):
            out.append((0, first.start(), True))  # the first line: "Jenny Rohl/The News"
        nl = t.rfind("\n")
        if nl > 0:
            prev = t.rfind("\n", 0, nl)
            if nl - prev < 60:
                out.append((prev + 1, nl, False))  # "Name\nSpecial to the Paper"
    if t.endswith((")", "]", "}")):
        i = max(t.rfind("("), t.rfind("["), t.rfind("{"))
        if i > 0:
            out.append((i + 1, len(t) - 1, False))
    return out


# A registered name of a road number's shape ("A24", the film studio; "G1", the Brazilian portal) after a lower-case
# word of the fragment names the road or the outlet in a sentence ("Unfall auf der A24", "traffic on the A24", "segundo
# o G1"), no credit: alone, or after a separator, it is still one ("… / A24", "\nA24").
_ROAD_NUMBER = re.compile(r"[A-Z]\d{1,3}")


def _road_in_prose(frag: str, words: list[str], i: int, name: str) -> bool:
    """Whether the registered ``name`` at ``words[i]`` is of a road number's shape and follows a lower-case word of
    ``frag`` with only blanks between (no separator: "reprodução/G1" stays a credit's two links)."""
    if not i or not words[i - 1][:1].islower() or _ROAD_NUMBER.fullmatch(name) is None:
        return False
    return re.search(rf"(?<!\S){re.escape(words[i - 1])}[ \t]+{re.escape(name)}(?!\w)", frag) is not None


# The small words a credit's maker follows in a sentence ("taken by Watson", "via Everett"): after them a registered
# name that is a family name still reads as a credit's.
_CREDIT_BEFORE_NAME = frozenset(("by", "via", "courtesy", "von", "par", "por", "di", "da", "de", "door", "av", "af"))


def _surname_in_prose(frag: str, words: list[str], i: int, name: str) -> bool:
    """Whether the registered ``name`` at ``words[i]`` is one capitalised word that is a family name of
    resources/names.txt ("Watson", the portal watson.ch; "Everett", the collection) after a lower-case word of
    ``frag`` with only blanks between: the person in a sentence ("The coach is Watson.", "Smith, Jones and
    Watson"), no credit, as a road number is (``_road_in_prose``). After "by", "via" … it still counts."""
    if not i or " " in name or not name[:1].isupper() or not name[1:].islower():
        return False
    before = words[i - 1]
    if not (before.isalpha() and before.islower()) or before in _CREDIT_BEFORE_NAME or name.casefold() not in names()[1]:
        return False
    return re.search(rf"(?<!\S){re.escape(before)}[ \t]+{re.escape(name)}(?!\w)", frag) is not None


def _credit_like(frag: str, strict: bool = False) -> bool:
    """A short fragment that is no sentence: names, organisation words and known organisations,
    with separators between them, and no prose word. ``strict``: a known organisation, or two
    name-like parts joined by a separator."""
    frag = frag.strip(_CREDIT_TRIM)
    if not frag or len(frag) > 80 or not any(ch.isalpha() for ch in frag):
        return False
    parts = [x for x in re.split(r"[ \t]*[/|][ \t]*", frag) if x.strip()]
    words = [w for w in re.split(r"[\s/|,·]+", frag) if w]
    if not words or len(words) > 8:
        return False
    reg = _registry()
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            name = " ".join(words[i:i + n]).strip(".,;:()")
            if reg.canonical(name) is not None and not _road_in_prose(frag, words, i, name) \
                    and not _surname_in_prose(frag, words, i, name):
                return True  # a known organisation in a short fragment: "… / EUROPA PRESS", "Yonhap"
    if any(ch.isdigit() for ch in frag) or _CJK_CHARS.search(frag):
        return False  # scripts without capitals: only their own credit words say credit (above)
    if strict and len(parts) < 2:
        return False
    if len(words) == 1 and words[0].strip("()[]").casefold() in _month_words():
        return False  # a month alone, bracketed ("(Lipiec)"): a loose date, no name
    if len(words) == 1 and words[0][:1].isupper():
        return False  # one capitalised word alone ("Amen.") is as likely prose as a name
    return _is_name_like(" ".join(words)) and not all(w.casefold() in NAME_PARTICLES for w in words)


def parse_credits(text: str, field: str = "caption") -> list[Credit]:
    """Every credit statement in ``text``. In a caption they are found anywhere (bracketed
    sign-offs, trailing wire credits, CMS credits); in a credit-like field (credit_line,
    source, creators, a CMS credit) the whole value is one statement."""
    if not text or not isinstance(text, str):
        return []
    if field != "caption":
        p = _parse_statement(text, 0, len(text), field, lenient=True)
        if p is None:
            return []
        m = _BRACKET.fullmatch(text.strip())
        if m and m.group("close"):  # "(AP Photo/Jane Roe)" pasted into the credit field
            off = len(text) - len(text.lstrip())
            q = _parse_statement(text, off + m.start("c"), off + m.end("c"), field,
                                 outer=(p.credit.start, p.credit.end), lenient=True)
            if q is not None:
                p = q
        return [p.credit]
    text = _blank_desk_codes(text)
    coded = _agency_desk_codes(text)
    if coded is not None and _agency_desk_codes(coded[0]) is None:  # once: the blanked text holds no codes
        # "ANTARA FOTO/Name/foc/18.": the agency's desk codes after the name are read as blanks, same length so
        # offsets hold; a credit that ends before them takes them back into its text as written
        blanked, codes = coded
        out = parse_credits(blanked, field)
        starts = [a for a, _ in codes]
        for c in out:
            # the codes from the first after the credit's end, while only blanks and stops stand between: each
            # credit looks at the codes that follow it, not at every code in the text (3,000 Antara credits in
            # one text read each other's 3,000 codes, 9 million gaps cut out: 10 s for 190 KB)
            k = bisect_left(starts, c.end)
            while k < len(codes) and _BLANKS_STOPS.match(blanked, c.end, codes[k][0]).end() == codes[k][0]:
                if c.start < codes[k][0]:
                    c.end = codes[k][1]
                k += 1
            c.text = text[c.start:c.end]
        return out
    hyphened = _hyphen_set_credit(text)
    if hyphened is not None and _hyphen_set_credit(hyphened[0]) is None:  # once, as the codes above
        # "….-Indra-", "….-Foto: Name/REL-", "….- Foto Bernama": a credit set off by a hyphen glued to the caption's
        # last stop, at its end; read as a bracketed credit (or after a blank), same length so offsets hold
        rewritten, lo, hi = hyphened
        out = parse_credits(rewritten, field)
        for c in out:
            if c.start == lo and rewritten[lo] == "(":
                c.start += 1
            if hi is not None and c.end == hi + 1:
                c.end -= 1
            c.text = text[c.start:c.end]
        if hi is not None and not any(c.end > lo for c in out):
            name = text[lo + 1:hi]
            given, family = names()
            if len(name.split()) <= 4 and _person_like(name) or (" " not in name and name[:1].isupper()
                                                                 and (name.casefold() in given or name.casefold() in family)):
                # "….-Indra-": the pair sets off the photographer's name, one given or family name too (the
                # network's form; a bracketed lone word closing a caption stays no credit, often the writer's)
                out.append(Credit(text=name, start=lo + 1, end=hi, field=field, photographers=[name], form="name"))
        return out
    joined = _stock_joins_as_slash(text)
    if joined is not None:
        # "Name on Unsplash", "Name from Pexels": the library's joining word read as the "/" of "Name/Unsplash",
        # same length so offsets hold; each credit keeps its text as written
        out = parse_credits(joined, field)
        for c in out:
            c.text = text[c.start:c.end]
        return out
    if "\xa0" in text:
        # a no-break space is a blank to a reader ("©\xa0Name", "Foto:\xa0Name", pages' typesetting):
        # the parse reads it as one, same length so offsets hold, and each credit keeps its text as written
        out = parse_credits(text.replace("\xa0", " "), field)
        for c in out:
            c.text = text[c.start:c.end]
        return out
    out: list[Credit] = []
    if "/" not in text and "(" not in text and "©" not in text and "[" not in text and "|" not in text \
            and "," not in text[-80:]:
        low = text.lower()
        if not any(w in low for w in _QUICK_WORDS) and not any_in(_FORMS.first_words, low) \
                and (text.isascii() or not _CJK_CHARS.search(text)):
            # no bracket, chain or lead-in: at most a bare agency after the last sentence
            _tail_credit(text, text, field, out, lambda a, b: True, [])
            if not out:
                _learned_span(text, field, out)
            return out
    spans = _bracket_credits(text, field, out)
    _free_credits(text, _mask(text, spans), field, out)
    if not out:
        _learned_span(text, field, out)
    if len(out) > 1:
        out.sort(key=lambda c: c.start)
        _join_moved_handouts(text, out)
    if out:
        _caption_flags(text, out, spans)
        _subject_credit(text, out)
    return out


def _stock_joins_as_slash(text: str) -> str | None:
    """``text`` with each "on"/"from" ([separators] stock) that joins a contributor to a registered stock
    library ending the line written as a "/" (blanks after it, same length), or None when there is none."""
    if not any(f" {w} " in text for w in _FORMS.stock_words):
        return None  # the pre-test: most captions hold neither word with a blank each side
    parts: list[str] = []
    pos = 0
    for m in _FORMS.stock_joins.finditer(text):
        if not _stock(m["lib"]):
            continue
        parts += [text[pos:m.start()], " /", "\t" * (m.end() - m.start() - 2)]
        pos = m.end()
    return "".join(parts) + text[pos:] if parts else None


# A credit set off by a hyphen glued to the caption's last stop, ending the caption: closed by a second hyphen
# ("… 20 Agustus 2023.-Indra-", "….-Foto: M Farrel/REL-": the Disway network's papers, dev g65-0026 … 0028), or
# open, a blank after the hyphen ("… Muhyiddin Yassin.- Foto Bernama", g65-0018 sinarharian.com.my)
_HYPHEN_CLOSED = re.compile(r"(?<=[.!?])-(?P<c>[^\s\-()][^\n\-()]{0,78}[^\s\-()])-[ \t]*$")
_HYPHEN_OPEN = re.compile(r"(?<=[.!?])-(?=[ \t]+[^\s\-][^\n\-]{1,60}$)")


def _hyphen_set_credit(text: str) -> tuple[str, int, int | None] | None:
    """``text`` with the hyphens that set off its closing credit rewritten, same length: a closed pair as
    brackets, an open one as a blank; where the first stood and the second (None for an open one)."""
    if "-" not in text[-84:]:
        return None
    m = _HYPHEN_CLOSED.search(text, max(0, len(text) - 90))
    if m is not None:
        lo, hi = m.start(), m.end("c")
        return text[:lo] + "(" + text[lo + 1:hi] + ")" + text[hi + 1:], lo, hi
    m = _HYPHEN_OPEN.search(text, max(0, len(text) - 70))
    if m is not None:
        return text[:m.start()] + " " + text[m.end():], m.start(), None
    return None


@lru_cache(maxsize=4)
def _agency_codes_pattern(_generation: int) -> re.Pattern[str] | None:
    """An agency's credit that ends in its desk's codes (credit_forms.toml [agency_desk_codes]; the agencies
    that sign so have the form "desk-codes" in agencies.toml): the agency as written, "/", one or more links,
    then the codes, each after a "/", up to the credit's end. The agency's names keep their case: "antara"
    is an Indonesian word ("between"), never the agency."""
    seg = _FORMS.agency_desk_code
    heads = sorted({n for a in _registry().agencies if "desk-codes" in a.forms for n in (a.name, *a.aliases)},
                   key=len, reverse=True)
    if not seg or not heads:
        return None
    link = r"[^/\n()\[\]]{1,60}?"  # a link's words, bounded: the scan from one agency's name stays short
    # the codes end the credit: then only blanks before a closing bracket, a quote, the line's or the text's end, or
    # the caption's stop ("…/hp. Berita …"); a code's shape before more words ("/Abc Def") is a name's word
    # the names' first letters open the pattern (word_start_alternation), so the scan skips in C every other position
    return re.compile(rf"{word_start_alternation(heads)}[ \t]*/(?:{link}/){{0,4}}?{link}"
                      rf"(?P<codes>(?:[ \t]*/[ \t]*(?:{seg}))+)(?=[ \t]*(?:[)\]\"”\n]|$)|\.(?:\s|$))")


_BLANKS_STOPS = re.compile(r"[ \t.]*")


def _agency_desk_codes(text: str) -> tuple[str, list[tuple[int, int]]] | None:
    """``text`` with an agency's desk codes after its credit's name blanked ("ANTARA FOTO/Name/foc/18." ->
    "ANTARA FOTO/Name        ", the caption's stop after them with them), and where each run of them stood; None when there is none."""
    if "/" not in text:
        return None
    pat = _agency_codes_pattern(GENERATION)
    if pat is None:
        return None
    codes = [m.span("codes") for m in pat.finditer(text)]
    if not codes:
        return None
    chars = list(text)
    for a, b in codes:
        b += text.startswith(".", b)  # the caption's stop after them too: a name's initial before them keeps its own
        chars[a:b] = " " * (b - a)
    return "".join(chars), codes


def _without_desk_codes(text: str, s: int, e: int) -> tuple[str, int, list[tuple[int, int]]]:
    """``text`` with the agency's desk codes inside the credit at ``s``-``e`` taken out (what followed them, a
    closing bracket, moved back over them; blanks after the credit keep the length), the credit's new end, and
    each run taken out as (where it stood in the new text, its length), for ``_after_desk_codes``."""
    coded = _agency_desk_codes(text[s:e])
    if coded is None:
        return text, e, []
    body = text[s:e]
    for a, b in reversed(coded[1]):
        body = body[:a] + body[b:]
    cut, runs = 0, []
    for a, b in coded[1]:
        runs.append((s + a - cut, b - a))
        cut += b - a
    return text[:s] + body + " " * (e - s - len(body)) + text[e:], s + len(body), runs


def _after_desk_codes(defects: list[Defect], runs: list[tuple[int, int]]) -> list[Defect]:
    """``defects`` of the credit read without its desk codes, their spans put back on the text as written: a span
    at or after where codes were taken out moves past them ("… /foc/18 )": the blank before the bracket, not the
    "/" the shortened text had there; a bracket never closed is closed after the codes)."""
    out = []
    for d in defects:
        start, end = d.start, d.end
        for at, n in runs:
            if d.start >= at:
                start += n
            if d.end > at or d.start >= at:
                end += n
        out.append(replace(d, start=start, end=end))
    return out


def _blank_desk_codes(text: str) -> str:
    """The caption with its desk codes and wire trailers (credit_forms.toml [directives] codes:
    "kod 444", "RTX7ABC", "+++(c) dpa - Bildfunk+++") blanked, same length so offsets hold: they
    are the credit-directive rule's, and a credit read inside one ("dpa - Bildfunk") names no one."""
    if not any(q in text for q in _FORMS.code_quick) and not (text[:3].isupper() and text[3:4].isdigit()):
        return text
    return _FORMS.desk_codes.sub(lambda m: " " * len(m.group(0)), text)


def _join_moved_handouts(text: str, out: list[Credit]) -> None:
    """A handout credit and the agency that moved it, with only blanks and a date between: one
    credit, the agency its distributor ("(문화체육관광부 제공) 2022.8.10/뉴스1", News1's and Newsis's form)."""
    i = 0
    while i < len(out) - 1:
        a, b = out[i], out[i + 1]
        if (a.handout or a.courtesy) and a.agencies and not b.photographers and len(b.agencies) == 1 \
                and not (b.handout or b.courtesy) and b.start >= a.end and not text[a.end:b.start].strip():
            a.agencies = [*a.agencies, *(x for x in b.agencies if x not in a.agencies)]
            a.distributor = a.agencies[-1]
            a.end, a.text = b.end, text[a.start:b.end]
            a.pool = a.pool or b.pool
            a.file = a.file or b.file
            del out[i + 1]
            continue
        i += 1


# ---------------------------------------------------------------------------
# A learned span scorer: where the rules place no credit, is one of the places a credit stands
# apart (``_fragments``: after the last sentence, on the first or last line, in the last bracket)
# the credit? A logistic regression over the fragment's features (resources/credit_span_model.json,
# trained by bench/train_credit_model.py --model span), used only when shipped.

SPAN_TRACE: list[tuple[int, int, dict[str, float]]] | None = None  # (start, end, features), for training
_SPAN_THRESHOLD = 1.0  # the logit a fragment must pass (0 to 3 tried: none helped the sealed group)


def _span_candidates(t: str) -> list[tuple[int, int, str]]:
    out = []
    for a, b, _strict in _fragments(t):
        while a < b and t[a] in _CREDIT_TRIM:
            a += 1
        while b > a and t[b - 1] in _CREDIT_TRIM:
            b -= 1
        if b - a < 2 or b - a > 120:
            continue
        if b == len(t) or (b < len(t) and t[b:].strip(" \t.)]}") == ""):
            kind = "last"
        elif t[b:b + 1] in (")", "]", "}"):
            kind = "bracket"
        elif a == 0:
            kind = "first"
        else:
            kind = "line"
        out.append((a, b, kind))
    return out


def _span_features(t: str, a: int, b: int, kind: str) -> dict[str, float]:
    frag = t[a:b]
    words = frag.split()
    n = len(words)
    f: dict[str, float] = {f"kind={kind}": 1.0, f"words={min(n, 7)}": 1.0}
    f["chars<=15" if b - a <= 15 else "chars<=30" if b - a <= 30 else "chars<=60" if b - a <= 60 else "chars>60"] = 1.0
    share = (b - a) / max(1, len(t.strip()))
    f["share>0.5" if share > 0.5 else "share>0.2" if share > 0.2 else "share<=0.2"] = 1.0
    content = [w for w in words if w.casefold() not in NAME_PARTICLES]
    lower = sum(1 for w in content if w[:1].islower())
    f[f"lower_words={min(lower, 3)}"] = 1.0
    if content and all(w.isupper() for w in content if any(ch.isalpha() for ch in w)):
        f["all_upper"] = 1.0
    ev = _name_evidence(frag.split("/")[0].split("|")[0].strip(" ,"))
    f[f"name_evidence={ev}"] = 1.0
    if any(ch.isdigit() for ch in frag):
        f["digit"] = 1.0
    if "@" in frag:
        f["email"] = 1.0
    if "/" in frag or "|" in frag:
        f["separator"] = 1.0
    if "," in frag:
        f["comma"] = 1.0
    if not frag.isascii() and _CJK_CHARS.search(frag):
        f["cjk"] = 1.0
    folded = _ORG_SPLIT.split(frag.casefold())
    if not ORG_WORDS.isdisjoint(folded):
        f["org_word"] = 1.0
    reg = _registry()
    ws = [w.strip(".,;:()") for w in re.split(r"[\s/|,]+", frag) if w.strip(".,;:()")]
    if any(reg.canonical(" ".join(ws[i:i + k])) is not None for k in (3, 2, 1) for i in range(len(ws) - k + 1)):
        f["known_org"] = 1.0
    before = t[:a].rstrip(" \t")
    last = before[-1:]
    mark = "newline" if last == "\n" else last if last in (".", "|", "/", ")", "-", "–", "—") else "start" if not before else "other"
    f["before=" + mark] = 1.0
    if _credit_like(frag):
        f["credit_like"] = 1.0
    if _person_like(frag):
        f["person_like"] = 1.0
    if _is_name_like(frag):
        f["name_like"] = 1.0
    return f


def _learned_span(text: str, field_key: str, out: list[Credit]) -> None:
    model = learned_model("credit_span_model")
    if model is None and SPAN_TRACE is None:
        return
    t = text.rstrip()
    best: tuple[float, int, int] | None = None
    for a, b, kind in _span_candidates(t):
        feats = _span_features(t, a, b, kind)
        if SPAN_TRACE is not None:
            SPAN_TRACE.append((a, b, feats))
        if model is not None:
            z = model.logit(feats)
            if z > _SPAN_THRESHOLD and (best is None or z > best[0]):
                best = (z, a, b)
    if best is None:
        return
    p = _parse_statement(text, best[1], best[2], field_key, lenient=True)
    if p is not None and (p.credit.photographers or p.credit.agencies):
        out.append(p.credit)


def _says_file_elsewhere(text: str) -> bool:
    """Whether the caption marks a file picture in another language ("fotografía de archivo",
    "Archivfoto", "ARCHIV - …"): [caption_file] of credit_forms.toml. The parser's flag only: the
    file-photo-unmarked rule reads caption_says_file, the English marks."""
    low = text.casefold()
    return any(w in low for w in _FORMS.caption_file_words) and _FORMS.caption_file.search(text) is not None


def _caption_flags(text: str, out: list[Credit], spans: list[tuple[int, int]]) -> None:
    """Flags the whole caption gives its credits: "FILE -", "composite file photo" (file);
    "in this photo provided by …", "released by" (handout); a bracket that is only a role word
    before the credit, "(Pool photo) (Yonhap)", joins it."""
    low = text.lower()  # once for both tests (a lower-cased caption costs ~0.75 us)
    if caption_says_file(text, low) or _says_file_elsewhere(text):
        for c in out:
            c.file = True
    if any(w in low for w in _FORMS.provided_words) and _FORMS.provided.search(text):
        for c in out:
            if not c.photographers or c.distributor:
                c.handout = True
    for a, b in spans:
        role = _role_of(text[a + 1:b - 1]) if b - a > 2 and text[b - 1] in ")]" else ""
        if not role:
            continue
        for c in out:
            between = text[b:c.start].strip() if c.start >= b else "-"
            if between in ("", ","):
                setattr(c, role, True) if role in ("pool", "handout", "file", "stringer", "courtesy") else None
                if not between:
                    c.start, c.text = a, text[a:c.end]
                # "Foto: Name (Archiv), via dts Nachrichtenagentur": the role word before the comma
                # flags the credit after it, which starts at its own words


# ---------------------------------------------------------------------------
# defects


_D_DOUBLED = re.compile(r"[ \t]*/{2,}[ \t]*")
_D_ONE_SIDED = re.compile(r"(?<=\S)[ \t]+/(?=[^\s/])|(?<=[^\s/])/[ \t]+(?=\S)")
# "|" separates as "/" does ("Name | Agency", real dev captions); only "/via" is a wrong separator.
_D_WRONG_SEP = re.compile(r"[ \t]*/[ \t]*(?=via\b)", re.IGNORECASE)
_D_SPACES = re.compile(r"(?<=\S) {2,}(?=\S)")
# A separator with nothing after it ("EFE/"), or opening a bracket ("(/ AFP)"); a bare one before
# a credit after the caption ("… Anny. / PAP", "| EFE") is the publisher's house form.
_D_EMPTY = re.compile(r"[/|][ \t]*$|^[(\[][ \t]*/")
_D_STRIP = " .,;:-–—"


def _quoted(text: str) -> str:
    """A piece of the caption in a defect's message, in the curly quotes every message uses."""
    return f"\u201c{' '.join(text.split())}\u201d"


# A lead-in that asks for a name ("Photo by", "Foto von") and gets another lead-in instead
_BY_WORDS = frozenset({"by", "von", "de", "di", "par"})


def _doubled_leadin(text: str, lo: int, hi: int) -> list[Defect]:
    """Two lead-ins in a row, a template's doubling: "Photographs by Photo: Name", "Photo by
    Courtesy of Name" (dev g12-0013, g12-0032). A copyright sign after or before a lead-in is a
    house form ("Foto: © Name", "© Foto: Name"), and so is a credit field's label before the
    credit's own words ("Credit: Courtesy of …", "Credit: Photo by Name", "Courtesy photo/…")."""
    first = _FORMS.leadin.match(text, lo, hi)
    if first is None:
        return []
    j = first.end()
    while j < hi and text[j] in " \t\xa0":
        j += 1
    second = _FORMS.leadin.match(text, j, hi)
    if second is None:
        return []
    head = _registered_head(text, j, hi)
    agency = _registry().find(_registry().canonical(text[j:head]) or "") if head is not None else None
    if agency is not None and not agency.is_role:
        return []  # "Foto: picture alliance/…": a registered name that opens with a lead-in's word
    kinds = _FORMS.leadin_kind_of(first.group(0)), _FORMS.leadin_kind_of(second.group(0))
    asks = first.group(0).rstrip(" :").rsplit(None, 1)[-1].casefold() in _BY_WORDS
    if "copyright" in kinds or not (asks or kinds == ("photo-by", "photo-by")):
        return []
    k = second.end()
    while k < hi and text[k] in " \t\xa0":
        k += 1
    what = f"two lead-ins in a row: {_quoted(text[first.start():second.end()])}"
    if kinds[1] == "courtesy":  # "Photo by Courtesy of Name": the courtesy says whose picture it is
        return [Defect("doubled-leadin", first.start(), j, what, "")]
    return [Defect("doubled-leadin", j, k, what, "")]


def credit_defects(credit: Credit, text: str) -> list[Defect]:
    """Faults in the grammar of ``credit`` (found in ``text``): each with the span and the replacement.

    Only ``credit.start``, ``credit.end`` and ``credit.field`` are read: the statement is parsed
    again from its text, so a bare Credit(text, start, end) is enough and the result depends on
    nothing outside ``text[start:end]``."""
    out: list[Defect] = []
    s, e = credit.start, credit.end
    body = text[s:e]
    if not body or not body.strip():
        return out
    if "/" in body:
        text, e, runs = _without_desk_codes(text, s, e)  # "ANTARA FOTO/Name/wsj": an editor's initials, no agency's case
        if runs:
            return _after_desk_codes(credit_defects(Credit(text=text[s:e], start=s, end=e, field=credit.field), text),
                                     runs)
        body = text[s:e]
    reg = _registry()
    bracketed = body[0] in "([（{"
    if bracketed and body[-1] not in ")]}）":
        closer = {"(": ")", "[": "]", "（": "）", "{": "}"}[body[0]]
        if body.find(closer) > 0 and body.count(body[0]) == body.count(closer):
            bracketed = False  # "(Org 제공) 2022.8.10/뉴스1": a bracket closed inside, then the rest of the credit
    if bracketed:
        inner_hi = e - 1 if body[-1] in ")]}）" else e
        p = _parse_statement(text, s + 1, inner_hi, credit.field, outer=(s, e), lenient=True)
    else:
        p = _parse_statement(text, s, e, credit.field, lenient=True)
    parsed = p.credit if p else credit
    if bracketed:
        closer = {"(": ")", "[": "]", "（": "）", "{": "}"}[body[0]]
        if body[-1] not in ")]}）":
            out.append(Defect("unbalanced-bracket", e, e, f"{_quoted(body)} opens a bracket it never closes", closer))
        elif body[-1] != closer:
            out.append(Defect("wrong-bracket", e - 1, e, f"{_quoted(body)} closes with {_quoted(body[-1])}", closer))
        if parsed.form != "dash":  # Anadolu pads its brackets on purpose: "( Name – Anadolu Agency )"
            if len(body) > 1 and body[1] in " \t":
                n = len(body[1:]) - len(body[1:].lstrip(" \t"))
                out.append(Defect("stray-space", s + 1, s + 1 + n, "space after the opening bracket", ""))
            if body[-1] in ")]}）" and len(body) > 2 and body[-2] in " \t":
                n = len(body[:-1]) - len(body[:-1].rstrip(" \t"))
                out.append(Defect("stray-space", e - 1 - n, e - 1, "space before the closing bracket", ""))
    out.extend(_doubled_leadin(text, s + (body[0] in "([（{"), e))
    for m in _D_DOUBLED.finditer(body):
        out.append(Defect("doubled-separator", s + m.start(), s + m.end(), f"doubled separator {_quoted(m.group(0))}",
                          m.group(0).replace("/", "", m.group(0).count("/") - 1)))
    # AFP's own forms space the slash ("AFP PHOTO / NAME", "© Name / AFP"); Getty's credit field does not
    spaced = " / " in body or (parsed.agencies[:1] == ["AFP"] and parsed.distributor is None)
    for m in _D_ONE_SIDED.finditer(body):
        out.append(Defect("separator-spacing", s + m.start(), s + m.end(),
                          f"space on one side of the separator {_quoted(m.group(0))}", " / " if spaced else "/"))
    for m in _D_WRONG_SEP.finditer(body):
        out.append(Defect("wrong-separator", s + m.start(), s + m.end(), f"wrong separator {_quoted(m.group(0).strip())}",
                          " "))
    # where the credit's first link starts: blanks before it follow the lead-in ("©  Name", "Photo:  Name")
    first = min((g.start + p.offset for g in p.segs), default=None) if p else None
    for m in _D_SPACES.finditer(body):
        if first is not None and s + m.end() == first and m.start() > (body[0] in "([（{"):
            out.append(Defect("leadin-space", s + m.start(), s + m.end(), "doubled space after the lead-in", " "))
        else:
            out.append(Defect("stray-space", s + m.start(), s + m.end(), "doubled space", " "))
    if _D_EMPTY.search(body.rstrip(")]} ")) and not _D_WRONG_SEP.search(body):
        i = max(body.rstrip(")]} ").rfind("/"), body.rstrip(")]} ").rfind("|"))
        out.append(Defect("empty-segment", s + i, s + i + 1, "a separator with nothing after it", ""))
    pref = _preferred_spelling(GENERATION)
    off = p.offset if p else 0
    stock: bool | None = None
    for seg in p.segs if p else []:
        start, end = seg.start + off, seg.end + off
        if seg.kind == "name":
            written = _SPACES.sub(" ", seg.text).strip(_D_STRIP)
            clean = _clean_name(seg.text)
            if clean != written and len(clean) * 2 == len(written):
                out.append(Defect("run-together-name", start, end,
                                  f"name written twice without a break: {_quoted(seg.text)}", clean))
                continue
            glued = _GLUED.search(seg.text)
            if stock is None:  # once a credit, not once a link: 4,000 links were 16 million look-ups (hostile38)
                # a stock library's contributor is a user name written together ("AaronAmat/iStock.com")
                stock = any((a := reg.find(g.canonical or "")) is not None and a.kind == "stock" for g in p.segs)
            # the parser read the link as the organisation ("MuriaNewsCom/Name", dev g23-0005): a brand written
            # as one word ("WireImage", "BauerGriffin", "HackerRank" on six more open-fold sites), no name run in
            brand = _clean_name(seg.text) in parsed.agencies
            if glued and seg is p.segs[0] and parsed.photographers and not stock and not brand:
                # "JohnTlumacki/Globe Staff", "Brad LoperSpecial to the Star-Telegram": two words run together
                at = start + glued.end()  # where the second word starts: "Loper|Special", "John|Tlumacki"
                out.append(Defect("run-together-name", at, at, f"words run together in {_quoted(seg.text)}", " "))
            continue
        if seg.kind != "agency":
            continue
        if seg.misspelt:
            agency = reg.get(seg.canonical or "")
            best = min(agency.aliases, key=lambda a: _distance(a.casefold(), seg.text.casefold()))
            if seg.text.isupper():
                best = next((a for a in agency.aliases if a.isupper() and fold(a) == fold(best)), best)
            out.append(Defect("misspelt-agency", start, end, f"{_quoted(seg.text)} is a misspelling of {best}", best))
        elif not reg.is_accepted_spelling(seg.text) and any(ch.islower() for ch in seg.text):
            # only an acronym written in lower case is a fault ("ap Photo", "afp"): capitals
            # ("SPUTNIK" in AFP's credits) and a publisher's own casing ("NTB scanpix", "Epa") are house styles
            right = pref.get(fold(seg.text))
            if right and right != seg.text and _lowered_acronym(seg.text, right):
                out.append(Defect("agency-case", start, end, f"{_quoted(seg.text)} is written {right}", right))
    out.sort(key=lambda d: (d.start, d.end))
    return out


# a lower-case letter, then a capital that starts a word of its own, inside one word: "JohnTlumacki",
# "LoperSpecial" (not "McCormick", "MacLeod", "DeKalb", "LeBron", "O'Neill", "NurPhoto")
_GLUED = re.compile(r"(?<!\bMc)(?<!\bMac)(?<!\bDe)(?<!\bDi)(?<!\bLe)(?<!\bLa)(?<!\bVan)(?<!\bVon)(?<![A-Z])"
                    r"[a-z]{2,}(?=[A-Z][a-z]{2,})")


def _lowered_acronym(written: str, right: str) -> bool:
    """Whether ``written`` has an all-lower-case word where ``right`` has an acronym ("ap" for "AP")."""
    ws, rs = written.split(), right.split()
    return len(ws) == len(rs) and any(w.islower() and r.isupper() and len(r) > 1 for w, r in zip(ws, rs, strict=True))


def _distance(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein  # noqa: PLC0415 - only for defects

    return Levenshtein.distance(a, b)


# ---------------------------------------------------------------------------
# rendering


def render_credit(credit: Credit, style: HouseStyle | str) -> str:
    """``credit`` written in a house style (a :class:`HouseStyle` or its name)."""
    from app.house_style import HouseStyle  # noqa: PLC0415

    hs = style if isinstance(style, HouseStyle) else HouseStyle.load(style)
    return hs.render(credit)
