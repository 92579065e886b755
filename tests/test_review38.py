"""Round 38's second reader: what the round's change left saying something the code no longer does."""

from __future__ import annotations

import re

from app.cli import main
from app.export.labels import languages


def test_spelling_language_help_lists_every_desk_language(capsys):
    # The help said "(en, de, es)" after French became a desk language (its labels and hunspell-fr)
    try:
        main(["spelling", "--help"])
    except SystemExit:
        pass
    said = " ".join(capsys.readouterr().out.split())
    listed = re.search(r"set the desk language \(([^)]*)\)", said)
    assert listed is not None
    assert [c.strip() for c in listed[1].split(",")] == list(languages())
