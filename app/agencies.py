"""The agency registry: canonical agency names, their aliases and credit habits.

The data lives in ``resources/agencies.toml``; this module only indexes it.
Lookups are dictionary hits on a case-folded alias, so callers may ask per credit.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

ROLE_KINDS = frozenset({"role"})


@dataclass(frozen=True)
class Agency:
    name: str  # canonical
    code: str
    kind: str  # wire | agency | distributor | collection | state | role
    aliases: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    prefix: bool = False  # writes itself before the photographer ("REUTERS/Name")
    prefix_form: str | None = None
    native_case: str | None = None  # "upper": photographer names in upper case in the agency's own style
    caption_form: str | None = None  # "photo-by": its own captions end "(Photo by Name / AGENCY)", the prefix is older
    photographer_required: bool = True
    distributor: bool = False
    parent: str | None = None
    distributors: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # a joint credit's agencies in chain order ("EPA-EFE": EPA, EFE)
    partners: bool = False  # credits its partner agencies after its own name ("IMAGO/Partner/Name")

    @property
    def is_role(self) -> bool:
        return self.kind in ROLE_KINDS


_AROUND_DASH = re.compile(r"\s*([/\-–])\s*")
_WS = re.compile(r"\s+")
# An initialism of two letters or more with its dots, standing alone: "U.S.", "U.S" (a dot
# dropped), "A.F.P.": read without them, so "U.S Navy" meets "U.S. Navy" (walk14 saw the two
# read as different organisations). Not "St." nor a lone initial ("Jane A. Roe").
_INITIALISM = re.compile(r"(?<![^\W_])(?:[^\W\d_]\.)+[^\W\d_](?:\.|(?![^\W_]))")


def _without_dots(m: re.Match[str]) -> str:
    return m.group(0).replace(".", "")


def _first_group(m: re.Match[str]) -> str:
    return m.group(1)  # a function, not r"\1": the template is parsed on every call otherwise


@lru_cache(maxsize=8192)  # credits repeat the same few segments ("AFP", "Getty Images") endlessly
def fold(name: str) -> str:
    """The lookup key of a name: case-folded, inner whitespace collapsed, dots and spaces
    around slashes/dashes ignored, so "A.P." and "ap", "EPA - EFE" and "EPA-EFE" meet."""
    s = name.strip()
    if " /" in s or "/ " in s or " -" in s or "- " in s or "–" in s:
        s = _AROUND_DASH.sub(_first_group, s)
    s = s.casefold()
    if len(s) <= 5:
        s = s.replace(".", "")
    elif "." in s:
        s = _INITIALISM.sub(_without_dots, s)
    return _WS.sub(" ", s) if "  " in s or "\t" in s or "\n" in s else s


@dataclass
class Registry:
    agencies: list[Agency]
    _by_alias: dict[str, str] = field(default_factory=dict, repr=False)  # folded alias -> canonical
    _misspelt: dict[str, str] = field(default_factory=dict, repr=False)  # folded misspelling -> canonical
    _accepted: set[str] = field(default_factory=set, repr=False)  # aliases exactly as the agencies write them
    _by_name: dict[str, Agency] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for a in self.agencies:
            self._by_name[a.name] = a
            for alias in (a.name, *a.aliases):
                self._by_alias.setdefault(fold(alias), a.name)
                self._accepted.add(alias)
            for wrong in a.misspellings:
                self._misspelt.setdefault(fold(wrong), a.name)
        self._choices = sorted(self._by_alias)  # fuzzy-match targets

    @classmethod
    def from_toml(cls, path: Path) -> Registry:
        with open(path, "rb") as fh:
            return cls.from_data(tomllib.load(fh))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Registry:
        """The registry of a parsed agencies file (its ``[[agency]]`` tables)."""
        agencies = []
        for raw in data.get("agency", []):
            agencies.append(Agency(
                name=raw["name"], code=raw.get("code", raw["name"]), kind=raw.get("kind", "agency"),
                aliases=tuple(raw.get("aliases", ())), misspellings=tuple(raw.get("misspellings", ())),
                prefix=bool(raw.get("prefix", False)), prefix_form=raw.get("prefix_form"),
                native_case=raw.get("native_case"), caption_form=raw.get("caption_form"),
                photographer_required=bool(raw.get("photographer_required", True)),
                distributor=bool(raw.get("distributor", False)), parent=raw.get("parent"),
                distributors=tuple(raw.get("distributors", ())), forms=tuple(raw.get("forms", ())),
                members=tuple(raw.get("members", ())), partners=bool(raw.get("partners", False)),
            ))
        return cls(agencies)

    @classmethod
    def load(cls, house: HouseAgencies = ()) -> Registry:
        """The bundled registry, read once per process; with ``house`` (a catalog's own
        agencies, ``house_agencies(setting)``), the bundled one plus those, also made once
        per distinct list so that its identity is stable."""
        if not house:
            return _bundled()
        reg = _WITH_HOUSE.get(house)
        if reg is None:
            reg = _WITH_HOUSE[house] = _bundled().with_house(house)
        return reg

    def canonical(self, name: str) -> str | None:
        """The canonical name for an alias (any case), or None when unknown.
        Known misspellings are not accepted here: see :meth:`misspelt`."""
        return self._by_alias.get(fold(name)) if name else None

    def misspelt(self, name: str) -> str | None:
        """The agency a known misspelling stands for ("REUETRS" -> "Reuters")."""
        return self._misspelt.get(fold(name)) if name else None

    def is_accepted_spelling(self, name: str) -> bool:
        """True when ``name`` is written exactly as one of the registered aliases (case included)."""
        return name.strip() in self._accepted

    def closest(self, name: str, min_score: float = 80.0) -> tuple[str, float] | None:
        """The most likely agency for an unknown or misspelt name, with a 0-100 score."""
        if not name or not name.strip():
            return None
        exact = self.canonical(name) or self.misspelt(name)
        if exact:
            return exact, 100.0
        key = fold(name)
        best = process.extractOne(key, self._choices, scorer=fuzz.ratio, score_cutoff=min_score)
        if best is None:
            return None
        return self._by_alias[best[0]], float(best[1])

    def get(self, canonical: str) -> Agency:
        try:
            return self._by_name[canonical]
        except KeyError:
            raise KeyError(f"unknown agency {canonical!r}") from None

    def find(self, canonical: str) -> Agency | None:
        return self._by_name.get(canonical)

    def with_members(self, names: frozenset[str] | set[str]) -> frozenset[str]:
        """``names`` and the agencies of every joint credit among them ("EPA-EFE" adds EPA and
        EFE), so that a field naming one member agrees with a caption crediting the joint."""
        extra = {m for n in names if (a := self._by_name.get(n)) is not None for m in a.members}
        return frozenset(names) | extra if extra else frozenset(names)

    def with_house(self, house: HouseAgencies) -> Registry:
        """This registry plus the catalog's own agencies (its newspaper, partner agencies),
        each a staff agency whose credits name the photographer. A name the registry knows
        already is not added again."""
        extra = [Agency(name=name, code=name, kind="house", aliases=aliases)
                 for name, aliases in house if self.canonical(name) is None]
        return Registry([*self.agencies, *extra]) if extra else self

    def all_spellings(self) -> list[tuple[str, str, bool]]:
        """(spelling, canonical, is_misspelling) for every alias and misspelling."""
        out = [(alias, a.name, False) for a in self.agencies for alias in (a.name, *a.aliases)]
        out += [(wrong, a.name, True) for a in self.agencies for wrong in a.misspellings]
        return out


HOUSE_SETTING = "house_agencies"  # the catalog setting that lists its own agencies
# A catalog's own agencies, from that setting: (name, aliases) pairs.
HouseAgencies = tuple[tuple[str, tuple[str, ...]], ...]
# Registries with a catalog's own agencies, one per distinct list, never dropped: the rules
# remember lookups by the registry's identity, which a freed registry would hand to another
# (a process sees a handful of lists: one per catalog it opens and per settings change).
_WITH_HOUSE: dict[HouseAgencies, Registry] = {}


def house_agencies(setting: object) -> HouseAgencies:
    """The ``house_agencies`` setting read leniently: a list of names or of
    ``{"name", "aliases"}`` objects; anything else in it is ignored, never an error, so a
    hand-edited setting cannot stop validation."""
    out: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()
    for entry in setting if isinstance(setting, list) else []:
        if isinstance(entry, str):
            name, aliases = entry, []
        elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
            name, aliases = entry["name"], entry.get("aliases") or []
        else:
            continue
        name = " ".join(name.split())
        if not name or fold(name) in seen:
            continue
        seen.add(fold(name))
        clean = tuple(dict.fromkeys(" ".join(a.split()) for a in aliases if isinstance(a, str) and a.strip()))
        out.append((name, clean))
    return tuple(out)


@cache
def _bundled() -> Registry:
    # Kept parsed in the data cache: the TOML parse took ~5.8 ms of every process that loads
    # the rules, the cached entry loads in ~0.15.
    from app.datacache import resource_toml  # noqa: PLC0415

    return Registry.from_data(resource_toml("agencies.toml"))


def registry_table(reg: Registry | None = None) -> str:
    """The registry as the markdown table of docs/agencies.md (``python -m app.agencies``)."""
    reg = reg or _bundled()
    rows = ["| name | code | kind | accepted spellings (aliases) | own prefix | notes |",
            "|---|---|---|---|---|---|"]
    for a in reg.agencies:
        notes = []
        if a.parent:
            notes.append(f"part of {a.parent}")
        if a.members:
            notes.append("joint credit of " + " and ".join(a.members))
        if a.distributors:
            notes.append("moved by " + ", ".join(a.distributors))
        if a.native_case == "upper":
            notes.append("names in upper case")
        if a.caption_form == "photo-by":
            sep = " / " if a.native_case == "upper" else "/"  # AFP's "Name / AFP", Getty's "Name/Getty Images"
            notes.append(f"own captions: (Photo by Name{sep}{a.name})")
        if a.distributor:
            notes.append("distributor")
        if a.partners:
            notes.append("credits partner agencies after its name")
        if not a.photographer_required:
            notes.append("no photographer needed")
        aliases = ", ".join(x for x in a.aliases if x != a.name)
        rows.append(f"| {a.name} | {a.code} | {a.kind} | {aliases} | {a.prefix_form or ''} | {'; '.join(notes)} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(registry_table(), end="")
