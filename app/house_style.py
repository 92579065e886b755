"""House styles: how a newsroom writes credits and the caption conventions its rules check.

A style is a TOML file in ``resources/house-styles`` (the keys are documented at the top
of each file). ``HouseStyle.render`` writes a parsed credit in the style; whatever it
writes, :func:`app.credits.parse_credits` reads back as the same credit.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from app.agencies import Registry
from app.date_words import date_languages, date_words
from app.model import Credit
from app.paths import resource

STYLE_DIR = "house-styles"
# How a caption discloses a generated or composite picture, when the style names none.
DISCLOSURE_WORDS: tuple[str, ...] = ("AI-generated", "illustration", "photo illustration")
MONTHS = date_words("en").months  # English month names, the [months] table's keys (resources/date_words.toml)


@dataclass(frozen=True)
class CreditStyle:
    mode: str = "native"  # "native" | "template"
    parentheses: bool = True
    via_distributor: bool = True
    stringer: str = "STR"
    pool: str = "Pool"
    handout: str = "Handout"
    file_prefix: str = ""
    file_suffix: str = ", File"
    courtesy_prefix: str = "Courtesy "
    agency_names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class HouseStyle:
    name: str
    description: str = ""
    credit: CreditStyle = field(default_factory=CreditStyle)
    parenthesized: tuple[str, ...] = ()  # native: agencies whose caption credit sits in parentheses
    stringer_words: dict[str, str] = field(default_factory=dict)
    file_forms: dict[str, str] = field(default_factory=dict)
    credit_position: str = "end"
    credit_in_parentheses: bool | str = "agency"
    month_style: str = "agency"  # "ap" | "full" | "agency"
    file_marker: str = "FILE - "
    months: dict[str, str] = field(default_factory=dict)
    # native: an agency's own month form before a day number where it is neither AP's nor the full
    # name ("short": "Oct 5, 2025;", Imagn's dateline); month_style "agency" follows it
    month_forms: dict[str, str] = field(default_factory=dict)
    # Words a caption uses to disclose an AI-generated or composite picture (any one will do;
    # the first is what a fix inserts).
    disclosure_words: tuple[str, ...] = DISCLOSURE_WORDS
    # The language the style's captions are written in: the dates templates write
    # (resources/date_words.toml); None when the file names none: then the desk's language.
    language: str | None = None

    @classmethod
    def load(cls, name: str) -> HouseStyle:
        """The bundled style ``name`` ("agency-native", "publisher"); a clear KeyError otherwise."""
        return _load(name)

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> HouseStyle:
        c = dict(data.get("credit", {}))
        names = dict(c.pop("agency_names", {}) or {})
        known = set(CreditStyle.__dataclass_fields__)
        unknown = set(c) - known
        if unknown:
            raise ValueError(f"house style {name!r}: unknown [credit] keys {sorted(unknown)}")
        native = data.get("native", {})
        cap = data.get("caption", {})
        language = data.get("language")
        if language is not None and str(language) not in date_languages():
            raise ValueError(f"house style {name!r}: language {language!r} has no table in date_words.toml "
                             f"(known: {', '.join(date_languages())})")
        return cls(
            name=data.get("name", name), description=data.get("description", ""),
            credit=CreditStyle(**c, agency_names=names),
            parenthesized=tuple(native.get("parenthesized", ())),
            stringer_words=dict(native.get("stringer_words", {})),
            file_forms=dict(native.get("file_forms", {})),
            credit_position=cap.get("credit_position", "end"),
            credit_in_parentheses=cap.get("credit_in_parentheses", "agency"),
            month_style=cap.get("month_style", "agency"),
            file_marker=cap.get("file_marker", ""),
            months=dict(data.get("months", {})),
            month_forms=dict(native.get("month_forms", {})),
            disclosure_words=tuple(str(w) for w in data.get("disclosure", {}).get("words", DISCLOSURE_WORDS)
                                   if str(w).strip()) or DISCLOSURE_WORDS,
            language=None if language is None else str(language),
        )

    # -- caption conventions -------------------------------------------------

    def month_convention(self, agency: str | None = None) -> str:
        """"ap", "full" or "short" (an agency's own month form, [native] month_forms) for a caption
        whose credit comes from ``agency``."""
        if self.month_style != "agency":
            return self.month_style
        if agency in self.month_forms:
            return self.month_forms[agency]
        return "ap" if agency in ("Associated Press", "Xinhua") else "full"

    def month_spelling(self, month: int, agency: str | None = None) -> str:
        """How the style writes month ``month`` (1-12) before a day number."""
        full = MONTHS[month - 1]
        convention = self.month_convention(agency)
        if convention == "ap":
            return self.months.get(full, full)
        if convention == "short":
            return full[:3]
        return full

    # -- credits -------------------------------------------------------------

    def display(self, canonical: str) -> str:
        """How this style writes an agency."""
        if canonical in self.credit.agency_names:
            return self.credit.agency_names[canonical]
        a = Registry.load().find(canonical)
        if self.credit.mode == "native" and a is not None and a.prefix_form and canonical != "Associated Press":
            return a.prefix_form if canonical not in ("AFP",) else "AFP"
        return canonical

    def render(self, credit: Credit) -> str:
        text = _native(self, credit) if self.credit.mode == "native" else _template(self, credit)
        if credit.field == "caption" and not _findable(text):
            text = f"({text})"
        return text


def _findable(text: str) -> bool:
    """A caption credit with no bracket, separator or lead-in would not be found again."""
    return text.startswith("(") or "/" in text or " via " in text or text.startswith(("Courtesy", "©"))


def _name_slot(style: HouseStyle, credit: Credit, stringer_word: str) -> list[str]:
    if credit.photographers:
        return [" and ".join(credit.photographers)]
    if credit.stringer:
        return [stringer_word]
    return []


def _chain(credit: Credit) -> tuple[list[str], bool]:
    """The credit's agencies, source first and the distributor last, and whether the last one moved
    someone else's picture. A credit stored before the distributor joined the chain still renders."""
    chain = list(credit.agencies)
    if credit.distributor:
        if credit.distributor in chain:
            chain.remove(credit.distributor)
        chain.append(credit.distributor)
    return chain, credit.distributor is not None or len(chain) > 1


def _template(style: HouseStyle, credit: Credit) -> str:
    cs = style.credit
    reg = Registry.load()
    segs = _name_slot(style, credit, cs.stringer)
    if credit.pool:
        segs.append(cs.pool)
    if credit.handout:
        segs.append(cs.handout)
    chain, moved = _chain(credit)
    agencies = chain[:-1] if moved else chain
    via: list[str] = [style.display(chain[-1])] if moved else []
    names = [style.display(a) for a in agencies]
    if not segs and names and reg.canonical(agencies[0]) is None and len(names) > 1:
        # "The Boston Globe/AP" would read the outlet as a photographer: write "The Boston Globe via AP"
        via = names[1:] + via
        names = names[:1]
    segs += names
    if via and not cs.via_distributor and len(via) == 1 and names:
        # "Name/AFP/Getty Images": a second agency says it moved the picture, no "via" needed
        segs += via
        via = []
    body = "/".join(segs)
    if via:
        body = f"{body} via {' via '.join(via)}" if body else ""
    if body:
        body += _for_client(credit)
    if credit.courtesy:
        body = cs.courtesy_prefix + body
    if credit.file:
        body = (cs.file_prefix + body) if cs.file_prefix else body + (cs.file_suffix or "/File")
    if cs.parentheses and credit.field == "caption":
        body = f"({body})"
    return body


def _for_client(credit: Credit) -> str:
    """" for CLIENT" when the agency made the picture for a client ("Getty Images for Harbor City
    Herons"): the commission bears on the picture's rights, so no style drops it (walk18)."""
    return f" for {credit.client}" if credit.client else ""


def _native(style: HouseStyle, credit: Credit) -> str:
    reg = Registry.load()
    chain, moved = _chain(credit)
    wire = chain[-1] if chain else None
    a = reg.find(wire or "")
    sources = chain[:-1]
    stringer_word = style.stringer_words.get(wire or "", style.credit.stringer)
    name = _name_slot(style, credit, stringer_word)
    roles = ([style.credit.pool] if credit.pool else []) + ([style.credit.handout] if credit.handout else [])
    file_form = style.file_forms.get(wire or "", "suffix")
    in_caption = credit.field == "caption"
    wrap = in_caption and wire in style.parenthesized

    def finish(body: str, parens: bool = wrap) -> str:
        if credit.courtesy:
            body = style.credit.courtesy_prefix + body
        return f"({body})" if parens else body

    file_seg = ["File Photo"] if credit.file and file_form == "segment" else []
    file_suf = ", File" if credit.file and file_form != "segment" else ""

    if wire == "Getty Images" or (moved and a is not None and a.distributor):
        # Getty's forms: "Name/AFP via Getty Images" (moved), "(Photo by Name/Getty Images)" (staff)
        segs = name + roles + file_seg + [style.display(s) for s in sources]
        if moved and segs:
            body = "/".join(segs) + " via " + style.display(wire)
        else:
            body = "/".join(segs + [style.display(wire)])
        body += _for_client(credit) + file_suf
        if in_caption and not credit.courtesy:
            return f"(Photo by {body})"
        return finish(body, parens=in_caption)
    if wire is None:
        return finish("/".join(name + roles) + file_suf)
    if (credit.form == "official" and len(chain) == 1 and len(name) == 1
            and (a is None or a.kind in ("government", "organisation")) and not moved and not credit.pool
            and not credit.stringer):
        # an organisation's own picture keeps its form: "(Official White House Photo by Pete Souza)"
        return finish(f"{wire} photo by {name[0]}{file_suf}", parens=in_caption)
    if wire == "Associated Press":
        if moved:  # "(Name/Outlet via AP)", "(Name/Pool Photo via AP)"
            left = "/".join(name + [style.display(s) if reg.find(s) else s for s in sources] +
                            [r + (" Photo" if r == style.credit.pool else "") for r in roles])
            return finish(f"{left} via AP{file_suf}" if left else f"AP{file_suf}")
        return finish("/".join(["AP Photo"] + name + roles + file_seg) + file_suf)
    if a is not None and a.caption_form == "photo-by" and not moved:
        # "(Photo by Name / AFP)", "(Photo by Name / POOL / AFP)", "(Photo by STR / AFP)": the agency's
        # own caption today; with nobody named, the agency alone
        segs = name + roles + file_seg
        body = " / ".join([*segs, style.display(wire)]) + file_suf
        return finish(f"Photo by {body}" if segs and in_caption else body, parens=in_caption)
    if a is not None and a.prefix and a.prefix_form:
        prefix = a.prefix_form
        if moved:  # "Source/Handout via REUTERS"
            left = "/".join(name + [style.display(s) if reg.find(s) else s for s in sources] + roles + file_seg)
            return finish(f"{left} via {prefix}{file_suf}" if left else f"{prefix}{file_suf}")
        sep = " / " if wire == "AFP" else "/"
        return finish(sep.join([prefix] + name + roles + file_seg) + file_suf)
    # one agency that moved a pool or handout picture says so with "via": "Name/Pool via PA Wire"
    sep_last = " via " if moved and not sources else "/"
    if wire == "ZUMA Press" and in_caption and not credit.courtesy:
        segs = name + roles + [style.display(s) if reg.find(s) else s for s in sources] + file_seg
        return f"(Credit Image: © {'/'.join(segs)}{sep_last if segs else ''}ZUMA Wire{file_suf})"
    if wire == "Anadolu Agency" and name and not sources and not roles and not file_seg and not moved:
        return finish(f"{name[0]} – Anadolu Agency{file_suf}", parens=in_caption)
    if wire == "PA Media":
        segs = name + roles + [style.display(s) if reg.find(s) else s for s in sources] + file_seg
        return finish("/".join(segs) + (sep_last if segs else "") + "PA Wire" + file_suf)
    # Everyone else: Name/Source/Agency, or "Source via Agency" when no photographer is named
    src = [style.display(s) if reg.find(s) else s for s in sources]
    if not name and src and reg.find(sources[0]) is None:
        return finish("/".join(src[:1] + roles + file_seg) + " via " + "/".join(src[1:] + [style.display(wire)])
                      + file_suf)
    left = "/".join(name + roles + src + file_seg)
    return finish((left + sep_last if left else "") + style.display(wire) + file_suf)


@cache
def _load(name: str) -> HouseStyle:
    path = resource(f"{STYLE_DIR}/{name}.toml")
    if not path.is_file():
        raise KeyError(f"unknown house style {name!r}; available: {', '.join(available_styles())}")
    with open(path, "rb") as fh:
        return HouseStyle.from_dict(name, tomllib.load(fh))


def available_styles() -> list[str]:
    """Names of the bundled house styles."""
    d = resource(STYLE_DIR)
    return sorted(p.stem for p in d.glob("*.toml")) if d.is_dir() else []
