"""The credit forms the parser reads (``resources/credit_forms.toml``), compiled once.

Lead-ins ("Photo by", "Foto:", "Fotoğraf:", "©", "Courtesy of"), role words (Handout, Pool,
File, STR), ranks and titles kept out of names, desk tags a credit stops at, and the words
that make an unknown segment an organisation are data; this module only turns them into
lookups and patterns. Organisations themselves live in the agency registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from app.datacache import cached, resource_toml
from app.lazyre import lazy_compile
from app.paths import resource

__all__ = ["Forms", "PersonModel", "alternation", "forms", "learned_model", "name_features", "names",
           "person_model", "phrase_pattern", "use_learned_model", "use_person_model"]


# Han characters and kana: scripts written without spaces, where a word has no boundary to find
_SPACELESS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def phrase_pattern(phrase: str) -> str:
    """A phrase as a pattern: blanks match any run of blanks, a leading or trailing letter
    needs a word boundary ("Fot." must not match inside "Foto", "AP" inside "APPLE"). A trailing
    Han or kana letter needs none: Chinese and Japanese run the name on ("圖/翻攝自爆料公社官網")."""
    words = phrase.split()
    body = r"\s+".join(re.escape(w) for w in words)
    if phrase[:1].isalnum():
        body = r"(?<![\w])" + body
    if phrase[-1:].isalnum() and not _SPACELESS.match(phrase[-1:]):
        body += r"\b"
    return body


def _licence(data: dict) -> re.Pattern[str]:
    """A free licence as credits write it ([licences]): "CC BY 2.0", "cc by sa 2.0", "CC BY-SA 3.0 de", "CC0",
    with the licence's address after a comma or not."""
    el = _alt(data.get("elements", []) or ["BY"])
    named = rf"(?:{_alt(data.get('names', []) or ['CC'])})(?:[ \t-]+(?:{el})){{1,4}}(?:[ \t]+\d(?:\.\d)?(?:[ \t]+[a-z]{{2}})?)?"
    alone = _alt(data.get("alone", []) or ["CC0"])
    return re.compile(rf"(?:{named}|{alone})(?:[ \t]*,?[ \t]*https?://\S+)?", re.IGNORECASE)


def _fold(s: str) -> str:
    return " ".join(s.casefold().split())


