"""What other registers say differently about a municipality's arrangements, as a page block.

The regional merge never lets the last upload win: where registers disagree,
each party's word about itself is kept and the disagreement recorded
(:mod:`samverkansvav.ingest.authority`). This block shows a municipality every
disagreement that concerns it, on its profile and on the upload page.
"""

from __future__ import annotations

from typing import Any

from dash import html

from samverkansvav.ingest.authority import disagreement_lines
from samverkansvav.store.registers import register_name

__all__ = ["disagreement_block", "MAX_LINES", "DISAGREEMENTS_ID"]

#: Lines shown; the rest are counted (a page stays small whatever the data).
MAX_LINES = 50
DISAGREEMENTS_ID = "disagreements"

_TEXT = {
    "sv": {
        "title": "Registren säger olika",
        "more": "… och {n} till.",
        "help": "Andra register beskriver samverkan som berör er på ett annat sätt än ert register. "
        "Sammanslagningen behåller det varje part säger om sig själv; stäm av med de andra parterna.",
    },
    "en": {
        "title": "Registers disagree",
        "more": "… and {n} more.",
        "help": "Other registers describe arrangements that concern you differently from your register. "
        "The merge keeps what each party says about itself; check with the other parties.",
    },
}


def disagreement_block(
    state: Any, kommun: str | None, lang: str = "sv", *, names: dict | None = None
) -> html.Div | None:
    """A block listing the disagreements that concern ``kommun`` (``None`` when there are none)."""
    if not kommun or state is None:
        return None
    found = getattr(state, "disagreements", ())
    if not found:
        return None
    lang = lang if lang in _TEXT else "sv"
    names = names or {}
    # A regional register's claims are its region's ("R20"): named as the region, also
    # where the parties table has no such party (Gotland's regional register, "R09").
    lines = disagreement_lines(
        found, str(kommun), label=lambda code: str(names.get(code) or register_name(code)), lang=lang
    )
    if not lines:
        return None
    items = [html.Li(line) for line in lines[:MAX_LINES]]
    if len(lines) > MAX_LINES:
        items.append(html.Li(_TEXT[lang]["more"].format(n=len(lines) - MAX_LINES)))
    text = _TEXT[lang]
    return html.Div(
        [
            html.H4(text["title"], style={"marginTop": 0}),
            html.P(text["help"], className="section-help"),
            html.Ul(items),
        ],
        className="message message-warning",
        id=DISAGREEMENTS_ID,
        role="status",
    )
