"""The IPTC Credit Line each agency asks for (``resources/credit_lines.toml``), and the one a
caption's credit calls for; likewise the Source field.

The data says, per agency, what its own files write in the Credit field ("AP", "REUTERS",
"Getty Images") and, for an agency that moves other agencies' pictures, how it writes theirs
("{source} via Getty Images"). An agency the data does not list has no form: nothing is guessed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.model import Credit
from app.paths import resource


@dataclass(frozen=True)
class CreditLineForm:
    agency: str  # canonical registry name
    credit_line: str | None = None  # the agency's own pictures
    via: str | None = None  # another agency's picture it moves: "{source} via Getty Images"
    slash: str | None = None  # the same in the older form a caption may still use: "{source}/Getty Images"
    source: str | None = None  # the Source its files carry for a picture it made: "AP", "AFP"
    sources: tuple[str, ...] = ()  # where the form was read


@cache
def forms() -> dict[str, CreditLineForm]:
    """Canonical agency name -> its Credit Line form, read once per process."""
    with open(resource("credit_lines.toml"), "rb") as fh:
        data = tomllib.load(fh)
    return {name: CreditLineForm(name, raw.get("credit_line"), raw.get("via"), raw.get("slash"),
                                 raw.get("source"), tuple(raw.get("sources", ())))
            for name, raw in data.get("agency", {}).items()}


# The pieces of a caption credit's chain: "(Photo by JOHN DOE/AFP via Getty Images)".
_LINKS = re.compile(r"\s*/\s*|\s+via\s+|[()]", re.IGNORECASE)
_VIA = re.compile(r"\bvia\b", re.IGNORECASE)


def _as_written(credit: Credit, agency: str, registry: Any) -> str:
    """``agency`` spelt as the caption's credit writes it, when that spelling is a registered
    one ("PA Images via Getty Images", the caption's own words); else its canonical name."""
    for piece in _LINKS.split(credit.text):
        piece = piece.strip(" .,;:")
        if piece and registry.canonical(piece) == agency and registry.is_accepted_spelling(piece) \
                and "photo" not in piece.casefold():  # "AFP PHOTO" is a caption's sign-off, not a name
            return piece
    return agency


def _chain(credit: Credit, registry: Any) -> list[str] | None:
    """The registered agencies of ``credit`` in order, roles left out; None when one of its
    organisations is unknown to the registry."""
    chain: list[str] = []
    for a in credit.agencies:
        if not a:
            return None  # an agency the registry does not know
        agency = registry.find(a)
        if agency is None or agency.is_role:
            continue
        if a not in chain:
            chain.append(a)
    return chain


def source_for(credit: Credit, registry: Any) -> str | None:
    """The Source field the picture of ``credit`` carries: that of the agency that made it (the
    one agency of a staff credit, or the one source agency a distributor moves: "Name/AFP via
    Getty Images" -> "AFP"), when the data states it; else None (pool, handout, courtesy, two
    source agencies, an unknown one, an agency without data)."""
    if credit.pool or credit.handout or credit.courtesy:
        return None
    chain = _chain(credit, registry)
    if not chain:
        return None
    if credit.distributor and credit.distributor in chain and len(chain) > 1:
        chain = [a for a in chain if a != credit.distributor]
    if len(chain) != 1:
        return None
    form = forms().get(chain[0])
    return form.source if form else None


def credit_line_for(credit: Credit, registry: Any) -> str | None:
    """The Credit Line the agencies of ``credit`` ask for, or None when the data has no form
    for them: a staff picture of one agency (its own line), or one source agency's picture
    moved by a distributor with a ``via`` form. Pool, handout and courtesy pictures, chains of
    two sources and agencies without data get None."""
    if credit.pool or credit.handout or credit.courtesy:
        return None  # no agency's data says what these carry
    chain = _chain(credit, registry)
    if chain is None:
        return None
    table = forms()
    distributor = credit.distributor
    if distributor and distributor in chain and len(chain) > 1:
        sources = [a for a in chain if a != distributor]
        form = table.get(distributor)
        if len(sources) != 1 or form is None:
            return None
        # The credit line follows the caption's own form: "AFP/Getty Images" (2015-2019) beside
        # "Name/AFP/Getty Images", "AFP via Getty Images" beside "Name/AFP via Getty Images".
        template = form.via if _VIA.search(credit.text) else (form.slash or form.via)
        return template.format(source=_as_written(credit, sources[0], registry)) if template else None
    if len(chain) != 1:
        return None
    form = table.get(chain[0])
    return form.credit_line if form else None