@dataclass(frozen=True)
class Forms:
    leadin_kind: dict[str, str]  # folded lead-in -> its kind ("photo-by", "cms", "courtesy" ...)
    leadin: re.Pattern[str]  # any lead-in at a position (match), case-insensitive
    leadin_tail: re.Pattern[str]  # a lead-in that ends where the search ends
    provided: re.Pattern[str]  # "in this photo provided by" and kin
    provided_words: tuple[str, ...]  # the longest word of each, case-folded: a cheap pre-test
    official_words: tuple[str, ...]
    official_prefixes: tuple[str, ...]
    roles: dict[str, str | None]  # folded role word -> flag (None: no flag)
    private: frozenset[str]  # folded role words of a private picture ("Arquivo Pessoal"): a credit after a lead-in
    roles_written: frozenset[str]  # the role words as written in the file, case kept ("zvg", "HO")
    rank: re.Pattern[str]  # ranks and titles at the start of a name
    rank_inside: re.Pattern[str]  # where a rank starts inside a segment ("U.S. Army Staff Sgt. Name")
    stop: re.Pattern[str]  # desk tags and trailers a credit stops at
    stop_at: re.Pattern[str]  # zero-width at every position ``stop`` matches at, overlapping ones too
    stop_longest: int  # the longest stop phrase: no ``stop`` match is longer
    byline_words: frozenset[str]
    org_words: frozenset[str]
    # endings of a compound word shorter than the organisation words that end one ("Landratsamt": "amt")
    compound_ends: tuple[str, ...]
    org_endings: tuple[str, ...]  # how an outlet's name ends in scripts without spaces ("红星新闻")
    assignment: re.Pattern[str]  # "for", "Special to the": the publication a photographer shot for
    after_name: re.Pattern[str]  # "Name photograph": the word after a name that says it made the picture
    # "Name on Unsplash", "Name from Pexels": the word, its blanks, and the one or two words after it that a
    # stock library's name would be, ending the text or its line (the caller asks the registry)
    stock_joins: re.Pattern[str]
    stock_words: tuple[str, ...]  # the joining words themselves ("on", "from")
    articles: frozenset[str]
    particles: frozenset[str]
    surname_leadins: frozenset[str]  # folded lead-ins after which one capitalised word alone is a surname ("Foto:")
    source_leadins: frozenset[str]  # folded lead-ins that name where the picture comes from ("Source:")
    first_words: tuple[str, ...]  # lower-cased first letters of every lead-in: a cheap pre-test
    # The ASCII ones lower-cased, by length (1-4): a position whose next four characters are ASCII
    # and start with none of them opens no lead-in (no non-ASCII first letter matches an ASCII
    # one case-insensitively, which tests/test_credit_forms.py checks), so `leadin` is not tried.
    leadin_prefixes: tuple[tuple[int, frozenset[str]], ...]
    abbreviations: frozenset[str]  # words ending in "." that end no sentence ("Sgt.", "Chr.")
    state_abbreviations: frozenset[str]  # "Md.", "D.C.": end a sentence after a place and its comma
    company_suffixes: tuple[str, ...]  # a company's legal form after a comma (", Inc."): the name's, no separator
    offices: tuple[str, ...]  # folded offices a portrait names after its subject ("Name, Prime Minister of …")
    leadin_sources: dict[str, str]  # folded lead-in -> the organisation it names ("#APPhoto" -> "AP")
    colon_words: frozenset[str]  # the last word before the colon of each lead-in that has one ("foto", "credit")
    tail_words: frozenset[str]  # the last word of every lead-in, folded, without its colon ("by", "foto", "of")
    ko_credit: re.Pattern[str]  # "사진=Name 기자", "Org=Name 기자 mail@x.kr", "/ 사진 = 프리랜서 Name 기자"
    ko_org_words: tuple[str, ...]  # what makes the word before "=" an organisation
    zh_credit: re.Pattern[str]  # "新华社记者 Name 摄", "新华社发(Name 摄)", "(Name 摄)"
    ja_credit: re.Pattern[str]  # "(Name撮影)", "、Name撮影", "(撮影・Name)"
    ja_not_names: frozenset[str]  # "筆者撮影": the writer's own picture, no name
    ja_picture_kinds: frozenset[str]  # "記念撮影": a kind of picture, no credit
    ja_honorifics: tuple[str, ...]  # "さん", "氏": after a name, not part of it
    ja_org_ends: tuple[str, ...]  # "室", "部", "社": an office's name before its photographer's
    ja_leadin_org_ends: tuple[str, ...]  # "軍", "省": all that follows a lead-in is a public body ("写真:…陸軍")
    ko_leadin_org_ends: tuple[str, ...]  # "시", "군": one word alone after a lead-in is a public body ("사진=서울시")
    ja_pool: frozenset[str]  # "(代表撮影)": the pool's representative took it, a pool credit with no name
    ja_wire_end: re.Pattern[str]  # "…(2月25日)=ロイター": an organisation after "=" ending a Japanese caption
    ja_relay_end: re.Pattern[str]  # "(AP=共同)", "【朝鮮通信=時事】": the source, "=", the agency that moved it
    zh_dateline_reporter: re.Pattern[str]  # "(東京=新華社記者/賈浩成)": city, outlet's reporter, "/", name
    ko_pool_end: re.Pattern[str]  # a press pool alone at the text's end ("청와대사진기자단")
    zh_reporter: tuple[str, ...]  # "记者", "通讯员": the reporter's title before a Chinese name
    zh_sent: tuple[str, ...]  # "傳真": the reporter sent the picture (after 记者 only)
    ko_pool: tuple[str, ...]  # how a press pool's name ends ("사진기자단", "공동취재단"): a pool picture
    zh_released_end: re.Pattern[str]  # "<Organisation>发" ending the text or a line: it released the picture
    cjk_provided: re.Pattern[str]  # "<Organisation>提供", "<Organisation> 제공" ending a unit: a handout
    caption_file: re.Pattern[str]  # [caption_file]: a file picture as other languages mark it in the caption
    caption_file_words: tuple[str, ...]  # the longest word of each, case-folded: a cheap pre-test
    desk_codes: re.Pattern[str]  # [directives] codes: transmission codes and trailers, never a credit
    licence: re.Pattern[str]  # [licences]: a Creative Commons licence, whole ("CC BY-SA 3.0", "cc by sa 2.0")
    code_quick: tuple[str, ...]  # substrings without which no desk code can match
    doubled_leadin_before: re.Pattern[str]  # [doubled_leadins]: one ending the text before a credit, on its line
    doubled_leadin_open: re.Pattern[str]  # and one opening the credit, with its blanks (the part a fix drops)
    glued_leadin: re.Pattern[str]  # [glued_leadins]: a lead-in as written, straight after a letter
    edge_separators: str  # [separators] edge: separators whose one-sided spacing at a credit's edge is malformed
    repeat_separators: str  # [separators] repeat: what joins two copies of a credit's photographer in one statement
    agency_desk_code: str  # [agency_desk_codes] segment: an editor's initials or a year after an agency credit's name
    # [organisations] joiners: lower-case words inside an organisation's name only ("des", "im", "für"), folded
    org_joiners: frozenset[str] = frozenset()
    # [organisations] lower_forms: a legal form written in lower case at a name's end ("e.V."), folded, no dots
    lower_forms: frozenset[str] = frozenset()

    def leadin_kind_of(self, text: str) -> str:
        return self.leadin_kind.get(_fold(text), "photo-by")


_NOT_AFTER_WORD = r"(?<![\w])"  # what phrase_pattern puts before a phrase that opens with a letter


def alternation(patterns: Iterable[str]) -> str:
    """Phrase patterns (``phrase_pattern``'s) joined into one alternation, in their order. Each
    run of patterns that open with the look-behind shares one, tested once before the run
    instead of once per phrase: the same phrases tried in the same order, so every match is the
    same, but at a position inside a word the alternation gives up after one test instead of
    one per phrase (a lead-in search in 48 characters of caption: ~230 -> ~40 us)."""
    out: list[str] = []
    run: list[str] = []
    for pattern in patterns:
        if pattern.startswith(_NOT_AFTER_WORD):
            run.append(pattern[len(_NOT_AFTER_WORD):])
            continue
        if run:
            out.append(f"{_NOT_AFTER_WORD}(?:{'|'.join(run)})")
            run = []
        out.append(pattern)
    if run:
        out.append(f"{_NOT_AFTER_WORD}(?:{'|'.join(run)})")
    return "|".join(out)


def _alternation(phrases: list[str]) -> str:
    return alternation(_numbered(p) for p in sorted(set(phrases), key=len, reverse=True))


def _numbered(phrase: str) -> str:
    """A lead-in that ends in a colon also takes the picture's number before it ("Foto 1:")."""
    if phrase.endswith(":") and phrase[-2:-1].isalpha():
        return phrase_pattern(phrase[:-1]) + r"(?:[ \t]+\d{1,3})?[ \t]*:"
    return phrase_pattern(phrase)


def _prefixes(phrases: list[str]) -> tuple[tuple[int, frozenset[str]], ...]:
    by_len: dict[int, set[str]] = {}
    for p in phrases:
        first = p.split()[0][:4]
        if first.isascii():
            by_len.setdefault(len(first), set()).add(first.lower())
    return tuple((n, frozenset(v)) for n, v in sorted(by_len.items()))


def _ranks(data: dict) -> str:
    ordinals = "|".join(re.escape(o) for o in data.get("ordinals", []))
    # an enlisted rating, with its speciality in brackets or not ("Aviation Boatswain's Mate (Handling)"); a
    # credit writes the apostrophe straight or curly
    # (one word boundary around the whole list, and the list by first letter: a position whose letter starts no
    # rating is left at once; the list is tried wherever a rank may start inside a credit)
    by_letter: dict[str, list[str]] = {}
    for r in sorted(set(data.get("ratings", [])), key=len, reverse=True):
        by_letter.setdefault(r[0], []).append(r"\s+".join(map(re.escape, r[1:].split(" "))).replace("'", "['’]"))
    ratings = "|".join(re.escape(k) + "(?:" + "|".join(v) + ")" for k, v in sorted(by_letter.items()))
    rating = rf"(?<![\w])(?:{ratings})(?![\w])(?:\s+\([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\))?" if ratings else "(?!)"
    number = f"(?:{ordinals}|\\d)"
    alts = []
    # the grades written after a rating ("{rating} 2nd Class") and before it ("Chief {rating}") each join one
    # alternative, so that the long list of ratings is tried twice at a position, not once per grade
    after, before = [], []
    for p in [*data.get("military", []), *data.get("civil", [])]:
        if p.startswith("{rating} "):
            after.append(p[len("{rating} "):])
            continue
        if p.endswith(" {rating}"):
            before.append(p[: -len(" {rating}")])
            continue
        pat = phrase_pattern(p.replace("{n}", "\x00"))
        alts.append((len(p), pat.replace(re.escape("\x00"), number).replace("\x00", number)))
    if after:
        grades = "|".join(phrase_pattern(g.replace("{n}", "\x00")).replace(re.escape("\x00"), number).replace(
            "\x00", number) for g in sorted(after, key=len, reverse=True))
        alts.append((99, rf"{rating}\s+(?:{grades})"))
    if before:
        grades = "|".join(phrase_pattern(g) for g in sorted(before, key=len, reverse=True))
        alts.append((98, rf"(?:{grades})\s+{rating}"))
    alts.sort(key=lambda x: -x[0])
    # one or more titles in a row ("Staff Sgt." after "U.S. Air Force"), then the name
    return "|".join(a for _, a in alts)


_HANGUL = "\uac00-\ud7a3"
_HAN = "\u4e00-\u9fff\u3400-\u4dbf々"
_MAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _cjk(data: dict) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The Korean, Chinese and Japanese credit grammars of [cjk]. Each starts at a boundary
    (the text's or a line's start, a sentence's end, a bracket, "/", "=", a date) and the
    caller checks that it ends the text, a line or a bracket."""
    name_ko = f"[{_HANGUL}]{{2,4}}"
    word = r"[^\s=()\[\]<>/.,|]"
    ko = lazy_compile(
        # "―Place에서 Name 기자" (Dong-A's by-line after where the picture was taken) starts after "에서 "
        rf"(?:^|(?<=[\n.(\[/=ⓒ©■▲△]|\d)|(?<=[.()\[\]/=ⓒ©■▲△\d][ \t])|(?<=\n[ \t])|(?<=[{_HANGUL}]에서[ \t]))"
        rf"(?P<lead>(?:/[ \t]*)?(?:{_alt(data.get('ko_leadins', []))})(?:[ \t]*[=:][ \t]*|[ \t]+))?"
        # News1's "뉴스1 ⓒ News1 Name 기자": the outlet, its copyright sign, the outlet again
        rf"(?:(?P<org_pre>{word}{{1,10}})[ \t]*[ⓒ©][ \t]*(?=[^\s]{{1,15}}[ \t]+[{_HANGUL}]))?"
        # "Org=", "Place=", "Place|" (a dateline: "잠실|Name 기자"), "[매경닷컴 MK스포츠(전주) = Name 기자]"
        # (an outlet of two words, the city it filed from in brackets)
        rf"(?:(?P<org>{word}{{1,15}}?(?:[ \t]{word}{{1,15}}?)?)(?:\({word}{{1,8}}\))?[ \t]*[=|][ \t]*"
        # an outlet named before its reporter without "=" ("[한국대학신문 한명섭 기자]")
        rf"|(?P<org_sp>[^\s=()\[\]<>/.,]{{0,12}}?(?:{_alt(data.get('ko_org_words', []))})[^\s=()\[\]<>/.,]{{0,4}}"
        rf"|[^\s=()\[\]<>/.,]{{0,8}}[A-Za-z][^\s=()\[\]<>/.,]{{0,8}})[ \t]+)?"
        rf"(?:(?P<pool>[{_HANGUL}]{{0,10}}(?:{_alt(data.get('ko_pool', []))}))[ \t]*[·,]?[ \t]*)?"
        rf"(?:(?P<role>{_alt(data.get('ko_roles', []))})[ \t]+)?"
        rf"(?:(?P<names>{name_ko}(?:[ \t]*[,·]?[ \t]+{name_ko}){{0,5}}?)[ \t]*"
        rf"(?:[{_HANGUL}]{{0,3}}?(?:{_alt(data.get('ko_titles', []))})"
        # after a lead-in only, anyone's title ("사진=Name 대통령": the president took it)
        rf"|(?P<title>(?:{_alt(data.get('ko_lead_titles', []))})))"
        # the reporter's address, also after " / " inside the bracket ("… 기자 / photo@x.com]")
        rf"(?P<mail>(?:[ \t]*\n*[ \t]*(?:/[ \t]*)?[(<]?{_MAIL}[)>]?)*)"
        # a name and the reporter's address with no title ("/최종욱 juchoi@hk.co.kr")
        rf"|(?P<names_m>{name_ko})[ \t]+(?P<mail_m>[(<]?{_MAIL}[)>]?))")
    name_zh = f"[{_HAN}]{{2,4}}"
    not_end = "".join(data.get("zh_not_name_end", []))
    shoot = _alt(data.get("zh_shoot", []))
    org_ends = _alt(data.get("zh_org_ends", []))
    outlet = rf"[{_HAN}A-Za-z]{{1,8}}?(?:{org_ends})"
    # two outlets joined into one brand ("中青報·中青網"): one organisation, as written
    joins = _alt(data.get("zh_org_joins", []))
    if joins:
        outlet = rf"(?:{outlet}(?:{joins}))?{outlet}"
    zh = lazy_compile(
        rf"(?:^|(?<=[\s。，,、;；:：■▲!?！？\"”」)）(（/]))"
        rf"(?:(?P<org>{outlet}|本报|本報)?"
        rf"(?:(?P<rel>{_alt(data.get('zh_reporter', []))})|(?P<released>{_alt(data.get('zh_released', []))}))[ \t]*"
        # an outlet, a space, its photographer: "(香港中通社 陳奕啟 攝)"
        rf"|(?P<org2>{outlet})[ \t]+)?"
        rf"(?:(?P<open>[(（])[ \t]*)?"
        rf"(?P<names>{name_zh}(?:[、 \t]+{name_zh})*?)(?<![{not_end}])[ \t]*/?[ \t]*"
        # or sent from a city ("中央社記者Name新北市傳真": CNA's picture filed from New Taipei)
        rf"(?:{shoot}|(?<=[{_HAN}])(?:[{_HAN}]{{2}}[市縣县])?(?:{_alt(data.get('zh_sent', []))}))[ \t]*(?P<close>[)）])?")
    kana_end = "".join(data.get("ja_not_name_end", [])) or "\x00"
    ja = lazy_compile(
        # "(14日、牧志の市場本通りで Name撮影)": where it was taken, then "で", then the name
        rf"(?:(?<=[(（、=\s。])|(?<=[^\s]で)|^)(?:(?P<lead>{_alt(data.get('ja_leadins', []))})[ \t]*"
        rf"(?P<names2>[^\s()（）、。]{{2,12}}(?:[ \t　][^\s()（）、。]{{1,8}})?)"
        # a given name in hiragana after the family name ("國枝すみれ撮影"); an honorific before 撮影
        # ("松本美津紀さん撮影": a reader's picture), kept out of the name by the caller
        rf"|(?P<names>[{_HAN}]{{2,6}}|[{_HAN}]{{2,3}}[\u3041-\u3096]{{2,4}}(?<![{kana_end}]))"
        rf"(?:{_alt(data.get('ja_honorifics', []))})?(?:{_alt(data.get('ja_shoot', []))}))"
        # a note in brackets may follow the credit at the end ("…、Name撮影(写真は動画から)")
        rf"(?=[)）、。]|\s*$|[(（][^()（）]{{1,20}}[)）]\s*$)")
    return ko, zh, ja


def _ja_relay(cjk: dict) -> re.Pattern[str]:
    """[cjk] ja_relay_brackets and ja_wire_marks: "(<source>=<agency>)" in a bracket pair ending the text;
    the caller checks that the agency is registered and the source an organisation."""
    pairs = [b for b in cjk.get("ja_relay_brackets", []) if len(b) == 2]
    marks = _alt(cjk.get("ja_wire_marks", []))
    if not pairs or not marks:
        return re.compile(r"(?!)")
    part = r"[^\s=＝()（）【】\[\]、。,，/\d]{1,12}"
    alts = "|".join(rf"{re.escape(o)}[ \t]*(?P<src{i}>{part})[ \t]*(?:{marks})[ \t]*(?P<org{i}>{part})[ \t]*{re.escape(c)}"
                    for i, (o, c) in enumerate(pairs))
    return lazy_compile(rf"(?:{alts})[ \t.。]*$")


def _caption_file_words(data: dict) -> tuple[str, ...]:
    """[caption_file]'s pre-test: for each phrase and opener the first of ``keys`` it holds, else
    its longest word (case-folded, cut at a hyphen, six letters at most)."""
    keys = [k.casefold() for k in data.get("keys", [])]
    out = set()
    for phrase in [*data.get("phrases", []), *data.get("openers", [])]:
        folded = phrase.casefold()
        key = next((k for k in keys if k in folded), None)
        out.add(key or max(folded.split(), key=len).split("-")[0][:6])
    return tuple(sorted(out))


def _caption_file(data: dict) -> re.Pattern[str]:
    """[caption_file]: a desk's upper-case mark opening the caption before a dash ("ARCHIV -", as
    written: case matters, "Archivo" opens ordinary sentences), or a phrase anywhere, in any case."""
    alts = []
    if data.get("openers"):
        alts.append(r"^\s*(?:" + _alt(data["openers"]) + r")\s*[-–—:]")
    if data.get("phrases"):
        alts.append("(?i:" + alternation(phrase_pattern(p) for p in sorted(data["phrases"], key=len, reverse=True)) + ")")
    return re.compile("|".join(alts) or r"(?!)")


@cache
def forms() -> Forms:
    data = resource_toml("credit_forms.toml")
    leadins = data["leadins"]
    kind_of: dict[str, str] = {}
    main: list[str] = []
    for kind, phrases in leadins.items():
        if kind == "provided":
            continue
        for p in phrases:
            kind_of.setdefault(_fold(p), kind)
            main.append(p)
    for p in data.get("leadin_sources", {}):
        kind_of.setdefault(_fold(p), "photo-by")
        main.append(p)
    alt = _alternation(main)
    roles: dict[str, str | None] = {}
    for flag, words in data["roles"].items():
        for w in words:
            roles.setdefault(_fold(w), None if flag in ("none", "private") else flag)
    ranks = _ranks(data["ranks"])
    stops = data["stops"]["phrases"]
    stop = re.compile("|".join(
        (r"\b" if p[:1].isalnum() else "") + re.escape(p) + (r"\b" if p[-1:].isalnum() else "")
        for p in sorted(stops, key=len, reverse=True)))
    firsts = sorted({p.split()[0].casefold()[:4] for p in main})
    ko, zh, ja = _cjk(data.get("cjk", {}))
    return Forms(
        leadin_kind=kind_of,
        leadin=re.compile(rf"(?:{alt})[ \t]*", re.IGNORECASE),
        leadin_tail=re.compile(rf"(?:{alt})[ \t]*:?[ \t]*$", re.IGNORECASE),
        provided=re.compile(_alternation(leadins.get("provided", [])), re.IGNORECASE),
        provided_words=tuple(sorted({max(p.split(), key=len).casefold() for p in leadins.get("provided", [])})),
        official_words=tuple(data["official"]["words"]),
        official_prefixes=tuple(data["official"]["prefixes"]),
        roles=roles,
        private=frozenset(_fold(w) for w in data["roles"].get("private", [])),
        roles_written=frozenset(w for words in data["roles"].values() for w in words),
        rank=re.compile(rf"^(?:(?:{ranks})\s+)+"),
        rank_inside=re.compile(rf"(?<=\s)(?=(?:{ranks})\s+[A-Z])"),
        stop=stop,
        stop_at=re.compile(f"(?=(?:{stop.pattern}))"),
        stop_longest=max(map(len, stops)),
        byline_words=frozenset(data["stops"].get("byline", [])),
        org_words=frozenset(w.casefold() for w in data["organisations"]["words"]),
        compound_ends=tuple(w.casefold() for w in data["organisations"].get("compound_ends", [])),
        org_endings=tuple(data["organisations"].get("cjk_endings", [])),
        assignment=re.compile(r"(?:\s*\b|(?<=[a-z])(?=[A-Z]))(?:" + "|".join(
            r"\s+".join(map(re.escape, f.split())) for f in sorted(data["separators"].get("for", ["for"]), key=len,
                                                                  reverse=True)) + r")\s+", re.IGNORECASE),
        after_name=re.compile(r"[ \t]+(?:" + _alt(data["separators"].get("after_name", [])) + r")$"),
        stock_joins=re.compile(r"[ \t](?<=\S[ \t])[ \t]*(?:" + (_alt(data["separators"].get("stock", [])) or "(?!)")
                               + r")[ \t]+(?=(?P<lib>[^\s/|()]+?(?:[ \t][^\s/|()]+?)?)[.)\]]{0,2}[ \t]*(?:\n|$))"),
        stock_words=tuple(data["separators"].get("stock", [])),
        edge_separators="".join(data["separators"].get("edge", [])),
        repeat_separators="".join(data["separators"].get("repeat", [])),
        articles=frozenset(data["organisations"]["articles"]),
        particles=frozenset(w.casefold() for w in data["names"]["particles"]),
        surname_leadins=frozenset(_fold(w) for w in data["names"].get("surname_leadins", [])),
        source_leadins=frozenset(_fold(w) for w in data["names"].get("source_leadins", [])),
        first_words=tuple(firsts),
        leadin_prefixes=_prefixes(main),
        leadin_sources={_fold(k): v for k, v in data.get("leadin_sources", {}).items()},
        licence=_licence(data.get("licences", {})),
        colon_words=frozenset(p.rstrip(":：").split()[-1].casefold() if p.rstrip(":：").split() else ""
                              for p in main if p.endswith((":", "："))),
        tail_words=frozenset(w for p in main for w in [p.casefold().split()[-1], p.casefold().split()[-1].rstrip(":：")]),
        ko_credit=ko, ko_org_words=tuple(data.get("cjk", {}).get("ko_org_words", [])), zh_credit=zh, ja_credit=ja,
        ja_not_names=frozenset(data.get("cjk", {}).get("ja_not_names", [])),
        ja_picture_kinds=frozenset(data.get("cjk", {}).get("ja_picture_kinds", [])),
        ja_honorifics=tuple(data.get("cjk", {}).get("ja_honorifics", [])),
        ja_org_ends=tuple(data.get("cjk", {}).get("ja_org_ends", [])),
        ja_leadin_org_ends=tuple(data.get("cjk", {}).get("ja_leadin_org_ends", [])),
        ko_leadin_org_ends=tuple(data.get("cjk", {}).get("ko_leadin_org_ends", [])),
        ja_pool=frozenset(data.get("cjk", {}).get("ja_pool", [])),
        ja_wire_end=lazy_compile(
            rf"(?<=[^\s=＝])(?:{_alt(data.get('cjk', {}).get('ja_wire_marks', [])) or '(?!)'})[ \t]*"
            r"(?P<org>[^\s=＝()（）\[\]、。,，/]{1,20}(?:[=＝][^\s=＝()（）\[\]、。,，/]{1,20})?)[ \t.。]*$"),
        ja_relay_end=_ja_relay(data.get("cjk", {})),
        zh_dateline_reporter=lazy_compile(
            rf"[(（][ \t]*(?:[{_HAN}]{{1,6}}[=＝])?"
            rf"(?P<org>[{_HAN}A-Za-z]{{1,8}}?(?:{_alt(data.get('cjk', {}).get('zh_org_ends', []))}))"
            rf"(?:{_alt(data.get('cjk', {}).get('zh_reporter', []))})[ \t]*[/／][ \t]*"
            rf"(?P<names>[{_HAN}]{{2,4}}(?:[、・ \t]+[{_HAN}]{{2,4}})*)[ \t]*[)）]"),
        cjk_provided=lazy_compile(
            r"(?:^|(?<=[\s(（\[【=＝、。.:：]))(?:(?:사진|写真|图片|圖片)[ \t]*[=:：][ \t]*)?"
            r"(?P<org>[^\s、。()（）\[\]【】=＝:：,]{1,20}?)[ \t]*"
            rf"(?:{_alt(data.get('cjk', {}).get('provided', []))})(?=[)）\]】]|[ \t.。]*$"
            # a note after it that is no part of the credit ("…提供、撮影日時不詳")
            rf"|[、，,][ \t]*(?:{_alt(data.get('cjk', {}).get('provided_notes', [])) or '(?!)'})[ \t.。]*$)"),
        ko_pool=tuple(data.get("cjk", {}).get("ko_pool", [])),
        zh_reporter=tuple(data.get("cjk", {}).get("zh_reporter", [])),
        zh_sent=tuple(data.get("cjk", {}).get("zh_sent", [])),
        zh_released_end=lazy_compile(
            rf"(?:^|(?<=[\n。.!?！？ ]))[ \t]*(?P<org>[{_HAN}]{{1,8}}?(?:{_alt(data.get('organisations', {}).get('cjk_endings', []))}))"
            rf"(?:(?P<released>{_alt(data.get('cjk', {}).get('zh_released', []))})"
            rf"|{_alt(data.get('cjk', {}).get('zh_picture', []))})[ \t.。]*$", re.MULTILINE),
        ko_pool_end=lazy_compile(rf"(?<![{_HANGUL}])[{_HANGUL}]{{0,10}}(?:{_alt(data.get('cjk', {}).get('ko_pool', []))})"
                               r"(?=[ \t.]*$)"),
        caption_file=_caption_file(data.get("caption_file", {})),
        caption_file_words=_caption_file_words(data.get("caption_file", {})),
        desk_codes=re.compile("|".join(data.get("directives", {}).get("codes", [])) or r"(?!)", re.MULTILINE),
        code_quick=tuple(data.get("directives", {}).get("code_quick", [])),
        agency_desk_code=data.get("agency_desk_codes", {}).get("segment", ""),
        doubled_leadin_before=re.compile(
            rf"(?:^|(?<=[\s(\[]))(?:{_alternation(data.get('doubled_leadins', {}).get('phrases', []))})[ \t]+$",
            re.IGNORECASE),
        doubled_leadin_open=re.compile(
            rf"(?:{_alternation(data.get('doubled_leadins', {}).get('phrases', []))})[ \t]*", re.IGNORECASE),
        # case kept: only the capitalised lead-in marks where a credit was glued on ("TurniersBild:")
        glued_leadin=re.compile(r"(?<=[^\W\d_])(?:" + "|".join(
            re.escape(p) for p in sorted(data.get("glued_leadins", {}).get("phrases", []), key=len, reverse=True))
            + ")" if data.get("glued_leadins", {}).get("phrases") else r"(?!)"),
        abbreviations=frozenset(
            w for p in [*data["ranks"]["military"], *data["ranks"]["civil"], *data["ranks"].get("abbreviations", [])]
            for w in p.split() if w.endswith(".")),
        state_abbreviations=frozenset(data.get("places", {}).get("us_state_abbreviations", [])),
        company_suffixes=tuple(sorted(data["organisations"].get("company_suffixes", []), key=len, reverse=True)),
        org_joiners=frozenset(w.casefold() for w in data["organisations"].get("joiners", [])),
        lower_forms=frozenset(w.casefold().replace(".", "") for w in data["organisations"].get("lower_forms", [])),
        offices=tuple(_fold(w) for w in data["names"].get("offices", [])),
    )


# ---------------------------------------------------------------------------
# Person or organisation: a small learned model over a segment's features
#
# Where the registry, the role words and the lead-ins give no answer, whether an unknown segment
# of a credit ("Jane Roe", "Bakersfield Californian", "KEMMLER", "시사1") names the photographer or
# an organisation is weighed from evidence that holds on any site: the words' shape (how many,
# their case, digits, dots, initials), given and family names (resources/names.txt, from Faker's
# lists), organisation words and endings (credit_forms.toml), place names (places.txt), the
# segment's slot in the chain and what the hand-written rules say. The weights are a logistic
# regression trained on the development captions' labels by bench/train_credit_model.py
# (resources/credit_model.json: every weight by name, so it can be read and argued with).

_CASELESS_SCRIPT = lazy_compile(r"[\u0590-\u08ff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")
_HAN_HANGUL_KANA = lazy_compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]+")
_INITIAL = re.compile(r"[^\W\d_]\.(?:[^\W\d_]\.)*")
_DOMAINISH = re.compile(r"\w\.(?:com|org|net|edu|gov|info|news|tv|co|[a-z]{2})\b", re.IGNORECASE)
_CAMEL = re.compile(r"[a-z][A-Z]")


@cache
def names() -> tuple[frozenset[str], frozenset[str]]:
    """(given, family): case-folded names of resources/names.txt."""
    # Parsed once per machine (app.datacache): each process that checks loads it in ~8 ms, not ~20.
    return cached("names", _parse_names, [resource("names.txt")])


@cache
def english_words() -> frozenset[str]:
    """Ordinary English words: the lower-case entries of the shipped en_US dictionary, their plurals (affix
    flag S) and past participles (flag D: "hooded", round 37). A proper noun is capitalised there
    ("Smith", "Paris"), so a name made only of these words names a thing, not a person, unless it opens
    with a given name ("Mark Black")."""
    return cached("english_words", _parse_english_words, [resource("dictionaries/en_US.dic")])


def _parse_english_words() -> frozenset[str]:
    out: set[str] = set()
    with open(resource("dictionaries/en_US.dic"), encoding="utf-8") as fh:
        next(fh, None)  # the entry count
        for line in fh:
            word, _, flags = line.rstrip("\n").partition("/")
            if not (word.isalpha() and word.islower()):
                continue
            out.add(word)
            if "S" in flags:  # en_US.aff's plural: "-ies" after a consonant's y, "-es" after a hiss, else "-s"
                if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
                    out.add(word[:-1] + "ies")
                elif word.endswith(("s", "x", "z", "ch", "sh")):
                    out.add(word + "es")
                else:
                    out.add(word + "s")
            # the past participle (flag D): "-d" after e, "-ied" after a consonant's y, else "-ed" ("hooded")
            if "D" in flags:
                if word.endswith("e"):
                    out.add(word + "d")
                elif word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
                    out.add(word[:-1] + "ied")
                else:
                    out.add(word + "ed")
    return frozenset(out)


def _parse_names() -> tuple[frozenset[str], frozenset[str]]:
    given: set[str] = set()
    family: set[str] = set()
    into = given
    with open(resource("names.txt"), encoding="utf-8") as fh:
        for line in fh:
            w = line.rstrip("\n")
            if not w or w[0] == "#":
                continue
            if w[0] == "[":
                into = given if w == "[given]" else family
                continue
            into.add(w)
    return frozenset(given), frozenset(family)


def name_features(name: str, org_words: frozenset[str], org_endings: tuple[str, ...], articles: frozenset[str],
                  particles: frozenset[str], places: frozenset[str], known_word) -> dict[str, float]:
    """The features of a segment's own text (``known_word(w)``: a registered organisation's name)."""
    given, family = names()
    f: dict[str, float] = {}
    words = name.split()
    n = len(words)
    f[f"words={min(n, 5)}"] = 1.0
    chars = len(name)
    f["chars<=4" if chars <= 4 else "chars<=12" if chars <= 12 else "chars<=25" if chars <= 25 else "chars>25"] = 1.0
    folded = [w.casefold().strip(".,'’\"()") for w in words]
    letters = [ch for ch in name if ch.isalpha()]
    caseless = bool(letters) and all(not ch.isupper() and not ch.islower() for ch in letters)
    if caseless or (not name.isascii() and _CASELESS_SCRIPT.search(name)):
        f["caseless"] = 1.0
        runs = _HAN_HANGUL_KANA.findall(name)
        if runs and len(words) == 1:
            run = runs[0]
            f[f"cjk_len={min(len(run), 6)}"] = 1.0
            if run[:1] in family or run[:2] in family:
                f["cjk_family_first"] = 1.0
        if any(w in given for w in folded):
            f["given_any"] = 1.0
        if any(w in family for w in folded):
            f["family_any"] = 1.0
    else:
        content = [w for w, fw in zip(words, folded, strict=True) if fw not in particles]
        if content and all(w[:1].isupper() for w in content):
            if all(w.isupper() or len(w) == 1 for w in content) and len(letters) > 1:
                f["all_upper"] = 1.0
            else:
                f["title_case"] = 1.0
        elif any(w[:1].islower() for w in content):
            f["lower_word"] = 1.0
        if folded and folded[0] in given:
            f["given_first"] = 1.0
        if n > 1 and folded[-1] in family:
            f["family_last"] = 1.0
        if n > 1 and folded[-1] in given and folded[0] in family and folded[0] not in given:
            f["family_given"] = 1.0  # "Šimánek Vít", "KIM Jong-un": the family name first
        if n == 1 and folded[0] in family:
            f["family_alone"] = 1.0
        if n > 1 and folded[0] in given and folded[-1] in family:
            f["given_family"] = 1.0
        if any(w in particles for w in folded[1:-1]):
            f["particle"] = 1.0
        if any(_INITIAL.fullmatch(w) for w in words):
            f["initial"] = 1.0
        if n == 1 and 2 <= len(name) <= 6 and name.isupper() and name.isalpha():
            f["acronym"] = 1.0
        if _CAMEL.search(name) and " " not in name:
            f["camel"] = 1.0
        if folded and folded[0] in places:
            f["place_first"] = 1.0
        if n > 1 and any(w in places for w in folded[1:]):
            f["place_later"] = 1.0
    if any(w in org_words for w in folded):
        f["org_word"] = 1.0
    if not name.isascii() and name.endswith(org_endings):
        f["org_ending"] = 1.0
    if n > 1 and (words[0] in articles or folded[0] in articles):
        f["article_first"] = 1.0
    if any(ch.isdigit() for ch in name):
        f["digit"] = 1.0
    if _DOMAINISH.search(name):
        f["domain"] = 1.0
    if "@" in name:
        f["at_sign"] = 1.0
    if "&" in name or "+" in name:
        f["ampersand"] = 1.0
    if "-" in name:
        f["hyphen"] = 1.0
    if any(known_word(w) for w in words if len(w) > 1):
        f["known_org_word"] = 1.0
    return f


@dataclass(frozen=True)
class PersonModel:
    """A logistic regression: P(person) = sigmoid(bias + sum of the weights of the features on)."""

    bias: float
    weights: dict[str, float]
    info: dict

    def logit(self, features: dict[str, float]) -> float:
        w = self.weights
        return self.bias + sum(w.get(k, 0.0) * v for k, v in features.items())


_MODELS: dict[str, PersonModel | None] = {}


def learned_model(name: str) -> PersonModel | None:
    """The shipped model resources/<name>.json ("credit_model": person or organisation;
    "credit_span_model": is this fragment the credit), or the one a bench put in its place;
    None when none is shipped."""
    if name not in _MODELS:
        import json  # noqa: PLC0415

        try:
            with open(resource(f"{name}.json"), encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            _MODELS[name] = None
        else:
            _MODELS[name] = PersonModel(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()},
                                        {k: v for k, v in data.items() if k not in ("bias", "weights")})
    return _MODELS[name]


def use_learned_model(name: str, model: PersonModel | None) -> None:
    """Use ``model`` as ``name`` (None: the rules alone) from now on: the benches' cross-validation
    trains one per fold. The caller clears the parse caches (``app.credits.forget_parses``)."""
    _MODELS[name] = model


def person_model() -> PersonModel | None:
    return learned_model("credit_model")


def use_person_model(model: PersonModel | None) -> None:
    use_learned_model("credit_model", model)
